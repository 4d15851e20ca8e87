import Hummingbird
import PasanDomain
import PasanStorage
import PasanViews

/// SDG costing (issue 17, item 6): the activity registry's budgets by SDG goal and target per
/// year, public, made on each request from the registry.
struct CostingController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SitePath.Pattern.costing), use: costingView)
    }
}

// MARK: - Handlers

extension CostingController {
    @Sendable func costingView(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let costing = SDGCosting(activities: try await ActivityRepository(database: database).all())
        let titles = Dictionary(state.catalog.goals.map { ($0.number, $0.shortTitle) }, uniquingKeysWith: { a, _ in a })
        return Pages.response(SDGCostingPage(language: l, costing: costing, goalTitles: titles).render())
    }
}
