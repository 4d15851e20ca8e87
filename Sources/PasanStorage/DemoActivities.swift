import Foundation
import PasanDomain
import PasanReferenceData
import SQLKit

/// The demo activities (`Resources/demo/activities.csv`, illustrative): read and checked like
/// any activity file, saved once through `ActivityRepository.save` (actor `seed`), then overlaps
/// detected. A marker in `pasan_meta` records that they are in place.
public struct DemoActivities: Sendable {
    public static let marker = "demo_activities_v14"
    public static let path = "demo/activities.csv"

    public let database: Database
    /// The Resources folder holding `demo/activities.csv`.
    public let directory: URL

    public init(database: Database, directory: URL) {
        self.database = database
        self.directory = directory
    }

    /// Seeds the demo activities unless their marker is set. A problem in the file stops the
    /// seed with the file's line and column, before anything is written.
    @discardableResult
    public func seedIfAbsent() async throws -> ReferenceDataSeeder.Outcome {
        if try await database.read({ db in try await ReferenceDataSeeder.marker(Self.marker, in: db) }) != nil {
            return .alreadyPresent
        }
        let institutions = try await InstitutionRepository(database: database).all()
        let names = Dictionary(institutions.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let text = try String(contentsOf: directory.appendingPathComponent(Self.path), encoding: .utf8)
        let reading = ActivityFile.read(text: text, file: Self.path, institutions: names, origin: .demo)
        if let problem = reading.problems.first {
            throw DataFileIssue(file: problem.file, line: problem.line, column: problem.column, message: problem.message.text(in: .en))
        }
        let activities = reading.activities.map { activity in
            var activity = activity
            activity.sourceFile = nil
            activity.title.loStatus = .unreviewed
            return activity
        }
        try await ActivityRepository(database: database).save(activities, by: "seed", reason: "Pasan's demo data (illustrative)")
        try await OverlapRepository(database: database).refresh(now: database.clock.now())
        try await database.write { db in
            try await ReferenceDataSeeder.setMarker(Self.marker, value: String(activities.count), in: db)
        }
        return .seeded
    }
}
