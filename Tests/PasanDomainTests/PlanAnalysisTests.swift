import PasanMessages
import Testing

@testable import PasanDomain

/// The plan analyses: progress against a plan's targets, its roll-up, the harmonisation of a plan
/// with the SDGs and the comparison of two plans. Expected progress values are worked out by hand
/// from the published Open SDG / Statistics Canada rules (thresholds with a target 0.95 / 0.60 / 0;
/// without a target 0.015 / 0.005 / 0), not by calling the code under test.
@Suite struct PlanProgressTests {
    static let plan = DevelopmentPlan(
        code: "p9",
        name: .init(en: "Plan", lo: nil, loStatus: .machine),
        startYear: 2021,
        endYear: 2025,
        note: nil
    )

    static func values(_ pairs: [(Int, Double)]) -> [PlanValue] {
        pairs.map { PlanValue(year: $0.0, value: $0.1, source: nil, origin: .plan) }
    }

    static func indicator(
        _ code: String,
        result: String = "1.1",
        direction: PlanDirection? = .increase,
        baseline: PlanBaseline? = nil,
        targets: [PlanTarget] = []
    ) -> PlanIndicator {
        PlanIndicator(
            plan: "p9",
            code: code,
            resultCode: result,
            title: .init(en: code, lo: nil, loStatus: .machine),
            direction: direction,
            baseline: baseline,
            targets: targets
        )
    }

    /// Baseline 40 in 2020, latest 48 in 2023, end-of-plan target 60 in 2025:
    /// actual growth 1.2^(1/3) − 1 = 0.062659, required 1.5^(1/5) − 1 = 0.084472,
    /// ratio 0.7418 (between 0.60 and 0.95: moderate), score 7.1429 × 0.7418 − 4.2857 = 1.0127.
    @Test func againstTheEndOfPlanTargetFromTheBaseline() {
        let indicator = Self.indicator(
            "A",
            baseline: PlanBaseline(year: 2020, value: 40),
            targets: [
                PlanTarget(year: 2023, value: 46, kind: .annual),
                PlanTarget(year: 2025, value: 60, kind: .endOfPlan),
            ]
        )
        let progress = PlanProgress.assess(indicator, values: Self.values([(2021, 42), (2022, 44), (2023, 48)]), plan: Self.plan)
        #expect(progress.target == PlanTarget(year: 2025, value: 60, kind: .endOfPlan))
        #expect(progress.status == .moderateProgress)
        #expect(progress.result.baseYear == 2020)
        #expect(progress.result.baseValue == 40)
        #expect(progress.result.currentYear == 2023)
        #expect(abs((progress.result.progressValue ?? 0) - 0.7418) < 0.0005)
        #expect(abs((progress.result.score ?? 0) - 1.0127) < 0.0005)
        #expect(progress.latest?.year == 2023 && progress.latest?.value == 48)
        #expect(progress.result.method == .openSDGStatCan)
        #expect(!progress.result.notes.contains(PlanProgress.assumedDirectionNote))
    }

    /// A year asked: its milestone (preferred to its annual target) and only the values up to
    /// that year. Up to 2023 the latest is 48 ≥ 46: achieved; the 2024 value 30 would be a
    /// deterioration had it been used.
    @Test func againstAMilestoneIgnoringLaterValues() {
        let indicator = Self.indicator(
            "A",
            baseline: PlanBaseline(year: 2020, value: 40),
            targets: [
                PlanTarget(year: 2022, value: 50, kind: .annual),
                PlanTarget(year: 2023, value: 47, kind: .annual),
                PlanTarget(year: 2023, value: 46, kind: .milestone),
                PlanTarget(year: 2025, value: 60, kind: .endOfPlan),
            ]
        )
        let values = Self.values([(2021, 42), (2022, 44), (2023, 48), (2024, 30)])
        let milestone = PlanProgress.assess(indicator, values: values, plan: Self.plan, year: 2023)
        #expect(milestone.target == PlanTarget(year: 2023, value: 46, kind: .milestone))
        #expect(milestone.status == .targetAchieved)
        #expect(milestone.latest?.year == 2023)
        #expect(milestone.result.currentValue == 48)

        // 2022's annual target 50 from 40 in 2020, latest 44 in 2022: actual 1.1^(1/2) − 1 =
        // 0.048809, required 1.25^(1/2) − 1 = 0.118034, ratio 0.4135 (0 to 0.60: limited),
        // score 4.1667 × 0.4135 − 2.5 = −0.7770.
        let annual = PlanProgress.assess(indicator, values: values, plan: Self.plan, year: 2022)
        #expect(annual.target == PlanTarget(year: 2022, value: 50, kind: .annual))
        #expect(annual.status == .limitedProgress)
        #expect(abs((annual.result.progressValue ?? 0) - 0.4135) < 0.0005)
        #expect(abs((annual.result.score ?? 0) - -0.7770) < 0.0005)

        // The whole series against the end-of-plan target sees the 2024 fall: 30 from 40.
        #expect(PlanProgress.assess(indicator, values: values, plan: Self.plan).status == .deterioration)
    }

    /// No baseline: the base is the first value at or after the year before the plan (2020: 50;
    /// the 2018 value is older). Latest 60 in 2023, target 70 in 2025: actual 0.062659, required
    /// 1.4^(1/5) − 1 = 0.069610, ratio 0.9001 (moderate, just under 0.95). No direction: an
    /// increase is assumed, and the notes say so.
    @Test func withoutABaselineTheFirstValueOfThePlanIsTheBase() {
        let indicator = Self.indicator("B", direction: nil, targets: [PlanTarget(year: 2025, value: 70, kind: .endOfPlan)])
        let progress = PlanProgress.assess(indicator, values: Self.values([(2023, 60), (2018, 10), (2020, 50)]), plan: Self.plan)
        #expect(progress.result.baseYear == 2020)
        #expect(progress.status == .moderateProgress)
        #expect(abs((progress.result.progressValue ?? 0) - 0.9001) < 0.0005)
        #expect(progress.result.notes.contains(PlanProgress.assumedDirectionNote))
    }

    /// A value for the baseline's year wins over the baseline (the baseline is only added when
    /// that year has no value).
    @Test func aValueInTheBaselineYearIsKept() {
        let indicator = Self.indicator(
            "A",
            baseline: PlanBaseline(year: 2020, value: 10),
            targets: [PlanTarget(year: 2025, value: 60, kind: .endOfPlan)]
        )
        let progress = PlanProgress.assess(indicator, values: Self.values([(2020, 40), (2023, 48)]), plan: Self.plan)
        #expect(progress.result.baseValue == 40)
        #expect(progress.status == .moderateProgress)
    }

    /// No target: the rate of change. Decrease desired, 100 in 2020 to 98 in 2023: growth
    /// 0.98^(1/3) − 1 = −0.006712, so v = 0.006712 (0.005 to 0.015: moderate), score
    /// 250 × 0.006712 − 1.25 = 0.4279.
    @Test func withoutATargetTheRateOfChange() {
        let indicator = Self.indicator("C", direction: .decrease, baseline: PlanBaseline(year: 2020, value: 100))
        let progress = PlanProgress.assess(indicator, values: Self.values([(2023, 98)]), plan: Self.plan)
        #expect(progress.target == nil)
        #expect(progress.status == .moderateProgress)
        #expect(abs((progress.result.progressValue ?? 0) - 0.006712) < 0.000005)
        #expect(abs((progress.result.score ?? 0) - 0.4279) < 0.0005)
        // With the baseline alone there is nothing to measure, and no latest value.
        let alone = PlanProgress.assess(indicator, values: [], plan: Self.plan)
        #expect(alone.status == .notAvailable)
        #expect(alone.latest == nil)
    }

    static func assessed(_ code: String, score: Double?, status: ProgressStatus) -> PlanIndicatorProgress {
        PlanIndicatorProgress(
            indicator: code,
            target: nil,
            latest: nil,
            result: OpenSDGProgress.Result(progressValue: nil, score: score, status: status, notes: [])
        )
    }

    /// Output 1.1 holds B (score 1) and C (not available): score 1, moderate. Outcome 1 holds A
    /// (achieved, 5) and its output's B and C: score (5 + 1) / 2 = 3, substantial (not every
    /// scored indicator achieved). Outcome 2's only indicator is achieved; output 1.2's indicator
    /// has no assessment at all.
    @Test func outputsRollUpIntoOutcomes() {
        func result(_ code: String, _ level: PlanResultLevel, _ parent: String?) -> PlanResult {
            PlanResult(
                plan: "p9",
                code: code,
                level: level,
                parentCode: parent,
                title: .init(en: code, lo: nil, loStatus: .machine),
                isVerified: true,
                note: nil
            )
        }
        let results = [result("1", .outcome, nil), result("1.1", .output, "1"), result("1.2", .output, "1"), result("2", .outcome, nil)]
        let indicators = [
            Self.indicator("A", result: "1"), Self.indicator("B", result: "1.1"), Self.indicator("C", result: "1.1"),
            Self.indicator("D", result: "2"), Self.indicator("E", result: "1.2"),
        ]
        let progress = [
            "A": Self.assessed("A", score: 5, status: .targetAchieved),
            "B": Self.assessed("B", score: 1, status: .moderateProgress),
            "C": Self.assessed("C", score: nil, status: .notAvailable),
            "D": Self.assessed("D", score: 5, status: .targetAchieved),
        ]
        let rolled = PlanProgress.rollUp(results: results, indicators: indicators, progress: progress)
        #expect(
            rolled["1.1"] == PlanResultProgress(result: "1.1", status: .moderateProgress, score: 1, indicatorCount: 2, assessedCount: 1)
        )
        #expect(rolled["1"] == PlanResultProgress(result: "1", status: .substantialProgress, score: 3, indicatorCount: 4, assessedCount: 2))
        #expect(rolled["2"] == PlanResultProgress(result: "2", status: .targetAchieved, score: 5, indicatorCount: 1, assessedCount: 1))
        #expect(rolled["1.2"] == PlanResultProgress(result: "1.2", status: .notAvailable, score: nil, indicatorCount: 1, assessedCount: 0))
    }

    @Test func assessAllKeysEveryIndicatorByCode() {
        let document = PlanDocument(
            plan: Self.plan,
            indicators: [
                Self.indicator(
                    "A",
                    baseline: PlanBaseline(year: 2020, value: 40),
                    targets: [PlanTarget(year: 2025, value: 60, kind: .endOfPlan)]
                ),
                Self.indicator("B"),
            ]
        )
        let all = PlanProgress.assessAll(document: document, values: ["A": Self.values([(2023, 48)])], year: nil)
        #expect(Set(all.keys) == ["A", "B"])
        #expect(all["A"]?.status == .moderateProgress)
        #expect(all["B"]?.status == .notAvailable)
    }
}

@Suite struct PlanHarmonisationTests {
    static func sdg(_ code: String) -> Indicator {
        Indicator(
            code: code,
            goal: FrameworkCode.goalNumber(of: code)!,
            target: FrameworkCode.targetCode(of: code)!,
            title: .init(en: code, lo: nil, loStatus: .machine),
            scope: .global
        )
    }

    static let catalog = FrameworkCatalog(
        goals: [],
        targets: [],
        indicators: ["1.1.1", "2.1.1", "3.1.1", "3.1.2", "3.2.1", "4.1.1", "5.5.1", "10.1.1"].map(sdg),
        series: [],
        institutions: [],
        successions: [],
        provinces: [],
        districts: []
    )

    static func result(_ code: String, _ parent: String?) -> PlanResult {
        PlanResult(
            plan: "p9",
            code: code,
            level: parent == nil ? .outcome : .output,
            parentCode: parent,
            title: .init(en: code, lo: nil, loStatus: .machine),
            isVerified: true,
            note: nil
        )
    }

    static func indicator(_ code: String, _ result: String, owner: String?) -> PlanIndicator {
        PlanIndicator(plan: "p9", code: code, resultCode: result, title: .init(en: code, lo: nil, loStatus: .machine), owner: owner)
    }

    static func link(_ indicator: String, _ sdg: String, _ relation: NationalRelation) -> PlanIndicatorLink {
        PlanIndicatorLink(plan: "p9", planIndicator: indicator, sdgIndicator: sdg, relation: relation)
    }

    @Test func matrixCountsAndLists() {
        let document = PlanDocument(
            plan: PlanProgressTests.plan,
            results: [
                Self.result("2.1", "2"), Self.result("1", nil), Self.result("1.2", "1"), Self.result("2", nil), Self.result("1.1", "1"),
            ],
            indicators: [
                Self.indicator("P1", "1.1", owner: "MOH"),
                Self.indicator("P2", "1.2", owner: nil),  // owned through 3.2.1's owner
                Self.indicator("P3", "1", owner: nil),  // an "additional" link does not count: no link, nobody owns it
                Self.indicator("P4", "2.1", owner: nil),  // 5.5.1 has no owner either
                Self.indicator("P5", "2", owner: "MOES"),
            ],
            links: [
                Self.link("P1", "3.1.1", .same), Self.link("P1", "3.1.2", .adapted),
                Self.link("P2", "3.1.2", .proxy), Self.link("P2", "3.2.1", .same),
                Self.link("P3", "4.1.1", .additional),
                Self.link("P4", "5.5.1", .adapted),
            ]
        )
        let h = PlanHarmonisation.build(
            document: document,
            catalog: Self.catalog,
            indicatorsWithData: ["1.1.1", "2.1.1", "3.1.2", "4.1.1", "10.1.1"],
            ownersByIndicator: ["3.2.1": ["MOH"], "5.5.1": [], "3.1.2": ["LSB"]]
        )
        #expect(
            h.matrix == [
                .init(result: "1", level: .outcome, goals: [3: 3], targets: ["3.1": 2, "3.2": 1]),
                .init(result: "1.1", level: .output, goals: [3: 2], targets: ["3.1": 2]),
                .init(result: "1.2", level: .output, goals: [3: 2], targets: ["3.1": 1, "3.2": 1]),
                .init(result: "2", level: .outcome, goals: [5: 1], targets: ["5.5": 1]),
                .init(result: "2.1", level: .output, goals: [5: 1], targets: ["5.5": 1]),
            ]
        )
        #expect(h.goalsCovered == [3, 5])
        #expect(h.linkedIndicatorCount == 3)
        #expect(h.indicatorCount == 5)
        #expect(h.linkedSDGIndicators == ["3.1.1", "3.1.2", "3.2.1", "5.5.1"])
        #expect(h.withoutLink == ["P3", "P5"])
        // Framework order: 10.1.1 after 2.1.1 and 4.1.1.
        #expect(h.sdgWithDataNotInPlan == ["1.1.1", "2.1.1", "4.1.1", "10.1.1"])
        #expect(h.unowned == ["P3", "P4"])
    }
}

@Suite struct PlanComparisonTests {
    static let plan8 = DevelopmentPlan(
        code: "p8",
        name: .init(en: "Plan 8", lo: nil, loStatus: .machine),
        startYear: 2016,
        endYear: 2020,
        note: nil
    )
    static let plan9 = PlanProgressTests.plan

    static func indicator(
        _ plan: String,
        _ code: String,
        _ title: String,
        unit: String? = "PERCENT",
        direction: PlanDirection? = .increase,
        baseline: PlanBaseline? = nil,
        target: PlanTarget? = nil
    ) -> PlanIndicator {
        PlanIndicator(
            plan: plan,
            code: code,
            resultCode: "1",
            title: .init(en: title, lo: nil, loStatus: .machine),
            unit: unit,
            direction: direction,
            baseline: baseline,
            targets: target.map { [$0] } ?? []
        )
    }

    static func link(_ plan: String, _ indicator: String, _ sdg: String, _ relation: NationalRelation) -> PlanIndicatorLink {
        PlanIndicatorLink(plan: plan, planIndicator: indicator, sdgIndicator: sdg, relation: relation)
    }

    static let earlier = PlanDocument(
        plan: plan8,
        indicators: [
            indicator(
                "p8",
                "A1",
                "Under-five mortality rate",
                unit: "PER_1000",
                direction: .decrease,
                baseline: PlanBaseline(year: 2015, value: 70),
                target: PlanTarget(year: 2020, value: 40, kind: .endOfPlan)
            ),
            indicator("p8", "A2", "Households with safe water", target: PlanTarget(year: 2020, value: 80, kind: .endOfPlan)),
            indicator("p8", "B7", "Net enrolment ratio in primary education"),
            indicator("p8", "B8", "Households with electricity"),
            indicator("p8", "B9", "Forest cover"),
        ],
        links: [
            link("p8", "A1", "3.2.1", .same),
            link("p8", "B7", "4.1.1", .same),
            link("p8", "B8", "7.1.1", .proxy),
            link("p8", "B9", "15.1.1", .same),
        ]
    )

    static let later = PlanDocument(
        plan: plan9,
        indicators: [
            indicator("p9", "D9", "Share of land under forest"),  // added: an "additional" link does not match
            indicator(
                "p9",
                "A1",
                "Under-five  Mortality Rate",  // same folded title: no difference
                unit: "PER_1000",
                direction: .decrease,
                target: PlanTarget(year: 2025, value: 40, kind: .endOfPlan)
            ),
            indicator("p9", "C2", "Net enrolment ratio in primary education"),  // matched by title
            indicator(
                "p9",
                "A2",
                "Households with safe water",
                unit: "NUMBER",
                target: PlanTarget(year: 2025, value: 90, kind: .endOfPlan)
            ),
            indicator("p9", "D5", "Access to electricity (% of population)"),  // matched by the 7.1.1 link
            indicator("p9", "D7", "Electricity consumption per person"),  // 7.1.1 too, but B8 is taken
        ],
        links: [
            link("p9", "D9", "15.1.1", .additional),
            link("p9", "A1", "3.2.1", .same),
            link("p9", "C2", "4.1.1", .adapted),
            link("p9", "D5", "7.1.1", .same),
            link("p9", "D7", "7.1.1", .same),
        ]
    )

    @Test func keptChangedDroppedAdded() {
        let comparison = PlanComparison.compare(
            earlier: Self.earlier,
            later: Self.later,
            earlierValues: [
                "A1": PlanProgressTests.values([(2015, 70), (2016, 60), (2018, 50), (2021, 30)])
            ]
        )
        #expect(comparison.earlier == "p8" && comparison.later == "p9")
        let rows = comparison.entries.map { "\($0.change.rawValue) \($0.earlier ?? "-") \($0.later ?? "-")" }
        #expect(
            rows == [
                "kept A1 A1", "changed A2 A2", "changed B7 C2", "changed B8 D5", "dropped B9 -", "added - D9", "added - D7",
            ]
        )
        #expect(comparison.count(.changed) == 3)
        #expect(comparison.count(.added) == 2)

        let a2 = comparison.entries[1].differences
        #expect(
            a2 == [
                Message("plans_domain.comparison.unit", ["old": .text("PERCENT"), "new": .text("NUMBER")]),
                Message(
                    "plans_domain.comparison.target",
                    [
                        "old": .message(Message("plans_domain.comparison.targetValue", ["value": .text("80"), "year": .text("2020")])),
                        "new": .message(Message("plans_domain.comparison.targetValue", ["value": .text("90"), "year": .text("2025")])),
                    ]
                ),
            ]
        )
        #expect(a2[0].text(in: .en) == "Unit changed from PERCENT to NUMBER")
        #expect(a2[1].text(in: .en) == "End-of-plan target changed from 80 in 2020 to 90 in 2025")
        #expect(a2.allSatisfy { $0.localized.lo?.isEmpty == false })

        let b7 = comparison.entries[2].differences
        #expect(b7.map(\.key) == ["plans_domain.comparison.links"])
        #expect(b7.first?.text(in: .en) == "SDG links changed from 4.1.1 (same) to 4.1.1 (adapted)")

        let b8 = comparison.entries[3].differences
        #expect(b8.map(\.key) == ["plans_domain.comparison.title", "plans_domain.comparison.links"])
        #expect(b8.first?.arguments["old"] == .localized(.init(en: "Households with electricity", lo: nil, loStatus: .machine)))

        #expect(comparison.entries[0].differences.isEmpty)
        #expect(comparison.entries[5].evaluation == nil)
    }

    /// A1 at the end of the 8th plan (2020): its own 2015 value 70 is the base (the baseline's
    /// year has a value), 50 in 2018 the latest (2021 is after the plan), target 40 in 2020,
    /// decrease desired: actual (50/70)^(1/3) − 1 = −0.106096, required (40/70)^(1/5) − 1 =
    /// −0.105887, ratio 1.0020 (≥ 0.95: substantial, 50 is not yet ≤ 40), score
    /// 7.1429 × 1.0020 − 4.2857 = 2.8713.
    @Test func theEvaluationAtTheEndOfTheEarlierPlan() {
        let comparison = PlanComparison.compare(
            earlier: Self.earlier,
            later: Self.later,
            earlierValues: ["A1": PlanProgressTests.values([(2015, 70), (2016, 60), (2018, 50), (2021, 30)])]
        )
        let a1 = comparison.entries[0].evaluation
        #expect(a1?.yearsWithData == [2016, 2018])
        #expect(a1?.latest?.year == 2018 && a1?.latest?.value == 50)
        #expect(a1?.progress.target == PlanTarget(year: 2020, value: 40, kind: .endOfPlan))
        #expect(a1?.progress.status == .substantialProgress)
        #expect(abs((a1?.progress.result.progressValue ?? 0) - 1.0020) < 0.0005)
        #expect(abs((a1?.progress.result.score ?? 0) - 2.8713) < 0.0005)
        let b9 = comparison.entries[4].evaluation
        #expect(b9?.yearsWithData == [])
        #expect(b9?.latest == nil)
        #expect(b9?.progress.status == .notAvailable)
    }
}

/// The gap analysis's plan-owner check ignores proxy links: a proxy is a different figure.
@Suite struct PlanOwnerGapTests {
    @Test func aProxyLinkIsNotAnOwnerMismatch() {
        func findings(_ relation: NationalRelation) -> [GapAnalysis.Finding] {
            GapAnalysis.findings(
                .init(
                    indicators: [],
                    assignments: [Assignment(indicator: "4.1.1", owners: ["MOES"], reporter: "MOES")],
                    institutions: [],
                    focalPoints: [],
                    planIndicatorOwners: ["P/D2": "MOH"],
                    planLinks: [PlanIndicatorLink(plan: "P", planIndicator: "D2", sdgIndicator: "4.1.1", relation: relation)],
                    today: LocalDate(year: 2026, month: 6, day: 1)!
                )
            )
            .filter { $0.kind == .planOwnerMismatch }
        }
        #expect(findings(.proxy).isEmpty)
        #expect(findings(.adapted).map(\.subject) == ["4.1.1"])
        #expect(findings(.same).map(\.subject) == ["4.1.1"])
    }
}
