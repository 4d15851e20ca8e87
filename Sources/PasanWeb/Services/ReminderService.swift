import Foundation
import Logging
import PasanDomain
import PasanStorage
import PasanViews
import ServiceLifecycle

/// Runs the deadline reminders in the background (every few minutes); safe with several
/// processes: one runs a round at a time (`Database.runExclusively`), and each reminder is
/// recorded once in the database before it is queued.
public struct ReminderService: Service {
    public let reminders: Reminders
    public let publicURL: String
    public let interval: Duration
    public let logger: Logger

    public init(reminders: Reminders, publicURL: String, interval: Duration = .seconds(300), logger: Logger) {
        self.reminders = reminders
        self.publicURL = publicURL
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let base = publicURL
                let reminders = self.reminders
                // One node at a time runs the round (each reminder is also claimed in the
                // database, so even overlapping rounds send it once).
                let queued = try await reminders.database.runExclusively("reminders") {
                    try await reminders.sendDue(
                        today: reminders.database.clock.today,
                        link: { id, institution in base + SitePath(language: .lo, page: .request(id, institution)).path }
                    )
                }
                if let queued {
                    PasanMetrics.reminderRuns.increment()
                    PasanMetrics.remindersQueued.increment(by: queued)
                    if queued > 0 { logger.notice("queued \(queued) deadline reminder(s)") }
                }
            } catch {
                logger.error("reminders failed: \(error)")
            }
            // Graceful shutdown (SIGTERM) ends the wait at once, not after the interval.
            let interval = self.interval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
