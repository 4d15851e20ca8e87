import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// Issue 17, item 4: the Steering Committee reads the brief and the dashboards, in both
/// languages, and changes nothing.
@Suite struct LeadershipBriefWebTests {
    @Test(arguments: Backend.all)
    func theSteeringCommitteeReadsTheBriefAndChangesNothing(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let accounts = AccountRepository(database: database)
            let steering = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "steering@pasan.demo")).id
            )
            let owner = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "moh.owner@pasan.demo")).id
            )
            try await app.test(.router) { client in
                let en = String(buffer: try await get(client, "/en/brief", session: steering).body)
                #expect(en.contains("Leadership brief") && en.contains("Where each goal stands") && en.contains("Decisions pending"))
                #expect(en.contains("/en/goals/18") && en.contains("Largest data gaps"))
                let lo = String(buffer: try await get(client, "/lo/brief", session: steering).body)
                #expect(lo.contains("ບົດສະຫຼຸບສຳລັບຜູ້ນຳ") && lo.contains("lang=\"lo\""))
                // What the brief counts is what the data says: the demo cycles' late steps.
                let brief = try await LeadershipBriefController(state: state).brief(.en)
                #expect(en.contains("Late in the open cycles: \(brief.late.count) step"))
                // The dashboards, read-only; the brief is not for an owner focal point.
                #expect(try await get(client, "/en/cycles", session: steering).status == .ok)
                #expect(try await get(client, "/en/admin/gaps", session: steering).status == .ok)
                #expect(try await get(client, "/en/brief", session: owner).status == .forbidden)
                #expect(
                    try await post(client, "/en/self-assessment/rounds", session: steering, fields: ["title": "2030"]).status == .forbidden
                )
                let me = String(buffer: try await get(client, "/en/me", session: steering).body)
                #expect(me.contains("/en/brief"))
            }
        }
    }
}
