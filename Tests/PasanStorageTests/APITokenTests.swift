import Crypto
import Foundation
import PasanDomain
import PasanTestSupport
import SQLKit
import Synchronization
import Testing

@testable import PasanStorage

/// Institutions' API tokens on both databases: the secret returned once and stored only as its
/// hash, lookup by prefix, revocation, expiry, the last use to the minute, and the audit log.
@Suite struct APITokenTests {
    /// A database clock the test moves.
    final class Clock: Sendable {
        let moment: Mutex<Date>
        init(_ start: Date) { moment = Mutex(start) }
        var provider: DateProvider { DateProvider(now: { self.moment.withLock { $0 } }) }
        func advance(_ seconds: TimeInterval) { moment.withLock { $0 = $0.addingTimeInterval(seconds) } }
    }

    static let start = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28, mid-morning in Vientiane

    /// Every text of a table, to show what is (not) stored.
    static func dump(_ database: Database, _ tables: [String]) async throws -> String {
        try await database.read { db in
            var text = ""
            for table in tables {
                for row in try await db.select().column("*").from(table).all() {
                    for column in row.allColumns { text += ((try? row.decode(column: column, as: String.self)) ?? "") + "\n" }
                }
            }
            return text
        }
    }

    @Test(arguments: Backend.all)
    func createdOnceStoredHashedFoundByPrefixAndRevoked(backend: Backend) async throws {
        let clock = Clock(Self.start)
        try await TestDatabases.withSeeded(backend, clock: clock.provider) { database in
            let tokens = APITokenRepository(database: database)
            let today = database.clock.today
            let (token, secret) = try await tokens.create(
                institution: "MOH",
                name: "  HMIS bridge  ",
                scope: .write,
                expiresOn: today.adding(days: 30),
                change: .test
            )
            #expect(token.name == "HMIS bridge" && token.institution == "MOH" && token.scope == .write)
            #expect(secret.count == APITokenFormat.length && secret.hasPrefix(token.prefix + "_"))
            #expect(APITokenFormat.prefix(of: secret) == token.prefix)
            #expect(token.status(on: today) == .active && token.lastUsedAt == nil)

            // Only the SHA-256 of the token is stored; neither the table nor the audit log has it.
            let stored = try await Self.dump(database, ["api_tokens", "audit_log"])
            #expect(!stored.contains(secret))
            #expect(!stored.contains(String(secret.dropFirst(token.prefix.count + 1))))
            let hash = SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
            #expect(stored.contains(hash))

            // Found by its prefix and secret; the same prefix with another secret is not it.
            #expect(try await tokens.lookup(secret) == .found(token))
            var forged = secret
            forged.removeLast()
            forged.append(secret.last == "A" ? "B" : "A")
            #expect(try await tokens.lookup(forged) == .wrongSecret(token))
            #expect(try await tokens.lookup("pasan_00000000_" + String(repeating: "x", count: 43)) == .unknown(prefix: "pasan_00000000"))
            for garbage in [
                "", "pasan", secret + "x", "Bearer " + secret, secret.uppercased(), "pasan_ABCDEF12_" + String(repeating: "x", count: 43),
            ] {
                #expect(try await tokens.lookup(garbage) == .malformed, "\(garbage)")
            }

            // Listed newest first; revoked once, for good, by whom; another institution's id is not found.
            let (second, _) = try await tokens.create(
                institution: "MOH",
                name: "School census",
                scope: .read,
                expiresOn: today.adding(days: 365),
                change: .test
            )
            #expect(try await tokens.tokens(institution: "MOH").map(\.id) == [second.id, token.id])
            #expect(try await tokens.activeCounts()["MOH"] == 2)
            await #expect(throws: APITokenError.notFound) {
                try await tokens.revoke(id: token.id, institution: "MOES", change: .test)
            }
            let revoked = try await tokens.revoke(
                id: token.id,
                institution: "MOH",
                change: ChangeContext(actorID: nil, actorName: "Somchai <moh@example.la>", address: "10.0.0.9")
            )
            #expect(revoked.status(on: today) == .revoked && revoked.revokedBy == "Somchai <moh@example.la>")
            await #expect(throws: APITokenError.alreadyRevoked) {
                try await tokens.revoke(id: token.id, institution: "MOH", change: .test)
            }
            guard case .found(let after) = try await tokens.lookup(secret) else {
                Issue.record("a revoked token is no longer found by its secret")
                return
            }
            #expect(after.status(on: today) == .revoked && after.revokedAt != nil)
            #expect(try await tokens.activeCounts()["MOH"] == 1)

            // The audit log: created twice, revoked once, each with the prefix and never the secret.
            let entries = try await AuditLog.entries(database, entity: "api-token", page: PageRequest(limit: 10, offset: 0)).items
            #expect(entries.map(\.action).sorted() == ["create-api-token", "create-api-token", "revoke-api-token"])
            let revocation = try #require(entries.first { $0.action == "revoke-api-token" })
            #expect(revocation.entityID == String(token.id) && revocation.address == "10.0.0.9")
            #expect(revocation.after?.contains(token.prefix) == true && revocation.after?.contains("revoked_at") == true)
        }
    }

    @Test(arguments: Backend.all)
    func expiryIsRequiredAtMostAYearAndEnds(backend: Backend) async throws {
        let clock = Clock(Self.start)
        try await TestDatabases.withSeeded(backend, clock: clock.provider) { database in
            let tokens = APITokenRepository(database: database)
            let today = database.clock.today
            for day in [today, today.adding(days: -1), today.adding(days: APITokenRules.maximumLifetimeDays + 1)] {
                await #expect(throws: APITokenError.self, "\(day)") {
                    try await tokens.create(institution: "MOH", name: "x", scope: .read, expiresOn: day, change: .test)
                }
            }
            await #expect(throws: APITokenError.invalid([Message("api_tokens.problem.name")])) {
                try await tokens.create(institution: "MOH", name: "   ", scope: .read, expiresOn: today.adding(days: 1), change: .test)
            }
            let (token, _) = try await tokens.create(
                institution: "MOH",
                name: "Until tomorrow",
                scope: .read,
                expiresOn: today.adding(days: APITokenRules.maximumLifetimeDays),
                change: .test
            )
            let (short, _) = try await tokens.create(
                institution: "MOH",
                name: "One day",
                scope: .read,
                expiresOn: today.adding(days: 1),
                change: .test
            )
            #expect(short.status(on: today.adding(days: 1)) == .active)
            #expect(short.status(on: today.adding(days: 2)) == .expired)
            clock.advance(2 * 86_400 + 60)
            #expect(try await tokens.activeCounts()["MOH"] == 1)
            #expect(try await tokens.tokens(institution: "MOH").first { $0.id == token.id }?.status(on: database.clock.today) == .active)
        }
    }

    @Test(arguments: Backend.all)
    func lastUseIsWrittenAtMostOnceAMinute(backend: Backend) async throws {
        let clock = Clock(Self.start)
        try await TestDatabases.withSeeded(backend, clock: clock.provider) { database in
            let tokens = APITokenRepository(database: database)
            let (token, secret) = try await tokens.create(
                institution: "MOH",
                name: "HMIS",
                scope: .write,
                expiresOn: database.clock.today.adding(days: 10),
                change: .test
            )
            func lastUse() async throws -> Date? {
                guard case .found(let found) = try await tokens.lookup(secret) else { return nil }
                return found.lastUsedAt
            }
            let first = Self.start.addingTimeInterval(5)
            try await tokens.recordUse(id: token.id, at: first)
            #expect(try await lastUse() == first)
            try await tokens.recordUse(id: token.id, at: first.addingTimeInterval(30))
            #expect(try await lastUse() == first, "a second use within the minute is not written")
            #expect(!APITokenRules.needsTouch(lastUsedAt: first, now: first.addingTimeInterval(59)))
            #expect(APITokenRules.needsTouch(lastUsedAt: first, now: first.addingTimeInterval(60)))
            try await tokens.recordUse(id: token.id, at: first.addingTimeInterval(61))
            #expect(try await lastUse() == first.addingTimeInterval(61))

            // A refused use is audited with the prefix and the reason, never the secret.
            try await tokens.recordRefusal(
                of: token,
                .init(prefix: token.prefix, institution: "MOH", reason: "expired", status: 401, request: "POST /api/v1/x"),
                change: .test
            )
            let entry = try #require(
                try await AuditLog.entries(database, entity: "api-token", page: PageRequest(limit: 1, offset: 0)).items.first
            )
            #expect(entry.action == "refuse-api-token" && entry.entityID == String(token.id))
            #expect(entry.after?.contains(token.prefix) == true && entry.after?.contains("\"status\":401") == true)
            #expect(!(entry.after ?? "").contains(secret))
        }
    }

    /// The rules without a database: the token's written form and the rate limit's bucket.
    @Test func formatAndRateLimit() {
        #expect(APITokenFormat.loggable("pasan_0123abcd_" + String(repeating: "-", count: 43)) == "pasan_0123abcd")
        #expect(APITokenFormat.loggable("pasan_whatever") == "pasan_(malformed)")
        #expect(APITokenFormat.loggable("s3cr3t") == "(not a Pasan token)")
        #expect(APITokenScope.write.allows(.read) && APITokenScope.write.allows(.write))
        #expect(APITokenScope.read.allows(.read) && !APITokenScope.read.allows(.write))

        let limit = APIRateLimit(perMinute: 120, burst: 3)
        var bucket = APIRateLimit.Bucket(limit, at: Self.start)
        #expect((0..<3).map { _ in bucket.take(limit, at: Self.start) } == [nil, nil, nil])
        #expect(bucket.take(limit, at: Self.start) == 1, "empty: 120 a minute is one every half second, so wait 1 s")
        #expect(bucket.take(limit, at: Self.start.addingTimeInterval(0.5)) == nil, "refilled by one")
        #expect(bucket.take(limit, at: Self.start.addingTimeInterval(0.6)) != nil)
        // Never more than the burst, however long the bucket rested.
        #expect((0..<4).map { _ in bucket.take(limit, at: Self.start.addingTimeInterval(3_600)) } == [nil, nil, nil, 1])
        let slow = APIRateLimit(perMinute: 6, burst: 1)
        var once = APIRateLimit.Bucket(slow, at: Self.start)
        #expect(once.take(slow, at: Self.start) == nil && once.take(slow, at: Self.start) == 10)
    }
}
