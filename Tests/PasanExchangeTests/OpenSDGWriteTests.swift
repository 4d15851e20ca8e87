import Foundation
import PasanDomain
import Testing
import Yams
import ZIPFoundation

@testable import PasanExchange

/// The Open SDG export's files: the tidy CSV's columns and rows (docs/open-sdg.md), the YAML
/// sdg-build reads, and the Lao rules (nothing machine-made where Lao metadata is asked for).
@Suite struct OpenSDGWriteTests {
    static let when = Date(timeIntervalSince1970: 1_790_000_000)

    static func text(_ en: String, _ lo: String? = nil, _ status: TranslationStatus = .reviewed) -> LocalizedText {
        LocalizedText(en: en, lo: lo, loStatus: status)
    }

    static func value(
        _ period: String,
        _ value: Double,
        series: String = "SI_POV_NAHC",
        indicator: String = "1.2.1",
        area: String = "LA",
        _ dimensions: [String: String] = [:],
        unit: String = "PT",
        status: String? = nil,
        source: String? = nil
    ) -> Observation {
        Observation(
            series: series,
            indicator: indicator,
            area: area,
            period: period,
            dimensions: dimensions,
            unit: unit,
            value: value,
            status: status,
            source: source
        )
    }

    static func input(_ observations: [Observation], indicators: [OpenSDGExportInput.Indicator]? = nil) -> OpenSDGExportInput {
        OpenSDGExportInput(
            goals: [.init(number: 1, title: text("End poverty", "ລົບລ້າງຄວາມທຸກຍາກ", .machine), shortTitle: text("No poverty"))],
            targets: [.init(code: "1.2", title: text("Reduce poverty"))],
            indicators: indicators ?? [
                .init(
                    code: "1.2.1",
                    title: text("Poverty headcount", "ອັດຕາຄວາມທຸກຍາກ"),
                    reportingStatus: .complete,
                    metadata: ["SDG_INDICATOR": .init(en: "Indicator 1.2.1", lo: nil), "DATA_SOURCE": .same("LECS")],
                    progress: [
                        .init(series: "SI_POV_NAHC", unit: "PT", baseYear: 2015, targetYear: 2030, target: 12.3, direction: -1, limit: nil)
                    ]
                ),
                .init(code: "4.5.1.a", title: text("Parity index"), reportingStatus: .notstarted),
            ],
            observations: observations,
            codelists: [
                "SEX": .init(name: text("Sex", "ເພດ"), codes: ["F": text("Female", "ຍິງ"), "M": text("Male")]),
                "REF_AREA": .init(name: nil, codes: ["LA": text("Lao PDR", "ລາວ"), "07": text("Houaphanh")]),
            ],
            metadataFields: [
                .init(key: "SDG_INDICATOR", label: text("Indicator", "ຕົວຊີ້ວັດ")), .init(key: "DATA_SOURCE", label: text("Data sources")),
            ],
            dimensionOrder: ["FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "SEX", "AGE", "URBANISATION"],
            nationalCoverage: "REF_AREA.LA",
            readme: "readme",
            licence: "licence",
            exportedAt: when
        )
    }

    static let mixed: [Observation] = [
        value("2019", 5.3, area: "07", status: "E", source: "LECS 2019"),
        value("2019", 18.3, ["SEX": "F", "AGE": "Y15T24"]),
        value("2015", 24.6, status: "A"),
        value("2019", 18.3, source: "LECS 2019"),
        value("2015", 24.9, ["SEX": "F"]),
        value("2019", 1_318_000, series: "SI_POV_NUM", unit: "NUMBER"),
    ]

    func file(_ repository: OpenSDGWriter.Repository, _ path: String) throws -> String {
        try #require(repository.files.first { $0.path == path }, "no \(path)").text
    }

    func rows(_ csv: String) -> [[String]] {
        csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func theHeaderFollowsTheColumnRulesAndOnlyFilledColumnsAreWritten() throws {
        let repository = try OpenSDGWriter.repository(Self.input(Self.mixed))
        let table = rows(try file(repository, "data/indicator_1-2-1.csv"))
        #expect(
            table[0] == ["Year", "SERIES", "REF_AREA", "SEX", "AGE", "UNIT_MEASURE", "OBS_STATUS", "SOURCE_DETAIL", "GeoCode", "Value"]
        )
        // Without places, statuses or sources, those columns are not written.
        let plain = try OpenSDGWriter.repository(Self.input([Self.value("2015", 1), Self.value("2016", 2, ["SEX": "M"])]))
        #expect(rows(try file(plain, "data/indicator_1-2-1.csv"))[0] == ["Year", "SERIES", "SEX", "UNIT_MEASURE", "Value"])
        // Breakdowns the DSD does not know come after its own, alphabetically.
        let national = try OpenSDGWriter.repository(Self.input([Self.value("2015", 1, ["ZONE": "N", "SEX": "F", "CUST": "X"])]))
        #expect(
            rows(try file(national, "data/indicator_1-2-1.csv"))[0] == ["Year", "SERIES", "SEX", "CUST", "ZONE", "UNIT_MEASURE", "Value"]
        )
    }

    @Test func theHeadlineComesFirstAndBlankCellsAreTotalsAndTheCountry() throws {
        let repository = try OpenSDGWriter.repository(Self.input(Self.mixed))
        let table = rows(try file(repository, "data/indicator_1-2-1.csv"))
        #expect(
            Array(table.dropFirst()) == [
                ["2015", "SI_POV_NAHC", "", "", "", "PT", "A", "", "", "24.6"],
                ["2019", "SI_POV_NAHC", "", "", "", "PT", "", "LECS 2019", "", "18.3"],
                ["2019", "SI_POV_NUM", "", "", "", "NUMBER", "", "", "", "1318000"],
                ["2015", "SI_POV_NAHC", "", "F", "", "PT", "", "", "", "24.9"],
                ["2019", "SI_POV_NAHC", "", "F", "Y15T24", "PT", "", "", "", "18.3"],
                ["2019", "SI_POV_NAHC", "07", "", "", "PT", "E", "LECS 2019", "07", "5.3"],
            ]
        )
        #expect(repository.observations == 6)
        #expect(repository.dataFiles == 1)
        #expect(repository.indicators == 2)
    }

    @Test func theSameDataGivesTheSameBytesInAnyOrder() throws {
        let first = try OpenSDGWriter.repository(Self.input(Self.mixed))
        let second = try OpenSDGWriter.repository(Self.input(Self.mixed.reversed()))
        #expect(first.files == second.files)
        #expect(first.files.map(\.path) == first.files.map(\.path).sorted())
    }

    @Test func duplicatesAndNonFiniteValuesAreRefusedWithWhereTheyAre() throws {
        let duplicate = [Self.value("2015", 1, ["SEX": "F"]), Self.value("2015", 2, ["SEX": "F"]), Self.value("2016", .nan)]
        let error = try #require(throws: ExchangeProblems.self) { try OpenSDGWriter.repository(Self.input(duplicate)) }
        #expect(error.problems.map(\.expected.key).sorted() == ["opensdg_export.problem.duplicate", "opensdg_export.problem.value"])
        #expect(error.problems.allSatisfy { $0.file == "data/indicator_1-2-1.csv" })
        #expect(error.problems.contains { $0.location == "SERIES=SI_POV_NAHC, REF_AREA=LA, SEX=F" && $0.found == "2015" })
        let stray = try #require(throws: ExchangeProblems.self) {
            try OpenSDGWriter.repository(Self.input([Self.value("2015", 1, indicator: "9.9.9")]))
        }
        #expect(stray.problems.map(\.expected.key) == ["opensdg_export.problem.indicator"])
    }

    @Test(arguments: [
        (24.6, "24.6"), (0.1 + 0.2, "0.30000000000000004"), (1_318_000, "1318000"), (-3, "-3"), (-0.0, "0"), (0.00001, "0.00001"),
        (1.5e20, "150000000000000000000"), (-2.25, "-2.25"), (123_456.789, "123456.789"),
    ])
    func numbersAreWrittenAsTheirShortestExactDecimal(value: Double, written: String) {
        #expect(OpenSDGExportCSV.number(value) == written)
        #expect(Double(written) == value)
    }

    @Test func cellsWithCommasAndQuotesAreQuotedAndNothingIsNeutralised() {
        #expect(OpenSDGExportCSV.line(["a,b", "say \"x\"", "-minus", "=sum"]) == "\"a,b\",\"say \"\"x\"\"\",-minus,=sum\n")
    }

    @Test func theIndicatorConfigurationIsWhatSdgBuildRequires() throws {
        let repository = try OpenSDGWriter.repository(Self.input(Self.mixed))
        let text = try file(repository, "indicator-config/1-2-1.yml")
        #expect(text.contains("indicator_number: '1.2.1'"))
        let config = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect(config["indicator_number"] as? String == "1.2.1")
        #expect(config["reporting_status"] as? String == "complete")
        #expect(config["data_non_statistical"] as? Bool == false)
        #expect(config["graph_type"] as? String == "line")
        #expect(config["graph_title"] as? String == "global_indicators.1-2-1-title")
        #expect(config["indicator_name"] as? String == "global_indicators.1-2-1-title")
        #expect(config["national_geographical_coverage"] as? String == "REF_AREA.LA")
        #expect(config["auto_progress_calculation"] as? Bool == true)
        let options = try #require(config["progress_calculation_options"] as? [[String: Any]])
        #expect(options.count == 1)
        #expect(options[0]["series"] as? String == "SI_POV_NAHC")
        #expect(options[0]["direction"] as? String == "negative")
        #expect(options[0]["target"] as? Double == 12.3)
        #expect(options[0]["base_year"] as? Int == 2015)

        let notStarted = try #require(try Yams.load(yaml: try file(repository, "indicator-config/4-5-1-a.yml")) as? [String: Any])
        #expect(notStarted["reporting_status"] as? String == "notstarted")
        #expect(notStarted["indicator_number"] as? String == "4.5.1.a")
        #expect(notStarted["progress_calculation_options"] == nil)
        #expect(!repository.files.contains { $0.path == "data/indicator_4-5-1-a.csv" })
    }

    @Test func progressOptionsNameTheirBreakdownAndDirection() {
        let option = OpenSDGExportInput.ProgressOption(
            series: "S",
            unit: nil,
            disaggregation: ["SEX": "F", "REF_AREA": "07"],
            baseYear: 2016,
            targetYear: 2030,
            target: nil,
            direction: 1,
            limit: 100
        )
        guard case .map(let pairs) = OpenSDGWriter.progressOption(option) else {
            Issue.record("not a mapping")
            return
        }
        #expect(pairs.map(\.key) == ["series", "disaggregation", "base_year", "target_year", "direction", "limit"])
        #expect(pairs.first { $0.key == "direction" }?.value == .text("positive"))
        #expect(
            pairs.first { $0.key == "disaggregation" }?.value
                == .list([
                    .map([.init("field", .text("REF_AREA")), .init("value", .text("07"))]),
                    .map([.init("field", .text("SEX")), .init("value", .text("F"))]),
                ])
        )
    }

    @Test func theDataConfigurationUsesLocalInputsAndTranslationsOnly() throws {
        let repository = try OpenSDGWriter.repository(Self.input(Self.mixed))
        let config = try #require(try Yams.load(yaml: try file(repository, "config_data.yml")) as? [String: Any])
        #expect(config["languages"] as? [String] == ["lo", "en"])
        #expect(config["site_dir"] as? String == "_site")
        #expect(config["schema_file"] as? String == "_prose.yml")
        let inputs = try #require(config["inputs"] as? [[String: Any]])
        #expect(inputs.compactMap { $0["class"] as? String } == ["InputCsvData", "InputYamlMdMeta", "InputYamlMeta"])
        #expect(inputs[0]["path_pattern"] as? String == "data/indicator_*.csv")
        let dtype = try #require(inputs[0]["dtype"] as? [String: String])
        #expect(dtype["REF_AREA"] == "str" && dtype["GeoCode"] == "str" && dtype["SEX"] == "str")
        #expect(dtype["Year"] == nil && dtype["Value"] == nil)
        #expect(inputs[1]["git"] as? Bool == false)
        let translations = try #require(config["translations"] as? [[String: Any]])
        #expect(translations.count == 1)
        #expect(translations[0]["class"] as? String == "TranslationInputYaml")
        #expect(translations[0]["source"] as? String == "translations")
        let options = try #require(config["indicator_options"] as? [String: Any])
        let columns = try #require(options["non_disaggregation_columns"] as? [String])
        for column in ["Year", "Value", "SERIES", "UNIT_MEASURE", "OBS_STATUS", "SOURCE_DETAIL", "COMMENT_OBS", "GeoCode"] {
            #expect(columns.contains(column))
        }
        #expect(!columns.contains("REF_AREA") && !columns.contains("SEX"))
        #expect(options["series_column"] as? String == "SERIES")
        #expect(options["unit_column"] as? String == "UNIT_MEASURE")
    }

    @Test func theSchemaDeclaresTheRequiredFieldsAndTheMetadataWithTheirTranslationKeys() throws {
        let repository = try OpenSDGWriter.repository(Self.input(Self.mixed))
        let schema = try #require(try Yams.load(yaml: try file(repository, "_prose.yml")) as? [String: Any])
        let meta = try #require(((schema["prose"] as? [String: Any])?["metadata"] as? [String: Any])?["meta"] as? [[String: Any]])
        let names = meta.compactMap { $0["name"] as? String }
        #expect(Array(names.prefix(3)) == ["reporting_status", "data_non_statistical", "graph_type"])
        #expect(names.suffix(2) == ["SDG_INDICATOR", "DATA_SOURCE"])
        let field = try #require(meta.last?["field"] as? [String: Any])
        #expect(field["translation_key"] as? String == "metadata_fields.DATA_SOURCE")
        #expect(field["element"] as? String == "text")
    }

    @Test func laoMetadataNobodyWroteStaysEmptyAndNamesReadTheSame() throws {
        let repository = try OpenSDGWriter.repository(Self.input(Self.mixed))
        func frontMatter(_ path: String) throws -> [String: String] {
            let text = try file(repository, path)
            #expect(text.hasPrefix("---\n") && text.hasSuffix("---\n"))
            let yaml = text.dropFirst(4).dropLast(4)
            return try #require(try Yams.load(yaml: String(yaml)) as? [String: String])
        }
        #expect(try frontMatter("meta/1-2-1.md") == ["SDG_INDICATOR": "Indicator 1.2.1", "DATA_SOURCE": "LECS"])
        #expect(try frontMatter("meta/en/1-2-1.md") == ["SDG_INDICATOR": "Indicator 1.2.1", "DATA_SOURCE": "LECS"])
        #expect(try frontMatter("meta/lo/1-2-1.md") == ["SDG_INDICATOR": "", "DATA_SOURCE": "LECS"])
        #expect(try frontMatter("meta/lo/4-5-1-a.md").isEmpty)
    }

    @Test func translationsHoldTitlesAndCodesAndLeaveOutMissingLao() throws {
        let repository = try OpenSDGWriter.repository(Self.input(Self.mixed))
        func group(_ path: String) throws -> [String: String] {
            try #require(try Yams.load(yaml: try file(repository, path)) as? [String: String])
        }
        #expect(try group("translations/en/SEX.yml") == ["SEX": "Sex", "F": "Female", "M": "Male"])
        #expect(try group("translations/lo/SEX.yml") == ["SEX": "ເພດ", "F": "ຍິງ"])
        #expect(try group("translations/lo/REF_AREA.yml") == ["LA": "ລາວ"])
        #expect(try group("translations/en/REF_AREA.yml") == ["LA": "Lao PDR", "07": "Houaphanh"])
        #expect(try group("translations/lo/global_indicators.yml") == ["1-2-1-title": "ອັດຕາຄວາມທຸກຍາກ"])
        #expect(
            try group("translations/en/global_indicators.yml") == ["1-2-1-title": "Poverty headcount", "4-5-1-a-title": "Parity index"]
        )
        #expect(try group("translations/en/global_goals.yml") == ["1-title": "End poverty", "1-short": "No poverty"])
        #expect(try group("translations/en/global_targets.yml") == ["1-2-title": "Reduce poverty"])
        #expect(try group("translations/lo/metadata_fields.yml") == ["SDG_INDICATOR": "ຕົວຊີ້ວັດ"])
        // The review state of every Lao text written: the machine-made goal title says so.
        let status = try file(repository, "translations/lo-status.csv")
        #expect(status.hasPrefix("group,key,lo_status\n"))
        #expect(status.contains("global_goals,1-title,machine\n"))
        #expect(status.contains("SEX,F,reviewed\n"))
        #expect(!status.contains("SEX,M,"))
    }

    @Test func yamlQuotesEverythingAReaderCouldTakeForANumberABooleanOrNull() throws {
        for text in ["1.2.1", "18.1", "2015", "no", "ON", "null", "", "-1", ".5", "2021-06-01", "y"] {
            #expect(OpenSDGExportYAML.needsQuotes(text), "\(text)")
            let yaml = try OpenSDGExportYAML.document([.init("k", .text(text))])
            #expect((try Yams.load(yaml: yaml) as? [String: Any])?["k"] as? String == text, "\(yaml)")
        }
        for text in ["SEX", "_T", "Lao PDR", "ເພດ", "global_indicators.1-2-1-title"] { #expect(!OpenSDGExportYAML.needsQuotes(text)) }
        let lao = try OpenSDGExportYAML.document([.init("SEX", .text("ເພດ"))])
        #expect(lao == "SEX: ເພດ\n")
    }

    @Test func theZipHoldsEveryFileUnderOneFolder() throws {
        let repository = try OpenSDGWriter.repository(Self.input(Self.mixed))
        let data = try OpenSDGWriter.zip(repository.files, root: "pasan-open-sdg", modified: Self.when)
        let archive = try Archive(data: data, accessMode: .read)
        let names = archive.map(\.path).sorted()
        #expect(names == repository.files.map { "pasan-open-sdg/" + $0.path })
        var csv = Data()
        let entry = try #require(archive["pasan-open-sdg/data/indicator_1-2-1.csv"])
        _ = try archive.extract(entry) { csv.append($0) }
        #expect(csv == repository.files.first { $0.path == "data/indicator_1-2-1.csv" }?.contents)
    }

    // MARK: - From what Pasan holds

    @Test func pasanExportsTheFrameworkWithItsStatusesAndOnlyHumanLaoAsMetadata() throws {
        func indicator(_ code: String, _ title: LocalizedText, scope: IndicatorScope = .global, retired: Bool = false) -> Indicator {
            Indicator(
                code: code,
                goal: Int(code.split(separator: ".")[0])!,
                target: code.split(separator: ".").prefix(2).joined(separator: "."),
                title: title,
                scope: scope,
                custodians: scope == .global ? ["World Bank", "UNICEF"] : [],
                nationalRelation: scope == .national ? .additional : nil,
                relationBasis: scope == .national ? "National Goal 18" : nil,
                isRetired: retired
            )
        }
        let values = [
            Self.value("2015", 42, series: "_L_LA_180101_00", indicator: "18.1.1", ["SEX": "F"], unit: "NUMBER", source: "MOLSW"),
            Self.value("2020", 7, series: "_L_LA_180101_00", indicator: "18.1.1", area: "07", unit: "NUMBER", status: "E"),
            Self.value("2015", 1, series: "OLD", indicator: "9.9.8", unit: "PT"),
        ]
        let input = OpenSDGExportInput.pasan(
            goals: [
                Goal(number: 18, shortTitle: Self.text("UXO"), title: Self.text("Lives safe from UXO"), colour: "#000000", isNational: true)
            ],
            targets: [Target(code: "18.1", goal: 18, title: Self.text("Casualties"), isNational: true)],
            indicators: [
                indicator("1.2.1", Self.text("Poverty", "ຄວາມທຸກຍາກ", .machine)),
                indicator("18.1.1", Self.text("UXO casualties", "ຜູ້ເຄາະຮ້າຍ", .unreviewed), scope: .national),
                indicator("9.9.9", Self.text("Retired"), retired: true),
                indicator("9.9.8", Self.text("Retired with values"), retired: true),
            ],
            series: [
                Series(
                    code: "_L_LA_180101_00",
                    indicator: "18.1.1",
                    name: Self.text("Casualties, total"),
                    unit: nil,
                    unitMultiplier: nil,
                    scope: .national
                )
            ],
            areas: [
                Area(code: "LA", level: .country, parentCode: nil, name: Self.text("Lao PDR", "ສປປ ລາວ")),
                Area(code: "07", level: .province, parentCode: "LA", name: Self.text("Houaphanh")),
            ],
            observations: values,
            progress: [
                ProgressConfiguration(indicator: "18.1.1", series: "_L_LA_180101_00", dimensions: "SEX=F", area: "07", direction: -1)
            ],
            codeLabels: ["SEX": ["F": LocalizedText(en: "", lo: "ຍິງ (LSB)", loStatus: .unreviewed)]],
            attributions: [Attribution(file: "sdg.csv", source: "UN Statistics Division", licence: "CC BY 4.0")],
            exportedAt: Self.when,
            text: { LocalizedText(en: "en:" + $0.key, lo: "lo:" + $0.key, loStatus: .unreviewed) }
        )
        #expect(input.indicators.map(\.code) == ["1.2.1", "9.9.8", "18.1.1"])
        #expect(input.indicators.map(\.reportingStatus) == [.notstarted, .complete, .complete])
        let global = input.indicators[0], national = input.indicators[2]
        #expect(global.metadata["SDG_INDICATOR"] == .init(en: "en:opensdg_export.meta.indicator", lo: nil))
        #expect(global.metadata["SDG_CUSTODIAN_AGENCIES"] == .same("World Bank; UNICEF"))
        #expect(national.metadata["SDG_INDICATOR"]?.lo == "lo:opensdg_export.meta.indicator")
        #expect(national.metadata["PASAN_NATIONAL_RELATION"] == .init(en: "en:app.relation.additional", lo: "lo:app.relation.additional"))
        #expect(national.metadata["PASAN_RELATION_BASIS"] == .init(en: "National Goal 18", lo: nil))
        #expect(national.metadata["DATA_SOURCE"] == .same("MOLSW"))
        #expect(
            national.progress == [
                .init(
                    series: "_L_LA_180101_00",
                    unit: "NUMBER",
                    disaggregation: ["SEX": "F", "REF_AREA": "07"],
                    baseYear: 2015,
                    targetYear: 2030,
                    target: nil,
                    direction: -1,
                    limit: nil
                )
            ]
        )
        // Labels: the framework's names, the database's Lao with English from the catalogue.
        #expect(input.codelists["SERIES"]?.codes["_L_LA_180101_00"]?.en == "Casualties, total")
        #expect(input.codelists["REF_AREA"]?.codes.keys.sorted() == ["07", "LA"])
        #expect(
            input.codelists["SEX"]?.codes["F"]
                == LocalizedText(en: "en:indicators.breakdown.sex.female", lo: "ຍິງ (LSB)", loStatus: .unreviewed)
        )
        #expect(input.codelists["SEX"]?.name?.en == "en:opensdg_export.column.sex")
        #expect(input.codelists["OBS_STATUS"]?.codes["E"]?.en == "en:indicators.obsStatus.estimate")
        // Codes the catalogue does not name get the shipped DSD's English name.
        #expect(input.codelists["UNIT_MEASURE"]?.codes["NUMBER"]?.en == "en:opensdg_export.unit.number")
        #expect(Array(input.dimensionOrder.prefix(6)) == ["FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "SEX", "AGE"])
        #expect(input.goals.map(\.number) == [18])
        #expect(input.targets.map(\.code) == ["18.1"])
        #expect(input.readme.contains("# en:opensdg_export.readme.title\n") && input.readme.contains("# lo:opensdg_export.readme.title\n"))
        #expect(input.readme.contains("lo:opensdg_export.readme.lao") && input.readme.contains("open_sdg_build(config='config_data.yml')"))
        #expect(input.licence.contains("- sdg.csv: UN Statistics Division (CC BY 4.0)"))
        // And it writes.
        let repository = try OpenSDGWriter.repository(input)
        #expect(repository.dataFiles == 2)
        #expect(repository.observations == 3)
        #expect(try file(repository, "config_data.yml").contains("exported from Pasan at 2026-09-21T14:13:20Z"))
    }

    @Test func shippedStructuresNameCodesTheCatalogueDoesNot() {
        let structures = OpenSDGExportStructures.shipped
        #expect(structures.structures.count == 2)
        #expect(structures.name(column: "AGE", code: "Y15T24")?.en.isEmpty == false)
        #expect(structures.conceptName("URBANISATION")?.en.isEmpty == false)
    }
}
