import Foundation
import PasanDomain
import PasanMessages
import SQLKit

/// Why a token could not be created or revoked.
public enum APITokenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name or the expiry breaks `APITokenRules`.
    case invalid([Message])
    case notFound
    case alreadyRevoked

    public var description: String { messages.map { $0.text(in: .en) }.joined(separator: " ") }

    public var messages: [Message] {
        switch self {
        case .invalid(let problems): problems
        case .notFound: [Message("api_tokens.error.notFound")]
        case .alreadyRevoked: [Message("api_tokens.error.alreadyRevoked")]
        }
    }
}

/// Institutions' API tokens: created with a random secret that is returned once and stored only
/// as its SHA-256, listed, revoked, looked up from what a client presents, their last use written
/// at most once a minute, and every creation, revocation and refused use in the audit log (with
/// the token's prefix, never its secret).
public struct APITokenRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// What a presented credential names.
    public enum Lookup: Sendable, Equatable {
        /// Not written as a Pasan token at all.
        case malformed
        /// Well-formed, but no token has this prefix.
        case unknown(prefix: String)
        /// A token has this prefix, but the secret is not its secret.
        case wrongSecret(APIToken)
        case found(APIToken)
    }

    /// Creates a token of `institution`; returns it and its whole text (`pasan_ab12cd34_…`), which
    /// is never available again.
    public func create(
        institution: String,
        name: String,
        scope: APITokenScope,
        expiresOn: LocalDate,
        change: ChangeContext
    ) async throws -> (token: APIToken, secret: String) {
        let now = database.clock.now()
        let name = name.trimmingSpaces
        let problems = APITokenRules.problems(name: name, expiresOn: expiresOn, today: database.clock.today)
        guard problems.isEmpty else { throw APITokenError.invalid(problems) }
        return try await database.write { db in
            var prefix = Self.newPrefix()
            while try await db.select().column("id").from("api_tokens").where("prefix", .equal, prefix).first() != nil {
                prefix = Self.newPrefix()
            }
            let whole = APITokenFormat.token(prefix: prefix, secret: Secrets.token())
            let row = try await db.insert(into: "api_tokens")
                .columns(
                    "institution",
                    "name",
                    "prefix",
                    "token_hash",
                    "scope",
                    "created_at",
                    "created_by",
                    "created_by_name",
                    "expires_on"
                )
                .values(
                    SQLBind(institution),
                    SQLBind(name),
                    SQLBind(prefix),
                    SQLBind(Secrets.tokenHash(whole)),
                    SQLBind(scope.rawValue),
                    SQLBind(Timestamp.string(from: now)),
                    SQLValue.int(change.actorID.map(Int.init)),
                    SQLBind(change.actorName),
                    SQLBind(expiresOn.description)
                )
                .returning("id").first()
            let token = APIToken(
                id: Int64(try row!.int("id")),
                institution: institution,
                name: name,
                prefix: prefix,
                scope: scope,
                createdAt: Timestamp.date(Timestamp.string(from: now)),
                createdBy: change.actorName,
                expiresOn: expiresOn
            )
            try await AuditLog.record(
                db,
                change,
                action: "create-api-token",
                entity: "api-token",
                id: String(token.id),
                before: Optional<Nothing>.none,
                after: Audited(token)
            )
            return (token, whole)
        }
    }

    /// The tokens of an institution, newest first.
    public func tokens(institution: String) async throws -> [APIToken] {
        try await database.read { db in
            try await db.select().column("*").from("api_tokens").where("institution", .equal, institution)
                .orderBy("id", .descending).all().map(Self.token)
        }
    }

    /// How many tokens of each institution are usable today (neither revoked nor expired).
    public func activeCounts() async throws -> [String: Int] {
        let today = database.clock.today.description
        return try await database.read { db in
            var counts: [String: Int] = [:]
            for row in try await db.select().column("institution").from("api_tokens").where("revoked_at", .is, SQLLiteral.null)
                .where("expires_on", .greaterThanOrEqual, today).all()
            {
                counts[try row.string("institution"), default: 0] += 1
            }
            return counts
        }
    }

    public func token(id: Int64) async throws -> APIToken? {
        try await database.read { db in
            try await db.select().column("*").from("api_tokens").where("id", .equal, id).first().map(Self.token)
        }
    }

    /// Revokes a token of `institution` for good (a token of another institution is not found).
    @discardableResult
    public func revoke(id: Int64, institution: String, change: ChangeContext) async throws -> APIToken {
        let now = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            guard
                let before = try await db.select().column("*").from("api_tokens").where("id", .equal, id)
                    .where("institution", .equal, institution).first().map(Self.token)
            else { throw APITokenError.notFound }
            guard before.revokedAt == nil else { throw APITokenError.alreadyRevoked }
            try await db.update("api_tokens").set("revoked_at", to: now).set("revoked_by", to: SQLValue.int(change.actorID.map(Int.init)))
                .set("revoked_by_name", to: change.actorName).where("id", .equal, id).run()
            var after = before
            after.revokedAt = Timestamp.date(now)
            after.revokedBy = change.actorName
            try await AuditLog.record(
                db,
                change,
                action: "revoke-api-token",
                entity: "api-token",
                id: String(id),
                before: Audited(before),
                after: Audited(after)
            )
            return after
        }
    }

    /// The token `presented` names. The secret is compared through its hash, in constant time.
    public func lookup(_ presented: String) async throws -> Lookup {
        guard let prefix = APITokenFormat.prefix(of: presented) else { return .malformed }
        let row = try await database.read { db in
            try await db.select().column("*").from("api_tokens").where("prefix", .equal, prefix).first()
        }
        guard let row else { return .unknown(prefix: prefix) }
        let token = try Self.token(row)
        let stored = try row.string("token_hash")
        let given = Secrets.tokenHash(presented)
        return Secrets.constantTimeEqual(Data(stored.utf8), Data(given.utf8)) ? .found(token) : .wrongSecret(token)
    }

    /// Writes `at` as the token's last use unless one was written less than a minute before
    /// (`APITokenRules.lastUsedResolution`), also when several processes serve the token.
    public func recordUse(id: Int64, at: Date) async throws {
        let stamp = Timestamp.string(from: at)
        let since = Timestamp.string(from: at.addingTimeInterval(-APITokenRules.lastUsedResolution))
        try await database.write { db in
            try await db.update("api_tokens").set("last_used_at", to: stamp).where("id", .equal, id)
                .where { $0.where("last_used_at", .is, SQLLiteral.null).orWhere("last_used_at", .lessThanOrEqual, since) }.run()
        }
    }

    /// What the audit log keeps of a refused use: the token (when the prefix names one), why,
    /// with which status, and the request's method and path; never what was presented.
    public struct Refusal: Sendable, Encodable {
        public var prefix: String
        public var institution: String?
        public var reason: String
        public var status: Int
        public var request: String

        public init(prefix: String, institution: String?, reason: String, status: Int, request: String) {
            self.prefix = prefix
            self.institution = institution
            self.reason = reason
            self.status = status
            self.request = request
        }
    }

    /// Records a refused use of a token in the audit log (entity `api-token`, the token's id).
    public func recordRefusal(of token: APIToken, _ refusal: Refusal, change: ChangeContext) async throws {
        try await database.write { db in
            try await AuditLog.record(
                db,
                change,
                action: "refuse-api-token",
                entity: "api-token",
                id: String(token.id),
                before: Optional<Nothing>.none,
                after: refusal
            )
        }
    }

    // MARK: Rows

    /// `pasan_` and eight random hexadecimal digits.
    static func newPrefix() -> String {
        APITokenFormat.marker + Secrets.randomBytes(APITokenFormat.prefixDigits / 2).map { String(format: "%02x", $0) }.joined()
    }

    static func token(_ row: any SQLRow) throws -> APIToken {
        // An expiry that does not read as a day makes the token expired, never unlimited.
        let expiresOn = LocalDate(iso: try row.string("expires_on")) ?? LocalDate(year: 1970, month: 1, day: 1)!
        return APIToken(
            id: Int64(try row.int("id")),
            institution: try row.string("institution"),
            name: try row.string("name"),
            prefix: try row.string("prefix"),
            scope: APITokenScope(rawValue: try row.string("scope")) ?? .read,
            createdAt: Timestamp.date(try row.string("created_at")),
            createdBy: try row.string("created_by_name"),
            expiresOn: expiresOn,
            lastUsedAt: try row.optionalString("last_used_at").map(Timestamp.date),
            revokedAt: try row.optionalString("revoked_at").map(Timestamp.date),
            revokedBy: try row.optionalString("revoked_by_name")
        )
    }

    /// A token as the audit log records it (never its secret or hash).
    struct Audited: Encodable {
        var institution: String
        var name: String
        var prefix: String
        var scope: String
        var expiresOn: String
        var revokedAt: String?

        init(_ token: APIToken) {
            institution = token.institution
            name = token.name
            prefix = token.prefix
            scope = token.scope.rawValue
            expiresOn = token.expiresOn.description
            revokedAt = token.revokedAt.map(Timestamp.string)
        }

        enum CodingKeys: String, CodingKey {
            case institution, name, prefix, scope
            case expiresOn = "expires_on"
            case revokedAt = "revoked_at"
        }
    }
}
