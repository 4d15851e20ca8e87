import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/plans/{code}/report/{year}`: the plan's monitoring and evaluation report for a year,
/// in the page's language, printable on A4 (`/* Plan report */` in `pasan.css`): per outcome and
/// its outputs, each indicator's baseline, targets, latest value up to the year, status, source
/// and the SDG indicators it covers, and a summary of the statuses per outcome. What MPI needs
/// for the annual NSEDP review, the Technical Working Groups and the Round Table Meeting.
public struct PlanReportPage: Sendable {
    public var language: PasanDomain.Language
    public var plan: DevelopmentPlan
    /// The year reported on: targets of that year, values up to it.
    public var year: Int
    /// The day the report is generated (written on it).
    public var generatedOn: LocalDate
    /// Outcomes and outputs, in the plan's order.
    public var results: [PlanResult]
    public var indicators: [PlanIndicator]
    public var links: [PlanIndicatorLink]
    /// Each indicator assessed for `year` (latest value up to the year, target assessed, status).
    public var progress: [PlanIndicatorProgress]
    /// The outcomes' and outputs' roll-up for `year`.
    public var resultProgress: [PlanResultProgress]
    /// SDG indicator titles, by code (shown as the links' titles).
    public var sdgTitles: [String: LocalizedText]
    /// Institution names, by code (the responsible institution).
    public var institutionNames: [String: LocalizedText]

    public init(
        language: PasanDomain.Language,
        plan: DevelopmentPlan,
        year: Int,
        generatedOn: LocalDate,
        results: [PlanResult],
        indicators: [PlanIndicator],
        links: [PlanIndicatorLink],
        progress: [PlanIndicatorProgress],
        resultProgress: [PlanResultProgress] = [],
        sdgTitles: [String: LocalizedText] = [:],
        institutionNames: [String: LocalizedText] = [:]
    ) {
        self.language = language
        self.plan = plan
        self.year = year
        self.generatedOn = generatedOn
        self.results = results
        self.indicators = indicators
        self.links = links
        self.progress = progress
        self.resultProgress = resultProgress
        self.sdgTitles = sdgTitles
        self.institutionNames = institutionNames
    }

    var outcomes: [PlanResult] { results.filter { $0.level == .outcome } }

    func outputs(of outcome: PlanResult) -> [PlanResult] {
        results.filter { $0.level == .output && $0.parentCode == outcome.code }
    }

    func indicators(of result: PlanResult) -> [PlanIndicator] {
        indicators.filter { $0.resultCode == result.code }
    }

    /// The indicators of an outcome and of its outputs.
    func allIndicators(of outcome: PlanResult) -> [PlanIndicator] {
        let codes = Set([outcome.code] + outputs(of: outcome).map(\.code))
        return indicators.filter { codes.contains($0.resultCode) }
    }

    /// Indicators measuring no outcome or output of the plan (listed apart, so none is lost).
    var unplaced: [PlanIndicator] {
        let codes = Set(results.map(\.code))
        return indicators.filter { !codes.contains($0.resultCode) }
    }

    func progress(of indicator: PlanIndicator) -> PlanIndicatorProgress? {
        progress.first { $0.indicator == indicator.code }
    }

    var isIllustrative: Bool { plan.isIllustrative || indicators.contains(where: \.isIllustrative) }

    /// The editions of the progress method the statuses come from.
    var editions: String {
        let used = Set(progress.map(\.result.method.edition)).sorted()
        return used.isEmpty ? ProgressMethod.openSDGStatCan.edition : used.joined(separator: ", ")
    }

    public func render() -> String {
        let l = language
        let title = l.t("plans_report.report.title", ["plan": .localized(plan.name), "year": .text(String(year))])
        return Layout(title: title, description: title, path: SitePath(language: l, page: .planReport(plan.code, year))).render(
            .article(
                .class("wrap plan-report"),
                PlanParts.breadcrumbs(plan, [(l.t("plans_report.report.breadcrumb", ["year": .text(String(year))]), nil)], l),
                titleBlock,
                yearChoice,
                summary,
                .forEach(outcomes) { outcomeSection($0) },
                .if(
                    !unplaced.isEmpty,
                    .section(
                        .class("report-outcome"),
                        .h2(.text(l.t("plans_report.report.unplaced"))),
                        indicatorTable(unplaced)
                    )
                ),
                .p(
                    .class("footnotes"),
                    .text(l.t("plans_report.report.method", ["edition": .text(editions)]))
                )
            )
        )
    }

    private var titleBlock: BodyNode {
        let l = language
        return .header(
            .class("report-title"),
            .h1(.text(l.t("plans_report.report.heading", ["year": .text(String(year))]))),
            .p(
                .class("report-plan"),
                .strong(Fragments.localized(plan.name, l)),
                .text(" (\(plan.startYear)–\(plan.endYear))")
            ),
            .p(.text(l.t("plans_report.report.generated", ["date": .date(generatedOn)]))),
            .if(isIllustrative, PlanReportParts.illustrativeNotice(l))
        )
    }

    /// The other years of the plan (on screen only).
    private var yearChoice: BodyNode {
        let l = language
        return .nav(
            .class("report-years"),
            .attribute(named: "aria-label", value: l.t("plans_report.report.otherYears")),
            .text(l.t("plans_report.report.otherYears") + ": "),
            .forEach(Array(plan.years)) { y in
                y == year
                    ? .strong(.attribute(named: "aria-current", value: "page"), .text(String(y)))
                    : .a(.href(SitePath(language: l, page: .planReport(plan.code, y)).path), .text(String(y)))
            },
            .text(" · " + l.t("plans_report.report.printHint"))
        )
    }

    /// Per outcome: its rolled-up status and how many of its indicators have each status.
    private var summary: BodyNode {
        let l = language
        let statuses = ProgressStatus.allCases
        return .section(
            .class("report-summary"),
            .h2(.text(l.t("plans_report.report.summary"))),
            .div(
                .class("table-scroll"),
                .table(
                    .thead(
                        .tr(
                            .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_report.report.outcome"))),
                            .th(.attribute(named: "scope", value: "col"), .text(l.t("plans_report.report.overall"))),
                            .forEach(statuses) { s in
                                .th(.class("num"), .attribute(named: "scope", value: "col"), .text(s.title.text(in: l)))
                            },
                            .th(.class("num"), .attribute(named: "scope", value: "col"), .text(UIText.total.text(l)))
                        )
                    ),
                    .tbody(
                        .forEach(outcomes) { outcome in
                            let all = allIndicators(of: outcome)
                            let counted = all.map { progress(of: $0)?.status ?? .notAvailable }
                            return .tr(
                                .th(
                                    .attribute(named: "scope", value: "row"),
                                    .a(.href("#outcome-\(outcome.code)"), .text("\(outcome.code) ")),
                                    Fragments.localized(outcome.title, l)
                                ),
                                .td(
                                    .unwrap(
                                        resultProgress.first { $0.result == outcome.code },
                                        { PlanReportParts.statusChip($0.status, l) },
                                        else: .text("—")
                                    )
                                ),
                                .forEach(statuses) { s in
                                    let n = counted.filter { $0 == s }.count
                                    return .td(.class("num"), .text(n == 0 ? "·" : Fragments.count(n, l)))
                                },
                                .td(.class("num"), .text(Fragments.count(all.count, l)))
                            )
                        }
                    )
                )
            )
        )
    }

    private func outcomeSection(_ outcome: PlanResult) -> BodyNode {
        let l = language
        let own = indicators(of: outcome)
        let outputs = outputs(of: outcome)
        return .section(
            .class("report-outcome"),
            .id("outcome-\(outcome.code)"),
            .h2(
                .text(l.t("plans_report.report.outcomeHeading", ["code": .text(outcome.code)]) + " "),
                Fragments.localized(outcome.title, l)
            ),
            resultLine(outcome),
            .if(!own.isEmpty, indicatorTable(own)),
            .forEach(outputs) { output in
                .div(
                    .class("report-output"),
                    .h3(
                        .text(l.t("plans_report.report.outputHeading", ["code": .text(output.code)]) + " "),
                        Fragments.localized(output.title, l)
                    ),
                    resultLine(output),
                    indicators(of: output).isEmpty
                        ? .p(.class("missing"), .text(l.t("plans_report.report.noIndicators")))
                        : indicatorTable(indicators(of: output))
                )
            },
            .if(own.isEmpty && outputs.isEmpty, .p(.class("missing"), .text(l.t("plans_report.report.noIndicators"))))
        )
    }

    /// An outcome's or output's rolled-up status and how many of its indicators were assessed.
    private func resultLine(_ result: PlanResult) -> BodyNode {
        let l = language
        guard let p = resultProgress.first(where: { $0.result == result.code }) else { return .empty }
        return .p(
            .class("report-rollup"),
            PlanReportParts.statusChip(p.status, l),
            .text(
                " "
                    + l.t(
                        "plans_report.report.assessed",
                        ["assessed": .number(p.assessedCount)],
                        count: p.indicatorCount
                    )
            )
        )
    }

    private func indicatorTable(_ list: [PlanIndicator]) -> BodyNode {
        let l = language
        func th(_ text: String, _ css: String? = nil) -> Node<HTML.TableRowContext> {
            .th(.unwrap(css) { .class($0) }, .attribute(named: "scope", value: "col"), .text(text))
        }
        return .div(
            .class("table-scroll"),
            .table(
                .class("report-table"),
                .thead(
                    .tr(
                        th(UIText.indicator.text(l)),
                        th(UIText.unit.text(l)),
                        th(l.t("plans_report.column.baseline"), "num"),
                        th(l.t("plans_report.column.yearTarget", ["year": .text(String(year))]), "num"),
                        th(l.t("plans_report.column.endTarget"), "num"),
                        th(l.t("plans_report.column.latest"), "num"),
                        th(UIText.status.text(l)),
                        th(UIText.source.text(l)),
                        th(l.t("plans_report.column.sdgIndicators"))
                    )
                ),
                .tbody(.forEach(list) { row($0) })
            )
        )
    }

    private func row(_ indicator: PlanIndicator) -> Node<HTML.TableContext> {
        let l = language
        let p = progress(of: indicator)
        let yearTargets = indicator.targets.filter { $0.year == year && $0.kind != .endOfPlan }
        let myLinks = links.filter { $0.plan == indicator.plan && $0.planIndicator == indicator.code }
        return .tr(
            .td(
                .a(
                    .href(SitePath(language: l, page: .planIndicator(indicator.plan, indicator.code)).path),
                    .span(.class("code"), .text(indicator.code))
                ),
                .text(" "),
                Fragments.localized(indicator.title, l),
                .if(indicator.isIllustrative, .group(.text(" "), PlanReportParts.illustrativeTag(l))),
                .unwrap(indicator.owner) { owner in
                    .small(
                        .class("report-owner"),
                        .text(
                            l.t(
                                "plans_report.report.responsible",
                                ["institution": .text(institutionNames[owner]?.text(in: l) ?? owner)]
                            )
                        )
                    )
                }
            ),
            .td(.text(indicator.unit ?? "—")),
            .td(
                .class("num"),
                .unwrap(indicator.baseline, { PlanReportParts.yearValue($0.year, $0.value, l) }, else: .text("—"))
            ),
            .td(
                .class("num"),
                yearTargets.isEmpty
                    ? .text("—")
                    : .group(
                        yearTargets.map { t in
                            .span(
                                .class("target-line"),
                                .text(Fragments.dataValue(t.value, l)),
                                .text(" "),
                                .small(.text(PlanReportParts.kindTitle(t.kind, l)))
                            )
                        }
                    )
            ),
            .td(
                .class("num"),
                .unwrap(indicator.endOfPlanTarget, { PlanReportParts.yearValue($0.year, $0.value, l) }, else: .text("—"))
            ),
            .td(
                .class("num"),
                .unwrap(p?.latest, { PlanReportParts.yearValue($0.year, $0.value, l) }, else: .text("—"))
            ),
            .td(
                .unwrap(p, { PlanReportParts.statusChip($0.status, l) }, else: PlanReportParts.statusChip(.notAvailable, l)),
                .unwrap(
                    p?.target,
                    { t in
                        .small(
                            .class("report-against"),
                            .text(
                                l.t(
                                    "plans_report.report.against",
                                    ["kind": .text(PlanReportParts.kindTitle(t.kind, l)), "year": .text(String(t.year))]
                                )
                            )
                        )
                    },
                    else: p?.latest == nil
                        ? .empty
                        : .small(.class("report-against"), .text(l.t("plans_report.report.noTarget", ["year": .text(String(year))])))
                )
            ),
            .td(sourceCell(indicator, p?.latest)),
            .td(
                myLinks.isEmpty
                    ? .text("—")
                    : .ul(
                        .class("plain"),
                        .forEach(myLinks) { link in
                            .li(
                                .a(
                                    .href(SitePath.indicator(l, link.sdgIndicator).path),
                                    .attribute(
                                        named: "title",
                                        value: Escape.attribute(sdgTitles[link.sdgIndicator]?.text(in: l) ?? link.sdgIndicator)
                                    ),
                                    .text(link.sdgIndicator)
                                ),
                                .text(" (" + PlanReportParts.relationTitle(link.relation, l) + ")")
                            )
                        }
                    )
            )
        )
    }

    /// The data source, and the SDG series when the value is that series' published value.
    private func sourceCell(_ indicator: PlanIndicator, _ latest: PlanValue?) -> BodyNode {
        let l = language
        let source = latest?.source ?? indicator.dataSource
        var series: String?
        if case .sdg(let sdgIndicator, let code)? = latest?.origin {
            series = l.t("plans_report.report.fromSeries", ["series": .text(code), "indicator": .text(sdgIndicator)])
        }
        if source == nil, series == nil { return .text("—") }
        return .group(
            .unwrap(source) { .text($0) },
            .unwrap(series) { .small(.class("report-series"), .text($0)) }
        )
    }
}

/// Pieces the plan report, harmonisation, comparison and edit pages share.
enum PlanReportParts {
    /// A progress status as a coloured chip (the classes the SDG progress pages use).
    static func statusChip(_ status: ProgressStatus, _ l: Lang) -> BodyNode {
        PlanParts.statusChip(status, l)
    }

    /// "2020: 40.1", the year in a smaller type.
    static func yearValue(_ year: Int, _ value: Double, _ l: Lang) -> BodyNode {
        .group(.text(Fragments.dataValue(value, l)), .text(" "), .small(.text("(\(year))")))
    }

    static func kindTitle(_ kind: PlanTargetKind, _ l: Lang) -> String {
        switch kind {
        case .annual: l.t("plans_report.targetKind.annual")
        case .endOfPlan: l.t("plans_report.targetKind.endOfPlan")
        case .milestone: l.t("plans_report.targetKind.milestone")
        }
    }

    /// How a plan indicator matches an SDG indicator.
    static func relationTitle(_ relation: NationalRelation, _ l: Lang) -> String {
        switch relation {
        case .same: l.t("plans_report.relation.same")
        case .adapted: l.t("plans_report.relation.adapted")
        case .proxy: l.t("plans_report.relation.proxy")
        case .additional: l.t("plans_report.relation.additional")
        }
    }

    static func illustrativeNotice(_ l: Lang) -> BodyNode { PlanParts.illustrativeNotice(l) }

    static func illustrativeTag(_ l: Lang) -> BodyNode { PlanParts.illustrativeMark(l) }

    /// A plan indicator's code and title, linked to its page.
    static func indicatorLink(_ plan: String, _ code: String, _ indicator: PlanIndicator?, _ l: Lang) -> BodyNode {
        .group(
            .a(
                .href(SitePath(language: l, page: .planIndicator(plan, code)).path),
                .span(.class("code"), .text(code)),
                .unwrap(indicator) { .group(.text(" "), Fragments.localized($0.title, l)) }
            ),
            .if(indicator?.isIllustrative == true, .group(.text(" "), illustrativeTag(l)))
        )
    }

    /// An SDG indicator's code (linked to its page) and title.
    static func sdgLink(_ code: String, _ titles: [String: LocalizedText], _ l: Lang) -> BodyNode {
        .group(
            .a(.href(SitePath.indicator(l, code).path), .span(.class("code"), .text(code))),
            .unwrap(titles[code]) { .group(.text(" "), Fragments.localized($0, l)) }
        )
    }

    /// SDG codes in their natural order (`3.2.1` before `3.10.1`, `17.x` after `3.x`).
    static func codeOrder(_ a: String, _ b: String) -> Bool { FrameworkCode.areInIncreasingOrder(a, b) }
}
