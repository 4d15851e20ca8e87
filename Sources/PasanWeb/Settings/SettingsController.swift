import Hummingbird
import PasanDomain
import PasanMessages
import PasanStorage
import PasanViews

/// The Secretariat's settings of Pasan's defaults.
struct SettingsController: PortalFeature {
    let state: PortalState

    func register(_ secure: SecureRoutes) {
        secure.get(SitePath.Pattern.settings, .manageCycles, use: settingsView)
        secure.post(SitePath.Pattern.settings, .manageCycles, use: save)
    }

    func settingsPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        shown: PasanDefaults? = nil,
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (values, set) = try await SettingsRepository(database: database).defaults()
        var session = context.pageSession(request, l, errors: errors)
        if request.uri.queryParameters.get("done") == "saved" { session.notices.append(l.t("settings.saved")) }
        let page = SettingsPage(
            language: l,
            session: session,
            values: shown ?? values,
            setBySecretariat: set,
            canEdit: Policy.decide(context.actor, .manageCycles, .system).isAllowed
        )
        return Pages.response(page.render(), status: status)
    }
}

// MARK: - Handlers

extension SettingsController {
    @Sendable func settingsView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await settingsPage(request, context, l)
    }

    @Sendable func save(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let decoded = SettingsForm.decode(context.form ?? FormData())
        guard case .success(let form) = decoded else {
            return try await settingsPage(request, context, l, errors: decoded.problems(in: l), status: .badRequest)
        }
        try await SettingsRepository(database: database).save(form.values, change: context.change)
        try await state.reload()
        return Pages.redirect(SitePath(language: l, page: .settings).path + "?done=saved")
    }
}
