import Foundation
import NIOSSL
import Testing

@testable import PasanMail

/// Protocol paths against the scripted ``FakeSMTPServer`` (no external service needed).
@Suite struct ProtocolTests {
    let message = MailMessage(to: ["a@example.org", "b@example.org"], subject: "ສະບາຍດີ", text: "Hello\n.dot")

    func client(
        _ server: FakeSMTPServer,
        host: String = "127.0.0.1",
        security: SMTPConfiguration.Security = .none,
        username: String? = nil,
        password: String? = nil,
        timeout: Duration = .seconds(5),
        trustTestCertificate: Bool = true
    ) throws -> SMTPClient {
        let configuration = SMTPConfiguration(
            host: host,
            port: server.port,
            security: security,
            username: username,
            password: password,
            from: "Pasan <pasan@pasan.test>",
            helloName: "client.pasan.test",
            timeout: timeout
        )
        return SMTPClient(
            configuration: configuration,
            logger: testLogger,
            tlsConfiguration: trustTestCertificate ? try TestCertificate.clientConfiguration() : nil
        )
    }

    @Test func plainConversationWithMultiLineReplies() async throws {
        let server = try await FakeSMTPServer.start { command in
            command.hasPrefix("MAIL FROM") ? .reply("250-first line\n250-second line\n250 2.1.0 sender ok") : .standard
        }
        defer { Task { await server.stop() } }
        try await client(server).send(message)
        #expect(
            server.transcript.commands == [
                "EHLO client.pasan.test",
                "MAIL FROM:<pasan@pasan.test>",
                "RCPT TO:<a@example.org>",
                "RCPT TO:<b@example.org>",
                "DATA",
                "QUIT",
            ]
        )
        let content = try #require(server.transcript.messages.first)
        #expect(content.contains("\r\nSubject: =?UTF-8?B?"))
        #expect(content.contains("\r\nMIME-Version: 1.0\r\n"))
        #expect(content.contains("\r\nContent-Type: text/plain; charset=utf-8\r\n"))
        let body = try #require(content.components(separatedBy: "\r\n\r\n").last)
        #expect(Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: "")) == Data("Hello\r\n.dot".utf8))
    }

    @Test func ehloRefusedFallsBackToHelo() async throws {
        let server = try await FakeSMTPServer.start { command in
            command.hasPrefix("EHLO") ? .reply("502 5.5.1 EHLO not implemented") : .standard
        }
        defer { Task { await server.stop() } }
        try await client(server).send(message)
        #expect(
            server.transcript.commands.prefix(3) == ["EHLO client.pasan.test", "HELO client.pasan.test", "MAIL FROM:<pasan@pasan.test>"]
        )
    }

    @Test func authPlainOnLoopback() async throws {
        let server = try await FakeSMTPServer.start()
        defer { Task { await server.stop() } }
        try await client(server, username: "pasan", password: "pässwörd ສ").send(message)
        let expected = Data("\u{0}pasan\u{0}pässwörd ສ".utf8).base64EncodedString()
        #expect(
            server.transcript.commands.prefix(3) == ["EHLO client.pasan.test", "AUTH PLAIN \(expected)", "MAIL FROM:<pasan@pasan.test>"]
        )
    }

    @Test func authLoginWhenPlainIsNotOffered() async throws {
        let server = try await FakeSMTPServer.start(ehlo: ["fake.test", "AUTH=LOGIN", "8BITMIME"])
        defer { Task { await server.stop() } }
        try await client(server, username: "pasan", password: "secret").send(message)
        #expect(
            server.transcript.commands.prefix(5) == [
                "EHLO client.pasan.test", "AUTH LOGIN", Data("pasan".utf8).base64EncodedString(), Data("secret".utf8).base64EncodedString(),
                "MAIL FROM:<pasan@pasan.test>",
            ]
        )
    }

    @Test func authFailureIsPermanentAndStopsTheConversation() async throws {
        let server = try await FakeSMTPServer.start { command in
            command.hasPrefix("AUTH") ? .reply("535 5.7.8 authentication failed") : .standard
        }
        defer { Task { await server.stop() } }
        await #expect(throws: SMTPError.rejected(step: "AUTH PLAIN", code: 535, message: "5.7.8 authentication failed")) {
            try await client(server, username: "pasan", password: "wrong").send(message)
        }
        #expect(!server.transcript.commands.contains { $0.hasPrefix("MAIL") })
    }

    @Test func noAuthMechanismIsAProtocolViolation() async throws {
        let server = try await FakeSMTPServer.start(ehlo: ["fake.test", "AUTH CRAM-MD5"])
        defer { Task { await server.stop() } }
        await #expect {
            try await client(server, username: "pasan", password: "secret").send(message)
        } throws: { error in
            guard let error = error as? SMTPError, case .protocolViolation(let reason) = error else { return false }
            return reason.contains("CRAM-MD5") && !error.isTransient
        }
    }

    @Test func startTLSThenEhloAgainThenAuth() async throws {
        let server = try await FakeSMTPServer.start()
        defer { Task { await server.stop() } }
        try await client(server, host: "localhost", security: .startTLS, username: "pasan", password: "secret").send(message)
        let commands = server.transcript.commands
        #expect(
            commands.prefix(5) == [
                "EHLO client.pasan.test", "STARTTLS", "<TLS>", "EHLO client.pasan.test",
                "AUTH PLAIN \(Data("\u{0}pasan\u{0}secret".utf8).base64EncodedString())",
            ]
        )
        #expect(commands.last == "QUIT")
        #expect(server.transcript.messages.count == 1)
    }

    @Test func implicitTLS() async throws {
        let server = try await FakeSMTPServer.start(security: .implicitTLS)
        defer { Task { await server.stop() } }
        // 127.0.0.1: the certificate's IP address entry is checked (no SNI for addresses).
        try await client(server, host: "127.0.0.1", security: .tls, username: "pasan", password: "secret").send(message)
        #expect(server.transcript.commands.first == "EHLO client.pasan.test")
        #expect(server.transcript.commands.contains { $0.hasPrefix("AUTH PLAIN ") })
        #expect(server.transcript.messages.count == 1)
    }

    @Test func untrustedCertificateFailsTransiently() async throws {
        let server = try await FakeSMTPServer.start(security: .implicitTLS)
        defer { Task { await server.stop() } }
        await #expect {
            try await client(server, host: "localhost", security: .tls, trustTestCertificate: false).send(message)
        } throws: { error in
            guard let error = error as? SMTPError, case .connectionFailed(_, _, let reason) = error else { return false }
            return reason.hasPrefix("TLS") && error.isTransient
        }
        #expect(!server.transcript.commands.contains { $0.hasPrefix("EHLO") })
    }

    @Test func startTLSRequiredButNotOffered() async throws {
        let server = try await FakeSMTPServer.start(ehlo: ["fake.test", "AUTH PLAIN"])
        defer { Task { await server.stop() } }
        await #expect(throws: SMTPError.protocolViolation("the server does not offer STARTTLS, which the configuration requires")) {
            try await client(server, host: "localhost", security: .startTLS, username: "pasan", password: "secret").send(message)
        }
        #expect(server.transcript.commands == ["EHLO client.pasan.test"])
    }

    @Test func dataInjectedAfterStartTLSReplyIsRefused() async throws {
        let server = try await FakeSMTPServer.start { command in
            command == "STARTTLS" ? .raw("220 go ahead\r\n250-fake.test\r\n250 AUTH PLAIN\r\n") : .standard
        }
        defer { Task { await server.stop() } }
        await #expect {
            try await client(server, host: "localhost", security: .startTLS, username: "pasan", password: "secret").send(message)
        } throws: { error in
            guard let error = error as? SMTPError, case .protocolViolation(let reason) = error else { return false }
            return reason.contains("after agreeing to STARTTLS") && !error.isTransient
        }
        #expect(!server.transcript.commands.contains { $0.hasPrefix("AUTH") })
    }

    @Test func transientAndPermanentRecipientRejections() async throws {
        let server = try await FakeSMTPServer.start { command in
            switch command {
            case "RCPT TO:<busy@example.org>": .reply("450 4.2.1 mailbox busy, try later")
            case "RCPT TO:<nobody@example.org>": .reply("550 5.1.1 no such user")
            default: .standard
            }
        }
        defer { Task { await server.stop() } }
        let smtp = try client(server)
        do {
            try await smtp.send(MailMessage(to: ["a@example.org", "busy@example.org"], subject: "s", text: "t"))
            Issue.record("no error")
        } catch {
            #expect(error == .rejected(step: "RCPT TO:<busy@example.org>", code: 450, message: "4.2.1 mailbox busy, try later"))
            #expect(error.isTransient)
        }
        do {
            try await smtp.send(MailMessage(to: ["nobody@example.org"], subject: "s", text: "t"))
            Issue.record("no error")
        } catch {
            #expect(error == .rejected(step: "RCPT TO:<nobody@example.org>", code: 550, message: "5.1.1 no such user"))
            #expect(!error.isTransient)
        }
        // No DATA after a refused recipient: nothing was delivered.
        #expect(!server.transcript.commands.contains("DATA"))
    }

    @Test func rejectedGreetingAndMessage() async throws {
        let closed = try await FakeSMTPServer.start(greeting: "554 5.3.2 no service here")
        defer { Task { await closed.stop() } }
        await #expect(throws: SMTPError.rejected(step: "greeting", code: 554, message: "5.3.2 no service here")) {
            try await client(closed).send(message)
        }
        let busy = try await FakeSMTPServer.start(greeting: "421 4.3.2 too busy")
        defer { Task { await busy.stop() } }
        await #expect(throws: SMTPError.rejected(step: "greeting", code: 421, message: "4.3.2 too busy")) {
            try await client(busy).send(message)
        }
        let spam = try await FakeSMTPServer.start { command in
            command == "DATA-CONTENT" ? .reply("554 5.7.1 looks like spam") : .standard
        }
        defer { Task { await spam.stop() } }
        await #expect(throws: SMTPError.rejected(step: "end of DATA", code: 554, message: "5.7.1 looks like spam")) {
            try await client(spam).send(message)
        }
    }

    @Test func silentServerTimesOut() async throws {
        let server = try await FakeSMTPServer.start { command in command.hasPrefix("EHLO") ? .silence : .standard }
        defer { Task { await server.stop() } }
        // A short configured timeout, so the test does not wait for the default 10 s (tests never
        // time anything: a loaded CI machine took 15 s here).
        await #expect(throws: SMTPError.timeout(step: "EHLO")) {
            try await client(server, timeout: .milliseconds(300)).send(message)
        }
    }

    @Test func silentGreetingTimesOut() async throws {
        let server = try await FakeSMTPServer.start(greeting: "")  // only an empty line
        defer { Task { await server.stop() } }
        await #expect {
            try await client(server, timeout: .milliseconds(300)).send(message)
        } throws: { error in
            // An empty line is a malformed reply; either way nothing is sent.
            guard let error = error as? SMTPError else { return false }
            if case .protocolViolation = error { return true }
            return error == .timeout(step: "greeting")
        }
    }

    @Test func serverClosingMidConversationIsTransient() async throws {
        let server = try await FakeSMTPServer.start { command in command.hasPrefix("RCPT") ? .close : .standard }
        defer { Task { await server.stop() } }
        await #expect {
            try await client(server).send(message)
        } throws: { error in
            guard let error = error as? SMTPError, case .connectionFailed = error else { return false }
            return error.isTransient
        }
    }

    @Test func malformedRepliesAreProtocolViolations() async throws {
        for bad in ["hello there\r\n", "25 short\r\n", "250-one\r\n251 two\r\n", "2500 ok\r\n", String(repeating: "x", count: 9000)] {
            let server = try await FakeSMTPServer.start { command in command.hasPrefix("MAIL") ? .raw(bad) : .standard }
            defer { Task { await server.stop() } }
            await #expect {
                try await client(server).send(message)
            } throws: { error in
                guard let error = error as? SMTPError, case .protocolViolation = error else { return false }
                return !error.isTransient
            }
        }
    }

    @Test func quitProblemsAfterAcceptanceDoNotFailTheSend() async throws {
        let server = try await FakeSMTPServer.start { command in command == "QUIT" ? .close : .standard }
        defer { Task { await server.stop() } }
        try await client(server).send(message)
        #expect(server.transcript.messages.count == 1)
    }
}
