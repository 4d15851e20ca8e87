import Foundation
import PasanDomain
import PasanMessages
import PasanReferenceData

/// The activity form: the activity file's columns, and why a stored activity is corrected.
/// Read as a one-row activity file is (`ActivityFile`), so the form and files share every rule.
struct ActivityForm: Sendable {
    /// The file's columns as the form gave them (`illustrative` is `true` or `false`).
    var fields: [String: String]
    var reason: String?

    static func decode(_ form: FormData) -> ActivityForm {
        var fields: [String: String] = [:]
        for column in ActivityFile.columns where column != "illustrative" {
            fields[column] = form.value(column) ?? ""
        }
        fields["illustrative"] = form.value("illustrative") == nil ? "false" : "true"
        return ActivityForm(fields: fields, reason: form.value("reason"))
    }

    /// The form's activity, read as a one-row file named `form`, with the problems found.
    func read(institutions: [String: LocalizedText], origin: ActivityOrigin = .app) -> ActivityFile.Reading {
        // Text areas may hold one place per line: `;` separates them in the file.
        var cells = fields
        for column in ["areas", "sectors", "sdg_targets", "sdg_indicators", "partners", "funders"] {
            // Names of organisations may hold commas; codes do not.
            let separators: Set<Character> =
                column == "partners" || column == "funders" ? ["\n", "\r", "\r\n", ";"] : ["\n", "\r", "\r\n", ";", ","]
            cells[column] = (cells[column] ?? "").split(whereSeparator: { separators.contains($0) })
                .map { String($0).trimmingSpaces }.filter { !$0.isEmpty }.joined(separator: ";")
        }
        var reading = ActivityFile.read(
            header: ActivityFile.columns,
            headerLine: 1,
            rows: [(line: 2, fields: ActivityFile.columns.map { cells[$0] ?? "" })],
            file: "form",
            institutions: institutions,
            origin: origin
        )
        for index in reading.activities.indices { reading.activities[index].sourceFile = nil }
        return reading
    }

    /// The form's fields of a stored activity.
    static func fields(of activity: Activity) -> [String: String] {
        guard let row = ActivityFile.rows([activity]).first else { return [:] }
        var fields = Dictionary(zip(ActivityFile.columns, row), uniquingKeysWith: { a, _ in a })
        // The form shows one place, sector or code a line.
        for column in ["areas", "sdg_targets", "sdg_indicators"] {
            fields[column] = (fields[column] ?? "").replacingOccurrences(of: ";", with: "; ")
        }
        return fields
    }
}

/// An uploaded activity file (CSV, XLSX or IATI XML), or — on confirmation — the file sent back
/// by the preview (base64), with the reason for the import.
struct ActivityUploadForm: Sendable {
    var filename: String
    var data: Data
    var confirm: Bool
    var reason: String?

    static func decode(_ form: FormData) -> Result<ActivityUploadForm, FormProblems> {
        // The preview sends the file back in parts (`content_0`, …); base64 holds no spaces, so a
        // `+` read as a space by a URL-encoded form is put back.
        var parts: [String] = []
        while let part = form.fields["content_\(parts.count)"] { parts.append(part) }
        if form.value("confirm") != nil, !parts.isEmpty,
            let data = Data(base64Encoded: parts.joined().replacingOccurrences(of: " ", with: "+"))
        {
            return .success(
                ActivityUploadForm(
                    filename: form.value("filename") ?? "activities",
                    data: data,
                    confirm: true,
                    reason: form.value("reason")
                )
            )
        }
        guard let file = form.files["file"], !file.data.isEmpty else {
            return .failure(FormProblems([Message("activities.import.chooseFile")]))
        }
        return .success(ActivityUploadForm(filename: file.filename, data: file.data, confirm: false, reason: form.value("reason")))
    }
}

/// A decision on a place proposed by name.
struct LocationDecisionForm: Sendable {
    var confirm: Bool

    static func decode(_ form: FormData) -> Result<LocationDecisionForm, FormProblems> {
        switch form.value("decision") {
        case "confirm": .success(LocationDecisionForm(confirm: true))
        case "decline": .success(LocationDecisionForm(confirm: false))
        default: .failure(FormProblems([Message("activities.locations.chooseDecision")]))
        }
    }
}
