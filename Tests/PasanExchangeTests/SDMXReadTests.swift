import Foundation
import PasanDomain
import PasanReferenceData
import Testing

@testable import PasanExchange

/// The fixtures of `tests/fixtures/` (found from this file, not as bundle resources) and the
/// shipped DSDs, each read once per test run.
enum SDMXFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tests/fixtures")
    static let sdmx = root.appendingPathComponent("sdmx")
    static let laos = root.appendingPathComponent("sdg-laos")

    static let sdgResult = Result { try DataStructureReader.read(contentsOf: ShippedStructures.sdgDSD) }
    static let lsbResult = Result { try DataStructureReader.read(contentsOf: laos.appendingPathComponent("LSB_DSD.xml")) }

    static func sdg() throws -> DataStructure { try sdgResult.get() }
    static func lsb() throws -> DataStructure { try lsbResult.get() }

    static func data(_ name: String) throws -> Data { try Data(contentsOf: sdmx.appendingPathComponent(name)) }

    /// Reads a fixture of `tests/fixtures/sdmx` with the SDG DSD.
    static func message(_ name: String) throws -> SDMXDataMessage {
        try SDMXDataReader.read(data(name), file: name, structure: sdg())
    }

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

    static let validFiles = [
        "lao_valid_structure-specific.xml", "lao_valid_generic_written-by-pysdmx.xml", "lao_valid_sdmx-csv-1.0.csv",
        "lao_valid_sdmx-csv-2.0.csv",
    ]
}

@Suite struct SDMXStructureReadTests {
    @Test func theSDGDSDHasItsFifteenDimensionsInKeyOrder() throws {
        let dsd = try SDMXFixtures.sdg()
        #expect(dsd.reference == SDMXReference(agency: "IAEG-SDGs", id: "SDG", version: "1.14"))
        #expect(
            dsd.dimensions.map(\.id) == [
                "FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "SEX", "AGE", "URBANISATION", "INCOME_WEALTH_QUANTILE",
                "EDUCATION_LEV", "OCCUPATION", "CUST_BREAKDOWN", "COMPOSITE_BREAKDOWN", "DISABILITY_STATUS", "ACTIVITY", "PRODUCT",
            ]
        )
        #expect(dsd.dimensions.map(\.position) == Array(1...15))
        #expect(dsd.timeDimension == "TIME_PERIOD")
        #expect(dsd.primaryMeasure == "OBS_VALUE")
        #expect(dsd.dimension("SEX")?.codelist?.id == "CL_SEX")
        #expect(dsd.dimension("REF_AREA")?.codelist?.id == "CL_AREA")
        #expect(dsd.dataflows.isEmpty)
    }

    @Test func theSDGDSDsAttributesAreMandatoryOrConditionalAtTheirLevel() throws {
        let dsd = try SDMXFixtures.sdg()
        func attribute(_ id: String) throws -> SDMXAttribute { try #require(dsd.attribute(id)) }
        #expect(try attribute("OBS_STATUS").mandatory && attribute("OBS_STATUS").attachment == .observation)
        #expect(try attribute("UNIT_MULT").mandatory && attribute("UNIT_MULT").attachment == .observation)
        #expect(try attribute("UNIT_MEASURE").mandatory && attribute("UNIT_MEASURE").attachment == .series)
        #expect(try attribute("UNIT_MEASURE").dimensions.count == 15)
        #expect(Set(dsd.attributes.filter(\.mandatory).map(\.id)) == ["OBS_STATUS", "UNIT_MULT", "UNIT_MEASURE"])
        for id in ["NATURE", "BASE_PER", "TIME_DETAIL", "COMMENT_OBS", "TIME_COVERAGE", "UPPER_BOUND", "LOWER_BOUND", "SOURCE_DETAIL"] {
            #expect(try attribute(id).attachment == .observation && !attribute(id).mandatory, "\(id)")
        }
        for id in ["COMMENT_TS", "GEO_INFO_URL", "GEO_INFO_TYPE", "CUST_BREAKDOWN_LB", "DATA_LAST_UPDATE"] {
            #expect(try attribute(id).attachment == .series && !attribute(id).mandatory, "\(id)")
        }
        #expect(dsd.attribute("BASE_PERIOD") == nil)
    }

    @Test func theSDGDSDsSeriesMapToIndicatorsThroughTheirAnnotations() throws {
        let dsd = try SDMXFixtures.sdg()
        let series = try #require(dsd.codelist(of: "SERIES"))
        #expect(series.codes.count == 783)
        #expect(dsd.codelist(of: "REF_AREA")?.codes.count == 622)
        #expect(dsd.indicators(ofSeries: "VC_DSR_MORT") == ["1.5.1", "11.5.1", "13.1.1"])
        #expect(dsd.indicators(ofSeries: "SI_POV_NAHC") == ["1.2.1"])
        #expect(series.code("VC_DSR_MORT")?.annotationTexts("IndicatorCode") == ["C200303"])
        let mapped = series.codes.filter { !$0.annotationTexts("Indicator").isEmpty }
        #expect(mapped.count == 770)
        #expect(Set(mapped.flatMap { $0.annotationTexts("Indicator") }).count == 247)
        #expect(series.codes.filter { $0.annotationTexts("Indicator").count > 1 }.count == 44)
        #expect(dsd.codelist(of: "REF_AREA")?.contains("418") == true)
        #expect(dsd.codelist(of: "REF_AREA")?.contains("LA") == true)
    }

    @Test func lsbsDSDHasItsNationalSeries() throws {
        let dsd = try SDMXFixtures.lsb()
        // LSB's DSD names its own agency LSB-SDG (its data files mostly say LSB-SDGs).
        #expect(dsd.reference == SDMXReference(agency: "LSB-SDG", id: "SDG", version: "1.1"))
        #expect(dsd.dimensions.count == 15)
        #expect(dsd.indicators(ofSeries: "_L_LA_180101_01") == ["18.1.1"])
        #expect(dsd.codelist(of: "REF_AREA")?.contains("LA") == true)
        #expect(dsd.codelist(of: "REF_AREA")?.code("0101")?.parent == "01")
        let shipped = try DataStructureReader.read(contentsOf: ShippedStructures.lsbDSD)
        #expect(shipped.reference == dsd.reference)
        #expect(shipped.codelist(of: "SERIES")?.codes.count == dsd.codelist(of: "SERIES")?.codes.count)
    }
}

@Suite struct SDMXDataReadTests {
    /// Series key, period, value and the observation's attributes, for comparing formats.
    static func cells(_ message: SDMXDataMessage) -> Set<String> {
        Set(
            message.series.flatMap { series in
                series.observations.map { obs in
                    let attributes = (series.attributes + obs.attributes).sorted { $0.id < $1.id }.map { "\($0.id)=\($0.value)" }
                    return "\(series.keyDescription) @\(obs.period) = \(obs.value ?? "-") [\(attributes.joined(separator: ","))]"
                }
            }
        )
    }

    @Test func theStructureSpecificExampleHasTwoSeriesAndThreeObservations() throws {
        let message = try SDMXFixtures.message("lao_valid_structure-specific.xml")
        #expect(message.format == .structureSpecific)
        #expect(message.structure == SDMXReference(agency: "IAEG-SDGs", id: "SDG", version: "1.14"))
        #expect(!message.structureIsDataflow)
        #expect(message.series.count == 2)
        #expect(message.observationCount == 3)
        #expect(message.series[0].key.count == 15)
        #expect(message.series[0].attributes.map(\.id) == ["UNIT_MEASURE"])
        #expect(message.series[1].line == 25)
        #expect(message.series[1].observations[0].line == 26)
    }

    @Test func everyValidExampleReadsTheSameObservations() throws {
        let reference = Self.cells(try SDMXFixtures.message("lao_valid_structure-specific.xml"))
        #expect(reference.count == 3)
        for name in SDMXFixtures.validFiles.dropFirst() {
            let message = try SDMXFixtures.message(name)
            #expect(message.series.count == 2, "\(name)")
            #expect(Self.cells(message) == reference, "\(name)")
        }
    }

    @Test func sdmxCSV1NamesADataflowAndCSV2AStructure() throws {
        let csv1 = try SDMXFixtures.message("lao_valid_sdmx-csv-1.0.csv")
        #expect(csv1.format == .csv1)
        #expect(csv1.structure == SDMXReference(agency: "IAEG-SDGs", id: "DF_SDG_GLC", version: "1.14"))
        #expect(csv1.structureIsDataflow)
        #expect(csv1.series.map(\.line) == [2, 4])
        #expect(csv1.series[0].observations.map(\.line) == [2, 3])
        let csv2 = try SDMXFixtures.message("lao_valid_sdmx-csv-2.0.csv")
        #expect(csv2.format == .csv2)
        #expect(csv2.structure == SDMXReference(agency: "IAEG-SDGs", id: "SDG", version: "1.14"))
        #expect(!csv2.structureIsDataflow)
        #expect(csv2.action == "Information")
    }

    @Test func sdmxCSVWithoutADSDSplitsAtThePeriodAndValue() throws {
        let message = try SDMXDataReader.read(SDMXFixtures.data("lao_valid_sdmx-csv-2.0.csv"), file: "x.csv")
        #expect(message.series.count == 2)
        #expect(message.series[0].key.count == 15)
        #expect(message.series[0].observations[0].attribute("UNIT_MEASURE") == "PT")
        #expect(message.series[0].observations[0].value == "23.2")
    }

    @Test func sdmxCSVQuotingFollowsRFC4180() throws {
        let text = """
            STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REPORTING_TYPE,SERIES,REF_AREA,SEX,AGE,URBANISATION,INCOME_WEALTH_QUANTILE,EDUCATION_LEV,OCCUPATION,CUST_BREAKDOWN,COMPOSITE_BREAKDOWN,DISABILITY_STATUS,ACTIVITY,PRODUCT,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,UNIT_MULT,OBS_STATUS,SOURCE_DETAIL\r
            datastructure,IAEG-SDGs:SDG(1.14),I,A,N,SI_POV_NAHC,418,_T,_T,_T,_T,_T,_T,_T,_T,_T,_T,_T,2012,23.2,PT,0,A,"LECS 5, ""2012/13""\r
            second line"\r
            datastructure,IAEG-SDGs:SDG(1.14),I,A,N,SI_POV_NAHC,418,_T,_T,_T,_T,_T,_T,_T,_T,_T,_T,_T,2018,18.3,PT,0,A,#1\r

            """
        let message = try SDMXDataReader.read(Data(text.utf8), file: "q.csv", structure: SDMXFixtures.sdg())
        #expect(message.observationCount == 2)
        let observations = message.series[0].observations
        #expect(observations[0].attribute("SOURCE_DETAIL") == "LECS 5, \"2012/13\"\r\nsecond line")
        #expect(observations[1].line == 4)
        #expect(observations[1].attribute("SOURCE_DETAIL") == "#1")
    }

    @Test func aCSVRowWithTheWrongNumberOfFieldsIsReportedByLine() throws {
        var lines = try String(decoding: SDMXFixtures.data("lao_valid_sdmx-csv-1.0.csv"), as: UTF8.self).split(separator: "\n").map(
            String.init
        )
        lines[2] += ",extra"
        lines[3] = String(lines[3].dropLast(1))
        let problems = SDMXFixtures.problems {
            _ = try SDMXDataReader.read(Data(lines.joined(separator: "\n").utf8), file: "bad.csv", structure: SDMXFixtures.sdg())
        }
        #expect(problems.map(\.line) == [3, 4])
        #expect(problems.allSatisfy { $0.expected == Message("sdmx.csv.fieldCount", ["count": .number(24)]) && $0.file == "bad.csv" })
        #expect(problems.map(\.found) == ["25", "23"])
    }

    @Test func aCSVWithAnOpenQuoteOrAStrayQuoteIsReported() {
        let open = SDMXFixtures.problems {
            _ = try SDMXCSVReader.read(Data("DATAFLOW,TIME_PERIOD,OBS_VALUE\nA:B(1.0),2010,\"1\n".utf8), file: "open.csv")
        }
        #expect(open.map(\.expected.key) == ["sdmx.csv.unclosedQuote"])
        #expect(open.first?.line == 2)
        let stray = SDMXFixtures.problems {
            _ = try SDMXCSVReader.read(Data("DATAFLOW,TIME_PERIOD,OBS_VALUE\nA:B(1.0),2010,1\nA:B(1.0),20\"11,1\n".utf8), file: "stray.csv")
        }
        #expect(stray.map(\.expected.key) == ["sdmx.csv.quote"])
        #expect(stray.first?.line == 3)
    }

    @Test func aCSVThatIsNotSDMXCSVIsRefusedAtItsHeader() {
        let problems = SDMXFixtures.problems {
            _ = try SDMXDataReader.read(Data("Year,SERIES,Value\n2010,SI_POV_NAHC,3\n".utf8), file: "tidy.csv")
        }
        #expect(problems.map(\.expected.key) == ["sdmx.csv.header"])
        #expect(problems.first?.line == 1)
        let structure = SDMXFixtures.problems {
            _ = try SDMXDataReader.read(Data("DATAFLOW,TIME_PERIOD,OBS_VALUE\nSDG 1.14,2010,3\n".utf8), file: "ref.csv")
        }
        #expect(structure.map(\.expected.key) == ["sdmx.csv.structureID"])
        #expect(structure.first?.line == 2)
    }

    @Test func labelledSDMXCSVHeadersAndCodesAreReadByTheirIDs() throws {
        let text = """
            DATAFLOW,FREQ: Frequency,SERIES: Series,TIME_PERIOD: Time,OBS_VALUE: Value,SOURCE_DETAIL: Source
            IAEG-SDGs:DF_SDG_GLC(1.14),A: Annual,SI_POV_NAHC: Poverty,2012,23.2,LECS: 5
            """
        let message = try SDMXCSVReader.read(Data(text.utf8), file: "labels.csv", structure: SDMXFixtures.sdg())
        #expect(message.series.first?.value(of: "FREQ") == "A")
        #expect(message.series.first?.value(of: "SERIES") == "SI_POV_NAHC")
        #expect(message.series.first?.observations.first?.attribute("SOURCE_DETAIL") == "LECS: 5")
    }

    @Test func theFormatIsToldByTheFirstBytes() throws {
        let xml = try SDMXFixtures.data("lao_valid_generic_written-by-pysdmx.xml")
        let withBOM = Data([0xEF, 0xBB, 0xBF]) + xml
        #expect(try SDMXDataReader.read(withBOM, file: "g.xml").format == .generic)
        #expect(try SDMXDataReader.read(SDMXFixtures.data("lao_valid_sdmx-csv-2.0.csv"), file: "c.csv").format == .csv2)
    }
}

@Suite struct SDMXSecurityTests {
    static let bomb = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
          <!ENTITY lol "lol">
          <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
          <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
          <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
        ]>
        <message:GenericData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">
          <message:Header><message:ID>&lol9;</message:ID></message:Header>
        </message:GenericData>
        """

    static let xxe = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE foo [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
        <message:StructureSpecificData xmlns:message="http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message">
          <message:Header><message:ID>&x;</message:ID></message:Header>
        </message:StructureSpecificData>
        """

    @Test func anEntityBombIsRefusedBeforeParsing() throws {
        let problems = SDMXFixtures.problems {
            _ = try SDMXDataReader.read(Data(Self.bomb.utf8), file: "bomb.xml", structure: SDMXFixtures.sdg())
        }
        #expect(problems.count == 1)
        #expect(problems.first?.expected == Message("exchange.xml.noDoctype"))
        #expect(problems.first?.line == 2)
        #expect(problems.first?.file == "bomb.xml")
    }

    @Test func anExternalEntityIsRefusedAndNothingIsRead() throws {
        let problems = SDMXFixtures.problems { _ = try SDMXDataReader.read(Data(Self.xxe.utf8), file: "xxe.xml") }
        #expect(problems.map(\.expected.key) == ["exchange.xml.noDoctype"])
        #expect(problems.first?.line == 2)
        #expect(problems.allSatisfy { !($0.found ?? "").contains("root:") })
        // The same guard protects the DSD reader.
        let dsd = SDMXFixtures.problems { _ = try DataStructureReader.read(Data(Self.xxe.utf8), file: "dsd.xml") }
        #expect(dsd.map(\.expected.key) == ["exchange.xml.noDoctype"])
    }

    @Test func malformedXMLIsReportedWithALine() throws {
        var text = String(decoding: try SDMXFixtures.data("lao_valid_structure-specific.xml"), as: UTF8.self)
        text = text.replacingOccurrences(of: "</Series>\n    <Series", with: "</Serie>\n    <Series")
        let problems = SDMXFixtures.problems { _ = try SDMXDataReader.read(Data(text.utf8), file: "broken.xml") }
        #expect(problems.map(\.expected.key) == ["exchange.xml.wellFormed"])
        #expect((problems.first?.line ?? 0) >= 22)
    }

    @Test func aDataMessageMustBeOne() throws {
        let problems = SDMXFixtures.problems { _ = try SDMXDataReader.read(Data("<html><body/></html>".utf8), file: "page.html") }
        #expect(problems.map(\.expected.key) == ["exchange.sdmx.dataMessage"])
    }
}

/// Documents larger than Foundation's whole-document limit on Linux (10 MB) are read whole, and
/// a document cut short is refused, whatever the parser says.
@Suite struct SafeXMLSizeTests {
    @Test func aTwelveMegabyteDocumentIsReadAndACutOneRefused() throws {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<data>\n"
        let row = "<Obs TIME_PERIOD=\"2024\" OBS_VALUE=\"18.25\" OBS_STATUS=\"A\" UNIT_MULT=\"0\"/>\n"
        let count = 12 * 1024 * 1024 / row.utf8.count + 1
        text.reserveCapacity(count * row.utf8.count + 64)
        for _ in 0..<count { text += row }
        text += "</data>\n"
        let root = try SafeXML.parse(Data(text.utf8), file: "big.xml")
        #expect(root.children.count == count)
        #expect(root.children.last?.attributes["OBS_VALUE"] == "18.25")

        let cut = Data(text.utf8.prefix(text.utf8.count / 2))
        #expect(throws: ExchangeProblems.self) { try SafeXML.parse(cut, file: "cut.xml") }
        #expect(throws: ExchangeProblems.self) { try SafeXML.parse(Data("<a><b></b>".utf8), file: "open.xml") }
    }
}
