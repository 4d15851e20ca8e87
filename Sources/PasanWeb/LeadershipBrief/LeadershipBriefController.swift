import Hummingbird
import PasanDomain
import PasanMessages
import PasanStorage
import PasanViews

/// The leadership brief (issue 17, item 4): made from the database when asked for, never cached
/// or stored, so it is never stale.
struct LeadershipBriefController: PortalFeature {
    let state: PortalState

    func register(_ secure: SecureRoutes) {
        secure.get(SitePath.Pattern.leadershipBrief, .viewLeadershipBrief, use: briefView)
    }

    func brief(_ l: Language) async throws -> LeadershipBrief {
        let catalog = state.catalog
        let withData = state.indicatorsWithData
        let goals = catalog.goals.map { goal in
            let indicators = catalog.indicators(ofGoal: goal.number).filter { !$0.isRetired }
            return LeadershipBrief.GoalLine(
                goal: goal.number,
                title: goal.shortTitle,
                status: state.progress(.goal, String(goal.number))?.status,
                indicators: indicators.count,
                withData: indicators.filter { withData.contains($0.code) }.count
            )
        }
        var openCycles: [(title: String, duties: [StepDuty])] = []
        var conflicts = 0
        let submissions = SubmissionRepository(database: database)
        for cycle in try await CycleRepository(database: database).all() where cycle.status == .open {
            let dashboard = try await dashboard(cycle)
            let duties = (dashboard.rows + dashboard.reporterRows + dashboard.statisticsRows).flatMap(\.duties)
            openCycles.append((cycle.name.text(in: l), duties))
            if let id = cycle.id { conflicts += try await submissions.openConflicts(cycleID: id).count }
        }
        let overlaps = try await OverlapRepository(database: database).overlaps(
            filter: OverlapFilter(state: .open),
            page: PageRequest(limit: 1, offset: 0)
        ).total
        return LeadershipBrief(asOf: today, goals: goals, openCycles: openCycles, openOverlaps: overlaps, valueConflicts: conflicts)
    }
}

// MARK: - Handlers

extension LeadershipBriefController {
    @Sendable func briefView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        Pages.response(LeadershipBriefPage(language: l, brief: try await brief(l)).render())
    }
}
