import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// The OpenAPI document of `/api/v1` against the router and the real answers, and CORS on the
/// open-data API, on both databases.
@Suite struct OpenAPITests {
    @Test(arguments: Backend.all)
    func theDocumentListsEveryRouteOfTheRouter(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            // The routes the router really has under /api/v1 (the catch-all 404 is not an operation).
            let router = try buildRouter(state: state, logger: TestDatabases.logger)
            let registered = Set(
                router.routes.filter { $0.path.description.hasPrefix(APIOperation.prefix + "/") && !$0.path.description.hasSuffix("/**") }
                    .map { "\($0.method) \($0.path.description)" }
            )
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            try await app.test(.router) { client in
                let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let document = try J.parse(response.body)
                #expect(document["openapi"] == .string("3.1.0"))
                #expect(document["info"]?["title"] == .string(OpenAPIDocument.title))
                #expect(document["info"]?["license"]?["identifier"] == .string("CC-BY-4.0"))
                let paths = try #require(document["paths"]?.object)
                var documented: Set<String> = []
                for (path, item) in paths {
                    for method in try #require(item.object).keys { documented.insert("\(method.uppercased()) \(path)") }
                }
                #expect(
                    documented == registered,
                    "documented but not routed: \(documented.subtracting(registered)); routed but not documented: \(registered.subtracting(documented))"
                )
                #expect(Set(APIOperation.all.map(\.path)) == Set(paths.keys))
                // Every $ref points at something.
                for reference in document.references {
                    #expect(document.resolve(reference) != nil, "\(reference)")
                }
                // The codes come from the catalog.
                let codes = document["components"]?["schemas"]?["IndicatorCode"]?["enum"]?.array ?? []
                #expect(codes.count == state.catalog.indicators.count && codes.contains(.string("18.1.1")))
            }
        }
    }

    /// Answers of every operation (lists, one item, pages, filters, errors) validated against the
    /// document: required fields, types, enumerations, no undeclared field, documented statuses.
    @Test(arguments: Backend.all)
    func realAnswersConformToTheDocument(backend: Backend) async throws {
        try await withPortal(backend) { client, _ in
            let document = try J.parse(try await client.execute(uri: "/api/v1/openapi.json", method: .get).body)
            let examples: [(APIOperation, String)] = [
                (.goals, "/api/v1/goals"),
                (.targets, "/api/v1/targets"), (.targets, "/api/v1/targets?goal=18"), (.targets, "/api/v1/targets?goal=19"),
                (.indicators, "/api/v1/indicators?limit=1000"), (.indicators, "/api/v1/indicators?tier=III&include_retired=false"),
                (.indicators, "/api/v1/indicators?q=skilled%20health"), (.indicators, "/api/v1/indicators?limit=0"),
                (.indicator, "/api/v1/indicators/3.1.2"), (.indicator, "/api/v1/indicators/18.1.1"),
                (.indicator, "/api/v1/indicators/99.9.9"),
                (.indicatorData, "/api/v1/indicators/18.1.1/data"), (.indicatorData, "/api/v1/indicators/3.1.2/data"),
                (.indicatorData, "/api/v1/indicators/nope/data"), (.indicatorData, "/api/v1/indicators/18.1.1/data?limit=2&offset=1"),
                (.indicatorData, "/api/v1/indicators/18.1.1/data?limit=10001"),
                (.progress, "/api/v1/progress"), (.progress, "/api/v1/progress?level=goal"), (.progress, "/api/v1/progress?level=planet"),
                (.areas, "/api/v1/areas?level=province"), (.areas, "/api/v1/areas?level=village&limit=3&offset=5"),
                (.areas, "/api/v1/areas?parent=18"), (.areas, "/api/v1/areas?offset=-1"),
                (.institutions, "/api/v1/institutions"),
                (.assignments, "/api/v1/assignments"), (.assignments, "/api/v1/assignments?institution=MOH"),
                (.assignments, "/api/v1/assignments?indicator=0.0.0"),
                (.cycles, "/api/v1/cycles"),
                (.plans, "/api/v1/plans"), (.plan, "/api/v1/plans/nsedp9"), (.plan, "/api/v1/plans/nope"),
                (.planIndicators, "/api/v1/plans/nsedp9/indicators"), (.planIndicators, "/api/v1/plans/nope/indicators"),
                (.openAPI, "/api/v1/openapi.json"),
            ]
            var statuses: [APIOperation.ID: Set<Int>] = [:]
            for (operation, uri) in examples {
                let response = try await client.execute(uri: uri, method: .get)
                let status = Int(response.status.code)
                statuses[operation.id, default: []].insert(status)
                let declared = try #require(
                    document["paths"]?[operation.path]?["get"]?["responses"]?[String(status)],
                    "\(uri): \(status) is not documented"
                )
                let answer = try #require(document.resolve(declared))
                let schema = try #require(answer["content"]?["application/json"]?["schema"], "\(uri): no schema for \(status)")
                #expect(response.headers[.contentType] == "application/json; charset=utf-8", "\(uri)")
                let problems = document.validate(try J.parse(response.body), against: schema)
                #expect(problems.count == 0, "\(uri): \(problems.prefix(10))")
            }
            // The examples reach every open-data operation's success and each of its documented
            // errors (the token-authenticated operations: MachineSubmissionTests).
            for operation in APIOperation.openData {
                let documented = Set((document["paths"]?[operation.path]?["get"]?["responses"]?.object ?? [:]).keys.compactMap(Int.init))
                #expect(documented.subtracting([304]) == statuses[operation.id], "\(operation.path)")
            }
            // A 304 is documented where answers carry an ETag, and is what they answer.
            let first = try await client.execute(uri: "/api/v1/goals", method: .get)
            let etag = try #require(first.headers[.eTag])
            let again = try await client.execute(uri: "/api/v1/goals", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
        }
    }

    /// Each parameter the document declares is read and checked by its handler: a value outside
    /// what the document allows is a 400 naming it, a value inside is accepted. (A handler that
    /// reads a parameter its operation does not declare stops a debug build in `APIQuery`.)
    @Test(arguments: Backend.all)
    func everyDocumentedParameterIsChecked(backend: Backend) async throws {
        try await withPortal(backend) { client, _ in
            for operation in APIOperation.openData {
                // An address with a code in it: a code that exists.
                let path: String
                switch operation.pathCode {
                case .indicator: path = operation.path.replacingOccurrences(of: "{code}", with: "3.1.2")
                case .plan: path = operation.path.replacingOccurrences(of: "{code}", with: "nsedp9")
                case .institution: path = operation.path.replacingOccurrences(of: "{code}", with: "MOH")
                case .sdg: path = operation.path.replacingOccurrences(of: "{code}", with: "3")
                case nil: path = operation.path
                }
                for parameter in operation.query {
                    var (good, bad): ([String], [String])
                    switch parameter.kind {
                    case .integer(let range):
                        good = [String(range.lowerBound), String(range.upperBound)]
                        bad = [String(range.lowerBound - 1), "abc", "1.5", "99999999999999999999999", "%20\(range.lowerBound)", "%20"]
                    case .boolean: (good, bad) = (["true", "false"], ["maybe", "%20"])
                    case .oneOf(let values): (good, bad) = (values, ["zzz", values[0].uppercased() + "x", "%20" + values[0]])
                    case .code(.indicator): (good, bad) = (["3.1.2", "%20"], ["0.0.0"])
                    case .code(.institution): (good, bad) = (["MOH", "%20"], ["NOPE"])
                    case .code(.plan): (good, bad) = (["nsedp9", "%20"], ["nope"])
                    case .code(.sdg): (good, bad) = (["3", "3.1", "3.1.2", "%20"], ["99", "3.99"])
                    case .text:
                        good = ["a", "%20", String(repeating: "x", count: APIParameter.maximumTextLength)]
                        bad = ["%00", "a%0Ab", String(repeating: "x", count: APIParameter.maximumTextLength + 1)]
                    }
                    // Empty is the parameter left out; the example is accepted; twice is refused.
                    let example = try #require(parameter.example.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
                    good += [example, ""]
                    bad.append("\(example)&\(parameter.name)=\(example)")
                    for value in good {
                        let response = try await client.execute(uri: "\(path)?\(parameter.name)=\(value)", method: .get)
                        #expect(response.status == .ok, "\(path) \(parameter.name)=\(value)")
                    }
                    for value in bad {
                        let uri = "\(path)?\(parameter.name)=\(value)"
                        let response = try await client.execute(uri: uri, method: .get)
                        #expect(response.status == .badRequest, "\(uri.prefix(80))")
                        #expect(try J.parse(response.body)["error"]?["parameter"] == .string(parameter.name), "\(uri.prefix(80))")
                    }
                }
            }
        }
    }

    @Test(arguments: Backend.all)
    func openDataIsReadableFromAnyOrigin(backend: Backend) async throws {
        try await withPortal(backend) { client, _ in
            let origin: HTTPFields = [.origin: "https://news.example.org"]
            func expectCORS(_ response: TestResponse, _ what: String) {
                #expect(response.headers[.accessControlAllowOrigin] == "*", "\(what)")
                #expect(response.headers[.accessControlExposeHeaders] == "ETag", "\(what)")
                #expect(response.headers[.accessControlAllowCredentials] == nil, "\(what)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(what): the security headers stay")
            }
            // Fresh, then from the response cache, then a 304: all carry the headers.
            let fresh = try await client.execute(uri: "/api/v1/indicators?goal=3", method: .get, headers: origin)
            expectCORS(fresh, "fresh")
            let cached = try await client.execute(uri: "/api/v1/indicators?goal=3", method: .get, headers: origin)
            expectCORS(cached, "cached")
            #expect(cached.headers[.eTag] == fresh.headers[.eTag])
            var conditional = origin
            let etag = try #require(fresh.headers[.eTag])
            conditional[.ifNoneMatch] = etag
            let notModified = try await client.execute(uri: "/api/v1/indicators?goal=3", method: .get, headers: conditional)
            #expect(notModified.status == .notModified)
            expectCORS(notModified, "304")
            // Without an Origin too (a shared cache may keep the answer for everyone), and on HEAD.
            expectCORS(try await client.execute(uri: "/api/v1/goals", method: .get), "no origin")
            let head = try await client.execute(uri: "/api/v1/goals", method: .head, headers: origin)
            #expect(head.status == .ok && head.body.readableBytes == 0)
            expectCORS(head, "HEAD")
            // Errors: a bad parameter, an unknown item, an unknown route, other controllers' API routes.
            for (uri, status) in [
                ("/api/v1/areas?level=city", HTTPResponse.Status.badRequest), ("/api/v1/indicators/99.9.9", .notFound),
                ("/api/v1/nothing/here", .notFound), ("/api/v1/cycles", .ok), ("/api/v1/assignments?indicator=3.1.2", .ok),
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: origin)
                #expect(response.status == status, "\(uri)")
                expectCORS(response, uri)
            }

            // A browser's preflight.
            var preflight = origin
            preflight[.accessControlRequestMethod] = "GET"
            preflight[.accessControlRequestHeaders] = "if-none-match"
            let options = try await client.execute(uri: "/api/v1/indicators/3.1.2/data", method: .options, headers: preflight)
            #expect(options.status == .noContent)
            expectCORS(options, "preflight")
            #expect(options.headers[.accessControlAllowMethods] == "GET, HEAD, OPTIONS")
            #expect(options.headers[.accessControlAllowHeaders] == "Accept, Accept-Language, If-None-Match")
            #expect(options.headers[.accessControlMaxAge] == "7200")
            #expect(options.headers[.allow] == "GET, HEAD, OPTIONS")

            // Read-only: other methods are a 405 in the API's error shape, with Allow.
            for method in [HTTPRequest.Method.post, .put, .delete, .patch] {
                let refused = try await client.execute(uri: "/api/v1/goals", method: method, headers: origin)
                #expect(refused.status == .methodNotAllowed, "\(method)")
                #expect(refused.headers[.allow] == "GET, HEAD, OPTIONS")
                expectCORS(refused, "\(method)")
                let error = try J.parse(refused.body)["error"]
                #expect(error?["code"] == .string("method_not_allowed") && error?["status"] == .int(405))
                #expect(error?["message"]?.string?.contains(method.rawValue) == true)
            }

            // Pages, public or private, get no CORS headers, and no preflight answer.
            for uri in ["/lo/", "/en/indicators/3.1.2", "/en/admin/users", "/en/cycles", "/healthz", "/api/v1x", "/api/v2/goals"] {
                let response = try await client.execute(uri: uri, method: .get, headers: origin)
                #expect(response.headers[.accessControlAllowOrigin] == nil, "\(uri)")
                #expect(response.headers[.accessControlExposeHeaders] == nil, "\(uri)")
                let options = try await client.execute(uri: uri, method: .options, headers: preflight)
                #expect(options.headers[.accessControlAllowOrigin] == nil, "OPTIONS \(uri)")
                #expect(options.status != .noContent, "OPTIONS \(uri)")
            }
        }
    }

    /// A NUL byte in a text parameter never reaches the database (PostgreSQL refuses it with an
    /// error, which was a 500): it is a 400 naming the parameter.
    @Test(arguments: Backend.all)
    func controlCharactersInTextParametersAreRefused(backend: Backend) async throws {
        try await withPortal(backend) { client, _ in
            for uri in ["/api/v1/areas?parent=01%00", "/api/v1/indicators?q=%00", "/api/v1/assignments?indicator=3.1.2%00"] {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .badRequest, "\(uri)")
                let error = try J.parse(response.body)["error"]
                #expect(error?["code"] == .string("invalid_parameter"), "\(uri)")
                #expect(error?["message"]?.string?.contains("control characters") == true, "\(uri)")
            }
        }
    }
}

extension APIOperation {
    typealias ID = String
}

/// JSON as parsed for the checks: numbers keep whether they are whole (JSONDecoder does not turn
/// `1` into `true`, nor `1.5` into an integer).
enum J: Equatable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([J])
    case object([String: J])

    static func parse(_ buffer: ByteBuffer) throws -> J {
        try JSONDecoder().decode(J.self, from: Data(buffer: buffer))
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let value = try? c.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? c.decode(Int.self) {
            self = .int(value)
        } else if let value = try? c.decode(Double.self) {
            self = .double(value)
        } else if let value = try? c.decode(String.self) {
            self = .string(value)
        } else if let value = try? c.decode([J].self) {
            self = .array(value)
        } else {
            self = .object(try c.decode([String: J].self))
        }
    }

    subscript(key: String) -> J? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    var object: [String: J]? { if case .object(let o) = self { o } else { nil } }
    var array: [J]? { if case .array(let a) = self { a } else { nil } }
    var string: String? { if case .string(let s) = self { s } else { nil } }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): "\(b)"
        case .int(let i): "\(i)"
        case .double(let d): "\(d)"
        case .string(let s): "\"\(s)\""
        case .array(let a): "[\(a.count) items]"
        case .object(let o): "{\(o.keys.sorted().joined(separator: ","))}"
        }
    }

    /// Every `$ref` in the document.
    var references: [String] {
        switch self {
        case .object(let o): (o["$ref"]?.string.map { [$0] } ?? []) + o.values.flatMap(\.references)
        case .array(let a): a.flatMap(\.references)
        default: []
        }
    }

    /// Follows a `$ref` (`#/components/…`) in this document; other values are returned as they are.
    func resolve(_ value: J) -> J? {
        guard let reference = value["$ref"]?.string else { return value }
        return resolve(reference)
    }

    func resolve(_ reference: String) -> J? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: J? = self
        for part in reference.dropFirst(2).split(separator: "/") { node = node?[String(part)] }
        return node
    }

    /// The JSON Schema keywords the document uses, checked strictly. Returns the problems found.
    func validate(_ value: J, against schema: J, at path: String = "$") -> [String] {
        guard let schema = resolve(schema) else { return ["\(path): unresolvable schema"] }
        var problems: [String] = []
        if let options = schema["anyOf"]?.array {
            if !options.contains(where: { validate(value, against: $0, at: path).isEmpty }) {
                problems.append("\(path): \(value) matches none of anyOf")
            }
        }
        if let type = schema["type"] {
            let types = type.array?.compactMap(\.string) ?? [type.string ?? ""]
            let actual: [String] =
                switch value {
                case .null: ["null"]
                case .bool: ["boolean"]
                case .int: ["integer", "number"]
                case .double: ["number"]
                case .string: ["string"]
                case .array: ["array"]
                case .object: ["object"]
                }
            if !types.contains(where: actual.contains) { return problems + ["\(path): \(value) is not \(types)"] }
        }
        if let values = schema["enum"]?.array, !values.contains(value) { problems.append("\(path): \(value) is not in the enum") }
        if let constant = schema["const"], constant != value { problems.append("\(path): \(value) is not \(constant)") }
        func number(_ j: J?) -> Double? {
            switch j {
            case .int(let i)?: Double(i)
            case .double(let d)?: d
            default: nil
            }
        }
        if let x = number(value) {
            if let minimum = number(schema["minimum"]), x < minimum { problems.append("\(path): \(x) < \(minimum)") }
            if let maximum = number(schema["maximum"]), x > maximum { problems.append("\(path): \(x) > \(maximum)") }
        }
        if case .string(let text) = value {
            if case .int(let maximum)? = schema["maxLength"], text.unicodeScalars.count > maximum { problems.append("\(path): too long") }
            if let pattern = schema["pattern"]?.string, let regex = try? Regex(pattern), (try? regex.firstMatch(in: text)) == nil {
                problems.append("\(path): \(text) does not match \(pattern)")
            }
            if schema["format"] == .string("date"), LocalDate(iso: text) == nil { problems.append("\(path): \(text) is not a date") }
        }
        if case .object(let object) = value {
            let properties = schema["properties"]?.object ?? [:]
            for name in schema["required"]?.array?.compactMap(\.string) ?? [] where object[name] == nil {
                problems.append("\(path).\(name): missing")
            }
            for (name, item) in object {
                if let property = properties[name] {
                    problems += validate(item, against: property, at: "\(path).\(name)")
                } else if let additional = schema["additionalProperties"] {
                    if additional == .bool(false) {
                        problems.append("\(path).\(name): not in the schema")
                    } else if additional != .bool(true) {
                        problems += validate(item, against: additional, at: "\(path).\(name)")
                    }
                }
            }
        }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (i, item) in items.enumerated() { problems += validate(item, against: itemSchema, at: "\(path)[\(i)]") }
        }
        return problems
    }
}
