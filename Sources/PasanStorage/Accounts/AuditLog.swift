import Foundation
import PasanDomain
import SQLKit

/// One change, as the audit log records it.
public struct AuditEntry: Sendable, Hashable {
    public var id: Int64
    public var at: String
    public var actorID: Int64?
    public var actor: String
    public var action: String
    public var entity: String
    public var entityID: String
    public var before: String?
    public var after: String?
    public var address: String?
}

/// Who did a change, and from where: recorded with every write.
public struct ChangeContext: Sendable {
    public var actorID: Int64?
    public var actorName: String
    public var address: String?

    public init(actorID: Int64?, actorName: String, address: String?) {
        self.actorID = actorID
        self.actorName = actorName
        self.address = address
    }

    /// Changes made by `pasan` commands run by an operator.
    public static let commandLine = ChangeContext(actorID: nil, actorName: "pasan (command line)", address: nil)
}

/// The append-only record of every change to accounts, roles, assignments and focal points.
/// Entries are written in the same transaction as the change; the database refuses updates and
/// deletes of the table.
public enum AuditLog {
    public static func record<Before: Encodable, After: Encodable>(
        _ db: any SQLDatabase,
        _ change: ChangeContext,
        action: String,
        entity: String,
        id: String,
        before: Before?,
        after: After?
    ) async throws {
        var beforeText: String?
        var afterText: String?
        if let before { beforeText = try json(before) }
        if let after { afterText = try json(after) }
        try await db.insert(into: "audit_log")
            .columns("at", "actor_id", "actor", "action", "entity", "entity_id", "before", "after", "address")
            .values(
                SQLBind(Timestamp.now()),
                SQLValue.int(change.actorID.map(Int.init)),
                SQLBind(change.actorName),
                SQLBind(action),
                SQLBind(entity),
                SQLBind(id),
                SQLValue.text(beforeText),
                SQLValue.text(afterText),
                SQLValue.text(change.address)
            )
            .run()
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static func entries(_ database: Database, entity: String? = nil, page: PageRequest) async throws -> Page<AuditEntry> {
        try await database.read { db in
            var count = db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_log")
            var query = db.select().column("*").from("audit_log")
            if let entity {
                count = count.where("entity", .equal, entity)
                query = query.where("entity", .equal, entity)
            }
            let total = try await count.first()?.int("n") ?? 0
            let rows = try await query.orderBy("id", .descending).limit(page.limit).offset(page.offset).all()
            let items = try rows.map { row in
                AuditEntry(
                    id: Int64(try row.int("id")),
                    at: try row.string("at"),
                    actorID: try row.optionalInt("actor_id").map(Int64.init),
                    actor: try row.string("actor"),
                    action: try row.string("action"),
                    entity: try row.string("entity"),
                    entityID: try row.string("entity_id"),
                    before: try row.optionalString("before"),
                    after: try row.optionalString("after"),
                    address: try row.optionalString("address")
                )
            }
            return Page(items: items, total: total, request: page)
        }
    }
}

/// Nothing to record on one side of a change.
public struct Nothing: Encodable, Sendable {}
