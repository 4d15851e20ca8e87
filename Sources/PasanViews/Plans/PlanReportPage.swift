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
    public var plan: DevelopmentPlan { didSet { index() } }
    /// The year reported on: targets of that year, values up to it.
    public var year: Int
    /// The day the report is generated (written on it).
    public var generatedOn: LocalDate
    /// Outcomes and outputs, in the plan's order.
    public var results: [PlanResult] { didSet { index() } }
    public var indicators: [PlanIndicator] { didSet { index() } }
    public var links: [PlanIndicatorLink] { didSet { index() } }
    /// Each indicator assessed for `year` (latest value up to the year, target assessed, status).
    public var progress: [PlanIndicatorProgress] { didSet { index() } }
    /// The outcomes' and outputs' roll-up for `year`.
    public var resultProgress: [PlanResultProgress] { didSet { index() } }
    /// SDG indicator titles, by code (shown as the links' titles).
    public var sdgTitles: [String: LocalizedText]
    /// Institution names, by code (the responsible institution).
    public var institutionNames: [String: LocalizedText]

    /// The lists above by code, so that a plan of hundreds of indicators renders in one pass.
    private var indicatorsByResult: [String: [PlanIndicator]] = [:]
    private var outputsByOutcome: [String: [PlanResult]] = [:]
    private var linksByIndicator: [String: [PlanIndicatorLink]] = [:]
    private var progressByIndicator: [String: PlanIndicatorProgress] = [:]
    private var progressByResult: [String: PlanResultProgress] = [:]

    private mutating func index() {
        indicatorsByResult = Dictionary(grouping: indicators, by: \.resultCode)
        outputsByOutcome = Dictionary(grouping: results.filter { $0.level == .output }) { $0.parentCode ?? "" }
        linksByIndicator = Dictionary(grouping: links.filter { $0.plan == plan.code }, by: \.planIndicator)
        progressByIndicator = Dictionary(progress.map { ($0.indicator, $0) }) { _, last in last }
        progressByResult = Dictionary(resultProgress.map { ($0.result, $0) }) { _, last in last }
    }

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
        index()
    }

    var outcomes: [PlanResult] { results.filter { $0.level == .outcome } }

    func outputs(of outcome: PlanResult) -> [PlanResult] { outputsByOutcome[outcome.code] ?? [] }

    func indicators(of result: PlanResult) -> [PlanIndicator] { indicatorsByResult[result.code] ?? [] }

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

    func progress(of indicator: PlanIndicator) -> PlanIndicatorProgress? { progressByIndicator[indicator.code] }

    func progress(of result: PlanResult) -> PlanResultProgress? { progressByResult[result.code] }

    var isIllustrative: Bool { plan.isIllustrative || indicators.contains(where: \.isIllustrative) }

    /// The editions of the progress method the statuses come from.
    var editions: String {
        let used = Set(progress.map(\.result.method.edition)).sorted()
        return used.isEmpty ? ProgressMethod.openSDGStatCan.edition : used.joined(separator: ", ")
    }

    public func render() -> String {
        let l = language
        let title = l.t("plans_report.report.title", ["plan": .localized(plan.name), "year": .text(String(year))])
        let words = Words(l)
        return Layout(title: title, description: title, path: SitePath(language: l, page: .planReport(plan.code, year))).render(
            .article(
                .class("wrap plan-report"),
                PlanParts.breadcrumbs(plan, [(l.t("plans_report.report.breadcrumb", ["year": .text(String(year))]), nil)], l),
                titleBlock,
                yearChoice,
                summary,
                .forEach(outcomes) { outcomeSection($0, words) },
                .if(
                    !unplaced.isEmpty,
                    .section(
                        .class("report-outcome"),
                        .h2(.text(l.t("plans_report.report.unplaced"))),
                        indicatorTable(unplaced, words)
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
                                        progress(of: outcome),
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

    private func outcomeSection(_ outcome: PlanResult, _ words: Words) -> BodyNode {
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
            .if(!own.isEmpty, indicatorTable(own, words)),
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
                        : indicatorTable(indicators(of: output), words)
                )
            },
            .if(own.isEmpty && outputs.isEmpty, .p(.class("missing"), .text(l.t("plans_report.report.noIndicators"))))
        )
    }

    /// An outcome's or output's rolled-up status and how many of its indicators were assessed.
    private func resultLine(_ result: PlanResult) -> BodyNode {
        let l = language
        guard let p = progress(of: result) else { return .empty }
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

    private func indicatorTable(_ list: [PlanIndicator], _ words: Words) -> BodyNode {
        .div(
            .class("table-scroll"),
            .table(
                .class("report-table"),
                words.tableHead ?? tableHead(words),
                .tbody(.forEach(list) { row($0, words) })
            )
        )
    }

    /// The indicator tables' header row (made once per page).
    private func tableHead(_ words: Words) -> Node<HTML.TableContext> {
        let l = language
        func th(_ text: String, _ css: String? = nil) -> Node<HTML.TableRowContext> {
            .th(.unwrap(css) { .class($0) }, .attribute(named: "scope", value: "col"), .text(text))
        }
        let head: Node<HTML.TableContext> = .thead(
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
        )
        words.tableHead = head
        return head
    }

    private func row(_ indicator: PlanIndicator, _ words: Words) -> Node<HTML.TableContext> {
        let l = language
        let p = progress(of: indicator)
        let yearTargets = indicator.targets.filter { $0.year == year && $0.kind != .endOfPlan }
        let myLinks = linksByIndicator[indicator.code] ?? []
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
                            words.t(
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
                                .small(.text(words.kind(t.kind)))
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
                                words.t(
                                    "plans_report.report.against",
                                    ["kind": .text(words.kind(t.kind)), "year": .text(String(t.year))]
                                )
                            )
                        )
                    },
                    else: p?.latest == nil
                        ? .empty
                        : .small(.class("report-against"), .text(words.t("plans_report.report.noTarget", ["year": .text(String(year))])))
                )
            ),
            .td(sourceCell(indicator, p?.latest, words)),
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
                                .text(" (" + words.relation(link.relation) + ")")
                            )
                        }
                    )
            )
        )
    }

    /// The data source, and the SDG series when the value is that series' published value.
    private func sourceCell(_ indicator: PlanIndicator, _ latest: PlanValue?, _ words: Words) -> BodyNode {
        let source = latest?.source ?? indicator.dataSource
        var series: String?
        if case .sdg(let sdgIndicator, let code)? = latest?.origin {
            series = words.t("plans_report.report.fromSeries", ["series": .text(code), "indicator": .text(sdgIndicator)])
        }
        if source == nil, series == nil { return .text("—") }
        return .group(
            .unwrap(source) { .text($0) },
            .unwrap(series) { .small(.class("report-series"), .text($0)) }
        )
    }
}

/// The report's repeated texts, each looked up once per page (a plan of hundreds of indicators
/// repeats the same few phrases on every row).
private final class Words {
    let language: PasanDomain.Language
    private var cache: [Message: String] = [:]
    private var kinds: [PlanTargetKind: String] = [:]
    private var relations: [NationalRelation: String] = [:]
    /// The indicator tables' header row.
    var tableHead: Node<HTML.TableContext>?

    init(_ language: PasanDomain.Language) { self.language = language }

    func t(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String {
        let message = Message(key, arguments)
        if let known = cache[message] { return known }
        let text = language.t(key, arguments)
        cache[message] = text
        return text
    }

    func kind(_ kind: PlanTargetKind) -> String {
        if let known = kinds[kind] { return known }
        let text = PlanReportParts.kindTitle(kind, language)
        kinds[kind] = text
        return text
    }

    func relation(_ relation: NationalRelation) -> String {
        if let known = relations[relation] { return known }
        let text = PlanReportParts.relationTitle(relation, language)
        relations[relation] = text
        return text
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
