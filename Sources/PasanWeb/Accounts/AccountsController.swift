import Foundation
import Hummingbird
import PasanDomain
import PasanMessages
import PasanStorage
import PasanViews

/// Sign-in, sign-out (here and everywhere), password reset by a one-time link, and the signed-in
/// user's home with their open tasks.
struct AccountsController: PortalFeature {
    let state: PortalState
    let configuration: PortalConfiguration

    var accounts: AccountRepository { AccountRepository(database: state.database) }

    func register(on router: Router<AppRequestContext>, secure: SecureRoutes) {
        router.get(RouterPath(SitePath.Pattern.signIn), use: signInPage)
        router.publicForm(SitePath.Pattern.signIn, tokens: state.formTokens, use: signIn)
        router.publicForm(SitePath.Pattern.signOut, tokens: state.formTokens, use: signOut)
        secure.post(
            SitePath.Pattern.signOutEverywhere,
            .manageOwnAccount,
            resource: { _, context in .user(context.session?.user.id ?? -1) },
            use: signOutEverywhere
        )
        router.get(RouterPath(SitePath.Pattern.passwordReset), use: passwordResetPage)
        router.publicForm(SitePath.Pattern.passwordReset, tokens: state.formTokens, use: requestPasswordReset)
        router.get(RouterPath(SitePath.Pattern.passwordResetToken), use: passwordResetTokenPage)
        router.publicForm(SitePath.Pattern.passwordResetToken, tokens: state.formTokens, use: resetPassword)
        router.get(RouterPath(SitePath.Pattern.me), use: myPasan)
    }

    /// The pre-sign-in CSRF token, and the cookie to set when the browser has none yet (or one
    /// Pasan did not sign: made up, or from before the secret existed).
    private func anonymousCSRF(_ request: Request) -> (String, Cookie?) {
        if let existing = request.cookies[Cookies.csrf]?.value, state.formTokens.isGenuine(existing) {
            return (existing, nil)
        }
        let token = state.formTokens.issue()
        return (token, Cookies.csrf(token, secure: configuration.secureCookies))
    }

    /// The CSRF token the browser sent with a form (its cookie), for the page that answers it.
    private func sentCSRF(_ request: Request) -> String { request.cookies[Cookies.csrf]?.value ?? "" }
}

// MARK: - Handlers

extension AccountsController {
    @Sendable func signInPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        if context.session != nil { return Pages.redirect(SitePath(language: l, page: .me).path) }
        let (token, cookie) = anonymousCSRF(request)
        var response = Pages.response(
            SignInPage(language: l, csrfToken: token, notice: request.uri.queryParameters.get("ok").flatMap { Notices.text($0, l) })
                .render()
        )
        if let cookie { response.setCookie(cookie) }
        return response
    }

    @Sendable func signIn(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let form = SignInForm(context.form ?? FormData())
        let result = try await accounts.signIn(email: form.email, password: form.password, address: context.remoteAddress)
        return signInResponse(result, form: form, csrf: sentCSRF(request), l)
    }

    @Sendable func signOut(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        if let token = context.sessionToken { try await accounts.closeSession(token: token) }
        var response = Pages.redirect(SitePath.home(l).path)
        response.setCookie(Cookies.expired(Cookies.session, secure: configuration.secureCookies))
        return response
    }

    @Sendable func signOutEverywhere(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let user = context.session?.user else { return Pages.redirect(SitePath(language: l, page: .signIn).path) }
        try await accounts.closeAllSessions(userID: user.id, change: context.change)
        var response = Pages.redirect(SitePath(language: l, page: .signIn).path + "?ok=signed-out-everywhere")
        response.setCookie(Cookies.expired(Cookies.session, secure: configuration.secureCookies))
        return response
    }

    @Sendable func passwordResetPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let (token, cookie) = anonymousCSRF(request)
        var response = Pages.response(PasswordResetPage(language: l, csrfToken: token, token: nil).render())
        if let cookie { response.setCookie(cookie) }
        return response
    }

    @Sendable func requestPasswordReset(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let form = PasswordResetRequestForm(context.form ?? FormData())
        if let (user, token) = try await accounts.createPasswordReset(email: form.email, address: context.remoteAddress) {
            try await sendResetLink(to: user, token: token)
        }
        // The same answer whether or not the account exists.
        return Pages.response(
            PasswordResetPage(
                language: l,
                csrfToken: sentCSRF(request),
                token: nil,
                notice: l.t("accounts.passwordReset.linkSent")
            ).render()
        )
    }

    @Sendable func passwordResetTokenPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let reset = context.parameters.get("token") ?? ""
        let (token, cookie) = anonymousCSRF(request)
        let valid = try await accounts.isResetTokenValid(reset)
        var response = Pages.response(
            PasswordResetPage(
                language: l,
                csrfToken: token,
                token: valid ? reset : nil,
                error: valid ? nil : l.t("accounts.passwordReset.linkExpired")
            ).render(),
            status: valid ? .ok : .gone
        )
        if let cookie { response.setCookie(cookie) }
        return response
    }

    @Sendable func resetPassword(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let reset = context.parameters.get("token") ?? ""
        let form = NewPasswordForm(context.form ?? FormData())
        do {
            guard try await accounts.resetPassword(token: reset, newPassword: form.password) else {
                return refusedReset(request, l, token: nil, error: l.t("accounts.passwordReset.linkUsed"), status: .gone)
            }
            return Pages.redirect(SitePath(language: l, page: .signIn).path + "?ok=password-changed")
        } catch let error as AccountError {
            return refusedReset(request, l, token: reset, error: error.message.text(in: l), status: .badRequest)
        }
    }

    @Sendable func myPasan(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        guard let user = context.session?.user else { return Pages.redirect(SitePath(language: l, page: .signIn).path) }
        return Pages.response(
            MyPasanPage(
                language: l,
                session: context.pageSession(request, l),
                email: user.email,
                grants: user.grants,
                tasks: try await openTasks(assignee: user.id),
                links: workLinks(for: user.actor, l)
            ).render()
        )
    }
}

// MARK: - Steps of the handlers

extension AccountsController {
    /// The answer to a sign-in: a session and My Pasan, or the form again with the reason.
    private func signInResponse(_ result: AccountRepository.SignInResult, form: SignInForm, csrf: String, _ l: Language) -> Response {
        switch result {
        case .signedIn(_, let token):
            var response = Pages.redirect(SitePath(language: l, page: .me).path)
            response.setCookie(Cookies.session(token, secure: configuration.secureCookies))
            return response
        case .wrongCredentials:
            return refusedSignIn(form, csrf: csrf, l, error: Message("accounts.signIn.wrongCredentials"), status: .unauthorized)
        case .throttled(let seconds):
            return refusedSignIn(form, csrf: csrf, l, error: Self.throttled(seconds), status: .tooManyRequests, retryAfter: seconds)
        case .busy:
            return refusedSignIn(form, csrf: csrf, l, error: Message("accounts.signIn.busy"), status: .serviceUnavailable, retryAfter: 5)
        }
    }

    /// The sign-in form again, with the e-mail as typed and why it was refused; `retryAfter`
    /// (seconds) when waiting will help.
    private func refusedSignIn(
        _ form: SignInForm,
        csrf: String,
        _ l: Language,
        error: Message,
        status: HTTPResponse.Status,
        retryAfter: Int? = nil
    ) -> Response {
        var response = Pages.response(
            SignInPage(language: l, csrfToken: csrf, email: form.email, error: error.text(in: l)).render(),
            status: status
        )
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    /// Why a throttled sign-in must wait, and how long: seconds below two minutes, else minutes.
    static func throttled(_ seconds: Int) -> Message {
        let wait =
            seconds < 120
            ? Message("accounts.signIn.waitSeconds", count: seconds)
            : Message("accounts.signIn.waitMinutes", count: seconds / 60 + 1)
        return Message("accounts.signIn.throttled", ["wait": .message(wait)])
    }

    /// The reset link by e-mail, in Lao and in English.
    private func sendResetLink(to user: UserAccount, token: String) async throws {
        let link = configuration.publicURL + SitePath(language: user.language, page: .passwordResetToken(token)).path
        let mail = PasswordResetMail(name: user.name, link: link)
        try await Outbox(database: state.database).enqueue(to: user.email, subject: mail.subject, text: mail.text)
    }

    /// The new-password page again, with why the password was not set.
    private func refusedReset(_ request: Request, _ l: Language, token: String?, error: String, status: HTTPResponse.Status) -> Response {
        Pages.response(
            PasswordResetPage(language: l, csrfToken: sentCSRF(request), token: token, error: error).render(),
            status: status
        )
    }

    /// The user's open tasks, with the days left until each is due (negative when late).
    private func openTasks(
        assignee: Int64
    ) async throws -> [(title: LocalizedText, institution: String, dueOn: LocalDate?, daysLeft: Int?, link: String?)] {
        let today = self.today
        return try await FocalPointRepository(database: state.database).tasks(assignee: assignee).map { task in
            (
                title: task.title, institution: task.institution, dueOn: task.dueOn, daysLeft: task.dueOn.map { today.days(until: $0) },
                link: task.link
            )
        }
    }

    /// The work pages the user may open, as (label, path), in the order My Pasan lists them.
    private func workLinks(for actor: Actor, _ l: Language) -> [(String, String)] {
        var links: [(String, String)] = []
        func offer(_ action: Action, _ resource: Resource = .system, _ page: SitePath.Page, _ label: Message) {
            if Policy.decide(actor, action, resource).isAllowed {
                links.append((label.text(in: l), SitePath(language: l, page: page).path))
            }
        }
        offer(.viewLeadershipBrief, .system, .leadershipBrief, Message("brief.me.link"))
        offer(.viewCycleDashboard, .system, .cycles, Message("accounts.me.link.cycles"))
        offer(.manageUsers, .system, .users, Message("accounts.me.link.users"))
        offer(.exportAssignments, .system, .assignments, Message("accounts.me.link.assignments"))
        offer(.viewGapAnalysis, .system, .gaps, Message("accounts.me.link.gaps"))
        offer(.viewGapAnalysis, .system, .legalInstruments, Message("legal.me.link"))
        offer(.viewAuditLog, .system, .audit, Message("accounts.me.link.audit"))
        offer(.viewOutbox, .system, .outbox, Message("accounts.me.link.outbox"))
        offer(.importData, .system, .imports, Message("imports_web.nav.link"))
        offer(
            .manageAPITokens,
            actor.focalPointInstitutions.sorted().first.map(Resource.institution) ?? .system,
            .apiTokens,
            Message("api_tokens.me.link")
        )
        let owned = actor.grants.filter { $0.role == .ownerFocalPoint }.compactMap(\.institution).sorted()
        offer(.manageDHIS2, owned.first.map(Resource.institution) ?? .system, .dhis2, Message("dhis2_web.me.link"))
        for code in actor.focalPointInstitutions.sorted() {
            offer(
                .viewFocalPoints,
                .institution(code),
                .focalPoints(code),
                Message("accounts.me.link.focalPoints", ["institution": .text(code)])
            )
            links.append(
                (l.t("accounts.me.link.handbook", ["institution": .text(code)]), SitePath(language: l, page: .handbook(code)).path)
            )
        }
        return links
    }
}
