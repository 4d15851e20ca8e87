import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// The activity registry on the web (issue 14), over the demo activities: the form (a new
/// activity, a correction as a new revision with its reason), a focal point kept to their own
/// institution, an upload refused whole for one bad row, the preview before anything is saved,
/// and the activities API (filters, a bad parameter, answers that match the OpenAPI document).
@Suite struct ActivityWebTests {
    static func session(_ database: Database, _ email: String) async throws -> TestSession {
        let account = try #require(try await AccountRepository(database: database).account(email: email))
        return try await TestSession.open(database, userID: account.id)
    }

    static func upload(
        _ client: any TestClientProtocol,
        _ uri: String,
        session: TestSession,
        filename: String,
        content: String
    ) async throws -> TestResponse {
        let boundary = "PasanActivities14"
        var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(session.csrf)\r\n"
        body +=
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: text/csv\r\n\r\n\(content)\r\n--\(boundary)--\r\n"
        return try await client.execute(
            uri: uri,
            method: .post,
            headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: session.cookie],
            body: ByteBuffer(string: body)
        )
    }

    static let header =
        "identifier,implementer,implementer_ref,title_en,title_lo,description_en,description_lo,status,start,end,budget,currency,areas,sectors,sdg_targets,sdg_indicators,partners,funders,illustrative"

    @Test(arguments: Backend.all)
    func theFormCreatesAndACorrectionIsARevision(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let planner = try await Self.session(state.database, "planner.mpi@pasan.demo")
            let fields = [
                "implementer": "Development partner C (illustrative)", "title_en": "Test latrines", "status": "pipeline",
                "start": "2025-01-01", "end": "2026-12-31", "areas": "1302003\n1303", "sdg_targets": "6.2", "sectors": "14030",
                "illustrative": "true",
            ]
            let created = try await post(client, "/en/admin/activities/new", session: planner, fields: fields)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            #expect(location.hasPrefix("/en/activities/"))
            let repository = ActivityRepository(database: state.database)
            let stored = try #require(try await repository.activity(identifier: "LA-PASAN-ORG-4"))
            #expect(stored.implementer.institution == nil && stored.implementer.name.en == "Development partner C (illustrative)")
            #expect(stored.locations.map(\.areaCode) == ["1302003", "1303"] && stored.locations[1].level == .district)
            #expect(stored.origin == .app && stored.revision == 1)
            let page = try await client.execute(uri: location, method: .get)
            #expect(page.status == .ok && page.text.contains("Test latrines") && page.text.contains("LA-PASAN-ORG-4"))
            let lo = try await client.execute(uri: location.replacingOccurrences(of: "/en/", with: "/lo/"), method: .get)
            #expect(lo.status == .ok && lo.text.contains("lang=\"lo\""))

            // A correction without its reason is refused; with it, a new revision.
            let edit = "/en/admin/activities/\(try #require(stored.id))"
            var corrected = fields
            corrected["title_en"] = "Test latrines and handwashing"
            let refused = try await post(client, edit, session: planner, fields: corrected)
            #expect(refused.status == .unprocessableContent && refused.text.contains("Say why the activity is corrected."))
            corrected["reason"] = "Handwashing added by the district"
            #expect(try await post(client, edit, session: planner, fields: corrected).status == .seeOther)
            let revisions = try await repository.revisions(identifier: "LA-PASAN-ORG-4")
            #expect(revisions.map(\.revision) == [1, 2] && revisions.last?.reason == "Handwashing added by the district")
            let after = try await client.execute(uri: location, method: .get).text
            #expect(after.contains("Test latrines and handwashing") && after.contains("Handwashing added by the district"))

            // A bad form: every problem shown, nothing saved.
            let bad = try await post(
                client,
                "/en/admin/activities/new",
                session: planner,
                fields: ["implementer": "MOH", "title_en": "Bad", "start": "2026-01-01", "end": "2025-01-01", "areas": "9999999"]
            )
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("9999999"))
            #expect(try await repository.activity(identifier: "LA-PASAN-MOH-4") == nil)

            // The public list shows it, with the demo's illustrative marks; its filter narrows.
            let list = try await client.execute(uri: "/en/activities?district=1302", method: .get).text
            #expect(list.contains("Test latrines and handwashing") && list.contains("Illustrative"))
            #expect(!list.contains("Nutrition-sensitive home gardens"))
            let csv = try await client.execute(uri: "/en/activities/export/activities.csv?sdg=2", method: .get)
            #expect(csv.status == .ok && csv.text.contains("LA-PASAN-MAF-1") && !csv.text.contains("LA-PASAN-MOH-1"))
        }
    }

    @Test(arguments: Backend.all)
    func aFocalPointEntersOnlyTheirInstitutionsActivities(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let owner = try await Self.session(state.database, "moh.owner@pasan.demo")
            let fields = ["title_en": "MOH test", "areas": "1302001", "sdg_targets": "3.1"]
            let mine = try await post(client, "/en/admin/institutions/MOH/activities/new", session: owner, fields: fields)
            #expect(mine.status == .seeOther)
            let repository = ActivityRepository(database: state.database)
            #expect(try await repository.activity(identifier: "LA-PASAN-MOH-4")?.implementer.institution == "MOH")
            // Another institution's form, the national form, another's activity: 403.
            let other = try await post(client, "/en/admin/institutions/MOES/activities/new", session: owner, fields: fields)
            #expect(other.status == .forbidden)
            #expect(try await post(client, "/en/admin/activities/new", session: owner, fields: fields).status == .forbidden)
            let moes = try #require(try await repository.activity(identifier: "LA-PASAN-MOES-1")?.id)
            #expect(try await get(client, "/en/admin/activities/\(moes)", session: owner).status == .forbidden)
            let moh = try #require(try await repository.activity(identifier: "LA-PASAN-MOH-1")?.id)
            #expect(try await get(client, "/en/admin/activities/\(moh)", session: owner).status == .ok)
            // The implementer of its own form cannot be changed to another institution.
            var moved = fields
            moved["implementer"] = "MOES"
            moved["reason"] = "try"
            #expect(try await post(client, "/en/admin/activities/\(moh)", session: owner, fields: moved).status == .seeOther)
            #expect(try await repository.activity(id: moh)?.implementer.institution == "MOH")
            // Its upload page refuses another institution's activity.
            let refused = try await Self.upload(
                client,
                "/en/admin/institutions/MOH/activities/import",
                session: owner,
                filename: "moes.csv",
                content: Self.header + "\nT-MOES-9,MOES,,School test,,,,implementation,2025-01-01,2026-01-01,,,1302001,,4.1,,,,true\n"
            )
            #expect(refused.status == .unprocessableContent && refused.text.contains("T-MOES-9"))
            #expect(try await repository.activity(identifier: "T-MOES-9") == nil)
        }
    }

    @Test(arguments: Backend.all)
    func anUploadWithABadRowIsRefusedWholeAndAGoodOneIsPreviewedThenSaved(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let planner = try await Self.session(state.database, "planner.mpi@pasan.demo")
            let repository = ActivityRepository(database: state.database)
            let good = "T-1,MOH,,Good row,,,,implementation,2025-01-01,2026-12-31,1000,USD,1302001,12220,3.1,,,,true"
            let bad = "T-2,LWU,,Bad row,,,,implementation,2026-01-01,2025-01-01,10,usd,1302001;99,,3.1,,,,maybe"
            let refused = try await Self.upload(
                client,
                "/en/admin/activities/import",
                session: planner,
                filename: "mixed.csv",
                content: Self.header + "\n" + good + "\n" + bad + "\n"
            )
            #expect(refused.status == .unprocessableContent)
            let text = refused.text
            // Every problem of the bad row, with its line and column.
            for expected in ["mixed.csv:3", "areas", "illustrative", "currency", "end"] {
                #expect(text.contains(expected), "the refusal lacks \(expected)")
            }
            #expect(!text.contains("mixed.csv:2<"))
            #expect(try await repository.activity(identifier: "T-1") == nil)

            // A good file: previewed, nothing saved; confirmed, saved.
            let preview = try await Self.upload(
                client,
                "/en/admin/activities/import",
                session: planner,
                filename: "good.csv",
                content: Self.header + "\n" + good + "\n"
            )
            #expect(preview.status == .ok && preview.text.contains("name=\"confirm\""))
            #expect(try await repository.activity(identifier: "T-1") == nil)
            var parts: [String: String] = [:]
            for match in preview.text.matches(of: /name="(content_\d+)" value="([^"]+)"/) { parts[String(match.1)] = String(match.2) }
            #expect(!parts.isEmpty)
            let confirmed = try await post(
                client,
                "/en/admin/activities/import",
                session: planner,
                fields: parts.merging(["filename": "good.csv", "confirm": "1"]) { a, _ in a }
            )
            #expect(confirmed.status == .ok)
            let saved = try #require(try await repository.activity(identifier: "T-1"))
            #expect(
                saved.origin == .file && saved.sourceFile == "good.csv" && saved.budget == ActivityBudget(amount: 1000, currency: "USD")
            )
            // T-1 (MOH) adds nothing new to MOH's demo overlaps; the pair with LWU-1 is found.
            let overlaps = try await repository.overlapIDs(of: "T-1")
            #expect(overlaps.count == 1)
        }
    }

    /// What the export writes, the upload reads back as it was: every demo activity unchanged.
    @Test(arguments: Backend.all)
    func theExportsReadBackUnchanged(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let planner = try await Self.session(state.database, "planner.mpi@pasan.demo")
            for file in ["activities.csv", "activities.xlsx"] {
                let exported = try await client.execute(uri: "/en/activities/export/\(file)", method: .get)
                #expect(exported.status == .ok)
                let boundary = "PasanActivitiesRoundTrip"
                var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(planner.csrf)\r\n".utf8)
                body += Data(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                        .utf8
                )
                body += Data(buffer: exported.body)
                body += Data("\r\n--\(boundary)--\r\n".utf8)
                let preview = try await client.execute(
                    uri: "/en/admin/activities/import",
                    method: .post,
                    headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: planner.cookie],
                    body: ByteBuffer(bytes: body)
                )
                #expect(preview.status == .ok, "\(file): \(preview.status)")
                #expect(preview.text.contains("0 new, 0 corrected, 12 unchanged."), "\(file)")
            }
        }
    }

    /// An IATI activity file (the IATI tests' fixtures) through the same page: a valid one
    /// previewed and saved, a refused one with the activity and element of each problem.
    @Test(arguments: Backend.all)
    func anIATIFileIsPreviewedThenSavedOrRefusedWhole(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let planner = try await Self.session(state.database, "planner.mpi@pasan.demo")
            let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("tests/fixtures/iati")
            func upload(_ name: String, _ data: Data) async throws -> TestResponse {
                let boundary = "PasanActivitiesIATI"
                var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(planner.csrf)\r\n".utf8)
                body += Data(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/xml\r\n\r\n"
                        .utf8
                )
                body += data
                body += Data("\r\n--\(boundary)--\r\n".utf8)
                return try await client.execute(
                    uri: "/en/admin/activities/import",
                    method: .post,
                    headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: planner.cookie],
                    body: ByteBuffer(bytes: body)
                )
            }
            let repository = ActivityRepository(database: state.database)
            let refused = try await upload("bad.xml", try Data(contentsOf: fixtures.appendingPathComponent("bad_end_before_start.xml")))
            #expect(refused.status == .unprocessableContent)
            #expect(try await repository.activities(page: PageRequest(limit: 100, offset: 0)).total == 12)
            let preview = try await upload("valid.xml", try Data(contentsOf: fixtures.appendingPathComponent("valid_activities.xml")))
            #expect(preview.status == .ok && preview.text.contains("XM-EXAMPLE-1-LA-001"))
            #expect(try await repository.activity(identifier: "XM-EXAMPLE-1-LA-001") == nil)
            var parts: [String: String] = [:]
            for match in preview.text.matches(of: /name="(content_\d+)" value="([^"]+)"/) { parts[String(match.1)] = String(match.2) }
            #expect(!parts.isEmpty)
            let confirmed = try await post(
                client,
                "/en/admin/activities/import",
                session: planner,
                fields: parts.merging(["filename": "valid.xml", "confirm": "1"]) { a, _ in a }
            )
            #expect(confirmed.status == .ok)
            let saved = try #require(try await repository.activity(identifier: "XM-EXAMPLE-1-LA-001"))
            #expect(saved.origin == .iati && saved.locations.contains { $0.areaCode == "0101001" })
        }
    }

    @Test(arguments: Backend.all)
    func theAPIFiltersAndRefusesBadParameters(backend: Backend) async throws {
        try await withPortal(backend) { client, _ in
            let document = try J.parse(try await client.execute(uri: "/api/v1/openapi.json", method: .get).body)
            func identifiers(_ query: String) async throws -> [String] {
                let response = try await client.execute(uri: "/api/v1/activities" + query, method: .get)
                #expect(response.status == .ok, "\(query)")
                let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                return ((body["data"] as? [[String: Any]]) ?? []).compactMap { $0["identifier"] as? String }
            }
            #expect(
                try await identifiers("?area=1302001") == [
                    "LA-PASAN-LWU-1", "LA-PASAN-MOES-2", "LA-PASAN-MOH-1", "LA-PASAN-MOH-2", "LA-PASAN-MONRE-1",
                ]
            )
            // A village takes in activities known only at its district's level.
            #expect(try await identifiers("?area=1303001") == ["LA-PASAN-MAF-1", "LA-PASAN-ORG-2"])
            #expect(try await identifiers("?sdg=3.1&area=13") == ["LA-PASAN-LWU-1", "LA-PASAN-MOH-1", "LA-PASAN-MOH-3"])
            #expect(try await identifiers("?sdg=2.2.1") == ["LA-PASAN-ORG-2"])
            #expect(try await identifiers("?institution=LWU") == ["LA-PASAN-LWU-1", "LA-PASAN-LWU-2", "LA-PASAN-MAF-1", "LA-PASAN-ORG-3"])
            #expect(try await identifiers("?limit=2&offset=1").count == 2)
            // Any text is accepted for area, as in /api/v1/overlaps: one that is no area code names no area.
            #expect(try await identifiers("?area=abc") == [])
            for (query, parameter) in [
                ("?sdg=99", "sdg"), ("?sdg=3.99", "sdg"), ("?institution=NOPE", "institution"),
                ("?status=done", "status"), ("?limit=0", "limit"), ("?sdg=3&sdg=4", "sdg"),
            ] {
                let response = try await client.execute(uri: "/api/v1/activities" + query, method: .get)
                #expect(response.status == .badRequest, "\(query)")
                #expect(try J.parse(response.body)["error"]?["parameter"] == .string(parameter), "\(query)")
            }
            // The answers (a list, one activity, a 404, a 400) as the document describes them.
            for (operation, uri) in [
                (APIOperation.activities, "/api/v1/activities?area=1302"), (.activities, "/api/v1/activities?sdg=nope"),
                (.activity, "/api/v1/activities/LA-PASAN-MOH-1"), (.activity, "/api/v1/activities/NOPE"),
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                let declared = try #require(
                    document["paths"]?[operation.path]?["get"]?["responses"]?[String(Int(response.status.code))],
                    "\(uri): \(response.status) is not documented"
                )
                let answer = try #require(document.resolve(declared))
                let schema = try #require(answer["content"]?["application/json"]?["schema"])
                let problems = document.validate(try J.parse(response.body), against: schema)
                #expect(problems.isEmpty, "\(uri): \(problems.prefix(5))")
            }
            #expect(try await client.execute(uri: "/api/v1/activities/NOPE", method: .get).status == .notFound)
        }
    }
}
