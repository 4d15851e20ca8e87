import ArgumentParser
import Foundation
import PasanDomain
import PasanStorage
import SQLKit

/// `pasan bench-fixture`: fills a database with a synthetic but plausible load for
/// `scripts/bench` — many accounts, focal points and assignments. Not for real databases.
struct BenchFixture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-fixture",
        abstract: "Fill a benchmark database with synthetic accounts and assignments (for scripts/bench).",
        shouldDisplay: false,
        subcommands: [BenchNational.self]
    )

    @Option(help: "How many accounts.")
    var users = 300

    @Option(help: "How many assignments.")
    var assignments = 1000

    @Flag(help: "Also create 40 institutions, an open cycle of 250 indicators with a submission each, and a village-level upload target.")
    var cycle = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await withDatabase(database, logger: makeLogger()) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            try await fill(db)
        }
    }

    /// The accounts, focal points, assignments and (with `--cycle`) the cycle, in `db`.
    func fill(_ db: Database) async throws {
        let catalog = try await CatalogRepository(database: db).load()
        let institutions = catalog.institutions.filter { $0.validTo == nil }.map(\.code)
        let change = ChangeContext(actorID: nil, actorName: "bench-fixture", address: nil)
        let accounts = AccountRepository(database: db, passwordCost: .fastForTests)
        var ids: [Int64] = []
        for i in 0..<users {
            let institution = institutions[i % institutions.count]
            let role: Role = i % 2 == 0 ? .ownerFocalPoint : .reporterFocalPoint
            let user = try await accounts.createUser(
                email: "bench\(i)@bench.test",
                name: "Bench user \(i)",
                password: "bench password \(i)",
                grants: [RoleGrant(role: role, institution: institution)],
                change: change
            )
            ids.append(user.id)
        }
        let focal = FocalPointRepository(database: db)
        let start = LocalDate(year: 2025, month: 1, day: 1)!
        for (index, institution) in institutions.enumerated() where index * 4 + 3 < ids.count {
            try await focal.name(
                institution: institution,
                role: .owner,
                position: .primary,
                userID: ids[index * 4],
                on: start,
                reason: "bench",
                change: change
            )
            try await focal.name(
                institution: institution,
                role: .owner,
                position: .alternate,
                userID: ids[index * 4 + 1],
                on: start,
                reason: "bench",
                change: change
            )
            try await focal.name(
                institution: institution,
                role: .reporter,
                position: .primary,
                userID: ids[index * 4 + 2],
                on: start,
                reason: "bench",
                change: change
            )
        }
        let indicators = catalog.indicators.filter { !$0.isRetired }
        let levels: [AreaLevel?] = [nil, .country, .province, .district]
        var list: [Assignment] = []
        for i in 0..<assignments {
            let indicator = indicators[i % indicators.count]
            let level = levels[(i / indicators.count) % levels.count]
            let series = catalog.series(ofIndicator: indicator.code)
            let owner = institutions[(i * 7) % institutions.count]
            let reporter = institutions[(i * 3 + 1) % institutions.count]
            list.append(
                Assignment(
                    indicator: indicator.code,
                    series: series.isEmpty ? nil : series[(i / indicators.count) % series.count].code,
                    disaggregation: i % 5 == 0 ? "SEX" : nil,
                    geographicLevel: level,
                    owners: [owner],
                    reporter: reporter,
                    contributors: i % 4 == 0 ? [institutions[(i + 5) % institutions.count]] : [],
                    legalBasis: LegalBasis(instrument: "Instruction \(i % 20)", number: "\(i)/BENCH", date: start),
                    sourceKind: DataSourceKind.allCases[i % DataSourceKind.allCases.count],
                    sourceName: "Source \(i % 37)",
                    frequency: .annual,
                    collectionDue: DayOfYear(month: i % 12 + 1, day: 15),
                    validFrom: start
                )
            )
        }
        let count = try await AssignmentRepository(database: db).importAll(list, change: change)
        say(
            "bench fixture: \(users) accounts, \(count) assignments, focal points for \(min(institutions.count, users / 4)) institutions."
        )
        if cycle { try await makeCycle(db, catalog: catalog, change: change) }
    }
}

extension BenchFixture {
    /// 40 institutions, an open cycle over 250 indicators (2014–2024) where each institution
    /// owns and has submitted some, and `bench.owner@bench.test` (password `bench owner password`)
    /// owning 4.1.1 at village level for BENCH01, for the upload benchmark.
    func makeCycle(_ db: Database, catalog: FrameworkCatalog, change: ChangeContext) async throws {
        let codes = (1...40).map { String(format: "BENCH%02d", $0) }
        try await db.write { sql in
            for code in codes {
                try await sql.insert(into: "institutions").columns("code", "abbreviation_en", "name_en", "lo_status", "kind")
                    .values(SQLBind(code), SQLBind(code), SQLBind("Benchmark institution \(code)"), SQLBind("machine"), SQLBind("agency"))
                    .run()
            }
        }
        let indicators = Array(catalog.indicators.filter { !$0.isRetired && !catalog.series(ofIndicator: $0.code).isEmpty }.prefix(250))
        let start = LocalDate(year: 2025, month: 1, day: 1)!
        var assignments: [Assignment] = []
        for (i, indicator) in indicators.enumerated() {
            assignments.append(
                Assignment(
                    indicator: indicator.code,
                    owners: [codes[i % 40]],
                    reporter: codes[(i + 1) % 40],
                    frequency: .annual,
                    validFrom: start
                )
            )
        }
        _ = try await AssignmentRepository(database: db).importAll(assignments, change: change)
        let owner = try await AccountRepository(database: db, passwordCost: .fastForTests).createUser(
            email: "bench.owner@bench.test",
            name: "Bench owner",
            password: "bench owner password",
            grants: [RoleGrant(role: .ownerFocalPoint, institution: "BENCH01")],
            change: change
        )
        _ = owner
        let today = db.clock.today
        let cycles = CycleRepository(database: db)
        let created = try await cycles.create(
            ReportingCycle(
                name: LocalizedText(en: "Benchmark cycle", lo: nil, loStatus: .machine),
                purpose: "benchmark",
                referenceYears: Array(2014...2024),
                indicators: indicators.map(\.code),
                schedule: CycleSchedule(
                    requestDate: today,
                    ownerDeadline: today.adding(days: 40),
                    reporterDeadline: today.adding(days: 50),
                    statisticsDeadline: today.adding(days: 60),
                    approvalDeadline: today.adding(days: 70),
                    publicationDate: today.adding(days: 80)
                )
            ),
            change: change
        )
        _ = try await cycles.open(id: created.id!, today: today, link: { $0 }, change: change)
        let submissions = SubmissionRepository(database: db)
        for (i, indicator) in indicators.enumerated() where indicator.code != "4.1.1" {
            let series = catalog.series(ofIndicator: indicator.code)[0]
            let values = [2023, 2024].map { year in
                SubmittedValue(
                    key: CellKey(
                        indicator: indicator.code,
                        series: series.code,
                        area: Area.countryCode,
                        period: String(year),
                        dimensions: ""
                    ),
                    unit: series.unit ?? "NUMBER",
                    value: Double(i % 90 + year % 7)
                )
            }
            try await submissions.save(
                cycleID: created.id!,
                institution: codes[i % 40],
                indicator: indicator.code,
                values: values,
                basedOn: nil,
                warningsComment: nil,
                change: change
            )
        }
        // The village-level upload target: 4.1.1 at village level for BENCH01.
        _ = try await AssignmentRepository(database: db).create(
            Assignment(
                indicator: "4.1.1",
                series: catalog.series(ofIndicator: "4.1.1").first?.code,
                geographicLevel: .village,
                owners: ["BENCH01"],
                reporter: "BENCH02",
                validFrom: start
            ),
            change: change
        )
        say(
            "bench cycle: id \(created.id!), \(indicators.count) indicators, 40 institutions; upload target 4.1.1 (\(catalog.series(ofIndicator: "4.1.1").first?.code ?? "-")) for BENCH01"
        )
    }
}

/// Inserts synthetic observation rows (series, indicator, area, period, dimension_key, unit,
/// value, dataset) in one transaction, 4,000 rows a statement.
func insertObservations(_ rows: [[any SQLExpression]], into db: Database) async throws {
    try await db.write { sql in
        for chunk in stride(from: 0, to: rows.count, by: 4000) {
            var insert = sql.insert(into: "observations").columns(
                "series",
                "indicator",
                "area",
                "period",
                "dimension_key",
                "unit",
                "value",
                "dataset"
            )
            for row in rows[chunk..<min(chunk + 4000, rows.count)] { insert = insert.values(row) }
            try await insert.run()
        }
    }
}

/// `pasan bench-progress`: loads one million synthetic observations (250 indicators, each with a
/// configured national series and village values) plus one indicator with 20 series × 10
/// breakdowns × 16 years, then times recomputing all progress. For scripts/bench only.
struct BenchProgress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-progress",
        abstract: "Time progress recomputation over a million observations (for scripts/bench).",
        shouldDisplay: false
    )

    @Option(help: "Recomputations to time.")
    var runs = 5

    @Flag(help: "Time the recomputation over the data already in the database (e.g. bench-fixture national's), adding nothing.")
    var recomputeOnly = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await withDatabase(database, logger: makeLogger()) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let catalog = try await CatalogRepository(database: db).load()
            if recomputeOnly {
                try await Self.timeRecompute(db, catalog: catalog, runs: runs)
                return
            }
            let indicators = Array(catalog.indicators.filter { !$0.isRetired && $0.code != "3.1.2" }.prefix(250))
            let villages = try await AreaRepository(database: db).areas(
                level: .village,
                parent: nil,
                page: PageRequest(limit: 1000, offset: 0)
            ).items.prefix(249).map(\.code)
            let years = Array(2010...2025)
            var configs: [ProgressConfiguration] = []
            var total = 0
            var generator = SystemRandomNumberGenerator()
            for (i, indicator) in indicators.enumerated() {
                let series = "BENCH_\(i)"
                configs.append(
                    ProgressConfiguration(
                        indicator: indicator.code,
                        series: series,
                        target: i % 3 == 0 ? 80 : nil,
                        direction: i % 2 == 0 ? 1 : -1
                    )
                )
                var rows: [[any SQLExpression]] = []
                for area in [Area.countryCode] + villages {
                    for year in years {
                        rows.append([
                            SQLBind(series), SQLBind(indicator.code), SQLBind(area), SQLBind(String(year)), SQLBind(""), SQLBind("PT"),
                            SQLBind(Double.random(in: 20...90, using: &generator)), SQLBind("bench"),
                        ])
                    }
                }
                total += rows.count
                try await insertObservations(rows, into: db)
            }
            // One heavy indicator page: 20 series × 10 breakdowns × 16 years on 3.1.2.
            var heavy: [[any SQLExpression]] = []
            for s in 1...20 {
                for dim in [""] + (1...9).map({ "AGE=Y\($0 * 5)T\($0 * 5 + 4)" }) {
                    for year in 2010...2025 {
                        heavy.append([
                            SQLBind(String(format: "BENCH_HEAVY_%02d", s)), SQLBind("3.1.2"), SQLBind(Area.countryCode),
                            SQLBind(String(year)), SQLBind(dim),
                            SQLBind("PT"), SQLBind(Double.random(in: 20...90, using: &generator)), SQLBind("bench"),
                        ])
                    }
                }
            }
            total += heavy.count
            try await insertObservations(heavy, into: db)
            try await ObservationRepository(database: db).recountSummary()
            try await ProgressRepository(database: db).save(configs, change: .commandLine)
            try await Self.timeRecompute(db, catalog: catalog, runs: runs, observations: total)
        }
    }

    /// Recomputes progress `runs` times and prints the median, fastest and slowest times.
    static func timeRecompute(_ db: Database, catalog: FrameworkCatalog, runs: Int, observations: Int? = nil) async throws {
        let total: Int
        if let observations {
            total = observations
        } else {
            total = try await db.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM observations").first()!.decode(column: "n", as: Int.self)
            }
        }
        var times: [Double] = []
        var count = 0
        for _ in 0..<max(1, runs) {
            let start = ContinuousClock.now
            count = try await ProgressRepository(database: db).recompute(catalog: catalog).count
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        times.sort()
        say(
            "observations: \(total); results: \(count); recompute seconds: median \(String(format: "%.3f", times[times.count / 2])) min \(String(format: "%.3f", times.first!)) max \(String(format: "%.3f", times.last!))"
        )
    }
}
