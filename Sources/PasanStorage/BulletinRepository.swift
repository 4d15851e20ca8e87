import Foundation
import PasanDomain
import SQLKit

/// The Secretariat's choice of the bulletins' indicators (issue 14): a national list and,
/// optionally, one per province, each saved whole as a new revision with who and when.
public struct BulletinRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The choice in force per scope (`""` national, else a province code); scopes whose latest
    /// revision is an empty list are left out.
    public func choices() async throws -> [String: BulletinChoice] {
        try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT c.scope, c.revision, c.indicators, c.changed_by, c.changed_at FROM bulletin_choices c
                WHERE c.revision = (SELECT MAX(m.revision) FROM bulletin_choices m WHERE m.scope = c.scope)
                """
            ).all()
            var result: [String: BulletinChoice] = [:]
            for row in rows {
                let choice = try Self.choice(row)
                if !choice.indicators.isEmpty { result[choice.scope] = choice }
            }
            return result
        }
    }

    /// Every revision of a scope, newest first.
    public func revisions(scope: String) async throws -> [BulletinChoice] {
        try await database.read { db in
            try await db.select().column("*").from("bulletin_choices").where("scope", .equal, scope)
                .orderBy("revision", .descending).all().map(Self.choice)
        }
    }

    /// The indicators a bulletin of an area in `province` shows, and where the list comes from:
    /// the province's list, else the national list; `nil` when the Secretariat chose none.
    public static func indicators(
        for province: String,
        in choices: [String: BulletinChoice]
    ) -> (
        indicators: [String], source: BulletinSource
    )? {
        if let own = choices[province] { return (own.indicators, .province) }
        if let national = choices[""] { return (national.indicators, .national) }
        return nil
    }

    /// Saves `indicators` as the next revision of `scope` (nothing when unchanged); returns the
    /// revision in force.
    @discardableResult
    public func save(scope: String, indicators: [String], change: ChangeContext) async throws -> Int {
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            let latest = try await db.select().column("*").from("bulletin_choices").where("scope", .equal, scope)
                .orderBy("revision", .descending).limit(1).first().map(Self.choice)
            if let latest, latest.indicators == indicators { return latest.revision }
            if latest == nil && indicators.isEmpty { return 0 }
            let revision = (latest?.revision ?? 0) + 1
            try await db.insert(into: "bulletin_choices")
                .columns("scope", "revision", "indicators", "changed_by", "changed_at")
                .values(
                    SQLBind(scope),
                    SQLBind(revision),
                    SQLBind(indicators.joined(separator: " ")),
                    SQLBind(change.actorName),
                    SQLBind(at)
                )
                .run()
            let after = BulletinChoice(scope: scope, indicators: indicators, revision: revision, changedBy: change.actorName, changedAt: at)
            try await AuditLog.record(
                db,
                change,
                action: "bulletin-indicators",
                entity: "bulletin",
                id: scope.isEmpty ? "national" : scope,
                before: latest,
                after: after
            )
            return revision
        }
    }

    static func choice(_ row: any SQLRow) throws -> BulletinChoice {
        BulletinChoice(
            scope: try row.string("scope"),
            indicators: try row.string("indicators").split(separator: " ").map(String.init),
            revision: try row.int("revision"),
            changedBy: try row.string("changed_by"),
            changedAt: try row.string("changed_at")
        )
    }
}
