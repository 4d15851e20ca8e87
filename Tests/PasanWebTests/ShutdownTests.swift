import Foundation
import Testing

/// Issue 8, defect 5: `pasan serve` ended ~5 minutes after SIGTERM, because the reminder service
/// slept 300 s in a way graceful shutdown did not interrupt (systemd waits 90 s, Kubernetes 30 s).
/// This starts the real binary, waits until it listens, sends SIGTERM and requires a clean exit
/// within 10 seconds.
@Suite struct ShutdownTests {
    /// `.build/debug/pasan`, beside the test bundle (`swift build --build-tests` builds both).
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("pasan")
    }

    @Test func sigtermEndsTheServerWithinTenSeconds() async throws {
        let binary = Self.binary
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build the pasan binary first (swift build): \(binary.path)"
        )
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pasan-shutdown-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0", "--database-url", "sqlite://\(directory.path)/pasan.sqlite"]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PASAN_") && $0.key != "DATABASE_URL" }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let lines = Lines()
        output.fileHandleForReading.readabilityHandler = { handle in lines.append(handle.availableData) }
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }

        // Up to two minutes to migrate, seed and listen (a debug build on a busy machine).
        var listening = false
        for _ in 0..<1200 where process.isRunning {
            if lines.text.contains("is listening on") { listening = true; break }
            try await Task.sleep(for: .milliseconds(100))
        }
        try #require(listening, "the server did not start: \(lines.text)")
        // Let the background services (outbox, reminders) enter their waits.
        try await Task.sleep(for: .seconds(1))

        kill(process.processIdentifier, SIGTERM)
        var exited = false
        for _ in 0..<100 {
            if !process.isRunning { exited = true; break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(exited, "still running 10 s after SIGTERM: \(lines.text)")
        if exited {
            #expect(process.terminationStatus == 0, "exit status \(process.terminationStatus): \(lines.text)")
        }
        output.fileHandleForReading.readabilityHandler = nil
    }
}

/// What the child process printed, collected from the pipe's handler.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) {
        lock.lock()
        data.append(chunk)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
