import Foundation
import PasanDomain

/// Reads SDMX-ML 2.1 data messages, structure-specific and generic, into `SDMXDataMessage`.
/// Nothing is checked against a DSD here beyond telling a series' key from its attributes when
/// a DSD is given (`SDMXDataCheck` checks codes, keys and attributes).
public enum SDMXMLDataReader {
    public static func read(_ data: Data, file: String, structure: DataStructure? = nil) throws -> SDMXDataMessage {
        let root = try SafeXML.parse(data, file: file)
        switch root.name {
        case "StructureSpecificData": return try structureSpecific(root, file: file, structure: structure)
        case "GenericData": return try generic(root, file: file)
        default:
            throw ExchangeProblems([
                ExchangeProblem(file: file, line: root.line, found: root.name, expected: Message("exchange.sdmx.dataMessage"))
            ])
        }
    }

    /// The header's structure reference, whether it names a dataflow, and dimensionAtObservation.
    static func header(_ root: XMLNode, into message: inout SDMXDataMessage) {
        guard let header = root.child("Header") else { return }
        message.id = header.child("ID")?.trimmedText
        message.prepared = header.child("Prepared")?.trimmedText
        message.sender = header.child("Sender")?.attributes["id"]
        if let structure = header.child("Structure") {
            message.dimensionAtObservation = structure.attributes["dimensionAtObservation"]
            if let ref = structure.path("Structure", "Ref") {
                message.structure = DataStructureReader.refReference(ref)
            } else if let ref = structure.path("StructureUsage", "Ref") {
                message.structure = DataStructureReader.refReference(ref)
                message.structureIsDataflow = true
            }
        }
        if let action = header.child("DataSetAction")?.trimmedText, !action.isEmpty { message.action = action }
    }

    static func structureSpecific(_ root: XMLNode, file: String, structure: DataStructure?) throws -> SDMXDataMessage {
        var message = SDMXDataMessage(format: .structureSpecific)
        header(root, into: &message)
        let dimensionIDs = Set(structure?.dimensions.map(\.id) ?? [])
        let time = structure?.timeDimension ?? "TIME_PERIOD"
        let measure = structure?.primaryMeasure ?? "OBS_VALUE"
        for dataSet in root.children("DataSet") {
            if let action = dataSet.attributes["action"] { message.action = action }
            for series in dataSet.children where series.name == "Series" || series.name == "Obs" {
                if series.name == "Obs" {
                    // A flat data set (dimensionAtObservation = AllDimensions): one series per observation.
                    var key: [(id: String, value: String)] = []
                    var attributes: [(id: String, value: String)] = []
                    for (id, value) in series.attributes.sorted(by: { $0.key < $1.key }) where id != time && id != measure && id != "type" {
                        if structure == nil || dimensionIDs.contains(id) { key.append((id, value)) } else { attributes.append((id, value)) }
                    }
                    let observation = SDMXObservation(
                        period: series.attributes[time] ?? "",
                        value: series.attributes[measure],
                        attributes: attributes,
                        line: series.line
                    )
                    message.series.append(SDMXSeries(key: key, observations: [observation], line: series.line))
                    continue
                }
                var key: [(id: String, value: String)] = []
                var attributes: [(id: String, value: String)] = []
                for (id, value) in ordered(series.attributes, structure) where id != "type" {
                    if structure == nil || dimensionIDs.contains(id) { key.append((id, value)) } else { attributes.append((id, value)) }
                }
                var observations: [SDMXObservation] = []
                observations.reserveCapacity(series.children.count)
                for obs in series.children where obs.name == "Obs" {
                    var obsAttributes: [(id: String, value: String)] = []
                    for (id, value) in ordered(obs.attributes, structure) where id != time && id != measure && id != "type" {
                        obsAttributes.append((id, value))
                    }
                    observations.append(
                        SDMXObservation(
                            period: obs.attributes[time] ?? "",
                            value: obs.attributes[measure],
                            attributes: obsAttributes,
                            line: obs.line
                        )
                    )
                }
                message.series.append(SDMXSeries(key: key, attributes: attributes, observations: observations, line: series.line))
            }
        }
        return message
    }

    static func generic(_ root: XMLNode, file: String) throws -> SDMXDataMessage {
        var message = SDMXDataMessage(format: .generic)
        header(root, into: &message)
        func values(_ node: XMLNode?) -> [(id: String, value: String)] {
            (node?.children("Value") ?? []).map { ($0.attributes["id"] ?? "", $0.attributes["value"] ?? "") }
        }
        for dataSet in root.children("DataSet") {
            if let action = dataSet.attributes["action"] { message.action = action }
            for series in dataSet.children("Series") {
                let observations = series.children("Obs").map { obs in
                    SDMXObservation(
                        period: obs.child("ObsDimension")?.attributes["value"] ?? "",
                        value: obs.child("ObsValue")?.attributes["value"],
                        attributes: values(obs.child("Attributes")),
                        line: obs.line
                    )
                }
                message.series.append(
                    SDMXSeries(
                        key: values(series.child("SeriesKey")),
                        attributes: values(series.child("Attributes")),
                        observations: observations,
                        line: series.line
                    )
                )
            }
            // A flat generic data set: observations with their whole key.
            for obs in dataSet.children("Obs") {
                let observation = SDMXObservation(
                    period: values(obs.child("ObsKey")).first { $0.id == "TIME_PERIOD" }?.value ?? "",
                    value: obs.child("ObsValue")?.attributes["value"],
                    attributes: values(obs.child("Attributes")),
                    line: obs.line
                )
                message.series.append(
                    SDMXSeries(
                        key: values(obs.child("ObsKey")).filter { $0.id != "TIME_PERIOD" },
                        observations: [observation],
                        line: obs.line
                    )
                )
            }
        }
        return message
    }

    /// Attributes in the DSD's order (dimensions by position, then attributes), unknown ones last
    /// in name order, so what is read is stable whatever the XML parser's dictionary order.
    static func ordered(_ attributes: [String: String], _ structure: DataStructure?) -> [(String, String)] {
        guard let structure else { return attributes.sorted { $0.key < $1.key } }
        var rank: [String: Int] = [:]
        for (i, d) in structure.dimensions.enumerated() { rank[d.id] = i }
        for (i, a) in structure.attributes.enumerated() { rank[a.id] = 1000 + i }
        return attributes.sorted { a, b in
            let ra = rank[a.key] ?? Int.max, rb = rank[b.key] ?? Int.max
            return ra != rb ? ra < rb : a.key < b.key
        }
    }
}
