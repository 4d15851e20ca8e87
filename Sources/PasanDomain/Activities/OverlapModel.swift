/// Overlaps (issue 14, `docs/villages.md`): activities of different institutions in the same
/// village — or the same district when one side is known only at district level — that serve
/// the same SDG target or DAC sector in overlapping periods. An overlap is a pair of activities
/// with every place they meet; a person marks it coordinated or not an overlap, and that
/// decision stays with the pair.

/// Where two activities meet: in a village, or in a district when one of them is known only
/// at district level.
public enum OverlapLevel: String, Sendable, Codable, CaseIterable, Hashable {
    case village, district
}

/// A place two activities meet.
public struct OverlapPlace: Sendable, Hashable, Codable, Comparable {
    public var areaCode: String
    public var level: OverlapLevel

    public init(areaCode: String, level: OverlapLevel) {
        self.areaCode = areaCode
        self.level = level
    }

    public static func < (a: OverlapPlace, b: OverlapPlace) -> Bool { (a.areaCode, a.level.rawValue) < (b.areaCode, b.level.rawValue) }

    /// The district the place is in (or is).
    public var districtCode: String { String(areaCode.prefix(4)) }
    /// The province the place is in.
    public var provinceCode: String { String(areaCode.prefix(2)) }
}

/// What has been decided about an overlap.
public enum OverlapState: String, Sendable, Codable, CaseIterable, Hashable {
    /// Found and not yet looked at.
    case open
    /// The institutions know of each other and have agreed how to work (with who and how).
    case coordinated
    /// Looked at and found not to be duplicated work (with why).
    case notOverlap = "not-overlap"
}

/// A person's decision on an overlap; a new decision is a new revision, the earlier ones kept.
public struct OverlapResolution: Sendable, Hashable, Codable {
    public var state: OverlapState
    /// How it is coordinated, or why it is not an overlap.
    public var note: String
    public var decidedBy: String
    public var decidedAt: String
    public var revision: Int

    public init(state: OverlapState, note: String, decidedBy: String, decidedAt: String, revision: Int) {
        self.state = state
        self.note = note
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.revision = revision
    }
}

/// Two activities of different institutions doing similar work in the same places at the same time.
public struct ActivityOverlap: Sendable, Hashable, Codable {
    public var id: Int64?
    /// The two activities' identifiers, in code order (`first < second`): the pair is the overlap.
    public var first: String
    public var second: String
    /// The institutions (organisation keys) implementing them.
    public var firstImplementer: String
    public var secondImplementer: String
    /// Every place they meet, villages first where they meet in villages.
    public var places: [OverlapPlace]
    /// SDG targets both serve.
    public var sharedTargets: [String]
    /// DAC 3-digit sectors both work in.
    public var sharedSectors: [String]
    /// The period both run (nil end: still running).
    public var periodStart: LocalDate?
    public var periodEnd: LocalDate?
    /// The latest decision, if any (`nil`: open).
    public var resolution: OverlapResolution?

    public init(
        id: Int64? = nil,
        first: String,
        second: String,
        firstImplementer: String,
        secondImplementer: String,
        places: [OverlapPlace],
        sharedTargets: [String],
        sharedSectors: [String],
        periodStart: LocalDate?,
        periodEnd: LocalDate?,
        resolution: OverlapResolution? = nil
    ) {
        self.id = id
        self.first = first
        self.second = second
        self.firstImplementer = firstImplementer
        self.secondImplementer = secondImplementer
        self.places = places
        self.sharedTargets = sharedTargets
        self.sharedSectors = sharedSectors
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.resolution = resolution
    }

    /// The key that identifies the pair across detections.
    public var pairKey: String { first + "\u{1F}" + second }

    /// `village` when they meet in at least one village, else `district`.
    public var level: OverlapLevel { places.contains { $0.level == .village } ? .village : .district }

    public var state: OverlapState { resolution?.state ?? .open }
}
