import Foundation
import Logging
import PostgresNIO
import SQLKit

/// What changed, as the other Pasan processes on the same database need to hear it: each
/// process keeps the catalog, the progress table and rendered pages in memory
/// (`PortalState`), so a change made through one process must reach the others.
public enum DataChange: String, Sendable, CaseIterable {
    /// Published data, the catalog, settings or texts: reload everything, forget every page.
    case data
    /// Only what pages show (assignments, focal points, roles): forget every rendered page.
    case pages
}

/// What a process hears from the others (`Database.watchChanges`).
public enum ChangeEvent: Sendable, Equatable {
    case changed(DataChange)
    /// The feed was interrupted (database lost and back): notices may have been missed, so
    /// reload as for `.data`.
    case resync
}

/// The change feed between the processes that share one database (`docs/operations/deployment.md`).
///
/// PostgreSQL: `NOTIFY pasan_changes` with the sender's node id and the change, which every
/// other process hears on a connection kept in `LISTEN`; a lost connection is re-established
/// with back-off and answered by a full reload (`.resync`), since notices sent meanwhile are gone.
/// SQLite: a row in `change_notices`, which the other processes sharing the file poll for (a
/// primary-key range read, several times a second); rows older than an hour are deleted.
extension Database {
    static let changeChannel = "pasan_changes"

    /// Tells the other processes that `change` happened here (`node`: this process's id, so it
    /// does not hear itself). Delivered after the caller's transaction has committed, since it is
    /// called after the write returns.
    public func announce(_ change: DataChange, from node: String) async throws {
        let payload = "\(node) \(change.rawValue)"
        switch kind {
        case .postgres:
            _ = try await read { db in try await db.raw("SELECT pg_notify(\(bind: Self.changeChannel), \(bind: payload))").all() }
        case .sqlite:
            let now = clock.now()
            try await write { db in
                try await db.insert(into: "change_notices").columns("node", "change", "announced_at")
                    .values(SQLBind(node), SQLBind(change.rawValue), SQLBind(Timestamp.string(from: now))).run()
                try await db.delete(from: "change_notices")
                    .where("announced_at", .lessThan, SQLBind(Timestamp.string(from: now.addingTimeInterval(-3600)))).run()
            }
        }
    }

    /// The changes the other processes announce, until the task that reads the stream is
    /// cancelled. `pollInterval`: how often SQLite is read (PostgreSQL pushes).
    public func watchChanges(node: String, pollInterval: Duration = .milliseconds(250)) -> AsyncStream<ChangeEvent> {
        let (stream, continuation) = AsyncStream<ChangeEvent>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let task = Task {
            switch kind {
            case .postgres: await listenForChanges(node: node, continuation)
            case .sqlite: await pollForChanges(node: node, every: pollInterval, continuation)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Parses a notice's payload: the sender's node id and the change.
    static func notice(_ payload: String) -> (node: String, change: DataChange)? {
        let parts = payload.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, let change = DataChange(rawValue: parts[1]) else { return nil }
        return (parts[0], change)
    }

    private func listenForChanges(node: String, _ continuation: AsyncStream<ChangeEvent>.Continuation) async {
        guard let client = postgresClient else { return }
        var delay = Duration.milliseconds(250)
        var interrupted = false
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: Self.changeChannel) { notices in
                        if interrupted {
                            continuation.yield(.resync)
                            interrupted = false
                        }
                        delay = .milliseconds(250)
                        for try await notice in notices {
                            guard let (sender, change) = Self.notice(notice.payload), sender != node else { continue }
                            continuation.yield(.changed(change))
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("change feed: LISTEN lost (\(Self.describe(error))); trying again in \(delay)")
            }
            interrupted = true
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }

    private func pollForChanges(node: String, every interval: Duration, _ continuation: AsyncStream<ChangeEvent>.Continuation) async {
        var last: Int64?
        var interrupted = false
        while !Task.isCancelled {
            do {
                if let seen = last {
                    let rows = try await read { db in
                        try await db.select().columns("id", "node", "change").from("change_notices")
                            .where("id", .greaterThan, SQLBind(seen)).orderBy("id").all()
                    }
                    for row in rows {
                        last = max(last ?? 0, try row.decode(column: "id", as: Int64.self))
                        let sender = try row.decode(column: "node", as: String.self)
                        guard sender != node, let change = DataChange(rawValue: try row.decode(column: "change", as: String.self)) else {
                            continue
                        }
                        continuation.yield(.changed(change))
                    }
                } else {
                    last =
                        try await read { db in
                            try await db.raw("SELECT COALESCE(MAX(id), 0) AS last FROM change_notices").first()?.decode(
                                column: "last",
                                as: Int64.self
                            )
                        } ?? 0
                }
                if interrupted {
                    continuation.yield(.resync)
                    interrupted = false
                }
            } catch {
                if Task.isCancelled { return }
                if !interrupted { logger.warning("change feed: cannot read change_notices (\(error))") }
                interrupted = true
            }
            try? await Task.sleep(for: interval)
        }
    }
}
