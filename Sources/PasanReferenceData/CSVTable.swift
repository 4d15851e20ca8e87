import Foundation
import PasanDomain

/// A parsed CSV file (RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends).
///
/// Lines starting with `#` before or between records are provenance comments and are skipped.
/// Each record remembers the line it starts on, so problems can be reported by line.
public struct CSVTable: Sendable {
    public struct Record: Sendable {
        public var line: Int
        public var fields: [String]
    }

    public var file: String
    public var header: [String]
    public var records: [Record]
    private var index: [String: Int]

    /// Parses `text`; `file` names the file in error messages.
    public init(text: String, file: String) throws(DataFileIssue) {
        self.file = file
        var text = text
        // Read as UTF-8 bytes: every character with a meaning here (quote, comma, line ends, `#`)
        // is ASCII, and no byte of a longer UTF-8 sequence is, so a field ends only between
        // characters.
        let rows = try text.withUTF8 { bytes in Self.records(bytes, file: file) }.get()
        guard let first = rows.first else {
            throw DataFileIssue(file: file, line: nil, column: nil, message: "the file is empty; expected a header row")
        }
        header = first.fields.map { $0.trimmingSpaces }
        records = Array(rows.dropFirst())
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        self.index = index
    }

    private static func records(_ bytes: UnsafeBufferPointer<UInt8>, file: String) -> Result<[Record], DataFileIssue> {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var rows: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(64)
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var atRecordStart = true
        var skippingComment = false
        var fieldWasQuoted = false
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0  // a byte order mark

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                rows.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            fieldWasQuoted = false
            atRecordStart = true
        }

        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if skippingComment {
                if c == lf { skippingComment = false; line += 1 }
                continue
            }
            if atRecordStart {
                recordLine = line
                if c == UInt8(ascii: "#") { skippingComment = true; continue }
                atRecordStart = false
            }
            if inQuotes {
                if c == quote {
                    if i < bytes.count && bytes[i] == quote { field.append(quote); i += 1 } else { inQuotes = false }
                } else {
                    if c == lf { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case quote:
                guard field.isEmpty else {
                    return .failure(DataFileIssue(file: file, line: line, column: nil, message: "a quote appears inside an unquoted field"))
                }
                inQuotes = true; fieldWasQuoted = true
            case comma:
                endField()
            case cr:
                if i < bytes.count && bytes[i] == lf { i += 1 }
                endRecord(); line += 1
            case lf:
                endRecord(); line += 1
            default:
                field.append(c)
            }
        }
        if inQuotes {
            return .failure(
                DataFileIssue(file: file, line: recordLine, column: nil, message: "a quoted field is not closed before the end of the file")
            )
        }
        if !atRecordStart || !field.isEmpty || !fields.isEmpty { endRecord() }
        return .success(rows)
    }

    /// Reads a CSV file from disk.
    public init(contentsOf url: URL, file: String? = nil) throws(DataFileIssue) {
        let name = file ?? url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DataFileIssue(file: name, line: nil, column: nil, message: "cannot be read (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DataFileIssue(file: name, line: nil, column: nil, message: "is not valid UTF-8 text")
        }
        try self.init(text: text, file: name)
    }

    /// Checks that every named column is present.
    public func requireColumns(_ names: [String]) throws(DataFileIssue) {
        let missing = names.filter { index[$0] == nil }
        if !missing.isEmpty {
            throw DataFileIssue(
                file: file,
                line: 1,
                column: missing.joined(separator: ", "),
                message: "missing column\(missing.count == 1 ? "" : "s"); the header has: \(header.joined(separator: ", "))"
            )
        }
    }

    public func columnIndex(_ name: String) -> Int? { index[name] }

    /// Walks the records with a reader that collects problems instead of stopping at the first.
    public func rows(_ body: (inout RowReader) -> Void) -> [DataFileIssue] {
        var issues: [DataFileIssue] = []
        for record in records {
            var reader = RowReader(table: self, record: record)
            if record.fields.count != header.count {
                issues.append(
                    DataFileIssue(
                        file: file,
                        line: record.line,
                        column: nil,
                        message: "has \(record.fields.count) fields; expected \(header.count) like the header"
                    )
                )
                continue
            }
            body(&reader)
            issues += reader.issues
        }
        return issues
    }
}

/// Typed access to one record, collecting a problem for every field that is not as expected.
public struct RowReader {
    let table: CSVTable
    public let record: CSVTable.Record
    public private(set) var issues: [DataFileIssue] = []

    public var line: Int { record.line }

    /// The trimmed value of `column`, `nil` when empty.
    public func optional(_ column: String) -> String? {
        guard let i = table.columnIndex(column), i < record.fields.count else { return nil }
        let value = record.fields[i].trimmingSpaces
        return value.isEmpty ? nil : value
    }

    /// The value of `column`; records a problem and returns "" when it is empty.
    public mutating func required(_ column: String) -> String {
        if let value = optional(column) { return value }
        fail(column, "is empty; a value is required")
        return ""
    }

    /// An integer in `column`; records a problem when it is not one.
    public mutating func integer(_ column: String, in range: ClosedRange<Int>? = nil) -> Int? {
        guard let text = optional(column) else { fail(column, "is empty; expected a whole number"); return nil }
        guard let value = Int(text), range.map({ $0.contains(value) }) ?? true else {
            let expected = range.map { "a whole number from \($0.lowerBound) to \($0.upperBound)" } ?? "a whole number"
            fail(column, "has \"\(text)\"; expected \(expected)")
            return nil
        }
        return value
    }

    /// A decimal number in `column`.
    public mutating func number(_ column: String) -> Double? {
        guard let text = optional(column) else { fail(column, "is empty; expected a number"); return nil }
        guard let value = Double(text), value.isFinite else { fail(column, "has \"\(text)\"; expected a number"); return nil }
        return value
    }

    /// One of a fixed set of values.
    public mutating func oneOf<T: RawRepresentable>(_ column: String, _ type: T.Type) -> T? where T.RawValue == String, T: CaseIterable {
        let text = required(column)
        guard !text.isEmpty else { return nil }
        guard let value = T(rawValue: text) else {
            fail(column, "has \"\(text)\"; expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return value
    }

    /// A `YYYY-MM-DD` date, or nil when empty.
    public mutating func date(_ column: String) -> LocalDate? {
        guard let text = optional(column) else { return nil }
        guard let date = LocalDate(iso: text) else { fail(column, "has \"\(text)\"; expected a date as YYYY-MM-DD"); return nil }
        return date
    }

    /// A code of digits of exactly `length` characters (leading zeros kept).
    public mutating func digits(_ column: String, length: Int) -> String {
        let text = required(column)
        if !text.isEmpty && (text.count != length || !text.allSatisfy(\.isASCII) || !text.allSatisfy(\.isNumber)) {
            fail(column, "has \"\(text)\"; expected a \(length)-digit code")
        }
        return text
    }

    public mutating func fail(_ column: String?, _ message: String) {
        issues.append(DataFileIssue(file: table.file, line: record.line, column: column, message: message))
    }
}
