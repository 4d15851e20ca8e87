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
        /// The shipped plans (seeded once, also into a database seeded before plans came whole).
        public var plans: ReferenceDataSeeder.Outcome?
        /// The demo plans.
        public var demoPlans: ReferenceDataSeeder.Outcome?
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
    /// Holds the start-up lock throughout (`Database.withBootstrapLock`): a second process
    /// starting at the same time waits, then finds the schema and the data in place, which is
    /// success. An error names the step that failed and what the database said.
    public func prepare(_ database: Database, seed: Bool, demo: Bool) async throws -> Report {
        try await database.withBootstrapLock {
            try await prepareLocked(database, seed: seed, demo: demo)
        }
    }

    func prepareLocked(_ database: Database, seed: Bool, demo: Bool) async throws -> Report {
        let applied = try await MigrationRunner(database: database).migrate()
        var report = Report(appliedMigrations: applied)
        guard seed || demo else { return report }
        let seeder = ReferenceDataSeeder(database: database)
        var data: ReferenceDataSet?
        if try await !seeder.isSeeded() {
            let loaded = try reference.load()
            data = loaded
            report.reference = try await Self.step("seeding the reference data") { try await seeder.seedIfEmpty(loaded) }
        } else {
            report.reference = .alreadyPresent
        }
        if try await !seeder.hasPlans(.shipped) {
            let documents = try (data ?? reference.load()).planDocuments
            report.plans = try await Self.step("seeding the shipped plans") { try await seeder.seedPlansIfAbsent(documents, set: .shipped) }
        } else {
            report.plans = .alreadyPresent
        }
        let corrections = try LaoCorrectionsLoader.bundled()
        try await Self.step("applying the shipped Lao corrections") { try await LaoCorrections.apply(corrections, database: database) }
        if demo {
            let series = try await database.read { db in
                try await db.select().columns("code", "indicator").from("series").all().map {
                    (try $0.string("code"), try $0.string("indicator"))
                }
            }
            let demoSet = try demoData.load(seriesIndicators: Dictionary(series, uniquingKeysWith: { a, _ in a }))
            report.demo = try await Self.step("seeding the demo data") { try await seeder.seedDemoIfAbsent(demoSet) }
            report.demoPlans = try await Self.step("seeding the demo plans") {
                try await seeder.seedPlansIfAbsent(demoSet.planDocuments, set: .demo)
            }
            _ = try await Self.step("seeding the demo chains") { try await ChainRepository(database: database).seedDemoIfAbsent() }
            let cost = passwordCost, directory = demoData.directory
            report.demoAccounts = try await Self.step("creating the demo accounts") {
                try await DemoInstitutionalData(database: database, directory: directory).seedIfAbsent(passwordCost: cost)
            }
            _ = try await Self.step("seeding the demo activities") {
                try await DemoActivities(database: database, directory: directory).seedIfAbsent()
            }
        }
        return report
    }

    /// Runs one step; a database error becomes `StorageError.seedingFailed` naming the step.
    static func step<R: Sendable>(_ name: String, _ body: () async throws -> R) async throws -> R {
        do {
            return try await body()
        } catch let error as StorageError {
            throw error
        } catch let error as DataFileIssue {
            throw error
        } catch {
            throw StorageError.seedingFailed(step: name, reason: Database.describe(error))
        }
    }
}
