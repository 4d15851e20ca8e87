import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// The public, server-rendered portal in Lao and English.
struct PortalRoutes: Sendable {
    let state: PortalState

    func register(on router: Router<AppRequestContext>) {
        registerDownloads(on: router)
        router.get("/") { _, _ in
            Response(status: .found, headers: [.location: SitePath.home(state.defaultLanguage).path])
        }
        router.get(RouterPath(SitePath.Pattern.home)) { request, context in
            let l = try language(context)
            return html(request) { HomePage(catalog: state.catalog, language: l).render() }
        }
        router.get(RouterPath(SitePath.Pattern.goal)) { request, context in
            let l = try language(context)
            guard let number = context.parameters.get("number", as: Int.self), let goal = state.catalog.goal(number) else {
                throw PortalError.notFound(l)
            }
            let statuses = Dictionary(
                state.allProgress.filter { $0.level != .goal }.map { ("\($0.level.rawValue)|\($0.code)", $0.status) },
                uniquingKeysWith: { a, _ in a }
            )
            return html(request) { GoalPage(catalog: state.catalog, goal: goal, language: l, statuses: statuses).render() }
        }
        router.get(RouterPath(SitePath.Pattern.indicator)) { request, context in
            let l = try language(context)
            let catalog = state.catalog
            guard let code = context.parameters.get("code"), let indicator = catalog.indicator(code),
                let goal = catalog.goal(indicator.goal)
            else {
                throw PortalError.notFound(l)
            }
            let key = CacheKey(request, parameters: ["series", "breakdown"])
            if let hit = state.cache.peek(key) { return hit.response(for: request) }
            // Only the selected series' values are read: an indicator may hold thousands.
            let repository = ObservationRepository(database: state.database)
            let summary = try await repository.summary(indicator: code)
            let query = request.uri.queryParameters
            let progress = state.progress(.indicator, code)
            let selected = IndicatorPage.selectedSeries(requested: query.get("series"), available: summary.series, progress: progress)
            let observations = try await selected.asyncMap { try await repository.observations(indicator: code, series: $0) } ?? []
            let assignments = try await AssignmentRepository(database: state.database).assignments(indicator: code).filter {
                $0.isCurrent(on: .today)
            }
            func named(_ codes: [String]) -> [(code: String, name: LocalizedText)] {
                Array(Set(codes)).sorted().compactMap { c in catalog.institution(c).map { (c, $0.name) } }
            }
            var map: AreaMap?, districtMap: AreaMap?
            if summary.provincial {
                let boundaries = try await AreaRepository(database: state.database).boundaries(level: .province)
                map = AreaMap(
                    boundaries: boundaries,
                    name: { catalog.area($0)?.name.text(in: l) ?? $0 },
                    href: { SitePath.place(l, $0).path }
                )
            }
            if summary.district {
                let boundaries = try await AreaRepository(database: state.database).boundaries(level: .district)
                districtMap = AreaMap(
                    boundaries: boundaries,
                    name: { catalog.area($0)?.name.text(in: l) ?? $0 },
                    href: { SitePath.place(l, $0).path },
                    width: 360
                )
            }
            return html(key, request) {
                var page = IndicatorPage(
                    catalog: catalog,
                    indicator: indicator,
                    goal: goal,
                    observations: observations,
                    language: l,
                    series: query.get("series"),
                    breakdown: query.get("breakdown"),
                    progress: progress,
                    seriesWithData: summary.series
                )
                page.owners = named(assignments.flatMap(\.owners))
                page.reporters = named(assignments.compactMap(\.reporter))
                page.provinceMap = map
                page.districtMap = districtMap
                page.assignments = assignments
                return page.render()
            }
        }
        router.get(RouterPath(SitePath.Pattern.indicatorData)) { request, context in
            let l = try language(context)
            guard let code = context.parameters.get("code"), state.catalog.indicator(code) != nil else { throw PortalError.notFound(l) }
            var observations = try await ObservationRepository(database: state.database).observations(indicator: code)
            let query = request.uri.queryParameters
            if let series = query.get("series"), !series.isEmpty { observations = observations.filter { $0.series == series } }
            if let breakdown = query.get("breakdown"), !breakdown.isEmpty {
                observations = observations.filter {
                    $0.dimensions.isEmpty || ($0.dimensions.count == 1 && $0.dimensions[breakdown] != nil)
                }
            } else if query.get("series") != nil {
                observations = observations.filter { $0.dimensions.isEmpty }
            }
            return Pages.csv(Self.tidyCSV(observations), filename: "indicator_\(code.replacingOccurrences(of: ".", with: "-")).csv")
        }
        router.get(RouterPath(SitePath.Pattern.progress)) { request, context in
            let l = try language(context)
            let catalog = state.catalog
            // Current Status Index (ESCAP, unconfirmed) from the configured series with a target.
            var csiByGoal: [Int: [Double]] = [:]
            var outlookByTarget: [String: ESCAPProgress.Outlook] = [:]
            for result in state.allProgress where result.level == .indicator {
                guard let indicator = catalog.indicator(result.code) else { continue }
                for s in result.series {
                    guard let target = s.configuration.target, let x0 = s.result.baseValue, let xt = s.result.currentValue,
                        let t0 = s.result.baseYear, let t = s.result.currentYear
                    else { continue }
                    if let csi = ESCAPProgress.currentStatus(x0: x0, xt: xt, target: target, direction: s.configuration.direction) {
                        csiByGoal[indicator.goal, default: []].append(csi)
                    }
                    if let (_, outlook) = ESCAPProgress.anticipated(
                        t0: t0,
                        x0: x0,
                        t: t,
                        xt: xt,
                        target: target,
                        direction: s.configuration.direction
                    ) {
                        outlookByTarget[indicator.target] = outlook
                    }
                }
            }
            let rows = catalog.goals.map { goal in
                ProgressSnapshotPage.Row(
                    goal: goal,
                    result: state.progress(.goal, String(goal.number)),
                    currentStatus: csiByGoal[goal.number].map { $0.reduce(0, +) / Double($0.count) },
                    targets: catalog.targets(ofGoal: goal.number).compactMap { t in
                        state.progress(.target, t.code).map { (code: t.code, status: $0.status, outlook: outlookByTarget[t.code]) }
                    }
                )
            }
            return html(request) { ProgressSnapshotPage(language: l, rows: rows).render() }
        }
        router.get(RouterPath(SitePath.Pattern.reportingStatus)) { request, context in
            let l = try language(context)
            if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
            let status = try await reportingStatus()
            let goals = Dictionary(state.catalog.goals.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
            return html(request) { ReportingStatusPage(language: l, status: status, goals: goals).render() }
        }
        router.get(RouterPath(SitePath.Pattern.dataAvailability)) { request, context in
            let l = try language(context)
            if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
            let coverage = try await ObservationRepository(database: state.database).coverage()
            let allYears = coverage.values.flatMap(\.years)
            let years = Array((min(2015, allYears.min() ?? 2015))...max(2025, allYears.max() ?? 2025))
            let indicators = state.catalog.indicators.filter { !$0.isRetired }
            return html(request) { DataAvailabilityPage(language: l, indicators: indicators, coverage: coverage, years: years).render() }
        }
        router.get("/downloads/pasan-data.zip") { _, _ in
            // All published data as tidy CSV, one file per indicator (Open SDG layout), plus a README.
            let observations = try await ObservationRepository(database: state.database).all()
            var zip = ZipArchive()
            for (code, rows) in Dictionary(grouping: observations, by: \.indicator).sorted(by: {
                FrameworkCode.areInIncreasingOrder($0.key, $1.key)
            }) {
                zip.add("data/indicator_\(code.replacingOccurrences(of: ".", with: "-")).csv", Data(Self.tidyCSV(rows).utf8))
            }
            zip.add(
                "README.txt",
                Data(
                    """
                    Pasan — published SDG data of Lao PDR, as tidy CSV (Open SDG conventions: Year first, Value last, blank breakdown = total).
                    GeoCode: Lao Statistics Bureau area codes (blank = national). OBS_STATUS: SDMX observation status.
                    Demo values are illustrative where the source says so.
                    """.utf8
                )
            )
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/zip", .contentDisposition: "attachment; filename=\"pasan-data.zip\"",
                    .cacheControl: "no-cache",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: zip.finished()))
            )
        }
        router.get(RouterPath(SitePath.Pattern.methodology)) { request, context in
            let l = try language(context)
            return html(request) { MethodologyPage(language: l).render() }
        }
        router.get(RouterPath(SitePath.Pattern.places)) { request, context in
            let l = try language(context)
            if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
            let catalog = state.catalog
            let areas = AreaRepository(database: state.database)
            let villages = try await areas.childCounts(level: .village, groupedBy: 2)
            let boundaries = try await areas.boundaries(level: .province)
            let map = AreaMap(
                boundaries: boundaries,
                name: { catalog.area($0)?.name.text(in: l) ?? $0 },
                href: { SitePath.place(l, $0).path }
            )
            let districts = Dictionary(grouping: catalog.districts) { $0.parentCode ?? "" }.mapValues(\.count)
            return html(request) {
                PlacesPage(language: l, provinces: catalog.provinces, childCounts: districts, villageCounts: villages, map: map).render()
            }
        }
        router.get(RouterPath(SitePath.Pattern.place)) { request, context in
            let l = try language(context)
            guard let code = context.parameters.get("code") else { throw PortalError.notFound(l) }
            if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
            let areas = AreaRepository(database: state.database)
            guard let area = try await areas.area(code: code) else { throw PortalError.notFound(l) }
            let parent = try await area.parentCode.asyncMap { try await areas.area(code: $0) }
            let children = try await areas.areas(
                level: area.level.child,
                parent: area.code,
                page: PageRequest(limit: PageRequest.maximumLimit, offset: 0)
            )
            var map: AreaMap?
            if area.level == .province {
                let catalog = state.catalog
                let boundaries = try await areas.boundaries(level: .district).filter { $0.areaCode.hasPrefix(area.code) }
                map = AreaMap(
                    boundaries: boundaries,
                    name: { catalog.area($0)?.name.text(in: l) ?? $0 },
                    href: { SitePath.place(l, $0).path }
                )
            }
            return html(request) { PlacePage(language: l, area: area, parent: parent, children: children, map: map).render() }
        }
        router.get(RouterPath(SitePath.Pattern.search)) { request, context in
            let l = try language(context)
            let query = (request.uri.queryParameters.get("q") ?? "").replacingOccurrences(of: "+", with: " ").trimmingSpaces
            return html(CacheKey(request, parameters: ["q"]), request) {
                SearchPage(language: l, query: query, hits: state.catalog.search.search(query)).render()
            }
        }
        router.get(RouterPath(SitePath.Pattern.institutions)) { request, context in
            let l = try language(context)
            return html(request) {
                InstitutionsPage(language: l, institutions: state.catalog.institutions, successions: state.catalog.successions).render()
            }
        }
        router.get(RouterPath(SitePath.Pattern.dataSources)) { request, context in
            let l = try language(context)
            return html(request) { DataSourcesPage(language: l, attributions: state.catalog.attributions).render() }
        }
    }

    /// `/{lang}/downloads`: the zip of all published data, each indicator's CSV, the API.
    func registerDownloads(on router: Router<AppRequestContext>) {
        router.get(RouterPath(SitePath.Pattern.downloads)) { request, context in
            let l = try language(context)
            let catalog = state.catalog, withData = state.indicatorsWithData
            return html(request) {
                DownloadsPage(language: l, indicators: catalog.indicators.filter { withData.contains($0.code) }).render()
            }
        }
    }

    private func language(_ context: AppRequestContext) throws -> Language {
        guard let code = context.parameters.get("lang"), let l = Language(rawValue: code) else {
            throw PortalError.notFound(state.defaultLanguage)
        }
        return l
    }

    /// Published values as tidy CSV (Open SDG conventions: Year first, Value last, GeoCode before
    /// it and blank for the national value, a column per breakdown present, blank = total).
    static func tidyCSV(_ observations: [Observation]) -> String {
        let dims = Array(Set(observations.flatMap { $0.dimensions.keys })).sorted()
        let header = ["Year", "SERIES", "UNIT_MEASURE"] + dims + ["OBS_STATUS", "SOURCE_DETAIL", "GeoCode", "Value"]
        let rows = observations.map { o in
            [o.period, o.series, o.unit] + dims.map { o.dimensions[$0] ?? "" }
                + [o.status ?? "", o.source ?? "", o.area == Area.countryCode ? "" : o.area, Fragments.formatNumber(o.value)]
        }
        return CSVWriter.write(header: header, rows: rows)
    }

    /// Reported (published data), in progress (an owner is assigned or a cycle asks for it), or no data.
    func reportingStatus() async throws -> ReportingStatus {
        let assignments = try await AssignmentRepository(database: state.database).all().filter { $0.isCurrent(on: .today) }
        var owners: [String: [String]] = [:]
        for a in assignments { owners[a.indicator, default: []].append(contentsOf: a.owners) }
        let inCycles = Set(try await CycleRepository(database: state.database).all().filter { $0.status == .open }.flatMap(\.indicators))
        return ReportingStatus(
            indicators: state.catalog.indicators,
            withData: state.indicatorsWithData,
            inProgress: Set(owners.keys).union(inCycles),
            owners: owners.mapValues { Array(Set($0)).sorted() }
        )
    }

    /// A cached page: keyed on the path alone (no query parameter changes these pages).
    private func html(_ request: Request, render: () -> String) -> Response {
        html(CacheKey(request), request, render: render)
    }

    private func html(_ key: CacheKey, _ request: Request, render: () -> String) -> Response {
        state.cache.entry(key) { (.ok, "text/html; charset=utf-8", render()) }.response(for: request)
    }
}

/// Errors of the HTML portal, rendered as pages in the user's language.
enum PortalError: HTTPResponseError {
    case notFound(Language)

    var status: HTTPResponse.Status { .notFound }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        switch self {
        case .notFound(let l):
            let body = NotFoundPage(language: l).render()
            return Response(
                status: .notFound,
                headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
