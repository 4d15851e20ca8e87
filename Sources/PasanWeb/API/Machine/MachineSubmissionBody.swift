import Foundation
import HTTPTypes
import Hummingbird
import PasanDomain
import PasanMessages

/// Tidy rows a client posts into a submission, read as the header and rows `TidyValidator`
/// takes, with the version they are based on and the comment on their warnings.
///
/// - JSON (`application/json`): `{"version": 3, "comment": "…", "rows": [{"Year": "2024",
///   "SERIES": "…", "GeoCode": "LA", "Value": "12.5"}, …]}`. A row is an object of tidy columns;
///   a value is text, a number or `null` (blank). The header is every column any row names:
///   `Year` first, `Value` last, the known columns in the template's order between them, then
///   any other (which the validator refuses by name). Rows are lines 2, 3, … for the
///   validator, and `rows[i]` for the client.
/// - CSV (`text/csv`, UTF-8): the tidy CSV of the upload form, read by the same reader
///   (`SubmissionUploadForm`); the version in `If-Match: "3"` or `?version=3`, the comment in
///   `?comment=`.
///
/// The version may come from the body, `If-Match` or `?version=`; given twice with different
/// values, the request is refused.
struct MachineSubmissionBody {
    enum Format: Sendable { case json, csv }

    var format: Format
    var header: [String]
    var rows: [(line: Int, fields: [String])]
    var version: Int?
    var comment: String?

    /// The row a validator line is, as the client counts: `rows[i]` of a JSON body, the line of a
    /// CSV file; `nil` for the header and the whole submission.
    func row(ofLine line: Int) -> Int? {
        guard line >= 2 else { return nil }
        return format == .json ? line - 2 : line
    }

    /// The longest comment a save takes (the web form's limit).
    static let maximumCommentLength = FormData.maximumFieldLength

    /// Why the body was not read: a 400, or (a CSV file that does not read) the file's problems.
    enum Refusal: Error {
        case request(APIError)
        case unreadable([TidyIssue])
    }

    static func decode(
        _ body: Data,
        contentType: String?,
        indicator: String,
        ifMatch: String?,
        queryVersion: Int?,
        queryComment: String?
    ) -> Result<MachineSubmissionBody, Refusal> {
        let media = (contentType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        var versions: [Int] = queryVersion.map { [$0] } ?? []
        if let ifMatch {
            guard let version = Self.version(ifMatch: ifMatch) else {
                return .failure(
                    .request(invalid("If-Match", Message("api_tokens.version.ifMatch", ["value": .text(TidyIssue.echo(ifMatch))])))
                )
            }
            versions.append(version)
        }
        var parsed: MachineSubmissionBody
        switch media {
        case "application/json":
            switch json(body) {
            case .success(let value): parsed = value
            case .failure(let refusal): return .failure(refusal)
            }
            if let version = parsed.version { versions.append(version) }
            if parsed.comment != nil && queryComment != nil {
                return .failure(.request(invalid("comment", Message("api_tokens.comment.twice"))))
            }
        case "text/csv":
            var form = FormData()
            form.files["file"] = FormData.File(filename: "body.csv", data: body)
            switch SubmissionUploadForm.decode(form, indicator: indicator) {
            case .success(let upload):
                parsed = MachineSubmissionBody(format: .csv, header: upload.header, rows: upload.rows, version: nil, comment: nil)
            case .failure(.noFile):
                return .failure(.unreadable([]))
            case .failure(.unreadable(let issues)):
                return .failure(.unreadable(issues))
            }
        default:
            return .failure(
                .request(
                    APIError(
                        status: .unsupportedMediaType,
                        code: "unsupported_media_type",
                        message: Message("api_tokens.body.contentType", ["type": .text(TidyIssue.echo(media.isEmpty ? "—" : media))])
                            .text(in: .en)
                    )
                )
            )
        }
        if Set(versions).count > 1 {
            let values = versions.map(String.init).joined(separator: ", ")
            return .failure(.request(invalid("version", Message("api_tokens.version.twice", ["values": .text(values)]))))
        }
        parsed.version = versions.first
        parsed.comment = parsed.comment ?? queryComment
        if let comment = parsed.comment, comment.count > maximumCommentLength {
            let problem = Message(
                "api_tokens.comment.tooLong",
                ["count": .number(comment.count), "maximum": .number(maximumCommentLength)]
            )
            return .failure(.request(invalid("comment", problem)))
        }
        return .success(parsed)
    }

    /// `If-Match: "3"` (also `W/"3"` or `3`): the version the rows are based on.
    static func version(ifMatch: String) -> Int? {
        var text = ifMatch.trimmingSpaces
        if text.hasPrefix("W/") { text.removeFirst(2) }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
        guard !text.isEmpty, text.allSatisfy(\.isASCII), let version = Int(text), version >= 0 else { return nil }
        return version
    }

    static func invalid(_ parameter: String, _ problem: Message) -> APIError {
        APIError(status: .badRequest, code: "invalid_parameter", message: problem.text(in: .en), parameter: parameter)
    }

    // MARK: JSON

    /// A value of a row: text, a number (as written by the encoder: `12.5`, `3`) or blank.
    enum Cell: Decodable {
        case text(String)

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() {
                self = .text("")
            } else if let text = try? c.decode(String.self) {
                self = .text(text)
            } else if let whole = try? c.decode(Int.self) {
                self = .text(String(whole))
            } else if let number = try? c.decode(Double.self), number.isFinite {
                self = .text("\(number)")
            } else {
                throw DecodingError.typeMismatch(
                    String.self,
                    .init(codingPath: c.codingPath, debugDescription: Message("api_tokens.body.cell").text(in: .en))
                )
            }
        }

        var text: String {
            switch self {
            case .text(let text): text
            }
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The JSON body: `rows`, and optionally `version` and `comment`; nothing else.
    struct Payload: Decodable {
        var version: Int?
        var comment: String?
        var rows: [[String: Cell]]

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            for key in c.allKeys where !["version", "comment", "rows"].contains(key.stringValue) {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: [key],
                        debugDescription: Message("api_tokens.body.unknownField", ["field": .text(TidyIssue.echo(key.stringValue))])
                            .text(in: .en)
                    )
                )
            }
            version = try c.decodeIfPresent(Int.self, forKey: Key(stringValue: "version"))
            if let version, version < 0 {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: [Key(stringValue: "version")], debugDescription: Message("api_tokens.body.version").text(in: .en))
                )
            }
            comment = try c.decodeIfPresent(String.self, forKey: Key(stringValue: "comment"))?.trimmingSpaces
            if comment?.isEmpty == true { comment = nil }
            rows = try c.decode([[String: Cell]].self, forKey: Key(stringValue: "rows"))
        }
    }

    static func json(_ body: Data) -> Result<MachineSubmissionBody, Refusal> {
        let payload: Payload
        do {
            payload = try JSONDecoder().decode(Payload.self, from: body)
        } catch let error as DecodingError {
            return .failure(.request(refusal(error)))
        } catch {
            return .failure(.request(bodyError(Message("api_tokens.body.notJSON"))))
        }
        let known = ["SERIES", "UNIT_MEASURE"] + TidyFormat.dimensions.keys.sorted() + TidyFormat.attributeColumns + ["GeoCode"]
        let named = Set(payload.rows.flatMap(\.keys))
        let others = named.subtracting(known + ["Year", "Value"]).sorted()
        let header = ["Year"] + known.filter(named.contains) + others + ["Value"]
        let rows = payload.rows.enumerated().map { index, row in
            (line: index + 2, fields: header.map { row[$0]?.text ?? "" })
        }
        return .success(
            MachineSubmissionBody(format: .json, header: header, rows: rows, version: payload.version, comment: payload.comment)
        )
    }

    /// A body that is not the JSON this operation takes: where (`rows[3].Value`) and why.
    static func refusal(_ error: DecodingError) -> APIError {
        func location(_ path: [any CodingKey]) -> String {
            let text = path.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }.joined()
            return text.hasPrefix(".") ? String(text.dropFirst()) : (text.isEmpty ? "—" : text)
        }
        switch error {
        case .keyNotFound(let key, let context):
            return bodyError(Message("api_tokens.body.missing", ["field": .text(location(context.codingPath + [key]))]))
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            // A value inside a row (rows[3].Value), or the body's own shape.
            let expected = context.codingPath.count >= 3 ? Message("api_tokens.body.cell") : Message("api_tokens.body.shape")
            return bodyError(
                Message("api_tokens.body.type", ["location": .text(location(context.codingPath)), "expected": .message(expected)])
            )
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return bodyError(
                Message(
                    "api_tokens.body.field",
                    ["location": .text(location(context.codingPath)), "problem": .text(context.debugDescription)]
                )
            )
        default:
            return bodyError(Message("api_tokens.body.notJSON"))
        }
    }

    static func bodyError(_ message: Message) -> APIError {
        APIError(status: .badRequest, code: "invalid_body", message: message.text(in: .en), parameter: nil)
    }
}
