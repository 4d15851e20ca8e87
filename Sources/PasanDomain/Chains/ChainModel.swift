/// How a field's values of the units below are combined into the value of the unit above.
public enum ChainAggregation: Sendable, Hashable {
    /// The sum of the values below.
    case sum
    /// The average of the values below, each weighted by the same unit's value of `denominator`
    /// (another field of the same form, e.g. enrolment for a rate).
    case weightedAverage(denominator: String)
    /// The largest value below.
    case max

    /// Stored form: `sum`, `max`, `weighted:<field>`.
    public var code: String {
        switch self {
        case .sum: "sum"
        case .max: "max"
        case .weightedAverage(let field): "weighted:" + field
        }
    }

    public init?(code: String) {
        switch code {
        case "sum": self = .sum
        case "max": self = .max
        default:
            guard code.hasPrefix("weighted:"), code.count > 9 else { return nil }
            self = .weightedAverage(denominator: String(code.dropFirst(9)))
        }
    }
}

/// One number a unit reports on a form.
public struct ChainField: Sendable, Hashable {
    public var code: String
    public var title: LocalizedText
    public var aggregation: ChainAggregation

    public init(code: String, title: LocalizedText, aggregation: ChainAggregation = .sum) {
        self.code = code
        self.title = title
        self.aggregation = aggregation
    }
}

/// One form of a chain (e.g. early childhood, primary, secondary): a short list of fields.
public struct ChainForm: Sendable, Hashable {
    public var code: String
    public var title: LocalizedText
    public var fields: [ChainField]

    public init(code: String, title: LocalizedText, fields: [ChainField]) {
        self.code = code
        self.title = title
        self.fields = fields
    }
}

/// One reporting level of a chain with the day by which its units must have sent their values to
/// the level above (the last level sends to the centre, the owner).
public struct ChainLevel: Sendable, Hashable {
    public var level: AreaLevel
    public var deadline: LocalDate

    public init(level: AreaLevel, deadline: LocalDate) {
        self.level = level
        self.deadline = deadline
    }
}

/// A multi-level reporting chain: an owner's collection run through the administrative levels.
public struct ReportingChain: Sendable, Hashable {
    public var id: Int64?
    public var owner: String
    public var title: LocalizedText
    public var year: Int
    /// The SDG indicator (and series) the national total feeds, if any.
    public var indicator: String?
    public var series: String?
    /// The forms every unit fills.
    public var forms: [ChainForm]
    /// From the bottom up (e.g. village, district, province); the centre is above the last.
    public var levels: [ChainLevel]
    /// Limits the chain to one area's subtree (a province for a pilot); `nil` is the whole country.
    public var scope: String?
    public var isIllustrative: Bool

    public init(
        id: Int64? = nil,
        owner: String,
        title: LocalizedText,
        year: Int,
        indicator: String? = nil,
        series: String? = nil,
        forms: [ChainForm],
        levels: [ChainLevel],
        scope: String? = nil,
        isIllustrative: Bool = false
    ) {
        self.id = id
        self.owner = owner
        self.title = title
        self.year = year
        self.indicator = indicator
        self.series = series
        self.forms = forms
        self.levels = levels
        self.scope = scope
        self.isIllustrative = isIllustrative
    }

    /// The level whose units enter values (the first).
    public var bottom: AreaLevel? { levels.first?.level }

    /// The chain level of `level`, if the chain has it.
    public func level(_ level: AreaLevel) -> ChainLevel? { levels.first { $0.level == level } }

    /// The level above `level` in this chain; `nil` means the centre.
    public func levelAbove(_ level: AreaLevel) -> AreaLevel? {
        guard let index = levels.firstIndex(where: { $0.level == level }), index + 1 < levels.count else { return nil }
        return levels[index + 1].level
    }

    /// The level below `level` in this chain (the centre's is the last level).
    public func levelBelow(_ level: AreaLevel?) -> AreaLevel? {
        guard let level else { return levels.last?.level }
        guard let index = levels.firstIndex(where: { $0.level == level }), index > 0 else { return nil }
        return levels[index - 1].level
    }

    /// Whether `area` (an LSB code) lies in the chain's scope.
    public func covers(_ area: String) -> Bool {
        guard let scope else { return true }
        return area.hasPrefix(scope)
    }
}

/// What the place pages and lists show of a chain.
public struct ChainSummary: Sendable, Hashable {
    public var id: Int64
    public var owner: String
    public var title: LocalizedText
    public var year: Int
    public var levels: [ChainLevel]
    public var scope: String?
    public var indicator: String?
    public var isIllustrative: Bool

    public init(
        id: Int64,
        owner: String,
        title: LocalizedText,
        year: Int,
        levels: [ChainLevel],
        scope: String?,
        indicator: String?,
        isIllustrative: Bool
    ) {
        self.id = id
        self.owner = owner
        self.title = title
        self.year = year
        self.levels = levels
        self.scope = scope
        self.indicator = indicator
        self.isIllustrative = isIllustrative
    }
}

/// The ancestor of an LSB area code at `level` (codes nest: province 2, district 4, village 7
/// characters); `nil` for the centre or when the code is not below that level.
public enum ChainAreas {
    public static func ancestor(of code: String, at level: AreaLevel?) -> String? {
        guard let level else { return nil }
        let length: Int
        switch level {
        case .country: return nil
        case .province: length = 2
        case .district: length = 4
        case .village: length = 7
        }
        guard code.count >= length else { return nil }
        return String(code.prefix(length))
    }

    /// The level of an LSB code by its length.
    public static func level(of code: String) -> AreaLevel? {
        switch code.count {
        case 2: .province
        case 4: .district
        case 7: .village
        default: nil
        }
    }
}
