import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/indicators/{code}`: titles, tier, custodians, national relation, metadata fields,
/// series, linked plan indicators, and the published data when there is any.
public struct IndicatorPage: Sendable {
    public var language: PasanDomain.Language
    public var indicator: Indicator
    public var goal: Goal
    public var target: Target?
    public var series: [Series]
    public var relatedGlobal: Indicator?
    public var nationalVariants: [Indicator]
    public var planLinks: [(PlanIndicator, PlanIndicatorLink)]
    public var observations: [Observation]
    /// The chart's selection: a series and a breakdown dimension ("" = totals only).
    public var selectedSeries: String?
    public var selectedBreakdown: String = ""
    public var selectionNotice: String?
    public var progress: ProgressResult?
    /// Owners and reporters of the indicator (current assignments), with their names.
    public var owners: [(code: String, name: LocalizedText)] = []
    public var reporters: [(code: String, name: LocalizedText)] = []
    /// Province boundaries, when the selection has provincial values (a choropleth is drawn).
    public var provinceMap: AreaMap?
    /// District boundaries, when there are district values.
    public var districtMap: AreaMap?
    /// The indicator's current assignments (for the national metadata).
    public var assignments: [Assignment] = []

    /// Every series of the indicator that has published values (the selector's options).
    public var seriesWithData: [String]

    /// `observations` may hold only the selected series' values; `seriesWithData` then lists all
    /// series with values (by default, those of `observations`).
    public init(
        catalog: FrameworkCatalog,
        indicator: Indicator,
        goal: Goal,
        observations: [Observation],
        language: PasanDomain.Language,
        series requestedSeries: String? = nil,
        breakdown requestedBreakdown: String? = nil,
        progress: ProgressResult? = nil,
        seriesWithData: [String]? = nil
    ) {
        self.language = language
        self.indicator = indicator
        self.goal = goal
        self.target = catalog.target(indicator.target)
        self.series = catalog.series(ofIndicator: indicator.code)
        self.relatedGlobal = indicator.relatedGlobalCode.flatMap(catalog.indicator)
        self.nationalVariants = catalog.indicators.filter { $0.relatedGlobalCode == indicator.code }
        self.planLinks = catalog.planLinks(toIndicator: indicator.code)
        self.observations = observations
        self.progress = progress
        // The selection: what was asked for when it exists, else the progress series, else the first with data.
        let withData = seriesWithData ?? Array(Set(observations.map(\.series))).sorted()
        self.seriesWithData = withData
        let preferred = progress?.series.first?.configuration.series
        let fallback = preferred.flatMap { withData.contains($0) ? $0 : nil } ?? withData.first
        var notices: [String] = []
        if let requestedSeries, !requestedSeries.isEmpty, !withData.contains(requestedSeries) {
            notices.append(language.t("indicators.selection.noSuchSeries", ["series": .text(requestedSeries)]))
        }
        let series = requestedSeries.flatMap { withData.contains($0) ? $0 : nil } ?? fallback
        self.selectedSeries = series
        let dims = Set(observations.filter { $0.series == series }.flatMap { $0.dimensions.keys })
        if let requestedBreakdown, !requestedBreakdown.isEmpty {
            if dims.contains(requestedBreakdown) {
                selectedBreakdown = requestedBreakdown
            } else {
                notices.append(language.t("indicators.selection.noSuchBreakdown", ["breakdown": .text(requestedBreakdown)]))
            }
        }
        self.selectionNotice = notices.isEmpty ? nil : notices.joined(separator: " ")
    }

    public func render() -> String {
        let l = language
        let layout = Layout(
            title: "\(indicator.code) \(indicator.title.text(in: l))",
            description: indicator.title.text(in: l),
            path: .indicator(l, indicator.code)
        )
        return layout.render(
            .div(
                .class("wrap"),
                Fragments.breadcrumbs(
                    [
                        (UIText.goals.text(l), SitePath.home(l).path),
                        ("\(UIText.goal.text(l)) \(goal.number)", SitePath.goal(l, goal.number).path),
                        ("\(UIText.indicator.text(l)) \(indicator.code)", nil),
                    ],
                    l
                ),
                .header(
                    .class("indicator-header"),
                    Fragments.goalBadge(goal, l),
                    .h1(.span(.class("code"), .text(indicator.code)), .text(" "), Fragments.localized(indicator.title, l)),
                    .if(l == .lo, .p(.class("other-language"), .attribute(named: "lang", value: "en"), .text(indicator.title.en)))
                ),
                facts,
                dataSection,
                seriesSection,
                metadataSection,
                planSection
            )
        )
    }

    private var facts: BodyNode {
        let l = language
        return .section(
            .class("facts"),
            .dl(
                .dt(.text(UIText.target.text(l))),
                .dd(
                    .a(.href(SitePath.goal(l, goal.number).path + "#target-\(indicator.target)"), .text(indicator.target)),
                    .text(" "),
                    .unwrap(target?.title, { Fragments.localized($0, l) }, else: .em(.text(UIText.targetTextNotFound.text(l))))
                ),
                .dt(.text(UIText.scope.text(l))),
                .dd(
                    .text(indicator.scope == .global ? UIText.globalScope.text(l) : UIText.nationalScope.text(l)),
                    .if(indicator.isRetired, .text(" — \(UIText.retired.text(l))"))
                ),
                .dt(.text(UIText.nationalRelation.text(l))),
                .dd(
                    .text(UIText.relation(indicator.nationalRelation).text(l)),
                    .unwrap(indicator.relationBasis) { .small(.class("basis"), .text(" (\($0))")) }
                ),
                .unwrap(relatedGlobal) { related in
                    .group(
                        .dt(.text(UIText.relatedGlobal.text(l))),
                        .dd(
                            .a(
                                .href(SitePath.indicator(l, related.code).path),
                                .text("\(related.code) "),
                                Fragments.localized(related.title, l)
                            )
                        )
                    )
                },
                .if(
                    !nationalVariants.isEmpty,
                    .group(
                        .dt(.text(UIText.nationalScope.text(l))),
                        .dd(
                            .forEach(nationalVariants) { v in
                                .group(.a(.href(SitePath.indicator(l, v.code).path), .text(v.code)), .text(" "))
                            }
                        )
                    )
                ),
                .if(
                    !owners.isEmpty,
                    .group(
                        .dt(.text(l.t("indicators.facts.owner"))),
                        .dd(
                            .forEach(owners) { o in
                                .group(
                                    .a(.href(SitePath(language: l, page: .handbook(o.code)).path), .text(o.name.text(in: l))),
                                    .text(" ")
                                )
                            }
                        )
                    )
                ),
                .if(
                    !reporters.isEmpty,
                    .group(
                        .dt(.text(l.t("indicators.facts.reporter"))),
                        .dd(
                            .forEach(reporters) { o in
                                .group(
                                    .a(.href(SitePath(language: l, page: .handbook(o.code)).path), .text(o.name.text(in: l))),
                                    .text(" ")
                                )
                            }
                        )
                    )
                ),
                .dt(.text(UIText.tier.text(l))),
                .dd(.text(Fragments.tierText(indicator.tier))),
                .dt(.text(UIText.custodians.text(l))),
                .dd(.text(indicator.custodians.isEmpty ? "—" : indicator.custodians.joined(separator: ", "))),
                .dt(.text(UIText.partners.text(l))),
                .dd(.text(indicator.partners.isEmpty ? "—" : indicator.partners.joined(separator: ", "))),
                .unwrap(indicator.unCode) { .group(.dt(.text(UIText.unCode.text(l))), .dd(.code(.text($0)))) }
            )
        )
    }

    private var seriesSection: BodyNode {
        let l = language
        guard !series.isEmpty else { return .empty }
        return .section(
            .class("series"),
            .h2(.text(UIText.series.text(l))),
            .table(
                .thead(.tr(.th(.text(UIText.code.text(l))), .th(.text(UIText.name.text(l))), .th(.text(UIText.unit.text(l))))),
                .tbody(
                    .forEach(series) { s in
                        .tr(.td(.code(.text(s.code))), .td(Fragments.localized(s.name, l)), .td(.text(s.unit ?? "—")))
                    }
                )
            )
        )
    }

    /// The lines of the selection: the national totals of the selected series, or one line per
    /// code of the selected breakdown.
    var selectedLines: [LineChart.Line] {
        guard let selectedSeries else { return [] }
        let rows = observations.filter { $0.series == selectedSeries && $0.area == Area.countryCode }
        let l = language
        if selectedBreakdown.isEmpty {
            let totals = rows.filter { $0.dimensions.isEmpty }
            return totals.isEmpty
                ? []
                : [
                    LineChart.Line(
                        label: UIText.total.text(l),
                        points: totals.compactMap { o in Int(o.period.prefix(4)).map { ($0, o.value) } }
                    )
                ]
        }
        let groups = Dictionary(grouping: rows.filter { $0.dimensions.keys.contains(selectedBreakdown) && $0.dimensions.count == 1 }) {
            $0.dimensions[selectedBreakdown]!
        }
        return groups.keys.sorted().map { code in
            LineChart.Line(
                label: Self.breakdownLabel("\(selectedBreakdown)=\(code)", l),
                points: groups[code]!.compactMap { o in Int(o.period.prefix(4)).map { ($0, o.value) } }
            )
        }
    }

    /// The chart, the table of exactly what it shows, the selector (works without JavaScript),
    /// the progress status with its explanation, and the downloads.
    private var dataSection: BodyNode {
        let l = language
        guard !observations.isEmpty, let selectedSeries else {
            return .section(
                .class("data"),
                .h2(.text(UIText.publishedData.text(l))),
                .p(.class("notice"), .text(l.t("indicators.data.none")))
            )
        }
        let dims = Array(Set(observations.filter { $0.series == selectedSeries }.flatMap { $0.dimensions.keys })).sorted()
        let lines = selectedLines
        let unit = observations.first { $0.series == selectedSeries }?.unit ?? ""
        let seriesName = series.first { $0.code == selectedSeries }?.name.text(in: l) ?? selectedSeries
        let config = progress?.series.first { $0.configuration.series == selectedSeries }?.configuration
        let chart = LineChart(
            title: "\(indicator.code) — \(seriesName) (\(unit))",
            lines: lines,
            baseYear: config?.baseYear ?? 2015,
            target: config?.target.map { (config!.targetYear, $0) },
            baseLabel: l.t("indicators.chart.base"),
            targetLabel: l.t("indicators.chart.target")
        )
        let years = Array(Set(lines.flatMap { $0.points.map(\.year) })).sorted()
        let query =
            "?series=\(SitePath.queryEscape(selectedSeries))"
            + (selectedBreakdown.isEmpty ? "" : "&breakdown=\(SitePath.queryEscape(selectedBreakdown))")
        return .section(
            .class("data"),
            .h2(.text(UIText.publishedData.text(l))),
            .unwrap(selectionNotice) { .p(.class("notice"), .attribute(named: "role", value: "status"), .text($0)) },
            .form(
                .class("selector"),
                .method(.get),
                .action(SitePath.indicator(l, indicator.code).path),
                .label(.for("sel-series"), .text(UIText.series.text(l))),
                .element(
                    named: "select",
                    nodes: [
                        .attribute(named: "name", value: "series"), .attribute(named: "id", value: "sel-series"),
                        .attribute(named: "data-autosubmit", value: "change"),
                    ]
                        + seriesWithData.map { code in
                            .element(
                                named: "option",
                                nodes: [
                                    .attribute(named: "value", value: Escape.attribute(code)),
                                    code == selectedSeries ? .attribute(named: "selected", value: "selected") : .empty, .text(code),
                                ]
                            )
                        }
                ),
                .label(.for("sel-breakdown"), .text(UIText.breakdown.text(l))),
                .element(
                    named: "select",
                    nodes: [
                        .attribute(named: "name", value: "breakdown"), .attribute(named: "id", value: "sel-breakdown"),
                        .attribute(named: "data-autosubmit", value: "change"),
                        .element(
                            named: "option",
                            nodes: [
                                .attribute(named: "value", value: "", ignoreIfValueIsEmpty: false),
                                .text(UIText.total.text(l)),
                            ]
                        ),
                    ]
                        + dims.map { dim in
                            .element(
                                named: "option",
                                nodes: [
                                    .attribute(named: "value", value: dim),
                                    dim == selectedBreakdown ? .attribute(named: "selected", value: "selected") : .empty, .text(dim),
                                ]
                            )
                        }
                ),
                .button(.type(.submit), .text(l.t("indicators.selector.show")))
            ),
            .div(.class("chart-wrap"), .raw(chart.svg(describedBy: "data-table"))),
            choropleth(selectedSeries, unit: unit),
            .div(
                .class("table-scroll"),
                .table(
                    .class("data-table"),
                    .id("data-table"),
                    .caption(.text("\(seriesName) (\(unit))")),
                    .thead(
                        .tr(
                            .th(.attribute(named: "scope", value: "col"), .text(UIText.period.text(l))),
                            .forEach(lines) { .th(.attribute(named: "scope", value: "col"), .text($0.label)) }
                        )
                    ),
                    .tbody(
                        .forEach(years) { year in
                            .tr(
                                .th(.attribute(named: "scope", value: "row"), .text(String(year))),
                                .forEach(lines) { line in
                                    .td(
                                        .class("num"),
                                        .text(line.points.first { $0.year == year }.map { Fragments.formatNumber($0.value) } ?? "—")
                                    )
                                }
                            )
                        }
                    )
                )
            ),
            footnotes(selectedSeries),
            progressBox,
            .p(
                .class("downloads"),
                .a(
                    .href(SitePath(language: l, page: .indicatorData(indicator.code)).path + query),
                    .text(l.t("indicators.download.selection"))
                ),
                .text(" · "),
                .a(
                    .href(SitePath(language: l, page: .indicatorData(indicator.code)).path),
                    .text(l.t("indicators.download.whole"))
                )
            )
        )
    }

    /// The latest provincial (and district) values of the selected series, drawn on maps.
    private func choropleth(_ series: String, unit: String) -> BodyNode {
        .group(
            map(provinceMap, series: series, level: .province, unitName: unit),
            map(districtMap, series: series, level: .district, unitName: unit)
        )
    }

    /// The values drawn are those of the areas the map has a shape for, not guessed from the
    /// code's length (`LA`, the country, is two letters long like a province code).
    private func map(_ map: AreaMap?, series: String, level areaLevel: AreaLevel, unitName unit: String) -> BodyNode {
        let l = language
        guard let map else { return .empty }
        let drawn = Set(map.shapes.map(\.code))
        let rows = observations.filter { $0.series == series && $0.dimensions.isEmpty && drawn.contains($0.area) }
        guard let year = rows.map(\.period).max() else { return .empty }
        let values = Dictionary(rows.filter { $0.period == year }.map { ($0.area, $0.value) }, uniquingKeysWith: { a, _ in a })
        let level = areaLevel == .province ? l.t("indicators.map.level.province") : l.t("indicators.map.level.district")
        return Fragments.figure(
            svg: map.svg(
                label: l.t("indicators.map.label", ["level": .text(level), "year": .text(year)]),
                values: values,
                format: { Fragments.formatNumber($0) + " " + unit }
            ),
            caption: l.t("indicators.map.caption", ["year": .text(year), "level": .text(level)]) + " " + UIText.mapCredit.text(l)
        )
    }

    private func footnotes(_ series: String) -> BodyNode {
        let l = language
        let rows = observations.filter { $0.series == series }
        let statuses = Array(Set(rows.compactMap(\.status))).sorted()
        let sources = Array(Set(rows.compactMap(\.source))).sorted()
        return .div(
            .class("footnotes"),
            .if(
                !statuses.isEmpty,
                .p(
                    .text(
                        l.t(
                            "indicators.data.observationStatus",
                            ["statuses": .text(statuses.map(Self.statusLabel).joined(separator: ", "))]
                        )
                    )
                )
            ),
            .forEach(sources) { .p(.class("source"), .text("\(UIText.source.text(l)): \($0)")) }
        )
    }

    static func statusLabel(_ code: String) -> String {
        switch code {
        case "A": "A (normal)"
        case "E": "E (estimate)"
        case "P": "P (provisional)"
        case "B": "B (break in series)"
        case "F": "F (forecast)"
        case "I": "I (imputed)"
        case "M": "M (missing)"
        default: code
        }
    }

    /// The progress status and score, with how they were computed, in plain words.
    private var progressBox: BodyNode {
        let l = language
        guard let progress else {
            return .p(
                .class("progress none"),
                .text(l.t("indicators.progress.notAssessed") + " "),
                .a(
                    .href(SitePath(language: l, page: .progressConfig(indicator.code)).path),
                    .text(l.t("indicators.progress.configure"))
                )
            )
        }
        return .section(
            .class("progress \(progress.status.rawValue)"),
            .h3(.text(l.t("indicators.progress.heading", ["status": .text(progress.status.title.text(in: l))]))),
            .unwrap(progress.score) {
                .p(.text(l.t("indicators.progress.score", ["score": .text(String(format: "%.2f", $0))])))
            },
            .if(
                progress.overridden,
                .p(.text(l.t("indicators.progress.setByHand", ["justification": .text(progress.justification ?? "")])))
            ),
            .ul(.forEach(progress.series) { s in .li(.text(Self.explanation(s, l))) }),
            .p(
                .a(.href(SitePath(language: l, page: .methodology).path), .text(l.t("indicators.progress.howComputed"))),
                .text(" · "),
                .a(
                    .href(SitePath(language: l, page: .progressConfig(indicator.code)).path),
                    .text(l.t("indicators.progress.changeMeasure"))
                )
            )
        )
    }

    static func explanation(_ s: ProgressResult.SeriesProgress, _ l: Lang) -> String {
        let c = s.configuration, r = s.result
        let direction = c.direction == 1 ? l.t("indicators.progress.direction.increase") : l.t("indicators.progress.direction.decrease")
        guard let t0 = r.baseYear, let t = r.currentYear else {
            return l.t("indicators.progress.notEnoughData", ["series": .text(c.series)])
        }
        let v = r.progressValue.map { String(format: "%.3f", $0) } ?? "—"
        // Years are shown as written ("2015"), not as grouped numbers.
        var arguments: [String: MessageArgument] = [
            "series": .text(c.series), "from": .text(String(t0)), "to": .text(String(t)), "direction": .text(direction), "ratio": .text(v),
        ]
        if let target = c.target {
            arguments["target"] = .text(Fragments.formatNumber(target))
            arguments["year"] = .text(String(c.targetYear))
            return l.t("indicators.progress.explanation.target", arguments)
        }
        return l.t("indicators.progress.explanation.noTarget", arguments)
    }

    static func breakdownLabel(_ key: String, _ l: Lang) -> String {
        if key.isEmpty { return UIText.total.text(l) }
        let dims = Observation.dimensions(fromKey: key)
        return dims.sorted { $0.key < $1.key }.map { dim, code in
            switch (dim, code) {
            case ("SEX", "F"): l.t("indicators.breakdown.sex.female")
            case ("SEX", "M"): l.t("indicators.breakdown.sex.male")
            case ("SEX", "B"): l.t("indicators.breakdown.sex.boys")
            case ("SEX", "G"): l.t("indicators.breakdown.sex.girls")
            default: "\(dim)=\(code)"
            }
        }.joined(separator: ", ")
    }

    /// The metadata in three tabs (anchors, so they work without JavaScript and print in full):
    /// national metadata from the assignments, global metadata from the framework, and sources.
    private var metadataSection: BodyNode {
        let l = language
        let a = assignments.first
        let national: [(String, Message, String?)] = [
            (
                "COMPILING_ORG", Message("indicators.metadata.field.compilingOrg"),
                (reporters.map { $0.name.text(in: l) }).joined(separator: ", ").nonEmpty
            ),
            ("SOURCE_TYPE", Message("indicators.metadata.field.sourceType"), a?.sourceKind?.title.text(in: l)),
            ("DATA_SOURCE", Message("indicators.metadata.field.dataSource"), a?.sourceName),
            ("FREQ_COLL", Message("indicators.metadata.field.collectionFrequency"), a?.frequency?.title.text(in: l)),
            ("REL_CAL_POLICY", Message("indicators.metadata.field.releaseCalendar"), a?.releaseCalendar),
            (
                "INST_MANDATE", Message("indicators.metadata.field.institutionalMandate"),
                a?.legalBasis.map { [$0.instrument, $0.number, $0.date?.description].compactMap { $0 }.joined(separator: ", ") }
            ),
            ("STAT_CONC_DEF", Message("indicators.metadata.field.definitions"), nil),
        ]
        let global: [(String, Message, String?)] = [
            ("SDG_GOAL", Message("app.term.goal"), "\(goal.number). \(goal.title.text(in: l))"),
            ("SDG_TARGET", Message("app.term.target"), target?.title.map { "\(indicator.target) \($0.text(in: l))" }),
            ("SDG_INDICATOR", Message("app.term.indicator"), "\(indicator.code) \(indicator.title.text(in: l))"),
            (
                "SDG_SERIES_DESCR", Message("app.term.series"),
                series.isEmpty ? nil : series.map { "\($0.code): \($0.name.text(in: l))" }.joined(separator: "; ")
            ),
            (
                "UNIT_MEASURE", Message("indicators.metadata.field.unitOfMeasure"),
                Array(Set(series.compactMap(\.unit))).sorted().joined(separator: ", ").nonEmpty
            ),
            ("SDG_CUSTODIAN_AGENCIES", Message("app.term.custodianAgencies"), indicator.custodians.joined(separator: ", ").nonEmpty),
            ("TIER", Message("app.term.tier"), indicator.tier.map { _ in Fragments.tierText(indicator.tier) }),
        ]
        let sources = Array(Set(observations.compactMap(\.source))).sorted()
        func list(_ fields: [(String, Message, String?)]) -> BodyNode {
            .dl(
                .forEach(fields) { field in
                    .group(
                        .dt(.text(field.1.text(in: l)), .small(.class("concept"), .text(" \(field.0)"))),
                        .dd(.unwrap(field.2, { .text($0) }, else: .span(.class("missing"), .text(UIText.notYetProvided.text(l)))))
                    )
                }
            )
        }
        return .section(
            .class("metadata"),
            .h2(.text(UIText.metadata.text(l))),
            .nav(
                .class("tabs"),
                .attribute(named: "aria-label", value: UIText.metadata.text(l)),
                .a(.href("#meta-national"), .text(l.t("indicators.metadata.national"))),
                .a(.href("#meta-global"), .text(l.t("indicators.metadata.global"))),
                .a(.href("#meta-sources"), .text(l.t("indicators.metadata.sources")))
            ),
            .div(.id("meta-national"), .class("tab"), .h3(.text(l.t("indicators.metadata.national"))), list(national)),
            .div(.id("meta-global"), .class("tab"), .h3(.text(l.t("indicators.metadata.global"))), list(global)),
            .div(
                .id("meta-sources"),
                .class("tab"),
                .h3(.text(l.t("indicators.metadata.sources"))),
                .if(sources.isEmpty, .p(.class("missing"), .text(UIText.notYetProvided.text(l)))),
                .ul(.forEach(sources) { .li(.text($0)) })
            )
        )
    }

    private var planSection: BodyNode {
        let l = language
        guard !planLinks.isEmpty else { return .empty }
        return .section(
            .class("plan-links"),
            .h2(.text(UIText.planLinks.text(l))),
            .ul(
                .forEach(planLinks) { pair in
                    .li(
                        .span(.class("code"), .text(pair.0.code)),
                        .text(" "),
                        Fragments.localized(pair.0.title, l),
                        .text(" — \(UIText.relation(pair.1.relation).text(l))")
                    )
                }
            )
        )
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}

extension IndicatorPage {
    /// The series the page shows: the requested one when it has data, else the series progress
    /// is measured on, else the first with data.
    public static func selectedSeries(requested: String?, available: [String], progress: ProgressResult?) -> String? {
        if let requested, available.contains(requested) { return requested }
        if let preferred = progress?.series.first?.configuration.series, available.contains(preferred) { return preferred }
        return available.first
    }
}
