import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOEmbedded
import PasanDomain
import PasanMessages
import PasanStorage
import PasanTestSupport
import PasanViews
import Synchronization
import Testing

@testable import PasanWeb

/// A request body produced on demand, counting how much of it the server pulled: a route that
/// must not read the body leaves the count at zero.
struct StreamedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    final class Counter: Sendable {
        private let value = Mutex(0)
        var pulled: Int { value.withLock { $0 } }
        func add(_ n: Int) { value.withLock { $0 += n } }
    }

    let total: Int
    let chunk = 64 * 1024
    let counter = Counter()

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: Int
        let chunk: Int
        let counter: Counter

        mutating func next() async -> ByteBuffer? {
            guard remaining > 0 else { return nil }
            let n = Swift.min(chunk, remaining)
            remaining -= n
            counter.add(n)
            return ByteBuffer(repeating: UInt8(ascii: "a"), count: n)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: total, chunk: chunk, counter: counter) }
}

/// Sends requests with streamed bodies straight to the application's responder.
struct DirectClient {
    let responder: RouterResponder<AppRequestContext>
    let logger: Logger

    /// The response and how many body bytes were pulled. Without `declareLength`, no
    /// Content-Length is sent (like a chunked upload), so only reading can find the size.
    func post(_ uri: String, bytes: Int, declareLength: Bool, headers extra: HTTPFields = [:]) async throws -> (Response, String, Int) {
        let body = StreamedBody(total: bytes)
        var headers = extra
        if headers[.contentType] == nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        if declareLength { headers[.contentLength] = String(bytes) }
        let request = Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
            body: RequestBody(asyncSequence: body)
        )
        let context = AppRequestContext(source: .init(channel: NIOAsyncTestingChannel(), logger: logger))
        let response = try await responder.respond(to: request, context: context)
        let collected = try await Self.collect(response)
        return (response, collected, body.counter.pulled)
    }

    static func collect(_ response: Response) async throws -> String {
        let writer = CollectingWriter()
        try await response.body.write(writer)
        return writer.text
    }

    final class CollectingWriter: ResponseBodyWriter, @unchecked Sendable {
        var buffer = ByteBuffer()
        var text: String { String(buffer: buffer) }
        func write(_ buffer: ByteBuffer) async throws { var b = buffer; self.buffer.writeBuffer(&b) }
        func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}

/// Issue 8, defect 3a: bodies are read only by the routes that take them, after the policy, up
/// to the route's limit.
@Suite struct RequestBodyTests {
    static func withDirect(_ body: @escaping @Sendable (DirectClient, Database) async throws -> Void) async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let router = try buildRouter(state: state, logger: TestDatabases.logger)
            try await body(DirectClient(responder: router.buildResponder(), logger: TestDatabases.logger), database)
        }
    }

    static let big = 19 * 1024 * 1024

    @Test func aBigPostToAnythingButABodyRouteIsAnsweredWithoutReadingIt() async throws {
        try await Self.withDirect { client, database in
            for uri in ["/healthz", "/en/no-such-page", "/assets/pasan.css", "/api/v1/goals", "/en/"] {
                for declare in [true, false] {
                    let (response, _, pulled) = try await client.post(uri, bytes: Self.big, declareLength: declare)
                    #expect(pulled == 0, "POST \(uri) read \(pulled) bytes of its body")
                    #expect(response.status != .ok, "POST \(uri): \(response.status)")
                }
            }
        }
    }

    @Test func anonymousAndUnauthorisedPostsToSecuredRoutesReadNothing() async throws {
        try await Self.withDirect { client, database in
            let viewer = try await AccountRepository(database: database, passwordCost: .fastForTests)
                .createUser(
                    email: "viewer@hardening.test",
                    name: "Viewer",
                    password: "viewer password 1",
                    grants: [RoleGrant(role: .viewer)],
                    change: .commandLine
                )
            let session = try await TestSession.open(database, userID: viewer.id)
            let owner = try #require(try await AccountRepository(database: database).account(email: "moh.owner@pasan.demo"))
            let ownerSession = try await TestSession.open(database, userID: owner.id)
            let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open })
            let uploads = "/en/cycles/\(cycle.id!)/submissions/MOES/4.1.1/upload"
            for (uri, cookie) in [
                ("/en/admin/users", nil), ("/en/admin/users", session.cookie), ("/en/admin/assignments/import", session.cookie),
                (uploads, nil), (uploads, ownerSession.cookie),
                ("/en/cycles/\(cycle.id!)/submissions/MOH/3.b.1/area-save", ownerSession.cookie),
            ] {
                let headers: HTTPFields = cookie.map { [.cookie: $0] } ?? [:]
                let (response, text, pulled) = try await client.post(uri, bytes: Self.big, declareLength: false, headers: headers)
                #expect(response.status == .forbidden, "POST \(uri): \(response.status)")
                #expect(pulled == 0, "POST \(uri) as \(cookie == nil ? "anonymous" : "a denied user") read \(pulled) bytes")
                #expect(text.contains("Not allowed"))
            }
        }
    }

    @Test func anAllowedFormIsReadUpToItsLimitAndTheCSRFIsCheckedRightAfter() async throws {
        try await Self.withDirect { client, database in
            let admin = try #require(try await AccountRepository(database: database).account(email: "admin@pasan.demo"))
            let session = try await TestSession.open(database, userID: admin.id)
            // Read (the policy allowed it), then refused for the missing CSRF token.
            let (small, smallText, smallPulled) = try await client.post(
                "/en/admin/users",
                bytes: 4096,
                declareLength: true,
                headers: [.cookie: session.cookie]
            )
            #expect(small.status == .forbidden && smallText.contains("CSRF"))
            #expect(smallPulled == 4096)
            // Declared too large: refused before reading anything.
            let (declared, declaredText, declaredPulled) = try await client.post(
                "/en/admin/users",
                bytes: Self.big,
                declareLength: true,
                headers: [.cookie: session.cookie]
            )
            #expect(declared.status == .contentTooLarge && declaredText.contains("Form too large"))
            #expect(declaredPulled == 0)
            // Undeclared: read until the limit is passed, then refused; the rest is never buffered.
            let (streamed, streamedText, streamedPulled) = try await client.post(
                "/en/admin/users",
                bytes: Self.big,
                declareLength: false,
                headers: [.cookie: session.cookie]
            )
            #expect(streamed.status == .contentTooLarge && streamedText.contains("Form too large"))
            #expect(streamedPulled <= BodyLimit.form.bytes + 64 * 1024)
            // A public form reads at most 16 KiB.
            let (signIn, _, signInPulled) = try await client.post("/en/sign-in", bytes: Self.big, declareLength: false)
            #expect(signIn.status == .contentTooLarge)
            #expect(signInPulled <= BodyLimit.publicForm.bytes + 64 * 1024)
        }
    }

    /// Defect 7 (413 page): a too-large upload is answered with the page that says what to do,
    /// not an empty 413 — with or without a declared length (the undeclared one used to end in
    /// NIO's too-many-bytes error, which Hummingbird answers with an empty body).
    @Test func aTooLargeUploadGetsThePageThatSaysSplitIt() async throws {
        try await Self.withDirect { client, database in
            let admin = try #require(try await AccountRepository(database: database).account(email: "admin@pasan.demo"))
            let session = try await TestSession.open(database, userID: admin.id)
            let headers: HTTPFields = [.cookie: session.cookie, .contentType: "multipart/form-data; boundary=x"]
            for declare in [true, false] {
                let (response, text, pulled) = try await client.post(
                    "/en/admin/assignments/import",
                    bytes: 21 * 1024 * 1024,
                    declareLength: declare,
                    headers: headers
                )
                #expect(response.status == .contentTooLarge)
                #expect(text.contains("File too large") && text.contains("Split it"), "413 body: \(text.prefix(200))")
                #expect(pulled <= BodyLimit.upload.bytes + 64 * 1024)
            }
            let (lao, laoText, _) = try await client.post(
                "/lo/admin/assignments/import",
                bytes: 21 * 1024 * 1024,
                declareLength: false,
                headers: headers
            )
            #expect(lao.status == .contentTooLarge && laoText.contains("ໄຟລ໌ໃຫຍ່ເກີນໄປ"))
        }
        // And through the test client, as a browser sends it (Content-Length declared).
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let admin = try #require(try await AccountRepository(database: database).account(email: "admin@pasan.demo"))
            let session = try await TestSession.open(database, userID: admin.id)
            try await app.test(.router) { client in
                let csv = String(repeating: "x", count: 21 * 1024 * 1024)
                let response = try await CycleWebTests.upload(client, "/en/admin/assignments/import", session: session, csv: csv)
                #expect(response.status == .contentTooLarge)
                #expect(response.text.contains("File too large") && response.text.contains("Split it"))
            }
        }
    }

    @Test func theSubnationalGridChecksTheAreaItNamesAfterReadingIt() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            let user = try await accounts.createUser(
                email: "vte@hardening.test",
                name: "VTE",
                password: "subnational password 1",
                grants: [RoleGrant(role: .subnationalFocalPoint, area: "01")],
                change: .commandLine
            )
            let session = try await TestSession.open(database, userID: user.id)
            let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open })
            try await app.test(.router) { client in
                let uri = "/en/cycles/\(cycle.id!)/submissions/MOH/3.b.1/area-save"
                let foreign = try await post(client, uri, session: session, fields: ["area": "02"])
                #expect(foreign.status == .forbidden && foreign.text.contains("Not allowed"))
                let own = try await post(client, uri, session: session, fields: ["area": "01"])
                #expect(own.status != .forbidden)
            }
        }
    }
}

/// Issue 8, defect 3c: the rendered-page cache is keyed on the route and its known parameters,
/// and bounded in bytes with least-recently-used eviction.
@Suite struct ResponseCacheTests {
    static func request(_ uri: String) -> Request {
        Request(head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: uri), body: RequestBody(buffer: ByteBuffer()))
    }

    @Test func keysHoldOnlyKnownParametersInOrder() {
        let known = ["goal", "limit", "q"]
        let a = CacheKey(Self.request("/api/v1/indicators?limit=500&x=1&goal=3"), parameters: known)
        let b = CacheKey(Self.request("/api/v1/indicators?goal=3&limit=500&x=2&utm_source=mail"), parameters: known)
        #expect(a == b)
        #expect(a.description == "/api/v1/indicators?goal=3&limit=500")
        #expect(CacheKey(Self.request("/en/?x=1")) == CacheKey(Self.request("/en/")))
        #expect(
            CacheKey(Self.request("/en/search?q=a%26b=c"), parameters: ["q"])
                != CacheKey(Self.request("/en/search?q=a&b=c"), parameters: ["q"])
        )
        #expect(CacheKey(Self.request("/en/search?q=1"), parameters: ["q"]) != CacheKey(Self.request("/en/search?q=2"), parameters: ["q"]))
    }

    @Test func theCacheStaysWithinItsBudgetAndEvictsTheLeastRecentlyUsed() {
        let cache = ResponseCache(budget: 20_000)
        let body = String(repeating: "p", count: 1_000)
        func key(_ n: Int) -> CacheKey { CacheKey(Self.request("/en/goals/\(n)")) }
        func put(_ n: Int) { _ = cache.entry(key(n)) { (.ok, "text/html; charset=utf-8", body + String(n)) } }
        for n in 1...10 { put(n) }
        #expect(cache.count == 10)
        for n in 11...60 {
            _ = cache.peek(key(1))  // goal 1 stays in use
            put(n)
            #expect(cache.bytes <= cache.budget)
        }
        #expect(cache.peek(key(1)) != nil, "the entry in use was evicted")
        #expect(cache.peek(key(2)) == nil && cache.peek(key(11)) == nil, "the oldest entries stay")
        #expect(cache.peek(key(60)) != nil)
        #expect(cache.count < 20)
        // An answer larger than a quarter of the budget is served, not kept.
        let huge = cache.entry(key(99)) { (.ok, "text/html", String(repeating: "h", count: 6_000)) }
        #expect(huge.body.readableBytes == 6_000 && cache.peek(key(99)) == nil)
        #expect(huge.gzipped == nil, "an entry not kept was compressed for one answer")
        #expect(cache.entry(key(98)) { (.ok, "text/html", String(repeating: "h", count: 2_000)) }.gzipped != nil)
        cache.clear()
        #expect(cache.count == 0 && cache.bytes == 0)
    }

    @Test func cacheBustingParametersDoNotGrowTheCacheAndConditionalRequestsStillWork() async throws {
        try await withPortal(.sqlite) { client, state in
            var etags: Set<String> = []
            for n in 1...40 {
                let response = try await client.execute(uri: "/api/v1/indicators?limit=500&x=\(n)", method: .get)
                #expect(response.status == .ok)
                etags.insert(response.headers[.eTag] ?? "")
            }
            #expect(state.cache.count == 1)
            #expect(etags.count == 1)
            let reordered = try await client.execute(uri: "/api/v1/indicators?x=9&tier=I&goal=3", method: .get)
            let ordered = try await client.execute(uri: "/api/v1/indicators?goal=3&tier=I", method: .get)
            #expect(reordered.headers[.eTag] == ordered.headers[.eTag])
            #expect(state.cache.count == 2)
            for n in 1...20 { _ = try await client.execute(uri: "/en/?utm=\(n)", method: .get) }
            #expect(state.cache.count == 3)
            // A paginated answer links to the next page without the unknown parameters.
            let page = try await client.execute(uri: "/api/v1/indicators?limit=5&evil=%3Cscript%3E", method: .get)
            #expect(page.text.contains("\"next\":\"/api/v1/indicators?limit=5&offset=5\""))
            #expect(!page.text.contains("evil"))
            // ETag and 304 as before.
            let etag = try #require(ordered.headers[.eTag])
            let again = try await client.execute(uri: "/api/v1/indicators?tier=I&goal=3&y=1", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
        }
    }
}

/// Issue 8, defect 7: security headers on every response, and pages that need no inline style
/// or script.
@Suite struct SecurityHeaderTests {
    @Test func everyResponseCarriesTheHeaders() async throws {
        try await withPortal(.sqlite) { client, _ in
            for uri in [
                "/en/", "/lo/goals/3", "/assets/pasan.css", "/api/v1/goals", "/healthz", "/en/no-such-page", "/api/v1/nothing",
                "/en/sign-in",
            ] {
                let response = try await client.execute(uri: uri, method: .get)
                let csp = try #require(response.headers[.contentSecurityPolicy], "no CSP on \(uri)")
                #expect(!csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
                #expect(response.headers[.strictTransportSecurity] == nil, "HSTS over plain HTTP on \(uri)")
            }
            let post = try await client.execute(
                uri: "/en/sign-in",
                method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "email=a")
            )
            #expect(post.status == .forbidden && post.headers[.contentSecurityPolicy] != nil)
        }
    }

    @Test func strictTransportSecurityOnlyBehindHTTPS() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(
                configuration: PortalConfiguration(publicURL: "https://pasan.example.la"),
                state: state,
                logger: TestDatabases.logger
            )
            try await app.test(.router) { client in
                for uri in ["/en/", "/en/no-such-page", "/api/v1/goals"] {
                    let response = try await client.execute(uri: uri, method: .get)
                    #expect(response.headers[.strictTransportSecurity]?.hasPrefix("max-age=") == true)
                }
            }
        }
    }

    @Test(arguments: Language.allCases)
    func pagesHaveNoInlineStyleOrScript(language: Language) async throws {
        try await withPortal(.sqlite) { client, _ in
            let l = language.rawValue
            for uri in [
                "/\(l)/", "/\(l)/goals/1", "/\(l)/goals/18", "/\(l)/indicators/18.2.2", "/\(l)/indicators/3.1.2", "/\(l)/places",
                "/\(l)/places/01", "/\(l)/progress", "/\(l)/responsibilities", "/\(l)/sign-in",
            ] {
                let html = try await client.execute(uri: uri, method: .get).text
                #expect(!html.contains(" style="), "inline style on \(uri)")
                #expect(html.firstMatch(of: /<[^>]+\son[a-z]+=/) == nil, "inline event handler on \(uri)")
                #expect(!html.contains("<script>") && !html.contains("<style"), "inline script or style block on \(uri)")
            }
            let map = try await client.execute(uri: "/\(l)/indicators/18.2.2", method: .get).text
            let hasChoropleth = map.contains("choropleth") && map.contains(" fill=\"#")
            #expect(hasChoropleth)
            let chart = try await client.execute(uri: "/\(l)/indicators/18.1.1?series=_L_LA_180101_01&breakdown=SEX", method: .get).text
            let selectorSubmitsItself = chart.contains("<select name=\"series\" id=\"sel-series\" data-autosubmit=\"change\"")
            #expect(selectorSubmitsItself)
            let script = try await client.execute(uri: "/assets/pasan.js", method: .get)
            #expect(script.status == .ok && script.text.contains("data-autosubmit"))
        }
    }

    /// The goal colours are classes in the stylesheet; each is the colour the pages used to put
    /// inline (`GoalColours.readableBackground`), and the map's default fill leaves the
    /// choropleth's fill attributes alone.
    @Test func theStylesheetHoldsEveryGoalColour() async throws {
        try await withPortal(.sqlite) { client, state in
            let css = try await client.execute(uri: AssetPath.stylesheet, method: .get).text
            for goal in state.catalog.goals {
                let rule = ".goal-\(goal.number) { background: \(GoalColours.readableBackground(goal.colour)); }"
                #expect(css.contains(rule), "missing: \(rule)")
            }
            #expect(css.contains(".area-map path:not([fill])"))
            #expect(!css.contains(".area-map path { fill"))
            let home = try await client.execute(uri: "/en/", method: .get).text
            #expect(home.contains("class=\"goal-tile goal-1 ") || home.contains("class=\"goal-tile goal-1\""))
        }
    }
}

/// Issue 8, defect 7: free text has a length limit (nothing is written over it), and error
/// messages repeat at most 80 characters of what was sent.
@Suite struct FreeTextLimitTests {
    @Test func echoedValuesAreShortened() {
        let long = String(repeating: "9", count: 10 * 1024 * 1024)
        #expect(TidyIssue.echo(long) == String(repeating: "9", count: 80) + "…")
        #expect(TidyIssue.echo("ok") == "ok")
        let issue = TidyIssue(line: 2, column: long, value: long, expected: Message("x"))
        #expect(issue.value.count == 81 && issue.column.count == 81)
    }

    static let context = TidyContext(
        indicator: "3.b.1",
        institution: "MOH",
        series: ["SH_ACS_DTP3": "PT"],
        referenceYears: [2022],
        knownAreas: ["LA"],
        ownedScopes: [(series: nil, level: nil)],
        areaLevel: { _ in .country }
    )

    @Test func valueCommentsAndSourcesHaveALimit() {
        let header = ["Year", "SERIES", "COMMENT_OBS", "SOURCE_DETAIL", "GeoCode", "Value"]
        let limit = TidyFormat.maximumTextLength
        let ok = TidyValidator.validate(
            header: header,
            rows: [
                (
                    2,
                    [
                        "2022", "SH_ACS_DTP3", String(repeating: "c", count: limit),
                        String(repeating: "s", count: limit), "LA", "84",
                    ]
                )
            ],
            context: Self.context
        )
        #expect(ok.errors.isEmpty && ok.values.count == 1)
        let long = TidyValidator.validate(
            header: header,
            rows: [
                (
                    2,
                    [
                        "2022", "SH_ACS_DTP3", String(repeating: "c", count: limit + 1),
                        String(repeating: "s", count: 10 * 1024 * 1024), "LA", "84",
                    ]
                )
            ],
            context: Self.context
        )
        #expect(long.values.isEmpty)
        #expect(Set(long.errors.map(\.column)) == ["COMMENT_OBS", "SOURCE_DETAIL"])
        for error in long.errors {
            #expect(error.expected.text(in: .en).contains("at most 2000 characters in \(error.column)"))
            #expect(error.expected.localized.lo?.contains("2000") == true)
            #expect(error.value.count <= 81)
        }
        // A breakdown code that takes any shape still has a length.
        let age = TidyValidator.validate(
            header: ["Year", "SERIES", "AGE", "GeoCode", "Value"],
            rows: [(2, ["2022", "SH_ACS_DTP3", String(repeating: "Y", count: 500), "LA", "84"])],
            context: Self.context
        )
        #expect(age.errors.map(\.column) == ["AGE"])
    }

    @Test func aHugeUploadedValueIsNotEchoedInFull() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open })
            let owner = try await TestSession.open(
                database,
                userID: try #require(
                    try await AccountRepository(database: database)
                        .account(email: "moh.owner@pasan.demo")
                ).id
            )
            let page = "/en/cycles/\(cycle.id!)/submissions/MOH/3.b.1"
            try await app.test(.router) { client in
                let current = try await get(client, page, session: owner).text
                let value = String(repeating: "7x", count: 5 * 1024 * 1024)
                let comment = String(repeating: "c", count: 3_000)
                let upload = try await CycleWebTests.upload(
                    client,
                    page + "/upload",
                    session: owner,
                    csv: "Year,SERIES,COMMENT_OBS,GeoCode,Value\n2022,SH_ACS_DTP3,\(comment),LA,84\n2023,SH_ACS_DTP3,,LA,\(value)\n",
                    fields: ["version": CycleWebTests.version(current)]
                )
                #expect(upload.status == .badRequest)
                #expect(upload.body.readableBytes < 200_000, "error page of \(upload.body.readableBytes) bytes")
                #expect(upload.text.contains(String(repeating: "7x", count: 40) + "…"))
                #expect(upload.text.contains("COMMENT_OBS") && upload.text.contains("at most 2000 characters"))
                let submission = try await SubmissionRepository(database: database).latest(
                    cycleID: cycle.id!,
                    institution: "MOH",
                    indicator: "3.b.1"
                )
                let stored =
                    try await submission.asyncMap { try await SubmissionRepository(database: database).values(submissionID: $0.id) } ?? []
                #expect(!stored.contains { ($0.comment ?? "").count > TidyFormat.maximumTextLength })
            }
        }
    }

    @Test func formTextOverTheLimitIsRefusedAndNothingIsWritten() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let admin = try await TestSession.open(
                database,
                userID: try #require(
                    try await AccountRepository(database: database)
                        .account(email: "admin@pasan.demo")
                ).id
            )
            let repository = FocalPointRepository(database: database)
            let before = try await repository.notes(institution: "MOH").count
            let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open })
            try await app.test(.router) { client in
                let tooLong = String(repeating: "n", count: FormData.maximumFieldLength + 1)
                let note = try await post(
                    client,
                    "/en/admin/institutions/MOH/notes",
                    session: admin,
                    fields: ["role": "owner", "body": tooLong]
                )
                #expect(note.status == .badRequest)
                #expect(note.text.contains("Text too long") && note.text.contains("“Note”") && note.text.contains("5,000"))
                #expect(try await repository.notes(institution: "MOH").count == before)
                let lao = try await post(
                    client,
                    "/lo/admin/institutions/MOH/notes",
                    session: admin,
                    fields: ["role": "owner", "body": tooLong]
                )
                #expect(lao.status == .badRequest && lao.text.contains("ບັນທຶກ") && lao.text.contains("5,000"))
                let extend = try await post(
                    client,
                    "/en/cycles/\(cycle.id!)/extend",
                    session: admin,
                    fields: ["date": LocalDate.today.adding(days: 200).description, "reason": tooLong]
                )
                #expect(extend.status == .badRequest && extend.text.contains("“Reason”"))
                let fits = try await post(
                    client,
                    "/en/admin/institutions/MOH/notes",
                    session: admin,
                    fields: ["role": "owner", "body": String(repeating: "n", count: FormData.maximumFieldLength)]
                )
                #expect(fits.status == .seeOther)
                #expect(try await repository.notes(institution: "MOH").count == before + 1)
            }
        }
    }
}

/// Issue 8, defect 7: the pre-sign-in CSRF token must be one Pasan signed, with a secret every
/// process on the database shares.
@Suite struct SignedAnonymousCSRFTests {
    @Test func aSelfMadePairIsRefusedAndAGenuineOneAccepted() async throws {
        try await withPortal(.sqlite) { client, state in
            func signIn(cookie: String, field: String) async throws -> TestResponse {
                try await post(
                    client,
                    "/en/sign-in",
                    session: TestSession(cookie: "pasan_csrf=\(cookie)", csrf: field),
                    fields: ["email": "nobody@example.la", "password": "not a password"]
                )
            }
            let madeUp = try await signIn(cookie: "attacker-chosen", field: "attacker-chosen")
            #expect(madeUp.status == .forbidden && madeUp.text.contains("CSRF"))
            let forgedShape = Secrets.token() + "." + Secrets.token()
            #expect(try await signIn(cookie: forgedShape, field: forgedShape).status == .forbidden)
            let otherSecret = FormTokenSigner(secret: Data(repeating: 7, count: 32)).issue()
            #expect(try await signIn(cookie: otherSecret, field: otherSecret).status == .forbidden)
            // A genuine token: from the sign-in page, as a browser gets it.
            let page = try await client.execute(uri: "/en/sign-in", method: .get)
            let cookie = try #require(page.headers[.setCookie]?.firstMatch(of: /pasan_csrf=([^;]+)/)?.1)
            let field = try #require(page.text.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
            #expect(cookie == field && state.formTokens.isGenuine(String(cookie)))
            let genuine = try await signIn(cookie: String(cookie), field: String(field))
            #expect(genuine.status == .unauthorized, "a genuine token was refused: \(genuine.status)")
            // A genuine cookie with another genuine token in the field is still refused.
            let mismatched = try await signIn(cookie: String(cookie), field: state.formTokens.issue())
            #expect(mismatched.status == .forbidden)
            // A made-up cookie is replaced when the page is shown again.
            let again = try await client.execute(uri: "/en/sign-in", method: .get, headers: [.cookie: "pasan_csrf=attacker-chosen"])
            let replaced = try #require(again.headers[.setCookie]?.firstMatch(of: /pasan_csrf=([^;]+)/)?.1)
            #expect(state.formTokens.isGenuine(String(replaced)))
        }
    }

    @Test(arguments: Backend.all)
    func everyProcessOnTheDatabaseSharesTheSecret(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            async let first = FormTokenSigner.load(database: database)
            async let second = FormTokenSigner.load(database: database)
            let (a, b) = try await (first, second)
            let token = a.issue()
            #expect(b.isGenuine(token) && a.isGenuine(b.issue()))
            let later = try await PortalState.load(database: database, defaultLanguage: .lo)
            #expect(later.formTokens.isGenuine(token))
            #expect(!FormTokenSigner(secret: Data(repeating: 1, count: 32)).isGenuine(token))
        }
    }
}
