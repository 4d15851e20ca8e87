import Crypto
import Foundation
import SQLKit

/// The CSRF tokens of the forms shown before sign-in (sign-in, password reset): a double-submit
/// cookie whose value must also be a genuine token, `random.HMAC-SHA256(secret, random)`. The
/// secret lives in `pasan_meta`, so every Pasan process on the same database issues and accepts
/// the same tokens; a cookie/field pair an attacker made up does not verify. The secret is never
/// logged or shown.
public struct FormTokenSigner: Sendable {
    private let key: SymmetricKey

    static let metaKey = "anonymous_csrf_secret"

    public init(secret: Data) {
        key = SymmetricKey(data: secret)
    }

    /// Reads the shared secret, creating it first if this is the first process to need it:
    /// insert-if-absent, then read, so processes starting together all end up with the one row.
    public static func load(database: Database) async throws -> FormTokenSigner {
        let candidate = Data(Secrets.randomBytes(32)).base64EncodedString()
        try await database.write { db in
            try await db.insert(into: "pasan_meta").columns("key", "value", "updated_at")
                .values(SQLBind(metaKey), SQLBind(candidate), SQLBind(Timestamp.now()))
                .ignoringConflicts(with: "key").run()
        }
        let stored = try await database.read { db in
            try await db.select().column("value").from("pasan_meta").where("key", .equal, metaKey).first()?
                .decode(column: "value", as: String.self)
        }
        guard let stored, let secret = Data(base64Encoded: stored), secret.count >= 32 else {
            throw FormTokenError.unreadableSecret
        }
        return FormTokenSigner(secret: secret)
    }

    /// A new token: 256 random bits and their MAC, both base64url.
    public func issue() -> String {
        let nonce = Secrets.token()
        return nonce + "." + mac(nonce)
    }

    /// Whether `token` was issued with this secret (compared in constant time).
    public func isGenuine(_ token: String) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count >= 32, parts[0].count <= 64, parts[1].count <= 64 else { return false }
        return Secrets.constantTimeEqual(Data(mac(String(parts[0])).utf8), Data(parts[1].utf8))
    }

    private func mac(_ nonce: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(nonce.utf8), using: key)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

public enum FormTokenError: Error, CustomStringConvertible {
    case unreadableSecret

    public var description: String { "the form-token secret in pasan_meta is missing or malformed" }
}
