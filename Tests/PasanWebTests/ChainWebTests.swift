import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// Reporting chains on the web: a subnational focal point of Vientiane Capital (`01`, the demo's
/// account) submits for a village of their province and is refused for another province's; the
/// district accepts or returns what arrived; the paper form carries the unit's codes; who sees
/// the owner's view.
@Suite struct ChainWebTests {
    static func text(_ en: String) -> LocalizedText { LocalizedText(en: en, lo: nil, loStatus: .machine) }

    static let chain = ReportingChain(
        owner: "MOES",
        title: text("School census (web test)"),
        year: 2026,
        forms: [ChainForm(code: "PRI", title: text("Primary"), fields: [ChainField(code: "ENR", title: text("Pupils enrolled"))])],
        levels: [
            ChainLevel(level: .village, deadline: LocalDate(year: 2026, month: 10, day: 15)!),
            ChainLevel(level: .district, deadline: LocalDate(year: 2026, month: 11, day: 15)!),
        ]
    )

    static func session(_ database: Database, _ email: String) async throws -> TestSession {
        let account = try #require(try await AccountRepository(database: database).account(email: email))
        return try await TestSession.open(database, userID: account.id)
    }

    @Test(arguments: Backend.all)
    func aSubnationalFocalPointSubmitsForTheirAreaOnly(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let id = try await ChainRepository(database: database).create(Self.chain, actor: "test")
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let capital = try await Self.session(database, "vientiane.capital@pasan.demo")
            let officer = try await Self.session(database, "officer@pasan.demo")
            try await app.test(.router) { client in
                // The village's page, then its form sent.
                let unit = "/en/chains/\(id)/units/0101001"
                #expect(try await get(client, unit, session: capital).status == .ok)
                let sent = try await post(
                    client,
                    unit + "/save",
                    session: capital,
                    fields: ["area": "0101001", "form": "PRI", "step": "submit", "v-ENR": "120"]
                )
                #expect(sent.status == .seeOther)
                var status = try #require(try await ChainRepository(database: database).status(of: id))
                #expect(status.states["0101001"]?["PRI"] == .submitted)
                #expect(status.entered["0101001"]?["PRI"]?["ENR"] == 120)
                #expect(status.compiled.values(of: "0101")["PRI"]?["ENR"] == 120)

                // Not a number: refused, shown again as typed, nothing changed.
                let bad = try await post(
                    client,
                    "/en/chains/\(id)/units/0101002/save",
                    session: capital,
                    fields: ["area": "0101002", "form": "PRI", "step": "submit", "v-ENR": "twelve"]
                )
                #expect(bad.status == .unprocessableContent && bad.text.contains("twelve"))

                // Another province's village: refused, nothing written.
                let refused = try await post(
                    client,
                    "/en/chains/\(id)/units/0201001/save",
                    session: capital,
                    fields: ["area": "0201001", "form": "PRI", "step": "submit", "v-ENR": "50"]
                )
                #expect(refused.status == .forbidden)
                // Naming their own area in the form while posting to another's address: refused too.
                let smuggled = try await post(
                    client,
                    "/en/chains/\(id)/units/0201001/save",
                    session: capital,
                    fields: ["area": "01", "form": "PRI", "step": "submit", "v-ENR": "50"]
                )
                #expect(smuggled.status == .forbidden)
                #expect(try await get(client, "/en/chains/\(id)/units/0201001", session: capital).status == .forbidden)
                status = try #require(try await ChainRepository(database: database).status(of: id))
                #expect(status.states["0201001"] == nil)

                // The district (inside the province) sees the village as arrived and returns it.
                let district = try await get(client, "/en/chains/\(id)/units/0101", session: capital)
                #expect(district.text.contains("0101001") && district.text.contains("/en/chains/\(id)/units/0101/step"))
                let returned = try await post(
                    client,
                    "/en/chains/\(id)/units/0101/step",
                    session: capital,
                    fields: ["area": "0101", "unit": "0101001", "form": "PRI", "step": "return", "comment": "Count the pupils again"]
                )
                #expect(returned.status == .seeOther)
                status = try #require(try await ChainRepository(database: database).status(of: id))
                #expect(status.states["0101001"]?["PRI"] == .returned)
                #expect(try await get(client, unit, session: capital).text.contains("Count the pupils again"))

                // The owner's view: the Secretariat sees it; an anonymous visitor is sent to sign in.
                let page = try await get(client, "/en/chains/\(id)", session: officer)
                #expect(page.status == .ok && page.text.contains("School census (web test)"))
                #expect(try await get(client, "/en/chains/\(id)", session: nil).status == .seeOther)
                #expect(try await get(client, "/en/chains", session: nil).text.contains("/en/chains/\(id)"))
            }
        }
    }

    @Test func thePaperFormCarriesTheUnitsCodes() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let id = try await ChainRepository(database: database).create(Self.chain, actor: "test")
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            try await app.test(.router) { client in
                let paper = try await get(client, "/lo/chains/\(id)/units/0101001/form", session: nil)
                #expect(paper.status == .ok)
                for code in ["0101001", "CHAIN-\(id)", "PRI.ENR", "chain-box"] { #expect(paper.text.contains(code), "\(code)") }
                #expect(try await get(client, "/lo/chains/\(id)/units/9999999/form", session: nil).status == .notFound)
            }
        }
    }
}
