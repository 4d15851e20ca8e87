import Testing

@testable import PasanDomain

/// SDG costing (issue 17, item 6): budgets spread over the years by days, each activity once per
/// goal and in full under every target, the double counting across targets shown, currencies
/// apart.
@Suite struct SDGCostingTests {
    static func activity(
        _ id: String,
        _ amount: Double?,
        _ currency: String = "LAK",
        targets: [String],
        indicators: [String] = [],
        from: String?,
        to: String?
    ) -> Activity {
        Activity(
            identifier: id,
            implementer: ActivityOrganisation(
                role: .implementing,
                institution: "MOH",
                name: LocalizedText(en: "MOH", lo: nil, loStatus: .machine)
            ),
            title: LocalizedText(en: id, lo: nil, loStatus: .machine),
            start: from.flatMap { LocalDate(iso: $0) },
            end: to.flatMap { LocalDate(iso: $0) },
            budget: amount.map { ActivityBudget(amount: $0, currency: currency) },
            sdgTargets: targets,
            sdgIndicators: indicators
        )
    }

    @Test func aBudgetIsSpreadOverTheYearsByDays() {
        // 2025-07-01 … 2026-06-30: 184 days in 2025, 181 in 2026.
        let shares = SDGCosting.shares(of: 365, from: LocalDate(iso: "2025-07-01"), to: LocalDate(iso: "2026-06-30"))
        #expect(shares[2025] == 184 && shares[2026] == 181)
        #expect(SDGCosting.shares(of: 10, from: LocalDate(iso: "2025-03-01"), to: nil) == [2025: 10])
        #expect(SDGCosting.shares(of: 10, from: nil, to: nil) == [nil: 10])
        // An end before the start: all in the start year.
        #expect(SDGCosting.shares(of: 10, from: LocalDate(iso: "2025-03-01"), to: LocalDate(iso: "2024-01-01")) == [2025: 10])
    }

    @Test func targetsCountInFullAndGoalsOnceAndTheDifferenceIsShown() throws {
        let costing = SDGCosting(activities: [
            // 3.1 and 3.2 (goal 3 twice) and, through its indicator, 4.1: 300 in 2025.
            Self.activity("a", 300, targets: ["3.1", "3.2"], indicators: ["4.1.1"], from: "2025-01-01", to: "2025-12-31"),
            Self.activity("b", 100, targets: ["3.1"], from: "2026-02-01", to: nil),
            Self.activity("c", 50, targets: ["3.1"], from: nil, to: nil),
            Self.activity("d", 7, "usd", targets: ["3.1"], from: "2025-01-01", to: nil),
            Self.activity("e", nil, targets: ["3.1"], from: "2025-01-01", to: nil),  // no budget
            Self.activity("f", 999, targets: [], from: "2025-01-01", to: nil),  // serves no target
        ])
        #expect(costing.tables.map(\.currency) == ["LAK", "USD"])
        #expect(costing.withoutBudget == 1)
        let lak = try #require(costing.tables.first)
        #expect(lak.years == [2025, 2026] && lak.hasUndated)
        #expect(lak.goals[3] == [2025: 300, 2026: 100, nil: 50])
        #expect(lak.goals[4] == [2025: 300])
        #expect(lak.targets["3.1"] == [2025: 300, 2026: 100, nil: 50])
        #expect(lak.targets["3.2"] == [2025: 300] && lak.targets["4.1"] == [2025: 300])
        #expect(lak.distinctTotal == [2025: 300, 2026: 100, nil: 50])
        #expect(lak.sumOfTargets == [2025: 900, 2026: 100, nil: 50])
        #expect(lak.doubleCounted == 600)
        #expect(lak.activities == 3 && lak.multiTagged == 1)
    }
}
