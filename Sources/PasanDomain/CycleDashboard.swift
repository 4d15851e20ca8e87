/// Where a cycle stands, per institution and per indicator: state, completeness (cells
/// delivered / cells requested), timeliness, days late and how often data were returned.
public struct CycleDashboard: Sendable {
    public struct Item: Sendable, Hashable {
        public var indicator: String
        public var state: SubmissionState?
        /// The day the owner first submitted, if they did.
        public var submittedOn: LocalDate?
        public var returns: Int
        public var cellsDelivered: Int
        public var revision: Int

        public init(indicator: String, state: SubmissionState?, submittedOn: LocalDate?, returns: Int, cellsDelivered: Int, revision: Int) {
            self.indicator = indicator
            self.state = state
            self.submittedOn = submittedOn
            self.returns = returns
            self.cellsDelivered = cellsDelivered
            self.revision = revision
        }
    }

    public struct Row: Sendable, Hashable {
        public var institution: String
        public var deadline: LocalDate
        public var items: [Item]
        public var cellsRequested: Int
        public var cellsDelivered: Int
        public var daysLate: Int
        public var returns: Int
        public var onTime: Int

        public var completeness: Double { cellsRequested == 0 ? 1 : min(1, Double(cellsDelivered) / Double(cellsRequested)) }
        public var timeliness: Double { items.isEmpty ? 1 : Double(onTime) / Double(items.count) }
    }

    public var rows: [Row]

    /// `submissions` maps `institution|indicator` to what was delivered.
    public init(cycle: ReportingCycle, requests: [(institution: String, indicators: [String])], submissions: [String: Item], today: LocalDate) {
        rows = requests.map { request in
            let deadline = cycle.ownerDeadline(for: request.institution)
            let items = request.indicators.map { indicator in
                submissions["\(request.institution)|\(indicator)"]
                    ?? Item(indicator: indicator, state: nil, submittedOn: nil, returns: 0, cellsDelivered: 0, revision: 0)
            }
            let requested = request.indicators.count * cycle.referenceYears.count
            let delivered = items.reduce(0) { $0 + min($1.cellsDelivered, cycle.referenceYears.count) }
            let onTime = items.filter { ($0.submittedOn.map { $0 <= deadline }) ?? false }.count
            let late = items.contains { $0.submittedOn == nil || $0.submittedOn! > deadline }
            let lastDay = items.compactMap(\.submittedOn).max()
            let reference = items.contains { $0.submittedOn == nil } ? today : (lastDay ?? today)
            return Row(institution: request.institution, deadline: deadline, items: items, cellsRequested: requested, cellsDelivered: delivered,
                       daysLate: late ? max(0, deadline.days(until: reference)) : 0, returns: items.reduce(0) { $0 + $1.returns }, onTime: onTime)
        }
    }

    /// Institutions ranked for the public recognition view: timeliness, then completeness.
    public var ranking: [Row] {
        rows.sorted { a, b in
            let sa = a.timeliness * 0.5 + a.completeness * 0.5, sb = b.timeliness * 0.5 + b.completeness * 0.5
            return sa != sb ? sa > sb : a.institution < b.institution
        }
    }
}
