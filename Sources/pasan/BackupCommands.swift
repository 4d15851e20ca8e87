import ArgumentParser
import Foundation
import PasanStorage

/// `pasan backup FILE`: a consistent copy of the SQLite database while the server keeps serving.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the SQLite database to FILE, while Pasan keeps serving.",
        discussion: """
            SQLite: the copy is made with SQLite's VACUUM INTO, which reads the database in one read \
            transaction: a consistent snapshot as of its start, taken while the server goes on \
            reading and writing (SQLiteNIO, Pasan's SQLite driver, does not expose SQLite's online \
            backup API; VACUUM INTO gives the same consistency and writes a compact single file). \
            The copy is written to a temporary file beside FILE, checked with PRAGMA \
            integrity_check, flushed to disk and only then renamed to FILE, so a failed backup \
            leaves nothing half-written. An existing FILE is refused unless --force.

            PostgreSQL: Pasan does not reimplement pg_dump. The command prints the pg_dump \
            (custom format) and pg_restore commands for this database and exits 64; run them \
            with PostgreSQL's own tools, of the server's major version or newer. See \
            docs/operations/backups.md.
            """
    )

    @Argument(help: ArgumentHelp("The backup file to write.", valueName: "file"))
    var file: String

    @Flag(help: "Replace FILE if it already exists.")
    var force = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let location = await database.location()
        if case .postgres(let settings) = location {
            explainPostgres(settings, file: file, command: "backup")
        }
        let started = ContinuousClock.now
        do {
            let summary = try await DatabaseBackup.backup(location, to: file, force: force, logger: makeLogger())
            let elapsed = ContinuousClock.now - started
            say(
                "Wrote \(summary.path): \(describeSize(summary.bytes)), \(describeSchema(summary)), integrity check ok, in \(elapsed.shortText)."
            )
            say("  " + describeCounts(summary))
        } catch {
            fail(error)
        }
    }
}

/// `pasan restore FILE`: a checked backup put in place of the SQLite database, then migrated.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the SQLite database with the backup FILE (checked first), then apply pending migrations.",
        discussion: """
            FILE must be a Pasan SQLite backup: it passes PRAGMA integrity_check, has Pasan's \
            schema_migrations table and no migration newer than this version of Pasan knows. \
            No process may have the database open (stop every `pasan serve` on it first): the \
            restore checks the locks SQLite holds and takes the start-up lock (<database>.lock) \
            until it is done. A database that already has tables is replaced only with --force. \
            FILE is copied to a temporary file beside the database, checked, flushed to disk and \
            renamed into place (the old -wal and -shm files are removed first); then the \
            migrations this version has and the backup lacks are applied.

            PostgreSQL: restore a pg_dump archive with pg_restore into a new, empty database and \
            run `pasan migrate` on it; the command prints those commands and exits 64. See \
            docs/operations/backups.md.
            """
    )

    @Argument(help: ArgumentHelp("The backup file (written by `pasan backup`).", valueName: "file"))
    var file: String

    @Flag(help: "Replace a database that already has tables.")
    var force = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let location = await database.location()
        if case .postgres(let settings) = location {
            explainPostgres(settings, file: file, command: "restore")
        }
        do {
            let restored = try await DatabaseBackup.restore(from: file, to: location, force: force, logger: makeLogger())
            let backup = restored.backup
            say(
                "Restored \(location) from \(backup.path) (\(describeSize(backup.bytes)), \(describeSchema(backup)), integrity check ok)"
                    + (restored.replacedExisting ? "; the database it held was replaced." : ".")
            )
            say("  " + describeCounts(backup))
            if restored.appliedMigrations.isEmpty {
                say("The schema is up to date.")
            } else {
                say("Applied " + restored.appliedMigrations.map { "\($0.id) (\($0.name))" }.joined(separator: ", ") + ".")
            }
        } catch {
            fail(error)
        }
    }
}

/// Prints how to back up or restore a PostgreSQL database with its own tools, then exits 64.
private func explainPostgres(_ settings: DatabaseLocation.PostgresSettings, file: String, command: String) -> Never {
    // A backup is restored into a new database beside the one in use, never over it.
    let commands = DatabaseBackup.postgresCommands(
        settings,
        file: file,
        restoreInto: command == "backup" ? settings.database + "_restored" : nil
    )
    var lines = ["pasan \(command): PostgreSQL is backed up and restored with its own tools; Pasan does not reimplement pg_dump."]
    if command == "backup" {
        lines.append("Back up (custom format, while Pasan serves):")
        lines += commands.backup.map { "  " + $0 }
        lines.append("Restore it into a new, empty database, then bring its schema to this version:")
    } else {
        lines.append(
            "Restore into the new, empty database --database-url names (createdb makes it), then bring its schema to this version:"
        )
    }
    lines += commands.restore.map { "  " + $0 }
    lines.append("The password is read from PGPASSWORD or ~/.pgpass. See docs/operations/backups.md.")
    FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    Foundation.exit(64)
}

private func describeSize(_ bytes: Int64) -> String {
    bytes >= 1_048_576
        ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : bytes >= 1024 ? "\(bytes / 1024) KB" : "\(bytes) bytes"
}

private func describeSchema(_ summary: DatabaseBackup.Summary) -> String {
    let known = Migrations.all.map(\.id).max() ?? 0
    return "schema at migration \(summary.migrationLevel) (this Pasan knows \(known))"
}

private func describeCounts(_ summary: DatabaseBackup.Summary) -> String {
    summary.counts.map { "\($0.table): \($0.rows)" }.joined(separator: ", ")
}

extension Duration {
    fileprivate var shortText: String {
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        return seconds < 1 ? "\(Int(seconds * 1000)) ms" : String(format: "%.1f s", seconds)
    }
}
