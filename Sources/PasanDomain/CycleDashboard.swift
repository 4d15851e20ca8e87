/// Where a cycle stands, per institution and per indicator, for each step with a deadline
/// (owners deliver, reporters review, LSB approves statistics): state, completeness, timeliness,
/// days late and how often data were returned.
public struct CycleDashboard: Sendable {
    public struct Item: Sendable, Hashable {
        public var indicator: String
        public var state: SubmissionState?
        /// The day the owner first submitted, if they did.
        public var submittedOn: LocalDate?
        public var returns: Int
        public var cellsDelivered: Int
        public var revision: Int
        /// The day the reporter (or the Secretariat for them) first reviewed it, if they did.
        public var reviewedOn: LocalDate?
        /// The day LSB first approved the statistics, if it did.
        public var statisticsApprovedOn: LocalDate?

        public init(
            indicator: String,
            state: SubmissionState?,
            submittedOn: LocalDate?,
            returns: Int,
            cellsDelivered: Int,
            revision: Int,
            reviewedOn: LocalDate? = nil,
            statisticsApprovedOn: LocalDate? = nil
        ) {
            self.indicator = indicator
            self.state = state
            self.submittedOn = submittedOn
            self.returns = returns
            self.cellsDelivered = cellsDelivered
            self.revision = revision
            self.reviewedOn = reviewedOn
            self.statisticsApprovedOn = statisticsApprovedOn
        }
    }

    /// One institution at one step.
    public struct Row: Sendable, Hashable {
        public var stage: DeadlineStage
        public var institution: String
        /// The earliest deadline of the institution's items at this step.
        public var deadline: LocalDate
        /// The state of each submission the institution answers for at this step.
        public var items: [Item]
        /// Each item with its owner, deadline and whether the step was taken.
        public var duties: [StepDuty]
        /// Owners: cells requested and delivered. Reporters and LSB: items due and done.
        public var cellsRequested: Int
        public var cellsDelivered: Int
        public var daysLate: Int
        public var returns: Int
        public var onTime: Int
        /// How many items are due at this step (owners: all; reporters and LSB: once the earlier
        /// step is done).
        public var due: Int

        public var completeness: Double { cellsRequested == 0 ? 1 : min(1, Double(cellsDelivered) / Double(cellsRequested)) }
        public var timeliness: Double { due == 0 ? 1 : Double(onTime) / Double(due) }
    }

    /// The owners' rows (one per data request).
    public var rows: [Row]
    /// The reporters' rows (the Secretariat's institution for indicators without a reporter).
    public var reporterRows: [Row]
    /// LSB's row, for official statistics.
    public var statisticsRows: [Row]

    /// The owners' rows only. `submissions` maps `institution|indicator` to what was delivered.
    public init(
        cycle: ReportingCycle,
        requests: [(institution: String, indicators: [String])],
        submissions: [String: Item],
        today: LocalDate
    ) {
        let items = requests.flatMap { r in r.indicators.map { RequestedItem(owner: r.institution, indicator: $0, reporter: nil) } }
        self.init(cycle: cycle, items: items, submissions: submissions, today: today, stages: [.owner])
    }

    /// Every step's rows. `items` are in request order; `submissions` maps `OWNER|indicator` to
    /// what was delivered.
    public init(
        cycle: ReportingCycle,
        items: [RequestedItem],
        submissions: [String: Item],
        today: LocalDate,
        stages: Set<DeadlineStage> = Set(DeadlineStage.allCases),
        officialStatistics: (String) -> Bool = { _ in true }
    ) {
        let duties = DeadlineRules.duties(cycle: cycle, items: items, delivered: submissions, officialStatistics: officialStatistics)
        let years = cycle.referenceYears.count
        func rows(_ stage: DeadlineStage) -> [Row] {
            guard stages.contains(stage) else { return [] }
            var order: [String] = []
            var byInstitution: [String: [StepDuty]] = [:]
            for duty in duties where duty.stage == stage {
                if byInstitution[duty.institution] == nil { order.append(duty.institution) }
                byInstitution[duty.institution, default: []].append(duty)
            }
            if stage != .owner { order.sort() }
            return order.map { institution in
                let all = byInstitution[institution]!
                let rowItems = all.map { duty in
                    submissions["\(duty.owner)|\(duty.indicator)"]
                        ?? Item(indicator: duty.indicator, state: nil, submittedOn: nil, returns: 0, cellsDelivered: 0, revision: 0)
                }
                let due = stage == .owner ? all : all.filter(\.isDue)
                let requested = stage == .owner ? all.count * years : due.count
                let delivered =
                    stage == .owner ? rowItems.reduce(0) { $0 + min($1.cellsDelivered, years) } : due.filter { $0.doneOn != nil }.count
                return Row(
                    stage: stage,
                    institution: institution,
                    deadline: all.map(\.deadline).min()!,
                    items: rowItems,
                    duties: all,
                    cellsRequested: requested,
                    cellsDelivered: delivered,
                    daysLate: due.map { $0.daysLate(today: today) }.max() ?? 0,
                    returns: stage == .owner ? rowItems.reduce(0) { $0 + $1.returns } : 0,
                    onTime: due.filter(\.isOnTime).count,
                    due: due.count
                )
            }
        }
        self.rows = rows(.owner)
        self.reporterRows = rows(.reporter)
        self.statisticsRows = rows(.statistics)
    }

    public func rows(_ stage: DeadlineStage) -> [Row] {
        switch stage {
        case .owner: rows
        case .reporter: reporterRows
        case .statistics: statisticsRows
        }
    }

    /// Owners ranked for the public recognition view: timeliness, then completeness.
    public var ranking: [Row] { ranking(.owner) }

    /// Institutions ranked at one step, by timeliness and completeness together (equal weight),
    /// then by code; reporters and LSB only where something was due from them.
    public func ranking(_ stage: DeadlineStage) -> [Row] {
        rows(stage).filter { stage == .owner || $0.due > 0 }.sorted { a, b in
            let sa = a.timeliness * 0.5 + a.completeness * 0.5, sb = b.timeliness * 0.5 + b.completeness * 0.5
            return sa != sb ? sa > sb : a.institution < b.institution
        }
    }
}
