import PasanDomain
import PasanViews

/// Small, hand-made plans for the harmonisation, comparison, report and edit pages: a 9th plan
/// (`nsedp9`, 2021–2025) with two outcomes, two outputs and five illustrative indicators, and an
/// illustrative 8th plan (`nsedp8`, 2016–2020) with three. The analyses are computed by the
/// domain's own rules (`PlanProgress`, `PlanHarmonisation.build`, `PlanComparison.compare`) from
/// these inputs, so the pages show what the web layer will hand them. Every number is
/// illustrative, not an official statistic.
enum PlanReportFixtures {
    typealias F = Fixtures

    static func text(_ en: String, _ lo: String) -> LocalizedText { F.text(en, lo, .reviewed) }

    // MARK: The SDG framework the plans link to

    static let goal4 = Goal(
        number: 4,
        shortTitle: text("Quality education", "ການສຶກສາທີ່ມີຄຸນນະພາບ"),
        title: text("Ensure inclusive and equitable quality education", "ຮັບປະກັນການສຶກສາທີ່ມີຄຸນນະພາບຢ່າງທົ່ວເຖິງ ແລະ ເທົ່າທຽມ"),
        colour: "#C5192D",
        isNational: false
    )

    static let indicator381 = Indicator(
        code: "3.8.1",
        goal: 3,
        target: "3.8",
        title: text("Coverage of essential health services", "ການຄຸ້ມຄອງການບໍລິການສຸຂະພາບທີ່ຈຳເປັນ"),
        scope: .global,
        tier: .tier1,
        custodians: ["WHO"]
    )

    static let indicator412 = Indicator(
        code: "4.1.2",
        goal: 4,
        target: "4.1",
        title: text("Completion rate (primary, lower secondary, upper secondary)", "ອັດຕາການຮຽນຈົບ (ປະຖົມ, ມັດທະຍົມຕອນຕົ້ນ, ມັດທະຍົມຕອນປາຍ)"),
        scope: .global,
        tier: .tier1,
        custodians: ["UNESCO-UIS"]
    )

    static let goals = [F.goal3, goal4, F.goal18]

    static let catalog = FrameworkCatalog(
        goals: goals,
        targets: F.targets + [
            Target(code: "3.8", goal: 3, title: text("Achieve universal health coverage", "ບັນລຸການຄຸ້ມຄອງສຸຂະພາບຖ້ວນໜ້າ"), isNational: false),
            Target(
                code: "4.1",
                goal: 4,
                title: text("Free primary and secondary education", "ການສຶກສາປະຖົມ ແລະ ມັດທະຍົມຟຣີ"),
                isNational: false
            ),
        ],
        indicators: [F.indicator311, F.indicator312, indicator381, indicator412, F.indicator1811, F.indicator1821],
        series: F.series,
        institutions: F.institutions,
        successions: F.successions,
        provinces: F.provinces,
        districts: F.districts
    )

    static let sdgTitles = Dictionary(uniqueKeysWithValues: catalog.indicators.map { ($0.code, $0.title) })

    // MARK: The 9th plan

    static let nsedp9 = DevelopmentPlan(
        code: "nsedp9",
        name: text("9th National Socio-Economic Development Plan", "ແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມແຫ່ງຊາດ ຄັ້ງທີ IX"),
        startYear: 2021,
        endYear: 2025,
        note: nil,
        source: "Fixture"
    )

    static let results9 = [
        PlanResult(
            plan: "nsedp9",
            code: "1",
            level: .outcome,
            parentCode: nil,
            title: text("Continuous and sustainable economic growth", "ການເຕີບໂຕທາງເສດຖະກິດຢ່າງຕໍ່ເນື່ອງ ແລະ ຍືນຍົງ"),
            isVerified: false,
            note: nil
        ),
        PlanResult(
            plan: "nsedp9",
            code: "2",
            level: .outcome,
            parentCode: nil,
            title: text("Improved quality of human resources", "ຄຸນນະພາບຊັບພະຍາກອນມະນຸດດີຂຶ້ນ"),
            isVerified: false,
            note: nil
        ),
        PlanResult(
            plan: "nsedp9",
            code: "2.1",
            level: .output,
            parentCode: "2",
            title: text("Health services reach everyone", "ການບໍລິການສຸຂະພາບເຂົ້າເຖິງທຸກຄົນ"),
            isVerified: false,
            note: nil
        ),
        PlanResult(
            plan: "nsedp9",
            code: "2.2",
            level: .output,
            parentCode: "2",
            title: text("More children complete school", "ເດັກຮຽນຈົບຫຼາຍຂຶ້ນ"),
            isVerified: false,
            note: nil
        ),
    ]

    static let indicators9 = [
        // No owner, no SDG link: listed as unlinked and unowned.
        PlanIndicator(
            plan: "nsedp9",
            code: "1.1",
            resultCode: "1",
            title: text("GDP growth rate", "ອັດຕາການເຕີບໂຕຂອງ GDP"),
            unit: "PERCENT",
            direction: .increase,
            baseline: PlanBaseline(year: 2020, value: 3.3),
            targets: [PlanTarget(year: 2024, value: 4.5, kind: .annual), PlanTarget(year: 2025, value: 4, kind: .endOfPlan)],
            dataSource: "MPI national accounts",
            isIllustrative: true
        ),
        // 'same' as the UXO casualties series: its values are that series' published ones.
        PlanIndicator(
            plan: "nsedp9",
            code: "1.2",
            resultCode: "1",
            title: text("UXO casualties", "ຜູ້ເຄາະຮ້າຍຈາກ UXO"),
            owner: "NRA",
            unit: "NUMBER",
            direction: .decrease,
            baseline: PlanBaseline(year: 2020, value: 43),
            targets: [PlanTarget(year: 2025, value: 20, kind: .endOfPlan)],
            dataSource: "NRA UXO accident database",
            isIllustrative: true
        ),
        // 'same' as 3.1.2: the 2023 value flows from the SDG series.
        PlanIndicator(
            plan: "nsedp9",
            code: "2.1.1",
            resultCode: "2.1",
            title: text("Births attended by skilled health personnel", "ການເກີດລູກທີ່ມີພະນັກງານແພດຊ່ວຍ"),
            owner: "MOH",
            unit: "PERCENT",
            direction: .increase,
            baseline: PlanBaseline(year: 2020, value: 71.2),
            targets: [PlanTarget(year: 2024, value: 80, kind: .annual), PlanTarget(year: 2025, value: 85, kind: .endOfPlan)],
            dataSource: "LSB, Lao Social Indicator Survey",
            isIllustrative: true
        ),
        // Adapted from 3.8.1, its own values, a 2025 milestone towards universal health coverage.
        PlanIndicator(
            plan: "nsedp9",
            code: "2.1.2",
            resultCode: "2.1",
            title: text("Essential health service coverage index", "ດັດຊະນີການຄຸ້ມຄອງການບໍລິການສຸຂະພາບທີ່ຈຳເປັນ"),
            owner: "MOH",
            unit: "INDEX",
            direction: .increase,
            baseline: PlanBaseline(year: 2021, value: 50),
            targets: [
                PlanTarget(year: 2024, value: 60, kind: .milestone), PlanTarget(year: 2025, value: 62, kind: .endOfPlan),
            ],
            dataSource: "MOH, health information system",
            frequency: .annual,
            isIllustrative: true
        ),
        // A proxy of 4.1.2, no value yet.
        PlanIndicator(
            plan: "nsedp9",
            code: "2.2.1",
            resultCode: "2.2",
            title: text("Lower secondary completion rate", "ອັດຕາການຮຽນຈົບມັດທະຍົມຕອນຕົ້ນ"),
            owner: "MOES",
            unit: "PERCENT",
            direction: .increase,
            baseline: PlanBaseline(year: 2020, value: 55),
            targets: [PlanTarget(year: 2025, value: 65, kind: .endOfPlan)],
            dataSource: "MOES, education statistics",
            isIllustrative: true
        ),
    ]

    static let links9 = [
        PlanIndicatorLink(plan: "nsedp9", planIndicator: "1.2", sdgIndicator: "18.1.1", series: "_L_LA_180101_00", relation: .same),
        PlanIndicatorLink(plan: "nsedp9", planIndicator: "2.1.1", sdgIndicator: "3.1.2", series: "SH_STA_BRTC", relation: .same),
        PlanIndicatorLink(plan: "nsedp9", planIndicator: "2.1.2", sdgIndicator: "3.8.1", relation: .adapted),
        PlanIndicatorLink(plan: "nsedp9", planIndicator: "2.2.1", sdgIndicator: "4.1.2", relation: .proxy),
    ]

    static let document9 = PlanDocument(plan: nsedp9, results: results9, indicators: indicators9, links: links9)

    /// Values by plan indicator: from the SDG series ('same' links) and the plan's own.
    static let values9: [String: [PlanValue]] = [
        "1.1": [
            PlanValue(year: 2022, value: 2.7, source: "MPI national accounts", origin: .plan),
            PlanValue(year: 2023, value: 3.7, source: "MPI national accounts", origin: .plan),
        ],
        "1.2": [
            PlanValue(
                year: 2022,
                value: 35,
                source: "NRA UXO accident database",
                origin: .sdg(indicator: "18.1.1", series: "_L_LA_180101_00")
            ),
            PlanValue(
                year: 2024,
                value: 24,
                source: "NRA UXO accident database",
                origin: .sdg(indicator: "18.1.1", series: "_L_LA_180101_00")
            ),
        ],
        "2.1.1": [PlanValue(year: 2023, value: 78.6, source: F.brtcSource, origin: .sdg(indicator: "3.1.2", series: "SH_STA_BRTC"))],
        "2.1.2": [
            PlanValue(year: 2022, value: 52, source: "MOH, health information system", origin: .plan),
            PlanValue(year: 2024, value: 57, source: nil, origin: .plan),
        ],
    ]

    static let reportYear = 2024

    static let progress9 = PlanProgress.assessAll(document: document9, values: values9, year: reportYear)

    static let resultProgress9 = PlanProgress.rollUp(results: results9, indicators: indicators9, progress: progress9)

    static func reportPage(_ l: Language) -> PlanReportPage {
        PlanReportPage(
            language: l,
            plan: nsedp9,
            year: reportYear,
            generatedOn: F.date(2025, 2, 14),
            results: results9,
            indicators: indicators9,
            links: links9,
            progress: indicators9.compactMap { progress9[$0.code] },
            resultProgress: results9.compactMap { resultProgress9[$0.code] },
            sdgTitles: sdgTitles,
            institutionNames: F.institutionNames
        )
    }

    // MARK: Harmonisation

    static let harmonisation9 = PlanHarmonisation.build(
        document: document9,
        catalog: catalog,
        indicatorsWithData: ["3.1.1", "3.1.2", "18.1.1", "18.2.1"],
        ownersByIndicator: ["3.1.2": ["MOH"], "3.8.1": ["LSB"], "18.1.1": ["NRA"]]
    )

    static let decisions9 = [
        MainstreamingDecision(
            plan: "nsedp9",
            sdgIndicator: "3.1.1",
            choice: .later,
            reason: "Needs the 2025 census for a national figure.",
            stamp: PlanRevisionStamp(revision: 1, by: "MPI planning officer", at: "2026-10-01T09:00:00Z", reason: nil)
        ),
        MainstreamingDecision(
            plan: "nsedp9",
            sdgIndicator: "3.1.1",
            choice: .now,
            reason: "The Lao Social Indicator Survey gives a national figure every three years.",
            stamp: PlanRevisionStamp(revision: 2, by: "Secretariat officer", at: "2026-11-20T14:30:00Z", reason: nil)
        ),
        MainstreamingDecision(
            plan: "nsedp9",
            sdgIndicator: "18.2.1",
            choice: .notRelevant,
            reason: "Land release is monitored by the sector plan of the NRA.",
            stamp: PlanRevisionStamp(revision: 1, by: "MPI planning officer", at: "2026-10-01T09:05:00Z", reason: nil)
        ),
    ]

    static let mismatches = [
        PlanHarmonisationPage.OwnerMismatch(
            planIndicator: "2.1.2",
            sdgIndicator: "3.8.1",
            institutions: ["MOH", "LSB"],
            detail: Message(
                "domain.gap.planOwnerMismatch",
                ["planIndicator": .text("2.1.2"), "planOwner": .text("MOH"), "sdgIndicator": .text("3.8.1"), "sdgOwners": .text("LSB")]
            )
        )
    ]

    static func harmonisationPage(_ l: Language, canEdit: Bool, fields: [String: String] = [:]) -> PlanHarmonisationPage {
        PlanHarmonisationPage(
            language: l,
            plan: nsedp9,
            results: results9,
            indicators: indicators9,
            harmonisation: harmonisation9,
            goals: goals,
            sdgTitles: sdgTitles,
            ownerMismatches: mismatches,
            decisions: decisions9,
            canEdit: canEdit,
            session: canEdit ? F.session() : nil,
            fields: fields
        )
    }

    // MARK: The 8th plan and the comparison

    static let nsedp8 = DevelopmentPlan(
        code: "nsedp8",
        name: text("8th National Socio-Economic Development Plan", "ແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມແຫ່ງຊາດ ຄັ້ງທີ VIII"),
        startYear: 2016,
        endYear: 2020,
        note: nil,
        isIllustrative: true
    )

    static let indicators8 = [
        // Kept as 1.2 (same code, title, unit, links, target).
        PlanIndicator(
            plan: "nsedp8",
            code: "1.2",
            resultCode: "1",
            title: text("UXO casualties", "ຜູ້ເຄາະຮ້າຍຈາກ UXO"),
            owner: "NRA",
            unit: "NUMBER",
            direction: .decrease,
            baseline: PlanBaseline(year: 2015, value: 42),
            targets: [PlanTarget(year: 2020, value: 20, kind: .endOfPlan)],
            isIllustrative: true
        ),
        // Changed into 2.1.1 (shares the 3.1.2 link; title and target differ).
        PlanIndicator(
            plan: "nsedp8",
            code: "H3",
            resultCode: "2",
            title: text("Deliveries assisted by trained staff", "ການເກີດລູກທີ່ມີພະນັກງານທີ່ໄດ້ຮັບການຝຶກອົບຮົມຊ່ວຍ"),
            owner: "MOH",
            unit: "PERCENT",
            direction: .increase,
            baseline: PlanBaseline(year: 2015, value: 40.1),
            targets: [PlanTarget(year: 2020, value: 80, kind: .endOfPlan)],
            isIllustrative: true
        ),
        // Dropped.
        PlanIndicator(
            plan: "nsedp8",
            code: "E7",
            resultCode: "2",
            title: text("Literacy rate of adults", "ອັດຕາການຮູ້ໜັງສືຂອງຜູ້ໃຫຍ່"),
            owner: "MOES",
            unit: "PERCENT",
            direction: .increase,
            targets: [PlanTarget(year: 2020, value: 90, kind: .endOfPlan)],
            isIllustrative: true
        ),
    ]

    static let document8 = PlanDocument(
        plan: nsedp8,
        results: [
            PlanResult(
                plan: "nsedp8",
                code: "1",
                level: .outcome,
                parentCode: nil,
                title: text("Growth", "ການເຕີບໂຕ"),
                isVerified: false,
                note: nil
            ),
            PlanResult(
                plan: "nsedp8",
                code: "2",
                level: .outcome,
                parentCode: nil,
                title: text("Human resources", "ຊັບພະຍາກອນມະນຸດ"),
                isVerified: false,
                note: nil
            ),
        ],
        indicators: indicators8,
        links: [
            PlanIndicatorLink(plan: "nsedp8", planIndicator: "1.2", sdgIndicator: "18.1.1", series: "_L_LA_180101_00", relation: .same),
            PlanIndicatorLink(plan: "nsedp8", planIndicator: "H3", sdgIndicator: "3.1.2", relation: .adapted),
        ]
    )

    static let values8: [String: [PlanValue]] = [
        "1.2": [
            PlanValue(year: 2017, value: 41, source: nil, origin: .sdg(indicator: "18.1.1", series: "_L_LA_180101_00")),
            PlanValue(year: 2019, value: 31, source: nil, origin: .sdg(indicator: "18.1.1", series: "_L_LA_180101_00")),
        ],
        "H3": [
            PlanValue(year: 2017, value: 64.4, source: F.brtcSource, origin: .plan),
            PlanValue(year: 2020, value: 71.2, source: F.brtcSource, origin: .plan),
        ],
    ]

    static let comparison = PlanComparison.compare(earlier: document8, later: document9, earlierValues: values8)

    static func comparisonPage(_ l: Language) -> PlanComparisonPage {
        PlanComparisonPage(
            language: l,
            earlier: nsedp8,
            later: nsedp9,
            comparison: comparison,
            earlierIndicators: indicators8,
            laterIndicators: indicators9
        )
    }

    // MARK: The plan's file

    static let refusal = PlanEditPage.Refusal(
        fileName: "nsedp9.csv",
        problems: [
            PlanEditPage.Problem(
                PlanProblem(
                    line: 9,
                    column: "sdg_links",
                    found: "3.1.9:same",
                    message: Message("plans_file.check.unknownIndicator", ["code": .text("3.1.9")])
                ),
                file: "nsedp9.csv"
            ),
            PlanEditPage.Problem(
                PlanProblem(
                    line: 11,
                    column: "targets",
                    found: "2027=70",
                    message: Message(
                        "plans_file.check.targetOutside",
                        ["year": .text("2027"), "start": .text("2021"), "end": .text("2025")]
                    )
                ),
                file: "nsedp9.csv"
            ),
            PlanEditPage.Problem(
                PlanProblem(
                    line: 4,
                    column: "parent",
                    found: "2.1",
                    message: Message("plans_file.check.cycle", ["code": .text("2"), "path": .text("2 → 2.1 → 2")])
                ),
                file: "nsedp9.csv"
            ),
        ]
    )

    static func editPage(
        _ l: Language,
        plan: DevelopmentPlan? = nsedp9,
        refusal: PlanEditPage.Refusal? = nil,
        accepted: PlanEditPage.Accepted? = nil
    ) -> PlanEditPage {
        PlanEditPage(
            language: l,
            session: F.session(),
            plan: plan,
            resultCount: plan == nil ? 0 : results9.count,
            indicatorCount: plan == nil ? 0 : indicators9.count,
            linkCount: plan == nil ? 0 : links9.count,
            refusal: refusal,
            accepted: accepted,
            reason: refusal == nil ? "" : "2024 review: new targets",
            today: F.today
        )
    }
}
