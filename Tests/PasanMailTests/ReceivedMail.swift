import Foundation
import PasanMail
import Testing

/// A message as stored by the sink, parsed independently of PasanMail's encoders (Foundation's
/// base64 decoder, a separate RFC 2047 decoder), so that the tests do not check the encoders
/// against themselves.
struct ReceivedMail {
    /// The file exactly as stored.
    var raw: String
    /// Header lines as stored (folded), without line terminators.
    var rawHeaderLines: [String]
    /// Unfolded headers in order.
    var headers: [(name: String, value: String)]
    var body: String

    init(_ raw: String) {
        self.raw = raw
        let text = raw.replacingOccurrences(of: "\r\n", with: "\n")
        let split = text.range(of: "\n\n")
        let head = split.map { String(text[..<$0.lowerBound]) } ?? text
        body = split.map { String(text[$0.upperBound...]) } ?? ""
        rawHeaderLines = head.components(separatedBy: "\n")
        var headers: [(name: String, value: String)] = []
        for line in rawHeaderLines {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !headers.isEmpty {
                headers[headers.count - 1].value += line
            } else if let colon = line.firstIndex(of: ":") {
                let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
                headers.append((String(line[..<colon]), String(value)))
            }
        }
        self.headers = headers
    }

    func values(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    func value(_ name: String) -> String? { values(name).first }

    /// The header with RFC 2047 encoded words decoded.
    func decoded(_ name: String) -> String? { value(name).map(Self.decodeEncodedWords) }

    /// The parameter `name` of a structured header value ("text/plain; charset=utf-8").
    static func parameter(_ name: String, in value: String) -> String? {
        for part in value.split(separator: ";").dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == name.lowercased() {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// One MIME entity: its headers and its decoded content.
    struct Part {
        var contentType: String
        var transferEncoding: String
        var text: String
    }

    /// The leaf parts (the message itself, or each part of a multipart body).
    func parts() throws -> [Part] {
        let contentType = value("Content-Type") ?? "text/plain"
        if contentType.lowercased().hasPrefix("multipart/") {
            let boundary = try #require(Self.parameter("boundary", in: contentType))
            var parts: [Part] = []
            let sections = body.components(separatedBy: "--\(boundary)")
            try #require(sections.count >= 3, "multipart body without parts")
            #expect(sections.last?.hasPrefix("--") == true, "no closing boundary")
            for section in sections.dropFirst().dropLast() {
                let entity = ReceivedMail(String(section.drop { $0 == "\n" }))
                parts.append(try entity.singlePart())
            }
            return parts
        }
        return [try singlePart()]
    }

    private func singlePart() throws -> Part {
        let type = value("Content-Type") ?? "text/plain"
        let encoding = (value("Content-Transfer-Encoding") ?? "7bit").lowercased()
        let bytes: Data
        if encoding == "base64" {
            let compact = body.filter { !$0.isWhitespace }
            bytes = try #require(Data(base64Encoded: compact), "body is not valid base64")
        } else {
            bytes = Data(body.utf8)
        }
        let text = try #require(String(data: bytes, encoding: .utf8), "body is not UTF-8")
        return Part(contentType: type, transferEncoding: encoding, text: text)
    }

    /// Decodes RFC 2047 "=?charset?B|Q?…?=" words (UTF-8 only); whitespace between two adjacent
    /// encoded words is dropped, as the RFC requires.
    static func decodeEncodedWords(_ value: String) -> String {
        let pattern = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/
        var result = ""
        var pendingBytes: [UInt8] = []
        var rest = value[...]
        var previousWasWord = false
        func flush() {
            if !pendingBytes.isEmpty {
                result += String(decoding: pendingBytes, as: UTF8.self)
                pendingBytes = []
            }
        }
        while let match = rest.firstMatch(of: pattern) {
            let between = rest[..<match.range.lowerBound]
            if !(previousWasWord && between.allSatisfy(\.isWhitespace)) {
                flush()
                result += between
            }
            let payload = String(match.output.3)
            if match.output.2.uppercased() == "B", let data = Data(base64Encoded: payload) {
                pendingBytes += data
            } else {
                pendingBytes += decodeQ(payload)
            }
            previousWasWord = true
            rest = rest[match.range.upperBound...]
        }
        flush()
        result += rest
        return result
    }

    private static func decodeQ(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var bytes = Array(text.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "_") {
                out.append(0x20)
            } else if byte == UInt8(ascii: "="), bytes.count >= 2,
                let value = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16)
            {
                out.append(value)
                bytes = bytes.dropFirst(2)
            } else {
                out.append(byte)
            }
        }
        return out
    }
}

/// The aiosmtpd sink started by scripts/test (`python -m aiosmtpd -c aiosmtpd.handlers.Mailbox DIR`).
enum Sink {
    static let environment = ProcessInfo.processInfo.environment

    /// Sink tests run when the sink is configured, and always in CI, where a missing sink must be
    /// a failure and never a silent skip.
    static var isEnabled: Bool {
        environment["PASAN_TEST_SMTP_URL"] != nil || environment["CI"] != nil
    }

    static func configuration(from: String = "Pasan Tests <pasan-tests@pasan.test>") throws -> SMTPConfigurationAndMaildir {
        let url = try #require(
            environment["PASAN_TEST_SMTP_URL"],
            "PASAN_TEST_SMTP_URL is not set: scripts/test starts an aiosmtpd sink and sets it"
        )
        let maildir = try #require(
            environment["PASAN_TEST_MAILDIR"],
            "PASAN_TEST_MAILDIR is not set: scripts/test sets it to the sink's Maildir"
        )
        return SMTPConfigurationAndMaildir(url: url, maildir: URL(fileURLWithPath: maildir), from: from)
    }

    /// Waits (briefly) for the message whose text contains `token` to appear in the Maildir.
    static func message(containing token: String, in maildir: URL, timeout: Duration = .seconds(5)) async throws -> ReceivedMail {
        let deadline = ContinuousClock.now + timeout
        while true {
            for folder in ["new", "cur"] {
                let directory = maildir.appendingPathComponent(folder)
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
                for name in names where !name.hasPrefix(".") {
                    let data = try Data(contentsOf: directory.appendingPathComponent(name))
                    let text = String(decoding: data, as: UTF8.self)
                    if text.contains(token) { return ReceivedMail(text) }
                }
            }
            if ContinuousClock.now >= deadline {
                throw TestFailure("no message containing \(token) in \(maildir.path)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// All stored messages that contain `token`.
    static func messages(containing token: String, in maildir: URL) throws -> [ReceivedMail] {
        var found: [ReceivedMail] = []
        for folder in ["new", "cur"] {
            let directory = maildir.appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where !name.hasPrefix(".") {
                let text = String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
                if text.contains(token) { found.append(ReceivedMail(text)) }
            }
        }
        return found
    }
}

struct SMTPConfigurationAndMaildir {
    var url: String
    var maildir: URL
    var from: String

    /// The client's configuration for the sink, sending as `sender` (default: `from`). The
    /// sink is a Python process: on a loaded 2-core machine (the whole suite, builds beside it)
    /// its greeting has taken over 10 s, Pasan's default timeout, so the tests wait up to a
    /// minute — a guard against hanging, not a measure of speed.
    func smtp(from sender: String? = nil) throws -> SMTPConfiguration {
        var configuration = try SMTPConfiguration(url: url, from: sender ?? from)
        configuration.timeout = .seconds(60)
        return configuration
    }
}

/// A unique token for one test's message.
func uniqueToken() -> String {
    "t" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
