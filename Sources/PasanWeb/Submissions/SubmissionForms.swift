import Foundation
import PasanDomain
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

/// A tidy CSV upload, read as a table; or why it cannot even be validated (no file, empty, not
/// UTF-8, not CSV, not comma-separated), located at the file.
struct SubmissionUploadForm {
    enum Refusal: Error {
        case noFile
        case unreadable([TidyIssue])
    }

    var table: CSVTable
    var version: Int?
    var comment: String?

    static func decode(_ form: FormData) -> Result<SubmissionUploadForm, Refusal> {
        guard let file = form.files["file"] else { return .failure(.noFile) }
        func refuse(_ expected: Message) -> Result<SubmissionUploadForm, Refusal> {
            .failure(.unreadable([TidyIssue(line: 0, column: "—", value: file.filename, expected: expected)]))
        }
        guard !file.data.isEmpty else {
            return refuse(Message("submissions.upload.empty"))
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
            SubmissionUploadForm(table: table, version: form.value("version").flatMap { Int($0) }, comment: form.value("comment"))
        )
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
