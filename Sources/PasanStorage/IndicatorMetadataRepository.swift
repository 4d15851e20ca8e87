import PasanDomain
import SQLKit

/// The published metadata of indicators (`indicator_metadata`) and the texts it replaced.
public struct IndicatorMetadataRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// An indicator's texts in both languages, in the template's concept order.
    public func fields(indicator: String) async throws -> [IndicatorMetadataField] {
        try await database.read { db in
            try await db.select().column("*").from("indicator_metadata").where("indicator", .equal, indicator).all().map(Self.field)
                .sorted(by: Self.order)
        }
    }

    /// Every indicator's texts, by indicator (the Open SDG export).
    public func all() async throws -> [String: [IndicatorMetadataField]] {
        try await database.read { db in
            Dictionary(grouping: try await db.select().column("*").from("indicator_metadata").all().map(Self.field), by: \.indicator)
                .mapValues { $0.sorted(by: Self.order) }
        }
    }

    /// A replaced text: what it said, where it came from, and who replaced it when.
    public struct Revision: Sendable, Hashable {
        public var concept: String
        public var language: Language
        public var oldText: String
        public var oldFile: String
        public var batchID: Int64?
        public var actor: String
        public var at: String
    }

    /// The texts of an indicator that imports replaced, newest first.
    public func history(indicator: String) async throws -> [Revision] {
        try await database.read { db in
            try await db.select().column("*").from("indicator_metadata_history").where("indicator", .equal, indicator)
                .orderBy("id", .descending).all().map { row in
                    Revision(
                        concept: try row.string("concept"),
                        language: Language(rawValue: try row.string("language")) ?? .en,
                        oldText: try row.string("old_text"),
                        oldFile: try row.string("old_file"),
                        batchID: try row.optionalInt("batch_id").map(Int64.init),
                        actor: try row.string("actor"),
                        at: try row.string("at")
                    )
                }
        }
    }

    static func field(_ row: any SQLRow) throws -> IndicatorMetadataField {
        IndicatorMetadataField(
            indicator: try row.string("indicator"),
            language: Language(rawValue: try row.string("language")) ?? .en,
            concept: try row.string("concept"),
            text: try row.string("text"),
            file: try row.string("file"),
            batchID: try row.optionalInt("batch_id").map(Int64.init),
            updatedAt: try row.string("updated_at")
        )
    }

    static func order(_ a: IndicatorMetadataField, _ b: IndicatorMetadataField) -> Bool {
        if a.concept != b.concept { return MetadataConcept.areInIncreasingOrder(a.concept, b.concept) }
        return a.language.rawValue < b.language.rawValue
    }
}
