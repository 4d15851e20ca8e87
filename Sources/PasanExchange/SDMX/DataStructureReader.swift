import Foundation
import PasanDomain

/// Reads an SDMX-ML 2.1 structure message (the SDG DSD 1.14 file, LSB's `LSB_DSD.xml`) into a
/// `DataStructure`: the DSD's dimensions in key order, attributes with their attachment and
/// whether they are mandatory, and the codelists and concepts the message carries.
public enum DataStructureReader {
    public static let structureNamespace = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure"

    /// Reads the first data structure of the message (or the one with `id`, when given).
    public static func read(_ data: Data, file: String, id wanted: String? = nil) throws -> DataStructure {
        let root = try SafeXML.parse(data, file: file)
        return try read(root, file: file, id: wanted)
    }

    public static func read(contentsOf url: URL, id wanted: String? = nil) throws -> DataStructure {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ExchangeProblems([ExchangeProblem(file: url.lastPathComponent, expected: Message("exchange.file.unreadable"))])
        }
        return try read(data, file: url.lastPathComponent, id: wanted)
    }

    static func read(_ root: XMLNode, file: String, id wanted: String?) throws -> DataStructure {
        guard root.name == "Structure", let structures = root.child("Structures") else {
            throw ExchangeProblems([
                ExchangeProblem(file: file, line: root.line, found: root.name, expected: Message("exchange.sdmx.structureMessage"))
            ])
        }
        var problems: [ExchangeProblem] = []
        // Codelists.
        var codelists: [String: SDMXCodelist] = [:]
        for list in structures.child("Codelists")?.children("Codelist") ?? [] {
            guard let reference = reference(of: list) else {
                problems.append(
                    ExchangeProblem(file: file, line: list.line, found: "Codelist", expected: Message("exchange.sdmx.identity"))
                )
                continue
            }
            let codes = list.children("Code").map { code in
                SDMXCode(
                    id: code.attributes["id"] ?? "",
                    names: names(of: code, "Name"),
                    parent: code.path("Parent", "Ref")?.attributes["id"],
                    annotations: annotations(of: code)
                )
            }
            codelists[reference.id] = SDMXCodelist(reference: reference, names: names(of: list, "Name"), codes: codes)
        }
        // Concepts.
        var concepts: [String: SDMXConcept] = [:]
        var conceptScheme: SDMXReference?
        for scheme in structures.child("Concepts")?.children("ConceptScheme") ?? [] {
            if conceptScheme == nil { conceptScheme = reference(of: scheme) }
            for concept in scheme.children("Concept") {
                let id = concept.attributes["id"] ?? ""
                concepts[id] = SDMXConcept(id: id, names: names(of: concept, "Name"))
            }
        }
        // Dataflows.
        var dataflows: [SDMXDataflow] = []
        for flow in structures.child("Dataflows")?.children("Dataflow") ?? [] {
            guard let reference = reference(of: flow), let ref = flow.path("Structure", "Ref"),
                let structure = refReference(ref)
            else { continue }
            dataflows.append(SDMXDataflow(reference: reference, names: names(of: flow, "Name"), structure: structure))
        }
        // The data structure.
        let candidates = structures.child("DataStructures")?.children("DataStructure") ?? []
        guard let dsd = candidates.first(where: { wanted == nil || $0.attributes["id"] == wanted }),
            let dsdReference = reference(of: dsd), let components = dsd.child("DataStructureComponents")
        else {
            throw ExchangeProblems(
                problems + [
                    ExchangeProblem(file: file, line: structures.line, found: wanted, expected: Message("exchange.sdmx.noDataStructure"))
                ]
            )
        }
        var dimensions: [SDMXDimension] = []
        var timeDimension = "TIME_PERIOD"
        if let list = components.child("DimensionList") {
            var position = 0
            for element in list.children where element.name == "Dimension" || element.name == "MeasureDimension" {
                position += 1
                let id = element.attributes["id"] ?? ""
                dimensions.append(
                    SDMXDimension(
                        id: id,
                        position: Int(element.attributes["position"] ?? "") ?? position,
                        concept: element.path("ConceptIdentity", "Ref")?.attributes["id"] ?? id,
                        codelist: enumeration(of: element)
                    )
                )
            }
            if let time = list.child("TimeDimension") { timeDimension = time.attributes["id"] ?? timeDimension }
        }
        dimensions.sort { $0.position < $1.position }
        var attributes: [SDMXAttribute] = []
        for element in components.child("AttributeList")?.children("Attribute") ?? [] {
            let id = element.attributes["id"] ?? ""
            let relationship = element.child("AttributeRelationship")
            var attachment = SDMXAttribute.Attachment.dataSet
            var related: [String] = []
            if relationship?.child("PrimaryMeasure") != nil {
                attachment = .observation
            } else if let relationship {
                related = relationship.children("Dimension").compactMap { $0.child("Ref")?.attributes["id"] }
                if relationship.child("Group") != nil || relationship.child("AttachmentGroup") != nil {
                    attachment = .group
                } else if !related.isEmpty {
                    attachment = Set(related).isSuperset(of: dimensions.map(\.id)) ? .series : .group
                }
            }
            attributes.append(
                SDMXAttribute(
                    id: id,
                    concept: element.path("ConceptIdentity", "Ref")?.attributes["id"] ?? id,
                    codelist: enumeration(of: element),
                    mandatory: element.attributes["assignmentStatus"] == "Mandatory",
                    attachment: attachment,
                    dimensions: related
                )
            )
        }
        let measure = components.child("MeasureList")?.child("PrimaryMeasure")?.attributes["id"] ?? "OBS_VALUE"
        // Every coded component must find its codelist in the message.
        for reference in dimensions.compactMap(\.codelist) + attributes.compactMap(\.codelist) where codelists[reference.id] == nil {
            problems.append(
                ExchangeProblem(
                    file: file,
                    line: dsd.line,
                    found: reference.description,
                    expected: Message("exchange.sdmx.codelistMissing")
                )
            )
        }
        guard problems.isEmpty else { throw ExchangeProblems(problems) }
        return DataStructure(
            reference: dsdReference,
            names: names(of: dsd, "Name"),
            dimensions: dimensions,
            timeDimension: timeDimension,
            primaryMeasure: measure,
            attributes: attributes,
            codelists: codelists,
            concepts: concepts,
            conceptScheme: conceptScheme,
            dataflows: dataflows
        )
    }

    static func reference(of node: XMLNode) -> SDMXReference? {
        guard let id = node.attributes["id"], let agency = node.attributes["agencyID"] else { return nil }
        return SDMXReference(agency: agency, id: id, version: node.attributes["version"] ?? "1.0")
    }

    static func refReference(_ ref: XMLNode) -> SDMXReference? {
        guard let id = ref.attributes["id"] else { return nil }
        return SDMXReference(agency: ref.attributes["agencyID"] ?? "", id: id, version: ref.attributes["version"] ?? "1.0")
    }

    static func enumeration(of component: XMLNode) -> SDMXReference? {
        component.path("LocalRepresentation", "Enumeration", "Ref").flatMap(refReference)
    }

    /// `Name` (or `Description`) children by `xml:lang`; a name without a language counts as English.
    static func names(of node: XMLNode, _ element: String) -> SDMXNames {
        var names: SDMXNames = [:]
        for name in node.children(element) { names[name.attributes["lang"] ?? "en"] = name.trimmedText }
        return names
    }

    static func annotations(of node: XMLNode) -> [SDMXAnnotation] {
        (node.child("Annotations")?.children("Annotation") ?? []).map { annotation in
            var text: SDMXNames = [:]
            for t in annotation.children("AnnotationText") { text[t.attributes["lang"] ?? "en"] = t.trimmedText }
            return SDMXAnnotation(
                title: annotation.child("AnnotationTitle")?.trimmedText,
                type: annotation.child("AnnotationType")?.trimmedText,
                text: text
            )
        }
    }
}
