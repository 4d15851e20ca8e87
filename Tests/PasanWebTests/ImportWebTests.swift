import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanExchange
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// Issue 11 on the web, on both databases: the Secretariat and LSB upload an Open SDG repository
/// as a zip or an SDMX message, look at what the batch would change, and publish or discard it;
/// the portal's API shows published values at once. An owner focal point may not import. A zip
/// with a path-traversal entry, a DTD in a repository's XML and an SDMX message with a DOCTYPE
/// are refused with the problem listed, and no batch is created.
@Suite struct ImportWebTests {
    /// A small Open SDG repository inside GitHub's top folder: 1.2.1 in tidy CSV (two national
    /// values, added), and 18.1.1's 2015 value, which the demo data published as 42 (a conflict).
    static func repository(top: String = "sdg-test-main", extra: [(String, Data)] = []) -> Data {
        let zip = try! ZipArchive()
        let files: [(String, String)] = [
            ("config_data.yml", "languages:\n  - en\ninputs:\n  - class: InputCsvData\n    path_pattern: data/indicator_*.csv\n"),
            ("data/indicator_1-2-1.csv", "Year,SERIES,UNIT_MEASURE,Value\n2018,SI_POV_NAHC,PT,18.3\n2019,SI_POV_NAHC,PT,17.9\n"),
            ("data/indicator_18-1-1.csv", "Year,SERIES,UNIT_MEASURE,Value\n2015,_L_LA_180101_00,NUMBER,99\n"),
        ]
        for (path, text) in files { try! zip.add("\(top)/\(path)", Data(text.utf8)) }
        for (path, data) in extra { try! zip.add(path, data) }
        return zip.finished()
    }

    /// A multipart upload of `file` with the form's other fields.
    static func upload(
        _ client: any TestClientProtocol,
        _ uri: String,
        session: TestSession,
        file: Data,
        fileName: String,
        fields: [String: String] = [:]
    ) async throws -> TestResponse {
        let boundary = "PasanImport11"
        var body = Data()
        func text(_ s: String) { body.append(Data(s.utf8)) }
        text("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(session.csrf)\r\n")
        for (k, v) in fields.sorted(by: { $0.key < $1.key }) {
            text("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n")
        }
        text("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\n")
        text("Content-Type: application/octet-stream\r\n\r\n")
        body.append(file)
        text("\r\n--\(boundary)--\r\n")
        return try await client.execute(
            uri: uri,
            method: .post,
            headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: session.cookie],
            body: ByteBuffer(bytes: body)
        )
    }

    static func sessions(_ database: Database) async throws -> (officer: TestSession, lsb: TestSession, owner: TestSession) {
        let accounts = AccountRepository(database: database)
        func session(_ email: String) async throws -> TestSession {
            try await TestSession.open(database, userID: try #require(try await accounts.account(email: email)).id)
        }
        return (
            try await session("officer@pasan.demo"), try await session("lsb.reviewer@pasan.demo"),
            try await session("moh.owner@pasan.demo")
        )
    }

    /// The batch id a redirect names (`/en/admin/imports/3?done=staged`).
    static func batchID(_ response: TestResponse) throws -> Int64 {
        let location = try #require(response.headers[.location])
        let match = try #require(location.firstMatch(of: /\/admin\/imports\/(\d+)\?done=staged/))
        return try #require(Int64(match.1))
    }

    static func body(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test(arguments: Backend.all)
    func aRepositoryIsUploadedPreviewedAndPublished(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let (officer, lsb, owner) = try await Self.sessions(database)
            try await app.test(.router) { client in
                // Only the Secretariat and LSB import: an owner focal point is refused, on every route.
                #expect(try await get(client, "/en/admin/imports", session: owner).status == .forbidden)
                #expect(try await get(client, "/en/admin/imports/new", session: owner).status == .forbidden)
                let refused = try await Self.upload(
                    client,
                    "/en/admin/imports/open-sdg",
                    session: owner,
                    file: Self.repository(),
                    fileName: "sdg-test-main.zip"
                )
                #expect(refused.status == .forbidden)
                #expect(try await ImportBatchRepository(database: database).batches().isEmpty)
                // The work page links the imports for those who may import, and only for them.
                #expect(Self.body(try await get(client, "/en/me", session: lsb)).contains("/en/admin/imports"))
                #expect(!Self.body(try await get(client, "/en/me", session: owner)).contains("/en/admin/imports"))
                #expect(try await get(client, "/en/admin/imports/new", session: lsb).status == .ok)

                // The API shows no value of 1.2.1 yet (and caches that answer).
                let before = Self.body(try await client.execute(uri: "/api/v1/indicators/1.2.1/data", method: .get))
                #expect(!before.contains("SI_POV_NAHC"))

                // LSB uploads the repository: a staged batch, nothing published.
                let staged = try await Self.upload(
                    client,
                    "/en/admin/imports/open-sdg",
                    session: lsb,
                    file: Self.repository(),
                    fileName: "sdg-test-main.zip"
                )
                #expect(staged.status == .seeOther)
                let id = try Self.batchID(staged)
                let batch = try #require(try await ImportBatchRepository(database: database).batch(id: id))
                #expect(batch.state == .staged && batch.source == .openSDG)
                #expect(batch.fileName == "sdg-test-main.zip" && batch.name == "sdg-test-main")
                #expect(batch.createdBy.contains("lsb.reviewer@pasan.demo"))

                // The batch page: the additions per goal and indicator, the conflict with the demo's
                // published value and its dataset, and the two decisions.
                let page = Self.body(try await get(client, "/en/admin/imports/\(id)?done=staged", session: lsb))
                for needle in [
                    "Goal 1", "1.2.1", "Values added", "SI_POV_NAHC", "18.3", "17.9", "Goal 18", "18.1.1",
                    "Conflicts with values another source published", "dataset demo", ">42<", ">99<",
                    "2 added, 0 changed, 0 unchanged, 1 conflicts, 0 refused", "?confirm=publish", "?confirm=discard",
                ] {
                    #expect(page.contains(needle), "the batch page lacks \(needle)")
                }
                let confirm = Self.body(try await get(client, "/en/admin/imports/\(id)?confirm=publish", session: lsb))
                #expect(confirm.contains("action=\"/en/admin/imports/\(id)/publish\"") && confirm.contains("Yes, publish the batch"))
                // Still nothing on the portal.
                #expect(!Self.body(try await client.execute(uri: "/api/v1/indicators/1.2.1/data", method: .get)).contains("SI_POV_NAHC"))

                // The Secretariat publishes it: the API shows the values at once; the conflict is left alone.
                let published = try await post(client, "/en/admin/imports/\(id)/publish", session: officer)
                #expect(published.status == .seeOther)
                let api = Self.body(try await client.execute(uri: "/api/v1/indicators/1.2.1/data", method: .get))
                #expect(api.contains("\"series\":\"SI_POV_NAHC\"") && api.contains("\"value\":18.3") && api.contains("\"value\":17.9"))
                let uxo = Self.body(try await client.execute(uri: "/api/v1/indicators/18.1.1/data", method: .get))
                #expect(uxo.contains("\"value\":42") && !uxo.contains("\"value\":99"))

                // The batch is recorded as published, by whom; a second decision is refused.
                let after = Self.body(try await get(client, "/en/admin/imports/\(id)?done=published", session: lsb))
                #expect(after.contains("Published by Secretariat officer (demo) &lt;officer@pasan.demo&gt; on "))
                #expect(after.contains("2 added, 0 changed, 0 already published as they were, 1 conflicts left unchanged"))
                #expect(!after.contains("?confirm=publish"))
                let again = try await post(client, "/en/admin/imports/\(id)/discard", session: lsb)
                #expect(again.status == .conflict)
                #expect(Self.body(again).contains("Only a batch waiting for a decision"))
                // The list, newest first, with who and what.
                let list = Self.body(try await get(client, "/en/admin/imports", session: officer))
                #expect(list.contains("Batch \(id)") && list.contains("sdg-test-main.zip") && list.contains("lsb.reviewer@pasan.demo"))
                #expect(list.contains("published: 2 added, 0 changed, 1 conflicts"))
            }
        }
    }

    @Test(arguments: Backend.all)
    func aDiscardedBatchPublishesNothing(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let (officer, _, owner) = try await Self.sessions(database)
            try await app.test(.router) { client in
                let staged = try await Self.upload(
                    client,
                    "/lo/admin/imports/open-sdg",
                    session: officer,
                    file: Self.repository(top: "lsb-data"),
                    fileName: "lsb-data.zip",
                    fields: ["name": "sdg-laos"]
                )
                #expect(staged.status == .seeOther)
                let id = try Self.batchID(staged)
                #expect(try await ImportBatchRepository(database: database).batch(id: id)?.name == "sdg-laos")
                // An owner focal point can neither see nor decide it.
                #expect(try await get(client, "/en/admin/imports/\(id)", session: owner).status == .forbidden)
                #expect(try await post(client, "/en/admin/imports/\(id)/publish", session: owner).status == .forbidden)
                #expect(try await post(client, "/en/admin/imports/\(id)/discard", session: owner).status == .forbidden)

                let discarded = try await post(client, "/lo/admin/imports/\(id)/discard", session: officer)
                #expect(discarded.status == .seeOther)
                let batch = try #require(try await ImportBatchRepository(database: database).batch(id: id))
                #expect(batch.state == .discarded && batch.decidedBy?.contains("officer@pasan.demo") == true)
                #expect(!Self.body(try await client.execute(uri: "/api/v1/indicators/1.2.1/data", method: .get)).contains("SI_POV_NAHC"))
                let page = Self.body(try await get(client, "/en/admin/imports/\(id)", session: officer))
                #expect(
                    page.contains("Discarded by Secretariat officer (demo) &lt;officer@pasan.demo&gt; on ")
                        && !page.contains("?confirm=publish")
                )
                #expect(try await post(client, "/en/admin/imports/\(id)/publish", session: officer).status == .conflict)
                #expect(try await get(client, "/en/admin/imports/9999", session: officer).status == .notFound)
            }
        }
    }

    @Test(arguments: Backend.all)
    func badUploadsAreRefusedWithTheirProblemsAndNothingIsWritten(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let (_, lsb, _) = try await Self.sessions(database)
            let batches = ImportBatchRepository(database: database)
            try await app.test(.router) { client in
                // A path-traversal entry: refused before anything is unpacked, the entry named.
                let traversal = try await Self.upload(
                    client,
                    "/en/admin/imports/open-sdg",
                    session: lsb,
                    file: Self.repository(extra: [("../../etc/cron.d/pasan", Data("* * * * * root true\n".utf8))]),
                    fileName: "sdg-test-main.zip"
                )
                #expect(traversal.status == .unprocessableContent)
                var page = Self.body(traversal)
                #expect(page.contains("sdg-test-main.zip was not imported"))
                #expect(page.contains("../../etc/cron.d/pasan") && page.contains("a path without .."))
                #expect(page.contains("nothing was written"))
                // In Lao, the same problem in Lao.
                let lao = try await Self.upload(
                    client,
                    "/lo/admin/imports/open-sdg",
                    session: lsb,
                    file: Self.repository(extra: [("../../etc/cron.d/pasan", Data("x".utf8))]),
                    fileName: "sdg-test-main.zip"
                )
                #expect(Self.body(lao).contains("ເສັ້ນທາງທີ່ບໍ່ມີ .."))

                // An XML file of the repository with a DTD (entity bomb, external entity): refused, with its file.
                let dtd = """
                    <?xml version="1.0"?>
                    <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
                    <message:Structure xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">&lol2;</message:Structure>
                    """
                let zip = try! ZipArchive()
                try! zip.add(
                    "config_data.yml",
                    Data("languages: [en]\ninputs:\n  - class: InputSdmxMl_Multiple\n    path_pattern: data/*.xml\n    dsd: dsd.xml\n".utf8)
                )
                try! zip.add("dsd.xml", Data(dtd.utf8))
                try! zip.add("data/goal1.xml", Data("<x/>".utf8))
                let withDTD = try await Self.upload(
                    client,
                    "/en/admin/imports/open-sdg",
                    session: lsb,
                    file: zip.finished(),
                    fileName: "dtd.zip"
                )
                #expect(withDTD.status == .unprocessableContent)
                page = Self.body(withDTD)
                #expect(page.contains("dtd.zip was not imported") && page.contains("dsd.xml") && page.contains("DOCTYPE"))

                // A configuration that names a file outside the repository.
                let outside = try! ZipArchive()
                try! outside.add(
                    "config_data.yml",
                    Data("languages: [en]\ninputs:\n  - class: InputCsvData\n    path_pattern: ../../../etc/*.csv\n".utf8)
                )
                let escaping = try await Self.upload(
                    client,
                    "/en/admin/imports/open-sdg",
                    session: lsb,
                    file: outside.finished(),
                    fileName: "outside.zip"
                )
                #expect(escaping.status == .unprocessableContent)
                #expect(Self.body(escaping).contains("a path inside the repository"))

                // Not a zip, and no repository in the zip.
                let notZip = try await Self.upload(
                    client,
                    "/en/admin/imports/open-sdg",
                    session: lsb,
                    file: Data("Year,Value\n".utf8),
                    fileName: "data.csv"
                )
                #expect(Self.body(notZip).contains("a zip file (this one cannot be read as a zip)"))
                let noConfig = try! ZipArchive()
                try! noConfig.add("a/b/readme.md", Data("hello".utf8))
                let noRepository = try await Self.upload(
                    client,
                    "/en/admin/imports/open-sdg",
                    session: lsb,
                    file: noConfig.finished(),
                    fileName: "a.zip"
                )
                #expect(Self.body(noRepository).contains("config_data.yml at the top of the zip"))

                // An SDMX message with a DOCTYPE: refused by the XML reader, nothing read.
                let sdmx = try await Self.upload(
                    client,
                    "/en/admin/imports/sdmx",
                    session: lsb,
                    file: Data(dtd.utf8),
                    fileName: "message.xml",
                    fields: ["dsd": "sdg"]
                )
                #expect(sdmx.status == .unprocessableContent)
                page = Self.body(sdmx)
                #expect(page.contains("message.xml was not imported") && page.contains("DOCTYPE"))
                #expect(page.contains("<option value=\"sdg\" selected=\"selected\">"))

                // A form without a file, or with an unknown structure.
                let empty = try await post(client, "/en/admin/imports/open-sdg", session: lsb, fields: ["name": "x"])
                #expect(empty.status == .badRequest)
                #expect(Self.body(empty).contains("Choose the zip of the repository to upload."))
                let unknown = try await Self.upload(
                    client,
                    "/en/admin/imports/sdmx",
                    session: lsb,
                    file: Data("x".utf8),
                    fileName: "m.xml",
                    fields: ["dsd": "../../etc/passwd"]
                )
                #expect(unknown.status == .badRequest)
                #expect(Self.body(unknown).contains("Choose one of the data structures offered."))

                // Nothing of it was written.
                #expect(try await batches.batches().isEmpty)
            }
        }
    }

    @Test(arguments: Backend.all)
    func anSDMXMessageIsStagedAgainstTheChosenStructure(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let (_, lsb, _) = try await Self.sessions(database)
            let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("tests/fixtures/sdmx")
            let message = try Data(contentsOf: examples.appendingPathComponent("lao_valid_structure-specific.xml"))
            try await app.test(.router) { client in
                let staged = try await Self.upload(
                    client,
                    "/en/admin/imports/sdmx",
                    session: lsb,
                    file: message,
                    fileName: "valid.xml",
                    fields: ["dsd": "sdg"]
                )
                #expect(staged.status == .seeOther, "\(Self.body(staged).prefix(3000))")
                let id = try Self.batchID(staged)
                let batch = try #require(try await ImportBatchRepository(database: database).batch(id: id))
                #expect(batch.source == .sdmx && batch.fileName == "valid.xml" && batch.counts.values > 0)
                let page = Self.body(try await get(client, "/en/admin/imports/\(id)", session: lsb))
                #expect(page.contains("SDMX data message") && page.contains("Values added") && page.contains("SI_POV_NAHC"))
            }
        }
    }
}
