import Foundation
import PasanDomain
import Testing

@testable import PasanExchange

@Suite("DHIS2 analytics answers")
struct DHIS2AnalyticsTests {
    @Test("a dx/pe/ou table with string cells and empty num/den cells")
    func simple() throws {
        let file = "dhis2-analytics/analytics_simple.data.json"
        let table = try DHIS2AnalyticsReader.readTable(DHIS2Fixtures.data(file), file: file)
        #expect(table.headers == ["dx", "pe", "ou", "value", "numerator", "denominator", "factor", "multiplier", "divisor"])
        #expect(table.rows.count == 13)
        #expect(table.rows[0] == ["fbfJHSPpUQD", "201907", "ImspTQPwCqd", "461.0", nil, nil, nil, nil, nil])
        let values = try table.dataValues(file: file)
        #expect(values.count == 13)
        #expect(values[0] == DHIS2DataValue(dataElement: "fbfJHSPpUQD", period: "201907", orgUnit: "ImspTQPwCqd", value: "461.0"))
        // Not a UID: kept whole, never split.
        #expect(values[1].dataElement == "testing-extraneous-data" && values[1].categoryOptionCombo == nil)
        #expect(values[2].value == "-461.0")
        #expect(values.map(\.period).sorted().last == "202001")
    }

    @Test("an indicator with num/den and no ou column: the unit comes from the metadata's dimensions")
    func numeratorDenominator() throws {
        let dataFile = "dhis2-analytics/analytics_indicator_numden.data.json"
        let metaFile = "dhis2-analytics/analytics_indicator_numden.metadata.json"
        var table = try DHIS2AnalyticsReader.readTable(DHIS2Fixtures.data(dataFile), file: dataFile)
        #expect(table.rows == [["dwEq7wi6nXV", "2019", "115.0", "291372.0", "253269.0", "100.0", "100", "1"]])
        let missing = DHIS2Fixtures.problems { _ = try table.dataValues(file: dataFile) }
        #expect(missing.map(\.expected) == [Message("dhis2_exchange.analytics.column", ["column": .text("ou")])])
        #expect(missing.first?.location == "headers")

        let metadata = try DHIS2AnalyticsReader.readTable(DHIS2Fixtures.data(metaFile), file: metaFile)
        #expect(metadata.rows.isEmpty)
        #expect(metadata.dimensions["ou"] == ["ImspTQPwCqd"])
        #expect(metadata.dimensions["pe"] == ["2015", "2016", "2017", "2018", "2019"])
        #expect(
            metadata.items["ImspTQPwCqd"]
                == DHIS2AnalyticsItem(name: "Sierra Leone", code: "OU_525", dimensionItemType: "ORGANISATION_UNIT")
        )
        table.dimensions = metadata.dimensions
        #expect(
            try table.dataValues(file: dataFile) == [
                DHIS2DataValue(dataElement: "dwEq7wi6nXV", period: "2019", orgUnit: "ImspTQPwCqd", value: "115.0")
            ]
        )
        // What the caller asked for as a filter beats the metadata.
        #expect(try table.dataValues(file: dataFile, filters: ["ou": "O6uvpzGd5pu"]).first?.orgUnit == "O6uvpzGd5pu")
    }

    @Test("the hand-edited fixture: numbers in rows, items and dimensions; dx only as a filter")
    func numbers() throws {
        let file = "dhis2-analytics/analytics_aggregate_fixture_handedited.json"
        let table = try DHIS2AnalyticsReader.readTable(DHIS2Fixtures.data(file), file: file)
        #expect(table.headers == ["pe", "ou", "value"])
        #expect(table.rows == [["2016", "O6uvpzGd5pu", "2875"]])
        #expect(table.dimensions["pe"] == ["2016"])
        #expect(table.items["2016"]?.name == "2016")
        let problems = DHIS2Fixtures.problems { _ = try table.dataValues(file: file) }
        #expect(problems.map(\.expected) == [Message("dhis2_exchange.analytics.column", ["column": .text("dx")])])
        #expect(
            try table.dataValues(file: file, filters: ["dx": "eBAyeGv0exc"])
                == [DHIS2DataValue(dataElement: "eBAyeGv0exc", period: "2016", orgUnit: "O6uvpzGd5pu", value: "2875")]
        )
    }

    @Test("an outlier answer reads as a table; it has no ids to give data values")
    func outliers() throws {
        let file = "dhis2-analytics/outlierDetection_modz.json"
        let table = try DHIS2AnalyticsReader.readTable(DHIS2Fixtures.data(file), file: file)
        #expect(table.headers == ["dxname", "ouname", "value", "absdev", "modifiedzscore", "median", "lowerbound", "upperbound"])
        #expect(table.rows.count == 13)
        #expect(table.rows[0][0] == "ANC 2nd visit" && table.rows[0][4] == "3.902767295597484")
        let problems = DHIS2Fixtures.problems { _ = try table.dataValues(file: file) }
        #expect(problems.map { $0.expected.arguments["column"] } == [.text("dx"), .text("pe"), .text("ou")])
    }

    @Test("dx as de.coc and de.coc.aoc is split; a metric suffix is not; co and ao columns win")
    func operands() throws {
        let json = """
            {"headers": [{"name": "dx"}, "pe", {"name": "ou"}, {"name": "co"}, {"name": "value"}],
             "rows": [["fbfJHSPpUQD.pq2XI5kz2BY", "2024", "ImspTQPwCqd", "", 5],
                      ["fbfJHSPpUQD.*.HllvX50cXC0", "2024", "ImspTQPwCqd", null, "6"],
                      ["BfMAe6Itzgt.REPORTING_RATE", "2024", "ImspTQPwCqd", "", "97.5"],
                      ["fbfJHSPpUQD", "2024", "ImspTQPwCqd", "PT59n8BQbqM", "7"],
                      ["fbfJHSPpUQD", "2024", "ImspTQPwCqd"]],
             "metaData": {"names": {"ImspTQPwCqd": "Sierra Leone"}, "pe": ["2024"]}}
            """
        let table = try DHIS2AnalyticsReader.readTable(Data(json.utf8), file: "a.json")
        #expect(table.items["ImspTQPwCqd"]?.name == "Sierra Leone")
        #expect(table.dimensions == ["pe": ["2024"]])
        let values = try table.dataValues(file: "a.json")
        #expect(values.map(\.dataElement) == ["fbfJHSPpUQD", "fbfJHSPpUQD", "BfMAe6Itzgt.REPORTING_RATE", "fbfJHSPpUQD", "fbfJHSPpUQD"])
        #expect(values.map(\.categoryOptionCombo) == ["pq2XI5kz2BY", nil, nil, "PT59n8BQbqM", nil])
        #expect(values.map(\.attributeOptionCombo) == [nil, "HllvX50cXC0", nil, nil, nil])
        #expect(values.map(\.value) == ["5", "6", "97.5", "7", nil])

        let short = #"{"headers": [{"name": "dx"}, {"name": "pe"}, {"name": "ou"}, {"name": "value"}], "rows": [["a", "2024"]]}"#
        let shortTable = try DHIS2AnalyticsReader.readTable(Data(short.utf8), file: "s.json")
        let problems = DHIS2Fixtures.problems { _ = try shortTable.dataValues(file: "s.json") }
        #expect(DHIS2Fixtures.places(problems) == ["rows[0][2] dhis2_exchange.analytics.cell"])
    }

    @Test("/api/analytics/dataValueSet.json reads as a data value set")
    func dataValueSet() throws {
        let json = """
            {"dataValues": [{"dataElement": "fbfJHSPpUQD", "period": "2024", "orgUnit": "ImspTQPwCqd", "categoryOptionCombo": "pq2XI5kz2BY", "value": "12"},
                            {"dataElement": "dwEq7wi6nXV", "period": "2024", "orgUnit": "ImspTQPwCqd", "value": 88.5}]}
            """
        let values = try DHIS2AnalyticsReader.readDataValueSet(Data(json.utf8), file: "dvs.json")
        #expect(
            values == [
                DHIS2DataValue(
                    dataElement: "fbfJHSPpUQD",
                    period: "2024",
                    orgUnit: "ImspTQPwCqd",
                    categoryOptionCombo: "pq2XI5kz2BY",
                    value: "12"
                ),
                DHIS2DataValue(dataElement: "dwEq7wi6nXV", period: "2024", orgUnit: "ImspTQPwCqd", value: "88.5"),
            ]
        )
    }
}
