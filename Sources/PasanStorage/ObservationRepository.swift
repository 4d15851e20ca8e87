import PasanDomain
import SQLKit

/// Published observations.
public struct ObservationRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func observations(indicator: String, series: String? = nil) async throws -> [Observation] {
        try await database.read { db in
            var query = db.select().column("*").from("observations").where("indicator", .equal, indicator)
            if let series { query = query.where("series", .equal, series) }
            return
                try await query
                .orderBy("series").orderBy("dimension_key").orderBy("area").orderBy("period").all().map(Self.observation)
        }
    }

    /// The values of one series of an indicator for the areas at `levels` only (an indicator page
    /// shows the country, provinces and districts; a series may also hold every village's values,
    /// which the page does not read), in the order series, breakdown, area, period.
    public func observations(indicator: String, series: String, levels: Set<AreaLevel>) async throws -> [Observation] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT * FROM observations
                WHERE series = \(bind: series) AND indicator = \(bind: indicator)
                  AND area IN (SELECT code FROM areas WHERE level IN (\(binds: levels.map(\.rawValue).sorted())))
                ORDER BY series, dimension_key, area, period
                """
            ).all().map(Self.observation)
        }
    }

    /// The values of `indicators` for the areas at `levels` only, by indicator, each in the
    /// order series, breakdown, area, period (the statistical annex of a review).
    public func observations(indicators: [String], levels: Set<AreaLevel>) async throws -> [String: [Observation]] {
        guard !indicators.isEmpty else { return [:] }
        return try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT * FROM observations
                WHERE indicator IN (\(binds: indicators.sorted()))
                  AND area IN (SELECT code FROM areas WHERE level IN (\(binds: levels.map(\.rawValue).sorted())))
                ORDER BY indicator, series, dimension_key, area, period
                """
            ).all()
            return Dictionary(grouping: try rows.map(Self.observation), by: \.indicator)
        }
    }

    /// The totals (no breakdown) of one series at one area level in the latest period the level
    /// has a total for — what a map of the level shows. A primary-key look-up per area of the
    /// level, however many periods and breakdowns the series holds.
    public func latestTotals(indicator: String, series: String, level: AreaLevel) async throws -> [Observation] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT * FROM observations
                WHERE series = \(bind: series) AND indicator = \(bind: indicator) AND dimension_key = ''
                  AND area IN (SELECT code FROM areas WHERE level = \(bind: level.rawValue))
                  AND period = (
                    SELECT MAX(period) FROM observations
                    WHERE series = \(bind: series) AND indicator = \(bind: indicator) AND dimension_key = ''
                      AND area IN (SELECT code FROM areas WHERE level = \(bind: level.rawValue)))
                ORDER BY area
                """
            ).all().map(Self.observation)
        }
    }

    /// One page of an indicator's values in the order series, area, period, breakdown (the
    /// primary key's, so a page is read from the index and not sorted). `perSeries`: how many
    /// values each series holds (`PublishedDataSummary`), so the series before the page are
    /// skipped whole.
    public func observations(indicator: String, perSeries: [String: Int], page: PageRequest) async throws -> [Observation] {
        try await database.read { db in
            var skip = page.offset
            var result: [Observation] = []
            for series in perSeries.keys.sorted() where result.count < page.limit {
                let count = perSeries[series] ?? 0
                if skip >= count {
                    skip -= count
                    continue
                }
                let rows = try await db.select().column("*").from("observations")
                    .where("series", .equal, series).where("indicator", .equal, indicator)
                    .orderBy("area").orderBy("period").orderBy("dimension_key")
                    .limit(page.limit - result.count).offset(skip).all()
                result += try rows.map(Self.observation)
                skip = 0
            }
            return result
        }
    }

    /// Every published value.
    public func all() async throws -> [Observation] {
        try await database.read { db in
            try await db.select().column("*").from("observations").orderBy("indicator").orderBy("series").orderBy("dimension_key").orderBy(
                "area"
            ).orderBy("period").all().map(Self.observation)
        }
    }
}

extension ObservationRepository {
    /// A published value as a row of `observations` holds it.
    static func observation(_ row: any SQLRow) throws -> Observation {
        Observation(
            series: try row.string("series"),
            indicator: try row.string("indicator"),
            area: try row.string("area"),
            period: try row.string("period"),
            dimensions: Observation.dimensions(fromKey: try row.string("dimension_key")),
            unit: try row.string("unit"),
            value: try row.double("value"),
            status: try row.optionalString("status"),
            source: try row.optionalString("source")
        )
    }
}
