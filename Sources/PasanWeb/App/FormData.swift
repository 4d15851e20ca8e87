import Foundation
import Hummingbird
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

    static func multipart(_ body: Data, boundary: String) -> FormData {
        var form = FormData()
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var position = body.startIndex
        var parts: [Range<Data.Index>] = []
        var previous: Data.Index?
        while let range = body.range(of: delimiter, in: position..<body.endIndex) {
            if let start = previous { parts.append(start..<range.lowerBound) }
            previous = range.upperBound
            position = range.upperBound
        }
        for range in parts {
            var part = body[range]
            if part.starts(with: Data("\r\n".utf8)) { part = part.dropFirst(2) }
            if part.suffix(2) == Data("\r\n".utf8) { part = part.dropLast(2) }
            guard let split = part.range(of: headerEnd) else { continue }
            let headers = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
            let content = Data(part[split.upperBound..<part.endIndex])
            var name: String?
            var filename: String?
            for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition") {
                for item in line.split(separator: ";") {
                    let kv = item.trimmingCharacters(in: .whitespaces)
                    if kv.hasPrefix("name=") { name = String(kv.dropFirst(5)).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                    if kv.hasPrefix("filename=") {
                        filename = String(kv.dropFirst(9)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                    }
                }
            }
            guard let name else { continue }
            if let filename {
                form.files[name] = File(filename: filename, data: content)
            } else {
                form.fields[name] = String(decoding: content, as: UTF8.self)
            }
        }
        return form
    }
}
