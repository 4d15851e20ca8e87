import AsyncHTTPClient
import Foundation
import NIOCore
import PasanDomain
import PasanExchange
import Testing

@testable import PasanDHIS2

/// The DHIS2 stand-in that scripts/test starts (tests/dhis2/standin.py; PASAN_TEST_DHIS2_URL,
/// _TOKEN, _USER, _PASSWORD). Each test has its own session (`X-Standin-Session`), so the faults
/// it injects reach only its own requests and the tests run in parallel.
struct StandIn {
    static let environment = ProcessInfo.processInfo.environment

    /// Live tests run when the stand-in is configured, and always in CI, where a missing
    /// stand-in must be a failure and never a silent skip.
    static var isEnabled: Bool { environment["PASAN_TEST_DHIS2_URL"] != nil || environment["CI"] != nil }

    let url: String
    let token: String
    let user: String
    let password: String
    let session = "test-" + UUID().uuidString

    init() throws {
        let note = "scripts/test starts the DHIS2 stand-in (tests/dhis2/standin.py) and sets it"
        url = try #require(Self.environment["PASAN_TEST_DHIS2_URL"], "PASAN_TEST_DHIS2_URL is not set: \(note)")
        token = try #require(Self.environment["PASAN_TEST_DHIS2_TOKEN"], "PASAN_TEST_DHIS2_TOKEN is not set: \(note)")
        user = try #require(Self.environment["PASAN_TEST_DHIS2_USER"], "PASAN_TEST_DHIS2_USER is not set: \(note)")
        password = try #require(Self.environment["PASAN_TEST_DHIS2_PASSWORD"], "PASAN_TEST_DHIS2_PASSWORD is not set: \(note)")
    }

    func client(path: String = "", credential: DHIS2Credential? = nil, timeout: Duration = .seconds(60)) throws -> DHIS2Client {
        let connection = try DHIS2Connection(baseURL: url + path, credential: credential ?? .token(token), timeout: timeout)
        return DHIS2Client(connection: connection, headers: ["X-Standin-Session": session])
    }

    /// Adds a fault (`{"status": 500}`…) for this session's next request(s).
    func inject(_ fault: String) async throws {
        var request = HTTPClientRequest(url: url + "/__standin/faults")
        request.method = .POST
        request.headers.add(name: "X-Standin-Session", value: session)
        request.body = .bytes(ByteBuffer(string: fault))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        #expect(response.status == .ok, "the stand-in took the fault \(fault)")
    }

    struct Seen: Decodable {
        var method: String
        var path: String
        var auth: String
        var authorized: Bool
        var status: Int?
    }

    /// The API requests this session made, and the stand-in's log as it sent it.
    func requests() async throws -> (requests: [Seen], text: String) {
        var request = HTTPClientRequest(url: url + "/__standin/requests")
        request.headers.add(name: "X-Standin-Session", value: session)
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        let data = Data(body.readableBytesView)
        struct Log: Decodable { var requests: [Seen] }
        return (try JSONDecoder().decode(Log.self, from: data).requests, String(decoding: data, as: UTF8.self))
    }

    /// The error `body` throws, or a recorded issue when it does not throw.
    func failure<T>(_ body: () async throws(DHIS2ClientError) -> T) async -> DHIS2ClientError? {
        do {
            _ = try await body()
            Issue.record("expected a DHIS2ClientError")
            return nil
        } catch {
            return error
        }
    }
}

@Suite(.enabled(if: StandIn.isEnabled, "PASAN_TEST_DHIS2_URL is not set (scripts/test starts the DHIS2 stand-in)"))
struct DHIS2StandInTests {
    static let laoElements = ["LaoSbaPct01", "LaoAnc4Vis1", "LaoImmFul01.LaoCocFem01"]

    // MARK: Authentication

    @Test func tokenAndPasswordBothSignIn() async throws {
        let standIn = try StandIn()
        let byToken = try await standIn.client().systemInfo()
        #expect(byToken.version == "2.41.1")
        #expect(byToken.calendar == "iso8601")
        let byPassword = try await standIn.client(credential: .basic(username: standIn.user, password: standIn.password)).systemInfo()
        #expect(byPassword == byToken)
        let log = try await standIn.requests()
        #expect(log.requests.map(\.auth) == ["token", "basic"])
        #expect(log.requests.allSatisfy { $0.authorized && $0.status == 200 && $0.path == "/api/system/info.json" })
        #expect(!log.text.contains(standIn.token))
        #expect(!log.text.contains(standIn.password))
    }

    @Test func aWrongTokenOrPasswordIsUnauthorized() async throws {
        let standIn = try StandIn()
        let wrongToken = try standIn.client(credential: .token("d2pat_notTheRightOne0000000000000000000000"))
        let error = try #require(await standIn.failure { () async throws(DHIS2ClientError) in try await wrongToken.systemInfo() })
        #expect(error.kind == .unauthorized)
        #expect(error.status == 401)
        #expect(error.dhis2Message == "Unauthorized")
        #expect(!error.isRetryable)
        let wrongPassword = try standIn.client(credential: .basic(username: standIn.user, password: "not-district"))
        let second = try #require(
            await standIn.failure { () async throws(DHIS2ClientError) in try await wrongPassword.organisationUnits() }
        )
        #expect(second.kind == .unauthorized)
        #expect(second.message.key == "dhis2_client.unauthorized")
    }

    // MARK: Organisation units

    @Test func pagingCollectsEveryOrganisationUnit() async throws {
        let standIn = try StandIn()
        let units = try await standIn.client().organisationUnits(pageSize: 7)
        // 3 units of the real fixture + Lao PDR, 18 provinces, 148 districts and "Central hospitals".
        #expect(units.count == 171)
        #expect(Set(units.map(\.uid)).count == 171)
        let pages = try await standIn.requests().requests
        #expect(pages.count == 25)  // ⌈171 / 7⌉
        let country = try #require(units.first { $0.code == "LA" })
        #expect(country.level == 1)
        #expect(country.parentUID == nil)
        let provinces = units.filter { $0.level == 2 && $0.parentUID == country.uid && $0.code != "CENTRAL_HOSP" }
        #expect(provinces.count == 18)
        let vientiane = try #require(provinces.first { $0.code == "01" })
        #expect(vientiane.name == "Vientiane Capital")
        #expect(vientiane.path == "/\(country.uid)/\(vientiane.uid)")
        let ngelehun = try #require(units.first { $0.uid == "DiszpKrYNg8" })
        #expect(ngelehun.code == "OU_559")
        #expect(ngelehun.parentUID == "YuQRtpLP10I")
    }

    @Test func maxLevelLimitsTheTreeAndABasePathIsKept() async throws {
        let standIn = try StandIn()
        let top = try await standIn.client(path: "/dhis").organisationUnits(maxLevel: 2)
        #expect(top.count == 20)
        #expect(top.allSatisfy { ($0.level ?? 99) <= 2 })
        #expect(try await standIn.requests().requests.allSatisfy { $0.path == "/dhis/api/organisationUnits.json" })
    }

    @Test func aListingBeyondTheBoundIsRefused() async throws {
        let standIn = try StandIn()
        var client = try standIn.client()
        client.maximumPages = 3
        let error = try #require(
            await standIn.failure { () async throws(DHIS2ClientError) in try await client.organisationUnits(pageSize: 7) }
        )
        #expect(error.kind == .tooLarge)
        #expect(error.message == Message("dhis2_client.tooManyPages", ["pages": .number(3)]))
        #expect(try await standIn.requests().requests.count == 3)
    }

    @Test func anAnswerBeyondTheBoundIsTooLarge() async throws {
        let standIn = try StandIn()
        var client = try standIn.client()
        client.maximumResponseBytes = 2_000
        let error = try #require(await standIn.failure { () async throws(DHIS2ClientError) in try await client.organisationUnits() })
        #expect(error.kind == .tooLarge)
        #expect(!error.isRetryable)
    }

    // MARK: Values

    @Test func analyticsValuesComeBackParsed() async throws {
        let standIn = try StandIn()
        let client = try standIn.client()
        let country = try #require(try await client.organisationUnits(maxLevel: 1).first { $0.code == "LA" })
        let values = try await client.analyticsValues(dataItems: Self.laoElements, periods: ["2023", "2024"], orgUnits: [country.uid])
        #expect(values.count == 6)
        #expect(values.allSatisfy { $0.orgUnit == country.uid && ["2023", "2024"].contains($0.period) })
        for value in values where value.dataElement == "LaoSbaPct01" {
            let percent = try #require(value.value.flatMap(Double.init))
            #expect(percent > 0 && percent <= 100)
        }
        #expect(values.filter { $0.dataElement == "LaoImmFul01" }.allSatisfy { $0.categoryOptionCombo == "LaoCocFem01" })

        // Analytics adds the provinces' quarterly raw values into the country's year.
        let provinces = try await client.organisationUnits(maxLevel: 2).filter { $0.level == 2 }.map(\.uid)
        let raw = try await client.rawValues(
            dataElements: ["LaoAnc4Vis1"],
            periods: ["2024Q1", "2024Q2", "2024Q3", "2024Q4"],
            orgUnits: provinces,
            children: false
        )
        #expect(raw.count == 18 * 4)
        let total = raw.compactMap { $0.value.flatMap(Double.init) }.reduce(0, +)
        let aggregated = try #require(values.first { $0.dataElement == "LaoAnc4Vis1" && $0.period == "2024" })
        #expect(aggregated.value.flatMap(Double.init) == total)

        // The real analytics fixture: fbfJHSPpUQD, July 2019, Sierra Leone.
        let fixture = try await client.analyticsValues(dataItems: ["fbfJHSPpUQD"], periods: ["201907"], orgUnits: ["ImspTQPwCqd"])
        #expect(fixture.map(\.value) == ["461.0"])
    }

    @Test func longListsAreSplitAcrossRequestsWithTheSameResult() async throws {
        let standIn = try StandIn()
        let whole = try standIn.client()
        var split = try standIn.client()
        split.maximumURLLength = 400
        // Provinces and districts: 167 UIDs, over 2,000 characters of `ou:`.
        let units = try await whole.organisationUnits(maxLevel: 3).filter {
            [2, 3].contains($0.level) && $0.path?.hasPrefix("/ImspTQPwCqd") != true
        }
        let items = Self.laoElements + ["LaoImmFul01.LaoCocMal01"]
        let years = ["2019", "2020", "2021", "2022", "2023", "2024"]
        let before = try await standIn.requests().requests.count
        let expected = try await whole.analyticsValues(dataItems: items, periods: years, orgUnits: units.map(\.uid))
        let afterWhole = try await standIn.requests().requests.count
        let got = try await split.analyticsValues(dataItems: items, periods: years, orgUnits: units.map(\.uid))
        let log = try await standIn.requests().requests
        #expect(afterWhole - before == 1)
        #expect(log.count - afterWhole > 5)
        #expect(log.allSatisfy { $0.status == 200 })
        #expect(expected.count == 18 * 6 * 4)
        // Analytics stamps each answer with the time it was made: compare what the values say.
        func cells(_ values: [DHIS2DataValue]) -> Set<DHIS2DataValue> {
            Set(
                values.map {
                    var v = $0; v.lastUpdated = nil; return v
                }
            )
        }
        #expect(cells(got) == cells(expected))
        #expect(got.count == expected.count)
    }

    @Test func rawValuesComeBackParsed() async throws {
        let standIn = try StandIn()
        let client = try standIn.client()
        // The real export of data set lyLU2wR22tC, below Badjia (YuQRtpLP10I).
        let values = try await client.rawValues(
            dataElements: ["g9eOBujte1U"],
            periods: ["2016", "2017", "2018", "201907"],
            orgUnits: ["YuQRtpLP10I"],
            children: true
        )
        #expect(values.count == 5)
        let of2018 = try #require(values.first { $0.period == "2018" })
        #expect(of2018.value == "10")
        #expect(of2018.comment == "N/A")
        #expect(of2018.followup == true)
        #expect(of2018.categoryOptionCombo == "Gmbgme7z9BF")
        #expect(of2018.storedBy == "android")
        let notBelow = try await client.rawValues(
            dataElements: ["g9eOBujte1U"],
            periods: ["2017"],
            orgUnits: ["YuQRtpLP10I"],
            children: false
        )
        #expect(notBelow.isEmpty)
        #expect(try await client.rawValues(dataElements: [], periods: ["2017"], orgUnits: ["YuQRtpLP10I"], children: true).isEmpty)
    }

    @Test func aQueryDHIS2RefusesIsAConflictWithItsMessage() async throws {
        let standIn = try StandIn()
        let client = try standIn.client()
        let error = try #require(
            await standIn.failure { () async throws(DHIS2ClientError) in
                try await client.rawValues(dataElements: ["Nonexistent"], periods: ["2024"], orgUnits: ["YuQRtpLP10I"], children: false)
            }
        )
        #expect(error.kind == .conflict)
        #expect(error.dhis2Message == "At least one valid data set or data element group must be specified")
        #expect(!error.isRetryable)
    }

    // MARK: Faults

    @Test func anInjectedServerErrorIsRetryable() async throws {
        let standIn = try StandIn()
        try await standIn.inject(#"{"status": 500}"#)
        let client = try standIn.client()
        let error = try #require(await standIn.failure { () async throws(DHIS2ClientError) in try await client.systemInfo() })
        #expect(error.kind == .server)
        #expect(error.status == 500)
        #expect(error.dhis2Message == "Injected fault: HTTP 500")
        #expect(error.isRetryable)
        // The fault was for one request: the next one is answered.
        #expect(try await client.systemInfo().version == "2.41.1")
    }

    @Test func tooManyRequestsIsRetryable() async throws {
        let standIn = try StandIn()
        try await standIn.inject(#"{"status": 429}"#)
        let client = try standIn.client()
        let error = try #require(await standIn.failure { () async throws(DHIS2ClientError) in try await client.organisationUnits() })
        #expect(error.kind == .tooManyRequests)
        #expect(error.isRetryable)
    }

    @Test func aLoginPageInsteadOfTheAPIIsNotJSON() async throws {
        let standIn = try StandIn()
        try await standIn.inject(#"{"html": true}"#)
        let client = try standIn.client()
        let error = try #require(await standIn.failure { () async throws(DHIS2ClientError) in try await client.systemInfo() })
        #expect(error.kind == .notJSON)
        #expect(error.status == 200)
        #expect(error.message.key == "dhis2_client.notJSON")
        #expect(!error.isRetryable)
    }

    @Test func anAnswerSlowerThanTheTimeoutIsATimeout() async throws {
        let standIn = try StandIn()
        try await standIn.inject(#"{"delaySeconds": 3}"#)
        let client = try standIn.client(timeout: .milliseconds(500))
        let error = try #require(await standIn.failure { () async throws(DHIS2ClientError) in try await client.systemInfo() })
        #expect(error.kind == .timeout)
        #expect(error.isRetryable)
    }

    @Test func anImportConflictListsDHIS2sConflicts() async throws {
        let standIn = try StandIn()
        try await standIn.inject(#"{"status": 409}"#)
        let client = try standIn.client()
        let error = try #require(await standIn.failure { () async throws(DHIS2ClientError) in try await client.systemInfo() })
        #expect(error.kind == .conflict)
        #expect(error.conflicts.count == 1)
        #expect(error.conflicts.first?.hasPrefix("40L: ") == true)
        #expect(error.dhis2Message == "An error occurred, please check import summary.")
    }

    @Test func cutOrMisshapenJSONIsABadResponse() async throws {
        let standIn = try StandIn()
        let client = try standIn.client()
        try await standIn.inject(#"{"truncate": true}"#)
        let cut = try #require(await standIn.failure { () async throws(DHIS2ClientError) in try await client.organisationUnits() })
        #expect(cut.kind == .badResponse)
        #expect(!cut.problems.isEmpty)
        #expect(cut.message.key == "dhis2_client.badResponse")
        try await standIn.inject(#"{"status": 200, "body": {"organisationUnits": "none"}}"#)
        let misshapen = try #require(await standIn.failure { () async throws(DHIS2ClientError) in try await client.organisationUnits() })
        #expect(misshapen.kind == .badResponse)
        #expect(misshapen.problems.first?.location?.contains("organisationUnits") == true)
        #expect(!misshapen.isRetryable)
    }

    @Test func aWrongBasePathIsNotFound() async throws {
        let standIn = try StandIn()
        let client = try standIn.client(path: "/nothing-here")
        let error = try #require(await standIn.failure { () async throws(DHIS2ClientError) in try await client.systemInfo() })
        #expect(error.kind == .notFound)
        #expect(error.message.arguments["path"] == .text("/nothing-here/api/system/info.json"))
        #expect(!error.isRetryable)
    }
}
