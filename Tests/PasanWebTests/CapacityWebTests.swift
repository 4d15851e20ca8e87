import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// Issue 17, item 3: the Secretariat records a training with the focal points who took part
/// (refusals named, in the user's language); the pages are public; a recognised person's
/// certificate prints, nobody else's exists.
@Suite struct CapacityWebTests {
    @Test(arguments: Backend.all)
    func theSecretariatRecordsATrainingAndPeopleSeeTheirRecord(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let accounts = AccountRepository(database: database)
            let officer = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "officer@pasan.demo")).id
            )
            let ownerID = try #require(try await accounts.account(email: "moh.owner@pasan.demo")).id
            let owner = try await TestSession.open(database, userID: ownerID)
            let viewerID = try #require(try await accounts.account(email: "viewer@pasan.demo")).id
            let before = try await CapacityRepository(database: database).events().count
            let fields = [
                "kind": "training", "title_en": "Progress methods", "topic": "Open SDG progress", "starts_on": "2026-09-01",
                "ends_on": "2026-09-02", "place": "Luang Prabang", "organiser": "LSB", "trainers": "LSB team\nUNESCAP (remote)",
                "materials": "https://lsb.gov.la/progress.pdf", "participant-\(ownerID)": "on",
            ]
            try await app.test(.router) { client in
                // Refused: the last day before the first, a material that is no link, someone who is no focal point.
                var wrong = fields
                wrong["ends_on"] = "2026-08-01"
                wrong["materials"] = "progress.pdf"
                wrong["participant-\(viewerID)"] = "on"
                wrong["kind"] = "peer-exchange"
                wrong["institutions"] = "MOH, XYZ"
                let refused = try await post(client, "/en/capacity", session: officer, fields: wrong)
                #expect(refused.status == .badRequest)
                let html = String(buffer: refused.body)
                #expect(html.contains("The last day (1 August 2026) is before the first (1 September 2026)."))
                #expect(html.contains("\"progress.pdf\" is not a web address"))
                #expect(html.contains("Participant \(viewerID) is not a focal point Pasan knows."))
                #expect(html.contains("\"XYZ\" is not the code of an institution Pasan knows"))
                let lao = String(buffer: try await post(client, "/lo/capacity", session: officer, fields: wrong).body)
                #expect(lao.contains("ບໍ່ແມ່ນທີ່ຢູ່ເວັບ"))
                #expect(try await CapacityRepository(database: database).events().count == before)
                // Recorded; only the Secretariat records.
                let recorded = try await post(client, "/en/capacity", session: officer, fields: fields)
                #expect(recorded.status == .seeOther)
                let location = try #require(recorded.headers[.location])
                #expect(location.hasPrefix("/en/capacity/events/"))
                #expect(try await post(client, "/en/capacity", session: owner, fields: fields).status == .forbidden)
                let event = String(buffer: try await get(client, location, session: nil).body)
                #expect(
                    event.contains("Progress methods") && event.contains("LSB team, UNESCAP (remote)") && event.contains("Participants (1)")
                )
                let record = String(buffer: try await get(client, "/en/capacity/people/\(ownerID)", session: nil).body)
                #expect(record.contains("Progress methods") && record.contains("Submitting SDG data through Pasan (demo)"))
                #expect(try await get(client, "/en/capacity/people/999999", session: nil).status == .notFound)
                // The demo's closed cycle: MOH's owner focal point is recognised; nobody else has a certificate.
                let recognition = String(buffer: try await get(client, "/en/recognition", session: nil).body)
                let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .closed }?.id)
                #expect(recognition.contains("/en/recognition/\(cycle)/people/\(ownerID)"))
                let certificate = String(buffer: try await get(client, "/lo/recognition/\(cycle)/people/\(ownerID)", session: nil).body)
                #expect(certificate.contains("ໃບຍ້ອງຍໍ") && certificate.contains("MOH owner focal point (demo)"))
                #expect(try await get(client, "/en/recognition/\(cycle)/people/\(viewerID)", session: nil).status == .notFound)
            }
        }
    }
}
