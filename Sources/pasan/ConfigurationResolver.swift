import Configuration
import Foundation
import PasanDomain
import PasanMail
import PasanStorage
import PasanWeb
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the value of a key came from, highest precedence first.
indirect enum ConfigurationSource: Sendable, Equatable, CustomStringConvertible {
    case commandLine(flag: String)
    case environment(variable: String)
    case file(place: String)
    /// The content of a secret file, whose path came from `namedBy` (e.g. `database-url-file`).
    case secretFile(path: String, namedBy: String, pathSource: ConfigurationSource)
    case pasansDefault

    /// Command line 3, environment 2, file 1, Pasan's default 0.
    var rank: Int {
        switch self {
        case .commandLine: 3
        case .environment: 2
        case .file: 1
        case .secretFile(_, _, let pathSource): pathSource.rank
        case .pasansDefault: 0
        }
    }

    var description: String {
        switch self {
        case .commandLine(let flag): "command line \(flag)"
        case .environment(let variable): "environment \(variable)"
        case .file(let place): "file \(place)"
        case .secretFile(let path, let namedBy, _): "content of \(path), named by \(namedBy)"
        case .pasansDefault: "Pasan's default"
        }
    }

    /// Where a problem of the value is reported: the flag, the variable, `file:line`, the file.
    var place: String {
        switch self {
        case .commandLine(let flag): flag
        case .environment(let variable): variable
        case .file(let place): place
        case .secretFile(let path, _, _): path
        case .pasansDefault: "Pasan's default"
        }
    }
}

/// A value given on the command line, as the resolver takes it.
enum CommandLineValue: Sendable, Equatable {
    case text(String)
    case list([String])
}

/// The effective value of one key and where it came from.
struct ConfigurationEntry: Sendable {
    let key: ConfigurationKey
    /// `nil` when no place names the key.
    var text: String?
    var list: [String]?
    var source: ConfigurationSource

    var isSet: Bool { text != nil || list != nil }
}

/// Everything `pasan serve` runs with, resolved and checked.
struct ServeSettings: Sendable {
    var host = "127.0.0.1"
    var port = 8080
    var publicURL: String?
    var defaultLanguage = Language.lo
    var database = DatabaseLocation.sqlite(path: DatabaseLocation.defaultSQLitePath)
    var demo = false
    var smtp: SMTPConfiguration?
    var mailFrom = "pasan@localhost"
    var cacheMB = 64
    var trustedProxies: [String] = []
    var secrets: SecretBox?
    var logLevel = LogLevel.notice
    var logFormat = LogFormat.text

    var cacheBytes: Int { cacheMB * 1024 * 1024 }

    var portalConfiguration: PortalConfiguration {
        PortalConfiguration(
            host: host,
            port: port,
            defaultLanguage: defaultLanguage,
            publicURL: publicURL,
            trustedProxies: Set(trustedProxies)
        )
    }
}

/// The outcome of resolving the configuration: every key's effective value and source, the
/// settings built from them, and every problem found.
struct ConfigurationResolution: Sendable {
    var entries: [ConfigurationEntry]
    var settings: ServeSettings
    var problems: [ConfigurationProblem]

    var isValid: Bool { problems.isEmpty }

    func entry(_ key: ConfigurationKey) -> ConfigurationEntry? { entries.first { $0.key == key } }

    /// `pasan config check`'s listing: `key = value  (source)`, secrets masked.
    func report() -> [String] {
        let width = (entries.map(\.key.name.count).max() ?? 0) + 1
        return entries.map { entry in
            let name = entry.key.name.padding(toLength: width, withPad: " ", startingAt: 0)
            return "\(name)= \(displayValue(entry))  (\(entry.source))"
        }
    }

    func displayValue(_ entry: ConfigurationEntry) -> String {
        if let list = entry.list { return list.isEmpty ? "none" : list.joined(separator: ", ") }
        guard let text = entry.text else {
            if entry.key == .publicURL { return settings.portalConfiguration.publicURL }
            return entry.key.defaultDescription
        }
        return ConfigurationMasking.mask(text, secrecy: entry.key.secrecy)
    }
}

/// Secrets as `pasan config check` shows them.
enum ConfigurationMasking {
    static let mask = "*****"

    static func mask(_ value: String, secrecy: ConfigurationKey.Secrecy) -> String {
        switch secrecy {
        case .none: value
        case .whole: mask
        case .urlPassword: maskingPassword(in: value)
        }
    }

    /// The URL with the password of its user information (`user:password@`) and the values of
    /// query parameters naming a password replaced by `*****`.
    static func maskingPassword(in url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        var result = String(url[..<schemeEnd.upperBound])
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                result += userInfo[..<colon] + ":" + mask
            } else {
                result += userInfo
            }
            result += authority[at...]
        } else {
            result += authority
        }
        let rest = afterScheme[authorityEnd...]
        guard let question = rest.firstIndex(of: "?") else { return result + rest }
        result += rest[...question]
        let query = rest[rest.index(after: question)...]
        let fragmentStart = query.firstIndex(of: "#") ?? query.endIndex
        let items = query[..<fragmentStart].split(separator: "&", omittingEmptySubsequences: false).map { item -> String in
            guard let equals = item.firstIndex(of: "=") else { return String(item) }
            let name = item[..<equals].lowercased()
            return name.contains("pass") || name.contains("secret") ? item[..<equals] + "=" + mask : String(item)
        }
        return result + items.joined(separator: "&") + query[fragmentStart...]
    }
}

/// Reads every key through swift-configuration: a `ConfigReader` over the command line (an
/// in-memory provider of the parsed options), the `PASAN_…` environment variables, the older
/// `DATABASE_URL` and `LOG_LEVEL`, and the YAML file, in that order; an access reporter tells
/// which provider answered each key. Then reads secret files and checks every value.
struct ConfigurationResolver: Sendable {
    var commandLine: [String: CommandLineValue]
    var environment: [String: String]

    /// Collects the access events of the reader, so the source of each value is known.
    private final class SourceRecorder: AccessReporter, Sendable {
        private let events = Mutex<[String: AccessEvent]>([:])

        func report(_ event: AccessEvent) {
            events.withLock { $0[event.metadata.key.components.joined(separator: ".")] = event }
        }

        func event(for name: String) -> AccessEvent? { events.withLock { $0[name] } }
    }

    /// The providers in precedence order; `sources` maps the index of the provider that answered
    /// to the source of the value.
    private struct Providers {
        var list: [any ConfigProvider]
        var sources: [@Sendable (ConfigurationKey) -> ConfigurationSource]

        /// One reader over the providers, with the recorder of its accesses.
        func reader() -> (ConfigReader, SourceRecorder) {
            let recorder = SourceRecorder()
            return (ConfigReader(providers: list, accessReporter: recorder), recorder)
        }
    }

    private func providers(file: ConfigurationFile?) async -> (Providers, [ConfigurationProblem]) {
        var problems: [ConfigurationProblem] = []
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (name, value) in commandLine {
            let secret = ConfigurationKey.named(name)?.secrecy != ConfigurationKey.Secrecy.none
            switch value {
            case .text(let text): values[AbsoluteConfigKey([name])] = ConfigValue(.string(text), isSecret: secret)
            case .list(let list): values[AbsoluteConfigKey([name])] = ConfigValue(.stringArray(list), isSecret: secret)
            }
        }
        // An empty variable counts as not set (as `VAR=` in an environment file usually means).
        let given = environment.filter { !$0.value.isEmpty }
        let legacyNames = Set(ConfigurationKey.all.compactMap(\.legacyEnvironment))
        var providers = Providers(
            list: [
                InMemoryProvider(name: "command line", values: values),
                KeyMappingProvider(upstream: EnvironmentVariablesProvider(environmentVariables: given)) { key in
                    AbsoluteConfigKey(["pasan"] + key.components)
                },
                // DATABASE_URL and LOG_LEVEL, read as before: the key's name in capitals.
                EnvironmentVariablesProvider(environmentVariables: given.filter { legacyNames.contains($0.key) }),
            ],
            sources: [
                { .commandLine(flag: $0.flag ?? $0.name) },
                { .environment(variable: $0.environment) },
                { .environment(variable: $0.legacyEnvironment ?? $0.environment) },
            ]
        )
        if let file, file.isReadable, !file.lines.isEmpty {
            do {
                providers.list.append(try await FileProvider<YAMLSnapshot>(filePath: .init(file.path)))
                providers.sources.append { .file(place: file.place(of: $0.name)) }
            } catch {
                problems.append(ConfigurationProblem(place: file.path, message: "the configuration file cannot be read (\(error))"))
            }
        }
        return (providers, problems)
    }

    /// Resolves and checks every key.
    func resolve() async -> ConfigurationResolution {
        var problems: [ConfigurationProblem] = []
        // The file's own path comes from the command line or the environment only.
        let (early, _) = await providers(file: nil)
        let configEntry = read(.config, from: early.reader(), sources: early.sources, problems: &problems)
        let file = configEntry.text.map { ConfigurationFile.read(path: $0, namedAt: configEntry.source.place) }
        problems += file?.problems ?? []
        let (all, providerProblems) = await providers(file: file)
        problems += providerProblems
        var entries = [configEntry]
        let reader = all.reader()
        for key in ConfigurationKey.all where key != .config {
            entries.append(read(key, from: reader, sources: all.sources, problems: &problems))
        }
        func index(_ key: ConfigurationKey) -> Int { entries.firstIndex { $0.key == key }! }
        for (valueKey, fileKey) in [
            (ConfigurationKey.databaseURL, ConfigurationKey.databaseURLFile), (.smtpURL, .smtpURLFile), (.secretKey, .secretKeyFile),
        ] {
            if let replaced = secretFromFile(entries[index(valueKey)], named: entries[index(fileKey)], problems: &problems) {
                entries[index(valueKey)] = replaced
            }
        }
        var settings = ServeSettings()
        check(entries, into: &settings, problems: &problems)
        return ConfigurationResolution(entries: entries, settings: settings, problems: problems)
    }

    private func read(
        _ key: ConfigurationKey,
        from access: (reader: ConfigReader, recorder: SourceRecorder),
        sources: [@Sendable (ConfigurationKey) -> ConfigurationSource],
        problems: inout [ConfigurationProblem]
    ) -> ConfigurationEntry {
        let (reader, recorder) = access
        let configKey = ConfigKey([key.name])
        let secret = key.secrecy != .none
        var entry = ConfigurationEntry(key: key, source: .pasansDefault)
        if key.isList {
            entry.list = reader.stringArray(forKey: configKey, isSecret: secret)?.filter { !$0.isEmpty }
        } else {
            entry.text = reader.string(forKey: configKey, isSecret: secret)
        }
        guard let event = recorder.event(for: key.name), !event.providerResults.isEmpty else { return entry }
        let answered = event.providerResults.count - 1
        let source = sources[answered](key)
        switch event.result {
        case .success(.some):
            entry.source = source
        case .success(nil):
            break
        case .failure:
            // The file's own check has said it already (with the line), when the file is the place.
            guard !problems.contains(where: { $0.place == source.place }) else { break }
            problems.append(
                ConfigurationProblem(place: source.place, message: key.isList ? "\(key.name) takes a list" : "\(key.name) takes one value")
            )
        }
        return entry
    }

    /// `database-url-file` and the like: the secret is read from the named file, unless the
    /// secret itself is given with a higher precedence; both at the same level is a problem.
    private func secretFromFile(
        _ value: ConfigurationEntry,
        named file: ConfigurationEntry,
        problems: inout [ConfigurationProblem]
    ) -> ConfigurationEntry? {
        guard let path = file.text else { return nil }
        if value.isSet {
            if value.source.rank == file.source.rank {
                problems.append(
                    ConfigurationProblem(
                        place: file.source.place,
                        message: "both \(value.key.name) (\(value.source)) and \(file.key.name) are given: give one"
                    )
                )
                return nil
            }
            if value.source.rank > file.source.rank { return nil }
        }
        var entry = value
        switch SecretFile.secret(at: path) {
        case .success(let secret):
            entry.text = secret
            entry.source = .secretFile(path: path, namedBy: file.key.name, pathSource: file.source)
            return entry
        case .failure(let problem):
            problems.append(ConfigurationProblem(place: file.source.place, message: "\(file.key.name): \(problem.reason)"))
            entry.text = nil
            entry.source = .pasansDefault
            return entry
        }
    }

    /// Checks every value and builds the settings; problems name the place and never repeat a
    /// secret.
    private func check(_ entries: [ConfigurationEntry], into settings: inout ServeSettings, problems: inout [ConfigurationProblem]) {
        func given(_ key: ConfigurationKey) -> (String, ConfigurationSource)? {
            guard let entry = entries.first(where: { $0.key == key }), let text = entry.text else { return nil }
            return (text, entry.source)
        }
        func problem(_ source: ConfigurationSource, _ message: String) {
            problems.append(ConfigurationProblem(place: source.place, message: message))
        }
        if let (text, source) = given(.host) {
            if text.trimmingCharacters(in: .whitespaces).isEmpty || text.contains(" ") {
                problem(source, "host: '\(text)' is not an address to listen on")
            } else {
                settings.host = text
            }
        }
        if let (text, source) = given(.port) {
            if let port = Int(text.trimmingCharacters(in: .whitespaces)), (0...65535).contains(port) {
                settings.port = port
            } else {
                problem(source, "port: '\(text)' is not a port number (0 to 65535; 0 picks a free one)")
            }
        }
        if let (text, source) = given(.publicURL) {
            if let url = URLComponents(string: text), url.scheme == "http" || url.scheme == "https", url.host?.isEmpty == false {
                settings.publicURL = text
            } else {
                problem(source, "public-url: '\(text)' is not an http:// or https:// address")
            }
        }
        if let (text, source) = given(.defaultLanguage) {
            if let language = Language(rawValue: text) {
                settings.defaultLanguage = language
            } else {
                problem(
                    source,
                    "default-language: '\(text)' is not a language of Pasan's interface (\(Language.allCases.map(\.rawValue).joined(separator: ", ")))"
                )
            }
        }
        if let (text, source) = given(.databaseURL) {
            do {
                settings.database = try DatabaseLocation(url: text)
            } catch {
                var reason = "expected postgres://user:password@host:port/database or sqlite://path/to/file.sqlite"
                if case .invalidURL(_, let expected) = error { reason = expected }
                problem(source, "database-url is not a database URL (\(reason))")
            }
        }
        if let (text, source) = given(.demo) {
            if let demo = Self.bool(text) { settings.demo = demo } else { problem(source, "demo: '\(text)' is not true or false") }
        }
        if let (text, source) = given(.mailFrom) {
            if text.contains("@") { settings.mailFrom = text } else { problem(source, "mail-from: '\(text)' is not an e-mail address") }
        }
        if let (text, source) = given(.smtpURL) {
            do { settings.smtp = try SMTPConfiguration(url: text, from: settings.mailFrom) } catch {
                problem(source, "smtp-url: \(error)")
            }
        }
        if let (text, source) = given(.cacheMB) {
            if let mb = Int(text.trimmingCharacters(in: .whitespaces)), (0...1_048_576).contains(mb) {
                settings.cacheMB = mb
            } else {
                problem(source, "cache-mb: '\(text)' is not a number of MB (0 to 1048576)")
            }
        }
        if let entry = entries.first(where: { $0.key == .trustedProxies }), let list = entry.list {
            let bad = list.filter { !Self.isIPAddress($0) }
            if bad.isEmpty {
                settings.trustedProxies = list
            } else {
                problem(entry.source, "trusted-proxies: \(bad.map { "'\($0)'" }.joined(separator: ", ")) is not an IP address")
            }
        }
        if let (text, source) = given(.secretKey) {
            do { settings.secrets = try SecretBox(key: text) } catch {
                problem(
                    source,
                    "the secret key is unusable: it needs at least 32 characters, or 32 bytes in base64 (openssl rand -base64 32)"
                )
            }
        }
        if let (text, source) = given(.logLevel) {
            if let level = LogLevel(rawValue: text.lowercased()) {
                settings.logLevel = level
            } else {
                problem(source, "log-level: '\(text)' is not one of \(LogLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let (text, source) = given(.logFormat) {
            if let format = LogFormat(rawValue: text.lowercased()) {
                settings.logFormat = format
            } else {
                problem(source, "log-format: '\(text)' is not one of \(LogFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
    }

    static func bool(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "yes", "on", "1": true
        case "false", "no", "off", "0": false
        default: nil
        }
    }

    static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
