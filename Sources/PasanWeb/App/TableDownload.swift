import Foundation
import Hummingbird
import PasanExchange
import PasanReferenceData

/// A table Pasan offers for download, built once by its handler and served as CSV or as an XLSX
/// workbook by the extension of the address (`…/export.csv`, `…/export.xlsx`; `Pages.download`):
/// the same header and rows in both.
///
/// - CSV: every value as text, a number as its shortest exact decimal (`18.3`, `0.0000001`, never
///   `1e-07`), spreadsheet formulas neutralised by `CSVWriter`.
/// - XLSX: one sheet; a number is a number cell, a text a shared-string text cell — never a
///   formula, so `=1+2` stays the text `=1+2` and a code such as `01` stays `01`. The header row
///   is bold and frozen, every cell in Noto Sans Lao (`XLSXWriter`'s styles), columns sized to
///   their content, and the columns without numbers formatted as text, so a value typed into them
///   later (a code, an ISO date) stays text too.
struct TableDownload: Sendable {
    /// One value of the table.
    enum Value: Sendable, Hashable {
        case empty
        case text(String)
        /// A number cell; a value that is not finite is written empty.
        case number(Double)

        /// A number when `text` is a plain decimal (`2024`, `-3.5`; no leading zero, exponent,
        /// sign `+`, or spaces), else the text itself: a year is a number, `2015-2017` or `01` is
        /// text.
        static func numberOrText(_ text: String) -> Value {
            guard isPlainDecimal(text), let number = Double(text), number.isFinite else { return text.isEmpty ? .empty : .text(text) }
            return .number(number)
        }

        /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`
        static func isPlainDecimal(_ text: String) -> Bool {
            var bytes = Substring(text).utf8[...]
            if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            let integer = bytes.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            guard !integer.isEmpty, integer.count == 1 || integer.first != UInt8(ascii: "0") else { return false }
            let rest = bytes.dropFirst(integer.count)
            if rest.isEmpty { return true }
            guard rest.first == UInt8(ascii: "."), rest.count > 1 else { return false }
            return rest.dropFirst().allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }

        /// The value as a CSV field.
        var csvField: String {
            switch self {
            case .empty: ""
            case .text(let text): text
            case .number(let number): number.isFinite ? SDMXNumber.format(number) : ""
            }
        }

        var cell: XLSXCell {
            switch self {
            case .empty: .empty()
            case .text(let text): text.isEmpty ? .empty() : .text(text, style: .inputText)
            case .number(let number): number.isFinite ? .number(number, style: .input) : .empty()
            }
        }
    }

    var header: [String]
    var rows: [[Value]]
    /// The file's name without its extension (`pasan-gaps`).
    var filename: String
    /// The workbook's sheet (made a valid sheet name by `XLSXWorkbook.sheetName`).
    var sheet: String
    /// The workbook's title (`docProps/core.xml`).
    var title: String?

    /// The narrowest and widest column of the workbook, in characters.
    static let columnWidths = 8.0...60.0

    /// The table as CSV.
    var csv: String {
        CSVWriter.write(header: header, rows: rows.map { $0.map(\.csvField) })
    }

    /// The table as a one-sheet workbook.
    var workbook: XLSXWorkbook {
        let width = max(header.count, rows.map(\.count).max() ?? 0)
        var hasNumbers = Array(repeating: false, count: width)
        var longest = header.map(\.count) + Array(repeating: 0, count: width - header.count)
        for row in rows {
            for (index, value) in row.enumerated() {
                switch value {
                case .number(let number): hasNumbers[index] = true; longest[index] = max(longest[index], SDMXNumber.format(number).count)
                case .text(let text): longest[index] = max(longest[index], text.count)
                case .empty: break
                }
            }
        }
        var columns: [Int: XLSXColumn] = [:]
        for index in 0..<width {
            let fitted = min(max(Double(longest[index] + 2), Self.columnWidths.lowerBound), Self.columnWidths.upperBound)
            columns[index + 1] = XLSXColumn(width: fitted, style: hasNumbers[index] ? .input : .inputText)
        }
        let sheet = XLSXSheet(
            name: XLSXWorkbook.sheetName(sheet),
            rows: [header.map { XLSXCell.text($0, style: .header) }] + rows.map { $0.map(\.cell) },
            columns: columns,
            frozenRows: 1
        )
        return XLSXWorkbook(sheets: [sheet], title: title)
    }
}

/// The two forms of a download, named by the extension of its address.
enum DownloadFormat: String, Sendable, CaseIterable {
    case csv, xlsx

    /// `xlsx` for an address ending in `.xlsx`, `csv` otherwise.
    init(path: String) {
        self = path.lowercased().hasSuffix(".xlsx") ? .xlsx : .csv
    }
}
