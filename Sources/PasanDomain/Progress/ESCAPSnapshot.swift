extension ESCAPProgress {
    /// The national snapshot's ESCAP figures (the formulas are marked unconfirmed): the Current
    /// Status Index of each goal, the mean over its indicators' configured series that have a
    /// target, and the anticipated-progress outlook of each target. When a target's series point
    /// different ways, the least favourable outlook is shown (Pasan's default: the snapshot should
    /// not hide a series that needs attention).
    public struct Snapshot: Sendable, Equatable {
        public var currentStatusByGoal: [Int: Double]
        public var outlookByTarget: [String: Outlook]
    }

    /// `place` gives an indicator's goal and target (`nil`: not in the framework, skipped).
    public static func snapshot(_ results: [ProgressResult], place: (String) -> (goal: Int, target: String)?) -> Snapshot {
        var statuses: [Int: [Double]] = [:]
        var outlooks: [String: Outlook] = [:]
        for result in results where result.level == .indicator {
            guard let (goal, target) = place(result.code) else { continue }
            for series in result.series {
                let direction = series.configuration.direction
                guard let goalValue = series.configuration.target, let x0 = series.result.baseValue, let xt = series.result.currentValue,
                    let t0 = series.result.baseYear, let t = series.result.currentYear
                else { continue }
                if let csi = currentStatus(x0: x0, xt: xt, target: goalValue, direction: direction) {
                    statuses[goal, default: []].append(csi)
                }
                if let (_, outlook) = anticipated(t0: t0, x0: x0, t: t, xt: xt, target: goalValue, direction: direction) {
                    outlooks[target] = outlooks[target].map { leastFavourable($0, outlook) } ?? outlook
                }
            }
        }
        return Snapshot(
            currentStatusByGoal: statuses.mapValues { $0.reduce(0, +) / Double($0.count) },
            outlookByTarget: outlooks
        )
    }

    static func leastFavourable(_ a: Outlook, _ b: Outlook) -> Outlook {
        func rank(_ o: Outlook) -> Int {
            switch o {
            case .reverse: 0
            case .accelerate: 1
            case .maintain: 2
            }
        }
        return rank(a) <= rank(b) ? a : b
    }
}
