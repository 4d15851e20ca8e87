/// How an indicator's progress is measured: the series (and breakdown and place) that counts,
/// the desired direction, the target and years, a natural limit, and an optional manual
/// override with its justification.
public struct ProgressConfiguration: Sendable, Hashable, Codable {
    public var indicator: String
    public var series: String
    public var dimensions: String
    public var area: String
    public var baseYear: Int
    public var targetYear: Int
    public var target: Double?
    public var direction: Int
    public var limit: Double?
    public var overrideStatus: ProgressStatus?
    public var overrideJustification: String?
    public var note: String?

    public init(
        indicator: String,
        series: String,
        dimensions: String = "",
        area: String = Area.countryCode,
        baseYear: Int = 2015,
        targetYear: Int = 2030,
        target: Double? = nil,
        direction: Int,
        limit: Double? = nil,
        overrideStatus: ProgressStatus? = nil,
        overrideJustification: String? = nil,
        note: String? = nil
    ) {
        self.indicator = indicator
        self.series = series
        self.dimensions = dimensions
        self.area = area
        self.baseYear = baseYear
        self.targetYear = targetYear
        self.target = target
        self.direction = direction
        self.limit = limit
        self.overrideStatus = overrideStatus
        self.overrideJustification = overrideJustification
        self.note = note
    }

    public var method: OpenSDGProgress.Configuration {
        .init(baseYear: baseYear, targetYear: targetYear, target: target, direction: direction, limit: limit)
    }
}

/// Progress of one indicator, target or goal.
public struct ProgressResult: Sendable, Hashable, Codable {
    public enum Level: String, Sendable, Codable, CaseIterable, Hashable { case indicator, target, goal }

    public var level: Level
    public var code: String
    public var score: Double?
    public var status: ProgressStatus
    public var method: ProgressMethod
    /// For indicators: each series' result, to explain how the status came about.
    public var series: [SeriesProgress]
    public var overridden: Bool
    public var justification: String?

    public struct SeriesProgress: Sendable, Hashable, Codable {
        public var configuration: ProgressConfiguration
        public var result: OpenSDGProgress.Result
    }
}

/// Rolls progress up: series → indicator (Open SDG aggregation) → target → goal (mean of the
/// scores below; the status follows the indicator score bands).
public enum ProgressAssessment {
    /// `values` gives each configured series' observations by year, keyed `indicator|series|dimensions|area`.
    public static func assess(
        configurations: [ProgressConfiguration],
        values: [String: [(year: Int, value: Double)]],
        targetOf: (String) -> String?
    ) -> [ProgressResult] {
        var results: [ProgressResult] = []
        for (indicator, configs) in Dictionary(grouping: configurations, by: \.indicator).sorted(by: {
            FrameworkCode.areInIncreasingOrder($0.key, $1.key)
        }) {
            let series = configs.map { config in
                ProgressResult.SeriesProgress(
                    configuration: config,
                    result: OpenSDGProgress.measure(
                        values["\(config.indicator)|\(config.series)|\(config.dimensions)|\(config.area)"] ?? [],
                        config.method
                    )
                )
            }
            let (score, status) = OpenSDGProgress.aggregate(
                series.map { .series($0.result.score, achieved: $0.result.status == .targetAchieved) }
            )
            if let override = configs.first(where: { $0.overrideStatus != nil }) {
                results.append(
                    ProgressResult(
                        level: .indicator,
                        code: indicator,
                        score: nil,
                        status: override.overrideStatus!,
                        method: .openSDGStatCan,
                        series: series,
                        overridden: true,
                        justification: override.overrideJustification
                    )
                )
            } else {
                results.append(
                    ProgressResult(
                        level: .indicator,
                        code: indicator,
                        score: score,
                        status: status,
                        method: .openSDGStatCan,
                        series: series,
                        overridden: false,
                        justification: nil
                    )
                )
            }
        }
        func rollUp(_ level: ProgressResult.Level, from items: [ProgressResult], key: (String) -> String?) -> [ProgressResult] {
            Dictionary(grouping: items.filter { key($0.code) != nil }, by: { key($0.code)! }).sorted {
                FrameworkCode.areInIncreasingOrder($0.key, $1.key)
            }.map { code, members in
                let scores = members.compactMap(\.score)
                let score = scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
                let achieved = !members.isEmpty && members.allSatisfy { $0.status == .targetAchieved }
                return ProgressResult(
                    level: level,
                    code: code,
                    score: score,
                    status: achieved ? .targetAchieved : score.map(OpenSDGProgress.status(forScore:)) ?? .notAvailable,
                    method: .openSDGStatCan,
                    series: [],
                    overridden: false,
                    justification: nil
                )
            }
        }
        let targets = rollUp(.target, from: results, key: targetOf)
        let goals = rollUp(.goal, from: targets, key: { FrameworkCode.goalNumber(of: $0).map(String.init) })
        return results + targets + goals
    }
}
