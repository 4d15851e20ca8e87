import ArgumentParser
import Foundation
import PasanDomain
import PasanReferenceData
import PasanStorage

/// Options every command that touches the database shares. Each is also read from the
/// environment and from the configuration file (docs/operations/configuration.md).
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("config"),
        help: ArgumentHelp(
            "YAML configuration file; its keys are the long options' names (docs/operations/configuration.md). Default: $PASAN_CONFIG, else none.",
            valueName: "file"
        )
    )
    var configFile: String?

    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "postgres://user:password@host:port/database, or sqlite://path/to/file.sqlite. Default: $PASAN_DATABASE_URL or $DATABASE_URL, else the embedded SQLite file \(DatabaseLocation.defaultSQLitePath).",
            valueName: "url"
        )
    )
    var databaseURL: String?

    @Option(
        name: .customLong("database-url-file"),
        help: ArgumentHelp(
            "File holding the database URL, so that its password is neither on the command line nor in `ps` (a line break at its end is ignored). Default: $PASAN_DATABASE_URL_FILE.",
            valueName: "file"
        )
    )
    var databaseURLFile: String?

    var commandLineValues: [String: CommandLineValue] {
        var values: [String: CommandLineValue] = [:]
        values[ConfigurationKey.config.name] = configFile.map(CommandLineValue.text)
        values[ConfigurationKey.databaseURL.name] = databaseURL.map(CommandLineValue.text)
        values[ConfigurationKey.databaseURLFile.name] = databaseURLFile.map(CommandLineValue.text)
        return values
    }

    /// The database named by the command line, the environment or the configuration file;
    /// a configuration with problems ends the command (exit 64) naming each.
    func location() async -> DatabaseLocation {
        await ConfigurationResolver(commandLine: commandLineValues, environment: ProcessInfo.processInfo.environment)
            .settingsOrExit().database
    }
}

/// The options of `pasan serve` (and of `pasan config check`, which shows what they resolve to).
/// None has a default here: an option not given falls to the environment, then to the
/// configuration file, then to Pasan's default.
struct ServeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Address to listen on. Default: $PASAN_HOST, else 127.0.0.1.", valueName: "address"))
    var host: String?

    @Option(help: "Port to listen on (0 picks a free one). Default: $PASAN_PORT, else 8080.")
    var port: Int?

    @Option(
        name: .customLong("public-url"),
        help: ArgumentHelp(
            "Address users reach Pasan at, for links in e-mail (https://… also marks cookies Secure). Default: $PASAN_PUBLIC_URL, else http://host:port.",
            valueName: "url"
        )
    )
    var publicURL: String?

    @Option(
        name: .customLong("default-language"),
        help: "Language of the portal's address / and of pages that name none. Default: $PASAN_DEFAULT_LANGUAGE, else lo."
    )
    var defaultLanguage: Language?

    @OptionGroup var database: DatabaseOptions

    @Flag(
        inversion: .prefixedNo,
        help:
            "Also load the demo dataset (published SDG 18 values, demo accounts, assignments, focal points). Default: $PASAN_DEMO, else no."
    )
    var demo: Bool?

    @Option(
        name: .customLong("smtp-url"),
        help: ArgumentHelp(
            "Mail server for the outbox: smtp://user:password@host:587?starttls=true or smtps://… Default: $PASAN_SMTP_URL; without one, e-mail waits in the outbox.",
            valueName: "url"
        )
    )
    var smtpURL: String?

    @Option(
        name: .customLong("smtp-url-file"),
        help: ArgumentHelp(
            "File holding the mail server's URL, so that its password is not on the command line (a line break at its end is ignored). Default: $PASAN_SMTP_URL_FILE.",
            valueName: "file"
        )
    )
    var smtpURLFile: String?

    @Option(
        name: .customLong("mail-from"),
        help: ArgumentHelp("Sender of Pasan's e-mail. Default: $PASAN_MAIL_FROM, else pasan@localhost.", valueName: "address")
    )
    var mailFrom: String?

    @Option(
        name: .customLong("cache-mb"),
        help:
            "Memory for rendered public pages, in MB (least recently used pages are dropped; 0 keeps none). Default: $PASAN_CACHE_MB, else 64."
    )
    var cacheMB: Int?

    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "IP address of a reverse proxy in front of Pasan (repeatable); for requests from it the client's address is read from X-Forwarded-For. Default: $PASAN_TRUSTED_PROXIES (comma-separated), else none.",
            valueName: "address"
        )
    )
    var trustedProxies: [String] = []

    @Option(
        name: .customLong("secret-key-file"),
        help: ArgumentHelp(
            "File holding the key that seals DHIS2 credentials (instead of $PASAN_SECRET_KEY). Default: $PASAN_SECRET_KEY_FILE.",
            valueName: "file"
        )
    )
    var secretKeyFile: String?

    @Option(
        name: .customLong("log-level"),
        help: "Least severe log messages written. Default: $PASAN_LOG_LEVEL or $LOG_LEVEL, else notice."
    )
    var logLevel: LogLevel?

    @Option(
        name: .customLong("log-format"),
        help: "text, or json: one JSON object per line (timestamp, level, label, message, metadata). Default: $PASAN_LOG_FORMAT, else text."
    )
    var logFormat: LogFormat?

    var commandLineValues: [String: CommandLineValue] {
        var values = database.commandLineValues
        func set(_ key: ConfigurationKey, _ value: String?) {
            if let value { values[key.name] = .text(value) }
        }
        set(.host, host)
        set(.port, port.map(String.init))
        set(.publicURL, publicURL)
        set(.defaultLanguage, defaultLanguage?.rawValue)
        set(.demo, demo.map { $0 ? "true" : "false" })
        set(.smtpURL, smtpURL)
        set(.smtpURLFile, smtpURLFile)
        set(.mailFrom, mailFrom)
        set(.cacheMB, cacheMB.map(String.init))
        if !trustedProxies.isEmpty { values[ConfigurationKey.trustedProxies.name] = .list(trustedProxies) }
        set(.secretKeyFile, secretKeyFile)
        set(.logLevel, logLevel?.rawValue)
        set(.logFormat, logFormat?.rawValue)
        return values
    }

    var resolver: ConfigurationResolver {
        ConfigurationResolver(commandLine: commandLineValues, environment: ProcessInfo.processInfo.environment)
    }

    /// The settings `pasan serve` runs with; a configuration with problems ends the command
    /// (exit 64) naming each.
    func settings() async -> ServeSettings {
        await resolver.settingsOrExit()
    }
}

extension ConfigurationResolver {
    /// The exit code of a configuration with problems (`EX_USAGE`, as for a bad option).
    static let invalidExitCode: Int32 = 64

    /// The settings, or every problem on standard error and exit 64.
    func settingsOrExit() async -> ServeSettings {
        let resolution = await resolve()
        guard resolution.isValid else {
            Self.writeProblems(resolution.problems)
            Foundation.exit(Self.invalidExitCode)
        }
        return resolution.settings
    }

    static func writeProblems(_ problems: [ConfigurationProblem], pointToCheck: Bool = true) {
        var text = problems.map { "pasan: \($0)\n" }.joined()
        text += "pasan: the configuration is not valid (\(problems.count) problem(s))"
        text += pointToCheck ? "; `pasan config check` shows all of it\n" : "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}

extension Role: ExpressibleByArgument {}

extension ProgressCSV.Method: ExpressibleByArgument {}
