import Foundation
import PasanDomain

/// What an IATI import matches and checks against: Pasan's areas (by the location matcher),
/// its institutions and framework (by `ActivityCheck`).
public struct IATIMatchContext: Sendable {
    public var matcher: ActivityLocationMatcher
    public var check: ActivityCheckContext
    /// Pasan institution codes by IATI organisation identifier (`participating-org/@ref`), for
    /// the organisations known to be Pasan institutions (none by default: Pasan's institutions
    /// have no IATI identifiers in the shipped data).
    public var institutionsByRef: [String: String]

    public init(matcher: ActivityLocationMatcher, check: ActivityCheckContext, institutionsByRef: [String: String] = [:]) {
        self.matcher = matcher
        self.check = check
        self.institutionsByRef = institutionsByRef
    }
}

/// A problem (or a notice) in an IATI file: the activity's identifier (nil before the first
/// activity or when it has none), the element and its line.
public struct IATIImportProblem: Sendable, Hashable {
    public var identifier: String?
    public var element: String
    public var line: Int?
    public var message: Message

    public init(identifier: String?, element: String, line: Int?, message: Message) {
        self.identifier = identifier
        self.element = element
        self.line = line
        self.message = message
    }
}

/// A place found only by its name: proposed for a person to confirm, never applied.
public struct IATIProposedPlace: Sendable, Hashable {
    public var identifier: String
    public var line: Int?
    public var givenName: String
    public var candidates: [ActivityLocation]

    public init(identifier: String, line: Int?, givenName: String, candidates: [ActivityLocation]) {
        self.identifier = identifier
        self.line = line
        self.givenName = givenName
        self.candidates = candidates
    }
}

/// What reading an IATI file gave: the activities (empty when any problem refuses the file),
/// the problems, the notices (an alias used, a vocabulary not read, a name not matched) and the
/// places proposed by name.
public struct IATIImportResult: Sendable {
    public var activities: [Activity]
    public var problems: [IATIImportProblem]
    public var notices: [IATIImportProblem]
    public var proposed: [IATIProposedPlace]

    public init(
        activities: [Activity] = [],
        problems: [IATIImportProblem] = [],
        notices: [IATIImportProblem] = [],
        proposed: [IATIProposedPlace] = []
    ) {
        self.activities = activities
        self.problems = problems
        self.notices = notices
        self.proposed = proposed
    }

    /// Whether the file is refused (nothing may be imported).
    public var isRefused: Bool { !problems.isEmpty }
}

/// Reads an IATI activity file (2.03) into Pasan's activities: `IATIActivityReader` (the XML and
/// the schema's rules), `ActivityLocationMatcher` (places), `ActivityCheck` (Pasan's rules).
/// Any problem refuses the whole file: no activities are returned then.
public enum IATIActivityImport {
    public static func read(data: Data, filename: String, context: IATIMatchContext) -> IATIImportResult {
        IATIImportResult()
    }
}
