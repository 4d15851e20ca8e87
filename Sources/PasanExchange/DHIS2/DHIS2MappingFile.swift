import Foundation
import PasanDomain
import PasanReferenceData

/// The DHIS2 mapping as people edit it in a spreadsheet: which DHIS2 data gives which Pasan
/// series and breakdown, and which DHIS2 organisation unit is which Pasan area.
///
/// Two tables, each with a header row of these column names (any case; other columns, such as
/// notes, are ignored):
///
/// - elements: `dhis2_id` (a data element, indicator or program indicator UID),
///   `category_option_combo` (a UID; empty = the total), `source` (`analytics` or `raw`),
///   `indicator`, `series`, `breakdown` (`SEX=F|AGE=Y15T49`; empty = the total; written back
///   sorted, `_T` codes left out), `aggregation` (`sum`, `average` or `last`), `factor` (a number
///   other than 0; empty = 1). One row per Pasan cell: two rows giving the same indicator, series
///   and breakdown are refused.
/// - org units: `dhis2_org_unit` (a UID), `dhis2_code`, `dhis2_name`, `area_code` (required: a
///   row is a match a person confirms; delete the rows of units Pasan should leave out). Each unit
///   once. Read back as confirmed, `manual` matches.
///
/// As CSV the two tables are two files (`elementsCSV`, `orgUnitsCSV`; cells that a spreadsheet
/// would run as a formula are written with a leading apostrophe by `CSVWriter`, which reading
/// takes off again). As XLSX they are one workbook with the sheets `elements` and `org_units`.
///
/// Reading checks every row and reports every problem, at line and column (CSV) or `Sheet!D14`
/// (XLSX), with a catalogue message; nothing is returned while any is left. Whether indicators,
/// series and areas exist is checked against the `References` the caller gives.
public struct DHIS2MappingFile: Sendable, Hashable {
    public var elements: [DHIS2ElementMapping]
    public var orgUnits: [DHIS2OrgUnitMatch]

    public init(elements: [DHIS2ElementMapping] = [], orgUnits: [DHIS2OrgUnitMatch] = []) {
        self.elements = elements
        self.orgUnits = orgUnits
    }

    public static let elementColumns = [
        "dhis2_id", "category_option_combo", "source", "indicator", "series", "breakdown", "aggregation", "factor",
    ]
    public static let orgUnitColumns = ["dhis2_org_unit", "dhis2_code", "dhis2_name", "area_code"]
    public static let elementsSheet = "elements"
    public static let orgUnitsSheet = "org_units"

    /// What Pasan has, to check that the file names things that exist; `nil` = not checked.
    public struct References: Sendable {
        public var indicators: Set<String>?
        public var series: Set<String>?
        public var areas: Set<String>?

        public init(indicators: Set<String>? = nil, series: Set<String>? = nil, areas: Set<String>? = nil) {
            self.indicators = indicators
            self.series = series
            self.areas = areas
        }
    }

    // MARK: Writing

    /// The element mappings as CSV.
    public static func elementsCSV(_ elements: [DHIS2ElementMapping]) -> String {
        CSVWriter.write(header: elementColumns, rows: elements.map(elementRow))
    }

    /// The organisation unit matches as CSV (an unmatched unit with an empty `area_code`).
    public static func orgUnitsCSV(_ matches: [DHIS2OrgUnitMatch]) -> String {
        CSVWriter.write(header: orgUnitColumns, rows: matches.map(orgUnitRow))
    }

    /// Both tables as an `.xlsx` workbook: a header row kept in view, text cells formatted as text
    /// (so `01` stays `01`), the factor as a number.
    public func xlsx() throws -> Data {
        func sheet(_ name: String, _ header: [String], _ rows: [[String]], widths: [Double], numberColumn: Int?) -> XLSXSheet {
            var cells = [header.map { XLSXCell.text($0, style: .header) }]
            for row in rows {
                cells.append(
                    row.enumerated().map { index, text in
                        if index == numberColumn, let number = Double(text) { return XLSXCell.number(number, style: .input) }
                        // An empty field is an empty cell (a spreadsheet shows and reads it as blank).
                        return text.isEmpty ? XLSXCell.empty(style: .inputText) : XLSXCell.text(text, style: .inputText)
                    }
                )
            }
            var columns: [Int: XLSXColumn] = [:]
            for (index, width) in widths.enumerated() {
                columns[index + 1] = XLSXColumn(width: width, style: index == numberColumn ? .input : .inputText)
            }
            return XLSXSheet(name: name, rows: cells, columns: columns, frozenRows: 1)
        }
        let workbook = XLSXWorkbook(sheets: [
            sheet(
                Self.elementsSheet,
                Self.elementColumns,
                elements.map(Self.elementRow),
                widths: [14, 14, 10, 10, 18, 24, 12, 8],
                numberColumn: 7
            ),
            sheet(Self.orgUnitsSheet, Self.orgUnitColumns, orgUnits.map(Self.orgUnitRow), widths: [14, 12, 30, 10], numberColumn: nil),
        ])
        return try XLSXWriter.data(workbook)
    }

    static func elementRow(_ mapping: DHIS2ElementMapping) -> [String] {
        [
            mapping.dataElement, mapping.categoryOptionCombo ?? "", mapping.source.rawValue, mapping.indicator, mapping.series,
            mapping.dimensions, mapping.aggregation.rawValue, SDMXNumber.format(mapping.factor),
        ]
    }

    static func orgUnitRow(_ match: DHIS2OrgUnitMatch) -> [String] {
        [match.orgUnit.uid, match.orgUnit.code ?? "", match.orgUnit.name, match.areaCode ?? ""]
    }

    // MARK: Reading

    /// The element mappings of a CSV file.
    public static func readElementsCSV(_ data: Data, file: String, references: References = References()) throws -> [DHIS2ElementMapping] {
        let table = try csvTable(data, file: file)
        var problems: [ExchangeProblem] = []
        let elements = readElements(table, references: references, problems: &problems)
        if !problems.isEmpty { throw ExchangeProblems(problems) }
        return elements
    }

    /// The organisation unit matches of a CSV file.
    public static func readOrgUnitsCSV(_ data: Data, file: String, references: References = References()) throws -> [DHIS2OrgUnitMatch] {
        let table = try csvTable(data, file: file)
        var problems: [ExchangeProblem] = []
        let matches = readOrgUnits(table, references: references, problems: &problems)
        if !problems.isEmpty { throw ExchangeProblems(problems) }
        return matches
    }

    /// Both tables of an `.xlsx` workbook (read within `XLSXReader`'s limits).
    public static func readWorkbook(_ data: Data, file: String, references: References = References()) throws -> DHIS2MappingFile {
        let document = try XLSXReader.read(data, file: file, sheets: [elementsSheet, orgUnitsSheet])
        var problems: [ExchangeProblem] = []
        func table(_ name: String, containing first: String) -> Table? {
            guard let sheet = document.sheet(named: name) else {
                problems.append(
                    ExchangeProblem(file: file, location: name, expected: Message("dhis2_exchange.mapping.sheet", ["sheet": .text(name)]))
                )
                return nil
            }
            let headerRow = XLSXTable.headerRow(in: sheet, containing: [first]) ?? 1
            let read = XLSXTable(sheet, headerRow: headerRow, file: file, usesDate1904: document.usesDate1904)
            problems += read.problems
            return Table(
                file: file,
                headerLine: headerRow,
                header: read.header,
                rows: read.rows,
                locate: { line, column in
                    (
                        nil,
                        line == headerRow && column.isEmpty
                            ? "\(name)!\(headerRow):\(headerRow)" : read.location(line: line, column: column)
                    )
                }
            )
        }
        let elementTable = table(elementsSheet, containing: elementColumns[0])
        let orgUnitTable = table(orgUnitsSheet, containing: orgUnitColumns[0])
        var mapping = DHIS2MappingFile()
        if let elementTable { mapping.elements = readElements(elementTable, references: references, problems: &problems) }
        if let orgUnitTable { mapping.orgUnits = readOrgUnits(orgUnitTable, references: references, problems: &problems) }
        if !problems.isEmpty { throw ExchangeProblems(problems) }
        return mapping
    }

    /// A table of either form: the header as written, the rows with their line (CSV) or row
    /// (XLSX), and where a cell is for a problem.
    struct Table {
        var file: String
        /// The line (CSV) or row (XLSX) of the header.
        var headerLine: Int
        var header: [String]
        var rows: [(line: Int, fields: [String])]
        /// `(line, location)` of a cell: a CSV line and the column's name, or `Sheet!D14`.
        var locate: (_ line: Int, _ column: String) -> (line: Int?, location: String?)

        /// The index of each named column (names matched in any case).
        func columns(_ names: [String]) -> [String: Int] {
            var found: [String: Int] = [:]
            for (index, name) in header.enumerated() {
                let folded = name.trimmedWhitespace.lowercased()
                if names.contains(folded), found[folded] == nil { found[folded] = index }
            }
            return found
        }
    }

    static func csvTable(_ data: Data, file: String) throws -> Table {
        let records = try DHIS2CSV.records(data, file: file)
        return Table(
            file: file,
            headerLine: records.first?.line ?? 1,
            header: records.first?.fields ?? [],
            rows: records.dropFirst().map { ($0.line, $0.fields.map(unneutralised)) },
            locate: { line, column in (line, column.isEmpty ? nil : column) }
        )
    }

    /// A cell as written before `CSVWriter` guarded it: `'=x` → `=x`.
    static func unneutralised(_ cell: String) -> String {
        guard cell.hasPrefix("'"), let next = cell.dropFirst().first, "=+-@\t\r".contains(next) else { return cell }
        return String(cell.dropFirst())
    }

    /// Reads the rows of `table` with `columns`, `required` of them required in the header; each
    /// row's cells by column name (trimmed; missing trailing cells are empty).
    static func readRows(
        _ table: Table,
        columns names: [String],
        required: [String],
        problems: inout [ExchangeProblem],
        _ body: (_ line: Int, _ cell: (String) -> String, _ fail: (String, String?, Message) -> Void) -> Void
    ) {
        let columns = table.columns(names)
        let missing = required.filter { columns[$0] == nil }
        for name in missing {
            let place = table.locate(table.headerLine, "")
            problems.append(
                ExchangeProblem(
                    file: table.file,
                    line: place.line,
                    location: place.location,
                    found: table.header.joined(separator: ","),
                    expected: Message("dhis2_exchange.mapping.column", ["column": .text(name)])
                )
            )
        }
        guard missing.isEmpty else { return }
        for row in table.rows {
            func cell(_ name: String) -> String {
                guard let index = columns[name], index < row.fields.count else { return "" }
                return row.fields[index].trimmedWhitespace
            }
            var failures: [ExchangeProblem] = []
            body(row.line, cell) { name, found, expected in
                let place = table.locate(row.line, columns[name].map { table.header[$0] } ?? name)
                failures.append(
                    ExchangeProblem(file: table.file, line: place.line, location: place.location, found: found, expected: expected)
                )
            }
            problems += failures
        }
    }

    static func readElements(_ table: Table, references: References, problems: inout [ExchangeProblem]) -> [DHIS2ElementMapping] {
        var elements: [DHIS2ElementMapping] = []
        var targets: [String: Int] = [:]
        readRows(
            table,
            columns: elementColumns,
            required: ["dhis2_id", "source", "indicator", "series", "aggregation"],
            problems: &problems
        ) {
            line,
            cell,
            fail in
            var ok = true
            func failing(_ column: String, _ found: String?, _ expected: Message) {
                fail(column, found, expected)
                ok = false
            }
            let id = cell("dhis2_id")
            if id.isEmpty {
                failing("dhis2_id", nil, Message("dhis2_exchange.mapping.required", ["column": .text("dhis2_id")]))
            } else if !DHIS2UID.isValid(id) {
                failing("dhis2_id", id, Message("dhis2_exchange.uid"))
            }
            let combo = cell("category_option_combo")
            if !combo.isEmpty, !DHIS2UID.isValid(combo) { failing("category_option_combo", combo, Message("dhis2_exchange.uid")) }
            let source = DHIS2ValueSource(rawValue: cell("source").lowercased())
            if source == nil { failing("source", cell("source"), Message("dhis2_exchange.mapping.source")) }
            let indicator = cell("indicator")
            if indicator.isEmpty {
                failing("indicator", nil, Message("dhis2_exchange.mapping.required", ["column": .text("indicator")]))
            } else if let known = references.indicators, !known.contains(indicator) {
                failing("indicator", indicator, Message("dhis2_exchange.mapping.unknownIndicator"))
            }
            let series = cell("series")
            if series.isEmpty {
                failing("series", nil, Message("dhis2_exchange.mapping.required", ["column": .text("series")]))
            } else if let known = references.series, !known.contains(series) {
                failing("series", series, Message("dhis2_exchange.mapping.unknownSeries"))
            }
            let breakdown = breakdownKey(cell("breakdown"))
            if breakdown == nil { failing("breakdown", cell("breakdown"), Message("dhis2_exchange.mapping.breakdown")) }
            let aggregation = DHIS2Aggregation(rawValue: cell("aggregation").lowercased())
            if aggregation == nil { failing("aggregation", cell("aggregation"), Message("dhis2_exchange.mapping.aggregation")) }
            var factor = 1.0
            if !cell("factor").isEmpty {
                if let number = Double(cell("factor")), number.isFinite, number != 0 {
                    factor = number
                } else {
                    failing("factor", cell("factor"), Message("dhis2_exchange.mapping.factor"))
                }
            }
            guard ok, let source, let breakdown, let aggregation else { return }
            let target = "\(indicator)\u{1F}\(series)\u{1F}\(breakdown)"
            if let earlier = targets[target] {
                fail("series", series, Message("dhis2_exchange.mapping.duplicateTarget", ["line": .number(earlier)]))
                return
            }
            targets[target] = line
            elements.append(
                DHIS2ElementMapping(
                    dataElement: id,
                    categoryOptionCombo: combo.isEmpty ? nil : combo,
                    source: source,
                    indicator: indicator,
                    series: series,
                    dimensions: breakdown,
                    aggregation: aggregation,
                    factor: factor
                )
            )
        }
        return elements
    }

    static func readOrgUnits(_ table: Table, references: References, problems: inout [ExchangeProblem]) -> [DHIS2OrgUnitMatch] {
        var matches: [DHIS2OrgUnitMatch] = []
        var seen: [String: Int] = [:]
        readRows(table, columns: orgUnitColumns, required: ["dhis2_org_unit", "area_code"], problems: &problems) { line, cell, fail in
            var ok = true
            let uid = cell("dhis2_org_unit")
            if uid.isEmpty {
                fail("dhis2_org_unit", nil, Message("dhis2_exchange.mapping.required", ["column": .text("dhis2_org_unit")]))
                ok = false
            } else if !DHIS2UID.isValid(uid) {
                fail("dhis2_org_unit", uid, Message("dhis2_exchange.uid"))
                ok = false
            } else if let earlier = seen[uid] {
                fail("dhis2_org_unit", uid, Message("dhis2_exchange.mapping.duplicateOrgUnit", ["line": .number(earlier)]))
                ok = false
            }
            let area = cell("area_code")
            if area.isEmpty {
                fail("area_code", nil, Message("dhis2_exchange.mapping.required", ["column": .text("area_code")]))
                ok = false
            } else if let known = references.areas, !known.contains(area) {
                fail("area_code", area, Message("dhis2_exchange.mapping.unknownArea"))
                ok = false
            }
            guard ok else { return }
            seen[uid] = line
            let code = cell("dhis2_code")
            matches.append(
                DHIS2OrgUnitMatch(
                    orgUnit: DHIS2OrgUnit(
                        uid: uid,
                        code: code.isEmpty ? nil : code,
                        name: cell("dhis2_name"),
                        level: nil,
                        parentUID: nil,
                        path: nil
                    ),
                    areaCode: area,
                    basis: .manual,
                    confirmed: true
                )
            )
        }
        return matches
    }

    /// A breakdown as Pasan's key (`TidyFormat.breakdownKey`: the rule the mapping form uses too).
    static func breakdownKey(_ text: String) -> String? { TidyFormat.breakdownKey(text) }
}
