import PasanDomain
import SQLKit

/// Published observations.
public struct ObservationRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func observations(indicator: String) async throws -> [Observation] {
        try await database.read { db in
            try await db.select().column("*").from("observations").where("indicator", .equal, indicator)
                .orderBy("series").orderBy("dimension_key").orderBy("area").orderBy("period").all().map { row in
                    Observation(series: try row.string("series"), indicator: try row.string("indicator"), area: try row.string("area"),
                                period: try row.string("period"), dimensions: Observation.dimensions(fromKey: try row.string("dimension_key")),
                                unit: try row.string("unit"), value: try row.double("value"), status: try row.optionalString("status"),
                                source: try row.optionalString("source"))
                }
        }
    }

    /// The indicators that have at least one published value.
    public func indicatorsWithData() async throws -> Set<String> {
        try await database.read { db in
            Set(try await db.select().distinct().column("indicator").from("observations").all().map { try $0.string("indicator") })
        }
    }
}
