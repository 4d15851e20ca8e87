import Foundation
import PostgresNIO

/// Background work that must run in one process at a time when several share the database
/// (scheduled DHIS2 pulls, deadline reminders): the first process to take the job's lock runs
/// it, the others skip this round. PostgreSQL: a session advisory lock
/// (`pg_try_advisory_lock`) held on one connection while the job runs; SQLite: an exclusive
/// `flock` on a file beside the database. Either is released when the job ends, or when its
/// process dies.
extension Database {
    /// Runs `body` if no other process is running the job `name` now; returns `nil` (at once)
    /// otherwise.
    public func runExclusively<R: Sendable>(_ name: String, _ body: @escaping @Sendable () async throws -> R) async throws -> R? {
        if let client = postgresClient {
            let key = Self.lockKey(name)
            return try await client.withConnection { connection in
                let rows = try await connection.query("SELECT pg_try_advisory_lock(\(key)) AS won", logger: self.logger)
                var won = false
                for try await row in rows { won = try row.decode(Bool.self) }
                guard won else { return nil }
                do {
                    let result = try await body()
                    _ = try await connection.query("SELECT pg_advisory_unlock(\(key))", logger: self.logger)
                    return result
                } catch {
                    _ = try? await connection.query("SELECT pg_advisory_unlock(\(key))", logger: self.logger)
                    throw error
                }
            }
        }
        guard case .sqlite(let path) = location else { return try await body() }
        guard let lock = try FileLock.tryAcquire(path: "\(path).\(name).lock") else { return nil }
        defer { lock.release() }
        return try await body()
    }

    /// A stable 63-bit key for a job's name (FNV-1a), in a range apart from the start-up locks.
    static func lockKey(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "pasan-job:\(name)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash & 0x3FFF_FFFF_FFFF_FFFF)
    }
}
