import Foundation
import SQLKit

/// Applies pending migrations in one transaction: either the schema reaches the latest version,
/// or it stays exactly as it was.
public struct MigrationRunner: Sendable {
    public let database: Database
    public let migrations: [Migration]

    public init(database: Database, migrations: [Migration] = Migrations.all) {
        self.database = database
        self.migrations = migrations
    }

    /// Returns the migrations it applied (empty when the schema was up to date).
    @discardableResult
    public func migrate() async throws -> [Migration] {
        let dialect = database.dialect
        let migrations = self.migrations
        return try await database.write { db in
            try await dialect.lockForMigration(db)
            try await db.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
                """
            ).run()
            let applied = Set(try await db.select().column("id").from("schema_migrations").all().map { try $0.int("id") })
            let known = Set(migrations.map(\.id))
            let unknown = applied.subtracting(known)
            if !unknown.isEmpty { throw StorageError.unknownMigrations(unknown.sorted()) }
            var done: [Migration] = []
            for migration in migrations.sorted(by: { $0.id < $1.id }) where !applied.contains(migration.id) {
                do {
                    for statement in migration.statements(dialect) {
                        try await db.raw(SQLQueryString(statement)).run()
                    }
                } catch {
                    throw StorageError.migrationFailed(id: migration.id, name: migration.name, reason: String(describing: error))
                }
                try await db.insert(into: "schema_migrations")
                    .columns("id", "name", "applied_at")
                    .values(SQLBind(migration.id), SQLBind(migration.name), SQLBind(Timestamp.now()))
                    .run()
                done.append(migration)
            }
            return done
        }
    }

    /// The ids of the migrations already applied.
    public func appliedIDs() async throws -> [Int] {
        try await database.read { db in
            let exists = try await db.tableExists("schema_migrations")
            guard exists else { return [] }
            return try await db.select().column("id").from("schema_migrations").orderBy("id").all().map { try $0.int("id") }
        }
    }
}

extension SQLDatabase {
    func tableExists(_ name: String) async throws -> Bool {
        let query: SQLQueryString =
            dialect.name == "postgresql"
            ? "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = \(bind: name)"
            : "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = \(bind: name)"
        return try await raw(query).first()?.int("n") ?? 0 > 0
    }
}

/// Timestamps are stored as ISO 8601 UTC text.
public enum Timestamp {
    public static func now() -> String {
        string(from: Date())
    }

    public static func string(from date: Date) -> String {
        date.ISO8601Format()
    }

    /// To the millisecond, where seconds are too coarse (sign-in attempts: a delay of 1 s).
    public static func precise(from date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The moment a stored timestamp names, with or without fractions of a second (the distant
    /// past for text that is not one).
    public static func date(_ text: String) -> Date {
        (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
            ?? (try? Date(text, strategy: .iso8601)) ?? .distantPast
    }
}
