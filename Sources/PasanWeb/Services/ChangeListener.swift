import Logging
import PasanStorage
import ServiceLifecycle
import Synchronization

/// Keeps this process's catalog, progress table and rendered pages in step with the other
/// processes on the same database: what they announce (`Database.watchChanges`) is applied
/// here (`PortalState.apply`). A burst of announcements (a publication announces once per
/// request, an import may follow at once) is applied once: what arrives while a reload runs is
/// merged into the next one.
public struct ChangeListener: Service {
    let state: PortalState
    let logger: Logger
    let pollInterval: Duration

    public init(state: PortalState, logger: Logger, pollInterval: Duration = .milliseconds(250)) {
        self.state = state
        self.logger = logger
        self.pollInterval = pollInterval
    }

    public func run() async throws {
        let pending = PendingChange()
        let (wake, waker) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let changes = state.database.watchChanges(node: state.node, pollInterval: pollInterval)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in changes {
                    pending.add(event)
                    waker.yield()
                }
                waker.finish()
            }
            group.addTask {
                for await _ in wake {
                    guard let event = pending.take() else { continue }
                    do {
                        try await state.apply(event)
                        PasanMetrics.changesApplied(event)
                        logger.debug("applied a change from another process", metadata: ["change": "\(event)"])
                    } catch {
                        // Tried again in a second (the database may be back by then).
                        logger.error("could not apply a change from another process: \(error)")
                        pending.add(.resync)
                        try? await Task.sleep(for: .seconds(1))
                        waker.yield()
                    }
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
            waker.finish()
        }
    }

    /// The one event that covers both: a data reload covers forgetting pages.
    static func merge(_ a: ChangeEvent?, _ b: ChangeEvent) -> ChangeEvent {
        switch (a, b) {
        case (nil, _): b
        case (.resync, _), (_, .resync): .resync
        case (.changed(.data), _), (_, .changed(.data)): .changed(.data)
        default: .changed(.pages)
        }
    }
}

/// The change waiting to be applied: what arrives while a reload runs is merged into it.
final class PendingChange: Sendable {
    private let box = Mutex<ChangeEvent?>(nil)

    func add(_ event: ChangeEvent) {
        box.withLock { $0 = ChangeListener.merge($0, event) }
    }

    func take() -> ChangeEvent? {
        box.withLock { current in
            defer { current = nil }
            return current
        }
    }
}
