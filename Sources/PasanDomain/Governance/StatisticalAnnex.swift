/// The statistical annex of a Voluntary National Review (issue 17, item 5): for every indicator
/// of the goals under review, its published values since the 2015 baseline — the country's total,
/// each breakdown of the country's values (sex, age, location…), each province's total — with
/// the trend, the progress status and the method behind it, the sources, the owner institutions,
/// and the data gaps said plainly. No indicator is left out: one without data says so. Each
/// goal is a chapter, opened by its summary table (the chapter's data table).
///
/// Built from what is published only, when asked for (never stored), so it is as current as the
/// data. Districts and villages are left to the indicator pages (Pasan's default: an annex is
/// national, and a series may hold thousands of villages).
public struct StatisticalAnnex: Sendable, Hashable {
    /// The first year shown: the 2030 Agenda's baseline.
    public static let baselineYear = 2015

    public struct Chapter: Sendable, Hashable {
        public var goal: Int
        public var title: LocalizedText
        /// The goal's progress status (`nil`: not assessed).
        public var status: ProgressStatus?
        public var indicators: [IndicatorEntry]

        /// How many of its indicators have a value since the baseline.
        public var withData: Int { indicators.filter { !$0.tables.isEmpty }.count }
    }

    public struct IndicatorEntry: Sendable, Hashable {
        public var code: String
        public var title: LocalizedText
        /// Owner institutions of the current assignments (codes); empty: nobody is assigned.
        public var owners: [String]
        public var progress: ProgressResult?
        /// One table per series with values since the baseline.
        public var tables: [SeriesTable]
        public var gaps: [Gap]

        /// The latest national total of the indicator's first series that has one.
        public var latest: (value: Double, period: String, unit: String)? {
            for table in tables {
                if let total = table.rows.first(where: { $0.kind == .total }),
                    let index = total.values.lastIndex(where: { $0 != nil }), let value = total.values[index]
                {
                    return (value, table.periods[index], table.unit)
                }
            }
            return nil
        }

        /// The trend of the national total of the first series that has one.
        public var trend: Trend? { tables.lazy.compactMap(\.trend).first }
    }

    public struct SeriesTable: Sendable, Hashable {
        public var series: String
        public var name: LocalizedText
        public var unit: String
        /// The periods with a value, in order (columns).
        public var periods: [String]
        /// The country's total first, then its breakdowns, then the provinces.
        public var rows: [Row]
        /// The sources the values cite, each once.
        public var sources: [String]
        /// Of the country's total (`nil` without one).
        public var trend: Trend?
    }

    public struct Row: Sendable, Hashable {
        public enum Kind: Sendable, Hashable {
            case total
            /// A breakdown of the country's values (`Observation.dimensionKey`).
            case breakdown(String)
            /// A province's total (its name with it).
            case province(code: String, name: LocalizedText)
        }

        public var kind: Kind
        /// Aligned with the table's periods; `nil`: no value that period.
        public var values: [Double?]
    }

    /// The direction of the country's total between its first and latest value since the
    /// baseline (whether that is good is the progress status's business).
    public struct Trend: Sendable, Hashable {
        public enum Direction: String, Sendable, Hashable { case up, down, unchanged }
        public var direction: Direction
        public var from: Double
        public var fromPeriod: String
        public var to: Double
        public var toPeriod: String
    }

    /// What the annex says plainly about an indicator's data.
    public enum Gap: Sendable, Hashable {
        /// No published value at all.
        case noData
        /// Values, but none since the baseline (the latest period given).
        case nothingSinceBaseline(latest: String)
        /// Values since the baseline, but no total for the whole country.
        case noNationalTotal
        /// A single period since the baseline: no trend can be read.
        case singlePeriod(String)
        /// No breakdown of the country's values (by sex, age, location…).
        case noBreakdown
        /// Values, but not assessed: no progress measure configured, or not enough values.
        case notAssessed
        /// No institution owns it in the current assignments.
        case noOwner
    }

    public var review: VoluntaryNationalReview
    public var asOf: LocalDate
    public var chapters: [Chapter]

    /// Builds the annex of `review`. `observations`: every published value of the reviewed
    /// goals' indicators (any area; only the country's and the provinces' are used), by
    /// indicator; `progress`: results by `level|code` as `ProgressResult`s; `owners`: owner
    /// institutions by indicator.
    public init(
        review: VoluntaryNationalReview,
        catalog: FrameworkCatalog,
        observations: [String: [Observation]],
        progress: [ProgressResult],
        owners: [String: [String]],
        asOf: LocalDate
    ) {
        self.review = review
        self.asOf = asOf
        let results = Dictionary(progress.map { ("\($0.level.rawValue)|\($0.code)", $0) }, uniquingKeysWith: { a, _ in a })
        let provinces = Provinces(catalog.provinces)
        chapters = review.goals.compactMap { number in
            guard let goal = catalog.goal(number) else { return nil }
            let indicators = catalog.indicators(ofGoal: number).filter { !$0.isRetired }
            return Chapter(
                goal: number,
                title: goal.title,
                status: results["goal|\(number)"]?.status,
                indicators: indicators.map { indicator in
                    Self.entry(
                        indicator,
                        series: catalog.series(ofIndicator: indicator.code),
                        observations: observations[indicator.code] ?? [],
                        progress: results["indicator|\(indicator.code)"],
                        owners: owners[indicator.code] ?? [],
                        provinces: provinces
                    )
                }
            )
        }
    }

    /// The year a period starts in (`2019-Q4` → 2019), `nil` when it does not start with one.
    static func year(_ period: String) -> Int? {
        let digits = period.prefix(4)
        return digits.count == 4 && digits.allSatisfy(\.isASCIIDigit) ? Int(digits) : nil
    }

    static func entry(
        _ indicator: Indicator,
        series: [Series],
        observations: [Observation],
        progress: ProgressResult?,
        owners: [String],
        provinces: Provinces
    ) -> IndicatorEntry {
        let (provinceNames, provinceOrder) = (provinces.names, provinces.order)
        let names = Dictionary(series.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let recent = observations.filter { o in
            (o.area == Area.countryCode || provinceNames[o.area] != nil && o.dimensions.isEmpty)
                && (year(o.period).map { $0 >= baselineYear } ?? false)
        }
        var tables: [SeriesTable] = []
        for (code, values) in Dictionary(grouping: recent, by: \.series).sorted(by: { $0.key < $1.key }) {
            let periods = Array(Set(values.map(\.period))).sorted()
            let column = Dictionary(periods.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
            var byRow: [Row.Kind: [Double?]] = [:]
            for o in values {
                let kind: Row.Kind =
                    o.area == Area.countryCode
                    ? (o.dimensions.isEmpty ? .total : .breakdown(o.dimensionKey))
                    : .province(code: o.area, name: provinceNames[o.area] ?? LocalizedText(en: o.area, lo: nil, loStatus: .machine))
                byRow[kind, default: Array(repeating: nil, count: periods.count)][column[o.period]!] = o.value
            }
            let rows = byRow.map { Row(kind: $0.key, values: $0.value) }.sorted { a, b in
                switch (a.kind, b.kind) {
                case (.total, _): return b.kind != .total
                case (_, .total): return false
                case (.breakdown(let x), .breakdown(let y)): return x < y
                case (.breakdown, .province): return true
                case (.province, .breakdown): return false
                case (.province(let x, _), .province(let y, _)): return (provinceOrder[x] ?? .max, x) < (provinceOrder[y] ?? .max, y)
                }
            }
            tables.append(
                SeriesTable(
                    series: code,
                    name: names[code] ?? LocalizedText(en: code, lo: nil, loStatus: .machine),
                    unit: values.first?.unit ?? "",
                    periods: periods,
                    rows: rows,
                    sources: Array(Set(values.compactMap(\.source).filter { !$0.isEmpty })).sorted(),
                    trend: rows.first { $0.kind == .total }.flatMap { trend($0.values, periods) }
                )
            )
        }
        var gaps: [Gap] = []
        if observations.isEmpty {
            gaps.append(.noData)
        } else if tables.isEmpty {
            gaps.append(.nothingSinceBaseline(latest: observations.map(\.period).max() ?? ""))
        } else {
            if !tables.contains(where: { $0.rows.contains { $0.kind == .total } }) { gaps.append(.noNationalTotal) }
            let periods = Set(tables.flatMap(\.periods))
            if periods.count == 1, let only = periods.first { gaps.append(.singlePeriod(only)) }
            if !tables.contains(where: { $0.rows.contains { if case .breakdown = $0.kind { true } else { false } } }) {
                gaps.append(.noBreakdown)
            }
        }
        // Without data, "no data" says why it is not assessed.
        if !tables.isEmpty, progress == nil || progress?.status == .notAvailable { gaps.append(.notAssessed) }
        if owners.isEmpty { gaps.append(.noOwner) }
        return IndicatorEntry(code: indicator.code, title: indicator.title, owners: owners, progress: progress, tables: tables, gaps: gaps)
    }

    /// The provinces' names and order, looked up once for every indicator of the annex.
    struct Provinces {
        let names: [String: LocalizedText]
        let order: [String: Int]

        init(_ areas: [Area]) {
            names = Dictionary(areas.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            order = Dictionary(areas.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    static func trend(_ values: [Double?], _ periods: [String]) -> Trend? {
        guard let first = values.firstIndex(where: { $0 != nil }), let last = values.lastIndex(where: { $0 != nil }), first < last,
            let from = values[first], let to = values[last]
        else { return nil }
        let direction: Trend.Direction = to > from ? .up : to < from ? .down : .unchanged
        return Trend(direction: direction, from: from, fromPeriod: periods[first], to: to, toPeriod: periods[last])
    }

    /// Every indicator of the annex, chapter after chapter.
    public var indicators: [IndicatorEntry] { chapters.flatMap(\.indicators) }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
