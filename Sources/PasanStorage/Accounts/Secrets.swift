import Crypto
import CryptoExtras
import Foundation

/// Password hashing with scrypt (memory-hard, "bcrypt or better"), and random tokens for
/// sessions, CSRF and password resets. Only hashes of tokens are stored.
public enum Secrets {
    /// scrypt cost: N = 2^15, r = 8, p = 1 (32 MiB, tens of milliseconds): slow on purpose.
    public struct Cost: Sendable, Equatable {
        public var n: Int
        public var r: Int
        public var p: Int
        public static let standard = Cost(n: 1 << 15, r: 8, p: 1)
        /// For tests that create many accounts; never used by `pasan`.
        public static let fastForTests = Cost(n: 1 << 10, r: 8, p: 1)
    }

    /// `scrypt$N$r$p$salt$hash` (base64), safe to store.
    public static func hashPassword(_ password: String, cost: Cost = .standard) throws -> String {
        let salt = randomBytes(16)
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8),
            salt: salt,
            outputByteCount: 32,
            rounds: cost.n,
            blockSize: cost.r,
            parallelism: cost.p,
            maxMemory: 64 * 1024 * 1024
        )
        let hash = key.withUnsafeBytes { Data($0) }
        return "scrypt$\(cost.n)$\(cost.r)$\(cost.p)$\(Data(salt).base64EncodedString())$\(hash.base64EncodedString())"
    }

    /// Whether `password` matches `stored`, compared in constant time.
    public static func verifyPassword(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let n = Int(parts[1]), let r = Int(parts[2]), let p = Int(parts[3]),
            let salt = Data(base64Encoded: parts[4]), let expected = Data(base64Encoded: parts[5]),
            let key = try? KDF.Scrypt.deriveKey(
                from: Array(password.utf8),
                salt: salt,
                outputByteCount: expected.count,
                rounds: n,
                blockSize: r,
                parallelism: p,
                maxMemory: 64 * 1024 * 1024
            )
        else {
            return false
        }
        let actual = key.withUnsafeBytes { Data($0) }
        return constantTimeEqual(actual, expected)
    }

    /// A password hash to compare against when the account does not exist, so a wrong e-mail
    /// takes as long as a wrong password.
    public static let decoyHash: String = (try? hashPassword("decoy-\(UUID().uuidString)")) ?? "scrypt$32768$8$1$AAAA$AAAA"

    /// A URL-safe random token with 256 bits of entropy.
    public static func token() -> String {
        Data(randomBytes(32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// What is stored for a token: its SHA-256, hex.
    public static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
