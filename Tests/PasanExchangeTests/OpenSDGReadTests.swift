import Foundation
import PasanDomain
import Testing
import ZIPFoundation

@testable import PasanExchange

/// The Open SDG reader on LSB's repository and on broken copies of it. (That the observations
/// equal sdg-build's output is checked in tests/exchange with sdg-build itself.)
@Suite struct OpenSDGReadTests {
    /// A writable copy of LSB's repository.
    static func copyOfLSB() throws -> URL {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("pasan-opensdg-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: SDMXFixtures.laos, to: target)
        return target
    }

    @Test func lsbsRepositoryReadsWhole() throws {
        let (repository, problems) = OpenSDGReader.read(directory: SDMXFixtures.laos)
        #expect(problems.isEmpty, "\(problems.prefix(3))")
        #expect(repository.languages == ["lo", "en"])
        // Data from the SDMX files, split by the DSD's Indicator annotations.
        let withData = repository.indicators.values.filter { !($0.data?.rows.isEmpty ?? true) }
        #expect(withData.count == 58)
        let uxo = try #require(repository.indicators["18-1-1"]?.data)
        #expect(uxo.file == "data/SDG_DSD_Laos.Goal.18.xml")
        #expect(uxo.rows.contains { $0.year == "2015" && $0.cells["SERIES"] == "_L_LA_180101_01" && $0.cells["SEX"] == "M" })
        // REF_AREA LA is blanked by the configuration's dimension_map; dropped attributes are gone.
        #expect(uxo.rows.allSatisfy { $0.cells["REF_AREA"] == nil && $0.cells["OBS_STATUS"] == nil && $0.cells["FREQ"] == nil })
        // Configuration, translated metadata and the Word template.
        let poverty = try #require(repository.indicators["1-2-1"])
        #expect(poverty.config["reporting_status"] == "complete")
        #expect(poverty.config["graph_type"] == "line")
        #expect(poverty.metadata["lo"]?["COLL_METHOD"]?.isEmpty == false)
        #expect(poverty.metadataSources["lo"]?["COLL_METHOD"] == "translations/meta/lo/1-2-1.yml")
        // Translations of codes, with Lao.
        #expect(repository.translations["lo"]?["SEX"]?["M"]?.isEmpty == false)
        // LSB's files name LSB-SDGs:SDG(1.1) while the DSD says LSB-SDG: accepted, with a warning.
        #expect(repository.warnings.count == 6)
    }

    @Test func theWordTemplateGivesTheUNConcepts() throws {
        let fields = try UNMetadataTemplate.read(
            contentsOf: SDMXFixtures.laos.appendingPathComponent("meta/1-2-1.docm"),
            file: "meta/1-2-1.docm"
        )
        #expect(fields["SDG_GOAL"]?.contains("poverty") == true)
        #expect(fields["SDG_INDICATOR"]?.contains("1.2.1") == true)
        #expect(fields.count > 10)
        // Unfilled fields of the template repeat its headings: they are no text.
        #expect(fields["QUALITY_ASSURE"] == nil && fields["DOC_METHOD"] == nil && fields["IMPUTATION"] == nil)
    }

    @Test func aCellOfTemplateHeadingsOnlyIsAnUnfilledField() {
        #expect(UNMetadataTemplate.isOnlyHeadings("Treatment of missing values* At country level: * At regional or global levels:"))
        #expect(UNMetadataTemplate.isOnlyHeadings("Institutional informationOrganization(s)"))
        #expect(UNMetadataTemplate.isOnlyHeadings("ReferencesURLReferences"))
        #expect(!UNMetadataTemplate.isOnlyHeadings("Data providers: Lao Statistics Bureau"))
        #expect(!UNMetadataTemplate.isOnlyHeadings("World Bank"))
    }

    @Test func aMacroDocumentIsReadAsXMLOnly() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pasan-docm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("1-1-1.docm")
        let archive = try Archive(url: url, accessMode: .create)
        let document = """
            <?xml version="1.0" encoding="UTF-8"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl>
            <w:tr><w:tc><w:p><w:r><w:t>0.a. Goal</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Goal 1: End poverty</w:t></w:r></w:p></w:tc></w:tr>
            </w:tbl></w:body></w:document>
            """
        for (path, data) in [("word/document.xml", Data(document.utf8)), ("word/vbaProject.bin", Data(repeating: 0xCC, count: 4096))] {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let fields = try UNMetadataTemplate.read(contentsOf: url, file: "meta/1-1-1.docm")
        #expect(fields == ["SDG_GOAL": "Goal 1: End poverty"])
    }

    @Test func everyBrokenFileIsReportedAndNothingIsRead() throws {
        let copy = try Self.copyOfLSB()
        defer { try? FileManager.default.removeItem(at: copy) }
        let goal3 = copy.appendingPathComponent("data/SDG_DSD_Laos.Goal.3.xml")
        try FileManager.default.removeItem(at: goal3)
        try Data("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a SYSTEM \"file:///etc/passwd\">]>\n<x>&a;</x>\n".utf8).write(to: goal3)
        let config = copy.appendingPathComponent("indicator-config/1-2-1.yml")
        try FileManager.default.removeItem(at: config)
        try Data("reporting_status: [complete\n".utf8).write(to: config)
        let word = copy.appendingPathComponent("meta/3-1-1.docm")
        try FileManager.default.removeItem(at: word)
        try Data("not a zip".utf8).write(to: word)
        let (_, problems) = OpenSDGReader.read(directory: copy)
        let byFile = Dictionary(grouping: problems, by: \.file)
        #expect(byFile["data/SDG_DSD_Laos.Goal.3.xml"]?.first?.expected.key == "exchange.xml.noDoctype")
        #expect(byFile["data/SDG_DSD_Laos.Goal.3.xml"]?.first?.line == 2)
        #expect(byFile["indicator-config/1-2-1.yml"]?.first?.expected.key == "exchange.yaml.valid")
        #expect(byFile["meta/3-1-1.docm"]?.first?.expected.key == "exchange.word.zip")
    }

    @Test func rowsBecomeObservationsByTheSharedColumnRules() {
        let table = OpenSDGTable(
            file: "data/indicator_1-2-1.csv",
            columns: ["SERIES", "REF_AREA", "SEX", "UNIT_MEASURE", "OBS_STATUS", "GeoCode"],
            rows: [
                OpenSDGRow(line: 2, year: "2019", cells: ["SERIES": "SI_POV_NAHC", "UNIT_MEASURE": "PT"], value: " 18.3 "),
                OpenSDGRow(line: 3, year: "2019", cells: ["SERIES": "SI_POV_NAHC", "SEX": "F", "OBS_STATUS": "E"], value: "19"),
                OpenSDGRow(line: 4, year: "2019", cells: ["SERIES": "SI_POV_NAHC", "REF_AREA": "01", "GeoCode": "01"], value: "5.3"),
                OpenSDGRow(line: 5, year: "2019", cells: ["SERIES": "SI_POV_NAHC"], value: "18.4"),
                OpenSDGRow(line: 6, year: "2019", cells: ["SERIES": "SI_POV_NAHC", "SEX": "M"], value: "n/a"),
                OpenSDGRow(line: 7, year: "2020", cells: ["SERIES": "SI_POV_NAHC"], value: ""),
            ]
        )
        let repository = OpenSDGRepository(
            languages: ["lo", "en"],
            indicators: ["1-2-1": OpenSDGIndicator(id: "1-2-1", data: table)],
            translations: [:]
        )
        let framework = OpenSDGFramework(seriesByIndicator: ["1.2.1": ["SI_POV_NAHC"]], unitBySeries: ["SI_POV_NAHC": "PT"])
        let mapped = OpenSDGObservations.map(repository, framework: framework)
        #expect(mapped.values.map(\.observation.value) == [18.3, 19, 5.3])
        #expect(mapped.values[0].observation.area == "LA")
        #expect(mapped.values[1].observation.dimensions == ["SEX": "F"] && mapped.values[1].observation.status == "E")
        #expect(mapped.values[1].observation.unit == "PT")
        #expect(mapped.values[2].observation.area == "01" && mapped.values[2].line == 4)
        // The same cell twice, and a value that is no number, are refused with their line.
        #expect(mapped.refusals.map(\.line) == [5, 6])
        #expect(mapped.refusals.map(\.expected.key) == ["exchange.opensdg.duplicate", "exchange.opensdg.number"])
    }

    /// LSB's DC_TOF_HLTHL: 57.6 with UNIT_MULT 6 (millions). Stored in the series' multiplier:
    /// units when the framework has none, millions when it says so; a multiplier that is no
    /// whole number is refused.
    @Test func aUnitMultiplierIsStoredInTheSeriesOwn() {
        let rows = [
            OpenSDGRow(line: 10, year: "2015", cells: ["SERIES": "DC_TOF_HLTHL"], value: "57.6", unitMultiplier: "6"),
            OpenSDGRow(line: 11, year: "2016", cells: ["SERIES": "DC_TOF_HLTHL"], value: "0.049", unitMultiplier: "9"),
            OpenSDGRow(line: 12, year: "2017", cells: ["SERIES": "DC_TOF_HLTHL", "UNIT_MULT": "x"], value: "1"),
        ]
        let table = OpenSDGTable(file: "data/SDG_DSD_Laos.Goal.3.xml", columns: ["SERIES"], rows: rows)
        let repository = OpenSDGRepository(
            languages: ["lo", "en"],
            indicators: ["3-b-2": OpenSDGIndicator(id: "3-b-2", data: table)],
            translations: [:]
        )
        let units = OpenSDGObservations.map(
            repository,
            framework: OpenSDGFramework(seriesByIndicator: ["3.b.2": ["DC_TOF_HLTHL"]], unitBySeries: [:])
        )
        #expect(units.values.map(\.observation.value) == [57_600_000, 49_000_000])
        #expect(units.refusals.map(\.line) == [12] && units.refusals.first?.location == "UNIT_MULT")
        let millions = OpenSDGObservations.map(
            repository,
            framework: OpenSDGFramework(
                seriesByIndicator: ["3.b.2": ["DC_TOF_HLTHL"]],
                unitBySeries: [:],
                unitMultiplierBySeries: ["DC_TOF_HLTHL": 6]
            )
        )
        #expect(millions.values.map(\.observation.value) == [57.6, 49])
    }
}
