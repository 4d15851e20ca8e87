import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PasanDomain
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// The database Pasan runs on. Every query goes through SQLKit, so one code path serves SQLite
/// (embedded default) and PostgreSQL (production); the few real differences live in `Dialect`.
public final class Database: Sendable {
    public enum Kind: String, Sendable {
        case sqlite
        case postgres
    }

    public let kind: Kind
    public let location: DatabaseLocation
    let logger: Logger
    private let backend: Backend
    private let writeLock = AsyncLock()

    private enum Backend: Sendable {
        case sqlite(SQLiteConnectionPool)
        case postgres(PostgresClient, Task<Void, Never>)
    }

    /// Where "now" and "today" come from for everything that uses this database.
    public let clock: DateProvider

    private init(kind: Kind, location: DatabaseLocation, logger: Logger, backend: Backend, clock: DateProvider) {
        self.clock = clock
        self.kind = kind
        self.location = location
        self.logger = logger
        self.backend = backend
    }

    /// Opens the database; for PostgreSQL, first proves the server answers, so an unreachable
    /// server is a one-line error naming host and port rather than a hang.
    /// Seconds to wait for a PostgreSQL connection unless the URL says (`?connect_timeout=N`): Pasan's default.
    public static let defaultConnectTimeout = 5

    public static func open(
        _ location: DatabaseLocation,
        logger: Logger,
        clock: DateProvider = .system
    ) async throws(StorageError) -> Database {
        switch location {
        case .sqlite(let path):
            let url = URL(fileURLWithPath: path)
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw .cannotOpen(path: path, reason: error.localizedDescription)
            }
            let pool = SQLiteConnectionPool(path: url.path, maximumConnections: 4, logger: logger)
            let database = Database(kind: .sqlite, location: location, logger: logger, backend: .sqlite(pool), clock: clock)
            do {
                _ = try await database.read { db in try await db.raw("SELECT 1 AS one").first() }
            } catch {
                await database.close()
                throw .cannotOpen(path: path, reason: String(describing: error))
            }
            return database
        case .postgres(let settings):
            let tls: PostgresConnection.Configuration.TLS
            if settings.requireTLS {
                do { tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration())) } catch {
                    throw .unreachable(host: settings.host, port: settings.port, reason: "TLS could not be set up (\(error))")
                }
            } else {
                tls = .disable
            }
            var probeConfiguration = PostgresConnection.Configuration(
                host: settings.host,
                port: settings.port,
                username: settings.username,
                password: settings.password,
                database: settings.database,
                tls: tls
            )
            probeConfiguration.options.connectTimeout = .seconds(Int64(settings.connectTimeout ?? Self.defaultConnectTimeout))
            do {
                let probe = try await PostgresConnection.connect(configuration: probeConfiguration, id: 0, logger: logger)
                try await probe.close()
            } catch {
                throw .unreachable(host: settings.host, port: settings.port, reason: Self.describe(error))
            }
            var configuration = PostgresClient.Configuration(
                host: settings.host,
                port: settings.port,
                username: settings.username,
                password: settings.password,
                database: settings.database,
                tls: settings.requireTLS ? .require(.makeClientConfiguration()) : .disable
            )
            configuration.options.maximumConnections = 16
            configuration.options.connectTimeout = .seconds(Int64(settings.connectTimeout ?? Self.defaultConnectTimeout))
            let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
            // Lease connections only once the pool is running.
            let (started, signal) = AsyncStream<Void>.makeStream()
            let task = Task {
                signal.finish()
                await client.run()
            }
            for await _ in started {}
            do {
                try await client.withConnection { connection in _ = try await connection.query("SELECT 1", logger: logger) }
            } catch {
                task.cancel()
                throw .unreachable(host: settings.host, port: settings.port, reason: Self.describe(error))
            }
            return Database(kind: .postgres, location: location, logger: logger, backend: .postgres(client, task), clock: clock)
        }
    }

    /// Runs `body` with a connection for reading.
    public func read<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let asked = ContinuousClock.now
        switch backend {
        case .sqlite(let pool):
            return try await pool.withConnection { connection in
                StorageMetrics.connectionWait.record(duration: ContinuousClock.now - asked)
                return try await body(connection.sql())
            }
        case .postgres(let client, _):
            // PostgreSQL's pool waits for a connection as long as it takes (it keeps reconnecting
            // while the server is down): a request waits `leaseTimeout` at most, then fails as
            // unavailable (503), and the node serves again once the server is back.
            let leased = LeaseFlag()
            return try await withThrowingTaskGroup(of: R?.self) { group in
                group.addTask {
                    try await client.withConnection { connection in
                        leased.set()
                        StorageMetrics.connectionWait.record(duration: ContinuousClock.now - asked)
                        return try await body(connection.sql())
                    }
                }
                group.addTask {
                    try await Task.sleep(for: self.leaseTimeout)
                    guard leased.isSet else {
                        let (host, port) = self.postgresAddress
                        throw StorageError.unreachable(host: host, port: port, reason: "no connection within \(self.leaseTimeout)")
                    }
                    return nil
                }
                while let result = try await group.next() {
                    if let result {
                        group.cancelAll()
                        return result
                    }
                }
                throw CancellationError()
            }
        }
    }

    /// How long a request waits for a PostgreSQL connection before it is answered 503: Pasan's
    /// default, or the URL's `connect_timeout` when that is longer (a wait shorter than the time a
    /// new connection is allowed to take would fail requests the URL allows).
    static let defaultLeaseTimeout: Duration = .seconds(10)

    var leaseTimeout: Duration {
        if case .postgres(let settings) = location, let seconds = settings.connectTimeout, .seconds(seconds) > Self.defaultLeaseTimeout {
            return .seconds(seconds)
        }
        return Self.defaultLeaseTimeout
    }

    private var postgresAddress: (String, Int) {
        if case .postgres(let settings) = location { return (settings.host, settings.port) }
        return ("", 0)
    }

    /// Runs `body` in one transaction: all of it is written, or none of it.
    public func write<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let begin = kind == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        let transaction: @Sendable (any SQLDatabase) async throws -> R = { db in
            try await db.raw(SQLQueryString(begin)).run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
        if kind == .sqlite {
            return try await writeLock.withLock { try await self.read(transaction) }
        }
        return try await read(transaction)
    }

    /// Runs `body` while holding the start-up lock, so that two processes starting together on
    /// the same database migrate and seed one after the other (the second then finds everything
    /// in place). PostgreSQL: a session advisory lock; SQLite: an exclusive `flock` on a file
    /// beside the database.
    public func withBootstrapLock<R: Sendable>(_ body: @escaping @Sendable () async throws -> R) async throws -> R {
        switch backend {
        case .postgres(let client, _):
            return try await client.withConnection { connection in
                _ = try await connection.query("SELECT pg_advisory_lock(7301947)", logger: self.logger)
                do {
                    let result = try await body()
                    _ = try await connection.query("SELECT pg_advisory_unlock(7301947)", logger: self.logger)
                    return result
                } catch {
                    _ = try? await connection.query("SELECT pg_advisory_unlock(7301947)", logger: self.logger)
                    throw error
                }
            }
        case .sqlite:
            guard case .sqlite(let path) = location else { return try await body() }
            let lock = try await FileLock.acquire(path: path + ".lock")
            defer { lock.release() }
            return try await body()
        }
    }

    /// The PostgreSQL pool, for what only PostgreSQL offers (`LISTEN`, session advisory locks);
    /// `nil` on SQLite.
    var postgresClient: PostgresClient? {
        if case .postgres(let client, _) = backend { return client }
        return nil
    }

    public func close() async {
        switch backend {
        case .sqlite(let pool):
            await pool.close()
        case .postgres(_, let task):
            task.cancel()
            _ = await task.value
        }
    }

    static func describe(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            if let underlying = psql.underlying { return describe(underlying) }
            return "\(psql.code)"
        }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        if let channel = error as? ChannelError {
            switch channel {
            case .connectTimeout: return "connection timed out"
            default: return "\(channel)"
            }
        }
        if let connect = error as? NIOConnectionError {
            if let first = connect.connectionErrors.first { return describe(first.error) }
            if let dns = connect.dnsAAAAError ?? connect.dnsAError { return "host name not found (\(dns))" }
            return "\(connect)"
        }
        return String(describing: error)
    }
}

/// Whether a connection was leased (set once, read by the lease timer).
final class LeaseFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .releasing) }
    var isSet: Bool { value.load(ordering: .acquiring) }
}

/// An exclusive advisory lock on a file (`flock`), held by this process until released; waits
/// (without blocking a thread) while another process holds it.
struct FileLock: Sendable {
    let descriptor: Int32

    static func acquire(path: String, timeout: Duration = .seconds(600)) async throws -> FileLock {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StorageError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        let deadline = ContinuousClock.now + timeout
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard ContinuousClock.now < deadline else {
                close(descriptor)
                throw StorageError.cannotOpen(path: path, reason: "another Pasan process has held the start-up lock for too long")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        return FileLock(descriptor: descriptor)
    }

    /// The lock if no other process holds it now; `nil` at once otherwise.
    static func tryAcquire(path: String) throws -> FileLock? {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StorageError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return FileLock(descriptor: descriptor)
    }

    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
