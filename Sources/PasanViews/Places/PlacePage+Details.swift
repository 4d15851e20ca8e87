import PasanDomain
import PasanMessages
import Plot

/// What happens in a place, as its page shows it (issue 14, `docs/villages.md`).
public struct PlaceDetails: Sendable {
    /// The SDG data of one series for the area (its published values), charted as the indicator
    /// page charts them: the total, else one line per code of the first breakdown.
    public struct SeriesData: Sendable {
        public var indicator: String
        public var indicatorTitle: LocalizedText?
        public var goal: Int?
        public var series: String
        public var seriesName: String?
        public var unit: String
        public var observations: [Observation]
        public var baseYear: Int?
        public var target: (year: Int, value: Double)?

        public init(
            indicator: String,
            indicatorTitle: LocalizedText?,
            goal: Int?,
            series: String,
            seriesName: String?,
            unit: String,
            observations: [Observation],
            baseYear: Int?,
            target: (year: Int, value: Double)?
        ) {
            self.indicator = indicator
            self.indicatorTitle = indicatorTitle
            self.goal = goal
            self.series = series
            self.seriesName = seriesName
            self.unit = unit
            self.observations = observations
            self.baseYear = baseYear
            self.target = target
        }

        /// The yearly totals (values without a breakdown), by year.
        var totals: [(year: Int, value: Double)] {
            observations.compactMap { o in o.dimensions.isEmpty ? Int(o.period.prefix(4)).map { ($0, o.value) } : nil }
                .sorted { $0.year < $1.year }
        }

        /// The chart's lines: the yearly totals, else one line per code of the first breakdown.
        func lines(_ l: PasanDomain.Language) -> [LineChart.Line] {
            func points(_ rows: [Observation]) -> [(year: Int, value: Double)] {
                rows.compactMap { o in Int(o.period.prefix(4)).map { ($0, o.value) } }
            }
            let totals = self.totals
            if !totals.isEmpty { return [LineChart.Line(label: UIText.total.text(l), points: totals)] }
            guard let dimension = observations.filter({ $0.dimensions.count == 1 }).flatMap(\.dimensions.keys).sorted().first else {
                return []
            }
            let groups = Dictionary(grouping: observations.filter { $0.dimensions.count == 1 && $0.dimensions[dimension] != nil }) {
                $0.dimensions[dimension]!
            }
            return groups.keys.sorted().map { code in
                LineChart.Line(label: IndicatorPage.breakdownLabel("\(dimension)=\(code)", l), points: points(groups[code]!))
            }
        }
    }

    /// A reporting chain passing through the area (see `ChainRepository.chains(through:)`).
    public struct Chain: Sendable, Hashable {
        public var title: String
        public var href: String
        public var detail: String

        public init(title: String, href: String, detail: String) {
            self.title = title
            self.href = href
            self.detail = detail
        }
    }

    /// One goal of the area's data, when the data is shown a goal at a time.
    public struct DataGoal: Sendable, Hashable {
        public var number: Int
        /// Indicators of the goal with values for the area.
        public var indicators: Int
        public var href: String
        public var selected: Bool

        public init(number: Int, indicators: Int, href: String, selected: Bool) {
            self.number = number
            self.indicators = indicators
            self.href = href
            self.selected = selected
        }
    }

    /// The goals with values for the area when `data` holds one goal's series only (a province
    /// or district of a country's data has hundreds); `nil` when `data` is all of them.
    public var goals: [DataGoal]?
    /// The province of the area (for the breadcrumbs of a village).
    public var province: Area?
    public var activities: PlaceActivities
    public var overlaps: [PlaceOverlap]
    public var data: [SeriesData]
    /// Subnational focal points whose grant covers the area.
    public var areaContacts: [PlaceContact]
    /// Focal points of the institutions with activities there.
    public var institutionContacts: [PlaceContact]
    /// The reporting chains through the area; `nil` where Pasan cannot list them (a village, or
    /// no chains yet).
    public var chains: [Chain]?
    /// Names of the areas and institutions the lists name.
    public var areaNames: [String: LocalizedText]
    public var institutionNames: [String: LocalizedText]

    public init(
        province: Area?,
        activities: PlaceActivities,
        overlaps: [PlaceOverlap],
        data: [SeriesData],
        areaContacts: [PlaceContact],
        institutionContacts: [PlaceContact],
        chains: [Chain]?,
        areaNames: [String: LocalizedText],
        institutionNames: [String: LocalizedText]
    ) {
        self.province = province
        self.activities = activities
        self.overlaps = overlaps
        self.data = data
        self.areaContacts = areaContacts
        self.institutionContacts = institutionContacts
        self.chains = chains
        self.areaNames = areaNames
        self.institutionNames = institutionNames
    }
}

extension PlacePage {
    /// The area's district (for a village) or the area itself (a district) filled on the map of
    /// its province's districts; the others grey.
    func highlighted(_ map: AreaMap) -> String {
        let l = language
        let district = String(area.code.prefix(4))
        let label = area.level == .village ? l.t("places.map.villageDistrict") : l.t("places.map.thisDistrict")
        return map.svg(label: label, values: [district: 1], format: { _ in label })
    }

    func areaName(_ code: String, _ details: PlaceDetails) -> String {
        details.areaNames[code]?.text(in: language) ?? code
    }

    /// Activities listed on a place's page, of those there and of those known only at its
    /// district, each (Pasan's default; a province of a country's registry has thousands):
    /// the rest are in the activity registry, filtered by the place.
    public static let activitiesListed = 50

    /// The activity registry filtered by the place's province or district (a village: its district).
    var registryHref: String {
        let filter = area.level == .province ? "province=\(area.code)" : "district=\(area.code.prefix(4))"
        return SitePath(language: language, page: .activities).path + "?" + filter
    }

    /// Activities there and the overlaps found there.
    func whatHappensHere(_ details: PlaceDetails) -> BodyNode {
        let l = language
        let activities = details.activities
        let (here, around) = (activities.here, activities.around)
        let more = activities.hereCount > here.count || activities.aroundCount > around.count
        return .group(
            .if(
                area.level == .district || area.level == .village,
                .p(
                    .class("place-bulletin-link"),
                    .a(.href(SitePath(language: l, page: .placeBulletin(area.code)).path), .text(l.t("places.bulletin.link")))
                )
            ),
            .section(
                .class("place-activities"),
                .h2(.text(l.t("places.activities.title", count: details.activities.count))),
                .if(activities.count == 0, .p(.class("notice"), .text(l.t("places.activities.none")))),
                .if(!here.isEmpty, activityList(here)),
                .if(
                    !around.isEmpty,
                    .group(
                        .h3(
                            .text(
                                l.t(
                                    "places.activities.districtLevel",
                                    ["district": .text(around.first.map { areaName($0.knownAt!, details) } ?? "")]
                                )
                            )
                        ),
                        activityList(around)
                    )
                ),
                .if(
                    more,
                    .p(
                        .class("place-activities-more"),
                        .a(
                            .href(registryHref),
                            .text(l.t("places.activities.more", ["shown": .text(String(Self.activitiesListed))]))
                        )
                    )
                ),
                .if(
                    activities.hasIllustrative,
                    .p(.class("hint"), .text(l.t("places.activities.illustrative")))
                )
            ),
            .section(
                .class("place-overlaps"),
                .h2(.text(l.t("places.overlaps.title", count: details.overlaps.count))),
                .if(details.overlaps.isEmpty, .p(.text(l.t("places.overlaps.none")))),
                .ul(
                    .class("plain-list"),
                    .forEach(details.overlaps) { o in
                        .li(
                            .a(
                                .href(SitePath(language: l, page: .overlap(o.id)).path),
                                .text(
                                    l.t(
                                        "places.overlaps.pair",
                                        [
                                            "first": .text(o.firstTitle?.text(in: l) ?? o.first),
                                            "second": .text(o.secondTitle?.text(in: l) ?? o.second),
                                        ]
                                    )
                                )
                            ),
                            .text(" — "),
                            .text(
                                o.level == .village
                                    ? l.t("places.overlaps.inVillage", ["place": .text(areaName(o.areaCode, details))])
                                    : l.t("places.overlaps.inDistrict", ["place": .text(areaName(o.areaCode, details))])
                            ),
                            .text(" · "),
                            .text(overlapState(o.state))
                        )
                    }
                )
            )
        )
    }

    func overlapState(_ state: OverlapState) -> String {
        switch state {
        case .open: language.t("places.overlaps.state.open")
        case .coordinated: language.t("places.overlaps.state.coordinated")
        case .notOverlap: language.t("places.overlaps.state.notOverlap")
        }
    }

    func activityList(_ activities: [PlaceActivity]) -> BodyNode {
        let l = language
        return .ul(
            .class("place-activity-list"),
            .forEach(activities) { a in
                .li(
                    .a(.href(SitePath(language: l, page: .activity(a.id)).path), Fragments.localized(a.title, l)),
                    .br(),
                    .span(
                        .class("meta"),
                        Fragments.localized(a.implementer, l),
                        .text(" · "),
                        .text(Self.statusText(a.status, l)),
                        .unwrap(a.start) { start in .group(.text(" · "), Fragments.date(start, l)) },
                        .unwrap(a.end) { end in .group(.text(" – "), Fragments.date(end, l)) },
                        .if(a.isIllustrative, .text(" · " + l.t("places.activities.illustrativeMark")))
                    )
                )
            }
        )
    }

    static func statusText(_ status: ActivityStatus, _ l: Lang) -> String {
        switch status {
        case .pipeline: l.t("places.activity.status.pipeline")
        case .implementation: l.t("places.activity.status.implementation")
        case .finalisation: l.t("places.activity.status.finalisation")
        case .closed: l.t("places.activity.status.closed")
        case .cancelled: l.t("places.activity.status.cancelled")
        case .suspended: l.t("places.activity.status.suspended")
        }
    }

    /// The SDG data for the area, who to contact, and the reporting chains through it.
    func placeDataAndPeople(_ details: PlaceDetails) -> BodyNode {
        let l = language
        return .group(
            .section(
                .class("place-data"),
                .id("place-data"),
                .h2(.text(l.t("places.data.title"))),
                .if(details.data.isEmpty, .p(.class("notice"), .text(l.t("places.data.none")))),
                .unwrap(details.goals) { goals in goalChoice(goals) },
                details.goals == nil
                    ? .forEach(Array(details.data.enumerated())) { index, data in seriesBlock(data, index: index) }
                    : seriesTable(details.data)
            ),
            .section(
                .class("place-contacts"),
                .h2(.text(l.t("places.contacts.title"))),
                .if(
                    details.areaContacts.isEmpty && details.institutionContacts.isEmpty,
                    .p(.class("notice"), .text(l.t("places.contacts.none")))
                ),
                .ul(
                    .class("plain-list"),
                    .forEach(details.areaContacts) { c in
                        .li(
                            .strong(.text(c.name)),
                            .text(" — " + l.t("places.contacts.area", ["area": .text(c.area.map { areaName($0, details) } ?? "")]))
                        )
                    },
                    .forEach(details.institutionContacts) { c in
                        .li(.strong(.text(c.name)), .text(" — " + Self.institutionContactLine(c, details.institutionNames, l)))
                    }
                )
            ),
            .if(
                area.level != .village,
                .section(
                    .class("place-chains"),
                    .h2(.text(l.t("places.chains.title"))),
                    .unwrap(
                        details.chains,
                        { chains in
                            .group(
                                .if(chains.isEmpty, .p(.text(l.t("places.chains.none")))),
                                .ul(
                                    .class("plain-list"),
                                    .forEach(chains) { c in .li(.a(.href(c.href), .text(c.title)), .text(" — " + c.detail)) }
                                )
                            )
                        },
                        else: .p(.class("notice"), .text(l.t("places.chains.unavailable")))
                    )
                )
            )
        )
    }

    /// The goals to choose from, the one shown marked (links: they work without JavaScript).
    func goalChoice(_ goals: [PlaceDetails.DataGoal]) -> BodyNode {
        let l = language
        return .nav(
            .class("goal-choice"),
            .attribute(named: "aria-label", value: l.t("app.term.goal")),
            .p(.text(l.t("places.data.byGoal", ["indicators": .text(String(goals.reduce(0) { $0 + $1.indicators }))]))),
            .ul(
                .forEach(goals) { goal in
                    let label = l.t(
                        "places.data.goalLink",
                        ["number": .text(String(goal.number)), "indicators": .text(String(goal.indicators))]
                    )
                    return .li(
                        goal.selected
                            ? .strong(.attribute(named: "aria-current", value: "true"), .text(label))
                            : .a(.href(goal.href), .text(label))
                    )
                }
            )
        )
    }

    /// "focal point (owner, primary) of Ministry of Health".
    static func institutionContactLine(_ c: PlaceContact, _ names: [String: LocalizedText], _ l: Lang) -> String {
        let role = c.role == .reporter ? l.t("places.contacts.reporter") : l.t("places.contacts.owner")
        let position = c.position == .alternate ? l.t("places.contacts.alternate") : l.t("places.contacts.primary")
        let institution = c.institution.map { names[$0]?.text(in: l) ?? $0 } ?? ""
        return l.t("places.contacts.institution", ["role": .text(role), "position": .text(position), "institution": .text(institution)])
    }

    /// One goal's series when the area has too many to chart (a province of a country's data):
    /// a line per series with its total in the base year and its latest total, the indicator
    /// linked to its page (which charts it).
    func seriesTable(_ data: [PlaceDetails.SeriesData]) -> BodyNode {
        let l = language
        func total(_ value: (year: Int, value: Double)?) -> Node<HTML.TableRowContext> {
            guard let value else { return .td(.class("num"), .text("—")) }
            return .td(.class("num"), .text(Fragments.dataValue(value.value, l)), .span(.class("meta"), .text(" (\(value.year))")))
        }
        return .div(
            .class("table-scroll"),
            .table(
                .class("data-table place-series-table"),
                .caption(.text(l.t("places.data.table.caption"))),
                .thead(
                    .tr(
                        .th(.attribute(named: "scope", value: "col"), .text(UIText.indicator.text(l))),
                        .th(.attribute(named: "scope", value: "col"), .text(UIText.series.text(l))),
                        .th(.attribute(named: "scope", value: "col"), .text(l.t("places.data.table.base"))),
                        .th(.attribute(named: "scope", value: "col"), .text(l.t("places.data.table.latest")))
                    )
                ),
                .tbody(
                    .forEach(data) { series in
                        let totals = series.totals
                        return .tr(
                            .th(
                                .attribute(named: "scope", value: "row"),
                                .a(.href(SitePath.indicator(l, series.indicator).path), .text(series.indicator)),
                                .unwrap(series.indicatorTitle) { .group(.text(" "), Fragments.localized($0, l)) }
                            ),
                            .td(.text("\(series.seriesName ?? series.series) (\(series.unit))")),
                            .if(
                                totals.isEmpty,
                                .td(.attribute(named: "colspan", value: "2"), .text(l.t("places.data.table.breakdownsOnly"))),
                                else: .group(
                                    total(series.baseYear.flatMap { base in totals.first { $0.year == base } }),
                                    total(totals.last)
                                )
                            )
                        )
                    }
                )
            )
        )
    }

    /// One series: the chart (the indicator page's `LineChart`) and the table of what it shows.
    func seriesBlock(_ data: PlaceDetails.SeriesData, index: Int) -> BodyNode {
        let l = language
        let name = data.seriesName ?? data.series
        let lines = data.lines(l)
        let sources = Array(Set(data.observations.compactMap(\.source))).sorted()
        let chart = LineChart(
            title: "\(data.indicator) — \(name) (\(data.unit))",
            lines: lines,
            baseYear: data.baseYear,
            target: data.target,
            baseLabel: l.t("indicators.chart.base"),
            targetLabel: l.t("indicators.chart.target")
        )
        let tableID = "place-data-\(index)"
        let years = Array(Set(lines.flatMap { $0.points.map(\.year) })).sorted()
        return .div(
            .class("place-series"),
            .h3(
                .a(.href(SitePath.indicator(l, data.indicator).path), .text(data.indicator)),
                .unwrap(data.indicatorTitle) { .group(.text(" "), Fragments.localized($0, l)) }
            ),
            .div(.class("chart-wrap"), .raw(chart.svg(describedBy: tableID))),
            .div(
                .class("table-scroll"),
                .table(
                    .class("data-table"),
                    .id(tableID),
                    .caption(.text("\(name) (\(data.unit))")),
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
            ),
            .forEach(sources) { .p(.class("source"), .text("\(UIText.source.text(l)): \($0)")) }
        )
    }
}
