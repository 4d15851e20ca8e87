import PasanDomain
import SQLKit

/// The metadata texts of a batch: checked when it is staged, compared with what is published for
/// its preview, written when it is published (a replaced text goes to the history).
extension ImportBatchRepository {
    /// The texts that may be staged (of a known indicator, following `MetadataRules`; the first
    /// of each indicator, language and concept) and the refusals of the others — one per
    /// indicator and file for an indicator the framework lacks, not one per field.
    static func checkMetadata(_ fields: [StagedMetadata], indicators: Set<String>) -> ([StagedMetadata], [ImportRefusal]) {
        var accepted: [StagedMetadata] = []
        var refusals: [ImportRefusal] = []
        var seen: Set<String> = []
        var unknown: Set<String> = []
        for field in fields {
            guard indicators.contains(field.indicator) else {
                if unknown.insert("\(field.indicator)|\(field.file)").inserted {
                    refusals.append(
                        ImportRefusal(
                            indicator: field.indicator,
                            file: field.file,
                            location: field.concept,
                            found: field.indicator,
                            expected: Message("batches.refusal.unknownIndicator", ["indicator": .text(field.indicator)])
                        )
                    )
                }
                continue
            }
            if let problem = MetadataRules.problem(of: field) {
                refusals.append(
                    ImportRefusal(
                        indicator: field.indicator,
                        file: field.file,
                        location: "\(field.concept) \(field.language.rawValue)",
                        found: field.text,
                        expected: problem
                    )
                )
                continue
            }
            guard seen.insert("\(field.indicator)|\(field.language.rawValue)|\(field.concept)").inserted else { continue }
            accepted.append(field)
        }
        return (accepted, refusals)
    }

    static func insertMetadata(_ db: any SQLDatabase, batchID: Int64, _ fields: [StagedMetadata]) async throws {
        try await db.insertBatched(
            into: "import_batch_metadata",
            columns: ["batch_id", "indicator", "language", "concept", "text", "file"],
            rows: fields.map { f in
                [
                    SQLBind(batchID), SQLBind(f.indicator), SQLBind(f.language.rawValue), SQLBind(f.concept), SQLBind(f.text),
                    SQLBind(f.file),
                ]
            }
        )
    }

    /// Per indicator, what publishing the batch's texts would do now.
    static func metadataChanges(_ db: any SQLDatabase, batchID: Int64) async throws -> [String: MetadataChanges] {
        let rows = try await db.raw(
            """
            SELECT b.indicator, b.text, m.text AS current_text FROM import_batch_metadata b
            LEFT JOIN indicator_metadata m ON m.indicator = b.indicator AND m.language = b.language AND m.concept = b.concept
            WHERE b.batch_id = \(bind: batchID)
            """
        ).all()
        var result: [String: MetadataChanges] = [:]
        for row in rows {
            let indicator = try row.string("indicator")
            switch MetadataRules.classify(try row.string("text"), current: try row.optionalString("current_text")) {
            case .added: result[indicator, default: MetadataChanges()].added += 1
            case .changed: result[indicator, default: MetadataChanges()].changed += 1
            case .unchanged, .conflict: result[indicator, default: MetadataChanges()].unchanged += 1
            }
        }
        return result
    }

    /// Writes the batch's texts over what is published (the replaced ones into the history
    /// first) and returns how many were added or changed.
    static func publishMetadata(_ db: any SQLDatabase, batchID: Int64, actor: ChangeContext, at now: String) async throws -> Int {
        let written = try await metadataChanges(db, batchID: batchID).values.reduce(0) { $0 + $1.added + $1.changed }
        guard written > 0 else { return 0 }
        try await db.raw(
            """
            INSERT INTO indicator_metadata_history (indicator, language, concept, old_text, old_file, old_batch_id, batch_id, actor, at)
            SELECT m.indicator, m.language, m.concept, m.text, m.file, m.batch_id, b.batch_id, \(bind: actor.actorName), \(bind: now)
            FROM import_batch_metadata b
            JOIN indicator_metadata m ON m.indicator = b.indicator AND m.language = b.language AND m.concept = b.concept
            WHERE b.batch_id = \(bind: batchID) AND m.text <> b.text
            """
        ).run()
        try await db.raw(
            """
            INSERT INTO indicator_metadata (indicator, language, concept, text, file, batch_id, updated_by, updated_at)
            SELECT indicator, language, concept, text, file, batch_id, \(bind: actor.actorName), \(bind: now)
            FROM import_batch_metadata WHERE batch_id = \(bind: batchID)
            ON CONFLICT (indicator, language, concept) DO UPDATE
            SET text = excluded.text, file = excluded.file, batch_id = excluded.batch_id, updated_by = excluded.updated_by,
                updated_at = excluded.updated_at
            WHERE indicator_metadata.text <> excluded.text
            """
        ).run()
        return written
    }
}
