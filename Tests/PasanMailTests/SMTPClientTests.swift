import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import PasanMail

let testLogger: Logger = {
    var logger = Logger(label: "pasan.mail.tests")
    logger.logLevel = .warning
    return logger
}()

/// Against a real SMTP server: the aiosmtpd sink that scripts/test starts
/// (PASAN_TEST_SMTP_URL, PASAN_TEST_MAILDIR). Skipped when it is not configured, except in CI.
@Suite(.enabled(if: Sink.isEnabled, "PASAN_TEST_SMTP_URL is not set (scripts/test starts an aiosmtpd sink)"))
struct SinkTests {
    @Test func laoAndEnglishMessageArrivesIntact() async throws {
        let sink = try Sink.configuration()
        let token = uniqueToken()
        let subject = "ສະບາຍດີ — ແຈ້ງເຕືອນຈາກລະບົບ Pasan: ຕົວຊີ້ວັດ SDG 1.1.1 ໄດ້ຮັບການອະນຸມັດແລ້ວ \(token)"
        let text = """
            ສະບາຍດີ ທ່ານ ສົມໃຈ,

            Hello Somchai,
            .this line starts with a dot
            ..and this one with two
            .
            The previous line was a single dot; ຂອບໃຈ.
            """
        let messageID = "outbox-\(token)@pasan.test"
        let client = SMTPClient(configuration: try sink.smtp(), logger: testLogger)
        try await client.send(MailMessage(to: ["somchai@example.la"], subject: subject, text: text, messageID: messageID))

        let mail = try await Sink.message(containing: messageID, in: sink.maildir)
        #expect(mail.values("Message-ID") == ["<\(messageID)>"])
        #expect(mail.decoded("Subject") == subject)
        #expect(mail.decoded("From") == "Pasan Tests <pasan-tests@pasan.test>")
        #expect(mail.value("To") == "somchai@example.la")
        #expect(mail.value("MIME-Version") == "1.0")
        #expect(mail.value("Content-Type") == "text/plain; charset=utf-8")
        #expect(mail.value("Content-Transfer-Encoding") == "base64")
        #expect(mail.value("X-MailFrom") == "pasan-tests@pasan.test")
        #expect(mail.value("X-RcptTo") == "somchai@example.la")
        let date = try #require(mail.value("Date"))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let sent = try #require(formatter.date(from: date), "unparseable Date: \(date)")
        #expect(abs(sent.timeIntervalSinceNow) < 300)

        // Subject folded into encoded words on lines of at most 76 characters.
        let subjectStart = try #require(mail.rawHeaderLines.firstIndex { $0.hasPrefix("Subject:") })
        let subjectLines =
            [mail.rawHeaderLines[subjectStart]]
            + mail.rawHeaderLines[(subjectStart + 1)...].prefix { $0.hasPrefix(" ") || $0.hasPrefix("\t") }
        #expect(subjectLines.count > 1)
        for line in subjectLines {
            #expect(line.utf8.count <= 76, "\(line)")
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII })
        }

        // The body, base64-decoded, is exactly the text in canonical (CRLF) form.
        let parts = try mail.parts()
        #expect(parts.count == 1)
        #expect(parts.first?.text == text.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(parts.first?.text.contains("ສະບາຍດີ ທ່ານ ສົມໃຈ") == true)
    }

    @Test func htmlAlternativeArrivesAsMultipart() async throws {
        let sink = try Sink.configuration()
        let token = uniqueToken()
        let text = "ລາຍງານໃໝ່ / New report \(token)\n.dot line"
        let html = "<!doctype html>\n<p lang=\"lo\">ລາຍງານໃໝ່</p>\n<p>New report \(token)</p>\n.dot line"
        let client = SMTPClient(configuration: try sink.smtp(), logger: testLogger)
        try await client.send(MailMessage(to: ["a@example.org"], subject: "HTML \(token)", text: text, html: html))

        let mail = try await Sink.message(containing: "HTML \(token)", in: sink.maildir)
        let contentType = try #require(mail.value("Content-Type"))
        #expect(contentType.hasPrefix("multipart/alternative;"))
        #expect(mail.value("Subject") == "HTML \(token)")  // short ASCII: verbatim
        let parts = try mail.parts()
        #expect(parts.map(\.contentType) == ["text/plain; charset=utf-8", "text/html; charset=utf-8"])
        #expect(parts.map(\.transferEncoding) == ["base64", "base64"])
        #expect(parts.map(\.text) == [text, html].map { $0.replacingOccurrences(of: "\n", with: "\r\n") })
        let messageID = try #require(mail.value("Message-ID"))
        #expect(messageID.hasPrefix("<") && messageID.hasSuffix("@pasan.test>"))
    }

    @Test func severalRecipients() async throws {
        let sink = try Sink.configuration()
        let token = uniqueToken()
        let recipients = [
            "one@example.org",
            "ສົມໃຈ ແກ້ວມະນີ <somchai@example.la>",
            "\"Doe, Jane\" <jane.doe+sdg@example.org>",
        ]
        let client = SMTPClient(configuration: try sink.smtp(from: "pasan@pasan.test"), logger: testLogger)
        try await client.send(MailMessage(to: recipients, subject: "Recipients \(token)", text: "Hello all"))

        let stored = try await Sink.message(containing: "Recipients \(token)", in: sink.maildir)
        #expect(stored.value("X-RcptTo") == "one@example.org, somchai@example.la, jane.doe+sdg@example.org")
        #expect(stored.decoded("To") == "one@example.org, ສົມໃຈ ແກ້ວມະນີ <somchai@example.la>, \"Doe, Jane\" <jane.doe+sdg@example.org>")
        #expect(stored.value("From") == "pasan@pasan.test")
        // One delivery for all recipients.
        #expect(try Sink.messages(containing: "Recipients \(token)", in: sink.maildir).count == 1)
    }

    @Test func dotStuffingOnTheWire() async throws {
        // The public API sends base64 bodies, where no line can start with ".": this sends raw
        // content to prove that the transport itself stuffs dots (a lone "." would otherwise
        // end the message early).
        let sink = try Sink.configuration()
        let token = uniqueToken()
        let content =
            "Subject: raw \(token)\r\nMessage-ID: <\(token)@pasan.test>\r\n\r\n.leading\r\n..two\r\n.\r\nafter the lone dot\r\n...\r\nend"
        let configuration = try sink.smtp(from: "pasan@pasan.test")
        let client = SMTPClient(configuration: configuration, logger: testLogger)
        try await client.deliver(
            PreparedMessage(
                sender: "pasan@pasan.test",
                recipients: ["a@example.org"],
                messageID: "<\(token)@pasan.test>",
                content: Array(content.utf8)
            )
        )
        let stored = try await Sink.message(containing: "raw \(token)", in: sink.maildir)
        #expect(stored.body == ".leading\n..two\n.\nafter the lone dot\n...\nend\n")
    }

    @Test func headerInjectionIsRefusedOrNeutralised() async throws {
        let sink = try Sink.configuration()
        let token = uniqueToken()
        let configuration = try sink.smtp(from: "pasan@pasan.test")
        let client = SMTPClient(configuration: configuration, logger: testLogger)

        // A recipient with a line break: refused before anything is sent.
        for to in [["a@b.c\r\nBcc: x@y.z"], ["ok@example.org", "a@b.c\nBcc: x@y.z"], ["Name\r\nBcc: x@y.z <a@b.c>"]] {
            do {
                try await client.send(MailMessage(to: to, subject: "inject \(token)", text: "x"))
                Issue.record("send to \(to) did not fail")
            } catch {
                guard case .protocolViolation = error else {
                    Issue.record("expected .protocolViolation, got \(error)")
                    continue
                }
                #expect(!error.isTransient)
            }
        }
        #expect(try Sink.messages(containing: "inject \(token)", in: sink.maildir).isEmpty)

        // A sender with a line break (bad configuration): refused too.
        let badFrom = SMTPClient(
            configuration: SMTPConfiguration(host: configuration.host, port: configuration.port, from: "p@p.test\r\nBcc: x@y.z"),
            logger: testLogger
        )
        await #expect(throws: SMTPError.self) {
            try await badFrom.send(MailMessage(to: ["a@example.org"], subject: "from \(token)", text: "x"))
        }

        // A subject with line breaks: neutralised into spaces, nothing injected.
        let subject = "Report \(token)\r\nBcc: evil@example.org\r\n\r\nInjected body"
        let messageID = "<inject-\(token)@pasan.test>"
        try await client.send(MailMessage(to: ["victim@example.org"], subject: subject, text: "real body", messageID: messageID))
        let stored = try await Sink.message(containing: messageID, in: sink.maildir)
        #expect(stored.values("Bcc").isEmpty)
        #expect(stored.value("X-RcptTo") == "victim@example.org")
        let decodedSubject = try #require(stored.decoded("Subject"))
        #expect(decodedSubject == "Report \(token) Bcc: evil@example.org  Injected body")
        #expect(!decodedSubject.contains("\r") && !decodedSubject.contains("\n"))
        #expect(try stored.parts().map(\.text) == ["real body"])
    }

    @Test func resendWithTheSameMessageIDIsRecognisable() async throws {
        let sink = try Sink.configuration()
        let token = uniqueToken()
        let client = SMTPClient(configuration: try sink.smtp(), logger: testLogger)
        let message = MailMessage(to: ["a@example.org"], subject: "again", text: "x", messageID: "<outbox-7-\(token)@pasan.test>")
        try await client.send(message)
        try await client.send(message)
        let stored = try Sink.messages(containing: "outbox-7-\(token)@pasan.test", in: sink.maildir)
        #expect(stored.count == 2)
        #expect(Set(stored.compactMap { $0.value("Message-ID") }) == ["<outbox-7-\(token)@pasan.test>"])
    }
}

/// Failures that need no server at all.
@Suite struct ConnectionFailureTests {
    @Test func refusedConnectionFailsAndIsTransient() async throws {
        let port = try await closedPort()
        let client = SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: port, from: "p@pasan.test"), logger: testLogger)
        do {
            try await client.send(MailMessage(to: ["a@example.org"], subject: "s", text: "t"))
            Issue.record("send to a closed port succeeded")
        } catch {
            guard case .connectionFailed(let host, let failedPort, let reason) = error else {
                Issue.record("expected .connectionFailed, got \(error)")
                return
            }
            #expect(host == "127.0.0.1" && failedPort == port)
            #expect(reason.lowercased().contains("refused"), "\(reason)")
            #expect(error.isTransient)
        }
    }

    @Test func passwordIsNeverSentInClearToARemoteHost() async throws {
        let client = SMTPClient(
            configuration: SMTPConfiguration(host: "mail.example.org", port: 25, username: "u", password: "secret", from: "p@pasan.test"),
            logger: testLogger
        )
        await #expect {
            try await client.send(MailMessage(to: ["a@example.org"], subject: "s", text: "t"))
        } throws: { error in
            guard let error = error as? SMTPError, case .protocolViolation(let reason) = error else { return false }
            return !error.isTransient && !reason.contains("secret")
        }
        // The refusal is a protocol violation found before connecting (a connection attempt to this
        // host would fail as `.connectionFailed`).
    }

    @Test func invalidConfigurationIsPermanent() async throws {
        for configuration in [
            SMTPConfiguration(host: "127.0.0.1", port: 0, from: "p@pasan.test"),
            SMTPConfiguration(host: "127.0.0.1", port: 25, from: "p@pasan.test", helloName: "bad name\r\nMAIL FROM"),
            SMTPConfiguration(host: "", port: 25, from: "p@pasan.test"),
            SMTPConfiguration(host: "127.0.0.1", port: 25, from: "not an address"),
        ] {
            let client = SMTPClient(configuration: configuration, logger: testLogger)
            do {
                try await client.send(MailMessage(to: ["a@example.org"], subject: "s", text: "t"))
                Issue.record("\(configuration) was accepted")
            } catch {
                #expect(!error.isTransient, "\(error)")
            }
        }
    }
}

/// A TCP port on 127.0.0.1 with nothing listening: bound, then closed.
func closedPort() async throws -> Int {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .bind(host: "127.0.0.1", port: 0)
        .get()
    let port = try #require(channel.localAddress?.port)
    try await channel.close()
    return port
}
