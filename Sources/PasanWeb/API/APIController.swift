import Foundation
import Hummingbird
import PasanDomain
import PasanMessages
import PasanStorage

/// `GET /api/v1/…`: the read side of the framework, places and institutions as JSON.
struct APIController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>) {
        let api = router.group(RouterPath(APIOperation.prefix))
        api.get(RouterPath(APIOperation.goals.route), use: apiGoals)
        api.get(RouterPath(APIOperation.targets.route), use: apiTargets)
        api.get(RouterPath(APIOperation.indicators.route), use: apiIndicators)
        api.get(RouterPath(APIOperation.indicator.route), use: apiIndicator)
        api.get(RouterPath(APIOperation.indicatorData.route), use: apiIndicatorData)
        api.get(RouterPath(APIOperation.progress.route), use: apiProgress)
        api.get(RouterPath(APIOperation.areas.route), use: apiAreas)
        api.get(RouterPath(APIOperation.institutions.route), use: apiInstitutions)
        api.get(RouterPath(APIOperation.openAPI.route), use: apiOpenAPI)
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
///
/// Handlers of `/api/v1` read their parameters through `APIParameter`s of their `APIOperation`,
/// so the OpenAPI document lists exactly what they read; reading a parameter the operation does
/// not declare stops a debug build (a test finds it). The reads by name remain for routes
/// outside the open-data API.
struct APIQuery {
    let request: Request
    /// The operation whose parameters are read, when the route is one of `APIOperation.all`.
    let operation: APIOperation?

    init(_ request: Request) throws {
        self.request = request
        operation = nil
    }

    init(_ request: Request, _ operation: APIOperation) {
        self.request = request
        self.operation = operation
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

    // MARK: Declared parameters

    /// The raw value of a declared parameter (trimmed; empty counts as absent). Free text and
    /// codes are refused when longer than `APIParameter.maximumTextLength` or when they hold
    /// control characters (a NUL byte would reach the database).
    func string(_ parameter: APIParameter) throws -> String? {
        assert(
            operation.map { $0.query.contains(parameter) } ?? true,
            "\(operation?.path ?? "") reads the undeclared parameter \(parameter.name): add it to its APIOperation"
        )
        switch parameter.kind {
        case .integer, .boolean, .oneOf: return string(parameter.name)  // checked against their values by the caller
        case .text, .code: break
        }
        // As sent (before trimming), counted in Unicode scalars as JSON Schema's maxLength counts.
        guard let raw = request.uri.queryParameters.get(parameter.name) else { return nil }
        if raw.unicodeScalars.count > APIParameter.maximumTextLength
            || raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        {
            throw APIError.invalid(
                parameter.name,
                raw,
                expected: Message("api.parameter.text", ["maximum": .number(APIParameter.maximumTextLength)]).text(in: .en)
            )
        }
        return string(parameter.name)
    }

    func int(_ parameter: APIParameter) throws -> Int? {
        guard case .integer(let range) = parameter.kind else { preconditionFailure("\(parameter.name) is not a whole number") }
        guard try string(parameter) != nil else { return nil }
        return try int(parameter.name, in: range)
    }

    func bool(_ parameter: APIParameter) throws -> Bool? {
        precondition(parameter.kind == .boolean, "\(parameter.name) is not true or false")
        guard try string(parameter) != nil else { return nil }
        return try bool(parameter.name)
    }

    func value<T: RawRepresentable>(_ parameter: APIParameter, as type: T.Type) throws -> T? where T.RawValue == String {
        guard case .oneOf(let values) = parameter.kind else { preconditionFailure("\(parameter.name) is not a list of values") }
        guard let text = try string(parameter) else { return nil }
        guard values.contains(text), let value = T(rawValue: text) else {
            throw APIError.invalid(parameter.name, text, expected: "one of " + values.joined(separator: ", "))
        }
        return value
    }

    func page() throws -> PageRequest {
        if let operation {
            assert(operation.query.contains(.limit) && operation.query.contains(.offset), "\(operation.path) is not paginated")
        }
        return PageRequest(limit: try int(.limit), offset: try int(.offset))
    }
}

/// An API error: JSON with a stable shape (`{"error": {"status", "code", "message", "parameter"}}`).
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var parameter: String?
    /// Further headers of the answer (`Allow` on a 405).
    var headers: HTTPFields = [:]

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
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
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
        let query = APIQuery(request, .targets)
        let goal = try query.int(.goal)
        let page = try query.page()
        let key = CacheKey(request, parameters: APIOperation.targets.parameterNames)
        return try json(request, key) {
            let targets = state.catalog.targets.filter { goal == nil || $0.goal == goal }
            return list(targets.map(APITarget.init), page: page, key: key)
        }
    }

    @Sendable func apiIndicators(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let query = APIQuery(request, .indicators)
        let filter = IndicatorFilter(
            goal: try query.int(.goal),
            tier: try query.value(.tier, as: Tier.self),
            scope: try query.value(.scope, as: IndicatorScope.self),
            nationalRelation: try query.value(.nationalRelation, as: NationalRelation.self),
            text: try query.string(.search),
            includeRetired: try query.bool(.includeRetired) ?? true
        )
        let page = try query.page()
        let key = CacheKey(request, parameters: APIOperation.indicators.parameterNames)
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
        let level = try APIQuery(request, .progress).value(.progressLevel, as: ProgressResult.Level.self)
        return try json(request, CacheKey(request, parameters: APIOperation.progress.parameterNames)) {
            let items = state.allProgress.filter { level == nil || $0.level == level }
                .sorted { ($0.level.rawValue, $0.code) < ($1.level.rawValue, $1.code) }.map(APIProgress.init)
            return APIList(data: items, meta: .init(total: items.count, limit: items.count, offset: 0, next: nil))
        }
    }

    @Sendable func apiAreas(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let query = APIQuery(request, .areas)
        let level = try query.value(.areaLevel, as: AreaLevel.self)
        let parent = try query.string(.parent)
        let page = try query.page()
        let key = CacheKey(request, parameters: APIOperation.areas.parameterNames)
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
            message: "No such API route. Available: " + APIOperation.all.map(\.path).joined(separator: ", ") + "."
        )
    }

    /// The OpenAPI document, made from `APIOperation.all` and the catalog's codes (cached like
    /// every answer, until the catalog is reloaded).
    @Sendable func apiOpenAPI(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try json(request) { OpenAPIDocument.make(catalog: state.catalog) }
    }
}
