import Testing

@testable import PasanDomain

/// The reporting chain rules: the workflow's transitions and who may take them, lateness, and the
/// aggregation up the levels. Expected numbers are worked out by hand.
@Suite struct ChainTests {
    static func text(_ en: String) -> LocalizedText { LocalizedText(en: en, lo: nil, loStatus: .machine) }

    static func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    static let chain = ReportingChain(
        owner: "MOES",
        title: text("School census"),
        year: 2026,
        forms: [
            ChainForm(
                code: "PRI",
                title: text("Primary"),
                fields: [
                    ChainField(code: "ENR", title: text("Pupils enrolled")),
                    ChainField(code: "RATE", title: text("Completion rate"), aggregation: .weightedAverage(denominator: "ENR")),
                    ChainField(code: "SIZE", title: text("Largest class"), aggregation: .max),
                ]
            )
        ],
        levels: [
            ChainLevel(level: .village, deadline: date("2026-10-15")),
            ChainLevel(level: .district, deadline: date("2026-11-15")),
            ChainLevel(level: .province, deadline: date("2026-12-15")),
        ]
    )

    @Test func unitStepsBelongToTheUnitAndReviewStepsToTheLevelAbove() {
        #expect(ChainWorkflow.apply(.save, to: nil, as: .unit) == .success(.draft))
        #expect(ChainWorkflow.apply(.save, to: nil, as: .above) == .failure(.notAllowedFor(.above)))
        #expect(ChainWorkflow.apply(.submit, to: .draft, as: .unit) == .success(.submitted))
        #expect(ChainWorkflow.apply(.submit, to: .draft, as: .above) == .failure(.notAllowedFor(.above)))
        #expect(ChainWorkflow.apply(.accept, to: .submitted, as: .unit) == .failure(.notAllowedFor(.unit)))
        #expect(ChainWorkflow.apply(.accept, to: .submitted, as: .above) == .success(.accepted))
        #expect(ChainWorkflow.apply(.accept, to: .draft, as: .above) == .failure(.wrongState(.draft)))
        #expect(ChainWorkflow.apply(.return, to: .submitted, as: .unit, comment: "x") == .failure(.notAllowedFor(.unit)))
    }

    @Test func aReturnNeedsACommentAndTheUnitSubmitsAgain() {
        #expect(ChainWorkflow.apply(.return, to: .submitted, as: .above, comment: " ") == .failure(.commentRequired))
        #expect(ChainWorkflow.apply(.return, to: .submitted, as: .above) == .failure(.commentRequired))
        #expect(ChainWorkflow.apply(.return, to: .submitted, as: .above, comment: "Pupils count twice") == .success(.returned))
        #expect(ChainWorkflow.apply(.return, to: .draft, as: .above, comment: "x") == .failure(.wrongState(.draft)))
        #expect(ChainWorkflow.apply(.save, to: .returned, as: .unit) == .success(.returned))
        #expect(ChainWorkflow.apply(.submit, to: .returned, as: .unit) == .success(.submitted))
        // Once accepted, the unit cannot send again until the level above returns it.
        #expect(ChainWorkflow.apply(.submit, to: .accepted, as: .unit) == .failure(.wrongState(.accepted)))
        #expect(ChainWorkflow.apply(.save, to: .submitted, as: .unit) == .failure(.wrongState(.submitted)))
        #expect(ChainWorkflow.apply(.return, to: .accepted, as: .above, comment: "found late") == .success(.returned))
    }

    @Test func lateMeansTheDeadlinePassedAndNothingWasSent() {
        let deadline = Self.date("2026-10-15")
        #expect(!ChainWorkflow.isLate(nil, deadline: deadline, today: deadline))
        #expect(ChainWorkflow.isLate(nil, deadline: deadline, today: Self.date("2026-10-16")))
        #expect(ChainWorkflow.isLate(.draft, deadline: deadline, today: Self.date("2026-10-16")))
        #expect(ChainWorkflow.isLate(.returned, deadline: deadline, today: Self.date("2026-10-16")))
        #expect(!ChainWorkflow.isLate(.submitted, deadline: deadline, today: Self.date("2026-10-16")))
        #expect(!ChainWorkflow.isLate(.accepted, deadline: deadline, today: Self.date("2027-01-01")))
    }

    @Test func compiledValuesAreSumWeightedAverageAndMaxOfWhatWasSent() {
        let entered: [String: ChainUnitValues] = [
            "0101001": ["PRI": ["ENR": 100, "RATE": 90, "SIZE": 40]],
            "0101002": ["PRI": ["ENR": 300, "RATE": 70, "SIZE": 55]],
            "0101003": ["PRI": ["ENR": 1000, "RATE": 10, "SIZE": 99]],  // a draft: not counted
            "0102001": ["PRI": ["ENR": 200, "RATE": 50, "SIZE": 30]],
        ]
        var states: [String: [String: ChainSubmissionState]] = [
            "0101001": ["PRI": .submitted], "0101002": ["PRI": .accepted], "0101003": ["PRI": .draft], "0102001": ["PRI": .submitted],
        ]
        var compiled = ChainCompilation.compile(Self.chain, entered: entered, states: states)
        // District 0101: 100 + 300; (90·100 + 70·300) / 400 = 75; max(40, 55).
        #expect(compiled.values(of: "0101")["PRI"] == ["ENR": 400, "RATE": 75, "SIZE": 55])
        #expect(compiled.values(of: "0102")["PRI"] == ["ENR": 200, "RATE": 50, "SIZE": 30])
        // Nothing forwarded by the districts yet: the province holds nothing.
        #expect(compiled.values(of: "01")["PRI"] == nil)
        states["0101"] = ["PRI": .submitted]
        states["0102"] = ["PRI": .accepted]
        states["01"] = ["PRI": .submitted]
        compiled = ChainCompilation.compile(Self.chain, entered: entered, states: states)
        // Province: 600 pupils; (75·400 + 50·200) / 600 = 66.67; max 55. Same at the centre.
        let province = compiled.values(of: "01")["PRI"]
        #expect(province?["ENR"] == 600)
        #expect(abs((province?["RATE"] ?? 0) - 40_000.0 / 600.0) < 1e-9)
        #expect(province?["SIZE"] == 55)
        #expect(compiled.national["PRI"] == province)
        // A returned village drops out of its district's values.
        states["0101002"] = ["PRI": .returned]
        compiled = ChainCompilation.compile(Self.chain, entered: entered, states: states)
        #expect(compiled.values(of: "0101")["PRI"] == ["ENR": 100, "RATE": 90, "SIZE": 40])
        #expect(compiled.national["PRI"]?["ENR"] == 300)
    }

    @Test func completenessCountsUnitsByLevel() {
        let units: [AreaLevel: [String]] = [
            .village: ["0101001", "0101002", "0101003", "0102001"], .district: ["0101", "0102"], .province: ["01"],
        ]
        let states: [String: [String: ChainSubmissionState]] = [
            "0101001": ["PRI": .submitted], "0101002": ["PRI": .accepted], "0101003": ["PRI": .returned], "0101": ["PRI": .submitted],
        ]
        let rows = ChainCompilation.completeness(Self.chain, units: units, states: states, today: Self.date("2026-10-20"))
        #expect(rows.map(\.level) == [.village, .district, .province])
        #expect(
            rows[0]
                == ChainCompleteness(
                    level: .village,
                    deadline: Self.date("2026-10-15"),
                    expected: 4,
                    arrived: 2,
                    accepted: 1,
                    returned: 1,
                    late: 2
                )
        )
        #expect(rows[1].arrived == 1 && rows[1].late == 0)
        #expect(rows[2].expected == 1 && rows[2].arrived == 0)
    }

    @Test func aggregationCodesRoundTripAndLevelsNest() {
        for aggregation in [ChainAggregation.sum, .max, .weightedAverage(denominator: "ENR")] {
            #expect(ChainAggregation(code: aggregation.code) == aggregation)
        }
        #expect(ChainAggregation(code: "weighted:") == nil)
        #expect(ChainAggregation(code: "mean") == nil)
        #expect(Self.chain.levelAbove(.village) == .district)
        #expect(Self.chain.levelAbove(.province) == nil)
        #expect(Self.chain.levelBelow(nil) == .province)
        #expect(Self.chain.levelBelow(.village) == nil)
        #expect(ChainAreas.ancestor(of: "0101001", at: .district) == "0101")
        #expect(ChainAreas.ancestor(of: "0101001", at: .province) == "01")
    }
}
