import Foundation
import PasanDomain
import PasanReferenceData
import Testing

@testable import PasanExchange

/// The plan file: CSV and XLSX written and read back whole, the structural problems of a file,
/// the shipped plans and the demo ones, and uploads that are refused whole.
@Suite struct PlanFileTests {
    static func text(_ en: String, _ lo: String? = nil, _ status: TranslationStatus = .unreviewed) -> LocalizedText {
        LocalizedText(en: en, lo: lo, loStatus: status)
    }

    /// A plan that uses every column: quotes, commas, new lines, a formula-like note, Lao text,
    /// every target kind, links with and without series, alignments and values.
    static let document = PlanDocument(
        plan: DevelopmentPlan(
            code: "moh-hsdp9",
            name: text("Health Sector Development Plan, \"9th\"", "\u{0E9C}\u{0EB0}\u{0EC1}\u{0E99}", .reviewed),
            startYear: 2021,
            endYear: 2025,
            note: "=SUM(A1) is not a formula here",
            kind: .sector,
            status: .draft,
            institution: "MOH",
            parentPlan: "nsedp9",
            source: "MOH, 2021",
            isIllustrative: true
        ),
        results: [
            PlanResult(
                plan: "moh-hsdp9",
                code: "1",
                level: .outcome,
                parentCode: nil,
                title: text("Health for all", nil, .machine),
                isVerified: true,
                note: "Line one\nline two",
                source: "Plan text"
            ),
            PlanResult(
                plan: "moh-hsdp9",
                code: "1.1",
                level: .output,
                parentCode: "1",
                title: text("Services"),
                isVerified: false,
                note: nil,
                alignsWith: ["nsedp9/3.2", "nsedp9/3.3"]
            ),
        ],
        indicators: [
            PlanIndicator(
                plan: "moh-hsdp9",
                code: "H1",
                resultCode: "1.1",
                title: text("Births attended, skilled", "\u{0EAD}\u{0EB1}\u{0E94}", .machine),
                owner: "MOH",
                definition: text("Births attended by skilled personnel, % of live births", "\u{0E99}\u{0EB4}", .machine),
                unit: "PT",
                direction: .increase,
                baseline: PlanBaseline(year: 2020, value: 64.4),
                targets: [
                    PlanTarget(year: 2023, value: 70, kind: .annual), PlanTarget(year: 2025, value: 75, kind: .endOfPlan),
                    PlanTarget(year: 2025, value: 80, kind: .milestone),
                ],
                dataSource: "DHIS2",
                frequency: .annual,
                isIllustrative: true,
                note: "-note that starts with a dash"
            ),
            PlanIndicator(
                plan: "moh-hsdp9",
                code: "H2",
                resultCode: "1",
                title: text("Deaths"),
                unit: "NUMBER",
                direction: .decrease,
                baseline: PlanBaseline(year: 2020, value: -0.5)
            ),
        ],
        links: [
            PlanIndicatorLink(plan: "moh-hsdp9", planIndicator: "H1", sdgIndicator: "3.1.2", relation: .same),
            PlanIndicatorLink(plan: "moh-hsdp9", planIndicator: "H1", sdgIndicator: "3.2.1", series: "SH_DYN_MORT", relation: .proxy),
        ],
        values: [
            PlanValueEntry(indicator: "H2", year: 2021, value: 12, source: "Records, 2022"),
            PlanValueEntry(indicator: "H2", year: 2022, value: 0.0000001, source: nil),
            PlanValueEntry(indicator: "H2", year: 2023, value: -3.25, source: nil),
        ]
    )

    @Test func csvRoundTrip() {
        let written = PlanFile.write(Self.document)
        #expect(written.contains("'=SUM(A1)"))
        #expect(written.contains("3.1.2:same;3.2.1/SH_DYN_MORT:proxy"))
        #expect(written.contains("2023=70;2025=75:end-of-plan;2025=80:milestone"))
        let read = PlanFile.read(text: written, file: "plan.csv")
        #expect(read.problems.isEmpty, "\(read.problems)")
        #expect(read.document == Self.document)
        // Outcome 1's note takes two lines.
        #expect(read.lines["plan"] == 2 && read.lines["result:1"] == 3 && read.lines["result:1.1"] == 5)
        #expect(read.lines["indicator:H2"] == 7 && read.lines["value:H2:2023"] == 10)
    }

    @Test func csvExportWritesTheValuesItIsGiven() {
        let values = [PlanValueEntry(indicator: "H1", year: 2024, value: 72, source: "SDG series SH_STA_BRTC")]
        let read = PlanFile.read(text: PlanFile.write(Self.document, values: values), file: "plan.csv")
        #expect(read.document?.values == values)
    }

    @Test func xlsxRoundTrip() throws {
        let data = try PlanWorkbook.data(Self.document)
        #expect(PlanUpload.isZip(data))
        let workbook = try XLSXReader.read(data, file: "plan.xlsx")
        #expect(workbook.sheets.map(\.name) == ["Plan"])
        let read = PlanWorkbook.read(data, file: "plan.xlsx")
        #expect(read.reading.problems.isEmpty, "\(read.reading.problems)")
        #expect(read.reading.document == Self.document)
        #expect(read.reading.lines["indicator:H1"] == 5)  // a row of the sheet, whatever its text holds
    }

    @Test func structuralProblemsHaveTheirLineAndColumn() {
        let csv = """
            # a comment line is allowed
            level,code,parent,title_en,start_year,end_year,baseline_year,baseline_value,targets,sdg_links,frequency,year,value
            plan,p,,Plan,2021,twenty,,,,,,,
            outcome,1,,Outcome,,,,,,,,,

            pillar,2,,A pillar,,,,,,,,,
            indicator,I1,1,,,,2020,abc,2023:55,3.1.2-same,weekly,,
            indicator,I2,,Two,,,2020,,2023=55;2025=x,3.1.2:same;4.1.1,,,
            value,I1,,,,,,,,,,2021,
            """
        let read = PlanFile.read(text: csv, file: "plan.csv")
        let found = read.problems.map { "\($0.line ?? 0) \($0.column ?? "-") \($0.message.key)" }
        #expect(
            found == [
                "3 end_year plans_file.read.wholeNumber",
                "6 level plans_file.read.oneOf",
                "7 title_en plans_file.read.required",
                "7 baseline_value plans_file.read.number",
                "7 targets plans_file.read.targets",
                "7 frequency plans_file.read.oneOf",
                "7 sdg_links plans_file.read.links",
                "8 parent plans_file.read.required",
                "8 baseline_value plans_file.read.baselinePair",
                "8 targets plans_file.read.targets",
                "8 sdg_links plans_file.read.links",
                "9 value plans_file.read.required",
            ]
        )
        #expect(read.problems.first { $0.column == "targets" }?.found == "2023:55")
    }

    @Test func aFileWithoutAPlanRowOrItsColumnsIsRefused() {
        let noPlan = PlanFile.read(text: "level,code,title_en\noutcome,1,One\n", file: "p.csv")
        #expect(noPlan.document == nil)
        #expect(noPlan.problems.map(\.message.key) == ["plans_file.read.noPlanRow"])
        let noColumns = PlanFile.read(text: "kind,title_en\nplan,P\n", file: "p.csv")
        #expect(noColumns.problems.map { "\($0.line ?? 0) \($0.column ?? "")" } == ["1 level, code"])
        let twoPlans = PlanFile.read(
            text: "level,code,title_en,start_year,end_year\nplan,a,A,2021,2025\nplan,b,B,2021,2025\n",
            file: "p.csv"
        )
        #expect(twoPlans.problems.map { "\($0.line ?? 0) \($0.message.key)" } == ["3 plans_file.read.secondPlanRow"])
    }

    // MARK: Shipped and demo plans

    static let reference = Result { () throws(DataFileIssues) in try ReferenceDataLoader.bundled.load() }

    static func context(_ data: ReferenceDataSet, without plan: String, others: [PlanDocument]) -> PlanCheck.Context {
        PlanCheck.Context(
            indicators: data.indicators,
            series: data.series,
            institutions: data.institutions,
            plans: others.filter { $0.plan.code != plan }
        )
    }

    @Test func theShippedPlansLoadAndPassTheirChecks() throws {
        let data = try Self.reference.get()
        #expect(data.planDocuments.map(\.plan.code) == ["nsedp9-draft-2019", "nsedp9"])  // by file name
        let nsedp9 = try #require(data.planDocuments.first { $0.plan.code == "nsedp9" })
        #expect(nsedp9.results.filter { $0.level == .outcome }.count == 6)
        #expect(nsedp9.results.filter { $0.level == .output }.map(\.parentCode).count == 21)
        #expect(Set(nsedp9.results.compactMap(\.parentCode)) == ["1", "2", "3", "4", "5"])
        for output in nsedp9.results where output.level == .output {
            #expect(output.source?.contains("placed under adopted outcome \(output.parentCode ?? "?") by Pasan — unconfirmed") == true)
        }
        #expect(nsedp9.results.first { $0.code == "4.1" }?.source?.hasPrefix("MPI draft pillar 5,") == true)
        let draft = try #require(data.planDocuments.first { $0.plan.code == "nsedp9-draft-2019" })
        #expect(draft.plan.status == .draft)
        #expect(draft.results.filter { $0.level == .outcome }.map(\.code) == ["1", "2", "3", "4", "5", "6"])
        #expect(draft.results.filter { $0.parentCode == "3" }.count == 5 && draft.results.filter { $0.parentCode == "4" }.isEmpty)
        // The old flattened fields hold the same parts.
        #expect(data.plans.map(\.code) == ["nsedp9-draft-2019", "nsedp9"])
        #expect(data.planResults.count == nsedp9.results.count + draft.results.count)
        // Each file, read again, passes PlanCheck (the loader would have refused it otherwise).
        for document in data.planDocuments {
            let problems = PlanCheck.problems(
                document,
                lines: [:],
                context: Self.context(data, without: document.plan.code, others: data.planDocuments)
            )
            #expect(problems.isEmpty, "\(document.plan.code): \(problems)")
        }
    }

    @Test func theDemoPlansLoadAndPassTheirChecksMergedOverTheShippedOnes() throws {
        let data = try Self.reference.get()
        let seriesIndicators = Dictionary(data.series.map { ($0.code, $0.indicator) }, uniquingKeysWith: { a, _ in a })
        let demo = try DemoDataLoader.bundled.load(seriesIndicators: seriesIndicators, reference: data)
        #expect(demo.planDocuments.map(\.plan.code) == ["nsedp8", "nsedp9"])
        let shipped = try #require(data.planDocuments.first { $0.plan.code == "nsedp9" })
        let addition = try #require(demo.planDocuments.first { $0.plan.code == "nsedp9" })
        let nsedp9 = shipped.merging(addition)
        #expect(nsedp9.results == shipped.results)
        #expect((8...10).contains(nsedp9.indicators.count))
        #expect(nsedp9.indicators.allSatisfy { $0.isIllustrative })
        #expect(demo.planDocuments.first { $0.plan.code == "nsedp8" }?.indicators.allSatisfy { $0.isIllustrative } == true)
        // Two "same" links to SDG 18 series with published demo values; one to 3.1.2 (owned by
        // MOH in the demo assignments) from an indicator LSB is responsible for.
        let published = Set(demo.observations.map(\.series))
        let sameSeries = nsedp9.links.filter { $0.relation == .same }.compactMap(\.series)
        #expect(sameSeries.filter { published.contains($0) && $0.hasPrefix("_L_LA_18") }.count >= 2)
        let mismatch = nsedp9.links.first { $0.sdgIndicator == "3.1.2" && $0.relation == .same }
        #expect(nsedp9.indicators.first { $0.code == mismatch?.planIndicator }?.owner == "LSB")
        #expect(nsedp9.links.contains { $0.relation == .adapted } && nsedp9.links.contains { $0.relation == .proxy })
        #expect(nsedp9.indicators.contains { indicator in !nsedp9.links.contains { $0.planIndicator == indicator.code } })
        #expect(nsedp9.indicators.contains { $0.targets.contains { $0.kind == .milestone && $0.year == 2025 } })
        // Values only for indicators without a "same" link.
        let sameIndicators = Set(nsedp9.links.filter { $0.relation == .same }.map(\.planIndicator))
        #expect(!nsedp9.values.isEmpty && nsedp9.values.allSatisfy { !sameIndicators.contains($0.indicator) })
        // The flattened demo fields keep the indicators added to the shipped plan only.
        #expect(demo.planIndicators.map(\.plan).allSatisfy { $0 == "nsedp9" } && demo.planIndicators.count == nsedp9.indicators.count)
        // The 8th plan shares codes or SDG links with the 9th, and has some of its own.
        let nsedp8 = try #require(demo.planDocuments.first { $0.plan.code == "nsedp8" })
        #expect(nsedp8.results.filter { $0.level == .outcome }.count == 3)
        let laterCodes = Set(nsedp9.indicators.map(\.code))
        let laterLinks = Set(nsedp9.links.map(\.sdgIndicator))
        let corresponding = nsedp8.indicators.filter { indicator in
            laterCodes.contains(indicator.code)
                || nsedp8.links.contains { $0.planIndicator == indicator.code && laterLinks.contains($0.sdgIndicator) }
        }
        #expect(corresponding.count >= 4 && corresponding.count < nsedp8.indicators.count)
        #expect(Set(nsedp8.values.map(\.year)).isSubset(of: Set(2015...2020)))
    }

    // MARK: Uploads

    static let uploadContext = PlanCheck.Context(
        indicators: ["3.1.2", "4.1.1"],
        series: [
            "3.1.2": [Series(code: "SH_STA_BRTC", indicator: "3.1.2", name: text("SBA"), unit: "PT", unitMultiplier: 0, scope: .global)]
        ],
        institutions: ["MOH"],
        results: ["nsedp9/3.2"],
        plans: ["nsedp9"]
    )

    static let faultyRows = [
        ["level", "code", "parent", "title_en", "start_year", "end_year", "baseline_year", "baseline_value", "targets", "sdg_links"],
        ["plan", "p", "", "Plan", "2021", "2025", "", "", "", ""],
        ["outcome", "1", "", "Outcome", "", "", "", "", "", ""],
        ["indicator", "I1", "1", "One", "", "", "2020", "abc", "", "3.1.2:same"],
        ["indicator", "I2", "1", "Two", "", "", "", "", "2023=5;2031=6", "99.9.9:same"],
        ["pillar", "X", "", "Unknown level", "", "", "", "", "", ""],
        ["indicator", "I3", "1", "Three", "", "", "2026", "1", "2024=2", "4.1.1:additional"],
    ]

    @Test func aCSVUploadWithSeveralFaultyRowsListsEveryOneAndReturnsNothing() {
        let csv = CSVWriter.write(header: Self.faultyRows[0], rows: Array(Self.faultyRows.dropFirst()))
        let result = PlanUpload.read(Data(csv.utf8), filename: "plan.csv", context: Self.uploadContext, existing: nil)
        guard case .failure(let failure) = result else {
            Issue.record("the upload was accepted")
            return
        }
        #expect(failure.file == "plan.csv")
        #expect(
            failure.problems.map { "\($0.line ?? 0) \($0.column ?? "-") \($0.message.key)" } == [
                "4 baseline_value plans_file.read.number",
                "6 level plans_file.read.oneOf",
                "5 targets plans_file.check.targetOutside",
                "5 sdg_links plans_file.check.unknownIndicator",
                "7 baseline_year plans_file.check.baselineAfterTarget",
                "7 sdg_links plans_file.check.additional",
            ]
        )
    }

    @Test func anXLSXUploadLocatesEveryProblemOnTheSheet() throws {
        let rows = Self.faultyRows.enumerated().map { index, row in
            row.map { index == 0 ? XLSXCell.text($0, style: .header) : ($0.isEmpty ? XLSXCell.empty() : XLSXCell.text($0)) }
        }
        let data = try XLSXWriter.data(XLSXWorkbook(sheets: [XLSXSheet(name: "Plan", rows: rows, frozenRows: 1)]))
        let result = PlanUpload.read(data, filename: "plan.xlsx", context: Self.uploadContext, existing: nil)
        guard case .failure(let failure) = result else {
            Issue.record("the upload was accepted")
            return
        }
        #expect(
            failure.problems.map { "\($0.column ?? "-") \($0.message.key)" } == [
                "Plan!H4 plans_file.read.number",
                "Plan!A6 plans_file.read.oneOf",
                "Plan!I5 plans_file.check.targetOutside",
                "Plan!J5 plans_file.check.unknownIndicator",
                "Plan!G7 plans_file.check.baselineAfterTarget",
                "Plan!J7 plans_file.check.additional",
            ]
        )
        let noSheet = try XLSXWriter.data(XLSXWorkbook(sheets: [XLSXSheet(name: "Other", rows: rows)]))
        guard case .failure(let missing) = PlanUpload.read(noSheet, filename: "o.xlsx", context: Self.uploadContext, existing: nil) else {
            Issue.record("a workbook without the Plan sheet was accepted")
            return
        }
        #expect(missing.problems.map(\.message.key) == ["plans_file.xlsx.sheet"])
    }

    @Test func aGoodUploadIsMergedOverTheExistingPlan() throws {
        let existing = PlanDocument(
            plan: DevelopmentPlan(code: "p", name: Self.text("Plan"), startYear: 2021, endYear: 2025, note: nil),
            results: [
                PlanResult(
                    plan: "p",
                    code: "1",
                    level: .outcome,
                    parentCode: nil,
                    title: Self.text("Outcome"),
                    isVerified: false,
                    note: nil
                )
            ],
            indicators: [PlanIndicator(plan: "p", code: "I0", resultCode: "1", title: Self.text("Kept"))]
        )
        // The file names outcome 1 only as a parent: it exists in the plan already.
        let csv = "level,code,parent,title_en,start_year,end_year,sdg_links\nplan,p,,Plan,2021,2025,\nindicator,I1,1,One,,,3.1.2:same\n"
        let alone = PlanUpload.read(Data(csv.utf8), filename: "p.csv", context: Self.uploadContext, existing: nil)
        guard case .failure(let failure) = alone else {
            Issue.record("an indicator under a missing outcome was accepted")
            return
        }
        #expect(failure.problems.map { "\($0.line ?? 0) \($0.column ?? "-")" } == ["3 parent"])
        let merged = try PlanUpload.read(Data(csv.utf8), filename: "p.csv", context: Self.uploadContext, existing: existing).get()
        #expect(merged.document.indicators.map(\.code) == ["I1"])
        #expect(merged.merged.indicators.map(\.code) == ["I0", "I1"])
        #expect(merged.merged.links.map(\.sdgIndicator) == ["3.1.2"])
    }
}
