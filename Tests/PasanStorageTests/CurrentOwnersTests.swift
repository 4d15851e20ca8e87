import PasanDomain
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// `AssignmentRepository.currentOwners(on:)` (the reporting status's narrow read) says what the
/// whole assignments say: the owners of those current on the day, by indicator, an indicator
/// whose current assignments name no owner included. Both databases.
@Suite struct CurrentOwnersTests {
    @Test(arguments: Backend.all)
    func theCurrentOwnersAreThoseOfTheCurrentAssignments(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let repository = AssignmentRepository(database: database)
            let ids = try await repository.all().map(\.id)
            try #require(ids.count >= 4)
            // One ended, one not yet begun, one ending on the day (not current then), one without owners.
            try await database.write { db in
                try await db.raw("UPDATE assignments SET valid_to = '2020-01-01' WHERE id = \(bind: ids[0])").run()
                try await db.raw("UPDATE assignments SET valid_from = '2031-01-01' WHERE id = \(bind: ids[1])").run()
                try await db.raw("UPDATE assignments SET valid_to = '2026-06-01' WHERE id = \(bind: ids[2])").run()
                try await db.raw("DELETE FROM assignment_institutions WHERE part = 'owner' AND assignment_id = \(bind: ids[3])").run()
            }
            for day in [
                LocalDate(year: 2026, month: 6, day: 1)!, LocalDate(year: 2026, month: 5, day: 31)!,
                LocalDate(year: 2019, month: 1, day: 1)!,
            ] {
                var expected: [String: [String]] = [:]
                for a in try await repository.all() where a.isCurrent(on: day) {
                    expected[a.indicator, default: []].append(contentsOf: a.owners)
                }
                #expect(try await repository.currentOwners(on: day) == expected.mapValues { Array(Set($0)).sorted() }, "\(day)")
            }
            let owners = try await repository.currentOwners(on: LocalDate(year: 2026, month: 6, day: 1)!)
            let all = try await repository.all()
            let unowned = try #require(all.first { $0.id == ids[3] })
            #expect(owners[unowned.indicator] != nil)
        }
    }
}
