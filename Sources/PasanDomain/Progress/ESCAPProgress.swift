import Foundation

/// ESCAP's Current Status Index and Anticipated Progress Index. The structure is confirmed by
/// the published methodology; the formulas below are **unconfirmed** (secondary sources: see
/// `docs/progress-methods.md` §3) and carry the edition `escap-2017-2026-draft`.
public enum ESCAPProgress {
    public enum Outlook: String, Sendable, Codable {
        case maintain = "maintain_progress"
        case accelerate = "accelerate_progress"
        case reverse = "reverse_trend"
    }

    /// [unconfirmed] `CSI = d · (xt − x0) / |x* − x0|`, capped at 1; 1 when the target is met.
    public static func currentStatus(x0: Double, xt: Double, target: Double, direction: Int) -> Double? {
        let d: Double = direction == 1 ? 1 : -1
        if (d == 1 && xt >= target) || (d == -1 && xt <= target) { return 1 }
        guard target != x0 else { return nil }
        return min(d * (xt - x0) / abs(target - x0), 1)
    }

    /// [unconfirmed] `P = d · (x̂2030 − x0) / |x* − x0|` with the 2-point CAGR projection.
    public static func anticipated(
        t0: Int,
        x0: Double,
        t: Int,
        xt: Double,
        target: Double,
        direction: Int,
        targetYear: Int = 2030
    ) -> (p: Double, outlook: Outlook)? {
        let d: Double = direction == 1 ? 1 : -1
        guard t > t0, x0 != 0, target != x0, xt / x0 > 0 else { return nil }
        let growth = OpenSDGProgress.cagr(xt, x0, t, t0)
        let projected = xt * pow(1 + growth, Double(targetYear - t))
        let p = d * (projected - x0) / abs(target - x0)
        guard p.isFinite else { return nil }
        return (p, p >= 1 ? .maintain : p >= 0 ? .accelerate : .reverse)
    }
}
