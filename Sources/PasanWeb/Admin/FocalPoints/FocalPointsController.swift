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

    func focalPointForm(_ context: AppRequestContext, _ l: Language) async throws -> (FocalPointForm?, [String]) {
        let form = context.form ?? FormData()
        var errors: [String] = []
        let role = form.value("role").flatMap(FocalPointRole.init(rawValue:))
        let position = form.value("position").flatMap(FocalPointPosition.init(rawValue:))
        let user = form.value("user").flatMap(Int64.init)
        let date = form.value("date").flatMap(LocalDate.init(iso:))
        let reason = form.value("reason")
        if role == nil { errors.append(l == .lo ? "ເລືອກບົດບາດ (owner ຫຼື reporter)." : "Choose a role (owner or reporter).") }
        if position == nil { errors.append(l == .lo ? "ເລືອກຕຳແໜ່ງ (primary ຫຼື alternate)." : "Choose a position (primary or alternate).") }
        if user == nil { errors.append(l == .lo ? "ເລືອກຜູ້ຮັບ." : "Choose the new holder.") }
        if date == nil { errors.append(l == .lo ? "ວັນທີ ເປັນ YYYY-MM-DD." : "Give the date as YYYY-MM-DD.") }
        if reason == nil { errors.append(l == .lo ? "ບອກເຫດຜົນ." : "Give the reason.") }
        if let user, try await AccountRepository(database: database).account(id: user) == nil {
            errors.append(l == .lo ? "ບໍ່ມີບັນຊີນີ້." : "No such account.")
        }
        guard errors.isEmpty, let role, let position, let user, let date, let reason else { return (nil, errors) }
        return (FocalPointForm(role: role, position: position, user: user, date: date, reason: reason), [])
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

    /// The handover and proposal form: role, position, person, date and reason.
    struct FocalPointForm {
        var role: FocalPointRole
        var position: FocalPointPosition
        var user: Int64
        var date: LocalDate
        var reason: String
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
        let (form, errors) = try await focalPointForm(context, l)
        guard let form else { return try await focalPointsPage(request, context, l, errors: errors, status: .badRequest) }
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
        state.invalidate()
        return Pages.redirect(SitePath(language: l, page: .focalPoints(code)).path + "?ok=handover")

    }

    @Sendable func proposeSuccessor(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let code = context.parameters.get("institution") ?? ""
        guard state.catalog.institution(code) != nil else { throw PortalError.notFound(l) }
        let (form, errors) = try await focalPointForm(context, l)
        guard let form else { return try await focalPointsPage(request, context, l, errors: errors, status: .badRequest) }
        let repository = FocalPointRepository(database: database)
        let rule = FocalPointProposalRule.decide(
            context.actor,
            institution: code,
            proposing: form.user,
            terms: try await repository.terms(institution: code),
            on: today
        )
        guard rule.isAllowed else {
            return try await focalPointsPage(request, context, l, errors: [rule.reason.text(in: l)], status: .forbidden)
        }
        do {
            try await repository.propose(
                institution: code,
                role: form.role,
                position: form.position,
                userID: form.user,
                effectiveOn: form.date,
                reason: form.reason,
                change: context.change
            )
        } catch let error as AccountError {
            return try await focalPointsPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
        }
        return Pages.redirect(SitePath(language: l, page: .focalPoints(code)).path + "?ok=proposed")

    }

    @Sendable func decideProposal(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let code = context.parameters.get("institution") ?? ""
        guard state.catalog.institution(code) != nil else { throw PortalError.notFound(l) }
        guard let id = context.parameters.get("proposal", as: Int64.self),
            let decision = context.form?.value("decision"), decision == "confirm" || decision == "decline"
        else {
            return try await focalPointsPage(
                request,
                context,
                l,
                errors: [l == .lo ? "ເລືອກ ຢືນຢັນ ຫຼື ປະຕິເສດ." : "Choose confirm or decline."],
                status: .badRequest
            )
        }
        let repository = FocalPointRepository(database: database)
        guard try await repository.proposals(institution: code).contains(where: { $0.id == id }) else { throw PortalError.notFound(l) }
        do {
            if decision == "confirm" {
                try await repository.confirm(proposal: id, change: context.change)
            } else {
                try await repository.decline(proposal: id, change: context.change)
            }
        } catch let error as AccountError {
            return try await focalPointsPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
        } catch let error as FocalPointError {
            return try await focalPointsPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
        }
        state.invalidate()
        return Pages.redirect(
            SitePath(language: l, page: .focalPoints(code)).path + "?ok=" + (decision == "confirm" ? "handover" : "declined")
        )

    }

    @Sendable func addRoleNote(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let code = context.parameters.get("institution") ?? ""
        guard state.catalog.institution(code) != nil else { throw PortalError.notFound(l) }
        guard let role = context.form?.value("role").flatMap(FocalPointRole.init(rawValue:)), let body = context.form?.value("body")
        else {
            return try await focalPointsPage(
                request,
                context,
                l,
                errors: [l == .lo ? "ຂຽນບັນທຶກ ແລະ ເລືອກບົດບາດ." : "Write the note and choose the role."],
                status: .badRequest
            )
        }
        try await FocalPointRepository(database: database).addNote(institution: code, role: role, body: body, change: context.change)
        return Pages.redirect(SitePath(language: l, page: .focalPoints(code)).path + "?ok=note")

    }
}
