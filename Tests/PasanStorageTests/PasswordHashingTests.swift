import Foundation
import Synchronization
import Testing

@testable import PasanStorage

/// Issue 8, defect 3b: password hashing runs on its own few threads, at most `width` at once,
/// and refuses callers at once when too many already wait.
@Suite struct PasswordHashingTests {
    final class Gauge: Sendable {
        let state = Mutex<(now: Int, most: Int)>((0, 0))
        func enter() {
            state.withLock {
                $0.now += 1; $0.most = max($0.most, $0.now)
            }
        }
        func leave() { state.withLock { $0.now -= 1 } }
        var most: Int { state.withLock { $0.most } }
    }

    @Test func boundedAndRefusingWhenTheQueueIsFull() async throws {
        let pool = PasswordHashing(width: 1, queueLimit: 2)
        let gauge = Gauge()
        let outcomes = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    do {
                        try await pool.run {
                            gauge.enter()
                            Thread.sleep(forTimeInterval: 0.3)
                            gauge.leave()
                        }
                        return true
                    } catch {
                        return false
                    }
                }
            }
            var all: [Bool] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        #expect(gauge.most == 1)
        #expect(outcomes.count == 6)
        #expect(outcomes.filter { !$0 }.count >= 1, "with one running and two waiting, later callers are refused")
        #expect(outcomes.filter { $0 }.count >= 1)
        // The real thing: scrypt through the pool verifies.
        let hash = try await pool.run { try Secrets.hashPassword("a long enough password", cost: .fastForTests) }
        #expect(try await pool.run { Secrets.verifyPassword("a long enough password", against: hash) })
    }
}
