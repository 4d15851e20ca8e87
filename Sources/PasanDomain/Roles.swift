/// The roles of Pasan's institutional arrangement.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    /// National SDG Secretariat: runs Pasan, accounts and roles.
    case secretariatAdmin = "secretariat-admin"
    /// National SDG Secretariat staff: assignments, focal points, cycles.
    case secretariatOfficer = "secretariat-officer"
    /// Lao Statistics Bureau: signs off official statistics.
    case statisticsReviewer = "statistics-reviewer"
    /// Focal point of an indicator reporter (SDGr), scoped to one institution.
    case reporterFocalPoint = "reporter-focal-point"
    /// Focal point of an indicator owner (SDGi), scoped to one institution.
    case ownerFocalPoint = "owner-focal-point"
    /// Collects data from below, scoped to an area subtree (a province or district).
    case subnationalFocalPoint = "subnational-focal-point"
    /// Reads what is not public; changes nothing.
    case viewer
    /// Proposes and reviews Lao texts (typically at LSB); a proposal needs a second translator.
    case translator
    /// MPI's planning department: edits development plans, their indicators, targets, values,
    /// SDG links and mainstreaming decisions, and nothing else.
    case planningOfficer = "planning-officer"
    /// The national SDG Steering Committee and ministers: read-only, the leadership brief and the
    /// Secretariat's dashboards (cycle, gaps, who reports what).
    case steeringCommittee = "steering-committee"

    /// What the role must be scoped to.
    public var scope: RoleScope {
        switch self {
        case .reporterFocalPoint, .ownerFocalPoint: .institution
        case .subnationalFocalPoint: .area
        default: .national
        }
    }

    public var title: Message {
        switch self {
        case .secretariatAdmin: Message("policy.role.secretariatAdmin")
        case .secretariatOfficer: Message("policy.role.secretariatOfficer")
        case .statisticsReviewer: Message("policy.role.statisticsReviewer")
        case .reporterFocalPoint: Message("policy.role.reporterFocalPoint")
        case .ownerFocalPoint: Message("policy.role.ownerFocalPoint")
        case .subnationalFocalPoint: Message("policy.role.subnationalFocalPoint")
        case .viewer: Message("policy.role.viewer")
        case .translator: Message("translations.role.translator")
        case .planningOfficer: Message("plans.role.planningOfficer")
        case .steeringCommittee: Message("governance.role.steeringCommittee")
        }
    }
}

public enum RoleScope: String, Sendable, Hashable {
    case national, institution, area
}

/// A role held by a user, with its scope.
public struct RoleGrant: Sendable, Hashable, Codable {
    public var role: Role
    public var institution: String?
    public var area: String?

    public init(role: Role, institution: String? = nil, area: String? = nil) {
        self.role = role
        self.institution = institution
        self.area = area
    }

    /// Why the grant is malformed, if it is (a focal point needs an institution, and so on).
    public var problem: Message? {
        switch role.scope {
        case .institution where institution == nil || area != nil:
            Message("policy.grant.needsInstitution", ["role": .message(role.title)])
        case .area where area == nil || institution != nil:
            Message("policy.grant.needsArea", ["role": .message(role.title)])
        case .national where institution != nil || area != nil:
            Message("policy.grant.national", ["role": .message(role.title)])
        default:
            nil
        }
    }
}

/// Who is acting: a signed-in user with their roles, or the public.
public struct Actor: Sendable, Hashable {
    public var userID: Int64?
    public var name: String
    public var grants: [RoleGrant]

    public init(userID: Int64?, name: String, grants: [RoleGrant]) {
        self.userID = userID
        self.name = name
        self.grants = grants
    }

    public static let anonymous = Actor(userID: nil, name: "public", grants: [])

    public var isSignedIn: Bool { userID != nil }

    public func has(_ role: Role) -> Bool { grants.contains { $0.role == role } }

    /// Institutions the actor speaks for as a focal point (owner or reporter).
    public var focalPointInstitutions: Set<String> {
        Set(grants.filter { $0.role == .ownerFocalPoint || $0.role == .reporterFocalPoint }.compactMap(\.institution))
    }
}
