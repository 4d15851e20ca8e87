import Foundation
import PasanDomain
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// Issue 16: the national benchmark fixture writes the shape it promises on both databases —
/// every place down to districts for every series, villages for the village-level ones, sex
/// breakdowns for about half — with values that respect their unit, the same on every run.
@Suite struct NationalFixtureTests {
    @Test(arguments: Backend.all)
    func aCountrysDataInTheShapePromised(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let catalog = try await CatalogRepository(database: database).load()
            let summary = try await NationalFixture.write(
                database,
                catalog: catalog,
                years: 2021...2021,
                villageSeries: 1,
                seriesLimit: 4
            )
            #expect(summary.series == 4)
            #expect(summary.villageSeries == 1)
            let (levels, villages, upper, sexRows, units) = try await database.read { sql in
                let levels = try await sql.raw(
                    "SELECT a.level, COUNT(*) AS n FROM observations o JOIN areas a ON a.code = o.area WHERE o.dataset = \(bind: NationalFixture.dataset) GROUP BY a.level"
                ).all().reduce(into: [String: Int]()) {
                    $0[try $1.decode(column: "level", as: String.self)] = try $1.decode(column: "n", as: Int.self)
                }
                let villages = try await sql.raw("SELECT COUNT(*) AS n FROM areas WHERE level = 'village'").first()!.decode(
                    column: "n",
                    as: Int.self
                )
                let upper = try await sql.raw("SELECT COUNT(*) AS n FROM areas WHERE level <> 'village'").first()!.decode(
                    column: "n",
                    as: Int.self
                )
                let sexRows = try await sql.raw(
                    "SELECT COUNT(*) AS n FROM observations WHERE dataset = \(bind: NationalFixture.dataset) AND dimension_key <> ''"
                ).first()!.decode(column: "n", as: Int.self)
                let units = try await sql.raw(
                    "SELECT unit, MIN(value) AS lo, MAX(value) AS hi FROM observations WHERE dataset = \(bind: NationalFixture.dataset) GROUP BY unit"
                ).all().map {
                    (
                        try $0.decode(column: "unit", as: String.self), try $0.decode(column: "lo", as: Double.self),
                        try $0.decode(column: "hi", as: Double.self)
                    )
                }
                return (levels, villages, upper, sexRows, units)
            }
            let total = levels.values.reduce(0, +)
            #expect(total == summary.observations)
            #expect(levels["village"].map { $0 % villages == 0 && $0 >= villages } == true, "\(levels)")
            #expect(levels.filter { $0.key != "village" }.values.reduce(0, +) % upper == 0, "\(levels)")
            #expect(sexRows % 2 == 0)
            for (unit, lo, hi) in units {
                #expect(lo >= 0, "\(unit)")
                if unit == "PT" { #expect(hi <= 100) }
                if unit == "BOOL" { #expect(hi <= 1) }
            }
            // The same values when written again (an upsert, nothing added).
            let again = try await NationalFixture.write(database, catalog: catalog, years: 2021...2021, villageSeries: 1, seriesLimit: 4)
            #expect(again.observations == summary.observations)
            let count = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM observations WHERE dataset = \(bind: NationalFixture.dataset)").first()!
                    .decode(column: "n", as: Int.self)
            }
            #expect(count == summary.observations)
        }
    }
}
