import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/chains/{id}/units/{area}`: a unit's page, made for a phone. Its form(s) to fill
/// (a bottom unit) or its compiled values to forward (a unit above), what is due from below with
/// arrived, late and returned, the return (with a comment) and the acceptance of what arrived,
/// and every step taken on its forms.
public struct ChainUnitPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var status: ChainStatus
    public var area: String
    /// Whether the reader acts for this unit (fills and sends its forms).
    public var canAct: Bool
    /// Whether the reader acts for this unit towards the units below (accepts and returns what
    /// they sent).
    public var canReview: Bool
    public var history: [ChainStepRecord]
    /// Values as typed in a refused form (form → field → text).
    public var typed: [String: [String: String]]

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        status: ChainStatus,
        area: String,
        canAct: Bool,
        canReview: Bool,
        history: [ChainStepRecord],
        typed: [String: [String: String]] = [:]
    ) {
        self.language = language
        self.session = session
        self.status = status
        self.area = area
        self.canAct = canAct
        self.canReview = canReview
        self.history = history
        self.typed = typed
    }

    var id: Int64 { status.chain.id ?? 0 }

    public func render() -> String {
        let l = language
        let chain = status.chain
        let level = ChainAreas.level(of: area)
        let name = status.names[area]?.text(in: l) ?? area
        let parent = status.parent(of: area)
        return Layout(title: name, description: chain.title.text(in: l), path: SitePath(language: l, page: .chainUnit(id, area))).render(
            .div(
                .class("wrap chain-unit"),
                Fragments.breadcrumbs(
                    [
                        (l.t("chains.list.title"), SitePath(language: l, page: .chains).path),
                        (chain.title.text(in: l), SitePath(language: l, page: .chain(id)).path), (name, nil),
                    ],
                    l
                ),
                .h1(.text(name), .text(" "), .small(.class("code"), .text(area))),
                .p(
                    .class("lead"),
                    .text(
                        l.t(
                            "chains.unit.meta",
                            [
                                "level": .text(ChainParts.levelName(level, l)),
                                "to": .text(parent.flatMap { status.names[$0]?.text(in: l) } ?? ChainParts.levelName(nil, l)),
                                "deadline": .text(ChainParts.deadline(level.flatMap(chain.level), l)),
                            ]
                        )
                    )
                ),
                .p(ChainParts.stateBadge(status.unitState(area), late: status.isLate(area), l)),
                .if(chain.isIllustrative, ChainParts.illustrative(l)),
                FormParts.messages(session.notices, errors: session.errors),
                .p(.a(.href(SitePath(language: l, page: .chainUnitForm(id, area)).path), .text(l.t("chains.unit.paper")))),
                .forEach(chain.forms) { form in formSection(form, isBottom: level == chain.bottom) },
                dueFromBelow,
                historySection
            )
        )
    }

    private func formSection(_ form: ChainForm, isBottom: Bool) -> BodyNode {
        let l = language
        let state = status.states[area]?[form.code]
        let values = status.values(of: area)[form.code] ?? [:]
        let editable = canAct && state != .accepted
        let save = SitePath(language: l, page: .chainUnitSave(id, area)).path
        return .section(
            .class("chain-form"),
            .h2(Fragments.localized(form.title, l), .text(" "), .small(.class("code"), .text(form.code))),
            .p(.text(ChainParts.stateName(state, l))),
            .unwrap(status.comments[area]?[form.code]) { comment in
                .p(.class("notice error"), .text(l.t("chains.unit.returnedWith", ["comment": .text(comment)])))
            },
            .if(
                isBottom && editable,
                .form(
                    .method(.post),
                    .action(save),
                    FormParts.csrf(session.csrfToken),
                    FormParts.input([("type", "hidden"), ("name", "area"), ("value", area)]),
                    FormParts.input([("type", "hidden"), ("name", "form"), ("value", form.code)]),
                    .forEach(form.fields) { field in
                        let name = "v-\(field.code)"
                        let shown = typed[form.code]?[field.code] ?? values[field.code].map(Fragments.formatNumber) ?? ""
                        return .div(
                            .class("field"),
                            .label(
                                .for("f-\(form.code)-\(field.code)"),
                                Fragments.localized(field.title, l),
                                .text(" "),
                                .small(.class("code"), .text(field.code))
                            ),
                            FormParts.input([
                                ("type", "text"), ("inputmode", "decimal"), ("name", name), ("id", "f-\(form.code)-\(field.code)"),
                                ("value", shown),
                            ])
                        )
                    },
                    .div(
                        .class("chain-buttons"),
                        .button(.type(.submit), .name("step"), .value("save"), .text(l.t("chains.action.save"))),
                        .button(.type(.submit), .name("step"), .value("submit"), .text(l.t("chains.action.submit")))
                    )
                ),
                else: .group(
                    ChainParts.valuesTables(
                        ReportingChain(owner: "", title: form.title, year: 0, forms: [form], levels: []),
                        [form.code: values],
                        l
                    ),
                    .if(
                        editable && !isBottom,
                        FormParts.button(
                            l.t("chains.action.forward"),
                            action: save,
                            csrf: session.csrfToken,
                            hidden: [("area", area), ("form", form.code), ("step", "submit")]
                        )
                    )
                )
            )
        )
    }

    private var dueFromBelow: BodyNode {
        let l = language
        let children = status.children(of: area)
        guard !children.isEmpty else { return .empty }
        let step = SitePath(language: l, page: .chainUnitStep(id, area)).path
        return .section(
            .class("chain-below"),
            .h2(.text(l.t("chains.unit.below"))),
            .p(
                .text(
                    l.t(
                        "chains.unit.belowCounts",
                        [
                            "expected": .text(TextFormat.grouped(children.count, in: l)),
                            "arrived": .text(TextFormat.grouped(children.filter { status.unitState($0)?.counts ?? false }.count, in: l)),
                            "late": .text(TextFormat.grouped(children.filter(status.isLate).count, in: l)),
                        ]
                    )
                )
            ),
            .ul(
                .class("chain-children"),
                .forEach(children) { child in
                    .li(
                        .a(
                            .href(SitePath(language: l, page: .chainUnit(id, child)).path),
                            .text(status.names[child]?.text(in: l) ?? child)
                        ),
                        .text(" "),
                        .small(.class("code"), .text(child)),
                        .text(" "),
                        ChainParts.stateBadge(status.unitState(child), late: status.isLate(child), l),
                        .forEach(status.chain.forms) { form in
                            let state = status.states[child]?[form.code]
                            return .div(
                                .class("chain-child-form"),
                                .text("\(form.code): \(ChainParts.stateName(state, l))"),
                                .unwrap(status.comments[child]?[form.code]) { .small(.text(" — " + $0)) },
                                .if(canReview && state == .submitted, reviewForms(child: child, form: form.code, action: step))
                            )
                        }
                    )
                }
            )
        )
    }

    private func reviewForms(child: String, form: String, action: String) -> BodyNode {
        let l = language
        return .div(
            .class("chain-actions"),
            FormParts.button(
                l.t("chains.action.accept"),
                action: action,
                csrf: session.csrfToken,
                hidden: [("area", area), ("unit", child), ("form", form), ("step", "accept")]
            ),
            .form(
                .class("inline-form"),
                .method(.post),
                .action(action),
                FormParts.csrf(session.csrfToken),
                FormParts.input([("type", "hidden"), ("name", "area"), ("value", area)]),
                FormParts.input([("type", "hidden"), ("name", "unit"), ("value", child)]),
                FormParts.input([("type", "hidden"), ("name", "form"), ("value", form)]),
                FormParts.input([("type", "hidden"), ("name", "step"), ("value", "return")]),
                FormParts.input([
                    ("type", "text"), ("name", "comment"), ("required", "required"), ("aria-label", l.t("chains.action.comment")),
                ]),
                .button(.type(.submit), .text(l.t("chains.action.return")))
            )
        )
    }

    private var historySection: BodyNode {
        let l = language
        guard !history.isEmpty else { return .empty }
        return .section(
            .h2(.text(l.t("chains.unit.history"))),
            .ol(
                .class("chain-history"),
                .forEach(history.reversed()) { record in
                    .li(
                        .text(
                            l.t(
                                "chains.unit.step",
                                [
                                    "form": .text(record.form), "state": .text(ChainParts.stateName(record.state, l)),
                                    "revision": .text(String(record.revision)), "who": .text(record.actor),
                                    "when": .text(TextFormat.dateTime(record.at, in: l)),
                                ]
                            )
                        ),
                        .unwrap(record.comment) { .small(.text(" — " + $0)) }
                    )
                }
            )
        )
    }
}
