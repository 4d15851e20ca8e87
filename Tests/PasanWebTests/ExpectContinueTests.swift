import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasanTestSupport
import Testing

@testable import PasanWeb

/// A client that sends `Expect: 100-continue` (curl, for any upload over 1 MiB) is told to go
/// on at once, rather than waiting for its own time-out before sending the body (issue 16).
@Suite struct ExpectContinueTests {
    static let continueLine = "HTTP/1.1 100 Continue\r\n\r\n"

    /// Three routes: one that reads the body, one slow, one that answers without reading the body.
    static func application() -> some ApplicationProtocol {
        let router = Router(context: AppRequestContext.self)
        router.post("/echo") { request, _ in
            let body = try await request.body.collect(upTo: 1 << 20)
            return "read \(body.readableBytes) bytes"
        }
        router.get("/slow") { _, _ in
            try await Task.sleep(for: .milliseconds(300))
            return "slow"
        }
        router.post("/early") { _, _ in Response(status: .seeOther, headers: [.location: "/sign-in"]) }
        return Application(
            responder: router.buildResponder(),
            server: .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler()])),
            configuration: .init(serverName: "Pasan")
        )
    }

    static func post(_ path: String, body: String, expect: String?) -> (head: String, body: String) {
        let expectation = expect.map { "Expect: \($0)\r\n" } ?? ""
        return ("POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(body.utf8.count)\r\n\(expectation)\r\n", body)
    }

    @Test(arguments: ["100-continue", "100-Continue", " 100-CONTINUE "])
    func aRequestThatExpectsToContinueIsToldToBeforeItsBodyIsSent(_ expect: String) async throws {
        try await Self.application().test(.live) { client in
            let connection = try RawHTTP.Connection(port: try #require(client.port))
            let request = Self.post("/echo", body: String(repeating: "x", count: 5_000), expect: expect)
            try connection.send(request.head)
            let first = await connection.receive(until: { $0.contains("\r\n\r\n") })
            #expect(first == Self.continueLine, "no 100 Continue before the body: \(first)")
            try connection.send(request.body)
            let answer = await connection.receive(until: { $0.hasSuffix("read 5000 bytes") })
            #expect(answer.hasSuffix("read 5000 bytes") && answer.contains("HTTP/1.1 200 OK"), "\(answer)")
        }
    }

    @Test func aRequestThatDoesNotExpectToContinueGetsOnlyItsAnswer() async throws {
        try await Self.application().test(.live) { client in
            let connection = try RawHTTP.Connection(port: try #require(client.port))
            let request = Self.post("/echo", body: "abc", expect: nil)
            try connection.send(request.head + request.body)
            let answer = await connection.receive(until: { $0.hasSuffix("read 3 bytes") })
            #expect(answer.hasPrefix("HTTP/1.1 200 OK") && !answer.contains("100 Continue"), "\(answer)")
        }
    }

    /// Behind a request still being answered, the `100 Continue` waits for that answer's end, so
    /// it never lands inside another answer.
    @Test func behindAnotherRequestTheContinueWaitsForItsAnswer() async throws {
        try await Self.application().test(.live) { client in
            let connection = try RawHTTP.Connection(port: try #require(client.port))
            let request = Self.post("/echo", body: "hello", expect: "100-continue")
            try connection.send("GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n" + request.head)
            let first = await connection.receive(until: { $0.contains(Self.continueLine) })
            let slow = try #require(first.range(of: "slow"), "\(first)")
            let proceed = try #require(first.range(of: Self.continueLine), "\(first)")
            #expect(slow.upperBound <= proceed.lowerBound, "the 100 Continue came inside the first answer: \(first)")
            try connection.send(request.body)
            let answer = await connection.receive(until: { $0.hasSuffix("read 5 bytes") })
            #expect(answer.hasSuffix("read 5 bytes"), "\(answer)")
        }
    }

    /// The expectation is answered as the request arrives: a route that answers without reading
    /// the body (a redirect) still gets it, and its answer follows.
    @Test func anAnswerGivenWithoutTheBodyFollowsTheContinue() async throws {
        try await Self.application().test(.live) { client in
            let connection = try RawHTTP.Connection(port: try #require(client.port))
            let request = Self.post("/early", body: "not read", expect: "100-continue")
            try connection.send(request.head)
            #expect(await connection.receive(until: { $0.contains("\r\n\r\n") }) == Self.continueLine)
            try connection.send(request.body)
            let answer = await connection.receive(until: { $0.contains("HTTP/1.1 303 See Other\r\n") && $0.hasSuffix("\r\n\r\n") })
            #expect(answer.hasPrefix(Self.continueLine + "HTTP/1.1 303 See Other\r\n"), "\(answer)")
        }
    }

    /// The application as `pasan serve` builds it answers the expectation.
    @Test func theApplicationTellsAnUploadToContinue() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            try await app.test(.live) { client in
                let connection = try RawHTTP.Connection(port: try #require(client.port))
                let request = Self.post("/en/sign-in", body: "email=a%40b.test&password=x", expect: "100-continue")
                try connection.send(request.head)
                #expect(await connection.receive(until: { $0.contains("\r\n\r\n") }) == Self.continueLine)
            }
        }
    }
}
