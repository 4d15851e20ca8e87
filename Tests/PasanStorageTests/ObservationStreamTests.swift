import Foundation
import PasanDomain
import PasanStorage
import PasanTestSupport
import Testing

/// Published observations read page by page (keyset over the primary key), on both databases.
@Suite struct ObservationStreamTests {
    static func read(_ stream: ObservationStream) async throws -> (rows: [Observation], pages: Int) {
        var rows: [Observation] = []
        var pages = 0
        for try await page in stream {
            rows += page
            pages += 1
        }
        return (rows, pages)
    }

    @Test(arguments: Backend.all)
    func smallPagesReadEveryRowOnceInSeriesOrder(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let all = try await ObservationRepository(database: database).all()
            #expect(all.count > 100)
            let (rows, pages) = try await Self.read(ObservationStream(database: database, pageSize: 7))
            #expect(rows.count == all.count)
            #expect(pages >= all.count / 7)
            #expect(Set(rows) == Set(all))
            // Grouped by series code: a code never comes back once another has started.
            var seen: [String] = []
            for row in rows where seen.last != row.series {
                #expect(!seen.contains(row.series), "\(row.series) again")
                seen.append(row.series)
            }
            let (whole, onePage) = try await Self.read(ObservationStream(database: database, pageSize: 10_000))
            #expect(whole == rows && onePage == 1)
        }
    }

    @Test(arguments: Backend.all)
    func filters(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let all = try await ObservationRepository(database: database).all()
            func count(_ filter: ObservationFilter) async throws -> [Observation] {
                try await Self.read(ObservationStream(database: database, filter: filter, pageSize: 5)).rows
            }
            let series = try await count(ObservationFilter(series: ["_L_LA_180101_01", "_L_LA_180301_01"]))
            #expect(series.count == all.filter { ["_L_LA_180101_01", "_L_LA_180301_01"].contains($0.series) }.count && !series.isEmpty)
            let provinces = try await count(ObservationFilter(areas: ["07", "09"]))
            #expect(provinces.count == 2 && provinces.allSatisfy { ["07", "09"].contains($0.area) })
            let years = try await count(ObservationFilter(startYear: 2017, endYear: 2018))
            #expect(years.count == all.filter { ("2017"..."2018").contains($0.period) }.count && !years.isEmpty)
            let women = try await count(ObservationFilter(dimensions: ["SEX": ["F"]]))
            #expect(women.count == all.filter { $0.dimensions["SEX"] == "F" }.count && !women.isEmpty)
            let totals = try await count(ObservationFilter(series: ["_L_LA_180101_01"], dimensions: ["SEX": ["_T"]]))
            #expect(totals.allSatisfy { $0.dimensions.isEmpty } && !totals.isEmpty)
            let indicator = try await count(ObservationFilter(indicator: "18.2.2"))
            #expect(indicator.count == all.filter { $0.indicator == "18.2.2" }.count)
            #expect(try await count(ObservationFilter(series: ["NOPE"])).isEmpty)
        }
    }

    @Test func unitMultipliersComeFromTheSeriesTable() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let multipliers = try await ObservationStream.unitMultipliers(database)
            let catalog = try await CatalogRepository(database: database).load()
            let expected = catalog.series.filter { $0.unitMultiplier != nil }
            #expect(!multipliers.isEmpty && multipliers.count == Set(expected.map(\.code)).count)
            for s in expected { #expect(multipliers[s.code] != nil) }
        }
    }
}
