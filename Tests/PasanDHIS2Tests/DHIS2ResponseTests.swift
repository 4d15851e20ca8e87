import AsyncHTTPClient
import Foundation
import NIOCore
import PasanDomain
import PasanExchange
import Testing

@testable import PasanDHIS2

/// What DHIS2's answers mean, without network: statuses and bodies (the real 409 of the
/// fixtures), web pages, connection failures, retryability, and how long lists are split.
struct DHIS2ResponseTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tests/fixtures/dhis2")

    func transport() throws -> DHIS2Transport {
        let connection = try DHIS2Connection(baseURL: "https://hmis.gov.la/dhis", credential: .token("d2pat_x"), timeout: .seconds(30))
        return DHIS2Transport(connection: connection, http: .shared, headers: [], maximumBytes: 1_000, logger: .init(label: "test"))
    }

    func json(_ text: String) -> Data { Data(text.utf8) }

    @Test func theRealConflictOfAnImportListsDHIS2sConflicts() throws {
        let body = try Data(contentsOf: Self.fixtures.appendingPathComponent("dhis2-android-sdk/importSummary_warning_409.json"))
        let error = try transport().refusal(status: 409, body: body, contentType: "application/json", path: "/dhis/api/dataValueSets")
        #expect(error.kind == .conflict)
        #expect(error.status == 409)
        #expect(error.dhis2Message == "An error occurred, please check import summary.")
        #expect(error.conflicts == ["40L: Data value is not a positive integer, must match data element type: vANAXwtLwcT"])
        #expect(error.message.key == "dhis2_client.conflict.listed")
        #expect(error.message.arguments["count"] == .number(1))
        #expect(!error.isRetryable)
    }

    @Test func aQueryConflictKeepsDHIS2sMessage() throws {
        let body = json(
            #"{"httpStatus":"Conflict","httpStatusCode":409,"status":"ERROR","message":"At least one valid data set or data element group must be specified","errorCode":"E2001"}"#
        )
        let error = try transport().refusal(
            status: 409,
            body: body,
            contentType: "application/json;charset=UTF-8",
            path: "/dhis/api/dataValueSets"
        )
        #expect(error.kind == .conflict)
        #expect(error.message.key == "dhis2_client.conflict")
        #expect(error.dhis2Message == "At least one valid data set or data element group must be specified")
        #expect(error.conflicts.isEmpty)
    }

    @Test(arguments: [
        (401, DHIS2ClientError.Kind.unauthorized, "dhis2_client.unauthorized", false),
        (403, .forbidden, "dhis2_client.forbidden", false),
        (404, .notFound, "dhis2_client.notFound", false),
        (400, .refused, "dhis2_client.refused", false),
        (414, .refused, "dhis2_client.refused", false),
        (429, .tooManyRequests, "dhis2_client.tooManyRequests", true),
        (500, .server, "dhis2_client.server", true),
        (502, .server, "dhis2_client.server", true),
        (503, .server, "dhis2_client.server", true),
    ])
    func eachStatusMeansWhatItSays(status: Int, kind: DHIS2ClientError.Kind, key: String, retryable: Bool) throws {
        let body = json(#"{"httpStatus":"X","httpStatusCode":\#(status),"status":"ERROR","message":"DHIS2 says \#(status)"}"#)
        let error = try transport().refusal(status: status, body: body, contentType: "application/json", path: "/dhis/api/me")
        #expect(error.kind == kind)
        #expect(error.message.key == key)
        #expect(error.status == status)
        #expect(error.isRetryable == retryable)
        #expect(error.dhis2Message == "DHIS2 says \(status)")
    }

    @Test func aProxysErrorPageHasNoDHIS2Message() throws {
        let page = json("<html><body><h1>502 Bad Gateway</h1></body></html>")
        let error = try transport().refusal(status: 502, body: page, contentType: "text/html", path: "/dhis/api/me")
        #expect(error.kind == .server)
        #expect(error.dhis2Message == nil)
        let notJSON = try transport().refusal(status: 500, body: json("Internal error"), contentType: "text/plain", path: "/dhis/api/me")
        #expect(notJSON.dhis2Message == nil)
    }

    @Test func aWebPageIsToldFromJSON() {
        #expect(DHIS2Transport.looksLikeWebPage(json("<!DOCTYPE html><html>"), contentType: "text/html;charset=UTF-8"))
        #expect(DHIS2Transport.looksLikeWebPage(json("\n  <html>"), contentType: ""))
        #expect(DHIS2Transport.looksLikeWebPage(json("{}"), contentType: "application/xhtml+xml"))
        #expect(!DHIS2Transport.looksLikeWebPage(json(#"{"a": "<b>"}"#), contentType: "application/json"))
        #expect(!DHIS2Transport.looksLikeWebPage(json("[]"), contentType: ""))
    }

    @Test func connectionFailuresAreTimeoutsOrUnreachable() throws {
        let transport = try transport()
        for timeout in [HTTPClientError.deadlineExceeded, .readTimeout, .connectTimeout, .tlsHandshakeTimeout] {
            let error = transport.failure(timeout, path: "/dhis/api/me")
            #expect(error.kind == .timeout)
            #expect(error.message.arguments["seconds"] == .number(30))
            #expect(error.isRetryable)
        }
        let closed = transport.failure(HTTPClientError.remoteConnectionClosed, path: "/dhis/api/me")
        #expect(closed.kind == .unreachable)
        #expect(closed.message.arguments["host"] == .text("hmis.gov.la"))
        #expect(closed.isRetryable)
        #expect(transport.failure(HTTPClientError.redirectCycleDetected, path: "/dhis/api/me").kind == .refused)
    }

    @Test func onlyAServerThatMayRecoverIsWorthRetrying() {
        let retryable: Set<DHIS2ClientError.Kind> = [.unreachable, .timeout, .server, .tooManyRequests]
        for kind in DHIS2ClientError.Kind.allCases {
            #expect(
                DHIS2ClientError(kind: kind, message: Message("dhis2_client.server")).isRetryable == retryable.contains(kind),
                "\(kind)"
            )
        }
    }

    @Test func timeoutsBecomeNIOTimeAmounts() {
        #expect(DHIS2Transport.timeAmount(.seconds(60)).nanoseconds == 60_000_000_000)
        #expect(DHIS2Transport.timeAmount(.milliseconds(250)).nanoseconds == 250_000_000)
    }

    @Test func longListsAreSplitWithinTheBudgetAndCoverEveryCombination() {
        let items = (0..<200).map { String(format: "dx%09d", $0) }
        let periods = (2000...2024).map(String.init)
        let units = (0..<150).map { String(format: "ou%09d", $0) }
        let cost: (String) -> Int = { $0.count + 1 }
        let chunks = DHIS2QueryChunks.combinations((items, periods, units), free: 1_000, cost: (cost, cost, cost))
        #expect(chunks.count > 1)
        var seen: Set<String> = []
        for chunk in chunks {
            let used = (chunk.first + chunk.second + chunk.third).reduce(0) { $0 + cost($1) }
            #expect(used <= 1_000)
            for item in chunk.first {
                for period in chunk.second {
                    for unit in chunk.third { #expect(seen.insert("\(item)|\(period)|\(unit)").inserted) }
                }
            }
        }
        #expect(seen.count == items.count * periods.count * units.count)
        // Everything that fits goes in one request.
        let small = DHIS2QueryChunks.combinations((["a"], ["2024"], ["b"]), free: 1_000, cost: (cost, cost, cost))
        #expect(small.count == 1)
        #expect(DHIS2QueryChunks.groups(["toolongitem"], budget: 3, cost: cost) == [["toolongitem"]])
        #expect(DHIS2QueryChunks.unique(["b", "a", "b"]) == ["b", "a"])
    }

    @Test func aClosedPortIsUnreachable() async throws {
        // Port 1 on the loopback address: nothing listens there, the connection is refused.
        // (AsyncHTTPClient tries to connect again until the timeout, then reports why it could not.)
        let connection = try DHIS2Connection(baseURL: "http://127.0.0.1:1", credential: .token("d2pat_x"), timeout: .seconds(2))
        do {
            _ = try await DHIS2Client(connection: connection).systemInfo()
            Issue.record("a refused connection is an error")
        } catch {
            #expect(error.kind == .unreachable)
            #expect(error.message.arguments["host"] == .text("127.0.0.1:1"))
            #expect(error.isRetryable)
        }
    }
}
