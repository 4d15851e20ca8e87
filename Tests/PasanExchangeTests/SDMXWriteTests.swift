import Foundation
import PasanDomain
import PasanReferenceData
import Testing

@testable import PasanExchange

/// The SDMX export: the mapping onto a DSD with its checks, the streaming writers, and the
/// structure messages — each written, then read back with Pasan's readers and compared.
@Suite struct SDMXWriteTests {
    static let prepared = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01T00:00:00Z

    static func observation(
        series: String = "SI_POV_NAHC",
        indicator: String = "1.2.1",
        area: String = "LA",
        period: String = "2018",
        dimensions: [String: String] = [:],
        unit: String = "PT",
        value: Double = 18.3,
        status: String? = nil,
        source: String? = "LECS 6"
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

    /// Writes `observations` against `structure` in `format`, returning the bytes and the report.
    static func export(
        _ observations: [Observation],
        structure: DataStructure,
        format: String = "ss",
        usage: SDMXMessageHeader.StructureUsage? = nil,
        dimensionAtObservation: String = "TIME_PERIOD",
        detail: SDMXMessageHeader.Detail = .full,
        multipliers: [String: Int] = [:],
        filter: SDMXKeyFilter? = nil,
        chunkSize: Int = 64 * 1024
    ) throws -> (Data, SDMXExportReport, chunks: Int) {
        var data = Data()
        var chunks = 0
        let output = SDMXOutput(chunkSize: chunkSize) { bytes in
            data.append(contentsOf: bytes)
            chunks += 1
        }
        let header = SDMXMessageHeader(
            id: "PASAN_TEST",
            prepared: prepared,
            structure: usage ?? .dataStructure(structure.reference),
            dimensionAtObservation: dimensionAtObservation,
            detail: detail
        )
        let layout = SDMXExporter.layout(for: structure)
        let writer: any SDMXDataWriter
        switch format {
        case "csv1": writer = SDMXCSVWriter(output: output, version: .v1, header: header, layout: layout)
        case "csv2": writer = SDMXCSVWriter(output: output, version: .v2, header: header, layout: layout)
        default: writer = SDMXMLWriter(output: output, header: header, layout: layout)
        }
        let exporter = SDMXExporter(
            target: SDMXExportTarget(structure: structure),
            writer: writer,
            unitMultipliers: multipliers,
            filter: filter
        )
        try writer.begin()
        let report = try exporter.export(observations)
        try writer.finish()
        return (data, report, chunks)
    }

    static let poverty: [Observation] = [
        observation(period: "2012-2013", value: 23.2, source: "LECS 5 (2012/13)"),
        observation(period: "2018", value: 18.3, status: "E"),
        observation(period: "2018", dimensions: ["URBANISATION": "R"], value: 23.8),
        observation(period: "2018", dimensions: ["SEX": "F", "AGE": "Y15T24"], value: 0.000012),
    ]

    // MARK: - Write, read back, compare

    @Test func structureSpecificRoundTripsThroughThePasanReaderAndPassesTheChecks() throws {
        let dsd = try SDMXFixtures.sdg()
        let (data, report, _) = try Self.export(Self.poverty, structure: dsd, multipliers: ["SI_POV_NAHC": 3])
        #expect(report.written == 4 && report.series == 3 && report.leftOutCount == 0)
        let message = try SDMXMLDataReader.read(data, file: "export.xml", structure: dsd)
        #expect(message.format == .structureSpecific)
        #expect(message.structure == dsd.reference && !message.structureIsDataflow)
        #expect(message.dimensionAtObservation == "TIME_PERIOD")
        #expect(message.action == "Information")
        #expect(message.series.count == 3 && message.observationCount == 4)
        // Every key has all 15 dimensions, in key order, `_T` where Pasan has no breakdown.
        for series in message.series { #expect(series.key.map(\.id) == dsd.dimensions.map(\.id)) }
        let total = try #require(message.series.first { $0.value(of: "URBANISATION") == "_T" && $0.value(of: "SEX") == "_T" })
        #expect(total.value(of: "FREQ") == "A" && total.value(of: "REPORTING_TYPE") == "N" && total.value(of: "REF_AREA") == "418")
        #expect(total.value(of: "UNIT_MEASURE") == "PT")
        #expect(total.observations.map(\.period) == ["2012", "2018"])
        #expect(total.observations.map(\.value) == ["23.2", "18.3"])
        let first = total.observations[0], second = total.observations[1]
        #expect(first.attribute("TIME_DETAIL") == "2012/2013" && first.attribute("SOURCE_DETAIL") == "LECS 5 (2012/13)")
        #expect(first.attribute("OBS_STATUS") == "A" && first.attribute("UNIT_MULT") == "3" && first.attribute("NATURE") == "C")
        #expect(second.attribute("OBS_STATUS") == "E" && second.attribute("TIME_DETAIL") == nil)
        let small = try #require(message.series.first { $0.value(of: "SEX") == "F" })
        #expect(small.value(of: "AGE") == "Y15T24")
        #expect(small.observations.first?.value == "0.000012")
        // The checks of sdmx.md §4.4, as the import runs them, find nothing.
        #expect(SDMXDataCheck.check(message, file: "export.xml", structure: dsd).isEmpty)
    }

    @Test func headerAndNamespacesAreThoseOfSection21() throws {
        let dsd = try SDMXFixtures.sdg()
        let (data, _, _) = try Self.export(Self.poverty, structure: dsd)
        let text = String(decoding: data, as: UTF8.self)
        let urn = "urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=IAEG-SDGs:SDG(1.14):ObsLevelDim:TIME_PERIOD"
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<message:StructureSpecificData "))
        #expect(text.contains("xmlns:ns1=\"\(urn)\""))
        #expect(text.contains("namespace=\"\(urn)\""))
        #expect(
            text.contains(
                "<message:DataSet ss:structureRef=\"IAEG-SDGs_SDG_1_14\" xsi:type=\"ns1:DataSetType\" ss:dataScope=\"DataStructure\" ss:action=\"Information\">"
            )
        )
        #expect(text.contains("<common:Structure><Ref agencyID=\"IAEG-SDGs\" id=\"SDG\" version=\"1.14\"/></common:Structure>"))
        #expect(
            text.contains("<message:ID>PASAN_TEST</message:ID>")
                && text.contains("<message:Prepared>2025-01-01T00:00:00Z</message:Prepared>")
        )
        #expect(text.contains("<message:Sender id=\"PASAN\"/>"))
        #expect(!text.contains(" xmlns=\""), "no default namespace: Series and Obs must stay unqualified")
        // Parsed with namespaces: Series, Obs and Ref have none; the root and DataSet have the message's.
        let root = try SafeXML.parse(data, file: "export.xml")
        let dataSet = try #require(root.child("DataSet"))
        #expect(dataSet.namespace == "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message")
        #expect(dataSet.children.allSatisfy { $0.name == "Series" && ($0.namespace ?? "").isEmpty })
        #expect(dataSet.children.flatMap(\.children).allSatisfy { $0.name == "Obs" && ($0.namespace ?? "").isEmpty })
        let referenceNamespace: String = root.path("Header", "Structure", "Structure", "Ref")?.namespace ?? ""
        #expect(referenceNamespace.isEmpty)

        // Against the dataflow: StructureUsage, a Dataflow URN, dataScope Dataflow.
        let target = SDMXExportTarget(structure: dsd)
        #expect(target.dataflow.reference.description == "IAEG-SDGs:DF_SDG_GLC(1.14)" && target.countryArea == "418")
        let (flowData, _, _) = try Self.export(Self.poverty, structure: dsd, usage: .dataflow(target.dataflow.reference))
        let flowText = String(decoding: flowData, as: UTF8.self)
        let flowURN = "urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=IAEG-SDGs:DF_SDG_GLC(1.14):ObsLevelDim:TIME_PERIOD"
        #expect(flowText.contains("xmlns:ns1=\"\(flowURN)\"") && flowText.contains("namespace=\"\(flowURN)\""))
        #expect(
            flowText.contains(
                "<common:StructureUsage><Ref agencyID=\"IAEG-SDGs\" id=\"DF_SDG_GLC\" version=\"1.14\"/></common:StructureUsage>"
            )
        )
        #expect(flowText.contains("ss:dataScope=\"Dataflow\""))
        let flowMessage = try SDMXMLDataReader.read(flowData, file: "flow.xml", structure: dsd)
        #expect(flowMessage.structureIsDataflow && flowMessage.structure == target.dataflow.reference)
    }

    @Test func flatDataSetsCarryTheWholeKeyOnEachObservation() throws {
        let dsd = try SDMXFixtures.sdg()
        let (data, _, _) = try Self.export(Self.poverty, structure: dsd, dimensionAtObservation: "AllDimensions")
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("ObsLevelDim:AllDimensions") && !text.contains("<Series"))
        let message = try SDMXMLDataReader.read(data, file: "flat.xml", structure: dsd)
        #expect(message.dimensionAtObservation == "AllDimensions")
        #expect(message.series.count == 4)
        for series in message.series { #expect(series.key.count == 15) }
        // Series keys only: no observations, no attributes.
        let (keys, _, _) = try Self.export(Self.poverty, structure: dsd, detail: .serieskeysonly)
        let keysText = String(decoding: keys, as: UTF8.self)
        #expect(
            !keysText.contains("<Obs") && !keysText.contains("UNIT_MEASURE=") && keysText.components(separatedBy: "<Series ").count == 4
        )
    }

    @Test func escapingSurvivesAReadBack() throws {
        let dsd = try SDMXFixtures.sdg()
        let source = "Survey \"A\" & <B>, 'C'\tround\n2\u{01}"
        let (data, _, _) = try Self.export([Self.observation(source: source)], structure: dsd)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("SOURCE_DETAIL=\"Survey &quot;A&quot; &amp; &lt;B&gt;, &apos;C&apos;&#9;round&#10;2\""))
        let message = try SDMXMLDataReader.read(data, file: "escape.xml", structure: dsd)
        #expect(message.series.first?.observations.first?.attribute("SOURCE_DETAIL") == "Survey \"A\" & <B>, 'C'\tround\n2")
    }

    // MARK: - SDMX-CSV

    @Test func csvQuotingAndReadBack() throws {
        let dsd = try SDMXFixtures.sdg()
        let source = "LSIS II, \"final\"\nreport"
        let observations = Self.poverty + [Self.observation(period: "2017", value: 46, source: source)]
        let (v2, report, _) = try Self.export(observations, structure: dsd, format: "csv2")
        #expect(report.written == 5)
        let text = String(decoding: v2, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        #expect(
            lines[0]
                == "STRUCTURE,STRUCTURE_ID,ACTION,FREQ,REPORTING_TYPE,SERIES,REF_AREA,SEX,AGE,URBANISATION,INCOME_WEALTH_QUANTILE,EDUCATION_LEV,OCCUPATION,CUST_BREAKDOWN,COMPOSITE_BREAKDOWN,DISABILITY_STATUS,ACTIVITY,PRODUCT,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,UNIT_MULT,NATURE,TIME_DETAIL,SOURCE_DETAIL"
        )
        #expect(text.contains(",2017,46,PT,A,0,C,,\"LSIS II, \"\"final\"\"\nreport\"\r\n"))
        #expect(text.contains("datastructure,IAEG-SDGs:SDG(1.14),I,A,N,SI_POV_NAHC,418,_T,_T,_T,"))
        // Nothing neutralised: a value that a spreadsheet would take for a formula stays as it is.
        let (formula, _, _) = try Self.export([Self.observation(value: -5, source: "=SUM(A1)")], structure: dsd, format: "csv2")
        #expect(String(decoding: formula, as: UTF8.self).contains(",-5,PT,A,0,C,,=SUM(A1)\r\n"))
        let message = try SDMXCSVReader.read(v2, file: "export.csv", structure: dsd)
        #expect(message.format == .csv2 && message.observationCount == 5)
        let quoted = message.series.flatMap(\.observations).first { $0.period == "2017" }
        #expect(quoted?.attribute("SOURCE_DETAIL") == source)
        #expect(SDMXDataCheck.check(message, file: "export.csv", structure: dsd).isEmpty)

        let target = SDMXExportTarget(structure: dsd)
        let (v1, _, _) = try Self.export(observations, structure: dsd, format: "csv1", usage: .dataflow(target.dataflow.reference))
        let v1Text = String(decoding: v1, as: UTF8.self)
        #expect(v1Text.hasPrefix("DATAFLOW,FREQ,REPORTING_TYPE,SERIES,"))
        #expect(v1Text.contains("\r\nIAEG-SDGs:DF_SDG_GLC(1.14),A,N,SI_POV_NAHC,418,"))
        let v1Message = try SDMXCSVReader.read(v1, file: "export1.csv", structure: dsd)
        #expect(v1Message.format == .csv1 && v1Message.observationCount == 5)
    }

    // MARK: - What cannot be expressed is left out and reported

    @Test func observationsTheDSDCannotExpressAreLeftOutWithTheirReasons() throws {
        let dsd = try SDMXFixtures.sdg()
        let observations = [
            Self.observation(),
            Self.observation(series: "_L_LA_180101_01", indicator: "18.1.1", unit: "NUMBER", value: 5),
            Self.observation(series: "_L_LA_180101_01", indicator: "18.1.1", period: "2019", unit: "NUMBER", value: 6),
            Self.observation(dimensions: ["SEX": "B"], value: 1),
            Self.observation(area: "07", value: 2),
            Self.observation(dimensions: ["LOCATION": "X"], value: 3),
            Self.observation(period: "around 2010", value: 4),
            Self.observation(period: "2019", value: .nan),
            Self.observation(value: 9, status: "Z9"),
            Self.observation(period: "2016", unit: "NOT_A_UNIT", value: 10),
            // The same value under two indicators is written once; two values for one key are both left out.
            Self.observation(indicator: "1.2.1", period: "2015", value: 30),
            Self.observation(indicator: "9.9.9", period: "2015", value: 30),
            Self.observation(indicator: "1.2.1", period: "2014", value: 31),
            Self.observation(indicator: "9.9.9", period: "2014", value: 32),
        ]
        let (data, report, _) = try Self.export(observations, structure: dsd)
        #expect(report.written == 2 && report.merged == 1)
        #expect(report.leftOutCount == 11)
        let reasons: [Message: Int] = report.leftOut
        #expect(
            reasons[Message("sdmx_export.leftOut.series", ["series": "_L_LA_180101_01", "codelist": "IAEG-SDGs:CL_SERIES(1.14)"])] == 2
        )
        #expect(reasons[Message("sdmx_export.leftOut.code", ["component": "SEX", "code": "B", "codelist": "IAEG-SDGs:CL_SEX(1.1)"])] == 1)
        #expect(reasons[Message("sdmx_export.leftOut.area", ["area": "07", "codelist": "IAEG-SDGs:CL_AREA(1.14)"])] == 1)
        #expect(reasons[Message("sdmx_export.leftOut.dimension", ["dimension": "LOCATION", "structure": "IAEG-SDGs:SDG(1.14)"])] == 1)
        #expect(reasons[Message("sdmx_export.leftOut.period", ["period": "around 2010"])] == 1)
        #expect(reasons[Message("sdmx_export.leftOut.value", ["series": "SI_POV_NAHC"])] == 1)
        #expect(
            reasons[Message("sdmx_export.leftOut.code", ["component": "OBS_STATUS", "code": "Z9", "codelist": "SDMX:CL_OBS_STATUS(2.1)"])]
                == 1
        )
        #expect(
            reasons[
                Message(
                    "sdmx_export.leftOut.code",
                    ["component": "UNIT_MEASURE", "code": "NOT_A_UNIT", "codelist": "IAEG-SDGs:CL_UNIT_MEASURE(1.8)"]
                )
            ]
                == 1
        )
        #expect(reasons.keys.contains { $0.key == "sdmx_export.leftOut.duplicate" && $0.arguments["period"] == "2014" })
        // What was written is valid.
        let message = try SDMXMLDataReader.read(data, file: "partial.xml", structure: dsd)
        #expect(message.observationCount == 2)
        #expect(SDMXDataCheck.check(message, file: "partial.xml", structure: dsd).isEmpty)
    }

    @Test func nationalSeriesAndSubnationalAreasGoToTheNationalDSD() throws {
        let lsb = try SDMXFixtures.lsb()
        let target = SDMXExportTarget(structure: lsb)
        #expect(target.countryArea == "LA")
        #expect(target.dataflow.reference == SDMXReference(agency: lsb.reference.agency, id: "DF_SDG_LA", version: lsb.reference.version))
        let observations = [
            Self.observation(series: "_L_LA_180101_01", indicator: "18.1.1", dimensions: ["SEX": "B"], unit: "NUMBER", value: 5),
            Self.observation(series: "_L_LA_180202_01", indicator: "18.2.2", area: "07", period: "2020", unit: "NUMBER", value: 164),
            Self.observation(series: "_L_LA_180202_01", indicator: "18.2.2", area: "99", period: "2020", unit: "NUMBER", value: 1),
        ]
        let (data, report, _) = try Self.export(observations, structure: lsb)
        #expect(report.written == 2 && report.leftOutCount == 1)
        let message = try SDMXMLDataReader.read(data, file: "lsb.xml", structure: lsb)
        #expect(Set(message.series.compactMap { $0.value(of: "REF_AREA") }) == ["LA", "07"])
        #expect(message.series.contains { $0.value(of: "SEX") == "B" })
    }

    @Test func aDSDWithoutTheCodesPasanWritesTakesNothing() throws {
        var dsd = try SDMXFixtures.sdg()
        let reportingTypes = try #require(dsd.codelists["CL_REPORTING_TYPE"])
        dsd.codelists["CL_REPORTING_TYPE"] = SDMXCodelist(
            reference: reportingTypes.reference,
            names: reportingTypes.names,
            codes: reportingTypes.codes.filter { $0.id != "N" }
        )
        let (_, report, _) = try Self.export(Self.poverty, structure: dsd)
        #expect(report.written == 0 && report.leftOutCount == Self.poverty.count)
        #expect(report.leftOut.keys.map(\.key) == ["sdmx_export.leftOut.code"])
        var noCountry = try SDMXFixtures.sdg()
        let areas = try #require(noCountry.codelists["CL_AREA"])
        noCountry.codelists["CL_AREA"] = SDMXCodelist(
            reference: areas.reference,
            names: areas.names,
            codes: areas.codes.filter { $0.id != "418" && $0.id != "LA" }
        )
        let (_, areaReport, _) = try Self.export(Self.poverty, structure: noCountry)
        #expect(areaReport.written == 0 && areaReport.leftOut.keys.map(\.key) == ["sdmx_export.leftOut.area"])
    }

    @Test func aKeyFilterSelectsSeries() throws {
        let dsd = try SDMXFixtures.sdg()
        let dimensions = dsd.dimensions.map(\.id)
        let filter = try SDMXKeyFilter(parsing: "A.N.SI_POV_NAHC.418._T.._T+R........", dimensions: dimensions)
        let (_, report, _) = try Self.export(Self.poverty, structure: dsd, filter: filter)
        #expect(report.written == 3 && report.series == 2)
        #expect(throws: SDMXKeyFilter.Problem.wrongLength(found: 3, expected: 15, dimensions: dimensions)) {
            try SDMXKeyFilter(parsing: "A.N.SI_POV_NAHC", dimensions: dimensions)
        }
        #expect(throws: SDMXKeyFilter.Problem.badCode(dimension: "SEX", code: "F*")) {
            try SDMXKeyFilter(parsing: "A.N.SI_POV_NAHC.418.F*..........", dimensions: dimensions)
        }
        #expect(try SDMXKeyFilter(parsing: "all", dimensions: dimensions).values.allSatisfy { $0 == nil })
    }

    // MARK: - Streaming, numbers, time

    @Test func theWritersStreamInChunks() throws {
        let dsd = try SDMXFixtures.sdg()
        let codes = try #require(dsd.codelist(of: "SERIES")).codes.map(\.id).filter { !$0.hasPrefix("_") }.sorted().prefix(40)
        var many: [Observation] = []
        for code in codes {
            for year in 1990...2024 {
                for sex in ["", "F", "M"] {
                    many.append(
                        Self.observation(
                            series: code,
                            period: String(year),
                            dimensions: sex.isEmpty ? [:] : ["SEX": sex],
                            value: Double(year) / 7
                        )
                    )
                }
            }
        }
        let (data, report, chunks) = try Self.export(many, structure: dsd, chunkSize: 4096)
        #expect(report.written == many.count)
        #expect(chunks > 50, "a small chunk size hands the output on in many pieces")
        let message = try SDMXMLDataReader.read(data, file: "chunks.xml", structure: dsd)
        #expect(message.observationCount == many.count)
        // Fed observation by observation, the buffer holds at most a chunk and one series code's
        // series, never the message.
        let output = SDMXOutput(chunkSize: 4096) { _ in }
        let writer = SDMXMLWriter(
            output: output,
            header: SDMXMessageHeader(id: "PASAN_TEST", prepared: Self.prepared, structure: .dataStructure(dsd.reference)),
            layout: SDMXExporter.layout(for: dsd)
        )
        let exporter = SDMXExporter(target: SDMXExportTarget(structure: dsd), writer: writer)
        try writer.begin()
        var largest = 0
        for observation in many {
            try exporter.add([observation])
            largest = max(largest, output.pendingCount)
        }
        try exporter.finish()
        try writer.finish()
        #expect(output.bytesHandedOn == data.count)
        #expect(largest > 0 && largest < data.count / 20, "largest buffer \(largest) of \(data.count) bytes")
    }

    @Test func numbersAreShortestRoundTripWithoutExponents() {
        let cases: [(Double, String)] = [
            (46, "46"), (46.5, "46.5"), (0.1, "0.1"), (-3.25, "-3.25"), (0, "0"), (-0.0, "0"), (1e-5, "0.00001"),
            (1.2345e20, "123450000000000000000"), (123456789012345.6, "123456789012345.6"), (2.5e-7, "0.00000025"),
            (1e15, "1000000000000000"), (-1e16, "-10000000000000000"), (0.30000000000000004, "0.30000000000000004"),
        ]
        for (value, text) in cases {
            #expect(SDMXNumber.format(value) == text, "\(value)")
            #expect(Double(SDMXNumber.format(value)) == value, "\(value) reads back")
        }
        for _ in 0..<2000 {
            let value = Double.random(in: -1e12...1e12) * pow(10, Double(Int.random(in: -20...5)))
            let text = SDMXNumber.format(value)
            #expect(Double(text) == value && !text.contains("e"), "\(value) → \(text)")
        }
    }

    @Test func timePeriodAndTimeDetail() {
        #expect(SDMXExporter.time("2017")! == ("2017", nil))
        #expect(SDMXExporter.time("2015-2016")! == ("2015", "2015/2016"))
        #expect(SDMXExporter.time("2017/2018")! == ("2017", "2017/2018"))
        #expect(SDMXExporter.time("2019-Q4")! == ("2019", "2019-Q4"))
        #expect(SDMXExporter.time("FY2019") == nil)
        #expect(SDMXExporter.time("201") == nil)
    }

    // MARK: - Structure messages

    @Test(arguments: ["sdg", "lsb"])
    func structureMessagesReadBackAsTheSameDSD(which: String) throws {
        let dsd = which == "sdg" ? try SDMXFixtures.sdg() : try SDMXFixtures.lsb()
        let target = SDMXExportTarget(structure: dsd)
        let selection = SDMXStructureSelection(
            dataflows: [target.dataflow],
            codelists: dsd.codelists.values.sorted { $0.reference.id < $1.reference.id },
            conceptSchemes: SDMXConceptScheme(of: dsd).map { [$0] } ?? [],
            dataStructures: [dsd]
        )
        let text = try SDMXStructureWriter.text(selection, id: "PASAN_TEST", prepared: Self.prepared)
        let read = try DataStructureReader.read(Data(text.utf8), file: "structure.xml")
        #expect(read.reference == dsd.reference)
        #expect(read.dimensions == dsd.dimensions)
        #expect(read.timeDimension == dsd.timeDimension && read.primaryMeasure == dsd.primaryMeasure)
        #expect(read.attributes.map(\.id) == dsd.attributes.map(\.id))
        #expect(read.attributes.map(\.mandatory) == dsd.attributes.map(\.mandatory))
        #expect(read.attributes.map(\.attachment) == dsd.attributes.map(\.attachment))
        #expect(read.attributes.map(\.codelist?.id) == dsd.attributes.map(\.codelist?.id))
        #expect(Set(read.codelists.keys) == Set(dsd.codelists.keys))
        for (id, list) in dsd.codelists {
            #expect(read.codelists[id]?.reference == list.reference)
            #expect(read.codelists[id]?.codes == list.codes, "\(id)")
        }
        #expect(Set(read.concepts.keys) == Set(dsd.concepts.keys))
        #expect(read.dataflows == [target.dataflow])
        #expect(read.indicators(ofSeries: "VC_DSR_MORT") == dsd.indicators(ofSeries: "VC_DSR_MORT"))
    }
}
