import Logging
import NIOCore
import NIOPosix
import SQLiteKit
import SQLiteNIO
import Synchronization

/// A small pool of SQLite connections, opened with the settings Pasan relies on: foreign keys
/// enforced, WAL so readers never block the writer, a busy timeout so a second process waits
/// instead of failing.
final class SQLiteConnectionPool: Sendable {
    private struct State {
        var idle: [SQLiteConnection] = []
        var open = 0
        var waiters: [CheckedContinuation<SQLiteConnection?, any Error>] = []
        var closed = false
    }

    let path: String
    let maximumConnections: Int
    let logger: Logger
    private let state = Mutex(State())

    init(path: String, maximumConnections: Int, logger: Logger) {
        self.path = path
        self.maximumConnections = maximumConnections
        self.logger = logger
    }

    func withConnection<R: Sendable>(_ body: @Sendable (SQLiteConnection) async throws -> R) async throws -> R {
        let connection = try await lease()
        do {
            let result = try await body(connection)
            release(connection)
            return result
        } catch {
            release(connection)
            throw error
        }
    }

    private func lease() async throws -> SQLiteConnection {
        enum Next { case use(SQLiteConnection), open, wait, closed }
        let next = state.withLock { state -> Next in
            if state.closed { return .closed }
            if let connection = state.idle.popLast() { return .use(connection) }
            if state.open < maximumConnections { state.open += 1; return .open }
            return .wait
        }
        switch next {
        case .closed:
            throw SQLitePoolClosed()
        case .use(let connection):
            return connection
        case .open:
            do {
                return try await openConnection()
            } catch {
                state.withLock { $0.open -= 1 }
                throw error
            }
        case .wait:
            let handed = try await withCheckedThrowingContinuation { continuation in
                let immediate = state.withLock { state -> SQLiteConnection?? in
                    if let connection = state.idle.popLast() { return .some(connection) }
                    state.waiters.append(continuation)
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
            guard let handed else { throw SQLitePoolClosed() }
            return handed
        }
    }

    private func release(_ connection: SQLiteConnection) {
        enum Next { case handTo(CheckedContinuation<SQLiteConnection?, any Error>), keep, close }
        let next = state.withLock { state -> Next in
            // Returned after the pool closed (a task still at work when it was closed): closed
            // too, not kept by a pool nobody will close again.
            if state.closed { return .close }
            if !state.waiters.isEmpty { return .handTo(state.waiters.removeFirst()) }
            state.idle.append(connection)
            return .keep
        }
        switch next {
        case .handTo(let waiter): waiter.resume(returning: connection)
        case .keep: break
        case .close: _ = connection.close()
        }
    }

    private func openConnection() async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(
            storage: .file(path: path),
            threadPool: .singleton,
            logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.any()
        )
        do {
            for pragma in [
                "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
                // Pasan's default: 16 MiB of pages per connection (SQLite's own is 2 MiB), so that a
                // country's data is not read again from the operating system for every page.
                "PRAGMA cache_size = -16384",
            ] {
                _ = try await connection.query(pragma)
            }
        } catch {
            try? await connection.close()
            throw error
        }
        return connection
    }

    func close() async {
        let (idle, waiters) = state.withLock { state in
            state.closed = true
            defer { state.idle = []; state.waiters = [] }
            return (state.idle, state.waiters)
        }
        for waiter in waiters { waiter.resume(returning: nil) }
        for connection in idle { try? await connection.close() }
    }
}

struct SQLitePoolClosed: Error, CustomStringConvertible {
    var description: String { "the SQLite connection pool was closed" }
}
