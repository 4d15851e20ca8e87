import Foundation
import Logging
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// `pasan backup` and `pasan restore` work on SQLite files only (PostgreSQL is backed up with
/// pg_dump and pg_restore, checked in tests/operations/test_backup.py), so these tests run on
/// SQLite alone.
@Suite struct BackupTests {
    /// A fresh folder for one test's files, removed after.
    func withFolder<R: Sendable>(_ body: (String) async throws -> R) async throws -> R {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pasan-backup-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return try await body(folder)
    }

    /// Rows of every table of the database.
    func tableCounts(_ database: Database) async throws -> [String: Int] {
        try await database.read { db in
            let tables = try await db.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
                .map { try $0.decode(column: "name", as: String.self) }
            var counts: [String: Int] = [:]
            for table in tables {
                counts[table] = try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self)
            }
            return counts
        }
    }

    func open(_ path: String) async throws -> Database {
        try await Database.open(.sqlite(path: path), logger: TestDatabases.logger)
    }

    func leftovers(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }
    }

    @Test func aBackupTakenDuringAWriteRestoresIntoAnEmptyFileWithTheSameRows() async throws {
        try await withFolder { folder in
            try await TestDatabases.withSeeded(.sqlite) { database in
                let before = try await tableCounts(database)
                #expect(before["observations"] ?? 0 > 0, "the demo database has published observations")
                #expect(before["users"] ?? 0 > 0, "the demo database has accounts")

                // A write transaction is open (its row inserted, not committed) while the backup runs.
                let (started, startedSignal) = AsyncStream<Void>.makeStream()
                let (release, releaseSignal) = AsyncStream<Void>.makeStream()
                let writer = Task {
                    try await database.write { db in
                        try await db.insert(into: "pasan_meta").columns("key", "value", "updated_at")
                            .values(SQLBind("backup-test"), SQLBind("in flight"), SQLBind("2026-12-03T00:00:00Z")).run()
                        try await db.raw("DELETE FROM sessions").run()
                        startedSignal.yield()
                        for await _ in release { break }
                    }
                }
                for await _ in started { break }
                let file = folder + "/pasan-backup.sqlite"
                let summary = try await DatabaseBackup.backup(database, to: file)
                releaseSignal.yield()
                releaseSignal.finish()
                try await writer.value
                let after = try await tableCounts(database)
                #expect(after["pasan_meta"] == (before["pasan_meta"] ?? 0) + 1, "the write was committed after the backup")

                #expect(summary.path == DatabaseBackup.absolute(file))
                #expect(summary.migrations == Migrations.all.map(\.id))
                #expect(summary.rows("observations") == before["observations"])
                #expect(summary.rows("users") == before["users"])
                #expect(summary.counts.map(\.table) == DatabaseBackup.keyTables)
                #expect(summary.bytes > 0 && summary.bytes == DatabaseBackup.fileSize(file))
                #expect(try leftovers(folder).isEmpty)

                // Restored into a file that does not exist yet: the rows as they were when the
                // backup started, without the write that was in flight.
                let target = folder + "/restored/pasan.sqlite"
                let restored = try await DatabaseBackup.restore(from: file, to: .sqlite(path: target), logger: TestDatabases.logger)
                #expect(restored.appliedMigrations.isEmpty)
                #expect(!restored.replacedExisting)
                #expect(restored.backup.counts == summary.counts)
                let copy = try await open(target)
                let restoredCounts = try await tableCounts(copy)
                let marker = try await copy.read { db in
                    try await db.select().column("value").from("pasan_meta").where("key", .equal, "backup-test").first()
                }
                await copy.close()
                #expect(restoredCounts == before)
                #expect(marker == nil)
                #expect(try leftovers(folder + "/restored").isEmpty)
            }
        }
    }

    @Test func anExistingFileIsNotOverwrittenWithoutForce() async throws {
        try await withFolder { folder in
            try await TestDatabases.withSeeded(.sqlite) { database in
                let file = folder + "/kept.sqlite"
                try Data("keep me".utf8).write(to: URL(fileURLWithPath: file))
                await #expect(throws: DatabaseBackup.Problem.destinationExists(path: file)) {
                    try await DatabaseBackup.backup(database, to: file)
                }
                #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep me")
                #expect(try leftovers(folder).isEmpty)
                let summary = try await DatabaseBackup.backup(database, to: file, force: true)
                #expect(summary.migrationLevel == Migrations.all.map(\.id).max())
                let inspected = try await DatabaseBackup.inspect(file)
                #expect(inspected.counts == summary.counts)
            }
        }
    }

    @Test func aBackupOfAMissingDatabaseCreatesNothing() async throws {
        try await withFolder { folder in
            let missing = folder + "/none.sqlite"
            await #expect(throws: DatabaseBackup.Problem.noDatabase(path: missing)) {
                try await DatabaseBackup.backup(.sqlite(path: missing), to: folder + "/b.sqlite", logger: TestDatabases.logger)
            }
            let entries = try FileManager.default.contentsOfDirectory(atPath: folder)
            #expect(entries.isEmpty)
        }
    }

    @Test func filesThatAreNotPasanBackupsAreRefused() async throws {
        try await withFolder { folder in
            let target = folder + "/target.sqlite"
            let text = folder + "/notes.txt"
            try Data("this is not a database, it is a note about one\n".utf8).write(to: URL(fileURLWithPath: text))
            await #expect(throws: DatabaseBackup.Problem.self) {
                try await DatabaseBackup.restore(from: text, to: .sqlite(path: target), logger: TestDatabases.logger)
            }
            let other = folder + "/other.sqlite"
            try await DatabaseBackup.withConnection(other) { connection in
                _ = try await connection.query("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
                _ = try await connection.query("INSERT INTO things (name) VALUES ('a')")
            }
            await #expect(throws: DatabaseBackup.Problem.notPasan(path: other)) {
                try await DatabaseBackup.restore(from: other, to: .sqlite(path: target), logger: TestDatabases.logger)
            }
            await #expect(throws: DatabaseBackup.Problem.fileMissing(path: folder + "/absent.sqlite")) {
                try await DatabaseBackup.restore(from: folder + "/absent.sqlite", to: .sqlite(path: target), logger: TestDatabases.logger)
            }
            #expect(!FileManager.default.fileExists(atPath: target), "a refused restore creates no database")
            #expect(try leftovers(folder).isEmpty)
        }
    }

    @Test func aBackupFromANewerPasanIsRefused() async throws {
        try await withFolder { folder in
            let file = folder + "/newer.sqlite"
            try await TestDatabases.withSeeded(.sqlite) { database in
                _ = try await DatabaseBackup.backup(database, to: file)
            }
            let next = (Migrations.all.map(\.id).max() ?? 0) + 1
            try await DatabaseBackup.withConnection(file) { connection in
                _ = try await connection.query(
                    "INSERT INTO schema_migrations (id, name, applied_at) VALUES (\(next), 'from the future', '2030-01-01T00:00:00Z')"
                )
            }
            let target = folder + "/target.sqlite"
            await #expect(throws: DatabaseBackup.Problem.newerSchema(path: file, unknown: [next], known: next - 1)) {
                try await DatabaseBackup.restore(from: file, to: .sqlite(path: target), logger: TestDatabases.logger)
            }
            #expect(!FileManager.default.fileExists(atPath: target))
            #expect(try leftovers(folder).isEmpty)
        }
    }

    @Test func aNonEmptyTargetIsReplacedOnlyWithForce() async throws {
        try await withFolder { folder in
            let file = folder + "/backup.sqlite"
            try await TestDatabases.withSeeded(.sqlite) { database in
                _ = try await DatabaseBackup.backup(database, to: file)
            }
            // The target: a Pasan database with one account only, left with a -wal file.
            let target = folder + "/live.sqlite"
            let live = try await open(target)
            try await MigrationRunner(database: live).migrate()
            try await live.write { db in
                try await db.insert(into: "pasan_meta").columns("key", "value", "updated_at")
                    .values(SQLBind("only-here"), SQLBind("x"), SQLBind("2026-12-03T00:00:00Z")).run()
            }
            await live.close()
            try Data("stale log".utf8).write(to: URL(fileURLWithPath: target + "-wal"))
            await #expect(throws: DatabaseBackup.Problem.targetNotEmpty(path: target)) {
                try await DatabaseBackup.restore(from: file, to: .sqlite(path: target), logger: TestDatabases.logger)
            }
            let restored = try await DatabaseBackup.restore(
                from: file,
                to: .sqlite(path: target),
                force: true,
                logger: TestDatabases.logger
            )
            #expect(restored.replacedExisting)
            let copy = try await open(target)
            let marker = try await copy.read { db in
                try await db.select().column("value").from("pasan_meta").where("key", .equal, "only-here").first()
            }
            let counts = try await tableCounts(copy)
            await copy.close()
            #expect(marker == nil, "the old database was replaced")
            #expect(counts["observations"] == restored.backup.rows("observations"))
        }
    }

    @Test func aRestoreWaitsForNoOneWhileTheStartUpLockIsHeld() async throws {
        try await withFolder { folder in
            let file = folder + "/backup.sqlite"
            try await TestDatabases.withSeeded(.sqlite) { database in
                _ = try await DatabaseBackup.backup(database, to: file)
            }
            let target = folder + "/starting.sqlite"
            let starting = try await open(target)
            let outcome: DatabaseBackup.Problem? = try await starting.withBootstrapLock {
                do {
                    _ = try await DatabaseBackup.restore(from: file, to: .sqlite(path: target), force: true, logger: TestDatabases.logger)
                    return nil
                } catch let problem as DatabaseBackup.Problem {
                    return problem
                }
            }
            await starting.close()
            guard case .inUse(let path, _) = outcome else {
                Issue.record("expected a refusal while the start-up lock is held, got \(String(describing: outcome))")
                return
            }
            #expect(path == DatabaseBackup.absolute(target))
        }
    }

    @Test func anOlderBackupIsMigratedToThisVersionOnRestore() async throws {
        try await withFolder { folder in
            let old = folder + "/old.sqlite"
            let earlier = Array(Migrations.all.dropLast())
            let database = try await open(old)
            try await MigrationRunner(database: database, migrations: earlier).migrate()
            let file = folder + "/old-backup.sqlite"
            let summary = try await DatabaseBackup.backup(database, to: file)
            await database.close()
            #expect(summary.migrations == earlier.map(\.id))

            let target = folder + "/restored.sqlite"
            let restored = try await DatabaseBackup.restore(from: file, to: .sqlite(path: target), logger: TestDatabases.logger)
            #expect(restored.appliedMigrations.map(\.id) == [Migrations.all.last?.id].compactMap { $0 })
            let copy = try await open(target)
            let applied = try await MigrationRunner(database: copy).appliedIDs()
            await copy.close()
            #expect(applied == Migrations.all.map(\.id))
        }
    }

    @Test func postgreSQLGetsPgDumpCommandsWithoutThePassword() throws {
        guard case .postgres(let settings) = try DatabaseLocation(url: "postgres://pasan:s3cret@db.example:5433/pasan") else {
            Issue.record("not parsed as PostgreSQL")
            return
        }
        let commands = DatabaseBackup.postgresCommands(settings, file: "/backups/pasan 2026.dump")
        #expect(
            commands.backup == [
                "pg_dump --format=custom --host=db.example --port=5433 --username=pasan --dbname=pasan --file='/backups/pasan 2026.dump'"
            ]
        )
        #expect(commands.restore.contains { $0.hasPrefix("pg_restore --no-owner ") && $0.hasSuffix(" '/backups/pasan 2026.dump'") })
        #expect(commands.restore.last == "pasan migrate --database-url postgres://pasan@db.example:5433/pasan")
        #expect(!(commands.backup + commands.restore).joined().contains("s3cret"))
        let elsewhere = DatabaseBackup.postgresCommands(settings, file: "pasan.dump", restoreInto: "pasan_restored")
        #expect(elsewhere.restore.first == "createdb --host=db.example --port=5433 --username=pasan pasan_restored")
        #expect(elsewhere.restore.last == "pasan migrate --database-url postgres://pasan@db.example:5433/pasan_restored")
    }
}
