import Foundation
import PasanDomain
import PasanExchange
import PasanReferenceData

/// The assignment file: CSV, or an XLSX workbook with the same columns (`AssignmentImport.columns`,
/// in a row of their own). Written for the export and read for the import, by the assignments
/// page and by `pasan assignments` alike. A file is checked whole by `AssignmentImport`: every
/// problem is returned, located at its line and column (CSV) or its sheet and cell
/// (`assignments!E5 (owners)`), and a file with any problem imports nothing.
///
/// In a workbook, the sheet read is the visible one named `assignments`, else the first visible
/// sheet with a row holding the required columns, else the first visible sheet (its row 1 then
/// names what is missing). The export formats its columns as text, so codes and ISO dates typed
/// later stay text; a date a spreadsheet made of one anyway is read as its day in the date
/// columns (`2025-03-31`) and as its month and day in `collection_due` (`03-31`), and refused
/// elsewhere with its cell.
public enum AssignmentFile {
    /// The exported workbook's sheet.
    public static let sheetName = "assignments"
    /// Columns holding an ISO date (`YYYY-MM-DD`).
    static let dateColumns: Set<String> = ["legal_date", "valid_from", "valid_to"]
    /// The column holding a day of the year (`MM-DD`).
    static let dayOfYearColumn = "collection_due"

    /// The assignments as the export's table: every value text, as `AssignmentImport.fields(of:)`.
    static func table(_ assignments: [Assignment]) -> TableDownload {
        TableDownload(
            header: AssignmentImport.columns,
            rows: assignments.map { AssignmentImport.fields(of: $0).map { $0.isEmpty ? .empty : .text($0) } },
            filename: "pasan-assignments",
            sheet: sheetName,
            title: "Pasan — assignments"
        )
    }

    /// The assignments as CSV.
    public static func csv(_ assignments: [Assignment]) -> String { table(assignments).csv }

    /// The assignments as an XLSX workbook.
    public static func workbook(_ assignments: [Assignment]) throws -> Data { try XLSXWriter.data(table(assignments).workbook) }

    /// A zip (`PK` 3 4: every XLSX file) or a name ending in `.xlsx`.
    public static func isWorkbook(_ data: Data, name: String) -> Bool {
        data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || name.lowercased().hasSuffix(".xlsx")
    }

    /// The assignments of `data` (named `file`), checked against `catalog`; or, when anything is
    /// wrong, no assignment and every problem, in the order of the file's rows.
    public static func read(
        _ data: Data,
        file: String,
        catalog: FrameworkCatalog
    ) -> (
        assignments: [Assignment], problems: [ExchangeProblem]
    ) {
        let read = isWorkbook(data, name: file) ? rows(workbook: data, file: file) : rows(csv: data, file: file)
        var problems = read.problems
        if read.rows.isEmpty && problems.isEmpty {
            problems.append(read.locate(2, "—").problem(file: file, found: "", expected: Message("admin.assignments.import.expectOneRow")))
        }
        let (assignments, issues) = AssignmentImport(catalog: catalog).validate(read.rows)
        problems += issues.map { read.locate($0.line, $0.column).problem(file: file, found: $0.value, expected: $0.expected) }
        guard problems.isEmpty else { return ([], problems.sorted { $0.row < $1.row }.map(\.problem)) }
        return (assignments, [])
    }
}

// MARK: - Reading

extension AssignmentFile {
    /// Where a problem is: the row it sorts by, and how it is located.
    struct Place {
        var row: Int
        /// CSV: the line; a workbook locates by cell instead.
        var line: Int?
        var location: String

        func problem(file: String, found: String?, expected: Message) -> Located {
            Located(row: row, problem: ExchangeProblem(file: file, line: line, location: location, found: found, expected: expected))
        }
    }

    struct Located {
        var row: Int
        var problem: ExchangeProblem
    }

    /// A file's rows by column name, the problems that stop it being read, and how to locate a
    /// problem of a row (`line`, `column`).
    struct Rows {
        var rows: [(line: Int, fields: [String: String])] = []
        var problems: [Located] = []
        var locate: (Int, String) -> Place
    }

    static func csvPlace(_ line: Int, _ column: String) -> Place {
        Place(row: line, line: line, location: column)
    }

    static func rows(csv data: Data, file: String) -> Rows {
        var result = Rows(locate: csvPlace)
        guard let text = String(data: data, encoding: .utf8) else {
            result.problems = [csvPlace(0, "—").problem(file: file, found: file, expected: Message("admin.assignments.import.expectUTF8"))]
            return result
        }
        let table: CSVTable
        do {
            table = try CSVTable(text: text, file: file)
            try table.requireColumns(Array(AssignmentImport.required).sorted())
        } catch {
            result.problems = [
                csvPlace(error.line ?? 0, error.column ?? "—").problem(
                    file: file,
                    found: nil,
                    expected: Message("submissions.upload.unreadable", ["problem": .text(error.message)])
                )
            ]
            return result
        }
        result.problems = unknownColumns(table.header).map { csvPlace(1, $0).problem(file: file, found: $0, expected: knownColumns) }
        guard result.problems.isEmpty else { return result }
        for record in table.records {
            guard record.fields.count == table.header.count else {
                result.problems.append(
                    csvPlace(record.line, "—").problem(
                        file: file,
                        found: "\(record.fields.count)",
                        expected: Message("admin.assignments.import.expectFieldCount", ["count": .number(table.header.count)])
                    )
                )
                continue
            }
            result.rows.append((record.line, Dictionary(zip(table.header, record.fields), uniquingKeysWith: { a, _ in a })))
        }
        return result
    }

    static var knownColumns: Message {
        Message("admin.assignments.import.expectKnownColumns", ["columns": .text(AssignmentImport.columns.joined(separator: ", "))])
    }

    static func unknownColumns(_ header: [String]) -> [String] {
        header.filter { !AssignmentImport.columns.contains($0) }
    }

    static func rows(workbook data: Data, file: String) -> Rows {
        let unlocated: (Int, String) -> Place = { line, column in Place(row: line, line: nil, location: column) }
        var result = Rows(locate: unlocated)
        let document: XLSXDocument
        do {
            document = try XLSXReader.read(data, file: file)
        } catch let error as ExchangeProblems {
            result.problems = error.problems.map { Located(row: 0, problem: $0) }
            return result
        } catch {
            result.problems = [Located(row: 0, problem: ExchangeProblem(file: file, expected: Message("xlsx.file.notWorkbook")))]
            return result
        }
        let required = AssignmentImport.required
        let visible = document.sheets.filter { !$0.isHidden }
        guard
            var sheet = visible.first(where: { $0.name.lowercased() == sheetName })
                ?? visible.first(where: { XLSXTable.headerRow(in: $0, containing: required) != nil }) ?? visible.first
        else {
            result.problems = [Located(row: 0, problem: ExchangeProblem(file: file, expected: Message("xlsx.workbook.noSheets")))]
            return result
        }
        let headerRow = XLSXTable.headerRow(in: sheet, containing: required) ?? 1
        sheet = readingDates(sheet, headerRow: headerRow, date1904: document.usesDate1904)
        let table = XLSXTable(sheet, headerRow: headerRow, file: file, usesDate1904: document.usesDate1904)
        result.locate = { line, column in
            let cell = table.location(line: line, column: column)
            return Place(row: line, line: nil, location: column == "—" ? cell : "\(cell) (\(column))")
        }
        let header = Set(table.header)
        result.problems =
            table.problems.map { Located(row: $0.location.flatMap(row(of:)) ?? 0, problem: $0) }
            + required.subtracting(header).sorted().map { column in
                Place(row: headerRow, line: nil, location: "\(sheet.name)!\(headerRow):\(headerRow)").problem(
                    file: file,
                    found: nil,
                    expected: Message("sdmx.csv.column", ["column": .text(column)])
                )
            }
            + unknownColumns(table.header).map { result.locate(headerRow, $0).problem(file: file, found: $0, expected: knownColumns) }
        guard result.problems.isEmpty else { return result }
        result.rows = table.rows.map { row in
            (row.line, Dictionary(zip(table.header, row.fields), uniquingKeysWith: { a, _ in a }))
        }
        return result
    }

    /// The row of a location `Sheet!D14`, for ordering.
    static func row(of location: String) -> Int? {
        guard let bang = location.lastIndex(of: "!") else { return nil }
        return XLSXReader.position(of: location[location.index(after: bang)...].prefix { $0 != " " })?.row
    }

    /// `sheet` with the date cells of its date columns (below `headerRow`) read as the text the
    /// import takes: the day (`2025-03-31`), or its month and day in `collection_due`.
    static func readingDates(_ sheet: XLSXReadSheet, headerRow: Int, date1904: Bool) -> XLSXReadSheet {
        var columns: [Int: String] = [:]
        for cell in sheet.row(headerRow)?.cells ?? [] {
            let name = cell.text.trimmingCharacters(in: .whitespaces)
            if dateColumns.contains(name) || name == dayOfYearColumn { columns[cell.column] = name }
        }
        guard !columns.isEmpty else { return sheet }
        var sheet = sheet
        for r in sheet.rows.indices where sheet.rows[r].number > headerRow {
            for c in sheet.rows[r].cells.indices {
                let cell = sheet.rows[r].cells[c]
                guard cell.isDate, case .number(let serial) = cell.value, let name = columns[cell.column],
                    let day = XLSXReader.isoDate(serial: serial, date1904: date1904)
                else { continue }
                sheet.rows[r].cells[c].value = .text(name == dayOfYearColumn ? String(day.suffix(5)) : day)
                sheet.rows[r].cells[c].isDate = false
            }
        }
        return sheet
    }
}
