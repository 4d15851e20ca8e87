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
    /// The texts of the SDG metadata template an import published, in both languages.
    public var documentedMetadata: [IndicatorMetadataField] = []

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
                    .h1(
                        .span(.class("code"), .text(indicator.code)),
                        .text(" "),
                        Fragments.localized(indicator.title, l)
                    ),
                    .if(
                        l == .lo,
                        .p(
                            .class("other-language"),
                            .attribute(named: "lang", value: "en"),
                            .text(indicator.title.en)
                        )
                    )
                ),
                facts,
                dataSection,
                seriesSection,
                metadataSection,
                planSection
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
