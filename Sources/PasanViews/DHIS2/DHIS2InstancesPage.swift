import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/dhis2`: the DHIS2 instances Pasan pulls from — whose data each brings, how it signs
/// in, how often it is pulled and how its last pull went — and the form to register one. The
/// credential is asked once, sealed, and never shown again.
public struct DHIS2InstancesPage: Sendable {
    /// What the registration form was filled with (kept when it is refused; never the secret).
    public struct Form: Sendable, Hashable {
        public var name = ""
        public var baseURL = ""
        public var institution = ""
        public var authKind = "token"
        public var username = ""
        public var schedule = "none"

        public init() {}
    }

    public var language: PasanDomain.Language
    public var session: PageSession
    public var instances: [DHIS2InstanceSummary]
    /// The institutions the user may register an instance for (code, name).
    public var institutions: [(code: String, name: String)]
    /// Whether `PASAN_SECRET_KEY` is set: without it nothing can be registered.
    public var canSealSecrets: Bool
    public var form: Form
    public var formErrors: [String]

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        instances: [DHIS2InstanceSummary],
        institutions: [(code: String, name: String)],
        canSealSecrets: Bool,
        form: Form = Form(),
        formErrors: [String] = []
    ) {
        self.language = language
        self.session = session
        self.instances = instances
        self.institutions = institutions
        self.canSealSecrets = canSealSecrets
        self.form = form
        self.formErrors = formErrors
    }

    public func render() -> String {
        let l = language
        let title = l.t("dhis2_web.list.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .dhis2)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .p(.class("lead"), .text(l.t("dhis2_web.list.intro"))),
                instances.isEmpty ? .p(.text(l.t("dhis2_web.list.none"))) : table,
                .h2(.text(l.t("dhis2_web.register.title"))),
                canSealSecrets
                    ? registerForm
                    : .p(
                        .class("notice error"),
                        .text(l.t("dhis2_web.register.noKey", ["variable": .text("PASAN_SECRET_KEY")]))
                    )
            )
        )
    }

    private var table: BodyNode {
        let l = language
        return .div(
            .class("table-scroll"),
            .table(
                .thead(
                    .tr(
                        .th(.text(l.t("dhis2_web.column.instance"))),
                        .th(.text(l.t("dhis2_web.column.institution"))),
                        .th(.text(l.t("dhis2_web.column.signIn"))),
                        .th(.text(l.t("dhis2_web.column.schedule"))),
                        .th(.text(l.t("dhis2_web.column.lastPull")))
                    )
                ),
                .tbody(
                    .forEach(instances) { instance in
                        .tr(
                            .td(
                                .a(.href(SitePath(language: l, page: .dhis2Instance(instance.id)).path), .text(instance.name)),
                                .br(),
                                .code(.text(instance.baseURL))
                            ),
                            .td(.text(instance.institution)),
                            .td(.text(DHIS2Text.authKind(instance.authKind, l))),
                            .td(.text(DHIS2Text.schedule(instance.schedule, l))),
                            .td(
                                .unwrap(instance.lastPull) { pull in
                                    .group(
                                        Fragments.moment(pull.at, l),
                                        .br(),
                                        .span(.class(pull.succeeded ? "chip ok" : "chip error"), .text(DHIS2Text.outcome(pull, l)))
                                    )
                                },
                                .if(instance.lastPull == nil, .text(l.t("dhis2_web.list.neverPulled")))
                            )
                        )
                    }
                )
            )
        )
    }

    private var registerForm: BodyNode {
        let l = language
        return .group(
            .p(.text(l.t("dhis2_web.register.intro"))),
            .forEach(formErrors) { .p(.class("notice error"), .attribute(named: "role", value: "alert"), .text($0)) },
            .form(
                .method(.post),
                .action(SitePath(language: l, page: .dhis2).path),
                FormParts.csrf(session.csrfToken),
                FormParts.field(l.t("dhis2_web.field.name"), name: "name", value: form.name, required: true),
                FormParts.field(
                    l.t("dhis2_web.field.baseURL"),
                    name: "base_url",
                    value: form.baseURL,
                    type: "url",
                    required: true,
                    hint: l.t("dhis2_web.field.baseURL.hint")
                ),
                FormParts.select(
                    l.t("dhis2_web.field.institution"),
                    name: "institution",
                    options: institutions.map { ($0.code, "\($0.code) — \($0.name)") },
                    selected: form.institution
                ),
                DHIS2Text.credentialFields(authKind: form.authKind, username: form.username, l),
                FormParts.select(
                    l.t("dhis2_web.field.schedule"),
                    name: "schedule",
                    options: ["none", "daily", "weekly"].map { ($0, DHIS2Text.schedule($0, l)) },
                    selected: form.schedule
                ),
                FormParts.submit(l.t("dhis2_web.register.submit"))
            )
        )
    }
}
