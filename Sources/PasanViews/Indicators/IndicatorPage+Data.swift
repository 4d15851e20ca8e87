import PasanDomain
import PasanMessages
import Plot

/// The published data of the selection: chart, selector, table, footnotes and downloads.
extension IndicatorPage {
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
    var dataSection: BodyNode {
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
            .unwrap(selectionNotice) { notice in
                .p(
                    .class("notice"),
                    .attribute(named: "role", value: "status"),
                    .text(notice)
                )
            },
            selector(selectedSeries, breakdowns: dims),
            .div(.class("chart-wrap"), .raw(chart.svg(describedBy: "data-table"))),
            choropleth(selectedSeries, unit: unit),
            dataTable(lines, years: years, caption: "\(seriesName) (\(unit))"),
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
                ),
                .br(),
                .a(
                    .href(SitePath(language: l, page: .indicatorDataWorkbook(indicator.code)).path + query),
                    .text(l.t("downloads.indicator.selection"))
                ),
                .text(" · "),
                .a(
                    .href(SitePath(language: l, page: .indicatorDataWorkbook(indicator.code)).path),
                    .text(l.t("downloads.indicator.whole"))
                )
            )
        )
    }

    /// The series and breakdown selector: a plain GET form, submitted on change by the script.
    func selector(_ selectedSeries: String, breakdowns: [String]) -> BodyNode {
        let l = language
        return .form(
            .class("selector"),
            .method(.get),
            .action(SitePath.indicator(l, indicator.code).path),
            .label(.for("sel-series"), .text(UIText.series.text(l))),
            .element(
                named: "select",
                nodes: [
                    .attribute(named: "name", value: "series"),
                    .attribute(named: "id", value: "sel-series"),
                    .attribute(named: "data-autosubmit", value: "change"),
                ]
                    + seriesWithData.map { code in
                        .element(
                            named: "option",
                            nodes: [
                                .attribute(named: "value", value: Escape.attribute(code)),
                                code == selectedSeries ? .attribute(named: "selected", value: "selected") : .empty,
                                .text(code),
                            ]
                        )
                    }
            ),
            .label(.for("sel-breakdown"), .text(UIText.breakdown.text(l))),
            .element(
                named: "select",
                nodes: [
                    .attribute(named: "name", value: "breakdown"),
                    .attribute(named: "id", value: "sel-breakdown"),
                    .attribute(named: "data-autosubmit", value: "change"),
                    .element(
                        named: "option",
                        nodes: [
                            .attribute(named: "value", value: "", ignoreIfValueIsEmpty: false),
                            .text(UIText.total.text(l)),
                        ]
                    ),
                ]
                    + breakdowns.map { dim in
                        .element(
                            named: "option",
                            nodes: [
                                .attribute(named: "value", value: dim),
                                dim == selectedBreakdown ? .attribute(named: "selected", value: "selected") : .empty,
                                .text(dim),
                            ]
                        )
                    }
            ),
            .button(.type(.submit), .text(l.t("indicators.selector.show")))
        )
    }

    /// The table of exactly what the chart shows: one row per year, one column per line.
    func dataTable(_ lines: [LineChart.Line], years: [Int], caption: String) -> BodyNode {
        let l = language
        return .div(
            .class("table-scroll"),
            .table(
                .class("data-table"),
                .id("data-table"),
                .caption(.text(caption)),
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
                                    .text(line.points.first { $0.year == year }.map { Fragments.dataValue($0.value, l) } ?? "—")
                                )
                            }
                        )
                    }
                )
            )
        )
    }

    func footnotes(_ series: String) -> BodyNode {
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
                            ["statuses": .text(statuses.map { Self.statusLabel($0, l) }.joined(separator: ", "))]
                        )
                    )
                )
            ),
            .forEach(sources) { source in
                .p(.class("source"), .text("\(UIText.source.text(l)): \(source)"))
            }
        )
    }

    /// An SDMX observation status (OBS_STATUS) with its meaning, in the page's language.
    static func statusLabel(_ code: String, _ l: Lang) -> String {
        switch code {
        case "A": l.t("indicators.obsStatus.normal")
        case "E": l.t("indicators.obsStatus.estimate")
        case "P": l.t("indicators.obsStatus.provisional")
        case "B": l.t("indicators.obsStatus.break")
        case "F": l.t("indicators.obsStatus.forecast")
        case "I": l.t("indicators.obsStatus.imputed")
        case "M": l.t("indicators.obsStatus.missing")
        default: code
        }
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
}
