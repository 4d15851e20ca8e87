import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/plans/{code}/compare/{other}`: an earlier plan against a later one (the 8th NSEDP
/// against the 9th), indicator by indicator — how many were kept, changed, dropped and added,
/// what changed, and what was known of each earlier indicator at the end of the earlier plan
/// (years with data, latest value, status, the method's edition).
public struct PlanComparisonPage: Sendable {
    public var language: PasanDomain.Language
    public var earlier: DevelopmentPlan
    public var later: DevelopmentPlan
    public var comparison: PlanComparison
    public var earlierIndicators: [PlanIndicator]
    public var laterIndicators: [PlanIndicator]
    /// The plan whose address the page is shown under (`/plans/{code}/compare/{other}`); the
    /// later plan by default.
    public var viewedFrom: String

    public init(
        language: PasanDomain.Language,
        earlier: DevelopmentPlan,
        later: DevelopmentPlan,
        comparison: PlanComparison,
        earlierIndicators: [PlanIndicator],
        laterIndicators: [PlanIndicator],
        viewedFrom: String? = nil
    ) {
        self.language = language
        self.earlier = earlier
        self.later = later
        self.comparison = comparison
        self.earlierIndicators = earlierIndicators
        self.laterIndicators = laterIndicators
        self.viewedFrom = viewedFrom ?? later.code
    }

    var path: SitePath {
        let other = viewedFrom == earlier.code ? later.code : earlier.code
        return SitePath(language: language, page: .planComparison(viewedFrom, other))
    }

    var isIllustrative: Bool {
        earlier.isIllustrative || later.isIllustrative || (earlierIndicators + laterIndicators).contains(where: \.isIllustrative)
    }

    public func render() -> String {
        let l = language
        let title = l.t(
            "plans_report.comparison.title",
            ["earlier": .localized(earlier.name), "later": .localized(later.name)]
        )
        let home = viewedFrom == earlier.code ? earlier : later
        return Layout(title: title, description: title, path: path).render(
            .div(
                .class("wrap plan-comparison"),
                PlanParts.breadcrumbs(home, [(l.t("plans_report.comparison.breadcrumb"), nil)], l),
                .h1(.text(title)),
                .if(isIllustrative, PlanReportParts.illustrativeNotice(l)),
                .p(
                    .class("lead"),
                    .text(
                        l.t(
                            "plans_report.comparison.intro",
                            [
                                "earlier": .localized(earlier.name), "earlierYears": .text("\(earlier.startYear)–\(earlier.endYear)"),
                                "later": .localized(later.name), "laterYears": .text("\(later.startYear)–\(later.endYear)"),
                            ]
                        )
                    )
                ),
                .ul(
                    .class("summary comparison-counts"),
                    .forEach(PlanComparison.Change.allCases) { change in
                        .li(
                            .a(
                                .href("#\(change.rawValue)"),
                                .text("\(change.title.text(in: l)): \(Fragments.count(comparison.count(change), l))")
                            )
                        )
                    }
                ),
                .forEach(PlanComparison.Change.allCases) { section($0) },
                .p(.class("footnotes"), .text(l.t("plans_report.comparison.evaluationNote", ["year": .text(String(earlier.endYear))])))
            )
        )
    }

    private func section(_ change: PlanComparison.Change) -> BodyNode {
        let l = language
        let entries = comparison.entries.filter { $0.change == change }
        return .section(
            .id(change.rawValue),
            .h2(.text("\(change.title.text(in: l)) (\(Fragments.count(entries.count, l)))")),
            entries.isEmpty
                ? .p(.text("—"))
                : .div(
                    .class("table-scroll"),
                    .table(
                        .class("comparison"),
                        .thead(
                            .tr(
                                .th(.attribute(named: "scope", value: "col"), Fragments.localized(earlier.name, l)),
                                .th(.attribute(named: "scope", value: "col"), Fragments.localized(later.name, l)),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_report.comparison.differences"))),
                                .th(
                                    .attribute(named: "scope", value: "col"),
                                    .text(l.t("plans_report.comparison.evaluation", ["year": .text(String(earlier.endYear))]))
                                )
                            )
                        ),
                        .tbody(.forEach(entries) { row($0) })
                    )
                )
        )
    }

    private func row(_ entry: PlanComparison.Entry) -> Node<HTML.TableContext> {
        let l = language
        return .tr(
            .td(
                .unwrap(
                    entry.earlier,
                    { code in PlanReportParts.indicatorLink(earlier.code, code, earlierIndicators.first { $0.code == code }, l) },
                    else: .text("—")
                )
            ),
            .td(
                .unwrap(
                    entry.later,
                    { code in PlanReportParts.indicatorLink(later.code, code, laterIndicators.first { $0.code == code }, l) },
                    else: .text("—")
                )
            ),
            .td(
                entry.differences.isEmpty
                    ? .text("—")
                    : .ul(.class("plain"), .forEach(entry.differences) { .li(.text($0.text(in: l))) })
            ),
            .td(.unwrap(entry.evaluation, { evaluation($0, entry.earlier) }, else: .text("—")))
        )
    }

    private func evaluation(_ e: PlanComparison.Evaluation, _ code: String?) -> BodyNode {
        let l = language
        let unit = code.flatMap { c in earlierIndicators.first { $0.code == c }?.unit }
        return .dl(
            .class("evaluation"),
            .dt(.text(l.t("plans_report.comparison.yearsWithData"))),
            .dd(
                .text(
                    e.yearsWithData.isEmpty
                        ? l.t("plans_report.comparison.noData") : e.yearsWithData.map(String.init).joined(separator: ", ")
                )
            ),
            .dt(.text(l.t("plans_report.column.latest"))),
            .dd(
                .unwrap(
                    e.latest ?? e.progress.latest,
                    { v in
                        .group(
                            .text(Fragments.dataValue(v.value, l) + (unit.map { " " + $0 } ?? "") + " "),
                            .small(.text("(\(v.year))"))
                        )
                    },
                    else: .text("—")
                )
            ),
            .dt(.text(UIText.status.text(l))),
            .dd(
                PlanReportParts.statusChip(e.progress.status, l),
                .unwrap(e.progress.target) { t in
                    .small(
                        .class("report-against"),
                        .text(
                            l.t(
                                "plans_report.report.against",
                                ["kind": .text(PlanReportParts.kindTitle(t.kind, l)), "year": .text(String(t.year))]
                            )
                        )
                    )
                }
            ),
            .dt(.text(l.t("plans_report.comparison.method"))),
            .dd(.text(e.progress.result.method.edition))
        )
    }
}
