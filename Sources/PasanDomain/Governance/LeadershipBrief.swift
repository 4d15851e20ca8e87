/// A one-page brief for the Steering Committee and ministers (issue 17, item 4), generated from
/// what Pasan holds when it is asked for, never stored: where each goal stands, what is late in
/// the open cycles and who owes it, the goals with the largest data gaps, overlaps found in
/// villages, and the decisions waiting for someone.
public struct LeadershipBrief: Sendable, Hashable {
    public struct GoalLine: Sendable, Hashable {
        public var goal: Int
        public var title: LocalizedText
        /// The goal's progress status (`nil`: not assessed).
        public var status: ProgressStatus?
        public var indicators: Int
        public var withData: Int

        public init(goal: Int, title: LocalizedText, status: ProgressStatus?, indicators: Int, withData: Int) {
            self.goal = goal
            self.title = title
            self.status = status
            self.indicators = indicators
            self.withData = withData
        }

        public var withoutData: Int { indicators - withData }
    }

    /// A step of an open cycle whose deadline has passed and that is not taken.
    public struct LateLine: Sendable, Hashable {
        public var cycle: String
        public var stage: DeadlineStage
        /// Who owes it.
        public var institution: String
        public var indicator: String
        public var deadline: LocalDate
        public var daysLate: Int
    }

    /// Something waiting for a decision, with how many and where it is decided.
    public struct Decision: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            /// Submitted values that differ from published ones (the Secretariat decides).
            case valueConflicts = "value-conflicts"
            /// Overlapping activities nobody has looked at (the Secretariat, the institutions).
            case openOverlaps = "open-overlaps"
            /// Reviewed submissions waiting for LSB's approval as official statistics.
            case awaitingStatistics = "awaiting-statistics"
        }

        public var kind: Kind
        public var count: Int

        public init(kind: Kind, count: Int) {
            self.kind = kind
            self.count = count
        }
    }

    public var asOf: LocalDate
    public var goals: [GoalLine]
    /// Every late step of the open cycles, the latest first.
    public var late: [LateLine]
    /// Goals by data gap, the largest first (only goals with a gap).
    public var largestGaps: [GoalLine]
    public var openOverlaps: Int
    /// Decisions with something waiting (count above zero).
    public var decisions: [Decision]

    /// How many late steps and gaps the page lists (it stays one page); the rest are counted.
    public static let shownLate = 8
    public static let shownGaps = 5

    /// Builds the brief. `duties` are the steps of each open cycle (its title with them).
    public init(
        asOf: LocalDate,
        goals: [GoalLine],
        openCycles: [(title: String, duties: [StepDuty])],
        openOverlaps: Int,
        valueConflicts: Int
    ) {
        self.asOf = asOf
        self.goals = goals.sorted { $0.goal < $1.goal }
        var late: [LateLine] = []
        var awaitingStatistics = 0
        for cycle in openCycles {
            for duty in cycle.duties where duty.doneOn == nil && duty.needsAction {
                if duty.stage == .statistics { awaitingStatistics += 1 }
                guard duty.deadline < asOf else { continue }
                late.append(
                    LateLine(
                        cycle: cycle.title,
                        stage: duty.stage,
                        institution: duty.institution,
                        indicator: duty.indicator,
                        deadline: duty.deadline,
                        daysLate: duty.deadline.days(until: asOf)
                    )
                )
            }
        }
        self.late = late.sorted { ($0.daysLate, $1.institution, $1.indicator) > ($1.daysLate, $0.institution, $0.indicator) }
        self.largestGaps = goals.filter { $0.withoutData > 0 }.sorted { ($0.withoutData, $1.goal) > ($1.withoutData, $0.goal) }
        self.openOverlaps = openOverlaps
        self.decisions = [
            Decision(kind: .valueConflicts, count: valueConflicts), Decision(kind: .openOverlaps, count: openOverlaps),
            Decision(kind: .awaitingStatistics, count: awaitingStatistics),
        ].filter { $0.count > 0 }
    }

    /// The late steps per institution, the most first: who owes how many.
    public var lateByInstitution: [(institution: String, count: Int)] {
        Dictionary(grouping: late, by: \.institution).map { ($0.key, $0.value.count) }
            .sorted { ($0.count, $1.institution) > ($1.count, $0.institution) }
    }
}
