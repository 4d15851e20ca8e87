import Foundation
import Hummingbird
import PasanDomain
import PasanMessages
import PasanStorage
import PasanViews

/// Overlaps (issue 14, `docs/villages.md`): the public page with its filters, the district map
/// and the villages with the most overlapping activities; one overlap with its decisions and,
/// for those who may decide, the form; `GET /api/v1/overlaps`.
struct OverlapsController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>, secure: SecureRoutes) {
        router.get(RouterPath(SitePath.Pattern.overlaps), use: overlapsPage)
        router.get(RouterPath(SitePath.Pattern.overlap), use: overlapPage)
        secure.post(
            SitePath.Pattern.overlapResolve,
            .resolveOverlap,
            resource: { _, context in
                let detail = try await detail(context)
                return Self.resource(for: context.actor, detail)
            },
            use: resolve
        )
        registerAPI(on: router)
    }

    /// The list's page size.
    static let pageSize = 50
    /// How many villages the table shows (those with the most overlapping activities).
    static let villageLimit = 50
    /// The query parameters the page reads (its cache key).
    static let pageParameters = ["province", "district", "sector", "target", "institution", "state", "offset"]

    var repository: OverlapRepository { OverlapRepository(database: database) }

    func detail(_ context: AppRequestContext) async throws -> OverlapDetail? {
        guard let text = context.parameters.get("overlap"), let id = Int64(text) else { return nil }
        return try await repository.overlap(id: id)
    }

    /// What the decision is taken on, for `Policy`: the Secretariat and planners decide on any
    /// (`.system`); a subnational focal point on an overlap in their area (`.area` of a place);
    /// a focal point of either institution (`.institution`). The first the actor is allowed.
    static func resource(for actor: Actor, _ detail: OverlapDetail?) -> Resource {
        guard let overlap = detail?.stored.overlap else { return .system }
        var candidates: [Resource] = [.system]
        candidates += overlap.places.map { Resource.area($0.areaCode) }
        candidates += [overlap.firstImplementer, overlap.secondImplementer].filter { $0.hasPrefix("inst:") }.map {
            Resource.institution(String($0.dropFirst(5)))
        }
        return candidates.first { Policy.decide(actor, .resolveOverlap, $0).isAllowed } ?? .system
    }

    static func canResolve(_ actor: Actor, _ detail: OverlapDetail) -> Bool {
        Policy.decide(actor, .resolveOverlap, resource(for: actor, detail)).isAllowed
    }
}

// MARK: - Pages

extension OverlapsController {
    @Sendable func overlapsPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let key = CacheKey(request, parameters: Self.pageParameters)
        if let hit = state.cache.peek(key) { return hit.response(for: request) }
        let html = try await overlapsPageModel(request, l).render()
        return self.html(key, request) { html }
    }

    func overlapsPageModel(_ request: Request, _ l: Language) async throws -> OverlapsPage {
        let query = request.uri.queryParameters
        func value(_ name: String) -> String { query.get(name)?.trimmingCharacters(in: .whitespaces) ?? "" }
        let catalog = state.catalog
        var filter = OverlapsPage.Filter(
            province: value("province"),
            district: value("district"),
            sector: value("sector"),
            target: value("target"),
            institution: value("institution"),
            state: value("state")
        )
        // Values that name nothing are left out (the form offers only known ones).
        if catalog.area(filter.province)?.level != .province { filter.province = "" }
        if catalog.area(filter.district)?.level != .district { filter.district = "" }
        if catalog.institution(filter.institution) == nil { filter.institution = "" }
        if OverlapState(rawValue: filter.state) == nil { filter.state = "" }
        if !filter.sector.allSatisfy(\.isNumber) || filter.sector.count > 5 { filter.sector = "" }
        if filter.target.count > 8 || !filter.target.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." }) { filter.target = "" }
        let offset = max(0, Int(value("offset")) ?? 0)
        func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
        let storageFilter = OverlapFilter(
            province: nonEmpty(filter.province),
            district: nonEmpty(filter.district),
            sector: nonEmpty(String(filter.sector.prefix(3))),
            target: nonEmpty(filter.target),
            institution: nonEmpty(filter.institution),
            state: OverlapState(rawValue: filter.state)
        )
        let repository = self.repository
        let found = try await repository.overlaps(filter: storageFilter, page: PageRequest(limit: Self.pageSize, offset: offset))
        let (districtCounts, villageCounts) = try await repository.mapCounts()
        let topVillages = villageCounts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(Self.villageLimit)
        let entries = try await entries(found.items)
        let places = Set(entries.flatMap { $0.overlap.places.map(\.areaCode) } + topVillages.map(\.key))
        let names = try await placeNames(Array(places))
        let villages = topVillages.map { code, count in
            OverlapsPage.VillageCount(code: code, name: names[code], district: catalog.area(String(code.prefix(4)))?.name, count: count)
        }
        let districts = catalog.districts.filter { filter.province.isEmpty || $0.parentCode == filter.province }
        return OverlapsPage(
            language: l,
            filter: filter,
            provinces: catalog.provinces.map { ($0.code, $0.name) },
            districts: districts.map { ($0.code, $0.name) },
            institutions: catalog.institutions.map { ($0.code, $0.name) },
            map: try await Self.districtMap(state: state, l),
            districtCounts: districtCounts,
            villages: villages,
            villageTotal: villageCounts.count,
            entries: entries,
            total: found.total,
            offset: offset,
            limit: Self.pageSize,
            placeNames: names
        )
    }

    /// The stored overlaps with their activities, as the pages show them.
    func entries(_ stored: [StoredOverlap]) async throws -> [OverlapEntry] {
        let activities = try await repository.activities(stored.flatMap { [$0.overlap.first, $0.overlap.second] })
        func side(_ identifier: String, _ key: String) -> OverlapSide {
            guard let a = activities[identifier] else {
                let name = OverlapRepository.displayKey(key)
                return OverlapSide(
                    identifier: identifier,
                    title: LocalizedText(en: identifier, lo: nil, loStatus: .machine),
                    implementer: LocalizedText(en: name, lo: nil, loStatus: .machine)
                )
            }
            return OverlapSide(
                identifier: identifier,
                id: a.id,
                title: a.title,
                implementer: a.implementerInstitution.flatMap { state.catalog.institution($0)?.name } ?? a.implementerName,
                status: a.status,
                start: a.start,
                end: a.end,
                isIllustrative: a.isIllustrative
            )
        }
        return stored.map { s in
            OverlapEntry(
                overlap: s.overlap,
                isCurrent: s.isCurrent,
                first: side(s.overlap.first, s.overlap.firstImplementer),
                second: side(s.overlap.second, s.overlap.secondImplementer)
            )
        }
    }

    /// Names of places: provinces and districts from the catalog, villages from the database.
    func placeNames(_ codes: [String]) async throws -> [String: LocalizedText] {
        var names: [String: LocalizedText] = [:]
        var villages: [String] = []
        for code in codes {
            if let area = state.catalog.area(code) { names[code] = area.name } else { villages.append(code) }
        }
        if !villages.isEmpty { names.merge(try await repository.areaNames(villages)) { a, _ in a } }
        return names
    }

    /// The districts' map, drawn once per language (the boundaries are reference data).
    static func districtMap(state: PortalState, _ l: Language) async throws -> AreaMap {
        try await state.maps.map(.district, width: 360, state: state, l)
    }

    @Sendable func overlapPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        guard let detail = try await detail(context) else { throw PortalError.notFound(l) }
        if Self.canResolve(context.actor, detail) {
            return Pages.response(try await overlapPageModel(detail, l, session: context.pageSession(request, l)).render())
        }
        let key = CacheKey(request)
        if let hit = state.cache.peek(key) { return hit.response(for: request) }
        let html = try await overlapPageModel(detail, l, session: nil).render()
        return self.html(key, request) { html }
    }

    func overlapPageModel(
        _ detail: OverlapDetail,
        _ l: Language,
        session: PageSession?,
        fields: [String: String] = [:]
    ) async throws
        -> OverlapPage
    {
        let entry = try await entries([detail.stored]).first.required()
        return OverlapPage(
            language: l,
            entry: entry,
            foundAt: detail.stored.foundAt,
            history: detail.history,
            placeNames: try await placeNames(detail.stored.overlap.places.map(\.areaCode)),
            session: session,
            fields: fields
        )
    }

    /// A decision: a new revision (the earlier ones stay in the history).
    @Sendable func resolve(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let detail = try await detail(context), let id = detail.stored.overlap.id else { throw PortalError.notFound(l) }
        let form = context.form ?? FormData()
        let note = form.value("note") ?? ""
        var problems: [String] = []
        let chosen = OverlapState(rawValue: form.value("state") ?? "")
        if chosen == nil { problems.append(l.t("overlaps.decide.chooseState")) }
        if let chosen, problems.isEmpty {
            do {
                try await repository.resolve(
                    first: detail.stored.overlap.first,
                    second: detail.stored.overlap.second,
                    state: chosen,
                    note: note,
                    by: context.actor.name,
                    now: database.clock.now()
                )
                await state.invalidate()
                return Pages.redirect(SitePath(language: l, page: .overlap(id)).path + "?ok=created")
            } catch let error as OverlapError {
                problems.append(error.message.text(in: l))
            }
        }
        let page = try await overlapPageModel(detail, l, session: context.pageSession(request, l, errors: problems), fields: form.fields)
        return Pages.response(page.render(), status: .badRequest)
    }
}

extension Optional {
    fileprivate func required() throws -> Wrapped {
        guard let value = self else { throw HTTPError(.internalServerError) }
        return value
    }
}
