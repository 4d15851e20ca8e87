import Foundation
import PasanDomain
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// The periods each submission holds a value for, kept on the submission (migration 18) so the
/// cycle dashboard need not count them over every value: after a whole save, after one area's
/// save, and for the rows already there when the migration runs, always what counting the values
/// themselves gives.
@Suite struct PeriodsDeliveredTests {
    typealias C = CycleStorageTests

    /// Counting the values themselves, as the dashboard did before migration 18.
    static func counted(_ database: Database, _ submissionID: Int64) async throws -> Int {
        try await database.read { db in
            try await db.raw(
                """
                SELECT COUNT(DISTINCT period) AS n FROM submission_values
                WHERE submission_id = \(bind: submissionID) AND value IS NOT NULL
                """
            ).first()!.int("n")
        }
    }

    static func delivered(_ database: Database, _ cycleID: Int64) async throws -> Int? {
        try await SubmissionRepository(database: database).dashboardItems(cycleID: cycleID)["MOH|3.1.2"]?.cellsDelivered
    }

    /// A cycle asking MOH for 3.1.2, and MOH's first save: 2022 and 2023 nationally (2023 twice,
    /// by sex), 2024 without a value.
    static func firstSave(_ database: Database) async throws -> (cycleID: Int64, submission: Submission) {
        let cycles = CycleRepository(database: database)
        let cycle = try await cycles.create(C.cycle(indicators: ["3.1.2"]), change: .test)
        _ = try await cycles.open(id: cycle.id!, today: .today, link: { "https://pasan.example/\($0)" }, change: .test)
        let submission = try await SubmissionRepository(database: database).save(
            cycleID: cycle.id!,
            institution: "MOH",
            indicator: "3.1.2",
            values: [
                C.value("3.1.2", "SH_STA_BRTC", "2022", 64), C.value("3.1.2", "SH_STA_BRTC", "2023", 66, dims: "SEX=F"),
                C.value("3.1.2", "SH_STA_BRTC", "2023", 65, dims: "SEX=M"),
                SubmittedValue(
                    key: CellKey(indicator: "3.1.2", series: "SH_STA_BRTC", area: "LA", period: "2024", dimensions: ""),
                    unit: "PT",
                    value: nil
                ),
            ],
            basedOn: nil,
            warningsComment: nil,
            change: .test
        )
        return (cycle.id!, submission)
    }

    @Test(arguments: Backend.all)
    func wholeAndOneAreaSavesKeepTheCount(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let (cycleID, first) = try await Self.firstSave(database)
            #expect(try await Self.delivered(database, cycleID) == 2)
            #expect(try await Self.counted(database, first.id) == 2)

            // One province's values: 2025 there, the national values stay.
            let subs = SubmissionRepository(database: database)
            let second = try await subs.save(
                cycleID: cycleID,
                institution: "MOH",
                indicator: "3.1.2",
                values: [
                    C.value("3.1.2", "SH_STA_BRTC", "2025", 70, area: "01"), C.value("3.1.2", "SH_STA_BRTC", "2022", 61, area: "0101"),
                ],
                basedOn: first.version,
                warningsComment: nil,
                onlyArea: "01",
                change: .test
            )
            #expect(try await Self.delivered(database, cycleID) == 3)
            #expect(try await Self.counted(database, second.id) == 3)

            // The province's values replaced by nothing: back to the national periods.
            let third = try await subs.save(
                cycleID: cycleID,
                institution: "MOH",
                indicator: "3.1.2",
                values: [],
                basedOn: second.version,
                warningsComment: nil,
                onlyArea: "01",
                change: .test
            )
            #expect(try await Self.delivered(database, cycleID) == 2)

            // A whole save with one period.
            _ = try await subs.save(
                cycleID: cycleID,
                institution: "MOH",
                indicator: "3.1.2",
                values: [C.value("3.1.2", "SH_STA_BRTC", "2023", 66)],
                basedOn: third.version,
                warningsComment: nil,
                change: .test
            )
            #expect(try await Self.delivered(database, cycleID) == 1)
            #expect(try await Self.counted(database, first.id) == 1)
        }
    }

    /// A database whose submissions were saved before migration 18: the migration counts them.
    @Test(arguments: Backend.all)
    func theMigrationCountsTheValuesAlreadyThere(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let (cycleID, first) = try await Self.firstSave(database)
            try await database.write { db in
                try await db.raw("ALTER TABLE submissions DROP COLUMN periods_delivered").run()
                try await db.raw("DELETE FROM schema_migrations WHERE id = 18").run()
            }
            #expect(try await MigrationRunner(database: database).migrate().map(\.id) == [18])
            #expect(try await Self.delivered(database, cycleID) == 2)
            #expect(try await Self.counted(database, first.id) == 2)
        }
    }
}
