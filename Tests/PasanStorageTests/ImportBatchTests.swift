import Foundation
import PasanDomain
import PasanMessages
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// Import batches on both databases: staging with the shared value rules, the preview against
/// the published observations, publication through the single point of truth (conflicts with
/// values another dataset published are listed and never overwritten), discarding, national
/// series, code labels, the history of changed values, and all-or-nothing staging.
@Suite struct ImportBatchTests {
    static let admin = ChangeContext(actorID: nil, actorName: "admin@pasan.demo", address: "127.0.0.1")
    static let file = "data/SDG_DSD_Laos.Goal.18.xml"

    static func value(
        _ indicator: String,
        _ series: String,
        _ period: String,
        _ value: Double,
        unit: String = "NUMBER",
        area: String = "LA",
        dimensions: [String: String] = [:],
        line: Int? = nil
    ) -> StagedValue {
        StagedValue(
            observation: Observation(
                series: series,
                indicator: indicator,
                area: area,
                period: period,
                dimensions: dimensions,
                unit: unit,
                value: value,
                status: "A",
                source: "LSB"
            ),
            file: file,
            line: line
        )
    }

    static func uxo(_ period: String, _ v: Double, line: Int? = nil) -> StagedValue {
        value("18.1.1", "_L_LA_180101_00", period, v, line: line)
    }

    static func key(_ period: String, series: String = "_L_LA_180101_00", indicator: String = "18.1.1") -> CellKey {
        CellKey(indicator: indicator, series: series, area: "LA", period: period, dimensions: "")
    }

    /// The published value of a cell, with its dataset and batch.
    static func published(_ database: Database, _ key: CellKey) async throws -> (value: Double, dataset: String, batch: Int?)? {
        try await database.read { db in
            try await db.select().columns("value", "dataset", "batch_id").from("observations").where("indicator", .equal, key.indicator)
                .where("series", .equal, key.series).where("area", .equal, key.area).where("period", .equal, key.period)
                .where("dimension_key", .equal, key.dimensions).first().map {
                    (try $0.double("value"), try $0.string("dataset"), try $0.optionalInt("batch_id"))
                }
        }
    }

    static func count(_ database: Database, _ table: String) async throws -> Int {
        try await database.read { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table).first()?.int("n") ?? 0
        }
    }

    static func auditActions(_ database: Database) async throws -> [String] {
        try await AuditLog.entries(database, entity: "import-batch", page: PageRequest(limit: 50, offset: 0)).items.map(\.action)
            .reversed()
    }

    @Test(arguments: Backend.all)
    func stagePreviewAndPublish(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let batches = ImportBatchRepository(database: database)
            let staged = try await batches.stage(
                source: .openSDG,
                name: "sdg-laos",
                fileName: "sdg-laos.zip",
                actor: Self.admin,
                values: [
                    Self.uxo("2015", 45, line: 10),  // the demo published 42: a conflict
                    Self.uxo("2016", 60, line: 11),  // the demo published 60: unchanged
                    Self.uxo("2030", 10, line: 12),  // added
                    Self.value("18.1.1", "_L_LA_180101_99", "2020", 5, line: 13),  // added, of a proposed national series
                    Self.value("3.1.2", "SH_STA_BRTC", "2020", 140, unit: "PT", line: 14),  // added: as its publisher published it
                    Self.value("3.1.2", "SH_STA_BRTC", "2021", 70, unit: "PT", area: "LA0101", line: 15),  // added (a p-code)
                    Self.value("99.9.9", "XX", "2020", 1, line: 16),  // refused: no such indicator
                    Self.value("18.1.1", "NO_SUCH_SERIES", "2020", 1, line: 17),  // refused: no such series
                    Self.uxo("2030", 11, line: 18),  // refused: the same cell twice
                    Self.value("3.1.2", "SH_STA_BRTC", "2022", 50, unit: "PT", dimensions: ["SEX": "X"], line: 19),  // refused: no such sex
                    Self.value("3.1.2", "SH_STA_BRTC", "2023", .nan, unit: "PT", line: 20),  // refused: no number
                ],
                refusals: [ImportRefusal(file: "meta/18-1-1.docm", expected: Message("imports.tidy.header"))],
                nationalSeries: [
                    NationalSeriesProposal(
                        code: "_L_LA_180101_99",
                        indicator: "18.1.1",
                        nameEnglish: "UXO casualties (test series)",
                        nameLao: "ຜູ້ເຄາະຮ້າຍຈາກ UXO (ທົດສອບ)",
                        unit: "NUMBER"
                    ),
                    NationalSeriesProposal(code: "_L_LA_999_01", indicator: "99.9.9", nameEnglish: "Nowhere"),
                ]
            )
            #expect(staged.state == .staged)
            #expect(staged.dataset == "import:open-sdg:sdg-laos")
            #expect(staged.counts == ImportBatchCounts(values: 6, refused: 7, nationalSeries: 1, codeLabels: 0))
            #expect(try await batches.batch(id: staged.id) == staged)

            let preview = try await batches.preview(batchID: staged.id)
            #expect(preview.indicators.map(\.indicator) == ["3.1.2", "18.1.1", "99.9.9"])
            #expect((preview.added, preview.changed, preview.unchanged, preview.conflicts, preview.refused) == (4, 0, 1, 1, 7))
            let uxo = try #require(preview.indicators.first { $0.indicator == "18.1.1" })
            #expect(uxo.added.map(\.observation.series) == ["_L_LA_180101_00", "_L_LA_180101_99"])
            #expect(uxo.conflicts.map(\.staged.line) == [10])
            guard case .conflict(let published, let dataset, _) = uxo.conflicts.first?.change else {
                Issue.record("no conflict with the demo's value")
                return
            }
            #expect(published == 42 && dataset == "demo")
            #expect(uxo.unchanged.map(\.line) == [11])
            #expect(uxo.refused.map(\.line) == [17, 18])
            #expect(uxo.refused.last?.expected.text(in: .en).contains("\(Self.file):12 has the same") == true)
            let births = try #require(preview.indicators.first)
            // The refusal keeps its reason, values and all, to be read in either language.
            #expect(births.refused.map(\.line) == [19, 20])
            let sex = try #require(births.refused.first)
            #expect(sex.found == "X" && sex.location?.hasPrefix("SEX") == true)
            #expect(sex.expected.text(in: .en).contains("B, F, G, M, _T"))
            #expect(sex.expected.localized.lo?.contains("B, F, G, M, _T") == true)
            // Pasan's default ranges (percent 0–100) catch typing in submissions; an import keeps
            // a figure as its publisher published it.
            #expect(births.added.map(\.observation.value) == [70, 140])
            #expect(births.added.map(\.observation.area) == ["0101", "LA"])
            #expect(preview.indicators[2].refused.count == 2)
            #expect(preview.refusedWithoutIndicator.map(\.file) == ["meta/18-1-1.docm"])
            #expect(preview.nationalSeries.map(\.code) == ["_L_LA_180101_99"])
            // Nothing is published by staging.
            #expect(try await Self.published(database, Self.key("2030")) == nil)

            let publication = try await batches.publish(batchID: staged.id, actor: Self.admin)
            #expect(
                (publication.added, publication.changed, publication.unchanged, publication.conflicts, publication.seriesCreated)
                    == (4, 0, 1, 1, 1)
            )
            #expect(publication.batch.state == .published && publication.batch.decidedBy == "admin@pasan.demo")
            #expect(!publication.batch.publishedAtOnce)
            #expect(try await batches.batch(id: staged.id)?.counts.added == 4)
            // Added values carry the dataset and the batch they came from.
            let added = try #require(try await Self.published(database, Self.key("2030")))
            #expect(added.value == 10 && added.dataset == "import:open-sdg:sdg-laos" && added.batch == Int(staged.id))
            let national = try #require(try await Self.published(database, Self.key("2020", series: "_L_LA_180101_99")))
            #expect(national.value == 5)
            // The conflict is listed and the demo's value stays.
            let demo = try #require(try await Self.published(database, Self.key("2015")))
            #expect(demo.value == 42 && demo.dataset == "demo" && demo.batch == nil)
            let conflicts = try await batches.conflicts(batchID: staged.id)
            #expect(conflicts.map(\.key) == [Self.key("2015")])
            #expect(conflicts.map(\.staged) == [45] && conflicts.map(\.published) == [42])
            #expect(conflicts.map(\.publishedDataset) == ["demo"] && conflicts.allSatisfy(\.isOpen))
            // The unchanged value stays the demo's.
            #expect(try await Self.published(database, Self.key("2016"))?.dataset == "demo")
            // The national series is in the framework, its Lao name unreviewed.
            let series = try await CatalogRepository(database: database).load().series.first { $0.code == "_L_LA_180101_99" }
            #expect(series?.scope == .national && series?.name.loStatus == .unreviewed && series?.unit == "NUMBER")
            #expect(series?.name.en == "UXO casualties (test series)")

            // A batch is decided once.
            await #expect(throws: ImportBatchError.notStaged(.published)) {
                try await batches.publish(batchID: staged.id, actor: Self.admin)
            }
            await #expect(throws: ImportBatchError.notStaged(.published)) {
                try await batches.discard(batchID: staged.id, actor: Self.admin)
            }
            await #expect(throws: ImportBatchError.notFound) {
                try await batches.publish(batchID: 999_999, actor: Self.admin)
            }
            #expect(try await Self.auditActions(database) == ["stage", "publish"])
        }
    }

    @Test(arguments: Backend.all)
    func aLaterImportOfTheSameDatasetChangesItsValuesAndKeepsTheHistory(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let batches = ImportBatchRepository(database: database)
            let first = try await batches.stage(
                source: .sdmx,
                name: "goal18.xml",
                fileName: "goal18.xml",
                actor: Self.admin,
                values: [Self.uxo("2030", 10)]
            )
            try await batches.publish(batchID: first.id, actor: Self.admin)
            // A value a cycle published, then a later import of the same message.
            try await database.write { db in
                try await db.raw(
                    """
                    INSERT INTO observations (series, indicator, area, period, dimension_key, unit, value, status, source, dataset)
                    VALUES ('_L_LA_180101_00', '18.1.1', 'LA', '2031', '', 'NUMBER', 7, 'A', 'NRA', 'cycle:1:NRA')
                    """
                ).run()
            }
            let second = try await batches.stage(
                source: .sdmx,
                name: "goal18.xml",
                fileName: "goal18-revised.xml",
                actor: Self.admin,
                values: [Self.uxo("2030", 12), Self.uxo("2031", 8)]
            )
            let preview = try await batches.preview(batchID: second.id)
            #expect(preview.indicators.map(\.indicator) == ["18.1.1"])
            #expect(preview.indicators[0].changed.map(\.change) == [.changed(old: 10)])
            #expect(preview.indicators[0].conflicts.map(\.change) == [.conflict(published: 7, dataset: "cycle:1:NRA", source: "NRA")])
            let publication = try await batches.publish(batchID: second.id, actor: Self.admin)
            #expect((publication.added, publication.changed, publication.conflicts) == (0, 1, 1))
            let changed = try #require(try await Self.published(database, Self.key("2030")))
            #expect(changed.value == 12 && changed.batch == Int(second.id))
            #expect(try await Self.published(database, Self.key("2031"))?.value == 7)
            let history = try await batches.history(of: Self.key("2030"))
            #expect(history.map(\.old) == [10] && history.map(\.new) == [12])
            #expect(history.first?.batchID == second.id && history.first?.oldDataset == "import:sdmx:goal18.xml")
            #expect(history.first?.actor == "admin@pasan.demo")
            // Another import's value is a conflict too.
            let other = try await batches.stage(
                source: .openSDG,
                name: "other",
                fileName: "other.zip",
                actor: Self.admin,
                values: [Self.uxo("2030", 13)]
            )
            #expect(try await batches.preview(batchID: other.id).conflicts == 1)
            #expect(try await batches.batches().map(\.id) == [other.id, second.id, first.id])
        }
    }

    @Test(arguments: Backend.all)
    func aDiscardedBatchPublishesNothing(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let batches = ImportBatchRepository(database: database)
            let staged = try await batches.stage(
                source: .openSDG,
                name: "sdg-laos",
                fileName: "sdg-laos",
                actor: Self.admin,
                values: [Self.uxo("2030", 10)],
                nationalSeries: [NationalSeriesProposal(code: "_L_LA_180101_98", indicator: "18.1.1", nameEnglish: "Test")],
                codeLabels: [CodeLabel(codelist: "CL_SEX", code: "F", language: .lo, label: "ຍິງ")]
            )
            let discarded = try await batches.discard(
                batchID: staged.id,
                actor: ChangeContext(actorID: nil, actorName: "lsb", address: nil)
            )
            #expect(discarded.state == .discarded && discarded.decidedBy == "lsb" && discarded.decidedAt != nil)
            #expect(try await Self.published(database, Self.key("2030")) == nil)
            #expect(try await CatalogRepository(database: database).load().series.contains { $0.code == "_L_LA_180101_98" } == false)
            #expect(try await CodeLabelRepository(database: database).labels(codelist: "CL_SEX", language: .lo).isEmpty)
            await #expect(throws: ImportBatchError.notStaged(.discarded)) {
                try await batches.publish(batchID: staged.id, actor: Self.admin)
            }
            #expect(try await Self.auditActions(database) == ["stage", "discard"])
        }
    }

    @Test(arguments: Backend.all)
    func importedLabelsNeverReplaceReviewedOnes(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            try await database.write { db in
                try await db.raw(
                    """
                    INSERT INTO code_labels (codelist, code, language, label, status, updated_at)
                    VALUES ('CL_SEX', 'F', 'lo', 'ເພດຍິງ', 'reviewed', '2026-01-01T00:00:00Z')
                    """
                ).run()
            }
            let batches = ImportBatchRepository(database: database)
            let labels = [
                CodeLabel(codelist: "CL_SEX", code: "F", language: .lo, label: "ຍິງ"),
                CodeLabel(codelist: "CL_SEX", code: "M", language: .lo, label: "ຊາຍ"),
                CodeLabel(codelist: "CL_SEX", code: "M", language: .en, label: "Male"),
                CodeLabel(codelist: "CL_SEX", code: "M", language: .lo, label: "second of the same code: ignored"),
                CodeLabel(codelist: "CL_SEX", code: "X", language: .lo, label: " "),
            ]
            let staged = try await batches.stage(
                source: .openSDG,
                name: "sdg-laos",
                fileName: "sdg-laos",
                actor: Self.admin,
                values: [],
                codeLabels: labels
            )
            #expect(staged.counts.codeLabels == 3 && staged.counts.refused == 1)
            #expect(try await batches.preview(batchID: staged.id).codeLabels == 3)
            let publication = try await batches.publish(batchID: staged.id, actor: Self.admin)
            #expect(publication.codeLabelsKept == 1 && publication.codeLabelsWritten == 2)
            let repository = CodeLabelRepository(database: database)
            let lao = try await repository.labels(codelist: "CL_SEX", language: .lo)
            #expect(lao["F"] == CodeLabelRepository.Label(label: "ເພດຍິງ", status: .reviewed))
            #expect(lao["M"] == CodeLabelRepository.Label(label: "ຊາຍ", status: .unreviewed))
            #expect(try await repository.labels(codelist: "CL_SEX", language: .en)["M"]?.label == "Male")
            // A later import replaces an unreviewed label.
            let again = try await batches.stage(
                source: .openSDG,
                name: "sdg-laos",
                fileName: "sdg-laos",
                actor: Self.admin,
                values: [],
                codeLabels: [CodeLabel(codelist: "CL_SEX", code: "M", language: .lo, label: "ເພດຊາຍ")]
            )
            try await batches.publish(batchID: again.id, actor: Self.admin, atOnce: true)
            #expect(try await repository.labels(codelist: "CL_SEX", language: .lo)["M"]?.label == "ເພດຊາຍ")
            #expect(try await batches.batch(id: again.id)?.publishedAtOnce == true)
            #expect(try await Self.auditActions(database).last == "publish-at-once")
        }
    }

    @Test(arguments: Backend.all)
    func stagingIsAllOrNothing(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            // The last insert of staging fails: nothing of the batch may remain.
            try await database.write { db in
                switch database.kind {
                case .sqlite:
                    try await db.raw(
                        "CREATE TRIGGER fail_labels BEFORE INSERT ON import_batch_code_labels BEGIN SELECT RAISE(ABORT, 'refused by test'); END"
                    ).run()
                case .postgres:
                    try await db.raw(
                        "CREATE FUNCTION fail_labels() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$ LANGUAGE plpgsql"
                    ).run()
                    try await db.raw(
                        "CREATE TRIGGER fail_labels BEFORE INSERT ON import_batch_code_labels FOR EACH ROW EXECUTE FUNCTION fail_labels()"
                    ).run()
                }
            }
            let batches = ImportBatchRepository(database: database)
            await #expect(throws: (any Error).self) {
                try await batches.stage(
                    source: .openSDG,
                    name: "sdg-laos",
                    fileName: "sdg-laos",
                    actor: Self.admin,
                    values: [Self.uxo("2030", 10), Self.value("3.1.2", "SH_STA_BRTC", "2020", 3, unit: "PT", area: "99")],
                    nationalSeries: [NationalSeriesProposal(code: "_L_LA_180101_98", indicator: "18.1.1", nameEnglish: "Test")],
                    codeLabels: [CodeLabel(codelist: "CL_SEX", code: "F", language: .lo, label: "ຍິງ")]
                )
            }
            for table in [
                "import_batches", "import_batch_values", "import_batch_refusals", "import_batch_series", "import_batch_code_labels",
            ] {
                #expect(try await Self.count(database, table) == 0, "\(table)")
            }
            #expect(try await Self.auditActions(database).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func aDryRunShowsThePreviewAndKeepsNothing(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let preview = try await ImportBatchRepository(database: database).dryRun(
                source: .openSDG,
                name: "sdg-laos",
                fileName: "sdg-laos",
                actor: Self.admin,
                values: [Self.uxo("2015", 45), Self.uxo("2030", 10), Self.value("3.1.2", "SH_STA_BRTC", "2020", 3, unit: "PT", area: "99")]
            )
            #expect((preview.added, preview.conflicts, preview.refused) == (1, 1, 1))
            #expect(preview.byGoal.map(\.goal) == [3, 18])
            for table in ["import_batches", "import_batch_values", "import_batch_refusals"] {
                #expect(try await Self.count(database, table) == 0, "\(table)")
            }
            #expect(try await Self.auditActions(database).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func aCyclePublicationTakesAValueOverFromAnImport(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let batches = ImportBatchRepository(database: database)
            let staged = try await batches.stage(
                source: .sdmx,
                name: "g18",
                fileName: "g18.xml",
                actor: Self.admin,
                values: [Self.uxo("2030", 10)]
            )
            try await batches.publish(batchID: staged.id, actor: Self.admin)
            // The submission path writes through the same function: the cell names its cycle and no batch.
            let changes = try await database.write { db in
                try await ObservationPublication.write(
                    db,
                    rows: [ObservationRow(key: Self.key("2030"), unit: "NUMBER", value: 11, status: "A", source: "NRA")],
                    dataset: "cycle:1:NRA",
                    batchID: nil
                )
            }
            #expect(changes == [ObservationChange(key: Self.key("2030"), old: 10, new: 11, oldDataset: "import:sdmx:g18")])
            let now = try #require(try await Self.published(database, Self.key("2030")))
            #expect(now.value == 11 && now.dataset == "cycle:1:NRA" && now.batch == nil)
        }
    }

    /// A refusal's reason is stored as its key and its values, messages within messages too, and
    /// read back whole.
    @Test func aStoredReasonReadsBackWhole() throws {
        let reason = Message(
            "imports.tidy.valueInUnit",
            [
                "expected": .message(Message("imports.tidy.between", ["minimum": .text("0"), "maximum": .number(100)])),
                "unit": .text("PT"), "when": .date(LocalDate(year: 2026, month: 12, day: 2)!),
                "title": .localized(LocalizedText(en: "Births", lo: "ການເກີດ", loStatus: .reviewed)),
            ],
            count: 3
        )
        let json = try JSONEncoder().encode(StoredMessage.Arguments(reason))
        let back = try JSONDecoder().decode(StoredMessage.Arguments.self, from: json).message(key: reason.key)
        #expect(back == reason)
        #expect(back.text(in: .en) == "a number from 0 to 100 (unit PT)")
    }

    /// A large batch goes in several statements on both databases (the speed is measured by
    /// `pasan bench`, not here).
    @Test(arguments: Backend.all)
    func aLargeBatchIsStagedAndPreviewedWhole(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let areas = try await database.read { db in
                try await db.select().column("code").from("areas").where("level", .in, ["country", "province", "district"]).all()
                    .map { try $0.string("code") }
            }
            var values: [StagedValue] = []
            for area in areas.prefix(50) {
                for year in 2000..<2020 {
                    for age in 0..<20 {
                        values.append(
                            Self.value("18.1.1", "_L_LA_180101_01", String(year), Double(age), area: area, dimensions: ["AGE": "Y\(age)"])
                        )
                    }
                }
            }
            let batches = ImportBatchRepository(database: database)
            let staged = try await batches.stage(source: .openSDG, name: "big", fileName: "big", actor: Self.admin, values: values)
            #expect(staged.counts.values == values.count && staged.counts.refused == 0)
            #expect(try await batches.preview(batchID: staged.id).added == values.count)
            #expect(try await batches.publish(batchID: staged.id, actor: Self.admin).added == values.count)
        }
    }
}
