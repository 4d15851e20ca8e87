import Foundation
import PasanDomain
import PasanMessages
import PasanStorage

/// One problem of the validation report, as the machine API answers it: where (`row`, `column`),
/// what was sent (`value`), and what was expected — as text in the report's language (`message`)
/// and as the catalogue's `key` and `arguments`, so a client can show it in its own words.
struct APIValidationIssue: Codable, Sendable, Hashable {
    /// The row the problem is in: for a JSON body the index in `rows` (from 0), for CSV the
    /// line of the file (the header is line 1), for a submission's stored values the index in
    /// `values`; `null` for the header or the whole submission (a requested year without values).
    var row: Int?
    var column: String
    var value: String
    var message: String
    var key: String
    var arguments: [String: String]

    init(_ issue: TidyIssue, row: Int?, language: Language) {
        self.row = row
        column = issue.column
        value = issue.value
        message = issue.expected.text(in: language)
        key = issue.expected.key
        arguments = issue.expected.arguments.mapValues { Self.text($0, language) }
        if let count = issue.expected.count { arguments["count"] = String(count) }
    }

    /// An argument as plain text: codes and numbers as written (ASCII digits), days as ISO
    /// dates, texts and nested messages in the report's language.
    static func text(_ argument: MessageArgument, _ language: Language) -> String {
        switch argument {
        case .text(let text): text
        case .number(let n): String(n)
        case .localized(let text): text.text(in: language)
        case .message(let message): message.text(in: language)
        case .date(let day): day.description
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(row, forKey: .row)
        try c.encode(column, forKey: .column)
        try c.encode(value, forKey: .value)
        try c.encode(message, forKey: .message)
        try c.encode(key, forKey: .key)
        try c.encode(arguments, forKey: .arguments)
    }
}

/// The validation report of tidy rows: `valid` when nothing blocks a save; errors block it,
/// warnings need a comment.
struct APIValidationReport: Codable, Sendable, Hashable {
    var language: String
    var valid: Bool
    var errors: [APIValidationIssue]
    var warnings: [APIValidationIssue]

    /// `row` says which row a validator line is (`nil`: none).
    init(_ result: TidyResult, language: Language, row: (Int) -> Int?) {
        self.init(errors: result.errors, warnings: result.warnings, language: language, row: row)
    }

    init(errors: [TidyIssue], warnings: [TidyIssue], language: Language, row: (Int) -> Int?) {
        self.language = language.rawValue
        valid = errors.isEmpty
        self.errors = errors.map { APIValidationIssue($0, row: row($0.line), language: language) }
        self.warnings = warnings.map { APIValidationIssue($0, row: row($0.line), language: language) }
    }
}

/// `GET /api/v1/submissions/{cycle}/{institution}/{indicator}`: where the submission is, its
/// values as tidy rows, and their validation report today.
struct APISubmission: Codable, Sendable {
    var cycle: Int64
    var institution: String
    var indicator: String
    /// `null` when nothing was saved yet.
    var state: String?
    var revision: Int
    /// What a save must name (`version` in the body, `If-Match`, or `?version=`); 0 before the
    /// first save.
    var version: Int
    var updatedAt: String?
    var deadline: String
    var acceptsSubmissions: Bool
    var values: [[String: String]]
    var report: APIValidationReport

    enum CodingKeys: String, CodingKey {
        case cycle, institution, indicator, state, revision, version, deadline, values, report
        case updatedAt = "updated_at"
        case acceptsSubmissions = "accepts_submissions"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cycle, forKey: .cycle)
        try c.encode(institution, forKey: .institution)
        try c.encode(indicator, forKey: .indicator)
        try c.encode(state, forKey: .state)
        try c.encode(revision, forKey: .revision)
        try c.encode(version, forKey: .version)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(deadline, forKey: .deadline)
        try c.encode(acceptsSubmissions, forKey: .acceptsSubmissions)
        try c.encode(values, forKey: .values)
        try c.encode(report, forKey: .report)
    }
}

/// What a save answers: the submission's new version and what was saved, with the report (its
/// warnings, which the comment answered).
struct APISubmissionReceipt: Codable, Sendable {
    var cycle: Int64
    var institution: String
    var indicator: String
    var state: String
    var revision: Int
    var version: Int
    var saved: Int
    var report: APIValidationReport
}

/// A refusal that comes with the validation report (422: rows with errors, or warnings
/// without a comment; nothing was written).
struct APIValidationFailure: Codable, Sendable {
    var error: APIErrorBody.Detail
    var report: APIValidationReport
}
