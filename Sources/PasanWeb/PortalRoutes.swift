import Hummingbird
import PasanDomain
import PasanStorage
import PasanViews

/// The public, server-rendered portal in Lao and English.
struct PortalRoutes: Sendable {
    let state: PortalState

    func register(on router: Router<AppRequestContext>) {
        router.get("/") { _, _ in
            Response(status: .found, headers: [.location: SitePath.home(state.defaultLanguage).path])
        }
        router.get(RouterPath(SitePath.Pattern.home)) { request, context in
            let l = try language(context)
            return html(request) { HomePage(catalog: state.catalog, language: l).render() }
        }
        router.get(RouterPath(SitePath.Pattern.goal)) { request, context in
            let l = try language(context)
            guard let number = context.parameters.get("number", as: Int.self), let goal = state.catalog.goal(number) else {
                throw PortalError.notFound(l)
            }
            return html(request) { GoalPage(catalog: state.catalog, goal: goal, language: l).render() }
        }
        router.get(RouterPath(SitePath.Pattern.indicator)) { request, context in
            let l = try language(context)
            let catalog = state.catalog
            guard let code = context.parameters.get("code"), let indicator = catalog.indicator(code), let goal = catalog.goal(indicator.goal) else {
                throw PortalError.notFound(l)
            }
            if let hit = state.cache.peek(request.uri.description) { return hit.response(for: request) }
            let observations = try await ObservationRepository(database: state.database).observations(indicator: code)
            let query = request.uri.queryParameters
            return html(request) {
                IndicatorPage(catalog: catalog, indicator: indicator, goal: goal, observations: observations, language: l,
                              series: query.get("series"), breakdown: query.get("breakdown"), progress: state.progress(.indicator, code)).render()
            }
        }
        router.get(RouterPath(SitePath.Pattern.indicatorData)) { request, context in
            let l = try language(context)
            guard let code = context.parameters.get("code"), state.catalog.indicator(code) != nil else { throw PortalError.notFound(l) }
            var observations = try await ObservationRepository(database: state.database).observations(indicator: code)
            let query = request.uri.queryParameters
            if let series = query.get("series"), !series.isEmpty { observations = observations.filter { $0.series == series } }
            if let breakdown = query.get("breakdown"), !breakdown.isEmpty {
                observations = observations.filter { $0.dimensions.isEmpty || ($0.dimensions.count == 1 && $0.dimensions[breakdown] != nil) }
            } else if query.get("series") != nil {
                observations = observations.filter { $0.dimensions.isEmpty }
            }
            let dims = Array(Set(observations.flatMap { $0.dimensions.keys })).sorted()
            let header = ["Year", "SERIES", "UNIT_MEASURE"] + dims + ["OBS_STATUS", "SOURCE_DETAIL", "GeoCode", "Value"]
            let rows = observations.map { o in
                [o.period, o.series, o.unit] + dims.map { o.dimensions[$0] ?? "" } + [o.status ?? "", o.source ?? "", o.area == Area.countryCode ? "" : o.area,
                                                                                    Fragments.formatNumber(o.value)]
            }
            return Pages.csv(CSVWriter.write(header: header, rows: rows), filename: "indicator_\(code.replacingOccurrences(of: ".", with: "-")).csv")
        }
        router.get(RouterPath(SitePath.Pattern.methodology)) { request, context in
            let l = try language(context)
            return html(request) { MethodologyPage(language: l).render() }
        }
        router.get(RouterPath(SitePath.Pattern.places)) { request, context in
            let l = try language(context)
            if let hit = state.cache.peek(request.uri.description) { return hit.response(for: request) }
            let catalog = state.catalog
            let areas = AreaRepository(database: state.database)
            let villages = try await areas.childCounts(level: .village, groupedBy: 2)
            let boundaries = try await areas.boundaries(level: .province)
            let map = AreaMap(boundaries: boundaries, name: { catalog.area($0)?.name.text(in: l) ?? $0 }, href: { SitePath.place(l, $0).path })
            let districts = Dictionary(grouping: catalog.districts) { $0.parentCode ?? "" }.mapValues(\.count)
            return html(request) {
                PlacesPage(language: l, provinces: catalog.provinces, childCounts: districts, villageCounts: villages, map: map).render()
            }
        }
        router.get(RouterPath(SitePath.Pattern.place)) { request, context in
            let l = try language(context)
            guard let code = context.parameters.get("code") else { throw PortalError.notFound(l) }
            if let hit = state.cache.peek(request.uri.description) { return hit.response(for: request) }
            let areas = AreaRepository(database: state.database)
            guard let area = try await areas.area(code: code) else { throw PortalError.notFound(l) }
            let parent = try await area.parentCode.asyncMap { try await areas.area(code: $0) }
            let children = try await areas.areas(level: area.level.child, parent: area.code, page: PageRequest(limit: PageRequest.maximumLimit, offset: 0))
            var map: AreaMap?
            if area.level == .province {
                let catalog = state.catalog
                let boundaries = try await areas.boundaries(level: .district).filter { $0.areaCode.hasPrefix(area.code) }
                map = AreaMap(boundaries: boundaries, name: { catalog.area($0)?.name.text(in: l) ?? $0 }, href: { SitePath.place(l, $0).path })
            }
            return html(request) { PlacePage(language: l, area: area, parent: parent, children: children, map: map).render() }
        }
        router.get(RouterPath(SitePath.Pattern.search)) { request, context in
            let l = try language(context)
            let query = (request.uri.queryParameters.get("q") ?? "").replacingOccurrences(of: "+", with: " ").trimmingSpaces
            return html(request) { SearchPage(language: l, query: query, hits: state.catalog.search.search(query)).render() }
        }
        router.get(RouterPath(SitePath.Pattern.institutions)) { request, context in
            let l = try language(context)
            return html(request) { InstitutionsPage(language: l, institutions: state.catalog.institutions, successions: state.catalog.successions).render() }
        }
        router.get(RouterPath(SitePath.Pattern.dataSources)) { request, context in
            let l = try language(context)
            return html(request) { DataSourcesPage(language: l, attributions: state.catalog.attributions).render() }
        }
    }

    private func language(_ context: AppRequestContext) throws -> Language {
        guard let code = context.parameters.get("lang"), let l = Language(rawValue: code) else {
            throw PortalError.notFound(state.defaultLanguage)
        }
        return l
    }

    private func html(_ request: Request, render: () -> String) -> Response {
        state.cache.entry(request.uri.description) { (.ok, "text/html; charset=utf-8", render()) }.response(for: request)
    }
}

/// Errors of the HTML portal, rendered as pages in the user's language.
enum PortalError: HTTPResponseError {
    case notFound(Language)

    var status: HTTPResponse.Status { .notFound }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        switch self {
        case .notFound(let l):
            let body = NotFoundPage(language: l).render()
            return Response(status: .notFound, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

