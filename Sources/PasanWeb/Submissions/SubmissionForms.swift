import Foundation
import PasanDomain
import PasanExchange
import PasanMessages
import PasanReferenceData

/// The data-entry grid as sent: one `v~SERIES~AREA~DIMENSIONS~YEAR` field per typed cell, read
/// as tidy rows (the same validation as an upload), with each row's cell label for error
/// messages and what was typed; the version the person saw, the warnings comment, and the area
/// of a subnational focal point's part.
struct SubmissionGridForm {
    var header: [String]
    var rows: [(line: Int, fields: [String])]
    var cells: [Int: String]
    var typed: [String: String]
    var version: Int?
    var comment: String?
    var area: String?

    init(_ form: FormData) {
        let dims = TidyFormat.dimensions.keys.sorted()
        header = ["Year", "SERIES"] + dims + ["GeoCode", "Value"]
        rows = []
        cells = [:]
        typed = [:]
        for (name, value) in form.fields.sorted(by: { $0.key < $1.key }) where name.hasPrefix("v~") {
            let parts = name.split(separator: "~", omittingEmptySubsequences: false).map(String.init)
            let text = value.trimmingCharacters(in: .whitespaces)
            guard parts.count == 5, !text.isEmpty else { continue }
            typed[name] = text
            let dimValues = Observation.dimensions(fromKey: parts[3])
            let line = rows.count + 2
            rows.append((line, [parts[4], parts[1]] + dims.map { dimValues[$0] ?? "" } + [parts[2], text]))
            let place = parts[2] == Area.countryCode ? nil : parts[2]
            cells[line] = [parts[1], place, parts[3].isEmpty ? nil : parts[3], parts[4]].compactMap { $0 }.joined(separator: " · ")
        }
        version = form.value("version").flatMap { Int($0) }
        comment = form.value("comment")
        area = form.value("area")
    }
}

/// A tidy upload — CSV, or an XLSX workbook (Pasan's template, or any sheet with a `Year` …
/// `Value` header row) — read as header and rows; or why it cannot even be validated (no file,
/// empty, not UTF-8, not CSV, not comma-separated, a workbook that cannot be read), located at the
/// file, or at the sheet and cell.
struct SubmissionUploadForm {
    enum Refusal: Error {
        case noFile
        case unreadable([TidyIssue])
    }

    var header: [String]
    var rows: [(line: Int, fields: [String])]
    /// For a workbook: a row's problem located at its sheet and cell (`3.1.2!D14`).
    var locate: (@Sendable (TidyIssue) -> TidyIssue)?
    var version: Int?
    var comment: String?

    /// Reads the file of `form`; a workbook's sheet is the one named by `indicator`'s code, else
    /// its only sheet with a tidy header.
    static func decode(_ form: FormData, indicator: String) -> Result<SubmissionUploadForm, Refusal> {
        guard let file = form.files["file"] else { return .failure(.noFile) }
        func refuse(_ expected: Message) -> Result<SubmissionUploadForm, Refusal> {
            .failure(.unreadable([TidyIssue(line: 0, column: "—", value: file.filename, expected: expected)]))
        }
        guard !file.data.isEmpty else {
            return refuse(Message("submissions.upload.empty"))
        }
        let version = form.value("version").flatMap { Int($0) }
        let comment = form.value("comment")
        if isWorkbook(file.data, name: file.filename) {
            return workbook(file.data, name: file.filename, indicator: indicator).map {
                SubmissionUploadForm(header: $0.header, rows: $0.rows, locate: $0.locate, version: version, comment: comment)
            }
        }
        guard let text = String(data: file.data, encoding: .utf8) else {
            return refuse(Message("submissions.upload.notUtf8"))
        }
        let table: CSVTable
        do throws(DataFileIssue) {
            table = try CSVTable(text: text, file: file.filename)
        } catch {
            let issue = TidyIssue(
                line: error.line ?? 0,
                column: error.column ?? "—",
                value: file.filename,
                expected: Message("submissions.upload.unreadable", ["problem": .text(error.message)])
            )
            return .failure(.unreadable([issue]))
        }
        if table.header.count == 1 && (table.header[0].contains(";") || table.header[0].contains("\t")) {
            return refuse(Message("submissions.upload.notCommaSeparated"))
        }
        return .success(
            SubmissionUploadForm(header: table.header, rows: table.records.map { ($0.line, $0.fields) }, version: version, comment: comment)
        )
    }

    /// A zip (`PK` and 3, 4: every XLSX file) or a name ending in `.xlsx`.
    static func isWorkbook(_ data: Data, name: String) -> Bool {
        data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || name.lowercased().hasSuffix(".xlsx")
    }

    static func workbook(
        _ data: Data,
        name: String,
        indicator: String
    ) -> Result<
        (header: [String], rows: [(line: Int, fields: [String])], locate: @Sendable (TidyIssue) -> TidyIssue), Refusal
    > {
        func unreadable(_ problems: [ExchangeProblem]) -> Refusal {
            .unreadable(
                problems.map { TidyIssue(line: 0, column: $0.location ?? "—", value: $0.found ?? name, expected: $0.expected) }
            )
        }
        let document: XLSXDocument
        do {
            document = try XLSXReader.read(data, file: name)
        } catch let error as ExchangeProblems {
            return .failure(unreadable(error.problems))
        } catch {
            return .failure(unreadable([ExchangeProblem(file: name, expected: Message("submissions.upload.workbook"))]))
        }
        let tidy: Set<String> = ["Year", "Value"]
        let withHeader = document.sheets.filter { !$0.isHidden && XLSXTable.headerRow(in: $0, containing: tidy) != nil }
        guard let sheet = document.sheet(named: indicator) ?? (withHeader.count == 1 ? withHeader.first : nil),
            let headerRow = XLSXTable.headerRow(in: sheet, containing: tidy)
        else {
            return .failure(
                unreadable([ExchangeProblem(file: name, expected: Message("submissions.upload.noSheet", ["indicator": .text(indicator)]))])
            )
        }
        let table = XLSXTable(sheet, headerRow: headerRow, file: name, usesDate1904: document.usesDate1904)
        guard table.problems.isEmpty else { return .failure(unreadable(table.problems)) }
        // The validator counts the header as line 1; a sheet's rows keep their own numbers.
        let locate: @Sendable (TidyIssue) -> TidyIssue = { issue in
            var located = issue
            located.column = "\(table.location(of: issue)) (\(issue.column))"
            located.line = 0
            return located
        }
        return .success((table.header, table.rows, locate))
    }
}

/// A review step: which one, an optional comment, and the value it is about (if any).
struct StepForm {
    static let noSuchStep = Message("submissions.review.noSuchStep")

    var step: SubmissionStep
    var comment: String?
    var cell: String?

    static func decode(_ form: FormData) -> Result<StepForm, FormProblems> {
        guard let step = form.value("step").flatMap(SubmissionStep.init(rawValue:)) else {
            return .failure(FormProblems([noSuchStep]))
        }
        return .success(StepForm(step: step, comment: form.value("comment"), cell: form.value("cell")))
    }
}

/// A correction of approved data: the reason is required.
struct CorrectionForm {
    static let needsReason = Message("submissions.correction.needsReason")

    var reason: String

    static func decode(_ form: FormData) -> Result<CorrectionForm, FormProblems> {
        guard let reason = form.value("reason") else {
            return .failure(FormProblems([needsReason]))
        }
        return .success(CorrectionForm(reason: reason))
    }
}
