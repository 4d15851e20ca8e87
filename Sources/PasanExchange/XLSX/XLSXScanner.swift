import Foundation

/// What `XMLScanner` reports, in document order. Names are local (the prefix dropped);
/// attributes are keyed by local name, namespace declarations left out.
protocol XMLScanHandler: AnyObject {
    func start(_ name: String, _ attributes: [String: String])
    func end(_ name: String)
    func text(_ text: String)
}

/// Why a document could not be scanned, and on which line (`reason` is for the tests and the
/// logs: a user is told the line and that the XML is not well formed).
struct XMLScanError: Error {
    var line: Int
    var tooDeep: Bool
    var reason: String
}

/// A small, strict XML scanner for the large parts of a workbook (worksheets and shared
/// strings). Foundation's parser on Linux stops at 10 MB (libxml2's limit without its "huge"
/// option, which Foundation does not set), and a 100,000-row sheet is about 30 MB.
///
/// It reads what spreadsheets write: elements, attributes, text with the five predefined
/// entities and character references, CDATA, comments and processing instructions. A DTD is
/// never read: the caller refuses `<!DOCTYPE` before scanning, and any other `<!` declaration,
/// an unknown entity, a character XML cannot hold, a mismatched or unclosed tag, a second root,
/// or text outside the root is an error. Line ends are normalized as XML says (`\r\n` and `\r`
/// become `\n`; in attribute values, white space becomes a space).
enum XMLScanner {
    /// Scans the whole document, or stops at the first error and returns it.
    static func scan(_ data: Data, handler: some XMLScanHandler, maximumDepth: Int) -> XMLScanError? {
        let bytes = [UInt8](data)
        return bytes.withUnsafeBufferPointer { buffer in run(buffer, handler, maximumDepth) }
    }

    static let lt = UInt8(ascii: "<")
    static let gt = UInt8(ascii: ">")
    static let amp = UInt8(ascii: "&")
    static let slash = UInt8(ascii: "/")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    static func isNameByte(_ c: UInt8) -> Bool {
        c >= 0x80 || (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x3A
            || c == 0x2D || c == 0x2E
    }

    static func localName(_ name: String) -> String {
        guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) else { return name }
        return String(name[name.utf8.index(after: colon)...])
    }

    /// The index of `needle` at or after `from`, if it occurs.
    static func find(_ b: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], from: Int) -> Int? {
        guard needle.count <= b.count else { return nil }
        var i = from
        while i + needle.count <= b.count {
            if b[i] == needle[0] {
                var match = true
                for k in 1..<needle.count where b[i + k] != needle[k] {
                    match = false
                    break
                }
                if match { return i }
            }
            i += 1
        }
        return nil
    }

    static func starts(_ b: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8], at i: Int) -> Bool {
        guard i + prefix.count <= b.count else { return false }
        for k in 0..<prefix.count where b[i + k] != prefix[k] { return false }
        return true
    }

    static func newlines(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        var count = 0
        for k in from..<min(to, b.count) where b[k] == lf { count += 1 }
        return count
    }

    static func string(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[from..<to]), as: UTF8.self)
    }

    /// Text or an attribute value with entities and character references replaced and line ends
    /// normalized; `nil` when it holds an unknown entity or a character XML cannot hold.
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, attribute: Bool) -> String? {
        var plain = true
        for k in from..<to {
            let c = b[k]
            if c == amp || c == cr || (attribute && (c == lf || c == 0x09)) || (c < 0x20 && c != lf && c != 0x09) {
                plain = false
                break
            }
        }
        if plain { return string(b, from, to) }
        var out: [UInt8] = []
        out.reserveCapacity(to - from)
        var k = from
        while k < to {
            let c = b[k]
            if c == amp {
                guard let semicolon = (k + 1..<min(to, k + 12)).first(where: { b[$0] == UInt8(ascii: ";") }) else { return nil }
                let name = string(b, k + 1, semicolon)
                switch name {
                case "amp": out.append(amp)
                case "lt": out.append(lt)
                case "gt": out.append(gt)
                case "quot": out.append(UInt8(ascii: "\""))
                case "apos": out.append(UInt8(ascii: "'"))
                default:
                    guard name.hasPrefix("#") else { return nil }
                    let digits = name.dropFirst()
                    let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                    guard let value, let scalar = Unicode.Scalar(value), XMLText.isAllowed(scalar) else { return nil }
                    out.append(contentsOf: Array(String(scalar).utf8))
                }
                k = semicolon + 1
                continue
            }
            if c == cr {
                out.append(attribute ? 0x20 : lf)
                if k + 1 < to && b[k + 1] == lf { k += 1 }
            } else if attribute && (c == lf || c == 0x09) {
                out.append(0x20)
            } else if c < 0x20 && c != lf && c != 0x09 {
                return nil
            } else {
                out.append(c)
            }
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func run(_ b: UnsafeBufferPointer<UInt8>, _ handler: some XMLScanHandler, _ maximumDepth: Int) -> XMLScanError? {
        let n = b.count
        var i = 0
        var line = 1
        var stack: [String] = []
        var sawRoot = false
        func fail(_ reason: String) -> XMLScanError { XMLScanError(line: line, tooDeep: false, reason: reason) }
        if n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { i = 3 }
        while i < n {
            if b[i] != lt {
                let start = i
                while i < n && b[i] != lt {
                    if b[i] == lf { line += 1 }
                    i += 1
                }
                if stack.isEmpty {
                    for k in start..<i where !isSpace(b[k]) { return fail("text outside the root element") }
                } else {
                    guard let text = decode(b, start, i, attribute: false) else {
                        return fail("an unknown entity or a forbidden character")
                    }
                    handler.text(text)
                }
                continue
            }
            guard i + 1 < n else { return fail("a lone <") }
            let next = b[i + 1]
            if next == UInt8(ascii: "?") {
                guard let end = find(b, Array("?>".utf8), from: i + 2) else { return fail("an unclosed processing instruction") }
                line += newlines(b, i, end)
                i = end + 2
                continue
            }
            if next == UInt8(ascii: "!") {
                if starts(b, Array("<!--".utf8), at: i) {
                    guard let end = find(b, Array("-->".utf8), from: i + 4) else { return fail("an unclosed comment") }
                    line += newlines(b, i, end)
                    i = end + 3
                    continue
                }
                if starts(b, Array("<![CDATA[".utf8), at: i) {
                    guard !stack.isEmpty else { return fail("CDATA outside the root element") }
                    guard let end = find(b, Array("]]>".utf8), from: i + 9) else { return fail("an unclosed CDATA section") }
                    var text: [UInt8] = []
                    var k = i + 9
                    while k < end {
                        if b[k] == cr {
                            text.append(lf)
                            if k + 1 < end && b[k + 1] == lf { k += 1 }
                        } else {
                            text.append(b[k])
                        }
                        k += 1
                    }
                    line += newlines(b, i, end)
                    handler.text(String(decoding: text, as: UTF8.self))
                    i = end + 3
                    continue
                }
                return fail("a declaration")
            }
            if next == slash {
                var j = i + 2
                let start = j
                while j < n && isNameByte(b[j]) { j += 1 }
                let name = string(b, start, j)
                while j < n && isSpace(b[j]) {
                    if b[j] == lf { line += 1 }
                    j += 1
                }
                guard j < n, b[j] == gt, let top = stack.last, top == name else { return fail("a mismatched end tag") }
                stack.removeLast()
                handler.end(localName(name))
                i = j + 1
                continue
            }
            // A start tag.
            var j = i + 1
            let start = j
            while j < n && isNameByte(b[j]) { j += 1 }
            guard j > start else { return fail("an element name") }
            guard !sawRoot || !stack.isEmpty else { return fail("a second root element") }
            let name = string(b, start, j)
            var attributes: [String: String] = [:]
            var selfClosing = false
            while true {
                var hadSpace = false
                while j < n && isSpace(b[j]) {
                    if b[j] == lf { line += 1 }
                    j += 1
                    hadSpace = true
                }
                guard j < n else { return fail("an unclosed tag") }
                if b[j] == gt {
                    j += 1
                    break
                }
                if b[j] == slash {
                    guard j + 1 < n, b[j + 1] == gt else { return fail("an unclosed tag") }
                    selfClosing = true
                    j += 2
                    break
                }
                guard hadSpace else { return fail("space before an attribute") }
                let attributeStart = j
                while j < n && isNameByte(b[j]) { j += 1 }
                guard j > attributeStart else { return fail("an attribute name") }
                let attribute = string(b, attributeStart, j)
                while j < n && isSpace(b[j]) { j += 1 }
                guard j < n, b[j] == UInt8(ascii: "=") else { return fail("= after an attribute name") }
                j += 1
                while j < n && isSpace(b[j]) { j += 1 }
                guard j < n, b[j] == UInt8(ascii: "\"") || b[j] == UInt8(ascii: "'") else { return fail("a quoted attribute value") }
                let quote = b[j]
                j += 1
                let valueStart = j
                while j < n && b[j] != quote {
                    if b[j] == lt { return fail("< in an attribute value") }
                    if b[j] == lf { line += 1 }
                    j += 1
                }
                guard j < n else { return fail("an unclosed attribute value") }
                guard let value = decode(b, valueStart, j, attribute: true) else {
                    return fail("an unknown entity or a forbidden character")
                }
                j += 1
                if attribute == "xmlns" || attribute.hasPrefix("xmlns:") { continue }
                let key = localName(attribute)
                if attributes[key] == nil { attributes[key] = value }
            }
            guard stack.count < maximumDepth else { return XMLScanError(line: line, tooDeep: true, reason: "nesting") }
            sawRoot = true
            let local = localName(name)
            handler.start(local, attributes)
            if selfClosing { handler.end(local) } else { stack.append(name) }
            i = j
        }
        guard sawRoot else { return fail("a root element") }
        guard stack.isEmpty else { return fail("an unclosed element") }
        return nil
    }
}
