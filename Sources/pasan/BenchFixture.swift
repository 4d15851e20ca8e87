import ArgumentParser
import Foundation
import PasanDomain
import PasanStorage

/// `pasan bench-fixture`: fills a database with a synthetic but plausible load for
/// `scripts/bench` — many accounts, focal points and assignments. Not for real databases.
struct BenchFixture: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-fixture",
        abstract: "Fill a benchmark database with synthetic accounts and assignments (for scripts/bench).",
        shouldDisplay: false)

    @Option(help: "How many accounts.")
    var users = 300

    @Option(help: "How many assignments.")
    var assignments = 1000

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await withDatabase(database, logger: makeLogger()) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let catalog = try await CatalogRepository(database: db).load()
            let institutions = catalog.institutions.filter { $0.validTo == nil }.map(\.code)
            let change = ChangeContext(actorID: nil, actorName: "bench-fixture", address: nil)
            let accounts = AccountRepository(database: db, passwordCost: .fastForTests)
            var ids: [Int64] = []
            for i in 0..<users {
                let institution = institutions[i % institutions.count]
                let role: Role = i % 2 == 0 ? .ownerFocalPoint : .reporterFocalPoint
                let user = try await accounts.createUser(email: "bench\(i)@bench.test", name: "Bench user \(i)", password: "bench password \(i)",
                                                         grants: [RoleGrant(role: role, institution: institution)], change: change)
                ids.append(user.id)
            }
            let focal = FocalPointRepository(database: db)
            let start = LocalDate(year: 2025, month: 1, day: 1)!
            for (index, institution) in institutions.enumerated() where index * 4 + 3 < ids.count {
                try await focal.name(institution: institution, role: .owner, position: .primary, userID: ids[index * 4], on: start, reason: "bench", change: change)
                try await focal.name(institution: institution, role: .owner, position: .alternate, userID: ids[index * 4 + 1], on: start, reason: "bench", change: change)
                try await focal.name(institution: institution, role: .reporter, position: .primary, userID: ids[index * 4 + 2], on: start, reason: "bench", change: change)
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
                list.append(Assignment(
                    indicator: indicator.code, series: series.isEmpty ? nil : series[(i / indicators.count) % series.count].code,
                    disaggregation: i % 5 == 0 ? "SEX" : nil, geographicLevel: level,
                    owners: [owner], reporter: reporter, contributors: i % 4 == 0 ? [institutions[(i + 5) % institutions.count]] : [],
                    legalBasis: LegalBasis(instrument: "Instruction \(i % 20)", number: "\(i)/BENCH", date: start),
                    sourceKind: DataSourceKind.allCases[i % DataSourceKind.allCases.count], sourceName: "Source \(i % 37)",
                    frequency: .annual, collectionDue: DayOfYear(month: i % 12 + 1, day: 15), validFrom: start))
            }
            let count = try await AssignmentRepository(database: db).importAll(list, change: change)
            say("bench fixture: \(users) accounts, \(count) assignments, focal points for \(min(institutions.count, users / 4)) institutions.")
        }
    }
}
