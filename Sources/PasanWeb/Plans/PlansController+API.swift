import Foundation
import Hummingbird
import PasanDomain
import PasanStorage

/// `/api/v1/plans`, `/api/v1/plans/{code}`, `/api/v1/plans/{code}/indicators`.
extension PlansController {
    func registerAPI(on router: Router<AppRequestContext>) {
        router.get(RouterPath(APIOperation.plans.path), use: apiPlans)
        router.get(RouterPath(APIOperation.plan.path), use: apiPlan)
        router.get(RouterPath(APIOperation.planIndicators.path), use: apiPlanIndicators)
    }

    @Sendable func apiPlans(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
        let catalog = state.catalog
        let plans = catalog.plans.compactMap { catalog.planDocument($0.code) }.map(APIPlan.init)
        return try apiJSON(request) {
            APIList(data: plans, meta: .init(total: plans.count, limit: plans.count, offset: 0, next: nil))
        }
    }

    @Sendable func apiPlan(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let code = try apiPlanCode(context)
        if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
        guard let data = try await PlanData.load(code, state: state) else { throw Self.apiNotFound(code) }
        let results = data.document.results.map { APIPlanResult(result: $0, progress: data.resultProgress[$0.code]) }
        return try apiJSON(request) { APIItem(data: APIPlanDetail(summary: APIPlan(data.document), results: results)) }
    }

    @Sendable func apiPlanIndicators(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let code = try apiPlanCode(context)
        if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
        guard let data = try await PlanData.load(code, state: state) else { throw Self.apiNotFound(code) }
        let items = data.indicators.map { indicator in
            APIPlanIndicator(
                indicator: indicator,
                links: data.links(of: indicator.code),
                values: data.values[indicator.code] ?? [],
                progress: data.progress[indicator.code]
            )
        }
        return try apiJSON(request) {
            APIList(data: items, meta: .init(total: items.count, limit: items.count, offset: 0, next: nil))
        }
    }

    func apiPlanCode(_ context: AppRequestContext) throws -> String {
        let code = context.parameters.get("code") ?? ""
        guard state.catalog.plans.contains(where: { $0.code == code }) else { throw Self.apiNotFound(code) }
        return code
    }

    static func apiNotFound(_ code: String) -> APIError {
        APIError(
            status: .notFound,
            code: "not_found",
            message: "No plan has the code \"\(code)\". Codes look like nsedp9; GET /api/v1/plans lists them."
        )
    }

    func apiJSON<T: Encodable & Sendable>(_ request: Request, _ make: () throws -> T) throws -> Response {
        try state.cache.entry(CacheKey(request)) {
            let data = try APIController.encoder.encode(try make())
            return (.ok, "application/json; charset=utf-8", String(decoding: data, as: UTF8.self))
        }.response(for: request)
    }
}
