import Foundation
import PasanDomain
import Testing

@testable import PasanExchange

@Suite("DHIS2 mapping spreadsheet")
struct DHIS2MappingFileTests {
    static let elements = [
        DHIS2ElementMapping(
            dataElement: "fbfJHSPpUQD",
            categoryOptionCombo: nil,
            source: .analytics,
            indicator: "3.1.2",
            series: "SH_STA_BRTC",
            dimensions: "",
            aggregation: .sum
        ),
        DHIS2ElementMapping(
            dataElement: "fbfJHSPpUQD",
            categoryOptionCombo: "pq2XI5kz2BY",
            source: .raw,
            indicator: "3.1.2",
            series: "SH_STA_BRTC",
            dimensions: "AGE=Y15T49|SEX=F",
            aggregation: .last,
            factor: 100
        ),
        DHIS2ElementMapping(
            dataElement: "dwEq7wi6nXV",
            categoryOptionCombo: nil,
            source: .analytics,
            indicator: "3.b.1",
            series: "SH_ACS_DTP3",
            dimensions: "",
            aggregation: .average,
            factor: 0.001
        ),
    ]

    static let orgUnits = [
        DHIS2OrgUnitMatch(
            orgUnit: DHIS2OrgUnit(uid: "ImspTQPwCqd", code: "OU_525", name: "Sierra Leone", level: nil, parentUID: nil, path: nil),
            areaCode: "LA",
            basis: .manual,
            confirmed: true
        ),
        DHIS2OrgUnitMatch(
            orgUnit: DHIS2OrgUnit(uid: "O6uvpzGd5pu", code: nil, name: "=HYPERLINK(\"http://x\")", level: nil, parentUID: nil, path: nil),
            areaCode: "01",
            basis: .manual,
            confirmed: true
        ),
    ]

    @Test("CSV: both tables round-trip; formulas are neutralised in the file and restored when read")
    func csvRoundTrip() throws {
        let elementsCSV = DHIS2MappingFile.elementsCSV(Self.elements)
        #expect(elementsCSV.hasPrefix("dhis2_id,category_option_combo,source,indicator,series,breakdown,aggregation,factor\r\n"))
        #expect(elementsCSV.contains("fbfJHSPpUQD,pq2XI5kz2BY,raw,3.1.2,SH_STA_BRTC,AGE=Y15T49|SEX=F,last,100\r\n"))
        #expect(try DHIS2MappingFile.readElementsCSV(Data(elementsCSV.utf8), file: "elements.csv") == Self.elements)
        let orgUnitsCSV = DHIS2MappingFile.orgUnitsCSV(Self.orgUnits)
        #expect(orgUnitsCSV.contains("O6uvpzGd5pu,,\"'=HYPERLINK(\"\"http://x\"\")\",01\r\n"))
        #expect(try DHIS2MappingFile.readOrgUnitsCSV(Data(orgUnitsCSV.utf8), file: "org_units.csv") == Self.orgUnits)
    }

    @Test("XLSX: one workbook with both sheets round-trips; 01 stays 01")
    func xlsxRoundTrip() throws {
        let file = DHIS2MappingFile(elements: Self.elements, orgUnits: Self.orgUnits)
        let data = try file.xlsx()
        let document = try XLSXReader.read(data, file: "mapping.xlsx")
        #expect(document.sheets.map(\.name) == ["elements", "org_units"])
        #expect(document.sheet(named: "elements")?.cell("H3")?.value == .number(100))
        #expect(try DHIS2MappingFile.readWorkbook(data, file: "mapping.xlsx") == file)
    }

    @Test("reading is lenient in form: header case, extra columns, optional columns, _T and order in breakdowns")
    func lenient() throws {
        let csv = """
            Notes,DHIS2_ID,Source,Indicator,Series,Aggregation,Breakdown
            births,fbfJHSPpUQD,Analytics,3.1.2,SH_STA_BRTC,SUM,SEX=F | AGE=_T
            """
        let read = try DHIS2MappingFile.readElementsCSV(Data(csv.utf8), file: "e.csv")
        #expect(
            read == [
                DHIS2ElementMapping(
                    dataElement: "fbfJHSPpUQD",
                    categoryOptionCombo: nil,
                    source: .analytics,
                    indicator: "3.1.2",
                    series: "SH_STA_BRTC",
                    dimensions: "SEX=F",
                    aggregation: .sum
                )
            ]
        )
    }

    @Test("CSV: every row is checked and every problem is at its line and column")
    func csvProblems() throws {
        let csv = """
            dhis2_id,category_option_combo,source,indicator,series,breakdown,aggregation,factor
            fbfJHSPpUQD,,analytics,3.1.2,SH_STA_BRTC,,sum,
            1bfJHSPpUQD,short,daily,,SH_STA_BRTC,SEX,median,abc
            fbfJHSPpUQD,,raw,3.1.2,SH_STA_BRTC,,sum,0
            dwEq7wi6nXV,,raw,3.1.2,SH_STA_BRTC,,last,1
            dwEq7wi6nXV,,raw,9.9.9,NOPE,SEX=F|SEX=M,last,
            """
        let references = DHIS2MappingFile.References(indicators: ["3.1.2", "3.b.1"], series: ["SH_STA_BRTC"], areas: ["LA"])
        let problems = DHIS2Fixtures.problems {
            _ = try DHIS2MappingFile.readElementsCSV(Data(csv.utf8), file: "e.csv", references: references)
        }
        #expect(
            DHIS2Fixtures.places(problems) == [
                "3 dhis2_id dhis2_exchange.uid",
                "3 category_option_combo dhis2_exchange.uid",
                "3 source dhis2_exchange.mapping.source",
                "3 indicator dhis2_exchange.mapping.required",
                "3 breakdown dhis2_exchange.mapping.breakdown",
                "3 aggregation dhis2_exchange.mapping.aggregation",
                "3 factor dhis2_exchange.mapping.factor",
                "4 factor dhis2_exchange.mapping.factor",
                "5 series dhis2_exchange.mapping.duplicateTarget",
                "6 indicator dhis2_exchange.mapping.unknownIndicator",
                "6 series dhis2_exchange.mapping.unknownSeries",
                "6 breakdown dhis2_exchange.mapping.breakdown",
            ]
        )
        #expect(problems[8].expected == Message("dhis2_exchange.mapping.duplicateTarget", ["line": .number(2)]))
        #expect(problems[2].found == "daily")

        let units =
            "dhis2_org_unit,dhis2_code,dhis2_name,area_code\nImspTQPwCqd,OU_525,Sierra Leone,LA\nImspTQPwCqd,,again,LA\nbad,,x,\nO6uvpzGd5pu,,Bo,ZZ\n"
        let unitProblems = DHIS2Fixtures.problems {
            _ = try DHIS2MappingFile.readOrgUnitsCSV(Data(units.utf8), file: "u.csv", references: references)
        }
        #expect(
            DHIS2Fixtures.places(unitProblems) == [
                "3 dhis2_org_unit dhis2_exchange.mapping.duplicateOrgUnit",
                "4 dhis2_org_unit dhis2_exchange.uid",
                "4 area_code dhis2_exchange.mapping.required",
                "5 area_code dhis2_exchange.mapping.unknownArea",
            ]
        )
        let noColumn = DHIS2Fixtures.problems {
            _ = try DHIS2MappingFile.readOrgUnitsCSV(Data("dhis2_org_unit,name\nImspTQPwCqd,x\n".utf8), file: "u.csv")
        }
        #expect(noColumn.map(\.expected) == [Message("dhis2_exchange.mapping.column", ["column": .text("area_code")])])
        #expect(noColumn.first?.line == 1)
    }

    @Test("XLSX: problems are located Sheet!Cell; a missing sheet is named")
    func xlsxProblems() throws {
        func row(_ texts: [String]) -> [XLSXCell] { texts.map { XLSXCell.text($0) } }
        let workbook = XLSXWorkbook(sheets: [
            XLSXSheet(
                name: "elements",
                rows: [
                    row(DHIS2MappingFile.elementColumns),
                    row(["fbfJHSPpUQD", "", "analytics", "3.1.2", "SH_STA_BRTC", "", "sum"]) + [XLSXCell.number(2)],
                    row(["fbfJHSPpUQD", "", "analytic", "3.1.2", "SH_STA_BRTC", "SEX=F", "sum", "x"]),
                ]
            ),
            XLSXSheet(name: "org_units", rows: [row(DHIS2MappingFile.orgUnitColumns), row(["ImspTQPwCqd", "", "Sierra Leone", ""])]),
        ])
        let problems = DHIS2Fixtures.problems { _ = try DHIS2MappingFile.readWorkbook(XLSXWriter.data(workbook), file: "m.xlsx") }
        #expect(
            problems.map { "\($0.location ?? "") \($0.expected.key)" } == [
                "elements!C3 dhis2_exchange.mapping.source",
                "elements!H3 dhis2_exchange.mapping.factor",
                "org_units!D2 dhis2_exchange.mapping.required",
            ]
        )
        #expect(problems.allSatisfy { $0.line == nil && $0.file == "m.xlsx" })

        let oneSheet = XLSXWorkbook(sheets: [XLSXSheet(name: "elements", rows: [row(DHIS2MappingFile.elementColumns)])])
        let missing = DHIS2Fixtures.problems { _ = try DHIS2MappingFile.readWorkbook(XLSXWriter.data(oneSheet), file: "m.xlsx") }
        #expect(missing.map(\.expected) == [Message("dhis2_exchange.mapping.sheet", ["sheet": .text("org_units")])])
    }

    @Test("breakdown keys: sorted, _T left out, malformed refused")
    func breakdowns() {
        #expect(DHIS2MappingFile.breakdownKey("") == "")
        #expect(DHIS2MappingFile.breakdownKey("SEX=F|AGE=Y15T49") == "AGE=Y15T49|SEX=F")
        #expect(DHIS2MappingFile.breakdownKey("SEX=_T") == "")
        for bad in ["SEX", "SEX=", "=F", "SEX=F|", "SEX=F||AGE=Y0T4", "SEX=F=M", "SEX=F|SEX=M", "SE X=F"] {
            #expect(DHIS2MappingFile.breakdownKey(bad) == nil, "\(bad)")
        }
    }
}
