import Foundation
import Logging
import PasanMail
import PasanStorage
import ServiceLifecycle

/// Delivers the outbox over SMTP: claims due messages (a lease, so several Pasan processes never
/// send one twice), sends each, and records success or a failure with back-off. When no mail
/// server is configured, messages stay queued and nothing is lost.
public struct OutboxDelivery: Service {
    public let outbox: Outbox
    public let smtp: SMTPConfiguration?
    public let interval: Duration
    public let logger: Logger

    public init(outbox: Outbox, smtp: SMTPConfiguration?, interval: Duration = .seconds(5), logger: Logger) {
        self.outbox = outbox
        self.smtp = smtp
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        guard let smtp else {
            logger.notice("no SMTP server configured (--smtp-url or PASAN_SMTP_URL): e-mail stays in the outbox")
            try? await gracefulShutdown()
            return
        }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await deliverDue(using: SMTPClient(configuration: smtp, logger: logger))
            } catch {
                logger.error("outbox delivery failed: \(error)")
            }
            // Graceful shutdown (SIGTERM) ends the wait at once, not after the interval.
            let interval = self.interval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    /// One pass: returns how many messages were sent.
    public func deliverDue(using client: SMTPClient, now: Date = Date()) async throws -> Int {
        var sent = 0
        for message in try await outbox.claimDue(now: now) {
            do throws(SMTPError) {
                try await client.send(
                    MailMessage(
                        to: [message.recipient],
                        subject: message.subject,
                        text: message.text,
                        html: message.html,
                        messageID: message.messageID
                    )
                )
            } catch {
                logger.warning("could not send outbox message \(message.id): \(error)")
                try await outbox.markFailed(message.id, error: error.description, permanent: !error.isTransient, now: now)
                continue
            }
            try await outbox.markSent(message.id)
            sent += 1
        }
        return sent
    }
}
