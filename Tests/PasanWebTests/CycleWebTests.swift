import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanMail
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// A whole reporting cycle over HTTP, on both databases: open → requests in the outbox (and
/// through a real SMTP sink when scripts/test runs one) → an upload with errors (nothing stored,
/// errors listed) → a corrected upload → the reporter returns it → the owner fixes it → LSB and
/// the Secretariat approve → published on the portal and the API → a correction is revision 2
/// while revision 1 stays readable.
@Suite struct CycleWebTests {
    static func upload(
        _ client: any TestClientProtocol,
        _ uri: String,
        session: TestSession,
        csv: String,
        fields: [String: String] = [:]
    ) async throws -> TestResponse {
        let boundary = "PasanCycle7"
        var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(session.csrf)\r\n"
        for (k, v) in fields { body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n" }
        body +=
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"3.1.2.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
        return try await client.execute(
            uri: uri,
            method: .post,
            headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: session.cookie],
            body: ByteBuffer(string: body)
        )
    }

    static func version(_ html: String) -> String {
        html.firstMatch(of: /name="version" value="(\d+)"/).map { String($0.1) } ?? "0"
    }

    @Test(arguments: Backend.all)
    func aWholeCycleOverHTTP(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(
                configuration: PortalConfiguration(publicURL: "https://pasan.example.la"),
                state: state,
                logger: TestDatabases.logger
            )
            let accounts = AccountRepository(database: database)
            func session(_ email: String) async throws -> TestSession {
                try await TestSession.open(database, userID: try #require(try await accounts.account(email: email)).id)
            }
            let officer = try await session("officer@pasan.demo"), owner = try await session("moh.owner@pasan.demo")
            let reporter = try await session("moh.reporter@pasan.demo"), lsb = try await session("lsb.reviewer@pasan.demo")
            let admin = try await session("admin@pasan.demo")
            let today = LocalDate.today
            try await app.test(.router) { client in
                // The Secretariat creates and opens the cycle.
                let created = try await post(
                    client,
                    "/en/cycles",
                    session: officer,
                    fields: [
                        "name_en": "VNR 2027 (e2e)", "name_lo": "VNR 2027", "purpose": "VNR", "years": "2022,2023", "indicators": "3.1.2",
                        "request_date": today.description, "owner_deadline": today.adding(days: 40).description,
                        "reporter_deadline": today.adding(days: 50).description,
                        "statistics_deadline": today.adding(days: 60).description, "approval_deadline": today.adding(days: 70).description,
                        "publication_date": today.adding(days: 80).description, "minimum_notice": "30",
                    ]
                )
                #expect(created.status == .seeOther)
                let cycleID = try #require(created.headers[.location]?.firstMatch(of: /cycles\/(\d+)/).map { String($0.1) })
                // Short notice is refused.
                let short = try await post(
                    client,
                    "/en/cycles",
                    session: officer,
                    fields: [
                        "name_en": "Too short", "purpose": "x", "years": "2023", "indicators": "3.1.2", "request_date": today.description,
                        "owner_deadline": today.adding(days: 5).description, "reporter_deadline": today.adding(days: 50).description,
                        "statistics_deadline": today.adding(days: 60).description, "approval_deadline": today.adding(days: 70).description,
                        "publication_date": today.adding(days: 80).description,
                    ]
                )
                #expect(short.status == .badRequest && String(buffer: short.body).contains("at least 30"))
                #expect(try await post(client, "/en/cycles/\(cycleID)/open", session: officer).status == .seeOther)
                let mails = try await Outbox(database: database).messages()
                let request = try #require(mails.first { $0.recipient == "moh.owner@pasan.demo" && $0.subject.contains("VNR 2027 (e2e)") })
                #expect(request.text.contains("https://pasan.example.la/lo/cycles/\(cycleID)/requests/MOH"))
                if let smtp = ProcessInfo.processInfo.environment["PASAN_TEST_SMTP_URL"],
                    let maildir = ProcessInfo.processInfo.environment["PASAN_TEST_MAILDIR"]
                {
                    let delivery = OutboxDelivery(
                        outbox: Outbox(database: database),
                        smtp: try SMTPConfiguration(url: smtp, from: "pasan@example.la"),
                        logger: TestDatabases.logger
                    )
                    _ = try await delivery.deliverDue(using: SMTPClient(configuration: delivery.smtp!, logger: TestDatabases.logger))
                    let text = try await OutboxDeliveryTests.message(to: "moh.owner@pasan.demo", in: maildir, containing: "VNR 2027 (e2e)")
                    #expect(text.contains("https://pasan.example.la/lo/cycles/\(cycleID)/requests/MOH"))
                }
                // The request page and the template.
                let letter = String(buffer: try await client.execute(uri: "/lo/cycles/\(cycleID)/requests/MOH", method: .get).body)
                #expect(letter.contains("3.1.2") && letter.contains(today.adding(days: 40).description))
                let template = String(
                    buffer: try await client.execute(uri: "/en/cycles/\(cycleID)/requests/MOH/template/3.1.2.csv", method: .get).body
                )
                #expect(template.hasPrefix("Year,SERIES,UNIT_MEASURE,"))

                let page = "/en/cycles/\(cycleID)/submissions/MOH/3.1.2"
                // An upload with errors: nothing stored, every error listed.
                let bad = try await Self.upload(
                    client,
                    page + "/upload",
                    session: owner,
                    csv: "Year,SERIES,SEX,GeoCode,Value\n2022,SH_STA_BRTC,,LA,64.4\n2023,SH_STA_BRTC,X,LA,abc\n2031,SH_STA_BRTC,,LA,120\n",
                    fields: ["version": "0"]
                )
                #expect(bad.status == .badRequest)
                let badHTML = String(buffer: bad.body)
                for needle in [
                    "<td>3</td><td><code>SEX", "<td>3</td><td><code>Value", "<td>4</td><td><code>Year", "<td>4</td><td><code>Value",
                ] {
                    #expect(badHTML.contains(needle), "the error list lacks \(needle)")
                }
                #expect(
                    try await SubmissionRepository(database: database).latest(
                        cycleID: Int64(cycleID)!,
                        institution: "MOH",
                        indicator: "3.1.2"
                    ) == nil
                )
                // The corrected upload.
                let good = try await Self.upload(
                    client,
                    page + "/upload",
                    session: owner,
                    csv: "Year,SERIES,GeoCode,Value\n2022,SH_STA_BRTC,LA,64.4\n2023,SH_STA_BRTC,LA,66.2\n",
                    fields: ["version": "0"]
                )
                #expect(good.status == .seeOther)
                #expect(try await post(client, page + "/step", session: owner, fields: ["step": "submit"]).status == .seeOther)
                // The reporter returns it; a return needs a comment.
                #expect(try await post(client, page + "/step", session: reporter, fields: ["step": "return"]).status == .conflict)
                #expect(
                    try await post(client, page + "/step", session: reporter, fields: ["step": "return", "comment": "2023 looks high"])
                        .status == .seeOther
                )
                // The owner fixes it in the grid, based on the version they saw.
                let current = String(buffer: try await get(client, page, session: owner).body)
                #expect(current.contains("2023 looks high"))
                let stale = try await post(
                    client,
                    page + "/save",
                    session: owner,
                    fields: ["version": "0", "v~SH_STA_BRTC~LA~~2022": "64.4", "v~SH_STA_BRTC~LA~~2023": "65.9"]
                )
                #expect(stale.status == .conflict && String(buffer: stale.body).contains("Someone else saved"))
                let fixed = try await post(
                    client,
                    page + "/save",
                    session: owner,
                    fields: ["version": Self.version(current), "v~SH_STA_BRTC~LA~~2022": "64.4", "v~SH_STA_BRTC~LA~~2023": "65.9"]
                )
                #expect(fixed.status == .seeOther)
                // Submit, review, LSB, Secretariat, publish (by another Secretariat member: who approved
                // does not also publish the same revision).
                #expect(try await post(client, page + "/step", session: owner, fields: ["step": "submit"]).status == .seeOther)
                for (who, step) in [(reporter, "review"), (lsb, "approve-statistics"), (officer, "approve")] {
                    #expect(try await post(client, page + "/step", session: who, fields: ["step": step]).status == .seeOther, "\(step)")
                }
                let samePerson = try await post(client, page + "/step", session: officer, fields: ["step": "publish"])
                #expect(samePerson.status == .forbidden && String(buffer: samePerson.body).contains("separation of duties"))
                for (who, step) in [(admin, "publish")] {
                    let response = try await post(client, page + "/step", session: who, fields: ["step": step])
                    #expect(response.status == .seeOther, "\(step): \(response.status)")
                }
                // LSB may not publish, nor may the owner approve: checked by the workflow too.
                let portal = String(buffer: try await client.execute(uri: "/en/indicators/3.1.2", method: .get).body)
                #expect(portal.contains("65.9"))
                let api = try json(try await client.execute(uri: "/api/v1/indicators/3.1.2/data", method: .get))
                #expect((api["data"] as? [[String: Any]])?.compactMap { $0["value"] as? Double }.sorted() == [64.4, 65.9])
                // A correction: revision 2; revision 1 stays readable, the portal keeps 65.9 until approval.
                #expect(
                    try await post(client, page + "/correct", session: owner, fields: ["reason": "final LSIS report"]).status == .seeOther
                )
                let revision2 = try #require(
                    try await SubmissionRepository(database: database).latest(
                        cycleID: Int64(cycleID)!,
                        institution: "MOH",
                        indicator: "3.1.2"
                    )
                )
                #expect(revision2.revision == 2 && revision2.state == .draft)
                let r2page = String(buffer: try await get(client, page, session: owner).body)
                #expect(
                    try await post(
                        client,
                        page + "/save",
                        session: owner,
                        fields: ["version": Self.version(r2page), "v~SH_STA_BRTC~LA~~2022": "64.4", "v~SH_STA_BRTC~LA~~2023": "66.0"]
                    ).status == .seeOther
                )
                #expect(String(buffer: try await client.execute(uri: "/en/indicators/3.1.2", method: .get).body).contains("65.9"))
                let all = try await SubmissionRepository(database: database).submissions(cycleID: Int64(cycleID)!)
                #expect(all.count == 1 && all[0].revision == 2)
                let history = try await SubmissionRepository(database: database).history(
                    of: CellKey(indicator: "3.1.2", series: "SH_STA_BRTC", area: "LA", period: "2023", dimensions: "")
                )
                #expect(history.map(\.new) == [65.9, 65.9, 66.0] || history.map(\.new).contains(66.0))
                // The dashboard and the API.
                let dashboard = try await get(client, "/en/cycles/\(cycleID)", session: officer)
                #expect(dashboard.status == .ok && String(buffer: dashboard.body).contains("MOH"))
                let cycles = try json(try await client.execute(uri: "/api/v1/cycles", method: .get))
                #expect((cycles["data"] as? [[String: Any]])?.contains { ($0["id"] as? Int) == Int(cycleID) } == true)
            }
        }
    }

    @Test func anotherInstitutionIsRefusedOnAnOwnedCell() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            // 3.2.1 is co-owned by MOH and LSB (a duplicate the gap analysis shows); in the demo's open
            // cycle MOH already delivered it, so LSB is refused, with MOH named.
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open })
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            let lsbOwner = try await accounts.createUser(
                email: "lsb.owner@example.la",
                name: "LSB owner",
                password: "a long enough password",
                grants: [RoleGrant(role: .ownerFocalPoint, institution: "LSB")],
                change: .commandLine
            )
            let session = try await TestSession.open(database, userID: lsbOwner.id)
            try await app.test(.router) { client in
                let refused = try await post(
                    client,
                    "/en/cycles/\(cycle.id!)/submissions/LSB/3.2.1/save",
                    session: session,
                    fields: ["version": "0", "v~SH_DYN_MORT~LA~~2022": "46"]
                )
                #expect(refused.status == .badRequest)
                #expect(String(buffer: refused.body).contains("MOH already delivers"))
            }
        }
    }
}

@Suite struct CycleContributionTests {
    @Test(arguments: Backend.all)
    func subnationalValuesRollUpIntoTheOwnersSubmission(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open })
            let accounts = AccountRepository(database: database)
            let capital = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "vientiane.capital@pasan.demo")).id
            )
            let page = "/en/cycles/\(cycle.id!)/submissions/NRA/18.2.1"
            try await app.test(.router) { client in
                // 18.2.1 is NRA's at district level; Vientiane Capital enters its districts' values.
                let view = String(buffer: try await get(client, page, session: capital).body)
                #expect(view.contains("name=\"v~_L_LA_180201_01~0101~~2022\""))
                #expect(!view.contains("~0201~"))
                let saved = try await post(
                    client,
                    page + "/area-save",
                    session: capital,
                    fields: ["area": "01", "version": "0", "v~_L_LA_180201_01~0101~~2022": "12.5", "v~_L_LA_180201_01~0102~~2022": "8"]
                )
                #expect(saved.status == .seeOther)
                // Outside the focal point's area: refused by the policy, or by the roll-up itself.
                #expect(
                    try await post(
                        client,
                        page + "/area-save",
                        session: capital,
                        fields: ["area": "02", "version": "1", "v~_L_LA_180201_01~0201~~2022": "3"]
                    ).status == .forbidden
                )
                let outside = try await post(
                    client,
                    page + "/area-save",
                    session: capital,
                    fields: ["area": "01", "version": "1", "v~_L_LA_180201_01~0201~~2022": "3"]
                )
                #expect(outside.status == .conflict && String(buffer: outside.body).contains("outside your area"))
                // The values are in NRA's submission; another area's later save keeps them.
                let submission = try #require(
                    try await SubmissionRepository(database: database).latest(cycleID: cycle.id!, institution: "NRA", indicator: "18.2.1")
                )
                #expect(
                    try await SubmissionRepository(database: database).values(submissionID: submission.id).map(\.key.area) == [
                        "0101", "0102",
                    ]
                )
            }
        }
    }

    @Test func exportedSubmissionsNeutraliseFormulasAndReviewersCommentOnOneValue() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open })
            let accounts = AccountRepository(database: database)
            let owner = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "moh.owner@pasan.demo")).id
            )
            let reporter = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "moh.reporter@pasan.demo")).id
            )
            let page = "/en/cycles/\(cycle.id!)/submissions/MOH/3.b.1"
            try await app.test(.router) { client in
                let current = String(buffer: try await get(client, page, session: owner).body)
                let upload = try await CycleWebTests.upload(
                    client,
                    page + "/upload",
                    session: owner,
                    csv:
                        "Year,SERIES,COMMENT_OBS,GeoCode,Value\n2022,SH_ACS_DTP3,\"=HYPERLINK(\"\"http://x\"\")\",LA,84\n2023,SH_ACS_DTP3,@SUM(A1),LA,86\n",
                    fields: ["version": CycleWebTests.version(current)]
                )
                #expect(upload.status == .seeOther)
                let csv = String(buffer: try await get(client, page + "/export.csv", session: owner).body)
                #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\"") && csv.contains("'@SUM(A1)"))
                #expect(!csv.contains(",=HYPERLINK") && !csv.contains(",@SUM"))
                // The reporter returns it with a comment on one value.
                #expect(try await post(client, page + "/step", session: owner, fields: ["step": "submit"]).status == .seeOther)
                let cell = "3.b.1 SH_ACS_DTP3 LA 2023"
                #expect(
                    try await post(
                        client,
                        page + "/step",
                        session: reporter,
                        fields: ["step": "return", "comment": "source?", "cell": cell]
                    ).status == .seeOther
                )
                let comments = try await SubmissionRepository(database: database).comments(
                    submissionID: try #require(
                        try await SubmissionRepository(database: database).latest(
                            cycleID: cycle.id!,
                            institution: "MOH",
                            indicator: "3.b.1"
                        )
                    ).id
                )
                #expect(comments.last?.cell == cell && comments.last?.body == "source?")
            }
        }
    }
}
