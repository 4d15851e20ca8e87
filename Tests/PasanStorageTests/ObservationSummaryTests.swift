import Foundation
import PasanDomain
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// The observation summary (migration 19) that the pages describing published data read instead
/// of the observations: after the demo's seeding, after publications that add cells, change
/// them and find conflicts, and after the migration's own count, it is always what counting the
/// observations themselves gives; `PublishedDataSummary` reads it.
@Suite struct ObservationSummaryTests {
    typealias I = ImportBatchTests

    /// The summary's rows, and the observations counted the same way, as comparable lines.
    static func summaryAndCount(_ database: Database) async throws -> (kept: [String], counted: [String]) {
        try await database.read { db in
            func lines(_ rows: [any SQLRow]) throws -> [String] {
                try rows.map {
                    [
                        try $0.string("indicator"), try $0.string("series"), try $0.string("area_level"), try $0.string("period"),
                        try $0.string("dimension_key"), String(try $0.int("observations")),
                    ].joined(separator: " ")
                }.sorted()
            }
            let kept = try await db.raw(
                "SELECT indicator, series, area_level, period, dimension_key, observations FROM observation_summary"
            ).all()
            let counted = try await db.raw(
                """
                SELECT o.indicator AS indicator, o.series AS series, a.level AS area_level, o.period AS period,
                       o.dimension_key AS dimension_key, COUNT(*) AS observations
                FROM observations o JOIN areas a ON a.code = o.area
                GROUP BY o.indicator, o.series, a.level, o.period, o.dimension_key
                """
            ).all()
            return (try lines(kept), try lines(counted))
        }
    }

    @Test(arguments: Backend.all)
    func publicationsKeepTheSummaryEqualToCountingTheObservations(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            // The demo's observations, seeded.
            var (kept, counted) = try await Self.summaryAndCount(database)
            #expect(!kept.isEmpty)
            #expect(kept == counted)

            // An import: new national cells, one by sex, a province and a district.
            let batches = ImportBatchRepository(database: database)
            let first = try await batches.stage(
                source: .sdmx,
                name: "goal18.xml",
                fileName: "goal18.xml",
                actor: I.admin,
                values: [
                    I.uxo("2030", 10), I.uxo("2031", 11),
                    I.value("18.1.1", "_L_LA_180101_00", "2030", 4, dimensions: ["SEX": "F"]),
                    I.value("18.1.1", "_L_LA_180101_00", "2030", 3, area: "01"),
                    I.value("18.1.1", "_L_LA_180101_00", "2030", 1, area: "0101"),
                ]
            )
            try await batches.publish(batchID: first.id, actor: I.admin)
            (kept, counted) = try await Self.summaryAndCount(database)
            #expect(kept == counted)
            #expect(kept.contains("18.1.1 _L_LA_180101_00 country 2030  1"))
            #expect(kept.contains("18.1.1 _L_LA_180101_00 country 2030 SEX=F 1"))
            #expect(kept.contains("18.1.1 _L_LA_180101_00 district 2030  1"))

            // A later import changes one cell and adds another: the changed cell is not counted twice.
            let second = try await batches.stage(
                source: .sdmx,
                name: "goal18.xml",
                fileName: "goal18-revised.xml",
                actor: I.admin,
                values: [I.uxo("2030", 12), I.uxo("2032", 9), I.value("18.1.1", "_L_LA_180101_00", "2030", 2, area: "0102")]
            )
            try await batches.publish(batchID: second.id, actor: I.admin)
            (kept, counted) = try await Self.summaryAndCount(database)
            #expect(kept == counted)
            #expect(kept.contains("18.1.1 _L_LA_180101_00 district 2030  2"))

            // What the pages read from it.
            let summary = try await ObservationRepository(database: database).publishedSummary()
            let uxo = summary.indicator("18.1.1")
            #expect(uxo.series.contains("_L_LA_180101_00"))
            #expect(uxo.years.isSuperset(of: [2030, 2031, 2032]))
            #expect(uxo.disaggregatedYears.contains(2030) && !uxo.disaggregatedYears.contains(2031))
            #expect(uxo.provincial && uxo.district && uxo.subnational)
            let total = try await database.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM observations WHERE indicator = '18.1.1'").first()!.int("n")
            }
            #expect(uxo.observations == total)
            #expect(summary.indicatorsWithData.contains("18.1.1"))
            #expect(summary.indicator("no such indicator").series.isEmpty)
        }
    }

    /// The API's pages of an indicator's values follow one another without gap or repetition,
    /// across the series, in the order series, area, period, breakdown.
    @Test(arguments: Backend.all)
    func pagesOfAnIndicatorsValuesCoverThemOnce(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let batches = ImportBatchRepository(database: database)
            var values: [StagedValue] = []
            for series in ["_L_LA_180101_00", "_L_LA_180102_00"] {
                for area in ["LA", "01", "0101"] {
                    for year in 2015...2021 { values.append(I.value("18.1.1", series, String(year), Double(year), area: area)) }
                }
            }
            let staged = try await batches.stage(source: .sdmx, name: "pages", fileName: "pages.xml", actor: I.admin, values: values)
            try await batches.publish(batchID: staged.id, actor: I.admin)
            let repository = ObservationRepository(database: database)
            let perSeries = try await repository.publishedSummary().indicator("18.1.1").observationsPerSeries
            let all = try await repository.observations(indicator: "18.1.1")
            #expect(perSeries.values.reduce(0, +) == all.count)
            var paged: [Observation] = []
            var offset = 0
            while offset < all.count {
                let page = try await repository.observations(
                    indicator: "18.1.1",
                    perSeries: perSeries,
                    page: PageRequest(limit: 8, offset: offset)
                )
                #expect(!page.isEmpty)
                paged += page
                offset += 8
            }
            func key(_ o: Observation) -> String { [o.series, o.area, o.period, o.dimensionKey].joined(separator: " ") }
            #expect(paged.map(key) == all.map(key).sorted())
            #expect(
                try await repository.observations(indicator: "18.1.1", perSeries: perSeries, page: .init(limit: 8, offset: all.count))
                    .isEmpty
            )
        }
    }

    /// A map's values: the totals of one level in the latest period that level has a total for
    /// — not a later period held only by a breakdown or by another level, nor another series.
    @Test(arguments: Backend.all)
    func theLatestTotalsOfALevelAreThoseOfItsLatestPeriod(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let batches = ImportBatchRepository(database: database)
            var values: [StagedValue] = []
            for area in ["01", "02", "0101", "0102"] {
                for year in 2015...2019 { values.append(I.value("18.1.1", "_L_LA_180101_00", String(year), Double(year), area: area)) }
            }
            values.append(I.value("18.1.1", "_L_LA_180101_00", "2020", 1, area: "01"))  // province 01 only, later
            values.append(I.value("18.1.1", "_L_LA_180101_00", "2021", 2, area: "0101", dimensions: ["SEX": "F"]))  // a breakdown only
            values.append(I.value("18.1.1", "_L_LA_180101_00", "2022", 3, area: "LA"))  // the country only
            values.append(I.value("18.1.1", "_L_LA_180102_00", "2023", 4, area: "0102"))  // another series
            let staged = try await batches.stage(source: .sdmx, name: "maps", fileName: "maps.xml", actor: I.admin, values: values)
            try await batches.publish(batchID: staged.id, actor: I.admin)
            let repository = ObservationRepository(database: database)
            let provinces = try await repository.latestTotals(indicator: "18.1.1", series: "_L_LA_180101_00", level: .province)
            #expect(provinces.map { "\($0.area) \($0.period) \($0.value)" } == ["01 2020 1.0"])
            let districts = try await repository.latestTotals(indicator: "18.1.1", series: "_L_LA_180101_00", level: .district)
            #expect(districts.map { "\($0.area) \($0.period) \($0.value)" } == ["0101 2019 2019.0", "0102 2019 2019.0"])
            #expect(try await repository.latestTotals(indicator: "18.1.1", series: "_L_LA_180199_00", level: .district).isEmpty)
        }
    }

    /// Migration 19 counts the observations already there; a recount of one series (after a
    /// fixture's bulk load) replaces that series' rows only.
    @Test(arguments: Backend.all)
    func theMigrationAndARecountCountTheObservationsThere(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            try await database.write { db in
                try await db.raw("DELETE FROM observation_summary").run()
                try await db.raw(SQLQueryString(ObservationSummary.countEverything)).run()
            }
            var (kept, counted) = try await Self.summaryAndCount(database)
            #expect(!kept.isEmpty && kept == counted)

            // Values written around a publication, then that series counted again.
            let (indicator, series) = try #require(kept.first.map { $0.split(separator: " ").map(String.init) }.map { ($0[0], $0[1]) })
            try await database.write { db in
                try await db.raw(
                    """
                    INSERT INTO observations (series, indicator, area, period, dimension_key, unit, value, dataset)
                    VALUES (\(bind: series), \(bind: indicator), '0101', '2099', '', 'NUMBER', 1, 'test')
                    """
                ).run()
                try await db.raw("UPDATE observation_summary SET observations = 99").run()
                try await ObservationSummary.recount(db, indicator: indicator, series: series)
            }
            (kept, counted) = try await Self.summaryAndCount(database)
            #expect(kept.contains("\(indicator) \(series) district 2099  1"))
            let recounted = { (line: String) in line.hasPrefix("\(indicator) \(series) ") }
            #expect(kept.filter(recounted) == counted.filter(recounted))
            #expect(kept.filter { !recounted($0) }.allSatisfy { $0.hasSuffix(" 99") })
        }
    }
}
