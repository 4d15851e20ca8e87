import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/chains`: the reporting chains, each with its owner, year, levels and deadlines.
public struct ChainsPage: Sendable {
    public var language: PasanDomain.Language
    public var chains: [ChainSummary]
    public var ownerNames: [String: LocalizedText]
    /// Whether the reader may set up a chain (the link to the set-up page).
    public var canCreate: Bool

    public init(language: PasanDomain.Language, chains: [ChainSummary], ownerNames: [String: LocalizedText], canCreate: Bool) {
        self.language = language
        self.chains = chains
        self.ownerNames = ownerNames
        self.canCreate = canCreate
    }

    public func render() -> String {
        let l = language
        let title = l.t("chains.list.title")
        return Layout(title: title, description: l.t("chains.list.lead"), path: SitePath(language: l, page: .chains)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .p(.class("lead"), .text(l.t("chains.list.lead"))),
                .if(chains.contains { $0.isIllustrative }, ChainParts.illustrative(l)),
                .if(chains.isEmpty, .p(.text(l.t("chains.list.none")))),
                .ul(
                    .class("chain-list"),
                    .forEach(chains) { chain in
                        .li(
                            .a(.href(SitePath(language: l, page: .chain(chain.id)).path), Fragments.localized(chain.title, l)),
                            .text(" · \(chain.owner) · \(chain.year)"),
                            .br(),
                            .small(
                                .text(
                                    chain.levels.map { "\(ChainParts.levelName($0.level, l)) → \(TextFormat.date($0.deadline, in: l))" }
                                        .joined(separator: " · ")
                                )
                            )
                        )
                    }
                ),
                .if(
                    canCreate,
                    .p(.a(.href(SitePath(language: l, page: .chainNew).path), .text(l.t("chains.list.new"))))
                )
            )
        )
    }
}

/// `/{lang}/chains/{id}`: the owner's view of a chain — completeness by level (expected,
/// arrived, accepted, returned, late), the national compiled values, and a table per level.
public struct ChainPage: Sendable {
    public var language: PasanDomain.Language
    public var status: ChainStatus
    public var ownerName: LocalizedText?
    /// The session when the reader acts for the centre (accept or return the top level's forms).
    public var session: PageSession?

    public init(language: PasanDomain.Language, status: ChainStatus, ownerName: LocalizedText?, session: PageSession?) {
        self.language = language
        self.status = status
        self.ownerName = ownerName
        self.session = session
    }

    public func render() -> String {
        let l = language
        let chain = status.chain
        let id = chain.id ?? 0
        let title = chain.title.text(in: l)
        return Layout(title: title, description: l.t("chains.chain.lead"), path: SitePath(language: l, page: .chain(id))).render(
            .div(
                .class("wrap chain-page"),
                Fragments.breadcrumbs([(l.t("chains.list.title"), SitePath(language: l, page: .chains).path), (title, nil)], l),
                .h1(Fragments.localized(chain.title, l)),
                .p(
                    .class("lead"),
                    .text(
                        l.t(
                            "chains.chain.meta",
                            [
                                "owner": .text(ownerName?.text(in: l) ?? chain.owner), "year": .text(String(chain.year)),
                                "scope": .text(chain.scope.flatMap { status.names[$0]?.text(in: l) } ?? l.t("chains.chain.national")),
                            ]
                        )
                    )
                ),
                .if(chain.isIllustrative, ChainParts.illustrative(l)),
                .unwrap(session) { FormParts.messages($0.notices, errors: $0.errors) },
                completeness,
                .section(
                    .h2(.text(l.t("chains.chain.national"))),
                    .unwrap(chain.indicator) { .p(.text(l.t("chains.chain.feeds", ["indicator": .text($0)]))) },
                    ChainParts.valuesTables(chain, status.compiled.national, l)
                ),
                .forEach(Array(chain.levels.reversed())) { level in levelTable(level) }
            )
        )
    }

    private var completeness: BodyNode {
        let l = language
        return .section(
            .h2(.text(l.t("chains.completeness.title"))),
            .div(
                .class("table-scroll"),
                .table(
                    .thead(
                        .tr(
                            ChainParts.th(l.t("chains.col.level")),
                            ChainParts.th(l.t("chains.col.deadline")),
                            ChainParts.th(l.t("chains.col.expected"), numeric: true),
                            ChainParts.th(l.t("chains.col.arrived"), numeric: true),
                            ChainParts.th(l.t("chains.col.accepted"), numeric: true),
                            ChainParts.th(l.t("chains.col.returned"), numeric: true),
                            ChainParts.th(l.t("chains.col.late"), numeric: true)
                        )
                    ),
                    .tbody(
                        .forEach(status.completeness) { row in
                            .tr(
                                .th(.attribute(named: "scope", value: "row"), .text(ChainParts.levelName(row.level, l))),
                                .td(.text(TextFormat.date(row.deadline, in: l))),
                                .td(.class("num"), .text(TextFormat.grouped(row.expected, in: l))),
                                .td(.class("num"), .text(TextFormat.grouped(row.arrived, in: l))),
                                .td(.class("num"), .text(TextFormat.grouped(row.accepted, in: l))),
                                .td(.class("num"), .text(TextFormat.grouped(row.returned, in: l))),
                                .td(.class("num"), .text(TextFormat.grouped(row.late, in: l)))
                            )
                        }
                    )
                )
            )
        )
    }

    /// One level's units: every unit above the bottom; at the bottom, those that sent something
    /// or were returned (the others are counted above).
    private func levelTable(_ level: ChainLevel) -> BodyNode {
        let l = language
        let chain = status.chain
        let id = chain.id ?? 0
        let isTop = chain.levelAbove(level.level) == nil
        var units = status.units[level.level] ?? []
        if level.level == chain.bottom { units = units.filter { status.states[$0] != nil } }
        return .section(
            .h2(.text(ChainParts.levelName(level.level, l))),
            .if(level.level == chain.bottom, .p(.small(.text(l.t("chains.chain.bottomShown"))))),
            .div(
                .class("table-scroll"),
                .table(
                    .thead(
                        .tr(
                            ChainParts.th(l.t("chains.col.unit")),
                            ChainParts.th(l.t("chains.col.state")),
                            .forEach(chain.forms) { ChainParts.th($0.code) }
                        )
                    ),
                    .tbody(
                        .forEach(units) { area in
                            .tr(
                                .th(
                                    .attribute(named: "scope", value: "row"),
                                    .a(
                                        .href(SitePath(language: l, page: .chainUnit(id, area)).path),
                                        .text(status.names[area]?.text(in: l) ?? area)
                                    ),
                                    .text(" "),
                                    .small(.class("code"), .text(area))
                                ),
                                .td(ChainParts.stateBadge(status.unitState(area), late: status.isLate(area), l)),
                                .forEach(chain.forms) { form in
                                    .td(
                                        .text(ChainParts.stateName(status.states[area]?[form.code], l)),
                                        .if(
                                            isTop && session != nil && status.states[area]?[form.code] == .submitted,
                                            .unwrap(session) { s in centreActions(area: area, form: form.code, s) }
                                        )
                                    )
                                }
                            )
                        }
                    )
                )
            )
        )
    }

    /// The centre accepts or returns a top-level unit's form.
    private func centreActions(area: String, form: String, _ session: PageSession) -> BodyNode {
        let l = language
        let action = SitePath(language: l, page: .chain(status.chain.id ?? 0)).path
        return .div(
            .class("chain-actions"),
            FormParts.button(
                l.t("chains.action.accept"),
                action: action,
                csrf: session.csrfToken,
                hidden: [("step", "accept"), ("unit", area), ("form", form)]
            ),
            .form(
                .class("inline-form"),
                .method(.post),
                .action(action),
                FormParts.csrf(session.csrfToken),
                FormParts.input([("type", "hidden"), ("name", "step"), ("value", "return")]),
                FormParts.input([("type", "hidden"), ("name", "unit"), ("value", area)]),
                FormParts.input([("type", "hidden"), ("name", "form"), ("value", form)]),
                FormParts.input([
                    ("type", "text"), ("name", "comment"), ("required", "required"), ("aria-label", l.t("chains.action.comment")),
                ]),
                .button(.type(.submit), .text(l.t("chains.action.return")))
            )
        )
    }
}
