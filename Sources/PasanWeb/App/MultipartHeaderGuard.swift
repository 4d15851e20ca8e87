import Foundation

/// How much of a `multipart/form-data` body MultipartKit may read.
///
/// MultipartKit 4.7.1 ends the process (an array index out of range) when a part's header name
/// holds a byte above 0x7F: it looks each name byte up in a table of the 128 ASCII characters.
/// Found by the multipart fuzzer (`Fuzz/corpus/multipart/crash-header-name-not-ascii`): one
/// crafted upload would stop a server. Such a header is malformed anyway (a header name is an
/// ASCII token, RFC 2045 and RFC 7230), and the parser refuses any other malformed name at its
/// first bad byte; so the body is handed to the parser only up to that byte, and the form holds
/// the parts read before it, as after any other syntax error.
enum MultipartHeaderGuard {
    /// The offset of the first byte above 0x7F in a part's header name, or `nil` when there is none.
    ///
    /// Header sections are found where the parser finds them: after `--boundary` and CR LF (the
    /// parser also wants the CR LF there); a header name ends at its colon, its value at the next
    /// CR, the section at an empty line. Every `--boundary` CR LF counts, even one the parser would
    /// take as part of a body, so this never misses a section the parser reads.
    static func firstUnsafeOffset(in body: Data, boundary: String) -> Int? {
        let delimiter = Array("--\(boundary)\r\n".utf8)
        return body.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int? in
            var unsafe: Int?
            var from = 0
            while let found = firstIndex(of: delimiter, in: bytes, from: from) {
                let sectionStart = found + delimiter.count
                if let offset = firstNonASCIINameByte(bytes, from: sectionStart) {
                    unsafe = min(unsafe ?? offset, offset)
                }
                from = sectionStart
            }
            return unsafe
        }
    }

    /// Where `needle` (not empty) next occurs in `bytes` at or after `from`.
    private static func firstIndex(of needle: [UInt8], in bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var i = from
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first {
                var k = 1
                while k < needle.count, bytes[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    private static let colon = UInt8(ascii: ":")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    /// Reads one header section from `start` as the parser does: lines of `name: value` CR LF,
    /// ending at an empty line.
    private static func firstNonASCIINameByte(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var i = start
        let n = bytes.count
        while i < n {
            // A header name: up to its colon; a CR before any byte ends the section.
            if bytes[i] == cr { return nil }
            let nameStart = i
            while i < n, !(bytes[i] == colon && i > nameStart) {
                if bytes[i] >= 0x80 { return i }
                if bytes[i] == cr { return nil }  // a name without a colon: the parser stops there
                i += 1
            }
            // Its value: up to CR, which must be followed by LF.
            while i < n, bytes[i] != cr { i += 1 }
            guard i + 1 < n, bytes[i + 1] == lf else { return nil }
            i += 2
        }
        return nil
    }
}
