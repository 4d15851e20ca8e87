import Foundation
import Hummingbird
import PasanDomain
import PasanStorage
import PasanViews

/// The public side of the institutional arrangements: every institution's handbook, the
/// national overview, and the assignments as JSON.
struct HandbookController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SitePath.Pattern.handbook), use: handbookPage)
        router.get(RouterPath(SitePath.Pattern.responsibilities), use: responsibilitiesPage)
        router.get("/api/v1/assignments", use: apiAssignments)
    }

}

struct APIAssignment: Codable, Sendable {
    var id: Int64?
    var indicator: String
    var series: String?
    var disaggregation: String?
    var geographicLevel: String?
    var owners: [String]
    var reporter: String?
    var contributors: [String]
    var legalBasis: LegalBasis?
    var sourceKind: String?
    var sourceName: String?
    var frequency: String?
    var collectionDue: String?
    var releaseCalendar: String?
    var validFrom: String?
    var validTo: String?

    init(_ a: Assignment) {
        id = a.id; indicator = a.indicator; series = a.series; disaggregation = a.disaggregation
        geographicLevel = a.geographicLevel?.rawValue; owners = a.owners; reporter = a.reporter; contributors = a.contributors
        legalBasis = a.legalBasis; sourceKind = a.sourceKind?.rawValue; sourceName = a.sourceName; frequency = a.frequency?.rawValue
        collectionDue = a.collectionDue?.description; releaseCalendar = a.releaseCalendar
        validFrom = a.validFrom?.description; validTo = a.validTo?.description
    }

    enum CodingKeys: String, CodingKey {
        case id, indicator, series, disaggregation, owners, reporter, contributors, frequency
        case geographicLevel = "geographic_level"
        case legalBasis = "legal_basis"
        case sourceKind = "source_kind"
        case sourceName = "source_name"
        case collectionDue = "collection_due"
        case releaseCalendar = "release_calendar"
        case validFrom = "valid_from"
        case validTo = "valid_to"
    }
}

extension HandbookController {
    /// The query step of the handbook: the institution's current assignments and focal points,
    /// and the owners' deadline as the Secretariat set it (or Pasan's default).
    func handbookPageModel(_ institution: Institution, _ l: Language) async throws -> HandbookPage {
        let catalog = state.catalog
        let handbook = Handbook(
            institution: institution,
            catalog: catalog,
            assignments: try await AssignmentRepository(database: state.database).all(),
            focalPoints: try await FocalPointRepository(database: state.database).terms(institution: institution.code),
            today: today,
            ownerDeadline: state.defaults.ownerDeadline
        )
        return HandbookPage(
            language: l,
            handbook: handbook,
            institutionNames: Dictionary(catalog.institutions.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a }),
            ownerDeadlineOrigin: state.defaultOrigin("owner_deadline")
        )
    }
}

// MARK: - Handlers

extension HandbookController {
    @Sendable func handbookPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let code = (context.parameters.get("institution") ?? "").uppercased()
        guard let institution = state.catalog.institution(code) else { throw PortalError.notFound(l) }
        if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
        let started = ContinuousClock.now
        let page = try await handbookPageModel(institution, l)
        return state.cache.entry(CacheKey(request)) { (.ok, "text/html; charset=utf-8", page.render()) }
            .response(for: request, renderStarted: started)
    }

    @Sendable func responsibilitiesPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
        let started = ContinuousClock.now
        let assignments = try await AssignmentRepository(database: state.database).all()
        let names = Dictionary(state.catalog.institutions.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let overview = ResponsibilityOverview(assignments: assignments, today: today)
        return state.cache.entry(CacheKey(request)) {
            (.ok, "text/html; charset=utf-8", ResponsibilitiesPage(language: l, overview: overview, institutionNames: names).render())
        }.response(for: request, renderStarted: started)
    }

    @Sendable func apiAssignments(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let query = APIQuery(request, .assignments)
        let indicator = try query.string(.indicator)
        let institution = try query.string(.institution)?.uppercased()
        if let indicator, state.catalog.indicator(indicator) == nil {
            throw APIError.invalid("indicator", indicator, expected: "an indicator code such as 3.1.2")
        }
        if let institution, state.catalog.institution(institution) == nil {
            throw APIError.invalid("institution", institution, expected: "an institution code such as MOH")
        }
        let key = CacheKey(request, parameters: APIOperation.assignments.parameterNames)
        if let hit = state.cache.peek(key) { return hit.response(for: request) }
        let all = try await AssignmentRepository(database: state.database).all()
        let selected = all.filter { a in
            (indicator == nil || a.indicator == indicator) && (institution.map { a.institutions.contains($0) } ?? true)
        }
        let items = selected.map(APIAssignment.init)
        let data = try APIController.encoder.encode(
            APIList(data: items, meta: .init(total: items.count, limit: items.count, offset: 0, next: nil))
        )
        return state.cache.entry(key) {
            (.ok, "application/json; charset=utf-8", String(decoding: data, as: UTF8.self))
        }.response(for: request)
    }
}
