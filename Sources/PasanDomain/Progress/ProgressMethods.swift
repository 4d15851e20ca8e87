/// Progress methods are versioned data: thresholds and constants per (method, edition), so a new
/// edition is a new value and old results stay reproducible. Every result records its method.
public struct ProgressMethod: Sendable, Hashable, Codable {
    public var id: String
    public var edition: String
    /// Whether every rule is confirmed by the published method (ESCAP's is partly unconfirmed).
    public var isConfirmed: Bool

    public static let openSDGStatCan = ProgressMethod(id: "opensdg-statcan", edition: "Open SDG 2.4.0 (2025)", isConfirmed: true)
    public static let sdsn2019 = ProgressMethod(id: "sdsn-sdr", edition: "SDR 2019", isConfirmed: true)
    public static let escapDraft = ProgressMethod(id: "escap-csi-api", edition: "escap-2017-2026-draft", isConfirmed: false)
}

/// The status vocabulary of the Open SDG / Statistics Canada method.
public enum ProgressStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case targetAchieved = "target_achieved"
    case substantialProgress = "substantial_progress"
    case moderateProgress = "moderate_progress"
    case limitedProgress = "limited_progress"
    case deterioration
    case notAvailable = "not_available"

    public var title: Message {
        switch self {
        case .targetAchieved: Message("domain.progressStatus.targetAchieved")
        case .substantialProgress: Message("domain.progressStatus.substantialProgress")
        case .moderateProgress: Message("domain.progressStatus.moderateProgress")
        case .limitedProgress: Message("domain.progressStatus.limitedProgress")
        case .deterioration: Message("domain.progressStatus.deterioration")
        case .notAvailable: Message("domain.progressStatus.notAvailable")
        }
    }
}

/// The thresholds of the Open SDG / Statistics Canada method (edition Open SDG 2.4.0).
public struct StatCanThresholds: Sendable, Hashable, Codable {
    public var high: Double
    public var moderate: Double
    public var low: Double

    public static let withTarget = StatCanThresholds(high: 0.95, moderate: 0.60, low: 0)
    public static let withoutTarget = StatCanThresholds(high: 0.015, moderate: 0.005, low: 0)
    /// Exponent of the natural-limit scaling factor.
    public static let limitExponent = 4.44
    /// What a base or target of exactly zero is replaced by.
    public static let zeroSubstitute = 0.001
}
