#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where and how to deliver e-mail.
public struct SMTPConfiguration: Sendable, Equatable {
    public enum Security: String, Sendable, Equatable {
        /// Plain SMTP. Credentials are then only ever sent to a loopback host.
        case none
        /// Plain connection upgraded with STARTTLS before anything else is sent (usually port 587).
        case startTLS = "starttls"
        /// Implicit TLS from the first byte ("SMTPS", usually port 465).
        case tls
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// Envelope and header sender, e.g. "Pasan <pasan@example.org>" or "pasan@example.org".
    public var from: String
    /// Name sent in EHLO.
    public var helloName: String
    /// Time allowed for each network step (connect, each command's reply, the final reply to DATA).
    public var timeout: Duration

    public init(
        host: String,
        port: Int,
        security: Security = .none,
        username: String? = nil,
        password: String? = nil,
        from: String,
        helloName: String = "pasan.local",
        timeout: Duration = .seconds(10)
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.helloName = helloName
        self.timeout = timeout
    }

    /// Parses "smtp://user:pass@host:port", "smtps://…" (implicit TLS), "smtp://…?starttls=true";
    /// percent-decoding of user/pass.
    ///
    /// Default ports: 465 for `smtps`, 587 for `smtp` with STARTTLS, 25 otherwise. IPv6 hosts are
    /// written in brackets (`smtp://[::1]:2525`). The only query parameter is `starttls`
    /// (`true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`, or bare); anything else is an error, so
    /// that a typo cannot silently turn encryption off. Errors never repeat the URL (it may hold
    /// a password).
    public init(url: String, from: String) throws(SMTPError) {
        let parsed = try SMTPURLParser.parse(url)
        self.init(
            host: parsed.host,
            port: parsed.port,
            security: parsed.security,
            username: parsed.username,
            password: parsed.password,
            from: from
        )
    }
}

extension SMTPConfiguration {
    /// Whether `host` names this machine (`localhost`, 127.0.0.0/8, `::1`). Only then may
    /// credentials travel without TLS.
    static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name.hasSuffix(".") { name.removeLast() }
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, name, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { $0.first == 127 }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, name, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in
                let loopback: [UInt8] = Array(repeating: 0, count: 15) + [1]
                if bytes.elementsEqual(loopback) { return true }
                // IPv4-mapped ::ffff:127.x.y.z
                let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]
                return bytes.prefix(12).elementsEqual(mappedPrefix) && bytes[12] == 127
            }
        }
        return false
    }

    /// Whether `host` is an IP address literal (then it is not sent as TLS SNI).
    static func isIPAddress(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}

/// The pieces of an SMTP URL.
struct SMTPURLParser {
    var host: String
    var port: Int
    var security: SMTPConfiguration.Security
    var username: String?
    var password: String?

    static func parse(_ url: String) throws(SMTPError) -> SMTPURLParser {
        let trimmed = url.trimmingASCIIWhitespace()
        guard let schemeEnd = trimmed.firstRange(of: "://") else {
            throw .invalidURL("expected smtp://host[:port] or smtps://host[:port]")
        }
        let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
        var security: SMTPConfiguration.Security
        switch scheme {
        case "smtp": security = .none
        case "smtps": security = .tls
        default: throw .invalidURL("unsupported scheme \"\(scheme.prefix(20))\" (use smtp or smtps)")
        }
        var rest = trimmed[schemeEnd.upperBound...]
        if rest.contains("#") { throw .invalidURL("a fragment (#…) is not allowed") }
        guard !rest.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else {
            throw .invalidURL("spaces and control characters are not allowed (percent-encode them)")
        }

        // authority [/] [?query]
        var query: Substring = ""
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        var authority = rest
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            guard rest[slash...] == "/" else { throw .invalidURL("a path is not allowed") }
        }

        // userinfo@host:port (the password may contain an unencoded "@": split at the last one)
        var username: String?
        var password: String?
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            if let colon = userinfo.firstIndex(of: ":") {
                username = try percentDecoded(userinfo[..<colon], what: "user name")
                password = try percentDecoded(userinfo[userinfo.index(after: colon)...], what: "password")
            } else {
                username = try percentDecoded(userinfo, what: "user name")
            }
            if username?.isEmpty == true {
                if password?.isEmpty == false { throw .invalidURL("a password needs a user name") }
                username = nil
                password = nil
            }
        }

        var host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw .invalidURL("unterminated [IPv6] host") }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw .invalidURL("unexpected text after the [IPv6] host") }
                portText = after.dropFirst()
            }
            guard SMTPConfiguration.isIPAddress(String(host)), host.contains(":") else {
                throw .invalidURL("\"[\(host.prefix(60))]\" is not an IPv6 address")
            }
        } else {
            if let colon = hostPort.firstIndex(of: ":") {
                host = hostPort[..<colon]
                portText = hostPort[hostPort.index(after: colon)...]
            } else {
                host = hostPort
            }
            guard !host.isEmpty else { throw .invalidURL("the host is missing") }
            let allowed = host.unicodeScalars.allSatisfy { s in
                s.isASCIIAlphanumeric || s == "." || s == "-" || s == "_"
            }
            guard allowed, !host.hasPrefix("."), !host.contains("..") else {
                throw .invalidURL("\"\(host.prefix(60))\" is not a valid host name")
            }
        }

        var startTLS: Bool?
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = parts[0].lowercased()
            let value = parts.count > 1 ? parts[1].lowercased() : "true"
            guard key == "starttls" else {
                throw .invalidURL("unknown query parameter \"\(key.prefix(30))\" (only starttls is understood)")
            }
            switch value {
            case "true", "1", "yes", "on": startTLS = true
            case "false", "0", "no", "off": startTLS = false
            default: throw .invalidURL("starttls must be true or false")
            }
        }
        if startTLS == true {
            guard security == .none else {
                throw .invalidURL("smtps:// already uses TLS; starttls=true needs smtp://")
            }
            security = .startTLS
        }

        let port: Int
        if let portText {
            guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy(\.isASCIIDigit),
                let number = Int(portText), (1...65535).contains(number)
            else { throw .invalidURL("the port must be a number from 1 to 65535") }
            port = number
        } else {
            switch security {
            case .tls: port = 465
            case .startTLS: port = 587
            case .none: port = 25
            }
        }
        return SMTPURLParser(host: String(host), port: port, security: security, username: username, password: password)
    }

    /// RFC 3986 percent-decoding (no "+" → space), to UTF-8.
    static func percentDecoded(_ text: Substring, what: String) throws(SMTPError) -> String {
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard let high = utf8.popFirst().flatMap(hexValue), let low = utf8.popFirst().flatMap(hexValue) else {
                    throw .invalidURL("bad percent-encoding in the \(what)")
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        let decoded = String(decoding: bytes, as: UTF8.self)
        guard decoded.utf8.elementsEqual(bytes) else {
            throw .invalidURL("the \(what) is not valid UTF-8 after percent-decoding")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension StringProtocol {
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: self.unicodeScalars)
        guard let first = result.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = result.lastIndex(where: { !isSpace($0) })!
        return String(result[first...last])
    }
}
