import Foundation
import PasanMessages
import Testing

@testable import PasanDomain

/// DHIS2 data values → the tidy rows of a submission: lookup by element and combo, aggregation
/// into the calendar year, and every value either in a row, ignored with its reason, or counted as
/// unmapped.
@Suite struct DHIS2MapperTests {
    static let provenance = "DHIS2 MOH HMIS, pulled at 2026-12-02 10:15 UTC"

    static let mappings = [
        DHIS2ElementMapping(
            dataElement: "deBirths",
            categoryOptionCombo: nil,
            source: .raw,
            indicator: "3.1.2",
            series: "SH_BIRTHS",
            dimensions: "",
            aggregation: .sum
        ),
        DHIS2ElementMapping(
            dataElement: "deBirths",
            categoryOptionCombo: "cocFemale",
            source: .raw,
            indicator: "3.1.2",
            series: "SH_BIRTHS",
            dimensions: "SEX=F",
            aggregation: .sum
        ),
        DHIS2ElementMapping(
            dataElement: "deRate",
            categoryOptionCombo: nil,
            source: .analytics,
            indicator: "3.2.1",
            series: "SH_RATE",
            dimensions: "URBANISATION=R",
            aggregation: .average,
            factor: 100
        ),
        DHIS2ElementMapping(
            dataElement: "deStock",
            categoryOptionCombo: "HllvX50cXC0",
            source: .raw,
            indicator: "3.2.1",
            series: "SH_STOCK",
            dimensions: "",
            aggregation: .last
        ),
    ]
    static let orgUnits = ["ouVte": "01", "ouPsl": "LA02", "ouLao": "LA"]
    static let units = ["SH_BIRTHS": "NUMBER", "SH_RATE": "PT", "SH_STOCK": "NUMBER"]

    static func value(
        _ dataElement: String,
        _ period: String,
        _ value: String?,
        orgUnit: String = "ouVte",
        combo: String? = nil,
        attribute: String? = nil,
        deleted: Bool? = nil
    ) -> DHIS2DataValue {
        DHIS2DataValue(
            dataElement: dataElement,
            period: period,
            orgUnit: orgUnit,
            categoryOptionCombo: combo,
            attributeOptionCombo: attribute,
            value: value,
            deleted: deleted
        )
    }

    static func map(_ values: [DHIS2DataValue], mappings: [DHIS2ElementMapping] = mappings, years: Set<Int>? = nil) -> DHIS2MappingResult {
        DHIS2Mapper.map(values: values, mappings: mappings, orgUnits: orgUnits, units: units, provenance: provenance, years: years)
    }

    @Test func quartersAddUpToTheYearInOneRow() throws {
        let result = Self.map([
            Self.value("deBirths", "2024Q1", "10"),
            Self.value("deBirths", "2024Q2", "20"),
            Self.value("deBirths", "2024Q3", "30"),
            Self.value("deBirths", "2024Q4", "40.5"),
        ])
        // Every breakdown any mapping uses is a column.
        #expect(
            result.header == [
                "Year", "SERIES", "UNIT_MEASURE", "SEX", "URBANISATION", "OBS_STATUS", "COMMENT_OBS", "SOURCE_DETAIL", "GeoCode",
                "Value",
            ]
        )
        try #require(result.rows.count == 1)
        #expect(result.rows[0].line == 1)
        #expect(result.rows[0].fields == ["2024", "SH_BIRTHS", "NUMBER", "", "", "", "", Self.provenance, "01", "100.5"])
        #expect(result.sources == [1: [0, 1, 2, 3]])
        #expect(
            result.cells == [
                DHIS2MappedCell(
                    line: 1,
                    key: CellKey(indicator: "3.1.2", series: "SH_BIRTHS", area: "01", period: "2024", dimensions: ""),
                    value: 100.5,
                    sources: [0, 1, 2, 3]
                )
            ]
        )
        #expect(result.ignored.isEmpty)
        #expect(result.unmappedElements.isEmpty)
        #expect(result.unmappedOrgUnits.isEmpty)
    }

    @Test func aSumOverPartOfAYearIsIgnoredWithHowManyCame() {
        let result = Self.map([
            Self.value("deBirths", "2024Q1", "10"),
            Self.value("deBirths", "2024Q2", "20"),
            Self.value("deBirths", "2024Q3", "30"),
        ])
        #expect(result.rows.isEmpty)
        #expect(result.ignored.map(\.index) == [0, 1, 2])
        let cell = "3.1.2 SH_BIRTHS 01 2024"
        #expect(
            result.ignored.allSatisfy {
                $0.reason
                    == Message(
                        "dhis2.ignored.incompleteYear",
                        [
                            "count": .number(3), "expected": .number(4), "periodType": .message(Message("dhis2.periodType.quarterly")),
                            "year": .text("2024"), "cell": .text(cell),
                        ]
                    )
            }
        )
    }

    @Test func averageAndFactorAndLast() throws {
        let result = Self.map([
            Self.value("deRate", "202401", "0.5", orgUnit: "ouPsl"),
            Self.value("deRate", "202402", "0.6", orgUnit: "ouPsl"),
            // The latest period wins, whatever order DHIS2 sends them in.
            Self.value("deStock", "202403", "7", combo: "HllvX50cXC0"),
            Self.value("deStock", "202401", "9", combo: "HllvX50cXC0"),
        ])
        try #require(result.rows.count == 2)
        // (0.5 + 0.6) / 2 × 100 is 55.00000000000001 in binary; the row says 55.
        #expect(result.rows[0].fields == ["2024", "SH_RATE", "PT", "", "R", "", "", Self.provenance, "02", "55"])
        #expect(result.cells[0].key.dimensions == "URBANISATION=R")
        #expect(result.cells[0].value == 55)
        #expect(result.rows[1].line == 3)
        #expect(result.rows[1].fields.last == "7")
        #expect(result.sources[3] == [2, 3])
    }

    @Test func aYearlyValueIsTheYearsValueWhateverTheAggregation() throws {
        let result = Self.map([Self.value("deBirths", "2023", "1234", orgUnit: "ouLao"), Self.value("deRate", "2024April", "0.25")])
        #expect(result.rows.map(\.fields.first) == ["2023", "2025"])
        #expect(result.rows.map(\.fields.last) == ["1234", "25"])
        #expect(result.cells[0].key.area == "LA")
    }

    @Test func theDefaultComboIsNoComboAndDHIS2sDefaultUIDsAreOrdinary() {
        let result = Self.map([
            Self.value("deBirths", "2024", "5", combo: ""),
            Self.value("deBirths", "2024", "6", orgUnit: "ouPsl", combo: nil),
            // Not the mapping without a combo: the mapping does not name this UID.
            Self.value("deBirths", "2024", "7", combo: "HllvX50cXC0"),
            Self.value("deBirths", "2024", "8", combo: "bRowv6yZOF2"),
            Self.value("deBirths", "2024", "9", combo: "bRowv6yZOF2"),
            // The mapping that names it matches it, and only it.
            Self.value("deStock", "2024", "3", combo: "HllvX50cXC0"),
            Self.value("deStock", "2024", "4"),
            Self.value("deBirths", "2024", "1", combo: "cocFemale"),
        ])
        #expect(result.rows.map(\.line) == [1, 2, 6, 8])
        #expect(result.rows[3].fields[3] == "F")
        #expect(
            result.unmappedElements == [
                DHIS2UnmappedElement(dataElement: "deBirths", categoryOptionCombo: "bRowv6yZOF2", count: 2),
                DHIS2UnmappedElement(dataElement: "deBirths", categoryOptionCombo: "HllvX50cXC0", count: 1),
                DHIS2UnmappedElement(dataElement: "deStock", categoryOptionCombo: nil, count: 1),
            ]
        )
    }

    @Test func unmappedOrganisationUnitsAreCountedForTheMapItOffer() {
        let result = Self.map([
            Self.value("deBirths", "2024", "5", orgUnit: "ouFacility"),
            Self.value("deBirths", "2023", "5", orgUnit: "ouFacility"),
            Self.value("deBirths", "2024", "5", orgUnit: "ouOther"),
            // Neither element nor unit known: counted in both lists.
            Self.value("deUnknown", "2024", "5", orgUnit: "ouOther"),
        ])
        #expect(result.rows.isEmpty)
        #expect(result.ignored.isEmpty)
        #expect(
            result.unmappedOrgUnits == [DHIS2UnmappedOrgUnit(uid: "ouFacility", count: 2), DHIS2UnmappedOrgUnit(uid: "ouOther", count: 2)]
        )
        #expect(result.unmappedElements == [DHIS2UnmappedElement(dataElement: "deUnknown", categoryOptionCombo: nil, count: 1)])
    }

    @Test func valuesAreIgnoredWithTheirReasonInOrder() {
        let result = Self.map(
            [
                Self.value("deBirths", "2024", "5", deleted: true),
                Self.value("deBirths", "false_period", "5"),
                Self.value("deBirths", "2024", "test"),
                Self.value("deBirths", "2024", "1,2"),
                Self.value("deBirths", "2024", nil, orgUnit: "ouPsl"),
                Self.value("deBirths", "2019", "5", orgUnit: "ouLao"),
                Self.value("deBirths", "2024Q5", "5"),
                Self.value("deBirths", "2024", " 7 ", orgUnit: "ouLao"),
            ],
            years: [2023, 2024]
        )
        #expect(
            result.ignored.map(\.reason) == [
                Message("dhis2.ignored.deleted"),
                Message("dhis2.ignored.period", ["period": .text("false_period")]),
                Message("dhis2.ignored.notNumber", ["value": .text("test")]),
                Message("dhis2.ignored.notNumber", ["value": .text("1,2")]),
                Message("dhis2.ignored.notNumber", ["value": .text("")]),
                Message("dhis2.ignored.outsideYears", ["period": .text("2019"), "year": .text("2019"), "years": .text("2023, 2024")]),
                Message("dhis2.ignored.period", ["period": .text("2024Q5")]),
            ]
        )
        #expect(result.ignored.map(\.index) == [0, 1, 2, 3, 4, 5, 6])
        #expect(result.ignored[2].value == Self.value("deBirths", "2024", "test"))
        #expect(result.rows.map(\.line) == [8])
        #expect(result.rows[0].fields.last == "7")
    }

    @Test func aFinancialYearIsFiledUnderTheYearItEnds() {
        let result = Self.map([Self.value("deBirths", "2024July", "5")], years: [2024])
        #expect(result.rows.isEmpty)
        #expect(
            result.ignored.map(\.reason) == [
                Message("dhis2.ignored.outsideYears", ["period": .text("2024July"), "year": .text("2025"), "years": .text("2024")])
            ]
        )
    }

    @Test func twoPeriodTypesForOneCellAreIgnored() {
        let result = Self.map([
            Self.value("deStock", "2024", "5", combo: "HllvX50cXC0"),
            Self.value("deStock", "2024Q4", "6", combo: "HllvX50cXC0"),
            Self.value("deStock", "202412", "6", combo: "HllvX50cXC0"),
        ])
        #expect(result.rows.isEmpty)
        let reason = Message(
            "dhis2.ignored.mixedPeriods",
            [
                "cell": .text("3.2.1 SH_STOCK 01 2024"), "first": .message(Message("dhis2.periodType.yearly")),
                "second": .message(Message("dhis2.periodType.quarterly")),
            ]
        )
        #expect(result.ignored.map(\.reason) == [reason, reason, reason])
    }

    @Test func twoValuesForOnePeriodAreIgnored() {
        let result = Self.map([
            // Two attribute option combos of the same period.
            Self.value("deStock", "202401", "5", combo: "HllvX50cXC0", attribute: "aocPartnerA"),
            Self.value("deStock", "202401", "6", combo: "HllvX50cXC0", attribute: "aocPartnerB"),
            // The same month written both ways DHIS2 writes it.
            Self.value("deStock", "202402", "5", orgUnit: "ouPsl", combo: "HllvX50cXC0"),
            Self.value("deStock", "2024-02", "5", orgUnit: "ouPsl", combo: "HllvX50cXC0"),
        ])
        #expect(result.rows.isEmpty)
        #expect(
            result.ignored.map(\.reason) == [
                Message("dhis2.ignored.samePeriodTwice", ["cell": .text("3.2.1 SH_STOCK 01 2024"), "period": .text("202401")]),
                Message("dhis2.ignored.samePeriodTwice", ["cell": .text("3.2.1 SH_STOCK 01 2024"), "period": .text("202401")]),
                Message("dhis2.ignored.samePeriodTwice", ["cell": .text("3.2.1 SH_STOCK 02 2024"), "period": .text("2024-02")]),
                Message("dhis2.ignored.samePeriodTwice", ["cell": .text("3.2.1 SH_STOCK 02 2024"), "period": .text("2024-02")]),
            ]
        )
    }

    @Test func aCellGivenByTwoSourcesIsIgnoredForBoth() {
        var mappings = Self.mappings
        // Another data element mapped onto the total of SH_BIRTHS.
        mappings.append(
            DHIS2ElementMapping(
                dataElement: "deBirthsOld",
                categoryOptionCombo: nil,
                source: .raw,
                indicator: "3.1.2",
                series: "SH_BIRTHS",
                dimensions: "SEX=_T",
                aggregation: .sum
            )
        )
        let result = DHIS2Mapper.map(
            values: [
                Self.value("deBirths", "2024", "5"),
                Self.value("deBirthsOld", "2024", "6"),
                // Two organisation units matched to one area.
                Self.value("deBirths", "2023", "5", orgUnit: "ouA"),
                Self.value("deBirths", "2023", "5", orgUnit: "ouB"),
                Self.value("deBirths", "2022", "5", orgUnit: "ouA"),
            ],
            mappings: mappings,
            orgUnits: ["ouVte": "01", "ouA": "03", "ouB": "LA03"],
            units: Self.units,
            provenance: Self.provenance,
            years: nil
        )
        #expect(result.rows.map(\.line) == [5])
        func source(_ element: String, _ orgUnit: String) -> MessageArgument {
            .message(
                Message(
                    "dhis2.source",
                    ["dataElement": .text(element), "combo": .message(Message("dhis2.combo.default")), "orgUnit": .text(orgUnit)]
                )
            )
        }
        let first = Message(
            "dhis2.ignored.duplicateCell",
            ["cell": .text("3.1.2 SH_BIRTHS 01 2024"), "first": source("deBirths", "ouVte"), "second": source("deBirthsOld", "ouVte")]
        )
        let second = Message(
            "dhis2.ignored.duplicateCell",
            ["cell": .text("3.1.2 SH_BIRTHS 03 2023"), "first": source("deBirths", "ouA"), "second": source("deBirths", "ouB")]
        )
        #expect(result.ignored.map(\.reason) == [first, first, second, second])
    }

    @Test func anElementNamedByTwoDifferentMappingsIsIgnored() {
        var mappings = Self.mappings
        mappings.append(mappings[0])  // the same mapping twice is one mapping
        var other = mappings[1]
        other.series = "SH_OTHER"
        mappings.append(other)
        let result = Self.map(
            [Self.value("deBirths", "2024", "5"), Self.value("deBirths", "2024", "6", combo: "cocFemale")],
            mappings: mappings
        )
        #expect(result.rows.map(\.line) == [1])
        #expect(
            result.ignored.map(\.reason) == [
                Message("dhis2.ignored.mappedTwice", ["dataElement": .text("deBirths"), "combo": .text("cocFemale")])
            ]
        )
    }

    @Test func numbersAsDHIS2WritesThem() {
        for (text, number) in [
            ("12", 12.0), ("12.5", 12.5), ("-3", -3), ("+4", 4), (" 7 ", 7), ("\t8\n", 8), ("115.0", 115), ("1.5E3", 1500),
            ("2e-2", 0.02), ("0", 0), ("007", 7),
        ] {
            #expect(DHIS2Mapper.number(text) == number, "\(text)")
        }
        for text in [
            "test", "1,2", "12.", ".5", "NaN", "nan", "inf", "Infinity", "true", "", " ", "-", "1e", "1e+", "0x10", "1 000", "12%",
            "1e400", "\u{0ED1}\u{0ED2}", "\u{FF11}", "--1", "1.2.3",
        ] {
            #expect(DHIS2Mapper.number(text) == nil, "\(text)")
        }
        #expect(DHIS2Mapper.number(nil) == nil)
    }

    @Test func valuesKeepTwelveSignificantDigits() {
        #expect(DHIS2Mapper.rounded(0.1 + 0.2) == 0.3)
        #expect(DHIS2Mapper.rounded(123_456_789.123_456_7) == 123_456_789.123)
        #expect(DHIS2Mapper.rounded(-1234.5) == -1234.5)
        #expect(DHIS2Mapper.rounded(1e30) == 1e30)
        #expect(DHIS2Mapper.rounded(0) == 0)
    }

    /// The rows go through the validator typed data goes through, one indicator at a time, and
    /// what it refuses points back at the DHIS2 value.
    @Test func rowsPassTheTidyValidatorOfTheirIndicator() {
        let result = Self.map([
            Self.value("deRate", "2024", "0.4"),
            Self.value("deBirths", "2024", "120"),
            Self.value("deBirths", "2024", "-5", orgUnit: "ouPsl"),
            Self.value("deBirths", "2024", "70", combo: "cocFemale"),
        ])
        #expect(result.indicators == ["3.1.2", "3.2.1"])
        let rows = result.rows(of: "3.1.2")
        #expect(rows.map(\.line) == [2, 3, 4])
        let context = TidyContext(
            indicator: "3.1.2",
            institution: "MOH",
            series: ["SH_BIRTHS": "NUMBER"],
            referenceYears: [2024],
            knownAreas: ["LA", "01", "02"],
            ownedScopes: [(series: nil, level: nil)],
            areaLevel: { $0 == "LA" ? .country : .province }
        )
        let validated = TidyValidator.validate(header: result.header, rows: rows, context: context)
        #expect(validated.values.map(\.key.dimensions).sorted() == ["", "SEX=F"])
        #expect(validated.values.allSatisfy { $0.source == Self.provenance })
        #expect(validated.errors.map(\.line) == [3])
        #expect(validated.errors.map(\.column) == ["Value"])
        #expect(result.sources[3] == [2])
    }

    @Test func everyReasonReadsInBothLanguages() throws {
        let catalogue = try MessageCatalogue.loadShipped()
        var mappings = Self.mappings
        var other = mappings[1]
        other.series = "SH_OTHER"
        mappings.append(other)
        mappings.append(
            DHIS2ElementMapping(
                dataElement: "deOld",
                categoryOptionCombo: nil,
                source: .raw,
                indicator: "3.1.2",
                series: "SH_BIRTHS",
                dimensions: "",
                aggregation: .sum
            )
        )
        let result = Self.map(
            [
                Self.value("deBirths", "2024", "5", deleted: true), Self.value("deBirths", "x", "5"), Self.value("deBirths", "2024", "x"),
                Self.value("deBirths", "2019", "5"), Self.value("deBirths", "2024", "1", combo: "cocFemale"),
                Self.value("deStock", "2024", "1", combo: "HllvX50cXC0"), Self.value("deStock", "2024Q1", "1", combo: "HllvX50cXC0"),
                Self.value("deStock", "202401", "1", orgUnit: "ouPsl", combo: "HllvX50cXC0"),
                Self.value("deStock", "2024-01", "1", orgUnit: "ouPsl", combo: "HllvX50cXC0"),
                Self.value("deBirths", "2023Q1", "1"), Self.value("deBirths", "2022", "1"), Self.value("deOld", "2022", "1"),
            ],
            mappings: mappings,
            years: [2022, 2023, 2024]
        )
        let keys = Set(result.ignored.map(\.reason.key))
        #expect(keys.count == 9)
        for reason in result.ignored.map(\.reason) {
            for language in [Language.en, .lo] {
                let text = catalogue.text(reason, in: language)
                #expect(text != reason.key)
                #expect(!text.contains("{"), "\(text)")
            }
        }
    }

    /// One pass with dictionaries: 100,000 values of 700 cells × 12 months and 16 areas.
    @Test func mapsAHundredThousandValuesInOnePass() {
        var values: [DHIS2DataValue] = []
        values.reserveCapacity(100_000)
        var mappings: [DHIS2ElementMapping] = []
        var orgUnits: [String: String] = [:]
        for area in 1...16 { orgUnits["ou\(area)"] = area < 10 ? "0\(area)" : "\(area)" }
        for element in 0..<560 {
            mappings.append(
                DHIS2ElementMapping(
                    dataElement: "de\(element)",
                    categoryOptionCombo: nil,
                    source: .raw,
                    indicator: "3.\(element % 9).1",
                    series: "SH_\(element)",
                    dimensions: element % 2 == 0 ? "SEX=F" : "",
                    aggregation: .sum
                )
            )
        }
        outer: for element in 0..<560 {
            for area in 1...16 {
                for month in 1...12 {
                    if values.count == 100_000 { break outer }
                    values.append(Self.value("de\(element)", "2024\(month < 10 ? "0" : "")\(month)", "\(month)", orgUnit: "ou\(area)"))
                }
            }
        }
        // Its speed is measured by `pasan bench-dhis2` (scripts/bench); tests never time anything.
        let result: DHIS2MappingResult? = DHIS2Mapper.map(
            values: values,
            mappings: mappings,
            orgUnits: orgUnits,
            units: [:],
            provenance: "p",
            years: nil
        )
        #expect(result?.rows.count == 8_333)
        #expect(result?.ignored.count == 4)  // the last cell got 4 of its 12 months
        #expect(result?.rows.first?.fields.last == "78")
    }
}
