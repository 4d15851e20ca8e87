import PasanDomain
import PasanReferenceData
import SQLKit

/// Writes the shipped reference data into an empty database, in one transaction, once.
///
/// Idempotent: a marker in `pasan_meta` records that the reference data is in place, so a second
/// start (or a second process starting at the same time) writes nothing.
public struct ReferenceDataSeeder: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public enum Outcome: Sendable, Equatable {
        case seeded
        case alreadyPresent
    }

    static let referenceMarker = "reference_data"
    static let demoMarker = "demo_data"

    @discardableResult
    public func seedIfEmpty(_ data: ReferenceDataSet) async throws -> Outcome {
        try await database.write { db in
            if try await Self.marker(Self.referenceMarker, in: db) != nil { return .alreadyPresent }
            try await Self.insert(data, into: db)
            try await Self.setMarker(Self.referenceMarker, value: "shipped", in: db)
            return .seeded
        }
    }

    /// Adds the demo dataset (observations, progress configurations) once; the demo plans are
    /// seeded apart (`seedPlansIfAbsent`).
    @discardableResult
    public func seedDemoIfAbsent(_ demo: DemoDataSet) async throws -> Outcome {
        try await database.write { db in
            if try await Self.marker(Self.demoMarker, in: db) != nil { return .alreadyPresent }
            try await Self.insertObservations(demo.observations, dataset: "demo", into: db)
            try await db.insertBatched(
                into: "progress_configs",
                columns: [
                    "indicator", "series", "dimension_key", "area", "base_year", "target_year", "target", "direction", "limit_value",
                    "note",
                ],
                rows: demo.progress.map { c in
                    [
                        SQLBind(c.indicator), SQLBind(c.series), SQLBind(c.dimensions), SQLBind(c.area), SQLBind(c.baseYear),
                        SQLBind(c.targetYear), SQLValue.double(c.target), SQLBind(c.direction), SQLValue.double(c.limit),
                        SQLValue.text(c.note),
                    ]
                }
            )
            try await Self.setMarker(Self.demoMarker, value: "loaded", in: db)
            return .seeded
        }
    }

    /// Which plans a start seeds: those shipped with Pasan, or the demo's.
    public enum PlanSet: String, Sendable {
        case shipped
        case demo

        /// Set once the plans are in place. Plans arrived whole with issue 13: a database seeded
        /// before it gets the shipped plans it lacks (a save is an upsert, so nothing is lost).
        var marker: String {
            switch self {
            case .shipped: "plans_v13"
            case .demo: "demo_plans_v13"
            }
        }

        var reason: String {
            switch self {
            case .shipped: "shipped with Pasan"
            case .demo: "demo data (illustrative)"
            }
        }
    }

    /// Saves `documents` once, in one transaction, through the same path as every plan save
    /// (`PlanRepository`, actor `seed`), then sets the set's marker.
    @discardableResult
    public func seedPlansIfAbsent(_ documents: [PlanDocument], set: PlanSet) async throws -> Outcome {
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            if try await Self.marker(set.marker, in: db) != nil { return .alreadyPresent }
            let linked = Set(documents.flatMap { $0.links.map(\.sdgIndicator) })
            let stored = Set(
                try await db.select().column("sdg_indicator").from("plan_indicator_links").all().map { try $0.string("sdg_indicator") }
            )
            let series = try await PlanRepository.series(db, indicators: linked.union(stored))
            for document in documents {
                _ = try await PlanRepository.save(
                    db,
                    document: document,
                    actor: PlanRepository.seedActor,
                    reason: set.reason,
                    at: at,
                    series: series
                )
            }
            try await Self.setMarker(set.marker, value: set.rawValue, in: db)
            return .seeded
        }
    }

    /// Whether the plans of `set` are in place.
    public func hasPlans(_ set: PlanSet) async throws -> Bool {
        try await database.read { db in try await Self.marker(set.marker, in: db) != nil }
    }

    public func isSeeded() async throws -> Bool {
        try await database.read { db in try await Self.marker(Self.referenceMarker, in: db) != nil }
    }

    // MARK: - Inserts

    static func insert(_ data: ReferenceDataSet, into db: any SQLDatabase) async throws {
        typealias V = SQLValue
        try await db.insertBatched(
            into: "goals",
            columns: ["number", "short_en", "short_lo", "title_en", "title_lo", "lo_status", "colour", "is_national"],
            rows: data.goals.map {
                [
                    V.int($0.number), V.text($0.shortTitle.en), V.text($0.shortTitle.lo), V.text($0.title.en), V.text($0.title.lo),
                    V.text($0.title.loStatus.rawValue), V.text($0.colour), V.bool($0.isNational),
                ]
            }
        )
        try await db.insertBatched(
            into: "targets",
            columns: ["code", "goal", "title_en", "title_lo", "lo_status", "is_national"],
            rows: data.targets.map {
                [
                    V.text($0.code), V.int($0.goal), V.text($0.title?.en), V.text($0.title?.lo),
                    V.text(($0.title?.loStatus ?? .machine).rawValue), V.bool($0.isNational),
                ]
            }
        )
        // Global indicators first: national ones may refer to them.
        let indicators = data.indicators.sorted { ($0.relatedGlobalCode == nil ? 0 : 1) < ($1.relatedGlobalCode == nil ? 0 : 1) }
        try await db.insertBatched(
            into: "indicators",
            columns: [
                "code", "goal", "target", "title_en", "title_lo", "lo_status", "scope", "un_code", "tier", "custodians", "partners",
                "national_relation", "related_global_code", "relation_basis", "is_retired", "is_repeat",
            ],
            rows: indicators.map {
                [
                    V.text($0.code), V.int($0.goal), V.text($0.target), V.text($0.title.en), V.text($0.title.lo),
                    V.text($0.title.loStatus.rawValue), V.text($0.scope.rawValue), V.text($0.unCode), V.text($0.tier?.rawValue),
                    V.text(ListColumn.join($0.custodians)), V.text(ListColumn.join($0.partners)), V.text($0.nationalRelation?.rawValue),
                    V.text($0.relatedGlobalCode), V.text($0.relationBasis), V.bool($0.isRetired), V.bool($0.isRepeat),
                ]
            }
        )
        try await db.insertBatched(
            into: "series",
            columns: ["code", "indicator", "name_en", "name_lo", "lo_status", "unit", "unit_multiplier", "scope"],
            rows: data.series.map {
                [
                    V.text($0.code), V.text($0.indicator), V.text($0.name.en), V.text($0.name.lo), V.text($0.name.loStatus.rawValue),
                    V.text($0.unit), V.int($0.unitMultiplier), V.text($0.scope.rawValue),
                ]
            }
        )
        // Parents before children.
        let areas = data.areas.sorted { $0.level.depth < $1.level.depth }
        try await db.insertBatched(
            into: "areas",
            columns: ["code", "level", "parent_code", "name_en", "name_lo", "lo_status", "pcode", "iso_code", "note"],
            rows: areas.map {
                [
                    V.text($0.code), V.text($0.level.rawValue), V.text($0.parentCode), V.text($0.name.en), V.text($0.name.lo),
                    V.text($0.name.loStatus.rawValue), V.text($0.pcode), V.text($0.isoCode), V.text($0.note),
                ]
            }
        )
        try await db.insertBatched(
            into: "area_aliases",
            columns: ["system", "alias", "area_code", "note"],
            rows: data.areaAliases.map { [V.text($0.system), V.text($0.alias), V.text($0.areaCode), V.text($0.note)] }
        )
        // Boundaries are large: a few per statement.
        for chunk in data.boundaries.chunked(into: 20) {
            try await db.insertBatched(
                into: "area_boundaries",
                columns: ["area_code", "detail", "geometry"],
                rows: chunk.map { [V.text($0.areaCode), V.text($0.detail), V.text($0.geometryJSON)] }
            )
        }
        try await db.insertBatched(
            into: "institutions",
            columns: [
                "code", "abbreviation_en", "abbreviation_lo", "name_en", "name_lo", "lo_status", "kind", "valid_from", "valid_to", "note",
            ],
            rows: data.institutions.map {
                [
                    V.text($0.code), V.text($0.abbreviation.en), V.text($0.abbreviation.lo), V.text($0.name.en), V.text($0.name.lo),
                    V.text($0.name.loStatus.rawValue), V.text($0.kind.rawValue), V.text($0.validFrom?.description),
                    V.text($0.validTo?.description), V.text($0.note),
                ]
            }
        )
        try await db.insertBatched(
            into: "institution_successions",
            columns: ["predecessor", "successor", "kind", "date", "note"],
            rows: data.successions.map {
                [V.text($0.predecessor), V.text($0.successor), V.text($0.kind.rawValue), V.text($0.date?.description), V.text($0.note)]
            }
        )
        try await db.insertBatched(
            into: "attributions",
            columns: ["file", "source", "licence"],
            rows: data.attributions.map { [V.text($0.file), V.text($0.source), V.text($0.licence)] }
        )
    }

    static func insertObservations(_ observations: [Observation], dataset: String, into db: any SQLDatabase) async throws {
        typealias V = SQLValue
        try await db.insertBatched(
            into: "observations",
            columns: ["series", "indicator", "area", "period", "dimension_key", "unit", "value", "status", "source", "dataset"],
            rows: observations.map {
                [
                    V.text($0.series), V.text($0.indicator), V.text($0.area), V.text($0.period), V.text($0.dimensionKey), V.text($0.unit),
                    V.double($0.value), V.text($0.status), V.text($0.source), V.text(dataset),
                ]
            }
        )
        try await ObservationSummary.record(
            db,
            newCells: observations.map {
                CellKey(indicator: $0.indicator, series: $0.series, area: $0.area, period: $0.period, dimensions: $0.dimensionKey)
            }
        )
    }

    static func marker(_ key: String, in db: any SQLDatabase) async throws -> String? {
        try await db.select().column("value").from("pasan_meta").where("key", .equal, key).first()?.string("value")
    }

    static func setMarker(_ key: String, value: String, in db: any SQLDatabase) async throws {
        try await db.insert(into: "pasan_meta").columns("key", "value", "updated_at")
            .values(SQLBind(key), SQLBind(value), SQLBind(Timestamp.now())).run()
    }
}

/// Lists stored in one text column, separated by `; ` (agency names contain commas).
enum ListColumn {
    static func join(_ items: [String]) -> String { items.joined(separator: "; ") }
    static func split(_ text: String?) -> [String] {
        (text ?? "").split(separator: ";").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
