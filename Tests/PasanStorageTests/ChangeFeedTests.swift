import Foundation
import PasanStorage
import PasanTestSupport
import Testing

/// Issue 15, item 1: two processes on one database — what one announces the other hears (not
/// its own), and a background job runs in one of them at a time. Two `Database` handles on the
/// same database stand for the two processes (each with its own connections, as two processes
/// have).
@Suite struct ChangeFeedTests {
    @Test(arguments: Backend.all)
    func whatOneNodeAnnouncesTheOtherHearsInOrderAndNeverItsOwn(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { a in
            let b = try await Database.open(a.location, logger: TestDatabases.logger)
            let heard = Heard()
            let watcher = Task {
                for await event in b.watchChanges(node: "node-b", pollInterval: .milliseconds(20)) { await heard.add(event) }
            }
            // The listener is set up asynchronously: announce until it hears one.
            var tries = 0
            while await heard.events.isEmpty {
                try await a.announce(.pages, from: "node-a")
                try await Task.sleep(for: .milliseconds(100))
                tries += 1
                try #require(tries < 300, "node b heard nothing on \(backend)")
            }
            // B's own announcement is not heard; A's are, in order.
            try await b.announce(.data, from: "node-b")
            try await a.announce(.data, from: "node-a")
            try await a.announce(.pages, from: "node-a")
            while true {
                let events = await heard.events
                if let data = events.firstIndex(of: .changed(.data)), events[(data + 1)...].contains(.changed(.pages)) { break }
                try await Task.sleep(for: .milliseconds(50))
                tries += 1
                try #require(tries < 600, "node b did not hear the data change on \(backend): \(events)")
            }
            let events = await heard.events
            #expect(events.filter { $0 == .changed(.data) }.count == 1, "\(events)")
            #expect(!events.contains(.resync))
            watcher.cancel()
            await b.close()
        }
    }

    @Test(arguments: Backend.all)
    func aJobRunsInOneNodeAtATime(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { a in
            let b = try await Database.open(a.location, logger: TestDatabases.logger)
            let inner = try await a.runExclusively("reminders") {
                // While A runs it, B skips it; another job is free.
                let skipped = try await b.runExclusively("reminders") { "ran" }
                let other = try await b.runExclusively("dhis2-pulls") { "ran" }
                return (skipped, other)
            }
            #expect(inner?.0 == nil)
            #expect(inner?.1 == "ran")
            // Released when A's run ends, even when it fails.
            #expect(try await b.runExclusively("reminders") { 1 } == 1)
            await #expect(throws: CancellationError.self) { _ = try await a.runExclusively("reminders") { throw CancellationError() } }
            #expect(try await b.runExclusively("reminders") { 2 } == 2)
            await b.close()
        }
    }
}

actor Heard {
    var events: [ChangeEvent] = []
    func add(_ event: ChangeEvent) { events.append(event) }
}
