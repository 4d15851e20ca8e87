import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/dhis2/{id}`: one DHIS2 instance — pull now, the schedule, a new credential; its
/// mapping (which DHIS2 data gives which Pasan series and breakdown), edited here or imported
/// and exported as CSV or XLSX; how many organisation units are matched; and its pulls.
public struct DHIS2InstancePage: Sendable {
    /// The mapping line being added (kept when refused, or filled from a "map it" link).
    public struct MappingForm: Sendable, Hashable {
        public var dataElement = ""
        public var categoryOptionCombo = ""
        public var source = "analytics"
        public var indicator = ""
        public var series = ""
        public var breakdown = ""
        public var aggregation = "sum"
        public var factor = "1"

        public init() {}
    }

    public var language: PasanDomain.Language
    public var session: PageSession
    public var instance: DHIS2InstanceSummary
    public var mappings: [DHIS2ElementMapping]
    public var orgUnits: (total: Int, confirmed: Int)
    public var pulls: [DHIS2PullSummary]
    public var canSealSecrets: Bool
    public var mappingForm: MappingForm
    /// Problems of the mapping form or of an imported mapping file.
    public var mappingErrors: [String]

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        instance: DHIS2InstanceSummary,
        mappings: [DHIS2ElementMapping],
        orgUnits: (total: Int, confirmed: Int),
        pulls: [DHIS2PullSummary],
        canSealSecrets: Bool,
        mappingForm: MappingForm = MappingForm(),
        mappingErrors: [String] = []
    ) {
        self.language = language
        self.session = session
        self.instance = instance
        self.mappings = mappings
        self.orgUnits = orgUnits
        self.pulls = pulls
        self.canSealSecrets = canSealSecrets
        self.mappingForm = mappingForm
        self.mappingErrors = mappingErrors
    }

    func path(_ page: SitePath.Page) -> String { SitePath(language: language, page: page).path }

    public func render() -> String {
        let l = language
        let id = instance.id
        return Layout(title: instance.name, description: instance.name, path: SitePath(language: l, page: .dhis2Instance(id))).render(
            .div(
                .class("wrap"),
                .p(.a(.href(path(.dhis2)), .text(l.t("dhis2_web.list.title")))),
                .h1(.text(instance.name)),
                FormParts.messages(session.notices, errors: session.errors),
                .dl(
                    .dt(.text(l.t("dhis2_web.field.baseURL"))),
                    .dd(.code(.text(instance.baseURL))),
                    .dt(.text(l.t("dhis2_web.field.institution"))),
                    .dd(.text(instance.institution)),
                    .dt(.text(l.t("dhis2_web.column.signIn"))),
                    .dd(.text(DHIS2Text.authKind(instance.authKind, l) + (instance.username.map { " (\($0))" } ?? ""))),
                    .dt(.text(l.t("dhis2_web.column.schedule"))),
                    .dd(
                        .text(DHIS2Text.schedule(instance.schedule, l)),
                        .unwrap(instance.nextPullAt) { next in
                            .group(.text(" — " + l.t("dhis2_web.instance.nextPull") + " "), Fragments.moment(next, l))
                        }
                    )
                ),
                .div(
                    .class("actions"),
                    FormParts.button(l.t("dhis2_web.instance.pullNow"), action: path(.dhis2Pull(id)), csrf: session.csrfToken)
                ),
                .p(.text(l.t("dhis2_web.instance.pullIntro"))),
                .h2(.text(l.t("dhis2_web.orgUnits.title"))),
                .p(
                    .text(
                        l.t(
                            "dhis2_web.instance.orgUnits",
                            ["confirmed": .text(Fragments.count(orgUnits.confirmed, l))],
                            count: orgUnits.total
                        )
                    ),
                    .text(" "),
                    .a(.href(path(.dhis2OrgUnits(id))), .text(l.t("dhis2_web.instance.orgUnitsLink")))
                ),
                .h2(.text(l.t("dhis2_web.mapping.title"))),
                .p(.text(l.t("dhis2_web.mapping.intro"))),
                .forEach(mappingErrors) { .p(.class("notice error"), .attribute(named: "role", value: "alert"), .text($0)) },
                mappings.isEmpty ? .p(.text(l.t("dhis2_web.mapping.none"))) : mappingTable,
                mappingFormNode,
                mappingFiles,
                .h2(.text(l.t("dhis2_web.pulls.title"))),
                pulls.isEmpty ? .p(.text(l.t("dhis2_web.list.neverPulled"))) : pullsTable,
                settings
            )
        )
    }

    private var mappingTable: BodyNode {
        let l = language
        return .div(
            .class("table-scroll"),
            .table(
                .thead(
                    .tr(
                        .th(.text(l.t("dhis2_web.column.dhis2Data"))),
                        .th(.text(l.t("dhis2_web.column.source"))),
                        .th(.text(l.t("dhis2_web.column.series"))),
                        .th(.text(l.t("dhis2_web.column.breakdown"))),
                        .th(.text(l.t("dhis2_web.column.aggregation"))),
                        .th(.text(l.t("dhis2_web.column.factor"))),
                        .th()
                    )
                ),
                .tbody(
                    .forEach(mappings) { m in
                        .tr(
                            .td(.code(.text(m.dataElement)), .unwrap(m.categoryOptionCombo) { .group(.text(" · "), .code(.text($0))) }),
                            .td(.text(DHIS2Text.source(m.source, l))),
                            .td(.text(m.indicator), .br(), .code(.text(m.series))),
                            .td(.text(m.dimensions.isEmpty ? l.t("dhis2_web.mapping.total") : m.dimensions)),
                            .td(.text(DHIS2Text.aggregation(m.aggregation, l))),
                            .td(.text(ObservationRules.format(m.factor))),
                            .td(
                                FormParts.button(
                                    l.t("dhis2_web.mapping.remove"),
                                    action: path(.dhis2MappingRemove(instance.id)),
                                    csrf: session.csrfToken,
                                    hidden: [("data_element", m.dataElement), ("category_option_combo", m.categoryOptionCombo ?? "")]
                                )
                            )
                        )
                    }
                )
            )
        )
    }

    private var mappingFormNode: BodyNode {
        let l = language
        let f = mappingForm
        return .details(
            .attribute(named: "open", value: f.dataElement.isEmpty && mappingErrors.isEmpty ? nil : "open"),
            .summary(.text(l.t("dhis2_web.mapping.add"))),
            .form(
                .method(.post),
                .action(path(.dhis2Mapping(instance.id))),
                FormParts.csrf(session.csrfToken),
                FormParts.field(
                    l.t("dhis2_web.field.dataElement"),
                    name: "data_element",
                    value: f.dataElement,
                    required: true,
                    hint: l.t("dhis2_web.field.dataElement.hint")
                ),
                FormParts.field(
                    l.t("dhis2_web.field.categoryOptionCombo"),
                    name: "category_option_combo",
                    value: f.categoryOptionCombo,
                    hint: l.t("dhis2_web.field.categoryOptionCombo.hint")
                ),
                FormParts.select(
                    l.t("dhis2_web.column.source"),
                    name: "source",
                    options: DHIS2ValueSource.allCases.map { ($0.rawValue, DHIS2Text.source($0, l)) },
                    selected: f.source
                ),
                FormParts.field(l.t("dhis2_web.field.indicator"), name: "indicator", value: f.indicator, required: true),
                FormParts.field(l.t("dhis2_web.field.series"), name: "series", value: f.series, required: true),
                FormParts.field(
                    l.t("dhis2_web.column.breakdown"),
                    name: "breakdown",
                    value: f.breakdown,
                    hint: l.t("dhis2_web.field.breakdown.hint")
                ),
                FormParts.select(
                    l.t("dhis2_web.column.aggregation"),
                    name: "aggregation",
                    options: DHIS2Aggregation.allCases.map { ($0.rawValue, DHIS2Text.aggregation($0, l)) },
                    selected: f.aggregation
                ),
                FormParts.field(
                    l.t("dhis2_web.column.factor"),
                    name: "factor",
                    value: f.factor,
                    hint: l.t("dhis2_web.field.factor.hint")
                ),
                FormParts.submit(l.t("dhis2_web.mapping.save"))
            )
        )
    }

    private var mappingFiles: BodyNode {
        let l = language
        let id = instance.id
        return .group(
            .p(
                .text(l.t("dhis2_web.mapping.download") + " "),
                .a(.href(path(.dhis2MappingExport(id, "export.xlsx"))), .text("XLSX")),
                .text(" · "),
                .a(.href(path(.dhis2MappingExport(id, "export.csv"))), .text(language.t("dhis2_web.mapping.elementsCSV"))),
                .text(" · "),
                .a(.href(path(.dhis2MappingExport(id, "org-units.csv"))), .text(language.t("dhis2_web.mapping.orgUnitsCSV")))
            ),
            .form(
                .method(.post),
                .action(path(.dhis2MappingImport(id))),
                .enctype(.multipartData),
                FormParts.csrf(session.csrfToken),
                .div(
                    .class("field"),
                    .label(.for("f-mapping-file"), .text(l.t("dhis2_web.mapping.importFile"))),
                    FormParts.input([
                        ("type", "file"), ("name", "file"), ("id", "f-mapping-file"), ("accept", ".csv,.xlsx"), ("required", "required"),
                    ]),
                    .small(.class("hint"), .text(l.t("dhis2_web.mapping.importHint")))
                ),
                FormParts.submit(l.t("dhis2_web.mapping.import"))
            )
        )
    }

    private var pullsTable: BodyNode {
        let l = language
        return .div(
            .class("table-scroll"),
            .table(
                .thead(
                    .tr(
                        .th(.text(l.t("dhis2_web.column.pull"))),
                        .th(.text(l.t("dhis2_web.column.when"))),
                        .th(.text(l.t("dhis2_web.column.trigger"))),
                        .th(.text(l.t("dhis2_web.column.outcome")))
                    )
                ),
                .tbody(
                    .forEach(pulls) { pull in
                        .tr(
                            .td(
                                .a(
                                    .href(path(.dhis2PullReport(instance.id, pull.id))),
                                    .text(DHIS2Text.number(pull, l))
                                )
                            ),
                            .td(Fragments.moment(pull.at, l)),
                            .td(.text(DHIS2Text.trigger(pull, l))),
                            .td(
                                .span(.class(pull.succeeded ? "chip ok" : "chip error"), .text(DHIS2Text.outcome(pull, l))),
                                .unwrap(pull.retryAt) { at in
                                    .group(.br(), .text(l.t("dhis2_web.pull.retryAt") + " "), Fragments.moment(at, l))
                                }
                            )
                        )
                    }
                )
            )
        )
    }

    private var settings: BodyNode {
        let l = language
        let id = instance.id
        return .group(
            .h2(.text(l.t("dhis2_web.settings.title"))),
            .form(
                .method(.post),
                .action(path(.dhis2Schedule(id))),
                FormParts.csrf(session.csrfToken),
                FormParts.select(
                    l.t("dhis2_web.field.schedule"),
                    name: "schedule",
                    options: ["none", "daily", "weekly"].map { ($0, DHIS2Text.schedule($0, l)) },
                    selected: instance.schedule
                ),
                FormParts.submit(l.t("dhis2_web.settings.saveSchedule"))
            ),
            .if(
                canSealSecrets,
                .form(
                    .method(.post),
                    .action(path(.dhis2Credential(id))),
                    FormParts.csrf(session.csrfToken),
                    DHIS2Text.credentialFields(authKind: instance.authKind, username: instance.username ?? "", l),
                    FormParts.submit(l.t("dhis2_web.settings.replaceCredential"))
                )
            )
        )
    }
}
