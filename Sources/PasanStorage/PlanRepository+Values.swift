import PasanDomain
import SQLKit

extension PlanRepository {
    /// The values of the plan's indicators, by indicator code, each by year: a "same"-linked
    /// indicator's are the published national totals (area `LA`, no breakdown, annual period)
    /// of its SDG series (origin `.sdg`), the others' their current own values (origin `.plan`).
    /// One query per kind of source, whatever the number of indicators.
    public func values(plan: String, seriesOf: (String) -> [Series]) async throws -> [String: [PlanValue]] {
        guard let document = try await document(plan) else { throw PlanStorageError.unknownPlan(plan) }
        return try await values(of: document, seriesOf: seriesOf)
    }

    /// The values of a plan already at hand (the catalog's), without reading the plan again.
    public func values(of document: PlanDocument, seriesOf: (String) -> [Series]) async throws -> [String: [PlanValue]] {
        let plan = document.plan.code
        let same = Self.sameSeries(document, series: Self.seriesMap(document.links.map(\.sdgIndicator), seriesOf))
        return try await database.read { db in
            var result: [String: [PlanValue]] = [:]
            let published = Dictionary(
                grouping: try await Self.nationalTotals(db, series: Array(same.values)),
                by: { "\($0.key.indicator)\u{1F}\($0.key.series)" }
            )
            for (indicator, series) in same {
                let cells = published["\(series.indicator)\u{1F}\(series.code)"] ?? []
                let values = cells.compactMap { cell -> PlanValue? in
                    guard let year = Self.year(cell.key.period) else { return nil }
                    return PlanValue(
                        year: year,
                        value: cell.value.value,
                        source: cell.value.source,
                        origin: .sdg(indicator: series.indicator, series: series.code)
                    )
                }
                if !values.isEmpty { result[indicator] = values.sorted { $0.year < $1.year } }
            }
            for (indicator, values) in try await Self.currentOwnValues(db, plan: plan) where same[indicator] == nil {
                result[indicator] = values.values.sorted { $0.year < $1.year }.map {
                    PlanValue(year: $0.year, value: $0.value, source: $0.source, origin: .plan)
                }
            }
            return result
        }
    }

    /// Records a plan indicator's value for a year (one transaction, audited): a "same"-linked
    /// indicator's value is written to its SDG series' published national total (dataset
    /// `plan:<code>`, with history); another's is a new revision of its own value when it
    /// differs. Returns the value as it is now kept.
    @discardableResult
    public func recordValue(
        plan: String,
        indicator: String,
        year: Int,
        value: Double,
        source: String?,
        actor: ChangeContext,
        reason: String,
        seriesOf: (String) -> [Series]
    ) async throws -> PlanValue {
        guard let document = try await document(plan) else { throw PlanStorageError.unknownPlan(plan) }
        guard let planIndicator = document.indicators.first(where: { $0.code == indicator }) else {
            throw PlanStorageError.unknownIndicator(plan: plan, indicator: indicator)
        }
        let same = Self.sameSeries(document, series: Self.seriesMap(document.links.map(\.sdgIndicator), seriesOf))[indicator]
        let entry = PlanValueEntry(indicator: indicator, year: year, value: value, source: source)
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            try await Self.requireIndicator(db, plan: plan, indicator: indicator)
            let counts = try await Self.writeValues(
                db,
                plan: plan,
                writes: [ValueWrite(indicator: planIndicator, entry: entry, same: same)],
                actor: actor,
                reason: reason,
                at: at
            )
            if counts.written > 0 {
                try await AuditLog.record(
                    db,
                    actor,
                    action: "record-value",
                    entity: "plan-value",
                    id: "\(plan)/\(indicator)/\(year)",
                    before: Optional<Nothing>.none,
                    after: ValueAudit(value: entry, series: same?.code, reason: reason)
                )
            }
            return PlanValue(
                year: year,
                value: value,
                source: source,
                origin: same.map { .sdg(indicator: $0.indicator, series: $0.code) } ?? .plan
            )
        }
    }

    /// Every recorded value of a plan indicator, oldest first, with who, when and why: the
    /// revisions of its own values, or, for a "same"-linked indicator, the changes of its SDG
    /// series' published national total.
    public func valueHistory(plan: String, indicator: String) async throws -> [(PlanValueEntry, PlanRevisionStamp)] {
        try await database.read { db in
            try await Self.requireIndicator(db, plan: plan, indicator: indicator)
            guard let document = try await Self.load(db, plan: plan).first else { throw PlanStorageError.unknownPlan(plan) }
            let series = try await Self.series(db, indicators: Set(document.links.map(\.sdgIndicator)))
            if let same = Self.sameSeries(document, series: series)[indicator] {
                let rows = try await db.select().column("*").from("observation_history").where("indicator", .equal, same.indicator)
                    .where("series", .equal, same.code).where("area", .equal, Area.countryCode).where("dimension_key", .equal, "")
                    .orderBy("id").all()
                var revisions: [Int: Int] = [:]
                var history: [(PlanValueEntry, PlanRevisionStamp)] = []
                for row in rows {
                    guard let year = Self.year(try row.string("period")), !(try row.decodeNil(column: "new_value")) else { continue }
                    revisions[year, default: 0] += 1
                    history.append(
                        (
                            PlanValueEntry(indicator: indicator, year: year, value: try row.double("new_value"), source: nil),
                            PlanRevisionStamp(
                                revision: revisions[year]!,
                                by: try row.string("actor"),
                                at: try row.string("at"),
                                reason: try row.optionalString("reason")
                            )
                        )
                    )
                }
                return history
            }
            return try await db.select().column("*").from("plan_indicator_values").where("plan", .equal, plan)
                .where("indicator", .equal, indicator).orderBy("id").all().map { row in
                    (
                        PlanValueEntry(
                            indicator: indicator,
                            year: try row.int("year"),
                            value: try row.double("value"),
                            source: try row.optionalString("source")
                        ),
                        PlanRevisionStamp(
                            revision: try row.int("revision"),
                            by: try row.string("entered_by"),
                            at: try row.string("entered_at"),
                            reason: try row.optionalString("reason")
                        )
                    )
                }
        }
    }

    // MARK: Writing values

    /// A value to write for a plan indicator, and the SDG series it is "same" as (if any).
    struct ValueWrite: Sendable {
        var indicator: PlanIndicator
        var entry: PlanValueEntry
        var same: Series?
    }

    struct ValueCounts {
        var ownAdded = 0
        var ownChanged = 0
        var sdgAdded = 0
        var sdgChanged = 0

        var written: Int { ownAdded + ownChanged + sdgAdded + sdgChanged }
    }

    struct OwnKey: Hashable {
        var indicator: String
        var year: Int
    }

    /// A stored own value (the current revision of its year).
    struct OwnValue: Sendable {
        var year: Int
        var value: Double
        var source: String?
        var revision: Int
    }

    /// Writes values by the flow rule; the last of several values for one cell wins.
    static func writeValues(
        _ db: any SQLDatabase,
        plan: String,
        writes: [ValueWrite],
        actor: ChangeContext,
        reason: String,
        at: String
    ) async throws -> ValueCounts {
        var counts = ValueCounts()
        guard !writes.isEmpty else { return counts }
        let dataset = "plan:\(plan)"

        // "Same": the SDG series' published national total, with history.
        var sdg: [CellKey: ObservationRow] = [:]
        var order: [CellKey] = []
        for write in writes {
            guard let series = write.same else { continue }
            let key = CellKey(
                indicator: series.indicator,
                series: series.code,
                area: Area.countryCode,
                period: String(write.entry.year),
                dimensions: ""
            )
            if sdg[key] == nil { order.append(key) }
            sdg[key] = ObservationRow(
                key: key,
                unit: series.unit ?? write.indicator.unit ?? "",
                value: write.entry.value,
                status: nil,
                source: write.entry.source
            )
        }
        if !sdg.isEmpty {
            try await ObservationSummary.serialisePublications(db)
            let published = try await nationalTotals(db, series: writes.compactMap(\.same))
            let rows = order.compactMap { sdg[$0] }.filter { published[$0.key]?.value != $0.value }
            let changes = try await ObservationPublication.write(
                db,
                rows: rows,
                dataset: dataset,
                batchID: nil,
                published: published.mapValues { (value: $0.value, dataset: $0.dataset) }
            )
            counts.sdgAdded = changes.filter { $0.old == nil }.count
            counts.sdgChanged = changes.count - counts.sdgAdded
            try await ObservationPublication.recordHistory(
                db,
                changes,
                dataset: dataset,
                batchID: nil,
                actor: actor.actorName,
                at: at,
                reason: reason.nilIfBlank
            )
        }

        // The others: a new revision of their own value when it differs.
        let own = writes.filter { $0.same == nil }
        if !own.isEmpty {
            let current = try await currentOwnValues(db, plan: plan)
            var latest: [OwnKey: OwnValue] = [:]
            var keys: [OwnKey] = []
            for write in own {
                let key = OwnKey(indicator: write.indicator.code, year: write.entry.year)
                if latest[key] == nil { keys.append(key) }
                latest[key] = OwnValue(year: write.entry.year, value: write.entry.value, source: write.entry.source, revision: 0)
            }
            var rows: [[any SQLExpression]] = []
            for key in keys {
                guard let new = latest[key] else { continue }
                let old = current[key.indicator]?[key.year]
                if let old, old.value == new.value, old.source == new.source { continue }
                if old == nil { counts.ownAdded += 1 } else { counts.ownChanged += 1 }
                rows.append([
                    SQLBind(plan), SQLBind(key.indicator), SQLBind(key.year), SQLBind(new.value), SQLValue.text(new.source),
                    SQLBind((old?.revision ?? 0) + 1), SQLBind(actor.actorName), SQLBind(at), SQLValue.text(reason.nilIfBlank),
                ])
            }
            try await db.insertBatched(
                into: "plan_indicator_values",
                columns: ["plan", "indicator", "year", "value", "source", "revision", "entered_by", "entered_at", "reason"],
                rows: rows
            )
        }
        return counts
    }

    /// The current own values of a plan's indicators, by indicator and year.
    static func currentOwnValues(_ db: any SQLDatabase, plan: String) async throws -> [String: [Int: OwnValue]] {
        let rows = try await db.raw(
            """
            SELECT v.indicator, v.year, v.value, v.source, v.revision FROM plan_indicator_values v
            WHERE v.plan = \(bind: plan) AND v.revision = (SELECT MAX(m.revision) FROM plan_indicator_values m
                WHERE m.plan = v.plan AND m.indicator = v.indicator AND m.year = v.year)
            """
        ).all()
        var result: [String: [Int: OwnValue]] = [:]
        for row in rows {
            let value = OwnValue(
                year: try row.int("year"),
                value: try row.double("value"),
                source: try row.optionalString("source"),
                revision: try row.int("revision")
            )
            result[try row.string("indicator"), default: [:]][value.year] = value
        }
        return result
    }

    /// A published national-total cell: value, source and dataset.
    struct PublishedTotal: Sendable {
        var value: Double
        var source: String?
        var dataset: String
    }

    /// The published national totals (area `LA`, no breakdown) of `series`, every period.
    static func nationalTotals(_ db: any SQLDatabase, series: [Series]) async throws -> [CellKey: PublishedTotal] {
        let wanted = Set(series.map { "\($0.indicator)\u{1F}\($0.code)" })
        var result: [CellKey: PublishedTotal] = [:]
        // One seek per (series, indicator) pair on the first columns of the observations' key, so
        // that only the national totals are read (an indicator may hold a million village values
        // besides). Two IN lists would seek every combination of them; the pairs are joined instead.
        for chunk in Array(series).chunked(into: 400) where !chunk.isEmpty {
            var query: SQLQueryString = "WITH wanted(series, indicator) AS (VALUES "
            for (i, s) in chunk.enumerated() { query += "\(unsafeRaw: i == 0 ? "" : ", ")(\(bind: s.code), \(bind: s.indicator))" }
            // The texts of a row in one column (two decodes a row instead of six: decoding is most
            // of the time), as ObservationStream reads them.
            let separator = ObservationStream.separator
            query += ") SELECT o.indicator || \(bind: separator) || o.series || \(bind: separator) || o.period"
            query += " || \(bind: separator) || o.dataset || \(bind: separator) || COALESCE(o.source, '') AS packed, o.value FROM wanted"
            // CROSS JOIN keeps `wanted` the outer loop on SQLite (its planner may otherwise scan
            // the observations); PostgreSQL plans it as the join it is.
            query += " CROSS JOIN observations o WHERE o.series = wanted.series AND o.indicator = wanted.indicator"
            query += " AND o.area = \(bind: Area.countryCode) AND o.dimension_key = ''"
            let rows = try await db.raw(query).all()
            for row in rows {
                let parts = try row.string("packed").split(separator: separator, maxSplits: 4, omittingEmptySubsequences: false)
                guard parts.count == 5 else { continue }
                let indicator = String(parts[0]), code = String(parts[1])
                guard wanted.contains("\(indicator)\u{1F}\(code)") else { continue }
                let key = CellKey(indicator: indicator, series: code, area: Area.countryCode, period: String(parts[2]), dimensions: "")
                result[key] = PublishedTotal(
                    value: try row.double("value"),
                    source: parts[4].isEmpty ? nil : String(parts[4]),
                    dataset: String(parts[3])
                )
            }
        }
        return result
    }

    /// The year an annual period names (`2020`); `nil` for other periods (`2020-Q1`).
    static func year(_ period: String) -> Int? {
        period.count == 4 ? Int(period) : nil
    }

    struct ValueAudit: Encodable {
        var value: PlanValueEntry
        var series: String?
        var reason: String
    }
}
