import Foundation

/// An SDMX maintainable's identity: `IAEG-SDGs:SDG(1.14)`.
public struct SDMXReference: Sendable, Hashable, CustomStringConvertible {
    public var agency: String
    public var id: String
    public var version: String

    public init(agency: String, id: String, version: String) {
        self.agency = agency
        self.id = id
        self.version = version
    }

    /// `AGENCY:ID(VERSION)`, as SDMX-CSV writes it.
    public var description: String { "\(agency):\(id)(\(version))" }

    /// Parses `AGENCY:ID(VERSION)`.
    public init?(parsing text: String) {
        guard let colon = text.firstIndex(of: ":"), let open = text.firstIndex(of: "("), text.hasSuffix(")"), colon < open
        else { return nil }
        agency = String(text[..<colon])
        id = String(text[text.index(after: colon)..<open])
        version = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        guard !agency.isEmpty, !id.isEmpty, !version.isEmpty else { return nil }
    }
}

/// Names or descriptions by language (`en`, `lo`, …), as SDMX carries them.
public typealias SDMXNames = [String: String]

/// An annotation of a code: `Indicator` → `1.2.1`, `IndicatorTitle` → …. SDMX 2.1 writes the
/// type in `AnnotationType` or `AnnotationTitle`; both are kept.
public struct SDMXAnnotation: Sendable, Hashable {
    public var title: String?
    public var type: String?
    /// Text by language; an annotation without a language is stored under `en`.
    public var text: SDMXNames

    public init(title: String?, type: String?, text: SDMXNames) {
        self.title = title
        self.type = type
        self.text = text
    }
}

public struct SDMXCode: Sendable, Hashable {
    public var id: String
    public var names: SDMXNames
    public var parent: String?
    public var annotations: [SDMXAnnotation]

    public init(id: String, names: SDMXNames, parent: String? = nil, annotations: [SDMXAnnotation] = []) {
        self.id = id
        self.names = names
        self.parent = parent
        self.annotations = annotations
    }

    /// The texts of the annotations whose title or type is `kind` (`Indicator`), in order.
    public func annotationTexts(_ kind: String, language: String = "en") -> [String] {
        annotations.filter { $0.title == kind || $0.type == kind }.compactMap { $0.text[language] ?? $0.text.values.first }
    }
}

public struct SDMXCodelist: Sendable, Hashable {
    public var reference: SDMXReference
    public var names: SDMXNames
    /// Codes in the order of the file.
    public var codes: [SDMXCode]
    private var index: [String: Int]

    public init(reference: SDMXReference, names: SDMXNames, codes: [SDMXCode]) {
        self.reference = reference
        self.names = names
        self.codes = codes
        var index: [String: Int] = [:]
        for (i, code) in codes.enumerated() where index[code.id] == nil { index[code.id] = i }
        self.index = index
    }

    public func code(_ id: String) -> SDMXCode? { index[id].map { codes[$0] } }
    public func contains(_ id: String) -> Bool { index[id] != nil }
}

public struct SDMXConcept: Sendable, Hashable {
    public var id: String
    public var names: SDMXNames
    public init(id: String, names: SDMXNames) {
        self.id = id
        self.names = names
    }
}

/// A dimension of the key (in key order), the time dimension or the primary measure.
public struct SDMXDimension: Sendable, Hashable {
    public var id: String
    /// 1-based position in the key.
    public var position: Int
    public var concept: String
    /// The codelist's id (`CL_SEX`) when the dimension is coded.
    public var codelist: SDMXReference?

    public init(id: String, position: Int, concept: String, codelist: SDMXReference?) {
        self.id = id
        self.position = position
        self.concept = concept
        self.codelist = codelist
    }
}

public struct SDMXAttribute: Sendable, Hashable {
    public enum Attachment: String, Sendable, Hashable {
        /// Attached to each observation (`PrimaryMeasure` relationship).
        case observation
        /// Attached to the series (all key dimensions).
        case series
        /// Attached to some dimensions only (a group).
        case group
        /// Attached to the data set.
        case dataSet
    }

    public var id: String
    public var concept: String
    public var codelist: SDMXReference?
    /// `Mandatory` in the DSD (`assignmentStatus`).
    public var mandatory: Bool
    public var attachment: Attachment
    /// The dimensions of a group or series attachment.
    public var dimensions: [String]

    public init(
        id: String,
        concept: String,
        codelist: SDMXReference?,
        mandatory: Bool,
        attachment: Attachment,
        dimensions: [String] = []
    ) {
        self.id = id
        self.concept = concept
        self.codelist = codelist
        self.mandatory = mandatory
        self.attachment = attachment
        self.dimensions = dimensions
    }
}

public struct SDMXDataflow: Sendable, Hashable {
    public var reference: SDMXReference
    public var names: SDMXNames
    public var structure: SDMXReference

    public init(reference: SDMXReference, names: SDMXNames, structure: SDMXReference) {
        self.reference = reference
        self.names = names
        self.structure = structure
    }
}

/// A data structure definition with everything it refers to that its structure message carried:
/// codelists and concepts (the SDG DSD 1.14 file, LSB's `LSB_DSD.xml`).
public struct DataStructure: Sendable {
    public var reference: SDMXReference
    public var names: SDMXNames
    /// Key dimensions in key order (FREQ … PRODUCT for the SDG DSD); not the time dimension.
    public var dimensions: [SDMXDimension]
    /// `TIME_PERIOD`.
    public var timeDimension: String
    /// `OBS_VALUE`.
    public var primaryMeasure: String
    public var attributes: [SDMXAttribute]
    /// Codelists by id (`CL_SEX`). A structure message holds one version of each.
    public var codelists: [String: SDMXCodelist]
    public var concepts: [String: SDMXConcept]
    /// Concept scheme of the concepts, for writing them back out.
    public var conceptScheme: SDMXReference?
    /// Dataflows the message carried (the SDG DSD file has none).
    public var dataflows: [SDMXDataflow]

    public init(
        reference: SDMXReference,
        names: SDMXNames,
        dimensions: [SDMXDimension],
        timeDimension: String,
        primaryMeasure: String,
        attributes: [SDMXAttribute],
        codelists: [String: SDMXCodelist],
        concepts: [String: SDMXConcept],
        conceptScheme: SDMXReference?,
        dataflows: [SDMXDataflow]
    ) {
        self.reference = reference
        self.names = names
        self.dimensions = dimensions
        self.timeDimension = timeDimension
        self.primaryMeasure = primaryMeasure
        self.attributes = attributes
        self.codelists = codelists
        self.concepts = concepts
        self.conceptScheme = conceptScheme
        self.dataflows = dataflows
    }

    public func dimension(_ id: String) -> SDMXDimension? { dimensions.first { $0.id == id } }
    public func attribute(_ id: String) -> SDMXAttribute? { attributes.first { $0.id == id } }

    /// The codelist of a dimension or attribute, when it is coded.
    public func codelist(of component: String) -> SDMXCodelist? {
        let reference = dimension(component)?.codelist ?? attribute(component)?.codelist
        return reference.flatMap { codelists[$0.id] }
    }

    /// The indicators a series code belongs to, from the `Indicator` annotations of CL_SERIES
    /// (`1.2.1`; a series may serve several).
    public func indicators(ofSeries series: String) -> [String] {
        codelist(of: "SERIES")?.code(series)?.annotationTexts("Indicator") ?? []
    }

    /// Every component id the DSD knows: dimensions, time, measure, attributes.
    public var componentIDs: Set<String> {
        Set(dimensions.map(\.id) + [timeDimension, primaryMeasure] + attributes.map(\.id))
    }
}
