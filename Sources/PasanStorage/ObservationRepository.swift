import PasanDomain
import SQLKit

/// Published observations.
public struct ObservationRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The series with published values, and whether there are provincial or district values.
    public func summary(indicator: String) async throws -> (series: [String], provincial: Bool, district: Bool) {
        try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT o.series AS series,
                       MAX(CASE WHEN a.level = \(bind: AreaLevel.province.rawValue) THEN 1 ELSE 0 END) AS provincial,
                       MAX(CASE WHEN a.level = \(bind: AreaLevel.district.rawValue) THEN 1 ELSE 0 END) AS district
                FROM observations o LEFT JOIN areas a ON a.code = o.area
                WHERE o.indicator = \(bind: indicator) GROUP BY o.series ORDER BY o.series
                """
            ).all()
            return (
                try rows.map { try $0.string("series") }, try rows.contains { try $0.int("provincial") == 1 },
                try rows.contains { try $0.int("district") == 1 }
            )
        }
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

    /// Every published value.
    public func all() async throws -> [Observation] {
        try await database.read { db in
            try await db.select().column("*").from("observations").orderBy("indicator").orderBy("series").orderBy("dimension_key").orderBy(
                "area"
            ).orderBy("period").all().map(Self.observation)
        }
    }

    /// The indicators that have at least one published value.
    public func indicatorsWithData() async throws -> Set<String> {
        try await database.read { db in
            Set(try await db.select().distinct().column("indicator").from("observations").all().map { try $0.string("indicator") })
        }
    }
}

extension ObservationRepository {
    /// Per indicator: the years with published values, and how many of them have breakdowns.
    public func coverage() async throws -> [String: (years: Set<Int>, disaggregatedYears: Set<Int>, subnational: Bool)] {
        try await database.read { db in
            var result: [String: (years: Set<Int>, disaggregatedYears: Set<Int>, subnational: Bool)] = [:]
            for row in try await db.raw(
                """
                SELECT indicator, period, MAX(CASE WHEN dimension_key <> '' THEN 1 ELSE 0 END) AS disaggregated,
                       MAX(CASE WHEN area <> 'LA' THEN 1 ELSE 0 END) AS subnational
                FROM observations GROUP BY indicator, period
                """
            ).all() {
                guard let year = Int(try row.string("period").prefix(4)) else { continue }
                let code = try row.string("indicator")
                var entry = result[code] ?? ([], [], false)
                entry.years.insert(year)
                if try row.int("disaggregated") == 1 { entry.disaggregatedYears.insert(year) }
                if try row.int("subnational") == 1 { entry.subnational = true }
                result[code] = entry
            }
            return result
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
