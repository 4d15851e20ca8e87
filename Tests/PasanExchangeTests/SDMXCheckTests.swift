import Foundation
import PasanDomain
import PasanReferenceData
import Testing

@testable import PasanExchange

@Suite struct SDMXCheckTests {
    func check(_ name: String, options: SDMXDataCheck.Options = .init()) throws -> [ExchangeProblem] {
        SDMXDataCheck.check(try SDMXFixtures.message(name), file: name, structure: try SDMXFixtures.sdg(), options: options)
    }

    /// A message read from `text` (SDMX-ML or SDMX-CSV) with the SDG DSD, checked.
    func check(text: String, file: String = "made.csv", options: SDMXDataCheck.Options = .init()) throws -> [ExchangeProblem] {
        let dsd = try SDMXFixtures.sdg()
        return SDMXDataCheck.check(
            try SDMXDataReader.read(Data(text.utf8), file: file, structure: dsd),
            file: file,
            structure: dsd,
            options: options
        )
    }

    static let csvHeader =
        "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REPORTING_TYPE,SERIES,REF_AREA,SEX,AGE,URBANISATION,INCOME_WEALTH_QUANTILE,EDUCATION_LEV,OCCUPATION,CUST_BREAKDOWN,COMPOSITE_BREAKDOWN,DISABILITY_STATUS,ACTIVITY,PRODUCT,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT,OBS_STATUS"

    /// One SDMX-CSV 2.0 row for the SDG DSD.
    static func row(
        structure: String = "datastructure,IAEG-SDGs:SDG(1.14)",
        action: String = "I",
        reportingType: String = "N",
        series: String = "SI_POV_NAHC",
        area: String = "418",
        sex: String = "_T",
        period: String = "2018",
        value: String = "18.3",
        unit: String = "PT",
        multiplier: String = "0",
        status: String = "A"
    ) -> String {
        "\(structure),\(action),A,\(reportingType),\(series),\(area),\(sex),_T,_T,_T,_T,_T,_T,_T,_T,_T,_T,\(period),\(value),\(unit),\(multiplier),\(status)"
    }

    static func csv(_ rows: String...) -> String { ([csvHeader] + rows).joined(separator: "\n") + "\n" }

    @Test func theValidExamplesPassInEveryFormat() throws {
        for name in SDMXFixtures.validFiles {
            let problems = try check(name)
            #expect(problems.isEmpty, "\(name): \(problems)")
        }
    }

    @Test func aCodeOutsideItsCodelistFails() throws {
        let problems = try check("lao_invalid_badcode.xml")
        #expect(problems.count == 1)
        let problem = try #require(problems.first)
        #expect(problem.expected == Message("sdmx.check.code", ["component": "SEX", "codelist": "IAEG-SDGs:CL_SEX(1.1)"]))
        #expect(problem.found == "SEX=X9")
        #expect(problem.line == 25)
        #expect(problem.location == "A.N.SI_POV_NAHC.418.X9._T.R._T._T._T._T._T._T._T._T")
        #expect(problem.file == "lao_invalid_badcode.xml")
    }

    @Test func aValueThatIsNotANumberFails() throws {
        let problems = try check("lao_invalid_badvalue.xml")
        #expect(problems.map(\.expected) == [Message("sdmx.check.number", ["measure": "OBS_VALUE"])])
        #expect(problems.first?.found == "OBS_VALUE=abc")
        #expect(problems.first?.line == 26)
        #expect(problems.first?.location == "A.N.SI_POV_NAHC.418._T._T.R._T._T._T._T._T._T._T._T 2018")
    }

    @Test func aMissingDimensionFails() throws {
        let problems = try check("lao_invalid_missing_dim.xml")
        #expect(problems.map(\.expected) == [Message("sdmx.check.dimensionMissing", ["dimension": "PRODUCT"])])
        #expect(problems.first?.line == 25)
        #expect(problems.first?.location == "A.N.SI_POV_NAHC.418._T._T.R._T._T._T._T._T._T._T.")
    }

    @Test func missingMandatoryObservationAttributesFail() throws {
        let problems = try check("lao_invalid_missing_mandatory_attr.xml")
        #expect(
            Set(problems.map(\.expected)) == [
                Message("sdmx.check.observationAttributeMissing", ["attribute": "OBS_STATUS"]),
                Message("sdmx.check.observationAttributeMissing", ["attribute": "UNIT_MULT"]),
            ]
        )
        #expect(problems.count == 2)
        #expect(problems.allSatisfy { $0.line == 26 })
    }

    @Test func anUnknownComponentFails() throws {
        let problems = try check("lao_invalid_unknown_attr.xml")
        #expect(
            problems.map(\.expected) == [
                Message("sdmx.check.unknownComponent", ["component": "BOGUS", "structure": "IAEG-SDGs:SDG(1.14)"])
            ]
        )
        #expect(problems.first?.found == "BOGUS=1")
        #expect(problems.first?.line == 25)
    }

    @Test func aMessageForAnotherStructureIsRefused() throws {
        // The valid SDG message against LSB's DSD.
        let dsd = try SDMXFixtures.lsb()
        let name = "lao_valid_structure-specific.xml"
        let message = try SDMXDataReader.read(SDMXFixtures.data(name), file: name, structure: dsd)
        let problems = SDMXDataCheck.check(message, file: name, structure: dsd)
        // The header names another structure; and LSB's area codelist has LA, not 418.
        let areas = Message("sdmx.check.code", ["component": "REF_AREA", "codelist": "LSB-SDGs:CL_REF_AREA(1.0)"])
        #expect(problems.map(\.expected) == [Message("sdmx.check.structure", ["structure": "LSB-SDG:SDG(1.1)"]), areas, areas])
        #expect(problems.map(\.found) == ["IAEG-SDGs:SDG(1.14)", "REF_AREA=418", "REF_AREA=418"])
        // Another version of the same DSD is another structure too.
        var text = String(decoding: try SDMXFixtures.data(name), as: UTF8.self)
        text = text.replacingOccurrences(of: "version=\"1.14\"", with: "version=\"1.13\"")
        let older = try check(text: text, file: "older.xml")
        #expect(older.map(\.expected.key) == ["sdmx.check.structure"])
        #expect(older.first?.found == "IAEG-SDGs:SDG(1.13)")
        // A caller that pairs the file with the DSD itself may accept the reference.
        let accepted = try check(
            text: text,
            file: "older.xml",
            options: .init(alsoAccepted: [SDMXReference(agency: "IAEG-SDGs", id: "SDG", version: "1.13")])
        )
        #expect(accepted.isEmpty)
    }

    @Test func aDataflowMustBeOverTheStructure() throws {
        let other = try check(text: Self.csv(Self.row(structure: "dataflow,ESTAT:DF_NAMA(1.0)")))
        #expect(other.map(\.expected) == [Message("sdmx.check.dataflow", ["structure": "IAEG-SDGs:SDG(1.14)"])])
        #expect(other.first?.line == 1)
        #expect(try check(text: Self.csv(Self.row(structure: "dataflow,IAEG-SDGs:DF_SDG_GLH(1.20)", reportingType: "G"))).isEmpty)
        // DF_SDG_GLC takes national data only.
        let global = try check(text: Self.csv(Self.row(structure: "dataflow,IAEG-SDGs:DF_SDG_GLC(1.20)", reportingType: "G")))
        #expect(
            global.map(\.expected) == [
                Message(
                    "sdmx.check.dataflowConstraint",
                    ["component": "REPORTING_TYPE", "code": "N", "dataflow": "IAEG-SDGs:DF_SDG_GLC(1.20)"]
                )
            ]
        )
        #expect(global.first?.line == 2)
    }

    @Test func aDuplicateObservationIsReportedWithTheFirstLine() throws {
        let problems = try check(text: Self.csv(Self.row(), Self.row(period: "2012"), Self.row(value: "18.4")))
        #expect(problems.map(\.expected) == [Message("sdmx.check.duplicate", ["line": .number(2)])])
        #expect(problems.first?.line == 4)
        #expect(problems.first?.found == "2018")
    }

    @Test func everyProblemOfAMessageIsReported() throws {
        let problems = try check(
            text: Self.csv(
                Self.row(sex: "X9", value: "n/a", unit: "PERCENT", multiplier: "", status: "Z9"),
                Self.row(area: "", period: "")
            )
        )
        #expect(
            problems.map(\.expected.key) == [
                "sdmx.check.code",  // SEX=X9
                "sdmx.check.code",  // UNIT_MEASURE=PERCENT
                "sdmx.check.number",
                "sdmx.check.code",  // OBS_STATUS=Z9
                "sdmx.check.observationAttributeMissing",  // UNIT_MULT
                "sdmx.check.dimensionMissing",  // REF_AREA
                "sdmx.check.dimensionMissing",  // TIME_PERIOD
            ]
        )
        #expect(problems.map(\.line) == [2, 2, 2, 2, 2, 3, 3])
        #expect(problems.map(\.found) == ["SEX=X9", "UNIT_MEASURE=PERCENT", "OBS_VALUE=n/a", "OBS_STATUS=Z9", nil, "", nil])
    }

    @Test func aSeriesAttributeTakesOneValuePerSeries() throws {
        let problems = try check(text: Self.csv(Self.row(period: "2012"), Self.row(unit: "NUMBER")))
        #expect(problems.map(\.expected) == [Message("sdmx.check.oneValuePerSeries", ["attribute": "UNIT_MEASURE", "value": "PT"])])
        #expect(problems.first?.line == 3)
    }

    @Test func aMissingSeriesAttributeFails() throws {
        let problems = try check(text: Self.csv(Self.row(unit: "")))
        #expect(problems.map(\.expected) == [Message("sdmx.check.seriesAttributeMissing", ["attribute": "UNIT_MEASURE"])])
    }

    @Test func deletionsAreNotImported() throws {
        let problems = try check(text: Self.csv(Self.row(action: "D")))
        #expect(problems.map(\.expected.key) == ["sdmx.check.action"])
        #expect(problems.first?.found == "Delete")
    }

    @Test func contentConstraintsLimitTheCodesOfASeries() throws {
        let table = """
            SERIES,Name,UNIT_MEASURE,UNIT_MULT,SEX
            SI_POV_NAHC,"Proportion of population living below the national poverty line [1.2.1]",PT,0,ALL
            SH_DYN_MORT,Under-five mortality rate [3.2.1],PER_1000_LIVE_BIRTHS,0,_T;F;M
            """
        let constraints = try SDMXContentConstraints.read(Data(table.utf8), file: "constraints.csv")
        #expect(constraints.allowed(series: "SI_POV_NAHC", component: "UNIT_MEASURE") == ["PT"])
        #expect(constraints.allowed(series: "SI_POV_NAHC", component: "SEX") == nil)
        #expect(constraints.allowed(series: "SH_DYN_MORT", component: "SEX") == ["_T", "F", "M"])
        let options = SDMXDataCheck.Options(constraints: constraints)
        #expect(try check(text: Self.csv(Self.row()), options: options).isEmpty)
        let problems = try check(
            text: Self.csv(Self.row(unit: "NUMBER"), Self.row(series: "SH_DYN_MORT", sex: "_O", unit: "PER_1000_LIVE_BIRTHS")),
            options: options
        )
        #expect(
            problems.map(\.expected) == [
                Message("sdmx.check.constraint", ["series": "SI_POV_NAHC", "component": "UNIT_MEASURE", "codes": "PT"]),
                Message("sdmx.check.constraint", ["series": "SH_DYN_MORT", "component": "SEX", "codes": "F, M, _T"]),
            ]
        )
        #expect(problems.map(\.found) == ["UNIT_MEASURE=NUMBER", "SEX=_O"])
        // A series the table does not list is unrestricted.
        #expect(try check(text: Self.csv(Self.row(series: "SI_POV_DAY1", unit: "NUMBER")), options: options).isEmpty)
    }

    @Test func aGenericMessageWithAnAttributeInItsKeyFails() throws {
        var text = String(decoding: try SDMXFixtures.data("lao_valid_generic_written-by-pysdmx.xml"), as: UTF8.self)
        text = text.replacingOccurrences(
            of: "<gen:Value id=\"PRODUCT\" value=\"_T\"/>\n\t\t\t</gen:SeriesKey>",
            with: "<gen:Value id=\"PRODUCT\" value=\"_T\"/>\n<gen:Value id=\"NATURE\" value=\"C\"/>\n\t\t\t</gen:SeriesKey>"
        )
        let problems = try check(text: text, file: "generic.xml")
        #expect(problems.map(\.expected.key) == ["sdmx.check.notDimension", "sdmx.check.notDimension"])
    }
}

@Suite struct SDMXLSBFilesTests {
    /// LSB's published data files against LSB's DSD: what the check finds (see `report`).
    static func findings() throws -> [String: [ExchangeProblem]] {
        let dsd = try SDMXFixtures.lsb()
        let directory = SDMXFixtures.laos.appendingPathComponent("data")
        var findings: [String: [ExchangeProblem]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".xml") {
            let file = "data/" + name
            let message = try SDMXDataReader.read(contentsOf: directory.appendingPathComponent(name), file: file, structure: dsd)
            findings[file] = SDMXDataCheck.check(message, file: file, structure: dsd)
        }
        return findings
    }

    @Test func lsbsFilesNameTheirDSDWithAnotherAgencyAndHaveNoOtherProblem() throws {
        let findings = try Self.findings()
        #expect(findings.count == 7)
        // LSB's DSD is LSB-SDG:SDG(1.1); six of its seven data files name LSB-SDGs:SDG(1.1).
        for (file, problems) in findings {
            if file.hasSuffix("Goal.5.xml") {
                #expect(problems.isEmpty, "\(file): \(problems)")
            } else {
                #expect(problems.map(\.expected) == [Message("sdmx.check.structure", ["structure": "LSB-SDG:SDG(1.1)"])], "\(file)")
                #expect(problems.first?.found == "LSB-SDGs:SDG(1.1)")
            }
        }
    }

    @Test func lsbsFilesPassWhenTheConfigurationPairsThemWithTheDSD() throws {
        let dsd = try SDMXFixtures.lsb()
        let options = SDMXDataCheck.Options(alsoAccepted: [SDMXReference(agency: "LSB-SDGs", id: "SDG", version: "1.1")])
        let directory = SDMXFixtures.laos.appendingPathComponent("data")
        var observations = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".xml") {
            let message = try SDMXDataReader.read(contentsOf: directory.appendingPathComponent(name), structure: dsd)
            #expect(SDMXDataCheck.check(message, file: name, structure: dsd, options: options).isEmpty, "\(name)")
            observations += message.observationCount
        }
        #expect(observations == 553)
    }
}

@Suite struct SDMXObservationsTests {
    @Test func theValidExampleMapsToPasansObservations() throws {
        let name = "lao_valid_structure-specific.xml"
        let mapping = SDMXObservations.map(try SDMXFixtures.message(name), file: name, structure: try SDMXFixtures.sdg())
        #expect(mapping.refusals.isEmpty)
        #expect(mapping.nationalSeries.isEmpty)
        #expect(mapping.values.count == 3)
        let first = try #require(mapping.values.first)
        #expect(first.file == name)
        #expect(first.line == 22)
        #expect(
            first.observation
                == Observation(
                    series: "SI_POV_NAHC",
                    indicator: "1.2.1",
                    area: "LA",
                    period: "2012",
                    dimensions: [:],
                    unit: "PT",
                    value: 23.2,
                    status: "A",
                    source: "LECS 5 (2012/13)"
                )
        )
        #expect(mapping.values.last?.observation.dimensions == ["URBANISATION": "R"])
        #expect(mapping.values.last?.observation.source == nil)
        #expect(mapping.values.last?.line == 26)
    }

    @Test func everyFormatMapsToTheSameValues() throws {
        let dsd = try SDMXFixtures.sdg()
        let reference = Set(
            SDMXObservations.map(try SDMXFixtures.message(SDMXFixtures.validFiles[0]), file: "x", structure: dsd).values.map(\.observation)
        )
        for name in SDMXFixtures.validFiles.dropFirst() {
            #expect(
                Set(SDMXObservations.map(try SDMXFixtures.message(name), file: "x", structure: dsd).values.map(\.observation)) == reference,
                "\(name)"
            )
        }
    }

    func map(_ text: String) throws -> SDMXMapping {
        let dsd = try SDMXFixtures.sdg()
        let message = try SDMXDataReader.read(Data(text.utf8), file: "made.csv", structure: dsd)
        #expect(SDMXDataCheck.check(message, file: "made.csv", structure: dsd).isEmpty)
        return SDMXObservations.map(message, file: "made.csv", structure: dsd)
    }

    @Test func aSeriesOfSeveralIndicatorsGivesOneValuePerIndicator() throws {
        let mapping = try map(SDMXCheckTests.csv(SDMXCheckTests.row(series: "VC_DSR_MORT", value: "12", unit: "NUMBER")))
        #expect(mapping.values.map(\.observation.indicator) == ["1.5.1", "11.5.1", "13.1.1"])
        #expect(mapping.values.allSatisfy { $0.observation.series == "VC_DSR_MORT" && $0.line == 2 && $0.observation.value == 12 })
    }

    @Test func aSeriesWithoutAnIndicatorIsRefused() throws {
        let dsd = try SDMXFixtures.sdg()
        let retired = try #require(dsd.codelist(of: "SERIES")?.codes.first { $0.annotationTexts("Indicator").isEmpty }?.id)
        let mapping = try map(SDMXCheckTests.csv(SDMXCheckTests.row(series: retired)))
        #expect(mapping.values.isEmpty)
        #expect(mapping.refusals.map(\.expected) == [Message("sdmx.map.noIndicator", ["codelist": "IAEG-SDGs:CL_SERIES(1.14)"])])
        #expect(mapping.refusals.first?.found == "SERIES=\(retired)")
        #expect(mapping.refusals.first?.line == 2)
    }

    @Test func onlyLaoPDRIsTaken() throws {
        let mapping = try map(SDMXCheckTests.csv(SDMXCheckTests.row(area: "LA", period: "2012"), SDMXCheckTests.row(area: "156")))
        #expect(mapping.values.map(\.observation.area) == ["LA"])
        #expect(mapping.refusals.map(\.expected) == [Message("sdmx.map.notLao")])
        #expect(mapping.refusals.first?.found == "REF_AREA=156")
        #expect(mapping.refusals.first?.indicator == "1.2.1")
        #expect(mapping.refusals.first?.line == 3)
    }

    @Test func aUnitMultiplierIsMultipliedOutUnlessKept() throws {
        let text = SDMXCheckTests.csv(SDMXCheckTests.row(series: "DC_TOF_HLTHL", value: "57.6", unit: "USD", multiplier: "6"))
        #expect(try map(text).values.map(\.observation.value) == [57_600_000])
        let dsd = try SDMXFixtures.sdg()
        let message = try SDMXDataReader.read(Data(text.utf8), file: "made.csv", structure: dsd)
        #expect(
            SDMXObservations.map(message, file: "made.csv", structure: dsd, unitMultiplier: .keep).values.map(\.observation.value) == [57.6]
        )
        #expect(try map(SDMXCheckTests.csv(SDMXCheckTests.row(value: "0.1", multiplier: "3"))).values.map(\.observation.value) == [100])
    }

    @Test func lsbsNationalSeriesAndPlacesMap() throws {
        let dsd = try SDMXFixtures.lsb()
        let file = SDMXFixtures.laos.appendingPathComponent("data/SDG_DSD_Laos.Goal.18.xml")
        let message = try SDMXDataReader.read(contentsOf: file, structure: dsd)
        let mapping = SDMXObservations.map(message, file: "data/SDG_DSD_Laos.Goal.18.xml", structure: dsd)
        #expect(mapping.refusals.isEmpty, "\(mapping.refusals)")
        #expect(mapping.values.count == message.observationCount)
        #expect(mapping.values.allSatisfy { $0.observation.area == "LA" && $0.observation.indicator.hasPrefix("18.") })
        let proposal = try #require(mapping.nationalSeries.first { $0.code == "_L_LA_180101_01" })
        #expect(proposal.indicator == "18.1.1")
        #expect(!proposal.nameEnglish.isEmpty && !proposal.nameEnglish.hasSuffix("]"))
        // A province of LSB's area codelist is an LSB place code; Pasan checks it knows it later.
        let csv = """
            STRUCTURE,STRUCTURE_ID,FREQ,REPORTING_TYPE,SERIES,REF_AREA,SEX,AGE,URBANISATION,INCOME_WEALTH_QUANTILE,EDUCATION_LEV,OCCUPATION,CUST_BREAKDOWN,COMPOSITE_BREAKDOWN,DISABILITY_STATUS,ACTIVITY,PRODUCT,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT,OBS_STATUS
            datastructure,LSB-SDG:SDG(1.1),A,N,_L_LA_180101_01,0101,_T,_T,_T,_T,_T,_T,_T,_T,_T,_T,_T,2019,3,NUMBER,0,A
            """
        let provincial = try SDMXDataReader.read(Data(csv.utf8), file: "p.csv", structure: dsd)
        #expect(SDMXDataCheck.check(provincial, file: "p.csv", structure: dsd).isEmpty)
        #expect(SDMXObservations.map(provincial, file: "p.csv", structure: dsd).values.map(\.observation.area) == ["0101"])
    }
}
