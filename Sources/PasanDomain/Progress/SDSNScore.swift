/// The SDSN Sustainable Development Report normalisation and aggregation, exactly as published
/// (SDR 2019): `docs/progress-methods.md` §2.
public enum SDSNScore {
    public struct Bounds: Sendable, Hashable, Codable {
        public var best: Double
        public var worst: Double
        public var green: Double?
        public var red: Double?
        public var inGlobalIndex: Bool

        public init(best: Double, worst: Double, green: Double?, red: Double?, inGlobalIndex: Bool) {
            self.best = best
            self.worst = worst
            self.green = green
            self.red = red
            self.inGlobalIndex = inGlobalIndex
        }
    }

    /// `clamp(100 · (x − worst) / (best − worst), 0, 100)`; works for both directions.
    public static func normalise(_ x: Double, _ bounds: Bounds) -> Double {
        min(max(100 * (x - bounds.worst) / (bounds.best - bounds.worst), 0), 100)
    }

    /// A goal's score: the mean of its indicators' scores (`nil` when none).
    public static func goalScore(_ scores: [Double]) -> Double? {
        scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
    }

    public enum Colour: String, Sendable, Codable { case green, yellow, orange, red }

    /// Dashboard colour of an indicator: at or better than green → green; than the midpoint →
    /// yellow; than red → orange; else red.
    public static func colour(_ x: Double, _ bounds: Bounds) -> Colour? {
        guard let green = bounds.green, let red = bounds.red else { return nil }
        let better: (Double, Double) -> Bool = bounds.best >= bounds.worst ? { $0 >= $1 } : { $0 <= $1 }
        let mid = (green + red) / 2
        if better(x, green) { return .green }
        if better(x, mid) { return .yellow }
        if better(x, red) { return .orange }
        return .red
    }
}
