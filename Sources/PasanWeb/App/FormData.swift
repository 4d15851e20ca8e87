import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import PasanDomain
import PasanMessages

/// A submitted form: `application/x-www-form-urlencoded` fields, or `multipart/form-data` fields
/// and files.
public struct FormData: Sendable {
    public struct File: Sendable {
        public var filename: String
        public var data: Data
    }

    public var fields: [String: String] = [:]
    public var files: [String: File] = [:]

    public subscript(_ name: String) -> String? { fields[name] }

    /// The trimmed value, `nil` when empty.
    public func value(_ name: String) -> String? {
        guard let v = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        return v
    }

    public init() {}

    /// The longest text a form field may hold (comments, notes, reasons, justifications), in
    /// characters. Values and sources inside tidy data have their own, smaller limit
    /// (`TidyFormat.maximumTextLength`).
    public static let maximumFieldLength = 5_000

    /// The first field (by name) longer than `maximumFieldLength`, with its length.
    func tooLongField() -> (name: String, length: Int)? {
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) where value.utf8.count > Self.maximumFieldLength {
            let length = value.count
            if length > Self.maximumFieldLength { return (name, length) }
        }
        return nil
    }

    /// What a field is called on the page, for messages about it (the name itself, shortened,
    /// when it is not one of the free-text fields).
    static func label(of name: String, in l: Language) -> String {
        let label: Message? =
            switch name {
            case "comment": Message("app.form.field.comment")
            case "reason": Message("app.form.field.reason")
            case "body", "note": Message("app.form.field.note")
            case "justification": Message("app.form.field.justification")
            case "purpose": Message("app.form.field.purpose")
            case "name": Message("app.term.name")
            case "name_en": Message("app.form.field.nameEnglish")
            case "name_lo": Message("app.form.field.nameLao")
            default: nil
            }
        return label?.text(in: l) ?? TidyIssue.echo(name)
    }

    /// 12345 → "12,345".
    static func grouped(_ n: Int) -> String {
        var digits = String(n.magnitude)
        var out = ""
        while digits.count > 3 {
            out = "," + digits.suffix(3) + out
            digits.removeLast(3)
        }
        return (n < 0 ? "-" : "") + digits + out
    }

    /// Parses the body according to its content type; `nil` for other types.
    public static func parse(contentType: String?, body: Data) -> FormData? {
        guard let contentType else { return nil }
        let kind = contentType.lowercased()
        if kind.hasPrefix("application/x-www-form-urlencoded") {
            var form = FormData()
            for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = decode(String(parts[0]))
                form.fields[key] = parts.count > 1 ? decode(String(parts[1])) : ""
            }
            return form
        }
        // The boundary is case-sensitive: only the media type is compared in lower case.
        if kind.hasPrefix("multipart/form-data"), let boundary = boundary(of: contentType) {
            return multipart(body, boundary: boundary)
        }
        return nil
    }

    static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }

    static func boundary(of contentType: String) -> String? {
        for part in contentType.split(separator: ";") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            if trimmed.lowercased().hasPrefix("boundary=") {
                return String(trimmed.dropFirst("boundary=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// The fields and files of a `multipart/form-data` body, read by MultipartKit's parser (a
    /// boundary counts only at the start of a line, as RFC 2046 says). A body that does not
    /// parse yields the parts read before the fault, which the form then finds missing; a header
    /// name that is not ASCII is such a fault (`MultipartHeaderGuard`).
    static func multipart(_ body: Data, boundary: String) -> FormData {
        var form = FormData()
        guard !boundary.isEmpty else { return form }
        let parser = MultipartParser(boundary: boundary)
        var headers: [(String, String)] = []
        var content = ByteBuffer()
        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in content.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
            let parameters = Self.dispositionParameters(disposition)
            if let name = parameters["name"] {
                let data = Data(content.readableBytesView)
                if let filename = parameters["filename"] {
                    form.files[name] = File(filename: filename, data: data)
                } else {
                    form.fields[name] = String(decoding: data, as: UTF8.self)
                }
            }
            headers = []
            content = ByteBuffer()
        }
        // Up to a header name MultipartKit cannot read without ending the process (MultipartHeaderGuard).
        let readable = MultipartHeaderGuard.firstUnsafeOffset(in: body, boundary: boundary) ?? body.count
        try? parser.execute(ByteBuffer(bytes: body.prefix(readable)))
        return form
    }

    /// The parameters of a `Content-Disposition` value: `form-data; name="file"; filename="a.csv"`.
    static func dispositionParameters(_ value: String) -> [String: String] {
        var parameters: [String: String] = [:]
        for item in value.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            let key = pair[0].trimmingCharacters(in: .whitespaces).lowercased()
            parameters[key] = pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return parameters
    }
}
