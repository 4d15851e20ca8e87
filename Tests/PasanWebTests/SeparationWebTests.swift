import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import PasanViews
import Testing

@testable import PasanWeb

/// Issue 8, defects 1 and 2 over HTTP, on both databases: focal points cannot grant roles (they
/// propose; the Secretariat confirms), and reporters and subnational focal points read only what
/// concerns them, never another institution's drafts.
@Suite struct SeparationWebTests {
    @Test(arguments: Backend.all)
    func focalPointsProposeAndTheSecretariatConfirms(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            let owner = try #require(try await accounts.account(email: "moh.owner@pasan.demo"))
            let officer = try #require(try await accounts.account(email: "officer@pasan.demo"))
            let viewer = try #require(try await accounts.account(email: "viewer@pasan.demo"))
            let ownerSession = try await TestSession.open(database, userID: owner.id)
            let officerSession = try await TestSession.open(database, userID: officer.id)
            let newcomer = try await accounts.createUser(
                email: "sengdao@example.la",
                name: "Sengdao",
                password: "a long enough password",
                grants: [],
                change: .commandLine
            )
            let today = LocalDate.today.description
            try await app.test(.router) { client in
                // The probe: the owner made themself MOH's reporter, and gave the viewer the owner role.
                for (user, role) in [(owner.id, "reporter"), (viewer.id, "owner")] {
                    let response = try await post(
                        client,
                        "/en/admin/institutions/MOH/focal-points/handover",
                        session: ownerSession,
                        fields: ["role": role, "position": "alternate", "user": String(user), "date": today, "reason": "probe"]
                    )
                    #expect(response.status == .forbidden)
                }
                #expect(try await accounts.account(id: owner.id)?.grants == owner.grants)
                #expect(try await accounts.account(id: viewer.id)?.grants == viewer.grants)
                // The owner may propose someone else, not themself; the page offers no handover form.
                let page = String(buffer: try await get(client, "/en/admin/institutions/MOH/focal-points", session: ownerSession).body)
                #expect(page.contains("Propose a successor") && !page.contains("Record the handover"))
                let own = try await post(
                    client,
                    "/en/admin/institutions/MOH/focal-points/proposals",
                    session: ownerSession,
                    fields: ["role": "owner", "position": "alternate", "user": String(owner.id), "date": today, "reason": "me"]
                )
                #expect(own.status == .forbidden)
                let proposed = try await post(
                    client,
                    "/en/admin/institutions/MOH/focal-points/proposals",
                    session: ownerSession,
                    fields: [
                        "role": "owner", "position": "alternate", "user": String(newcomer.id), "date": today, "reason": "Vacant alternate",
                    ]
                )
                #expect(proposed.status == .seeOther)
                #expect(try await accounts.account(id: newcomer.id)?.grants.isEmpty == true)
                let proposal = try #require(try await FocalPointRepository(database: database).proposals(institution: "MOH").first)
                // The owner cannot confirm their own proposal; the Secretariat can.
                let uri = "/en/admin/institutions/MOH/focal-points/proposals/\(proposal.id)"
                #expect(try await post(client, uri, session: ownerSession, fields: ["decision": "confirm"]).status == .forbidden)
                let officerPage = String(
                    buffer: try await get(client, "/en/admin/institutions/MOH/focal-points", session: officerSession).body
                )
                #expect(officerPage.contains("Sengdao") && officerPage.contains("Confirm"))
                #expect(try await post(client, uri, session: officerSession, fields: ["decision": "confirm"]).status == .seeOther)
                #expect(try await accounts.account(id: newcomer.id)?.grants == [RoleGrant(role: .ownerFocalPoint, institution: "MOH")])
                // Naming a person to duties that conflict with theirs is refused with the reason.
                let conflict = try await post(
                    client,
                    "/en/admin/institutions/MOH/focal-points/handover",
                    session: officerSession,
                    fields: ["role": "reporter", "position": "alternate", "user": String(owner.id), "date": today, "reason": "x"]
                )
                #expect(conflict.status == .conflict && String(buffer: conflict.body).contains("separation of duties"))
            }
        }
    }

    @Test(arguments: Backend.all)
    func reportersAndAreasSeeOnlyWhatConcernsThem(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let accounts = AccountRepository(database: database)
            func session(_ email: String) async throws -> TestSession {
                try await TestSession.open(database, userID: try #require(try await accounts.account(email: email)).id)
            }
            let mohReporter = try await session("moh.reporter@pasan.demo"), molswReporter = try await session("molsw.reporter@pasan.demo")
            let area = try await session("vientiane.capital@pasan.demo"), lsb = try await session("lsb.reviewer@pasan.demo")
            let owner = try await session("moh.owner@pasan.demo")
            let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open }?.id)
            let draft = "/en/cycles/\(cycle)/submissions/MOH/3.b.1", reviewed = "/en/cycles/\(cycle)/submissions/MOH/3.1.2"
            try await app.test(.router) { client in
                // The probe: any reporter read every institution's drafts and their export.csv.
                for who in [mohReporter, molswReporter, lsb] {
                    #expect(try await get(client, draft, session: who).status == .forbidden)
                    #expect(try await get(client, draft + "/export.csv", session: who).status == .forbidden)
                }
                #expect(try await get(client, draft, session: owner).status == .ok)
                // Submitted data: its reporter and LSB, not another institution's reporter.
                #expect(try await get(client, reviewed, session: mohReporter).status == .ok)
                #expect(try await get(client, reviewed, session: lsb).status == .ok)
                #expect(try await get(client, reviewed, session: molswReporter).status == .forbidden)
                #expect(try await get(client, reviewed + "/export.csv", session: molswReporter).status == .forbidden)
                // A subnational focal point reads the part of its area only (the demo values are national).
                let export = try await get(client, reviewed + "/export.csv", session: area)
                #expect(export.status == .ok)
                #expect(!String(buffer: export.body).contains("SH_STA_BRTC"))
                let full = try await get(client, reviewed + "/export.csv", session: mohReporter)
                #expect(String(buffer: full.body).contains("SH_STA_BRTC"))
            }
        }
    }
}

/// Issue 8, defect 4: behind a reverse proxy every request comes from the proxy's address; the
/// client's is read from `X-Forwarded-For`, and only when the peer is a trusted proxy.
@Suite struct ClientAddressTests {
    @Test func forwardedForIsBelievedOnlyFromATrustedProxy() {
        let trusted: Set<String> = ["127.0.0.1", "10.0.0.5"]
        #expect(ClientAddressMiddleware.clientAddress(peer: "127.0.0.1", forwardedFor: ["203.0.113.7"], trusted: trusted) == "203.0.113.7")
        // A client cannot choose its address by sending the header itself.
        #expect(
            ClientAddressMiddleware.clientAddress(peer: "198.51.100.9", forwardedFor: ["203.0.113.7"], trusted: trusted) == "198.51.100.9"
        )
        // Entries left of the last untrusted hop may be made up: the right-most untrusted one counts.
        #expect(
            ClientAddressMiddleware.clientAddress(peer: "127.0.0.1", forwardedFor: ["1.2.3.4, 203.0.113.7", "10.0.0.5"], trusted: trusted)
                == "203.0.113.7"
        )
        #expect(ClientAddressMiddleware.clientAddress(peer: "127.0.0.1", forwardedFor: [], trusted: trusted) == "127.0.0.1")
    }
}

/// Issue 9, time as a parameter: "today" comes from the database's clock, so a test can stand
/// after a deadline without waiting for it.
@Suite struct ClockTests {
    @Test(arguments: Backend.all)
    func afterTheOwnerDeadlineASaveIsRefused(backend: Backend) async throws {
        let later = DateProvider.fixed(Date().addingTimeInterval(60 * 86_400))  // the demo's owner deadline is in 25 days
        try await TestDatabases.withSeeded(backend, clock: later) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let owner = try #require(try await AccountRepository(database: database).account(email: "moh.owner@pasan.demo"))
            let session = try await TestSession.open(database, userID: owner.id)
            let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open }?.id)
            try await app.test(.router) { client in
                let page = "/en/cycles/\(cycle)/submissions/MOH/3.b.1"
                let saved = try await post(
                    client,
                    page + "/save",
                    session: session,
                    fields: ["version": "1", "v~SH_ACS_DTP3~LA~~2022": "85"]
                )
                #expect(saved.status == .conflict)
                #expect(String(buffer: saved.body).contains("deadline"))
            }
        }
    }
}
