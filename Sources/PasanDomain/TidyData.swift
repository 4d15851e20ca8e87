import Foundation

/// The tidy CSV every owner delivers in (Open SDG conventions): `Year` first, `Value` last,
/// `GeoCode` just before it; SDMX codes for breakdowns, a blank breakdown meaning the total;
/// an observation status, comment and source per value.
public enum TidyFormat {
    /// Breakdown columns Pasan knows, with their SDMX codes (`nil` = any code of the right shape).
    public static let dimensions: [String: Set<String>?] = [
        // SDMX sex codes, plus LSB's national codes for boys and girls used in the SDG 18 data.
        "SEX": ["F", "M", "_T", "B", "G"],
        "URBANISATION": ["U", "R", "_T"],
        "AGE": nil,
        "DISABILITY_STATUS": ["PD", "PWD", "_T"],
        "INCOME_WEALTH_QUANTILE": ["Q1", "Q2", "Q3", "Q4", "Q5", "_T"],
        "EDUCATION_LEV": nil,
    ]
    public static let observationStatuses: Set<String> = ["A", "B", "E", "F", "I", "M", "P"]
    public static let attributeColumns = ["OBS_STATUS", "COMMENT_OBS", "SOURCE_DETAIL"]
    /// The longest comment (`COMMENT_OBS`) or source (`SOURCE_DETAIL`) of one value, in characters.
    public static let maximumTextLength = 2_000
    /// The longest breakdown code (SDMX codes are short; `AGE` and `EDUCATION_LEV` take any).
    public static let maximumCodeLength = 50

    /// The template's header for an indicator: series and unit, the breakdowns asked for,
    /// attributes, place and value.
    public static func header(dimensions: [String]) -> [String] {
        ["Year", "SERIES", "UNIT_MEASURE"] + dimensions + attributeColumns + ["GeoCode", "Value"]
    }

    /// A breakdown written by a person (`SEX=F|AGE=Y15T49`, or with `;` or `,`; dimension names in
    /// any case) as Pasan's key: sorted by dimension, `_T` (the total) left out, empty for the
    /// total. `nil` when a pair is not `DIMENSION=CODE` with a dimension Pasan knows and a code it
    /// accepts, a dimension comes twice, or a pair is empty.
    public static func breakdownKey(_ text: String) -> String? {
        guard !text.allSatisfy(\.isWhitespace) else { return "" }
        var codes: [String: String] = [:]
        for pair in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "|" || $0 == ";" || $0 == "," }) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count == 2 else { return nil }
            let (name, code) = (parts[0].uppercased(), parts[1])
            guard let allowed = dimensions[name], !code.isEmpty, code.count <= maximumCodeLength,
                !code.contains("="), !code.contains(where: \.isWhitespace), codes[name] == nil
            else { return nil }
            if let allowed, !allowed.contains(code) { return nil }
            codes[name] = code
        }
        return codes.filter { $0.value != "_T" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "|")
    }
}

/// What a validated upload or grid save produced: the values, the errors that block it, and the
/// warnings that need a comment to pass.
public struct TidyResult: Sendable {
    public var values: [SubmittedValue] = []
    public var errors: [TidyIssue] = []
    public var warnings: [TidyIssue] = []
}

/// One problem, located by line and column, with the value and what was expected.
public struct TidyIssue: Sendable, Hashable {
    public var line: Int
    public var column: String
    public var value: String
    public var expected: Message

    /// `column` and `value` are shortened (`echo`): a problem shows what was sent, never all of it.
    public init(line: Int, column: String, value: String, expected: Message) {
        self.line = line
        self.column = Self.echo(column)
        self.value = Self.echo(value)
        self.expected = expected
    }

    /// The longest value an error message repeats, in characters.
    public static let echoLength = 80

    /// `text` as an error message repeats it: at most `echoLength` characters, then "…".
    public static func echo(_ text: String) -> String {
        guard text.utf8.count > echoLength, text.count > echoLength else { return text }
        return String(text.prefix(echoLength)) + "…"
    }
}

/// Everything validation needs to know about the indicator, the institution and the cycle.
public struct TidyContext: Sendable {
    public var indicator: String
    public var institution: String
    /// Series of the indicator with their SDMX unit.
    public var series: [String: String?]
    public var referenceYears: Set<Int>
    public var knownAreas: Set<String>
    /// Cells already held by another institution's submission in this cycle, with that institution.
    public var cellsOwnedByOthers: [CellKey: String]
    /// Series (or `nil` = all) and geographic levels (`nil` = all; a level covers the aggregates
    /// above it) this institution owns for the indicator.
    public var ownedScopes: [(series: String?, level: AreaLevel?)]
    /// Level of each area code.
    public var areaLevel: @Sendable (String) -> AreaLevel?
    /// Earlier values of the same cell series, for outlier checks (key without the period → values by period).
    public var history: [String: [String: Double]]
    /// Relative tolerance for totals of additive breakdowns (counts).
    public var totalTolerance: Double
    /// Bounds per unit: percent 0–100, counts non-negative; more can be configured.
    public var bounds: [String: ClosedRange<Double>]

    public init(
        indicator: String,
        institution: String,
        series: [String: String?],
        referenceYears: Set<Int>,
        knownAreas: Set<String>,
        cellsOwnedByOthers: [CellKey: String] = [:],
        ownedScopes: [(series: String?, level: AreaLevel?)],
        areaLevel: @escaping @Sendable (String) -> AreaLevel?,
        history: [String: [String: Double]] = [:],
        totalTolerance: Double = 0.005,
        bounds: [String: ClosedRange<Double>] = TidyContext.defaultBounds
    ) {
        self.indicator = indicator
        self.institution = institution
        self.series = series
        self.referenceYears = referenceYears
        self.knownAreas = knownAreas
        self.cellsOwnedByOthers = cellsOwnedByOthers
        self.ownedScopes = ownedScopes
        self.areaLevel = areaLevel
        self.history = history
        self.totalTolerance = totalTolerance
        self.bounds = bounds
    }

    public static let defaultBounds: [String: ClosedRange<Double>] = [
        "PT": 0...100, "PERCENT": 0...100, "NUMBER": 0...Double.greatestFiniteMagnitude,
    ]

    /// The history key of a cell: everything but the period.
    public static func historyKey(_ key: CellKey) -> String { "\(key.series)|\(key.area)|\(key.dimensions)" }
}

/// Validates tidy rows and explains every problem: unknown series, area or breakdown code;
/// non-numeric or out-of-range values; duplicate keys; cells the institution does not own or
/// another institution already reports; totals that do not add up; outliers against the series'
/// own history (warnings, not errors); years outside the cycle.
public enum TidyValidator {
    public static func validate(header: [String], rows: [(line: Int, fields: [String])], context: TidyContext) -> TidyResult {
        var result = TidyResult()
        func error(_ line: Int, _ column: String, _ value: String, _ expected: Message) {
            result.errors.append(TidyIssue(line: line, column: column, value: value, expected: expected))
        }
        func warning(_ line: Int, _ column: String, _ value: String, _ expected: Message) {
            result.warnings.append(TidyIssue(line: line, column: column, value: value, expected: expected))
        }
        // Header.
        let columns = header.map { $0.trimmingSpaces }
        guard columns.first == "Year", columns.last == "Value" else {
            error(
                1,
                columns.first ?? "",
                columns.joined(separator: ","),
                Message("imports.tidy.header")
            )
            return result
        }
        let known = Set(["Year", "SERIES", "UNIT_MEASURE", "GeoCode", "Value"] + TidyFormat.attributeColumns).union(
            TidyFormat.dimensions.keys
        )
        for column in columns where !known.contains(column) {
            error(
                1,
                column,
                column,
                Message(
                    "imports.tidy.unknownColumn",
                    [
                        "columns": .text(
                            "Year, SERIES, UNIT_MEASURE, " + TidyFormat.dimensions.keys.sorted().joined(separator: ", ")
                                + ", OBS_STATUS, COMMENT_OBS, SOURCE_DETAIL, GeoCode, Value"
                        )
                    ]
                )
            )
        }
        if Set(columns).count != columns.count { error(1, "—", columns.joined(separator: ","), Message("imports.tidy.columnTwice")) }
        guard result.errors.isEmpty else { return result }
        var index: [String: Int] = [:]
        for (i, c) in columns.enumerated() { index[c] = i }
        // Where each column is, decided once for all rows.
        let dimensionColumns = columns.filter { TidyFormat.dimensions.keys.contains($0) }.map { (name: $0, at: index[$0]) }
        let yearAt = index["Year"], seriesAt = index["SERIES"], unitAt = index["UNIT_MEASURE"], geoAt = index["GeoCode"]
        let statusAt = index["OBS_STATUS"], valueAt = index["Value"]
        let textColumns = ["COMMENT_OBS", "SOURCE_DETAIL"].map { (name: $0, at: index[$0]) }
        let onlySeries = context.series.count == 1 ? context.series.keys.first : nil
        // The rules of one value, shared with import batches.
        let rules = ObservationRules(knownAreas: context.knownAreas, bounds: context.bounds)
        func refuse(_ line: Int, _ problem: ObservationRules.Problem) {
            error(line, problem.field, problem.found, problem.expected)
        }

        var seen: [CellKey: Int] = [:]
        seen.reserveCapacity(rows.count)
        result.values.reserveCapacity(rows.count)
        for (line, fields) in rows {
            guard fields.count == columns.count else {
                error(
                    line,
                    "—",
                    "\(fields.count)",
                    Message("imports.tidy.fieldCount", ["columns": .number(columns.count)])
                )
                continue
            }
            func field(_ at: Int?) -> String { at.map { fields[$0].trimmingSpaces } ?? "" }
            var rowOK = true
            // Year.
            let yearText = field(yearAt)
            let year = ObservationRules.year(of: yearText)
            if year == nil {
                error(line, "Year", yearText, Message("imports.tidy.year")); rowOK = false
            } else if !context.referenceYears.contains(year!) {
                let years = context.referenceYears.sorted().map(String.init).joined(separator: ", ")
                error(line, "Year", yearText, Message("imports.tidy.cycleYear", ["years": .text(years)])); rowOK = false
            }
            // Series and unit.
            var series = field(seriesAt)
            if series.isEmpty, let only = onlySeries { series = only }
            var unit = field(unitAt)
            if let expectedUnit = context.series[series] {
                if unit.isEmpty { unit = expectedUnit ?? "" }
                if let expectedUnit, !unit.isEmpty, unit != expectedUnit {
                    error(
                        line,
                        "UNIT_MEASURE",
                        unit,
                        Message("imports.tidy.unit", ["unit": .text(expectedUnit), "series": .text(series)])
                    ); rowOK = false
                }
            } else {
                let list = context.series.keys.sorted().joined(separator: ", ")
                error(
                    line,
                    "SERIES",
                    series,
                    Message("imports.tidy.series", ["indicator": .text(context.indicator), "series": .text(list)])
                ); rowOK = false
            }
            // Breakdowns.
            var dims: [String] = []
            for (column, at) in dimensionColumns {
                let code = field(at)
                guard !code.isEmpty, code != "_T" else { continue }
                if let problem = ObservationRules.breakdown(column, code: code) {
                    refuse(line, problem); rowOK = false
                }
                dims.append("\(column)=\(code)")
            }
            // Place.
            let area = ObservationRules.canonicalArea(field(geoAt))
            if let problem = rules.area(area, written: field(geoAt)) {
                refuse(line, problem); rowOK = false
            }
            // Status.
            let status = field(statusAt)
            if !status.isEmpty, let problem = ObservationRules.status(status) {
                refuse(line, problem); rowOK = false
            }
            // Comment and source: free text, but not without limit.
            for (column, at) in textColumns {
                if let problem = ObservationRules.text(column, field(at)) {
                    refuse(line, problem); rowOK = false
                }
            }
            // Value.
            let valueText = field(valueAt)
            var value: Double?
            if !valueText.isEmpty {
                if let v = ObservationRules.number(valueText) {  // Lao digits read as ASCII
                    value = v
                    if let problem = rules.value(v, unit: unit, written: valueText) {
                        refuse(line, problem); rowOK = false
                    }
                } else {
                    error(
                        line,
                        "Value",
                        valueText,
                        Message("imports.tidy.number")
                    ); rowOK = false
                }
            }
            guard rowOK, let year else { continue }
            let key = CellKey(
                indicator: context.indicator,
                series: series,
                area: area,
                period: String(year),
                dimensions: dims.isEmpty ? "" : dims.sorted().joined(separator: "|")
            )
            // Duplicates, ownership, one point of reporting.
            if let first = seen[key] {
                error(
                    line,
                    "—",
                    key.description,
                    Message("imports.tidy.duplicateRow", ["line": .text(String(first))])
                )
                continue
            }
            seen[key] = line
            let level = context.areaLevel(area)
            // An assignment at a level covers that level and the aggregates above it.
            let owns = context.ownedScopes.contains { scope in
                (scope.series == nil || scope.series == series)
                    && (scope.level == nil || (level.map { $0.depth <= scope.level!.depth } ?? false))
            }
            if !owns {
                error(
                    line,
                    "GeoCode",
                    field(geoAt),
                    Message(
                        "imports.tidy.notOwned",
                        [
                            "institution": .text(context.institution), "indicator": .text(context.indicator), "series": .text(series),
                            "level": level.map { .text($0.rawValue) } ?? .message(Message("imports.tidy.thisLevel")),
                        ]
                    )
                )
                continue
            }
            if let other = context.cellsOwnedByOthers[key] {
                error(
                    line,
                    "Value",
                    valueText,
                    Message("imports.tidy.cellOfAnother", ["other": .text(other), "cell": .text(key.description)])
                )
                continue
            }
            result.values.append(
                SubmittedValue(
                    key: key,
                    unit: unit,
                    value: value,
                    status: status.isEmpty ? nil : status,
                    comment: field(textColumns[0].at).nonEmptyOrNil,
                    source: field(textColumns[1].at).nonEmptyOrNil
                )
            )
            // Outliers against the series' own history.
            if let value, let history = context.history[TidyContext.historyKey(key)], history.count >= 3 {
                let values = history.values.sorted()
                let median = values[values.count / 2]
                let deviations = values.map { abs($0 - median) }.sorted()
                let mad = deviations[deviations.count / 2] * 1.4826
                let outlier = mad > 0 ? abs(value - median) > 3.5 * mad : (median != 0 && abs(value - median) / abs(median) > 0.5)
                if outlier {
                    warning(
                        line,
                        "Value",
                        valueText,
                        Message("imports.tidy.outlier", ["median": .text(Self.format(median))])
                    )
                }
            }
        }
        // Requested years with no value at all.
        let delivered = Set(result.values.filter { $0.value != nil }.map(\.key.period))
        for year in context.referenceYears.sorted() where !delivered.contains(String(year)) {
            warning(
                0,
                "Year",
                String(year),
                Message("imports.tidy.missingYear", ["year": .text(String(year))])
            )
        }
        // Totals of additive breakdowns (counts): parts must add up to the total.
        let byLine = seen
        var groups: [String: (total: Double?, parts: [String: [Double]])] = [:]
        for v in result.values where v.unit.uppercased() == "NUMBER" {
            guard let value = v.value else { continue }
            let dims = Observation.dimensions(fromKey: v.key.dimensions)
            let base = "\(v.key.series)|\(v.key.area)|\(v.key.period)"
            if dims.isEmpty {
                groups[base, default: (nil, [:])].total = value
            } else if dims.count == 1, let (dim, _) = dims.first, ["SEX", "URBANISATION"].contains(dim) {
                groups[base, default: (nil, [:])].parts[dim, default: []].append(value)
            }
        }
        for (base, group) in groups.sorted(by: { $0.key < $1.key }) {
            guard let total = group.total else { continue }
            for (dim, parts) in group.parts where parts.count == (TidyFormat.dimensions[dim]??.count ?? 3) - 1 {
                let sum = parts.reduce(0, +)
                if abs(sum - total) > max(1, abs(total) * context.totalTolerance) {
                    let pieces = base.split(separator: "|").map(String.init)
                    let key = CellKey(indicator: context.indicator, series: pieces[0], area: pieces[1], period: pieces[2], dimensions: "")
                    error(
                        byLine[key] ?? 0,
                        "Value",
                        Self.format(total),
                        Message("imports.tidy.total", ["dimension": .text(dim), "sum": .text(Self.format(sum))])
                    )
                }
            }
        }
        result.errors.sort { ($0.line, $0.column) < ($1.line, $1.column) }
        return result
    }

    static func format(_ v: Double) -> String { ObservationRules.format(v) }
}

extension String {
    var nonEmptyOrNil: String? { isEmpty ? nil : self }
}
