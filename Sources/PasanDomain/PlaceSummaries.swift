/// What a place page and a village bulletin say about one area (issue 14, `docs/villages.md`):
/// the activities there, the overlaps found there, the people to contact, and a handful of
/// indicators with their direction of change. Plain values: the storage reads them, the views
/// show them.

/// An activity working in an area, as a place page lists it.
public struct PlaceActivity: Sendable, Hashable {
    public var id: Int64
    public var identifier: String
    public var title: LocalizedText
    public var implementer: LocalizedText
    /// The implementing Pasan institution, when the implementer is one.
    public var implementerInstitution: String?
    public var status: ActivityStatus
    public var start: LocalDate?
    public var end: LocalDate?
    public var isIllustrative: Bool
    /// The enclosing area the activity is known at, when it is not known at this area itself
    /// (a district-level activity shown on one of the district's villages); `nil` when it is here.
    public var knownAt: String?

    public init(
        id: Int64,
        identifier: String,
        title: LocalizedText,
        implementer: LocalizedText,
        implementerInstitution: String?,
        status: ActivityStatus,
        start: LocalDate?,
        end: LocalDate?,
        isIllustrative: Bool,
        knownAt: String?
    ) {
        self.id = id
        self.identifier = identifier
        self.title = title
        self.implementer = implementer
        self.implementerInstitution = implementerInstitution
        self.status = status
        self.start = start
        self.end = end
        self.isIllustrative = isIllustrative
        self.knownAt = knownAt
    }
}

/// The activities a place page lists: some of those there and, for a village, of those known
/// only at its district, with how many there are in all.
public struct PlaceActivities: Sendable, Hashable {
    /// Activities there (the first ones by title), `knownAt` `nil`.
    public var here: [PlaceActivity]
    /// How many activities are there.
    public var hereCount: Int
    /// Activities known only at the village's district (the first ones by title).
    public var around: [PlaceActivity]
    public var aroundCount: Int
    /// Whether any of them (listed or not) is illustrative demo data.
    public var hasIllustrative: Bool
    /// The Pasan institutions implementing any of them.
    public var institutions: Set<String>

    public init(
        here: [PlaceActivity] = [],
        hereCount: Int = 0,
        around: [PlaceActivity] = [],
        aroundCount: Int = 0,
        hasIllustrative: Bool = false,
        institutions: Set<String> = []
    ) {
        self.here = here
        self.hereCount = hereCount
        self.around = around
        self.aroundCount = aroundCount
        self.hasIllustrative = hasIllustrative
        self.institutions = institutions
    }

    /// All of them, listed or not.
    public var count: Int { hereCount + aroundCount }
}

/// An overlap found in an area: the two activities (identifier and title), the level where they
/// meet, and the place.
public struct PlaceOverlap: Sendable, Hashable {
    public var id: Int64
    public var level: OverlapLevel
    public var areaCode: String
    public var first: String
    public var second: String
    public var firstTitle: LocalizedText?
    public var secondTitle: LocalizedText?
    public var firstImplementer: String
    public var secondImplementer: String
    public var state: OverlapState

    public init(
        id: Int64,
        level: OverlapLevel,
        areaCode: String,
        first: String,
        second: String,
        firstTitle: LocalizedText?,
        secondTitle: LocalizedText?,
        firstImplementer: String,
        secondImplementer: String,
        state: OverlapState
    ) {
        self.id = id
        self.level = level
        self.areaCode = areaCode
        self.first = first
        self.second = second
        self.firstTitle = firstTitle
        self.secondTitle = secondTitle
        self.firstImplementer = firstImplementer
        self.secondImplementer = secondImplementer
        self.state = state
    }
}

/// A person to contact about an area: a subnational focal point whose grant covers it (`area`:
/// the grant's area), or a focal point of an institution with activities there (`institution`).
public struct PlaceContact: Sendable, Hashable {
    public var name: String
    public var area: String?
    public var institution: String?
    public var role: FocalPointRole?
    public var position: FocalPointPosition?

    public init(
        name: String,
        area: String? = nil,
        institution: String? = nil,
        role: FocalPointRole? = nil,
        position: FocalPointPosition? = nil
    ) {
        self.name = name
        self.area = area
        self.institution = institution
        self.role = role
        self.position = position
    }
}

/// The Secretariat's choice of a bulletin's indicators: national (`scope` empty) or for one
/// province (`scope` its code), kept as revisions with who and when.
public struct BulletinChoice: Sendable, Hashable, Codable {
    public var scope: String
    public var indicators: [String]
    public var revision: Int
    public var changedBy: String
    public var changedAt: String

    public init(scope: String, indicators: [String], revision: Int, changedBy: String, changedAt: String) {
        self.scope = scope
        self.indicators = indicators
        self.revision = revision
        self.changedBy = changedBy
        self.changedAt = changedAt
    }

    /// How many indicators a bulletin shows at most ("a handful").
    public static let maximum = 6
}

/// Where a bulletin's indicators come from.
public enum BulletinSource: String, Sendable, Hashable {
    /// The Secretariat's list for the province.
    case province
    /// The Secretariat's national list.
    case national
    /// Nothing chosen: a few indicators that have subnational data (Pasan's default).
    case pasanDefault
}

/// One indicator of a bulletin: its latest total value for the area, or for the nearest
/// enclosing area that has one (the province, else the country), and its direction of change.
public struct BulletinIndicator: Sendable, Hashable {
    /// Whether the change since the previous value is good, bad, none, or only up or down (when
    /// no desired direction is configured for the indicator).
    public enum Change: String, Sendable, Hashable {
        case better, worse, same, up, down, firstValue
    }

    public var indicator: String
    public var series: String
    /// The area the value is for (the district itself, its province or `LA`).
    public var area: String
    public var year: Int
    public var value: Double
    public var unit: String
    public var previousYear: Int?
    public var change: Change

    public init(
        indicator: String,
        series: String,
        area: String,
        year: Int,
        value: Double,
        unit: String,
        previousYear: Int?,
        change: Change
    ) {
        self.indicator = indicator
        self.series = series
        self.area = area
        self.year = year
        self.value = value
        self.unit = unit
        self.previousYear = previousYear
        self.change = change
    }

    /// The bulletin line of `indicator` from published values: the first of `areas` (nearest
    /// first: district, province, country) with a yearly total; within it the series of the
    /// progress configuration when there is one, else the series with the latest year. The change
    /// compares the latest year with the one before; `direction` (+1 more is better, −1 less is
    /// better) from the indicator's progress configuration, when it has one.
    public static func make(
        indicator: String,
        observations: [Observation],
        areas: [String],
        configuredSeries: String?,
        direction: Int?
    ) -> BulletinIndicator? {
        let totals = observations.filter { $0.indicator == indicator && $0.dimensions.isEmpty && Int($0.period.prefix(4)) != nil }
        for area in areas {
            let here = totals.filter { $0.area == area }
            guard !here.isEmpty else { continue }
            let bySeries = Dictionary(grouping: here, by: \.series)
            let series =
                configuredSeries.flatMap { bySeries[$0] == nil ? nil : $0 }
                ?? bySeries.keys.sorted().max { a, b in
                    (bySeries[a]!.compactMap { Int($0.period.prefix(4)) }.max() ?? 0)
                        < (bySeries[b]!.compactMap { Int($0.period.prefix(4)) }.max() ?? 0)
                }!
            var byYear: [Int: Observation] = [:]
            for o in bySeries[series]! { byYear[Int(o.period.prefix(4))!] = o }
            let years = byYear.keys.sorted()
            let latest = byYear[years.last!]!
            let previous = years.count > 1 ? byYear[years[years.count - 2]] : nil
            var change = Change.firstValue
            if let previous {
                let delta = latest.value - previous.value
                if abs(delta) < 1e-9 {
                    change = .same
                } else if let direction, direction != 0 {
                    change = (delta > 0) == (direction > 0) ? .better : .worse
                } else {
                    change = delta > 0 ? .up : .down
                }
            }
            return BulletinIndicator(
                indicator: indicator,
                series: series,
                area: area,
                year: years.last!,
                value: latest.value,
                unit: latest.unit,
                previousYear: previous == nil ? nil : years[years.count - 2],
                change: change
            )
        }
        return nil
    }
}
