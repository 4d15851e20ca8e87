import Foundation
import PasanDomain

/// The CSV that DHIS2 writes and that people write for it, split into records: RFC 4180 (quoted
/// fields, doubled quotes, CRLF or LF, a quoted field across lines), and lenient where DHIS2's own
/// files are: spaces or tabs around a field (`"de",    "2017-01"`) are dropped, the last line may
/// lack its line end, a UTF-8 byte order mark is skipped. Blank lines are skipped. Unlike
/// `CSVTable`, a line starting with `#` is data (DHIS2 has no comments), and problems are
/// catalogue messages, all of them collected.
enum DHIS2CSV {
    struct Record {
        /// The line the record starts on.
        var line: Int
        var fields: [String]
    }

    /// The records of `data`, or every problem (not UTF-8, a stray or unclosed quote).
    static func records(_ data: Data, file: String) throws -> [Record] {
        if let problem = DHIS2Limits.sizeProblem(data, file: file) { throw ExchangeProblems([problem]) }
        var problems: [ExchangeProblem] = []
        let records = data.withUnsafeBytes { raw in parse(raw.bindMemory(to: UInt8.self), file: file, problems: &problems) }
        if !problems.isEmpty { throw ExchangeProblems(problems) }
        return records
    }

    /// Splits the bytes on ASCII delimiters (UTF-8 never uses ASCII bytes inside a character);
    /// each field's bytes are checked as UTF-8 when they are not ASCII.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, problems: inout [ExchangeProblem]) -> [Record] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var records: [Record] = []
        var fields: [String] = []
        var field: [UInt8] = []
        field.reserveCapacity(64)
        // Spaces seen after a field's text: kept only if more text follows.
        var pendingSpaces = 0
        var inQuotes = false
        var quoted = false
        var afterQuote = false
        var broken = false
        var badText = false
        var line = 1
        var recordLine = 1
        var index = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }

        func endField() {
            if !field.contains(where: { $0 >= 0x80 }) {
                fields.append(String(decoding: field, as: UTF8.self))
            } else if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                if !badText { problems.append(ExchangeProblem(file: file, line: line, expected: Message("dhis2_exchange.csv.utf8"))) }
                badText = true
                fields.append("")
            }
            field.removeAll(keepingCapacity: true)
            pendingSpaces = 0
            afterQuote = false
        }
        func endRecord() {
            let blank = fields.isEmpty && field.isEmpty && !quoted
            endField()
            if !blank && !broken { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            quoted = false
            broken = false
            recordLine = line + 1
        }
        func stray() {
            if !broken {
                problems.append(ExchangeProblem(file: file, line: line, found: "\"", expected: Message("dhis2_exchange.csv.quote")))
            }
            broken = true
        }

        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == quote {
                    if index < bytes.count, bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case space, tab:
                // Leading spaces are dropped; trailing ones wait to see whether text follows.
                if !field.isEmpty && !afterQuote { pendingSpaces += 1 }
            case quote:
                if field.isEmpty && !afterQuote {
                    inQuotes = true
                    quoted = true
                } else {
                    stray()
                }
            case comma:
                endField()
            case cr:
                if index < bytes.count, bytes[index] == lf { index += 1 }
                endRecord()
                line += 1
            case lf:
                endRecord()
                line += 1
            default:
                if afterQuote { stray() }
                if pendingSpaces > 0 {
                    // The spaces themselves: find them again just before this byte.
                    field.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(index - 1 - pendingSpaces)..<(index - 1)]))
                    pendingSpaces = 0
                }
                field.append(byte)
            }
        }
        if inQuotes {
            problems.append(
                ExchangeProblem(file: file, line: recordLine, found: "\"", expected: Message("dhis2_exchange.csv.unclosedQuote"))
            )
            return records
        }
        if !fields.isEmpty || !field.isEmpty || quoted { endRecord() }
        return records
    }
}
