import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasanTestSupport
import Synchronization
import Testing

@testable import PasanWeb

/// Issue 16, item 3: an anonymous `GET` of a cached page is answered before the router — with
/// the same bytes and headers the route's handler would send — and everything else still goes
/// to the router.
@Suite struct CachedPageFastPathTests {
    /// A router of three routes that count the requests they answer, behind the fast path.
    final class Site: Sendable {
        let cache = ResponseCache()
        let routed = Mutex(0)

        var calls: Int { routed.withLock { $0 } }

        func application() -> some ApplicationProtocol {
            let router = Router(context: AppRequestContext.self)
            router.add(middleware: CacheGenerationMiddleware(cache: cache))
            router.get("/en/things/{id}") { request, _ in
                self.routed.withLock { $0 += 1 }
                return self.cache.entry(CacheKey(request, parameters: ["page"])) { (.ok, "text/html; charset=utf-8", "thing") }
                    .response(for: request)
            }
            // Requested by one test only: the metrics registry is shared by every test running.
            router.get("/en/counted/{id}") { request, _ in
                self.routed.withLock { $0 += 1 }
                return self.cache.entry(CacheKey(request)) { (.ok, "text/html; charset=utf-8", "counted") }.response(for: request)
            }
            router.post("/en/things/{id}") { _, _ in
                self.routed.withLock { $0 += 1 }
                return Response(status: .seeOther, headers: [.location: "/en/things/1"])
            }
            router.get("/api/v1/things") { request, _ in
                self.routed.withLock { $0 += 1 }
                return self.cache.entry(CacheKey(request)) { (.ok, "application/json", "[]") }.response(for: request)
            }
            router.get("/en/kept") { request, _ in
                self.routed.withLock { $0 += 1 }
                _ = self.cache.entry(CacheKey(request, purpose: "etag")) { (.ok, "text/plain", "\"a\"") }
                return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "kept")))
            }
            router.get("/en/slow") { _, _ in
                self.routed.withLock { $0 += 1 }
                try await Task.sleep(for: .milliseconds(200))
                return Response(status: .ok, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "slow")))
            }
            let fastPath = CachedPageFastPath(
                cache: cache,
                serverName: "Pasan",
                https: false,
                accessLogLevel: .info,
                logger: TestDatabases.logger
            )
            return Application(
                responder: router.buildResponder(),
                server: .http1(configuration: .init(additionalChannelHandlers: [CachedPageChannelHandler(fastPath: fastPath)])),
                configuration: .init(serverName: "Pasan")
            )
        }
    }

    @Test func aCachedAnswerIsSentAgainWithoutTheRouterAndCountedUnderItsRoute() async throws {
        PasanMetrics.bootstrap()
        let site = Site()
        try await site.application().test(.live) { client in
            let first = try await client.execute(uri: "/en/things/1", method: .get)
            #expect(first.status == .ok && site.calls == 1)
            #expect(site.cache.peek(CacheKey(path: "/en/things/1"))?.route == "/en/things/{id}")
            let second = try await client.execute(uri: "/en/things/1", method: .get)
            #expect(site.calls == 1, "a cached page went to the router")
            #expect(String(buffer: second.body) == "thing")
            for name in [HTTPField.Name.contentType, .eTag, .cacheControl, .vary, .contentLength] {
                #expect(second.headers[name] == first.headers[name], "\(name)")
            }
            let id = try #require(second.headers[AccessLogMiddleware.requestID])
            #expect(!id.isEmpty && id != first.headers[AccessLogMiddleware.requestID])
            let tag = try #require(first.headers[.eTag])
            let notModified = try await client.execute(uri: "/en/things/1", method: .get, headers: [.ifNoneMatch: tag])
            #expect(notModified.status == .notModified && site.calls == 1)
            // A visitor's form cookie is no credential.
            let withFormCookie = try await client.execute(uri: "/en/things/1", method: .get, headers: [.cookie: "pasan_csrf=x.y"])
            #expect(withFormCookie.status == .ok && site.calls == 1)

            // Counted under the route (this minimal application counts no routed answer).
            for _ in 0..<3 { _ = try await client.execute(uri: "/en/counted/1", method: .get) }
            #expect(site.calls == 2)
            let text = PasanMetrics.registry.emitToString()
            let line = try #require(
                text.split(separator: "\n").first {
                    $0.hasPrefix("hb_requests") && $0.contains(#"http_route="/en/counted/{id}""#) && $0.contains(#"status_code="200""#)
                },
                "no request counter for the route"
            )
            #expect(line.hasSuffix(" 2"), "\(line)")

            // HEAD: the same headers, no body; and the security headers the router's answers carry.
            let head = try await client.execute(uri: "/en/things/1", method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0 && site.calls == 2)
            #expect(head.headers[.contentLength] == first.headers[.contentLength])
            #expect(second.headers[.xContentTypeOptions] == "nosniff" && second.headers[.server] == first.headers[.server])
            #expect(second.headers[.contentSecurityPolicy] == SecurityHeaderFields.contentSecurityPolicy)
        }
    }

    /// A client may send its next request before the answer to the last one: a cached answer
    /// must not overtake an answer the router is still preparing.
    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let site = Site()
        try await site.application().test(.live) { client in
            _ = try await client.execute(uri: "/en/things/1", method: .get)
            let port = try #require(client.port)
            let request = "GET /en/slow HTTP/1.1\r\nHost: localhost\r\n\r\nGET /en/things/1 HTTP/1.1\r\nHost: localhost\r\n\r\n"
            let answer = try await RawHTTP.exchange(request, port: port, until: { $0.components(separatedBy: "HTTP/1.1 200").count == 3 })
            let slow = try #require(answer.range(of: "slow"))
            let thing = try #require(answer.range(of: "thing"))
            #expect(slow.lowerBound < thing.lowerBound, "the cached answer overtook the router's: \(answer)")
            // 1 (warming the cache), the slow page, and the cached page behind it: through the router.
            #expect(site.calls == 3, "the cached page behind a request in progress did not go through the router")

            // Cached answers one after the other, a HEAD among them: each framed by its length.
            let three =
                "HEAD /en/things/1 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + String(repeating: "GET /en/things/1 HTTP/1.1\r\nHost: localhost\r\n\r\n", count: 2)
            let answers = try await RawHTTP.exchange(three, port: port, until: { $0.components(separatedBy: "thing").count == 3 })
            #expect(answers.components(separatedBy: "HTTP/1.1 200 OK\r\n").count == 4, "\(answers)")
            #expect(answers.hasSuffix("\r\n\r\nthing"), "\(answers)")
            #expect(site.calls == 3)
        }
    }

    @Test func requestsThatMayBeAnsweredOtherwiseGoToTheRouter() async throws {
        let site = Site()
        try await site.application().test(.live) { client in
            _ = try await client.execute(uri: "/en/things/1", method: .get)
            #expect(site.calls == 1)
            // A query string (its route decides which parameters count), a session, a token, a write.
            let others: [(String, HTTPRequest.Method, HTTPFields)] = [
                ("/en/things/1?page=2", .get, [:]),
                ("/en/things/1?", .get, [.cookie: "pasan_session=abc"]),
                ("/en/things/1", .get, [.cookie: "theme=dark; pasan_session=abc"]),
                ("/en/things/1", .get, [.authorization: "Bearer token"]),
                ("/en/things/1", .post, [:]),
            ]
            for (n, (uri, method, headers)) in others.enumerated() {
                _ = try await client.execute(uri: uri, method: method, headers: headers)
                #expect(site.calls == n + 2, "\(method) \(uri) \(headers) was not routed")
            }
            // An entry kept beside a route's answers is never sent as one.
            let kept = try await client.execute(uri: "/en/kept", method: .get)
            let again = try await client.execute(uri: "/en/kept", method: .get)
            #expect(String(buffer: kept.body) == "kept" && String(buffer: again.body) == "kept")
            // Not even asked for by its key, which a client could write as a request's target.
            let byKey = HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/en/kept#etag")
            #expect(CachedPageFastPath.Request(byKey) == nil)
            #expect(CachedPageFastPath.Request(HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/en/kept")) != nil)
            #expect(site.calls == others.count + 3)
            // An entry made outside any request (no route) is not sent either: the router answers.
            _ = site.cache.entry(CacheKey(path: "/en/unrouted")) { (.ok, "text/html", "orphan") }
            let unrouted = try await client.execute(uri: "/en/unrouted", method: .get)
            #expect(unrouted.status == .notFound)
        }
    }

    @Test func theOpenDataKeepsItsCORSHeadersWhenAnsweredFromTheCache() async throws {
        let site = Site()
        try await site.application().test(.live) { client in
            _ = try await client.execute(uri: "/api/v1/things", method: .get)
            let cached = try await client.execute(uri: "/api/v1/things", method: .get)
            #expect(site.calls == 1)
            #expect(cached.headers[.accessControlAllowOrigin] == "*")
            #expect(cached.headers[.accessControlExposeHeaders] == "ETag")
            #expect(String(buffer: cached.body) == "[]")
        }
    }

    /// Through the whole application, served: the second answer of a page and of an API list
    /// (from the cache, before the router) is the first one again (from the router), security
    /// headers and all, for `GET` and `HEAD`, plain and gzipped.
    @Test(arguments: ["/en/goals/3", "/lo/indicators/3.1.2", "/api/v1/indicators"])
    func theApplicationAnswersACachedPageAsItsRouteWould(_ uri: String) async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            try await app.test(.live) { client in
                for encoding in ["gzip", "identity"] {
                    state.cache.clear()
                    let first = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: encoding])
                    let second = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: encoding])
                    #expect(first.status == .ok && second.body == first.body)
                    var names = Set(first.headers.map(\.name))
                    names.remove(AccessLogMiddleware.requestID)
                    #expect(Set(second.headers.map(\.name)).subtracting([AccessLogMiddleware.requestID]) == names)
                    // The same headers with the same values; the date only to the second.
                    for name in names where name != .date {
                        #expect(second.headers[values: name] == first.headers[values: name], "\(uri) \(name)")
                    }
                    #expect(second.headers[.date].flatMap(Self.imfFixdate.date(from:)) != nil)
                    let head = try await client.execute(uri: uri, method: .head, headers: [.acceptEncoding: encoding])
                    #expect(head.status == .ok && head.body.readableBytes == 0)
                    #expect(head.headers[.contentLength] == first.headers[.contentLength])
                }
            }
        }
    }
}

extension CachedPageFastPathTests {
    static let imfFixdate: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }()

    @Test func theDateHeaderIsWrittenAsRFC9110Says() {
        var generator = SystemRandomNumberGenerator()
        let seconds =
            [0, 951_782_400, 1_796_313_965, 4_102_444_799] + (0..<2_000).map { _ in Int.random(in: 0...4_102_444_799, using: &generator) }
        for second in seconds {
            let expected = Self.imfFixdate.string(from: Date(timeIntervalSince1970: TimeInterval(second)))
            #expect(HTTPDate.format(epochSecond: second) == expected, "\(second)")
        }
    }
}
