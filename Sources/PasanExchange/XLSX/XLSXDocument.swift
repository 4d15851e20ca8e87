import PasanDomain

/// A workbook as `XLSXReader` read it: its worksheets in the workbook's order.
public struct XLSXDocument: Sendable {
    public var sheets: [XLSXReadSheet]
    /// The workbook counts days from 1904 (old Mac Excel) rather than from 1900.
    public var usesDate1904: Bool

    public init(sheets: [XLSXReadSheet], usesDate1904: Bool = false) {
        self.sheets = sheets
        self.usesDate1904 = usesDate1904
    }

    /// The sheet with this name (compared as a spreadsheet does: without case).
    public func sheet(named name: String) -> XLSXReadSheet? {
        sheets.first { $0.name == name } ?? sheets.first { $0.name.lowercased() == name.lowercased() }
    }

    /// Every cell problem of every sheet, in reading order.
    public var problems: [ExchangeProblem] { sheets.flatMap(\.problems) }
}

/// One worksheet as read: its cells by row, its merged ranges, and the cells that could not be
/// read at all (`problems`; a caller refuses the file while any is left in the part it uses).
public struct XLSXReadSheet: Sendable {
    public var name: String
    public var isHidden: Bool
    /// Rows that hold at least one cell, by row number; each row's cells by column.
    public var rows: [XLSXReadRow]
    /// Merged ranges (`<mergeCells>`): a caller refuses them where it reads data.
    public var mergedRanges: [XLSXRange]
    /// Cells that could not be read (a shared string out of range, a number that is not one, a
    /// formula without a saved result, a bad reference), each located `Sheet!D14`.
    public var problems: [ExchangeProblem]

    public init(
        name: String,
        isHidden: Bool = false,
        rows: [XLSXReadRow] = [],
        mergedRanges: [XLSXRange] = [],
        problems: [ExchangeProblem] = []
    ) {
        self.name = name
        self.isHidden = isHidden
        self.rows = rows
        self.mergedRanges = mergedRanges
        self.problems = problems
    }

    /// The row with this number, if it holds a cell.
    public func row(_ number: Int) -> XLSXReadRow? {
        rows.sortedFirst(where: \.number, is: number)
    }

    /// The cell at a 1-based column and row, if it holds something.
    public func cell(column: Int, row: Int) -> XLSXReadCell? {
        self.row(row)?.cell(column)
    }

    /// The cell at a reference (`D14`).
    public func cell(_ reference: String) -> XLSXReadCell? {
        XLSXReader.position(of: reference).flatMap { cell(column: $0.column, row: $0.row) }
    }

    /// Every cell, row by row.
    public var cells: [XLSXReadCell] { rows.flatMap(\.cells) }
}

/// One row: its number and its cells, ordered by column.
public struct XLSXReadRow: Sendable, Hashable {
    public var number: Int
    public var cells: [XLSXReadCell]

    public init(number: Int, cells: [XLSXReadCell]) {
        self.number = number
        self.cells = cells
    }

    public func cell(_ column: Int) -> XLSXReadCell? {
        cells.sortedFirst(where: \.column, is: column)
    }
}

extension Array {
    /// The element whose `key` is `value`, by binary search in an array sorted by `key`.
    func sortedFirst(where key: (Element) -> Int, is value: Int) -> Element? {
        var low = 0
        var high = count - 1
        while low <= high {
            let middle = (low + high) / 2
            let found = key(self[middle])
            if found == value { return self[middle] }
            if found < value { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}

/// A cell as read. A formula is never evaluated: its value is the result the spreadsheet saved.
public struct XLSXReadCell: Sendable, Hashable {
    /// 1-based column and row.
    public var column: Int
    public var row: Int
    public var value: XLSXReadValue
    /// The cell is formatted as a date or a time: a number here is the spreadsheet's day count
    /// (serial number), not what the user saw (`XLSXReader.isoDate` shows it as a day).
    public var isDate: Bool
    /// The cell's formula, when it held one (`value` is its saved result); empty for a formula
    /// shared with the cell that first wrote it.
    public var formula: String?

    public init(column: Int, row: Int, value: XLSXReadValue, isDate: Bool = false, formula: String? = nil) {
        self.column = column
        self.row = row
        self.value = value
        self.isDate = isDate
        self.formula = formula
    }

    /// `D14`.
    public var reference: String { XLSXReader.reference(column: column, row: row) }

    /// The value as text: a text as it is, a number as its shortest exact decimal (`SDMXNumber`:
    /// `2024`, `0.1`, `0.0000001`), a boolean `TRUE` or `FALSE`, an error its code (`#N/A`).
    public var text: String {
        switch value {
        case .text(let text): text
        case .number(let number): SDMXNumber.format(number)
        case .boolean(let flag): flag ? "TRUE" : "FALSE"
        case .error(let code): code
        }
    }
}

/// What a read cell holds.
public enum XLSXReadValue: Sendable, Hashable {
    case text(String)
    case number(Double)
    case boolean(Bool)
    /// A spreadsheet error such as `#N/A` or `#DIV/0!` (usually a formula's saved result).
    case error(String)
}

/// A block of cells, 1-based and inclusive.
public struct XLSXRange: Sendable, Hashable {
    public var firstColumn: Int
    public var firstRow: Int
    public var lastColumn: Int
    public var lastRow: Int

    public init(firstColumn: Int, firstRow: Int, lastColumn: Int, lastRow: Int) {
        self.firstColumn = min(firstColumn, lastColumn)
        self.firstRow = min(firstRow, lastRow)
        self.lastColumn = max(firstColumn, lastColumn)
        self.lastRow = max(firstRow, lastRow)
    }

    /// `A1:B2` (or `A1` for one cell) → the range; `nil` when it is not a reference.
    public init?(_ reference: String) {
        let parts = reference.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, let first = XLSXReader.position(of: parts[0]),
            let last = parts.count == 2 ? XLSXReader.position(of: parts[1]) : first
        else { return nil }
        self.init(firstColumn: first.column, firstRow: first.row, lastColumn: last.column, lastRow: last.row)
    }

    /// `A1:B2`.
    public var reference: String {
        let first = XLSXReader.reference(column: firstColumn, row: firstRow)
        let last = XLSXReader.reference(column: lastColumn, row: lastRow)
        return first == last ? first : "\(first):\(last)"
    }

    public func contains(column: Int, row: Int) -> Bool {
        (firstColumn...lastColumn).contains(column) && (firstRow...lastRow).contains(row)
    }
}
