/// What an owner is asked to fill for one indicator of a data request, in the tidy layout every
/// upload is read in: the header, one row per expected cell (each year of the cycle × each row of
/// the data-entry grid: series, place, breakdown), the codes each code column allows, and the
/// values already published for those cells in earlier years (for reference). The CSV and the
/// XLSX templates are written from it, so both ask for the same cells.
public struct SubmissionTemplate: Sendable, Hashable {
    public var indicator: String
    /// `TidyFormat.header(dimensions:)` for the breakdowns the assignments ask for.
    public var header: [String]
    /// One row per expected cell, in `header` order: year, series, unit, breakdown codes and
    /// place filled in; status, comment, source and value left for the owner.
    public var rows: [[String]]
    /// The codes a column accepts (`SERIES`, `UNIT_MEASURE`, `OBS_STATUS`, a breakdown with a
    /// closed code list, `GeoCode`), for drop-down lists; a column absent here takes any code.
    public var allowedCodes: [String: [String]]
    /// Values published for the same cells in years before the cycle's, for reference.
    public var reference: [Reference]

    public struct Reference: Sendable, Hashable {
        public var series: String
        public var area: String
        /// `DIM=CODE|…`, empty for the total.
        public var dimensions: String
        public var period: String
        public var value: Double

        public init(series: String, area: String, dimensions: String, period: String, value: Double) {
            self.series = series
            self.area = area
            self.dimensions = dimensions
            self.period = period
            self.value = value
        }
    }

    public init(indicator: String, header: [String], rows: [[String]], allowedCodes: [String: [String]], reference: [Reference]) {
        self.indicator = indicator
        self.header = header
        self.rows = rows
        self.allowedCodes = allowedCodes
        self.reference = reference
    }

    /// The template of `indicator` for an owner: its current assignments (with the series each
    /// covers and their units), the cycle's reference years, the places by level, and the values
    /// published so far (those of earlier years become the reference).
    public static func make(
        indicator: String,
        assignments: [(assignment: Assignment, series: [Series])],
        referenceYears: [Int],
        areaLevels: [String: AreaLevel],
        published: [Observation]
    ) -> SubmissionTemplate {
        let dimensions = Array(
            Set(assignments.flatMap { ($0.assignment.disaggregation ?? "").split(separator: ";").map(String.init) })
        ).filter { TidyFormat.dimensions[$0] != nil }.sorted()
        let header = TidyFormat.header(dimensions: dimensions)
        let column = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let units = Dictionary(assignments.flatMap(\.series).map { ($0.code, $0.unit ?? "") }, uniquingKeysWith: { a, _ in a })
        let grid = DataEntryGrid.rows(
            assignments: assignments.map { ($0.assignment, $0.series.map(\.code)) },
            areaLevels: areaLevels,
            areaScope: nil,
            existing: []
        )
        var rows: [[String]] = []
        for year in referenceYears.sorted() {
            for cell in grid {
                var row = Array(repeating: "", count: header.count)
                row[0] = String(year)
                row[1] = cell.series
                row[2] = units[cell.series] ?? ""
                for (dimension, code) in Observation.dimensions(fromKey: cell.dimensions) {
                    if let index = column[dimension] { row[index] = code }
                }
                row[header.count - 2] = cell.area
                rows.append(row)
            }
        }
        var allowed: [String: [String]] = [
            "SERIES": Array(Set(grid.map(\.series))).sorted(),
            "UNIT_MEASURE": Array(Set(units.values.filter { !$0.isEmpty })).sorted(),
            "OBS_STATUS": TidyFormat.observationStatuses.sorted(),
            "GeoCode": Array(Set(grid.map(\.area))).sorted(),
        ]
        for dimension in dimensions {
            if let codes = TidyFormat.dimensions[dimension] ?? nil { allowed[dimension] = codes.sorted() }
        }
        let firstYear = referenceYears.min() ?? Int.max
        let cells = Set(grid.map { "\($0.series)|\($0.area)|\($0.dimensions)" })
        let reference =
            published.filter { o in
                (Int(o.period.prefix(4)) ?? Int.max) < firstYear && cells.contains("\(o.series)|\(o.area)|\(o.dimensionKey)")
            }
            .map { Reference(series: $0.series, area: $0.area, dimensions: $0.dimensionKey, period: $0.period, value: $0.value) }
            .sorted { ($0.series, $0.area, $0.dimensions, $0.period) < ($1.series, $1.area, $1.dimensions, $1.period) }
        return SubmissionTemplate(indicator: indicator, header: header, rows: rows, allowedCodes: allowed, reference: reference)
    }
}
