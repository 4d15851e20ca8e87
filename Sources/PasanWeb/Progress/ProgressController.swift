import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// The national progress snapshot, the reporting status and the data-availability matrix.
struct ProgressController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SitePath.Pattern.progress), use: progressSnapshot)
        router.get(RouterPath(SitePath.Pattern.reportingStatus), use: reportingStatusPage)
        router.get(RouterPath(SitePath.Pattern.dataAvailability), use: dataAvailabilityPage)
    }

    /// Reported (published data), in progress (an owner is assigned or a cycle asks for it), or no data.
    func reportingStatus() async throws -> ReportingStatus {
        let owners = try await AssignmentRepository(database: state.database).currentOwners(on: today)
        let inCycles = Set(try await CycleRepository(database: state.database).all().filter { $0.status == .open }.flatMap(\.indicators))
        return ReportingStatus(
            indicators: state.catalog.indicators,
            withData: state.indicatorsWithData,
            inProgress: Set(owners.keys).union(inCycles),
            owners: owners
        )
    }
}

// MARK: - Handlers

extension ProgressController {
    @Sendable func progressSnapshot(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let catalog = state.catalog
        let escap = ESCAPProgress.snapshot(state.allProgress) { code in
            catalog.indicator(code).map { (goal: $0.goal, target: $0.target) }
        }
        let rows = catalog.goals.map { goal in
            ProgressSnapshotPage.Row(
                goal: goal,
                result: state.progress(.goal, String(goal.number)),
                currentStatus: escap.currentStatusByGoal[goal.number],
                targets: catalog.targets(ofGoal: goal.number).compactMap { t in
                    state.progress(.target, t.code).map { (code: t.code, status: $0.status, outlook: escap.outlookByTarget[t.code]) }
                }
            )
        }
        return html(request) { ProgressSnapshotPage(language: l, rows: rows).render() }
    }

    @Sendable func reportingStatusPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
        let status = try await reportingStatus()
        let goals = Dictionary(state.catalog.goals.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        return html(request) { ReportingStatusPage(language: l, status: status, goals: goals).render() }
    }

    @Sendable func dataAvailabilityPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
        let coverage = state.published.coverage
        let allYears = coverage.values.flatMap(\.years)
        let years = Array((min(2015, allYears.min() ?? 2015))...max(2025, allYears.max() ?? 2025))
        let indicators = state.catalog.indicators.filter { !$0.isRetired }
        return html(request) { DataAvailabilityPage(language: l, indicators: indicators, coverage: coverage, years: years).render() }
    }
}
