import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// An indicator's page (chart, table, map, progress, owners) and its published values as tidy
/// CSV or XLSX.
struct IndicatorsController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SitePath.Pattern.indicator), use: indicatorPage)
        router.get(RouterPath(SitePath.Pattern.indicatorData), use: indicatorData)
        router.get(RouterPath(SitePath.Pattern.indicatorDataWorkbook), use: indicatorData)
    }

    /// The query step of an indicator's page: only what the page shows of the selected series is
    /// read — its national values (the chart and the table), and the latest totals of the
    /// provinces and the districts (the maps); a series may hold every village's values, and
    /// every district's for every year and breakdown — owners and reporters in office, and the
    /// maps the data needs.
    func indicatorPageModel(_ indicator: Indicator, series: String?, breakdown: String?, _ l: Language) async throws -> IndicatorPage {
        let catalog = state.catalog
        guard let goal = catalog.goal(indicator.goal) else { throw PortalError.notFound(l) }
        let code = indicator.code
        let repository = ObservationRepository(database: state.database)
        // From the database, as current as the values read below (see `publishedSummary`).
        let summary = try await repository.publishedSummary(indicator: code).indicator(code)
        let progress = state.progress(.indicator, code)
        let selected = IndicatorPage.selectedSeries(requested: series, available: summary.series, progress: progress)
        var observations: [Observation] = []
        if let selected {
            observations = try await repository.observations(indicator: code, series: selected, levels: [.country])
            for (level, held) in [(AreaLevel.province, summary.provincial), (.district, summary.district)] where held {
                observations += try await repository.latestTotals(indicator: code, series: selected, level: level)
            }
        }
        let assignments = try await AssignmentRepository(database: state.database).assignments(indicator: code).filter {
            $0.isCurrent(on: today)
        }
        func named(_ codes: [String]) -> [(code: String, name: LocalizedText)] {
            Array(Set(codes)).sorted().compactMap { c in catalog.institution(c).map { (c, $0.name) } }
        }
        func map(_ level: AreaLevel, width: Double = 420) async throws -> AreaMap {
            try await state.maps.map(level, width: width, state: state, l)
        }
        var page = IndicatorPage(
            catalog: catalog,
            indicator: indicator,
            goal: goal,
            observations: observations,
            language: l,
            series: series,
            breakdown: breakdown,
            progress: progress,
            seriesWithData: summary.series
        )
        page.owners = named(assignments.flatMap(\.owners))
        page.reporters = named(assignments.compactMap(\.reporter))
        page.provinceMap = summary.provincial ? try await map(.province) : nil
        page.districtMap = summary.district ? try await map(.district, width: 360) : nil
        page.assignments = assignments
        page.documentedMetadata = try await IndicatorMetadataRepository(database: state.database).fields(indicator: code)
        return page
    }
}

// MARK: - Handlers

extension IndicatorsController {
    @Sendable func indicatorPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        guard let code = context.parameters.get("code"), let indicator = state.catalog.indicator(code) else {
            throw PortalError.notFound(l)
        }
        let key = CacheKey(request, parameters: ["series", "breakdown"])
        if let hit = state.cache.peek(key) { return hit.response(for: request) }
        let page = try await indicatorPageModel(
            indicator,
            series: request.uri.queryParameters.get("series"),
            breakdown: request.uri.queryParameters.get("breakdown"),
            l
        )
        return html(key, request) { page.render() }
    }

    /// The published values of an indicator (or of the selected series and breakdown) as tidy
    /// CSV or XLSX, by the address's extension.
    @Sendable func indicatorData(_ request: Request, _ context: AppRequestContext) async throws -> Response {
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
        let table = TableDownload.publishedValues(
            observations,
            filename: "indicator_\(code.replacingOccurrences(of: ".", with: "-"))",
            sheet: code,
            title: "Pasan — \(code)"
        )
        return try Pages.download(table, for: request)
    }
}
