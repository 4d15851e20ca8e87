import Foundation
import Hummingbird
import PasanDomain
import PasanStorage

/// `GET /api/v1/…`: the read side of the framework, places and institutions as JSON.
struct APIController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>) {
        let api = router.group("api/v1")
        api.get("goals", use: apiGoals)
        api.get("targets", use: apiTargets)
        api.get("indicators", use: apiIndicators)
        api.get("indicators/{code}", use: apiIndicator)
        api.get("indicators/{code}/data", use: apiIndicatorData)
        api.get("progress", use: apiProgress)
        api.get("areas", use: apiAreas)
        api.get("institutions", use: apiInstitutions)
        api.get("**", use: apiNotFound)
    }

    private func list<T>(_ items: [T], page: PageRequest, key: CacheKey) -> APIList<T> {
        let slice = Array(items.dropFirst(page.offset).prefix(page.limit))
        return APIList(data: slice, meta: meta(total: items.count, page: page, count: slice.count, key: key))
    }

    /// The `next` link is built from the cache key (path and known parameters), so a cached
    /// answer never carries another client's unknown parameters.
    private func meta(total: Int, page: PageRequest, count: Int, key: CacheKey) -> APIListMeta {
        var next: String?
        if page.offset + count < total {
            let path = String(key.description.prefix { $0 != "?" })
            let kept = key.query.split(separator: "&").filter { !$0.hasPrefix("offset=") && !$0.hasPrefix("limit=") }
            next = path + "?" + (kept + ["limit=\(page.limit)", "offset=\(page.offset + count)"]).joined(separator: "&")
        }
        return .init(total: total, limit: page.limit, offset: page.offset, next: next)
    }

    private func json<T: Encodable & Sendable>(
        _ request: Request,
        _ key: CacheKey? = nil,
        _ make: () throws -> T
    ) throws -> Response {
        try state.cache.entry(key ?? CacheKey(request)) {
            let data = try Self.encoder.encode(try make())
            return (.ok, "application/json; charset=utf-8", String(decoding: data, as: UTF8.self))
        }.response(for: request)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// Query parameters, checked: a bad value is a 400 that names the parameter and what it accepts.
struct APIQuery {
    let request: Request

    init(_ request: Request) throws {
        self.request = request
    }

    func string(_ name: String) -> String? {
        guard let value = request.uri.queryParameters.get(name)?.trimmingSpaces, !value.isEmpty else { return nil }
        return value
    }

    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.invalid(name, text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func bool(_ name: String) throws -> Bool? {
        guard let text = string(name) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError.invalid(name, text, expected: "true or false")
        }
    }

    func enumeration<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw APIError.invalid(name, text, expected: "one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    func page() throws -> PageRequest {
        PageRequest(limit: try int("limit", in: 1...PageRequest.maximumLimit), offset: try int("offset", in: 0...Int.max - 1))
    }
}

/// An API error: JSON with a stable shape (`{"error": {"status", "code", "message", "parameter"}}`).
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var parameter: String?

    static func invalid(_ parameter: String, _ value: String, expected: String) -> APIError {
        APIError(
            status: .badRequest,
            code: "invalid_parameter",
            message: "The parameter \(parameter) has \"\(TidyIssue.echo(value))\"; expected \(expected).",
            parameter: parameter
        )
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = APIErrorBody(error: .init(status: Int(status.code), code: code, message: message, parameter: parameter))
        let data = try APIController.encoder.encode(body)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}

// MARK: - Handlers

extension APIController {
    @Sendable func apiGoals(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try json(request) {
            let catalog = state.catalog
            let goals = catalog.goals.map { APIGoal($0, catalog: catalog) }
            return APIList(data: goals, meta: .init(total: goals.count, limit: goals.count, offset: 0, next: nil))
        }
    }

    @Sendable func apiTargets(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let goal = try APIQuery(request).int("goal", in: 1...18)
        let page = try APIQuery(request).page()
        let key = CacheKey(request, parameters: ["goal", "limit", "offset"])
        return try json(request, key) {
            let targets = state.catalog.targets.filter { goal == nil || $0.goal == goal }
            return list(targets.map(APITarget.init), page: page, key: key)
        }
    }

    @Sendable func apiIndicators(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let query = try APIQuery(request)
        let filter = IndicatorFilter(
            goal: try query.int("goal", in: 1...18),
            tier: try query.enumeration("tier", Tier.self),
            scope: try query.enumeration("scope", IndicatorScope.self),
            nationalRelation: try query.enumeration("national_relation", NationalRelation.self),
            text: query.string("q"),
            includeRetired: try query.bool("include_retired") ?? true
        )
        let page = try query.page()
        let key = CacheKey(
            request,
            parameters: [
                "goal", "tier", "scope", "national_relation", "q", "include_retired",
                "limit", "offset",
            ]
        )
        return try json(request, key) {
            let withData = state.indicatorsWithData
            let indicators = state.catalog.indicators(matching: filter).map { APIIndicator($0, hasData: withData.contains($0.code)) }
            return list(indicators, page: page, key: key)
        }
    }

    @Sendable func apiIndicator(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let code = context.parameters.get("code") ?? ""
        let catalog = state.catalog
        guard let indicator = catalog.indicator(code) else {
            throw APIError(
                status: .notFound,
                code: "not_found",
                message: "No indicator has the code \"\(code)\". Codes look like 3.1.2 or 18.1.1; GET /api/v1/indicators lists them."
            )
        }
        return try json(request) {
            APIItem(
                data: APIIndicator(
                    indicator,
                    hasData: state.indicatorsWithData.contains(code),
                    series: catalog.series(ofIndicator: code)
                )
            )
        }
    }

    @Sendable func apiIndicatorData(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let code = context.parameters.get("code") ?? ""
        guard state.catalog.indicator(code) != nil else {
            throw APIError(status: .notFound, code: "not_found", message: "No indicator has the code \"\(code)\".")
        }
        if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
        let observations = try await ObservationRepository(database: state.database).observations(indicator: code)
        return try json(request) {
            APIList(
                data: observations.map(APIObservation.init),
                meta: .init(total: observations.count, limit: observations.count, offset: 0, next: nil)
            )
        }
    }

    @Sendable func apiProgress(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let query = try APIQuery(request)
        let level = try query.enumeration("level", ProgressResult.Level.self)
        return try json(request, CacheKey(request, parameters: ["level"])) {
            let items = state.allProgress.filter { level == nil || $0.level == level }
                .sorted { ($0.level.rawValue, $0.code) < ($1.level.rawValue, $1.code) }.map(APIProgress.init)
            return APIList(data: items, meta: .init(total: items.count, limit: items.count, offset: 0, next: nil))
        }
    }

    @Sendable func apiAreas(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let query = try APIQuery(request)
        let level = try query.enumeration("level", AreaLevel.self)
        let parent = query.string("parent")
        let page = try query.page()
        let key = CacheKey(request, parameters: ["level", "parent", "limit", "offset"])
        if let hit = state.cache.peek(key) { return hit.response(for: request) }
        let areas = try await AreaRepository(database: state.database).areas(level: level, parent: parent, page: page)
        return try json(request, key) {
            APIList(
                data: areas.items.map(APIArea.init),
                meta: meta(total: areas.total, page: page, count: areas.items.count, key: key)
            )
        }
    }

    @Sendable func apiInstitutions(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try json(request) {
            let catalog = state.catalog
            let items = catalog.institutions.map { APIInstitution($0, catalog: catalog) }
            return APIList(data: items, meta: .init(total: items.count, limit: items.count, offset: 0, next: nil))
        }
    }

    @Sendable func apiNotFound(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        throw APIError(
            status: .notFound,
            code: "not_found",
            message:
                "No such API route. Available: /api/v1/goals, /api/v1/targets, /api/v1/indicators, /api/v1/indicators/{code}, /api/v1/areas, /api/v1/institutions."
        )
    }
}
