/// A national development plan (the 9th NSEDP 2021–2025), modelled generically so that the next
/// plan is data, not code.
public struct DevelopmentPlan: Sendable, Hashable, Codable, Identifiable {
    public var code: String
    public var name: LocalizedText
    public var startYear: Int
    public var endYear: Int
    public var note: String?

    public var id: String { code }

    public init(code: String, name: LocalizedText, startYear: Int, endYear: Int, note: String?) {
        self.code = code
        self.name = name
        self.startYear = startYear
        self.endYear = endYear
        self.note = note
    }
}

/// The levels of a plan's results framework.
public enum PlanResultLevel: String, Sendable, Codable, CaseIterable, Hashable {
    case outcome
    case output
}

/// An outcome or output of a plan; outputs sit under an outcome.
public struct PlanResult: Sendable, Hashable, Codable, Identifiable {
    public var plan: String
    /// Code within the plan (`1`, `1.2`).
    public var code: String
    public var level: PlanResultLevel
    public var parentCode: String?
    public var title: LocalizedText
    /// Whether the wording is the official one (the 9th NSEDP's is known only from press summaries).
    public var isVerified: Bool
    public var note: String?

    public var id: String { "\(plan)/\(code)" }

    public init(
        plan: String,
        code: String,
        level: PlanResultLevel,
        parentCode: String?,
        title: LocalizedText,
        isVerified: Bool,
        note: String?
    ) {
        self.plan = plan
        self.code = code
        self.level = level
        self.parentCode = parentCode
        self.title = title
        self.isVerified = isVerified
        self.note = note
    }
}

/// An indicator of a plan's monitoring and evaluation framework.
public struct PlanIndicator: Sendable, Hashable, Codable, Identifiable {
    public var plan: String
    public var code: String
    /// The outcome or output it measures.
    public var resultCode: String
    public var title: LocalizedText
    /// The institution that produces it, for the check against the linked SDG indicators.
    public var owner: String?

    public var id: String { "\(plan)/\(code)" }

    public init(plan: String, code: String, resultCode: String, title: LocalizedText, owner: String? = nil) {
        self.plan = plan
        self.code = code
        self.resultCode = resultCode
        self.title = title
        self.owner = owner
    }
}

/// A many-to-many link between a plan indicator and an SDG indicator.
public struct PlanIndicatorLink: Sendable, Hashable, Codable {
    public var plan: String
    public var planIndicator: String
    public var sdgIndicator: String
    /// How closely the two match (same relation vocabulary as national indicators).
    public var relation: NationalRelation

    public init(plan: String, planIndicator: String, sdgIndicator: String, relation: NationalRelation) {
        self.plan = plan
        self.planIndicator = planIndicator
        self.sdgIndicator = sdgIndicator
        self.relation = relation
    }
}
