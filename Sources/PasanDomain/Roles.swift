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

    /// What the role must be scoped to.
    public var scope: RoleScope {
        switch self {
        case .reporterFocalPoint, .ownerFocalPoint: .institution
        case .subnationalFocalPoint: .area
        default: .national
        }
    }

    public var title: LocalizedText {
        let (en, lo): (String, String) =
            switch self {
            case .secretariatAdmin: ("Secretariat administrator", "ຜູ້ບໍລິຫານລະບົບ ກອງເລຂາ")
            case .secretariatOfficer: ("Secretariat officer", "ພະນັກງານ ກອງເລຂາ")
            case .statisticsReviewer: ("Statistics reviewer (LSB)", "ຜູ້ກວດກາສະຖິຕິ (ສຖຕ)")
            case .reporterFocalPoint: ("Reporter focal point (SDGr)", "ຜູ້ປະສານງານ ຜູ້ລາຍງານ (SDGr)")
            case .ownerFocalPoint: ("Owner focal point (SDGi)", "ຜູ້ປະສານງານ ເຈົ້າຂອງຂໍ້ມູນ (SDGi)")
            case .subnationalFocalPoint: ("Subnational focal point", "ຜູ້ປະສານງານ ຂັ້ນທ້ອງຖິ່ນ")
            case .viewer: ("Viewer", "ຜູ້ເບິ່ງ")
            }
        return LocalizedText(en: en, lo: lo, loStatus: .reviewed)
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
    public var problem: LocalizedText? {
        switch role.scope {
        case .institution where institution == nil || area != nil:
            LocalizedText(
                en: "\(role.title.en) must be scoped to one institution",
                lo: "\(role.title.lo ?? "") ຕ້ອງກຳນົດໃຫ້ອົງການດຽວ",
                loStatus: .reviewed
            )
        case .area where area == nil || institution != nil:
            LocalizedText(
                en: "\(role.title.en) must be scoped to an area (province or district)",
                lo: "\(role.title.lo ?? "") ຕ້ອງກຳນົດເຂດ (ແຂວງ ຫຼື ເມືອງ)",
                loStatus: .reviewed
            )
        case .national where institution != nil || area != nil:
            LocalizedText(
                en: "\(role.title.en) is national and takes no institution or area",
                lo: "\(role.title.lo ?? "") ແມ່ນຂັ້ນຊາດ, ບໍ່ກຳນົດອົງການ ຫຼື ເຂດ",
                loStatus: .reviewed
            )
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
