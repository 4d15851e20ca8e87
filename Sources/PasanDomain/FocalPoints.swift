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

    public init(
        institution: String,
        role: FocalPointRole,
        position: FocalPointPosition,
        userID: Int64,
        userName: String,
        startedOn: LocalDate,
        endedOn: LocalDate?
    ) {
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

    public init(
        institution: String,
        role: FocalPointRole,
        position: FocalPointPosition,
        fromUser: Int64?,
        toUser: Int64,
        date: LocalDate,
        reason: String
    ) {
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
    public static func holder(
        of institution: String,
        _ role: FocalPointRole,
        _ position: FocalPointPosition,
        on date: LocalDate,
        in terms: [FocalPointTerm]
    ) -> FocalPointTerm? {
        terms.first { $0.institution == institution && $0.role == role && $0.position == position && $0.isHeld(on: date) }
    }
}

/// A successor proposed by an institution for one of its focal point positions, waiting for the
/// Secretariat to confirm (which records the handover) or decline it.
public struct FocalPointProposal: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Codable, Hashable {
        case pending, confirmed, declined
    }

    public var id: Int64
    public var institution: String
    public var role: FocalPointRole
    public var position: FocalPointPosition
    public var proposedUser: Int64
    public var proposedBy: Int64
    /// The date the handover should take effect.
    public var effectiveOn: LocalDate
    public var reason: String
    public var status: Status
    public var proposedAt: String
    public var decidedBy: Int64?
    public var decidedAt: String?

    public init(
        id: Int64,
        institution: String,
        role: FocalPointRole,
        position: FocalPointPosition,
        proposedUser: Int64,
        proposedBy: Int64,
        effectiveOn: LocalDate,
        reason: String,
        status: Status,
        proposedAt: String,
        decidedBy: Int64?,
        decidedAt: String?
    ) {
        self.id = id
        self.institution = institution
        self.role = role
        self.position = position
        self.proposedUser = proposedUser
        self.proposedBy = proposedBy
        self.effectiveOn = effectiveOn
        self.reason = reason
        self.status = status
        self.proposedAt = proposedAt
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
    }
}

/// Who may propose a focal point successor: a person who holds a primary focal point position of
/// the institution today, for someone other than themselves. (`Policy` lets an institution's
/// focal points reach the form; this rule needs the terms, which `Policy` does not see.)
public enum FocalPointProposalRule {
    public static func decide(
        _ actor: Actor,
        institution: String,
        proposing userID: Int64,
        terms: [FocalPointTerm],
        on date: LocalDate
    ) -> Decision {
        guard let me = actor.userID else { return .deny(Message("policy.signInFirst")) }
        let primary = terms.contains { $0.institution == institution && $0.position == .primary && $0.userID == me && $0.isHeld(on: date) }
        guard primary else {
            return .deny(Message("policy.propose.denyNotPrimary", ["institution": .text(institution)]))
        }
        guard userID != me else {
            return .deny(Message("policy.propose.denySelf"))
        }
        return .allow(Message("policy.propose.allowPrimary"))
    }
}
