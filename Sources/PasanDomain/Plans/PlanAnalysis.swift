/// The results of the plan analyses: progress against a plan's targets, the harmonisation of a
/// plan with the SDGs and the comparison of two plans. The rules that compute them are in
/// `PlanProgress`, `PlanHarmonisation+Build` and `PlanComparison+Compare`.

/// One plan indicator assessed against one of its targets.
public struct PlanIndicatorProgress: Sendable, Hashable, Codable {
    public var indicator: String
    /// The target assessed (end-of-plan, a milestone, or the year's annual target); `nil` when the
    /// indicator has none and the rate of change alone is measured.
    public var target: PlanTarget?
    /// The latest value used (up to the year asked).
    public var latest: PlanValue?
    /// The Open SDG / Statistics Canada result, with its method and edition.
    public var result: OpenSDGProgress.Result

    public init(indicator: String, target: PlanTarget?, latest: PlanValue?, result: OpenSDGProgress.Result) {
        self.indicator = indicator
        self.target = target
        self.latest = latest
        self.result = result
    }

    public var status: ProgressStatus { result.status }
}

/// An outcome's or output's progress: the aggregate of its indicators (and of its outputs'
/// indicators, for an outcome).
public struct PlanResultProgress: Sendable, Hashable, Codable {
    public var result: String
    public var status: ProgressStatus
    public var score: Double?
    /// Indicators counted, and those with a status other than not available.
    public var indicatorCount: Int
    public var assessedCount: Int

    public init(result: String, status: ProgressStatus, score: Double?, indicatorCount: Int, assessedCount: Int) {
        self.result = result
        self.status = status
        self.score = score
        self.indicatorCount = indicatorCount
        self.assessedCount = assessedCount
    }
}

/// How a plan and the SDG framework meet.
public struct PlanHarmonisation: Sendable, Hashable, Codable {
    /// One outcome or output of the plan against the SDG goals and targets its indicators link to.
    public struct MatrixRow: Sendable, Hashable, Codable {
        public var result: String
        public var level: PlanResultLevel
        /// Goal number → distinct SDG indicators linked from this result's indicators (an outcome
        /// counts its outputs' indicators too).
        public var goals: [Int: Int]
        /// SDG target code → distinct SDG indicators linked.
        public var targets: [String: Int]

        public init(result: String, level: PlanResultLevel, goals: [Int: Int], targets: [String: Int]) {
            self.result = result
            self.level = level
            self.goals = goals
            self.targets = targets
        }
    }

    public var plan: String
    public var matrix: [MatrixRow]
    /// Goals that at least one plan indicator links to, in order.
    public var goalsCovered: [Int]
    /// Plan indicators with at least one SDG link (the workshop's "92 indicators of the 8th NSEDP").
    public var linkedIndicatorCount: Int
    public var indicatorCount: Int
    /// Distinct SDG indicators the plan links to.
    public var linkedSDGIndicators: [String]
    /// Plan indicators with no SDG link.
    public var withoutLink: [String]
    /// SDG indicators with published data that no plan indicator links to.
    public var sdgWithDataNotInPlan: [String]
    /// Plan indicators nobody owns: no responsible institution, and no owner assigned to the SDG
    /// indicators they are linked to.
    public var unowned: [String]

    public init(
        plan: String,
        matrix: [MatrixRow],
        goalsCovered: [Int],
        linkedIndicatorCount: Int,
        indicatorCount: Int,
        linkedSDGIndicators: [String],
        withoutLink: [String],
        sdgWithDataNotInPlan: [String],
        unowned: [String]
    ) {
        self.plan = plan
        self.matrix = matrix
        self.goalsCovered = goalsCovered
        self.linkedIndicatorCount = linkedIndicatorCount
        self.indicatorCount = indicatorCount
        self.linkedSDGIndicators = linkedSDGIndicators
        self.withoutLink = withoutLink
        self.sdgWithDataNotInPlan = sdgWithDataNotInPlan
        self.unowned = unowned
    }
}

/// Two plans compared indicator by indicator (the 8th NSEDP against the 9th).
public struct PlanComparison: Sendable, Hashable {
    public enum Change: String, Sendable, Hashable, Codable, CaseIterable {
        case kept, changed, dropped, added

        public var title: Message {
            switch self {
            case .kept: Message("plans.comparison.kept")
            case .changed: Message("plans.comparison.changed")
            case .dropped: Message("plans.comparison.dropped")
            case .added: Message("plans.comparison.added")
            }
        }
    }

    /// What was known of an earlier plan's indicator at the end of that plan.
    public struct Evaluation: Sendable, Hashable, Codable {
        /// Years of the earlier plan's period with a value.
        public var yearsWithData: [Int]
        public var latest: PlanValue?
        public var progress: PlanIndicatorProgress

        public init(yearsWithData: [Int], latest: PlanValue?, progress: PlanIndicatorProgress) {
            self.yearsWithData = yearsWithData
            self.latest = latest
            self.progress = progress
        }
    }

    public struct Entry: Sendable, Hashable {
        public var change: Change
        /// Plan indicator codes in the earlier and the later plan.
        public var earlier: String?
        public var later: String?
        /// What changed (title, unit, definition, links, targets), in words.
        public var differences: [Message]
        /// The earlier indicator's evaluation at the end of the earlier plan.
        public var evaluation: Evaluation?

        public init(change: Change, earlier: String?, later: String?, differences: [Message], evaluation: Evaluation?) {
            self.change = change
            self.earlier = earlier
            self.later = later
            self.differences = differences
            self.evaluation = evaluation
        }
    }

    public var earlier: String
    public var later: String
    public var entries: [Entry]

    public init(earlier: String, later: String, entries: [Entry]) {
        self.earlier = earlier
        self.later = later
        self.entries = entries
    }

    public func count(_ change: Change) -> Int { entries.filter { $0.change == change }.count }
}
