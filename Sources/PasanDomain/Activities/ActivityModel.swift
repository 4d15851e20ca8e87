/// The activity registry (issue 14, `docs/villages.md`): who does what where. An activity is a
/// project or programme of a ministry, a mass organisation, a development partner or an NGO,
/// with the places it works in and the SDG targets it serves. Development partners publish
/// theirs as IATI activity XML 2.03; institutions enter theirs in Pasan or upload a CSV/XLSX.

/// An activity's stage, with IATI's ActivityStatus codes (1–6).
public enum ActivityStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case pipeline, implementation, finalisation, closed, cancelled, suspended

    /// IATI's code (`activity-status/@code`).
    public var iatiCode: String {
        switch self {
        case .pipeline: "1"
        case .implementation: "2"
        case .finalisation: "3"
        case .closed: "4"
        case .cancelled: "5"
        case .suspended: "6"
        }
    }

    public init?(iatiCode: String) {
        guard let status = Self.allCases.first(where: { $0.iatiCode == iatiCode }) else { return nil }
        self = status
    }

    /// Whether work is (or will be) going on: pipeline, implementation, finalisation.
    public var isUnderWay: Bool { self == .pipeline || self == .implementation || self == .finalisation }
}

/// What an organisation does in an activity, with IATI's OrganisationRole codes (1–4).
public enum OrganisationRole: String, Sendable, Codable, CaseIterable, Hashable {
    case funding, accountable, extending, implementing

    public var iatiCode: String {
        switch self {
        case .funding: "1"
        case .accountable: "2"
        case .extending: "3"
        case .implementing: "4"
        }
    }

    public init?(iatiCode: String) {
        guard let role = Self.allCases.first(where: { $0.iatiCode == iatiCode }) else { return nil }
        self = role
    }
}

/// An organisation taking part in an activity: a Pasan institution (`institution`, its code),
/// or an outside organisation known by its IATI organisation identifier (`ref`) and name.
public struct ActivityOrganisation: Sendable, Hashable, Codable {
    public var role: OrganisationRole
    /// The Pasan institution code, when the organisation is one of Pasan's institutions.
    public var institution: String?
    /// The IATI organisation identifier (`XM-DAC-41122`), when known.
    public var ref: String?
    public var name: LocalizedText

    public init(role: OrganisationRole, institution: String? = nil, ref: String? = nil, name: LocalizedText) {
        self.role = role
        self.institution = institution
        self.ref = ref
        self.name = name
    }

    /// Who the organisation is, for telling two apart: the institution code, else the IATI
    /// reference, else the name folded (case and spaces).
    public var key: String {
        if let institution, !institution.isEmpty { return "inst:" + institution }
        if let ref, !ref.isEmpty { return "ref:" + ref.uppercased() }
        return "name:" + name.en.lowercased().split(whereSeparator: { $0 == " " }).joined(separator: " ")
    }
}

/// A point on the map (WGS 84), as IATI's `point/pos` gives it: "latitude longitude".
public struct GeoPoint: Sendable, Hashable, Codable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// How an activity's place was found.
public enum LocationMatchKind: String, Sendable, Codable, CaseIterable, Hashable {
    /// An LSB area code (entered, or IATI `location-id` / `administrative` with Pasan's area codes).
    case code
    /// A code of the shipped alias table (another system's code, a merged or renamed village).
    case alias
    /// A `point/pos` placed in its district by the shipped boundaries.
    case point
    /// A name that looks like an area's: only a guess, applied once a person confirms it.
    case name
}

/// Whether a place counts: a guess (`proposed`) counts only once a person has confirmed it.
public enum LocationStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case confirmed, proposed, declined
}

/// A place an activity works in: a province, district or village of Pasan's areas.
public struct ActivityLocation: Sendable, Hashable, Codable {
    public var areaCode: String
    public var level: AreaLevel
    public var match: LocationMatchKind
    public var status: LocationStatus
    /// The point the file gave, if any.
    public var point: GeoPoint?
    /// The place's name (or reference) as the file gave it, for the person who confirms a guess.
    public var givenName: String?
    /// Why this place: "IATI code 1013 is LSB 1011 (alias table)", "point in district 0101".
    public var note: String?

    public init(
        areaCode: String,
        level: AreaLevel,
        match: LocationMatchKind = .code,
        status: LocationStatus = .confirmed,
        point: GeoPoint? = nil,
        givenName: String? = nil,
        note: String? = nil
    ) {
        self.areaCode = areaCode
        self.level = level
        self.match = match
        self.status = status
        self.point = point
        self.givenName = givenName
        self.note = note
    }

    /// Only confirmed places count (for overlaps, place pages and maps).
    public var counts: Bool { status == .confirmed }
}

/// A sector an activity works in. `vocabulary` is IATI's SectorVocabulary: `1` DAC 5-digit
/// purpose code, `2` DAC 3-digit sector; SDG goals, targets and indicators (`7`, `8`, `9`) are
/// kept in `Activity.sdgGoals`, `sdgTargets` and `sdgIndicators` instead.
public struct ActivitySector: Sendable, Hashable, Codable {
    public var vocabulary: String
    public var code: String

    public init(vocabulary: String, code: String) {
        self.vocabulary = vocabulary
        self.code = code
    }

    /// The DAC 3-digit sector a DAC code belongs to (`12220` → `122`), which is what two
    /// activities must share to be "in the same sector"; `nil` for other vocabularies.
    public var dacCategory: String? {
        guard vocabulary == "1" || vocabulary == "2", code.count >= 3, code.allSatisfy(\.isNumber) else { return nil }
        return String(code.prefix(3))
    }
}

/// Money planned for an activity, in one currency (ISO 4217).
public struct ActivityBudget: Sendable, Hashable, Codable {
    public var amount: Double
    public var currency: String

    public init(amount: Double, currency: String) {
        self.amount = amount
        self.currency = currency
    }
}

/// Where an activity's record came from.
public enum ActivityOrigin: String, Sendable, Codable, CaseIterable, Hashable {
    /// Entered or edited in Pasan's form.
    case app
    /// From an activity CSV or XLSX file.
    case file
    /// From an IATI activity XML file.
    case iati
    /// Pasan's demo data (illustrative).
    case demo
}

/// One activity: who does what where, when, for which SDG targets.
public struct Activity: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64?
    /// Unique: the IATI identifier for IATI activities, else one Pasan gives (`LA-PASAN-MOH-3`).
    public var identifier: String
    /// The implementing institution (the Pasan institution whose activity it is, when it is one).
    public var implementer: ActivityOrganisation
    /// Partners and funders (every other participating organisation).
    public var participants: [ActivityOrganisation]
    public var title: LocalizedText
    public var description: LocalizedText?
    public var status: ActivityStatus
    public var start: LocalDate?
    public var end: LocalDate?
    public var budget: ActivityBudget?
    public var locations: [ActivityLocation]
    public var sectors: [ActivitySector]
    public var sdgGoals: [Int]
    public var sdgTargets: [String]
    public var sdgIndicators: [String]
    public var origin: ActivityOrigin
    /// The file it came from, when imported.
    public var sourceFile: String?
    public var isIllustrative: Bool
    /// Revision number of the stored record (1 for the first), set by storage.
    public var revision: Int

    public init(
        id: Int64? = nil,
        identifier: String,
        implementer: ActivityOrganisation,
        participants: [ActivityOrganisation] = [],
        title: LocalizedText,
        description: LocalizedText? = nil,
        status: ActivityStatus = .implementation,
        start: LocalDate? = nil,
        end: LocalDate? = nil,
        budget: ActivityBudget? = nil,
        locations: [ActivityLocation] = [],
        sectors: [ActivitySector] = [],
        sdgGoals: [Int] = [],
        sdgTargets: [String] = [],
        sdgIndicators: [String] = [],
        origin: ActivityOrigin = .app,
        sourceFile: String? = nil,
        isIllustrative: Bool = false,
        revision: Int = 0
    ) {
        self.id = id
        self.identifier = identifier
        self.implementer = implementer
        self.participants = participants
        self.title = title
        self.description = description
        self.status = status
        self.start = start
        self.end = end
        self.budget = budget
        self.locations = locations
        self.sectors = sectors
        self.sdgGoals = sdgGoals
        self.sdgTargets = sdgTargets
        self.sdgIndicators = sdgIndicators
        self.origin = origin
        self.sourceFile = sourceFile
        self.isIllustrative = isIllustrative
        self.revision = revision
    }

    /// The SDG targets the activity serves: those named, and those of the indicators named
    /// (`3.1.1` serves `3.1`).
    public var servedTargets: Set<String> {
        var targets = Set(sdgTargets)
        for indicator in sdgIndicators {
            let parts = indicator.split(separator: ".")
            if parts.count >= 2 { targets.insert("\(parts[0]).\(parts[1])") }
        }
        return targets
    }

    /// The DAC 3-digit sectors the activity works in.
    public var sectorCategories: Set<String> { Set(sectors.compactMap(\.dacCategory)) }

    /// The places that count (confirmed ones).
    public var confirmedLocations: [ActivityLocation] { locations.filter(\.counts) }
}
