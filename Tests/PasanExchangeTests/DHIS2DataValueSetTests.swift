import Foundation
import PasanDomain
import Testing

@testable import PasanExchange

/// The DHIS2 sample files of `tests/fixtures/dhis2` (BSD-3, see its README), found from this file.
enum DHIS2Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tests/fixtures/dhis2")

    static func data(_ path: String) throws -> Data { try Data(contentsOf: root.appendingPathComponent(path)) }

    /// The problems a read throws (empty when it reads).
    static func problems(_ body: () throws -> Void) -> [ExchangeProblem] {
        do {
            try body()
            return []
        } catch let error as ExchangeProblems {
            return error.problems
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    /// Where each problem is and what it expects, for exact comparisons.
    static func places(_ problems: [ExchangeProblem]) -> [String] {
        problems.map { problem in
            [problem.line.map(String.init), problem.location, problem.expected.key].compactMap { $0 }.joined(separator: " ")
        }
    }

    /// Every file of the fixture folder with the reader that reads it and how many values (or
    /// units, rows) it gives, or why no reader of this module reads it. The coverage test checks
    /// that this list and the folder agree, so a new sample file is not left untested.
    static let catalogue: [String: String] = [
        "dhis2-core/analytics_dataValues_padded.csv": "values csv 32",
        "dhis2-core/dataValueSetB.csv": "values csv 12",
        "dhis2-core/dataValueSetBNoHeader.csv": "values csv 12",
        "dhis2-core/dataValueSetBooleanTest.csv": "values csv 18",
        "dhis2-core/dataValueSetWithDataSetHeader.csv": "values csv 3",
        "dhis2-core/dataValueSetA.xml": "values xml 3",
        "dhis2-core/dataValueSetACode.xml": "values xml 3",
        "dhis2-core/dataValueSetB.xml": "values xml 12",
        "dhis2-core/dataValueSetCreateDate.json": "values json 1",
        "dhis2-core/dataValueSetJ.json": "values json 1",
        "dhis2-core/dataValueSetJDeleteZeroValue.json": "values json 1",
        "dhis2-core/e2e_aggregate_dataValues_single_dataset.json": "values json 2",
        "dhis2-android-sdk/dataValueSet_export_lyLU2wR22tC.json": "values json 6",
        "dhis2-core/e2e_setup_metadata.json": "orgUnits 5",
        "dhis2-android-sdk/organisationUnits.json": "orgUnits 3",
        "dhis2-android-sdk/importSummary_success_200.json": "summary 0",
        "dhis2-android-sdk/importSummary_warning_409.json": "summary 1",
        "dhis2-analytics/analytics_aggregate_fixture_handedited.json": "analytics 1",
        "dhis2-analytics/analytics_indicator_numden.data.json": "analytics 1",
        "dhis2-analytics/analytics_indicator_numden.metadata.json": "analytics 0",
        "dhis2-analytics/analytics_simple.data.json": "analytics 13",
        "dhis2-analytics/outlierDetection_modz.json": "analytics 13",
        // Metadata this module does not read (data sets, rules, approvals, completeness, levels,
        // the metadata CSV): their JSON is still parsed by the JSON test below.
        "dhis2-core/metadata_with_indicators.json": "other",
        "dhis2-core/metadata_with_validation_rules.json": "other",
        "dhis2-core/organisationUnits.csv": "other",
        "dhis2-android-sdk/completeDataSetRegistrations.json": "other",
        "dhis2-android-sdk/dataApproval_single.json": "other",
        "dhis2-android-sdk/dataApprovals_multiple.json": "other",
        "dhis2-android-sdk/dataSets.json": "other",
        "dhis2-android-sdk/organisationUnitLevels.json": "other",
        "dhis2-android-sdk/validationRules.json": "other",
    ]

    static func allFiles() throws -> [String] {
        var files: [String] = []
        for folder in ["dhis2-core", "dhis2-android-sdk", "dhis2-analytics"] {
            for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path) {
                files.append("\(folder)/\(name)")
            }
        }
        return files.sorted()
    }
}

@Suite("DHIS2 data value sets")
struct DHIS2DataValueSetTests {
    @Test("every sample file is read by its reader and gives the expected count")
    func everyFixture() throws {
        #expect(try DHIS2Fixtures.allFiles() == DHIS2Fixtures.catalogue.keys.sorted())
        for (file, entry) in DHIS2Fixtures.catalogue {
            let data = try DHIS2Fixtures.data(file)
            let parts = entry.split(separator: " ").map(String.init)
            let count: Int
            switch parts[0] {
            case "values":
                switch parts[1] {
                case "csv": count = try DHIS2DataValueSetReader.readCSV(data, file: file).values.count
                case "xml": count = try DHIS2DataValueSetReader.readXML(data, file: file).values.count
                default: count = try DHIS2DataValueSetReader.readJSON(data, file: file).values.count
                }
            case "orgUnits": count = try DHIS2OrgUnitsReader.read(data, file: file).orgUnits.count
            case "summary": count = try DHIS2WebMessageReader.readImportSummary(data, file: file).conflicts.count
            case "analytics": count = try DHIS2AnalyticsReader.readTable(data, file: file).rows.count
            default: continue
            }
            #expect(count == Int(parts.last!), "\(file)")
        }
    }

    @Test("JSON: a DHIS2 export with empty, N/A and missing comments, follow-ups and yearly periods")
    func androidExport() throws {
        let file = "dhis2-android-sdk/dataValueSet_export_lyLU2wR22tC.json"
        let set = try DHIS2DataValueSetReader.readJSON(DHIS2Fixtures.data(file), file: file)
        #expect(set.dataSet == "lyLU2wR22tC")
        #expect(set.completeDate == nil && set.period == nil && set.orgUnit == nil)
        #expect(set.values.map(\.period) == ["2017", "2018", "2016", "201907", "201907", "201906"])
        #expect(set.values.map(\.comment) == [nil, "N/A", "Relevant comment", nil, nil, nil])
        #expect(set.values.map(\.followup) == [false, true, false, false, false, false])
        #expect(
            set.values.map(\.categoryOptionCombo) == [
                "Gmbgme7z9BF", "Gmbgme7z9BF", "Gmbgme7z9BF", "Gmbgme7z9BF", "bRowv6yZOF2", "Gmbgme7z9BF",
            ]
        )
        #expect(
            set.values[1]
                == DHIS2DataValue(
                    dataElement: "g9eOBujte1U",
                    period: "2018",
                    orgUnit: "DiszpKrYNg8",
                    categoryOptionCombo: "Gmbgme7z9BF",
                    attributeOptionCombo: "bRowv6yZOF2",
                    value: "10",
                    comment: "N/A",
                    followup: true,
                    storedBy: "android",
                    lastUpdated: "2010-02-11T00:00:00.000+0000"
                )
        )
        #expect(set.values.last?.orgUnit == "g8upMTyEZGZ")
    }

    @Test("JSON: completedDate is read as completeDate; the envelope's period and unit reach the values")
    func envelope() throws {
        let file = "dhis2-core/e2e_aggregate_dataValues_single_dataset.json"
        let set = try DHIS2DataValueSetReader.readJSON(DHIS2Fixtures.data(file), file: file)
        #expect(set.dataSet == "VEM58nY22sO")
        #expect(set.completeDate == "2019-06-05")
        #expect(set.period == "201911" && set.orgUnit == "O6uvpzGd5pu")
        #expect(set.values.map(\.categoryOptionCombo) == ["oPcWGgS2Liz", "rtfSaMjPyq6"])
        #expect(set.values.map(\.value) == ["1000", "2000"])
        #expect(set.values.allSatisfy { $0.attributeOptionCombo == "HllvX50cXC0" && $0.followup == false })

        // Values without their own period, unit or attribute combo take the envelope's.
        let json = """
            {"period": "2024Q1", "orgUnit": "DiszpKrYNg8", "attributeOptionCombo": "HllvX50cXC0", "idScheme": "code",
             "dataElementIdScheme": "uid", "dryRun": "true", "unknown": {"deep": [1, 2]},
             "dataValues": [{"dataElement": "DE_A", "value": 12.50, "followUp": true, "comment": ""},
                            {"dataElement": "DE_B", "period": "2024Q2", "value": true, "deleted": true, "created": "x"}]}
            """
        let read = try DHIS2DataValueSetReader.readJSON(Data(json.utf8), file: "push.json")
        #expect(read.dryRun == true)
        #expect(read.idSchemes == DHIS2IdSchemes(idScheme: "code", dataElementIdScheme: "uid"))
        #expect(
            read.values == [
                DHIS2DataValue(
                    dataElement: "DE_A",
                    period: "2024Q1",
                    orgUnit: "DiszpKrYNg8",
                    attributeOptionCombo: "HllvX50cXC0",
                    value: "12.50",
                    followup: true
                ),
                DHIS2DataValue(
                    dataElement: "DE_B",
                    period: "2024Q2",
                    orgUnit: "DiszpKrYNg8",
                    attributeOptionCombo: "HllvX50cXC0",
                    value: "true",
                    deleted: true
                ),
            ]
        )
    }

    @Test("JSON: a null comment, +0000 timestamps, and the same key resent as 0")
    func createDateAndZero() throws {
        let set = try DHIS2DataValueSetReader.readJSON(
            DHIS2Fixtures.data("dhis2-core/dataValueSetCreateDate.json"),
            file: "dataValueSetCreateDate.json"
        )
        #expect(
            set.values == [
                DHIS2DataValue(
                    dataElement: "f7n9E0hX8qk",
                    period: "201201",
                    orgUnit: "DiszpKrYNg8",
                    value: "20",
                    followup: false,
                    storedBy: "system",
                    lastUpdated: "1988-12-21T23:59:38.000+0000"
                )
            ]
        )
        let first = try DHIS2DataValueSetReader.readJSON(DHIS2Fixtures.data("dhis2-core/dataValueSetJ.json"), file: "J.json")
        let second = try DHIS2DataValueSetReader.readJSON(
            DHIS2Fixtures.data("dhis2-core/dataValueSetJDeleteZeroValue.json"),
            file: "J0.json"
        )
        #expect(first.values.map(\.value) == ["10"])
        #expect(second.values.map(\.value) == ["0"])
        var key = first.values[0]
        key.value = "0"
        #expect(second.values == [key])
    }

    @Test("CSV: by header name, without header (positional), ragged rows, padded fields")
    func csvDialects() throws {
        let withHeader = try DHIS2DataValueSetReader.readCSV(
            DHIS2Fixtures.data("dhis2-core/dataValueSetB.csv"),
            file: "dataValueSetB.csv",
            dataSet: "pBOMPrpg1QX"
        )
        #expect(withHeader.dataSet == "pBOMPrpg1QX")
        #expect(withHeader.values.map(\.value) == (10001...10012).map { String($0) })
        #expect(
            withHeader.values[1]
                == DHIS2DataValue(
                    dataElement: "f7n9E0hX8qk",
                    period: "201201",
                    orgUnit: "BdfsJfj87js",
                    value: "10002",
                    comment: "comment",
                    followup: false,
                    storedBy: "john",
                    lastUpdated: "2012-01-01"
                )
        )
        let positional = try DHIS2DataValueSetReader.readCSV(DHIS2Fixtures.data("dhis2-core/dataValueSetBNoHeader.csv"), file: "b.csv")
        #expect(positional.values == withHeader.values)

        let ragged = try DHIS2DataValueSetReader.readCSV(DHIS2Fixtures.data("dhis2-core/dataValueSetWithDataSetHeader.csv"), file: "r.csv")
        #expect(ragged.values.map(\.lastUpdated) == ["2012-01-01", "2012-01-02", "2012-01-03"])
        #expect(ragged.values.allSatisfy { $0.deleted == nil && $0.followup == false })

        let padded = try DHIS2DataValueSetReader.readCSV(DHIS2Fixtures.data("dhis2-core/analytics_dataValues_padded.csv"), file: "p.csv")
        #expect(padded.values.count == 32)
        #expect(padded.values.first == DHIS2DataValue(dataElement: "deabcdefghA", period: "2017-01", orgUnit: "ouabcdefghA", value: "2"))
        #expect(
            padded.values.last == DHIS2DataValue(dataElement: "deabcdefghH", period: "2017-01", orgUnit: "ouabcdefghA", value: "2017-01-01")
        )
        #expect(Dictionary(grouping: padded.values, by: \.dataElement).mapValues(\.count)["deabcdefghD"] == 7)
    }

    @Test("CSV: abbreviated names in any case, spaces after commas, CRLF, quoted fields with commas and quotes")
    func csvNames() throws {
        let text = "DE, PE ,OU,COC,Value,Comment,FollowUp,Deleted\r\nf7n9E0hX8qk, 2024,DiszpKrYNg8,,  7 ,\"a, \"\"b\"\"\",T,0\r\n"
        let set = try DHIS2DataValueSetReader.readCSV(Data(text.utf8), file: "n.csv")
        #expect(
            set.values == [
                DHIS2DataValue(
                    dataElement: "f7n9E0hX8qk",
                    period: "2024",
                    orgUnit: "DiszpKrYNg8",
                    value: "7",
                    comment: "a, \"b\"",
                    followup: true,
                    deleted: false
                )
            ]
        )
    }

    @Test("CSV: DHIS2's boolean spellings, and the values that are not booleans")
    func booleans() throws {
        let set = try DHIS2DataValueSetReader.readCSV(DHIS2Fixtures.data("dhis2-core/dataValueSetBooleanTest.csv"), file: "bool.csv")
        let parsed = set.values.map { DHIS2Boolean.parse($0.value ?? "") }
        #expect(parsed.filter { $0 == true }.count == 9)
        #expect(parsed.filter { $0 == false }.count == 6)
        #expect(set.values.filter { DHIS2Boolean.parse($0.value ?? "") == nil }.map(\.period) == ["201211", "201212", "201306"])
        #expect(DHIS2Boolean.parse("TRUE") == true && DHIS2Boolean.parse("yes") == nil)
    }

    @Test("XML (DXF2): per-value fields, an envelope with idScheme code, timestamp as lastUpdated")
    func xml() throws {
        let a = try DHIS2DataValueSetReader.readXML(DHIS2Fixtures.data("dhis2-core/dataValueSetA.xml"), file: "A.xml")
        #expect(a.dataSet == "pBOMPrpg1QX")
        #expect(a.values.map(\.orgUnit) == ["DiszpKrYNg8", "BdfsJfj87js", "DiszpKrYNg8"])
        #expect(a.values.map(\.lastUpdated) == ["2012-01-01", "2012-01-02", "2012-01-03"])
        let code = try DHIS2DataValueSetReader.readXML(DHIS2Fixtures.data("dhis2-core/dataValueSetACode.xml"), file: "ACode.xml")
        #expect(code.idSchemes.idScheme == "code" && code.completeDate == "2012-01-09")
        #expect(code.values.map(\.dataElement) == ["DE_A", "DE_B", "DE_C"])
        #expect(code.values.allSatisfy { $0.period == "201201" && $0.orgUnit == "OU_A" })
        let b = try DHIS2DataValueSetReader.readXML(DHIS2Fixtures.data("dhis2-core/dataValueSetB.xml"), file: "B.xml")
        let csv = try DHIS2DataValueSetReader.readCSV(DHIS2Fixtures.data("dhis2-core/dataValueSetB.csv"), file: "B.csv")
        #expect(b.dataSet == nil)
        #expect(b.values == csv.values)
    }

    @Test("problems name the value and field, or the line and column, and are all collected")
    func problems() throws {
        let json = """
            {"dataValues": [
              {"dataElement": "a", "period": "2024", "orgUnit": "o", "value": "1"},
              {"dataElement": "b", "orgUnit": "o", "value": {"x": 1}},
              "not a value",
              {"period": "2024", "orgUnit": "o", "categoryOptionCombo": {"cX5k9anHEHd": "apsOixVZlf1"}, "followup": "maybe"}
            ]}
            """
        let found = DHIS2Fixtures.problems { _ = try DHIS2DataValueSetReader.readJSON(Data(json.utf8), file: "p.json") }
        #expect(
            DHIS2Fixtures.places(found) == [
                "dataValues[1].value dhis2_exchange.json.value",
                "dataValues[1].period dhis2_exchange.value.required",
                "dataValues[2] dhis2_exchange.json.object",
                "dataValues[3].categoryOptionCombo dhis2_exchange.value.comboObject",
                "dataValues[3].followup dhis2_exchange.json.boolean",
                "dataValues[3].dataElement dhis2_exchange.value.required",
            ]
        )
        #expect(found[4].found == "\"maybe\"")

        let notArray = DHIS2Fixtures.problems {
            _ = try DHIS2DataValueSetReader.readJSON(Data(#"{"dataValues": {"a": 1}}"#.utf8), file: "x.json")
        }
        #expect(DHIS2Fixtures.places(notArray) == ["dataValues dhis2_exchange.json.array"])
        let notObject = DHIS2Fixtures.problems { _ = try DHIS2DataValueSetReader.readJSON(Data("[1, 2]".utf8), file: "x.json") }
        #expect(DHIS2Fixtures.places(notObject) == ["dhis2_exchange.json.object"])
        let notJSON = DHIS2Fixtures.problems {
            _ = try DHIS2DataValueSetReader.readJSON(Data("{\n  \"dataValues\": [\n    {\"a\": 1,}\n]}".utf8), file: "x.json")
        }
        #expect(DHIS2Fixtures.places(notJSON) == ["3 column 13 dhis2_exchange.json.syntax"])

        let csv = "dataelement,period,orgunit,value,followup\nf7n9E0hX8qk,,DiszpKrYNg8,1,yes\n\nf7n9E0hX8qk,2024\n"
        let csvProblems = DHIS2Fixtures.problems { _ = try DHIS2DataValueSetReader.readCSV(Data(csv.utf8), file: "x.csv") }
        #expect(
            DHIS2Fixtures.places(csvProblems) == [
                "2 followup dhis2_exchange.csv.boolean",
                "2 period dhis2_exchange.value.required",
                "4 orgunit dhis2_exchange.value.required",
            ]
        )
        let noValueColumn = DHIS2Fixtures.problems {
            _ = try DHIS2DataValueSetReader.readCSV(Data("dataelement,period,orgunit\na,b,c\n".utf8), file: "x.csv")
        }
        #expect(DHIS2Fixtures.places(noValueColumn) == ["1 dhis2_exchange.csv.column"])
        #expect(noValueColumn.first?.expected == Message("dhis2_exchange.csv.column", ["column": .text("value")]))
    }

    @Test("the writer's JSON reads back equal, spells followup, writes values as strings")
    func roundTrip() throws {
        let file = "dhis2-android-sdk/dataValueSet_export_lyLU2wR22tC.json"
        var set = try DHIS2DataValueSetReader.readJSON(DHIS2Fixtures.data(file), file: file)
        set.completeDate = "2024-01-31"
        set.idSchemes.orgUnitIdScheme = "code"
        set.dryRun = false
        set.values[0].comment = "line\nbreak \"quoted\" \\ tab\t \u{1} ລາວ"
        set.values[0].deleted = true
        let json = DHIS2DataValueSetWriter.json(set)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"followup\":true") && !text.contains("followUp"))
        #expect(text.contains("\"value\":\"12\""))
        #expect(try DHIS2DataValueSetReader.readJSON(json, file: "out.json") == set)
        // Foundation reads it too: it is plain JSON.
        let object = try JSONSerialization.jsonObject(with: json) as? [String: Any]
        #expect((object?["dataValues"] as? [Any])?.count == 6)
        #expect(String(decoding: DHIS2DataValueSetWriter.json(DHIS2DataValueSet(values: [])), as: UTF8.self) == "{\"dataValues\":[]}\n")
    }

    @Test("100,000 values are written and read back (JSON and CSV) in bounded time")
    func large() throws {
        var set = DHIS2DataValueSet(dataSet: "pBOMPrpg1QX", values: [])
        for index in 0..<100_000 {
            set.values.append(
                DHIS2DataValue(
                    dataElement: "f7n9E0hX8qk",
                    period: "\(2000 + index % 25)",
                    orgUnit: "DiszpKrYNg8",
                    categoryOptionCombo: "HllvX50cXC0",
                    attributeOptionCombo: "HllvX50cXC0",
                    value: "\(index)",
                    followup: false,
                    storedBy: "admin",
                    lastUpdated: "2015-08-09T12:58:05.001"
                )
            )
        }
        let json = DHIS2DataValueSetWriter.json(set)
        let read = try DHIS2DataValueSetReader.readJSON(json, file: "big.json")
        #expect(read == set)
        var csv = "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\n"
        for value in set.values {
            csv += "\(value.dataElement),\(value.period),\(value.orgUnit),HllvX50cXC0,HllvX50cXC0,\(value.value!),admin,x,,false\n"
        }
        let fromCSV = try DHIS2DataValueSetReader.readCSV(Data(csv.utf8), file: "big.csv")
        #expect(fromCSV.values.count == 100_000)
        #expect(fromCSV.values[99_999].value == "99999")
        // How fast: `pasan bench-dhis2` (scripts/bench); tests never time anything.
    }
}
