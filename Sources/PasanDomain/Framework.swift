import Foundation

/// A Sustainable Development Goal: the 17 global goals and Lao PDR's national Goal 18.
public struct Goal: Sendable, Hashable, Codable, Identifiable {
    public var number: Int
    public var shortTitle: LocalizedText
    public var title: LocalizedText
    /// Official UN colour as `#RRGGBB` (Goal 18: the configured national colour).
    public var colour: String
    /// Whether the goal is national (not part of the global framework).
    public var isNational: Bool

    public var id: Int { number }

    public init(number: Int, shortTitle: LocalizedText, title: LocalizedText, colour: String, isNational: Bool) {
        self.number = number
        self.shortTitle = shortTitle
        self.title = title
        self.colour = colour
        self.isNational = isNational
    }
}

/// A target under a goal (`3.1`, `1.a`, `18.1`).
public struct Target: Sendable, Hashable, Codable, Identifiable {
    public var code: String
    public var goal: Int
    /// `nil` where the official text was not found (targets 18.2 and 18.3).
    public var title: LocalizedText?
    public var isNational: Bool

    public var id: String { code }

    public init(code: String, goal: Int, title: LocalizedText?, isNational: Bool) {
        self.code = code
        self.goal = goal
        self.title = title
        self.isNational = isNational
    }
}

/// The UN tier classification of a global indicator.
public enum Tier: String, Sendable, Codable, CaseIterable, Hashable {
    case tier1 = "I"
    case tier2 = "II"
    case tier3 = "III"
    /// Indicators with components in different tiers ("Tier I/II").
    case multiple = "multiple"

    /// Parses the UN wording (`Tier I`, `Tier II`, `Tier I/II`, `Tier I (ILO)/II (UNICEF)`...).
    public init?(unWording: String) {
        let text = unWording.trimmingSpaces
        guard !text.isEmpty else { return nil }
        let compact = text.replacingOccurrences(of: "Tier", with: "").trimmingSpaces
        switch compact {
        case "I": self = .tier1
        case "II": self = .tier2
        case "III": self = .tier3
        default: self = .multiple
        }
    }
}

/// Where an indicator comes from.
public enum IndicatorScope: String, Sendable, Codable, CaseIterable, Hashable {
    /// Part of the global framework of the IAEG-SDGs.
    case global
    /// Defined nationally (the Lao PDR national SDG framework, Goal 18).
    case national
}

/// How Lao PDR's national framework uses an indicator, relative to the global one.
public enum NationalRelation: String, Sendable, Codable, CaseIterable, Hashable {
    /// Used exactly as defined globally.
    case same
    /// Adapted to national circumstances (definition, age band, coverage).
    case adapted
    /// A national measure standing in for a global indicator that cannot be produced.
    case proxy
    /// A national indicator with no global counterpart.
    case additional
}

/// An SDG indicator, global or national.
public struct Indicator: Sendable, Hashable, Codable, Identifiable {
    public var code: String
    public var goal: Int
    public var target: String
    public var title: LocalizedText
    public var scope: IndicatorScope
    /// UN internal code (`C030102`) for global indicators.
    public var unCode: String?
    public var tier: Tier?
    public var custodians: [String]
    public var partners: [String]
    /// `nil` when the national framework's use of the indicator has not been classified.
    public var nationalRelation: NationalRelation?
    /// The global indicator a national one adapts or stands in for.
    public var relatedGlobalCode: String?
    /// Why the relation is what it is, and how sure we are.
    public var relationBasis: String?
    /// Retired from the global list (kept for history).
    public var isRetired: Bool
    /// The indicator repeats under more than one target.
    public var isRepeat: Bool

    public var id: String { code }

    public init(
        code: String,
        goal: Int,
        target: String,
        title: LocalizedText,
        scope: IndicatorScope,
        unCode: String? = nil,
        tier: Tier? = nil,
        custodians: [String] = [],
        partners: [String] = [],
        nationalRelation: NationalRelation? = nil,
        relatedGlobalCode: String? = nil,
        relationBasis: String? = nil,
        isRetired: Bool = false,
        isRepeat: Bool = false
    ) {
        self.code = code
        self.goal = goal
        self.target = target
        self.title = title
        self.scope = scope
        self.unCode = unCode
        self.tier = tier
        self.custodians = custodians
        self.partners = partners
        self.nationalRelation = nationalRelation
        self.relatedGlobalCode = relatedGlobalCode
        self.relationBasis = relationBasis
        self.isRetired = isRetired
        self.isRepeat = isRepeat
    }
}

/// An SDMX series: what is actually measured for an indicator (`SH_STA_BRTC` for 3.1.2).
///
/// A series code may serve several indicators (repeats), so a series is stored once per
/// (series, indicator) pair.
public struct Series: Sendable, Hashable, Codable {
    public var code: String
    public var indicator: String
    public var name: LocalizedText
    /// SDMX unit code (`PT` = percent, `NUMBER`).
    public var unit: String?
    public var unitMultiplier: Int?
    public var scope: IndicatorScope

    public init(code: String, indicator: String, name: LocalizedText, unit: String?, unitMultiplier: Int?, scope: IndicatorScope) {
        self.code = code
        self.indicator = indicator
        self.name = name
        self.unit = unit
        self.unitMultiplier = unitMultiplier
        self.scope = scope
    }
}
