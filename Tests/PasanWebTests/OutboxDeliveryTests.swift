import Foundation
import HummingbirdTesting
import PasanMail
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// The password-reset e-mail travels the whole way: the outbox, then SMTP to a real sink
/// (aiosmtpd, started by scripts/test), where the one-time link is read back and used.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PASAN_TEST_SMTP_URL"] != nil || ProcessInfo.processInfo.environment["CI"] != nil))
struct OutboxDeliveryTests {
    @Test(arguments: Backend.all)
    func passwordResetLinkArrivesAndWorksOnce(backend: Backend) async throws {
        let env = ProcessInfo.processInfo.environment
        let smtpURL = try #require(env["PASAN_TEST_SMTP_URL"], "scripts/test starts an SMTP sink and sets PASAN_TEST_SMTP_URL")
        let maildir = try #require(env["PASAN_TEST_MAILDIR"])
        try await TestDatabases.withSeeded(backend) { database in
            let email = "reset-\(backend)-\(UUID().uuidString.prefix(8).lowercased())@example.la"
            try await AccountRepository(database: database, passwordCost: .fastForTests)
                .createUser(email: email, name: "Vilay", password: "the first password", grants: [], change: .commandLine)
            // The demo data already queued mail (cycle requests): set it aside, to count only ours.
            for message in try await Outbox(database: database).claimDue() { try await Outbox(database: database).markSent(message.id) }
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let configuration = PortalConfiguration(publicURL: "https://pasan.example.la")
            let app = try buildApplication(configuration: configuration, state: state, logger: TestDatabases.logger)
            try await app.test(.router) { client in
                let page = try await client.execute(uri: "/en/password-reset", method: .get)
                let cookie = try #require(page.headers[.setCookie]?.components(separatedBy: ";").first)
                let csrf = try #require(String(buffer: page.body).firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
                let asked = try await post(
                    client,
                    "/en/password-reset",
                    session: TestSession(cookie: cookie, csrf: String(csrf)),
                    fields: ["email": email]
                )
                #expect(String(buffer: asked.body).contains("If an account uses this e-mail"))

                // Delivery, as the background service does it.
                let delivery = OutboxDelivery(
                    outbox: Outbox(database: database),
                    smtp: try SMTPConfiguration(url: smtpURL, from: "pasan@example.la"),
                    logger: TestDatabases.logger
                )
                let sent = try await delivery.deliverDue(using: SMTPClient(configuration: delivery.smtp!, logger: TestDatabases.logger))
                #expect(sent == 1)
                #expect(try await Outbox(database: database).messages().first?.sentAt != nil)

                // Read it back from the sink and follow the link.
                let text = try await Self.message(to: email, in: maildir)
                let link = try #require(text.firstMatch(of: /https:\/\/pasan\.example\.la(\/lo\/password-reset\/[A-Za-z0-9_-]+)/)?.1)
                #expect(try await client.execute(uri: String(link), method: .get).status == .ok)
                let reset = try await post(
                    client,
                    String(link),
                    session: TestSession(cookie: cookie, csrf: String(csrf)),
                    fields: ["password": "the second password"]
                )
                #expect(reset.status == .seeOther)
                #expect(try await client.execute(uri: String(link), method: .get).status == .gone)
            }
        }
    }

    /// The decoded text of the message to `recipient` in the sink's maildir (base64 bodies decoded).
    static func message(to recipient: String, in maildir: String, containing needle: String? = nil) async throws -> String {
        for _ in 0..<50 {
            for folder in ["new", "cur"] {
                let dir = URL(fileURLWithPath: maildir).appendingPathComponent(folder)
                for file in (try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? [] {
                    let raw = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
                    guard raw.contains(recipient) else { continue }
                    let decoded = raw.components(separatedBy: "\n\n").flatMap { block in
                        block.components(separatedBy: "\r\n\r\n")
                    }.compactMap { chunk -> String? in
                        let compact = chunk.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "")
                        return Data(base64Encoded: compact).flatMap { String(data: $0, encoding: .utf8) }
                    }.joined(separator: "\n")
                    let text = raw + "\n" + decoded
                    if let needle, !text.contains(needle) { continue }
                    return text
                }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestDatabaseError(description: "no message to \(recipient) arrived in \(maildir)")
    }
}
