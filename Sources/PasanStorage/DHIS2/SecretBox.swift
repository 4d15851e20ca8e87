import Crypto
import Foundation

/// Seals secrets that Pasan must keep to act for an institution (a DHIS2 personal access token or
/// password) with AES-GCM under a key from the environment (`PASAN_SECRET_KEY`), so a copy of the
/// database alone never reveals them. The key is never stored; without it, nothing can be
/// registered and nothing sealed can be opened.
public struct SecretBox: Sendable {
    private let key: SymmetricKey

    /// The name of the environment variable that holds the key.
    public static let environmentVariable = "PASAN_SECRET_KEY"

    public enum Problem: Error, Equatable, Sendable {
        /// The key is missing or too short (at least 32 characters, or 32 bytes in base64).
        case unusableKey
        /// The sealed text was not sealed with this key, or was altered.
        case cannotOpen
    }

    /// A key given as 32 bytes in base64 (`openssl rand -base64 32`), or any text of at least 32
    /// characters (hashed to 32 bytes with SHA-256).
    public init(key text: String) throws(Problem) {
        if let bytes = Data(base64Encoded: text), bytes.count == 32 {
            key = SymmetricKey(data: bytes)
        } else if text.count >= 32 {
            key = SymmetricKey(data: SHA256.hash(data: Data(text.utf8)))
        } else {
            throw .unusableKey
        }
    }

    /// The box of the key in `PASAN_SECRET_KEY`, or `nil` when it is not set or unusable.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SecretBox? {
        environment[environmentVariable].flatMap { try? SecretBox(key: $0) }
    }

    /// `v1:` followed by the base64 of nonce, ciphertext and tag.
    public func seal(_ secret: String) throws -> String {
        let box = try AES.GCM.seal(Data(secret.utf8), using: key)
        guard let combined = box.combined else { throw Problem.cannotOpen }
        return "v1:" + combined.base64EncodedString()
    }

    public func open(_ sealed: String) throws(Problem) -> String {
        guard sealed.hasPrefix("v1:"), let data = Data(base64Encoded: String(sealed.dropFirst(3))),
            let box = try? AES.GCM.SealedBox(combined: data), let plain = try? AES.GCM.open(box, using: key)
        else { throw .cannotOpen }
        return String(decoding: plain, as: UTF8.self)
    }
}
