import PasanDomain
import PasanMessages
import Plot

/// One plan indicator as the plan pages list it: the indicator, its SDG links, its latest value,
/// its progress against the end-of-plan target, and the name of its responsible institution.
public struct PlanIndicatorRow: Sendable, Hashable {
    public var indicator: PlanIndicator
    /// Its links to SDG indicators (and series).
    public var links: [PlanIndicatorLink]
    /// The latest value (`progress.latest` when not given).
    public var latest: PlanValue?
    /// Progress against the end-of-plan target (or the target the page is about).
    public var progress: PlanIndicatorProgress?
    /// The responsible institution's name (from the catalogue); the code is shown without it.
    public var ownerName: LocalizedText?

    public init(
        indicator: PlanIndicator,
        links: [PlanIndicatorLink] = [],
        latest: PlanValue? = nil,
        progress: PlanIndicatorProgress? = nil,
        ownerName: LocalizedText? = nil
    ) {
        self.indicator = indicator
        self.links = links
        self.latest = latest ?? progress?.latest
        self.progress = progress
        self.ownerName = ownerName
    }
}

/// Pieces the plan pages share (plan list, plan, result, indicator, and the harmonisation,
/// comparison, report and edit pages): labels of the plan's vocabulary, marks for what is
/// illustrative or unconfirmed, status chips, values and SDG links.
enum PlanParts {
    // MARK: Plans

    /// "2021–2025".
    static func period(_ plan: DevelopmentPlan) -> String { "\(plan.startYear)–\(plan.endYear)" }

    static func kind(_ kind: PlanKind, _ l: Lang) -> String {
        switch kind {
        case .national: l.t("plans_views.kind.national")
        case .sector: l.t("plans_views.kind.sector")
        }
    }

    static func status(_ status: PlanStatus, _ l: Lang) -> String {
        switch status {
        case .draft: l.t("plans_views.status.draft")
        case .adopted: l.t("plans_views.status.adopted")
        }
    }

    /// The plan's status as a badge (`plan-status draft|adopted`).
    static func statusBadge<C>(_ status: PlanStatus, _ l: Lang) -> Node<C> {
        .element(
            named: "span",
            nodes: [.attribute(named: "class", value: "plan-status \(status.rawValue)"), .text(Self.status(status, l))]
        )
    }

    /// The plan's name, linked to its page, with the illustrative mark.
    static func planLink<C>(_ plan: DevelopmentPlan, _ l: Lang) -> Node<C> {
        .group([
            .element(
                named: "a",
                nodes: [
                    .attribute(named: "href", value: SitePath(language: l, page: .plan(plan.code)).path), Fragments.localized(plan.name, l),
                ]
            ),
            plan.isIllustrative ? .group([.text(" "), illustrativeMark(l)]) : .empty,
        ])
    }

    /// Breadcrumbs from the plan list down: plans › plan › `trail`.
    static func breadcrumbs(_ plan: DevelopmentPlan?, _ trail: [(String, String?)], _ l: Lang) -> BodyNode {
        var items: [(String, String?)] = [(l.t("plans_views.plans.title"), SitePath(language: l, page: .plans).path)]
        if let plan {
            items.append((plan.name.text(in: l), trail.isEmpty ? nil : SitePath(language: l, page: .plan(plan.code)).path))
        }
        return Fragments.breadcrumbs(items + trail, l)
    }

    // MARK: Marks

    /// "Illustrative": demo content, not official.
    static func illustrativeMark<C>(_ l: Lang) -> Node<C> {
        Fragments.mark(l.t("plans_views.illustrative"), title: l.t("plans_views.illustrative.long"))
    }

    /// The notice a page with illustrative content opens with.
    static func illustrativeNotice(_ l: Lang) -> BodyNode {
        .p(.class("notice plan-illustrative"), .text(l.t("plans_views.illustrative.notice")))
    }

    /// Whether an outcome's or output's placement is Pasan's reading rather than the plan's: an
    /// output whose source differs from its outcome's source (the 9th NSEDP's 2019 draft outputs
    /// placed under the adopted 2021 outcomes).
    static func placementUnconfirmed(_ result: PlanResult, among results: [PlanResult]) -> Bool {
        guard result.level == .output, let parentCode = result.parentCode, let source = result.source,
            let parent = results.first(where: { $0.plan == result.plan && $0.code == parentCode })
        else { return false }
        return parent.source != nil && parent.source != source
    }

    /// Marks beside an outcome's or output's title: its wording unverified, its placement
    /// unconfirmed.
    static func resultMarks<C>(_ result: PlanResult, placementUnconfirmed: Bool, _ l: Lang) -> Node<C> {
        .group([
            result.isVerified
                ? .empty
                : .group([
                    .text(" "),
                    Fragments.mark(l.t("plans_views.result.unverified"), title: l.t("plans_views.result.unverifiedLong")),
                ]),
            placementUnconfirmed
                ? .group([
                    .text(" "),
                    Fragments.mark(l.t("plans_views.result.placementUnconfirmed"), title: l.t("plans_views.result.placementLong")),
                ])
                : .empty,
        ])
    }

    /// "Source: …" under an outcome or output, when the data names one.
    static func resultSource(_ result: PlanResult, _ l: Lang) -> BodyNode {
        .unwrap(result.source) { .p(.class("plan-source"), .text(l.t("plans_views.result.source", ["source": .text($0)]))) }
    }

    static func level(_ level: PlanResultLevel, _ l: Lang) -> String {
        switch level {
        case .outcome: l.t("plans_views.level.outcome")
        case .output: l.t("plans_views.level.output")
        }
    }

    /// "Output 1.2" linked to its page, then its title.
    static func resultLink<C>(_ result: PlanResult, _ l: Lang) -> Node<C> {
        .element(
            named: "a",
            nodes: [
                .attribute(named: "href", value: SitePath(language: l, page: .planResult(result.plan, result.code)).path),
                .element(
                    named: "span",
                    nodes: [.attribute(named: "class", value: "code"), .text("\(level(result.level, l)) \(result.code)")]
                ),
                .text(" "),
                Fragments.localized(result.title, l),
            ]
        )
    }

    // MARK: Progress

    /// A status chip, the same as the SDG pages' (`chip <status>`).
    static func statusChip<C>(_ status: ProgressStatus?, _ l: Lang) -> Node<C> {
        let status = status ?? .notAvailable
        return .element(
            named: "span",
            nodes: [.attribute(named: "class", value: "chip \(status.rawValue)"), .text(status.title.text(in: l))]
        )
    }

    /// A result's rolled-up status: the chip and how many of its indicators were assessed.
    static func rollup<C>(_ progress: PlanResultProgress?, _ l: Lang) -> Node<C> {
        guard let progress else { return statusChip(nil, l) }
        return .group([
            statusChip(progress.status, l),
            .text(" "),
            .element(
                named: "small",
                nodes: [
                    .attribute(named: "class", value: "plan-rollup"),
                    .text(
                        l.t(
                            "plans_views.rollup.assessed",
                            ["assessed": .number(progress.assessedCount)],
                            count: progress.indicatorCount
                        )
                    ),
                ]
            ),
        ])
    }

    /// The progress of `result` (matched by its code or its `plan/code` id).
    static func progress(of result: PlanResult, in list: [PlanResultProgress]) -> PlanResultProgress? {
        list.first { $0.result == result.code || $0.result == result.id }
    }

    // MARK: Values and targets

    /// A value for a reader with the indicator's unit ("64.5 PERCENT" reads as the unit code).
    static func value(_ value: Double, _ l: Lang) -> String { Fragments.dataValue(value, l) }

    /// "64.5 (2019)".
    static func valueInYear<C>(_ value: Double?, year: Int?, _ l: Lang) -> Node<C> {
        guard let value else { return .text("—") }
        return .group([
            .text(Fragments.dataValue(value, l)),
            .unwrap(year) { .element(named: "small", nodes: [.attribute(named: "class", value: "plan-year"), .text(" (\($0))")]) },
        ])
    }

    static func targetKind(_ kind: PlanTargetKind, _ l: Lang) -> String {
        switch kind {
        case .annual: l.t("plans_views.targetKind.annual")
        case .endOfPlan: l.t("plans_views.targetKind.endOfPlan")
        case .milestone: l.t("plans_views.targetKind.milestone")
        }
    }

    static func direction(_ direction: PlanDirection?, _ l: Lang) -> String {
        switch direction {
        case .increase: l.t("plans_views.direction.increase")
        case .decrease: l.t("plans_views.direction.decrease")
        case nil: "—"
        }
    }

    /// Where a value comes from, in words: the SDG series it flows from, or the plan itself.
    static func origin<C>(_ origin: PlanValueOrigin, _ l: Lang) -> Node<C> {
        switch origin {
        case .plan:
            return .element(
                named: "span",
                nodes: [.attribute(named: "class", value: "plan-origin plan"), .text(l.t("plans_views.origin.plan"))]
            )
        case .sdg(let indicator, let series):
            return .element(
                named: "span",
                nodes: [
                    .attribute(named: "class", value: "plan-origin sdg"),
                    .text(l.t("plans_views.origin.sdg", ["series": .text(series)]) + " · "),
                    .element(
                        named: "a",
                        nodes: [
                            .attribute(named: "href", value: SitePath.indicator(l, indicator).path),
                            .text(l.t("plans_views.origin.tag", ["indicator": .text(indicator)])),
                        ]
                    ),
                ]
            )
        }
    }

    /// A short tag beside a value that flows from an SDG series ("SDG 3.1.2").
    static func originTag<C>(_ value: PlanValue?, _ l: Lang) -> Node<C> {
        guard case .sdg(let indicator, let series)? = value?.origin else { return .empty }
        return .group([
            .text(" "),
            .element(
                named: "span",
                nodes: [
                    .attribute(named: "class", value: "tag plan-flow"),
                    .attribute(named: "title", value: Escape.attribute(l.t("plans_views.origin.sdg", ["series": .text(series)]))),
                    .text(l.t("plans_views.origin.tag", ["indicator": .text(indicator)])),
                ]
            ),
        ])
    }

    // MARK: SDG links

    /// The relation's name for a plan link ("Same", "Adapted", "Proxy").
    static func relation(_ relation: NationalRelation, _ l: Lang) -> String {
        switch relation {
        case .same: l.t("plans_views.relationName.same")
        case .adapted: l.t("plans_views.relationName.adapted")
        case .proxy: l.t("plans_views.relationName.proxy")
        case .additional: l.t("plans_views.relationName.additional")
        }
    }

    /// Who made a revision: a person, or the plan data Pasan ships (`seed`).
    static func revisedBy(_ stamp: PlanRevisionStamp, _ l: Lang) -> String {
        stamp.by == "seed" ? l.t("plans_views.revision.seed") : stamp.by
    }

    /// What the relation means for the values.
    static func relationExplained(_ relation: NationalRelation, _ l: Lang) -> String {
        switch relation {
        case .same: l.t("plans_views.relation.same")
        case .adapted: l.t("plans_views.relation.adapted")
        case .proxy: l.t("plans_views.relation.proxy")
        case .additional: l.t("plans_views.relation.additional")
        }
    }

    /// The SDG indicators a plan indicator links to, each linked to its page with the relation
    /// (and the series a link names).
    static func sdgLinks<C>(_ links: [PlanIndicatorLink], _ l: Lang) -> Node<C> {
        guard !links.isEmpty else {
            return .element(named: "span", nodes: [.attribute(named: "class", value: "plan-nolink"), .text(l.t("plans_views.links.none"))])
        }
        return .element(
            named: "ul",
            nodes: [.attribute(named: "class", value: "plan-sdg-links")]
                + links.map { link in
                    .element(
                        named: "li",
                        nodes: [
                            .element(
                                named: "a",
                                nodes: [
                                    .attribute(named: "href", value: SitePath.indicator(l, link.sdgIndicator).path),
                                    .text(link.sdgIndicator),
                                ]
                            ),
                            .unwrap(link.series) { .element(named: "small", nodes: [.text(" \($0)")]) },
                            .text(" "),
                            .element(
                                named: "span",
                                nodes: [
                                    .attribute(named: "class", value: "relation \(link.relation.rawValue)"),
                                    .attribute(named: "title", value: Escape.attribute(relationExplained(link.relation, l))),
                                    .text(relation(link.relation, l)),
                                ]
                            ),
                        ]
                    )
                }
        )
    }

    // MARK: Tables

    /// The indicators of an outcome or output as a table: unit, baseline, end-of-plan target,
    /// latest value, status, responsible institution and SDG links.
    static func indicatorTable(_ rows: [PlanIndicatorRow], caption: String, _ l: Lang) -> BodyNode {
        guard !rows.isEmpty else { return .p(.class("plan-empty"), .text(l.t("plans_views.indicators.none"))) }
        return .div(
            .class("table-scroll"),
            .table(
                .class("plan-indicators"),
                .caption(.class("visually-hidden"), .text(caption)),
                .thead(
                    .tr(
                        .th(.attribute(named: "scope", value: "col"), .text(UIText.indicator.text(l))),
                        .th(.attribute(named: "scope", value: "col"), .text(UIText.unit.text(l))),
                        .th(.attribute(named: "scope", value: "col"), .class("num"), .text(l.t("plans_views.col.baseline"))),
                        .th(.attribute(named: "scope", value: "col"), .class("num"), .text(l.t("plans_views.col.target"))),
                        .th(.attribute(named: "scope", value: "col"), .class("num"), .text(l.t("plans_views.col.latest"))),
                        .th(.attribute(named: "scope", value: "col"), .text(UIText.status.text(l))),
                        .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_views.col.responsible"))),
                        .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_views.col.sdgLinks")))
                    )
                ),
                .tbody(.forEach(rows) { indicatorRow($0, l) })
            )
        )
    }

    static func indicatorRow(_ row: PlanIndicatorRow, _ l: Lang) -> Node<HTML.TableContext> {
        let i = row.indicator
        let target = i.endOfPlanTarget
        return .tr(
            .th(
                .attribute(named: "scope", value: "row"),
                .a(
                    .href(SitePath(language: l, page: .planIndicator(i.plan, i.code)).path),
                    .span(.class("code"), .text(i.code)),
                    .text(" "),
                    Fragments.localized(i.title, l)
                ),
                .if(i.isIllustrative, .group(.text(" "), illustrativeMark(l)))
            ),
            .td(.text(i.unit ?? "—")),
            .td(.class("num"), valueInYear(i.baseline?.value, year: i.baseline?.year, l)),
            .td(.class("num"), valueInYear(target?.value, year: target?.year, l)),
            .td(.class("num"), valueInYear(row.latest?.value, year: row.latest?.year, l), originTag(row.latest, l)),
            .td(statusChip(row.progress?.status, l)),
            .td(.text(row.ownerName?.text(in: l) ?? i.owner ?? "—")),
            .td(sdgLinks(row.links, l))
        )
    }
}
