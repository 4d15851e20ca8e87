import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// The submission page and what decides it: the submission a request names, who sees which
/// part of it.
extension SubmissionsController {
    /// What the policy needs to know of the submission a request names (owner, reporter, state,
    /// whether areas are asked for); an unknown cycle or indicator gives a scope only the owner
    /// passes, and the handler answers 404.
    func submissionScope(_ context: AppRequestContext) async throws -> SubmissionScope {
        let owner = (context.parameters.get("institution") ?? "").uppercased()
        let indicator = context.parameters.get("indicator") ?? ""
        guard let cycleID = context.parameters.get("cycle", as: Int64.self), state.catalog.indicator(indicator) != nil else {
            return SubmissionScope(owner: owner, reporter: nil, state: nil, asksForAreas: false)
        }
        let assignments = try await AssignmentRepository(database: database).all()
            .filter { $0.indicator == indicator && $0.owners.contains(owner) && $0.isCurrent(on: today) }
        let latest = try await SubmissionRepository(database: database).latest(cycleID: cycleID, institution: owner, indicator: indicator)
        return SubmissionScope(
            owner: owner,
            reporter: assignments.first?.reporter,
            state: latest?.state,
            asksForAreas: assignments.contains { ($0.geographicLevel ?? .country) != .country }
        )
    }

    /// The area a subnational focal point sees of an owner's submission (`nil`: all of it).
    func areaScope(of actor: Actor, owner: String) -> String? {
        if Policy.decide(actor, .submitData, .institution(owner)).isAllowed { return nil }
        if actor.has(.secretariatOfficer) || actor.has(.statisticsReviewer) || actor.has(.reporterFocalPoint) { return nil }
        return actor.grants.first { $0.role == .subnationalFocalPoint }?.area
    }

    func submissionContext(_ context: AppRequestContext, _ l: Language) async throws -> (ReportingCycle, String, Indicator) {
        guard let id = context.parameters.get("cycle", as: Int64.self),
            let cycle = try await CycleRepository(database: database).cycle(id: id), cycle.status != .draft,
            let indicator = state.catalog.indicator(context.parameters.get("indicator") ?? ""),
            let institution = state.catalog.institution((context.parameters.get("institution") ?? "").uppercased())
        else { throw PortalError.notFound(l) }
        return (cycle, institution.code, indicator)
    }

    func submissionPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        problems: [TidyIssue] = [],
        warnings: [TidyIssue] = [],
        typed: [String: String] = [:],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (cycle, code, indicator) = try await submissionContext(context, l)
        let repository = SubmissionRepository(database: database)
        let submission = try await repository.latest(cycleID: cycle.id!, institution: code, indicator: indicator.code)
        let visibleArea = areaScope(of: context.actor, owner: code)
        let values = (try await submission.asyncMap { try await repository.values(submissionID: $0.id) } ?? [])
            .filter { v in visibleArea.map { v.key.area.hasPrefix($0) } ?? true }
        var previous: [CellKey: Double] = [:]
        for o in try await ObservationRepository(database: database).observations(indicator: indicator.code) {
            previous[CellKey(indicator: o.indicator, series: o.series, area: o.area, period: o.period, dimensions: o.dimensionKey)] =
                o.value
        }
        let assignments = try await AssignmentRepository(database: database).all().filter {
            $0.indicator == indicator.code && $0.owners.contains(code)
        }
        let actor = context.actor
        let owner = Policy.decide(actor, .submitData, .institution(code)).isAllowed
        let areaScope: String? = owner ? nil : actor.grants.first { $0.role == .subnationalFocalPoint }?.area
        let rows = DataEntryGrid.rows(
            assignments: assignments.map { ($0, seriesOf($0).map(\.code)) },
            areaLevels: state.areas,
            areaScope: areaScope,
            existing: values.map(\.key)
        ).map { row in
            let areaName = row.area == Area.countryCode ? "" : " · " + (state.catalog.area(row.area)?.name.text(in: l) ?? row.area)
            return SubmissionPage.GridRow(
                series: row.series,
                area: row.area,
                dimensions: row.dimensions,
                label: "\(row.series)\(areaName)" + (row.dimensions.isEmpty ? "" : " · \(row.dimensions)")
            )
        }
        let reporter = try await reporterOf(indicator: indicator.code, owner: code)
        let currentState = submission?.state ?? .draft
        let transitions = try await submission.asyncMap { try await repository.transitions(submissionID: $0.id) } ?? []
        let earlier = transitions.compactMap { TakenStep(actorID: $0.actorID, from: $0.from, to: $0.to) }
        let steps =
            submission == nil
            ? []
            : SubmissionWorkflow.steps(
                for: actor,
                from: currentState,
                officialStatistics: true,
                owner: code,
                reporter: reporter,
                earlier: earlier
            )
        let contributor = areaScope.map { Policy.decide(actor, .submitAreaData, .area($0)).isAllowed } ?? false
        let canEdit = (owner || contributor) && currentState.isEditable && cycle.acceptsSubmissions(from: code, on: today)
        let changes = try await repository.changes(cycleID: cycle.id!, indicator: indicator.code)
            .filter { change in visibleArea.map { change.key.area.hasPrefix($0) } ?? true }
        let comments = try await submission.asyncMap { try await repository.comments(submissionID: $0.id) } ?? []
        var page = SubmissionPage(
            language: l,
            session: context.pageSession(request, l, errors: errors),
            cycle: cycle,
            institution: code,
            indicator: indicator,
            state: submission?.state,
            revision: submission?.revision ?? 1,
            version: submission?.version ?? 0,
            canEdit: canEdit,
            steps: steps,
            rows: rows,
            values: Dictionary(values.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }),
            previous: previous,
            problems: problems,
            warnings: warnings,
            typed: typed,
            transitions: transitions.map { (from: $0.from, to: $0.to, actor: $0.actor, at: $0.at, comment: $0.comment) },
            canCorrect: owner && currentState.isLocked
        )
        page.areaScope = areaScope
        page.changes = changes.map { (cell: $0.key.description, old: $0.old, new: $0.new, actor: $0.actor, at: $0.at, reason: $0.reason) }
        page.comments = comments
        return Pages.response(page.render(), status: status)
    }
}
