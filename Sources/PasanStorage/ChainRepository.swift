import Foundation
import PasanDomain
import SQLKit

/// Why a chain step or set-up was refused by storage.
public enum ChainProblem: Error, Sendable, Hashable {
    case unknownChain
    /// The area is not a unit of the chain (not one of its levels, or outside its scope).
    case notAUnit(String)
    case unknownForm(String)
    case unknownField(String)
    /// A value was entered for a unit above the bottom (their values are compiled).
    case compiledLevel
    case refused(ChainStepRefusal)
    /// The set-up is not a chain: no form, no field, no level, levels not from the bottom up,
    /// a weighted average whose denominator is not a field of the form.
    case invalidSetUp(String)
}

/// Multi-level reporting chains (`docs/villages.md`, "Reporting chains").
public struct ChainRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    // MARK: - Chains

    /// Stores a new chain (checked first); returns its id.
    public func create(_ chain: ReportingChain, actor: String) async throws -> Int64 {
        if let problem = Self.check(chain) { throw ChainProblem.invalidSetUp(problem) }
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in try await Self.insert(chain, actor: actor, at: at, into: db) }
    }

    /// What is wrong with a chain's set-up, if anything (a short English reason for logs/tests).
    public static func check(_ chain: ReportingChain) -> String? {
        if chain.forms.isEmpty { return "no form" }
        if chain.levels.isEmpty { return "no level" }
        let depths = chain.levels.map(\.level.depth)
        if depths != depths.sorted(by: >) || Set(depths).count != depths.count || chain.levels.contains(where: { $0.level == .country }) {
            return "levels must go from the bottom up, each once, below the centre"
        }
        if Set(chain.forms.map(\.code)).count != chain.forms.count { return "form codes repeat" }
        for form in chain.forms {
            if form.fields.isEmpty { return "form \(form.code) has no field" }
            let codes = Set(form.fields.map(\.code))
            if codes.count != form.fields.count { return "field codes repeat in form \(form.code)" }
            for field in form.fields {
                if case .weightedAverage(let denominator) = field.aggregation, !codes.contains(denominator) || denominator == field.code {
                    return "the denominator of \(form.code).\(field.code) is not another field of the form"
                }
            }
        }
        return nil
    }

    static func insert(_ chain: ReportingChain, actor: String, at: String, into db: any SQLDatabase) async throws -> Int64 {
        let row = try await db.insert(into: "chains")
            .columns(
                "owner",
                "title_en",
                "title_lo",
                "lo_status",
                "year",
                "indicator",
                "series",
                "scope",
                "is_illustrative",
                "created_by",
                "created_at"
            )
            .values(
                SQLBind(chain.owner),
                SQLBind(chain.title.en),
                SQLValue.text(chain.title.lo),
                SQLBind(chain.title.loStatus.rawValue),
                SQLBind(chain.year),
                SQLValue.text(chain.indicator),
                SQLValue.text(chain.series),
                SQLValue.text(chain.scope),
                SQLValue.bool(chain.isIllustrative),
                SQLBind(actor),
                SQLBind(at)
            )
            .returning("id").first()
        guard let id = try row?.decode(column: "id", as: Int64.self) else { throw ChainProblem.unknownChain }
        try await db.insertBatched(
            into: "chain_forms",
            columns: ["chain_id", "position", "code", "title_en", "title_lo", "lo_status"],
            rows: chain.forms.enumerated().map { i, f in
                [
                    SQLBind(id), SQLBind(i), SQLBind(f.code), SQLBind(f.title.en), SQLValue.text(f.title.lo),
                    SQLBind(f.title.loStatus.rawValue),
                ]
            }
        )
        try await db.insertBatched(
            into: "chain_fields",
            columns: ["chain_id", "form_code", "position", "code", "title_en", "title_lo", "lo_status", "aggregation"],
            rows: chain.forms.flatMap { f in
                f.fields.enumerated().map { i, field in
                    [
                        SQLBind(id), SQLBind(f.code), SQLBind(i), SQLBind(field.code), SQLBind(field.title.en),
                        SQLValue.text(field.title.lo),
                        SQLBind(field.title.loStatus.rawValue), SQLBind(field.aggregation.code),
                    ]
                }
            }
        )
        try await db.insertBatched(
            into: "chain_levels",
            columns: ["chain_id", "position", "level", "deadline"],
            rows: chain.levels.enumerated().map { i, l in
                [SQLBind(id), SQLBind(i), SQLBind(l.level.rawValue), SQLBind(l.deadline.description)]
            }
        )
        return id
    }

    /// Every chain, newest year first, then by title.
    public func chains() async throws -> [ChainSummary] {
        try await database.read { db in try await Self.summaries(db) }
    }

    /// The chains that pass through an area (for the place pages): its area lies in the chain's
    /// scope (or the scope lies in it) and the chain reaches down to its level or below.
    public func chains(through areaCode: String) async throws -> [ChainSummary] {
        guard let level = ChainAreas.level(of: areaCode) else { return [] }
        return try await chains().filter { summary in
            let covers = summary.scope.map { areaCode.hasPrefix($0) || $0.hasPrefix(areaCode) } ?? true
            let bottom = summary.levels.first?.level.depth ?? 0
            return covers && bottom >= level.depth
        }
    }

    static func summaries(_ db: any SQLDatabase) async throws -> [ChainSummary] {
        let levels = try await Self.levels(db, chain: nil)
        return try await db.select().column("*").from("chains").orderBy("year", .descending).orderBy("title_en").orderBy("id").all()
            .map { row in
                let id = try row.decode(column: "id", as: Int64.self)
                return ChainSummary(
                    id: id,
                    owner: try row.string("owner"),
                    title: try row.localized("title"),
                    year: try row.int("year"),
                    levels: levels[id] ?? [],
                    scope: try row.optionalString("scope"),
                    indicator: try row.optionalString("indicator"),
                    isIllustrative: try row.bool("is_illustrative")
                )
            }
    }

    static func levels(_ db: any SQLDatabase, chain: Int64?) async throws -> [Int64: [ChainLevel]] {
        var query = db.select().columns("chain_id", "level", "deadline").from("chain_levels")
        if let chain { query = query.where("chain_id", .equal, chain) }
        var result: [Int64: [ChainLevel]] = [:]
        for row in try await query.orderBy("chain_id").orderBy("position").all() {
            guard let level = AreaLevel(rawValue: try row.string("level")), let deadline = LocalDate(iso: try row.string("deadline")) else {
                continue
            }
            result[try row.decode(column: "chain_id", as: Int64.self), default: []].append(ChainLevel(level: level, deadline: deadline))
        }
        return result
    }

    /// One chain with its forms, fields and levels.
    public func chain(id: Int64) async throws -> ReportingChain? {
        try await database.read { db in try await Self.chain(db, id: id) }
    }

    static func chain(_ db: any SQLDatabase, id: Int64) async throws -> ReportingChain? {
        guard let row = try await db.select().column("*").from("chains").where("id", .equal, id).first() else { return nil }
        var fields: [String: [ChainField]] = [:]
        for f in try await db.select().column("*").from("chain_fields").where("chain_id", .equal, id).orderBy("form_code")
            .orderBy("position").all()
        {
            fields[try f.string("form_code"), default: []].append(
                ChainField(
                    code: try f.string("code"),
                    title: try f.localized("title"),
                    aggregation: ChainAggregation(code: try f.string("aggregation")) ?? .sum
                )
            )
        }
        let forms = try await db.select().column("*").from("chain_forms").where("chain_id", .equal, id).orderBy("position").all()
            .map { f in
                let code = try f.string("code")
                return ChainForm(code: code, title: try f.localized("title"), fields: fields[code] ?? [])
            }
        return ReportingChain(
            id: id,
            owner: try row.string("owner"),
            title: try row.localized("title"),
            year: try row.int("year"),
            indicator: try row.optionalString("indicator"),
            series: try row.optionalString("series"),
            forms: forms,
            levels: try await levels(db, chain: id)[id] ?? [],
            scope: try row.optionalString("scope"),
            isIllustrative: try row.bool("is_illustrative")
        )
    }

    // MARK: - Units and status

    /// The chain's units per level: the areas of each of its levels inside its scope.
    static func units(
        _ db: any SQLDatabase,
        chain: ReportingChain
    ) async throws -> (units: [AreaLevel: [String]], names: [String: LocalizedText]) {
        var units: [AreaLevel: [String]] = [:]
        var names: [String: LocalizedText] = [:]
        var query = db.select().columns("code", "level", "name_en", "name_lo", "lo_status").from("areas")
            .where("level", .in, chain.levels.map { $0.level.rawValue })
        if let scope = chain.scope { query = query.where("code", .like, scope + "%") }
        for row in try await query.orderBy("code").all() {
            guard let level = AreaLevel(rawValue: try row.string("level")) else { continue }
            let code = try row.string("code")
            units[level, default: []].append(code)
            names[code] = try row.localized("name")
        }
        if let scope = chain.scope,
            let row = try await db.select().columns("code", "name_en", "name_lo", "lo_status").from("areas")
                .where("code", .equal, scope).first()
        {
            names[scope] = try row.localized("name")
        }
        return (units, names)
    }

    /// The chain as its pages show it: units, states, entered and compiled values, completeness.
    /// Compiled on read (measured: see `pasan bench-chains`), so a lower change shows at once up
    /// to the centre.
    public func status(of id: Int64) async throws -> ChainStatus? {
        let today = database.clock.today
        return try await database.read { db in
            guard let chain = try await Self.chain(db, id: id) else { return nil }
            return try await Self.status(db, chain: chain, today: today)
        }
    }

    static func status(_ db: any SQLDatabase, chain: ReportingChain, today: LocalDate) async throws -> ChainStatus {
        let id = chain.id ?? 0
        let (units, names) = try await Self.units(db, chain: chain)
        var states: [String: [String: ChainSubmissionState]] = [:]
        var comments: [String: [String: String]] = [:]
        for row in try await db.select().columns("area_code", "form_code", "state", "comment").from("chain_submissions")
            .where("chain_id", .equal, id).all()
        {
            let area = try row.string("area_code"), form = try row.string("form_code")
            guard let state = ChainSubmissionState(rawValue: try row.string("state")) else { continue }
            states[area, default: [:]][form] = state
            if state == .returned, let comment = try row.optionalString("comment") { comments[area, default: [:]][form] = comment }
        }
        var entered: [String: ChainUnitValues] = [:]
        for row in try await db.select().columns("area_code", "form_code", "field_code", "value").from("chain_values")
            .where("chain_id", .equal, id).all()
        {
            entered[try row.string("area_code"), default: [:]][try row.string("form_code"), default: [:]][
                try row.string("field_code")
            ] =
                try row.double("value")
        }
        let compiled = ChainCompilation.compile(chain, entered: entered, states: states)
        return ChainStatus(
            chain: chain,
            units: units,
            names: names,
            states: states,
            comments: comments,
            entered: entered,
            compiled: compiled,
            completeness: ChainCompilation.completeness(chain, units: units, states: states, today: today),
            today: today
        )
    }

    // MARK: - Steps

    /// Takes one step on a unit's form in one transaction: checks the unit, the form, the values
    /// and the workflow; writes the state (a submission is a new revision), the bottom unit's
    /// values, and the step with who, when and why. Returns the new state.
    /// `values`: for `save`/`submit` of a bottom unit, the form's values (replacing the old ones);
    /// for a higher unit's `submit` (forward), the compiled values to keep with the step.
    @discardableResult
    public func take(
        _ step: ChainStep,
        chain id: Int64,
        area: String,
        form: String,
        values: ChainFormValues? = nil,
        comment: String? = nil,
        as role: ChainRole,
        actor: String
    ) async throws -> ChainSubmissionState {
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            guard let chain = try await Self.chain(db, id: id) else { throw ChainProblem.unknownChain }
            return try await Self.take(
                db,
                step,
                chain: chain,
                area: area,
                form: form,
                values: values,
                comment: comment,
                as: role,
                actor: actor,
                at: at
            )
        }
    }

    /// `take` inside a transaction, for a chain already read (the demo seeds through it).
    static func take(
        _ db: any SQLDatabase,
        _ step: ChainStep,
        chain: ReportingChain,
        area: String,
        form: String,
        values: ChainFormValues?,
        comment: String?,
        as role: ChainRole,
        actor: String,
        at: String
    ) async throws -> ChainSubmissionState {
        let id = chain.id ?? 0
        guard let level = ChainAreas.level(of: area), chain.level(level) != nil, chain.covers(area),
            try await db.select().column("code").from("areas").where("code", .equal, area).first() != nil
        else { throw ChainProblem.notAUnit(area) }
        guard let chainForm = chain.forms.first(where: { $0.code == form }) else { throw ChainProblem.unknownForm(form) }
        let isBottom = level == chain.bottom
        if let values {
            if !isBottom && step == .save { throw ChainProblem.compiledLevel }
            let known = Set(chainForm.fields.map(\.code))
            if let unknown = values.keys.sorted().first(where: { !known.contains($0) }) { throw ChainProblem.unknownField(unknown) }
        }
        let current = try await db.select().columns("state", "revision").from("chain_submissions")
            .where("chain_id", .equal, id).where("area_code", .equal, area).where("form_code", .equal, form).first()
        let state = try current.flatMap { ChainSubmissionState(rawValue: try $0.string("state")) }
        var revision = try current?.int("revision") ?? 0
        if step == .save && !isBottom { throw ChainProblem.compiledLevel }
        let next: ChainSubmissionState
        switch ChainWorkflow.apply(step, to: state, as: role, comment: comment) {
        case .success(let s): next = s
        case .failure(let refusal): throw ChainProblem.refused(refusal)
        }
        if step == .submit { revision += 1 }
        if isBottom, let values, step == .save || step == .submit {
            try await db.delete(from: "chain_values").where("chain_id", .equal, id).where("area_code", .equal, area)
                .where("form_code", .equal, form).run()
            try await db.insertBatched(
                into: "chain_values",
                columns: ["chain_id", "area_code", "form_code", "field_code", "value"],
                rows: values.sorted { $0.key < $1.key }.map {
                    [SQLBind(id), SQLBind(area), SQLBind(form), SQLBind($0.key), SQLBind($0.value)]
                }
            )
        }
        let kept = step == .return || step == .accept ? nil : comment
        try await db.insert(into: "chain_submissions")
            .columns("chain_id", "area_code", "form_code", "state", "revision", "comment", "updated_by", "updated_at")
            .values(
                SQLBind(id),
                SQLBind(area),
                SQLBind(form),
                SQLBind(next.rawValue),
                SQLBind(revision),
                SQLValue.text(step == .return ? comment : kept),
                SQLBind(actor),
                SQLBind(at)
            )
            .onConflict(with: ["chain_id", "area_code", "form_code"]) { update in
                update.set(excludedValueOf: "state").set(excludedValueOf: "revision").set(excludedValueOf: "comment")
                    .set(excludedValueOf: "updated_by").set(excludedValueOf: "updated_at")
            }
            .run()
        try await db.insert(into: "chain_steps")
            .columns("chain_id", "area_code", "form_code", "step", "state", "revision", "values_json", "comment", "actor", "at")
            .values(
                SQLBind(id),
                SQLBind(area),
                SQLBind(form),
                SQLBind(step.rawValue),
                SQLBind(next.rawValue),
                SQLBind(revision),
                SQLValue.text(values.map(Self.json)),
                SQLValue.text(comment),
                SQLBind(actor),
                SQLBind(at)
            )
            .run()
        return next
    }

    /// Every step taken on a unit's forms, oldest first.
    public func history(chain id: Int64, area: String) async throws -> [ChainStepRecord] {
        try await database.read { db in
            try await db.select().column("*").from("chain_steps").where("chain_id", .equal, id).where("area_code", .equal, area)
                .orderBy("id").all()
                .compactMap { row in
                    guard let step = ChainStep(rawValue: try row.string("step")),
                        let state = ChainSubmissionState(rawValue: try row.string("state"))
                    else { return nil }
                    return ChainStepRecord(
                        area: area,
                        form: try row.string("form_code"),
                        step: step,
                        state: state,
                        revision: try row.int("revision"),
                        values: try row.optionalString("values_json").flatMap(Self.values(json:)),
                        comment: try row.optionalString("comment"),
                        actor: try row.string("actor"),
                        at: try row.string("at")
                    )
                }
        }
    }

    static func json(_ values: ChainFormValues) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(values)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    static func values(json: String) -> ChainFormValues? {
        try? JSONDecoder().decode(ChainFormValues.self, from: Data(json.utf8))
    }
}
