import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// Issue 17, item 2: the register of legal instruments through the forms, in both languages: the
/// demo's lapsed act found, a bad record refused with its reason and nothing written, a
/// correction kept as a new revision beside the first.
@Suite struct LegalBasisWebTests {
    static func record(_ number: String, to: String = "") -> [String: String] {
        [
            "kind": "decree", "number": number, "issued_on": "2020-03-01", "issuer": "Prime Minister's Office",
            "title_en": "Decree on SDG data", "title_lo": "ດຳລັດວ່າດ້ວຍຂໍ້ມູນ SDG", "scope": "Owners report by 30 September",
            "valid_from": "", "valid_to": to,
        ]
    }

    @Test(arguments: Backend.all)
    func theSecretariatKeepsTheRegisterAndSeesItsFindings(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let accounts = AccountRepository(database: database)
            let officer = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "officer@pasan.demo")).id
            )
            let reviewer = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "lsb.reviewer@pasan.demo")).id
            )
            let owner = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "moh.owner@pasan.demo")).id
            )
            let register = LegalInstrumentRepository(database: database)
            try await app.test(.router) { client in
                // The demo register and its findings, in English and in Lao.
                let en = String(buffer: try await get(client, "/en/admin/legal-basis", session: officer).body)
                #expect(en.contains("0457/MOFA") && en.contains("1234/MOES") && en.contains("No longer in force since"))
                #expect(en.contains("MOES: obligations rest on 1234/MOES, not in force today."))
                #expect(en.contains("3.3.1 (country): the assignment rests on no legal instrument."))
                let lo = String(buffer: try await get(client, "/lo/admin/legal-basis", session: officer).body)
                #expect(lo.contains("ທະບຽນພື້ນຖານທາງກົດໝາຍ") && lo.contains("ຂໍ້ຕົກລົງກ່ຽວກັບລະບົບສະຖິຕິການສຶກສາ (ຕົວຢ່າງ)"))
                // The gap analysis lists them with the others.
                let gaps = String(buffer: try await get(client, "/en/admin/gaps", session: officer).body)
                #expect(gaps.contains("Obligations resting on an instrument not in force") && gaps.contains("1234/MOES"))
                // LSB's reviewer reads the register but has no form; an owner focal point sees nothing.
                let read = String(buffer: try await get(client, "/en/admin/legal-basis", session: reviewer).body)
                #expect(read.contains("1234/MOES") && !read.contains("Record an instrument"))
                #expect(try await get(client, "/en/admin/legal-basis", session: owner).status == .forbidden)

                // A record whose end comes before its start: refused, the fields kept, nothing written.
                let before = try await register.all().count
                let refused = try await post(
                    client,
                    "/en/admin/legal-basis",
                    session: officer,
                    fields: Self.record("5/PM", to: "2019-01-01")
                )
                #expect(refused.status == .badRequest)
                let refusal = String(buffer: refused.body)
                #expect(refusal.contains("The end of validity (2019-01-01) is not after its start (2020-03-01)."))
                #expect(refusal.contains("value=\"5/PM\""))
                var notADate = Self.record("5/PM")
                notADate["valid_to"] = "2020-13-01"
                let badDate = String(buffer: try await post(client, "/en/admin/legal-basis", session: officer, fields: notADate).body)
                #expect(badDate.contains("“2020-13-01” is not a date (YYYY-MM-DD) for “no longer in force from”."))
                let laoRefusal = try await post(client, "/lo/admin/legal-basis", session: officer, fields: Self.record("0457 / mofa"))
                #expect(String(buffer: laoRefusal.body).contains("ນິຕິກຳເລກທີ 0457 / mofa ມີຢູ່ໃນທະບຽນແລ້ວ."))
                #expect(try await register.all().count == before)

                // Recorded, then corrected with a reason: two revisions, the first kept.
                let recorded = try await post(client, "/en/admin/legal-basis", session: officer, fields: Self.record("5/PM"))
                #expect(recorded.status == .seeOther)
                let location = try #require(recorded.headers[.location])
                let id = try #require(try await register.all().first { $0.number == "5/PM" }?.id)
                #expect(location == "/en/admin/legal-basis/\(id)?done=recorded")
                var correction = Self.record("5/PM", to: "2026-01-01")
                correction["revision"] = "1"
                let noReason = try await post(client, "/en/admin/legal-basis/\(id)", session: officer, fields: correction)
                #expect(noReason.status == .badRequest && String(buffer: noReason.body).contains("Say why the record is corrected."))
                correction["reason"] = "Repealed by decree 9/PM"
                #expect(try await post(client, "/en/admin/legal-basis/\(id)", session: officer, fields: correction).status == .seeOther)
                let page = String(buffer: try await get(client, "/en/admin/legal-basis/\(id)", session: officer).body)
                #expect(page.contains("Repealed by decree 9/PM") && page.contains("First recorded"))
                #expect(try await register.revisions(id: id).map(\.instrument.revision) == [2, 1])
                // The same form sent again (revision 1) is refused: someone corrected it since.
                let stale = try await post(client, "/en/admin/legal-basis/\(id)", session: officer, fields: correction)
                #expect(stale.status == .badRequest && String(buffer: stale.body).contains("revision 2"))
                #expect(try await get(client, "/en/admin/legal-basis/999999", session: officer).status == .notFound)
            }
        }
    }
}
