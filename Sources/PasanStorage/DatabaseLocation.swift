import Foundation

/// Where Pasan keeps its data: an SQLite file (the embedded default) or a PostgreSQL server.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresSettings)

    /// The embedded default: a file under `./pasan-data/`.
    public static let defaultSQLitePath = "pasan-data/pasan.sqlite"

    public struct PostgresSettings: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        public var requireTLS: Bool
        /// Seconds to wait for a connection (`?connect_timeout=N`, libpq's name); `nil`: Pasan's default.
        public var connectTimeout: Int? = nil
    }

    /// Parses a database URL: `postgres://user:password@host:port/database` (or `postgresql://`),
    /// `sqlite:///absolute/path.sqlite`, `sqlite://relative/path.sqlite`, or a plain file path.
    /// `nil` or empty means the embedded default.
    public init(url: String?) throws(StorageError) {
        guard let url = url?.trimmingCharacters(in: .whitespaces), !url.isEmpty else {
            self = .sqlite(path: Self.defaultSQLitePath)
            return
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
                throw .invalidURL(url, "expected postgres://user:password@host:port/database")
            }
            let database = String(components.path.drop(while: { $0 == "/" }))
            let sslmode = components.queryItems?.first { $0.name == "sslmode" }?.value
            var connectTimeout: Int?
            if let text = components.queryItems?.first(where: { $0.name == "connect_timeout" })?.value {
                guard let seconds = Int(text), seconds > 0 else {
                    throw .invalidURL(url, "connect_timeout must be a whole number of seconds above 0")
                }
                connectTimeout = seconds
            }
            self = .postgres(
                PostgresSettings(
                    host: host,
                    port: components.port ?? 5432,
                    username: components.user?.removingPercentEncoding ?? "postgres",
                    password: components.password?.removingPercentEncoding,
                    database: database.isEmpty ? (components.user ?? "postgres") : database,
                    requireTLS: sslmode == "require" || sslmode == "verify-full" || sslmode == "verify-ca",
                    connectTimeout: connectTimeout
                )
            )
            return
        }
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw .invalidURL(url, "expected sqlite://path/to/file.sqlite") }
            self = .sqlite(path: path)
            return
        }
        if url.contains("://") {
            throw .invalidURL(url, "expected a postgres:// or sqlite:// URL")
        }
        self = .sqlite(path: url)
    }

    public var description: String {
        switch self {
        case .sqlite(let path): "SQLite at \(path)"
        case .postgres(let s): "PostgreSQL at \(s.host):\(s.port)/\(s.database)"
        }
    }
}

/// What can go wrong opening or using storage, worded for the person running Pasan.
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidURL(String, String)
    case unreachable(host: String, port: Int, reason: String)
    case cannotOpen(path: String, reason: String)
    case migrationFailed(id: Int, name: String, reason: String)
    case unknownMigrations([Int])
    case seedingFailed(step: String, reason: String)

    public var description: String {
        switch self {
        case .invalidURL(let url, let expected):
            "Invalid database URL \(url.redactingPassword): \(expected)."
        case .unreachable(let host, let port, let reason):
            "Cannot reach PostgreSQL at \(host):\(port): \(reason)."
        case .cannotOpen(let path, let reason):
            "Cannot open the SQLite database \(path): \(reason)."
        case .migrationFailed(let id, let name, let reason):
            "Migration \(id) (\(name)) failed and was rolled back: \(reason)."
        case .unknownMigrations(let ids):
            "The database has migrations this version of Pasan does not know (\(ids.map(String.init).joined(separator: ", "))): it was written by a newer Pasan."
        case .seedingFailed(let step, let reason):
            "Start-up failed while \(step): \(reason)."
        }
    }
}

extension String {
    /// The URL with any password replaced by `***`, for messages and logs.
    var redactingPassword: String {
        guard var components = URLComponents(string: self), components.password != nil else { return self }
        components.password = "***"
        return components.string ?? self
    }
}
