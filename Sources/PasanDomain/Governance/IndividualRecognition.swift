/// Individual recognition (issue 17, item 3): in a closed cycle, each person who submitted an
/// owner's data — on time, complete, and with nothing to correct (never returned, no later
/// revision) — beside the institutional ranking. A person's submissions are those they submitted
/// first; what nobody submitted counts against the institution, not a person.
///
/// Pasan's default, said on the page: a person is recognised (a certificate) when every
/// submission they made in the cycle was on time, complete and needed no correction.
public struct IndividualRecognition: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var userID: Int64
        public var name: String
        /// The institutions they submitted for.
        public var institutions: [String]
        /// The indicators they submitted.
        public var indicators: [String]
        public var submitted: Int
        public var onTime: Int
        public var complete: Int
        public var uncorrected: Int

        /// Every submission on time, complete and needing no correction.
        public var isRecognised: Bool { submitted > 0 && onTime == submitted && complete == submitted && uncorrected == submitted }

        /// Equal weight for the three shares (Pasan's default), for the order of the table.
        public var score: Double {
            guard submitted > 0 else { return 0 }
            return Double(onTime + complete + uncorrected) / Double(3 * submitted)
        }
    }

    /// Who submitted `OWNER|indicator` first (user id and name).
    public typealias Submitters = [String: (userID: Int64, name: String)]

    public var cycle: ReportingCycle
    /// The best first: recognised, then by score, then by name.
    public var lines: [Line]

    public init(cycle: ReportingCycle, dashboard: CycleDashboard, submitters: Submitters) {
        self.cycle = cycle
        let years = cycle.referenceYears.count
        var byPerson: [Int64: Line] = [:]
        for row in dashboard.rows(.owner) {
            let items = Dictionary(row.items.map { ($0.indicator, $0) }, uniquingKeysWith: { a, _ in a })
            for duty in row.duties {
                guard let person = submitters["\(duty.owner)|\(duty.indicator)"], let item = items[duty.indicator],
                    let submittedOn = item.submittedOn
                else { continue }
                var line =
                    byPerson[person.userID]
                    ?? Line(
                        userID: person.userID,
                        name: person.name,
                        institutions: [],
                        indicators: [],
                        submitted: 0,
                        onTime: 0,
                        complete: 0,
                        uncorrected: 0
                    )
                if !line.institutions.contains(duty.owner) { line.institutions.append(duty.owner) }
                line.indicators.append(duty.indicator)
                line.submitted += 1
                if submittedOn <= duty.deadline { line.onTime += 1 }
                if item.cellsDelivered >= years { line.complete += 1 }
                if item.returns == 0 && item.revision <= 1 { line.uncorrected += 1 }
                byPerson[person.userID] = line
            }
        }
        lines = byPerson.values.sorted { a, b in
            if a.isRecognised != b.isRecognised { return a.isRecognised }
            if a.score != b.score { return a.score > b.score }
            return (a.name, a.userID) < (b.name, b.userID)
        }
    }

    public func line(userID: Int64) -> Line? { lines.first { $0.userID == userID } }
}
