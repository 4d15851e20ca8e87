/// A read model of the whole framework and its reference lists, held in memory by the web layer:
/// the framework is small (18 goals, ~180 targets, ~280 indicators), read on every page and
/// changed rarely, so pages render from this snapshot instead of querying per request.
public struct FrameworkCatalog: Sendable {
    public let goals: [Goal]
    public let targets: [Target]
    public let indicators: [Indicator]
    public let series: [Series]
    public let institutions: [Institution]
    public let successions: [InstitutionSuccession]
    public let provinces: [Area]
    public let districts: [Area]
    public let plans: [DevelopmentPlan]
    public let planResults: [PlanResult]
    public let planIndicators: [PlanIndicator]
    public let planLinks: [PlanIndicatorLink]
    public let attributions: [Attribution]
    public let search: FrameworkSearch

    private let goalsByNumber: [Int: Goal]
    private let targetsByCode: [String: Target]
    private let indicatorsByCode: [String: Indicator]
    private let targetsByGoal: [Int: [Target]]
    private let indicatorsByTarget: [String: [Indicator]]
    private let seriesByIndicator: [String: [Series]]
    private let areasByCode: [String: Area]
    private let institutionsByCode: [String: Institution]
    private let districtsByProvince: [String: [Area]]

    public init(
        goals: [Goal],
        targets: [Target],
        indicators: [Indicator],
        series: [Series],
        institutions: [Institution],
        successions: [InstitutionSuccession],
        provinces: [Area],
        districts: [Area],
        plans: [DevelopmentPlan] = [],
        planResults: [PlanResult] = [],
        planIndicators: [PlanIndicator] = [],
        planLinks: [PlanIndicatorLink] = [],
        attributions: [Attribution] = []
    ) {
        self.goals = goals.sorted { $0.number < $1.number }
        self.targets = targets.sorted { FrameworkCode.areInIncreasingOrder($0.code, $1.code) }
        self.indicators = indicators.sorted { FrameworkCode.areInIncreasingOrder($0.code, $1.code) }
        self.series = series.sorted { ($0.indicator, $0.code) < ($1.indicator, $1.code) }
        self.institutions = institutions.sorted { $0.abbreviation.en < $1.abbreviation.en }
        self.successions = successions
        self.provinces = provinces.sorted { $0.code < $1.code }
        self.districts = districts.sorted { $0.code < $1.code }
        self.plans = plans
        self.planResults = planResults.sorted { FrameworkCode.areInIncreasingOrder($0.code, $1.code) }
        self.planIndicators = planIndicators
        self.planLinks = planLinks
        self.attributions = attributions
        self.search = FrameworkSearch(goals: goals, targets: targets, indicators: indicators, series: series)
        goalsByNumber = Dictionary(goals.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        targetsByCode = Dictionary(targets.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        indicatorsByCode = Dictionary(indicators.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        targetsByGoal = Dictionary(grouping: self.targets, by: \.goal)
        indicatorsByTarget = Dictionary(grouping: self.indicators, by: \.target)
        seriesByIndicator = Dictionary(grouping: self.series, by: \.indicator)
        areasByCode = Dictionary((provinces + districts).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        institutionsByCode = Dictionary(institutions.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        districtsByProvince = Dictionary(grouping: self.districts) { $0.parentCode ?? "" }
    }

    public func goal(_ number: Int) -> Goal? { goalsByNumber[number] }
    public func target(_ code: String) -> Target? { targetsByCode[code] }
    public func indicator(_ code: String) -> Indicator? { indicatorsByCode[code] }
    public func targets(ofGoal goal: Int) -> [Target] { targetsByGoal[goal] ?? [] }
    public func indicators(ofTarget target: String) -> [Indicator] { indicatorsByTarget[target] ?? [] }
    public func indicators(ofGoal goal: Int) -> [Indicator] { targets(ofGoal: goal).flatMap { indicators(ofTarget: $0.code) } }
    public func series(ofIndicator code: String) -> [Series] { seriesByIndicator[code] ?? [] }
    public func area(_ code: String) -> Area? { areasByCode[code] }
    public func districts(ofProvince code: String) -> [Area] { districtsByProvince[code] ?? [] }
    public func institution(_ code: String) -> Institution? { institutionsByCode[code] }

    /// The institutions that succeeded `code`, and those it succeeded.
    public func successors(of code: String) -> [InstitutionSuccession] { successions.filter { $0.predecessor == code } }
    public func predecessors(of code: String) -> [InstitutionSuccession] { successions.filter { $0.successor == code } }

    /// Plan indicators linked to an SDG indicator.
    public func planLinks(toIndicator code: String) -> [(PlanIndicator, PlanIndicatorLink)] {
        planLinks.filter { $0.sdgIndicator == code }.compactMap { link in
            planIndicators.first { $0.plan == link.plan && $0.code == link.planIndicator }.map { ($0, link) }
        }
    }

    /// Indicators matching the API's filters, in framework order.
    public func indicators(matching filter: IndicatorFilter) -> [Indicator] {
        var result = indicators
        if let goal = filter.goal { result = result.filter { $0.goal == goal } }
        if let tier = filter.tier { result = result.filter { $0.tier == tier } }
        if let scope = filter.scope { result = result.filter { $0.scope == scope } }
        if let relation = filter.nationalRelation { result = result.filter { $0.nationalRelation == relation } }
        if !filter.includeRetired { result = result.filter { !$0.isRetired } }
        if let text = filter.text, !text.trimmingSpaces.isEmpty {
            let hits = Set(search.search(text, limit: .max).filter { $0.kind == .indicator }.map(\.code))
            result = result.filter { hits.contains($0.code) }
        }
        return result
    }
}

/// Filters of `GET /api/v1/indicators`.
public struct IndicatorFilter: Sendable, Hashable {
    public var goal: Int?
    public var tier: Tier?
    public var scope: IndicatorScope?
    public var nationalRelation: NationalRelation?
    public var text: String?
    public var includeRetired: Bool

    public init(
        goal: Int? = nil,
        tier: Tier? = nil,
        scope: IndicatorScope? = nil,
        nationalRelation: NationalRelation? = nil,
        text: String? = nil,
        includeRetired: Bool = true
    ) {
        self.goal = goal
        self.tier = tier
        self.scope = scope
        self.nationalRelation = nationalRelation
        self.text = text
        self.includeRetired = includeRetired
    }
}
