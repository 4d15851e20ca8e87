import Foundation
import Hummingbird
import PasanDomain
import PasanStorage

/// `GET /api/v1/overlaps?area=&state=&limit=&offset=`: the current overlaps, each with its two
/// activities, where they meet, what they share, the period both run and the latest decision.
extension OverlapsController {
    func registerAPI(on router: Router<AppRequestContext>) {
        router.get(RouterPath(APIOperation.overlaps.path), use: apiOverlaps)
    }

    @Sendable func apiOverlaps(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let query = APIQuery(request, .overlaps)
        let area = try query.string(.overlapArea)
        let wanted = try query.value(.overlapState, as: OverlapState.self)
        let page = try query.page()
        let key = CacheKey(request, parameters: APIOperation.overlaps.parameterNames)
        if let hit = state.cache.peek(key) { return hit.response(for: request) }
        let repository = self.repository
        // Area codes are digits: any other text names no area (and matches nothing).
        let found =
            if let area, !area.allSatisfy({ $0.isASCII && $0.isNumber }) {
                Page<StoredOverlap>(items: [], total: 0, request: page)
            } else {
                try await repository.overlaps(filter: OverlapFilter(areaPrefix: area, state: wanted), page: page)
            }
        let activities = try await repository.activities(found.items.flatMap { [$0.overlap.first, $0.overlap.second] })
        let items = found.items.map { APIOverlap($0, activities: activities) }
        var next: String?
        if page.offset + items.count < found.total {
            let kept = key.query.split(separator: "&").filter { !$0.hasPrefix("offset=") && !$0.hasPrefix("limit=") }
            next =
                APIOperation.overlaps.path + "?"
                + (kept + ["limit=\(page.limit)", "offset=\(page.offset + items.count)"]).joined(separator: "&")
        }
        let list = APIList(data: items, meta: .init(total: found.total, limit: page.limit, offset: page.offset, next: next))
        return try state.cache.entry(key) {
            let data = try APIController.encoder.encode(list)
            return (.ok, "application/json; charset=utf-8", String(decoding: data, as: UTF8.self))
        }.response(for: request)
    }
}

extension APIParameter {
    static let overlapArea = APIParameter(
        name: "area",
        kind: .text,
        summary:
            "Only overlaps with a place in this area (an LSB code: province 01, district 0101, village 0101001); for a village, also those met at its district's level.",
        example: "01"
    )
    static let overlapState = oneOf("state", OverlapState.coordinated, "Only overlaps whose latest decision is this (open: none yet).")
}

extension APIOperation {
    /// The overlaps' operations (open data), listed in `APIOperation.all`.
    static let overlapOperations: [APIOperation] = [overlaps]

    static let overlaps = APIOperation(
        path: "/api/v1/overlaps",
        id: "listOverlaps",
        summary: "Overlaps between activities",
        description:
            "Activities of different institutions in the same village (or the same district, when one of them is known only at district level) that serve the same SDG target or DAC sector in overlapping periods, as Pasan's detection currently finds them: each with its two activities, every place they meet, the level (village or district), the shared SDG targets and sectors, the period both run, and the latest decision (coordinated, not an overlap) if any. Demo activities are marked `is_illustrative`.",
        query: [.overlapArea, .overlapState, .limit, .offset],
        pathCode: nil,
        response: "OverlapList"
    )
}

/// One overlap as the API gives it (every field present; `null` when Pasan has no value).
struct APIOverlap: Encodable, Sendable {
    struct Activity: Encodable, Sendable {
        var identifier: String
        var title: APIText?
        var implementer: String
        var implementerName: APIText?
        var isIllustrative: Bool?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(identifier, forKey: .identifier)
            try c.encode(title, forKey: .title)
            try c.encode(implementer, forKey: .implementer)
            try c.encode(implementerName, forKey: .implementerName)
            try c.encode(isIllustrative, forKey: .isIllustrative)
        }

        enum CodingKeys: String, CodingKey {
            case identifier, title, implementer
            case implementerName = "implementer_name"
            case isIllustrative = "is_illustrative"
        }
    }

    struct Place: Encodable, Sendable {
        var code: String
        var level: String
    }

    struct Resolution: Encodable, Sendable {
        var state: String
        var note: String
        var decidedBy: String
        var decidedAt: String
        var revision: Int

        enum CodingKeys: String, CodingKey {
            case state, note, revision
            case decidedBy = "decided_by"
            case decidedAt = "decided_at"
        }
    }

    var id: Int64
    var activities: [Activity]
    var places: [Place]
    var level: String
    var sdgTargets: [String]
    var sectors: [String]
    var periodStart: String?
    var periodEnd: String?
    var state: String
    var resolution: Resolution?
    var isCurrent: Bool

    init(_ stored: StoredOverlap, activities: [String: OverlapActivity]) {
        let o = stored.overlap
        func activity(_ identifier: String, _ key: String) -> Activity {
            let a = activities[identifier]
            return Activity(
                identifier: identifier,
                title: a.map { APIText($0.title) },
                implementer: key,
                implementerName: a.map { APIText($0.implementerName) },
                isIllustrative: a?.isIllustrative
            )
        }
        id = o.id ?? 0
        self.activities = [activity(o.first, o.firstImplementer), activity(o.second, o.secondImplementer)]
        places = o.places.map { Place(code: $0.areaCode, level: $0.level.rawValue) }
        level = o.level.rawValue
        sdgTargets = o.sharedTargets
        sectors = o.sharedSectors
        periodStart = o.periodStart?.description
        periodEnd = o.periodEnd?.description
        state = o.state.rawValue
        resolution = o.resolution.map {
            Resolution(state: $0.state.rawValue, note: $0.note, decidedBy: $0.decidedBy, decidedAt: $0.decidedAt, revision: $0.revision)
        }
        isCurrent = stored.isCurrent
    }

    enum CodingKeys: String, CodingKey {
        case id, activities, places, level, sectors, state, resolution
        case sdgTargets = "sdg_targets"
        case periodStart = "period_start"
        case periodEnd = "period_end"
        case isCurrent = "is_current"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(activities, forKey: .activities)
        try c.encode(places, forKey: .places)
        try c.encode(level, forKey: .level)
        try c.encode(sdgTargets, forKey: .sdgTargets)
        try c.encode(sectors, forKey: .sectors)
        try c.encode(periodStart, forKey: .periodStart)
        try c.encode(periodEnd, forKey: .periodEnd)
        try c.encode(state, forKey: .state)
        try c.encode(resolution, forKey: .resolution)
        try c.encode(isCurrent, forKey: .isCurrent)
    }
}
