import Foundation
import PasanDomain
import SQLKit

/// Progress configuration and results: recomputing reads only the configured series' published
/// values, runs the engine, and replaces the stored results (with method and edition) at once.
public struct ProgressRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func configurations() async throws -> [ProgressConfiguration] {
        try await database.read { db in
            try await db.select().column("*").from("progress_configs").all().map { row in
                ProgressConfiguration(
                    indicator: try row.string("indicator"),
                    series: try row.string("series"),
                    dimensions: try row.string("dimension_key"),
                    area: try row.string("area"),
                    baseYear: try row.int("base_year"),
                    targetYear: try row.int("target_year"),
                    target: try row.decodeNil(column: "target") ? nil : try row.double("target"),
                    direction: try row.int("direction"),
                    limit: try row.decodeNil(column: "limit_value") ? nil : try row.double("limit_value"),
                    overrideStatus: try row.optionalString("override_status").flatMap(ProgressStatus.init(rawValue:)),
                    overrideJustification: try row.optionalString("override_justification"),
                    note: try row.optionalString("note")
                )
            }
        }
    }

    public func save(_ configurations: [ProgressConfiguration], change: ChangeContext) async throws {
        try await database.write { db in
            try await db.insertBatched(
                into: "progress_configs",
                columns: [
                    "indicator", "series", "dimension_key", "area", "base_year", "target_year", "target", "direction", "limit_value",
                    "override_status", "override_justification", "note",
                ],
                rows: configurations.map { c in
                    [
                        SQLBind(c.indicator), SQLBind(c.series), SQLBind(c.dimensions), SQLBind(c.area), SQLBind(c.baseYear),
                        SQLBind(c.targetYear), SQLValue.double(c.target), SQLBind(c.direction), SQLValue.double(c.limit),
                        SQLValue.text(c.overrideStatus?.rawValue), SQLValue.text(c.overrideJustification), SQLValue.text(c.note),
                    ]
                },
                upsertOn: ["indicator", "series", "dimension_key", "area"],
                updating: [
                    "base_year", "target_year", "target", "direction", "limit_value", "override_status", "override_justification", "note",
                ]
            )
            for c in configurations {
                try await AuditLog.record(
                    db,
                    change,
                    action: "configure-progress",
                    entity: "indicator",
                    id: c.indicator,
                    before: Optional<Nothing>.none,
                    after: c
                )
            }
        }
    }

    /// Replaces how one indicator's progress is measured.
    public func replace(indicator: String, with configurations: [ProgressConfiguration], change: ChangeContext) async throws {
        let before = try await self.configurations().filter { $0.indicator == indicator }
        try await database.write { db in
            try await db.delete(from: "progress_configs").where("indicator", .equal, indicator).run()
            try await db.insertBatched(
                into: "progress_configs",
                columns: [
                    "indicator", "series", "dimension_key", "area", "base_year", "target_year", "target", "direction", "limit_value",
                    "override_status", "override_justification", "note",
                ],
                rows: configurations.map { c in
                    [
                        SQLBind(c.indicator), SQLBind(c.series), SQLBind(c.dimensions), SQLBind(c.area), SQLBind(c.baseYear),
                        SQLBind(c.targetYear), SQLValue.double(c.target), SQLBind(c.direction), SQLValue.double(c.limit),
                        SQLValue.text(c.overrideStatus?.rawValue), SQLValue.text(c.overrideJustification), SQLValue.text(c.note),
                    ]
                }
            )
            try await AuditLog.record(
                db,
                change,
                action: "configure-progress",
                entity: "indicator",
                id: indicator,
                before: before,
                after: configurations
            )
        }
    }

    /// Recomputes every indicator, target and goal; returns the results.
    @discardableResult
    public func recompute(catalog: FrameworkCatalog) async throws -> [ProgressResult] {
        let configurations = try await configurations()
        let values = try await database.read { db in
            var values: [String: [(year: Int, value: Double)]] = [:]
            // The configured cells as a row-value `IN`: a join let SQLite's planner (no statistics)
            // scan every observation and look each up among the configurations (seconds on a
            // country's data); this reads the configured cells from the primary key (45 ms).
            let rows = try await db.raw(
                """
                SELECT o.indicator, o.series, o.dimension_key, o.area, o.period, o.value FROM observations o
                WHERE (o.series, o.indicator, o.area, o.dimension_key) IN (SELECT series, indicator, area, dimension_key FROM progress_configs)
                """
            ).all()
            for row in rows {
                let key =
                    "\(try row.string("indicator"))|\(try row.string("series"))|\(try row.string("dimension_key"))|\(try row.string("area"))"
                guard let year = Int(try row.string("period").prefix(4)) else { continue }
                values[key, default: []].append((year, try row.double("value")))
            }
            return values
        }
        let results = ProgressAssessment.assess(configurations: configurations, values: values, targetOf: { catalog.indicator($0)?.target })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let now = Timestamp.now()
        let rows: [[any SQLExpression]] = try results.map { r in
            [
                SQLBind(r.level.rawValue), SQLBind(r.code), SQLBind(r.method.id), SQLBind(r.method.edition), SQLValue.double(r.score),
                SQLBind(r.status.rawValue), SQLBind(String(decoding: try encoder.encode(r), as: UTF8.self)), SQLBind(now),
            ]
        }
        try await database.write { db in
            try await db.delete(from: "progress_results").run()
            try await db.insertBatched(
                into: "progress_results",
                columns: ["level", "code", "method", "edition", "score", "status", "details", "computed_at"],
                rows: rows
            )
        }
        return results
    }

    public func results() async throws -> [ProgressResult] {
        try await database.read { db in
            let decoder = JSONDecoder()
            return try await db.select().column("details").from("progress_results").all().map {
                try decoder.decode(ProgressResult.self, from: Data(try $0.string("details").utf8))
            }
        }
    }
}
