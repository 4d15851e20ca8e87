import Foundation
import PasanDomain

/// What `/api/system/info` says about a DHIS2 server, read tolerantly: every field may be
/// missing, and a field of the wrong kind is left out rather than refused (a client only shows
/// these, and decides the dialect by `version`).
public struct DHIS2SystemInfo: Sendable, Hashable {
    /// `2.41.1`, `2.42-SNAPSHOT`…
    public var version: String?
    public var revision: String?
    /// `iso8601`, `ethiopian`, `nepali`…
    public var calendar: String?
    public var serverTimeZoneId: String?

    public init(version: String?, revision: String?, calendar: String?, serverTimeZoneId: String?) {
        self.version = version
        self.revision = revision
        self.calendar = calendar
        self.serverTimeZoneId = serverTimeZoneId
    }

    /// Major and minor version (`2.41.1` → 2, 41), or `nil` when `version` does not start so.
    public var release: (major: Int, minor: Int)? {
        guard let version else { return nil }
        let parts = version.split(whereSeparator: { !$0.isNumber && $0 != "." }).first?.split(separator: ".") ?? []
        guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        return (major, minor)
    }

    /// The system info of an `/api/system/info` answer; only a file that is not a JSON object is
    /// refused.
    public static func read(_ data: Data, file: String) throws -> DHIS2SystemInfo {
        let root = try JSONDocument.read(data, file: file).get()
        guard case .object = root else {
            throw ExchangeProblems([ExchangeProblem(file: file, found: root.echo, expected: Message("dhis2_exchange.json.object"))])
        }
        func text(_ key: String) -> String? {
            guard case .string(let text)? = root[key], !text.isEmpty else { return nil }
            return text
        }
        return DHIS2SystemInfo(
            version: text("version"),
            revision: text("revision"),
            calendar: text("calendar"),
            serverTimeZoneId: text("serverTimeZoneId")
        )
    }
}
