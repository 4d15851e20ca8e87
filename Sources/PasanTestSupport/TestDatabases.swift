import Foundation
import Logging
import PasanDomain
import PasanStorage
import SQLKit

/// The database backends every storage test runs against.
public enum Backend: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// SQLite always; PostgreSQL when `PASAN_TEST_POSTGRES_URL` names a server, and always in CI,
    /// where a missing server is a failure, never a silent skip.
    public static var all: [Backend] {
        let env = ProcessInfo.processInfo.environment
        if env["PASAN_TEST_POSTGRES_URL"] != nil || env["CI"] != nil { return [.sqlite, .postgres] }
        return [.sqlite]
    }
}

public struct TestDatabaseError: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

/// Fresh, isolated databases for tests. The first request per backend migrates and seeds a
/// template (with the demo data); each test then gets a copy (an SQLite file copy, or
/// `CREATE DATABASE … TEMPLATE …` on PostgreSQL), so tests run in parallel without seeding again.
public enum TestDatabases {
    public static let logger: Logger = {
        var logger = Logger(label: "pasan.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` against a fresh copy of the seeded template, then removes the copy.
    /// `clock`: where the database's "now" comes from (fixed to test dates and deadlines).
    public static func withSeeded<R: Sendable>(
        _ backend: Backend,
        clock: DateProvider = .system,
        _ body: (Database) async throws -> R
    ) async throws -> R {
        let location = try await Templates.shared.copy(of: backend)
        let database = try await Database.open(location, logger: logger, clock: clock)
        do {
            let result = try await body(database)
            await database.close()
            try await remove(location)
            return result
        } catch {
            await database.close()
            try? await remove(location)
            throw error
        }
    }

    /// Runs `body` against a brand-new empty database (no migrations), then removes it.
    public static func withEmpty<R: Sendable>(_ backend: Backend, _ body: (DatabaseLocation) async throws -> R) async throws -> R {
        let location = try await newEmpty(backend)
        do {
            let result = try await body(location)
            try await remove(location)
            return result
        } catch {
            try? await remove(location)
            throw error
        }
    }

    static func newEmpty(_ backend: Backend) async throws -> DatabaseLocation {
        switch backend {
        case .sqlite:
            return .sqlite(
                path: FileManager.default.temporaryDirectory.appendingPathComponent("pasan-test-\(UUID().uuidString).sqlite").path
            )
        case .postgres:
            let name = "pasan_t_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
            try await admin("CREATE DATABASE \(name)")
            return try postgres(database: name)
        }
    }

    static func remove(_ location: DatabaseLocation) async throws {
        switch location {
        case .sqlite(let path):
            for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case .postgres(let settings):
            try await admin("DROP DATABASE IF EXISTS \(settings.database) WITH (FORCE)")
        }
    }

    static func adminLocation() throws -> DatabaseLocation {
        guard let url = ProcessInfo.processInfo.environment["PASAN_TEST_POSTGRES_URL"] else {
            throw TestDatabaseError(
                description: "PASAN_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts a throwaway PostgreSQL"
            )
        }
        let location = try DatabaseLocation(url: url)
        guard case .postgres = location else {
            throw TestDatabaseError(description: "PASAN_TEST_POSTGRES_URL is not a postgres:// URL")
        }
        return location
    }

    static func postgres(database: String) throws -> DatabaseLocation {
        guard case .postgres(var settings) = try adminLocation() else { fatalError("checked by adminLocation") }
        settings.database = database
        return .postgres(settings)
    }

    /// Runs a statement that cannot run in a transaction (CREATE/DROP DATABASE) on the admin database.
    static func admin(_ sql: String) async throws {
        let database = try await Database.open(try adminLocation(), logger: logger)
        do {
            try await database.read { db in try await db.raw(SQLQueryString(sql)).run() }
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }

    /// Seeded templates, built once per test process.
    actor Templates {
        static let shared = Templates()
        private var building: [Backend: Task<DatabaseLocation, any Error>] = [:]

        func copy(of backend: Backend) async throws -> DatabaseLocation {
            let template = try await self.template(backend)
            switch (backend, template) {
            case (.sqlite, .sqlite(let path)):
                let copy = FileManager.default.temporaryDirectory.appendingPathComponent("pasan-test-\(UUID().uuidString).sqlite").path
                try FileManager.default.copyItem(atPath: path, toPath: copy)
                return .sqlite(path: copy)
            case (.postgres, .postgres(let settings)):
                let location = try await newEmptyFromTemplate(settings.database)
                return location
            default:
                throw TestDatabaseError(description: "template of the wrong kind")
            }
        }

        private func newEmptyFromTemplate(_ template: String) async throws -> DatabaseLocation {
            let name = "pasan_t_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
            try await TestDatabases.admin("CREATE DATABASE \(name) TEMPLATE \(template)")
            return try TestDatabases.postgres(database: name)
        }

        private func template(_ backend: Backend) async throws -> DatabaseLocation {
            if let task = building[backend] { return try await task.value }
            let task = Task<DatabaseLocation, any Error> {
                let location: DatabaseLocation
                switch backend {
                case .sqlite:
                    location = .sqlite(
                        path: FileManager.default.temporaryDirectory.appendingPathComponent(
                            "pasan-template-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).sqlite"
                        ).path
                    )
                case .postgres:
                    let name = "pasan_tpl_\(ProcessInfo.processInfo.processIdentifier)_\(UUID().uuidString.prefix(6).lowercased())"
                    try await TestDatabases.admin("CREATE DATABASE \(name)")
                    location = try TestDatabases.postgres(database: name)
                }
                let database = try await Database.open(location, logger: TestDatabases.logger)
                do {
                    _ = try await StorageBootstrap(passwordCost: .fastForTests).prepare(database, seed: true, demo: true)
                    if case .sqlite = location {
                        try await database.read { db in try await db.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
                    }
                } catch {
                    await database.close()
                    throw error
                }
                await database.close()
                return location
            }
            building[backend] = task
            return try await task.value
        }
    }
}
