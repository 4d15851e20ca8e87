import Foundation
import PasanDomain
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// Plans in the database on both backends: the migration that gives the 9th NSEDP its address
/// code, documents saved by upsert, targets revised with history, values flowing over "same"
/// links both ways, own values with revisions, mainstreaming decisions, the shipped plans, and
/// cycles that name their plan.
@Suite struct PlanStorageTests {
    static let officer = ChangeContext(actorID: nil, actorName: "planning@mpi.example.la", address: "127.0.0.1")
    static let uxo = "_L_LA_180101_00"

    static func text(_ en: String) -> LocalizedText { LocalizedText(en: en, lo: nil, loStatus: .machine) }

    /// A small plan of Pasan's tests: two outcomes, an output, three indicators (one "same" as
    /// the UXO casualties series, one adapted, one with no link).
    static func document() -> PlanDocument {
        let plan = "test-plan"
        return PlanDocument(
            plan: DevelopmentPlan(
                code: plan,
                name: text("Test plan 2021–2025"),
                startYear: 2021,
                endYear: 2025,
                note: nil,
                status: .draft,
                source: "Pasan's tests",
                isIllustrative: true
            ),
            results: [
                PlanResult(
                    plan: plan,
                    code: "1",
                    level: .outcome,
                    parentCode: nil,
                    title: text("Outcome one"),
                    isVerified: false,
                    note: nil
                ),
                PlanResult(
                    plan: plan,
                    code: "2",
                    level: .outcome,
                    parentCode: nil,
                    title: text("Outcome two"),
                    isVerified: false,
                    note: nil
                ),
                PlanResult(
                    plan: plan,
                    code: "1.1",
                    level: .output,
                    parentCode: "1",
                    title: text("Output one"),
                    isVerified: false,
                    note: nil,
                    source: "workshop 2019",
                    alignsWith: ["nsedp9/1"]
                ),
            ],
            indicators: [
                PlanIndicator(
                    plan: plan,
                    code: "T1",
                    resultCode: "1.1",
                    title: text("UXO casualties"),
                    owner: "NRA",
                    definition: LocalizedText(en: "Casualties of UXO accidents", lo: "ຜູ້ເຄາະຮ້າຍ", loStatus: .unreviewed),
                    unit: "NUMBER",
                    direction: .decrease,
                    baseline: PlanBaseline(year: 2020, value: 30),
                    targets: [PlanTarget(year: 2025, value: 10, kind: .endOfPlan), PlanTarget(year: 2023, value: 20, kind: .annual)],
                    dataSource: "NRA database",
                    frequency: .annual,
                    isIllustrative: true,
                    note: "test"
                ),
                PlanIndicator(plan: plan, code: "T2", resultCode: "1", title: text("Land cleared"), unit: "HA", direction: .increase),
                PlanIndicator(plan: plan, code: "T3", resultCode: "2", title: text("Own indicator"), unit: "PERCENT"),
            ],
            links: [
                PlanIndicatorLink(plan: plan, planIndicator: "T1", sdgIndicator: "18.1.1", series: uxo, relation: .same),
                PlanIndicatorLink(plan: plan, planIndicator: "T2", sdgIndicator: "18.2.1", relation: .adapted),
            ]
        )
    }

    static func seriesOf(_ database: Database) async throws -> @Sendable (String) -> [Series] {
        let catalog = try await CatalogRepository(database: database).load()
        return { catalog.series(ofIndicator: $0) }
    }

    /// The published national totals of the UXO casualties series, by period, with their dataset.
    static func published(_ database: Database) async throws -> [String: (value: Double, dataset: String)] {
        try await database.read { db in
            var result: [String: (value: Double, dataset: String)] = [:]
            for row in try await db.select().columns("period", "value", "dataset").from("observations").where("series", .equal, uxo)
                .where("indicator", .equal, "18.1.1").where("area", .equal, "LA").where("dimension_key", .equal, "").all()
            {
                result[try row.string("period")] = (try row.double("value"), try row.string("dataset"))
            }
            return result
        }
    }

    /// The audit log's actions on the test plan (the seed's saves of the shipped plans apart).
    static func auditActions(_ database: Database, entity: String) async throws -> [String] {
        try await AuditLog.entries(database, entity: entity, page: PageRequest(limit: 100, offset: nil)).items
            .filter { $0.entityID.hasPrefix("test-plan") }.map(\.action).reversed()
    }

    // MARK: Migration

    @Test(arguments: Backend.all)
    func theMigrationGivesTheNinthPlanItsCodeWithoutLoss(backend: Backend) async throws {
        try await TestDatabases.withEmpty(backend) { location in
            let database = try await Database.open(location, logger: TestDatabases.logger)
            do {
                try await MigrationRunner(database: database, migrations: Migrations.all.filter { $0.id < 13 }).migrate()
                // The state of a database seeded before issue 13: the plan under its old code.
                try await database.write { db in
                    for statement in [
                        "INSERT INTO goals VALUES (3, 'Health', NULL, 'Good health', NULL, 'machine', '#4C9F38', 0)",
                        "INSERT INTO targets VALUES ('3.1', 3, NULL, NULL, 'machine', 0)",
                        """
                        INSERT INTO indicators (code, goal, target, title_en, lo_status, scope, custodians, partners, is_retired, is_repeat)
                        VALUES ('3.1.2', 3, '3.1', 'Births attended', 'machine', 'global', 'WHO', '', 0, 0)
                        """,
                        "INSERT INTO institutions (code, abbreviation_en, name_en, lo_status, kind) VALUES ('MOH', 'MOH', 'Health', 'machine', 'ministry')",
                        """
                        INSERT INTO plans VALUES ('NSEDP9_2021_2025', '9th NSEDP', 'ແຜນ IX', 'reviewed', 2021, 2025,
                            'Outcome wording from press summaries')
                        """,
                        """
                        INSERT INTO plan_results VALUES ('NSEDP9_2021_2025', '1', 'outcome', NULL, 'Growth', NULL, 'machine', 0, 'partial'),
                            ('NSEDP9_2021_2025', '3', 'outcome', NULL, 'Well-being', 'ສະຫວັດດີການ', 'unreviewed', 1, NULL)
                        """,
                        """
                        INSERT INTO plan_indicators VALUES ('NSEDP9_2021_2025', 'D3.2', '3', 'Births attended (demo)', 'ການເກີດ', 'machine',
                            'MOH')
                        """,
                        "INSERT INTO plan_indicator_links VALUES ('NSEDP9_2021_2025', 'D3.2', '3.1.2', 'same')",
                    ] {
                        try await db.raw(SQLQueryString(statement)).run()
                    }
                }

                // Migration 13 and every later one run over the old rows; the plan must come through them all.
                #expect(try await MigrationRunner(database: database).migrate().map(\.id) == Migrations.all.map(\.id).filter { $0 >= 13 })
                let plans = PlanRepository(database: database)
                #expect(try await plans.document("NSEDP9_2021_2025") == nil)
                let plan = try #require(try await plans.document("nsedp9"))
                #expect(plan.plan.name.en == "9th NSEDP" && plan.plan.name.lo == "ແຜນ IX" && plan.plan.name.loStatus == .reviewed)
                #expect(plan.plan.years == 2021...2025 && plan.plan.note == "Outcome wording from press summaries")
                #expect(plan.plan.kind == .national && plan.plan.status == .adopted && !plan.plan.isIllustrative)
                #expect(plan.results.map(\.code) == ["1", "3"])
                #expect(plan.results[0].note == "partial" && plan.results[1].isVerified && plan.results[1].title.lo == "ສະຫວັດດີການ")
                #expect(plan.results.allSatisfy { $0.plan == "nsedp9" && $0.alignsWith.isEmpty })
                #expect(
                    plan.indicators == [
                        PlanIndicator(
                            plan: "nsedp9",
                            code: "D3.2",
                            resultCode: "3",
                            title: LocalizedText(en: "Births attended (demo)", lo: "ການເກີດ", loStatus: .machine),
                            owner: "MOH"
                        )
                    ]
                )
                #expect(plan.links == [PlanIndicatorLink(plan: "nsedp9", planIndicator: "D3.2", sdgIndicator: "3.1.2", relation: .same)])
                let leftovers = try await database.read { db in
                    var n = 0
                    for (table, column) in [
                        ("plans", "code"), ("plan_results", "plan"), ("plan_indicators", "plan"), ("plan_indicator_links", "plan"),
                    ] {
                        n +=
                            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                            .where(SQLIdentifier(column), .equal, SQLBind("NSEDP9_2021_2025")).first()?.int("n") ?? 0
                    }
                    return n
                }
                #expect(leftovers == 0)
                await database.close()
            } catch {
                await database.close()
                throw error
            }
        }
    }

    // MARK: Saving

    @Test(arguments: Backend.all)
    func aSaveIsAnUpsertThatKeepsWhatTheDocumentDoesNotName(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let plans = PlanRepository(database: database)
            let seriesOf = try await Self.seriesOf(database)
            let first = try await plans.save(Self.document(), actor: Self.officer, reason: "first draft", seriesOf: seriesOf)
            #expect(first.planAdded && first.resultsAdded == 3 && first.indicatorsAdded == 3 && first.linkSetsChanged == 2)
            #expect(first.targetsAdded == 2 && first.targetsRevised == 0 && first.valuesAdded == 0)
            let stored = try #require(try await plans.document("test-plan"))
            let original = Self.document()
            #expect(stored.plan == original.plan)
            #expect(Set(stored.results) == Set(original.results))
            #expect(Set(stored.indicators) == Set(original.indicators))
            #expect(Set(stored.links) == Set(original.links))
            #expect(try await plans.documents().contains { $0.plan.code == "test-plan" })
            // The catalogue carries the complete plan too.
            let catalog = try await CatalogRepository(database: database).load()
            #expect(catalog.planDocument("test-plan").map { Set($0.indicators) } == Set(original.indicators))

            // The same document again writes nothing and records nothing.
            let again = try await plans.save(Self.document(), actor: Self.officer, reason: "again", seriesOf: seriesOf)
            #expect(!again.hasChanges)
            #expect(try await Self.auditActions(database, entity: "plan") == ["save"])

            // A document naming one indicator: changed where it says, the rest kept.
            var partial = PlanDocument(plan: original.plan)
            var t2 = original.indicators[1]
            t2.title = Self.text("Land cleared of UXO")
            partial.indicators = [t2]
            partial.links = [PlanIndicatorLink(plan: "test-plan", planIndicator: "T2", sdgIndicator: "18.2.1", relation: .proxy)]
            partial.results = [
                PlanResult(
                    plan: "test-plan",
                    code: "3",
                    level: .outcome,
                    parentCode: nil,
                    title: Self.text("Outcome three"),
                    isVerified: true,
                    note: nil
                )
            ]
            let second = try await plans.save(partial, actor: Self.officer, reason: "T2 revised", seriesOf: seriesOf)
            #expect(!second.planAdded && !second.planChanged && second.resultsAdded == 1 && second.resultsChanged == 0)
            #expect(second.indicatorsAdded == 0 && second.indicatorsChanged == 1 && second.linkSetsChanged == 1)
            let after = try #require(try await plans.document("test-plan"))
            #expect(after.results.map(\.code) == ["1", "1.1", "2", "3"])
            #expect(after.indicators.map(\.code) == ["T1", "T2", "T3"])
            #expect(after.indicators[1].title.en == "Land cleared of UXO")
            #expect(after.indicators[0] == original.indicators[0])
            #expect(Set(after.links) == [original.links[0], partial.links[0]])
            #expect(try await Self.auditActions(database, entity: "plan") == ["save", "save"])

            // What the document names must exist.
            var bad = PlanDocument(plan: original.plan)
            bad.links = [PlanIndicatorLink(plan: "test-plan", planIndicator: "T3", sdgIndicator: "99.9.9", relation: .proxy)]
            await #expect(throws: PlanStorageError.unknownSDGIndicator("99.9.9")) {
                try await plans.save(bad, actor: Self.officer, reason: "", seriesOf: seriesOf)
            }
            bad.links = []
            bad.indicators = [PlanIndicator(plan: "test-plan", code: "T9", resultCode: "9", title: Self.text("Nowhere"))]
            await #expect(throws: PlanStorageError.unknownResult(plan: "test-plan", result: "9")) {
                try await plans.save(bad, actor: Self.officer, reason: "", seriesOf: seriesOf)
            }
            #expect(try await plans.document("test-plan") == after)
        }
    }

    // MARK: Targets

    @Test(arguments: Backend.all)
    func aRevisedTargetKeepsTheOriginal(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let plans = PlanRepository(database: database)
            let seriesOf = try await Self.seriesOf(database)
            try await plans.save(Self.document(), actor: Self.officer, reason: "adopted", seriesOf: seriesOf)

            // Mid-plan, the end-of-plan target is revised through a document…
            var revised = Self.document()
            revised.indicators[0].targets = [
                PlanTarget(year: 2025, value: 5, kind: .endOfPlan), PlanTarget(year: 2023, value: 20, kind: .annual),
            ]
            let summary = try await plans.save(revised, actor: Self.officer, reason: "mid-term review", seriesOf: seriesOf)
            #expect(summary.targetsRevised == 1 && summary.targetsAdded == 0 && summary.targetsRemoved == 0)
            #expect(try await plans.document("test-plan")?.indicators[0].endOfPlanTarget?.value == 5)

            // …a milestone is set, setting it again writes nothing, the annual one is removed.
            let milestone = PlanTarget(year: 2027, value: 8, kind: .milestone)
            let set = try #require(
                try await plans.setTarget(plan: "test-plan", indicator: "T1", target: milestone, actor: Self.officer, reason: "UHC")
            )
            #expect(set.stamp.revision == 1 && set.stamp.by == Self.officer.actorName && set.stamp.reason == "UHC" && !set.isRemoved)
            #expect(
                try await plans.setTarget(plan: "test-plan", indicator: "T1", target: milestone, actor: Self.officer, reason: "again")
                    == nil
            )
            let removal = try await plans.removeTarget(
                plan: "test-plan",
                indicator: "T1",
                year: 2023,
                kind: .annual,
                actor: Self.officer,
                reason: "no annual targets"
            )
            #expect(removal.isRemoved && removal.stamp.revision == 2 && removal.target.value == 20)
            await #expect(throws: PlanStorageError.noTarget(plan: "test-plan", indicator: "T1", year: 2023, kind: .annual)) {
                try await plans.removeTarget(plan: "test-plan", indicator: "T1", year: 2023, kind: .annual, actor: Self.officer, reason: "")
            }
            #expect(
                try await plans.document("test-plan")?.indicators[0].targets == [
                    PlanTarget(year: 2025, value: 5, kind: .endOfPlan), milestone,
                ]
            )

            // The history keeps the original end-of-plan target, who revised it and why.
            let history = try await plans.targetHistory(plan: "test-plan", indicator: "T1")
            let endOfPlan = history.filter { $0.target.kind == .endOfPlan }
            #expect(endOfPlan.map(\.target.value) == [10, 5] && endOfPlan.map(\.stamp.revision) == [1, 2])
            #expect(endOfPlan.map(\.stamp.reason) == ["adopted", "mid-term review"])
            #expect(history.filter { $0.target.kind == .annual }.map(\.isRemoved) == [false, true])
            #expect(history.count == 5)

            // A document whose indicator no longer lists a target removes it (a revision).
            var without = Self.document()
            without.indicators[0].targets = [PlanTarget(year: 2025, value: 5, kind: .endOfPlan)]
            let removed = try await plans.save(without, actor: Self.officer, reason: "milestone dropped", seriesOf: seriesOf)
            #expect(removed.targetsRemoved == 1 && removed.targetsAdded == 0 && removed.targetsRevised == 0)
            #expect(try await plans.targetHistory(plan: "test-plan", indicator: "T1").last?.isRemoved == true)
            #expect(try await Self.auditActions(database, entity: "plan-target") == ["set-target", "remove-target"])
            await #expect(throws: PlanStorageError.unknownIndicator(plan: "test-plan", indicator: "T9")) {
                try await plans.targetHistory(plan: "test-plan", indicator: "T9")
            }
        }
    }

    // MARK: Values

    @Test(arguments: Backend.all)
    func aPublishedSDGValueIsTheSameLinkedIndicatorsValueAndTheReverse(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let plans = PlanRepository(database: database)
            let seriesOf = try await Self.seriesOf(database)
            try await plans.save(Self.document(), actor: Self.officer, reason: "adopted", seriesOf: seriesOf)
            let before = try await Self.published(database)
            #expect(!before.isEmpty, "the demo publishes UXO casualties")

            // SDG → plan: the published national totals are T1's values.
            let values = try await plans.values(plan: "test-plan", seriesOf: seriesOf)
            let t1 = try #require(values["T1"])
            #expect(t1.map { String($0.year) } == before.keys.sorted())
            #expect(
                t1.allSatisfy { $0.origin == .sdg(indicator: "18.1.1", series: Self.uxo) && before[String($0.year)]?.value == $0.value }
            )
            #expect(values["T2"] == nil && values["T3"] == nil)

            // Plan → SDG: a value recorded for T1 is the series' published value, with history.
            let fresh = (before.keys.compactMap { Int($0) }.max() ?? 2020) + 1
            let written = try await plans.recordValue(
                plan: "test-plan",
                indicator: "T1",
                year: fresh,
                value: 7,
                source: "NRA annual report",
                actor: Self.officer,
                reason: "annual review",
                seriesOf: seriesOf
            )
            #expect(written.origin == .sdg(indicator: "18.1.1", series: Self.uxo))
            let after = try await Self.published(database)
            #expect(after[String(fresh)]?.value == 7 && after[String(fresh)]?.dataset == "plan:test-plan")
            let key = CellKey(indicator: "18.1.1", series: Self.uxo, area: "LA", period: String(fresh), dimensions: "")
            let history = try await ImportBatchRepository(database: database).history(of: key)
            #expect(history.count == 1 && history[0].old == nil && history[0].new == 7 && history[0].dataset == "plan:test-plan")
            #expect(history[0].actor == Self.officer.actorName && history[0].reason == "annual review")
            #expect(
                try await plans.values(plan: "test-plan", seriesOf: seriesOf)["T1"]?.last
                    == PlanValue(year: fresh, value: 7, source: "NRA annual report", origin: written.origin)
            )

            // A correction of a published year through a plan document keeps the old value in history.
            let year = try #require(before.keys.sorted().last)
            let old = try #require(before[year])
            var document = Self.document()
            document.values = [PlanValueEntry(indicator: "T1", year: Int(year)!, value: old.value + 1, source: "NRA")]
            let summary = try await plans.save(document, actor: Self.officer, reason: "corrected", seriesOf: seriesOf)
            #expect(summary.sdgValuesChanged == 1 && summary.sdgValuesAdded == 0 && summary.valuesAdded == 0)
            let corrected = try await ImportBatchRepository(database: database).history(
                of: CellKey(indicator: "18.1.1", series: Self.uxo, area: "LA", period: year, dimensions: "")
            )
            #expect(corrected.last?.old == old.value && corrected.last?.new == old.value + 1 && corrected.last?.oldDataset == old.dataset)
            #expect(try await Self.published(database)[year]?.value == old.value + 1)
            // No own value was kept for a "same" indicator; its history is the series'.
            let stamps = try await plans.valueHistory(plan: "test-plan", indicator: "T1")
            #expect(stamps.suffix(2).map(\.0.year) == [fresh, Int(year)!] && stamps.suffix(2).map(\.0.value) == [7, old.value + 1])
            #expect(stamps.suffix(2).map(\.1.reason) == ["annual review", "corrected"])
            let own = try await database.read { db in
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("plan_indicator_values")
                    .where("plan", .equal, "test-plan").first()?.int("n")
            }
            #expect(own == 0)
            #expect(try await Self.auditActions(database, entity: "plan-value") == ["record-value"])
        }
    }

    @Test(arguments: Backend.all)
    func ownValuesAreRevisions(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let plans = PlanRepository(database: database)
            let seriesOf = try await Self.seriesOf(database)
            var document = Self.document()
            document.values = [PlanValueEntry(indicator: "T3", year: 2022, value: 40, source: "survey")]
            let first = try await plans.save(document, actor: Self.officer, reason: "baseline survey", seriesOf: seriesOf)
            #expect(first.valuesAdded == 1 && first.sdgValuesAdded == 0)
            let published = try await Self.published(database)

            let value = try await plans.recordValue(
                plan: "test-plan",
                indicator: "T3",
                year: 2022,
                value: 42,
                source: "survey (final)",
                actor: Self.officer,
                reason: "final figures",
                seriesOf: seriesOf
            )
            #expect(value.origin == .plan)
            // The same value again is no new revision.
            try await plans.recordValue(
                plan: "test-plan",
                indicator: "T3",
                year: 2022,
                value: 42,
                source: "survey (final)",
                actor: Self.officer,
                reason: "again",
                seriesOf: seriesOf
            )
            try await plans.recordValue(
                plan: "test-plan",
                indicator: "T2",
                year: 2023,
                value: 1200,
                source: nil,
                actor: Self.officer,
                reason: "",
                seriesOf: seriesOf
            )
            let values = try await plans.values(plan: "test-plan", seriesOf: seriesOf)
            #expect(values["T3"] == [PlanValue(year: 2022, value: 42, source: "survey (final)", origin: .plan)])
            #expect(values["T2"] == [PlanValue(year: 2023, value: 1200, source: nil, origin: .plan)])
            let history = try await plans.valueHistory(plan: "test-plan", indicator: "T3")
            #expect(history.map(\.0.value) == [40, 42] && history.map(\.1.revision) == [1, 2])
            #expect(
                history.map(\.1.reason) == ["baseline survey", "final figures"] && history.allSatisfy { $0.1.by == Self.officer.actorName }
            )
            #expect(try await plans.valueHistory(plan: "test-plan", indicator: "T2").map(\.1.reason) == [nil])
            // Own values never touch the SDG observations.
            #expect(try await Self.published(database).mapValues(\.value) == published.mapValues(\.value))
            #expect(try await Self.auditActions(database, entity: "plan-value") == ["record-value", "record-value"])
            await #expect(throws: PlanStorageError.unknownIndicator(plan: "test-plan", indicator: "T9")) {
                try await plans.recordValue(
                    plan: "test-plan",
                    indicator: "T9",
                    year: 2022,
                    value: 1,
                    source: nil,
                    actor: Self.officer,
                    reason: "",
                    seriesOf: seriesOf
                )
            }
            await #expect(throws: PlanStorageError.unknownPlan("nsedp99")) {
                try await plans.values(plan: "nsedp99", seriesOf: seriesOf)
            }
        }
    }

    // MARK: Mainstreaming

    @Test(arguments: Backend.all)
    func mainstreamingDecisionsKeepTheirHistory(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let plans = PlanRepository(database: database)
            try await plans.save(Self.document(), actor: Self.officer, reason: "", seriesOf: try await Self.seriesOf(database))
            let first = try await plans.decide(
                plan: "test-plan",
                sdgIndicator: "18.2.1",
                choice: .later,
                reason: "no survey before 2024",
                actor: Self.officer
            )
            #expect(first.stamp.revision == 1)
            try await plans.decide(
                plan: "test-plan",
                sdgIndicator: "18.1.1",
                choice: .now,
                reason: "NRA reports yearly",
                actor: Self.officer
            )
            let second = try await plans.decide(
                plan: "test-plan",
                sdgIndicator: "18.2.1",
                choice: .notRelevant,
                reason: "outside the national policy space",
                actor: Self.officer
            )
            #expect(second.stamp.revision == 2)
            let current = try await plans.decisions(plan: "test-plan")
            #expect(current.map(\.sdgIndicator) == ["18.1.1", "18.2.1"] && current.map(\.choice) == [.now, .notRelevant])
            let history = try await plans.decisionHistory(plan: "test-plan", sdgIndicator: "18.2.1")
            #expect(
                history.map(\.choice) == [.later, .notRelevant]
                    && history.map(\.reason) == ["no survey before 2024", "outside the national policy space"]
            )
            #expect(history.allSatisfy { $0.stamp.by == Self.officer.actorName })
            #expect(try await Self.auditActions(database, entity: "plan-mainstreaming").count == 3)
            await #expect(throws: PlanStorageError.unknownSDGIndicator("99.9.9")) {
                try await plans.decide(plan: "test-plan", sdgIndicator: "99.9.9", choice: .now, reason: "x", actor: Self.officer)
            }
            await #expect(throws: PlanStorageError.unknownPlan("nsedp99")) {
                try await plans.decide(plan: "nsedp99", sdgIndicator: "18.1.1", choice: .now, reason: "x", actor: Self.officer)
            }
            #expect(try await plans.decisions(plan: "test-plan").count == 2)
        }
    }

    // MARK: Shipped plans

    @Test(arguments: Backend.all)
    func theShippedPlansAreSeededOnceThroughTheSavePath(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let plans = PlanRepository(database: database)
            let nsedp9 = try #require(try await plans.document("nsedp9"))
            #expect(nsedp9.plan.years == 2021...2025 && nsedp9.plan.kind == .national && nsedp9.plan.source != nil)
            #expect(nsedp9.results.filter { $0.level == .outcome }.map(\.code) == ["1", "2", "3", "4", "5", "6"])
            let outputs = nsedp9.results.filter { $0.level == .output }
            #expect(!outputs.isEmpty && outputs.allSatisfy { $0.parentCode != nil && $0.source != nil })
            let draft = try #require(try await plans.document("nsedp9-draft-2019"))
            #expect(draft.plan.status == .draft && !draft.results.isEmpty)
            // The demo adds illustrative indicators to the shipped plan, linked to SDG indicators.
            #expect(!nsedp9.indicators.isEmpty && nsedp9.indicators.allSatisfy(\.isIllustrative) && !nsedp9.links.isEmpty)
            // Written by the seed, once: a second start writes nothing.
            let seeder = ReferenceDataSeeder(database: database)
            let shipped = try await seeder.hasPlans(.shipped), demo = try await seeder.hasPlans(.demo)
            #expect(shipped && demo)
            let report = try await StorageBootstrap(passwordCost: .fastForTests).prepare(database, seed: true, demo: true)
            #expect(report.plans == .alreadyPresent && report.demoPlans == .alreadyPresent)
            #expect(try await plans.document("nsedp9") == nsedp9)
        }
    }

    /// A database seeded before plans came whole (the old plan under its old code, no marker)
    /// gets the shipped plans at its next start, and keeps what it had.
    @Test(arguments: Backend.all)
    func aDatabaseSeededBeforeGetsTheShippedPlansItLacks(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            try await database.write { db in
                for statement in [
                    "DELETE FROM pasan_meta WHERE key IN ('plans_v13', 'demo_plans_v13')",
                    "DELETE FROM plan_targets",
                    "DELETE FROM plan_indicator_values",
                    "DELETE FROM plan_indicator_links",
                    "DELETE FROM plan_indicators",
                    "DELETE FROM plan_results WHERE plan <> 'nsedp9' OR level = 'output'",
                    "DELETE FROM plans WHERE code <> 'nsedp9'",
                    "UPDATE plan_results SET title_en = 'Stale title' WHERE plan = 'nsedp9' AND code = '6'",
                    "INSERT INTO plan_results (plan, code, level, title_en, lo_status, is_verified) VALUES ('nsedp9', '7', 'outcome', 'Old', 'machine', 0)",
                ] {
                    try await db.raw(SQLQueryString(statement)).run()
                }
            }
            let report = try await StorageBootstrap(passwordCost: .fastForTests).prepare(database, seed: true, demo: true)
            #expect(report.plans == .seeded && report.demoPlans == .seeded)
            let plans = PlanRepository(database: database)
            let nsedp9 = try #require(try await plans.document("nsedp9"))
            #expect(nsedp9.results.contains { $0.level == .output } && !nsedp9.indicators.isEmpty)
            #expect(nsedp9.results.contains { $0.code == "7" && $0.title.en == "Old" })
            #expect(nsedp9.results.first { $0.code == "6" }?.title.en != "Stale title")
            #expect(try await plans.document("nsedp9-draft-2019") != nil)
        }
    }

    // MARK: Cycles

    @Test(arguments: Backend.all)
    func aCycleKeepsItsPlan(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            try await PlanRepository(database: database).save(
                Self.document(),
                actor: Self.officer,
                reason: "",
                seriesOf: try await Self.seriesOf(database)
            )
            let today = database.clock.today
            let cycles = CycleRepository(database: database)
            let cycle = ReportingCycle(
                name: Self.text("Test plan review 2024"),
                purpose: "Annual review of the plan",
                referenceYears: [2024],
                indicators: ["18.1.1"],
                schedule: CycleSchedule(
                    requestDate: today,
                    ownerDeadline: today.adding(days: 45),
                    reporterDeadline: today.adding(days: 60),
                    statisticsDeadline: today.adding(days: 75),
                    approvalDeadline: today.adding(days: 90),
                    publicationDate: today.adding(days: 100)
                ),
                plan: "test-plan"
            )
            let saved = try await cycles.create(cycle, change: Self.officer)
            #expect(try await cycles.cycle(id: try #require(saved.id))?.plan == "test-plan")
            var sdgCycle = cycle
            sdgCycle.plan = nil
            let sdg = try await cycles.create(sdgCycle, change: Self.officer)
            #expect(try await cycles.cycle(id: try #require(sdg.id))?.plan == nil)
        }
    }
}
