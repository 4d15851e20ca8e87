/// Which roles one person may not hold together, because one of them checks the other's work.
///
/// The rule is about cells: the person who enters and submits a value (an owner's focal point, or
/// a subnational focal point entering an area's values) must not also be one who reviews,
/// approves or publishes the same value (the indicator's reporter, LSB's statistics reviewers,
/// the Secretariat). An owner focal point of X and a reporter focal point of Y conflict only
/// when some indicator is owned by X and reported by Y (X = Y included). This is Pasan's
/// default reading of "separation of duties"; the workflow also refuses, per revision, a step
/// by anyone who took an earlier one (`SubmissionWorkflow.decide`).
public enum SeparationOfDuties {
    /// An owner → reporter pair of the assignments (an indicator owned by `owner`, reported by
    /// `reporter`).
    public struct OwnerReporter: Sendable, Hashable {
        public var owner: String
        public var reporter: String

        public init(owner: String, reporter: String) {
            self.owner = owner
            self.reporter = reporter
        }
    }

    /// The pairs of the current assignments.
    public static func pairs(_ assignments: [Assignment], on date: LocalDate) -> Set<OwnerReporter> {
        var pairs: Set<OwnerReporter> = []
        for assignment in assignments where assignment.isCurrent(on: date) {
            guard let reporter = assignment.reporter else { continue }
            for owner in assignment.owners { pairs.insert(OwnerReporter(owner: owner, reporter: reporter)) }
        }
        return pairs
    }

    /// Why `grant` may not be added to a person who holds `existing`, or `nil` when it may.
    public static func conflict(adding grant: RoleGrant, to existing: [RoleGrant], pairs: Set<OwnerReporter>) -> Message? {
        for held in existing where held != grant {
            if let reason = conflict(grant, held, pairs: pairs) ?? conflict(held, grant, pairs: pairs) { return reason }
        }
        return nil
    }

    /// A conflict when `enterer` enters data that `checker` reviews.
    static func conflict(_ enterer: RoleGrant, _ checker: RoleGrant, pairs: Set<OwnerReporter>) -> Message? {
        let entersData = enterer.role == .ownerFocalPoint || enterer.role == .subnationalFocalPoint
        guard entersData else { return nil }
        let overlaps: Bool
        switch checker.role {
        case .statisticsReviewer, .secretariatOfficer, .secretariatAdmin:
            overlaps = true
        case .reporterFocalPoint:
            if enterer.role == .ownerFocalPoint, let owner = enterer.institution, let reporter = checker.institution {
                overlaps = pairs.contains(OwnerReporter(owner: owner, reporter: reporter))
            } else {
                // A subnational focal point enters values of every owner asked for area data.
                overlaps = true
            }
        default:
            overlaps = false
        }
        guard overlaps else { return nil }
        return Message("policy.separation.conflict", ["enter": .message(describe(enterer)), "check": .message(describe(checker))])
    }

    /// A role with its scope: "Owner focal point (SDGi) (MOH)", "… (area 01)".
    static func describe(_ grant: RoleGrant) -> Message {
        if let institution = grant.institution {
            return Message("policy.separation.roleAtInstitution", ["role": .message(grant.role.title), "institution": .text(institution)])
        }
        if let area = grant.area {
            return Message("policy.separation.roleInArea", ["role": .message(grant.role.title), "area": .text(area)])
        }
        return grant.role.title
    }
}
