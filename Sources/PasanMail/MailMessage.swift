import Foundation

/// One e-mail to deliver: plain text (UTF-8, e.g. Lao and English), optionally with an HTML
/// alternative.
public struct MailMessage: Sendable, Equatable {
    /// Recipient addresses ("a@example.org" or "Name <a@example.org>").
    public var to: [String]
    /// May contain Lao: it is sent as RFC 2047 `=?UTF-8?B?…?=` words, folded under 76 characters.
    /// Line breaks and control characters are replaced by spaces.
    public var subject: String
    /// UTF-8 plain-text body, sent base64-encoded with `charset=utf-8`. Line breaks are sent as CRLF.
    public var text: String
    /// When present, the message is `multipart/alternative` (text first, then HTML).
    public var html: String?
    /// A stable Message-ID ("id@domain", with or without angle brackets) so that a resent message is
    /// recognisable; one is generated when nil.
    public var messageID: String?

    public init(to: [String], subject: String, text: String, html: String? = nil, messageID: String? = nil) {
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.messageID = messageID
    }
}

/// A message checked and rendered for the wire: envelope addresses and the DATA content
/// (CRLF line endings, not yet dot-stuffed).
struct PreparedMessage: Sendable {
    var sender: String
    var recipients: [String]
    var messageID: String
    var content: [UInt8]
}

extension PreparedMessage {
    init(_ message: MailMessage, from: String, date: Date = Date()) throws(SMTPError) {
        let sender = try Mailbox.parse(from, role: "sender (from)")
        guard !message.to.isEmpty else { throw .protocolViolation("the message has no recipient") }
        var recipients: [Mailbox] = []
        for address in message.to {
            recipients.append(try Mailbox.parse(address, role: "recipient"))
        }
        let messageID = try Self.messageID(message.messageID, domain: sender.domain)
        self.sender = sender.address
        self.recipients = recipients.map(\.address)
        self.messageID = messageID
        self.content = Self.render(
            message,
            from: sender,
            to: recipients,
            messageID: messageID,
            date: date,
            boundary: "=_pasan_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        )
    }

    /// "<id@domain>": the given one (checked) or a new random one at the sender's domain.
    static func messageID(_ given: String?, domain: Substring) throws(SMTPError) -> String {
        guard let given else {
            return "<\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())@\(domain)>"
        }
        var id = given.trimmingASCIIWhitespace()[...]
        if id.hasPrefix("<"), id.hasSuffix(">"), id.count >= 2 { id = id.dropFirst().dropLast() }
        let parts = id.split(separator: "@", omittingEmptySubsequences: false)
        let valid =
            (3...250).contains(id.utf8.count) && parts.count == 2 && parts.allSatisfy { !$0.isEmpty }
            && id.utf8.allSatisfy {
                $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: "\"")
                    && $0 != UInt8(ascii: "\\")
            }
        guard valid else {
            throw .protocolViolation("the Message-ID \(Mailbox.quoted(given)) is not of the form id@domain (printable ASCII, no spaces)")
        }
        return "<\(id)>"
    }

    static func render(
        _ message: MailMessage,
        from: Mailbox,
        to: [Mailbox],
        messageID: String,
        date: Date,
        boundary: String
    ) -> [UInt8] {
        var lines: [String] = []
        lines.append("Date: \(rfc5322Date(date))")
        lines.append(addressHeader("From", [from]))
        lines.append(addressHeader("To", to))
        lines.append(MIMEEncoding.unstructuredHeader("Subject", MIMEEncoding.neutralised(message.subject)))
        lines.append("Message-ID: \(messageID)")
        lines.append("MIME-Version: 1.0")
        // RFC 3834: keeps vacation responders from answering notifications.
        lines.append("Auto-Submitted: auto-generated")

        let textPart = MIMEEncoding.base64Lines(Array(MIMEEncoding.canonicalLineBreaks(message.text).utf8))
        if let html = message.html {
            let htmlPart = MIMEEncoding.base64Lines(Array(MIMEEncoding.canonicalLineBreaks(html).utf8))
            lines.append("Content-Type: multipart/alternative; boundary=\"\(boundary)\"")
            lines.append("")
            lines.append("--\(boundary)")
            lines.append("Content-Type: text/plain; charset=utf-8")
            lines.append("Content-Transfer-Encoding: base64")
            lines.append("")
            lines.append(contentsOf: textPart)
            lines.append("--\(boundary)")
            lines.append("Content-Type: text/html; charset=utf-8")
            lines.append("Content-Transfer-Encoding: base64")
            lines.append("")
            lines.append(contentsOf: htmlPart)
            lines.append("--\(boundary)--")
        } else {
            lines.append("Content-Type: text/plain; charset=utf-8")
            lines.append("Content-Transfer-Encoding: base64")
            lines.append("")
            lines.append(contentsOf: textPart)
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// "From: …" / "To: a, Name <b>, …", folded.
    static func addressHeader(_ name: String, _ mailboxes: [Mailbox]) -> String {
        var folder = HeaderFolder(name: name)
        for (index, mailbox) in mailboxes.enumerated() {
            var tokens = mailbox.headerTokens(firstRoom: folder.room)
            if index < mailboxes.count - 1 { tokens[tokens.count - 1] += "," }
            for token in tokens { folder.append(token) }
        }
        return folder.value
    }

    /// "Tue, 01 Jul 2025 09:05:00 +0000".
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[(c.weekday ?? 1) - 1]), \(two(c.day)) \(months[(c.month ?? 1) - 1]) \(c.year ?? 1970) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}

/// Builds one header field, folding between tokens so that lines stay within 76 characters
/// where the tokens allow it (a single token longer than a line is kept whole).
struct HeaderFolder {
    static let lineLimit = 76
    private var lines: [String]

    init(name: String) { lines = ["\(name):"] }

    /// Characters still free on the current line after a separating space.
    var room: Int { Self.lineLimit - lines[lines.count - 1].utf8.count - 1 }

    mutating func append(_ token: String) {
        let last = lines.count - 1
        let isFirstToken = lines.count == 1 && !lines[0].contains(" ")
        if token.utf8.count <= room || (isFirstToken && token.utf8.count > Self.lineLimit - 1) {
            lines[last] += " " + token
        } else {
            lines.append(" " + token)
        }
    }

    /// The folded field ("Name: a b\r\n c"), without the final CRLF.
    var value: String { lines.joined(separator: "\r\n") }
}

/// Encoders for headers and bodies.
enum MIMEEncoding {
    /// Longest encoded word allowed by RFC 2047.
    static let maxEncodedWord = 75

    /// Replaces CRLF, CR, LF (and any other control character or Unicode line separator) with a
    /// space, so that header text from input can never start a new header line.
    static func neutralised(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n", previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = scalar == "\r"
            result.unicodeScalars.append(scalar.isForbiddenInHeaders ? " " : scalar)
        }
        return result
    }

    /// An unstructured header (Subject): verbatim when it is short printable ASCII, otherwise
    /// `=?UTF-8?B?…?=` words, each of whole characters, with every line under 76 characters.
    static func unstructuredHeader(_ name: String, _ text: String) -> String {
        var folder = HeaderFolder(name: name)
        let plain =
            text.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) }
            && !text.contains("=?") && !text.hasPrefix(" ") && !text.hasSuffix(" ")
            && text.utf8.count <= folder.room
        if text.isEmpty {
            return "\(name): "
        } else if plain {
            folder.append(text)
        } else {
            for word in encodedWords(text, firstRoom: folder.room) { folder.append(word) }
        }
        return folder.value
    }

    /// A display name: verbatim if it is made of atoms, a quoted string if it is other printable
    /// ASCII, otherwise encoded words.
    static func phraseTokens(_ text: String, firstRoom: Int) -> [String] {
        let name = neutralised(text)
        let atext = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)
        let isAtoms =
            name.unicodeScalars.allSatisfy { $0.isASCIIAlphanumeric || atext.contains($0) || $0 == " " }
            && !name.contains("=?")
        if isAtoms {
            return name.split(separator: " ").map(String.init)
        }
        if name.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }), !name.contains("=?") {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return ["\"\(escaped)\""]
        }
        return encodedWords(name, firstRoom: firstRoom)
    }

    /// RFC 2047 B-encoded words for `text`. The first word fits in `firstRoom` characters when
    /// possible (else it is sized for a line of its own); the others are at most 75. Words never
    /// split a character (grapheme cluster), unless one alone is too long for a word, and then
    /// only between Unicode scalars, never inside a UTF-8 sequence.
    static func encodedWords(_ text: String, firstRoom: Int, room: Int = maxEncodedWord) -> [String] {
        let overhead = "=?UTF-8?B?".utf8.count + "?=".utf8.count
        func capacity(_ room: Int) -> Int { max(0, (room - overhead) / 4 * 3) }  // payload bytes
        let firstCapacity = capacity(firstRoom) >= 6 ? capacity(firstRoom) : capacity(room)
        let fullCapacity = capacity(room)

        var words: [String] = []
        var current: [UInt8] = []
        var limit = firstCapacity
        func flush() {
            guard !current.isEmpty else { return }
            words.append("=?UTF-8?B?\(base64(current))?=")
            current.removeAll(keepingCapacity: true)
            limit = fullCapacity
        }
        for character in text {
            let bytes = Array(String(character).utf8)
            if current.count + bytes.count <= limit {
                current += bytes
                continue
            }
            flush()
            if bytes.count <= limit {
                current = bytes
                continue
            }
            // One huge grapheme cluster: split it between scalars.
            for scalar in character.unicodeScalars {
                let scalarBytes = Array(String(scalar).utf8)
                if current.count + scalarBytes.count > limit { flush() }
                current += scalarBytes
            }
        }
        flush()
        return words
    }

    /// CRLF for every line break (CRLF, lone CR, lone LF): the canonical form of text parts.
    static func canonicalLineBreaks(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 16)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r":
                result.unicodeScalars.append(contentsOf: ["\r", "\n"])
                previousWasCR = true
                continue
            case "\n":
                if !previousWasCR { result.unicodeScalars.append(contentsOf: ["\r", "\n"]) }
            default:
                result.unicodeScalars.append(scalar)
            }
            previousWasCR = false
        }
        return result
    }

    /// Base64 in lines of 76 characters (RFC 2045), without line terminators.
    static func base64Lines(_ bytes: [UInt8]) -> [String] {
        let encoded = Array(base64(bytes).utf8)
        var lines: [String] = []
        var start = 0
        while start < encoded.count {
            let end = min(start + 76, encoded.count)
            lines.append(String(decoding: encoded[start..<end], as: UTF8.self))
            start = end
        }
        return lines
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard base64 with padding, on one line.
    static func base64<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next()
            let b2 = iterator.next()
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | (b1 ?? 0) >> 4)])
            out.append(b1.map { alphabet[Int(($0 & 0x0F) << 2 | (b2 ?? 0) >> 6)] } ?? UInt8(ascii: "="))
            out.append(b2.map { alphabet[Int($0 & 0x3F)] } ?? UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// SMTP DATA transparency (RFC 5321 §4.5.2): a line that starts with "." gets another one,
    /// and the content is terminated with "CRLF.CRLF". `content` must use CRLF line endings.
    static func dotStuffed(_ content: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(content.count + content.count / 64 + 5)
        var atLineStart = true
        for byte in content {
            if atLineStart, byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            out.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
        }
        if !out.isEmpty, !out.ends(with: [UInt8(ascii: "\r"), UInt8(ascii: "\n")]) {
            out += [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        }
        out += Array(".\r\n".utf8)
        return out
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
