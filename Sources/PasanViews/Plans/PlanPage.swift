import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/plans/{code}`: a plan's name, period, status and source, and its results framework —
/// outcomes, their outputs, and each one's indicators with baseline, end-of-plan target, latest
/// value, status, responsible institution and SDG links — with the links to its harmonisation,
/// comparison, M&E report, exports and (for editors) its edit page.
public struct PlanPage: Sendable {
    public var language: PasanDomain.Language
    public var plan: DevelopmentPlan
    /// The plan's outcomes and outputs (any order; shown in code order under their outcomes).
    public var results: [PlanResult]
    public var indicators: [PlanIndicatorRow]
    /// The rolled-up status of each outcome and output.
    public var resultProgress: [PlanResultProgress]
    /// Other plans this one can be compared with (links to the comparison).
    public var otherPlans: [DevelopmentPlan]
    /// The year of the latest M&E report (the report link); `nil` for no link.
    public var reportYear: Int?
    /// The ministry whose plan it is (sector plans), by name.
    public var institutionName: LocalizedText?
    /// The plan a sector plan serves, when known.
    public var parentPlan: DevelopmentPlan?
    /// Outcomes and outputs whose placement is Pasan's reading, not the plan's (result codes);
    /// by default, outputs whose source differs from their outcome's.
    public var placementUnconfirmed: Set<String>
    /// Whether the reader may edit the plan (the link to the edit page).
    public var canEdit: Bool

    public init(
        language: PasanDomain.Language,
        plan: DevelopmentPlan,
        results: [PlanResult],
        indicators: [PlanIndicatorRow],
        resultProgress: [PlanResultProgress] = [],
        otherPlans: [DevelopmentPlan] = [],
        reportYear: Int? = nil,
        institutionName: LocalizedText? = nil,
        parentPlan: DevelopmentPlan? = nil,
        placementUnconfirmed: Set<String>? = nil,
        canEdit: Bool = false
    ) {
        self.language = language
        self.plan = plan
        self.results = results.sorted { FrameworkCode.areInIncreasingOrder($0.code, $1.code) }
        self.indicators = indicators
        self.resultProgress = resultProgress
        self.otherPlans = otherPlans
        self.reportYear = reportYear
        self.institutionName = institutionName
        self.parentPlan = parentPlan
        self.placementUnconfirmed =
            placementUnconfirmed ?? Set(results.filter { PlanParts.placementUnconfirmed($0, among: results) }.map(\.code))
        self.canEdit = canEdit
    }

    public func render() -> String {
        let l = language
        let name = plan.name.text(in: l)
        let hasIllustrative = plan.isIllustrative || indicators.contains { $0.indicator.isIllustrative }
        let outcomes = results.filter { $0.level == .outcome }
        let known = Set(outcomes.map(\.code))
        // Outputs with no (known) outcome are listed after the outcomes, not lost.
        let orphans = results.filter { $0.level == .output && !known.contains($0.parentCode ?? "") }
        return Layout(title: name, description: name, path: SitePath(language: l, page: .plan(plan.code))).render(
            .div(
                .class("wrap"),
                PlanParts.breadcrumbs(plan, [], l),
                .header(
                    .class("plan-header"),
                    .h1(
                        Fragments.localized(plan.name, l),
                        .if(plan.isIllustrative, .group(.text(" "), PlanParts.illustrativeMark(l)))
                    ),
                    .if(l == .lo, .p(.class("other-language"), .attribute(named: "lang", value: "en"), .text(plan.name.en))),
                    .p(
                        .class("plan-meta"),
                        .text("\(PlanParts.kind(plan.kind, l)) · \(PlanParts.period(plan)) · "),
                        PlanParts.statusBadge(plan.status, l)
                    )
                ),
                .if(hasIllustrative, PlanParts.illustrativeNotice(l)),
                facts,
                actions,
                .section(
                    .class("plan-framework"),
                    .h2(.text(l.t("plans_views.plan.framework"))),
                    .if(results.isEmpty, .p(.class("plan-empty"), .text(l.t("plans_views.plan.noResults")))),
                    .forEach(outcomes) { outcome in
                        outcomeSection(outcome, outputs: results.filter { $0.level == .output && $0.parentCode == outcome.code })
                    },
                    .forEach(orphans) { resultBlock($0, heading: 3) }
                )
            )
        )
    }

    private var facts: BodyNode {
        let l = language
        return .dl(
            .class("facts plan-facts"),
            .dt(.text(l.t("plans_views.col.period"))),
            .dd(.text(PlanParts.period(plan))),
            .dt(.text(UIText.status.text(l))),
            .dd(PlanParts.statusBadge(plan.status, l)),
            .dt(.text(UIText.kind.text(l))),
            .dd(.text(PlanParts.kind(plan.kind, l))),
            .if(
                plan.institution != nil,
                .group(
                    .dt(.text(l.t("plans_views.col.ministry"))),
                    .dd(.text(institutionName?.text(in: l) ?? plan.institution ?? "—"))
                )
            ),
            .unwrap(plan.parentPlan) { code in
                .group(
                    .dt(.text(l.t("plans_views.col.serves"))),
                    .dd(
                        .unwrap(
                            parentPlan,
                            { PlanParts.planLink($0, l) },
                            else: .a(.href(SitePath(language: l, page: .plan(code)).path), .text(code))
                        )
                    )
                )
            },
            .dt(.text(UIText.source.text(l))),
            .dd(.text(plan.source ?? "—")),
            .unwrap(plan.note) { note in .group(.dt(.text(l.t("plans_views.col.note"))), .dd(.text(note))) },
            .dt(.text(UIText.indicators.text(l))),
            .dd(
                .text(
                    l.t(
                        "plans_views.plan.linkedCount",
                        ["linked": .number(indicators.filter { !$0.links.isEmpty }.count)],
                        count: indicators.count
                    )
                )
            )
        )
    }

    private var actions: BodyNode {
        let l = language
        return .nav(
            .class("plan-actions"),
            .attribute(named: "aria-label", value: l.t("plans_views.plan.actions")),
            .ul(
                .li(
                    .a(.href(SitePath(language: l, page: .planHarmonisation(plan.code)).path), .text(l.t("plans_views.plan.harmonisation")))
                ),
                .unwrap(reportYear) { year in
                    .li(
                        .a(
                            .href(SitePath(language: l, page: .planReport(plan.code, year)).path),
                            .text(l.t("plans_views.plan.report", ["year": .text(String(year))]))
                        )
                    )
                },
                .forEach(otherPlans.filter { $0.code != plan.code }) { other in
                    .li(
                        .a(
                            .href(SitePath(language: l, page: .planComparison(plan.code, other.code)).path),
                            .text(l.t("plans_views.plan.compare", ["plan": .localized(other.name)]))
                        )
                    )
                },
                .li(
                    .text(l.t("plans_views.plan.download") + " "),
                    .a(.href(SitePath(language: l, page: .planExport(plan.code, "plan.csv")).path), .text("CSV")),
                    .text(" · "),
                    .a(.href(SitePath(language: l, page: .planExport(plan.code, "plan.xlsx")).path), .text("XLSX"))
                ),
                .if(
                    canEdit,
                    .li(
                        .a(
                            .class("edit"),
                            .href(SitePath(language: l, page: .planEdit(plan.code)).path),
                            .text(l.t("plans_views.plan.edit"))
                        )
                    )
                )
            )
        )
    }

    private func outcomeSection(_ outcome: PlanResult, outputs: [PlanResult]) -> BodyNode {
        .section(
            .class("plan-outcome"),
            .id("result-\(outcome.code)"),
            resultBlock(outcome, heading: 3),
            .forEach(outputs) { resultBlock($0, heading: 4) }
        )
    }

    /// An outcome's or output's heading, marks, source, rolled-up status and own indicators.
    private func resultBlock(_ result: PlanResult, heading: Int) -> BodyNode {
        let l = language
        let title: BodyNode = .group(
            PlanParts.resultLink(result, l),
            PlanParts.resultMarks(result, placementUnconfirmed: placementUnconfirmed.contains(result.code), l)
        )
        let own = indicators.filter { $0.indicator.resultCode == result.code }
        return .div(
            .class("plan-result \(result.level.rawValue)"),
            .id(result.level == .output ? "result-\(result.code)" : ""),
            heading == 3 ? .h3(title) : .h4(title),
            .p(.class("plan-status-line"), PlanParts.rollup(PlanParts.progress(of: result, in: resultProgress), l)),
            PlanParts.resultSource(result, l),
            .if(
                !own.isEmpty,
                PlanParts.indicatorTable(own, caption: "\(PlanParts.level(result.level, l)) \(result.code)", l)
            )
        )
    }
}
