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
/// Handlers of `/api/v1` read their parameters only through the `APIParameter`s of their
/// `APIOperation`, so the OpenAPI document lists exactly what they read and accept; reading a
/// parameter the operation does not declare stops a debug build (a test finds it).
///
/// What is accepted is what the document says, nothing looser: an empty value (`?goal=`) is the
/// parameter left out (`allowEmptyValue`); a parameter given twice is refused (it would be read
/// one way by one client and another way by the next); a whole number, `true`/`false` or one of
/// a list is taken as sent (` 3` is not a number); free text and codes may not hold control
/// characters (a NUL byte would reach the database) or be longer than
/// `APIParameter.maximumTextLength`, and are trimmed.
struct APIQuery {
    let request: Request
    let operation: APIOperation

    init(_ request: Request, _ operation: APIOperation) {
        self.request = request
        self.operation = operation
    }

    /// The value as sent, `nil` when absent or empty.
    private func raw(_ parameter: APIParameter) throws -> String? {
        assert(
            operation.query.contains(parameter),
            "\(operation.path) reads the undeclared parameter \(parameter.name): add it to its APIOperation"
        )
        let values = request.uri.queryParameters.getAll(parameter.name)
        if values.count > 1 {
            throw APIError.invalid(parameter.name, values.joined(separator: ", "), expected: Message("api.parameter.once").text(in: .en))
        }
        guard let value = values.first, !value.isEmpty else { return nil }
        return value
    }

    /// Free text or a code: checked, then trimmed (only spaces is the parameter left out).
    func string(_ parameter: APIParameter) throws -> String? {
        switch parameter.kind {
        case .text, .code: break
        case .integer, .boolean, .oneOf: preconditionFailure("\(parameter.name) is not text")
        }
        guard let raw = try raw(parameter) else { return nil }
        // Counted in Unicode scalars, as JSON Schema's maxLength counts.
        if raw.unicodeScalars.count > APIParameter.maximumTextLength
            || raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        {
            throw APIError.invalid(
                parameter.name,
                raw,
                expected: Message("api.parameter.text", ["maximum": .number(APIParameter.maximumTextLength)]).text(in: .en)
            )
        }
        let text = raw.trimmingSpaces
        return text.isEmpty ? nil : text
    }

    func int(_ parameter: APIParameter) throws -> Int? {
        guard case .integer(let range) = parameter.kind else { preconditionFailure("\(parameter.name) is not a whole number") }
        guard let text = try raw(parameter) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.invalid(parameter.name, text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func bool(_ parameter: APIParameter) throws -> Bool? {
        precondition(parameter.kind == .boolean, "\(parameter.name) is not true or false")
        guard let text = try raw(parameter) else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError.invalid(parameter.name, text, expected: "true or false")
        }
    }

    func value<T: RawRepresentable>(_ parameter: APIParameter, as type: T.Type) throws -> T? where T.RawValue == String {
        guard case .oneOf(let values) = parameter.kind else { preconditionFailure("\(parameter.name) is not a list of values") }
        guard let text = try raw(parameter) else { return nil }
        guard values.contains(text), let value = T(rawValue: text) else {
            throw APIError.invalid(parameter.name, text, expected: "one of " + values.joined(separator: ", "))
        }
        return value
    }

    func page() throws -> PageRequest {
        PageRequest(limit: try int(.limit), offset: try int(.offset))
    }

    /// A page of published values: larger pages than the other lists (`APIParameter.dataLimit`).
    func dataPage() throws -> PageRequest {
        PageRequest(
            limit: try int(.dataLimit),
            offset: try int(.offset),
            defaultLimit: PageRequest.defaultDataLimit,
            maximumLimit: PageRequest.maximumDataLimit
        )
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
        let page = try APIQuery(request, .indicatorData).dataPage()
        let key = CacheKey(request, parameters: APIOperation.indicatorData.parameterNames)
        if let hit = state.cache.peek(key) { return hit.response(for: request) }
        // From the database, not the in-memory summary: as current as the values read with it
        // (the in-memory one follows another node's publication a moment later).
        let repository = ObservationRepository(database: state.database)
        let published = try await repository.publishedSummary(indicator: code).indicator(code)
        let observations = try await repository.observations(
            indicator: code,
            perSeries: published.observationsPerSeries,
            page: page
        )
        return try json(request, key) {
            APIList(
                data: observations.map(APIObservation.init),
                meta: meta(total: published.observations, page: page, count: observations.count, key: key)
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
