import Foundation

/// A concept scheme as served: its identity and concepts (from a `DataStructure`).
public struct SDMXConceptScheme: Sendable {
    public var reference: SDMXReference
    public var names: SDMXNames
    public var concepts: [SDMXConcept]

    public init(reference: SDMXReference, names: SDMXNames, concepts: [SDMXConcept]) {
        self.reference = reference
        self.names = names
        self.concepts = concepts
    }

    /// The scheme of a DSD's concepts, in id order; named by its id (the model keeps no name).
    public init?(of structure: DataStructure) {
        guard let reference = structure.conceptScheme else { return nil }
        self.init(
            reference: reference,
            names: ["en": reference.id],
            concepts: structure.concepts.values.sorted { $0.id < $1.id }
        )
    }
}

/// What a structure message holds.
public struct SDMXStructureSelection: Sendable {
    public var dataflows: [SDMXDataflow] = []
    public var codelists: [SDMXCodelist] = []
    public var conceptSchemes: [SDMXConceptScheme] = []
    public var dataStructures: [DataStructure] = []

    public init(
        dataflows: [SDMXDataflow] = [],
        codelists: [SDMXCodelist] = [],
        conceptSchemes: [SDMXConceptScheme] = [],
        dataStructures: [DataStructure] = []
    ) {
        self.dataflows = dataflows
        self.codelists = codelists
        self.conceptSchemes = conceptSchemes
        self.dataStructures = dataStructures
    }

    public var isEmpty: Bool { dataflows.isEmpty && codelists.isEmpty && conceptSchemes.isEmpty && dataStructures.isEmpty }
}

/// Writes SDMX-ML 2.1 structure messages (for the REST structure queries) from the
/// `DataStructure` model, not by copying a file: dataflows, codelists (codes with names,
/// parents and annotations), concept schemes, and data structures (dimensions in key order with
/// their concept and codelist, the time dimension, attributes with assignment status and
/// attachment, the primary measure), in the element order of the SDMX 2.1 schema.
public enum SDMXStructureWriter {
    public static let contentType = "application/vnd.sdmx.structure+xml; version=2.1"

    static let message = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message"
    static let structureNS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/structure"
    static let common = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1/common"

    public static func write(
        _ selection: SDMXStructureSelection,
        id: String,
        prepared: Date,
        sender: String = "PASAN",
        to o: SDMXOutput
    ) throws {
        o.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" as StaticString)
        o.write("<message:Structure xmlns:message=\"\(message)\" xmlns:structure=\"\(structureNS)\" xmlns:common=\"\(common)\">\n")
        o.write("  <message:Header>\n    <message:ID>" as StaticString)
        o.writeXMLEscaped(id)
        o.write("</message:ID>\n    <message:Test>false</message:Test>\n    <message:Prepared>" as StaticString)
        o.write(SDMXMessageHeader.timestamp(prepared))
        o.write("</message:Prepared>\n    <message:Sender id=\"" as StaticString)
        o.writeXMLEscaped(sender)
        o.write("\"/>\n  </message:Header>\n  <message:Structures>\n" as StaticString)
        if !selection.dataflows.isEmpty {
            o.write("    <structure:Dataflows>\n" as StaticString)
            for flow in selection.dataflows { dataflow(flow, o) }
            o.write("    </structure:Dataflows>\n" as StaticString)
        }
        if !selection.codelists.isEmpty {
            o.write("    <structure:Codelists>\n" as StaticString)
            for list in selection.codelists {
                codelist(list, o)
                try o.flushIfFull()
            }
            o.write("    </structure:Codelists>\n" as StaticString)
        }
        if !selection.conceptSchemes.isEmpty {
            o.write("    <structure:Concepts>\n" as StaticString)
            for scheme in selection.conceptSchemes { conceptScheme(scheme, o) }
            o.write("    </structure:Concepts>\n" as StaticString)
        }
        if !selection.dataStructures.isEmpty {
            o.write("    <structure:DataStructures>\n" as StaticString)
            for structure in selection.dataStructures { dataStructure(structure, o) }
            o.write("    </structure:DataStructures>\n" as StaticString)
        }
        o.write("  </message:Structures>\n</message:Structure>\n" as StaticString)
        try o.flush()
    }

    /// The whole message as text (structure messages are small enough to cache).
    public static func text(_ selection: SDMXStructureSelection, id: String, prepared: Date, sender: String = "PASAN") throws -> String {
        let output = SDMXOutput(chunkSize: Int.max)
        try write(selection, id: id, prepared: prepared, sender: sender, to: output)
        return String(decoding: output.take(), as: UTF8.self)
    }

    // MARK: - Pieces

    static func urn(_ kind: String, _ r: SDMXReference) -> String {
        "urn:sdmx:org.sdmx.infomodel.\(kind)=\(r.agency):\(r.id)(\(r.version))"
    }

    static func attribute(_ o: SDMXOutput, _ name: String, _ value: String) {
        o.write(byte: 0x20)
        o.write(name)
        o.write("=\"" as StaticString)
        o.writeXMLEscaped(value)
        o.write(byte: 0x22)
    }

    static func maintainable(_ o: SDMXOutput, _ element: String, _ r: SDMXReference, urnKind: String) {
        o.write("<structure:\(element)")
        attribute(o, "id", r.id)
        attribute(o, "urn", urn(urnKind, r))
        attribute(o, "agencyID", r.agency)
        attribute(o, "version", r.version)
        o.write(">\n" as StaticString)
    }

    /// `common:Name` per language (English first), the id when there is none.
    static func names(_ o: SDMXOutput, _ names: SDMXNames, fallback: String, indent: String) {
        let ordered = names.filter { !$0.value.isEmpty }.sorted { ($0.key == "en" ? "" : $0.key) < ($1.key == "en" ? "" : $1.key) }
        if ordered.isEmpty {
            o.write(indent)
            o.write("<common:Name xml:lang=\"en\">" as StaticString)
            o.writeXMLEscaped(fallback)
            o.write("</common:Name>\n" as StaticString)
            return
        }
        for (language, text) in ordered {
            o.write(indent)
            o.write("<common:Name xml:lang=\"" as StaticString)
            o.writeXMLEscaped(language)
            o.write("\">" as StaticString)
            o.writeXMLEscaped(text)
            o.write("</common:Name>\n" as StaticString)
        }
    }

    static func ref(_ o: SDMXOutput, _ r: SDMXReference, package: String, class kind: String) {
        o.write("<Ref" as StaticString)
        attribute(o, "id", r.id)
        attribute(o, "version", r.version)
        attribute(o, "agencyID", r.agency)
        attribute(o, "package", package)
        attribute(o, "class", kind)
        o.write("/>" as StaticString)
    }

    static func dataflow(_ flow: SDMXDataflow, _ o: SDMXOutput) {
        o.write("      " as StaticString)
        maintainable(o, "Dataflow", flow.reference, urnKind: "datastructure.Dataflow")
        names(o, flow.names, fallback: flow.reference.id, indent: "        ")
        o.write("        <structure:Structure>" as StaticString)
        ref(o, flow.structure, package: "datastructure", class: "DataStructure")
        o.write("</structure:Structure>\n      </structure:Dataflow>\n" as StaticString)
    }

    static func codelist(_ list: SDMXCodelist, _ o: SDMXOutput) {
        o.write("      " as StaticString)
        maintainable(o, "Codelist", list.reference, urnKind: "codelist.Codelist")
        names(o, list.names, fallback: list.reference.id, indent: "        ")
        let prefix = urn("codelist.Code", list.reference)
        for code in list.codes {
            o.write("        <structure:Code" as StaticString)
            attribute(o, "id", code.id)
            attribute(o, "urn", prefix + "." + code.id)
            o.write(">\n" as StaticString)
            if !code.annotations.isEmpty {
                o.write("          <common:Annotations>\n" as StaticString)
                for annotation in code.annotations {
                    o.write("            <common:Annotation>" as StaticString)
                    if let title = annotation.title {
                        o.write("<common:AnnotationTitle>" as StaticString)
                        o.writeXMLEscaped(title)
                        o.write("</common:AnnotationTitle>" as StaticString)
                    }
                    if let type = annotation.type {
                        o.write("<common:AnnotationType>" as StaticString)
                        o.writeXMLEscaped(type)
                        o.write("</common:AnnotationType>" as StaticString)
                    }
                    for (language, text) in annotation.text.sorted(by: { $0.key < $1.key }) {
                        o.write("<common:AnnotationText xml:lang=\"" as StaticString)
                        o.writeXMLEscaped(language)
                        o.write("\">" as StaticString)
                        o.writeXMLEscaped(text)
                        o.write("</common:AnnotationText>" as StaticString)
                    }
                    o.write("</common:Annotation>\n" as StaticString)
                }
                o.write("          </common:Annotations>\n" as StaticString)
            }
            names(o, code.names, fallback: code.id, indent: "          ")
            if let parent = code.parent {
                o.write("          <structure:Parent><Ref" as StaticString)
                attribute(o, "id", parent)
                o.write("/></structure:Parent>\n" as StaticString)
            }
            o.write("        </structure:Code>\n" as StaticString)
        }
        o.write("      </structure:Codelist>\n" as StaticString)
    }

    static func conceptScheme(_ scheme: SDMXConceptScheme, _ o: SDMXOutput) {
        o.write("      " as StaticString)
        maintainable(o, "ConceptScheme", scheme.reference, urnKind: "conceptscheme.ConceptScheme")
        names(o, scheme.names, fallback: scheme.reference.id, indent: "        ")
        let prefix = urn("conceptscheme.Concept", scheme.reference)
        for concept in scheme.concepts {
            o.write("        <structure:Concept" as StaticString)
            attribute(o, "id", concept.id)
            attribute(o, "urn", prefix + "." + concept.id)
            o.write(">\n" as StaticString)
            names(o, concept.names, fallback: concept.id, indent: "          ")
            o.write("        </structure:Concept>\n" as StaticString)
        }
        o.write("      </structure:ConceptScheme>\n" as StaticString)
    }

    static func conceptIdentity(_ o: SDMXOutput, _ concept: String, _ scheme: SDMXReference?) {
        o.write("<structure:ConceptIdentity><Ref" as StaticString)
        attribute(o, "id", concept)
        if let scheme {
            attribute(o, "maintainableParentID", scheme.id)
            attribute(o, "maintainableParentVersion", scheme.version)
            attribute(o, "agencyID", scheme.agency)
        }
        attribute(o, "package", "conceptscheme")
        attribute(o, "class", "Concept")
        o.write("/></structure:ConceptIdentity>" as StaticString)
    }

    static func enumeration(_ o: SDMXOutput, _ codelist: SDMXReference?) {
        guard let codelist else { return }
        o.write("<structure:LocalRepresentation><structure:Enumeration>" as StaticString)
        ref(o, codelist, package: "codelist", class: "Codelist")
        o.write("</structure:Enumeration></structure:LocalRepresentation>" as StaticString)
    }

    static func dataStructure(_ dsd: DataStructure, _ o: SDMXOutput) {
        let scheme = dsd.conceptScheme
        let r = dsd.reference
        let componentURN = "urn:sdmx:org.sdmx.infomodel.datastructure."
        let owner = "=\(r.agency):\(r.id)(\(r.version))."
        o.write("      " as StaticString)
        maintainable(o, "DataStructure", r, urnKind: "datastructure.DataStructure")
        names(o, dsd.names, fallback: r.id, indent: "        ")
        o.write(
            "        <structure:DataStructureComponents>\n          <structure:DimensionList id=\"DimensionDescriptor\"" as StaticString
        )
        attribute(o, "urn", componentURN + "DimensionDescriptor" + owner + "DimensionDescriptor")
        o.write(">\n" as StaticString)
        for dimension in dsd.dimensions {
            o.write("            <structure:Dimension" as StaticString)
            attribute(o, "id", dimension.id)
            attribute(o, "urn", componentURN + "Dimension" + owner + dimension.id)
            attribute(o, "position", String(dimension.position))
            o.write(">" as StaticString)
            conceptIdentity(o, dimension.concept, scheme)
            enumeration(o, dimension.codelist)
            o.write("</structure:Dimension>\n" as StaticString)
        }
        o.write("            <structure:TimeDimension" as StaticString)
        attribute(o, "id", dsd.timeDimension)
        attribute(o, "urn", componentURN + "TimeDimension" + owner + dsd.timeDimension)
        attribute(o, "position", String(dsd.dimensions.count + 1))
        o.write(">" as StaticString)
        conceptIdentity(o, dsd.timeDimension, scheme)
        o.write(
            "<structure:LocalRepresentation><structure:TextFormat textType=\"ObservationalTimePeriod\"/></structure:LocalRepresentation></structure:TimeDimension>\n          </structure:DimensionList>\n"
                as StaticString
        )
        if !dsd.attributes.isEmpty {
            o.write("          <structure:AttributeList id=\"AttributeDescriptor\"" as StaticString)
            attribute(o, "urn", componentURN + "AttributeDescriptor" + owner + "AttributeDescriptor")
            o.write(">\n" as StaticString)
            for a in dsd.attributes {
                o.write("            <structure:Attribute" as StaticString)
                attribute(o, "id", a.id)
                attribute(o, "urn", componentURN + "DataAttribute" + owner + a.id)
                attribute(o, "assignmentStatus", a.mandatory ? "Mandatory" : "Conditional")
                o.write(">" as StaticString)
                conceptIdentity(o, a.concept, scheme)
                enumeration(o, a.codelist)
                o.write("<structure:AttributeRelationship>" as StaticString)
                switch a.attachment {
                case .observation:
                    o.write("<structure:PrimaryMeasure><Ref" as StaticString)
                    attribute(o, "id", dsd.primaryMeasure)
                    o.write("/></structure:PrimaryMeasure>" as StaticString)
                case .series, .group:
                    let related = a.dimensions.isEmpty ? dsd.dimensions.map(\.id) : a.dimensions
                    for id in related {
                        o.write("<structure:Dimension><Ref" as StaticString)
                        attribute(o, "id", id)
                        o.write("/></structure:Dimension>" as StaticString)
                    }
                case .dataSet:
                    o.write("<structure:None/>" as StaticString)
                }
                o.write("</structure:AttributeRelationship></structure:Attribute>\n" as StaticString)
            }
            o.write("          </structure:AttributeList>\n" as StaticString)
        }
        o.write("          <structure:MeasureList id=\"MeasureDescriptor\"" as StaticString)
        attribute(o, "urn", componentURN + "MeasureDescriptor" + owner + "MeasureDescriptor")
        o.write(">\n            <structure:PrimaryMeasure" as StaticString)
        attribute(o, "id", dsd.primaryMeasure)
        attribute(o, "urn", componentURN + "PrimaryMeasure" + owner + dsd.primaryMeasure)
        o.write(">" as StaticString)
        conceptIdentity(o, dsd.primaryMeasure, scheme)
        o.write(
            "</structure:PrimaryMeasure>\n          </structure:MeasureList>\n        </structure:DataStructureComponents>\n      </structure:DataStructure>\n"
                as StaticString
        )
    }
}
