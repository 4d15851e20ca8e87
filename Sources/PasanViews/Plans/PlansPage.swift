import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/plans`: the national plans (NSEDP) and the ministries' sector plans, each with its
/// period, status, size and how many of its indicators link to SDG indicators.
public struct PlansPage: Sendable {
    /// One plan of the list, with its counts.
    public struct Entry: Sendable, Hashable {
        public var plan: DevelopmentPlan
        public var outcomeCount: Int
        public var outputCount: Int
        public var indicatorCount: Int
        /// Indicators with at least one SDG link.
        public var sdgLinkedCount: Int
        /// The ministry whose plan it is (sector plans), by name.
        public var institutionName: LocalizedText?

        public init(
            plan: DevelopmentPlan,
            outcomeCount: Int,
            outputCount: Int,
            indicatorCount: Int,
            sdgLinkedCount: Int,
            institutionName: LocalizedText? = nil
        ) {
            self.plan = plan
            self.outcomeCount = outcomeCount
            self.outputCount = outputCount
            self.indicatorCount = indicatorCount
            self.sdgLinkedCount = sdgLinkedCount
            self.institutionName = institutionName
        }

        /// The counts of a whole plan.
        public init(document: PlanDocument, institutionName: LocalizedText? = nil) {
            let linked = Set(document.links.filter { $0.plan == document.plan.code }.map(\.planIndicator))
            self.init(
                plan: document.plan,
                outcomeCount: document.results.filter { $0.level == .outcome }.count,
                outputCount: document.results.filter { $0.level == .output }.count,
                indicatorCount: document.indicators.count,
                sdgLinkedCount: document.indicators.filter { linked.contains($0.code) }.count,
                institutionName: institutionName
            )
        }
    }

    public var language: PasanDomain.Language
    public var entries: [Entry]
    /// Whether the reader may import a plan (the link to the import page).
    public var canEdit: Bool

    public init(language: PasanDomain.Language, entries: [Entry], canEdit: Bool = false) {
        self.language = language
        self.entries = entries
        self.canEdit = canEdit
    }

    public func render() -> String {
        let l = language
        let title = l.t("plans_views.plans.title")
        let national = entries.filter { $0.plan.kind == .national }
        let sector = entries.filter { $0.plan.kind == .sector }
        return Layout(title: title, description: l.t("plans_views.plans.lead"), path: SitePath(language: l, page: .plans)).render(
            .div(
                .class("wrap"),
                PlanParts.breadcrumbs(nil, [], l),
                .h1(.text(title)),
                .p(.class("lead"), .text(l.t("plans_views.plans.lead"))),
                .if(entries.contains { $0.plan.isIllustrative }, PlanParts.illustrativeNotice(l)),
                .if(entries.isEmpty, .p(.class("plan-empty"), .text(l.t("plans_views.plans.none")))),
                .if(!national.isEmpty, section(l.t("plans_views.plans.national"), national, sector: false)),
                .if(!sector.isEmpty, section(l.t("plans_views.plans.sector"), sector, sector: true)),
                .if(
                    canEdit,
                    .p(
                        .class("plan-actions"),
                        .a(.href(SitePath(language: l, page: .planImport).path), .text(l.t("plans_views.plans.import")))
                    )
                )
            )
        )
    }

    private func section(_ heading: String, _ list: [Entry], sector: Bool) -> BodyNode {
        let l = language
        let names = Dictionary(entries.map { ($0.plan.code, $0.plan) }, uniquingKeysWith: { a, _ in a })
        return .section(
            .class("plan-list"),
            .h2(.text(heading)),
            .div(
                .class("table-scroll"),
                .table(
                    .thead(
                        .tr(
                            .th(.attribute(named: "scope", value: "col"), .text(UIText.plan.text(l))),
                            .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_views.col.period"))),
                            .th(.attribute(named: "scope", value: "col"), .text(UIText.status.text(l))),
                            .if(
                                sector,
                                .group(
                                    .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_views.col.ministry"))),
                                    .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_views.col.serves")))
                                )
                            ),
                            .th(.attribute(named: "scope", value: "col"), .class("num"), .text(l.t("plans_views.col.outcomes"))),
                            .th(.attribute(named: "scope", value: "col"), .class("num"), .text(l.t("plans_views.col.outputs"))),
                            .th(.attribute(named: "scope", value: "col"), .class("num"), .text(UIText.indicators.text(l))),
                            .th(.attribute(named: "scope", value: "col"), .class("num"), .text(l.t("plans_views.col.sdgLinked")))
                        )
                    ),
                    .tbody(
                        .forEach(list) { e in
                            .tr(
                                .th(
                                    .attribute(named: "scope", value: "row"),
                                    PlanParts.planLink(e.plan, l),
                                    .br(),
                                    .small(.class("code"), .text(e.plan.code))
                                ),
                                .td(.text(PlanParts.period(e.plan))),
                                .td(PlanParts.statusBadge(e.plan.status, l)),
                                .if(
                                    sector,
                                    .group(
                                        .td(.text(e.institutionName?.text(in: l) ?? e.plan.institution ?? "—")),
                                        .td(
                                            .unwrap(
                                                e.plan.parentPlan,
                                                { code in
                                                    .unwrap(
                                                        names[code],
                                                        { PlanParts.planLink($0, l) },
                                                        else: .a(.href(SitePath(language: l, page: .plan(code)).path), .text(code))
                                                    )
                                                },
                                                else: .text("—")
                                            )
                                        )
                                    )
                                ),
                                .td(.class("num"), .text(Fragments.count(e.outcomeCount, l))),
                                .td(.class("num"), .text(Fragments.count(e.outputCount, l))),
                                .td(.class("num"), .text(Fragments.count(e.indicatorCount, l))),
                                .td(.class("num"), .text(Fragments.count(e.sdgLinkedCount, l)))
                            )
                        }
                    )
                )
            )
        )
    }
}
