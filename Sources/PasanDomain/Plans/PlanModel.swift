/// Whether a plan is the national plan (NSEDP) or a ministry's sector plan.
public enum PlanKind: String, Sendable, Codable, CaseIterable, Hashable {
    case national
    case sector
}

/// Whether a plan's structure is the adopted one or a draft presented before adoption.
public enum PlanStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case draft
    case adopted
}

/// A development plan (the 9th NSEDP 2021–2025, a ministry's five-year sector plan), modelled
/// generically so that the next plan is data, not code. `docs/plans.md` gives the rules.
public struct DevelopmentPlan: Sendable, Hashable, Codable, Identifiable {
    /// Short lower-case code used in addresses and files (`nsedp9`, `nsedp8`, `moh-hsdp9`).
    public var code: String
    public var name: LocalizedText
    public var startYear: Int
    public var endYear: Int
    public var note: String?
    public var kind: PlanKind
    public var status: PlanStatus
    /// The ministry whose plan it is (sector plans).
    public var institution: String?
    /// The national plan a sector plan serves (its outputs align with that plan's outputs).
    public var parentPlan: String?
    /// Where the structure comes from, in plain words (a press summary, a workshop report).
    public var source: String?
    /// Demo content that is not official.
    public var isIllustrative: Bool

    public var id: String { code }

    public init(
        code: String,
        name: LocalizedText,
        startYear: Int,
        endYear: Int,
        note: String?,
        kind: PlanKind = .national,
        status: PlanStatus = .adopted,
        institution: String? = nil,
        parentPlan: String? = nil,
        source: String? = nil,
        isIllustrative: Bool = false
    ) {
        self.code = code
        self.name = name
        self.startYear = startYear
        self.endYear = endYear
        self.note = note
        self.kind = kind
        self.status = status
        self.institution = institution
        self.parentPlan = parentPlan
        self.source = source
        self.isIllustrative = isIllustrative
    }

    public var years: ClosedRange<Int> { startYear...max(startYear, endYear) }
}

/// The levels of a plan's results framework.
public enum PlanResultLevel: String, Sendable, Codable, CaseIterable, Hashable {
    case outcome
    case output
}

/// An outcome (pillar) or output of a plan; outputs sit under an outcome.
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
    /// Where this wording comes from (shown beside it, so MPI can reconcile sources).
    public var source: String?
    /// Outputs of another plan this one serves (a sector plan's output → NSEDP outputs), as
    /// `plan/code` (`nsedp9/3.2`).
    public var alignsWith: [String]

    public var id: String { "\(plan)/\(code)" }

    public init(
        plan: String,
        code: String,
        level: PlanResultLevel,
        parentCode: String?,
        title: LocalizedText,
        isVerified: Bool,
        note: String?,
        source: String? = nil,
        alignsWith: [String] = []
    ) {
        self.plan = plan
        self.code = code
        self.level = level
        self.parentCode = parentCode
        self.title = title
        self.isVerified = isVerified
        self.note = note
        self.source = source
        self.alignsWith = alignsWith
    }
}

/// Which way a plan indicator should move (the progress method's direction).
public enum PlanDirection: String, Sendable, Codable, CaseIterable, Hashable {
    case increase
    case decrease

    /// +1 or −1, as `OpenSDGProgress.Configuration.direction`.
    public var sign: Int { self == .increase ? 1 : -1 }
}

/// What a target is: one year's target inside the plan, the end-of-plan target, or a nearer
/// milestone towards an SDG target (UHC by 2025).
public enum PlanTargetKind: String, Sendable, Codable, CaseIterable, Hashable {
    case annual
    case endOfPlan = "end-of-plan"
    case milestone
}

/// A plan indicator's target for a year.
public struct PlanTarget: Sendable, Hashable, Codable {
    public var year: Int
    public var value: Double
    public var kind: PlanTargetKind

    public init(year: Int, value: Double, kind: PlanTargetKind) {
        self.year = year
        self.value = value
        self.kind = kind
    }
}

/// A plan indicator's baseline.
public struct PlanBaseline: Sendable, Hashable, Codable {
    public var year: Int
    public var value: Double

    public init(year: Int, value: Double) {
        self.year = year
        self.value = value
    }
}

/// An indicator of a plan's monitoring and evaluation framework.
public struct PlanIndicator: Sendable, Hashable, Codable, Identifiable {
    public var plan: String
    public var code: String
    /// The outcome or output it measures.
    public var resultCode: String
    public var title: LocalizedText
    /// The responsible institution (the one that reports it), checked against the owners of the
    /// linked SDG indicators.
    public var owner: String?
    public var definition: LocalizedText?
    /// A unit code of the SDMX UNIT_MEASURE code list (`PERCENT`, `NUMBER`), as series use.
    public var unit: String?
    public var direction: PlanDirection?
    public var baseline: PlanBaseline?
    /// Annual, end-of-plan and milestone targets, one per year and kind, by year.
    public var targets: [PlanTarget]
    public var dataSource: String?
    public var frequency: CollectionFrequency?
    /// Demo content that is not official.
    public var isIllustrative: Bool
    public var note: String?

    public var id: String { "\(plan)/\(code)" }

    public init(
        plan: String,
        code: String,
        resultCode: String,
        title: LocalizedText,
        owner: String? = nil,
        definition: LocalizedText? = nil,
        unit: String? = nil,
        direction: PlanDirection? = nil,
        baseline: PlanBaseline? = nil,
        targets: [PlanTarget] = [],
        dataSource: String? = nil,
        frequency: CollectionFrequency? = nil,
        isIllustrative: Bool = false,
        note: String? = nil
    ) {
        self.plan = plan
        self.code = code
        self.resultCode = resultCode
        self.title = title
        self.owner = owner
        self.definition = definition
        self.unit = unit
        self.direction = direction
        self.baseline = baseline
        self.targets = targets.sorted { ($0.year, $0.kind.rawValue) < ($1.year, $1.kind.rawValue) }
        self.dataSource = dataSource
        self.frequency = frequency
        self.isIllustrative = isIllustrative
        self.note = note
    }

    /// The end-of-plan target, if one is set.
    public var endOfPlanTarget: PlanTarget? { targets.last { $0.kind == .endOfPlan } }
}

/// A many-to-many link between a plan indicator and an SDG indicator (or one of its series).
public struct PlanIndicatorLink: Sendable, Hashable, Codable {
    public var plan: String
    public var planIndicator: String
    public var sdgIndicator: String
    /// The SDG series the link names; required for a "same" link when the SDG indicator has
    /// several series (the value flows through exactly one series).
    public var series: String?
    /// How closely the two match: same (the values flow both ways), adapted (different
    /// disaggregation, geography or unit), proxy. `additional` is not used for plan links.
    public var relation: NationalRelation

    public init(plan: String, planIndicator: String, sdgIndicator: String, series: String? = nil, relation: NationalRelation) {
        self.plan = plan
        self.planIndicator = planIndicator
        self.sdgIndicator = sdgIndicator
        self.series = series
        self.relation = relation
    }
}

/// One plan, whole: the unit of import, export and seeding.
public struct PlanDocument: Sendable, Hashable, Codable {
    public var plan: DevelopmentPlan
    public var results: [PlanResult]
    public var indicators: [PlanIndicator]
    public var links: [PlanIndicatorLink]
    /// Values of the plan's own indicators (those without a "same" link), as read from a file.
    public var values: [PlanValueEntry]

    public init(
        plan: DevelopmentPlan,
        results: [PlanResult] = [],
        indicators: [PlanIndicator] = [],
        links: [PlanIndicatorLink] = [],
        values: [PlanValueEntry] = []
    ) {
        self.plan = plan
        self.results = results
        self.indicators = indicators
        self.links = links
        self.values = values
    }
}

/// A value of a plan indicator for a year, as entered or imported (before it is stored: a plan
/// indicator with a "same" link stores it as the SDG series' published value).
public struct PlanValueEntry: Sendable, Hashable, Codable {
    public var indicator: String
    public var year: Int
    public var value: Double
    public var source: String?

    public init(indicator: String, year: Int, value: Double, source: String?) {
        self.indicator = indicator
        self.year = year
        self.value = value
        self.source = source
    }
}

/// Where a plan indicator's value comes from.
public enum PlanValueOrigin: Sendable, Hashable, Codable {
    /// Entered or imported for the plan indicator itself (no "same" link).
    case plan
    /// The published national value of the SDG series the indicator is "same" as.
    case sdg(indicator: String, series: String)
}

/// A plan indicator's value for a year, wherever it is kept.
public struct PlanValue: Sendable, Hashable, Codable {
    public var year: Int
    public var value: Double
    public var source: String?
    public var origin: PlanValueOrigin

    public init(year: Int, value: Double, source: String?, origin: PlanValueOrigin) {
        self.year = year
        self.value = value
        self.source = source
        self.origin = origin
    }
}

/// Who changed something, when and why: every revision of a target, a value or a decision.
public struct PlanRevisionStamp: Sendable, Hashable, Codable {
    public var revision: Int
    /// The account's display name or e-mail (or `seed` for shipped data).
    public var by: String
    /// ISO 8601 timestamp (UTC).
    public var at: String
    public var reason: String?

    public init(revision: Int, by: String, at: String, reason: String?) {
        self.revision = revision
        self.by = by
        self.at = at
        self.reason = reason
    }
}

/// One stored revision of a plan indicator's target (a target revised mid-plan keeps the
/// original visible).
public struct PlanTargetRevision: Sendable, Hashable, Codable {
    public var plan: String
    public var indicator: String
    public var target: PlanTarget
    /// `nil` value in `target` is not possible; a removed target has `isRemoved`.
    public var isRemoved: Bool
    public var stamp: PlanRevisionStamp

    public init(plan: String, indicator: String, target: PlanTarget, isRemoved: Bool = false, stamp: PlanRevisionStamp) {
        self.plan = plan
        self.indicator = indicator
        self.target = target
        self.isRemoved = isRemoved
        self.stamp = stamp
    }
}

/// The Secretariat's and MPI's decision whether an SDG indicator enters a plan's M&E framework.
public enum MainstreamingChoice: String, Sendable, Codable, CaseIterable, Hashable {
    case now
    case later
    case notRelevant = "not-relevant"

    public var title: Message {
        switch self {
        case .now: Message("domain.mainstreaming.now")
        case .later: Message("domain.mainstreaming.later")
        case .notRelevant: Message("domain.mainstreaming.notRelevant")
        }
    }
}

/// A mainstreaming decision for one SDG indicator in one plan, with its reason in the national
/// policy space; a new decision is a new revision, the earlier ones stay.
public struct MainstreamingDecision: Sendable, Hashable, Codable {
    public var plan: String
    public var sdgIndicator: String
    public var choice: MainstreamingChoice
    public var reason: String
    public var stamp: PlanRevisionStamp

    public init(plan: String, sdgIndicator: String, choice: MainstreamingChoice, reason: String, stamp: PlanRevisionStamp) {
        self.plan = plan
        self.sdgIndicator = sdgIndicator
        self.choice = choice
        self.reason = reason
        self.stamp = stamp
    }
}
