import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanTestSupport
import PasanViews
import Testing

@testable import PasanWeb

/// A signed-in test user: the session cookie and the CSRF token of their forms.
struct TestSession: Sendable {
    var cookie: String
    var csrf: String

    static func open(_ database: Database, userID: Int64) async throws -> TestSession {
        let accounts = AccountRepository(database: database)
        let token = try await accounts.openSession(userID: userID)
        let csrf = try #require(try await accounts.session(token: token)?.csrfToken)
        return TestSession(cookie: "pasan_session=\(token)", csrf: csrf)
    }
}

func form(_ fields: [String: String]) -> ByteBuffer {
    ByteBuffer(
        string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(
            separator: "&"
        )
    )
}

func post(
    _ client: any TestClientProtocol,
    _ uri: String,
    session: TestSession?,
    fields: [String: String] = [:],
    csrf: String? = nil
) async throws -> TestResponse {
    var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    if let session { headers[.cookie] = session.cookie }
    var all = fields
    if let token = csrf ?? session?.csrf { all["_csrf"] = token }
    return try await client.execute(uri: uri, method: .post, headers: headers, body: form(all))
}

func get(_ client: any TestClientProtocol, _ uri: String, session: TestSession?) async throws -> TestResponse {
    var headers: HTTPFields = [:]
    if let session { headers[.cookie] = session.cookie }
    return try await client.execute(uri: uri, method: .get, headers: headers)
}

/// The authorisation matrix: every secured route × every role, allowed and denied, generated from
/// the route table. The expectations are written out here, independently of `Policy`, as an
/// exhaustive switch: a new action does not compile until this test says who may do it.
@Suite struct AuthorisationMatrixTests {
    static func expected(_ role: Role?, _ action: Action, institution: String, route: String = "") -> Bool {
        guard let role else { return false }
        let mine = institution == "MOH"  // the focal points of the matrix are MOH's
        switch action {
        case .manageOwnAccount: return true
        case .translate, .reviewTranslation: return role == .secretariatAdmin || role == .translator
        case .manageUsers: return role == .secretariatAdmin
        case .editAssignments: return role == .secretariatAdmin || role == .secretariatOfficer
        case .exportAssignments: return role != .subnationalFocalPoint && role != .translator && role != .planningOfficer
        case .viewFocalPoints, .writeRoleNote:
            return role == .secretariatAdmin || role == .secretariatOfficer
                || ((role == .ownerFocalPoint || role == .reporterFocalPoint) && mine)
        case .handOverFocalPoint:
            // Only the Secretariat names and hands over: no focal point grants roles (issue 8).
            return role == .secretariatAdmin || role == .secretariatOfficer
        case .proposeFocalPoint:
            return role == .secretariatAdmin || ((role == .ownerFocalPoint || role == .reporterFocalPoint) && mine)
        case .viewGapAnalysis:
            return role == .secretariatAdmin || role == .secretariatOfficer || role == .statisticsReviewer || role == .steeringCommittee
        case .viewAuditLog, .viewOutbox: return role == .secretariatAdmin || role == .secretariatOfficer
        case .manageCycles: return role == .secretariatAdmin || role == .secretariatOfficer
        case .viewCycleDashboard:
            return role == .secretariatAdmin || role == .secretariatOfficer || role == .statisticsReviewer || role == .steeringCommittee
        case .submitData: return role == .secretariatAdmin || (role == .ownerFocalPoint && mine)
        case .reviewSubmission:
            return role == .secretariatAdmin || role == .secretariatOfficer || role == .statisticsReviewer || role == .reporterFocalPoint
                || (role == .ownerFocalPoint && mine)
        case .viewSubmission:
            // The matrix asks for the demo's submitted MOH 3.1.2 (reported by MOH, asked by province):
            // MOES has no such submission, so only its owner (none here) would see it.
            return role == .secretariatAdmin
                || (mine
                    && [
                        .secretariatOfficer, .statisticsReviewer, .reporterFocalPoint,
                        .subnationalFocalPoint, .ownerFocalPoint,
                    ].contains(role))
        case .configureProgress: return role == .secretariatAdmin || role == .secretariatOfficer || role == .statisticsReviewer
        case .importData: return role == .secretariatAdmin || role == .secretariatOfficer || role == .statisticsReviewer
        case .submitAreaData:
            // The matrix posts for area 01, the subnational focal point's own province.
            return role == .secretariatAdmin || role == .subnationalFocalPoint
        case .manageAPITokens:
            return role == .secretariatAdmin || role == .secretariatOfficer
                || ((role == .ownerFocalPoint || role == .reporterFocalPoint) && mine)
        case .manageDHIS2:
            // An owner focal point sees the list of its own institution's instances; the matrix names
            // no instance and posts no institution, so everything else is the Secretariat's.
            return role == .secretariatAdmin || role == .secretariatOfficer
                || (role == .ownerFocalPoint && route == "GET \(SitePath.Pattern.dhis2)")
        case .editPlans: return role == .secretariatAdmin || role == .secretariatOfficer || role == .planningOfficer
        case .editActivities:
            // A focal point edits its own institution's activities, on the routes that name it.
            return role == .secretariatAdmin || role == .secretariatOfficer || role == .planningOfficer
                || ((role == .ownerFocalPoint || role == .reporterFocalPoint) && mine && route.contains("{institution}"))
        case .resolveOverlap: return role == .secretariatAdmin || role == .secretariatOfficer || role == .planningOfficer
        case .manageChains:
            return role == .secretariatAdmin || role == .secretariatOfficer
                || (role == .ownerFocalPoint && mine && route.contains("{institution}"))
        case .editBulletins: return role == .secretariatAdmin || role == .secretariatOfficer
        case .viewLeadershipBrief:
            return role == .secretariatAdmin || role == .secretariatOfficer || role == .statisticsReviewer || role == .viewer
                || role == .steeringCommittee
        case .answerSelfAssessment:
            return role == .secretariatAdmin || role == .secretariatOfficer
                || ((role == .ownerFocalPoint || role == .reporterFocalPoint) && mine)
        }
    }

    /// Routes any visitor may post to (they are protected by CSRF, not by a role).
    static let publicPostRoutes: Set<String> = [
        SitePath.Pattern.signIn, SitePath.Pattern.signOut, SitePath.Pattern.passwordReset, SitePath.Pattern.passwordResetToken,
    ]

    /// Routes of institutions' systems, authenticated by an API token of the institution in the
    /// handler (`authenticate`), never by a session: no cookie, so no CSRF (MachineSubmissionTests).
    /// DHIS2's own path of the data value import is one of them (`DHIS2PushController.dhis2Paths`).
    static let tokenRoutes: Set<String> = Set(APIOperation.all.filter { $0.security != nil }.map(\.path))
        .union(DHIS2PushController.dhis2Paths)

    @Test func everyStateChangingRouteHasAPolicy() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let table = RouteTable()
            let router = try buildRouter(state: state, logger: TestDatabases.logger, routeTable: table)
            let secured = Set(table.routes.map { "\($0.method) \($0.pattern)" })
            for route in router.routes where route.method != .get && route.method != .head {
                let pattern = route.path.description
                #expect(
                    secured.contains("\(route.method) \(pattern)") || Self.publicPostRoutes.contains(pattern)
                        || Self.tokenRoutes.contains(pattern),
                    "\(route.method) \(pattern) changes state without a policy"
                )
            }
            #expect(table.routes.filter { $0.method == .post }.count >= 9)
        }
    }

    @Test func everyRoleOnEverySecuredRoute() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let table = RouteTable()
            let app = try buildApplication(
                configuration: PortalConfiguration(),
                state: state,
                logger: TestDatabases.logger,
                routeTable: table
            )
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            var created: [(Role, Int64)] = []
            for role in Role.allCases {
                let grant = RoleGrant(
                    role: role,
                    institution: role.scope == .institution ? "MOH" : nil,
                    area: role.scope == .area ? "01" : nil
                )
                let user = try await accounts.createUser(
                    email: "\(role.rawValue)@matrix.test",
                    name: role.rawValue,
                    password: "matrix password 1",
                    grants: [grant],
                    change: .commandLine
                )
                created.append((role, user.id))
            }
            let users = created
            let assignment = try #require(try await AssignmentRepository(database: database).all().first?.id)
            let openCycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open }?.id)
            try await app.test(.router) { client in
                var checked = 0
                for route in table.routes {
                    for institution in route.pattern.contains("{institution}") ? ["MOH", "MOES"] : ["MOH"] {
                        for (role, userID) in [(Role?.none, Int64?.none)] + users.map({ (Optional($0.0), Optional($0.1)) }) {
                            let uri = route.pattern.replacingOccurrences(of: "{lang}", with: "en")
                                .replacingOccurrences(of: "{institution}", with: institution)
                                .replacingOccurrences(of: "{user}", with: String(users.last!.1))
                                .replacingOccurrences(of: "{assignment}", with: String(assignment))
                                // Who sees a submission depends on it: name a real one (submitted, reviewed).
                                .replacingOccurrences(of: "{cycle}", with: route.action == .viewSubmission ? String(openCycle) : "{cycle}")
                                .replacingOccurrences(of: "{indicator}", with: route.action == .viewSubmission ? "3.1.2" : "{indicator}")
                            let session = try await userID.asyncMap { try await TestSession.open(database, userID: $0) }
                            let response =
                                route.method == .post
                                ? try await post(client, uri, session: session, fields: ["area": "01"])
                                : try await get(client, uri, session: session)
                            let allowed = Self.expected(
                                role,
                                route.action,
                                institution: institution,
                                route: "\(route.method) \(route.pattern)"
                            )
                            let who = role?.rawValue ?? "anonymous"
                            if allowed {
                                #expect(
                                    response.status != .forbidden && response.status != .seeOther || route.method == .post,
                                    "\(who) should be allowed \(route.method) \(uri)"
                                )
                                #expect(
                                    response.status != .forbidden,
                                    "\(who) should be allowed \(route.method) \(uri): \(response.status)"
                                )
                            } else if role == nil && route.method == .get {
                                #expect(response.status == .seeOther, "anonymous GET \(uri) should go to sign-in")
                            } else {
                                #expect(response.status == .forbidden, "\(who) should be denied \(route.method) \(uri): \(response.status)")
                                if role != nil {
                                    #expect(String(buffer: response.body).contains("Not allowed"))
                                }
                            }
                            checked += 1
                        }
                    }
                }
                #expect(checked >= table.routes.count * (Role.allCases.count + 1))
            }
        }
    }
}

/// Role grants against the separation-of-duty rules: every pair of roles (focal points scoped to
/// MOH, whose indicators MOH also reports in the demo; the subnational one to Vientiane Capital),
/// granted through the accounts page by an administrator. The expectation is written out here,
/// independently of `SeparationOfDuties`.
@Suite struct RoleGrantMatrixTests {
    static func mayHoldBoth(_ a: Role, _ b: Role) -> Bool {
        func entersData(_ r: Role) -> Bool {
            switch r {
            case .ownerFocalPoint, .subnationalFocalPoint: true
            case .secretariatAdmin, .secretariatOfficer, .statisticsReviewer, .reporterFocalPoint, .viewer, .translator, .planningOfficer,
                .steeringCommittee:
                false
            }
        }
        func checks(_ r: Role) -> Bool {
            switch r {
            case .secretariatAdmin, .secretariatOfficer, .statisticsReviewer, .reporterFocalPoint: true
            case .ownerFocalPoint, .subnationalFocalPoint, .viewer, .translator, .planningOfficer, .steeringCommittee: false
            }
        }
        return !((entersData(a) && checks(b)) || (entersData(b) && checks(a)))
    }

    static func fields(_ role: Role) -> [String: String] {
        switch role.scope {
        case .institution: ["role": role.rawValue, "institution": "MOH"]
        case .area: ["role": role.rawValue, "area": "01"]
        case .national: ["role": role.rawValue]
        }
    }

    @Test func everyPairOfRoles() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
            let admin = try await TestSession.open(database, userID: try #require(try await accounts.account(email: "admin@pasan.demo")).id)
            var people: [(Role, Role, Int64)] = []
            for (i, first) in Role.allCases.enumerated() {
                for second in Role.allCases[(i + 1)...] {
                    let grant = RoleGrant(
                        role: first,
                        institution: first.scope == .institution ? "MOH" : nil,
                        area: first.scope == .area ? "01" : nil
                    )
                    let user = try await accounts.createUser(
                        email: "\(first.rawValue).\(second.rawValue)@pairs.test",
                        name: "pair",
                        password: "pair password 12",
                        grants: [grant],
                        change: .commandLine
                    )
                    people.append((first, second, user.id))
                }
            }
            let pairs = people
            try await app.test(.router) { client in
                for (first, second, id) in pairs {
                    let response = try await post(client, "/en/admin/users/\(id)/roles", session: admin, fields: Self.fields(second))
                    let held = try await accounts.account(id: id)?.grants.count ?? 0
                    if Self.mayHoldBoth(first, second) {
                        #expect(response.status == .seeOther && held == 2, "\(first) + \(second) should be allowed: \(response.status)")
                    } else {
                        #expect(response.status == .badRequest && held == 1, "\(first) + \(second) should be refused: \(response.status)")
                        #expect(String(buffer: response.body).contains("separation of duties"))
                    }
                }
            }
        }
    }
}

@Suite struct SignInAndCSRFTests {
    @Test func csrfIsEnforcedAndNothingChangesWithoutIt() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let admin = try #require(try await AccountRepository(database: database).account(email: "admin@pasan.demo"))
            let session = try await TestSession.open(database, userID: admin.id)
            try await app.test(.router) { client in
                let fields = ["name": "Khamla", "email": "khamla@example.la", "password": "a long enough password", "role": "viewer"]
                let missing = try await post(client, "/en/admin/users", session: session, fields: fields, csrf: "")
                #expect(missing.status == .forbidden)
                let wrong = try await post(client, "/lo/admin/users", session: session, fields: fields, csrf: "forged-token")
                #expect(wrong.status == .forbidden)
                #expect(String(buffer: wrong.body).contains("CSRF"))
                #expect(try await AccountRepository(database: database).account(email: "khamla@example.la") == nil)
                let right = try await post(client, "/en/admin/users", session: session, fields: fields)
                #expect(right.status == .seeOther)
                #expect(try await AccountRepository(database: database).account(email: "khamla@example.la") != nil)
            }
        }
    }

    @Test func signInGivesOneMessageThenThrottlesAndNeverLogsThePassword() async throws {
        let captured = LogCapture()
        var logger = Logger(label: "capture") { _ in captured }
        logger.logLevel = .trace
        // The clock stands still: a slow machine must not let the sign-in delay run out between
        // two attempts (the throttle reads the database's clock).
        try await TestDatabases.withSeeded(.sqlite, clock: .fixed(Date())) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: logger)
            let password = "the real password 12345"
            try await AccountRepository(database: database, passwordCost: .fastForTests)
                .createUser(
                    email: "noy@example.la",
                    name: "Noy",
                    password: password,
                    grants: [RoleGrant(role: .viewer)],
                    change: .commandLine
                )
            try await app.test(.router) { client in
                let page = try await client.execute(uri: "/en/sign-in", method: .get)
                let cookie = try #require(page.headers[.setCookie]?.components(separatedBy: ";").first)
                let csrf = try #require(String(buffer: page.body).firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
                func attempt(_ email: String, _ pass: String) async throws -> TestResponse {
                    try await post(
                        client,
                        "/en/sign-in",
                        session: TestSession(cookie: cookie, csrf: String(csrf)),
                        fields: ["email": email, "password": pass]
                    )
                }
                let wrongPassword = try await attempt("noy@example.la", "not it at all")
                let unknown = try await attempt("ghost@example.la", "not it at all")
                #expect(wrongPassword.status == .unauthorized && unknown.status == .unauthorized)
                let message = "The e-mail or the password is wrong."
                #expect(String(buffer: wrongPassword.body).contains(message) && String(buffer: unknown.body).contains(message))
                let ok = try await attempt("noy@example.la", password)
                #expect(ok.status == .seeOther)
                #expect(ok.headers[.setCookie]?.contains("HttpOnly") == true)
                #expect(ok.headers[.setCookie]?.contains("SameSite=Lax") == true)
                // Repeated failures from this address slow it down (a growing delay: the first after 3).
                var statuses: [HTTPResponse.Status] = []
                for _ in 0..<10 where statuses.last != .tooManyRequests {
                    statuses.append(try await attempt("noy@example.la", "wrong again").status)
                }
                #expect(statuses.last == .tooManyRequests, "\(statuses)")
                let throttled = try await attempt("noy@example.la", password)
                #expect(throttled.status == .tooManyRequests)
                #expect(throttled.headers[.retryAfter] != nil && String(buffer: throttled.body).contains("Wait"))
            }
        }
        #expect(!captured.text.contains("the real password"))
    }
}

@Suite struct HandbookAndAssignmentWebTests {
    @Test(arguments: Backend.all, Language.allCases)
    func mohHandbookListsIndicatorsDeadlinesAndFocalPoints(backend: Backend, language: Language) async throws {
        try await withPortal(backend) { client, _ in
            let response = try await client.execute(uri: "/\(language.rawValue)/institutions/MOH/handbook", method: .get)
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            for code in ["3.1.2", "3.2.1", "3.b.1"] { #expect(html.contains(">\(code)</a>"), "handbook lacks \(code)") }
            #expect(html.contains("MOH owner focal point (demo)"))
            #expect(html.contains(language == .lo ? "30 ກັນຍາ" : "30 September"))
            #expect(html.contains("0457/MOFA"))
            #expect(try await client.execute(uri: "/\(language.rawValue)/institutions/moh/handbook", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/\(language.rawValue)/institutions/NOPE/handbook", method: .get).status == .notFound)
            let overview = String(buffer: try await client.execute(uri: "/\(language.rawValue)/responsibilities", method: .get).body)
            #expect(overview.contains("<svg") && overview.contains("/\(language.rawValue)/institutions/MOH/handbook"))
        }
    }

    @Test func assignmentsAPIFilters() async throws {
        try await withPortal(.sqlite) { client, _ in
            let body = try json(try await client.execute(uri: "/api/v1/assignments?institution=moh", method: .get))
            let list = try #require(body["data"] as? [[String: Any]])
            #expect(!list.isEmpty)
            #expect(
                list.allSatisfy {
                    (($0["owners"] as? [String]) ?? []).contains("MOH") || $0["reporter"] as? String == "MOH"
                        || (($0["contributors"] as? [String]) ?? []).contains("MOH")
                }
            )
            let one = try json(try await client.execute(uri: "/api/v1/assignments?indicator=3.1.2", method: .get))
            #expect((one["data"] as? [[String: Any]])?.first?["collection_due"] as? String == "03-31")
            #expect(try await client.execute(uri: "/api/v1/assignments?institution=XYZ", method: .get).status == .badRequest)
        }
    }

    @Test func aFaultyAssignmentFileImportsNothingAndListsEveryRow() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let officer = try #require(try await AccountRepository(database: database).account(email: "officer@pasan.demo"))
            let session = try await TestSession.open(database, userID: officer.id)
            let before = try await AssignmentRepository(database: database).all().count
            func upload(_ csv: String) async throws -> TestResponse {
                let boundary = "PasanBoundary42"
                let body =
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(session.csrf)\r\n"
                    + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"owners.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
                return try await app.test(.router) { client in
                    try await client.execute(
                        uri: "/en/admin/assignments/import",
                        method: .post,
                        headers: [.contentType: "multipart/form-data; boundary=\(boundary)", .cookie: session.cookie],
                        body: ByteBuffer(string: body)
                    )
                }
            }
            let bad = try await upload(
                "indicator,owners,reporter,frequency\n6.1.1,MPWT,LSB,annual\n99.1.1,MPWT,LSB,annual\n6.2.1,MOH;NOBODY,LSB,weekly\n"
            )
            #expect(bad.status == .badRequest)
            let html = String(buffer: bad.body)
            #expect(html.contains("Nothing was imported"))
            for needle in [">3</td><td><code>indicator", ">4</td><td><code>owners", ">4</td><td><code>frequency", "NOBODY"] {
                #expect(html.contains(needle), "the error list lacks \(needle)")
            }
            #expect(try await AssignmentRepository(database: database).all().count == before)
            let good = try await upload("indicator,owners,reporter,frequency\n6.1.1,MPWT,LSB,annual\n")
            #expect(good.status == .seeOther)
            #expect(try await AssignmentRepository(database: database).all().count == before + 1)
        }
    }

    @Test func exportedCSVCannotRunFormulas() {
        let csv = CSVWriter.write(
            header: ["a", "b"],
            rows: [["=HYPERLINK(\"x\")", "-12.5"], ["@SUM(A1)", "+1"], ["fine, \"quoted\"", "-x"]]
        )
        #expect(csv == "a,b\r\n\"'=HYPERLINK(\"\"x\"\")\",-12.5\r\n'@SUM(A1),'+1\r\n\"fine, \"\"quoted\"\"\",'-x\r\n")
    }
}

/// Collects log lines, to prove what does not appear in them.
final class LogCapture: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.lock(); defer { lock.unlock() }
        lines.append("\(event.message) \(event.metadata ?? [:]) \(self.metadata)")
    }

    var text: String {
        lock.lock(); defer { lock.unlock() }
        return lines.joined(separator: "\n")
    }
}
