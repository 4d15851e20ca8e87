import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/sign-in`.
public struct SignInPage: Sendable {
    public var language: PasanDomain.Language
    public var csrfToken: String
    public var email: String
    public var error: String?
    public var notice: String?

    public init(language: PasanDomain.Language, csrfToken: String, email: String = "", error: String? = nil, notice: String? = nil) {
        self.language = language
        self.csrfToken = csrfToken
        self.email = email
        self.error = error
        self.notice = notice
    }

    public func render() -> String {
        let l = language
        let title = l.t("accounts.signIn.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .signIn)).render(
            .div(
                .class("wrap narrow"),
                .h1(.text(title)),
                FormParts.messages(notice.map { [$0] } ?? [], errors: error.map { [$0] } ?? []),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: .signIn).path),
                    .class("stack"),
                    FormParts.csrf(csrfToken),
                    FormParts.field(l.t("accounts.signIn.email"), name: "email", value: email, type: "email", required: true),
                    FormParts.field(l.t("accounts.signIn.password"), name: "password", type: "password", required: true),
                    FormParts.submit(title)
                ),
                .p(
                    .a(
                        .href(SitePath(language: l, page: .passwordReset).path),
                        .text(l.t("accounts.signIn.forgotPassword"))
                    )
                )
            )
        )
    }
}

/// `/{lang}/password-reset` (ask for a link) and `/{lang}/password-reset/{token}` (set a new password).
public struct PasswordResetPage: Sendable {
    public var language: PasanDomain.Language
    public var csrfToken: String
    public var token: String?
    public var notice: String?
    public var error: String?

    public init(language: PasanDomain.Language, csrfToken: String, token: String?, notice: String? = nil, error: String? = nil) {
        self.language = language
        self.csrfToken = csrfToken
        self.token = token
        self.notice = notice
        self.error = error
    }

    public func render() -> String {
        let l = language
        let title = l.t("accounts.passwordReset.title")
        let page: SitePath.Page = token.map { .passwordResetToken($0) } ?? .passwordReset
        let form: BodyNode =
            token == nil
            ? .form(
                .method(.post),
                .action(SitePath(language: l, page: .passwordReset).path),
                .class("stack"),
                FormParts.csrf(csrfToken),
                FormParts.field(l.t("accounts.passwordReset.accountEmail"), name: "email", type: "email", required: true),
                FormParts.submit(l.t("accounts.passwordReset.sendLink"))
            )
            : .form(
                .method(.post),
                .action(Escape.attribute(SitePath(language: l, page: page).path)),
                .class("stack"),
                FormParts.csrf(csrfToken),
                FormParts.field(
                    l.t("accounts.passwordReset.newPassword"),
                    name: "password",
                    type: "password",
                    required: true
                ),
                FormParts.submit(title)
            )
        return Layout(title: title, description: title, path: SitePath(language: l, page: page)).render(
            .div(
                .class("wrap narrow"),
                .h1(.text(title)),
                FormParts.messages(notice.map { [$0] } ?? [], errors: error.map { [$0] } ?? []),
                form
            )
        )
    }
}

/// `/{lang}/me`: the signed-in user's roles and open tasks with days left.
public struct MyPasanPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var email: String
    public var grants: [RoleGrant]
    public var tasks: [(title: LocalizedText, institution: String, dueOn: LocalDate?, daysLeft: Int?, link: String?)]
    public var links: [(String, String)]

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        email: String,
        grants: [RoleGrant],
        tasks: [(title: LocalizedText, institution: String, dueOn: LocalDate?, daysLeft: Int?, link: String?)],
        links: [(String, String)]
    ) {
        self.language = language
        self.session = session
        self.email = email
        self.grants = grants
        self.tasks = tasks
        self.links = links
    }

    public func render() -> String {
        let l = language
        let title = l.t("accounts.me.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .me)).render(
            .div(
                .class("wrap"),
                .h1(.text("\(title): \(session.userName)")),
                FormParts.messages(session.notices, errors: session.errors),
                .p(.text(email)),
                .h2(.text(l.t("accounts.me.roles"))),
                .ul(
                    .forEach(grants) { grant in
                        .li(
                            .text(grant.role.title.text(in: l)),
                            .text([grant.institution, grant.area].compactMap { $0 }.map { " — \($0)" }.joined())
                        )
                    }
                ),
                .h2(.text(l.t("accounts.me.tasks"))),
                .if(tasks.isEmpty, .p(.text(l.t("accounts.me.noTasks")))),
                .ul(
                    .class("tasks"),
                    .forEach(tasks) { task in
                        .li(
                            .class((task.daysLeft ?? 99) < 0 ? "late" : ""),
                            .unwrap(
                                task.link,
                                { .a(.href($0), Fragments.localized(task.title, l)) },
                                else: Fragments.localized(task.title, l)
                            ),
                            .text(" (\(task.institution))"),
                            .unwrap(task.dueOn) { .text(" — " + l.t("accounts.me.due", ["date": .date($0)])) },
                            .unwrap(task.daysLeft) { days in
                                .span(
                                    .class("days"),
                                    .text(
                                        " ("
                                            + (days >= 0
                                                ? l.t("accounts.me.daysLeft", count: days)
                                                : l.t("accounts.me.daysLate", count: -days))
                                            + ")"
                                    )
                                )
                            }
                        )
                    }
                ),
                .if(
                    !links.isEmpty,
                    .group(
                        .h2(.text(l.t("accounts.me.work"))),
                        .ul(
                            .forEach(links) {
                                .li(.a(.href($0.1), .text($0.0)))
                            }
                        )
                    )
                ),
                .div(
                    .class("actions"),
                    FormParts.button(
                        l.t("accounts.me.signOut"),
                        action: SitePath(language: l, page: .signOut).path,
                        csrf: session.csrfToken
                    ),
                    FormParts.button(
                        l.t("accounts.me.signOutEverywhere"),
                        action: SitePath(language: l, page: .signOutEverywhere).path,
                        csrf: session.csrfToken
                    )
                )
            )
        )
    }
}

/// A short page with one message: forbidden (403) with the policy's reason, bad request, done.
public struct MessagePage: Sendable {
    public var language: PasanDomain.Language
    public var title: String
    public var message: String
    public var path: SitePath

    public init(language: PasanDomain.Language, title: String, message: String, path: SitePath) {
        self.language = language
        self.title = title
        self.message = message
        self.path = path
    }

    public func render() -> String {
        Layout(title: title, description: title, path: path).render(
            .div(
                .class("wrap narrow"),
                .h1(.text(title)),
                .p(.text(message)),
                .p(
                    .a(
                        .href(SitePath(language: language, page: .me).path),
                        .text(language.t("accounts.messagePage.backToMe"))
                    )
                )
            )
        )
    }
}
