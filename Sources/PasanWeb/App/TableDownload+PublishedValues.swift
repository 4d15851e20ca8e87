import PasanDomain

extension TableDownload {
    /// Published values as a tidy table, by Open SDG's conventions:
    /// Year first, Value last, GeoCode before it and blank for the national value, a column per
    /// breakdown present (blank = total). The year and the value are numbers (the value exact, not
    /// rounded for display); codes are text.
    static func publishedValues(_ observations: [Observation], filename: String, sheet: String, title: String? = nil) -> TableDownload {
        let dims = Array(Set(observations.flatMap { $0.dimensions.keys })).sorted()
        let header = ["Year", "SERIES", "UNIT_MEASURE"] + dims + ["OBS_STATUS", "SOURCE_DETAIL", "GeoCode", "Value"]
        let rows = observations.map { o -> [Value] in
            [.numberOrText(o.period), .text(o.series), .text(o.unit)] + dims.map { o.dimensions[$0].map(Value.text) ?? .empty }
                + [
                    o.status.map(Value.text) ?? .empty, o.source.map(Value.text) ?? .empty,
                    o.area == Area.countryCode ? .empty : .text(o.area), .number(o.value),
                ]
        }
        return TableDownload(header: header, rows: rows, filename: filename, sheet: sheet, title: title)
    }
}
