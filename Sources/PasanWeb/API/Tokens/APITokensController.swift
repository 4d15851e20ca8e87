import Hummingbird
import PasanDomain
import PasanMessages
import PasanStorage
import PasanViews

/// The API tokens of institutions: the list of the institutions one manages, an institution's
/// tokens with the form for a new one (whose whole text is shown once, in the answer to its
/// creation), and revocation. The institution's focal points and the Secretariat
/// (`manage-api-tokens`).
struct APITokensController: PortalFeature {
    let state: PortalState

    func register(_ secure: SecureRoutes) {
        let institution: SecureRoutes.ResourceOf = { _, context in
            .institution((context.parameters.get("institution") ?? "").uppercased())
        }
        // The list is of the institutions the person speaks for (all of them for the Secretariat).
        let spokenFor: SecureRoutes.ResourceOf = { _, context in
            context.actor.focalPointInstitutions.sorted().first.map(Resource.institution) ?? .system
        }
        secure.get(SitePath.Pattern.apiTokens, .manageAPITokens, resource: spokenFor, use: overview)
        secure.get(SitePath.Pattern.institutionAPITokens, .manageAPITokens, resource: institution, use: tokensView)
        secure.post(SitePath.Pattern.institutionAPITokens, .manageAPITokens, resource: institution, use: create)
        secure.post(SitePath.Pattern.apiTokenRevoke, .manageAPITokens, resource: institution, use: revoke)
    }

    /// The institution the address names, from the catalog; a 404 page otherwise.
    func institution(_ context: AppRequestContext, _ l: Language) throws -> Institution {
        guard let institution = state.catalog.institution((context.parameters.get("institution") ?? "").uppercased()) else {
            throw PortalError.notFound(l)
        }
        return institution
    }

    func tokensPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        form: APITokensPage.Form? = nil,
        created: (token: APIToken, secret: String)? = nil,
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let institution = try institution(context, l)
        var session = context.pageSession(request, l, errors: errors)
        if request.uri.queryParameters.get("done") == "revoked" { session.notices.append(l.t("api_tokens.notice.revoked")) }
        let page = APITokensPage(
            language: l,
            session: session,
            institution: institution,
            tokens: try await APITokenRepository(database: database).tokens(institution: institution.code),
            today: today,
            form: form ?? APITokensPage.emptyForm(today: today),
            created: created
        )
        return Pages.response(page.render(), status: status)
    }
}

// MARK: - Handlers

extension APITokensController {
    @Sendable func overview(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let actor = context.actor
        let counts = try await APITokenRepository(database: database).activeCounts()
        let institutions = state.catalog.institutions.filter { Policy.decide(actor, .manageAPITokens, .institution($0.code)).isAllowed }
        let page = APITokensOverviewPage(
            language: l,
            session: context.pageSession(request, l),
            institutions: institutions.map { (institution: $0, active: counts[$0.code] ?? 0) }
        )
        return Pages.response(page.render())
    }

    @Sendable func tokensView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await tokensPage(request, context, l)
    }

    /// Creates the token and answers with the page that shows its whole text, this once.
    @Sendable func create(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let institution = try institution(context, l)
        let fields = context.form ?? FormData()
        let decoded = APITokenForm.decode(fields, today: today)
        guard case .success(let form) = decoded else {
            let typed = APITokenForm.typed(fields, today: today)
            return try await tokensPage(request, context, l, form: typed, errors: decoded.problems(in: l), status: .badRequest)
        }
        do {
            let created = try await APITokenRepository(database: database).create(
                institution: institution.code,
                name: form.name,
                scope: form.scope,
                expiresOn: form.expiresOn,
                change: context.change
            )
            return try await tokensPage(request, context, l, created: created, status: .created)
        } catch let error as APITokenError {
            let typed = APITokenForm.typed(fields, today: today)
            return try await tokensPage(
                request,
                context,
                l,
                form: typed,
                errors: error.messages.map { $0.text(in: l) },
                status: .badRequest
            )
        }
    }

    @Sendable func revoke(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let institution = try institution(context, l)
        guard let id = context.parameters.get("token", as: Int64.self) else { throw PortalError.notFound(l) }
        do {
            try await APITokenRepository(database: database).revoke(id: id, institution: institution.code, change: context.change)
        } catch APITokenError.notFound {
            throw PortalError.notFound(l)
        } catch let error as APITokenError {
            return try await tokensPage(request, context, l, errors: error.messages.map { $0.text(in: l) }, status: .conflict)
        }
        return Pages.redirect(SitePath(language: l, page: .institutionAPITokens(institution.code)).path + "?done=revoked")
    }
}
