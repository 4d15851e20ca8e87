/// Which side of the SDGi/SDGr arrangement a focal point serves.
public enum FocalPointRole: String, Sendable, Codable, CaseIterable, Hashable {
    case owner
    case reporter

    public var grantRole: Role { self == .owner ? .ownerFocalPoint : .reporterFocalPoint }
}

public enum FocalPointPosition: String, Sendable, Codable, CaseIterable, Hashable {
    case primary
    case alternate
}

/// A person holding a focal point position of an institution, from one date to another.
public struct FocalPointTerm: Sendable, Hashable, Codable {
    public var institution: String
    public var role: FocalPointRole
    public var position: FocalPointPosition
    public var userID: Int64
    public var userName: String
    public var startedOn: LocalDate
    /// First day the person no longer held the position; `nil` while they hold it.
    public var endedOn: LocalDate?

    public init(institution: String, role: FocalPointRole, position: FocalPointPosition, userID: Int64, userName: String,
                startedOn: LocalDate, endedOn: LocalDate?) {
        self.institution = institution
        self.role = role
        self.position = position
        self.userID = userID
        self.userName = userName
        self.startedOn = startedOn
        self.endedOn = endedOn
    }

    public func isHeld(on date: LocalDate) -> Bool {
        startedOn <= date && (endedOn.map { date < $0 } ?? true)
    }
}

/// A recorded handover of a focal point position.
public struct Handover: Sendable, Hashable, Codable {
    public var institution: String
    public var role: FocalPointRole
    public var position: FocalPointPosition
    public var fromUser: Int64?
    public var toUser: Int64
    public var date: LocalDate
    public var reason: String

    public init(institution: String, role: FocalPointRole, position: FocalPointPosition, fromUser: Int64?, toUser: Int64, date: LocalDate, reason: String) {
        self.institution = institution
        self.role = role
        self.position = position
        self.fromUser = fromUser
        self.toUser = toUser
        self.date = date
        self.reason = reason
    }
}

/// Answers "who held this role on date X" from the terms.
public enum FocalPointHistory {
    public static func holder(of institution: String, _ role: FocalPointRole, _ position: FocalPointPosition,
                              on date: LocalDate, in terms: [FocalPointTerm]) -> FocalPointTerm? {
        terms.first { $0.institution == institution && $0.role == role && $0.position == position && $0.isHeld(on: date) }
    }
}
