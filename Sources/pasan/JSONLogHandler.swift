import ArgumentParser
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The levels of `--log-level`, least to most severe.
enum LogLevel: String, CaseIterable, ExpressibleByArgument, Sendable {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level {
        switch self {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }
}

/// `--log-format`: lines of text for a person, or one JSON object per line for a log collector.
enum LogFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    case text, json
}

/// Writes each log message as one JSON object on one line of standard error: `timestamp`
/// (ISO 8601, UTC, milliseconds), `level`, `label`, `message`, `source` (the module), `error`
/// when one is attached, then every metadata key at the top level (a nested dictionary's keys
/// joined with dots; a key that would shadow one of these gets a `metadata.` prefix). The
/// request id that the request middleware puts into `context.logger` is such a key.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let given = event.metadata { merged.merge(given) { _, new in new } }
        let line = Self.line(
            timestamp: Self.timestamp(),
            level: event.level,
            label: label,
            message: event.message.description,
            source: event.source,
            error: event.error.map { String(describing: $0) },
            metadata: merged
        )
        JSONLogOutput.emit(line)
    }

    static let reservedKeys: Set<String> = ["timestamp", "level", "label", "message", "source", "error"]

    /// One log line (with its line break).
    static func line(
        timestamp: String,
        level: Logger.Level,
        label: String,
        message: String,
        source: String,
        error: String?,
        metadata: Logger.Metadata
    ) -> String {
        var out = "{\"timestamp\":\"\(timestamp)\",\"level\":\"\(level.rawValue)\",\"label\":"
        appendString(label, to: &out)
        out += ",\"message\":"
        appendString(message, to: &out)
        out += ",\"source\":"
        appendString(source, to: &out)
        if let error {
            out += ",\"error\":"
            appendString(error, to: &out)
        }
        var flat: [(String, Logger.MetadataValue)] = []
        flatten(metadata, prefix: "", into: &flat)
        for (key, value) in flat.sorted(by: { $0.0 < $1.0 }) {
            out += ","
            appendString(reservedKeys.contains(key) ? "metadata." + key : key, to: &out)
            out += ":"
            appendValue(value, to: &out)
        }
        out += "}\n"
        return out
    }

    private static func flatten(_ metadata: Logger.Metadata, prefix: String, into flat: inout [(String, Logger.MetadataValue)]) {
        for (key, value) in metadata {
            if case .dictionary(let nested) = value, !nested.isEmpty {
                flatten(nested, prefix: prefix + key + ".", into: &flat)
            } else {
                flat.append((prefix + key, value))
            }
        }
    }

    private static func appendValue(_ value: Logger.MetadataValue, to out: inout String) {
        switch value {
        case .string(let text): appendString(text, to: &out)
        case .stringConvertible(let convertible): appendString(convertible.description, to: &out)
        case .array(let values):
            out += "["
            for (index, element) in values.enumerated() {
                if index > 0 { out += "," }
                appendValue(element, to: &out)
            }
            out += "]"
        case .dictionary(let nested):
            out += "{"
            for (index, (key, element)) in nested.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { out += "," }
                appendString(key, to: &out)
                out += ":"
                appendValue(element, to: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func appendString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Now, as `2026-12-03T04:05:06.789Z`.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = Int(now.tv_nsec / 1_000_000)
        let milliText = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return
            "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(milliText)Z"
    }
}

/// Standard error, one whole line per write even when tasks log at once.
enum JSONLogOutput {
    private static let lock = Mutex(())

    static func emit(_ line: String) {
        var bytes = Array(line.utf8)
        lock.withLock { _ in
            bytes.withUnsafeMutableBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return
                    }
                    offset += written
                }
            }
        }
    }
}

/// The process's logging, set up once (`LoggingSystem.bootstrap` may run only once).
enum LoggingSetup {
    private static let chosen = Mutex<(level: LogLevel, format: LogFormat)?>(nil)

    /// Sets level and format for every logger of the process, Pasan's and its libraries'. The
    /// first call wins; later calls change nothing.
    static func bootstrap(level: LogLevel, format: LogFormat) {
        let first = chosen.withLock { current -> Bool in
            guard current == nil else { return false }
            current = (level, format)
            return true
        }
        guard first else { return }
        let threshold = level.level
        switch format {
        case .json:
            LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: threshold) }
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = threshold
                return handler
            }
        }
    }

    /// For commands other than `serve`: `PASAN_LOG_LEVEL` (or `LOG_LEVEL`) and
    /// `PASAN_LOG_FORMAT`; a value that is not one of the choices leaves Pasan's default.
    static func bootstrapFromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) {
        let levelText = [environment["PASAN_LOG_LEVEL"], environment["LOG_LEVEL"]].compactMap { $0 }.first { !$0.isEmpty }
        let level = levelText.flatMap { LogLevel(rawValue: $0.lowercased()) } ?? .notice
        let format = environment["PASAN_LOG_FORMAT"].flatMap { LogFormat(rawValue: $0.lowercased()) } ?? .text
        bootstrap(level: level, format: format)
    }

    static var level: LogLevel { chosen.withLock { $0?.level } ?? .notice }
}

/// Pasan's logger, at the level chosen for the process (the environment's, when nothing has
/// set up logging yet).
func makeLogger() -> Logger {
    LoggingSetup.bootstrapFromEnvironment()
    var logger = Logger(label: "pasan")
    logger.logLevel = LoggingSetup.level.level
    return logger
}
