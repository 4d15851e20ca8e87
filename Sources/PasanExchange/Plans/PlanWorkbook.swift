import Foundation
import PasanDomain
import PasanReferenceData

/// The plan file as an XLSX workbook: one sheet `Plan` with the columns of `PlanFile` (header row
/// frozen), read back into the same rows; problems are located `Plan!D14` like the other
/// workbook readers'.
public enum PlanWorkbook {
    public static let sheetName = "Plan"

    /// What reading a workbook found, and where each problem is on the sheet.
    public struct Reading: Sendable {
        /// The rows read as `PlanFile` reads them; its problems are already located `Plan!D14`.
        public var reading: PlanFile.Reading
        let table: XLSXTable?

        /// `problem` (of `PlanFile` or `PlanCheck`: a row and a column name) located on the sheet:
        /// the column becomes the cell (`Plan!D14`), or the row (`Plan!14:14`).
        public func located(_ problem: PlanProblem) -> PlanProblem {
            guard let table, let line = problem.line else { return problem }
            var located = problem
            located.column = table.location(line: line, column: problem.column ?? "")
            return located
        }
    }

    /// The workbook of `document`; `values`, when given, are the value rows written instead of
    /// the document's own.
    public static func data(_ document: PlanDocument, values: [PlanValueEntry]? = nil) throws -> Data {
        let numberColumns: Set<String> = ["start_year", "end_year", "baseline_year", "baseline_value", "year", "value"]
        let numeric = Set(PlanFile.columns.enumerated().filter { numberColumns.contains($0.element) }.map(\.offset))
        var rows = [PlanFile.columns.map { XLSXCell.text($0, style: .header) }]
        for row in PlanFile.rows(document, values: values) {
            rows.append(
                row.enumerated().map { index, text in
                    if text.isEmpty { return XLSXCell.empty(style: .inputText) }
                    if numeric.contains(index), let number = Double(text) { return XLSXCell.number(number, style: .input) }
                    return XLSXCell.text(text, style: .inputText)
                }
            )
        }
        var columns: [Int: XLSXColumn] = [:]
        for (index, name) in PlanFile.columns.enumerated() {
            let wide: Set<String> = ["title_en", "title_lo", "definition_en", "definition_lo", "source", "note", "data_source"]
            columns[index + 1] = XLSXColumn(
                width: wide.contains(name) ? 40 : 14,
                style: numeric.contains(index) ? .input : .inputText
            )
        }
        let sheet = XLSXSheet(name: sheetName, rows: rows, columns: columns, frozenRows: 1)
        return try XLSXWriter.data(XLSXWorkbook(sheets: [sheet], title: document.plan.name.en))
    }

    /// Reads an uploaded workbook (within `XLSXReader`'s limits) into the plan file's rows.
    public static func read(_ data: Data, file: String) -> Reading {
        let document: XLSXDocument
        do {
            document = try XLSXReader.read(data, file: file, sheets: [sheetName])
        } catch let error as ExchangeProblems {
            return Reading(reading: PlanFile.Reading(document: nil, lines: [:], problems: error.problems.map(problem)), table: nil)
        } catch {
            return Reading(
                reading: PlanFile.Reading(
                    document: nil,
                    lines: [:],
                    problems: [PlanProblem(line: nil, column: nil, message: Message("plans_file.xlsx.unreadable"))]
                ),
                table: nil
            )
        }
        guard let sheet = document.sheet(named: sheetName) else {
            return Reading(
                reading: PlanFile.Reading(
                    document: nil,
                    lines: [:],
                    problems: [
                        PlanProblem(line: nil, column: sheetName, message: Message("plans_file.xlsx.sheet", ["sheet": .text(sheetName)]))
                    ]
                ),
                table: nil
            )
        }
        let headerRow = XLSXTable.headerRow(in: sheet, containing: Set(PlanFile.requiredColumns)) ?? 1
        let table = XLSXTable(sheet, headerRow: headerRow, file: file, usesDate1904: document.usesDate1904)
        var reading = PlanFile.read(header: table.header, headerLine: headerRow, rows: table.rows)
        let located = Reading(reading: reading, table: table)
        reading.problems = table.problems.map(problem) + reading.problems.map(located.located)
        return Reading(reading: reading, table: table)
    }

    /// A problem of the workbook itself (a cell that cannot be read, a merged range).
    static func problem(_ problem: ExchangeProblem) -> PlanProblem {
        PlanProblem(line: problem.line, column: problem.location, found: problem.found, message: problem.expected)
    }
}
