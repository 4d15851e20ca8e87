/// What the portal has published, without the values: per indicator, the series with values and
/// how many each holds, the years with values, the years with breakdowns, and whether there are
/// values below the national level (by province, by district). The pages that describe the data
/// (data availability, an indicator's series and maps, the API's totals and `has_data`) read this
/// instead of counting a country's tens of millions of observations on each request; it is built
/// from the pre-aggregated summary that every publication keeps up to date.
public struct PublishedDataSummary: Sendable {
    /// One indicator's series in one period, as the pre-aggregated summary holds it.
    public struct Period: Sendable, Hashable {
        public var indicator: String
        public var series: String
        public var period: String
        /// Some values of the period have a breakdown (sex, age…).
        public var disaggregated: Bool
        /// Some values are for a province, district or village.
        public var subnational: Bool
        public var provincial: Bool
        public var district: Bool
        public var observations: Int

        public init(
            indicator: String,
            series: String,
            period: String,
            disaggregated: Bool,
            subnational: Bool,
            provincial: Bool,
            district: Bool,
            observations: Int
        ) {
            self.indicator = indicator
            self.series = series
            self.period = period
            self.disaggregated = disaggregated
            self.subnational = subnational
            self.provincial = provincial
            self.district = district
            self.observations = observations
        }
    }

    /// One indicator's published data, described.
    public struct Indicator: Sendable, Equatable {
        /// Observations per series with values.
        public var observationsPerSeries: [String: Int] = [:]
        public var years: Set<Int> = []
        public var disaggregatedYears: Set<Int> = []
        public var subnational = false
        public var provincial = false
        public var district = false

        /// The series with values, in code order.
        public var series: [String] { observationsPerSeries.keys.sorted() }
        public var observations: Int { observationsPerSeries.values.reduce(0, +) }
    }

    public private(set) var indicators: [String: Indicator] = [:]

    public static let empty = PublishedDataSummary([])

    public init(_ periods: [Period]) {
        for p in periods where p.observations > 0 {
            var entry = indicators[p.indicator] ?? Indicator()
            entry.observationsPerSeries[p.series, default: 0] += p.observations
            // A period is a year or starts with one (2020, 2020-Q1, 2020-06).
            if let year = Int(p.period.prefix(4)) {
                entry.years.insert(year)
                if p.disaggregated { entry.disaggregatedYears.insert(year) }
            }
            entry.subnational = entry.subnational || p.subnational
            entry.provincial = entry.provincial || p.provincial
            entry.district = entry.district || p.district
            indicators[p.indicator] = entry
        }
    }

    /// The indicators with at least one published value.
    public var indicatorsWithData: Set<String> { Set(indicators.keys) }

    public func indicator(_ code: String) -> Indicator { indicators[code] ?? Indicator() }

    /// Per indicator with values: the years with values, those with breakdowns, and whether any
    /// value is below the national level (the data-availability matrix).
    public var coverage: [String: (years: Set<Int>, disaggregatedYears: Set<Int>, subnational: Bool)] {
        indicators.mapValues { ($0.years, $0.disaggregatedYears, $0.subnational) }
    }
}
