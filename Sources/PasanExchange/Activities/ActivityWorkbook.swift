import Foundation
import PasanDomain
import PasanReferenceData

/// The activity file as an XLSX workbook: one sheet `Activities` with the columns of
/// `ActivityFile` (header row frozen), read back into the same rows; problems are located on the
/// sheet (`Activities!M4`) like the other workbook readers'.
public enum ActivityWorkbook {
    public static let sheetName = "Activities"

    /// What reading a workbook found; its problems are already located on the sheet.
    public struct Reading: Sendable {
        public var reading: ActivityFile.Reading
        let table: XLSXTable?

        /// `problem` (a row and a column name) located on the sheet: the column becomes the cell
        /// (`Activities!M4`), or the row (`Activities!4:4`).
        public func located(_ problem: ActivityFileProblem) -> ActivityFileProblem {
            guard let table, let line = problem.line else { return problem }
            var located = problem
            located.column = table.location(line: line, column: problem.column ?? "")
            return located
        }
    }

    /// The workbook of `activities`.
    public static func data(_ activities: [Activity]) throws -> Data {
        let numeric: Set<Int> = Set(ActivityFile.columns.enumerated().filter { $0.element == "budget" }.map(\.offset))
        var rows = [ActivityFile.columns.map { XLSXCell.text($0, style: .header) }]
        for row in ActivityFile.rows(activities) {
            rows.append(
                row.enumerated().map { index, text in
                    if text.isEmpty { return XLSXCell.empty(style: .inputText) }
                    if numeric.contains(index), let number = Double(text) { return XLSXCell.number(number, style: .input) }
                    return XLSXCell.text(text, style: .inputText)
                }
            )
        }
        var columns: [Int: XLSXColumn] = [:]
        let wide: Set<String> = ["title_en", "title_lo", "description_en", "description_lo", "implementer", "partners", "funders"]
        for (index, name) in ActivityFile.columns.enumerated() {
            columns[index + 1] = XLSXColumn(width: wide.contains(name) ? 36 : 14, style: numeric.contains(index) ? .input : .inputText)
        }
        let sheet = XLSXSheet(name: sheetName, rows: rows, columns: columns, frozenRows: 1)
        return try XLSXWriter.data(XLSXWorkbook(sheets: [sheet], title: "Activities"))
    }

    /// Reads an uploaded workbook (within `XLSXReader`'s limits) into the activity file's rows.
    public static func read(
        _ data: Data,
        file: String,
        institutions: [String: LocalizedText],
        origin: ActivityOrigin = .file
    ) -> Reading {
        func failed(_ problems: [ActivityFileProblem]) -> Reading {
            Reading(reading: ActivityFile.Reading(file: file, activities: [], lines: [], problems: problems), table: nil)
        }
        let document: XLSXDocument
        do {
            document = try XLSXReader.read(data, file: file, sheets: [sheetName])
        } catch let error as ExchangeProblems {
            return failed(error.problems.map(problem))
        } catch {
            return failed([ActivityFileProblem(file: file, line: nil, column: nil, message: Message("activities.file.xlsxUnreadable"))])
        }
        guard let sheet = document.sheet(named: sheetName) else {
            return failed([
                ActivityFileProblem(
                    file: file,
                    line: nil,
                    column: sheetName,
                    message: Message("activities.file.xlsxSheet", ["sheet": .text(sheetName)])
                )
            ])
        }
        let headerRow = XLSXTable.headerRow(in: sheet, containing: Set(ActivityFile.requiredColumns)) ?? 1
        let table = XLSXTable(sheet, headerRow: headerRow, file: file, usesDate1904: document.usesDate1904)
        var reading = ActivityFile.read(
            header: table.header,
            headerLine: headerRow,
            rows: table.rows,
            file: file,
            institutions: institutions,
            origin: origin
        )
        let located = Reading(reading: reading, table: table)
        reading.problems = table.problems.map(problem) + reading.problems.map(located.located)
        return Reading(reading: reading, table: table)
    }

    /// A problem of the workbook itself (a cell that cannot be read, a merged range).
    static func problem(_ problem: ExchangeProblem) -> ActivityFileProblem {
        ActivityFileProblem(
            file: problem.file,
            line: problem.line,
            column: problem.location,
            found: problem.found,
            message: problem.expected
        )
    }
}
