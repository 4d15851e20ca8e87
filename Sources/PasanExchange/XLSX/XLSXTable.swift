import PasanDomain

/// A worksheet read as a tidy table, the shape `TidyValidator.validate(header:rows:context:)`
/// takes: the header (the codes of the row the caller names — a Pasan template may have a row of
/// labels above its row of codes), then each row below it that holds anything, as `(line, fields)`
/// with `line` the sheet's row number and the fields in header order. A number is written back as
/// its shortest exact decimal (`2024`, `18.3`, `0.0000001`: never `2024.0` or `1e-07`).
///
/// What the sheet itself gets wrong in that area is in `problems`, each located `Sheet!D14`:
/// cells that could not be read, spreadsheet errors (`#N/A`), numbers formatted as dates,
/// merged cells, and values in a column without a header. A `TidyIssue` of the rows is located
/// with `location(line:column:)`.
public struct XLSXTable: Sendable {
    public var sheet: String
    /// The row holding the codes.
    public var headerRow: Int
    public var header: [String]
    /// The sheet's 1-based column of each header field.
    public var columns: [Int]
    public var rows: [(line: Int, fields: [String])]
    public var problems: [ExchangeProblem]
    /// Cells of the table that held a formula, as `Sheet!D14`: their saved values were read, the
    /// formulas neither evaluated nor kept.
    public var formulas: [String]

    /// The table of `sheet` below `headerRow`, read from `file` (the name problems carry).
    public init(_ sheet: XLSXReadSheet, headerRow: Int, file: String, usesDate1904: Bool = false) {
        self.sheet = sheet.name
        self.headerRow = headerRow
        problems = sheet.problems
        formulas = []
        rows = []
        var header: [String] = []
        var columns: [Int] = []
        for cell in sheet.row(headerRow)?.cells ?? [] {
            let text = cell.text.trimmedWhitespace
            if !text.isEmpty {
                header.append(text)
                columns.append(cell.column)
            }
        }
        self.header = header
        self.columns = columns
        let position = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let name = sheet.name
        func problem(_ column: Int, _ row: Int, found: String?, _ expected: Message) {
            problems.append(
                ExchangeProblem(
                    file: file,
                    location: XLSXReader.location(sheet: name, column: column, row: row),
                    found: found,
                    expected: expected
                )
            )
        }
        for range in sheet.mergedRanges where range.lastRow >= headerRow {
            problem(
                range.firstColumn,
                max(range.firstRow, headerRow),
                found: range.reference,
                Message("xlsx.table.merged", ["range": .text(range.reference)])
            )
        }
        for row in sheet.rows where row.number > headerRow {
            var fields = Array(repeating: "", count: columns.count)
            var holdsSomething = false
            for cell in row.cells {
                let text = cell.text
                guard let index = position[cell.column] else {
                    if !text.trimmedWhitespace.isEmpty {
                        problem(cell.column, row.number, found: text, Message("xlsx.table.noHeader", ["row": .number(headerRow)]))
                    }
                    continue
                }
                if cell.formula != nil { formulas.append(XLSXReader.location(sheet: name, column: cell.column, row: row.number)) }
                switch cell.value {
                case .error(let code):
                    problem(cell.column, row.number, found: code, Message("xlsx.cell.error"))
                case .number(let number) where cell.isDate:
                    let day = XLSXReader.isoDate(serial: number, date1904: usesDate1904)
                    problem(
                        cell.column,
                        row.number,
                        found: day.map { "\($0) (\(text))" } ?? text,
                        Message("xlsx.cell.date", ["serial": .text(text)])
                    )
                default:
                    break
                }
                fields[index] = text
                if !text.trimmedWhitespace.isEmpty { holdsSomething = true }
            }
            if holdsSomething { rows.append((line: row.number, fields: fields)) }
        }
    }

    /// The first of the sheet's first `limit` rows whose cells hold every name of `names` (the
    /// row of codes: `["Year", "Value"]`), or `nil`.
    public static func headerRow(in sheet: XLSXReadSheet, containing names: Set<String>, limit: Int = 50) -> Int? {
        for row in sheet.rows where row.number <= limit {
            let texts = Set(row.cells.map { $0.text.trimmedWhitespace })
            if names.isSubset(of: texts) { return row.number }
        }
        return nil
    }

    /// Where a problem of the rows is, as a spreadsheet user finds it: `Sheet!D14` for a line and
    /// a header field; `Sheet!14:14` (the whole row) when the column is not one of the header's.
    /// The validator's line 1 is the header: it is the header row here.
    public func location(line: Int, column: String) -> String {
        let row = line <= headerRow ? headerRow : line
        if let index = header.firstIndex(of: column) ?? header.firstIndex(of: column.trimmedWhitespace) {
            return XLSXReader.location(sheet: sheet, column: columns[index], row: row)
        }
        return "\(sheet)!\(row):\(row)"
    }

    /// `location(line:column:)` of a validation issue.
    public func location(of issue: TidyIssue) -> String {
        location(line: issue.line, column: issue.column)
    }
}
