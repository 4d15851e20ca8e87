import Foundation
import PasanDomain

/// How much the DHIS2 readers take: a file over `maximumBytes` is refused before it is read, and
/// JSON nested deeper than `maximumDepth` is refused while it is read (DHIS2's own answers nest
/// five or six levels; a hostile file nests thousands).
public enum DHIS2Limits {
    /// 200 MB: a data value set of a million values is about 250 bytes a value.
    public static let maximumBytes = 200 * 1024 * 1024
    public static let maximumDepth = 64

    /// The problem of a file over `maximumBytes`, or `nil`.
    static func sizeProblem(_ data: Data, file: String) -> ExchangeProblem? {
        guard data.count > maximumBytes else { return nil }
        return ExchangeProblem(
            file: file,
            found: SafeUnzip.megabytes(Int64(data.count)) + " MB",
            expected: Message("dhis2_exchange.file.tooLarge", ["megabytes": .text(SafeUnzip.megabytes(Int64(maximumBytes)))])
        )
    }
}

/// A JSON document as the DHIS2 readers walk it. Numbers are kept as written (`115.0`, `1e400`):
/// DHIS2 carries values as text, so a number read as a value loses nothing and no number is too
/// large to hold. Object members keep their order.
enum JSONNode: Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONNode])
    case object([(key: String, value: JSONNode)])

    /// The first member named `key` of an object; `nil` for a missing member or a non-object.
    subscript(key: String) -> JSONNode? {
        guard case .object(let members) = self else { return nil }
        for member in members where member.key == key { return member.value }
        return nil
    }

    /// The node for a problem's "found": its text for a scalar, its kind for a container.
    var echo: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return "\"\(text)\""
        case .array: return "[…]"
        case .object: return "{…}"
        }
    }

    /// A scalar as DHIS2 text: a string as it is, a number as written, a boolean as `true` or
    /// `false`; `nil` for null and for containers.
    var scalarText: String? {
        switch self {
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .null, .array, .object: return nil
        }
    }
}

/// Where and why a text stopped being JSON.
struct JSONSyntaxError: Error {
    enum Reason { case syntax, tooDeep, encoding }
    /// Byte offset in the document.
    var offset: Int
    var reason: Reason
}

/// A strict JSON parser (RFC 8259) over the bytes of a document: UTF-8 checked, nesting bounded,
/// numbers kept as written. Written for speed (a data value set of 100,000 values, 25 MB, in a
/// fraction of a second) and so no input can exhaust the stack.
enum JSONDocument {
    static func parse(_ data: Data, maximumDepth: Int = DHIS2Limits.maximumDepth) throws(JSONSyntaxError) -> JSONNode {
        let result: Result<JSONNode, JSONSyntaxError> = data.withUnsafeBytes { raw in
            var scanner = JSONScanner(bytes: raw.bindMemory(to: UInt8.self), maximumDepth: maximumDepth)
            do throws(JSONSyntaxError) {
                return .success(try scanner.document())
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Parses `data` into a node, or the problem that says why the file is not JSON (with its line).
    static func read(_ data: Data, file: String) -> Result<JSONNode, ExchangeProblems> {
        if let problem = DHIS2Limits.sizeProblem(data, file: file) { return .failure(ExchangeProblems([problem])) }
        do {
            return .success(try parse(data))
        } catch {
            return .failure(ExchangeProblems([problem(error, in: data, file: file)]))
        }
    }

    /// The problem of a syntax error: the line, the column (in characters) and a few characters
    /// from where the text stops being JSON.
    static func problem(_ error: JSONSyntaxError, in data: Data, file: String) -> ExchangeProblem {
        let offset = min(error.offset, data.count)
        let before = data.prefix(offset)
        let line = before.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? data.startIndex
        let column = String(decoding: data[lineStart..<(data.startIndex + offset)], as: UTF8.self).count + 1
        let found = String(decoding: data[(data.startIndex + offset)...].prefix(24), as: UTF8.self)
        let expected: Message
        switch error.reason {
        case .syntax: expected = Message("dhis2_exchange.json.syntax")
        case .tooDeep: expected = Message("dhis2_exchange.json.tooDeep", ["depth": .number(DHIS2Limits.maximumDepth)])
        case .encoding: expected = Message("dhis2_exchange.json.utf8")
        }
        return ExchangeProblem(file: file, line: line, location: "column \(column)", found: found.isEmpty ? nil : found, expected: expected)
    }
}

private struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    var index = 0
    var depth = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    mutating func document() throws(JSONSyntaxError) -> JSONNode {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        let node = try value()
        skipSpace()
        guard index == bytes.count else { throw fail() }
        return node
    }

    func fail(_ reason: JSONSyntaxError.Reason = .syntax) -> JSONSyntaxError {
        JSONSyntaxError(offset: index, reason: reason)
    }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func value() throws(JSONSyntaxError) -> JSONNode {
        skipSpace()
        guard index < bytes.count else { throw fail() }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fail()
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail() }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw fail() }
        index += count
    }

    mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        guard depth <= maximumDepth else { throw fail(.tooDeep) }
        index += 1
    }

    mutating func object() throws(JSONSyntaxError) -> JSONNode {
        try enter()
        var members: [(key: String, value: JSONNode)] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail() }
            let key = try string()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail() }
            index += 1
            members.append((key, try value()))
            skipSpace()
            guard index < bytes.count else { throw fail() }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(members)
            } else {
                throw fail()
            }
        }
    }

    mutating func array() throws(JSONSyntaxError) -> JSONNode {
        try enter()
        var items: [JSONNode] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(items)
        }
        while true {
            items.append(try value())
            skipSpace()
            guard index < bytes.count else { throw fail() }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(items)
            } else {
                throw fail()
            }
        }
    }

    /// A string starting at the opening quote. Without escapes the bytes are taken as they are
    /// (checked as UTF-8 when not ASCII); with escapes they are copied and unescaped.
    mutating func string() throws(JSONSyntaxError) -> String {
        index += 1
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try makeString(UnsafeBufferPointer(rebasing: bytes[start..<index]), ascii: ascii, at: start)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            if byte < 0x20 { throw fail() }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw fail()
    }

    func makeString(_ slice: UnsafeBufferPointer<UInt8>, ascii: Bool, at offset: Int) throws(JSONSyntaxError) -> String {
        if ascii { return String(decoding: slice, as: UTF8.self) }
        guard let text = String(validating: slice, as: UTF8.self) else { throw JSONSyntaxError(offset: offset, reason: .encoding) }
        return text
    }

    mutating func escapedString(from start: Int) throws(JSONSyntaxError) -> String {
        var buffer = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: buffer, as: UTF8.self) else { throw JSONSyntaxError(offset: start, reason: .encoding) }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw fail() }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(escape)
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"):
                    var unit = try hex4()
                    if (0xD800...0xDBFF).contains(unit) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw fail()
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail() }
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(unit) {
                        throw fail()
                    }
                    guard let scalar = Unicode.Scalar(unit) else { throw fail() }
                    buffer.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    index -= 1
                    throw fail()
                }
            default:
                if byte < 0x20 { throw fail() }
                buffer.append(byte)
                index += 1
            }
        }
        throw fail()
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail() }
        var unit: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail()
            }
            unit = unit << 4 | UInt32(digit)
            index += 1
        }
        return unit
    }

    /// A number by JSON's grammar (`-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`), as written.
    mutating func number() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw fail() }
        if bytes[index] == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail() }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw fail() }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }
}

/// Reads typed fields out of JSON nodes, collecting a problem (located like `dataValues[3].period`)
/// for every field of the wrong kind instead of stopping at the first.
struct JSONFieldReader {
    var file: String
    var problems: [ExchangeProblem] = []

    init(file: String) { self.file = file }

    mutating func fail(_ path: String, _ node: JSONNode?, _ expected: Message) {
        problems.append(ExchangeProblem(file: file, location: path.isEmpty ? nil : path, found: node?.echo, expected: expected))
    }

    /// Paths are made only for a problem: a 100,000-value file makes none while it reads.
    mutating func fail(_ path: () -> String, _ node: JSONNode?, _ expected: Message) {
        fail(path(), node, expected)
    }

    /// A text (a string, or a number as written: codes and periods may come as numbers); `nil`
    /// when missing or null. Booleans and containers are problems.
    mutating func text(_ node: JSONNode?, at path: @autoclosure () -> String) -> String? {
        switch node {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case .number(let text)?: return text
        case .bool?, .array?, .object?:
            fail(path, node, Message("dhis2_exchange.json.text"))
            return nil
        }
    }

    /// A boolean: JSON `true`/`false`, or a text DHIS2 reads as one (`"true"`, `"F"`, `"1"`…).
    mutating func bool(_ node: JSONNode?, at path: @autoclosure () -> String) -> Bool? {
        switch node {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case .string(let text)?:
            if let value = DHIS2Boolean.parse(text) { return value }
        case .number(let text)?:
            if let value = DHIS2Boolean.parse(text) { return value }
        case .array?, .object?: break
        }
        fail(path, node, Message("dhis2_exchange.json.boolean"))
        return nil
    }

    /// A whole number (a JSON number or a text of digits) that fits in an `Int`.
    mutating func integer(_ node: JSONNode?, at path: @autoclosure () -> String) -> Int? {
        switch node {
        case nil, .null?: return nil
        case .number(let text)?, .string(let text)?:
            if let value = Int(text) { return value }
            if let value = Double(text), value == value.rounded(), abs(value) < 1e15 { return Int(value) }
        case .bool?, .array?, .object?: break
        }
        fail(path, node, Message("dhis2_exchange.json.integer"))
        return nil
    }

    /// The members of an object, or a problem.
    mutating func object(_ node: JSONNode?, at path: @autoclosure () -> String) -> [(key: String, value: JSONNode)]? {
        if case .object(let members)? = node { return members }
        fail(path, node, Message("dhis2_exchange.json.object"))
        return nil
    }

    /// The items of an array, or a problem.
    mutating func array(_ node: JSONNode?, at path: @autoclosure () -> String) -> [JSONNode]? {
        if case .array(let items)? = node { return items }
        fail(path, node, Message("dhis2_exchange.json.array"))
        return nil
    }

    /// Throws every problem collected, if any.
    func finish() throws {
        if !problems.isEmpty { throw ExchangeProblems(problems) }
    }
}

/// DHIS2's spellings of a boolean (`docs/dhis2.md` 2.2): `true/True/TRUE/t/T/1` and
/// `false/False/FALSE/f/F/0`. Anything else (`test`, `not true`, `yes`) is not one.
public enum DHIS2Boolean {
    public static func parse(_ text: String) -> Bool? {
        switch text.trimmedWhitespace.lowercased() {
        case "true", "t", "1": return true
        case "false", "f", "0": return false
        default: return nil
        }
    }
}
