import Logging
import PasanDomain
import PasanReferenceData

/// Brings a database to a usable state: opened, migrated, and seeded with the shipped reference
/// data if it is empty (and the demo data when asked). Used by `pasan serve`, `pasan migrate`,
/// `pasan seed` and the tests alike.
public struct StorageBootstrap: Sendable {
    public struct Report: Sendable {
        public var appliedMigrations: [Migration]
        public var reference: ReferenceDataSeeder.Outcome?
        public var demo: ReferenceDataSeeder.Outcome?
        /// Demo accounts created by this start (their passwords are shown once).
        public var demoAccounts: [DemoInstitutionalData.Credential] = []
    }

    public var reference: ReferenceDataLoader
    public var demoData: DemoDataLoader
    public var passwordCost: Secrets.Cost

    public init(reference: ReferenceDataLoader = .bundled, demoData: DemoDataLoader = .bundled, passwordCost: Secrets.Cost = .standard) {
        self.reference = reference
        self.demoData = demoData
        self.passwordCost = passwordCost
    }

    /// Migrates, then seeds. Reference files are read and checked before any write, so a broken
    /// file leaves the database as it was.
    public func prepare(_ database: Database, seed: Bool, demo: Bool) async throws -> Report {
        let applied = try await MigrationRunner(database: database).migrate()
        var report = Report(appliedMigrations: applied)
        guard seed || demo else { return report }
        let seeder = ReferenceDataSeeder(database: database)
        if try await !seeder.isSeeded() {
            report.reference = try await seeder.seedIfEmpty(try reference.load())
        } else {
            report.reference = .alreadyPresent
        }
        if demo {
            let series = try await database.read { db in
                try await db.select().columns("code", "indicator").from("series").all().map { (try $0.string("code"), try $0.string("indicator")) }
            }
            let demoSet = try demoData.load(seriesIndicators: Dictionary(series, uniquingKeysWith: { a, _ in a }))
            report.demo = try await seeder.seedDemoIfAbsent(demoSet)
            report.demoAccounts = try await DemoInstitutionalData(database: database, directory: demoData.directory).seedIfAbsent(passwordCost: passwordCost)
        }
        return report
    }
}
