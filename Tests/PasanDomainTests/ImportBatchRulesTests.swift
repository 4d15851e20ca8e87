import PasanMessages
import Testing

@testable import PasanDomain

/// The rules of import batches: what publishing a staged value does, given what is published for
/// its cell; the preview's grouping; the shared value rules that refuse a value.
@Suite struct ImportBatchRulesTests {
    static let dataset = ImportBatch.dataset(source: .openSDG, name: "sdg-laos")

    static func staged(
        _ indicator: String,
        _ series: String,
        _ period: String,
        _ value: Double,
        unit: String = "PT",
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
                status: nil,
                source: nil
            ),
            file: "data/SDG_DSD_Laos.Goal.18.xml",
            line: line
        )
    }

    @Test func theDatasetOfAnImportNamesItsSourceAndName() {
        #expect(Self.dataset == "import:open-sdg:sdg-laos")
        #expect(ImportBatch.dataset(source: .sdmx, name: "goal18.xml") == "import:sdmx:goal18.xml")
    }

    @Test func nothingPublishedIsAnAddition() {
        #expect(ImportRules.classify(42, published: nil, dataset: Self.dataset) == .added)
    }

    @Test func theSameValueIsUnchangedWhoeverPublishedIt() {
        for dataset in [Self.dataset, "demo", "cycle:3:NRA", "import:sdmx:other.xml"] {
            let published = PublishedValue(value: 42, dataset: dataset, source: nil)
            #expect(ImportRules.classify(42, published: published, dataset: Self.dataset) == .unchanged)
        }
    }

    @Test func anotherValueOfTheSameDatasetIsAChange() {
        let published = PublishedValue(value: 40, dataset: Self.dataset, source: "LSB")
        let change = ImportRules.classify(42, published: published, dataset: Self.dataset)
        #expect(change == .changed(old: 40))
        #expect(change.isWritten)
    }

    @Test(arguments: ["demo", "cycle:3:NRA", "import:sdmx:goal18.xml", "import:open-sdg:another-repository"])
    func anotherValueOfAnotherDatasetIsAConflictNeverWritten(dataset: String) {
        let published = PublishedValue(value: 45, dataset: dataset, source: "NRA")
        let change = ImportRules.classify(42, published: published, dataset: Self.dataset)
        #expect(change == .conflict(published: 45, dataset: dataset, source: "NRA"))
        #expect(!change.isWritten)
        #expect(change.kind == .conflict)
    }

    @Test func thePreviewGroupsByIndicatorInFrameworkOrder() {
        let values = [
            ClassifiedValue(staged: Self.staged("18.1.1", "_L_LA_180101_00", "2016", 40, unit: "NUMBER"), change: .added),
            ClassifiedValue(staged: Self.staged("3.10.1", "X", "2016", 1), change: .unchanged),
            ClassifiedValue(staged: Self.staged("3.2.1", "Y", "2016", 2), change: .changed(old: 3)),
            ClassifiedValue(
                staged: Self.staged("18.1.1", "_L_LA_180101_00", "2015", 45, unit: "NUMBER"),
                change: .conflict(published: 42, dataset: "demo", source: nil)
            ),
        ]
        let refusals = [
            ImportRefusal(indicator: "3.2.1", file: "b.xml", line: 9, expected: Message("imports.tidy.number")),
            ImportRefusal(indicator: "3.2.1", file: "a.xml", line: 20, expected: Message("imports.tidy.number")),
            ImportRefusal(file: "meta/broken.docm", expected: Message("imports.tidy.header")),
        ]
        let batch = ImportBatch(
            id: 1,
            source: .openSDG,
            name: "sdg-laos",
            fileName: "sdg-laos",
            createdBy: "admin@pasan.demo",
            createdAt: "2026-12-02T00:00:00Z",
            state: .staged,
            counts: ImportBatchCounts(values: 4, refused: 3, nationalSeries: 0, codeLabels: 0)
        )
        let preview = ImportPreview(batch: batch, values: values, refusals: refusals, nationalSeries: [], codeLabels: 0)
        #expect(preview.indicators.map(\.indicator) == ["3.2.1", "3.10.1", "18.1.1"])
        #expect(preview.byGoal.map(\.goal) == [3, 18])
        let goal18 = preview.indicators[2]
        #expect(goal18.count(.added) == 1 && goal18.count(.conflict) == 1 && goal18.count(.changed) == 0)
        #expect(preview.indicators[0].refused.map(\.file) == ["a.xml", "b.xml"])
        #expect(preview.refusedWithoutIndicator.count == 1)
        #expect((preview.added, preview.changed, preview.unchanged, preview.conflicts, preview.refused) == (1, 1, 1, 1, 3))
    }

    @Test func theSharedRulesRefuseWhatASubmissionMayNotHold() {
        let rules = ObservationRules(knownAreas: ["LA", "01"])
        #expect(rules.check(Self.staged("3.1.2", "SH_STA_BRTC", "2015", 64).observation).isEmpty)
        #expect(rules.check(Self.staged("3.1.2", "SH_STA_BRTC", "2019-Q4", 64).observation).isEmpty)
        // Percent within 0–100.
        let over = rules.check(Self.staged("3.1.2", "SH_STA_BRTC", "2015", 140).observation)
        #expect(over.map(\.field) == ["Value"])
        #expect(over.first?.expected.text(in: .en).contains("from 0 to 100") == true)
        // Counts are not negative; numbers are finite.
        #expect(rules.check(Self.staged("18.1.1", "S", "2015", -1, unit: "NUMBER").observation).map(\.field) == ["Value"])
        #expect(rules.check(Self.staged("18.1.1", "S", "2015", .nan, unit: "NUMBER").observation).map(\.field) == ["Value"])
        // A place Pasan does not know, a period that is no year, codes of the wrong shape or list.
        #expect(rules.check(Self.staged("3.1.2", "S", "2015", 1, area: "99").observation).map(\.field) == ["GeoCode"])
        #expect(rules.check(Self.staged("3.1.2", "S", "2015.0", 1).observation).map(\.field) == ["Year"])
        #expect(rules.check(Self.staged("3.1.2", "S", "15", 1).observation).map(\.field) == ["Year"])
        #expect(rules.check(Self.staged("3.1.2", "S", "2015", 1, dimensions: ["SEX": "X"]).observation).map(\.field) == ["SEX"])
        #expect(
            rules.check(Self.staged("3.1.2", "S", "2015", 1, dimensions: ["AGE": String(repeating: "Y", count: 51)]).observation).map(
                \.field
            )
                == ["AGE"]
        )
        #expect(rules.check(Self.staged("3.1.2", "S", "2015", 1, dimensions: ["A=B": "C"]).observation).map(\.field) == ["A=B"])
        // Breakdowns Pasan does not list take any code of the right shape.
        #expect(rules.check(Self.staged("2.1.2", "S", "2015", 1, dimensions: ["PRODUCT": "_L_LA_VEG"]).observation).isEmpty)
        // Free text within its limit.
        var long = Self.staged("3.1.2", "S", "2015", 1).observation
        long.source = String(repeating: "x", count: TidyFormat.maximumTextLength + 1)
        #expect(rules.check(long).map(\.field) == ["SOURCE_DETAIL"])
        #expect(rules.check(long, comment: String(repeating: "y", count: TidyFormat.maximumTextLength + 1)).count == 2)
        // Every problem reads in both languages.
        for problem in over + rules.check(Self.staged("3.1.2", "S", "x", 1, dimensions: ["A=B": "C"]).observation) {
            #expect(problem.expected.localized.lo?.isEmpty == false)
        }
    }

    @Test func placesAreReadAsTheTidyFormatReadsThem() {
        #expect(ObservationRules.canonicalArea("") == "LA")
        #expect(ObservationRules.canonicalArea("418") == "LA")
        #expect(ObservationRules.canonicalArea("LAO") == "LA")
        #expect(ObservationRules.canonicalArea("LA0101") == "0101")
        #expect(ObservationRules.canonicalArea("01") == "01")
    }

    @Test func proposalsAndLabelsNeedCodesAndNames() {
        #expect(ImportRules.problem(of: NationalSeriesProposal(code: "_L_LA_180101_01", indicator: "18.1.1", nameEnglish: "Deaths")) == nil)
        #expect(ImportRules.problem(of: NationalSeriesProposal(code: "bad code", indicator: "18.1.1", nameEnglish: "Deaths")) != nil)
        #expect(ImportRules.problem(of: NationalSeriesProposal(code: "_L_LA_1", indicator: "18.1.1", nameEnglish: " ")) != nil)
        #expect(ImportRules.problem(of: CodeLabel(codelist: "CL_SEX", code: "F", language: .lo, label: "Female")) == nil)
        #expect(ImportRules.problem(of: CodeLabel(codelist: "CL_SEX", code: "F", language: .lo, label: "")) != nil)
        #expect(ImportRules.problem(of: CodeLabel(codelist: "CL SEX", code: "F", language: .lo, label: "Female")) != nil)
    }

    @Test func stateAndErrorTextsReadInBothLanguages() {
        let messages =
            ImportBatchState.allCases.map(\.title) + ImportSource.allCases.map(\.title) + ImportChange.Kind.allCases.map(\.title) + [
                ImportBatchError.notFound.message, ImportBatchError.notStaged(.published).message,
            ]
        for message in messages {
            #expect(message.localized.lo?.isEmpty == false)
            #expect(!message.text(in: .en).isEmpty)
        }
        #expect(ImportBatchError.notStaged(.discarded).message.text(in: .en).contains("Discarded"))
    }
}
