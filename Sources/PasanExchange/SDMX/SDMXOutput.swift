import Foundation

/// Where the SDMX writers put their bytes: a buffer handed on in chunks, so a whole message is
/// never held in memory. With a `sink` (a file, standard output) the buffer is handed to it each
/// time it passes `chunkSize`; without one, an asynchronous caller (an HTTP response body) takes
/// the bytes with `take()` whenever it likes. Used by one task at a time.
public final class SDMXOutput {
    public private(set) var buffer: [UInt8] = []
    public let chunkSize: Int
    private let sink: (([UInt8]) throws -> Void)?
    /// Bytes handed on so far (to the sink or through `take()`).
    public private(set) var bytesHandedOn = 0

    public init(chunkSize: Int = 64 * 1024, sink: (([UInt8]) throws -> Void)? = nil) {
        self.chunkSize = chunkSize
        self.sink = sink
        buffer.reserveCapacity(min(chunkSize, 1 << 20) + 4096)
    }

    /// Writes to a file handle in chunks.
    public convenience init(fileHandle: FileHandle, chunkSize: Int = 256 * 1024) {
        self.init(chunkSize: chunkSize) { bytes in try fileHandle.write(contentsOf: bytes) }
    }

    /// Bytes written and not yet handed on.
    public var pendingCount: Int { buffer.count }

    /// Hands the buffer to the sink once it is at least `chunkSize` long.
    public func flushIfFull() throws {
        if buffer.count >= chunkSize { try flush() }
    }

    /// Hands whatever is buffered to the sink.
    public func flush() throws {
        guard let sink, !buffer.isEmpty else { return }
        try sink(buffer)
        bytesHandedOn += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// The buffered bytes, for a caller without a sink; the buffer is emptied.
    public func take() -> [UInt8] {
        let bytes = buffer
        bytesHandedOn += bytes.count
        buffer.removeAll(keepingCapacity: true)
        return bytes
    }

    @inline(__always) public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    @inline(__always) public func write(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    @inline(__always) public func writeBytes(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
    }

    @inline(__always) public func write(byte: UInt8) {
        buffer.append(byte)
    }

    /// Runs `body` on the buffer with one exclusive access (the writers build a whole series so).
    @inline(__always) public func withBuffer<R>(_ body: (inout [UInt8]) throws -> R) rethrows -> R {
        try body(&buffer)
    }

    /// An XML attribute value or text, escaped (`Array.appendXMLEscaped`).
    public func writeXMLEscaped(_ text: String) {
        buffer.appendXMLEscaped(text)
    }

    /// A CSV field, quoted as RFC 4180 says (`Array.appendCSVField`).
    public func writeCSVField(_ text: String) {
        buffer.appendCSVField(text)
    }
}

extension Array where Element == UInt8 {
    @inline(__always) mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { self.append(contentsOf: $0) }
    }

    @inline(__always) mutating func append(_ text: String) {
        self.append(contentsOf: text.utf8)
    }

    /// An XML attribute value or text: `& < > " '` as entities; tab, line feed and carriage
    /// return as character references (so attribute-value normalisation keeps them); the other
    /// C0 controls and U+FFFE/U+FFFF, which XML 1.0 cannot carry at all, are dropped.
    mutating func appendXMLEscaped(_ text: String) {
        var needs = false
        for byte in text.utf8
        where byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 || byte == 0xEF {
            needs = true
            break
        }
        guard needs else {
            self.append(contentsOf: text.utf8)
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": self.append("&amp;" as StaticString)
            case "<": self.append("&lt;" as StaticString)
            case ">": self.append("&gt;" as StaticString)
            case "\"": self.append("&quot;" as StaticString)
            case "'": self.append("&apos;" as StaticString)
            case "\t": self.append("&#9;" as StaticString)
            case "\n": self.append("&#10;" as StaticString)
            case "\r": self.append("&#13;" as StaticString)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                self.append(contentsOf: String(scalar).utf8)
            }
        }
    }

    /// A CSV field, quoted as RFC 4180 says when it holds a comma, a quote or a line break.
    /// Nothing else is changed: SDMX-CSV is machine data, read by SDMX tools that compare codes
    /// and values exactly, so the spreadsheet-formula neutralising of Pasan's own CSV downloads
    /// (`CSVWriter`, a leading apostrophe) would corrupt it; a reader opening it in a spreadsheet
    /// is reading a data exchange file, not one of Pasan's downloads.
    mutating func appendCSVField(_ text: String) {
        var needs = false
        for byte in text.utf8 where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
            needs = true
            break
        }
        guard needs else {
            self.append(contentsOf: text.utf8)
            return
        }
        self.append(0x22)
        for byte in text.utf8 {
            if byte == 0x22 { self.append(0x22) }
            self.append(byte)
        }
        self.append(0x22)
    }
}

/// OBS_VALUE as text: the shortest decimal that reads back as the same double (Swift's
/// shortest round-trip digits), always written positionally — `46` not `46.0`, `0.00001` not
/// `1e-05`, `123450000000000000000` not `1.2345e+20` — so any reader (xs:double, a spreadsheet,
/// pandas) gets exactly the stored number and no exponent. `-0` is written `0`. Not-finite values
/// have no SDMX form (`SDMXExporter` leaves them out); they come out as `NaN` if ever asked.
public enum SDMXNumber {
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "NaN" }
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let text = value.description
        // Without an exponent Swift's shortest digits are already positional (`979.75`).
        if !text.utf8.contains(UInt8(ascii: "e")) { return text.hasSuffix(".0") ? String(text.dropLast(2)) : text }
        var negative = false
        var digits: [UInt8] = []
        var pointPosition: Int?
        var exponent = 0
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "-") {
                negative = true
            } else if byte == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                exponent = Int(String(text[utf8.index(after: index)...]).replacingOccurrences(of: "+", with: "")) ?? 0
                break
            } else {
                digits.append(byte)
            }
            index = utf8.index(after: index)
        }
        // value = 0.DIGITS × 10^point
        let point = (pointPosition ?? digits.count) + exponent
        var integer: [UInt8]
        var fraction: [UInt8]
        if point <= 0 {
            integer = [UInt8(ascii: "0")]
            fraction = Array(repeating: UInt8(ascii: "0"), count: -point) + digits
        } else if point >= digits.count {
            integer = digits + Array(repeating: UInt8(ascii: "0"), count: point - digits.count)
            fraction = []
        } else {
            integer = Array(digits[..<point])
            fraction = Array(digits[point...])
        }
        while integer.count > 1, integer.first == UInt8(ascii: "0") { integer.removeFirst() }
        while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        var out = negative ? "-" : ""
        out += String(decoding: integer, as: UTF8.self)
        if !fraction.isEmpty { out += "." + String(decoding: fraction, as: UTF8.self) }
        return out
    }
}
