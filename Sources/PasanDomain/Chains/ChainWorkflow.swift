/// Where one unit's form stands in a chain.
public enum ChainSubmissionState: String, Sendable, Hashable, CaseIterable {
    /// Values saved by the unit, not yet sent.
    case draft
    /// Sent to the level above (a higher unit's "forward" is the same step).
    case submitted
    /// Sent back by the level above with a comment; the unit corrects and submits again.
    case returned
    /// Checked and accepted by the level above.
    case accepted

    /// Whether the level above counts these values in its compiled values.
    public var counts: Bool { self == .submitted || self == .accepted }
}

/// A step of the chain workflow.
public enum ChainStep: String, Sendable, Hashable, CaseIterable {
    /// The unit saves its values (bottom units only; higher units' values are compiled).
    case save
    /// The unit sends its form to the level above (for a higher unit: forwards its compiled values).
    case submit
    /// The level above sends it back, with a comment.
    case `return`
    /// The level above accepts it.
    case accept
}

/// On whose behalf a person acts for a unit's form.
public enum ChainRole: Sendable, Hashable {
    /// For the unit itself.
    case unit
    /// For the unit above it (the district for a village; the centre for the top level).
    case above
}

/// Why a step was refused.
public enum ChainStepRefusal: Error, Sendable, Hashable {
    case notAllowedFor(ChainRole)
    case wrongState(ChainSubmissionState?)
    case commentRequired
}

/// The chain workflow: which step may be taken from which state, by whom.
///
/// `save` and `submit` belong to the unit (from nothing, a draft or a returned form; a submitted
/// form may be corrected by a new submission until it is accepted — each submission is a new
/// revision); `return` (with a comment) and `accept` belong to the unit above, from `submitted`
/// (an accepted form may still be returned: a mistake found late).
public enum ChainWorkflow {
    public static func apply(
        _ step: ChainStep,
        to state: ChainSubmissionState?,
        as role: ChainRole,
        comment: String? = nil
    ) -> Result<ChainSubmissionState, ChainStepRefusal> {
        switch step {
        case .save:
            guard role == .unit else { return .failure(.notAllowedFor(role)) }
            guard state == nil || state == .draft || state == .returned else { return .failure(.wrongState(state)) }
            return .success(state == .returned ? .returned : .draft)
        case .submit:
            guard role == .unit else { return .failure(.notAllowedFor(role)) }
            guard state != .accepted else { return .failure(.wrongState(state)) }
            return .success(.submitted)
        case .return:
            guard role == .above else { return .failure(.notAllowedFor(role)) }
            guard state == .submitted || state == .accepted else { return .failure(.wrongState(state)) }
            guard let comment, !comment.trimmingSpaces.isEmpty else { return .failure(.commentRequired) }
            return .success(.returned)
        case .accept:
            guard role == .above else { return .failure(.notAllowedFor(role)) }
            guard state == .submitted else { return .failure(.wrongState(state)) }
            return .success(.accepted)
        }
    }

    /// Whether a unit is late: its level's deadline has passed (`today` is after it) and its form
    /// has not been sent (nothing, a draft or a returned form).
    public static func isLate(_ state: ChainSubmissionState?, deadline: LocalDate, today: LocalDate) -> Bool {
        today > deadline && !(state?.counts ?? false)
    }
}
