import Foundation
import PasanDomain
import PasanReferenceData
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// Every storage test runs against SQLite and PostgreSQL.
@Suite struct SeededStorageTests {
    @Test(arguments: Backend.all)
    func countsAreRight(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let catalog = try await CatalogRepository(database: database).load()
            #expect(catalog.goals.count == 18)
            #expect(catalog.targets.filter { !$0.isNational }.count == 169)
            #expect(catalog.targets.filter { $0.goal == 18 }.count == 3)
            #expect(catalog.indicators.filter { $0.scope == .global }.count == 253)
            #expect(catalog.indicators.filter { $0.goal == 18 }.count == 6)
            #expect(catalog.provinces.count == 18)
            #expect(catalog.districts.count == 148)
            #expect(catalog.institutions.count == 32)
            let counts = try await AreaRepository(database: database).counts()
            #expect(counts[.village] == 9_692)
            #expect(counts[.country] == 1)
        }
    }

    @Test(arguments: Backend.all)
    func textsAndRelationsRoundTrip(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let expected = try ReferenceDataLoader.bundled.load()
            let catalog = try await CatalogRepository(database: database).load()
            // Pasan's shipped corrections of Lao texts are applied after seeding, unreviewed.
            let corrections = Dictionary(
                try LaoCorrectionsLoader.bundled().filter { $0.item.kind == .indicator }.map { ($0.item.key, $0) },
                uniquingKeysWith: { a, _ in a }
            )
            #expect(!corrections.isEmpty)
            for var indicator in expected.indicators {
                if let correction = corrections[indicator.code] {
                    #expect(indicator.title.lo == correction.laoBefore, "the correction of \(indicator.code) names the shipped text")
                    indicator.title = LocalizedText(en: indicator.title.en, lo: correction.laoAfter, loStatus: .unreviewed)
                }
                #expect(catalog.indicator(indicator.code) == indicator, "indicator \(indicator.code)")
            }
            #expect(Set(catalog.institutions) == Set(expected.institutions))
            #expect(Set(catalog.successions) == Set(expected.successions))
            #expect(catalog.goal(18)?.colour == GoalColours.nationalGoal18)
            #expect(catalog.targets.first { $0.code == "18.2" }?.title == nil)
        }
    }

    @Test(arguments: Backend.all)
    func areasPageByLevelAndParent(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let areas = AreaRepository(database: database)
            let districts = try await areas.areas(level: .district, parent: "01", page: PageRequest(limit: 5, offset: 0))
            #expect(districts.total == 9)
            #expect(districts.items.map(\.code) == ["0101", "0102", "0103", "0104", "0105"])
            #expect(districts.hasMore)
            let villages = try await areas.areas(level: .village, parent: "0101", page: PageRequest(limit: 1000, offset: 0))
            #expect(villages.total == 36)
            #expect(villages.items.first?.name.lo == "ໜອງປິງ")
            #expect(try await areas.resolve(alias: "1013", system: "LSB-SDG") == "1011")
            #expect(try await areas.boundaries(level: .province).count == 18)
            #expect(try await areas.area(code: "0103")?.note?.contains("VILLAGES_MISSING") == true)
        }
    }

    @Test(arguments: Backend.all)
    func demoObservationsAreStored(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let observations = try await ObservationRepository(database: database).observations(indicator: "18.1.1")
            let totals = observations.filter { $0.series == "_L_LA_180101_00" && $0.dimensions.isEmpty }
            #expect(totals.map(\.period) == ["2015", "2016", "2017", "2018", "2019", "2020"])
            #expect(totals.map(\.value) == [42, 60, 41, 24, 25, 33])
            let catalog = try await CatalogRepository(database: database).load()
            // The demo's 9th NSEDP (D3.1) and 8th NSEDP (E2.5) both link to 3.2.1.
            #expect(catalog.planLinks(toIndicator: "3.2.1").map(\.0.id).sorted() == ["nsedp8/E2.5", "nsedp9/D3.1"])
        }
    }

    @Test(arguments: Backend.all)
    func seedingTwiceWritesNothing(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let report = try await StorageBootstrap().prepare(database, seed: true, demo: true)
            #expect(report.appliedMigrations.isEmpty)
            #expect(report.reference == .alreadyPresent)
            #expect(report.demo == .alreadyPresent)
            let counts = try await AreaRepository(database: database).counts()
            #expect(counts[.village] == 9_692)
        }
    }
}

@Suite struct MigrationAndSeedingTests {
    @Test(arguments: Backend.all)
    func brokenReferenceFileLeavesTheDatabaseUntouched(backend: Backend) async throws {
        try await TestDatabases.withEmpty(backend) { location in
            let database = try await Database.open(location, logger: TestDatabases.logger)
            defer { Task { await database.close() } }
            let broken = FileManager.default.temporaryDirectory.appendingPathComponent("pasan-broken-\(UUID().uuidString)")
            try FileManager.default.copyItem(at: ReferenceDataLoader.bundled.directory, to: broken)
            defer { try? FileManager.default.removeItem(at: broken) }
            let file = broken.appendingPathComponent("framework/sdg_targets.csv")
            try (String(contentsOf: file, encoding: .utf8) + "99.1,99,Nowhere,\n").write(to: file, atomically: true, encoding: .utf8)
            let bootstrap = StorageBootstrap(reference: ReferenceDataLoader(directory: broken))
            await #expect {
                _ = try await bootstrap.prepare(database, seed: true, demo: false)
            } throws: { error in
                "\(error)".contains("framework/sdg_targets.csv") && "\(error)".contains("line 171")
            }
            let goals = try await database.read { db in
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("goals").first()?.int("n")
            }
            #expect(goals == 0)
            #expect(try await ReferenceDataSeeder(database: database).isSeeded() == false)
            await database.close()
        }
    }

    @Test(arguments: Backend.all)
    func failingMigrationRollsBackEverything(backend: Backend) async throws {
        try await TestDatabases.withEmpty(backend) { location in
            let database = try await Database.open(location, logger: TestDatabases.logger)
            let bad = Migration(id: 99, name: "broken") { _ in ["CREATE TABLE half_done (id INTEGER)", "THIS IS NOT SQL"] }
            await #expect(throws: StorageError.self) {
                try await MigrationRunner(database: database, migrations: Migrations.all + [bad]).migrate()
            }
            // Neither migration 1 nor the first statement of migration 2 is left behind.
            #expect(try await MigrationRunner(database: database).appliedIDs() == [])
            #expect(try await database.read { db in try await db.tableExists("half_done") } == false)
            #expect(try await database.read { db in try await db.tableExists("goals") } == false)
            let applied = try await MigrationRunner(database: database).migrate()
            #expect(applied.map(\.id) == Migrations.all.map(\.id))
            #expect(try await MigrationRunner(database: database).migrate().isEmpty)
            await database.close()
        }
    }

    @Test(arguments: Backend.all)
    func concurrentWritesAreSerialised(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<20 {
                    group.addTask {
                        try await database.write { db in
                            try await db.insert(into: "pasan_meta").columns("key", "value", "updated_at")
                                .values(SQLBind("k\(i)"), SQLBind("v"), SQLBind(Timestamp.now())).run()
                        }
                    }
                }
                try await group.waitForAll()
            }
            let n = try await database.read { db in
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("pasan_meta").where(
                    "key",
                    .like,
                    "k%"
                ).first()?.int("n")
            }
            #expect(n == 20)
        }
    }

    @Test func unreachablePostgresNamesHostAndPort() async throws {
        // Port 1 on loopback: nothing listens there.
        let location = try DatabaseLocation(url: "postgres://pasan@127.0.0.1:1/pasan")
        await #expect {
            _ = try await Database.open(location, logger: TestDatabases.logger)
        } throws: { error in
            let text = "\(error)"
            return text.contains("127.0.0.1:1") && !text.contains("\n")
        }
    }

    @Test func databaseURLs() throws {
        #expect(try DatabaseLocation(url: nil) == .sqlite(path: "pasan-data/pasan.sqlite"))
        #expect(try DatabaseLocation(url: "sqlite:///tmp/x.sqlite") == .sqlite(path: "/tmp/x.sqlite"))
        #expect(try DatabaseLocation(url: "sqlite://data/x.sqlite") == .sqlite(path: "data/x.sqlite"))
        guard case .postgres(let s) = try DatabaseLocation(url: "postgres://u:p%40ss@db.example:6543/pasan?sslmode=require") else {
            Issue.record("not postgres"); return
        }
        #expect(
            s.host == "db.example" && s.port == 6543 && s.username == "u" && s.password == "p@ss" && s.database == "pasan" && s.requireTLS
        )
        #expect(s.connectTimeout == nil)
        guard case .postgres(let t) = try DatabaseLocation(url: "postgres://u@db.example/pasan?connect_timeout=30") else {
            Issue.record("not postgres"); return
        }
        #expect(t.connectTimeout == 30 && !t.requireTLS)
        #expect(throws: StorageError.self) { try DatabaseLocation(url: "postgres://u@db.example/pasan?connect_timeout=soon") }
        #expect(throws: StorageError.self) { try DatabaseLocation(url: "postgres://u@db.example/pasan?connect_timeout=0") }
        #expect(throws: StorageError.self) { try DatabaseLocation(url: "mysql://x") }
        #expect(StorageError.invalidURL("postgres://u:secret@h/db", "x").description.contains("secret") == false)
    }
}
