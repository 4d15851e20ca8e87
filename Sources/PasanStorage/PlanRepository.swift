import PasanDomain
import PasanMessages
import SQLKit

/// What a plan write refused: a plan, result, indicator, target or SDG indicator it names that
/// does not exist.
public enum PlanStorageError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownPlan(String)
    case unknownResult(plan: String, result: String)
    case unknownIndicator(plan: String, indicator: String)
    case unknownSDGIndicator(String)
    case noTarget(plan: String, indicator: String, year: Int, kind: PlanTargetKind)

    public var description: String { message.text(in: .en) }

    public var message: Message {
        switch self {
        case .unknownPlan(let plan):
            Message("plans_storage.error.unknownPlan", ["plan": .text(plan)])
        case .unknownResult(let plan, let result):
            Message("plans_storage.error.unknownResult", ["plan": .text(plan), "result": .text(result)])
        case .unknownIndicator(let plan, let indicator):
            Message("plans_storage.error.unknownIndicator", ["plan": .text(plan), "indicator": .text(indicator)])
        case .unknownSDGIndicator(let code):
            Message("plans_storage.error.unknownSDGIndicator", ["indicator": .text(code)])
        case .noTarget(let plan, let indicator, let year, let kind):
            switch kind {
            case .annual:
                Message(
                    "plans_storage.error.noAnnualTarget",
                    ["plan": .text(plan), "indicator": .text(indicator), "year": .text(String(year))]
                )
            case .endOfPlan:
                Message(
                    "plans_storage.error.noEndOfPlanTarget",
                    ["plan": .text(plan), "indicator": .text(indicator), "year": .text(String(year))]
                )
            case .milestone:
                Message(
                    "plans_storage.error.noMilestone",
                    ["plan": .text(plan), "indicator": .text(indicator), "year": .text(String(year))]
                )
            }
        }
    }
}

/// What saving a plan document added and changed.
public struct PlanSaveSummary: Sendable, Hashable, Codable {
    public var plan: String
    public var planAdded = false
    public var planChanged = false
    public var resultsAdded = 0
    public var resultsChanged = 0
    public var indicatorsAdded = 0
    public var indicatorsChanged = 0
    /// Indicators whose set of SDG links changed.
    public var linkSetsChanged = 0
    public var targetsAdded = 0
    public var targetsRevised = 0
    public var targetsRemoved = 0
    /// Own values (`plan_indicator_values`) new for their year, and revised.
    public var valuesAdded = 0
    public var valuesChanged = 0
    /// Values of "same"-linked indicators written to the SDG series' published national total.
    public var sdgValuesAdded = 0
    public var sdgValuesChanged = 0

    public init(plan: String) {
        self.plan = plan
    }

    /// Whether the save wrote anything.
    public var hasChanges: Bool {
        planAdded || planChanged
            || [
                resultsAdded, resultsChanged, indicatorsAdded, indicatorsChanged, linkSetsChanged, targetsAdded, targetsRevised,
                targetsRemoved, valuesAdded, valuesChanged, sdgValuesAdded, sdgValuesChanged,
            ].contains { $0 > 0 }
    }
}

/// Plans in the database (`docs/plans.md`): documents saved whole (upserts: nothing a document
/// does not name is deleted), targets, own values and mainstreaming decisions kept as revisions,
/// and values of "same"-linked indicators kept as the SDG series' published values.
public struct PlanRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The actor of shipped plans written at start-up.
    public static let seedActor = ChangeContext(actorID: nil, actorName: "seed", address: nil)

    // MARK: Reading

    /// Every plan, whole (indicators with their current targets; `values` empty: see `values`).
    public func documents() async throws -> [PlanDocument] {
        try await database.read { db in try await Self.load(db, plan: nil) }
    }

    /// One plan, whole; `nil` when there is none with that code.
    public func document(_ code: String) async throws -> PlanDocument? {
        try await database.read { db in try await Self.load(db, plan: code).first }
    }

    /// The plans (all, or the one named), by start year then code, each with its results (in
    /// code order), indicators (in code order) with their current targets, and links.
    static func load(_ db: any SQLDatabase, plan code: String?) async throws -> [PlanDocument] {
        func select(_ table: String, _ column: String) -> SQLSelectBuilder {
            let query = db.select().column("*").from(table)
            return code.map { query.where(SQLIdentifier(column), .equal, SQLBind($0)) } ?? query
        }
        let plans = try await select("plans", "code").all().map(Self.plan)
        guard !plans.isEmpty else { return [] }
        let results = try await select("plan_results", "plan").all().map(Self.result)
        let targets = try await Self.currentTargets(db, plan: code)
        let indicators = try await select("plan_indicators", "plan").all().map { row in
            let plan = try row.string("plan"), indicator = try row.string("code")
            return try Self.indicator(row, targets: targets["\(plan)/\(indicator)"] ?? [])
        }
        let links = try await select("plan_indicator_links", "plan").all().map(Self.link)
        let resultsByPlan = Dictionary(grouping: results, by: \.plan)
        let indicatorsByPlan = Dictionary(grouping: indicators, by: \.plan)
        let linksByPlan = Dictionary(grouping: links, by: \.plan)
        return plans.sorted { ($0.startYear, $0.code) < ($1.startYear, $1.code) }.map { plan in
            PlanDocument(
                plan: plan,
                results: (resultsByPlan[plan.code] ?? []).sorted { FrameworkCode.areInIncreasingOrder($0.code, $1.code) },
                indicators: (indicatorsByPlan[plan.code] ?? []).sorted { FrameworkCode.areInIncreasingOrder($0.code, $1.code) },
                links: (linksByPlan[plan.code] ?? []).sorted {
                    ($0.planIndicator, $0.sdgIndicator) < ($1.planIndicator, $1.sdgIndicator)
                }
            )
        }
    }

    /// The current (highest-revision, not removed) targets, by `plan/indicator`.
    static func currentTargets(_ db: any SQLDatabase, plan: String?) async throws -> [String: [PlanTarget]] {
        var query: SQLQueryString = """
            SELECT t.plan, t.indicator, t.year, t.kind, t.value FROM plan_targets t
            WHERE t.is_removed = 0 AND t.revision = (SELECT MAX(m.revision) FROM plan_targets m
                WHERE m.plan = t.plan AND m.indicator = t.indicator AND m.year = t.year AND m.kind = t.kind)
            """
        if let plan { query += " AND t.plan = \(bind: plan)" }
        var result: [String: [PlanTarget]] = [:]
        for row in try await db.raw(query).all() {
            guard let kind = PlanTargetKind(rawValue: try row.string("kind")) else { continue }
            result["\(try row.string("plan"))/\(try row.string("indicator"))", default: []].append(
                PlanTarget(year: try row.int("year"), value: try row.double("value"), kind: kind)
            )
        }
        return result
    }

    static func plan(_ row: any SQLRow) throws -> DevelopmentPlan {
        DevelopmentPlan(
            code: try row.string("code"),
            name: try row.localized("name"),
            startYear: try row.int("start_year"),
            endYear: try row.int("end_year"),
            note: try row.optionalString("note"),
            kind: PlanKind(rawValue: try row.string("kind")) ?? .national,
            status: PlanStatus(rawValue: try row.string("status")) ?? .adopted,
            institution: try row.optionalString("institution"),
            parentPlan: try row.optionalString("parent_plan"),
            source: try row.optionalString("source"),
            isIllustrative: try row.bool("is_illustrative")
        )
    }

    static func result(_ row: any SQLRow) throws -> PlanResult {
        PlanResult(
            plan: try row.string("plan"),
            code: try row.string("code"),
            level: PlanResultLevel(rawValue: try row.string("level")) ?? .outcome,
            parentCode: try row.optionalString("parent_code"),
            title: try row.localized("title"),
            isVerified: try row.bool("is_verified"),
            note: try row.optionalString("note"),
            source: try row.optionalString("source"),
            alignsWith: ListColumn.split(try row.optionalString("aligns_with"))
        )
    }

    static func indicator(_ row: any SQLRow, targets: [PlanTarget]) throws -> PlanIndicator {
        let baselineYear = try row.optionalInt("baseline_year")
        let baselineValue = try row.decodeNil(column: "baseline_value") ? nil : try row.double("baseline_value")
        var baseline: PlanBaseline?
        if let baselineYear, let baselineValue { baseline = PlanBaseline(year: baselineYear, value: baselineValue) }
        var definition: LocalizedText?
        if try row.optionalString("definition_en") != nil {
            definition = try row.localized("definition", statusColumn: "definition_lo_status")
        }
        return PlanIndicator(
            plan: try row.string("plan"),
            code: try row.string("code"),
            resultCode: try row.string("result_code"),
            title: try row.localized("title"),
            owner: try row.optionalString("owner"),
            definition: definition,
            unit: try row.optionalString("unit"),
            direction: try row.optionalString("direction").flatMap(PlanDirection.init(rawValue:)),
            baseline: baseline,
            targets: targets,
            dataSource: try row.optionalString("data_source"),
            frequency: try row.optionalString("frequency").flatMap(CollectionFrequency.init(rawValue:)),
            isIllustrative: try row.bool("is_illustrative"),
            note: try row.optionalString("note")
        )
    }

    static func link(_ row: any SQLRow) throws -> PlanIndicatorLink {
        PlanIndicatorLink(
            plan: try row.string("plan"),
            planIndicator: try row.string("plan_indicator"),
            sdgIndicator: try row.string("sdg_indicator"),
            series: try row.optionalString("series"),
            relation: NationalRelation(rawValue: try row.string("relation")) ?? .same
        )
    }

    /// The series of `indicators`, as the framework holds them (for reads that are not given
    /// the catalogue's).
    static func series(_ db: any SQLDatabase, indicators: Set<String>) async throws -> [String: [Series]] {
        guard !indicators.isEmpty else { return [:] }
        var result: [String: [Series]] = [:]
        for chunk in indicators.sorted().chunked(into: 500) {
            for row in try await db.select().column("*").from("series").where("indicator", .in, Array(chunk)).orderBy("code").all() {
                let series = Series(
                    code: try row.string("code"),
                    indicator: try row.string("indicator"),
                    name: try row.localized("name"),
                    unit: try row.optionalString("unit"),
                    unitMultiplier: try row.optionalInt("unit_multiplier"),
                    scope: IndicatorScope(rawValue: try row.string("scope")) ?? .global
                )
                result[series.indicator, default: []].append(series)
            }
        }
        return result
    }

    /// `seriesOf` for the SDG indicators named, as a value the database closures may carry.
    static func seriesMap(_ indicators: some Sequence<String>, _ seriesOf: (String) -> [Series]) -> [String: [Series]] {
        var map: [String: [Series]] = [:]
        for code in Set(indicators) { map[code] = seriesOf(code) }
        return map
    }

    /// The plan's indicators that are "same" as an SDG series, with that series.
    static func sameSeries(_ document: PlanDocument, series: [String: [Series]]) -> [String: Series] {
        var result: [String: Series] = [:]
        for indicator in document.indicators {
            if let same = PlanValueFlow.sameSeries(of: indicator, links: document.links, seriesOf: { series[$0] ?? [] }) {
                result[indicator.code] = same
            }
        }
        return result
    }

    static func requirePlan(_ db: any SQLDatabase, _ plan: String) async throws {
        let found = try await db.select().column("code").from("plans").where("code", .equal, plan).first()
        if found == nil { throw PlanStorageError.unknownPlan(plan) }
    }

    static func requireIndicator(_ db: any SQLDatabase, plan: String, indicator: String) async throws {
        try await requirePlan(db, plan)
        let found = try await db.select().column("code").from("plan_indicators").where("plan", .equal, plan)
            .where("code", .equal, indicator).first()
        if found == nil { throw PlanStorageError.unknownIndicator(plan: plan, indicator: indicator) }
    }
}

extension String {
    /// `nil` for an empty text (a reason left blank).
    var nilIfBlank: String? { trimmingSpaces.isEmpty ? nil : self }
}
