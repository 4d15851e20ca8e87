/// How often the data behind an indicator is collected.
public enum CollectionFrequency: String, Sendable, Codable, CaseIterable, Hashable {
    case monthly, quarterly, annual, biennial, triennial, quinquennial, decennial, irregular

    public var title: Message {
        switch self {
        case .monthly: Message("domain.frequency.monthly")
        case .quarterly: Message("domain.frequency.quarterly")
        case .annual: Message("domain.frequency.annual")
        case .biennial: Message("domain.frequency.biennial")
        case .triennial: Message("domain.frequency.triennial")
        case .quinquennial: Message("domain.frequency.quinquennial")
        case .decennial: Message("domain.frequency.decennial")
        case .irregular: Message("domain.frequency.irregular")
        }
    }
}

/// Where the data comes from.
public enum DataSourceKind: String, Sendable, Codable, CaseIterable, Hashable {
    case survey, census, administrative, dhis2, estimate, other

    public var title: Message {
        switch self {
        case .survey: Message("domain.sourceKind.survey")
        case .census: Message("domain.sourceKind.census")
        case .administrative: Message("domain.sourceKind.administrative")
        case .dhis2: Message("domain.sourceKind.dhis2")
        case .estimate: Message("domain.sourceKind.estimate")
        case .other: Message("domain.sourceKind.other")
        }
    }
}

/// A day of the year (`10-15` = 15 October), for collection and release calendars.
public struct DayOfYear: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var month: Int
    public var day: Int

    public init?(month: Int, day: Int) {
        guard LocalDate(year: 2024, month: month, day: day) != nil else { return nil }
        self.month = month
        self.day = day
    }

    /// Parses `MM-DD`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let m = Int(parts[0]), let d = Int(parts[1]) else { return nil }
        self.init(month: m, day: d)
    }

    public var description: String { (month < 10 ? "0" : "") + "\(month)-" + (day < 10 ? "0" : "") + "\(day)" }

    public static func < (a: DayOfYear, b: DayOfYear) -> Bool { (a.month, a.day) < (b.month, b.day) }

    /// The day as a reader sees it: "15 October", "15 ຕຸລາ" (`format.dayMonth`, with the month's
    /// name from `format.month.1` … `format.month.12`, as in the dates of `TextFormat`).
    public var message: Message {
        Message("format.dayMonth", ["day": .number(day), "month": .message(Message("format.month.\(month)"))])
    }
}

/// The legal or administrative basis of an assignment (decree, instruction, agreement).
public struct LegalBasis: Sendable, Hashable, Codable {
    public var instrument: String
    public var number: String?
    public var date: LocalDate?

    public init(instrument: String, number: String?, date: LocalDate?) {
        self.instrument = instrument
        self.number = number
        self.date = date
    }
}

/// Who owns (SDGi), reports (SDGr) and contributes to an indicator, optionally narrowed to a
/// series, a disaggregation or a geographic level, on what basis, from which source, and on
/// which calendar. Assignments have validity dates so history stays attributable.
public struct Assignment: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64?
    public var indicator: String
    public var series: String?
    public var disaggregation: String?
    public var geographicLevel: AreaLevel?
    public var owners: [String]
    public var reporter: String?
    public var contributors: [String]
    public var legalBasis: LegalBasis?
    public var sourceKind: DataSourceKind?
    public var sourceName: String?
    public var frequency: CollectionFrequency?
    /// When the collection delivers its data each cycle (school census returns: 10-15).
    public var collectionDue: DayOfYear?
    public var releaseCalendar: String?
    public var validFrom: LocalDate?
    public var validTo: LocalDate?
    public var note: String?

    public init(
        id: Int64? = nil,
        indicator: String,
        series: String? = nil,
        disaggregation: String? = nil,
        geographicLevel: AreaLevel? = nil,
        owners: [String],
        reporter: String?,
        contributors: [String] = [],
        legalBasis: LegalBasis? = nil,
        sourceKind: DataSourceKind? = nil,
        sourceName: String? = nil,
        frequency: CollectionFrequency? = nil,
        collectionDue: DayOfYear? = nil,
        releaseCalendar: String? = nil,
        validFrom: LocalDate? = nil,
        validTo: LocalDate? = nil,
        note: String? = nil
    ) {
        self.id = id
        self.indicator = indicator
        self.series = series
        self.disaggregation = disaggregation
        self.geographicLevel = geographicLevel
        self.owners = owners
        self.reporter = reporter
        self.contributors = contributors
        self.legalBasis = legalBasis
        self.sourceKind = sourceKind
        self.sourceName = sourceName
        self.frequency = frequency
        self.collectionDue = collectionDue
        self.releaseCalendar = releaseCalendar
        self.validFrom = validFrom
        self.validTo = validTo
        self.note = note
    }

    /// What the assignment covers: two current assignments with the same scope and different
    /// owners are duplicate reporting.
    public var scopeKey: String {
        [indicator, series ?? "*", disaggregation ?? "*", geographicLevel?.rawValue ?? "*"].joined(separator: "|")
    }

    public func isCurrent(on date: LocalDate) -> Bool {
        Self.isCurrent(validFrom: validFrom, validTo: validTo, on: date)
    }

    /// Whether an assignment valid from `validFrom` (inclusive) to `validTo` (exclusive), either
    /// open, holds on `date`.
    public static func isCurrent(validFrom: LocalDate?, validTo: LocalDate?, on date: LocalDate) -> Bool {
        if let from = validFrom, date < from { return false }
        if let to = validTo, date >= to { return false }
        return true
    }

    /// Every institution named, in any role.
    public var institutions: [String] { owners + (reporter.map { [$0] } ?? []) + contributors }
}
