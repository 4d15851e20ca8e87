import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// An institution's focal points: their history, the Secretariat's handovers, successors
/// proposed by the institution and confirmed or declined, role notes.
struct FocalPointsController: PortalFeature {
    let state: PortalState

    func register(_ secure: SecureRoutes) {
        let institution: SecureRoutes.ResourceOf = { _, context in .institution(context.parameters.get("institution") ?? "") }
        secure.get(SitePath.Pattern.focalPoints, .viewFocalPoints, resource: institution, use: focalPointsView)
        // Only the Secretariat names and hands over (Policy: hand-over-focal-point).
        secure.post(SitePath.Pattern.focalPointHandover, .handOverFocalPoint, resource: institution, use: handOver)
        // An institution's primary focal point proposes; nothing is granted until confirmed.
        secure.post(SitePath.Pattern.focalPointPropose, .proposeFocalPoint, resource: institution, use: proposeSuccessor)
        secure.post(SitePath.Pattern.focalPointProposal, .handOverFocalPoint, resource: institution, use: decideProposal)
        secure.post(SitePath.Pattern.focalPointNote, .writeRoleNote, resource: institution, use: addRoleNote)
    }

    /// The handover and proposal form, the chosen person looked up among the accounts.
    func focalPointForm(_ context: AppRequestContext) async throws -> Result<FocalPointForm, FormProblems> {
        let accounts = AccountRepository(database: database)
        return try await FocalPointForm.decode(context.form ?? FormData()) { try await accounts.account(id: $0) != nil }
    }

    func focalPointsPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let code = context.parameters.get("institution") ?? ""
        guard let institution = state.catalog.institution(code) else { throw PortalError.notFound(l) }
        let repository = FocalPointRepository(database: database)
        let users = try await AccountRepository(database: database).accounts()
        let names = Dictionary(users.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let tasks = try await repository.tasks(institution: code).map {
            (title: $0.title, assignee: $0.assignee.flatMap { names[$0] } ?? "—", dueOn: $0.dueOn)
        }
        let notes = try await repository.notes(institution: code).map {
            (author: $0.author, at: $0.writtenAt, role: $0.role, body: $0.body)
        }
        let terms = try await repository.terms(institution: code)
        var page = FocalPointsPage(
            language: l,
            session: context.pageSession(request, l, errors: errors),
            institution: institution,
            terms: terms,
            handovers: try await repository.handovers(institution: code),
            tasks: tasks,
            notes: notes,
            users: users.map { ($0.id, "\($0.name) <\($0.email)>") }
        )
        let actor = context.actor
        page.canHandOver = Policy.decide(actor, .handOverFocalPoint, .institution(code)).isAllowed
        page.canPropose =
            Policy.decide(actor, .proposeFocalPoint, .institution(code)).isAllowed
            && terms.contains { $0.userID == actor.userID && $0.position == .primary && $0.isHeld(on: today) }
        page.proposals = try await repository.proposals(institution: code)
        return Pages.response(page.render(), status: status)
    }
}

// MARK: - Handlers

extension FocalPointsController {
    @Sendable func focalPointsView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await focalPointsPage(request, context, l)
    }

    @Sendable func handOver(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let code = context.parameters.get("institution") ?? ""
        guard state.catalog.institution(code) != nil else { throw PortalError.notFound(l) }
        let decoded = try await focalPointForm(context)
        guard case .success(let form) = decoded else {
            return try await focalPointsPage(request, context, l, errors: decoded.problems(in: l), status: .badRequest)
        }
        do {
            try await FocalPointRepository(database: database).handOver(
                institution: code,
                role: form.role,
                position: form.position,
                to: form.user,
                on: form.date,
                reason: form.reason,
                change: context.change
            )
        } catch let error as AccountError {
            return try await focalPointsPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
        }
        await state.invalidate()
        return Pages.redirect(SitePath(language: l, page: .focalPoints(code)).path + "?ok=handover")
    }

    @Sendable func proposeSuccessor(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let code = context.parameters.get("institution") ?? ""
        guard state.catalog.institution(code) != nil else { throw PortalError.notFound(l) }
        let decoded = try await focalPointForm(context)
        guard case .success(let form) = decoded else {
            return try await focalPointsPage(request, context, l, errors: decoded.problems(in: l), status: .badRequest)
        }
        let repository = FocalPointRepository(database: database)
        let terms = try await repository.terms(institution: code)
        let rule = FocalPointProposalRule.decide(context.actor, institution: code, proposing: form.user, terms: terms, on: today)
        guard rule.isAllowed else {
            return try await focalPointsPage(request, context, l, errors: [rule.reason.text(in: l)], status: .forbidden)
        }
        do {
            try await propose(form, institution: code, repository: repository, change: context.change)
        } catch let error as AccountError {
            return try await focalPointsPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
        }
        return Pages.redirect(SitePath(language: l, page: .focalPoints(code)).path + "?ok=proposed")
    }

    @Sendable func decideProposal(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let code = context.parameters.get("institution") ?? ""
        guard state.catalog.institution(code) != nil else { throw PortalError.notFound(l) }
        let decoded = ProposalDecisionForm.decode(context.form ?? FormData())
        guard let id = context.parameters.get("proposal", as: Int64.self), case .success(let form) = decoded else {
            let errors = [ProposalDecisionForm.chooseDecision.text(in: l)]
            return try await focalPointsPage(request, context, l, errors: errors, status: .badRequest)
        }
        let repository = FocalPointRepository(database: database)
        guard try await repository.proposals(institution: code).contains(where: { $0.id == id }) else { throw PortalError.notFound(l) }
        do {
            try await decide(form.decision, proposal: id, repository: repository, change: context.change)
        } catch let error as AccountError {
            return try await focalPointsPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
        } catch let error as FocalPointError {
            return try await focalPointsPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
        }
        await state.invalidate()
        let done = form.decision == .confirm ? "handover" : "declined"
        return Pages.redirect(SitePath(language: l, page: .focalPoints(code)).path + "?ok=" + done)
    }

    @Sendable func addRoleNote(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let code = context.parameters.get("institution") ?? ""
        guard state.catalog.institution(code) != nil else { throw PortalError.notFound(l) }
        let decoded = RoleNoteForm.decode(context.form ?? FormData())
        guard case .success(let note) = decoded else {
            return try await focalPointsPage(request, context, l, errors: decoded.problems(in: l), status: .badRequest)
        }
        try await FocalPointRepository(database: database).addNote(
            institution: code,
            role: note.role,
            body: note.body,
            change: context.change
        )
        return Pages.redirect(SitePath(language: l, page: .focalPoints(code)).path + "?ok=note")
    }
}

// MARK: - Steps of the handlers

extension FocalPointsController {
    func propose(_ form: FocalPointForm, institution: String, repository: FocalPointRepository, change: ChangeContext) async throws {
        try await repository.propose(
            institution: institution,
            role: form.role,
            position: form.position,
            userID: form.user,
            effectiveOn: form.date,
            reason: form.reason,
            change: change
        )
    }
    func decide(
        _ decision: ProposalDecisionForm.Decision,
        proposal id: Int64,
        repository: FocalPointRepository,
        change: ChangeContext
    ) async throws {
        switch decision {
        case .confirm: try await repository.confirm(proposal: id, change: change)
        case .decline: try await repository.decline(proposal: id, change: change)
        }
    }
}
