import Foundation
import Hummingbird
import PasanDomain
import PasanExchange
import PasanMessages
import PasanReferenceData
import PasanStorage
import PasanViews

/// The development plans (NSEDP, sector plans) harmonised with the SDGs: the public pages (plans,
/// a plan, an outcome or output, a plan indicator, the harmonisation, the comparison of two plans,
/// the M&E report, the plan's file), the plans API, and the editing of plans, targets, values and
/// mainstreaming decisions by the Secretariat and MPI's planning officers (`docs/plans.md`).
struct PlansController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>, secure: SecureRoutes) {
        router.get(RouterPath(SitePath.Pattern.plans), use: plansPage)
        router.get(RouterPath(SitePath.Pattern.plan), use: planPage)
        router.get(RouterPath(SitePath.Pattern.planResult), use: resultPage)
        router.get(RouterPath(SitePath.Pattern.planIndicator), use: indicatorPage)
        router.get(RouterPath(SitePath.Pattern.planHarmonisation), use: harmonisationPage)
        router.get(RouterPath(SitePath.Pattern.planComparison), use: comparisonPage)
        router.get(RouterPath(SitePath.Pattern.planReport), use: reportPage)
        router.get(RouterPath(SitePath.Pattern.planExport), use: exportPlan)
        registerAPI(on: router)
        secure.get(SitePath.Pattern.planImport, .editPlans, use: importForm)
        secure.post(SitePath.Pattern.planImport, .editPlans, body: .upload, use: importPlan)
        secure.get(SitePath.Pattern.planEdit, .editPlans, use: editPage)
        secure.post(SitePath.Pattern.planIndicatorValue, .editPlans, use: recordValue)
        secure.post(SitePath.Pattern.planIndicatorTarget, .editPlans, use: setTarget)
        secure.post(SitePath.Pattern.planIndicatorEdit, .editPlans, use: editIndicator)
        secure.post(SitePath.Pattern.planMainstreaming, .editPlans, use: decide)
        secure.post(SitePath.Pattern.planCycle, .manageCycles, use: openCycle)
    }

    /// Whether the reader may edit plans: their pages then show the forms and are not cached.
    func canEdit(_ context: AppRequestContext) -> Bool {
        Policy.decide(context.actor, .editPlans, .system).isAllowed
    }

    func plan(_ context: AppRequestContext, _ l: Language) throws -> PlanDocument {
        guard let code = context.parameters.get("plan"), let document = state.catalog.planDocument(code) else {
            throw PortalError.notFound(l)
        }
        return document
    }

    /// A page for everyone from the cache; for an editor, rendered afresh (it carries their forms).
    func page(_ request: Request, _ context: AppRequestContext, render: () async throws -> String) async throws -> Response {
        if canEdit(context) { return Pages.response(try await render()) }
        if let hit = state.cache.peek(CacheKey(request)) { return hit.response(for: request) }
        let started = ContinuousClock.now
        let html = try await render()
        return state.cache.entry(CacheKey(request)) { (.ok, "text/html; charset=utf-8", html) }
            .response(for: request, renderStarted: started)
    }

    var institutionNames: [String: LocalizedText] { state.catalog.institutionNames }

    func sdgTitles(_ codes: some Sequence<String>) -> [String: LocalizedText] { state.catalog.sdgTitles(codes) }
}

// MARK: - Public pages

extension PlansController {
    @Sendable func plansPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let editor = canEdit(context)
        return try await page(request, context) {
            let catalog = state.catalog
            let names = institutionNames
            let entries = catalog.plans.compactMap { catalog.planDocument($0.code) }.map { document in
                PlansPage.Entry(document: document, institutionName: document.plan.institution.flatMap { names[$0] })
            }
            return PlansPage(language: l, entries: entries, canEdit: editor).render()
        }
    }

    @Sendable func planPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let document = try plan(context, l)
        let editor = canEdit(context)
        return try await page(request, context) {
            try await PlanRendering.planPage(document.plan.code, state: state, language: l, canEdit: editor, today: today)
        }
    }

    @Sendable func resultPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let document = try plan(context, l)
        guard let code = context.parameters.get("result"), let result = document.results.first(where: { $0.code == code }) else {
            throw PortalError.notFound(l)
        }
        return try await page(request, context) {
            guard let data = try await PlanData.load(document.plan.code, state: state) else { throw PortalError.notFound(l) }
            let catalog = state.catalog
            // Results of other plans aligned with this one, and those this one aligns with.
            let own = "\(document.plan.code)/\(result.code)"
            let alignedFrom = catalog.planResults.filter { $0.alignsWith.contains(own) }.compactMap { other in
                catalog.plans.first { $0.code == other.plan }.map { PlanResultPage.AlignedResult(plan: $0, result: other) }
            }
            let alignsWith = result.alignsWith.compactMap { reference -> PlanResultPage.AlignedResult? in
                let parts = reference.split(separator: "/", maxSplits: 1).map(String.init)
                guard parts.count == 2, let plan = catalog.plans.first(where: { $0.code == parts[0] }),
                    let other = catalog.planResults.first(where: { $0.plan == parts[0] && $0.code == parts[1] })
                else { return nil }
                return PlanResultPage.AlignedResult(plan: plan, result: other)
            }
            // An outcome shows its outputs' indicators too.
            let codes = Set([result.code] + document.results.filter { $0.parentCode == result.code }.map(\.code))
            return PlanResultPage(
                language: l,
                plan: document.plan,
                result: result,
                parent: result.parentCode.flatMap { parent in document.results.first { $0.code == parent } },
                children: document.results.filter { $0.parentCode == result.code },
                indicators: data.rows(data.indicators.filter { codes.contains($0.resultCode) }, catalog: catalog),
                resultProgress: Array(data.resultProgress.values),
                alignedFrom: alignedFrom,
                alignsWith: alignsWith
            ).render()
        }
    }

    @Sendable func indicatorPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let document = try plan(context, l)
        guard let code = context.parameters.get("indicator"), document.indicators.contains(where: { $0.code == code }) else {
            throw PortalError.notFound(l)
        }
        let editor = canEdit(context)
        let session = editor ? context.pageSession(request, l) : nil
        return try await page(request, context) {
            try await indicatorPageModel(document, code, l, editor: editor, session: session, fields: [:]).render()
        }
    }

    func indicatorPageModel(
        _ document: PlanDocument,
        _ code: String,
        _ l: Language,
        editor: Bool,
        session: PageSession?,
        fields: [String: String]
    ) async throws -> PlanIndicatorPage {
        guard let data = try await PlanData.load(document.plan.code, state: state),
            let indicator = data.indicators.first(where: { $0.code == code })
        else { throw PortalError.notFound(l) }
        let catalog = state.catalog
        let values = data.values[code] ?? []
        // Progress against the end of the plan, then against every other year that has a target.
        let years = [nil] + Set(indicator.targets.map(\.year)).sorted().map(Optional.some)
        var seen = Set<PlanTarget>()
        let progress = years.compactMap { year -> PlanIndicatorProgress? in
            let assessed = PlanProgress.assess(indicator, values: values, plan: document.plan, year: year)
            guard let target = assessed.target else { return year == nil ? assessed : nil }
            return seen.insert(target).inserted ? assessed : nil
        }
        let links = data.links(of: code)
        return PlanIndicatorPage(
            language: l,
            plan: document.plan,
            result: document.results.first { $0.code == indicator.resultCode },
            indicator: indicator,
            links: links,
            values: values,
            targetRevisions: try await PlanRepository(database: database).targetHistory(plan: document.plan.code, indicator: code),
            progress: progress,
            ownerName: indicator.owner.flatMap { catalog.institution($0)?.name },
            sdgTitles: sdgTitles(links.map(\.sdgIndicator)),
            sameSeries: data.sameSeries(indicator, catalog: catalog),
            session: session,
            canEdit: editor,
            fields: fields,
            indicatorRow: editor ? PlanRendering.row(of: indicator, in: document) : [:]
        )
    }

    @Sendable func harmonisationPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let document = try plan(context, l)
        let editor = canEdit(context)
        let session = editor ? context.pageSession(request, l) : nil
        return try await page(request, context) {
            try await harmonisationPageModel(document, l, editor: editor, session: session, fields: [:]).render()
        }
    }

    func harmonisationPageModel(
        _ document: PlanDocument,
        _ l: Language,
        editor: Bool,
        session: PageSession?,
        fields: [String: String]
    ) async throws -> PlanHarmonisationPage {
        let catalog = state.catalog
        let assignments = try await AssignmentRepository(database: database).all().filter { $0.isCurrent(on: today) }
        var owners: [String: [String]] = [:]
        for assignment in assignments { owners[assignment.indicator, default: []] += assignment.owners }
        let harmonisation = PlanHarmonisation.build(
            document: document,
            catalog: catalog,
            indicatorsWithData: state.indicatorsWithData,
            ownersByIndicator: owners
        )
        let mismatches = try await OversightController(state: state).findings(plan: document.plan.code)
            .filter { $0.kind == .planOwnerMismatch }.map(PlanHarmonisationPage.OwnerMismatch.init)
        // Every revision of every decision: the page shows the latest and keeps the earlier ones.
        let repository = PlanRepository(database: database)
        var decisions: [MainstreamingDecision] = []
        for current in try await repository.decisions(plan: document.plan.code) {
            decisions += try await repository.decisionHistory(plan: document.plan.code, sdgIndicator: current.sdgIndicator)
        }
        return PlanHarmonisationPage(
            language: l,
            plan: document.plan,
            results: document.results,
            indicators: catalog.orderedPlanIndicators(document),
            harmonisation: harmonisation,
            goals: catalog.goals,
            sdgTitles: sdgTitles(harmonisation.linkedSDGIndicators + harmonisation.sdgWithDataNotInPlan + decisions.map(\.sdgIndicator)),
            ownerMismatches: mismatches,
            decisions: decisions,
            canEdit: editor,
            session: session,
            fields: fields
        )
    }

    @Sendable func comparisonPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let document = try plan(context, l)
        guard let otherCode = context.parameters.get("other"), otherCode != document.plan.code,
            let other = state.catalog.planDocument(otherCode)
        else { throw PortalError.notFound(l) }
        return try await page(request, context) {
            // The earlier plan is the one that starts first, whichever address the reader took.
            let (earlier, later) = other.plan.startYear <= document.plan.startYear ? (other, document) : (document, other)
            let values = try await PlanRepository(database: database).values(
                plan: earlier.plan.code,
                seriesOf: state.catalog.series(ofIndicator:)
            )
            return PlanComparisonPage(
                language: l,
                earlier: earlier.plan,
                later: later.plan,
                comparison: PlanComparison.compare(earlier: earlier, later: later, earlierValues: values),
                earlierIndicators: earlier.indicators,
                laterIndicators: later.indicators,
                viewedFrom: document.plan.code
            ).render()
        }
    }

    @Sendable func reportPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let document = try plan(context, l)
        guard let year = context.parameters.get("year").flatMap(Int.init), (1990...2100).contains(year) else {
            throw PortalError.notFound(l)
        }
        return try await page(request, context) {
            try await PlanRendering.report(document.plan.code, year: year, state: state, language: l, today: today)
        }
    }

    /// The plan as its file: `plan.csv` or `plan.xlsx` (the structure, targets and links, and the
    /// values kept for the plan itself — values that are an SDG series' stay with the series).
    @Sendable func exportPlan(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let document = try plan(context, l)
        let file = context.parameters.get("file") ?? ""
        guard file == "plan.csv" || file == "plan.xlsx" else { throw PortalError.notFound(l) }
        let values = try await PlanRepository(database: database).values(
            plan: document.plan.code,
            seriesOf: state.catalog.series(ofIndicator:)
        )
        let entries = PlanRendering.ownValues(values)
        let name = "\(document.plan.code)-plan"
        if file == "plan.xlsx" {
            return Response(
                status: .ok,
                headers: [
                    .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    .contentDisposition: "attachment; filename=\"\(name).xlsx\"",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: try PlanWorkbook.data(document, values: entries)))
            )
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name).csv\""],
            body: .init(byteBuffer: ByteBuffer(string: PlanFile.write(document, values: entries)))
        )
    }
}

/// The plan page and the M&E report, made from the database: used by the pages and by
/// `pasan bench-plans`, which times them uncached.
public enum PlanRendering {
    public static func planPage(
        _ code: String,
        state: PortalState,
        language l: Language,
        canEdit: Bool,
        today: LocalDate
    ) async throws
        -> String
    {
        guard let data = try await PlanData.load(code, state: state) else { throw PortalError.notFound(l) }
        let catalog = state.catalog
        let plan = data.plan
        return PlanPage(
            language: l,
            plan: plan,
            results: data.document.results,
            indicators: data.rows(data.indicators, catalog: catalog),
            resultProgress: Array(data.resultProgress.values),
            otherPlans: catalog.plans.filter { $0.code != plan.code },
            reportYear: reportYear(plan, data: data, today: today),
            institutionName: plan.institution.flatMap { catalog.institution($0)?.name },
            parentPlan: plan.parentPlan.flatMap { parent in catalog.plans.first { $0.code == parent } },
            canEdit: canEdit
        ).render()
    }

    /// The year the plan page offers a report for: the latest year with a value inside the plan's
    /// period, else the plan's first year.
    static func reportYear(_ plan: DevelopmentPlan, data: PlanData, today: LocalDate) -> Int {
        let years = data.values.values.flatMap { $0.map(\.year) }.filter { plan.years.contains($0) }
        return years.max() ?? min(max(plan.startYear, today.year - 1), plan.endYear)
    }

    public static func report(
        _ code: String,
        year: Int,
        state: PortalState,
        language l: Language,
        today: LocalDate
    ) async throws
        -> String
    {
        guard let data = try await PlanData.load(code, state: state, year: year) else { throw PortalError.notFound(l) }
        let catalog = state.catalog
        return PlanReportPage(
            language: l,
            plan: data.plan,
            year: year,
            generatedOn: today,
            results: data.document.results,
            indicators: data.indicators,
            links: data.document.links,
            progress: data.indicators.compactMap { data.progress[$0.code] },
            resultProgress: Array(data.resultProgress.values),
            sdgTitles: catalog.sdgTitles(data.document.links.map(\.sdgIndicator)),
            institutionNames: catalog.institutionNames
        ).render()
    }

    /// A plan indicator as its row of the plan file (column → text), with its SDG links.
    static func row(of indicator: PlanIndicator, in document: PlanDocument) -> [String: String] {
        let single = PlanDocument(
            plan: document.plan,
            indicators: [indicator],
            links: document.links.filter { $0.planIndicator == indicator.code }
        )
        guard let cells = PlanFile.rows(single).last else { return [:] }
        return Dictionary(zip(PlanFile.columns, cells), uniquingKeysWith: { a, _ in a })
    }

    /// The values kept for the plan itself, as file rows (an export leaves out the values that are
    /// an SDG series', so that importing the file back does not republish them as the plan's).
    public static func ownValues(_ values: [String: [PlanValue]]) -> [PlanValueEntry] {
        values.keys.sorted().flatMap { code in
            (values[code] ?? []).filter { $0.origin == .plan }.map {
                PlanValueEntry(indicator: code, year: $0.year, value: $0.value, source: $0.source)
            }
        }
    }
}
