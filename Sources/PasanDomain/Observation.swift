/// One published value of a series: the tidy, SDMX-shaped unit of SDG data.
public struct Observation: Sendable, Hashable, Codable {
    public var series: String
    public var indicator: String
    /// Canonical area code (`LA` for the country, LSB codes below).
    public var area: String
    /// Time period as written in the source (`2015`, `2019-Q4`).
    public var period: String
    /// Disaggregation codes by SDMX dimension (`SEX` → `F`); `_T` totals are omitted.
    public var dimensions: [String: String]
    public var unit: String
    public var value: Double
    /// SDMX OBS_STATUS (`A` normal, `E` estimated, `P` provisional).
    public var status: String?
    public var source: String?

    public init(
        series: String,
        indicator: String,
        area: String,
        period: String,
        dimensions: [String: String],
        unit: String,
        value: Double,
        status: String?,
        source: String?
    ) {
        self.series = series
        self.indicator = indicator
        self.area = area
        self.period = period
        self.dimensions = dimensions.filter { $0.value != "_T" && !$0.value.isEmpty }
        self.unit = unit
        self.value = value
        self.status = status
        self.source = source
    }

    /// A stable text key for the disaggregation (`AGE=Y0T14|SEX=F`; empty for the total).
    public var dimensionKey: String {
        dimensions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "|")
    }

    /// Parses a dimension key back into its codes.
    public static func dimensions(fromKey key: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in key.split(separator: "|") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }
}
