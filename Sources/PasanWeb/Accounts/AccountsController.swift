import Foundation
import Hummingbird
import PasanDomain
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
        let email = form.email
        let csrf = request.cookies[Cookies.csrf]?.value ?? ""
        switch try await accounts.signIn(email: email, password: form.password, address: context.remoteAddress) {
        case .signedIn(_, let token):
            var response = Pages.redirect(SitePath(language: l, page: .me).path)
            response.setCookie(Cookies.session(token, secure: configuration.secureCookies))
            return response
        case .wrongCredentials:
            return Pages.response(
                SignInPage(
                    language: l,
                    csrfToken: csrf,
                    email: email,
                    error: l == .lo ? "ອີເມວ ຫຼື ລະຫັດຜ່ານບໍ່ຖືກຕ້ອງ." : "The e-mail or the password is wrong."
                ).render(),
                status: .unauthorized
            )
        case .throttled(let seconds):
            let wait =
                seconds < 120
                ? (l == .lo ? "\(seconds) ວິນາທີ" : "\(seconds) seconds")
                : (l == .lo ? "\(seconds / 60 + 1) ນາທີ" : "\(seconds / 60 + 1) minutes")
            var response = Pages.response(
                SignInPage(
                    language: l,
                    csrfToken: csrf,
                    email: email,
                    error: l == .lo
                        ? "ພະຍາຍາມຜິດຫຼາຍເທື່ອ. ກະລຸນາລໍຖ້າ \(wait) ແລ້ວລອງໃໝ່ (ການລອງໃນລະຫວ່າງນີ້ບໍ່ໄດ້ນັບ)."
                        : "Too many wrong attempts. Wait \(wait) and try again (attempts meanwhile are not counted)."
                ).render(),
                status: .tooManyRequests
            )
            response.headers[.retryAfter] = String(seconds)
            return response
        case .busy:
            var response = Pages.response(
                SignInPage(
                    language: l,
                    csrfToken: csrf,
                    email: email,
                    error: l == .lo
                        ? "ມີຫຼາຍຄົນກຳລັງເຂົ້າສູ່ລະບົບໃນເວລານີ້. ກະລຸນາລອງໃໝ່ໃນອີກບໍ່ເທົ່າໃດວິນາທີ."
                        : "Many people are signing in right now. Try again in a few seconds."
                ).render(),
                status: .serviceUnavailable
            )
            response.headers[.retryAfter] = "5"
            return response
        }
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
            let link = configuration.publicURL + SitePath(language: user.language, page: .passwordResetToken(token)).path
            try await Outbox(database: state.database).enqueue(
                to: user.email,
                subject: "ປະສານ: ຕັ້ງລະຫັດຜ່ານໃໝ່ / Pasan: reset your password",
                text: """
                    ສະບາຍດີ \(user.name),

                    ເພື່ອຕັ້ງລະຫັດຜ່ານໃໝ່ຂອງທ່ານໃນ ປະສານ, ເປີດລິ້ງນີ້ (ໃຊ້ໄດ້ 1 ຊົ່ວໂມງ, ເທື່ອດຽວ):
                    \(link)

                    Hello \(user.name),

                    To set a new password for Pasan, open this link (valid for one hour, once):
                    \(link)

                    If you did not ask for this, ignore this message. / ຖ້າທ່ານບໍ່ໄດ້ຮ້ອງຂໍ, ບໍ່ຕ້ອງເຮັດຫຍັງ.
                    """
            )
        }
        // The same answer whether or not the account exists.
        return Pages.response(
            PasswordResetPage(
                language: l,
                csrfToken: request.cookies[Cookies.csrf]?.value ?? "",
                token: nil,
                notice: l == .lo ? "ຖ້າມີບັນຊີທີ່ໃຊ້ອີເມວນີ້, ພວກເຮົາໄດ້ສົ່ງລິ້ງໄປແລ້ວ." : "If an account uses this e-mail, we have sent it a link."
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
                error: valid
                    ? nil : (l == .lo ? "ລິ້ງນີ້ໝົດອາຍຸ ຫຼື ຖືກໃຊ້ແລ້ວ. ຂໍລິ້ງໃໝ່." : "This link has expired or was used already. Ask for a new one.")
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
            if try await accounts.resetPassword(token: reset, newPassword: form.password) {
                return Pages.redirect(SitePath(language: l, page: .signIn).path + "?ok=password-changed")
            }
            return Pages.response(
                PasswordResetPage(
                    language: l,
                    csrfToken: request.cookies[Cookies.csrf]?.value ?? "",
                    token: nil,
                    error: l == .lo ? "ລິ້ງນີ້ໝົດອາຍຸ ຫຼື ຖືກໃຊ້ແລ້ວ." : "This link has expired or was used already."
                ).render(),
                status: .gone
            )
        } catch let error as AccountError {
            return Pages.response(
                PasswordResetPage(
                    language: l,
                    csrfToken: request.cookies[Cookies.csrf]?.value ?? "",
                    token: reset,
                    error: error.message.text(in: l)
                ).render(),
                status: .badRequest
            )
        }
    }

    @Sendable func myPasan(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        guard let user = context.session?.user else { return Pages.redirect(SitePath(language: l, page: .signIn).path) }
        let today = self.today
        let tasks = try await FocalPointRepository(database: state.database).tasks(assignee: user.id).map { task in
            (
                title: task.title, institution: task.institution, dueOn: task.dueOn, daysLeft: task.dueOn.map { today.days(until: $0) },
                link: task.link
            )
        }
        var links: [(String, String)] = []
        let actor = user.actor
        func offer(_ action: Action, _ resource: Resource = .system, _ page: SitePath.Page, _ en: String, _ lo: String) {
            if Policy.decide(actor, action, resource).isAllowed {
                links.append((l == .lo ? lo : en, SitePath(language: l, page: page).path))
            }
        }
        offer(.viewCycleDashboard, .system, .cycles, "Reporting cycles", "ຮອບການລາຍງານ")
        offer(.manageUsers, .system, .users, "Accounts and roles", "ບັນຊີ ແລະ ບົດບາດ")
        offer(.exportAssignments, .system, .assignments, "Assignments (owners and reporters)", "ການມອບໝາຍ (ເຈົ້າຂອງ ແລະ ຜູ້ລາຍງານ)")
        offer(.viewGapAnalysis, .system, .gaps, "Gaps and conflicts", "ຊ່ອງຫວ່າງ ແລະ ຄວາມຂັດແຍ່ງ")
        offer(.viewAuditLog, .system, .audit, "Audit log", "ບັນທຶກການປ່ຽນແປງ")
        offer(.viewOutbox, .system, .outbox, "Outbox", "ອີເມວທີ່ສົ່ງອອກ")
        for code in actor.focalPointInstitutions.sorted() {
            offer(.viewFocalPoints, .institution(code), .focalPoints(code), "Focal points of \(code)", "ຜູ້ປະສານງານຂອງ \(code)")
            links.append((l == .lo ? "ປຶ້ມຄູ່ມືຂອງ \(code)" : "Handbook of \(code)", SitePath(language: l, page: .handbook(code)).path))
        }
        return Pages.response(
            MyPasanPage(
                language: l,
                session: context.pageSession(request, l),
                email: user.email,
                grants: user.grants,
                tasks: tasks,
                links: links
            ).render()
        )
    }
}
