import Foundation
import Logging
import PasanDomain
import PasanStorage
import ServiceLifecycle

/// Runs the scheduled DHIS2 pulls in the background: every `interval`, each instance whose
/// scheduled pull is due is pulled, and a scheduled pull that failed for a reason worth retrying
/// (DHIS2 down, slow, answering 5xx) is tried again when its back-off has passed
/// (`DHIS2Puller.retryDelays`). Without `PASAN_SECRET_KEY` no credential can be opened, so the
/// service does nothing.
public struct DHIS2PullService: Service {
    let state: PortalState
    let secrets: SecretBox?
    let interval: Duration
    let logger: Logger
    /// Sent with every request to DHIS2 (the tests name their stand-in session).
    let headers: [String: String]

    public init(state: PortalState, interval: Duration = .seconds(60), logger: Logger, headers: [String: String] = [:]) {
        self.state = state
        self.secrets = state.secrets
        self.interval = interval
        self.logger = logger
        self.headers = headers
    }

    /// The pulls due now, each run once. Returns how many ran.
    @discardableResult
    public func runDue() async throws -> Int {
        guard let secrets else { return 0 }
        let puller = DHIS2Puller(state: state, secrets: secrets, headers: headers, logger: logger)
        let due = try await DHIS2Repository(database: state.database).due(at: state.database.clock.now())
        for (instance, attempt) in due {
            // One instance's trouble (its database rows, say) does not hold up the others.
            do {
                try await puller.pull(instanceID: instance.id, trigger: .schedule, attempt: attempt, change: Self.scheduler)
            } catch {
                logger.error("scheduled DHIS2 pull failed", metadata: ["instance": "\(instance.id)", "error": "\(error)"])
            }
        }
        return due.count
    }

    /// Who scheduled pulls are recorded as.
    static let scheduler = ChangeContext(actorID: nil, actorName: "pasan (scheduled DHIS2 pull)", address: nil)

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                // One node at a time pulls: a pull due now is run once across the nodes.
                let ran = try await state.database.runExclusively("dhis2-pulls") { try await runDue() } ?? 0
                if ran > 0 { logger.notice("ran \(ran) scheduled DHIS2 pull(s)") }
            } catch {
                logger.error("scheduled DHIS2 pulls failed: \(error)")
            }
            let interval = self.interval
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
