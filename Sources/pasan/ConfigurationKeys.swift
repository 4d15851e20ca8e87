import PasanStorage

/// One setting of `pasan`: its key in the configuration file, its command-line flag and its
/// environment variables. The same key is read from every place that names it, with the
/// precedence command line > environment > file > Pasan's default.
struct ConfigurationKey: Sendable, Hashable {
    enum Secrecy: Sendable, Hashable {
        /// Shown as it is.
        case none
        /// A URL whose password is masked (`postgres://user:*****@host/db`).
        case urlPassword
        /// Never shown: only its length.
        case whole
    }

    /// The key in the YAML file, e.g. `cache-mb`.
    let name: String
    /// The long flag, e.g. `--cache-mb`; `nil` when the key has none (a secret that must not be
    /// on the command line).
    let flag: String?
    /// Read from the configuration file.
    let inFile: Bool
    /// A list: `--trusted-proxy` repeated, a comma-separated environment variable, a YAML list.
    let isList: Bool
    let secrecy: Secrecy
    /// An older environment variable still read, after the `PASAN_` one.
    let legacyEnvironment: String?
    /// What applies when no place names the key (shown by `pasan config check`).
    let defaultDescription: String

    /// `PASAN_` followed by the key in capitals, `-` becoming `_`.
    var environment: String { "PASAN_" + name.uppercased().replacingOccurrences(of: "-", with: "_") }

    /// Every environment variable read for the key, the first found winning.
    var environmentNames: [String] { [environment] + (legacyEnvironment.map { [$0] } ?? []) }

    init(
        _ name: String,
        flag: Bool = true,
        inFile: Bool = true,
        isList: Bool = false,
        secrecy: Secrecy = .none,
        legacyEnvironment: String? = nil,
        default defaultDescription: String
    ) {
        self.name = name
        self.flag = flag ? "--" + name : nil
        self.inFile = inFile
        self.isList = isList
        self.secrecy = secrecy
        self.legacyEnvironment = legacyEnvironment
        self.defaultDescription = defaultDescription
    }

    init(
        _ name: String,
        flagName: String,
        isList: Bool,
        default defaultDescription: String
    ) {
        self.name = name
        self.flag = "--" + flagName
        self.inFile = true
        self.isList = isList
        self.secrecy = .none
        self.legacyEnvironment = nil
        self.defaultDescription = defaultDescription
    }

    static let config = ConfigurationKey("config", inFile: false, default: "none")
    static let host = ConfigurationKey("host", default: "127.0.0.1")
    static let port = ConfigurationKey("port", default: "8080")
    static let publicURL = ConfigurationKey("public-url", default: "http://host:port")
    static let defaultLanguage = ConfigurationKey("default-language", default: "lo")
    static let databaseURL = ConfigurationKey(
        "database-url",
        secrecy: .urlPassword,
        legacyEnvironment: "DATABASE_URL",
        default: "sqlite://\(DatabaseLocation.defaultSQLitePath)"
    )
    static let databaseURLFile = ConfigurationKey("database-url-file", default: "none")
    static let demo = ConfigurationKey("demo", default: "false")
    static let smtpURL = ConfigurationKey("smtp-url", secrecy: .urlPassword, default: "none: e-mail waits in the outbox")
    static let smtpURLFile = ConfigurationKey("smtp-url-file", default: "none")
    static let mailFrom = ConfigurationKey("mail-from", default: "pasan@localhost")
    static let cacheMB = ConfigurationKey("cache-mb", default: "64")
    static let trustedProxies = ConfigurationKey("trusted-proxies", flagName: "trusted-proxy", isList: true, default: "none")
    static let secretKey = ConfigurationKey(
        "secret-key",
        flag: false,
        inFile: false,
        secrecy: .whole,
        default: "none: DHIS2 connections cannot be registered or pulled"
    )
    static let secretKeyFile = ConfigurationKey("secret-key-file", default: "none")
    static let logLevel = ConfigurationKey("log-level", legacyEnvironment: "LOG_LEVEL", default: "notice")
    static let logFormat = ConfigurationKey("log-format", default: "text")

    /// Every key, in the order `pasan config check` shows them.
    static let all: [ConfigurationKey] = [
        config, host, port, publicURL, defaultLanguage, databaseURL, databaseURLFile, demo, smtpURL, smtpURLFile, mailFrom, cacheMB,
        trustedProxies, secretKey, secretKeyFile, logLevel, logFormat,
    ]

    /// The keys a configuration file may hold.
    static let fileKeys: [ConfigurationKey] = all.filter(\.inFile)

    static func named(_ name: String) -> ConfigurationKey? { all.first { $0.name == name } }
}
