import Foundation
import Hummingbird
import PasanDomain
import PasanMessages
import PasanStorage
import PasanViews

/// Places (issue 14, `docs/villages.md`): the provinces, and a page per province, district and
/// village answering "what happens here" (activities, overlaps, SDG data for the area, who to
/// contact, reporting chains through it); the printable village bulletin of a district or a
/// village; and the Secretariat's choice of the bulletins' indicators. The public pages are
/// cached and regenerated when data is published (`PortalState.reload()` clears the cache).
struct PlacesController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>, secure: SecureRoutes) {
        router.get(RouterPath(SitePath.Pattern.places), use: placesPage)
        router.get(RouterPath(SitePath.Pattern.place), use: placePage)
        router.get(RouterPath(SitePath.Pattern.placeBulletin), use: bulletinPage)
        secure.get(SitePath.Pattern.bulletinSettings, .editBulletins, use: bulletinSettings)
        secure.post(SitePath.Pattern.bulletinSettings, .editBulletins, use: saveBulletinSettings)
    }

    /// How many indicators Pasan's default bulletin shows.
    static let defaultIndicatorCount = 4
}

// MARK: - Places

extension PlacesController {
    @Sendable func placesPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
        let catalog = state.catalog
        let areas = AreaRepository(database: state.database)
        let villages = try await areas.childCounts(level: .village, groupedBy: 2)
        let map = try await state.maps.map(.province, state: state, l)
        let districts = Dictionary(grouping: catalog.districts) { $0.parentCode ?? "" }.mapValues(\.count)
        return html(request) {
            PlacesPage(language: l, provinces: catalog.provinces, childCounts: districts, villageCounts: villages, map: map).render()
        }
    }

    @Sendable func placePage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        guard let code = context.parameters.get("code") else { throw PortalError.notFound(l) }
        let key = CacheKey(request, parameters: ["goal"])
        if let hit = state.cache.peek(key) { return hit.response(for: request) }
        let areas = AreaRepository(database: state.database)
        guard let area = try await areas.area(code: code), area.level != .country else { throw PortalError.notFound(l) }
        let parent = try await area.parentCode.asyncMap { try await areas.area(code: $0) }
        let children = try await areas.areas(
            level: area.level.child,
            parent: area.code,
            page: PageRequest(limit: PageRequest.maximumLimit, offset: 0)
        )
        let province = String(area.code.prefix(2))
        // A province: its districts; a district or a village: the districts of its province,
        // with the district highlighted.
        let districts = try await state.maps.map(.district, within: province, state: state, l)
        let map = districts.shapes.isEmpty ? nil : districts
        let goal = request.uri.queryParameters.get("goal").flatMap { Int($0) }
        let details = try await placeDetails(area, goal: goal, l)
        return html(key, request) {
            PlacePage(language: l, area: area, parent: parent, children: children, map: map, details: details).render()
        }
    }

    /// Indicators with values for an area above which its data is shown one goal at a time:
    /// Pasan's default (a province of a country's data holds hundreds, a 5 MB page).
    static let indicatorsOnOnePage = 40

    /// What happens in `area`: activities, overlaps, the published values whose area it is (per
    /// indicator and series; one goal's when there are many, `goal` or the first), the people to
    /// contact, and the reporting chains through it.
    func placeDetails(_ area: Area, goal requested: Int?, _ l: Language) async throws -> PlaceDetails {
        let places = PlaceRepository(database: database)
        let catalog = state.catalog
        let activities = try await places.activities(in: area, limit: PlacePage.activitiesListed)
        let overlaps = try await places.overlaps(in: area)
        let withValues = try await places.indicatorsWithValues(area: area.code)
        var goals: [PlaceDetails.DataGoal]?
        var indicators: [String]?
        if withValues.count > Self.indicatorsOnOnePage {
            let byGoal = Dictionary(grouping: withValues.keys) { catalog.indicator($0)?.goal ?? 0 }.filter { $0.key > 0 }
            let numbers = byGoal.keys.sorted()
            let shown = requested.flatMap { byGoal[$0] == nil ? nil : $0 } ?? numbers.first ?? 0
            indicators = byGoal[shown] ?? []
            goals = numbers.map { n in
                PlaceDetails.DataGoal(
                    number: n,
                    indicators: byGoal[n]?.count ?? 0,
                    // To the data, not the top of the page (a province lists its activities first).
                    href: SitePath.place(l, area.code).path + "?goal=\(n)#place-data",
                    selected: n == shown
                )
            }
        }
        let observations = try await places.observations(areas: [area.code], indicators: indicators)
        var data: [PlaceDetails.SeriesData] = []
        let grouped = Dictionary(grouping: observations) { "\($0.indicator)\u{1F}\($0.series)" }
        for key in grouped.keys.sorted(by: { a, b in
            let (ai, bi) = (String(a.split(separator: "\u{1F}")[0]), String(b.split(separator: "\u{1F}")[0]))
            return ai != bi ? FrameworkCode.areInIncreasingOrder(ai, bi) : a < b
        }) {
            let rows = grouped[key]!
            let indicator = rows[0].indicator, series = rows[0].series
            let config = state.progress(.indicator, indicator)?.series.first { $0.configuration.series == series }?.configuration
            data.append(
                PlaceDetails.SeriesData(
                    indicator: indicator,
                    indicatorTitle: catalog.indicator(indicator)?.title,
                    goal: catalog.indicator(indicator)?.goal,
                    series: series,
                    seriesName: catalog.series(ofIndicator: indicator).first { $0.code == series }?.name.text(in: l),
                    unit: rows[0].unit,
                    observations: rows,
                    baseYear: config?.baseYear ?? 2015,
                    target: config?.target.map { (config!.targetYear, $0) }
                )
            )
        }
        let areaContacts = try await places.areaContacts(of: area.code)
        let institutionContacts = try await places.institutionContacts(
            activities.institutions,
            on: today
        )
        var chains: [PlaceDetails.Chain]?
        if area.level != .village {
            chains = try await ChainRepository(database: database).chains(through: area.code).map { chain in
                PlaceDetails.Chain(
                    title: chain.title.text(in: l),
                    href: SitePath(language: l, page: .chain(chain.id)).path,
                    detail: "\(catalog.institution(chain.owner)?.name.text(in: l) ?? chain.owner) · \(chain.year)"
                )
            }
        }
        let codes =
            Set(activities.around.compactMap(\.knownAt)).union(overlaps.map(\.areaCode)).union(areaContacts.compactMap(\.area))
        let province =
            area.level == .province ? nil : try await AreaRepository(database: database).area(code: String(area.code.prefix(2)))
        var details = PlaceDetails(
            province: province,
            activities: activities,
            overlaps: overlaps,
            data: data,
            areaContacts: areaContacts,
            institutionContacts: institutionContacts,
            chains: chains,
            areaNames: try await areaNames(codes),
            institutionNames: institutionNames()
        )
        details.goals = goals
        return details
    }

    /// The names of `codes` (from the catalog, villages from the database).
    func areaNames(_ codes: Set<String>) async throws -> [String: LocalizedText] {
        var names: [String: LocalizedText] = [:]
        let areas = AreaRepository(database: database)
        for code in codes {
            if let area = state.catalog.area(code) {
                names[code] = area.name
            } else if let area = try await areas.area(code: code) {
                names[code] = area.name
            }
        }
        return names
    }

    func institutionNames() -> [String: LocalizedText] {
        Dictionary(state.catalog.institutions.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }
}

// MARK: - Bulletins

extension PlacesController {
    /// The bulletin of a district or a village, from the current published data.
    @Sendable func bulletinPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        guard let code = context.parameters.get("code") else { throw PortalError.notFound(l) }
        if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
        let areas = AreaRepository(database: state.database)
        guard let area = try await areas.area(code: code), area.level == .district || area.level == .village else {
            throw PortalError.notFound(l)
        }
        let district = area.level == .village ? try await area.parentCode.asyncMap { try await areas.area(code: $0) } : nil
        let province = String(area.code.prefix(2))
        let places = PlaceRepository(database: database)
        let nearest = [area.code, district?.code, province, Area.countryCode].compactMap { $0 }
        var source = BulletinSource.pasanDefault
        var indicators: [String]
        if let chosen = BulletinRepository.indicators(for: province, in: try await BulletinRepository(database: database).choices()) {
            (indicators, source) = chosen
        } else {
            indicators = Array(try await places.indicatorsWithData(near: nearest.dropLast()).prefix(Self.defaultIndicatorCount))
        }
        let catalog = state.catalog
        indicators = indicators.filter { catalog.indicator($0) != nil }
        let observations = try await places.observations(areas: nearest, indicators: indicators)
        let values = indicators.compactMap { indicator -> BulletinIndicator? in
            let config = state.progress(.indicator, indicator)?.series.first?.configuration
            return BulletinIndicator.make(
                indicator: indicator,
                observations: observations,
                areas: nearest,
                configuredSeries: config?.series,
                direction: config?.direction
            )
        }
        let names = try await areaNames(Set(values.map(\.area)))
        let lines = values.map { v in
            BulletinPage.Line(
                value: v,
                title: catalog.indicator(v.indicator)?.title,
                goal: catalog.indicator(v.indicator).flatMap { catalog.goal($0.goal) },
                areaName: names[v.area]
            )
        }
        let activities = try await places.activities(in: area)
        let areaContacts = try await places.areaContacts(of: area.code)
        let institutionContacts = try await places.institutionContacts(
            Set(activities.filter(\.status.isUnderWay).compactMap(\.implementerInstitution)),
            on: today
        )
        let contactNames = try await areaNames(Set(areaContacts.compactMap(\.area)))
        let page = BulletinPage(
            language: l,
            area: area,
            district: district,
            lines: lines,
            source: source,
            activities: activities,
            areaContacts: areaContacts,
            institutionContacts: institutionContacts,
            areaNames: contactNames,
            institutionNames: institutionNames(),
            date: today
        )
        return html(request) { page.render() }
    }

    func settingsPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        fields: [String: String] = [:],
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let repository = BulletinRepository(database: database)
        var session = context.pageSession(request, l, errors: errors)
        if request.uri.queryParameters.get("done") == "saved" { session.notices.append(l.t("bulletins.settings.saved")) }
        let catalog = state.catalog
        let page = BulletinSettingsPage(
            language: l,
            session: session,
            canEdit: Policy.decide(context.actor, .editBulletins, .system).isAllowed,
            provinces: catalog.provinces,
            choices: try await repository.choices(),
            fields: fields,
            history: try await repository.revisions(scope: ""),
            indicatorTitles: Dictionary(catalog.indicators.map { ($0.code, $0.title) }, uniquingKeysWith: { a, _ in a })
        )
        return Pages.response(page.render(), status: status)
    }

    @Sendable func bulletinSettings(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await settingsPage(request, context, l)
    }

    @Sendable func saveBulletinSettings(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let form = context.form ?? FormData()
        let catalog = state.catalog
        let scopes = [("", "national")] + catalog.provinces.map { ($0.code, "province_\($0.code)") }
        var lists: [(scope: String, indicators: [String])] = []
        var errors: [String] = []
        for (scope, field) in scopes {
            let label = scope.isEmpty ? l.t("bulletins.settings.national") : (catalog.area(scope)?.name.text(in: l) ?? scope)
            switch Self.indicatorList(form[field] ?? "", isKnown: { catalog.indicator($0) != nil }) {
            case .success(let codes): lists.append((scope, codes))
            case .failure(let problem): errors.append("\(label): \(problem.message.text(in: l))")
            }
        }
        guard errors.isEmpty else {
            return try await settingsPage(request, context, l, fields: form.fields, errors: errors, status: .badRequest)
        }
        let repository = BulletinRepository(database: database)
        let current = try await repository.choices()
        for (scope, codes) in lists where (current[scope]?.indicators ?? []) != codes {
            try await repository.save(scope: scope, indicators: codes, change: context.change)
        }
        try await state.reload()
        return Pages.redirect(SitePath(language: l, page: .bulletinSettings).path + "?done=saved")
    }

    /// Why a list of indicator codes was refused.
    struct ListProblem: Error {
        var message: Message
    }

    /// A field's indicator codes (separated by spaces, commas or semicolons), each known, no more
    /// than `BulletinChoice.maximum`, repeats dropped.
    static func indicatorList(_ text: String, isKnown: (String) -> Bool) -> Result<[String], ListProblem> {
        var codes: [String] = []
        for part in text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" || $0.isNewline }) {
            let code = String(part)
            guard isKnown(code) else { return .failure(ListProblem(message: Message("bulletins.settings.unknown", ["code": .text(code)]))) }
            if !codes.contains(code) { codes.append(code) }
        }
        guard codes.count <= BulletinChoice.maximum else {
            return .failure(ListProblem(message: Message("bulletins.settings.tooMany", ["maximum": .number(BulletinChoice.maximum)])))
        }
        return .success(codes)
    }
}
