import PasanDomain
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// Capacity events (migration 23) on both databases: recorded whole with their participants and
/// the institution each took part for; refusals write nothing; a person's record follows them
/// through a handover.
@Suite struct CapacityStorageTests {
    static let officer = ChangeContext(actorID: nil, actorName: "Secretariat officer", address: "127.0.0.1")

    static func count(_ database: Database, _ table: String) async throws -> Int {
        try await database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.int("n") }
    }

    @Test(arguments: Backend.all)
    func aTrainingIsRecordedWholeAndFollowsThePersonThroughAHandover(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let accounts = AccountRepository(database: database)
            let owner = try #require(try await accounts.account(email: "moh.owner@pasan.demo")).id
            let viewer = try #require(try await accounts.account(email: "viewer@pasan.demo")).id
            let repository = CapacityRepository(database: database)
            let before = (try await Self.count(database, "capacity_events"), try await Self.count(database, "capacity_participants"))
            func training(_ people: [Int64]) -> CapacityEvent {
                CapacityEvent(
                    kind: .training,
                    title: LocalizedText(en: "Metadata in Lao", lo: "ເມຕາເດຕາເປັນພາສາລາວ", loStatus: .unreviewed),
                    topic: "Metadata",
                    startsOn: LocalDate(year: 2026, month: 2, day: 2)!,
                    endsOn: LocalDate(year: 2026, month: 2, day: 3)!,
                    place: "Vientiane",
                    organiser: "LSB",
                    trainers: ["LSB metadata team"],
                    materials: ["https://lsb.gov.la/metadata.pdf"],
                    participants: people.map { CapacityEvent.Participant(userID: $0, name: "someone", institution: "") }
                )
            }
            // Refused: someone who was never a focal point; a record with problems. Nothing written.
            await #expect(throws: CapacityError.notAFocalPoint("someone")) {
                try await repository.record(training([owner, viewer]), change: Self.officer)
            }
            var wrong = training([owner])
            wrong.materials = ["not a link"]
            await #expect(throws: CapacityError.self) { try await repository.record(wrong, change: Self.officer) }
            #expect(try await Self.count(database, "capacity_events") == before.0)
            #expect(try await Self.count(database, "capacity_participants") == before.1)

            let recorded = try await repository.record(training([owner]), change: Self.officer)
            let id = try #require(recorded.id)
            let read = try #require(try await repository.event(id: id))
            #expect(read == recorded)
            #expect(
                read.participants == [CapacityEvent.Participant(userID: owner, name: "MOH owner focal point (demo)", institution: "MOH")]
            )
            #expect(read.title.lo == "ເມຕາເດຕາເປັນພາສາລາວ" && read.materials == ["https://lsb.gov.la/metadata.pdf"])

            // MOH's owner hands over to the viewer; the training stays on the first person's
            // record, now beside their ended term.
            try await FocalPointRepository(database: database).handOver(
                institution: "MOH",
                role: .owner,
                position: .primary,
                to: viewer,
                on: LocalDate(year: 2026, month: 5, day: 1)!,
                reason: "Rotation",
                change: Self.officer
            )
            let record = try #require(try await repository.record(userID: owner))
            #expect(record.events.contains { $0.id == recorded.id })
            #expect(record.terms.first { $0.institution == "MOH" && $0.role == .owner }?.endedOn == LocalDate(year: 2026, month: 5, day: 1))
            let successor = try #require(try await repository.record(userID: viewer))
            #expect(!successor.events.contains { $0.id == recorded.id } && successor.terms.count == 1)
        }
    }
}
