import Foundation
import Logging
import SQLKit
import SQLiteKit
import SQLiteNIO

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Backups of Pasan's SQLite database, taken while the server keeps serving, and their restore.
///
/// How a backup is taken: SQLite's `VACUUM INTO`. SQLiteNIO does not expose the online backup
/// API (`sqlite3_backup_*`); `VACUUM INTO` reads the whole database in one read transaction, so
/// the copy is a consistent snapshot as of its start, and in WAL mode (Pasan's) readers never
/// block the writer nor the writer them: the server keeps serving and writing meanwhile. The copy
/// is also compacted and written as a single file (no `-wal` beside it).
///
/// Both directions write a temporary file beside the destination, check it, flush it to disk and
/// only then rename it into place, so a failure leaves nothing half-written.
///
/// PostgreSQL is backed up with its own tools (`pg_dump --format=custom`, `pg_restore`); see
/// `docs/operations/backups.md` and `postgresCommands`.
public enum DatabaseBackup {
    /// The tables whose row counts a backup and a restore report.
    public static let keyTables = [
        "indicators", "series", "observations", "submissions", "users", "audit_log", "plans", "activities",
    ]

    /// What a backup file holds.
    public struct Summary: Sendable, Equatable {
        /// The backup file (or, after a restore, the file restored from).
        public var path: String
        public var bytes: Int64
        /// The ids of the schema migrations applied in it.
        public var migrations: [Int]
        /// Rows of each of `keyTables` that the file has, in that order.
        public var counts: [TableCount]

        /// The highest migration applied (0 when none).
        public var migrationLevel: Int { migrations.max() ?? 0 }

        public func rows(_ table: String) -> Int? {
            counts.first { $0.table == table }?.rows
        }
    }

    public struct TableCount: Sendable, Equatable {
        public var table: String
        public var rows: Int
    }

    /// What a restore did.
    public struct Restored: Sendable {
        /// The backup as checked before it was copied.
        public var backup: Summary
        /// Whether a database with tables was replaced (only with `force`).
        public var replacedExisting: Bool
        /// The migrations applied after the copy (a backup from an older Pasan).
        public var appliedMigrations: [Migration]
    }

    /// Every refusal of a backup or a restore, worded for the operator.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case notSQLite(command: String)
        case noDatabase(path: String)
        case fileMissing(path: String)
        case destinationExists(path: String)
        case sameFile(path: String)
        case notADatabase(path: String, reason: String)
        case integrityFailed(path: String, findings: [String])
        case notPasan(path: String)
        case newerSchema(path: String, unknown: [Int], known: Int)
        case logBeside(path: String)
        case targetNotEmpty(path: String)
        case inUse(path: String, reason: String)
        case fileSystem(path: String, reason: String)

        public var description: String {
            switch self {
            case .notSQLite(let command):
                "pasan \(command) copies SQLite databases; for PostgreSQL use pg_dump and pg_restore (see docs/operations/backups.md)."
            case .noDatabase(let path):
                "There is no database at \(path)."
            case .fileMissing(let path):
                "\(path) does not exist."
            case .destinationExists(let path):
                "\(path) already exists; choose another file or pass --force to replace it."
            case .sameFile(let path):
                "\(path) is the database itself; a backup must be another file."
            case .notADatabase(let path, let reason):
                "\(path) is not an SQLite database (\(reason))."
            case .integrityFailed(let path, let findings):
                "\(path) fails SQLite's integrity check: \(findings.joined(separator: "; "))."
            case .notPasan(let path):
                "\(path) is an SQLite database but not a Pasan one (it has no schema_migrations table)."
            case .newerSchema(let path, let unknown, let known):
                "\(path) was written by a newer Pasan: it has migration(s) \(unknown.map(String.init).joined(separator: ", ")), and this version knows migrations up to \(known). Restore it with that version of Pasan or a newer one."
            case .logBeside(let path):
                "\(path)-wal is beside \(path): the file is part of a live or crashed database, not a backup. Take a backup with `pasan backup` instead."
            case .targetNotEmpty(let path):
                "\(path) already holds a database with tables; pass --force to replace it (take a backup of it first)."
            case .inUse(let path, let reason):
                "\(path) is in use (\(reason)); stop every `pasan serve` on it first."
            case .fileSystem(let path, let reason):
                "\(path): \(reason)."
            }
        }
    }

    // MARK: - Backup

    /// Backs up the SQLite database at `location` into `file` (see `backup(_:to:force:)`).
    public static func backup(_ location: DatabaseLocation, to file: String, force: Bool = false, logger: Logger) async throws -> Summary {
        guard case .sqlite(let path) = location else { throw Problem.notSQLite(command: "backup") }
        // Opening a missing file would create an empty database; a backup of nothing is an error.
        guard FileManager.default.fileExists(atPath: path) else { throw Problem.noDatabase(path: path) }
        let database = try await Database.open(location, logger: logger)
        do {
            let summary = try await backup(database, to: file, force: force)
            await database.close()
            return summary
        } catch {
            await database.close()
            throw error
        }
    }

    /// Writes a consistent copy of the open SQLite `database` to `file` while others keep reading
    /// and writing it: `VACUUM INTO` a temporary file beside `file`, `PRAGMA integrity_check` on
    /// the copy, flushed to disk, then moved into place. Refuses an existing `file` unless `force`.
    public static func backup(_ database: Database, to file: String, force: Bool = false) async throws -> Summary {
        guard case .sqlite(let path) = database.location else { throw Problem.notSQLite(command: "backup") }
        let target = absolute(file)
        if sameFile(target, absolute(path)) { throw Problem.sameFile(path: target) }
        try checkDestination(target, force: force)
        let temporary = temporaryPath(beside: target, purpose: "backup")
        do {
            try await database.read { db in try await db.raw("VACUUM INTO \(bind: temporary)").run() }
            var summary = try await inspect(temporary, reportedAs: target)
            try syncFile(temporary)
            try place(temporary, at: target, replacing: force)
            summary.path = target
            return summary
        } catch {
            removeQuietly(temporary)
            throw error
        }
    }

    // MARK: - Restore

    /// Restores the backup `file` into the SQLite database at `location`: checks the file is a
    /// Pasan backup this version can read (integrity, migrations table, no newer migration),
    /// refuses a target with tables unless `force` and a target any process has open, copies it
    /// beside the target, checks the copy, removes the target's stale `-wal`/`-shm`, renames the
    /// copy into place, then applies the pending migrations. The start-up lock (`<db>.lock`) is
    /// held throughout, so no `pasan serve` can start on the target meanwhile.
    public static func restore(
        from file: String,
        to location: DatabaseLocation,
        force: Bool = false,
        logger: Logger
    ) async throws -> Restored {
        guard case .sqlite(let targetPath) = location else { throw Problem.notSQLite(command: "restore") }
        let source = absolute(file)
        let target = absolute(targetPath)
        let manager = FileManager.default
        guard manager.fileExists(atPath: source) else { throw Problem.fileMissing(path: source) }
        if sameFile(source, target) { throw Problem.sameFile(path: source) }
        if fileSize(source + "-wal") ?? 0 > 0 { throw Problem.logBeside(path: source) }
        let directory = (target as NSString).deletingLastPathComponent
        do { try manager.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw Problem.fileSystem(path: directory, reason: error.localizedDescription)
        }
        guard let lock = try tryStartupLock(target + ".lock") else {
            throw Problem.inUse(path: target, reason: "a Pasan process holds its start-up lock \(target).lock")
        }
        defer { lock.release() }
        if let reason = openElsewhere(target) { throw Problem.inUse(path: target, reason: reason) }
        let replacing = try await hasTables(target)
        if replacing && !force { throw Problem.targetNotEmpty(path: target) }

        let temporary = temporaryPath(beside: target, purpose: "restore")
        let summary: Summary
        do {
            do { try manager.copyItem(atPath: source, toPath: temporary) } catch {
                throw Problem.fileSystem(path: source, reason: "cannot be copied (\(error.localizedDescription))")
            }
            var checked = try await inspect(temporary, reportedAs: source)
            let known = Migrations.all.map(\.id)
            let unknown = Set(checked.migrations).subtracting(known).sorted()
            if !unknown.isEmpty { throw Problem.newerSchema(path: source, unknown: unknown, known: known.max() ?? 0) }
            checked.path = source
            summary = checked
            try syncFile(temporary)
            if let reason = openElsewhere(target) { throw Problem.inUse(path: target, reason: reason) }
            // A -wal left beside the old file would be replayed into the restored one.
            for suffix in ["-wal", "-shm", "-journal"] where manager.fileExists(atPath: target + suffix) {
                do { try manager.removeItem(atPath: target + suffix) } catch {
                    throw Problem.fileSystem(path: target + suffix, reason: "cannot be removed (\(error.localizedDescription))")
                }
            }
            try place(temporary, at: target, replacing: true)
        } catch {
            removeQuietly(temporary)
            throw error
        }

        let database = try await Database.open(.sqlite(path: target), logger: logger)
        do {
            let applied = try await MigrationRunner(database: database).migrate()
            await database.close()
            return Restored(backup: summary, replacedExisting: replacing, appliedMigrations: applied)
        } catch {
            await database.close()
            throw error
        }
    }

    // MARK: - Checks

    /// Checks an SQLite file as a Pasan database: `PRAGMA integrity_check`, the applied
    /// migrations, the rows of `keyTables`. Problems name `reportedAs`. Opens the file itself, so
    /// use it only on files no server has open (a fresh copy).
    public static func inspect(_ path: String, reportedAs: String? = nil) async throws -> Summary {
        let name = reportedAs ?? path
        guard let bytes = fileSize(path) else { throw Problem.fileMissing(path: name) }
        if bytes == 0 { throw Problem.notADatabase(path: name, reason: "it is empty") }
        return try await withConnection(path, reportedAs: name) { connection in
            let db = connection.sql()
            let findings: [String]
            do {
                findings = try await db.raw("PRAGMA integrity_check").all().map {
                    try $0.decode(column: "integrity_check", as: String.self)
                }
            } catch {
                throw Problem.notADatabase(path: name, reason: Database.describe(error))
            }
            guard findings == ["ok"] else { throw Problem.integrityFailed(path: name, findings: Array(findings.prefix(5))) }
            guard try await db.tableExists("schema_migrations") else { throw Problem.notPasan(path: name) }
            let migrations = try await db.select().column("id").from("schema_migrations").orderBy("id").all().map { try $0.int("id") }
            var counts: [TableCount] = []
            for table in keyTables where try await db.tableExists(table) {
                let rows = try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.int("n") ?? 0
                counts.append(TableCount(table: table, rows: rows))
            }
            return Summary(path: name, bytes: bytes, migrations: migrations, counts: counts)
        }
    }

    /// Why the SQLite file at `path` counts as open by another process, or nil. Looks at the
    /// locks SQLite itself takes: every connection holds a shared lock on the database file's
    /// lock bytes (WAL mode, as Pasan runs) and on the dead-man-switch byte of its `-shm` file,
    /// for as long as it is open. Locks of this very process are not seen (POSIX locks), so the
    /// caller must not have the file open.
    public static func openElsewhere(_ path: String) -> String? {
        // SQLite's lock bytes: PENDING_BYTE (0x40000000), RESERVED_BYTE, then 510 SHARED bytes.
        if let pid = lockHolder(path, start: 0x4000_0000, length: 512) {
            return "process \(pid) has it open"
        }
        // The -shm file's lock slots (120…127) and the dead-man-switch byte (128).
        if let pid = lockHolder(path + "-shm", start: 120, length: 9) {
            return "process \(pid) has it open"
        }
        return nil
    }

    // MARK: - PostgreSQL

    /// The commands an operator runs to back up and restore a PostgreSQL database (Pasan does not
    /// reimplement pg_dump). The password is never written into them: pg_dump and pg_restore read
    /// it from PGPASSWORD or ~/.pgpass. `restoreInto`: the new database the restore commands
    /// create and fill (default: the one `settings` names).
    public static func postgresCommands(
        _ settings: DatabaseLocation.PostgresSettings,
        file: String,
        restoreInto: String? = nil
    ) -> (backup: [String], restore: [String]) {
        let connection = [
            "--host=\(shellQuoted(settings.host))", "--port=\(settings.port)", "--username=\(shellQuoted(settings.username))",
        ].joined(separator: " ")
        let fileArgument = shellQuoted(file)
        let database = shellQuoted(settings.database)
        let target = shellQuoted(restoreInto ?? settings.database)
        let url = shellQuoted(
            "postgres://\(settings.username)@\(settings.host):\(settings.port)/\(restoreInto ?? settings.database)"
                + (settings.requireTLS ? "?sslmode=require" : "")
        )
        return (
            backup: ["pg_dump --format=custom \(connection) --dbname=\(database) --file=\(fileArgument)"],
            restore: [
                "createdb \(connection) \(target)",
                "pg_restore --no-owner --exit-on-error --single-transaction \(connection) --dbname=\(target) \(fileArgument)",
                "pasan migrate --database-url \(url)",
            ]
        )
    }

    static func shellQuoted(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "@%+=:,./_-".unicodeScalars.contains($0)
        }
        return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    // MARK: - Files

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    static func fileSize(_ path: String) -> Int64? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return (attributes[.size] as? NSNumber)?.int64Value
    }

    /// Whether both paths name the same file (the same path, or hard/symbolic links to one inode).
    static func sameFile(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        var first = stat()
        var second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    static func checkDestination(_ target: String, force: Bool) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else { return }
        if isDirectory.boolValue { throw Problem.fileSystem(path: target, reason: "is a directory") }
        if !force { throw Problem.destinationExists(path: target) }
    }

    static func temporaryPath(beside target: String, purpose: String) -> String {
        let url = URL(fileURLWithPath: target)
        let name = ".\(url.lastPathComponent).\(purpose)-\(UUID().uuidString.prefix(8).lowercased()).tmp"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    static func removeQuietly(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func syncFile(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Problem.fileSystem(path: path, reason: String(cString: strerror(errno))) }
        defer { _ = close(descriptor) }
        guard fsync(descriptor) == 0 else { throw Problem.fileSystem(path: path, reason: "fsync: \(String(cString: strerror(errno)))") }
    }

    /// Moves the finished temporary file to `target` in one step. Without `replacing`, a file
    /// that appeared at `target` meanwhile is never overwritten (a hard link fails on it).
    static func place(_ temporary: String, at target: String, replacing: Bool) throws {
        if !replacing {
            if link(temporary, target) == 0 {
                _ = unlink(temporary)
                syncDirectory(of: target)
                return
            }
            let code = errno
            if code == EEXIST { throw Problem.destinationExists(path: target) }
            // File systems without hard links: check, then rename.
            if FileManager.default.fileExists(atPath: target) { throw Problem.destinationExists(path: target) }
        }
        guard rename(temporary, target) == 0 else {
            throw Problem.fileSystem(path: target, reason: "cannot be written (\(String(cString: strerror(errno))))")
        }
        syncDirectory(of: target)
    }

    /// Makes the rename durable (best effort: some file systems refuse fsync on a directory).
    static func syncDirectory(of path: String) {
        let descriptor = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }

    /// The pid of a process holding a POSIX lock that conflicts with a write lock on the range.
    static func lockHolder(_ path: String, start: off_t, length: off_t) -> pid_t? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { _ = close(descriptor) }
        var query = flock()
        query.l_type = Int16(F_WRLCK)
        query.l_whence = Int16(SEEK_SET)
        query.l_start = start
        query.l_len = length
        guard fcntl(descriptor, F_GETLK, &query) == 0 else { return nil }
        return query.l_type == Int16(F_UNLCK) ? nil : query.l_pid
    }

    /// Takes the start-up lock without waiting; nil when another process (or another open
    /// descriptor of this one) holds it.
    static func tryStartupLock(_ path: String) throws -> FileLock? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Problem.fileSystem(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            _ = close(descriptor)
            return nil
        }
        return FileLock(descriptor: descriptor)
    }

    /// Whether the SQLite file at `path` exists and has any table (anything unreadable counts
    /// as having tables: it is not replaced without `force`).
    static func hasTables(_ path: String) async throws -> Bool {
        guard let bytes = fileSize(path), bytes > 0 else { return false }
        do {
            return try await withConnection(path) { connection in
                try await connection.sql().raw("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").first()?.int("n") ?? 0 > 0
            }
        } catch {
            return true
        }
    }

    /// Runs `body` on a plain connection to the file (no journal mode change, no pool).
    static func withConnection<R: Sendable>(
        _ path: String,
        reportedAs: String? = nil,
        _ body: @Sendable (SQLiteConnection) async throws -> R
    ) async throws -> R {
        var logger = Logger(label: "pasan.backup")
        logger.logLevel = .critical
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        } catch {
            throw Problem.notADatabase(path: reportedAs ?? path, reason: Database.describe(error))
        }
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }
}
