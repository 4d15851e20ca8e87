import PasanReferenceData
import Testing

@testable import PasanDomain

/// `PlanCheck`: every refusal of a plan file, each found at its line and column. The files are
/// written as CSV (the header is line 1, the plan row line 2) and read by `PlanFile`, so the
/// lines are the file's.
@Suite struct PlanCheckTests {
    static let header = [
        "level", "code", "parent", "title_en", "start_year", "end_year", "institution", "unit", "baseline_year", "baseline_value",
        "targets", "responsible", "sdg_links", "aligns_with", "year", "value",
    ]

    static func series(_ code: String, _ indicator: String, _ unit: String?) -> Series {
        Series(
            code: code,
            indicator: indicator,
            name: .init(en: code, lo: nil, loStatus: .machine),
            unit: unit,
            unitMultiplier: 0,
            scope: .global
        )
    }

    static let context = PlanCheck.Context(
        indicators: ["3.1.2", "3.2.1", "4.1.1", "18.1.1"],
        series: [
            "3.1.2": [series("SH_STA_BRTC", "3.1.2", "PT")],
            "3.2.1": [series("SH_DYN_MORT", "3.2.1", "PER_1000_LIVE_BIRTHS"), series("SH_DYN_IMRT", "3.2.1", "PER_1000_LIVE_BIRTHS")],
            "4.1.1": [series("SE_TOT_PRFL", "4.1.1", "PT")],
            "18.1.1": [series("_L_LA_180101_00", "18.1.1", "NUMBER")],
        ],
        institutions: ["MOH", "MOES", "LSB", "NRA"],
        results: ["nsedp9/3.2"],
        plans: ["nsedp9"]
    )

    static func row(_ cells: [String: String]) -> String {
        header.map { cells[$0] ?? "" }.map { $0.contains(",") || $0.contains(";") ? "\"\($0)\"" : $0 }.joined(separator: ",")
    }

    static let plan = ["level": "plan", "code": "p", "title_en": "Plan", "start_year": "2021", "end_year": "2025"]
    static let outcome = ["level": "outcome", "code": "1", "title_en": "Outcome"]
    static let output = ["level": "output", "code": "1.1", "parent": "1", "title_en": "Output"]
    static let indicator = [
        "level": "indicator", "code": "I1", "parent": "1.1", "title_en": "Indicator", "unit": "PT", "baseline_year": "2020",
        "baseline_value": "50", "targets": "2023=55;2025=60:end-of-plan;2030=80:milestone", "responsible": "MOH",
        "sdg_links": "3.1.2:same",
    ]
    static let value = ["level": "value", "code": "I1", "year": "2021", "value": "51"]

    /// Reads the rows (after the header) and checks the plan; the file must be well formed.
    static func problems(_ rows: [[String: String]], context: PlanCheck.Context = context) -> [PlanProblem] {
        let text = ([header.joined(separator: ",")] + rows.map(row)).joined(separator: "\n")
        let reading = PlanFile.read(text: text, file: "plan.csv")
        #expect(reading.problems.isEmpty, "\(reading.problems)")
        guard let document = reading.document else { return [] }
        return PlanCheck.problems(document, lines: reading.lines, context: context)
    }

    static func located(_ problems: [PlanProblem]) -> [String] {
        problems.map { "\($0.line.map(String.init) ?? "-") \($0.column ?? "-") \($0.message.key)" }
    }

    /// The well-formed plan with one row changed (`at` 0 is the plan row, line 2).
    static func with(_ at: Int, _ change: [String: String]) -> [[String: String]] {
        var rows = [plan, outcome, output, indicator, value]
        rows[at].merge(change) { $1 }
        return rows
    }

    @Test func aWellFormedPlanHasNoProblem() {
        #expect(Self.problems([Self.plan, Self.outcome, Self.output, Self.indicator, Self.value]).isEmpty)
    }

    @Test func unknownSDGIndicatorOrSeries() {
        #expect(
            Self.located(Self.problems(Self.with(3, ["sdg_links": "99.9.9:proxy"]))) == ["5 sdg_links plans_file.check.unknownIndicator"]
        )
        let series = Self.problems(Self.with(3, ["sdg_links": "3.1.2/SH_NOPE:same"]))
        #expect(Self.located(series) == ["5 sdg_links plans_file.check.unknownSeries"])
        #expect(series.first?.found == "3.1.2/SH_NOPE:same")
        #expect(series.first?.message.arguments["expected"] == .text("SH_STA_BRTC"))
    }

    /// Codes are parts of addresses: a plan code with a slash, a capital or the import page's name,
    /// and an output or indicator code with a space or a question mark, are refused.
    @Test func codesFitInAddresses() {
        for code in ["NSEDP9", "a/b", "import", "-x", "nsedp 9"] {
            #expect(Self.located(Self.problems(Self.with(0, ["code": code]))) == ["2 code plans_file.check.planCode"], "\(code)")
        }
        #expect(Self.located(Self.problems(Self.with(3, ["code": "I 1"]))).contains("5 code plans_file.check.partCode"))
        #expect(Self.located(Self.problems(Self.with(2, ["code": "1.1?x"]))).contains("4 code plans_file.check.partCode"))
        #expect(PlanCheck.isPlanCode("moh-hsdp9") && PlanCheck.isPartCode("D3.1") && PlanCheck.isPartCode("E_2-5"))
    }

    @Test func additionalIsNotAPlanRelation() {
        #expect(Self.located(Self.problems(Self.with(3, ["sdg_links": "4.1.1:additional"]))) == ["5 sdg_links plans_file.check.additional"])
    }

    @Test func aSameLinkToAnIndicatorWithSeveralSeriesMustNameOne() {
        let problems = Self.problems(Self.with(3, ["sdg_links": "3.2.1:same", "unit": "PER_1000_LIVE_BIRTHS"]))
        #expect(Self.located(problems) == ["5 sdg_links plans_file.check.seriesRequired"])
        #expect(problems.first?.message.arguments["expected"] == .text("SH_DYN_IMRT, SH_DYN_MORT"))
        // Named, it passes; an adapted link need not name one.
        #expect(Self.problems(Self.with(3, ["sdg_links": "3.2.1/SH_DYN_MORT:same", "unit": "PER_1000_LIVE_BIRTHS"])).isEmpty)
        #expect(Self.problems(Self.with(3, ["sdg_links": "3.2.1:adapted"])).isEmpty)
    }

    @Test func oneValueCannotServeTwoUnits() {
        let two = Self.problems(Self.with(3, ["sdg_links": "3.1.2:same;18.1.1/_L_LA_180101_00:same", "unit": ""]))
        #expect(Self.located(two) == ["5 sdg_links plans_file.check.sameUnits"])
        let unit = Self.problems(Self.with(3, ["unit": "NUMBER"]))
        #expect(Self.located(unit) == ["5 unit plans_file.check.unitMismatch"])
        #expect(unit.first?.message.arguments["seriesUnit"] == .text("PT"))
        // PERCENT is how the plan model's comment writes PT; a proxy link carries no value.
        #expect(Self.problems(Self.with(3, ["unit": "PERCENT"])).isEmpty)
        #expect(Self.problems(Self.with(3, ["unit": "NUMBER", "sdg_links": "3.1.2:proxy"])).isEmpty)
    }

    @Test func targetYearsLieInThePlansPeriod() {
        #expect(Self.located(Self.problems(Self.with(3, ["targets": "2027=70"]))) == ["5 targets plans_file.check.targetOutside"])
        #expect(
            Self.located(Self.problems(Self.with(3, ["targets": "2019=70:milestone", "baseline_year": "2018"]))) == [
                "5 targets plans_file.check.milestoneBefore"
            ]
        )
        #expect(
            Self.located(Self.problems(Self.with(3, ["targets": "2024=60:end-of-plan"]))) == ["5 targets plans_file.check.endOfPlanYear"]
        )
        #expect(Self.located(Self.problems(Self.with(3, ["targets": "2023=55;2023=56"]))) == ["5 targets plans_file.check.duplicateTarget"])
    }

    @Test func theBaselineComesBeforeTheTargets() {
        let problems = Self.problems(Self.with(3, ["baseline_year": "2024"]))
        #expect(Self.located(problems) == ["5 baseline_year plans_file.check.baselineAfterTarget"])
        #expect(problems.first?.message.arguments["year"] == .text("2023"))
    }

    @Test func aCycleInTheHierarchyIsRefusedOnEachOfItsRows() {
        let rows = [
            Self.plan, ["level": "outcome", "code": "A", "parent": "B", "title_en": "A"],
            ["level": "outcome", "code": "B", "parent": "A", "title_en": "B"],
            ["level": "output", "code": "B.1", "parent": "B", "title_en": "B.1"],
        ]
        let problems = Self.problems(rows)
        #expect(Self.located(problems) == ["3 parent plans_file.check.cycle", "4 parent plans_file.check.cycle"])
        #expect(problems.first?.message.arguments["path"] == .text("A → B → A"))
    }

    @Test func anOutputSitsUnderAnOutcomeThatExists() {
        var rows = Self.with(0, [:])
        rows.insert(["level": "output", "code": "1.2", "parent": "1.1", "title_en": "Under an output"], at: 3)
        rows.insert(["level": "output", "code": "1.3", "parent": "9", "title_en": "Under nothing"], at: 4)
        rows.insert(["level": "output", "code": "1.4", "title_en": "No parent"], at: 5)
        #expect(
            Self.located(Self.problems(rows)) == [
                "5 parent plans_file.check.outputUnderOutput", "6 parent plans_file.check.unknownParent",
                "7 parent plans_file.check.outputNeedsParent",
            ]
        )
        #expect(Self.located(Self.problems(Self.with(3, ["parent": "7.7"]))) == ["5 parent plans_file.check.unknownParent"])
    }

    @Test func codesAreUniqueAndTheSecondIsTheOneRefused() {
        var rows = Self.with(0, [:])
        rows.insert(["level": "output", "code": "1.1", "parent": "1", "title_en": "Again"], at: 3)
        rows.append(Self.indicator)
        rows.append(Self.value)
        #expect(
            Self.located(Self.problems(rows)) == [
                "5 code plans_file.check.duplicateResult", "8 code plans_file.check.duplicateIndicator",
                "9 year plans_file.check.duplicateValue",
            ]
        )
    }

    @Test func institutionsAlignmentsAndParentPlansMustBeKnown() {
        #expect(Self.located(Self.problems(Self.with(3, ["responsible": "XYZ"]))) == ["5 responsible plans_file.check.unknownInstitution"])
        #expect(Self.located(Self.problems(Self.with(0, ["institution": "XYZ"]))) == ["2 institution plans_file.check.unknownInstitution"])
        #expect(
            Self.located(Self.problems(Self.with(2, ["aligns_with": "nsedp9/9.9"]))) == ["4 aligns_with plans_file.check.unknownAlignment"]
        )
        #expect(Self.problems(Self.with(2, ["aligns_with": "nsedp9/3.2"])).isEmpty)
        #expect(Self.located(Self.problems(Self.with(0, ["parent": "nsedp7"]))) == ["2 parent plans_file.check.unknownParentPlan"])
        #expect(Self.problems(Self.with(0, ["parent": "nsedp9"])).isEmpty)
    }

    @Test func planYearsInOrder() {
        let problems = Self.problems(Self.with(0, ["start_year": "2025", "end_year": "2021"]))
        #expect(Self.located(problems) == ["2 end_year plans_file.check.yearsReversed"])
    }

    @Test func valueRowsNameAnIndicatorAndAYearInRange() {
        var rows = Self.with(0, [:])
        rows.append(["level": "value", "code": "I9", "year": "2022", "value": "1"])
        rows.append(["level": "value", "code": "I1", "year": "1980", "value": "1"])
        #expect(
            Self.located(Self.problems(rows)) == ["7 code plans_file.check.valueUnknownIndicator", "8 year plans_file.check.valueYear"]
        )
    }

    @Test func everyProblemOfAFileIsListed() {
        var rows = Self.with(3, ["sdg_links": "99.9.9:same", "baseline_year": "2024", "targets": "2023=1;2031=2"])
        rows.append(["level": "value", "code": "I9", "year": "2022", "value": "1"])
        let located = Self.located(Self.problems(rows))
        #expect(
            located == [
                "5 targets plans_file.check.targetOutside", "5 baseline_year plans_file.check.baselineAfterTarget",
                "5 sdg_links plans_file.check.unknownIndicator", "7 code plans_file.check.valueUnknownIndicator",
            ]
        )
    }
}

/// `PlanDocument.merging`: an import is an upsert.
@Suite struct PlanMergeTests {
    static func text(_ en: String) -> LocalizedText { LocalizedText(en: en, lo: nil, loStatus: .unreviewed) }

    static let existing = PlanDocument(
        plan: DevelopmentPlan(code: "p", name: text("Old name"), startYear: 2021, endYear: 2025, note: nil),
        results: [
            PlanResult(plan: "p", code: "1", level: .outcome, parentCode: nil, title: text("One"), isVerified: false, note: nil),
            PlanResult(plan: "p", code: "2", level: .outcome, parentCode: nil, title: text("Two"), isVerified: false, note: nil),
        ],
        indicators: [
            PlanIndicator(plan: "p", code: "A", resultCode: "1", title: text("A")),
            PlanIndicator(plan: "p", code: "B", resultCode: "2", title: text("B")),
        ],
        links: [
            PlanIndicatorLink(plan: "p", planIndicator: "A", sdgIndicator: "3.1.2", relation: .same),
            PlanIndicatorLink(plan: "p", planIndicator: "A", sdgIndicator: "4.1.1", relation: .proxy),
            PlanIndicatorLink(plan: "p", planIndicator: "B", sdgIndicator: "1.2.1", relation: .adapted),
        ],
        values: [
            PlanValueEntry(indicator: "B", year: 2021, value: 1, source: nil),
            PlanValueEntry(indicator: "B", year: 2022, value: 2, source: nil),
        ]
    )

    @Test func theFileReplacesWhatItNamesAndKeepsTheRest() {
        let file = PlanDocument(
            plan: DevelopmentPlan(code: "p", name: Self.text("New name"), startYear: 2021, endYear: 2025, note: nil),
            results: [
                PlanResult(
                    plan: "p",
                    code: "2",
                    level: .outcome,
                    parentCode: nil,
                    title: Self.text("Two, reworded"),
                    isVerified: true,
                    note: nil
                )
            ],
            indicators: [
                PlanIndicator(plan: "p", code: "A", resultCode: "2", title: Self.text("A moved")),
                PlanIndicator(plan: "p", code: "C", resultCode: "1", title: Self.text("C")),
            ],
            links: [PlanIndicatorLink(plan: "p", planIndicator: "A", sdgIndicator: "4.1.1", relation: .adapted)],
            values: [
                PlanValueEntry(indicator: "B", year: 2022, value: 20, source: "file"),
                PlanValueEntry(indicator: "C", year: 2023, value: 3, source: nil),
            ]
        )
        let merged = Self.existing.merging(file)
        #expect(merged.plan.name.en == "New name")
        #expect(merged.results.map(\.title.en) == ["One", "Two, reworded"])
        #expect(merged.indicators.map(\.title.en) == ["A moved", "B", "C"])
        // A's links are replaced as a set: its same link to 3.1.2 is gone; B's link is kept.
        #expect(
            merged.links.map { "\($0.planIndicator) \($0.sdgIndicator) \($0.relation.rawValue)" } == ["B 1.2.1 adapted", "A 4.1.1 adapted"]
        )
        #expect(merged.values.map { "\($0.indicator) \($0.year) \(PlanFile.number($0.value))" } == ["B 2021 1", "B 2022 20", "C 2023 3"])
    }

    @Test func anIndicatorWrittenWithoutLinksLosesThem() {
        let file = PlanDocument(
            plan: Self.existing.plan,
            indicators: [PlanIndicator(plan: "p", code: "A", resultCode: "1", title: Self.text("A"))]
        )
        #expect(Self.existing.merging(file).links.map(\.planIndicator) == ["B"])
    }
}
