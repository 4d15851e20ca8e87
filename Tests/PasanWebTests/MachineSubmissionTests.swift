import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import Synchronization
import Testing

@testable import PasanWeb

/// Issue 12, part 3: institutions' API tokens (created on their page by a focal point, shown
/// once) and submissions by machine — JSON and CSV rows through the grid's validation and
/// optimistic lock, and every refusal (401, 403, 409, 413, 415, 422, 429) in the API's error
/// shape, checked against the OpenAPI document and written to the audit log.
@Suite struct MachineSubmissionTests {
    /// A database clock the test moves (it stands still otherwise: the rate limit does not refill).
    final class Clock: Sendable {
        let moment = Mutex(Date())
        var provider: DateProvider { DateProvider(now: { self.moment.withLock { $0 } }) }
        func advance(days: Int) { moment.withLock { $0 = $0.addingTimeInterval(Double(days) * 86_400) } }
    }

    struct Portal: Sendable {
        var client: any TestClientProtocol
        var database: Database
        var clock: Clock
        var cycle: Int64
        var document: J

        var today: LocalDate { database.clock.today }

        func user(_ email: String) async throws -> TestSession {
            let account = try #require(try await AccountRepository(database: database).account(email: email))
            return try await TestSession.open(database, userID: account.id)
        }

        func token(_ institution: String = "MOH", scope: APITokenScope = .write, days: Int = 30) async throws -> String {
            try await APITokenRepository(database: database).create(
                institution: institution,
                name: "test \(scope.rawValue)",
                scope: scope,
                expiresOn: today.adding(days: days),
                change: .commandLine
            ).secret
        }

        /// A request of the machine API; `token` as Bearer (or `scheme`).
        func call(
            _ method: HTTPRequest.Method,
            _ uri: String,
            token: String?,
            scheme: String = "Bearer",
            headers more: HTTPFields = [:],
            body: String? = nil,
            contentType: String = "application/json"
        ) async throws -> TestResponse {
            var headers = more
            if let token { headers[.authorization] = "\(scheme) \(token)" }
            if body != nil && headers[.contentType] == nil { headers[.contentType] = contentType }
            return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        }

        func submission(_ institution: String = "MOH", _ indicator: String = "3.b.1") -> String {
            "/api/v1/submissions/\(cycle)/\(institution)/\(indicator)"
        }

        /// The answer is one the document declares for the operation, with a body of its schema.
        func expectDocumented(
            _ response: TestResponse,
            _ operation: APIOperation,
            sourceLocation: SourceLocation = #_sourceLocation
        )
            throws -> J
        {
            let status = String(response.status.code)
            let declared = try #require(
                document["paths"]?[operation.path]?[operation.method.rawValue]?["responses"]?[status],
                "\(operation.id): \(status) is not documented",
                sourceLocation: sourceLocation
            )
            let answer = try #require(document.resolve(declared), sourceLocation: sourceLocation)
            let schema = try #require(answer["content"]?["application/json"]?["schema"], sourceLocation: sourceLocation)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8", sourceLocation: sourceLocation)
            let body = try J.parse(response.body)
            let problems = document.validate(body, against: schema)
            #expect(problems.isEmpty, "\(operation.id) \(status): \(problems.prefix(5))", sourceLocation: sourceLocation)
            for (name, header) in answer["headers"]?.object ?? [:] where document.resolve(header)?["required"] == .bool(true) {
                #expect(
                    response.headers[HTTPField.Name(name)!] != nil,
                    "\(operation.id) \(status): no \(name)",
                    sourceLocation: sourceLocation
                )
            }
            return body
        }
    }

    func withPortal(_ backend: Backend, _ body: @escaping @Sendable (Portal) async throws -> Void) async throws {
        let clock = Clock()
        try await TestDatabases.withSeeded(backend, clock: clock.provider) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let cycle = try #require(try await CycleRepository(database: database).all().first { $0.status == .open }?.id)
            try await app.test(.router) { client in
                let document = try J.parse(try await client.execute(uri: "/api/v1/openapi.json", method: .get).body)
                try await body(Portal(client: client, database: database, clock: clock, cycle: cycle, document: document))
            }
        }
    }

    // MARK: Tokens pages

    @Test(arguments: Backend.all)
    func aFocalPointCreatesATokenSeenOnceThenRevokesIt(backend: Backend) async throws {
        try await withPortal(backend) { portal in
            let owner = try await portal.user("moh.owner@pasan.demo")
            let page = "/en/admin/institutions/MOH/api-tokens"
            // My Pasan links the list; the list links MOH's page.
            #expect(try await get(portal.client, "/en/me", session: owner).text.contains("/en/admin/api-tokens"))
            #expect(try await get(portal.client, "/en/admin/api-tokens", session: owner).text.contains(page))

            let expiry = portal.today.adding(days: 30).description
            let created = try await post(
                portal.client,
                page,
                session: owner,
                fields: ["name": "HMIS bridge", "scope": "write", "expires_on": expiry]
            )
            #expect(created.status == .created)
            #expect(created.headers[.cacheControl] == "no-store")
            let secret = try #require(created.text.firstMatch(of: /pasan_[0-9a-f]{8}_[A-Za-z0-9_-]{43}/).map { String($0.output) })
            let prefix = try #require(APITokenFormat.prefix(of: secret))
            // Afterwards the page shows the prefix only.
            let later = try await get(portal.client, page, session: owner).text
            #expect(later.contains(prefix) && later.contains("HMIS bridge") && !later.contains(secret))
            // The token works.
            let read = try await portal.call(.get, portal.submission(), token: secret)
            #expect(read.status == .ok)

            // Refused forms name the problem; nothing is created.
            let refused = try await post(
                portal.client,
                page,
                session: owner,
                fields: ["name": "", "scope": "write", "expires_on": portal.today.adding(days: 400).description]
            )
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("Give the token a name") && refused.text.contains("365 days"))
            #expect(try await APITokenRepository(database: portal.database).tokens(institution: "MOH").count == 1)

            // Another institution's focal point and a viewer may not see MOH's tokens.
            for email in ["molsw.reporter@pasan.demo", "viewer@pasan.demo"] {
                let other = try await portal.user(email)
                #expect(try await get(portal.client, page, session: other).status == .forbidden, "\(email)")
            }

            // Revoked: the page says so, and the token is refused from then on.
            let id = try #require(try await APITokenRepository(database: portal.database).tokens(institution: "MOH").first?.id)
            let revoked = try await post(portal.client, "\(page)/\(id)/revoke", session: owner)
            #expect(revoked.status == .seeOther)
            let notice = try await get(portal.client, try #require(revoked.headers[.location]), session: owner)
            #expect(notice.text.contains("The token is revoked"))
            let refusedUse = try await portal.call(.get, portal.submission(), token: secret)
            #expect(refusedUse.status == .unauthorized)
            #expect(try J.parse(refusedUse.body)["error"]?["message"]?.string?.contains("was revoked") == true)
            #expect(try await post(portal.client, "\(page)/\(id)/revoke", session: owner).status == .conflict)
        }
    }

    // MARK: Saving rows

    @Test(arguments: Backend.all)
    func aTokenSavesJSONAndCSVRowsThroughTheGridsValidation(backend: Backend) async throws {
        try await withPortal(backend) { portal in
            let token = try await portal.token()
            let path = portal.submission()

            // The demo's draft: version 1, one value, 2023 missing (a warning).
            let first = try await portal.call(.get, path, token: token)
            #expect(first.status == .ok && first.headers[.eTag] == "\"1\"")
            let draft = try portal.expectDocumented(first, .submission)["data"]
            #expect(draft?["state"] == .string("draft") && draft?["version"] == .int(1))
            #expect(draft?["values"]?.array?.count == 1 && draft?["values"]?.array?.first?["Value"] == .string("84"))
            let missing = try #require(draft?["report"]?["warnings"]?.array?.first)
            #expect(missing["key"] == .string("imports.tidy.missingYear") && missing["row"] == .null)
            #expect(missing["arguments"]?["year"] == .string("2023"))

            // JSON rows, numbers as text or as numbers: saved, version 2.
            let rows =
                #"[{"Year": "2022", "SERIES": "SH_ACS_DTP3", "GeoCode": "LA", "Value": 85}, "#
                + #"{"Year": 2023, "SERIES": "SH_ACS_DTP3", "GeoCode": "LA", "Value": "86.5", "OBS_STATUS": null}]"#
            let saved = try await portal.call(.post, path, token: token, body: #"{"version": 1, "rows": \#(rows)}"#)
            #expect(saved.status == .ok)
            let receipt = try portal.expectDocumented(saved, .submissionSave)["data"]
            #expect(receipt?["version"] == .int(2) && receipt?["saved"] == .int(2) && receipt?["report"]?["valid"] == .bool(true))
            let values = try J.parse(try await portal.call(.get, path, token: token).body)["data"]?["values"]?.array ?? []
            #expect(values.compactMap { $0["Value"]?.string }.sorted() == ["85", "86.5"])
            // The value history names the token.
            let history = try await SubmissionRepository(database: portal.database).changes(cycleID: portal.cycle, indicator: "3.b.1")
            #expect(history.contains { $0.actor.hasPrefix("API token pasan_") && $0.new == 85 })

            // A bad row: 422 with the same problem the grid shows, nothing written.
            let bad =
                #"{"version": 2, "rows": [{"Year": "2022", "SERIES": "SH_ACS_DTP3", "GeoCode": "LA", "Value": "85"}, "#
                + #"{"Year": "2023", "SERIES": "SH_ACS_DTP3", "GeoCode": "LA", "Value": "abc"}]}"#
            let refused = try await portal.call(.post, path, token: token, body: bad)
            #expect(refused.status == .unprocessableContent)
            let failure = try portal.expectDocumented(refused, .submissionSave)
            #expect(failure["error"]?["code"] == .string("validation_failed"))
            let problem = try #require(failure["report"]?["errors"]?.array?.first)
            #expect(problem["row"] == .int(1) && problem["column"] == .string("Value") && problem["value"] == .string("abc"))
            #expect(problem["key"] == .string("imports.tidy.number"))
            let english = try #require(problem["message"]?.string)
            let owner = try await portal.user("moh.owner@pasan.demo")
            let grid = try await post(
                portal.client,
                "/en/cycles/\(portal.cycle)/submissions/MOH/3.b.1/save",
                session: owner,
                fields: ["v~SH_ACS_DTP3~LA~~2022": "85", "v~SH_ACS_DTP3~LA~~2023": "abc", "version": "2"]
            )
            #expect(grid.status == .badRequest && grid.text.contains(english))
            // In Lao on request (lang, or Accept-Language), with the same key.
            let lao = try await portal.call(.post, path + "?lang=lo", token: token, body: bad)
            let laoProblem = try #require(try J.parse(lao.body)["report"]?["errors"]?.array?.first)
            #expect(laoProblem["key"] == .string("imports.tidy.number") && laoProblem["message"] != problem["message"])
            let accepted = try await portal.call(.post, path, token: token, headers: [.acceptLanguage: "lo-LA, en;q=0.5"], body: bad)
            #expect(try J.parse(accepted.body)["report"]?["language"] == .string("lo"))
            #expect(try J.parse(try await portal.call(.get, path, token: token).body)["data"]?["version"] == .int(2))

            // Warnings need a comment: one year only (2023 missing), then with a comment.
            let oneYear = #"{"version": 2, "rows": [{"Year": "2022", "SERIES": "SH_ACS_DTP3", "GeoCode": "LA", "Value": "85"}]}"#
            let uncommented = try await portal.call(.post, path, token: token, body: oneYear)
            #expect(uncommented.status == .unprocessableContent)
            #expect(try portal.expectDocumented(uncommented, .submissionSave)["report"]?["warnings"]?.array?.count == 1)

            // A stale version is refused, never merged.
            let stale = try await portal.call(.post, path, token: token, body: #"{"version": 1, "rows": \#(rows)}"#)
            #expect(stale.status == .conflict)
            #expect(try portal.expectDocumented(stale, .submissionSave)["error"]?["code"] == .string("conflict"))

            // CSV, with DHIS2's ApiToken scheme, the version in If-Match and the comment in the query.
            let csv = "Year,SERIES,GeoCode,Value\n2022,SH_ACS_DTP3,LA,80\n"
            let savedCSV = try await portal.call(
                .post,
                path + "?comment=2023%20not%20yet%20collected",
                token: token,
                scheme: "ApiToken",
                headers: [.ifMatch: "\"2\""],
                body: csv,
                contentType: "text/csv; charset=utf-8"
            )
            #expect(savedCSV.status == .ok)
            #expect(try portal.expectDocumented(savedCSV, .submissionSave)["data"]?["version"] == .int(3))
            // A CSV problem is located at its line.
            let badCSV = try await portal.call(
                .post,
                path + "?version=3",
                token: token,
                body: "Year,SERIES,GeoCode,Value\n2022,SH_ACS_DTP3,LA,150\n2023,SH_ACS_DTP3,LA,81\n",
                contentType: "text/csv"
            )
            let csvProblem = try #require(try portal.expectDocumented(badCSV, .submissionSave)["report"]?["errors"]?.array?.first)
            #expect(csvProblem["row"] == .int(2) && csvProblem["key"] == .string("imports.tidy.valueInUnit"))
            #expect(csvProblem["message"] == .string("a number from 0 to 100 (unit PT)"))

            // What the body and its headers may not be.
            for (body, type, headers, status) in [
                ("{}", "application/json", HTTPFields(), HTTPResponse.Status.badRequest),
                (#"{"rows": [], "row": []}"#, "application/json", [:], .badRequest),
                (#"{"rows": [{"Value": true}]}"#, "application/json", [:], .badRequest),
                ("not json", "application/json", [:], .badRequest),
                (#"{"rows": [], "version": 3}"#, "application/json", [.ifMatch: "\"2\""], .badRequest),
                (#"{"rows": []}"#, "application/json", [.ifMatch: "three"], .badRequest),
                ("Year,Value\n", "text/plain", [:], .unsupportedMediaType),
                (String(repeating: "9", count: BodyLimit.upload.bytes + 1), "text/csv", [:], .contentTooLarge),
            ] {
                let response = try await portal.call(.post, path, token: token, headers: headers, body: body, contentType: type)
                #expect(response.status == status, "\(body) \(type)")
                _ = try portal.expectDocumented(response, .submissionSave)
            }
            #expect(
                try J.parse(try await portal.call(.post, path, token: token, body: "{}").body)["error"]?["message"]?.string?.contains(
                    "rows"
                ) == true
            )

            // Locked in review (3.1.2 is reviewed): 409.
            let locked = try await portal.call(.post, portal.submission("MOH", "3.1.2"), token: token, body: #"{"version": 3, "rows": []}"#)
            #expect(locked.status == .conflict)
            // Unknown cycle or indicator: 404.
            #expect(try await portal.call(.get, "/api/v1/submissions/999999/MOH/3.b.1", token: token).status == .notFound)
            let unknown = try await portal.call(.get, "/api/v1/submissions/\(portal.cycle)/MOH/0.0.0", token: token)
            #expect(unknown.status == .notFound)
            _ = try portal.expectDocumented(unknown, .submission)
        }
    }

    // MARK: Refusals

    @Test(arguments: Backend.all)
    func tokensAreRefusedOutsideTheirScopeAndLogged(backend: Backend) async throws {
        try await withPortal(backend) { portal in
            let writer = try await portal.token()
            let reader = try await portal.token(scope: .read)
            let shortLived = try await portal.token(days: 1)
            let path = portal.submission()
            let rows = #"{"version": 1, "rows": [{"Year": "2022", "SERIES": "SH_ACS_DTP3", "GeoCode": "LA", "Value": "85"}]}"#

            // Another institution's submission: 403, reading or writing.
            let foreign = try await portal.call(.post, portal.submission("MOES", "4.1.1"), token: writer, body: rows)
            #expect(foreign.status == .forbidden)
            #expect(try portal.expectDocumented(foreign, .submissionSave)["error"]?["message"]?.string?.contains("MOH's") == true)
            #expect(try await portal.call(.get, portal.submission("MOES", "4.1.1"), token: writer).status == .forbidden)
            // A read-only token reads, and may not write.
            #expect(try await portal.call(.get, path, token: reader).status == .ok)
            let readOnly = try await portal.call(.post, path, token: reader, body: rows)
            #expect(readOnly.status == .forbidden)
            _ = try portal.expectDocumented(readOnly, .submissionSave)

            // No token, not a token, a wrong secret: 401 with a challenge.
            var forged = writer
            forged.removeLast()
            forged.append(writer.last == "A" ? "B" : "A")
            for (token, scheme) in [(String?.none, "Bearer"), ("nonsense", "Bearer"), (forged, "Bearer"), (writer, "Basic")] {
                let response = try await portal.call(.post, path, token: token, scheme: scheme, body: rows)
                #expect(response.status == .unauthorized, "\(token ?? "none") \(scheme)")
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                _ = try portal.expectDocumented(response, .submissionSave)
            }
            let anonymousRead = try await portal.call(.get, path, token: nil)
            #expect(anonymousRead.status == .unauthorized)
            _ = try portal.expectDocumented(anonymousRead, .submission)

            // Expired after its last day.
            #expect(try await portal.call(.get, path, token: shortLived).status == .ok)
            portal.clock.advance(days: 2)
            let expired = try await portal.call(.get, path, token: shortLived)
            #expect(expired.status == .unauthorized)
            #expect(try J.parse(expired.body)["error"]?["message"]?.string?.contains("expired") == true)
            #expect(try await portal.call(.get, path, token: writer).status == .ok)

            // The refusals of known tokens are in the audit log, with prefixes and never secrets.
            let entries = try await AuditLog.entries(portal.database, entity: "api-token", page: PageRequest(limit: 100, offset: 0)).items
            let refusals = entries.filter { $0.action == "refuse-api-token" }
            #expect(refusals.count == 5, "MOES ×2, read-only, wrong secret, expired: \(refusals.map { $0.after ?? "" })")
            #expect(refusals.filter { $0.after?.contains("\"status\":403") == true }.count == 3)
            #expect(refusals.filter { $0.after?.contains("\"status\":401") == true }.count == 2)
            #expect(refusals.allSatisfy { $0.address != nil && $0.actor.hasPrefix("API token pasan_") })
            for entry in entries {
                for secret in [writer, reader, shortLived, forged] { #expect(!(entry.after ?? "").contains(secret)) }
            }
        }
    }

    @Test(arguments: Backend.all)
    func aTokenOverItsRateLimitWaits(backend: Backend) async throws {
        try await withPortal(backend) { portal in
            let token = try await portal.token()
            let other = try await portal.token()
            let limit = APIRateLimiter.shared.limit
            // The clock stands still: the bucket holds the burst and refills no further.
            let unknown = "/api/v1/submissions/999999/MOH/3.b.1"
            for _ in 0..<limit.burst {
                #expect(try await portal.call(.get, unknown, token: token).status == .notFound)
            }
            let limited = try await portal.call(.get, portal.submission(), token: token)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] == "1")
            #expect(try portal.expectDocumented(limited, .submission)["error"]?["code"] == .string("rate_limited"))
            // Each token has its own bucket.
            #expect(try await portal.call(.get, portal.submission(), token: other).status == .ok)
        }
    }
}
