import PasanDomain

// The plans of the open-data API (`/api/v1/plans…`): every field is always present, `null` when
// Pasan has no value, like the rest of the API.

/// A plan in the list.
struct APIPlan: Encodable, Sendable {
    var plan: DevelopmentPlan
    var outcomeCount: Int
    var outputCount: Int
    var indicatorCount: Int
    var linkedIndicatorCount: Int

    init(_ document: PlanDocument) {
        plan = document.plan
        outcomeCount = document.results.filter { $0.level == .outcome }.count
        outputCount = document.results.filter { $0.level == .output }.count
        indicatorCount = document.indicators.count
        let linked = Set(document.links.filter { $0.relation != .additional }.map(\.planIndicator))
        linkedIndicatorCount = document.indicators.filter { linked.contains($0.code) }.count
    }

    enum CodingKeys: String, CodingKey {
        case code, name, kind, status, institution, source
        case startYear = "start_year"
        case endYear = "end_year"
        case parentPlan = "parent_plan"
        case isIllustrative = "is_illustrative"
        case note
        case outcomeCount = "outcome_count"
        case outputCount = "output_count"
        case indicatorCount = "indicator_count"
        case linkedIndicatorCount = "sdg_linked_indicator_count"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(plan.code, forKey: .code)
        try c.encode(APIText(plan.name), forKey: .name)
        try c.encode(plan.kind.rawValue, forKey: .kind)
        try c.encode(plan.status.rawValue, forKey: .status)
        try c.encode(plan.institution, forKey: .institution)
        try c.encode(plan.source, forKey: .source)
        try c.encode(plan.startYear, forKey: .startYear)
        try c.encode(plan.endYear, forKey: .endYear)
        try c.encode(plan.parentPlan, forKey: .parentPlan)
        try c.encode(plan.isIllustrative, forKey: .isIllustrative)
        try c.encode(plan.note, forKey: .note)
        try c.encode(outcomeCount, forKey: .outcomeCount)
        try c.encode(outputCount, forKey: .outputCount)
        try c.encode(indicatorCount, forKey: .indicatorCount)
        try c.encode(linkedIndicatorCount, forKey: .linkedIndicatorCount)
    }
}

/// One plan with its outcomes and outputs and their progress.
struct APIPlanDetail: Encodable, Sendable {
    var summary: APIPlan
    var results: [APIPlanResult]

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(results, forKey: .results)
    }

    enum Keys: String, CodingKey { case results }
}

struct APIPlanResult: Encodable, Sendable {
    var result: PlanResult
    var progress: PlanResultProgress?

    enum CodingKeys: String, CodingKey {
        case code, level, parent, title, source, note, status, score
        case isVerified = "is_verified"
        case alignsWith = "aligns_with"
        case indicatorCount = "indicator_count"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(result.code, forKey: .code)
        try c.encode(result.level.rawValue, forKey: .level)
        try c.encode(result.parentCode, forKey: .parent)
        try c.encode(APIText(result.title), forKey: .title)
        try c.encode(result.source, forKey: .source)
        try c.encode(result.note, forKey: .note)
        try c.encode(result.isVerified, forKey: .isVerified)
        try c.encode(result.alignsWith, forKey: .alignsWith)
        try c.encode((progress?.status ?? .notAvailable).rawValue, forKey: .status)
        try c.encode(progress?.score, forKey: .score)
        try c.encode(progress?.indicatorCount ?? 0, forKey: .indicatorCount)
    }
}

/// A plan indicator with its SDG links, targets, values and progress.
struct APIPlanIndicator: Encodable, Sendable {
    var indicator: PlanIndicator
    var links: [PlanIndicatorLink]
    var values: [PlanValue]
    var progress: PlanIndicatorProgress?

    enum CodingKeys: String, CodingKey {
        case code, result, title, definition, unit, direction, baseline, targets, responsible, frequency, values, latest, progress, note
        case dataSource = "data_source"
        case sdgLinks = "sdg_links"
        case isIllustrative = "is_illustrative"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(indicator.code, forKey: .code)
        try c.encode(indicator.resultCode, forKey: .result)
        try c.encode(APIText(indicator.title), forKey: .title)
        try c.encode(indicator.definition.map(APIText.init), forKey: .definition)
        try c.encode(indicator.unit, forKey: .unit)
        try c.encode(indicator.direction?.rawValue, forKey: .direction)
        try c.encode(indicator.baseline.map { APIPlanPoint(year: $0.year, value: $0.value) }, forKey: .baseline)
        try c.encode(indicator.targets.map(APIPlanTarget.init), forKey: .targets)
        try c.encode(indicator.owner, forKey: .responsible)
        try c.encode(indicator.dataSource, forKey: .dataSource)
        try c.encode(indicator.frequency?.rawValue, forKey: .frequency)
        try c.encode(indicator.isIllustrative, forKey: .isIllustrative)
        try c.encode(indicator.note, forKey: .note)
        try c.encode(links.map(APIPlanLink.init), forKey: .sdgLinks)
        try c.encode(values.map(APIPlanValue.init), forKey: .values)
        try c.encode(values.max { $0.year < $1.year }.map(APIPlanValue.init), forKey: .latest)
        try c.encode(progress.map(APIPlanProgress.init), forKey: .progress)
    }
}

struct APIPlanPoint: Encodable, Sendable {
    var year: Int
    var value: Double
}

struct APIPlanTarget: Encodable, Sendable {
    var year: Int
    var value: Double
    var kind: String

    init(_ target: PlanTarget) {
        year = target.year
        value = target.value
        kind = target.kind.rawValue
    }
}

struct APIPlanLink: Encodable, Sendable {
    var link: PlanIndicatorLink

    enum CodingKeys: String, CodingKey { case indicator, series, relation }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(link.sdgIndicator, forKey: .indicator)
        try c.encode(link.series, forKey: .series)
        try c.encode(link.relation.rawValue, forKey: .relation)
    }
}

struct APIPlanValue: Encodable, Sendable {
    var value: PlanValue

    enum CodingKeys: String, CodingKey {
        case year, value, source, origin
        case sdgIndicator = "sdg_indicator"
        case sdgSeries = "sdg_series"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value.year, forKey: .year)
        try c.encode(value.value, forKey: .value)
        try c.encode(value.source, forKey: .source)
        switch value.origin {
        case .plan:
            try c.encode("plan", forKey: .origin)
            try c.encodeNil(forKey: .sdgIndicator)
            try c.encodeNil(forKey: .sdgSeries)
        case .sdg(let indicator, let series):
            try c.encode("sdg", forKey: .origin)
            try c.encode(indicator, forKey: .sdgIndicator)
            try c.encode(series, forKey: .sdgSeries)
        }
    }
}

struct APIPlanProgress: Encodable, Sendable {
    var progress: PlanIndicatorProgress

    enum CodingKeys: String, CodingKey {
        case status, score, method, edition
        case targetYear = "target_year"
        case targetValue = "target_value"
        case targetKind = "target_kind"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(progress.status.rawValue, forKey: .status)
        try c.encode(progress.result.score, forKey: .score)
        try c.encode(progress.result.method.id, forKey: .method)
        try c.encode(progress.result.method.edition, forKey: .edition)
        try c.encode(progress.target?.year, forKey: .targetYear)
        try c.encode(progress.target?.value, forKey: .targetValue)
        try c.encode(progress.target?.kind.rawValue, forKey: .targetKind)
    }
}
