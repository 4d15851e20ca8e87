import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import SQLKit
import Synchronization
import Testing

@testable import PasanWeb

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A clock the test moves forward (scheduled pulls and their retries).
final class MovableClock: Sendable {
    private let moment: Mutex<Date>
    init(_ start: Date = Date()) { moment = Mutex(start) }
    func advance(_ seconds: TimeInterval) { moment.withLock { $0 += seconds } }
    var provider: DateProvider { DateProvider(now: { self.moment.withLock { $0 } }) }
}

/// DHIS2 on the web, against the DHIS2 stand-in that scripts/test starts (`PASAN_TEST_DHIS2_URL`;
/// without it the live checks are skipped): the Secretariat registers MOH's DHIS2 with a token
/// (kept sealed: the database never holds it in clear), maps a data element to 3.1.2's series,
/// fetches and confirms the organisation units, pulls into MOH's submission of an open cycle
/// (every value keeps "DHIS2 …, pulled at …"), pulls again (nothing changed); a scheduled pull
/// that meets a 500 is retried after its back-off and then succeeds; a DHIS2 push with an API
/// token answers DHIS2's import summary, and a revoked token is refused.
@Suite struct DHIS2WebTests {
    static let standIn = ProcessInfo.processInfo.environment["PASAN_TEST_DHIS2_URL"]
    static let standInToken = ProcessInfo.processInfo.environment["PASAN_TEST_DHIS2_TOKEN"] ?? ""
    static let key = try! SecretBox(key: "a test key of at least thirty-two characters")

    @Test func secretsAreSealedAndOpenOnlyWithTheirKey() throws {
        let sealed = try Self.key.seal("d2pat_secret")
        #expect(sealed.hasPrefix("v1:") && !sealed.contains("d2pat"))
        #expect(try Self.key.open(sealed) == "d2pat_secret")
        let other = try SecretBox(key: "another key of at least thirty-two characters")
        #expect(throws: SecretBox.Problem.cannotOpen) { try other.open(sealed) }
        #expect(throws: SecretBox.Problem.unusableKey) { try SecretBox(key: "short") }
        #expect(SecretBox.fromEnvironment([:]) == nil)
    }

    @Test func theRegisterFormRefusesWhatCannotWork() {
        var form = FormData()
        form.fields = [
            "name": "MOH", "base_url": "https://user:pw@hmis.gov.la/dhis", "institution": "MOH", "auth_kind": "basic", "secret": "x",
        ]
        guard case .failure(let problems) = DHIS2RegisterForm.decode(form, isKnownInstitution: { $0 == "MOH" }) else {
            Issue.record("a URL with a password and a basic sign-in without user name were accepted")
            return
        }
        #expect(problems.messages.map(\.key) == ["dhis2_web.form.baseURL", "dhis2_web.form.username"])
        #expect(DHIS2RegisterForm.validURL("https://hmis.gov.la/dhis/") == "https://hmis.gov.la/dhis")
        #expect(DHIS2RegisterForm.validURL("ftp://hmis.gov.la") == nil)
        #expect(DHIS2MappingForm.dimensions("sex=F | URBANISATION=_T") == "SEX=F")
        #expect(DHIS2MappingForm.dimensions("SEX=X") == nil)
    }

    @Test(arguments: Backend.all)
    func pullScheduleAndPush(backend: Backend) async throws {
        guard let standIn = Self.standIn else {
            print("DHIS2WebTests: PASAN_TEST_DHIS2_URL is not set (scripts/test starts the stand-in); live checks skipped")
            return
        }
        let clock = MovableClock()
        try await TestDatabases.withSeeded(backend, clock: clock.provider) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo, secrets: Self.key)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let accounts = AccountRepository(database: database)
            let officer = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "officer@pasan.demo")).id
            )
            let today = database.clock.today
            try await app.test(.router) { client in
                // An open cycle asks MOH for 3.1.2 in 2022 and 2023.
                let created = try await post(
                    client,
                    "/en/cycles",
                    session: officer,
                    fields: [
                        "name_en": "DHIS2 pull (test)", "purpose": "test", "years": "2022,2023", "indicators": "3.1.2",
                        "request_date": today.description, "owner_deadline": today.adding(days: 40).description,
                        "reporter_deadline": today.adding(days: 50).description, "statistics_deadline": today.adding(days: 60).description,
                        "approval_deadline": today.adding(days: 70).description, "publication_date": today.adding(days: 80).description,
                        "minimum_notice": "30",
                    ]
                )
                let cycleText = try #require(created.headers[.location]?.firstMatch(of: /cycles\/(\d+)/).map { String($0.1) })
                let cycleID = try #require(Int64(cycleText))
                #expect(try await post(client, "/en/cycles/\(cycleID)/open", session: officer).status == .seeOther)

                // The Secretariat registers MOH's DHIS2; the token is sealed.
                let registered = try await post(
                    client,
                    "/en/dhis2",
                    session: officer,
                    fields: [
                        "name": "MOH HMIS (\(backend))", "base_url": standIn, "institution": "MOH", "auth_kind": "token",
                        "secret": Self.standInToken, "schedule": "daily",
                    ]
                )
                #expect(registered.status == .seeOther)
                let instanceText = try #require(registered.headers[.location]?.firstMatch(of: /dhis2\/(\d+)/).map { String($0.1) })
                let instance = try #require(Int64(instanceText))
                let stored = try await database.read { db in
                    try await db.select().column("sealed_secret").from("dhis2_instances").where("id", .equal, instance).first()?
                        .decode(column: "sealed_secret", as: String.self)
                }
                #expect(stored != nil && !(stored ?? "").contains(Self.standInToken))
                let list = String(buffer: try await get(client, "/en/dhis2", session: officer).body)
                #expect(list.contains("MOH HMIS") && !list.contains(Self.standInToken))

                // A mapping line: the illustrative skilled-birth share to 3.1.2's series.
                let mapped = try await post(
                    client,
                    "/en/dhis2/\(instance)/mapping",
                    session: officer,
                    fields: [
                        "data_element": "LaoSbaPct01", "source": "analytics", "indicator": "3.1.2", "series": "SH_STA_BRTC",
                        "aggregation": "average", "factor": "1",
                    ]
                )
                #expect(mapped.status == .seeOther)
                let badLine = try await post(
                    client,
                    "/en/dhis2/\(instance)/mapping",
                    session: officer,
                    fields: [
                        "data_element": "not-a-uid", "source": "analytics", "indicator": "3.1.2", "series": "NOPE", "aggregation": "sum",
                    ]
                )
                #expect(badLine.status == .badRequest)
                #expect(try await DHIS2Repository(database: database).mappings(instanceID: instance).count == 1)

                // The organisation units: fetched, proposed by code, confirmed as proposed.
                #expect(try await post(client, "/en/dhis2/\(instance)/org-units/fetch", session: officer).status == .seeOther)
                let proposals = try await DHIS2Repository(database: database).orgUnits(instanceID: instance)
                let byCode = proposals.filter { $0.basis == .code && $0.areaCode != nil }
                #expect(byCode.count >= 18, "the provinces are proposed by their LSB code")
                #expect(proposals.contains { $0.orgUnit.code == "CENTRAL_HOSP" && $0.areaCode == nil })
                var decisions: [String: String] = [:]
                for match in proposals { decisions["area." + match.orgUnit.uid] = match.areaCode ?? "" }
                #expect(try await post(client, "/en/dhis2/\(instance)/org-units", session: officer, fields: decisions).status == .seeOther)

                // Pull now: the values land in MOH's draft with their provenance.
                let pulled = try await post(client, "/en/dhis2/\(instance)/pull", session: officer)
                #expect(pulled.status == .seeOther)
                let reportPath = try #require(pulled.headers[.location])
                let report = String(buffer: try await get(client, reportPath, session: officer).body)
                #expect(report.contains("3.1.2"), "the pull's page names the indicator")
                let submission = try #require(
                    try await SubmissionRepository(database: database).latest(cycleID: cycleID, institution: "MOH", indicator: "3.1.2")
                )
                let values = try await SubmissionRepository(database: database).values(submissionID: submission.id)
                let fromDHIS2 = values.filter { $0.source?.hasPrefix("DHIS2 MOH HMIS (\(backend)), pulled at ") ?? false }
                #expect(fromDHIS2.count >= 36, "2 years × 18 provinces, got \(fromDHIS2.count)")
                #expect(Set(fromDHIS2.map(\.key.period)) == ["2022", "2023"])

                // Again: nothing changed since the previous pull.
                let again = try await post(client, "/en/dhis2/\(instance)/pull", session: officer)
                let pulls = try await DHIS2Repository(database: database).pulls(instanceID: instance)
                #expect(again.status == .seeOther && pulls.count == 2)
                #expect(pulls[0].report.added.isEmpty && pulls[0].report.changed.isEmpty && pulls[0].report.unchanged == fromDHIS2.count)

                // The scheduled pull is due tomorrow; DHIS2 answers 500 once, the retry succeeds.
                let session = "pasan-\(backend)-\(UUID().uuidString)"
                try await Self.fault(standIn, session: session, ["status": 500, "count": 1])
                let service = DHIS2PullService(state: state, logger: TestDatabases.logger, headers: ["X-Standin-Session": session])
                clock.advance(86_400 + 60)
                #expect(try await service.runDue() == 1)
                let failed = try #require(try await DHIS2Repository(database: database).pulls(instanceID: instance).first)
                #expect(!failed.succeeded && failed.trigger == "schedule" && failed.attempt == 1)
                #expect(failed.report.failure?.key.hasPrefix("dhis2_client.") == true && failed.retryAt != nil)
                clock.advance(30)
                #expect(try await service.runDue() == 0, "the retry waits for its back-off")
                clock.advance(DHIS2Puller.retryDelays[0])
                #expect(try await service.runDue() == 1)
                let retried = try #require(try await DHIS2Repository(database: database).pulls(instanceID: instance).first)
                #expect(retried.succeeded && retried.attempt == 2 && retried.retryAt == nil)

                // A DHIS2 push with MOH's API token; then the token is revoked.
                let tokens = APITokenRepository(database: database)
                let (token, secret) = try await tokens.create(
                    institution: "MOH",
                    name: "HMIS push",
                    scope: .write,
                    expiresOn: database.clock.today.adding(days: 30),
                    change: .commandLine
                )
                let province = try #require(byCode.first { $0.areaCode == "01" }?.orgUnit.uid)
                let payload = #"""
                    {"dataSet": "LaoSdgDs001", "period": "2023", "orgUnit": "\#(province)",
                     "dataValues": [{"dataElement": "LaoSbaPct01", "value": "88.5", "comment": null, "followup": false},
                                    {"dataElement": "UnmappedEl1", "value": "3"}]}
                    """#
                let pushed = try await client.execute(
                    uri: "/api/v1/dataValueSets",
                    method: .post,
                    headers: [.contentType: "application/json", .authorization: "ApiToken \(secret)"],
                    body: ByteBuffer(string: payload)
                )
                let summary = String(buffer: pushed.body)
                #expect(pushed.status == .ok, "\(summary)")
                #expect(summary.contains(#""responseType":"ImportSummary""#) && summary.contains(#""status":"WARNING""#))
                #expect(summary.contains(#""updated":1"#) && summary.contains("UnmappedEl1"))
                let after = try await SubmissionRepository(database: database).values(submissionID: submission.id)
                #expect(
                    after.contains {
                        $0.key.area == "01" && $0.key.period == "2023" && $0.value == 88.5 && ($0.source ?? "").contains("pushed at")
                    }
                )
                _ = try await tokens.revoke(id: token.id, institution: "MOH", change: .commandLine)
                let refused = try await client.execute(
                    uri: "/api/dataValueSets",
                    method: .post,
                    headers: [.contentType: "application/json", .authorization: "ApiToken \(secret)"],
                    body: ByteBuffer(string: payload)
                )
                #expect(refused.status == .unauthorized)
            }
        }
    }

    static func fault(_ standIn: String, session: String, _ fault: [String: Any]) async throws {
        var request = URLRequest(url: URL(string: standIn + "/__standin/faults")!)
        request.httpMethod = "POST"
        request.setValue(session, forHTTPHeaderField: "X-Standin-Session")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: fault)
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
    }
}
