import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// The public portal in Lao and English: home, goals, search, institutions, data sources,
/// methodology, and the downloads (page and the zip of all published data). Places are
/// `PlacesController`'s.
struct PortalController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>) {
        router.get("/", use: rootRedirect)
        router.get(RouterPath(SitePath.Pattern.home), use: homePage)
        router.get(RouterPath(SitePath.Pattern.goal), use: goalPage)
        router.get(RouterPath(SitePath.Pattern.methodology), use: methodologyPage)
        router.get(RouterPath(SitePath.Pattern.search), use: searchPage)
        router.get(RouterPath(SitePath.Pattern.institutions), use: institutionsPage)
        router.get(RouterPath(SitePath.Pattern.dataSources), use: dataSourcesPage)
        router.get(RouterPath(SitePath.Pattern.downloads), use: downloadsPage)
        router.get("/downloads/pasan-data.zip", use: dataZip)
        OpenSDGExportController(state: state).register(on: router)
    }
}

// MARK: - Handlers

extension PortalController {
    @Sendable func rootRedirect(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        Response(status: .found, headers: [.location: SitePath.home(state.defaultLanguage).path])
    }

    @Sendable func homePage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        return html(request) { HomePage(catalog: state.catalog, language: l).render() }
    }

    @Sendable func goalPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        guard let number = context.parameters.get("number", as: Int.self), let goal = state.catalog.goal(number) else {
            throw PortalError.notFound(l)
        }
        let statuses = Dictionary(
            state.allProgress.filter { $0.level != .goal }.map { ("\($0.level.rawValue)|\($0.code)", $0.status) },
            uniquingKeysWith: { a, _ in a }
        )
        return html(request) { GoalPage(catalog: state.catalog, goal: goal, language: l, statuses: statuses).render() }
    }

    @Sendable func methodologyPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        return html(request) { MethodologyPage(language: l).render() }
    }

    @Sendable func searchPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let query = (request.uri.queryParameters.get("q") ?? "").replacingOccurrences(of: "+", with: " ").trimmingSpaces
        return html(CacheKey(request, parameters: ["q"]), request) {
            SearchPage(language: l, query: query, hits: state.catalog.search.search(query)).render()
        }
    }

    @Sendable func institutionsPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        return html(request) {
            InstitutionsPage(language: l, institutions: state.catalog.institutions, successions: state.catalog.successions).render()
        }
    }

    @Sendable func dataSourcesPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        return html(request) { DataSourcesPage(language: l, attributions: state.catalog.attributions).render() }
    }

    @Sendable func downloadsPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let catalog = state.catalog, withData = state.indicatorsWithData
        return html(request) {
            DownloadsPage(language: l, indicators: catalog.indicators.filter { withData.contains($0.code) }).render()
        }
    }

    @Sendable func dataZip(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        // All published data as tidy CSV, one file per indicator (Open SDG layout), plus a README.
        let observations = try await ObservationRepository(database: state.database).all()
        let zip = try ZipArchive(modified: state.database.clock.now())
        for (code, rows) in Dictionary(grouping: observations, by: \.indicator).sorted(by: {
            FrameworkCode.areInIncreasingOrder($0.key, $1.key)
        }) {
            let name = "indicator_\(code.replacingOccurrences(of: ".", with: "-"))"
            // The same table as the indicator's own download (values exact, not rounded for display).
            let table = TableDownload.publishedValues(rows, filename: name, sheet: code)
            try zip.add("data/\(name).csv", Data(table.csv.utf8))
        }
        try zip.add(
            "README.txt",
            Data(
                """
                Pasan — published SDG data of Lao PDR, as tidy CSV (Open SDG conventions: Year first, Value last, blank breakdown = total).
                GeoCode: Lao Statistics Bureau area codes (blank = national). OBS_STATUS: SDMX observation status.
                Demo values are illustrative where the source says so.
                """.utf8
            )
        )
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/zip", .contentDisposition: "attachment; filename=\"pasan-data.zip\"",
                .cacheControl: "no-cache",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: zip.finished()))
        )
    }
}
