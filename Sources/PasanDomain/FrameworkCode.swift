/// Ordering of framework codes such as `1`, `1.a`, `3.1.2`, `4.5.1.a` and `17.19`.
///
/// Codes are compared part by part: numbers numerically, letters after numbers
/// (targets `1.1 … 1.5` come before the means-of-implementation targets `1.a, 1.b`).
public enum FrameworkCode {
    public static func areInIncreasingOrder(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.split(separator: ".")
        let right = rhs.split(separator: ".")
        for (a, b) in zip(left, right) where a != b {
            switch (Int(a), Int(b)) {
            case let (x?, y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
        return left.count < right.count
    }

    /// The goal number that a target or indicator code starts with (`3` for `3.1.2`).
    public static func goalNumber(of code: String) -> Int? {
        code.split(separator: ".").first.flatMap { Int($0) }
    }

    /// The target code of an indicator code (`3.1` for `3.1.2`, `4.5` for `4.5.1.a`).
    public static func targetCode(of indicatorCode: String) -> String? {
        let parts = indicatorCode.split(separator: ".")
        guard parts.count >= 3 else { return nil }
        return parts[0...1].joined(separator: ".")
    }

    /// Whether `code` looks like an indicator code: goal.target.number with an optional suffix.
    public static func isIndicatorCode(_ code: String) -> Bool {
        let parts = code.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 4, let goal = Int(parts[0]), (1...99).contains(goal) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber } && $0.count <= 3 }
    }
}
