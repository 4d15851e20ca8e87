import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/admin/users`: accounts with their roles; create accounts and grant or revoke roles.
public struct UsersPage: Sendable {
    public struct Row: Sendable {
        public var id: Int64
        public var name: String
        public var email: String
        public var isActive: Bool
        public var grants: [RoleGrant]
        public init(id: Int64, name: String, email: String, isActive: Bool, grants: [RoleGrant]) {
            self.id = id; self.name = name; self.email = email; self.isActive = isActive; self.grants = grants
        }
    }

    public var language: PasanDomain.Language
    public var session: PageSession
    public var users: [Row]
    public var institutions: [Institution]

    public init(language: PasanDomain.Language, session: PageSession, users: [Row], institutions: [Institution]) {
        self.language = language; self.session = session; self.users = users; self.institutions = institutions
    }

    var roleOptions: [(String, String)] { Role.allCases.map { ($0.rawValue, $0.title.text(in: language)) } }

    /// The institutions by name in the page's order (Lao collation on Lao pages), each with its
    /// abbreviation.
    var institutionOptions: [(String, String)] {
        [("", "—")]
            + institutions.sortedByName(in: language) { $0.name.text(in: language) }.map {
                ($0.code, "\($0.name.text(in: language)) (\($0.abbreviation.en))")
            }
    }

    public func render() -> String {
        let l = language
        let title = l.t("admin.users.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .users)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(UIText.name.text(l))),
                                .th(.text(l.t("admin.users.email"))),
                                .th(.text(l.t("admin.users.roles"))),
                                .th(.text(l.t("admin.users.grantRole")))
                            )
                        ),
                        .tbody(.forEach(users.sortedByName(in: l) { $0.name }) { userRow($0) })
                    )
                ),
                .h2(.text(l.t("admin.users.createAccount"))),
                createForm()
            )
        )
    }

    func userRow(_ user: Row) -> Node<HTML.TableContext> {
        .tr(
            .td(.text(user.name)),
            .td(.text(user.email)),
            .td(
                .ul(
                    .class("plain"),
                    .forEach(user.grants) { grantItem($0, of: user) }
                )
            ),
            .td(grantForm(user))
        )
    }

    /// A role the account holds, with its scope, and the button that revokes it.
    func grantItem(_ grant: RoleGrant, of user: Row) -> Node<HTML.ListContext> {
        let l = language
        return .li(
            .text(
                grant.role.title.text(in: l)
                    + ([grant.institution, grant.area].compactMap { $0 }.map { " (\($0))" }.joined())
            ),
            FormParts.button(
                l.t("admin.users.revoke"),
                action: SitePath(language: l, page: .userRevoke(user.id)).path,
                csrf: session.csrfToken,
                hidden: [
                    ("role", grant.role.rawValue), ("institution", grant.institution ?? ""),
                    ("area", grant.area ?? ""),
                ]
            )
        )
    }

    func grantForm(_ user: Row) -> Node<HTML.BodyContext> {
        let l = language
        return .form(
            .method(.post),
            .action(SitePath(language: l, page: .userGrant(user.id)).path),
            .class("compact"),
            FormParts.csrf(session.csrfToken),
            FormParts.select(l.t("admin.users.role"), name: "role", options: roleOptions),
            FormParts.select(UIText.institution.text(l), name: "institution", options: institutionOptions),
            FormParts.field(l.t("admin.users.area"), name: "area"),
            FormParts.submit(l.t("admin.users.grant"))
        )
    }

    func createForm() -> Node<HTML.BodyContext> {
        let l = language
        return .form(
            .method(.post),
            .action(SitePath(language: l, page: .users).path),
            .class("stack"),
            FormParts.csrf(session.csrfToken),
            FormParts.field(UIText.name.text(l), name: "name", required: true),
            FormParts.field(l.t("admin.users.email"), name: "email", type: "email", required: true),
            FormParts.field(
                l.t("admin.users.temporaryPassword"),
                name: "password",
                type: "password",
                required: true
            ),
            FormParts.select(l.t("admin.users.role"), name: "role", options: roleOptions),
            FormParts.select(UIText.institution.text(l), name: "institution", options: institutionOptions),
            FormParts.field(l.t("admin.users.areaForSubnational"), name: "area"),
            FormParts.submit(l.t("admin.users.create"))
        )
    }
}
