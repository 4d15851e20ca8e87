import Foundation

/// The Open SDG / Statistics Canada progress method, exactly as published (sdg-build
/// `ProgressMeasure.py`, Open SDG 2.4.0): it reproduces every row of Statistics Canada's
/// published results. `docs/progress-methods.md` §1 gives each rule.
public enum OpenSDGProgress {
    /// One series' configuration (§1.1). `direction` +1 = increase desired, −1 = decrease desired.
    public struct Configuration: Sendable, Hashable, Codable {
        public var baseYear: Int
        public var targetYear: Int
        public var target: Double?
        public var direction: Int
        public var limit: Double?
        /// Overrides of single thresholds; the score curve stays that of the defaults.
        public var thresholds: StatCanThresholds?

        public init(
            baseYear: Int = 2015,
            targetYear: Int = 2030,
            target: Double? = nil,
            direction: Int,
            limit: Double? = nil,
            thresholds: StatCanThresholds? = nil
        ) {
            self.baseYear = baseYear
            self.targetYear = targetYear
            self.target = target
            self.direction = direction
            self.limit = limit
            self.thresholds = thresholds
        }
    }

    public struct Result: Sendable, Hashable, Codable {
        public var progressValue: Double?
        public var score: Double?
        public var status: ProgressStatus
        public var baseYear: Int?
        public var currentYear: Int?
        public var baseValue: Double?
        public var currentValue: Double?
        /// Substitutions and warnings, in plain words (e.g. a zero base replaced by 0.001).
        public var notes: [String]
        public var method: ProgressMethod = .openSDGStatCan
    }

    /// Measures a series from its observations (year, value) (§1.2–1.8).
    public static func measure(_ points: [(year: Int, value: Double)], _ config: Configuration) -> Result {
        let sorted = points.sorted { $0.year < $1.year }
        guard let latest = sorted.last else { return Result(progressValue: nil, score: nil, status: .notAvailable, notes: ["no data"]) }
        guard let base = sorted.first(where: { $0.year == config.baseYear }) ?? sorted.first(where: { $0.year > config.baseYear }) else {
            return Result(
                progressValue: nil,
                score: nil,
                status: .notAvailable,
                currentYear: latest.year,
                notes: ["no value in or after the base year \(config.baseYear)"]
            )
        }
        return measure(baseYear: base.year, baseValue: base.value, currentYear: latest.year, currentValue: latest.value, config)
    }

    /// Measures a series from its base and latest values (what the published fixture holds).
    public static func measure(
        baseYear t0: Int,
        baseValue x0In: Double,
        currentYear t: Int,
        currentValue xt: Double,
        _ config: Configuration
    ) -> Result {
        var result = measureCore(baseYear: t0, baseValue: x0In, currentYear: t, currentValue: xt, config)
        result.baseValue = x0In
        result.currentValue = xt
        return result
    }

    static func measureCore(
        baseYear t0: Int,
        baseValue x0In: Double,
        currentYear t: Int,
        currentValue xt: Double,
        _ config: Configuration
    ) -> Result {
        var notes: [String] = []
        let d: Double = config.direction == 1 ? 1 : -1
        var target = config.target
        if target == 0 {
            target = StatCanThresholds.zeroSubstitute
            notes.append("target 0 replaced by \(StatCanThresholds.zeroSubstitute)")
        }
        let method2 = target != nil
        let s: Double = x0In < 0 ? -1 : 1
        // §1.4: target achieved is checked first, with the latest value only.
        let achieved = target.map { d == 1 ? xt >= $0 : xt <= $0 } ?? false
        // §1.5: the progress value.
        var x0 = x0In
        if x0 == 0 {
            x0 = StatCanThresholds.zeroSubstitute
            notes.append("base value 0 replaced by \(StatCanThresholds.zeroSubstitute)")
        }
        var v: Double? = nil
        var minusInfinity = false
        let oppositeSigns = (x0 > 0 && xt < 0) || (x0 < 0 && xt > 0)
        if oppositeSigns {
            notes.append("base and latest values have opposite signs: not computable")
        } else if t0 > t {
            notes.append("base year after the latest year")
        } else if t - t0 < 1 {
            notes.append("fewer than two years of data")
        } else {
            let cagrActual = cagr(xt, x0, t, t0)
            if let target {
                if target / x0 <= 0 {
                    notes.append("target and base have opposite signs: not computable")
                } else {
                    let cagrRequired = cagr(target, x0, config.targetYear, t0)
                    let ratio = s * d * cagrActual / abs(cagrRequired)
                    if ratio.isFinite {
                        v = ratio
                    } else if !achieved && ratio == -.infinity {
                        minusInfinity = true; notes.append("target equals the base value")
                    } else if !ratio.isFinite {
                        notes.append("target equals the base value")
                    }
                }
            } else {
                let value = s * d * cagrActual
                v = value.isFinite ? value : nil
            }
        }
        // §1.6: thresholds and the natural-limit factor.
        var thresholds = config.thresholds ?? (method2 ? .withTarget : .withoutTarget)
        var c = 1.0
        if !method2, let limit = config.limit {
            let b = abs(x0In), m = abs(limit), a = StatCanThresholds.limitExponent
            if b >= 2 * m { c = 1 } else if b <= m { c = 1 - pow(b / m, a) } else { c = 1 - pow((2 * m - b) / m, a) }
            thresholds = StatCanThresholds(high: thresholds.high * c, moderate: thresholds.moderate * c, low: thresholds.low * c)
        } else if method2, config.limit != nil {
            notes.append("the natural limit is ignored when a target is set")
        }
        // §1.7–1.8: status and score.
        if achieved {
            return Result(progressValue: v, score: 5, status: .targetAchieved, baseYear: t0, currentYear: t, notes: notes)
        }
        if minusInfinity {
            return Result(progressValue: nil, score: -5, status: .deterioration, baseYear: t0, currentYear: t, notes: notes)
        }
        guard let v else {
            return Result(progressValue: nil, score: nil, status: .notAvailable, baseYear: t0, currentYear: t, notes: notes)
        }
        let status: ProgressStatus =
            v >= thresholds.high
            ? .substantialProgress
            : v >= thresholds.moderate
                ? .moderateProgress
                : v >= thresholds.low ? .limitedProgress : .deterioration
        let score: Double
        if method2 {
            score = v >= thresholds.moderate ? min(7.1429 * v - 4.2857, 5) : max(4.1667 * v - 2.5, -5)
        } else if v < thresholds.low {
            score = max(125 * v - 2.5, -5)
        } else if c == 0 {
            score = 5
        } else if v >= thresholds.high {
            score = min(500 * v / c - 5, 5)
        } else if v >= thresholds.moderate {
            score = 250 * v / c - 1.25
        } else {
            score = 500 * v / c - 2.5
        }
        return Result(progressValue: v, score: score, status: status, baseYear: t0, currentYear: t, notes: notes)
    }

    /// `(a / b)^(1 / (ta − tb)) − 1`.
    public static func cagr(_ a: Double, _ b: Double, _ ta: Int, _ tb: Int) -> Double {
        pow(a / b, 1 / Double(ta - tb)) - 1
    }

    /// §1.9: an entry of the indicator's configuration is one series' score, or a group.
    public indirect enum Entry: Sendable, Hashable {
        case series(Double?, achieved: Bool)
        case group([Entry])

        var score: Double? {
            switch self {
            case .series(let s, _): return s
            case .group(let members):
                let scores = members.compactMap(\.score)
                return scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
            }
        }

        var scoredSeries: [Bool] {
            switch self {
            case .series(let s, let achieved): return s == nil ? [] : [achieved]
            case .group(let members): return members.flatMap(\.scoredSeries)
            }
        }
    }

    /// The indicator's score (mean of the entries' scores; a group counts once) and status.
    public static func aggregate(_ entries: [Entry]) -> (score: Double?, status: ProgressStatus) {
        let scores = entries.compactMap(\.score)
        guard !scores.isEmpty else { return (nil, .notAvailable) }
        let score = scores.reduce(0, +) / Double(scores.count)
        let scored = entries.flatMap(\.scoredSeries)
        if !scored.isEmpty && scored.allSatisfy({ $0 }) { return (score, .targetAchieved) }
        return (score, status(forScore: score))
    }

    public static func status(forScore score: Double) -> ProgressStatus {
        score >= 2.5 ? .substantialProgress : score >= 0 ? .moderateProgress : score >= -2.5 ? .limitedProgress : .deterioration
    }
}
