import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// Overlaps on the web, on both databases: the page lists a known overlap (and its filters keep
/// others out), a decision is refused to a viewer and to a focal point of another area, taken by
/// the Secretariat, an institution's focal point and the area's focal point, and the API filters
/// by area and refuses bad parameters, its answers conforming to the OpenAPI document.
@Suite struct OverlapWebTests {
    static func text(_ en: String) -> LocalizedText { LocalizedText(en: en, lo: nil, loStatus: .machine) }

    static func activity(_ identifier: String, _ institution: String, village: String, target: String, title: String) -> Activity {
        Activity(
            identifier: identifier,
            implementer: ActivityOrganisation(role: .implementing, institution: institution, name: text(institution)),
            title: text(title),
            status: .implementation,
            start: LocalDate(year: 2025, month: 1, day: 1),
            end: LocalDate(year: 2027, month: 12, day: 31),
            locations: [ActivityLocation(areaCode: village, level: .village)],
            sdgTargets: [target],
            origin: .file,
            isIllustrative: true
        )
    }

    /// Two overlaps: MOH and MOLSW in Vientiane Capital's village 0101001 (target 3.1); MOH and
    /// MOES in Phongsaly's village 0201001 (target 4.1).
    static func arrange(_ state: PortalState) async throws -> (capital: Int64, phongsaly: Int64) {
        let database = state.database
        _ = try await ActivityRepository(database: database).save(
            [
                activity("WT-MOH-1", "MOH", village: "0101001", target: "3.1", title: "Mother and child clinics"),
                activity("WT-MOLSW-1", "MOLSW", village: "0101001", target: "3.1", title: "Birth registration drive"),
                activity("WT-MOH-2", "MOH", village: "0201001", target: "4.1", title: "School health checks"),
                activity("WT-MOES-1", "MOES", village: "0201001", target: "4.1", title: "Primary school meals"),
            ],
            by: "test",
            reason: nil
        )
        let repository = OverlapRepository(database: database)
        try await repository.refresh(now: Date())
        await state.invalidate()
        let all = try await repository.overlaps(filter: OverlapFilter(), page: PageRequest(limit: 1000, offset: 0)).items.map(\.overlap)
        let capital = try #require(all.first { $0.first == "WT-MOH-1" && $0.second == "WT-MOLSW-1" }?.id)
        let phongsaly = try #require(all.first { $0.first == "WT-MOES-1" && $0.second == "WT-MOH-2" }?.id)
        return (capital, phongsaly)
    }

    static func session(_ database: Database, _ email: String) async throws -> TestSession {
        let account = try #require(try await AccountRepository(database: database).account(email: email))
        return try await TestSession.open(database, userID: account.id)
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    static func identifiers(_ body: [String: Any]) -> Set<String> {
        let items = body["data"] as? [[String: Any]] ?? []
        return Set(items.flatMap { ($0["activities"] as? [[String: Any]] ?? []).compactMap { $0["identifier"] as? String } })
    }

    @Test(arguments: Backend.all)
    func thePageListsAKnownOverlapAndItsFiltersKeepOthersOut(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let ids = try await Self.arrange(state)
            let page = try await client.execute(uri: "/en/overlaps", method: .get)
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("Mother and child clinics") && html.contains("Birth registration drive"))
            #expect(html.contains("/en/overlaps/\(ids.capital)"))
            #expect(html.contains("/en/places/0101001"))  // the village, linked (place and village table)
            #expect(html.contains("class=\"area-map choropleth\""))
            #expect(html.contains("map-legend"))
            // Filtered to Phongsaly: the capital's pair is not listed.
            let phongsaly = try await client.execute(uri: "/en/overlaps?province=02", method: .get).text
            #expect(phongsaly.contains("Primary school meals"))
            #expect(!phongsaly.contains("Birth registration drive"))
            let sdg = try await client.execute(uri: "/en/overlaps?target=4.1", method: .get).text
            #expect(sdg.contains("Primary school meals") && !sdg.contains("Birth registration drive"))
            // Lao, and one overlap's page.
            #expect(try await client.execute(uri: "/lo/overlaps", method: .get).status == .ok)
            let one = try await client.execute(uri: "/en/overlaps/\(ids.capital)", method: .get)
            #expect(one.status == .ok && one.text.contains("WT-MOLSW-1") && !one.text.contains("name=\"note\""))
            #expect(try await client.execute(uri: "/en/overlaps/999999", method: .get).status == .notFound)
        }
    }

    @Test(arguments: Backend.all)
    func aDecisionIsRefusedToAViewerAndTakenByThoseWhoMay(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let ids = try await Self.arrange(state)
            let database = state.database
            let path = "/en/overlaps/\(ids.capital)/resolve"
            let fields = ["state": "coordinated", "note": "Joint visits agreed with the village chief"]

            let viewer = try await Self.session(database, "viewer@pasan.demo")
            #expect(try await post(client, path, session: viewer, fields: fields).status == .forbidden)
            // Vientiane Capital's focal point: its own area's overlap, not Phongsaly's.
            let capital = try await Self.session(database, "vientiane.capital@pasan.demo")
            #expect(
                try await post(client, "/en/overlaps/\(ids.phongsaly)/resolve", session: capital, fields: fields).status == .forbidden
            )

            let officer = try await Self.session(database, "officer@pasan.demo")
            let form = try await get(client, "/en/overlaps/\(ids.capital)", session: officer)
            #expect(form.text.contains("name=\"note\""))
            // Refused: no note, an unknown state.
            #expect(try await post(client, path, session: officer, fields: ["state": "coordinated", "note": " "]).status == .badRequest)
            #expect(try await post(client, path, session: officer, fields: ["state": "maybe", "note": "x"]).status == .badRequest)
            #expect(try await post(client, path, session: officer, fields: fields).status == .seeOther)
            #expect(
                try await post(client, path, session: capital, fields: ["state": "not-overlap", "note": "Different households"]).status
                    == .seeOther
            )
            // A focal point of an institution in the pair (MOH owner).
            let owner = try await Self.session(database, "moh.owner@pasan.demo")
            #expect(
                try await post(client, "/en/overlaps/\(ids.phongsaly)/resolve", session: owner, fields: fields).status == .seeOther
            )

            let page = try await client.execute(uri: "/en/overlaps/\(ids.capital)", method: .get).text
            #expect(page.contains("Joint visits agreed with the village chief") && page.contains("Different households"))
            let history = try #require(try await OverlapRepository(database: database).overlap(id: ids.capital)).history
            #expect(history.map(\.state) == [.coordinated, .notOverlap])

            // The API: the state filter follows the latest decision.
            let api = try Self.json(try await client.execute(uri: "/api/v1/overlaps?state=not-overlap", method: .get))
            #expect(Self.identifiers(api) == ["WT-MOH-1", "WT-MOLSW-1"])
        }
    }

    @Test(arguments: Backend.all)
    func theAPIFiltersByAreaAndRefusesBadParameters(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            _ = try await Self.arrange(state)
            let capital = try Self.json(try await client.execute(uri: "/api/v1/overlaps?area=01", method: .get))
            let found = Self.identifiers(capital)
            #expect(found.contains("WT-MOLSW-1") && !found.contains("WT-MOES-1"))
            let item = try #require(
                (capital["data"] as? [[String: Any]])?.first { item in
                    (item["activities"] as? [[String: Any]])?.contains { $0["identifier"] as? String == "WT-MOLSW-1" } == true
                }
            )
            #expect(item["level"] as? String == "village" && item["state"] as? String == "open")
            #expect((item["places"] as? [[String: Any]])?.first?["code"] as? String == "0101001")
            #expect(item["sdg_targets"] as? [String] == ["3.1"])
            #expect(item["period_start"] as? String == "2025-01-01" && item["period_end"] as? String == "2027-12-31")
            let first = try #require((item["activities"] as? [[String: Any]])?.first)
            #expect((first["title"] as? [String: Any])?["en"] as? String == "Mother and child clinics")
            #expect(first["implementer"] as? String == "inst:MOH")

            let village = try Self.json(try await client.execute(uri: "/api/v1/overlaps?area=0201001", method: .get))
            #expect(Self.identifiers(village) == ["WT-MOH-2", "WT-MOES-1"])
            let paged = try Self.json(try await client.execute(uri: "/api/v1/overlaps?limit=1", method: .get))
            #expect((paged["data"] as? [Any])?.count == 1)
            #expect(((paged["meta"] as? [String: Any])?["next"] as? String)?.contains("offset=1") == true)

            // A text that is no area code names no area.
            #expect(Self.identifiers(try Self.json(try await client.execute(uri: "/api/v1/overlaps?area=vientiane", method: .get))).isEmpty)
            #expect(Self.identifiers(try Self.json(try await client.execute(uri: "/api/v1/overlaps?area=%25", method: .get))).isEmpty)

            // Answers conform to the OpenAPI document, 200 and 400 alike; bad values name their parameter.
            let document = try J.parse(try await client.execute(uri: "/api/v1/openapi.json", method: .get).body)
            let operation = try #require(document["paths"]?["/api/v1/overlaps"]?["get"])
            for (uri, status) in [
                ("/api/v1/overlaps", 200), ("/api/v1/overlaps?area=0101&state=open&limit=5&offset=0", 200),
                ("/api/v1/overlaps?state=maybe", 400), ("/api/v1/overlaps?limit=0", 400), ("/api/v1/overlaps?offset=-1", 400),
                ("/api/v1/overlaps?area=01&area=02", 400), ("/api/v1/overlaps?area=a%0Ab", 400),
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(Int(response.status.code) == status, "\(uri)")
                let declared = try #require(operation["responses"]?[String(status)], "\(uri): \(status) not documented")
                let schema = try #require(document.resolve(declared)?["content"]?["application/json"]?["schema"])
                let problems = document.validate(try J.parse(response.body), against: schema)
                #expect(problems.isEmpty, "\(uri): \(problems.prefix(5))")
                if status == 400 {
                    let name = try J.parse(response.body)["error"]?["parameter"]
                    #expect(name != nil && name != .null, "\(uri)")
                }
            }
        }
    }
}
