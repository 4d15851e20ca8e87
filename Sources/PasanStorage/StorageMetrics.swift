import Metrics
import NIOCore
import NIOPosix
import PostgresNIO
import SQLKit
import SQLiteNIO

/// What the database layer reports to `/metrics` (swift-metrics; the Prometheus backend is set
/// up by `pasan serve`, and without it these cost nothing).
enum StorageMetrics {
    /// How long a request waited for a pooled connection: the first sign of a pool too small
    /// for the load, or of long transactions holding connections.
    static let connectionWait = Metrics.Timer(label: "pasan_db_connection_wait_seconds", preferredDisplayUnit: .seconds)
}

extension Database {
    /// Messages in the outbox not sent yet, and of those how many have failed at least once.
    public func outboxBacklog() async throws -> (waiting: Int, retrying: Int) {
        try await read { db in
            let row = try await db.raw(
                "SELECT COUNT(*) AS waiting, COALESCE(SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END), 0) AS retrying FROM outbox WHERE sent_at IS NULL"
            ).first()
            return (try row?.decode(column: "waiting", as: Int.self) ?? 0, try row?.decode(column: "retrying", as: Int.self) ?? 0)
        }
    }
}

extension Database {
    /// Whether `error` says the database cannot be reached now (connection refused or lost, the
    /// server shutting down or starting), as opposed to a fault of the request: such requests get
    /// 503 and the node recovers by itself when the database is back.
    public static func isUnavailable(_ error: any Error) -> Bool {
        if let storage = error as? StorageError, case .unreachable = storage { return true }
        if let psql = error as? PSQLError {
            switch psql.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
                return true
            case .server:
                // SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, starting).
                let state = psql.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
            default:
                return psql.underlying.map(isUnavailable) ?? false
            }
        }
        if error is IOError || error is ChannelError || error is NIOConnectionError { return true }
        if let sqlite = error as? SQLiteError {
            return sqlite.reason == .busy || sqlite.reason == .locked
        }
        return false
    }
}
