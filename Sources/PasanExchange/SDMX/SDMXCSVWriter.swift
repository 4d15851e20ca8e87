import Foundation

/// Writes SDMX-CSV, one row per observation (sdmx.md §2.3–2.4), streaming:
/// - version 1.0: `DATAFLOW` (`AGENCY:ID(VERSION)` of the dataflow), the key dimensions,
///   `TIME_PERIOD`, `OBS_VALUE`, then the attributes (series-level values repeated on each row);
/// - version 2.0: `STRUCTURE` (`dataflow` or `datastructure`), `STRUCTURE_ID`, `ACTION` (`I`),
///   then the same components.
///
/// The attribute columns are fixed before the first row (the file streams): every attribute
/// Pasan fills that the DSD has, empty where an observation has none (TIME_DETAIL of a plain
/// year). Fields are quoted as RFC 4180 says (comma, quote, line break) and nothing else is
/// changed — no spreadsheet-formula neutralising, see `SDMXOutput.writeCSVField`. Lines end in
/// CRLF (RFC 4180), UTF-8 without a byte-order mark.
public final class SDMXCSVWriter: SDMXDataWriter {
    public enum Version: String, Sendable, CaseIterable {
        case v1 = "1.0.0"
        case v2 = "2.0.0"

        public var contentType: String { "application/vnd.sdmx.data+csv; version=\(rawValue); charset=utf-8" }
    }

    public let output: SDMXOutput
    public let version: Version
    public let header: SDMXMessageHeader
    public let layout: SDMXExportLayout
    private var prefix: [UInt8] = []

    public init(output: SDMXOutput, version: Version, header: SDMXMessageHeader, layout: SDMXExportLayout) {
        self.output = output
        self.version = version
        self.header = header
        self.layout = layout
    }

    private var columns: [String] {
        var names = layout.dimensions
        if header.detail.observations { names += [layout.timeDimension, layout.measure] }
        if header.detail.attributes { names += layout.seriesAttributes }
        if header.detail.attributes && header.detail.observations { names += layout.observationAttributes }
        return names
    }

    public func begin() throws {
        let o = output
        switch version {
        case .v1:
            o.write("DATAFLOW" as StaticString)
        case .v2:
            o.write("STRUCTURE,STRUCTURE_ID,ACTION" as StaticString)
        }
        for name in columns {
            o.write(byte: 0x2C)
            o.writeCSVField(name)
        }
        o.write("\r\n" as StaticString)
        // The first fields of every row.
        let reference = header.structure.reference
        switch version {
        case .v1:
            // SDMX-CSV 1.0 names a dataflow; a DSD reference is written in the same form.
            prefix = Array(reference.description.utf8)
        case .v2:
            let kind: String
            switch header.structure {
            case .dataStructure: kind = "datastructure"
            case .dataflow: kind = "dataflow"
            }
            let action = header.action.first.map { String($0) } ?? "I"
            prefix = Array("\(kind),\(reference.description),\(action)".utf8)
        }
        try o.flushIfFull()
    }

    private func rowStart(_ b: inout [UInt8], _ series: SDMXExportSeries) {
        b.append(contentsOf: prefix)
        for code in series.key {
            b.append(0x2C)
            b.appendCSVField(code)
        }
    }

    @inline(__always) private static func optional(_ b: inout [UInt8], _ value: String?) {
        b.append(0x2C)
        if let value { b.appendCSVField(value) }
    }

    public func write(_ series: SDMXExportSeries) throws {
        let detail = header.detail
        output.withBuffer { b in
            guard detail.observations else {
                rowStart(&b, series)
                if detail.attributes { for value in series.attributes { Self.optional(&b, value) } }
                b.append("\r\n" as StaticString)
                return
            }
            for observation in series.observations {
                rowStart(&b, series)
                b.append(0x2C)
                b.appendCSVField(observation.period)
                b.append(0x2C)
                b.append(SDMXNumber.format(observation.value))
                if detail.attributes {
                    for value in series.attributes { Self.optional(&b, value) }
                    for value in observation.attributes { Self.optional(&b, value) }
                }
                b.append("\r\n" as StaticString)
            }
        }
    }

    public func finish() throws {
        try output.flush()
    }
}
