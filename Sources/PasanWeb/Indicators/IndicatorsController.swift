import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// An indicator's page (chart, table, map, progress, owners) and its published values as tidy
/// CSV.
struct IndicatorsController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SitePath.Pattern.indicator), use: indicatorPage)
        router.get(RouterPath(SitePath.Pattern.indicatorData), use: indicatorCSV)
    }
}

// MARK: - Handlers

extension IndicatorsController {
    @Sendable func indicatorPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let catalog = state.catalog
        guard let code = context.parameters.get("code"), let indicator = catalog.indicator(code),
            let goal = catalog.goal(indicator.goal)
        else {
            throw PortalError.notFound(l)
        }
        let key = CacheKey(request, parameters: ["series", "breakdown"])
        if let hit = state.cache.peek(key) { return hit.response(for: request) }
        // Only the selected series' values are read: an indicator may hold thousands.
        let repository = ObservationRepository(database: state.database)
        let summary = try await repository.summary(indicator: code)
        let query = request.uri.queryParameters
        let progress = state.progress(.indicator, code)
        let selected = IndicatorPage.selectedSeries(requested: query.get("series"), available: summary.series, progress: progress)
        let observations = try await selected.asyncMap { try await repository.observations(indicator: code, series: $0) } ?? []
        let assignments = try await AssignmentRepository(database: state.database).assignments(indicator: code).filter {
            $0.isCurrent(on: today)
        }
        func named(_ codes: [String]) -> [(code: String, name: LocalizedText)] {
            Array(Set(codes)).sorted().compactMap { c in catalog.institution(c).map { (c, $0.name) } }
        }
        var map: AreaMap?, districtMap: AreaMap?
        if summary.provincial {
            let boundaries = try await AreaRepository(database: state.database).boundaries(level: .province)
            map = AreaMap(
                boundaries: boundaries,
                name: { catalog.area($0)?.name.text(in: l) ?? $0 },
                href: { SitePath.place(l, $0).path }
            )
        }
        if summary.district {
            let boundaries = try await AreaRepository(database: state.database).boundaries(level: .district)
            districtMap = AreaMap(
                boundaries: boundaries,
                name: { catalog.area($0)?.name.text(in: l) ?? $0 },
                href: { SitePath.place(l, $0).path },
                width: 360
            )
        }
        return html(key, request) {
            var page = IndicatorPage(
                catalog: catalog,
                indicator: indicator,
                goal: goal,
                observations: observations,
                language: l,
                series: query.get("series"),
                breakdown: query.get("breakdown"),
                progress: progress,
                seriesWithData: summary.series
            )
            page.owners = named(assignments.flatMap(\.owners))
            page.reporters = named(assignments.compactMap(\.reporter))
            page.provinceMap = map
            page.districtMap = districtMap
            page.assignments = assignments
            return page.render()
        }

    }

    @Sendable func indicatorCSV(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        guard let code = context.parameters.get("code"), state.catalog.indicator(code) != nil else { throw PortalError.notFound(l) }
        var observations = try await ObservationRepository(database: state.database).observations(indicator: code)
        let query = request.uri.queryParameters
        if let series = query.get("series"), !series.isEmpty { observations = observations.filter { $0.series == series } }
        if let breakdown = query.get("breakdown"), !breakdown.isEmpty {
            observations = observations.filter {
                $0.dimensions.isEmpty || ($0.dimensions.count == 1 && $0.dimensions[breakdown] != nil)
            }
        } else if query.get("series") != nil {
            observations = observations.filter { $0.dimensions.isEmpty }
        }
        return Pages.csv(TidyCSV.write(observations), filename: "indicator_\(code.replacingOccurrences(of: ".", with: "-")).csv")

    }
}
