import Foundation

/// What a data message says about itself: its id, when it was prepared, who sends it, the
/// structure it is written against (a DSD or a dataflow), its observation dimension and detail.
public struct SDMXMessageHeader: Sendable {
    public enum StructureUsage: Sendable, Equatable {
        case dataStructure(SDMXReference)
        case dataflow(SDMXReference)

        public var reference: SDMXReference {
            switch self {
            case .dataStructure(let r), .dataflow(let r): return r
            }
        }
    }

    /// How much a data message holds (SDMX REST `detail`).
    public enum Detail: String, Sendable, CaseIterable {
        /// Series and observations with their attributes.
        case full
        /// Series and observations without attributes.
        case dataonly
        /// Series keys only.
        case serieskeysonly
        /// Series with their attributes, no observations.
        case nodata

        public var attributes: Bool { self == .full || self == .nodata }
        public var observations: Bool { self == .full || self == .dataonly }
    }

    public static let allDimensions = "AllDimensions"

    public var id: String
    public var test: Bool
    public var prepared: Date
    /// `Sender@id`. Pasan's default: `PASAN`.
    public var sender: String
    public var structure: StructureUsage
    /// `TIME_PERIOD` (series with observations) or `AllDimensions` (a flat data set).
    public var dimensionAtObservation: String
    public var action: String
    public var detail: Detail

    public init(
        id: String,
        test: Bool = false,
        prepared: Date,
        sender: String = "PASAN",
        structure: StructureUsage,
        dimensionAtObservation: String = "TIME_PERIOD",
        action: String = "Information",
        detail: Detail = .full
    ) {
        self.id = id
        self.test = test
        self.prepared = prepared
        self.sender = sender
        self.structure = structure
        self.dimensionAtObservation = detail.observations ? dimensionAtObservation : "TIME_PERIOD"
        self.action = action
        self.detail = detail
    }

    /// A message id from the time it was prepared: `PASAN_20250101T120000`.
    public static func messageID(prepared: Date) -> String {
        "PASAN_" + timestamp(prepared).filter { $0 != "-" && $0 != ":" && $0 != "Z" }
    }

    /// `2025-01-01T12:00:00Z`.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
        return "\(c.year ?? 1970)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
    }

    /// `IAEG-SDGs_SDG_1_14`: the id the header and the data set use for the structure.
    public var structureID: String {
        let r = structure.reference
        return "\(r.agency)_\(r.id)_\(r.version)".map { c in c.isLetter || c.isNumber || c == "_" || c == "-" ? c : "_" }.reduce("") {
            $0 + String($1)
        }
    }

    /// The DSD-specific namespace: `urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=IAEG-SDGs:SDG(1.14):ObsLevelDim:TIME_PERIOD`.
    public var namespace: String {
        let kind: String
        switch structure {
        case .dataStructure: kind = "DataStructure"
        case .dataflow: kind = "Dataflow"
        }
        return "urn:sdmx:org.sdmx.infomodel.datastructure.\(kind)=\(structure.reference):ObsLevelDim:\(dimensionAtObservation)"
    }
}

/// Writes SDMX-ML 2.1 structure-specific data as sdmx.md §2.1 shows it: `ss:` qualified
/// data-set attributes, unqualified `Series`/`Obs`/`Ref`, no default namespace, and `xsi:type`
/// naming `DataSetType` in the DSD-specific namespace that `Header/Structure/@namespace` repeats.
/// Streams: each series goes to the output as it comes.
public final class SDMXMLWriter: SDMXDataWriter {
    public let output: SDMXOutput
    public let header: SDMXMessageHeader
    public let layout: SDMXExportLayout

    public static let contentType = "application/vnd.sdmx.structurespecificdata+xml; version=2.1"

    public init(output: SDMXOutput, header: SDMXMessageHeader, layout: SDMXExportLayout) {
        self.output = output
        self.header = header
        self.layout = layout
    }

    public func begin() throws {
        let o = output
        let ref = header.structure.reference
        o.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" as StaticString)
        o.write(
            "<message:StructureSpecificData xmlns:message=\"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message\"" as StaticString
        )
        o.write(" xmlns:common=\"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common\"" as StaticString)
        o.write(" xmlns:ss=\"http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/structurespecific\"" as StaticString)
        o.write(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:ns1=\"" as StaticString)
        o.writeXMLEscaped(header.namespace)
        o.write("\">\n  <message:Header>\n    <message:ID>" as StaticString)
        o.writeXMLEscaped(header.id)
        o.write("</message:ID>\n    <message:Test>" as StaticString)
        o.write(header.test ? "true" : "false")
        o.write("</message:Test>\n    <message:Prepared>" as StaticString)
        o.write(SDMXMessageHeader.timestamp(header.prepared))
        o.write("</message:Prepared>\n    <message:Sender id=\"" as StaticString)
        o.writeXMLEscaped(header.sender)
        o.write("\"/>\n    <message:Structure structureID=\"" as StaticString)
        o.writeXMLEscaped(header.structureID)
        o.write("\" namespace=\"" as StaticString)
        o.writeXMLEscaped(header.namespace)
        o.write("\" dimensionAtObservation=\"" as StaticString)
        o.writeXMLEscaped(header.dimensionAtObservation)
        o.write("\">\n      " as StaticString)
        switch header.structure {
        case .dataStructure: o.write("<common:Structure>" as StaticString)
        case .dataflow: o.write("<common:StructureUsage>" as StaticString)
        }
        o.write("<Ref agencyID=\"" as StaticString)
        o.writeXMLEscaped(ref.agency)
        o.write("\" id=\"" as StaticString)
        o.writeXMLEscaped(ref.id)
        o.write("\" version=\"" as StaticString)
        o.writeXMLEscaped(ref.version)
        o.write("\"/>" as StaticString)
        switch header.structure {
        case .dataStructure: o.write("</common:Structure>" as StaticString)
        case .dataflow: o.write("</common:StructureUsage>" as StaticString)
        }
        o.write("\n    </message:Structure>\n  </message:Header>\n  <message:DataSet ss:structureRef=\"" as StaticString)
        o.writeXMLEscaped(header.structureID)
        o.write("\" xsi:type=\"ns1:DataSetType\" ss:dataScope=\"" as StaticString)
        switch header.structure {
        case .dataStructure: o.write("DataStructure" as StaticString)
        case .dataflow: o.write("Dataflow" as StaticString)
        }
        o.write("\" ss:action=\"" as StaticString)
        o.writeXMLEscaped(header.action)
        o.write("\">\n" as StaticString)
        try o.flushIfFull()
    }

    @inline(__always) private static func attribute(_ b: inout [UInt8], _ name: String, _ value: String) {
        b.append(0x20)
        b.append(name)
        b.append("=\"" as StaticString)
        b.appendXMLEscaped(value)
        b.append(0x22)
    }

    private func keyAttributes(_ b: inout [UInt8], _ series: SDMXExportSeries) {
        for (i, id) in layout.dimensions.enumerated() { Self.attribute(&b, id, series.key[i]) }
    }

    private func seriesAttributes(_ b: inout [UInt8], _ series: SDMXExportSeries) {
        guard header.detail.attributes else { return }
        for (i, id) in layout.seriesAttributes.enumerated() {
            if let value = series.attributes[i] { Self.attribute(&b, id, value) }
        }
    }

    private func observationBody(_ b: inout [UInt8], _ observation: SDMXExportObservation) {
        Self.attribute(&b, layout.timeDimension, observation.period)
        Self.attribute(&b, layout.measure, SDMXNumber.format(observation.value))
        guard header.detail.attributes else { return }
        for (i, id) in layout.observationAttributes.enumerated() {
            if let value = observation.attributes[i] { Self.attribute(&b, id, value) }
        }
    }

    public func write(_ series: SDMXExportSeries) throws {
        output.withBuffer { b in
            if header.dimensionAtObservation == SDMXMessageHeader.allDimensions {
                for observation in series.observations {
                    b.append("    <Obs" as StaticString)
                    keyAttributes(&b, series)
                    seriesAttributes(&b, series)
                    observationBody(&b, observation)
                    b.append("/>\n" as StaticString)
                }
                return
            }
            b.append("    <Series" as StaticString)
            keyAttributes(&b, series)
            seriesAttributes(&b, series)
            guard header.detail.observations, !series.observations.isEmpty else {
                b.append("/>\n" as StaticString)
                return
            }
            b.append(">\n" as StaticString)
            for observation in series.observations {
                b.append("      <Obs" as StaticString)
                observationBody(&b, observation)
                b.append("/>\n" as StaticString)
            }
            b.append("    </Series>\n" as StaticString)
        }
    }

    public func finish() throws {
        output.write("  </message:DataSet>\n</message:StructureSpecificData>\n" as StaticString)
        try output.flush()
    }
}
