import PasanDomain
import PasanStorage
import PasanViews

/// The query step shared by the plan pages, the M&E report and the plans API: one plan as the
/// catalog holds it, its values wherever they are kept (own values, or the SDG series it is "same"
/// as), and its progress per indicator and rolled up per output and outcome.
struct PlanData: Sendable {
    var document: PlanDocument
    /// The plan's indicators in the order of its results.
    var indicators: [PlanIndicator]
    /// Values per plan indicator code, by year.
    var values: [String: [PlanValue]]
    /// Progress per plan indicator code against the end-of-plan target (or the year's target).
    var progress: [String: PlanIndicatorProgress]
    /// Progress per outcome and output code.
    var resultProgress: [String: PlanResultProgress]
    /// The year assessed (`nil`: the end of the plan).
    var year: Int?

    var plan: DevelopmentPlan { document.plan }

    /// The SDG series each "same"-linked indicator takes its values from.
    func sameSeries(_ indicator: PlanIndicator, catalog: FrameworkCatalog) -> Series? {
        PlanValueFlow.sameSeries(of: indicator, links: document.links, seriesOf: catalog.series(ofIndicator:))
    }

    func links(of indicator: String) -> [PlanIndicatorLink] {
        document.links.filter { $0.planIndicator == indicator }
    }

    /// The latest value up to `year` (all values when `nil`).
    func latest(_ indicator: String, upTo year: Int? = nil) -> PlanValue? {
        (values[indicator] ?? []).filter { year == nil || $0.year <= year! }.max { $0.year < $1.year }
    }

    /// The rows the plan pages show for `indicators`: links, latest value, progress, and the
    /// responsible institution's name.
    func rows(_ indicators: [PlanIndicator], catalog: FrameworkCatalog) -> [PlanIndicatorRow] {
        indicators.map { indicator in
            PlanIndicatorRow(
                indicator: indicator,
                links: links(of: indicator.code),
                latest: latest(indicator.code),
                progress: progress[indicator.code],
                ownerName: indicator.owner.flatMap { catalog.institution($0)?.name }
            )
        }
    }

    static func load(_ code: String, state: PortalState, year: Int? = nil) async throws -> PlanData? {
        let catalog = state.catalog
        guard let document = catalog.planDocument(code) else { return nil }
        let values = try await PlanRepository(database: state.database).values(of: document, seriesOf: catalog.series(ofIndicator:))
        let progress = PlanProgress.assessAll(document: document, values: values, year: year)
        return PlanData(
            document: document,
            indicators: catalog.orderedPlanIndicators(document),
            values: values,
            progress: progress,
            resultProgress: PlanProgress.rollUp(results: document.results, indicators: document.indicators, progress: progress),
            year: year
        )
    }
}

extension FrameworkCatalog {
    /// Institution names by code, as the plan pages take them.
    var institutionNames: [String: LocalizedText] {
        Dictionary(institutions.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// The titles of the SDG indicators among `codes`, by code.
    func sdgTitles(_ codes: some Sequence<String>) -> [String: LocalizedText] {
        Dictionary(codes.compactMap { code in indicator(code).map { (code, $0.title) } }, uniquingKeysWith: { a, _ in a })
    }
}
