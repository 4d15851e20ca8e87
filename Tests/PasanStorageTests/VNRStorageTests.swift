import PasanDomain
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// Voluntary National Reviews (migration 22) on both databases: started once per year, goals
/// changed only as new revisions with their reason, refusals write nothing, every change audited.
@Suite struct VNRStorageTests {
    static let officer = ChangeContext(actorID: nil, actorName: "Secretariat officer", address: "127.0.0.1")
    static let known = Set(1...18)

    static func count(_ database: Database, _ table: String) async throws -> Int {
        try await database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.int("n") }
    }

    @Test(arguments: Backend.all)
    func aReviewKeepsEveryVersionOfItsGoals(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let repository = VNRRepository(database: database)
            let before = (try await Self.count(database, "vnr_reviews"), try await Self.count(database, "vnr_review_revisions"))
            let started = try await repository.start(
                year: 2027,
                goals: [17, 4, 4, 10],
                known: Self.known,
                withData: [4],
                reason: "",
                change: Self.officer
            )
            #expect(started.goals == [4, 10, 17] && started.revision == 1 && started.changedBy == "Secretariat officer")
            #expect(try await repository.review(year: 2027) == started)
            // Refusals: the year again, goals without data, a stale form, a change without reason.
            await #expect(throws: VNRError.exists(2027)) {
                try await repository.start(year: 2027, goals: [4], known: Self.known, withData: [4], reason: "", change: Self.officer)
            }
            await #expect(throws: VNRError.invalid([Message("domain.vnr.noData", ["goals": .text("12, 15")])])) {
                try await repository.start(year: 2028, goals: [15, 12], known: Self.known, withData: [4], reason: "", change: Self.officer)
            }
            await #expect(throws: VNRError.reasonMissing) {
                try await repository.changeGoals(
                    year: 2027,
                    to: [4, 17],
                    basedOn: 1,
                    reason: " ",
                    known: Self.known,
                    withData: [4],
                    change: Self.officer
                )
            }
            #expect(try await Self.count(database, "vnr_reviews") == before.0 + 1)
            #expect(try await Self.count(database, "vnr_review_revisions") == before.1 + 1)
            // The same goals again: no new revision, no reason needed.
            #expect(
                try await repository.changeGoals(
                    year: 2027,
                    to: [10, 17, 4],
                    basedOn: 1,
                    reason: "",
                    known: Self.known,
                    withData: [4],
                    change: Self.officer
                ) == started
            )
            let changed = try await repository.changeGoals(
                year: 2027,
                to: [4, 17],
                basedOn: 1,
                reason: "Goal 10 moves to the 2029 review",
                known: Self.known,
                withData: [4],
                change: Self.officer
            )
            #expect(changed.revision == 2 && changed.goals == [4, 17])
            await #expect(throws: VNRError.staleRevision(current: 2)) {
                try await repository.changeGoals(
                    year: 2027,
                    to: [4],
                    basedOn: 1,
                    reason: "late",
                    known: Self.known,
                    withData: [4],
                    change: Self.officer
                )
            }
            await #expect(throws: VNRError.notFound) {
                try await repository.changeGoals(
                    year: 2030,
                    to: [4],
                    basedOn: 1,
                    reason: "x",
                    known: Self.known,
                    withData: [4],
                    change: Self.officer
                )
            }
            #expect(try await repository.revisions(year: 2027).map(\.goals) == [[4, 17], [4, 10, 17]])
            #expect(try await repository.all().map(\.year) == [2027, 2026])  // 2026: the demo's
            let audited = try await database.read { db in
                try await db.raw("SELECT action FROM audit_log WHERE entity = 'vnr' AND entity_id = '2027' ORDER BY id").all().map {
                    try $0.string("action")
                }
            }
            #expect(audited == ["start", "change-goals"])
        }
    }
}
