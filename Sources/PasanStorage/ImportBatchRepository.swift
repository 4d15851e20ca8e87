import Foundation
import PasanDomain
import SQLKit

/// A conflict an import batch found: its value for a cell where another dataset published a
/// different one. The import never overwrites it; the Secretariat decides.
public struct ImportConflict: Sendable, Hashable {
    public var id: Int64
    public var batchID: Int64
    public var key: CellKey
    public var staged: Double
    public var published: Double
    public var publishedDataset: String
    public var publishedSource: String?
    /// `open` until the Secretariat resolves it.
    public var isOpen: Bool
    public var createdAt: String
}

/// One change an import made to a published value: the revision trail of imported data.
public struct ObservationHistoryEntry: Sendable, Hashable {
    public var key: CellKey
    public var old: Double?
    public var new: Double?
    public var oldDataset: String?
    public var dataset: String
    public var batchID: Int64?
    public var actor: String
    public var at: String
    public var reason: String?
}

/// Import batches: values from an Open SDG repository or an SDMX message staged with their
/// provenance, previewed against the published observations, published through the same single
/// point of truth as cycle submissions (`ObservationPublication`), or discarded.
///
/// Staging applies the rules every value obeys (`ObservationRules`, shared with submissions;
/// not the default ranges per unit, which catch typing and would drop published figures): a
/// value that breaks one is refused, with the reason, and not staged. Publication writes the
/// added and changed values (changes kept in `observation_history`), lists the conflicts with
/// values another dataset published and leaves those alone, adds the batch's national series to
/// the framework and its code labels (never over a reviewed or official label). Who may do it is
/// the policy's (`Action.importData`), checked by the caller.
public struct ImportBatchRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    // MARK: Staging

    /// Stages a batch in one transaction: the values that pass the rules, the rows refused
    /// (the reader's and the rules'), the national series and code labels it brings.
    @discardableResult
    public func stage(
        source: ImportSource,
        name: String,
        fileName: String,
        actor: ChangeContext,
        values: [StagedValue],
        refusals: [ImportRefusal] = [],
        nationalSeries: [NationalSeriesProposal] = [],
        codeLabels: [CodeLabel] = [],
        metadata: [StagedMetadata] = []
    ) async throws -> ImportBatch {
        let input = StageInput(
            source: source,
            name: name,
            fileName: fileName,
            values: values,
            refusals: refusals,
            nationalSeries: nationalSeries,
            codeLabels: codeLabels,
            metadata: metadata
        )
        return try await database.write { db in try await Self.stage(db, input, actor: actor) }
    }

    /// What staging these would show, without keeping anything (a dry run): the batch is staged
    /// and previewed in a transaction that is then rolled back.
    public func dryRun(
        source: ImportSource,
        name: String,
        fileName: String,
        actor: ChangeContext,
        values: [StagedValue],
        refusals: [ImportRefusal] = [],
        nationalSeries: [NationalSeriesProposal] = [],
        codeLabels: [CodeLabel] = [],
        metadata: [StagedMetadata] = []
    ) async throws -> ImportPreview {
        let input = StageInput(
            source: source,
            name: name,
            fileName: fileName,
            values: values,
            refusals: refusals,
            nationalSeries: nationalSeries,
            codeLabels: codeLabels,
            metadata: metadata
        )
        do {
            _ = try await database.write { db -> Int in
                let batch = try await Self.stage(db, input, actor: actor)
                throw DryRun(preview: try await Self.preview(db, batch: batch))
            }
        } catch let dryRun as DryRun {
            return dryRun.preview
        }
        fatalError("a dry run always rolls back")
    }

    /// Carries a dry run's preview out of the transaction it rolls back.
    struct DryRun: Error {
        var preview: ImportPreview
    }

    struct StageInput: Sendable {
        var source: ImportSource
        var name: String
        var fileName: String
        var values: [StagedValue]
        var refusals: [ImportRefusal]
        var nationalSeries: [NationalSeriesProposal]
        var codeLabels: [CodeLabel]
        var metadata: [StagedMetadata]
    }

    static func stage(_ db: any SQLDatabase, _ input: StageInput, actor: ChangeContext) async throws -> ImportBatch {
        // What the framework knows.
        let areas = Set(try await db.select().column("code").from("areas").all().map { try $0.string("code") })
        let indicators = Set(try await db.select().column("code").from("indicators").all().map { try $0.string("code") })
        var series = Set(
            try await db.select().columns("code", "indicator").from("series").all().map {
                "\(try $0.string("indicator"))|\(try $0.string("code"))"
            }
        )
        // The rules every value obeys, except the ranges of Pasan's defaults per unit (percent
        // 0–100): they catch typing in the grid and in uploads, where the owner corrects it; an
        // import brings statistics as their publisher published them, and some exceed them (LSB
        // published 143–149 % for GC_GOB_TAXD, 17.1.2). Refusing those would drop official figures.
        let rules = ObservationRules(knownAreas: areas, bounds: [:])
        var refusals = input.refusals

        // National series: of an existing indicator, with a code and a name.
        var proposals: [NationalSeriesProposal] = []
        var proposed: Set<String> = []
        for proposal in input.nationalSeries {
            let problem =
                indicators.contains(proposal.indicator)
                ? ImportRules.problem(of: proposal)
                : Message("batches.refusal.unknownIndicator", ["indicator": .text(proposal.indicator)])
            if let problem {
                refusals.append(
                    ImportRefusal(
                        indicator: proposal.indicator,
                        file: input.fileName,
                        location: "SERIES",
                        found: proposal.code,
                        expected: problem
                    )
                )
                continue
            }
            let key = "\(proposal.indicator)|\(proposal.code)"
            guard proposed.insert(key).inserted else { continue }
            proposals.append(proposal)
            series.insert(key)
        }

        // Code labels: the first of each code and language counts.
        var labels: [CodeLabel] = []
        var labelled: Set<String> = []
        for label in input.codeLabels {
            if let problem = ImportRules.problem(of: label) {
                refusals.append(
                    ImportRefusal(
                        file: input.fileName,
                        location: "\(label.codelist) \(label.language.rawValue)",
                        found: label.code,
                        expected: problem
                    )
                )
                continue
            }
            guard labelled.insert("\(label.codelist)|\(label.code)|\(label.language.rawValue)").inserted else { continue }
            labels.append(label)
        }

        // Metadata texts: of a known indicator, one per indicator, language and concept.
        let (metadata, metadataRefusals) = checkMetadata(input.metadata, indicators: indicators)
        refusals += metadataRefusals

        // Values: the shared rules, a known indicator and series, one value per cell.
        var staged: [StagedValue] = []
        staged.reserveCapacity(input.values.count)
        var seen: [CellKey: String] = [:]
        for var value in input.values {
            value.observation.area = ObservationRules.canonicalArea(value.observation.area)
            let o = value.observation
            let key = value.key
            func refuse(_ location: String, _ found: String?, _ expected: Message) {
                refusals.append(
                    ImportRefusal(
                        indicator: o.indicator,
                        file: value.file,
                        line: value.line,
                        location: location,
                        found: found,
                        expected: expected
                    )
                )
            }
            guard indicators.contains(o.indicator) else {
                refuse(key.description, o.indicator, Message("batches.refusal.unknownIndicator", ["indicator": .text(o.indicator)]))
                continue
            }
            guard series.contains("\(o.indicator)|\(o.series)") else {
                refuse(
                    key.description,
                    o.series,
                    Message("batches.refusal.unknownSeries", ["indicator": .text(o.indicator), "series": .text(o.series)])
                )
                continue
            }
            let problems = rules.check(o)
            guard problems.isEmpty else {
                for problem in problems { refuse("\(problem.field) (\(key.description))", problem.found, problem.expected) }
                continue
            }
            let place = value.line.map { "\(value.file):\($0)" } ?? value.file
            if let first = seen[key] {
                refuse(key.description, TidyIssue.echo(place), Message("batches.refusal.duplicate", ["place": .text(first)]))
                continue
            }
            seen[key] = place
            staged.append(value)
        }

        // The batch.
        let now = Timestamp.now()
        let row = try await db.insert(into: "import_batches")
            .columns(
                "source",
                "name",
                "file_name",
                "dataset",
                "created_by",
                "created_by_id",
                "created_at",
                "state",
                "published_at_once",
                "value_count",
                "refusal_count",
                "series_count",
                "code_label_count",
                "metadata_count"
            )
            .values(
                SQLBind(input.source.rawValue),
                SQLBind(input.name),
                SQLBind(input.fileName),
                SQLBind(ImportBatch.dataset(source: input.source, name: input.name)),
                SQLBind(actor.actorName),
                SQLValue.int(actor.actorID.map(Int.init)),
                SQLBind(now),
                SQLBind(ImportBatchState.staged.rawValue),
                SQLValue.bool(false),
                SQLBind(staged.count),
                SQLBind(refusals.count),
                SQLBind(proposals.count),
                SQLBind(labels.count),
                SQLBind(metadata.count)
            )
            .returning("id").first()
        guard let id = try row.map({ Int64(try $0.int("id")) }) else { throw ImportBatchError.notFound }

        try await db.insertBatched(
            into: "import_batch_values",
            columns: [
                "batch_id", "indicator", "series", "area", "period", "dimension_key", "unit", "value", "status", "source", "file", "line",
            ],
            rows: staged.map { v in
                let o = v.observation
                return [
                    SQLBind(id), SQLBind(o.indicator), SQLBind(o.series), SQLBind(o.area), SQLBind(o.period), SQLBind(o.dimensionKey),
                    SQLBind(o.unit), SQLBind(o.value), SQLValue.text(o.status), SQLValue.text(o.source), SQLBind(v.file),
                    SQLValue.int(v.line),
                ]
            }
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try await db.insertBatched(
            into: "import_batch_refusals",
            columns: ["batch_id", "indicator", "file", "line", "location", "found", "message_key", "message_arguments"],
            rows: try refusals.map { r in
                [
                    SQLBind(id), SQLValue.text(r.indicator), SQLBind(r.file), SQLValue.int(r.line), SQLValue.text(r.location),
                    SQLValue.text(r.found), SQLBind(r.expected.key),
                    SQLBind(String(decoding: try encoder.encode(StoredMessage.Arguments(r.expected)), as: UTF8.self)),
                ]
            }
        )
        try await db.insertBatched(
            into: "import_batch_series",
            columns: ["batch_id", "code", "indicator", "name_en", "name_lo", "unit"],
            rows: proposals.map { p in
                [
                    SQLBind(id), SQLBind(p.code), SQLBind(p.indicator), SQLBind(p.nameEnglish.trimmingSpaces),
                    SQLValue.text(p.nameLao.map(\.trimmingSpaces).flatMap { $0.isEmpty ? nil : $0 }), SQLValue.text(p.unit),
                ]
            }
        )
        try await db.insertBatched(
            into: "import_batch_code_labels",
            columns: ["batch_id", "codelist", "code", "language", "label"],
            rows: labels.map { l in
                [SQLBind(id), SQLBind(l.codelist), SQLBind(l.code), SQLBind(l.language.rawValue), SQLBind(l.label.trimmingSpaces)]
            }
        )
        try await insertMetadata(db, batchID: id, metadata)
        let batch = ImportBatch(
            id: id,
            source: input.source,
            name: input.name,
            fileName: input.fileName,
            createdBy: actor.actorName,
            createdAt: now,
            state: .staged,
            counts: ImportBatchCounts(
                values: staged.count,
                refused: refusals.count,
                nationalSeries: proposals.count,
                codeLabels: labels.count,
                metadata: metadata.count
            )
        )
        try await AuditLog.record(
            db,
            actor,
            action: "stage",
            entity: "import-batch",
            id: String(id),
            before: Optional<Nothing>.none,
            after: AuditSummary(batch)
        )
        return batch
    }

    // MARK: Reading

    /// The batches, newest first.
    public func batches() async throws -> [ImportBatch] {
        try await database.read { db in
            try await db.select().column("*").from("import_batches").orderBy("id", .descending).all().map(Self.batch)
        }
    }

    public func batch(id: Int64) async throws -> ImportBatch? {
        try await database.read { db in try await Self.batch(db, id: id) }
    }

    /// What publishing the batch would change now, indicator by indicator (computed against the
    /// current observations).
    public func preview(batchID: Int64) async throws -> ImportPreview {
        try await database.read { db in
            guard let batch = try await Self.batch(db, id: batchID) else { throw ImportBatchError.notFound }
            return try await Self.preview(db, batch: batch)
        }
    }

    /// The rows refused when the batch was staged, in file and line order.
    public func refusals(batchID: Int64) async throws -> [ImportRefusal] {
        try await database.read { db in try await Self.refusals(db, batchID: batchID) }
    }

    /// The conflicts imports found (of one batch, or of all), oldest first.
    public func conflicts(batchID: Int64? = nil, onlyOpen: Bool = true) async throws -> [ImportConflict] {
        try await database.read { db in
            var query = db.select().column("*").from("import_conflicts")
            if let batchID { query = query.where("batch_id", .equal, batchID) }
            if onlyOpen { query = query.where("status", .equal, "open") }
            return try await query.orderBy("id").all().map { row in
                ImportConflict(
                    id: Int64(try row.int("id")),
                    batchID: Int64(try row.int("batch_id")),
                    key: try Self.key(row),
                    staged: try row.double("staged_value"),
                    published: try row.double("published_value"),
                    publishedDataset: try row.string("published_dataset"),
                    publishedSource: try row.optionalString("published_source"),
                    isOpen: try row.string("status") == "open",
                    createdAt: try row.string("created_at")
                )
            }
        }
    }

    /// The changes imports made to a published value, oldest first.
    public func history(of key: CellKey) async throws -> [ObservationHistoryEntry] {
        try await database.read { db in
            try await db.select().column("*").from("observation_history").where("indicator", .equal, key.indicator)
                .where("series", .equal, key.series).where("area", .equal, key.area).where("period", .equal, key.period)
                .where("dimension_key", .equal, key.dimensions).orderBy("id").all().map { row in
                    ObservationHistoryEntry(
                        key: key,
                        old: try row.decodeNil(column: "old_value") ? nil : try row.double("old_value"),
                        new: try row.decodeNil(column: "new_value") ? nil : try row.double("new_value"),
                        oldDataset: try row.optionalString("old_dataset"),
                        dataset: try row.string("dataset"),
                        batchID: try row.optionalInt("batch_id").map(Int64.init),
                        actor: try row.string("actor"),
                        at: try row.string("at"),
                        reason: try row.optionalString("reason")
                    )
                }
        }
    }

    // MARK: Deciding

    /// Publishes a staged batch in one transaction: national series first, then the added and
    /// changed values (as the batch's dataset, naming the batch), the history of the changed
    /// ones, the conflicts (not written), the code labels; the decision and an audit entry.
    /// `atOnce`: published as it was imported (`--publish`), recorded as such.
    @discardableResult
    public func publish(batchID: Int64, actor: ChangeContext, atOnce: Bool = false) async throws -> ImportPublication {
        try await database.write { db in
            try await ObservationSummary.serialisePublications(db)
            var batch = try await Self.decide(db, batchID: batchID, to: .published, actor: actor, atOnce: atOnce)
            let now = Timestamp.now()

            // National series the framework does not have yet.
            let newSeries = try await Self.newSeries(db, batchID: batchID)
            try await db.insertBatched(
                into: "series",
                columns: ["code", "indicator", "name_en", "name_lo", "lo_status", "unit", "unit_multiplier", "scope"],
                rows: newSeries.map { p in
                    [
                        SQLBind(p.code), SQLBind(p.indicator), SQLBind(p.nameEnglish), SQLValue.text(p.nameLao),
                        SQLBind((p.nameLao == nil ? TranslationStatus.machine : .unreviewed).rawValue), SQLValue.text(p.unit),
                        SQLLiteral.null, SQLBind(IndicatorScope.national.rawValue),
                    ]
                }
            )

            // The values, by what publishing them does.
            let classified = try await Self.classified(db, batch: batch)
            var written: [ObservationRow] = []
            var replaced: [CellKey: (value: Double, dataset: String)] = [:]
            var conflicts: [ClassifiedValue] = []
            var unchanged = 0
            for value in classified {
                switch value.change {
                case .added, .changed:
                    let o = value.staged.observation
                    let key = value.staged.key
                    written.append(ObservationRow(key: key, unit: o.unit, value: o.value, status: o.status, source: o.source))
                    if case .changed(let old) = value.change { replaced[key] = (old, batch.dataset) }
                case .unchanged: unchanged += 1
                case .conflict: conflicts.append(value)
                }
            }
            // What the cells held was read with the classification, in this transaction.
            let changes = try await ObservationPublication.write(
                db,
                rows: written,
                dataset: batch.dataset,
                batchID: batchID,
                published: replaced
            )
            let changed = changes.filter { $0.old != nil }
            try await ObservationPublication.recordHistory(
                db,
                changed,
                dataset: batch.dataset,
                batchID: batchID,
                actor: actor.actorName,
                at: now,
                reason: nil
            )
            try await db.insertBatched(
                into: "import_conflicts",
                columns: [
                    "batch_id", "indicator", "series", "area", "period", "dimension_key", "staged_value", "published_value",
                    "published_dataset", "published_source", "status", "created_at",
                ],
                rows: conflicts.compactMap { c in
                    guard case .conflict(let published, let dataset, let source) = c.change else { return nil }
                    let k = c.staged.key
                    return [
                        SQLBind(batchID), SQLBind(k.indicator), SQLBind(k.series), SQLBind(k.area), SQLBind(k.period),
                        SQLBind(k.dimensions),
                        SQLBind(c.staged.observation.value), SQLBind(published), SQLBind(dataset), SQLValue.text(source), SQLBind("open"),
                        SQLBind(now),
                    ]
                }
            )

            // Code labels: never over one a reviewer approved.
            let kept =
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM import_batch_code_labels b JOIN code_labels c
                      ON c.codelist = b.codelist AND c.code = b.code AND c.language = b.language
                    WHERE b.batch_id = \(bind: batchID) AND c.status IN ('reviewed', 'official')
                    """
                ).first()?.int("n") ?? 0
            try await db.raw(
                """
                INSERT INTO code_labels (codelist, code, language, label, status, batch_id, updated_at)
                SELECT codelist, code, language, label, 'unreviewed', batch_id, \(bind: now)
                FROM import_batch_code_labels WHERE batch_id = \(bind: batchID)
                ON CONFLICT (codelist, code, language) DO UPDATE
                SET label = excluded.label, status = excluded.status, batch_id = excluded.batch_id, updated_at = excluded.updated_at
                WHERE code_labels.status NOT IN ('reviewed', 'official')
                """
            ).run()

            let metadataWritten = try await Self.publishMetadata(db, batchID: batchID, actor: actor, at: now)

            let added = changes.count - changed.count
            batch.counts.added = added
            batch.counts.changed = changed.count
            batch.counts.unchanged = unchanged
            batch.counts.conflicts = conflicts.count
            try await db.update("import_batches").set("added_count", to: added).set("changed_count", to: changed.count)
                .set("unchanged_count", to: unchanged).set("conflict_count", to: conflicts.count).where("id", .equal, batchID).run()
            let publication = ImportPublication(
                batch: batch,
                added: added,
                changed: changed.count,
                unchanged: unchanged,
                conflicts: conflicts.count,
                seriesCreated: newSeries.count,
                codeLabelsWritten: batch.counts.codeLabels - kept,
                codeLabelsKept: kept,
                metadataWritten: metadataWritten
            )
            try await AuditLog.record(
                db,
                actor,
                action: atOnce ? "publish-at-once" : "publish",
                entity: "import-batch",
                id: String(batchID),
                before: ImportBatchState.staged.rawValue,
                after: AuditSummary(batch, seriesCreated: newSeries.count, codeLabelsKept: kept)
            )
            return publication
        }
    }

    /// Discards a staged batch: nothing of it is published. Its values and refusals stay, as the
    /// record of what was brought and decided.
    @discardableResult
    public func discard(batchID: Int64, actor: ChangeContext) async throws -> ImportBatch {
        try await database.write { db in
            let batch = try await Self.decide(db, batchID: batchID, to: .discarded, actor: actor, atOnce: false)
            try await AuditLog.record(
                db,
                actor,
                action: "discard",
                entity: "import-batch",
                id: String(batchID),
                before: ImportBatchState.staged.rawValue,
                after: ImportBatchState.discarded.rawValue
            )
            return batch
        }
    }

    // MARK: Internals

    /// Moves a staged batch to `state`; the first of two concurrent decisions wins, the second
    /// finds the batch decided.
    static func decide(
        _ db: any SQLDatabase,
        batchID: Int64,
        to state: ImportBatchState,
        actor: ChangeContext,
        atOnce: Bool
    ) async throws -> ImportBatch {
        let claimed = try await db.update("import_batches").set("state", to: state.rawValue).set("decided_by", to: actor.actorName)
            .set("decided_by_id", to: SQLValue.int(actor.actorID.map(Int.init))).set("decided_at", to: Timestamp.now())
            .set("published_at_once", to: SQLValue.bool(atOnce)).where("id", .equal, batchID)
            .where("state", .equal, ImportBatchState.staged.rawValue).returning("id").first()
        guard let batch = try await batch(db, id: batchID) else { throw ImportBatchError.notFound }
        guard claimed != nil else { throw ImportBatchError.notStaged(batch.state) }
        return batch
    }

    static func batch(_ db: any SQLDatabase, id: Int64) async throws -> ImportBatch? {
        try await db.select().column("*").from("import_batches").where("id", .equal, id).first().map(batch)
    }

    static func batch(_ row: any SQLRow) throws -> ImportBatch {
        ImportBatch(
            id: Int64(try row.int("id")),
            source: ImportSource(rawValue: try row.string("source")) ?? .sdmx,
            name: try row.string("name"),
            fileName: try row.string("file_name"),
            createdBy: try row.string("created_by"),
            createdAt: try row.string("created_at"),
            state: ImportBatchState(rawValue: try row.string("state")) ?? .staged,
            decidedBy: try row.optionalString("decided_by"),
            decidedAt: try row.optionalString("decided_at"),
            publishedAtOnce: try row.bool("published_at_once"),
            counts: ImportBatchCounts(
                values: try row.int("value_count"),
                refused: try row.int("refusal_count"),
                nationalSeries: try row.int("series_count"),
                codeLabels: try row.int("code_label_count"),
                metadata: try row.int("metadata_count"),
                added: try row.optionalInt("added_count"),
                changed: try row.optionalInt("changed_count"),
                unchanged: try row.optionalInt("unchanged_count"),
                conflicts: try row.optionalInt("conflict_count")
            )
        )
    }

    static func key(_ row: any SQLRow) throws -> CellKey {
        CellKey(
            indicator: try row.string("indicator"),
            series: try row.string("series"),
            area: try row.string("area"),
            period: try row.string("period"),
            dimensions: try row.string("dimension_key")
        )
    }

    static func preview(_ db: any SQLDatabase, batch: ImportBatch) async throws -> ImportPreview {
        let labels =
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("import_batch_code_labels")
            .where("batch_id", .equal, batch.id).first()?.int("n") ?? 0
        return ImportPreview(
            batch: batch,
            values: try await classified(db, batch: batch),
            refusals: try await refusals(db, batchID: batch.id),
            nationalSeries: try await newSeries(db, batchID: batch.id),
            codeLabels: labels,
            metadata: try await metadataChanges(db, batchID: batch.id)
        )
    }

    /// The batch's values, each with what publishing it does now: one query, joined with the
    /// published observations.
    static func classified(_ db: any SQLDatabase, batch: ImportBatch) async throws -> [ClassifiedValue] {
        let rows = try await db.raw(
            """
            SELECT v.indicator, v.series, v.area, v.period, v.dimension_key, v.unit, v.value, v.status, v.source, v.file, v.line,
                   o.value AS published_value, o.dataset AS published_dataset, o.source AS published_source
            FROM import_batch_values v LEFT JOIN observations o
              ON o.series = v.series AND o.indicator = v.indicator AND o.area = v.area AND o.period = v.period
             AND o.dimension_key = v.dimension_key
            WHERE v.batch_id = \(bind: batch.id)
            """
        ).all()
        let dataset = batch.dataset
        return try rows.map { row in
            let staged = StagedValue(
                observation: Observation(
                    series: try row.string("series"),
                    indicator: try row.string("indicator"),
                    area: try row.string("area"),
                    period: try row.string("period"),
                    dimensions: Observation.dimensions(fromKey: try row.string("dimension_key")),
                    unit: try row.string("unit"),
                    value: try row.double("value"),
                    status: try row.optionalString("status"),
                    source: try row.optionalString("source")
                ),
                file: try row.string("file"),
                line: try row.optionalInt("line")
            )
            let published: PublishedValue? =
                try row.decodeNil(column: "published_value")
                ? nil
                : PublishedValue(
                    value: try row.double("published_value"),
                    dataset: try row.string("published_dataset"),
                    source: try row.optionalString("published_source")
                )
            return ClassifiedValue(staged: staged, change: ImportRules.classify(staged, published: published, dataset: dataset))
        }
    }

    static func refusals(_ db: any SQLDatabase, batchID: Int64) async throws -> [ImportRefusal] {
        let decoder = JSONDecoder()
        return try await db.select().column("*").from("import_batch_refusals").where("batch_id", .equal, batchID).orderBy("id").all().map {
            row in
            let arguments = try decoder.decode(StoredMessage.Arguments.self, from: Data(try row.string("message_arguments").utf8))
            return ImportRefusal(
                indicator: try row.optionalString("indicator"),
                file: try row.string("file"),
                line: try row.optionalInt("line"),
                location: try row.optionalString("location"),
                found: try row.optionalString("found"),
                expected: arguments.message(key: try row.string("message_key"))
            )
        }
    }

    /// The batch's national series that the framework does not have yet.
    static func newSeries(_ db: any SQLDatabase, batchID: Int64) async throws -> [NationalSeriesProposal] {
        try await db.raw(
            """
            SELECT b.code, b.indicator, b.name_en, b.name_lo, b.unit FROM import_batch_series b
            WHERE b.batch_id = \(bind: batchID)
              AND NOT EXISTS (SELECT 1 FROM series s WHERE s.code = b.code AND s.indicator = b.indicator)
            ORDER BY b.indicator, b.code
            """
        ).all().map { row in
            NationalSeriesProposal(
                code: try row.string("code"),
                indicator: try row.string("indicator"),
                nameEnglish: try row.string("name_en"),
                nameLao: try row.optionalString("name_lo"),
                unit: try row.optionalString("unit")
            )
        }
    }

    /// What the audit log records of a batch.
    struct AuditSummary: Encodable, Sendable {
        var source: String
        var name: String
        var file: String
        var state: String
        var publishedAtOnce: Bool
        var counts: ImportBatchCounts
        var seriesCreated: Int?
        var codeLabelsKept: Int?

        init(_ batch: ImportBatch, seriesCreated: Int? = nil, codeLabelsKept: Int? = nil) {
            source = batch.source.rawValue
            name = batch.name
            file = batch.fileName
            state = batch.state.rawValue
            publishedAtOnce = batch.publishedAtOnce
            counts = batch.counts
            self.seriesCreated = seriesCreated
            self.codeLabelsKept = codeLabelsKept
        }
    }
}

/// A catalogue message as stored with data (a refusal's reason): its key in its own column, its
/// values as JSON (`MessageCoding`), so that it is shown in the reader's language.
typealias StoredMessage = MessageCoding

/// Labels of codes (`CL_SEX` `F` in Lao), with how far each can be trusted: imported labels are
/// unreviewed until a reviewer approves them.
public struct CodeLabelRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// A label and its review state.
    public struct Label: Sendable, Hashable {
        public var label: String
        public var status: TranslationStatus
    }

    /// The labels of a code list in a language, by code.
    public func labels(codelist: String, language: Language) async throws -> [String: Label] {
        try await database.read { db in
            var result: [String: Label] = [:]
            for row in try await db.select().columns("code", "label", "status").from("code_labels").where("codelist", .equal, codelist)
                .where("language", .equal, language.rawValue).all()
            {
                result[try row.string("code")] = Label(
                    label: try row.string("label"),
                    status: TranslationStatus(rawValue: try row.string("status")) ?? .unreviewed
                )
            }
            return result
        }
    }
}
