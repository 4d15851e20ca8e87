import PasanDomain
import SQLKit

/// The published observations counted per indicator, series, area level, period and breakdown
/// (`observation_summary`, migration 19), so that what describes the published data is read from
/// tens of thousands of rows instead of tens of millions. Observations are never deleted (a
/// correction replaces a cell's value), so a publication only adds the cells that held nothing
/// before; `ObservationPublication.write` records them in the same transaction.
enum ObservationSummary {
    /// The statement that counts observations into the summary, around its `WHERE` clause.
    private static let countingHead = """
        INSERT INTO observation_summary (indicator, series, area_level, period, dimension_key, observations)
        SELECT o.indicator, o.series, a.level, o.period, o.dimension_key, COUNT(*)
        FROM observations o JOIN areas a ON a.code = o.area
        """
    private static let countingTail = "GROUP BY o.indicator, o.series, a.level, o.period, o.dimension_key"

    /// Counts every published observation (the migration's backfill, and `recount`).
    static let countEverything = countingHead + "\n" + countingTail

    /// Counts everything again, or one indicator's series: after observations were written
    /// around `ObservationPublication` (the benchmark fixtures' bulk loads).
    static func recount(_ db: any SQLDatabase, indicator: String? = nil, series: String? = nil) async throws {
        guard let indicator, let series else {
            try await db.raw("DELETE FROM observation_summary").run()
            try await db.raw(SQLQueryString(countEverything)).run()
            return
        }
        try await db.delete(from: "observation_summary").where("indicator", .equal, indicator).where("series", .equal, series).run()
        try await db.raw(
            "\(unsafeRaw: countingHead) WHERE o.series = \(bind: series) AND o.indicator = \(bind: indicator) \(unsafeRaw: countingTail)"
        ).run()
    }

    /// Publications one at a time on PostgreSQL (SQLite's writes already are): a publication reads
    /// what the cells hold, and both its history and these counts rest on that read staying true
    /// until it commits. Taken at the start of a publication's transaction, before that read;
    /// released when the transaction ends.
    static func serialisePublications(_ db: any SQLDatabase) async throws {
        if db.dialect.name == "postgresql" {
            try await db.raw("SELECT pg_advisory_xact_lock(7301948)").run()
        }
    }

    /// One row of the summary.
    private struct Key: Hashable, Comparable {
        var indicator: String, series: String, level: String, period: String, dimensions: String

        static func < (a: Key, b: Key) -> Bool {
            (a.indicator, a.series, a.level, a.period, a.dimensions) < (b.indicator, b.series, b.level, b.period, b.dimensions)
        }
    }

    /// Adds `cells`, which held no published value before this transaction wrote them.
    static func record(_ db: any SQLDatabase, newCells cells: [CellKey]) async throws {
        guard !cells.isEmpty else { return }
        var levels: [String: String] = [:]
        for chunk in Set(cells.map(\.area)).sorted().chunked(into: 500) {
            for row in try await db.select().columns("code", "level").from("areas").where("code", .in, Array(chunk)).all() {
                levels[try row.string("code")] = try row.string("level")
            }
        }
        var counts: [Key: Int] = [:]
        for cell in cells {
            // Every observation's area is in `areas` (a foreign key).
            guard let level = levels[cell.area] else { continue }
            counts[
                Key(indicator: cell.indicator, series: cell.series, level: level, period: cell.period, dimensions: cell.dimensions),
                default: 0
            ] += 1
        }
        // In key order, so two publications never wait on each other's rows in opposite orders.
        for chunk in counts.sorted(by: { $0.key < $1.key }).chunked(into: 1_000) {
            var insert = db.insert(into: "observation_summary").columns(
                "indicator",
                "series",
                "area_level",
                "period",
                "dimension_key",
                "observations"
            )
            for (key, count) in chunk {
                insert = insert.values(
                    SQLBind(key.indicator),
                    SQLBind(key.series),
                    SQLBind(key.level),
                    SQLBind(key.period),
                    SQLBind(key.dimensions),
                    SQLBind(count)
                )
            }
            try await insert.onConflict(with: ["indicator", "series", "area_level", "period", "dimension_key"]) {
                $0.set("observations", to: SQLRaw("observation_summary.observations + excluded.observations"))
            }.run()
        }
    }
}

extension ObservationRepository {
    /// Counts the observation summary again, all of it: for what wrote observations without
    /// `ObservationPublication` (benchmark fixtures, tests that load observations directly).
    public func recountSummary() async throws {
        try await database.write { try await ObservationSummary.recount($0) }
    }

    /// What is published, per indicator (or of `indicator` only, read from the summary's primary
    /// key: what a page about one indicator reads, so that it is as current as the values it
    /// reads beside it), from the summary (`PublishedDataSummary`).
    public func publishedSummary(indicator: String? = nil) async throws -> PublishedDataSummary {
        try await database.read { db in
            let only: SQLQueryString = indicator.map { "WHERE indicator = \(bind: $0)" } ?? ""
            let rows = try await db.raw(
                """
                SELECT indicator, series, period,
                       MAX(CASE WHEN dimension_key <> '' THEN 1 ELSE 0 END) AS disaggregated,
                       MAX(CASE WHEN area_level <> \(bind: AreaLevel.country.rawValue) THEN 1 ELSE 0 END) AS subnational,
                       MAX(CASE WHEN area_level = \(bind: AreaLevel.province.rawValue) THEN 1 ELSE 0 END) AS provincial,
                       MAX(CASE WHEN area_level = \(bind: AreaLevel.district.rawValue) THEN 1 ELSE 0 END) AS district,
                       CAST(SUM(observations) AS BIGINT) AS observations
                FROM observation_summary \(only) GROUP BY indicator, series, period
                """
            ).all()
            return PublishedDataSummary(
                try rows.map { row in
                    PublishedDataSummary.Period(
                        indicator: try row.string("indicator"),
                        series: try row.string("series"),
                        period: try row.string("period"),
                        disaggregated: try row.int("disaggregated") == 1,
                        subnational: try row.int("subnational") == 1,
                        provincial: try row.int("provincial") == 1,
                        district: try row.int("district") == 1,
                        observations: try row.int("observations")
                    )
                }
            )
        }
    }
}
