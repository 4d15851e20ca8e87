/// One cell of SDG data: which indicator, series, place, period and breakdown a value is for.
/// Each cell has exactly one owning submission per cycle.
public struct CellKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var indicator: String
    public var series: String
    public var area: String
    public var period: String
    /// Sorted `DIM=CODE` pairs joined by `|`; empty for the total.
    public var dimensions: String

    public init(indicator: String, series: String, area: String, period: String, dimensions: String) {
        self.indicator = indicator
        self.series = series
        self.area = area
        self.period = period
        self.dimensions = dimensions
    }

    public var description: String {
        "\(indicator) \(series) \(area) \(period)" + (dimensions.isEmpty ? "" : " \(dimensions)")
    }

    public static func < (a: CellKey, b: CellKey) -> Bool {
        (a.indicator, a.series, a.dimensions, a.area, a.period) < (b.indicator, b.series, b.dimensions, b.area, b.period)
    }
}

/// A value as an owner submits it.
public struct SubmittedValue: Sendable, Hashable, Codable {
    public var key: CellKey
    public var unit: String
    /// `nil` = explicitly missing (blank Value).
    public var value: Double?
    public var status: String?
    public var comment: String?
    public var source: String?

    public init(key: CellKey, unit: String, value: Double?, status: String? = nil, comment: String? = nil, source: String? = nil) {
        self.key = key
        self.unit = unit
        self.value = value
        self.status = status
        self.comment = comment
        self.source = source
    }
}

/// Where a submission is in review and approval.
public enum SubmissionState: String, Sendable, Codable, CaseIterable, Hashable {
    case draft
    case submitted
    case reviewed
    case statisticsApproved = "statistics-approved"
    case approved
    case published
    /// Sent back to the owner with comments; the owner fixes and submits again.
    case returned

    public var title: Message {
        switch self {
        case .draft: Message("workflow.state.draft")
        case .submitted: Message("workflow.state.submitted")
        case .reviewed: Message("workflow.state.reviewed")
        case .statisticsApproved: Message("workflow.state.statisticsApproved")
        case .approved: Message("workflow.state.approved")
        case .published: Message("workflow.state.published")
        case .returned: Message("workflow.state.returned")
        }
    }

    /// The state's name inside a sentence ("This submission is … and locked").
    public var inSentence: Message {
        switch self {
        case .draft: Message("workflow.stateInSentence.draft")
        case .submitted: Message("workflow.stateInSentence.submitted")
        case .reviewed: Message("workflow.stateInSentence.reviewed")
        case .statisticsApproved: Message("workflow.stateInSentence.statisticsApproved")
        case .approved: Message("workflow.stateInSentence.approved")
        case .published: Message("workflow.stateInSentence.published")
        case .returned: Message("workflow.stateInSentence.returned")
        }
    }

    /// Approved data is locked: a correction is a new revision.
    public var isLocked: Bool { self == .approved || self == .published }
    /// The owner may edit the values.
    public var isEditable: Bool { self == .draft || self == .returned }
}

/// The steps of review and approval.
public enum SubmissionStep: String, Sendable, Codable, CaseIterable, Hashable {
    case submit, review, approveStatistics = "approve-statistics", approve, publish, `return`

    public var title: Message {
        switch self {
        case .submit: Message("workflow.step.submit")
        case .review: Message("workflow.step.review")
        case .approveStatistics: Message("workflow.step.approveStatistics")
        case .approve: Message("workflow.step.approve")
        case .publish: Message("workflow.step.publish")
        case .return: Message("workflow.step.return")
        }
    }
}

/// The review-and-approval state machine: draft → submitted (owner) → reviewed (reporter) →
/// statistics-approved (LSB, for official statistics) → approved (Secretariat) → published.
/// Any reviewer may return a submission to its owner.
public enum SubmissionWorkflow {
    /// The state after `step`, or `nil` when the step is not possible from `state`.
    public static func next(after state: SubmissionState, _ step: SubmissionStep, officialStatistics: Bool) -> SubmissionState? {
        switch (state, step) {
        case (.draft, .submit), (.returned, .submit): .submitted
        case (.submitted, .review): .reviewed
        case (.reviewed, .approveStatistics) where officialStatistics: .statisticsApproved
        case (.reviewed, .approve) where !officialStatistics: .approved
        case (.statisticsApproved, .approve): .approved
        case (.approved, .publish): .published
        case (.submitted, .return), (.reviewed, .return), (.statisticsApproved, .return): .returned
        default: nil
        }
    }

    /// The steps `actor` may take now: possible from `state` and allowed by `decide`.
    public static func steps(
        for actor: Actor,
        from state: SubmissionState,
        officialStatistics: Bool,
        owner: String,
        reporter: String?,
        earlier: [TakenStep]
    ) -> [SubmissionStep] {
        steps(from: state, officialStatistics: officialStatistics).filter {
            decide(actor, $0, from: state, owner: owner, reporter: reporter, earlier: earlier).isAllowed
        }
    }

    /// The steps possible from `state`.
    public static func steps(from state: SubmissionState, officialStatistics: Bool) -> [SubmissionStep] {
        SubmissionStep.allCases.filter { next(after: state, $0, officialStatistics: officialStatistics) != nil }
    }

    /// Who may take `step` on a submission of `owner`, reported by `reporter`, given the steps
    /// already taken on the same revision (`earlier`): the same person never takes two different
    /// steps of one revision (who submitted does not review; who reviewed does not approve; who
    /// approved does not publish). Repeating one's own step after a return is not a second duty.
    public static func decide(
        _ actor: Actor,
        _ step: SubmissionStep,
        from state: SubmissionState,
        owner: String,
        reporter: String?,
        earlier: [TakenStep] = []
    ) -> Decision {
        let decision = roleDecision(actor, step, from: state, owner: owner, reporter: reporter)
        guard decision.isAllowed, let me = actor.userID else { return decision }
        let duty = self.duty(of: step, from: state, by: actor)
        for taken in earlier where taken.actorID == me {
            let before = self.duty(of: taken.step, from: taken.from, by: actor)
            if before != duty {
                return .deny(
                    Message("workflow.separationOfDuties", ["before": .message(before.title), "duty": .message(duty.title)])
                )
            }
        }
        return decision
    }

    /// Whether the Secretariat takes the reporter's step because the indicator has no reporter.
    public static func secretariatActsForReporter(
        _ actor: Actor,
        _ step: SubmissionStep,
        from state: SubmissionState,
        reporter: String?
    ) -> Bool {
        reporter == nil && duty(of: step, from: state, by: actor) == .review
            && (actor.has(.secretariatAdmin) || actor.has(.secretariatOfficer))
    }

    /// The duty a step stands for: a return stands for the forward step its taker would have
    /// taken from that state.
    static func duty(of step: SubmissionStep, from state: SubmissionState, by actor: Actor) -> SubmissionStep {
        guard step == .return else { return step }
        switch state {
        case .submitted: return .review
        case .reviewed: return actor.has(.statisticsReviewer) ? .approveStatistics : .approve
        default: return .approve
        }
    }

    /// The rule of roles alone: who may take `step` at all.
    static func roleDecision(
        _ actor: Actor,
        _ step: SubmissionStep,
        from state: SubmissionState,
        owner: String,
        reporter: String?
    ) -> Decision {
        guard actor.isSignedIn else { return .deny(Message("policy.signInFirst")) }
        let secretariat = actor.has(.secretariatAdmin) || actor.has(.secretariatOfficer)
        switch step {
        case .submit:
            if actor.grants.contains(RoleGrant(role: .ownerFocalPoint, institution: owner)) {
                return .allow(Message("workflow.submit.allow"))
            }
            return .deny(Message("workflow.submit.deny", ["owner": .text(owner)]))
        case .review:
            guard let reporter else {
                if secretariat {
                    return .allow(
                        Message("workflow.review.allowSecretariatForReporter")
                    )
                }
                return .deny(
                    Message("workflow.review.denyNoReporter")
                )
            }
            if actor.grants.contains(RoleGrant(role: .reporterFocalPoint, institution: reporter)) || secretariat {
                return .allow(Message("workflow.review.allow"))
            }
            return .deny(Message("workflow.review.deny", ["reporter": .text(reporter)]))
        case .approveStatistics:
            if actor.has(.statisticsReviewer) { return .allow(Message("workflow.approveStatistics.allow")) }
            return .deny(Message("workflow.approveStatistics.deny"))
        case .approve, .publish:
            if secretariat { return .allow(Message("workflow.approve.allow")) }
            return .deny(Message("workflow.approve.deny"))
        case .return:
            // Whoever may take the next forward step from here may return it instead.
            let decision = roleDecision(actor, duty(of: .return, from: state, by: actor), from: state, owner: owner, reporter: reporter)
            return decision.isAllowed ? .allow(Message("workflow.return.allow")) : decision
        }
    }
}

/// A step already taken on a revision: by whom, and from which state.
public struct TakenStep: Sendable, Hashable {
    public var actorID: Int64?
    public var step: SubmissionStep
    public var from: SubmissionState

    public init(actorID: Int64?, step: SubmissionStep, from: SubmissionState) {
        self.actorID = actorID
        self.step = step
        self.from = from
    }

    /// The step a recorded transition was (`nil` for one the state machine does not know).
    public init?(actorID: Int64?, from: SubmissionState, to: SubmissionState) {
        let step: SubmissionStep? =
            switch (from, to) {
            case (_, .returned): .return
            case (_, .submitted): .submit
            case (.submitted, .reviewed): .review
            case (_, .statisticsApproved): .approveStatistics
            case (_, .approved): .approve
            case (_, .published): .publish
            default: nil
            }
        guard let step else { return nil }
        self.init(actorID: actorID, step: step, from: from)
    }
}
