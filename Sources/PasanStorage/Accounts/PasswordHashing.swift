import Foundation
import NIOPosix
import Synchronization

/// Runs password hashing (scrypt: 32 MiB and tens of milliseconds each, on purpose) on a few
/// dedicated threads, never on the threads that answer requests, and at most `width` at once.
/// The threads run at a lower scheduling priority (nice 10 on Linux), so a burst of sign-ins
/// takes longer instead of slowing every page down. Callers wait their turn suspended; when
/// `queueLimit` are already waiting, a new caller is refused at once (`Busy`) instead of piling
/// up memory and latency.
public final class PasswordHashing: Sendable {
    public struct Busy: Error, Sendable {}

    /// One pool for the process: hashing is CPU-bound, so one core is left for everything else.
    public static let shared = PasswordHashing(width: max(1, ProcessInfo.processInfo.activeProcessorCount - 1), queueLimit: 64)

    public let width: Int
    public let queueLimit: Int
    private let threads: NIOThreadPool
    private let state = Mutex<(running: Int, waiting: [CheckedContinuation<Void, Never>])>((0, []))

    public init(width: Int, queueLimit: Int) {
        self.width = max(1, width)
        self.queueLimit = max(0, queueLimit)
        threads = NIOThreadPool(numberOfThreads: self.width)
        threads.start()
    }

    deinit {
        threads.shutdownGracefully { _ in }
    }

    /// Lowers the calling thread's priority (on Linux the nice value is per thread, and these
    /// threads belong to this pool only).
    static func lowerPriority() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }

    /// Runs `work` on the hashing threads when a slot is free.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await threads.runIfActive {
            Self.lowerPriority()
            return try work()
        }
    }

    private func acquire() async throws {
        enum Entry { case go, wait, busy }
        let entry: Entry = state.withLock { s in
            if s.running < width {
                s.running += 1
                return .go
            }
            return s.waiting.count >= queueLimit ? .busy : .wait
        }
        switch entry {
        case .go: return
        case .busy: throw Busy()
        case .wait:
            // The slot is handed over by `release` (running stays counted for us).
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let handedOver: Bool = state.withLock { s in
                    if s.running < width {
                        s.running += 1
                        return true
                    }
                    s.waiting.append(continuation)
                    return false
                }
                if handedOver { continuation.resume() }
            }
        }
    }

    private func release() {
        let next: CheckedContinuation<Void, Never>? = state.withLock { s in
            if s.waiting.isEmpty {
                s.running -= 1
                return nil
            }
            return s.waiting.removeFirst()
        }
        next?.resume()
    }
}
