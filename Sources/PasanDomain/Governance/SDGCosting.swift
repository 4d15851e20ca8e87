/// What is budgeted for the SDGs (issue 17, item 6): the budgets of the activity registry,
/// tagged with the SDG targets each activity serves, summed by goal and by target per year, in
/// each currency (never converted).
///
/// Pasan's defaults, shown as such: an activity's budget is spread over the calendar years of
/// its dates in proportion to its days in each year (one without an end counts in its start
/// year; one without dates is "undated"); an activity tagged with several targets counts in full
/// under each of them. So the targets' rows add up to more than was budgeted — the double
/// counting is shown (`sumOfTargets` against `distinctTotal`), not hidden; a goal's row counts an
/// activity once however many of its targets it serves.
public struct SDGCosting: Sendable, Hashable {
    /// The sums of one currency.
    public struct Table: Sendable, Hashable {
        public var currency: String
        /// The years with an amount, in order.
        public var years: [Int]
        /// Per goal, per year (`nil` key: undated), each activity once.
        public var goals: [Int: [Int?: Double]]
        /// Per target, per year, each activity in full under every target it serves.
        public var targets: [String: [Int?: Double]]
        /// The targets' rows added up, per year: what a reader adding the tags would get.
        public var sumOfTargets: [Int?: Double]
        /// What the tagged activities budget, each once, per year.
        public var distinctTotal: [Int?: Double]
        /// How many activities are in the table, and how many serve more than one target.
        public var activities: Int
        public var multiTagged: Int

        public var hasUndated: Bool { distinctTotal[nil] != nil }

        /// How much of the targets' sum is counted more than once (all years).
        public var doubleCounted: Double { sumOfTargets.values.reduce(0, +) - distinctTotal.values.reduce(0, +) }
    }

    /// One table per currency, by currency code.
    public var tables: [Table]
    /// Activities serving an SDG target but with no budget: not in any sum.
    public var withoutBudget: Int
    /// Whether any activity summed is illustrative (demo data).
    public var hasIllustrative: Bool

    public init(activities: [Activity]) {
        var byCurrency: [String: [Activity]] = [:]
        var withoutBudget = 0
        for activity in activities where !activity.servedTargets.isEmpty {
            guard let budget = activity.budget, budget.amount.isFinite, budget.amount > 0 else {
                withoutBudget += 1
                continue
            }
            byCurrency[budget.currency.uppercased(), default: []].append(activity)
        }
        self.withoutBudget = withoutBudget
        self.hasIllustrative = byCurrency.values.contains { $0.contains(where: \.isIllustrative) }
        self.tables = byCurrency.keys.sorted().map { currency in
            var table = Table(
                currency: currency,
                years: [],
                goals: [:],
                targets: [:],
                sumOfTargets: [:],
                distinctTotal: [:],
                activities: 0,
                multiTagged: 0
            )
            for activity in byCurrency[currency]! {
                let shares = Self.shares(of: activity.budget!.amount, from: activity.start, to: activity.end)
                let targets = activity.servedTargets.sorted()
                let goals = Set(targets.compactMap { Int($0.split(separator: ".").first ?? "") })
                table.activities += 1
                if targets.count > 1 { table.multiTagged += 1 }
                for (year, amount) in shares {
                    table.distinctTotal[year, default: 0] += amount
                    for goal in goals { table.goals[goal, default: [:]][year, default: 0] += amount }
                    for target in targets {
                        table.targets[target, default: [:]][year, default: 0] += amount
                        table.sumOfTargets[year, default: 0] += amount
                    }
                }
            }
            table.years = table.distinctTotal.keys.compactMap { $0 }.sorted()
            return table
        }
    }

    /// `amount` spread over the calendar years from `start` to `end` (both inclusive) by days; all
    /// in the start year without an end (or with an end before the start); `nil` (undated)
    /// without a start.
    public static func shares(of amount: Double, from start: LocalDate?, to end: LocalDate?) -> [Int?: Double] {
        guard let start else { return [nil: amount] }
        guard let end, start <= end else { return [start.year: amount] }
        let days = Double(start.days(until: end) + 1)
        var shares: [Int?: Double] = [:]
        for year in start.year...end.year {
            let first = year == start.year ? start : LocalDate(year: year, month: 1, day: 1)!
            let last = year == end.year ? end : LocalDate(year: year, month: 12, day: 31)!
            shares[year] = amount * Double(first.days(until: last) + 1) / days
        }
        return shares
    }
}
