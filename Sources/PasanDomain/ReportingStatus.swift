/// Which indicators have data, are in progress, or have none: by goal, by tier and by owner.
public struct ReportingStatus: Sendable {
    public enum State: String, Sendable, CaseIterable, Hashable {
        case reported, inProgress = "in_progress", noData = "no_data"

        public var title: Message {
            switch self {
            case .reported: Message("domain.reportingStatus.reported")
            case .inProgress: Message("domain.reportingStatus.inProgress")
            case .noData: Message("domain.reportingStatus.noData")
            }
        }
    }

    public struct Counts: Sendable, Hashable {
        public var reported = 0, inProgress = 0, noData = 0
        public var total: Int { reported + inProgress + noData }
        mutating func add(_ state: State) {
            switch state {
            case .reported: reported += 1
            case .inProgress: inProgress += 1
            case .noData: noData += 1
            }
        }
    }

    public var states: [String: State]
    public var byGoal: [(Int, Counts)]
    public var byTier: [(TierGroup, Counts)]
    public var byOwner: [(String, Counts)]
    public var overall: Counts

    /// An indicator is reported when it has published values; in progress when an owner is
    /// assigned (or a cycle asks for it) but nothing is published yet; otherwise no data.
    public init(indicators: [Indicator], withData: Set<String>, inProgress: Set<String>, owners: [String: [String]]) {
        var states: [String: State] = [:]
        var goal: [Int: Counts] = [:], tier: [TierGroup: Counts] = [:], owner: [String: Counts] = [:]
        var overall = Counts()
        for indicator in indicators where !indicator.isRetired {
            let state: State = withData.contains(indicator.code) ? .reported : inProgress.contains(indicator.code) ? .inProgress : .noData
            states[indicator.code] = state
            goal[indicator.goal, default: Counts()].add(state)
            tier[indicator.tier.map(TierGroup.tier) ?? (indicator.scope == .national ? .national : .unclassified), default: Counts()].add(
                state
            )
            for o in owners[indicator.code] ?? ["—"] { owner[o, default: Counts()].add(state) }
            overall.add(state)
        }
        self.states = states
        self.byGoal = goal.sorted { $0.key < $1.key }
        self.byTier = tier.sorted { $0.key.order < $1.key.order }
        self.byOwner = owner.sorted { $0.key < $1.key }
        self.overall = overall
    }
}

/// How the reporting status groups indicators by tier: a UN tier, the national indicators (which
/// have none), or no tier known.
public enum TierGroup: Sendable, Hashable {
    case tier(Tier)
    case national
    case unclassified

    /// The order of the rows: national first, then the tiers, then the unclassified.
    var order: String {
        switch self {
        case .national: "0"
        case .tier(let t): "1" + t.rawValue
        case .unclassified: "2"
        }
    }
}
