import Foundation
import Testing

@testable import PasanMail

/// The encoders, without any server.
@Suite struct EncodingTests {
    @Test func encodedWordsRoundTripAndStayUnder76Characters() throws {
        let subjects = [
            "ສະບາຍດີ",
            "ແຈ້ງເຕືອນ: ຕົວຊີ້ວັດ SDG 1.1.1 ໄດ້ຮັບການອະນຸມັດແລ້ວ — indicator 1.1.1 approved by the ministry",
            String(repeating: "ສະບາຍດີ ", count: 30),
            "A plain English subject that is long enough to need more than one line when written out in full",
            "x\r\nBcc: evil@example.org",
            "=?UTF-8?B?not-really?= looks encoded",
            "🇱🇦 flag and 👩‍👩‍👧‍👦 family",
        ]
        for subject in subjects {
            let header = MIMEEncoding.unstructuredHeader("Subject", MIMEEncoding.neutralised(subject))
            let lines = header.components(separatedBy: "\r\n")
            for line in lines {
                #expect(line.utf8.count <= 76, "line too long: \(line)")
                #expect(!line.contains("\r") && !line.contains("\n"))
                #expect(line.unicodeScalars.allSatisfy { $0.isASCII }, "non-ASCII in \(line)")
            }
            for continuation in lines.dropFirst() { #expect(continuation.hasPrefix(" ")) }
            let received = ReceivedMail("\(header)\r\n\r\n")
            #expect(received.decoded("Subject") == MIMEEncoding.neutralised(subject))
        }
    }

    @Test func shortASCIISubjectIsSentVerbatim() {
        #expect(MIMEEncoding.unstructuredHeader("Subject", "Weekly report") == "Subject: Weekly report")
        #expect(MIMEEncoding.unstructuredHeader("Subject", "") == "Subject: ")
    }

    @Test func encodedWordsNeverSplitACharacter() throws {
        // Lao consonant + vowel + tone mark clusters, and a long emoji sequence.
        let text = String(repeating: "ສິ່ງ", count: 40) + "👩‍👩‍👧‍👦"
        let words = MIMEEncoding.encodedWords(text, firstRoom: 60)
        #expect(words.count > 2)
        var decoded = ""
        for word in words {
            #expect(word.utf8.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let payload = String(word.dropFirst(10).dropLast(2))
            let bytes = try #require(Data(base64Encoded: payload))
            // Each word alone is valid UTF-8 made of whole characters.
            let piece = try #require(String(data: bytes, encoding: .utf8))
            decoded += piece
        }
        #expect(decoded == text)
        #expect(words[0].utf8.count <= 60)
    }

    @Test func neutralisedRemovesLineBreaksAndControls() {
        #expect(MIMEEncoding.neutralised("a\r\nb\rc\nd\te\u{2028}f\u{0}g") == "a b c d e f g")
        #expect(MIMEEncoding.neutralised("ສະບາຍດີ") == "ສະບາຍດີ")
    }

    @Test func dotStuffing() {
        func stuffed(_ text: String) -> String { String(decoding: MIMEEncoding.dotStuffed(Array(text.utf8)), as: UTF8.self) }
        #expect(stuffed("a\r\n.b\r\n..c\r\n.\r\nd\r\n") == "a\r\n..b\r\n...c\r\n..\r\nd\r\n.\r\n")
        #expect(stuffed(".first\r\n") == "..first\r\n.\r\n")
        #expect(stuffed("no final line break") == "no final line break\r\n.\r\n")
        #expect(stuffed("a.b\r\n x.\r\n") == "a.b\r\n x.\r\n.\r\n")
        #expect(stuffed("") == ".\r\n")
    }

    @Test func canonicalLineBreaks() {
        #expect(MIMEEncoding.canonicalLineBreaks("a\nb\r\nc\rd\n\ne") == "a\r\nb\r\nc\r\nd\r\n\r\ne")
        #expect(MIMEEncoding.canonicalLineBreaks("\r\r\n") == "\r\n\r\n")
    }

    @Test func base64MatchesFoundation() {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(MIMEEncoding.base64(bytes) == Data(bytes).base64EncodedString())
        }
        let lines = MIMEEncoding.base64Lines(Array(repeating: 0xAB, count: 200))
        #expect(lines.dropLast().allSatisfy { $0.count == 76 })
        #expect(lines.joined() == Data(repeating: 0xAB, count: 200).base64EncodedString())
    }

    @Test func addressesAreValidated() throws {
        let good = [
            "a@b.c", "pasan@example.org", "first.last+tag@sub.example.la", "Pasan <pasan@example.org>",
            "\"Lao, Pasan\" <p@example.org>", "ປະສານ <pasan@example.org>", "root@localhost", "x@[127.0.0.1]",
        ]
        for address in good {
            #expect(throws: Never.self, "\(address)") { try Mailbox.parse(address, role: "test") }
        }
        let bad = [
            "a@b.c\r\nBcc: x@y.z", "a@b.c\nBcc: x@y.z", "a@b.c\r", "", "plain", "a@", "@b.c", "a@@b.c", "a b@c.d",
            "a@b..c", ".a@b.c", "a.@b.c", "a..b@c.d", "a@-b.c", "a@b_c.d", "ສະບາຍດີ@example.la", "<a@b.c",
            "Name <a@b.c> <d@e.f>", "a@b.c>", "a,b@c.d", "a@b.c, d@e.f", "x@\u{2028}y.z", "Evil\u{0}Name <a@b.c>",
            String(repeating: "a", count: 65) + "@b.c", "a@" + String(repeating: "b", count: 64) + ".c",
        ]
        for address in bad {
            #expect(throws: SMTPError.self, "\(address.debugDescription)") { try Mailbox.parse(address, role: "test") }
            do {
                _ = try Mailbox.parse(address, role: "test")
            } catch {
                guard case .protocolViolation = error else {
                    Issue.record("expected .protocolViolation, got \(error)")
                    continue
                }
                #expect(!error.isTransient)
                #expect(!error.description.contains("\r") && !error.description.contains("\n"))
            }
        }
        let named = try Mailbox.parse("  \"Lao, Pasan\" <p@example.org> ", role: "test")
        #expect(named == Mailbox(displayName: "Lao, Pasan", address: "p@example.org"))
    }

    @Test func renderedMessageHeaders() throws {
        let date = Date(timeIntervalSince1970: 1_751_360_700)  // 2025-07-01 09:05:00 UTC
        let message = MailMessage(
            to: ["a@example.org", "ສົມໃຈ ແກ້ວມະນີ <somchai@example.la>", "\"Doe, Jane\" <jane@example.org>"],
            subject: "ສະບາຍດີ Pasan",
            text: "ສະບາຍດີ\n.dot",
            messageID: "outbox-42@pasan.test"
        )
        let prepared = try PreparedMessage(message, from: "ປະສານ Pasan <pasan@example.org>", date: date)
        #expect(prepared.sender == "pasan@example.org")
        #expect(prepared.recipients == ["a@example.org", "somchai@example.la", "jane@example.org"])
        #expect(prepared.messageID == "<outbox-42@pasan.test>")
        let text = String(decoding: prepared.content, as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "bare LF")
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"), "bare CR")
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
        let mail = ReceivedMail(text)
        #expect(mail.value("Date") == "Tue, 01 Jul 2025 09:05:00 +0000")
        #expect(mail.value("Message-ID") == "<outbox-42@pasan.test>")
        #expect(mail.value("MIME-Version") == "1.0")
        #expect(mail.value("Content-Type") == "text/plain; charset=utf-8")
        #expect(mail.value("Content-Transfer-Encoding") == "base64")
        #expect(mail.decoded("From") == "ປະສານ Pasan <pasan@example.org>")
        #expect(mail.decoded("To") == "a@example.org, ສົມໃຈ ແກ້ວມະນີ <somchai@example.la>, \"Doe, Jane\" <jane@example.org>")
        #expect(mail.decoded("Subject") == "ສະບາຍດີ Pasan")
        for line in mail.rawHeaderLines { #expect(line.utf8.count <= 78, "\(line)") }
        #expect(try mail.parts().map(\.text) == ["ສະບາຍດີ\r\n.dot"])
    }

    @Test func messageIDs() throws {
        #expect(try PreparedMessage.messageID("<a.b@c>", domain: "x") == "<a.b@c>")
        #expect(try PreparedMessage.messageID(" outbox-1@pasan ", domain: "x") == "<outbox-1@pasan>")
        let generated = try PreparedMessage.messageID(nil, domain: "example.org")
        #expect(generated.hasPrefix("<") && generated.hasSuffix("@example.org>"))
        #expect(try PreparedMessage.messageID(nil, domain: "example.org") != generated)
        for bad in ["", "no-at-sign", "a@b\r\nBcc: x@y.z", "a b@c", "<a@b", "a@b@c", "<>", "a@"] {
            #expect(throws: SMTPError.self, "\(bad.debugDescription)") { try PreparedMessage.messageID(bad, domain: "x") }
        }
    }

    @Test func errorsAreClassified() {
        #expect(SMTPError.connectionFailed(host: "h", port: 25, reason: "refused").isTransient)
        #expect(SMTPError.timeout(step: "EHLO").isTransient)
        #expect(SMTPError.rejected(step: "RCPT TO", code: 450, message: "mailbox busy").isTransient)
        #expect(SMTPError.rejected(step: "RCPT TO", code: 421, message: "closing").isTransient)
        #expect(!SMTPError.rejected(step: "RCPT TO", code: 550, message: "no such user").isTransient)
        #expect(!SMTPError.protocolViolation("bad address").isTransient)
        #expect(!SMTPError.invalidURL("bad").isTransient)
        #expect(
            SMTPError.rejected(step: "MAIL FROM", code: 550, message: "5.7.1 denied").description
                == "the SMTP server rejected MAIL FROM: 550 5.7.1 denied"
        )
        #expect(SMTPError.connectionFailed(host: "::1", port: 25, reason: "x").description.contains("[::1]:25"))
    }

    @Test func loopbackHosts() {
        for host in ["localhost", "LOCALHOST.", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "::ffff:127.0.0.1", "mail.localhost"] {
            #expect(SMTPConfiguration.isLoopback(host), "\(host)")
        }
        for host in ["example.org", "10.0.0.1", "128.0.0.1", "::2", "localhost.example.org", "127.0.0.1.nip.io"] {
            #expect(!SMTPConfiguration.isLoopback(host), "\(host)")
        }
    }
}

/// `SMTPConfiguration(url:from:)`.
@Suite struct URLParsingTests {
    @Test func plainURL() throws {
        let c = try SMTPConfiguration(url: "smtp://127.0.0.1:2525", from: "p@example.org")
        #expect(c == SMTPConfiguration(host: "127.0.0.1", port: 2525, from: "p@example.org"))
        #expect(c.security == .none && c.username == nil && c.password == nil)
        #expect(c.helloName == "pasan.local" && c.timeout == .seconds(10))
    }

    @Test func credentialsArePercentDecoded() throws {
        let c = try SMTPConfiguration(
            url: "smtp://user%40example.org:p%3Ass%40w%2Frd%20%E0%BA%AA@mail.example.org:587?starttls=true",
            from: "p@example.org"
        )
        #expect(c.host == "mail.example.org")
        #expect(c.port == 587)
        #expect(c.security == .startTLS)
        #expect(c.username == "user@example.org")
        #expect(c.password == "p:ss@w/rd ສ")
    }

    @Test func unencodedAtInPasswordUsesTheLastAt() throws {
        let c = try SMTPConfiguration(url: "smtps://me:a@b@mail.example.org", from: "p@example.org")
        #expect(c.username == "me" && c.password == "a@b" && c.host == "mail.example.org")
    }

    @Test func defaultPortsAndSchemes() throws {
        #expect(try SMTPConfiguration(url: "smtp://mail.example.org", from: "p@x.y").port == 25)
        #expect(try SMTPConfiguration(url: "smtp://mail.example.org/?starttls=true", from: "p@x.y").port == 587)
        let smtps = try SMTPConfiguration(url: "SMTPS://mail.example.org", from: "p@x.y")
        #expect(smtps.port == 465 && smtps.security == .tls)
        #expect(try SMTPConfiguration(url: "smtp://mail.example.org?starttls", from: "p@x.y").security == .startTLS)
        #expect(try SMTPConfiguration(url: "smtp://mail.example.org?starttls=0", from: "p@x.y").security == .none)
        #expect(try SMTPConfiguration(url: "smtp://user@mail.example.org", from: "p@x.y").username == "user")
        #expect(try SMTPConfiguration(url: "smtp://user@mail.example.org", from: "p@x.y").password == nil)
    }

    @Test func ipv6Host() throws {
        let c = try SMTPConfiguration(url: "smtp://[::1]:2525", from: "p@x.y")
        #expect(c.host == "::1" && c.port == 2525)
    }

    @Test(arguments: [
        "", "mail.example.org", "http://mail.example.org", "smtp://", "smtp://:25", "smtp://host:0", "smtp://host:65536",
        "smtp://host:abc", "smtp://host:25/path", "smtp://host?tls=true", "smtp://host?starttls=maybe",
        "smtps://host?starttls=true", "smtp://ho st", "smtp://host\r\n:25", "smtp://u:p%zz@host", "smtp://u:%FF@host",
        "smtp://[::1", "smtp://[nothost]:25", "smtp://host#frag", "smtp://:secret@host", "smtp://a..b",
    ])
    func invalidURLs(_ url: String) {
        #expect {
            try SMTPConfiguration(url: url, from: "p@x.y")
        } throws: { error in
            guard let error = error as? SMTPError, case .invalidURL(let reason) = error else { return false }
            return !error.isTransient && !reason.contains("secret")
        }
    }
}
