/// A chain as read for its pages: its units per level with their names, every unit's state per
/// form, the bottom units' entered values, and the values compiled from them (on read).
public struct ChainStatus: Sendable {
    public var chain: ReportingChain
    public var units: [AreaLevel: [String]]
    public var names: [String: LocalizedText]
    public var states: [String: [String: ChainSubmissionState]]
    /// Comments of returned forms (area → form → comment).
    public var comments: [String: [String: String]]
    public var entered: [String: ChainUnitValues]
    public var compiled: ChainCompiled
    public var completeness: [ChainCompleteness]
    public var today: LocalDate

    public init(
        chain: ReportingChain,
        units: [AreaLevel: [String]],
        names: [String: LocalizedText],
        states: [String: [String: ChainSubmissionState]],
        comments: [String: [String: String]],
        entered: [String: ChainUnitValues],
        compiled: ChainCompiled,
        completeness: [ChainCompleteness],
        today: LocalDate
    ) {
        self.chain = chain
        self.units = units
        self.names = names
        self.states = states
        self.comments = comments
        self.entered = entered
        self.compiled = compiled
        self.completeness = completeness
        self.today = today
    }

    /// The values a unit holds: entered for the bottom level, compiled above.
    public func values(of area: String) -> ChainUnitValues {
        ChainAreas.level(of: area) == chain.bottom ? entered[area] ?? [:] : compiled.values(of: area)
    }

    /// The units directly below `area` (the top level's units for the centre, `nil`).
    public func children(of area: String?) -> [String] {
        guard let below = chain.levelBelow(area.flatMap(ChainAreas.level(of:))) else { return [] }
        let all = units[below] ?? []
        guard let area else { return all }
        return all.filter { $0.hasPrefix(area) }
    }

    /// Whether a unit is late (its level's deadline passed, not every form sent).
    public func isLate(_ area: String) -> Bool {
        guard let level = ChainAreas.level(of: area).flatMap(chain.level) else { return false }
        return ChainWorkflow.isLate(
            ChainCompilation.unitState(chain.forms, states[area] ?? [:]),
            deadline: level.deadline,
            today: today
        )
    }
}

extension ChainStatus {
    /// The unit above `area` in the chain (`nil`: the centre).
    public func parent(of area: String) -> String? {
        guard let above = ChainAreas.level(of: area).flatMap(chain.levelAbove) else { return nil }
        return ChainAreas.ancestor(of: area, at: above)
    }

    /// A unit's state over all its forms.
    public func unitState(_ area: String) -> ChainSubmissionState? {
        ChainCompilation.unitState(chain.forms, states[area] ?? [:])
    }

    /// Whether `area` is one of the chain's units.
    public func isUnit(_ area: String) -> Bool {
        ChainAreas.level(of: area).flatMap { units[$0] }?.contains(area) ?? false
    }
}

/// One step taken on a unit's form, as kept (who, when, why; a submission's values whole).
public struct ChainStepRecord: Sendable, Hashable {
    public var area: String
    public var form: String
    public var step: ChainStep
    public var state: ChainSubmissionState
    public var revision: Int
    public var values: ChainFormValues?
    public var comment: String?
    public var actor: String
    public var at: String

    public init(
        area: String,
        form: String,
        step: ChainStep,
        state: ChainSubmissionState,
        revision: Int,
        values: ChainFormValues?,
        comment: String?,
        actor: String,
        at: String
    ) {
        self.area = area
        self.form = form
        self.step = step
        self.state = state
        self.revision = revision
        self.values = values
        self.comment = comment
        self.actor = actor
        self.at = at
    }
}
