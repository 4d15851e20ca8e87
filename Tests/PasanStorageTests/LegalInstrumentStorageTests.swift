import PasanDomain
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// The register of legal instruments (migration 20), on both databases: recorded once, corrected
/// as new revisions with who, when and why, never overwritten; a refused change writes nothing.
@Suite struct LegalInstrumentStorageTests {
    static let secretariat = ChangeContext(actorID: nil, actorName: "Secretariat officer", address: "127.0.0.1")

    static func decree(_ number: String = "21/PM", to: LocalDate? = nil) -> LegalInstrument {
        LegalInstrument(
            kind: .decree,
            number: number,
            issuedOn: LocalDate(year: 2016, month: 9, day: 7)!,
            issuer: "Prime Minister's Office",
            titleEN: "Decree on the national SDG arrangement",
            titleLO: "ດຳລັດວ່າດ້ວຍການຈັດຕັ້ງ SDG ແຫ່ງຊາດ",
            scope: "Indicator owners report to the Secretariat",
            validTo: to
        )
    }

    static func count(_ database: Database, _ table: String) async throws -> Int {
        try await database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.int("n") }
    }

    @Test(arguments: Backend.all)
    func aCorrectionIsANewRevisionAndTheFirstStays(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let register = LegalInstrumentRepository(database: database)
            let recorded = try await register.record(Self.decree(), change: Self.secretariat)
            let id = try #require(recorded.id)
            #expect(recorded.revision == 1)
            let demo = try await register.all().count  // the seeded demo register
            #expect(try await register.all().filter { $0.number == "21/PM" }.count == 1)

            var corrected = Self.decree()
            corrected.validTo = LocalDate(year: 2025, month: 12, day: 31)
            corrected.titleLO = "ດຳລັດວ່າດ້ວຍການຈັດຕັ້ງ SDG"
            let second = try await register.correct(
                id: id,
                to: corrected,
                basedOn: 1,
                reason: "Replaced by decree 5/PM",
                change: Self.secretariat
            )
            #expect(second.revision == 2)
            let revisions = try await register.revisions(id: id)
            #expect(revisions.map(\.instrument.revision) == [2, 1])
            #expect(revisions[0].reason == "Replaced by decree 5/PM" && revisions[1].reason == nil)
            #expect(revisions[0].changedBy == "Secretariat officer")
            #expect(revisions[1].instrument.validTo == nil, "the first revision was overwritten")
            #expect(revisions[1].instrument.titleLO == "ດຳລັດວ່າດ້ວຍການຈັດຕັ້ງ SDG ແຫ່ງຊາດ")
            #expect(try await register.instrument(id: id)?.validTo == LocalDate(year: 2025, month: 12, day: 31))
            #expect(try await register.all().count == demo)

            // The same values again: no new revision.
            _ = try await register.correct(id: id, to: corrected, basedOn: 2, reason: "again", change: Self.secretariat)
            #expect(try await register.revisions(id: id).count == 2)
        }
    }

    @Test(arguments: Backend.all)
    func refusedChangesWriteNothing(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let register = LegalInstrumentRepository(database: database)
            let first = try await register.record(Self.decree(), change: Self.secretariat)
            let other = try await register.record(Self.decree("88/MOF"), change: Self.secretariat)
            let before = (try await Self.count(database, "legal_instruments"), try await Self.count(database, "legal_instrument_revisions"))

            // The same number, written differently.
            await #expect(throws: LegalRegisterError.duplicateNumber("21 / pm")) {
                try await register.record(Self.decree(" 21 / pm"), change: Self.secretariat)
            }
            // An end before the start.
            let backwards = Self.decree("5/PM", to: LocalDate(year: 2010, month: 1, day: 1)!)
            await #expect(throws: LegalRegisterError.invalid(backwards.problems)) {
                try await register.record(backwards, change: Self.secretariat)
            }
            // A correction without a reason, from a stale revision, or to another instrument's number.
            await #expect(throws: LegalRegisterError.reasonMissing) {
                try await register.correct(id: first.id!, to: Self.decree(), basedOn: 1, reason: "  ", change: Self.secretariat)
            }
            var changed = Self.decree()
            changed.scope = "Changed"
            _ = try await register.correct(id: first.id!, to: changed, basedOn: 1, reason: "Scope", change: Self.secretariat)
            let afterCorrection = try await Self.count(database, "legal_instrument_revisions")
            await #expect(throws: LegalRegisterError.staleRevision(current: 2)) {
                try await register.correct(id: first.id!, to: Self.decree(), basedOn: 1, reason: "Mine", change: Self.secretariat)
            }
            await #expect(throws: LegalRegisterError.duplicateNumber("88/mof")) {
                try await register.correct(
                    id: first.id!,
                    to: Self.decree("88/mof"),
                    basedOn: 2,
                    reason: "Renumber",
                    change: Self.secretariat
                )
            }
            await #expect(throws: LegalRegisterError.notFound) {
                try await register.correct(id: 9_999, to: Self.decree("7/PM"), basedOn: 1, reason: "x", change: Self.secretariat)
            }
            #expect(try await Self.count(database, "legal_instruments") == before.0)
            #expect(try await Self.count(database, "legal_instrument_revisions") == afterCorrection)
            #expect(afterCorrection == before.1 + 1)
            #expect(try await register.instrument(id: other.id!)?.number == "88/MOF")

            // Renumbering to a free number moves the key: the old number is free again.
            _ = try await register.correct(id: first.id!, to: Self.decree("22/PM"), basedOn: 2, reason: "Typo", change: Self.secretariat)
            _ = try await register.record(Self.decree("21/PM"), change: Self.secretariat)
            #expect(Set(try await register.all().map(\.number)).isSuperset(of: ["22/PM", "21/PM", "88/MOF"]))
        }
    }
}
