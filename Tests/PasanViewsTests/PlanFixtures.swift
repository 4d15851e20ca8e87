import PasanDomain
import PasanViews

/// A small plan for the plan pages' snapshots: the 9th NSEDP with two outcomes (wording from a
/// press summary, unverified) and two outputs from the 2019 draft (their placement unconfirmed),
/// three illustrative indicators — one "same" as SDG series SH_STA_BRTC (its values flow from the
/// published series), one with its own values and a 2025 milestone, one with no value — a target
/// revised mid-plan, progress results, and an illustrative sector plan whose output serves an
/// NSEDP output. Every number is illustrative.
enum PlanFixtures {
    typealias F = Fixtures

    static let pressSummary = "Press summary of 14 January 2021"
    static let draft2019 = "MPI draft presented at the 2019 workshop"

    static let nsedp9 = DevelopmentPlan(
        code: "nsedp9",
        name: F.text("9th National Socio-Economic Development Plan", "ແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມແຫ່ງຊາດ ຄັ້ງທີ IX"),
        startYear: 2021,
        endYear: 2025,
        note: "Outcome wording from press summaries.",
        kind: .national,
        status: .adopted,
        source: pressSummary
    )

    static let nsedp8 = DevelopmentPlan(
        code: "nsedp8",
        name: F.text("8th National Socio-Economic Development Plan", "ແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມແຫ່ງຊາດ ຄັ້ງທີ VIII"),
        startYear: 2016,
        endYear: 2020,
        note: nil,
        kind: .national,
        status: .adopted,
        isIllustrative: true
    )

    static let healthPlan = DevelopmentPlan(
        code: "moh-hsdp9",
        name: F.text("Health Sector Development Plan 2021–2025", "ແຜນພັດທະນາຂະແໜງສາທາລະນະສຸກ 2021–2025"),
        startYear: 2021,
        endYear: 2025,
        note: nil,
        kind: .sector,
        status: .draft,
        institution: "MOH",
        parentPlan: "nsedp9",
        source: "Demo",
        isIllustrative: true
    )

    static let outcome1 = PlanResult(
        plan: "nsedp9",
        code: "1",
        level: .outcome,
        parentCode: nil,
        title: F.text("Continuous, quality, stable and sustainable economic growth", "ເສດຖະກິດເຕີບໂຕຢ່າງຕໍ່ເນື່ອງ, ມີຄຸນນະພາບ, ໝັ້ນທ່ຽງ ແລະ ຍືນຍົງ"),
        isVerified: false,
        note: nil,
        source: pressSummary
    )

    static let outcome2 = PlanResult(
        plan: "nsedp9",
        code: "2",
        level: .outcome,
        parentCode: nil,
        title: F.text("Improved quality of human resources", "ຊັບພະຍາກອນມະນຸດມີຄຸນນະພາບດີຂຶ້ນ"),
        isVerified: false,
        note: nil,
        source: pressSummary
    )

    static let output11 = PlanResult(
        plan: "nsedp9",
        code: "1.1",
        level: .output,
        parentCode: "1",
        title: F.text("Macroeconomic stability", "ສະຖຽນລະພາບເສດຖະກິດມະຫາພາກ"),
        isVerified: true,
        note: nil,
        source: draft2019
    )

    static let output21 = PlanResult(
        plan: "nsedp9",
        code: "2.1",
        level: .output,
        parentCode: "2",
        title: F.text("Better health services for all", "ການບໍລິການສຸຂະພາບດີຂຶ້ນສຳລັບທຸກຄົນ"),
        isVerified: true,
        note: nil,
        source: draft2019
    )

    static let results = [outcome1, output11, outcome2, output21]

    static let healthOutput = PlanResult(
        plan: "moh-hsdp9",
        code: "1.1",
        level: .output,
        parentCode: "1",
        title: F.text("Universal health coverage", "ການປົກປ້ອງສຸຂະພາບທົ່ວເຖິງ"),
        isVerified: true,
        note: nil,
        source: "Demo",
        alignsWith: ["nsedp9/2.1", "nsedp9/9.9"]
    )

    static let healthOutcome = PlanResult(
        plan: "moh-hsdp9",
        code: "1",
        level: .outcome,
        parentCode: nil,
        title: F.text("Health for all", "ສຸຂະພາບສຳລັບທຸກຄົນ"),
        isVerified: true,
        note: nil,
        source: "Demo"
    )

    // MARK: Indicators

    /// "Same" as SDG series SH_STA_BRTC: its values are the series' published values.
    static let births = PlanIndicator(
        plan: "nsedp9",
        code: "2.1.a",
        resultCode: "2.1",
        title: F.text("Births attended by skilled health personnel", "ການເກີດລູກທີ່ມີພະນັກງານແພດຊ່ວຍ"),
        owner: "MOH",
        definition: F.text("Share of births attended by skilled health personnel.", "ອັດຕາສ່ວນການເກີດລູກທີ່ມີພະນັກງານແພດທີ່ມີທັກສະຊ່ວຍ."),
        unit: "PERCENT",
        direction: .increase,
        baseline: PlanBaseline(year: 2017, value: 64.4),
        targets: [
            PlanTarget(year: 2023, value: 75, kind: .annual),
            PlanTarget(year: 2025, value: 80, kind: .endOfPlan),
        ],
        dataSource: "LSIS, HMIS",
        frequency: .annual,
        isIllustrative: true
    )

    /// Own values, a 2025 milestone and a proxy link.
    static let coverage = PlanIndicator(
        plan: "nsedp9",
        code: "2.1.b",
        resultCode: "2.1",
        title: F.text("Service coverage index", "ດັດຊະນີການຄຸ້ມຄອງການບໍລິການ"),
        owner: "LSB",
        unit: "NUMBER",
        direction: .increase,
        baseline: PlanBaseline(year: 2019, value: 50),
        targets: [
            PlanTarget(year: 2025, value: 58, kind: .endOfPlan),
            PlanTarget(year: 2025, value: 60, kind: .milestone),
        ],
        dataSource: "MOH reports",
        frequency: .biennial,
        isIllustrative: true
    )

    /// No value, no link: not assessed.
    static let growth = PlanIndicator(
        plan: "nsedp9",
        code: "1.a",
        resultCode: "1",
        title: F.text("Growth of GDP", "ການເຕີບໂຕຂອງ GDP"),
        unit: "PERCENT",
        direction: .increase,
        baseline: PlanBaseline(year: 2020, value: 3.3),
        targets: [PlanTarget(year: 2025, value: 4, kind: .endOfPlan)],
        isIllustrative: true
    )

    static let birthsLink = PlanIndicatorLink(
        plan: "nsedp9",
        planIndicator: "2.1.a",
        sdgIndicator: "3.1.2",
        series: "SH_STA_BRTC",
        relation: .same
    )
    static let coverageLink = PlanIndicatorLink(plan: "nsedp9", planIndicator: "2.1.b", sdgIndicator: "3.1.1", relation: .proxy)

    static let sdgOrigin = PlanValueOrigin.sdg(indicator: "3.1.2", series: "SH_STA_BRTC")

    static let birthsValues = [
        PlanValue(year: 2017, value: 64.4, source: "LSIS II", origin: sdgOrigin),
        PlanValue(year: 2020, value: 71.2, source: "HMIS", origin: sdgOrigin),
        PlanValue(year: 2023, value: 78.6, source: "LSIS III", origin: sdgOrigin),
    ]

    static let coverageValues = [
        PlanValue(year: 2021, value: 52, source: "MOH annual report", origin: .plan),
        PlanValue(year: 2023, value: 55.5, source: "MOH annual report", origin: .plan),
    ]

    /// The end-of-plan target of 2.1.a was 85 when the plan was adopted, revised to 80 at the
    /// mid-term review; the 2023 annual target was never revised.
    static let birthsRevisions = [
        PlanTargetRevision(
            plan: "nsedp9",
            indicator: "2.1.a",
            target: PlanTarget(year: 2025, value: 85, kind: .endOfPlan),
            stamp: PlanRevisionStamp(revision: 1, by: "seed", at: "2021-03-01T00:00:00Z", reason: "Plan adopted")
        ),
        PlanTargetRevision(
            plan: "nsedp9",
            indicator: "2.1.a",
            target: PlanTarget(year: 2023, value: 75, kind: .annual),
            stamp: PlanRevisionStamp(revision: 2, by: "seed", at: "2021-03-01T00:00:00Z", reason: nil)
        ),
        PlanTargetRevision(
            plan: "nsedp9",
            indicator: "2.1.a",
            target: PlanTarget(year: 2025, value: 80, kind: .endOfPlan),
            stamp: PlanRevisionStamp(revision: 3, by: "Khamla Souvannavong", at: "2023-06-30T09:15:00Z", reason: "Mid-term review")
        ),
    ]

    // MARK: Progress

    static func assess(_ indicator: PlanIndicator, _ target: PlanTarget?, _ values: [PlanValue]) -> PlanIndicatorProgress {
        let base = indicator.baseline!
        let latest = values.last!
        let result = OpenSDGProgress.measure(
            baseYear: base.year,
            baseValue: base.value,
            currentYear: latest.year,
            currentValue: latest.value,
            OpenSDGProgress.Configuration(
                baseYear: base.year,
                targetYear: target?.year ?? 2030,
                target: target?.value,
                direction: indicator.direction!.sign
            )
        )
        return PlanIndicatorProgress(indicator: indicator.code, target: target, latest: latest, result: result)
    }

    static let birthsProgress = [
        assess(births, births.endOfPlanTarget, birthsValues),
        assess(births, births.targets[0], birthsValues),
    ]

    static let coverageProgress = [
        assess(coverage, coverage.endOfPlanTarget, coverageValues),
        assess(coverage, coverage.targets.first { $0.kind == .milestone }, coverageValues),
    ]

    static let resultProgress = [
        PlanResultProgress(result: "2", status: .moderateProgress, score: 1.2, indicatorCount: 2, assessedCount: 2),
        PlanResultProgress(result: "2.1", status: .moderateProgress, score: 1.2, indicatorCount: 2, assessedCount: 2),
        PlanResultProgress(result: "1", status: .notAvailable, score: nil, indicatorCount: 1, assessedCount: 0),
    ]

    static let institutionNames = F.institutionNames

    static let rows = [
        PlanIndicatorRow(
            indicator: births,
            links: [birthsLink],
            progress: birthsProgress[0],
            ownerName: institutionNames["MOH"]
        ),
        PlanIndicatorRow(
            indicator: coverage,
            links: [coverageLink],
            progress: coverageProgress[0],
            ownerName: institutionNames["LSB"]
        ),
        PlanIndicatorRow(indicator: growth),
    ]
}
