import Foundation
import PasanDomain

/// The tidy CSV of one indicator, by the column rules of docs/open-sdg.md: `Year`, `SERIES`,
/// `REF_AREA`, the breakdowns in key order, `UNIT_MEASURE`, `OBS_STATUS`, `SOURCE_DETAIL`,
/// `GeoCode`, `Value` — a column only when some value fills it; the country and totals blank.
/// Rows: the headline first (every breakdown and the place blank), then by series, place,
/// breakdowns and year, so the same data always gives the same file.
enum OpenSDGExportCSV {
    struct Table {
        var columns: [String]
        var rows: [[String]]
    }

    /// `observations` all belong to one indicator. Throws every duplicate (same series, place,
    /// breakdown and year) and every value that is not a finite number.
    static func table(_ observations: [Observation], file: String, dimensionOrder: [String]) throws -> Table {
        let subnational = observations.contains { $0.area != Area.countryCode }
        let used = Set(observations.flatMap { $0.dimensions.keys })
        let rank = Dictionary(dimensionOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let breakdowns = used.sorted { a, b in
            switch (rank[a], rank[b]) {
            case let (x?, y?): x < y
            case (_?, nil): true
            case (nil, _?): false
            case (nil, nil): a < b
            }
        }
        let statuses = observations.contains { !clean($0.status).isEmpty }
        let sources = observations.contains { !clean($0.source).isEmpty }
        var columns = ["Year", "SERIES"]
        if subnational { columns.append("REF_AREA") }
        columns += breakdowns
        columns.append("UNIT_MEASURE")
        if statuses { columns.append("OBS_STATUS") }
        if sources { columns.append("SOURCE_DETAIL") }
        if subnational { columns.append("GeoCode") }
        columns.append("Value")

        var problems: [ExchangeProblem] = []
        var seen: Set<String> = []
        var keyed: [(key: [String], row: [String])] = []
        for o in observations {
            let place = o.area == Area.countryCode ? "" : o.area
            let cells = breakdowns.map { o.dimensions[$0] ?? "" }
            let identity = ([o.series, place, o.period] + cells).joined(separator: "\u{1F}")
            let location =
                (["SERIES=\(o.series)", "REF_AREA=\(o.area)"] + o.dimensions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
                .joined(separator: ", ")
            guard o.value.isFinite else {
                problems.append(
                    ExchangeProblem(file: file, location: location, found: "\(o.value)", expected: Message("opensdg_export.problem.value"))
                )
                continue
            }
            guard seen.insert(identity).inserted else {
                problems.append(
                    ExchangeProblem(file: file, location: location, found: o.period, expected: Message("opensdg_export.problem.duplicate"))
                )
                continue
            }
            var row = [o.period, o.series]
            if subnational { row.append(place) }
            row += cells
            row.append(o.unit)
            if statuses { row.append(clean(o.status)) }
            if sources { row.append(clean(o.source)) }
            if subnational { row.append(place) }
            row.append(number(o.value))
            let headline = place.isEmpty && cells.allSatisfy(\.isEmpty)
            keyed.append((key: [headline ? "0" : "1", o.series, place] + cells + [o.period], row: row))
        }
        guard problems.isEmpty else { throw ExchangeProblems(problems) }
        keyed.sort { $0.key.lexicographicallyPrecedes($1.key) }
        return Table(columns: columns, rows: keyed.map(\.row))
    }

    /// The file's text: RFC 4180, `\n` line ends. Cells are written exactly (no spreadsheet
    /// neutralising: this is a data repository, and its round trip must be lossless).
    static func text(_ table: Table) -> String {
        var out = line(table.columns)
        for row in table.rows { out += line(row) }
        return out
    }

    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\n"
    }

    /// A text cell without the leading and trailing spaces sdg-build's checks refuse.
    static func clean(_ text: String?) -> String { text?.trimmingSpaces ?? "" }

    /// A number as its shortest exact decimal: `24.6`, not `24.600000000000001`; `1318000`,
    /// not `1318000.0` or `1.318e+06`. Parsing the text gives back the same Double.
    static func number(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let shortest = "\(value)"
        guard shortest.contains("e") else { return shortest }
        // Swift writes 1e-05 and 1.5e+20; CSV readers and people prefer plain decimals.
        guard let decimal = Decimal(string: shortest), !decimal.isNaN else { return shortest }
        return "\(decimal)"
    }
}
