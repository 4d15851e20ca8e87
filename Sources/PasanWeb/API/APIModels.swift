import PasanDomain

/// JSON shapes of the public API. Field names are snake_case and stable; both languages are in
/// every payload, with the review state of the Lao text. Every field is always present: a value
/// Pasan does not have is `null`, never a missing key (each shape writes its optionals with
/// `encode`, not the synthesised `encodeIfPresent`), so the OpenAPI document can require every
/// property. The one exception is an indicator's `series`, present only on the single indicator.
struct APIText: Codable, Sendable {
    var en: String
    var lo: String?
    var loStatus: String

    init(_ text: LocalizedText) {
        en = text.en
        lo = text.lo
        loStatus = text.loStatus.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case en, lo
        case loStatus = "lo_status"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(en, forKey: .en)
        try c.encode(lo, forKey: .lo)
        try c.encode(loStatus, forKey: .loStatus)
    }
}

struct APIListMeta: Codable, Sendable {
    var total: Int
    var limit: Int
    var offset: Int
    /// The address of the next page, when there is one.
    var next: String?

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(total, forKey: .total)
        try c.encode(limit, forKey: .limit)
        try c.encode(offset, forKey: .offset)
        try c.encode(next, forKey: .next)
    }
}

struct APIList<Item: Encodable & Sendable>: Encodable, Sendable {
    var data: [Item]
    var meta: APIListMeta
}

struct APIItem<Item: Encodable & Sendable>: Encodable, Sendable {
    var data: Item
}

struct APIGoal: Codable, Sendable {
    var number: Int
    var shortTitle: APIText
    var title: APIText
    var colour: String
    var isNational: Bool
    var targetCount: Int
    var indicatorCount: Int

    init(_ goal: Goal, catalog: FrameworkCatalog) {
        number = goal.number
        shortTitle = APIText(goal.shortTitle)
        title = APIText(goal.title)
        colour = goal.colour
        isNational = goal.isNational
        targetCount = catalog.targets(ofGoal: goal.number).count
        indicatorCount = catalog.indicators(ofGoal: goal.number).count
    }

    enum CodingKeys: String, CodingKey {
        case number, title, colour
        case shortTitle = "short_title"
        case isNational = "is_national"
        case targetCount = "target_count"
        case indicatorCount = "indicator_count"
    }
}

struct APITarget: Codable, Sendable {
    var code: String
    var goal: Int
    var title: APIText?
    var isNational: Bool

    init(_ target: Target) {
        code = target.code
        goal = target.goal
        title = target.title.map(APIText.init)
        isNational = target.isNational
    }

    enum CodingKeys: String, CodingKey {
        case code, goal, title
        case isNational = "is_national"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(goal, forKey: .goal)
        try c.encode(title, forKey: .title)
        try c.encode(isNational, forKey: .isNational)
    }
}

struct APISeries: Codable, Sendable {
    var code: String
    var name: APIText
    var unit: String?
    var unitMultiplier: Int?
    var scope: String

    init(_ series: Series) {
        code = series.code
        name = APIText(series.name)
        unit = series.unit
        unitMultiplier = series.unitMultiplier
        scope = series.scope.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case code, name, unit, scope
        case unitMultiplier = "unit_multiplier"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(name, forKey: .name)
        try c.encode(unit, forKey: .unit)
        try c.encode(unitMultiplier, forKey: .unitMultiplier)
        try c.encode(scope, forKey: .scope)
    }
}

struct APIIndicator: Codable, Sendable {
    var code: String
    var goal: Int
    var target: String
    var title: APIText
    var scope: String
    var unCode: String?
    var tier: String?
    var custodians: [String]
    var partners: [String]
    var nationalRelation: String?
    var relatedGlobalCode: String?
    var relationBasis: String?
    var isRetired: Bool
    var hasData: Bool
    var series: [APISeries]?

    init(_ indicator: Indicator, hasData: Bool, series: [Series]? = nil) {
        code = indicator.code
        goal = indicator.goal
        target = indicator.target
        title = APIText(indicator.title)
        scope = indicator.scope.rawValue
        unCode = indicator.unCode
        tier = indicator.tier?.rawValue
        custodians = indicator.custodians
        partners = indicator.partners
        nationalRelation = indicator.nationalRelation?.rawValue
        relatedGlobalCode = indicator.relatedGlobalCode
        relationBasis = indicator.relationBasis
        isRetired = indicator.isRetired
        self.hasData = hasData
        self.series = series.map { $0.map(APISeries.init) }
    }

    enum CodingKeys: String, CodingKey {
        case code, goal, target, title, scope, tier, custodians, partners, series
        case unCode = "un_code"
        case nationalRelation = "national_relation"
        case relatedGlobalCode = "related_global_code"
        case relationBasis = "relation_basis"
        case isRetired = "is_retired"
        case hasData = "has_data"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(goal, forKey: .goal)
        try c.encode(target, forKey: .target)
        try c.encode(title, forKey: .title)
        try c.encode(scope, forKey: .scope)
        try c.encode(unCode, forKey: .unCode)
        try c.encode(tier, forKey: .tier)
        try c.encode(custodians, forKey: .custodians)
        try c.encode(partners, forKey: .partners)
        try c.encode(nationalRelation, forKey: .nationalRelation)
        try c.encode(relatedGlobalCode, forKey: .relatedGlobalCode)
        try c.encode(relationBasis, forKey: .relationBasis)
        try c.encode(isRetired, forKey: .isRetired)
        try c.encode(hasData, forKey: .hasData)
        // Lists leave the series out; the single indicator always has them (maybe none).
        try c.encodeIfPresent(series, forKey: .series)
    }
}

struct APIArea: Codable, Sendable {
    var code: String
    var level: String
    var parentCode: String?
    var name: APIText
    var pcode: String?
    var isoCode: String?
    var note: String?

    init(_ area: Area) {
        code = area.code
        level = area.level.rawValue
        parentCode = area.parentCode
        name = APIText(area.name)
        pcode = area.pcode
        isoCode = area.isoCode
        note = area.note
    }

    enum CodingKeys: String, CodingKey {
        case code, level, name, pcode, note
        case parentCode = "parent_code"
        case isoCode = "iso_code"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(level, forKey: .level)
        try c.encode(parentCode, forKey: .parentCode)
        try c.encode(name, forKey: .name)
        try c.encode(pcode, forKey: .pcode)
        try c.encode(isoCode, forKey: .isoCode)
        try c.encode(note, forKey: .note)
    }
}

struct APIInstitution: Codable, Sendable {
    struct Link: Codable, Sendable {
        var institution: String
        var kind: String
        var date: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(institution, forKey: .institution)
            try c.encode(kind, forKey: .kind)
            try c.encode(date, forKey: .date)
        }
    }

    var code: String
    var abbreviation: APIText
    var name: APIText
    var kind: String
    var validFrom: String?
    var validTo: String?
    var successors: [Link]
    var predecessors: [Link]

    init(_ institution: Institution, catalog: FrameworkCatalog) {
        code = institution.code
        abbreviation = APIText(institution.abbreviation)
        name = APIText(institution.name)
        kind = institution.kind.rawValue
        validFrom = institution.validFrom?.description
        validTo = institution.validTo?.description
        successors = catalog.successors(of: institution.code).map {
            Link(institution: $0.successor, kind: $0.kind.rawValue, date: $0.date?.description)
        }
        predecessors = catalog.predecessors(of: institution.code).map {
            Link(institution: $0.predecessor, kind: $0.kind.rawValue, date: $0.date?.description)
        }
    }

    enum CodingKeys: String, CodingKey {
        case code, abbreviation, name, kind, successors, predecessors
        case validFrom = "valid_from"
        case validTo = "valid_to"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(code, forKey: .code)
        try c.encode(abbreviation, forKey: .abbreviation)
        try c.encode(name, forKey: .name)
        try c.encode(kind, forKey: .kind)
        try c.encode(validFrom, forKey: .validFrom)
        try c.encode(validTo, forKey: .validTo)
        try c.encode(successors, forKey: .successors)
        try c.encode(predecessors, forKey: .predecessors)
    }
}

/// The one shape of every API error.
struct APIErrorBody: Codable, Sendable {
    struct Detail: Codable, Sendable {
        var status: Int
        var code: String
        var message: String
        var parameter: String?

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(status, forKey: .status)
            try c.encode(code, forKey: .code)
            try c.encode(message, forKey: .message)
            try c.encode(parameter, forKey: .parameter)
        }
    }

    var error: Detail
}

/// A published value.
struct APIObservation: Codable, Sendable {
    var series: String
    var area: String
    var period: String
    var dimensions: [String: String]
    var unit: String
    var value: Double
    var status: String?
    var source: String?

    init(_ o: Observation) {
        series = o.series; area = o.area; period = o.period; dimensions = o.dimensions
        unit = o.unit; value = o.value; status = o.status; source = o.source
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(series, forKey: .series)
        try c.encode(area, forKey: .area)
        try c.encode(period, forKey: .period)
        try c.encode(dimensions, forKey: .dimensions)
        try c.encode(unit, forKey: .unit)
        try c.encode(value, forKey: .value)
        try c.encode(status, forKey: .status)
        try c.encode(source, forKey: .source)
    }
}

/// A progress result, with its method and edition.
struct APIProgress: Codable, Sendable {
    var level: String
    var code: String
    var score: Double?
    var status: String
    var method: String
    var edition: String
    var overridden: Bool

    init(_ r: ProgressResult) {
        level = r.level.rawValue; code = r.code; score = r.score; status = r.status.rawValue
        method = r.method.id; edition = r.method.edition; overridden = r.overridden
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(level, forKey: .level)
        try c.encode(code, forKey: .code)
        try c.encode(score, forKey: .score)
        try c.encode(status, forKey: .status)
        try c.encode(method, forKey: .method)
        try c.encode(edition, forKey: .edition)
        try c.encode(overridden, forKey: .overridden)
    }
}
