import Foundation

/// What an API token lets an institution's system do: `read` its submissions' state, values and
/// validation report, or `write`, which also posts tidy rows into them. Write implies read.
public enum APITokenScope: String, Sendable, Hashable, CaseIterable, Codable {
    case read
    case write

    /// Whether a token of this scope may do what `needed` asks.
    public func allows(_ needed: APITokenScope) -> Bool { self == .write || needed == .read }

    public var title: Message {
        switch self {
        case .read: Message("api_tokens.scope.read")
        case .write: Message("api_tokens.scope.write")
        }
    }
}

/// Where a token stands on a day: usable, past its expiry, or revoked.
public enum APITokenStatus: String, Sendable, Hashable {
    case active
    case expired
    case revoked

    public var title: Message {
        switch self {
        case .active: Message("api_tokens.status.active")
        case .expired: Message("api_tokens.status.expired")
        case .revoked: Message("api_tokens.status.revoked")
        }
    }
}

/// An institution's API token as Pasan keeps it. The secret is never kept: it is shown once, at
/// creation, and only its SHA-256 is stored; the prefix (`pasan_ab12cd34`) is what people and
/// logs recognise the token by.
public struct APIToken: Sendable, Hashable, Codable {
    public var id: Int64
    /// The institution whose own submissions the token reads and writes (as their owner).
    public var institution: String
    public var name: String
    public var prefix: String
    public var scope: APITokenScope
    public var createdAt: Date
    public var createdBy: String
    /// The last day the token is accepted (in Lao PDR).
    public var expiresOn: LocalDate
    /// When it was last accepted, to the minute (`APITokenRules.lastUsedResolution`).
    public var lastUsedAt: Date?
    public var revokedAt: Date?
    public var revokedBy: String?

    public init(
        id: Int64,
        institution: String,
        name: String,
        prefix: String,
        scope: APITokenScope,
        createdAt: Date,
        createdBy: String,
        expiresOn: LocalDate,
        lastUsedAt: Date? = nil,
        revokedAt: Date? = nil,
        revokedBy: String? = nil
    ) {
        self.id = id
        self.institution = institution
        self.name = name
        self.prefix = prefix
        self.scope = scope
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.expiresOn = expiresOn
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
        self.revokedBy = revokedBy
    }

    /// Revoked first (for good), then expired after its last day.
    public func status(on today: LocalDate) -> APITokenStatus {
        if revokedAt != nil { return .revoked }
        return today > expiresOn ? .expired : .active
    }
}

/// How a token is written: `pasan_` and eight hexadecimal digits (the prefix, shown on the
/// tokens page and in logs), `_`, then the secret: 43 URL-safe base64 characters (32 random
/// bytes). Anything else is not a Pasan token.
public enum APITokenFormat {
    public static let marker = "pasan_"
    public static let prefixDigits = 8
    public static let secretLength = 43
    public static var length: Int { marker.count + prefixDigits + 1 + secretLength }

    /// The whole token from its prefix and secret.
    public static func token(prefix: String, secret: String) -> String { prefix + "_" + secret }

    /// The prefix (`pasan_ab12cd34`) of a well-formed token, `nil` for anything else.
    public static func prefix(of token: String) -> String? {
        let scalars = Array(token.unicodeScalars)
        guard scalars.count == length, token.hasPrefix(marker) else { return nil }
        let digits = scalars[marker.count..<(marker.count + prefixDigits)]
        guard digits.allSatisfy({ ("0"..."9").contains($0) || ("a"..."f").contains($0) }),
            scalars[marker.count + prefixDigits] == "_"
        else { return nil }
        let secret = scalars[(marker.count + prefixDigits + 1)...]
        let urlSafe = { (c: Unicode.Scalar) in
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_"
        }
        guard secret.allSatisfy(urlSafe) else { return nil }
        return String(String.UnicodeScalarView(scalars[0..<(marker.count + prefixDigits)]))
    }

    /// What a log may say of a presented credential: its prefix when it has one, never more.
    public static func loggable(_ presented: String) -> String {
        prefix(of: presented) ?? (presented.hasPrefix(marker) ? "pasan_(malformed)" : "(not a Pasan token)")
    }
}

/// The rules of a new token: a name, and an expiry that is required and at most one year away.
public enum APITokenRules {
    /// The longest a token may live: one year (Pasan's default).
    public static let maximumLifetimeDays = 365
    /// The expiry the form proposes: 90 days (Pasan's default).
    public static let suggestedLifetimeDays = 90
    public static let maximumNameLength = 100
    /// The last-used time is written at most this often per token (seconds), so a busy client
    /// does not make a write of every request.
    public static let lastUsedResolution: TimeInterval = 60

    /// Why a token with this name and expiry cannot be created `today` (nothing: it can).
    public static func problems(name: String, expiresOn: LocalDate, today: LocalDate) -> [Message] {
        [nameProblem(name), expiryProblem(expiresOn, today: today)].compactMap { $0 }
    }

    /// A name is required: at most `maximumNameLength` characters, no control characters.
    public static func nameProblem(_ name: String) -> Message? {
        if name.isEmpty { return Message("api_tokens.problem.name") }
        if name.count > maximumNameLength || name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return Message("api_tokens.problem.nameTooLong", ["maximum": .number(maximumNameLength)])
        }
        return nil
    }

    /// The expiry is a day after `today`, at most `maximumLifetimeDays` away.
    public static func expiryProblem(_ expiresOn: LocalDate, today: LocalDate) -> Message? {
        let latest = today.adding(days: maximumLifetimeDays)
        guard expiresOn <= today || expiresOn > latest else { return nil }
        return Message(
            "api_tokens.problem.expiry",
            ["earliest": .date(today.adding(days: 1)), "latest": .date(latest), "days": .number(maximumLifetimeDays)]
        )
    }

    /// Whether a use at `now` should be written as the token's last use.
    public static func needsTouch(lastUsedAt: Date?, now: Date) -> Bool {
        guard let lastUsedAt else { return true }
        return now.timeIntervalSince(lastUsedAt) >= lastUsedResolution
    }
}

/// The rate limit of one API token: a token bucket holding `burst` requests, refilled at
/// `perMinute` requests a minute. Pasan's default: 120 a minute, bursts of 30.
public struct APIRateLimit: Sendable, Hashable {
    public var perMinute: Int
    public var burst: Int

    public init(perMinute: Int, burst: Int) {
        self.perMinute = perMinute
        self.burst = burst
    }

    public static let pasanDefault = APIRateLimit(perMinute: 120, burst: 30)

    /// One token's bucket: full at first, one request taken per call.
    public struct Bucket: Sendable, Hashable {
        public private(set) var available: Double
        public private(set) var updatedAt: Date

        public init(_ limit: APIRateLimit, at now: Date) {
            available = Double(limit.burst)
            updatedAt = now
        }

        /// Takes one request at `now`: `nil` when it may go, or the whole seconds to wait.
        public mutating func take(_ limit: APIRateLimit, at now: Date) -> Int? {
            let rate = Double(limit.perMinute) / 60
            let elapsed = max(0, now.timeIntervalSince(updatedAt))
            available = min(Double(limit.burst), available + elapsed * rate)
            updatedAt = max(updatedAt, now)
            guard available >= 1 else { return max(1, Int(((1 - available) / rate).rounded(.up))) }
            available -= 1
            return nil
        }
    }
}
