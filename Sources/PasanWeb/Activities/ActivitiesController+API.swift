import Foundation
import Hummingbird
import PasanDomain
import PasanStorage

extension APIParameter {
    static let activityArea = APIParameter(
        name: "area",
        kind: .text,
        summary:
            "Only activities with a confirmed place in this area: a province (2 digits), district (4) or village (7 digits, LSB codes as /api/v1/areas serves them); a village also takes in activities known only at its district's level. A text that is no such code names no area (an empty list).",
        example: "13"
    )
    static let activityInstitution = APIParameter(
        name: "institution",
        kind: .code(.institution),
        summary: "Only activities this Pasan institution implements or takes part in (its code, e.g. MOH).",
        example: "MOH"
    )
    static let activitySDG = APIParameter(
        name: "sdg",
        kind: .code(.sdg),
        summary: "Only activities serving this SDG goal (3), target (3.1, with its indicators) or indicator (3.1.1).",
        example: "3.1"
    )
    static let activityStatus = oneOf("status", ActivityStatus.implementation, "Only activities at this stage (IATI's activity status).")
}

extension APIOperation {
    static let activities = APIOperation(
        path: "/api/v1/activities",
        id: "listActivities",
        summary: "Activities: who does what where",
        description:
            "The activity registry: projects and programmes of ministries, mass organisations, development partners and NGOs, with their places (provinces, districts, villages, and how each was matched), sectors, SDG goals, targets and indicators, period, budget and status. Demo activities are marked `is_illustrative`. Paginated, by identifier.",
        query: [.activityArea, .activityInstitution, .activitySDG, .activityStatus, .limit, .offset],
        pathCode: nil,
        response: "ActivityList"
    )
    static let activity = APIOperation(
        path: "/api/v1/activities/{identifier}",
        id: "getActivity",
        summary: "One activity",
        description: "An activity by its identifier (the IATI identifier, or LA-PASAN-<institution>-<n> given by Pasan).",
        query: [],
        pathCode: nil,
        response: "ActivityItem"
    )

    /// The activity registry's operations (open data, not paginated by the generic tests' rules).
    static let activityOperations: [APIOperation] = [activities, activity]
}

/// `GET /api/v1/activities` and `GET /api/v1/activities/{identifier}`.
extension ActivitiesController {
    func registerAPI(on router: Router<AppRequestContext>) {
        router.get(RouterPath(APIOperation.activities.path), use: apiActivities)
        router.get(RouterPath(APIOperation.activity.path), use: apiActivity)
    }

    /// The filter the query names (`nil`: an area that is no area code, so nothing matches); a
    /// value the API does not accept is a 400 naming it.
    func apiFilter(_ query: APIQuery) throws -> ActivityFilter? {
        let catalog = state.catalog
        let area = try query.string(.activityArea)
        let institution = try query.string(.activityInstitution)
        var institutionCode: String?
        if let institution {
            guard let known = catalog.institutions.first(where: { $0.code.lowercased() == institution.lowercased() }) else {
                throw APIError.invalid("institution", institution, expected: "an institution code (GET /api/v1/institutions lists them)")
            }
            institutionCode = known.code
        }
        let sdg = try query.string(.activitySDG)
        // The same list the OpenAPI document gives (`SDGCode`): goals, targets and indicators.
        if let sdg, !APICodeList.sdg.codes(in: catalog).contains(sdg) {
            throw APIError.invalid("sdg", sdg, expected: "a goal (3), target (3.1) or indicator (3.1.1) of the framework")
        }
        let status = try query.value(.activityStatus, as: ActivityStatus.self)
        // Every parameter checked first; then, as in /api/v1/overlaps, an area that is no area code
        // names no area (any text is accepted).
        if let area, !(area.count == 2 || area.count == 4 || area.count == 7) || !area.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return nil
        }
        return ActivityFilter(area: area, institution: institutionCode, sdg: sdg, status: status)
    }

    @Sendable func apiActivities(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let operation = APIOperation.activities
        let query = APIQuery(request, operation)
        let filter = try apiFilter(query)
        let page = try query.page()
        let key = CacheKey(request, parameters: operation.parameterNames)
        if let hit = state.cache.peek(key) { return hit.response(for: request) }
        let found =
            try await filter.asyncMap { try await ActivityRepository(database: database).activities(filter: $0, page: page) }
            ?? Page(items: [], total: 0, request: page)
        var next: String?
        if page.offset + found.items.count < found.total {
            let path = String(key.description.prefix { $0 != "?" })
            let kept = key.query.split(separator: "&").filter { !$0.hasPrefix("offset=") && !$0.hasPrefix("limit=") }
            next = path + "?" + (kept + ["limit=\(page.limit)", "offset=\(page.offset + found.items.count)"]).joined(separator: "&")
        }
        let list = APIList(
            data: found.items.map(APIActivity.init),
            meta: APIListMeta(total: found.total, limit: page.limit, offset: page.offset, next: next)
        )
        return try state.cache.entry(key) {
            (.ok, "application/json; charset=utf-8", String(decoding: try APIController.encoder.encode(list), as: UTF8.self))
        }.response(for: request)
    }

    @Sendable func apiActivity(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let identifier = context.parameters.get("identifier") ?? ""
        let key = CacheKey(request)
        if let hit = state.cache.peek(key) { return hit.response(for: request) }
        guard let activity = try await ActivityRepository(database: database).activity(identifier: identifier) else {
            throw APIError(
                status: .notFound,
                code: "not_found",
                message: "No activity has the identifier \"\(identifier)\". GET /api/v1/activities lists them."
            )
        }
        let item = APIItem(data: APIActivity(activity))
        return try state.cache.entry(key) {
            (.ok, "application/json; charset=utf-8", String(decoding: try APIController.encoder.encode(item), as: UTF8.self))
        }.response(for: request)
    }
}

/// An activity as the API answers it.
struct APIActivity: Encodable, Sendable {
    struct Organisation: Encodable, Sendable {
        var role: String
        var institution: String?
        var ref: String?
        var name: APIText

        init(_ o: ActivityOrganisation) {
            role = o.role.rawValue
            institution = o.institution
            ref = o.ref
            name = APIText(o.name)
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(role, forKey: .role)
            try c.encode(institution, forKey: .institution)
            try c.encode(ref, forKey: .ref)
            try c.encode(name, forKey: .name)
        }

        enum CodingKeys: String, CodingKey { case role, institution, ref, name }
    }

    struct Place: Encodable, Sendable {
        var code: String
        var level: String
        var match: String
        var status: String
    }

    struct Budget: Encodable, Sendable {
        var amount: Double
        var currency: String
    }

    struct Sector: Encodable, Sendable {
        var vocabulary: String
        var code: String
    }

    var identifier: String
    var implementer: Organisation
    var participants: [Organisation]
    var title: APIText
    var description: APIText?
    var status: String
    var start: String?
    var end: String?
    var budget: Budget?
    var places: [Place]
    var sectors: [Sector]
    var sdgGoals: [Int]
    var sdgTargets: [String]
    var sdgIndicators: [String]
    var isIllustrative: Bool
    var revision: Int

    init(_ a: Activity) {
        identifier = a.identifier
        implementer = Organisation(a.implementer)
        participants = a.participants.map(Organisation.init)
        title = APIText(a.title)
        description = a.description.map(APIText.init)
        status = a.status.rawValue
        start = a.start?.description
        end = a.end?.description
        budget = a.budget.map { Budget(amount: $0.amount, currency: $0.currency) }
        places = a.locations.map {
            Place(code: $0.areaCode, level: $0.level.rawValue, match: $0.match.rawValue, status: $0.status.rawValue)
        }
        sectors = a.sectors.map { Sector(vocabulary: $0.vocabulary, code: $0.code) }
        sdgGoals = a.sdgGoals
        sdgTargets = a.sdgTargets
        sdgIndicators = a.sdgIndicators
        isIllustrative = a.isIllustrative
        revision = a.revision
    }

    enum CodingKeys: String, CodingKey {
        case identifier, implementer, participants, title, description, status, start, end, budget, places, sectors, revision
        case sdgGoals = "sdg_goals"
        case sdgTargets = "sdg_targets"
        case sdgIndicators = "sdg_indicators"
        case isIllustrative = "is_illustrative"
    }

    /// Every field, `null` when there is no value.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(identifier, forKey: .identifier)
        try c.encode(implementer, forKey: .implementer)
        try c.encode(participants, forKey: .participants)
        try c.encode(title, forKey: .title)
        try c.encode(description, forKey: .description)
        try c.encode(status, forKey: .status)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(budget, forKey: .budget)
        try c.encode(places, forKey: .places)
        try c.encode(sectors, forKey: .sectors)
        try c.encode(sdgGoals, forKey: .sdgGoals)
        try c.encode(sdgTargets, forKey: .sdgTargets)
        try c.encode(sdgIndicators, forKey: .sdgIndicators)
        try c.encode(isIllustrative, forKey: .isIllustrative)
        try c.encode(revision, forKey: .revision)
    }
}
