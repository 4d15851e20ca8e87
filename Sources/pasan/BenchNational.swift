import ArgumentParser
import Foundation
import PasanDomain
import PasanStorage

/// `pasan bench-fixture national`: a whole country's data for `scripts/bench` (issue 16) —
/// synthetic and illustrative, never real statistics: every series of every current indicator
/// for the country, its provinces and districts over the years asked, half of them by sex, some
/// series also for every village (`NationalFixture`); then a busy year: the accounts, focal
/// points, assignments and open cycle of `bench-fixture --cycle`, and the activities of
/// `bench-activities`' generator. Not for real databases.
struct BenchNational: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "national",
        abstract: "Fill a benchmark database with a whole country's synthetic data and a busy year (for scripts/bench).",
        shouldDisplay: false
    )

    @Option(help: "Series that also have a value for every village (spread over the framework).")
    var villageSeries = 60

    @Option(help: "First year with values.")
    var firstYear = 2015

    @Option(help: "Last year with values.")
    var lastYear = 2030

    @Option(help: "Activities to generate.")
    var activities = 50_000

    @Option(help: "Accounts to create.")
    var users = 300

    @Option(help: "Assignments to create.")
    var assignments = 1000

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard firstYear <= lastYear else { throw ValidationError("--first-year must not be after --last-year") }
        guard villageSeries >= 0, activities >= 0, users >= 4, assignments >= 0 else {
            throw ValidationError("--village-series, --activities and --assignments cannot be negative; --users is at least 4")
        }
    }

    func run() async throws {
        let start = ContinuousClock.now
        try await withDatabase(database, logger: makeLogger(), announcing: .data) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let catalog = try await CatalogRepository(database: db).load()
            var reported = 0
            let summary = try await NationalFixture.write(
                db,
                catalog: catalog,
                years: firstYear...lastYear,
                villageSeries: villageSeries
            ) { done, observations in
                if observations - reported >= 1_000_000 {
                    reported = observations
                    say("national fixture: \(done) series, \(observations) observations so far")
                }
            }
            say(
                "national fixture: \(summary.series) series (\(summary.villageSeries) down to villages), \(summary.observations) observations, \(firstYear)–\(lastYear)"
            )
            var fixture = try BenchFixture.parse(["--users", String(users), "--assignments", String(assignments), "--cycle"])
            fixture.database = database
            try await fixture.fill(db)
            if activities > 0 {
                let (villages, institutions) = try await BenchActivities.villagesAndInstitutions(db)
                let items = BenchActivities.generate(activities, villages: villages, institutions: institutions, districtOnly: 0.02)
                try await BenchActivities.write(items, institutions: Set(institutions), into: db)
                say("national fixture: \(items.count) activities")
            }
            let elapsed = start.duration(to: .now)
            say("national fixture: done in \(elapsed.components.seconds) s")
        }
    }
}
