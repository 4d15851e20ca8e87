import Foundation
import Testing

@testable import PasanDomain
@testable import PasanReferenceData

/// The shipped reference data loads completely and its counts match the sources.
@Suite struct ReferenceDataTests {
    static let loaded = Result { () throws(DataFileIssues) in try ReferenceDataLoader.bundled.load() }
    static var data: ReferenceDataSet { (try? loaded.get()) ?? ReferenceDataSet() }

    @Test func loadsWithoutProblems() {
        if case .failure(let issues) = Self.loaded { Issue.record("\(issues)") }
    }

    @Test func goalsAndTargets() {
        let data = Self.data
        #expect(data.goals.count == 18)
        #expect(data.goals.filter(\.isNational).map(\.number) == [18])
        #expect(data.targets.filter { !$0.isNational }.count == 169)
        #expect(data.targets.filter(\.isNational).map(\.code) == ["18.1", "18.2", "18.3"])
        // Targets 18.2 and 18.3 have no official text: they are kept without a title, not invented.
        #expect(data.targets.first { $0.code == "18.2" }?.title == nil)
    }

    @Test func everyGlobalIndicatorOfTheSourceIsThere() throws {
        let data = Self.data
        let source = try CSVTable(contentsOf: ReferenceDataLoader.bundled.directory.appendingPathComponent("framework/sdg_indicators.csv"))
        let global = data.indicators.filter { $0.scope == .global }
        #expect(global.count == source.records.count)
        #expect(global.count == 253)
        #expect(global.filter(\.isRetired).count == 5)
        let i312 = try #require(data.indicators.first { $0.code == "3.1.2" })
        #expect(i312.tier == .tier1)
        #expect(i312.custodians.contains("UNICEF"))
        #expect(i312.title.lo != nil)
        #expect(i312.title.loStatus == .machine)
    }

    @Test func nationalIndicatorsCarryTheirRelation() throws {
        let data = Self.data
        let national = data.indicators.filter { $0.scope == .national }
        #expect(national.filter { $0.goal == 18 }.count == 6)
        #expect(national.allSatisfy { $0.nationalRelation != nil })
        let gpi = try #require(data.indicators.first { $0.code == "4.5.1.a" })
        #expect(gpi.nationalRelation == .adapted)
        #expect(gpi.relatedGlobalCode == "4.5.1")
        let food = try #require(data.indicators.first { $0.code == "2.1.4" })
        #expect(food.nationalRelation == .additional)
        let infant = try #require(data.indicators.first { $0.code == "3.2.1" })
        #expect(infant.scope == .global && infant.nationalRelation == .proxy)
    }

    @Test func placesMatchTheShippedFiles() {
        let areas = Self.data.areas
        #expect(areas.filter { $0.level == .country }.count == 1)
        #expect(areas.filter { $0.level == .province }.count == 18)
        #expect(areas.filter { $0.level == .district }.count == 148)
        #expect(areas.filter { $0.level == .village }.count == 9_692)
        #expect(Self.data.boundaries.count == 18 + 148)
        #expect(Self.data.areaAliases.contains { $0.alias == "1013" && $0.areaCode == "1011" })
    }

    @Test func institutionsHaveHistory() throws {
        let data = Self.data
        #expect(data.institutions.count == 32)
        let mpi = try #require(data.institutions.first { $0.code == "MPI" })
        #expect(mpi.exists(on: LocalDate(year: 2024, month: 6, day: 1)!))
        #expect(!mpi.exists(on: LocalDate(year: 2025, month: 6, day: 1)!))
        #expect(data.successions.contains { $0.predecessor == "MPI" && $0.successor == "MOF" && $0.kind == .mergedInto })
        // The 9th NSEDP (adopted outcomes, MPI's 2019 draft outputs placed under them) and the draft
        // of 2019 as presented.
        #expect(data.planDocuments.map(\.plan.code).sorted() == ["nsedp9", "nsedp9-draft-2019"])
        let nsedp9 = try #require(data.planDocuments.first { $0.plan.code == "nsedp9" })
        #expect(nsedp9.results.filter { $0.level == .outcome }.count == 6)
        #expect(nsedp9.results.filter { $0.level == .output }.count == 21)
        #expect(nsedp9.indicators.isEmpty)
        #expect(data.planResults.count == 54)
    }

    @Test func demoDataLoads() throws {
        let seriesIndicators = Dictionary(Self.data.series.map { ($0.code, $0.indicator) }, uniquingKeysWith: { a, _ in a })
        let demo = try DemoDataLoader.bundled.load(seriesIndicators: seriesIndicators)
        #expect(demo.observations.count == 108 + 9)
        let casualties2015 = demo.observations.filter { $0.series == "_L_LA_180101_00" && $0.period == "2015" && $0.dimensions.isEmpty }
        #expect(casualties2015.map(\.value) == [42])
    }
}

/// Malformed reference files stop loading with file, line, column and the problem.
@Suite struct ReferenceDataErrorTests {
    func copyOfBundledData() throws -> URL {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("pasan-ref-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: ReferenceDataLoader.bundled.directory, to: copy)
        return copy
    }

    @Test func badProvinceCodeIsReportedWithFileLineAndColumn() throws {
        let dir = try copyOfBundledData()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lao/lao_provinces.csv")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "LA03,03,", with: "LA03,3x,")
        try text.write(to: file, atomically: true, encoding: .utf8)
        #expect {
            try ReferenceDataLoader(directory: dir).load()
        } throws: { error in
            let issues = (error as? DataFileIssues)?.issues ?? []
            return issues.contains {
                $0.file == "lao/lao_provinces.csv" && $0.line == 4 && $0.column == "code" && $0.message.contains("3x")
            }
        }
    }

    @Test func villageWithUnknownDistrictIsInconsistent() throws {
        let dir = try copyOfBundledData()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("lao/lao_villages.csv")
        try (String(contentsOf: file, encoding: .utf8) + "9999001,9999,99,NOWHERE,ບ້ານ\n").write(to: file, atomically: true, encoding: .utf8)
        #expect(throws: DataFileIssues.self) { try ReferenceDataLoader(directory: dir).load() }
    }

    @Test func csvParserHandlesQuotesCommentsAndReportsLines() throws {
        let table = try CSVTable(text: "# provenance\na,b\n1,\"x, \"\"y\"\"\"\r\n# note\n2,\"multi\nline\"\n3,z\n", file: "t.csv")
        #expect(table.header == ["a", "b"])
        #expect(table.records.map(\.fields) == [["1", "x, \"y\""], ["2", "multi\nline"], ["3", "z"]])
        #expect(table.records.map(\.line) == [3, 5, 7])
        #expect(throws: DataFileIssue.self) { try CSVTable(text: "a,b\n1,\"open\n", file: "t.csv") }
        #expect(throws: DataFileIssue.self) { try CSVTable(text: "", file: "t.csv") }
    }
}
