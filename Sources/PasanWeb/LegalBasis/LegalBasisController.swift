import Hummingbird
import PasanDomain
import PasanMessages
import PasanStorage
import PasanViews

/// The register of legal instruments that found assignments (issue 17): the Secretariat records
/// and corrects them; whoever sees the gap analysis sees the register and its findings.
struct LegalBasisController: PortalFeature {
    let state: PortalState

    func register(_ secure: SecureRoutes) {
        secure.get(SitePath.Pattern.legalInstruments, .viewGapAnalysis, use: registerView)
        secure.post(SitePath.Pattern.legalInstruments, .editAssignments, use: record)
        secure.get(SitePath.Pattern.legalInstrument, .viewGapAnalysis, use: instrumentView)
        secure.post(SitePath.Pattern.legalInstrument, .editAssignments, use: correct)
    }

    func registerPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        form: [String: String] = [:],
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let instruments = try await LegalInstrumentRepository(database: database).all()
        let assignments = try await AssignmentRepository(database: database).all().filter { $0.isCurrent(on: today) }
        var session = context.pageSession(request, l, errors: errors)
        if request.uri.queryParameters.get("done") == "recorded" { session.notices.append(l.t("legal.recorded")) }
        let page = LegalInstrumentsPage(
            language: l,
            session: session,
            instruments: instruments.map { ($0, LegalBasisAnalysis.assignments(citing: $0, in: assignments).count) },
            today: today,
            findings: LegalBasisAnalysis.findings(assignments: assignments, instruments: instruments, today: today),
            canEdit: Policy.decide(context.actor, .editAssignments, .system).isAllowed,
            form: form
        )
        return Pages.response(page.render(), status: status)
    }

    func instrumentPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        form: [String: String] = [:],
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let id = context.parameters.get("instrument", as: Int64.self) else { throw PortalError.notFound(l) }
        let revisions = try await LegalInstrumentRepository(database: database).revisions(id: id)
        guard let current = revisions.first?.instrument else { throw PortalError.notFound(l) }
        let assignments = try await AssignmentRepository(database: database).all().filter { $0.isCurrent(on: today) }
        var session = context.pageSession(request, l, errors: errors)
        if request.uri.queryParameters.get("done") == "corrected" { session.notices.append(l.t("legal.corrected")) }
        let page = LegalInstrumentPage(
            language: l,
            session: session,
            revisions: revisions,
            citing: LegalBasisAnalysis.assignments(citing: current, in: assignments),
            today: today,
            canEdit: Policy.decide(context.actor, .editAssignments, .system).isAllowed,
            form: form
        )
        return Pages.response(page.render(), status: status)
    }
}

// MARK: - Handlers

extension LegalBasisController {
    @Sendable func registerView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await registerPage(request, context, l)
    }

    @Sendable func instrumentView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await instrumentPage(request, context, l)
    }

    @Sendable func record(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let sent = context.form ?? FormData()
        let refuse = { (messages: [Message]) in
            try await registerPage(
                request,
                context,
                l,
                form: LegalInstrumentForm.echo(sent),
                errors: messages.map { $0.text(in: l) },
                status: .badRequest
            )
        }
        let decoded = LegalInstrumentForm.decode(sent, correction: false)
        guard case .success(let form) = decoded else { return try await refuse(decoded.failureMessages) }
        do {
            let recorded = try await LegalInstrumentRepository(database: database).record(form.instrument, change: context.change)
            return Pages.redirect(SitePath(language: l, page: .legalInstrument(recorded.id!)).path + "?done=recorded")
        } catch let error as LegalRegisterError {
            return try await refuse(error.messages)
        }
    }

    @Sendable func correct(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let id = context.parameters.get("instrument", as: Int64.self) else { throw PortalError.notFound(l) }
        let sent = context.form ?? FormData()
        let refuse = { (messages: [Message]) in
            try await instrumentPage(
                request,
                context,
                l,
                form: LegalInstrumentForm.echo(sent),
                errors: messages.map { $0.text(in: l) },
                status: .badRequest
            )
        }
        let decoded = LegalInstrumentForm.decode(sent, correction: true)
        guard case .success(let form) = decoded, let basedOn = form.basedOn, let reason = form.reason else {
            return try await refuse(decoded.failureMessages)
        }
        do {
            _ = try await LegalInstrumentRepository(database: database).correct(
                id: id,
                to: form.instrument,
                basedOn: basedOn,
                reason: reason,
                change: context.change
            )
            return Pages.redirect(SitePath(language: l, page: .legalInstrument(id)).path + "?done=corrected")
        } catch LegalRegisterError.notFound {
            throw PortalError.notFound(l)
        } catch let error as LegalRegisterError {
            return try await refuse(error.messages)
        }
    }
}
