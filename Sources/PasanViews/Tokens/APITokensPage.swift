import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/admin/institutions/{CODE}/api-tokens`: an institution's API tokens (name, prefix,
/// scope, expiry, last use, who created and revoked them), a revoke button for each usable
/// one, and the form for a new token. Right after creation the page shows the whole token once,
/// with how to send it; afterwards only its prefix.
public struct APITokensPage: Sendable {
    /// The form's fields as typed (kept when it is refused).
    public struct Form: Sendable, Hashable {
        public var name: String
        public var scope: APITokenScope
        public var expiresOn: String

        public init(name: String, scope: APITokenScope, expiresOn: String) {
            self.name = name
            self.scope = scope
            self.expiresOn = expiresOn
        }
    }

    public var language: PasanDomain.Language
    public var session: PageSession
    public var institution: Institution
    public var tokens: [APIToken]
    public var today: LocalDate
    public var form: Form
    /// The token just created and its whole text: shown this once.
    public var created: (token: APIToken, secret: String)?
    public var rateLimit: APIRateLimit = .pasanDefault

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        institution: Institution,
        tokens: [APIToken],
        today: LocalDate,
        form: Form,
        created: (token: APIToken, secret: String)? = nil
    ) {
        self.language = language
        self.session = session
        self.institution = institution
        self.tokens = tokens
        self.today = today
        self.form = form
        self.created = created
    }

    /// The form a page opens with: write scope, the suggested expiry (90 days, Pasan's default).
    public static func emptyForm(today: LocalDate) -> Form {
        Form(name: "", scope: .write, expiresOn: today.adding(days: APITokenRules.suggestedLifetimeDays).description)
    }

    var code: String { institution.code }

    public func render() -> String {
        let l = language
        let title = l.t("api_tokens.page.title", ["institution": .localized(institution.name)])
        return Layout(title: title, description: title, path: SitePath(language: l, page: .institutionAPITokens(code))).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .p(.text(l.t("api_tokens.page.intro", ["institution": .text(code)]))),
                .unwrap(created) { createdSection($0.token, $0.secret) },
                tokensTable(),
                newTokenForm(),
                usageSection()
            )
        )
    }

    private func createdSection(_ token: APIToken, _ secret: String) -> BodyNode {
        let l = language
        return .section(
            .class("notice ok created-token"),
            .attribute(named: "role", value: "status"),
            .h2(.text(l.t("api_tokens.created.title", ["name": .text(token.name)]))),
            .p(.text(l.t("api_tokens.created.once"))),
            .pre(.code(.class("token"), .text(secret))),
            .p(.text(l.t("api_tokens.created.header"))),
            .pre(.code(.text("Authorization: Bearer \(secret)")))
        )
    }

    private func tokensTable() -> BodyNode {
        let l = language
        guard !tokens.isEmpty else { return .p(.text(l.t("api_tokens.page.none"))) }
        return .table(
            .class("tokens"),
            .thead(
                .tr(
                    .th(.text(l.t("api_tokens.column.name"))),
                    .th(.text(l.t("api_tokens.column.prefix"))),
                    .th(.text(l.t("api_tokens.column.scope"))),
                    .th(.text(l.t("api_tokens.column.expires"))),
                    .th(.text(l.t("api_tokens.column.lastUsed"))),
                    .th(.text(l.t("api_tokens.column.created"))),
                    .th(.text(l.t("api_tokens.column.status"))),
                    .th(.text(""))
                )
            ),
            .tbody(
                .forEach(tokens) { token in
                    let status = token.status(on: today)
                    return .tr(
                        .class("token-\(status.rawValue)"),
                        .td(.text(token.name)),
                        .td(.code(.text(token.prefix))),
                        .td(.text(token.scope.title.text(in: l))),
                        .td(Fragments.date(token.expiresOn, l)),
                        .td(token.lastUsedAt.map { Fragments.moment($0.ISO8601Format(), l) } ?? .text(l.t("api_tokens.page.neverUsed"))),
                        .td(Fragments.moment(token.createdAt.ISO8601Format(), l), .text(" — \(token.createdBy)")),
                        .td(
                            .text(status.title.text(in: l)),
                            .unwrap(token.revokedAt) { at in
                                .group(.text(" "), Fragments.moment(at.ISO8601Format(), l), .text(" — \(token.revokedBy ?? "")"))
                            }
                        ),
                        .td(
                            .if(
                                status == .active,
                                FormParts.button(
                                    l.t("api_tokens.revoke"),
                                    action: SitePath(language: l, page: .apiTokenRevoke(code, token.id)).path,
                                    csrf: session.csrfToken
                                )
                            )
                        )
                    )
                }
            )
        )
    }

    private func newTokenForm() -> BodyNode {
        let l = language
        return .section(
            .h2(.text(l.t("api_tokens.new.title"))),
            .form(
                .class("stack"),
                .method(.post),
                .action(SitePath(language: l, page: .institutionAPITokens(code)).path),
                FormParts.csrf(session.csrfToken),
                FormParts.field(
                    l.t("api_tokens.new.name"),
                    name: "name",
                    value: form.name,
                    required: true,
                    hint: l.t("api_tokens.new.nameHint")
                ),
                FormParts.select(
                    l.t("api_tokens.column.scope"),
                    name: "scope",
                    options: APITokenScope.allCases.map { ($0.rawValue, $0.title.text(in: l)) },
                    selected: form.scope.rawValue,
                    hint: l.t("api_tokens.new.scopeHint")
                ),
                FormParts.field(
                    l.t("api_tokens.new.expiry"),
                    name: "expires_on",
                    value: form.expiresOn,
                    type: "date",
                    required: true,
                    hint: l.t(
                        "api_tokens.new.expiryHint",
                        ["days": .number(APITokenRules.maximumLifetimeDays), "suggested": .number(APITokenRules.suggestedLifetimeDays)]
                    )
                ),
                FormParts.submit(l.t("api_tokens.new.create"))
            )
        )
    }

    private func usageSection() -> BodyNode {
        let l = language
        return .section(
            .h2(.text(l.t("api_tokens.usage.title"))),
            .p(
                .text(l.t("api_tokens.usage.api") + " "),
                .a(.href("/api/v1/openapi.json"), .code(.text("/api/v1/openapi.json")))
            ),
            .p(.text(l.t("api_tokens.usage.limit", ["perMinute": .number(rateLimit.perMinute), "burst": .number(rateLimit.burst)])))
        )
    }
}

/// `/{lang}/admin/api-tokens`: the institutions whose API tokens the signed-in person manages
/// (every institution for the Secretariat, their own for a focal point), with how many tokens
/// each has in use.
public struct APITokensOverviewPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var institutions: [(institution: Institution, active: Int)]

    public init(language: PasanDomain.Language, session: PageSession, institutions: [(institution: Institution, active: Int)]) {
        self.language = language
        self.session = session
        self.institutions = institutions
    }

    public func render() -> String {
        let l = language
        let title = l.t("api_tokens.overview.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .apiTokens)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .p(.text(l.t("api_tokens.overview.intro"))),
                .table(
                    .thead(
                        .tr(
                            .th(.text(l.t("api_tokens.overview.institution"))),
                            .th(.text(l.t("api_tokens.overview.active")))
                        )
                    ),
                    .tbody(
                        .forEach(institutions) { row in
                            .tr(
                                .td(
                                    .a(
                                        .href(SitePath(language: l, page: .institutionAPITokens(row.institution.code)).path),
                                        .text(row.institution.code + " — "),
                                        Fragments.localized(row.institution.name, l)
                                    )
                                ),
                                .td(.text(Fragments.count(row.active, l)))
                            )
                        }
                    )
                )
            )
        )
    }
}
