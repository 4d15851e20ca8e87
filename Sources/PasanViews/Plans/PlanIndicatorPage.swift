import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/plans/{code}/indicators/{indicator}`: a plan indicator — definition, unit, direction,
/// baseline, data source, frequency and responsible institution; a chart of its values with its
/// targets marked; its values with where each comes from (the SDG series it is "same" as, or the
/// plan itself); every target with its revisions; progress against the end-of-plan target and
/// each milestone; its SDG links. Editors get the forms to record a value and to set or revise a
/// target.
public struct PlanIndicatorPage: Sendable {
    public var language: PasanDomain.Language
    public var plan: DevelopmentPlan
    /// The outcome or output it measures.
    public var result: PlanResult?
    public var indicator: PlanIndicator
    public var links: [PlanIndicatorLink]
    /// Its values by year, wherever they are kept.
    public var values: [PlanValue]
    /// Every stored revision of its targets (the current targets are `indicator.targets`).
    public var targetRevisions: [PlanTargetRevision]
    /// Progress against each target assessed (end-of-plan, milestones, a year's annual target).
    public var progress: [PlanIndicatorProgress]
    /// The responsible institution's name, from the catalogue.
    public var ownerName: LocalizedText?
    /// Titles of the linked SDG indicators, by code.
    public var sdgTitles: [String: LocalizedText]
    /// The SDG series the indicator is "same" as (`PlanValueFlow.sameSeries`): a value recorded
    /// for it is written to that series.
    public var sameSeries: Series?
    /// The signed-in reader (the forms' CSRF token and the last action's messages); `nil` for
    /// anonymous readers.
    public var session: PageSession?
    /// Whether the reader may record values and set targets (the forms are shown).
    public var canEdit: Bool
    /// The fields of the form last sent (after a refusal), by name, as posted: `form` (`value` or
    /// `target`) says which form they refill; `year`, `value`, `source`, `reason` (value form);
    /// `year`, `kind`, `value`, `remove`, `reason` (target form).
    public var fields: [String: String]
    /// The indicator as a row of the plan file (column → text), what the edit form starts from.
    public var indicatorRow: [String: String]

    public init(
        language: PasanDomain.Language,
        plan: DevelopmentPlan,
        result: PlanResult?,
        indicator: PlanIndicator,
        links: [PlanIndicatorLink] = [],
        values: [PlanValue] = [],
        targetRevisions: [PlanTargetRevision] = [],
        progress: [PlanIndicatorProgress] = [],
        ownerName: LocalizedText? = nil,
        sdgTitles: [String: LocalizedText] = [:],
        sameSeries: Series? = nil,
        session: PageSession? = nil,
        canEdit: Bool = false,
        fields: [String: String] = [:],
        indicatorRow: [String: String] = [:]
    ) {
        self.language = language
        self.plan = plan
        self.result = result
        self.indicator = indicator
        self.links = links
        self.values = values.sorted { $0.year < $1.year }
        self.targetRevisions = targetRevisions
        self.progress = progress
        self.ownerName = ownerName
        self.sdgTitles = sdgTitles
        self.sameSeries = sameSeries
        self.session = session
        self.canEdit = canEdit
        self.indicatorRow = indicatorRow
        self.fields = fields
    }

    public func render() -> String {
        let l = language
        let title = "\(indicator.code) \(indicator.title.text(in: l))"
        var trail: [(String, String?)] = []
        if let result {
            trail.append(
                (
                    "\(PlanParts.level(result.level, l)) \(result.code)",
                    SitePath(language: l, page: .planResult(plan.code, result.code)).path
                )
            )
        }
        trail.append(("\(UIText.indicator.text(l)) \(indicator.code)", nil))
        return Layout(
            title: title,
            description: indicator.definition?.text(in: l) ?? title,
            path: SitePath(language: l, page: .planIndicator(plan.code, indicator.code))
        ).render(
            .div(
                .class("wrap"),
                PlanParts.breadcrumbs(plan, trail, l),
                .header(
                    .class("plan-header"),
                    .h1(
                        .span(.class("code"), .text(indicator.code)),
                        .text(" "),
                        Fragments.localized(indicator.title, l),
                        .if(indicator.isIllustrative, .group(.text(" "), PlanParts.illustrativeMark(l)))
                    ),
                    .if(l == .lo, .p(.class("other-language"), .attribute(named: "lang", value: "en"), .text(indicator.title.en)))
                ),
                .if(indicator.isIllustrative || plan.isIllustrative, PlanParts.illustrativeNotice(l)),
                .unwrap(session) { FormParts.messages($0.notices, errors: $0.errors) },
                facts,
                valuesSection,
                targetsSection,
                progressSection,
                linksSection,
                .if(canEdit && session != nil, forms)
            )
        )
    }

    // MARK: Facts

    private var facts: BodyNode {
        let l = language
        return .dl(
            .class("facts plan-facts"),
            .dt(.text(UIText.plan.text(l))),
            .dd(PlanParts.planLink(plan, l), .text(" (\(PlanParts.period(plan)))")),
            .unwrap(result) { result in .group(.dt(.text(l.t("plans_views.indicator.measures"))), .dd(PlanParts.resultLink(result, l))) },
            .dt(.text(l.t("plans_views.indicator.definition"))),
            .dd(.unwrap(indicator.definition, { Fragments.localized($0, l) }, else: .text("—"))),
            .dt(.text(UIText.unit.text(l))),
            .dd(.text(indicator.unit ?? "—")),
            .dt(.text(l.t("plans_views.indicator.direction"))),
            .dd(.text(PlanParts.direction(indicator.direction, l))),
            .dt(.text(l.t("plans_views.col.baseline"))),
            .dd(PlanParts.valueInYear(indicator.baseline?.value, year: indicator.baseline?.year, l)),
            .dt(.text(l.t("plans_views.indicator.dataSource"))),
            .dd(.text(indicator.dataSource ?? "—")),
            .dt(.text(l.t("plans_views.indicator.frequency"))),
            .dd(.text(indicator.frequency?.title.text(in: l) ?? "—")),
            .dt(.text(l.t("plans_views.col.responsible"))),
            .dd(
                .unwrap(
                    indicator.owner,
                    { code in .a(.href(SitePath(language: l, page: .handbook(code)).path), .text(ownerName?.text(in: l) ?? code)) },
                    else: .text("—")
                )
            ),
            .unwrap(indicator.note) { note in .group(.dt(.text(l.t("plans_views.col.note"))), .dd(.text(note))) }
        )
    }

    // MARK: Values

    private var valuesSection: BodyNode {
        let l = language
        let unit = indicator.unit.map { " (\($0))" } ?? ""
        let end = indicator.endOfPlanTarget
        var chart = LineChart(
            title: "\(indicator.code) — \(indicator.title.text(in: l))\(unit)",
            lines: [LineChart.Line(label: l.t("plans_views.indicator.values"), points: values.map { ($0.year, $0.value) })],
            baseYear: indicator.baseline?.year,
            target: end.map { ($0.year, $0.value) },
            baseLabel: l.t("plans_views.col.baseline"),
            targetLabel: PlanParts.targetKind(.endOfPlan, l)
        )
        chart.markers = indicator.targets.filter { $0.kind != .endOfPlan }.map {
            LineChart.Marker(year: $0.year, value: $0.value, label: PlanParts.targetKind($0.kind, l))
        }
        return .section(
            .class("data plan-values"),
            .h2(.text(l.t("plans_views.indicator.values"))),
            .unwrap(sameSeries) { series in
                .p(
                    .class("plan-flow-note"),
                    .text(l.t("plans_views.indicator.flowNote", ["series": .text(series.code), "indicator": .text(series.indicator)]))
                )
            },
            .if(values.isEmpty, .p(.class("notice"), .text(l.t("plans_views.indicator.noValues")))),
            .if(!values.isEmpty, .div(.class("chart-wrap"), .raw(chart.svg(describedBy: "plan-values-table")))),
            .if(
                !values.isEmpty,
                .div(
                    .class("table-scroll"),
                    .table(
                        .class("data-table"),
                        .id("plan-values-table"),
                        .caption(.text("\(indicator.code)\(unit)")),
                        .thead(
                            .tr(
                                .th(.attribute(named: "scope", value: "col"), .text(UIText.period.text(l))),
                                .th(.attribute(named: "scope", value: "col"), .class("num"), .text(UIText.value.text(l))),
                                .th(.attribute(named: "scope", value: "col"), .text(UIText.source.text(l))),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_views.indicator.origin")))
                            )
                        ),
                        .tbody(
                            .forEach(values) { v in
                                .tr(
                                    .th(.attribute(named: "scope", value: "row"), .text(String(v.year))),
                                    .td(.class("num"), .text(PlanParts.value(v.value, l))),
                                    .td(.text(v.source ?? "—")),
                                    .td(PlanParts.origin(v.origin, l))
                                )
                            }
                        )
                    )
                )
            )
        )
    }

    // MARK: Targets

    /// The targets by year and kind, each with its revisions oldest first.
    struct TargetHistory {
        var year: Int
        var kind: PlanTargetKind
        var current: PlanTarget?
        var revisions: [PlanTargetRevision]
    }

    var targetHistories: [TargetHistory] {
        var keys: [String: TargetHistory] = [:]
        func key(_ t: PlanTarget) -> String { "\(t.year)|\(t.kind.rawValue)" }
        for t in indicator.targets {
            keys[key(t), default: TargetHistory(year: t.year, kind: t.kind, current: nil, revisions: [])].current = t
        }
        for r in targetRevisions where r.plan == indicator.plan && r.indicator == indicator.code {
            keys[key(r.target), default: TargetHistory(year: r.target.year, kind: r.target.kind, current: nil, revisions: [])].revisions
                .append(r)
        }
        return keys.values.map { h in
            var h = h
            h.revisions.sort { $0.stamp.revision < $1.stamp.revision }
            return h
        }.sorted { ($0.year, $0.kind.rawValue) < ($1.year, $1.kind.rawValue) }
    }

    private var targetsSection: BodyNode {
        let l = language
        let histories = targetHistories
        return .section(
            .class("plan-targets"),
            .h2(.text(UIText.targets.text(l))),
            .if(histories.isEmpty, .p(.class("notice"), .text(l.t("plans_views.indicator.noTargets")))),
            .if(
                !histories.isEmpty,
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.attribute(named: "scope", value: "col"), .text(UIText.period.text(l))),
                                .th(.attribute(named: "scope", value: "col"), .text(UIText.kind.text(l))),
                                .th(.attribute(named: "scope", value: "col"), .class("num"), .text(UIText.value.text(l))),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_views.indicator.history")))
                            )
                        ),
                        .tbody(.forEach(histories) { targetRow($0) })
                    )
                )
            )
        )
    }

    private func targetRow(_ h: TargetHistory) -> Node<HTML.TableContext> {
        let l = language
        return .tr(
            .class(h.revisions.count > 1 ? "revised" : ""),
            .th(.attribute(named: "scope", value: "row"), .text(String(h.year))),
            .td(.text(PlanParts.targetKind(h.kind, l))),
            .td(
                .class("num"),
                .unwrap(h.current, { .text(PlanParts.value($0.value, l)) }, else: .em(.text(l.t("plans_views.indicator.targetRemoved"))))
            ),
            .td(
                .if(h.revisions.isEmpty, .text("—")),
                .if(
                    !h.revisions.isEmpty,
                    .ol(
                        .class("plan-revisions"),
                        .forEach(h.revisions.enumerated()) { index, r in
                            let superseded = index < h.revisions.count - 1
                            let shown: Node<HTML.BodyContext> =
                                r.isRemoved
                                ? .text(l.t("plans_views.indicator.removed"))
                                : .text(PlanParts.value(r.target.value, l))
                            return .li(
                                .class(superseded ? "superseded" : "current"),
                                superseded ? .del(shown) : .strong(shown),
                                .text(" — "),
                                .text(
                                    (index == 0
                                        ? l.t("plans_views.indicator.setBy", ["by": .text(PlanParts.revisedBy(r.stamp, l))])
                                        : l.t("plans_views.indicator.revisedBy", ["by": .text(PlanParts.revisedBy(r.stamp, l))])) + " "
                                ),
                                Fragments.moment(r.stamp.at, l),
                                .unwrap(r.stamp.reason) { .text(" — " + l.t("plans_views.indicator.because", ["reason": .text($0)])) }
                            )
                        }
                    )
                )
            )
        )
    }

    // MARK: Progress

    private var progressSection: BodyNode {
        let l = language
        return .section(
            .class("plan-progress"),
            .h2(.text(l.t("plans_views.indicator.progress"))),
            .if(progress.isEmpty, .p(.class("progress none"), .text(l.t("plans_views.indicator.notAssessed")))),
            .if(
                !progress.isEmpty,
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_views.indicator.against"))),
                                .th(.attribute(named: "scope", value: "col"), .class("num"), .text(l.t("plans_views.indicator.from"))),
                                .th(.attribute(named: "scope", value: "col"), .class("num"), .text(l.t("plans_views.col.latest"))),
                                .th(.attribute(named: "scope", value: "col"), .text(UIText.status.text(l))),
                                .th(.attribute(named: "scope", value: "col"), .class("num"), .text(l.t("plans_views.indicator.score"))),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_views.indicator.method")))
                            )
                        ),
                        .tbody(.forEach(progress) { progressRow($0) })
                    )
                )
            ),
            .p(.a(.href(SitePath(language: l, page: .methodology).path), .text(l.t("plans_views.indicator.howComputed"))))
        )
    }

    private func progressRow(_ p: PlanIndicatorProgress) -> Node<HTML.TableContext> {
        let l = language
        let r = p.result
        return .tr(
            .class("progress-row \(p.status.rawValue)"),
            .th(
                .attribute(named: "scope", value: "row"),
                .unwrap(
                    p.target,
                    { t in .text("\(PlanParts.targetKind(t.kind, l)) \(t.year): \(PlanParts.value(t.value, l))") },
                    else: .text(l.t("plans_views.indicator.rateOnly"))
                )
            ),
            .td(.class("num"), PlanParts.valueInYear(r.baseValue, year: r.baseYear, l)),
            .td(
                .class("num"),
                PlanParts.valueInYear(r.currentValue ?? p.latest?.value, year: r.currentYear ?? p.latest?.year, l),
                PlanParts.originTag(p.latest, l)
            ),
            .td(PlanParts.statusChip(p.status, l)),
            .td(.class("num"), .text(r.score.map { TextFormat.decimal($0, fractionDigits: 2, in: l) } ?? "—")),
            .td(.small(.text(r.method.edition)))
        )
    }

    // MARK: SDG links

    private var linksSection: BodyNode {
        let l = language
        return .section(
            .class("plan-links-sdg"),
            .h2(.text(l.t("plans_views.indicator.sdgLinks"))),
            .if(links.isEmpty, .p(.text(l.t("plans_views.links.none")))),
            .if(
                !links.isEmpty,
                .ul(
                    .forEach(links) { link in
                        .li(
                            .a(
                                .href(SitePath.indicator(l, link.sdgIndicator).path),
                                .span(.class("code"), .text(link.sdgIndicator)),
                                .unwrap(sdgTitles[link.sdgIndicator]) { .group(.text(" "), Fragments.localized($0, l)) }
                            ),
                            .unwrap(link.series) { .text(" — \(UIText.series.text(l)) \($0)") },
                            .text(" — "),
                            .strong(.class("relation \(link.relation.rawValue)"), .text(PlanParts.relation(link.relation, l))),
                            .text(". \(PlanParts.relationExplained(link.relation, l))")
                        )
                    }
                )
            )
        )
    }

    // MARK: Forms

    /// The two forms post `year`, `value`, `reason` (and `source`; `kind` and `remove` for a
    /// target) with a hidden `form` (`value` or `target`) saying which one was sent, so that a
    /// refused form is refilled and the other left empty. Their element ids differ (`v-…`, `t-…`).
    private var forms: BodyNode {
        let l = language
        let token = session?.csrfToken ?? ""
        let sent = fields["form"]
        func value(_ form: String, _ name: String, _ fallback: String = "") -> String {
            sent == form ? fields[name] ?? fallback : fallback
        }
        return .section(
            .class("plan-edit-forms"),
            .h2(.text(l.t("plans_views.form.heading"))),
            .div(
                .class("plan-forms"),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: .planIndicatorValue(plan.code, indicator.code)).path),
                    .class("stack"),
                    FormParts.csrf(token),
                    FormParts.input([("type", "hidden"), ("name", "form"), ("value", "value")]),
                    .h3(.text(l.t("plans_views.form.value"))),
                    .p(
                        .class("hint"),
                        .text(
                            sameSeries.map {
                                l.t("plans_views.form.valueToSeries", ["series": .text($0.code), "indicator": .text($0.indicator)])
                            } ?? l.t("plans_views.form.valueToPlan")
                        )
                    ),
                    Self.field(UIText.period.text(l), "v", name: "year", value: value("value", "year"), type: "number", required: true),
                    Self.field(UIText.value.text(l), "v", name: "value", value: value("value", "value"), required: true),
                    Self.field(UIText.source.text(l), "v", name: "source", value: value("value", "source", indicator.dataSource ?? "")),
                    Self.field(l.t("plans_views.form.reason"), "v", name: "reason", value: value("value", "reason"), required: true),
                    FormParts.submit(l.t("plans_views.form.saveValue"))
                ),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: .planIndicatorTarget(plan.code, indicator.code)).path),
                    .class("stack"),
                    FormParts.csrf(token),
                    FormParts.input([("type", "hidden"), ("name", "form"), ("value", "target")]),
                    .h3(.text(l.t("plans_views.form.target"))),
                    .p(.class("hint"), .text(l.t("plans_views.form.targetHint"))),
                    Self.field(UIText.period.text(l), "t", name: "year", value: value("target", "year"), type: "number", required: true),
                    .div(
                        .class("field"),
                        .label(.for("t-kind"), .text(UIText.kind.text(l))),
                        .element(
                            named: "select",
                            nodes: [.attribute(named: "name", value: "kind"), .attribute(named: "id", value: "t-kind")]
                                + PlanTargetKind.allCases.map { kind in
                                    .element(
                                        named: "option",
                                        nodes: [
                                            .attribute(named: "value", value: kind.rawValue),
                                            kind.rawValue == value("target", "kind", PlanTargetKind.endOfPlan.rawValue)
                                                ? .attribute(named: "selected", value: "selected") : .empty,
                                            .text(PlanParts.targetKind(kind, l)),
                                        ]
                                    )
                                }
                        )
                    ),
                    Self.field(UIText.value.text(l), "t", name: "value", value: value("target", "value")),
                    .div(
                        .class("field check"),
                        .label(
                            FormParts.input([
                                ("type", "checkbox"), ("name", "remove"), ("value", "yes"),
                                ("checked", sent == "target" && fields["remove"] != nil ? "checked" : nil),
                            ]),
                            .text(" " + l.t("plans_views.form.remove"))
                        )
                    ),
                    Self.field(l.t("plans_views.form.reason"), "t", name: "reason", value: value("target", "reason"), required: true),
                    FormParts.submit(l.t("plans_views.form.saveTarget"))
                )
            ),
            indicatorForm(token)
        )
    }

    /// The indicator itself: the columns of its row in the plan file, checked by the same rules
    /// as a file (a problem is named by its column).
    private func indicatorForm(_ token: String) -> BodyNode {
        let l = language
        func value(_ name: String) -> String { fields["form"] == "indicator" ? fields[name] ?? "" : indicatorRow[name] ?? "" }
        let text: [(String, String)] = [
            ("title_en", l.t("plans_views.edit.titleEn")), ("title_lo", l.t("plans_views.edit.titleLo")),
            ("definition_en", l.t("plans_views.edit.definitionEn")), ("definition_lo", l.t("plans_views.edit.definitionLo")),
            ("unit", l.t("plans_views.edit.unit")), ("baseline_year", l.t("plans_views.edit.baselineYear")),
            ("baseline_value", l.t("plans_views.edit.baselineValue")), ("responsible", l.t("plans_views.edit.responsible")),
            ("data_source", l.t("plans_views.edit.dataSource")), ("sdg_links", l.t("plans_views.edit.sdgLinks")),
        ]
        return .details(
            .class("plan-indicator-edit"),
            fields["form"] == "indicator" ? .attribute(named: "open", value: "open") : .empty,
            .summary(.text(l.t("plans_views.edit.heading"))),
            .form(
                .method(.post),
                .action(SitePath(language: l, page: .planIndicatorEdit(plan.code, indicator.code)).path),
                .class("stack"),
                FormParts.csrf(token),
                FormParts.input([("type", "hidden"), ("name", "form"), ("value", "indicator")]),
                .p(.class("hint"), .text(l.t("plans_views.edit.hint"))),
                .forEach(text) { column in Self.field(column.1, "i", name: column.0, value: value(column.0)) },
                .div(
                    .class("field"),
                    .label(.for("i-direction"), .text(l.t("plans_views.edit.direction"))),
                    .element(
                        named: "select",
                        nodes: [.attribute(named: "name", value: "direction"), .attribute(named: "id", value: "i-direction")]
                            + ([""] + PlanDirection.allCases.map(\.rawValue)).map { option in
                                .element(
                                    named: "option",
                                    nodes: [
                                        .attribute(named: "value", value: option, ignoreIfValueIsEmpty: false),
                                        option == value("direction") ? .attribute(named: "selected", value: "selected") : .empty,
                                        .text(option.isEmpty ? "—" : PlanParts.direction(PlanDirection(rawValue: option), l)),
                                    ]
                                )
                            }
                    )
                ),
                Self.field(
                    l.t("plans_views.form.reason"),
                    "i",
                    name: "reason",
                    value: fields["form"] == "indicator" ? fields["reason"] ?? "" : "",
                    required: true
                ),
                FormParts.submit(l.t("plans_views.edit.save"))
            )
        )
    }

    /// A labelled input whose id is `<form>-<name>` (two forms on the page share field names).
    private static func field(
        _ label: String,
        _ form: String,
        name: String,
        value: String,
        type: String = "text",
        required: Bool = false
    ) -> Node<HTML.FormContext> {
        .div(
            .class("field"),
            .label(.for("\(form)-\(name)"), .text(label)),
            FormParts.input([
                ("type", type), ("name", name), ("id", "\(form)-\(name)"), ("value", value), ("required", required ? "required" : nil),
            ])
        )
    }
}
