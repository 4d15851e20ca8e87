/// An e-mail address with an optional display name: "pasan@example.org" or
/// "Pasan <pasan@example.org>" (the name may be quoted, and may be Lao).
///
/// Parsing is deliberately strict: only plain ASCII addr-specs (dot-atoms, or an address literal
/// as the domain) are accepted, and nothing that contains a line break or a control character
/// gets through, so that no input can add header lines or SMTP commands.
struct Mailbox: Sendable, Equatable {
    var displayName: String?
    /// local-part@domain, ASCII.
    var address: String

    var domain: Substring { address[address.index(after: address.lastIndex(of: "@")!)...] }

    /// - Parameter role: what the address is for, used in error messages ("recipient", "sender").
    static func parse(_ text: String, role: String) throws(SMTPError) -> Mailbox {
        if text.unicodeScalars.contains(where: \.isForbiddenInHeaders) {
            throw .protocolViolation("the \(role) address \(quoted(text)) contains a line break or a control character")
        }
        let trimmed = text.trimmingASCIIWhitespace()
        var name: String?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var phrase = trimmed[..<open].trimmingASCIIWhitespace()
            if phrase.count >= 2, phrase.hasPrefix("\""), phrase.hasSuffix("\"") {
                phrase = unquoted(phrase.dropFirst().dropLast())
            } else if phrase.contains("\"") || phrase.contains("<") || phrase.contains(">") {
                throw .protocolViolation("the \(role) address \(quoted(text)) has a malformed display name")
            }
            name = phrase.isEmpty ? nil : phrase
        }
        guard isValidAddrSpec(address) else {
            throw .protocolViolation("the \(role) address \(quoted(text)) is not a valid e-mail address")
        }
        return Mailbox(displayName: name, address: address)
    }

    /// local-part "@" domain, where local-part is a dot-atom of at most 64 characters and domain
    /// is a host name (letters, digits, hyphens; labels of at most 63) or an address literal.
    static func isValidAddrSpec(_ address: String) -> Bool {
        let utf8 = Array(address.utf8)
        guard utf8.count <= 254, utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0]
        let domain = parts[1]

        guard (1...64).contains(local.utf8.count), !local.hasPrefix("."), !local.hasSuffix("."),
            !local.contains("..")
        else { return false }
        let atextSpecials = Set("!#$%&'*+-/=?^_`{|}~.".utf8)
        guard local.utf8.allSatisfy({ isASCIIAlphanumeric($0) || atextSpecials.contains($0) }) else { return false }

        if domain.hasPrefix("[") {
            guard domain.hasSuffix("]"), domain.count > 2 else { return false }
            return domain.dropFirst().dropLast().utf8.allSatisfy {
                isASCIIAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":")
            }
        }
        guard (1...253).contains(domain.utf8.count) else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.utf8.allSatisfy { isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// The mailbox as header tokens ("display name words…", "<address>"), ready for ``HeaderFolder``.
    func headerTokens(firstRoom: Int) -> [String] {
        guard let displayName, !displayName.isEmpty else { return [address] }
        return MIMEEncoding.phraseTokens(displayName, firstRoom: firstRoom) + ["<\(address)>"]
    }

    private static func unquoted(_ text: Substring) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if escaped {
                result.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// A printable, bounded rendering of untrusted input for error messages.
    static func quoted(_ text: String) -> String {
        var shown = ""
        for scalar in text.unicodeScalars.prefix(120) {
            switch scalar {
            case "\r": shown += "\\r"
            case "\n": shown += "\\n"
            case "\"": shown += "\\\""
            default: shown.unicodeScalars.append(scalar.isForbiddenInHeaders ? "?" : scalar)
            }
        }
        if text.unicodeScalars.count > 120 { shown += "…" }
        return "\"\(shown)\""
    }
}

extension Unicode.Scalar {
    /// C0 controls (including CR, LF, TAB), DEL, C1 controls and the Unicode line/paragraph
    /// separators: none of them may reach a header or an SMTP command.
    var isForbiddenInHeaders: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029
    }
}
