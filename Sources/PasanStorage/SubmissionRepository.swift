import Foundation
import PasanDomain
import PasanMessages
import SQLKit

/// A submission: one institution's data for one indicator in one cycle, at one revision.
public struct Submission: Sendable, Hashable {
    public var id: Int64
    public var cycleID: Int64
    public var institution: String
    public var indicator: String
    public var revision: Int
    public var state: SubmissionState
    /// Optimistic lock: a save must name the version it was based on.
    public var version: Int
    public var reason: String?
    public var updatedAt: String
}

public struct SubmissionTransition: Sendable, Hashable {
    public var from: SubmissionState
    public var to: SubmissionState
    public var actorID: Int64?
    public var actor: String
    public var at: String
    public var comment: String?
}

/// Submissions and their workflow: values saved all-or-nothing with an optimistic lock, the one
/// owning submission per cell and cycle, conflicts with values already published by another
/// source, transitions with comments, locking after approval, corrections as new revisions, and
/// publication into the portal's observations. Every change to a value is kept in its history.
public struct SubmissionRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The latest revision of an institution's submission for an indicator in a cycle.
    public func latest(cycleID: Int64, institution: String, indicator: String) async throws -> Submission? {
        try await database.read { db in try await Self.latest(db, cycleID: cycleID, institution: institution, indicator: indicator) }
    }

    public func submission(id: Int64) async throws -> Submission? {
        try await database.read { db in
            try await db.select().column("*").from("submissions").where("id", .equal, id).first().map(Self.submission)
        }
    }

    public func submissions(cycleID: Int64) async throws -> [Submission] {
        try await database.read { db in
            let rows = try await db.select().column("*").from("submissions").where("cycle_id", .equal, cycleID).orderBy("id").all().map(
                Self.submission
            )
            // Keep the latest revision of each (institution, indicator).
            var latest: [String: Submission] = [:]
            for s in rows { let k = "\(s.institution)|\(s.indicator)"; if (latest[k]?.revision ?? 0) < s.revision { latest[k] = s } }
            return latest.values.sorted { ($0.institution, $0.indicator) < ($1.institution, $1.indicator) }
        }
    }

    public func values(submissionID: Int64) async throws -> [SubmittedValue] {
        try await database.read { db in try await Self.values(db, submissionID: submissionID) }
    }

    /// Cells of the cycle held by institutions other than `institution`, for one indicator.
    public func cellsOwnedByOthers(cycleID: Int64, indicator: String, institution: String) async throws -> [CellKey: String] {
        try await database.read { db in
            var result: [CellKey: String] = [:]
            for row in try await db.select().column("*").from("cycle_cells").where("cycle_id", .equal, cycleID)
                .where("indicator", .equal, indicator).where("institution", .notEqual, institution).all()
            {
                result[
                    CellKey(
                        indicator: indicator,
                        series: try row.string("series"),
                        area: try row.string("area"),
                        period: try row.string("period"),
                        dimensions: try row.string("dimension_key")
                    )
                ] = try row.string("institution")
            }
            return result
        }
    }

    /// Saves the values of a submission (replacing its draft values), all or nothing.
    /// `basedOn` is the version the user started from (`nil` for a new submission).
    @discardableResult
    public func save(
        cycleID: Int64,
        institution: String,
        indicator: String,
        values: [SubmittedValue],
        basedOn: Int?,
        warningsComment: String?,
        onlyArea: String? = nil,
        change: ChangeContext
    ) async throws -> Submission {
        try await database.write { db in
            var submission = try await Self.latest(db, cycleID: cycleID, institution: institution, indicator: indicator)
            if let current = submission {
                guard current.state.isEditable else { throw SubmissionError.locked(current.state) }
                if let basedOn, basedOn != current.version { throw SubmissionError.concurrentEdit(current: current.version) }
                if basedOn == nil && current.version > 0 { throw SubmissionError.concurrentEdit(current: current.version) }
            } else {
                let now = Timestamp.now()
                let row = try await db.insert(into: "submissions")
                    .columns("cycle_id", "institution", "indicator", "revision", "state", "version", "created_at", "updated_at")
                    .values(
                        SQLBind(cycleID),
                        SQLBind(institution),
                        SQLBind(indicator),
                        SQLBind(1),
                        SQLBind(SubmissionState.draft.rawValue),
                        SQLBind(0),
                        SQLBind(now),
                        SQLBind(now)
                    )
                    .returning("id").first()
                submission = Submission(
                    id: Int64(try row!.int("id")),
                    cycleID: cycleID,
                    institution: institution,
                    indicator: indicator,
                    revision: 1,
                    state: .draft,
                    version: 0,
                    reason: nil,
                    updatedAt: now
                )
            }
            guard var submission else { throw SubmissionError.notFound }
            let previous = Dictionary(
                try await Self.values(db, submissionID: submission.id).map { ($0.key, $0.value) },
                uniquingKeysWith: { a, _ in a }
            )
            // A subnational focal point replaces only the values of their area (a roll-up into the owner's submission).
            if let onlyArea, let outside = values.first(where: { !$0.key.area.hasPrefix(onlyArea) }) {
                throw SubmissionError.notAllowed(
                    Message("storage.submission.outsideArea", ["area": .text(outside.key.area), "yourArea": .text(onlyArea)])
                )
            }
            try await Self.replaceValues(db, submission: submission, values: values, onlyArea: onlyArea)
            try await Self.claimCells(db, submission: submission, values: values)
            // History of every changed value (a first entry is its own record).
            let changed = values.filter { previous[$0.key] != nil && previous[$0.key]! != $0.value }
            try await Self.recordHistory(
                db,
                cycleID: cycleID,
                revision: submission.revision,
                changes: changed.map { ($0.key, previous[$0.key]!, $0.value) },
                actor: change.actorName,
                reason: warningsComment
            )
            submission.version += 1
            try await db.update("submissions").set("version", to: submission.version).set("updated_at", to: Timestamp.now())
                .set("warnings_comment", to: SQLValue.text(warningsComment)).where("id", .equal, submission.id).run()
            return submission
        }
    }

    /// Takes a workflow step, checked by the state machine and the workflow's rules of who may.
    @discardableResult
    public func take(
        _ step: SubmissionStep,
        submissionID: Int64,
        actor: Actor,
        reporter: String?,
        officialStatistics: Bool,
        comment: String?,
        cell: String? = nil,
        change: ChangeContext
    ) async throws -> Submission {
        try await database.write { db in
            guard
                var submission = try await db.select().column("*").from("submissions").where("id", .equal, submissionID).first().map(
                    Self.submission
                )
            else {
                throw SubmissionError.notFound
            }
            guard let next = SubmissionWorkflow.next(after: submission.state, step, officialStatistics: officialStatistics) else {
                throw SubmissionError.impossibleStep(step, submission.state)
            }
            let earlier = try await Self.transitions(db, submissionID: submission.id).compactMap {
                TakenStep(actorID: $0.actorID, from: $0.from, to: $0.to)
            }
            let decision = SubmissionWorkflow.decide(
                actor,
                step,
                from: submission.state,
                owner: submission.institution,
                reporter: reporter,
                earlier: earlier
            )
            guard decision.isAllowed else { throw SubmissionError.notAllowed(decision.reason) }
            if step == .return && (comment ?? "").trimmingSpaces.isEmpty { throw SubmissionError.needsComment }
            // The Secretariat taking the step of a reporter the indicator does not have is recorded as such.
            // Recorded in both languages (English first), as the history shows it to everyone.
            let inPlace = Message("storage.submission.secretariatForReporter")
            let actorName =
                SubmissionWorkflow.secretariatActsForReporter(actor, step, from: submission.state, reporter: reporter)
                ? change.actorName + " — " + inPlace.text(in: .en) + " / " + inPlace.text(in: .lo)
                : change.actorName
            try await db.insert(into: "submission_transitions").columns(
                "submission_id",
                "from_state",
                "to_state",
                "actor_id",
                "actor",
                "at",
                "comment"
            )
            .values(
                SQLBind(submission.id),
                SQLBind(submission.state.rawValue),
                SQLBind(next.rawValue),
                SQLValue.int((actor.userID ?? change.actorID).map(Int.init)),
                SQLBind(actorName),
                SQLBind(Timestamp.now()),
                SQLValue.text(comment)
            ).run()
            if let comment, !comment.trimmingSpaces.isEmpty {
                try await db.insert(into: "review_comments").columns("submission_id", "cell", "body", "actor", "at")
                    .values(
                        SQLBind(submission.id),
                        SQLValue.text(cell),
                        SQLBind(comment),
                        SQLBind(change.actorName),
                        SQLBind(Timestamp.now())
                    ).run()
            }
            if next == .published { try await Self.publish(db, submission: submission, actor: change.actorName) }
            submission.state = next
            submission.version += 1
            try await db.update("submissions").set("state", to: next.rawValue).set("version", to: submission.version)
                .set("updated_at", to: Timestamp.now()).where("id", .equal, submission.id).run()
            return submission
        }
    }

    /// Starts a correction of approved or published data: a new revision with the same values,
    /// editable, going through review again. The published values stay until it is approved.
    @discardableResult
    public func correct(submissionID: Int64, reason: String, change: ChangeContext) async throws -> Submission {
        try await database.write { db in
            guard
                let old = try await db.select().column("*").from("submissions").where("id", .equal, submissionID).first().map(
                    Self.submission
                )
            else {
                throw SubmissionError.notFound
            }
            guard old.state.isLocked else { throw SubmissionError.impossibleStep(.submit, old.state) }
            let now = Timestamp.now()
            let row = try await db.insert(into: "submissions")
                .columns("cycle_id", "institution", "indicator", "revision", "state", "version", "reason", "created_at", "updated_at")
                .values(
                    SQLBind(old.cycleID),
                    SQLBind(old.institution),
                    SQLBind(old.indicator),
                    SQLBind(old.revision + 1),
                    SQLBind(SubmissionState.draft.rawValue),
                    SQLBind(1),
                    SQLBind(reason),
                    SQLBind(now),
                    SQLBind(now)
                )
                .returning("id").first()
            let new = Submission(
                id: Int64(try row!.int("id")),
                cycleID: old.cycleID,
                institution: old.institution,
                indicator: old.indicator,
                revision: old.revision + 1,
                state: .draft,
                version: 1,
                reason: reason,
                updatedAt: now
            )
            try await Self.replaceValues(db, submission: new, values: try await Self.values(db, submissionID: old.id))
            try await AuditLog.record(
                db,
                change,
                action: "correct",
                entity: "submission",
                id: String(new.id),
                before: old.revision,
                after: new.revision
            )
            return new
        }
    }

    public func transitions(submissionID: Int64) async throws -> [SubmissionTransition] {
        try await database.read { db in try await Self.transitions(db, submissionID: submissionID) }
    }

    static func transitions(_ db: any SQLDatabase, submissionID: Int64) async throws -> [SubmissionTransition] {
        try await db.select().column("*").from("submission_transitions").where("submission_id", .equal, submissionID).orderBy("id").all()
            .map {
                SubmissionTransition(
                    from: SubmissionState(rawValue: try $0.string("from_state")) ?? .draft,
                    to: SubmissionState(rawValue: try $0.string("to_state")) ?? .draft,
                    actorID: try $0.optionalInt("actor_id").map(Int64.init),
                    actor: try $0.string("actor"),
                    at: try $0.string("at"),
                    comment: try $0.optionalString("comment")
                )
            }
    }

    public func history(
        of key: CellKey
    ) async throws -> [(revision: Int, old: Double?, new: Double?, actor: String, at: String, reason: String?)] {
        try await database.read { db in
            try await db.select().column("*").from("value_history").where("indicator", .equal, key.indicator).where(
                "series",
                .equal,
                key.series
            )
            .where("area", .equal, key.area).where("period", .equal, key.period).where("dimension_key", .equal, key.dimensions)
            .orderBy("id").all().map { row in
                (
                    revision: try row.int("revision"), old: try row.decodeNil(column: "old_value") ? nil : try row.double("old_value"),
                    new: try row.decodeNil(column: "new_value") ? nil : try row.double("new_value"),
                    actor: try row.string("actor"), at: try row.string("at"), reason: try row.optionalString("reason")
                )
            }
        }
    }

    /// Every change to the values of an indicator in a cycle, newest first.
    public func changes(
        cycleID: Int64,
        indicator: String
    ) async throws -> [(key: CellKey, revision: Int, old: Double?, new: Double?, actor: String, at: String, reason: String?)] {
        try await database.read { db in
            try await db.select().column("*").from("value_history").where("cycle_id", .equal, cycleID).where("indicator", .equal, indicator)
                .orderBy("id", .descending).limit(500).all().map { row in
                    (
                        key: CellKey(
                            indicator: indicator,
                            series: try row.string("series"),
                            area: try row.string("area"),
                            period: try row.string("period"),
                            dimensions: try row.string("dimension_key")
                        ),
                        revision: try row.int("revision"), old: try row.decodeNil(column: "old_value") ? nil : try row.double("old_value"),
                        new: try row.decodeNil(column: "new_value") ? nil : try row.double("new_value"),
                        actor: try row.string("actor"), at: try row.string("at"), reason: try row.optionalString("reason")
                    )
                }
        }
    }

    /// Review comments of a submission, per indicator (no cell) or per value.
    public func comments(submissionID: Int64) async throws -> [(cell: String?, body: String, actor: String, at: String)] {
        try await database.read { db in
            try await db.select().column("*").from("review_comments").where("submission_id", .equal, submissionID).orderBy("id").all().map {
                (cell: try $0.optionalString("cell"), body: try $0.string("body"), actor: try $0.string("actor"), at: try $0.string("at"))
            }
        }
    }

    public func openConflicts(cycleID: Int64) async throws -> [(key: CellKey, submitted: Double, published: Double, source: String?)] {
        try await database.read { db in
            try await db.select().column("*").from("value_conflicts").where("cycle_id", .equal, cycleID).where("status", .equal, "open")
                .orderBy("id").all().map { row in
                    (
                        key: CellKey(
                            indicator: try row.string("indicator"),
                            series: try row.string("series"),
                            area: try row.string("area"),
                            period: try row.string("period"),
                            dimensions: try row.string("dimension_key")
                        ),
                        submitted: try row.double("submitted_value"), published: try row.double("published_value"),
                        source: try row.optionalString("published_source")
                    )
                }
        }
    }

    // MARK: Internals

    static func latest(_ db: any SQLDatabase, cycleID: Int64, institution: String, indicator: String) async throws -> Submission? {
        try await db.select().column("*").from("submissions").where("cycle_id", .equal, cycleID).where("institution", .equal, institution)
            .where("indicator", .equal, indicator).orderBy("revision", .descending).limit(1).first().map(submission)
    }

    static func submission(_ row: any SQLRow) throws -> Submission {
        Submission(
            id: Int64(try row.int("id")),
            cycleID: Int64(try row.int("cycle_id")),
            institution: try row.string("institution"),
            indicator: try row.string("indicator"),
            revision: try row.int("revision"),
            state: SubmissionState(rawValue: try row.string("state")) ?? .draft,
            version: try row.int("version"),
            reason: try row.optionalString("reason"),
            updatedAt: try row.string("updated_at")
        )
    }

    static func values(_ db: any SQLDatabase, submissionID: Int64) async throws -> [SubmittedValue] {
        guard
            let indicator = try await db.select().column("indicator").from("submissions").where("id", .equal, submissionID).first()?.string(
                "indicator"
            )
        else { return [] }
        return try await db.select().column("*").from("submission_values").where("submission_id", .equal, submissionID).all().map { row in
            SubmittedValue(
                key: CellKey(
                    indicator: indicator,
                    series: try row.string("series"),
                    area: try row.string("area"),
                    period: try row.string("period"),
                    dimensions: try row.string("dimension_key")
                ),
                unit: try row.string("unit"),
                value: try row.decodeNil(column: "value") ? nil : try row.double("value"),
                status: try row.optionalString("status"),
                comment: try row.optionalString("comment"),
                source: try row.optionalString("source")
            )
        }.sorted { $0.key < $1.key }
    }

    static func replaceValues(_ db: any SQLDatabase, submission: Submission, values: [SubmittedValue], onlyArea: String? = nil) async throws
    {
        var delete = db.delete(from: "submission_values").where("submission_id", .equal, submission.id)
        if let onlyArea { delete = delete.where("area", .like, onlyArea + "%") }
        try await delete.run()
        try await db.insertBatched(
            into: "submission_values",
            columns: ["submission_id", "series", "area", "period", "dimension_key", "unit", "value", "status", "comment", "source"],
            cells: values.map { v in
                [
                    .integer(submission.id), .text(v.key.series), .text(v.key.area), .text(v.key.period), .text(v.key.dimensions),
                    .text(v.unit), .real(v.value), .text(v.status), .text(v.comment), .text(v.source),
                ]
            }
        )
        // The dashboard's count, kept on the submission (migration 18): from the values in hand when
        // they are all of them, counted in the database when only one area's were replaced.
        if onlyArea == nil {
            let periods = Set(values.lazy.filter { $0.value != nil }.map(\.key.period)).count
            try await db.update("submissions").set("periods_delivered", to: periods).where("id", .equal, submission.id).run()
        } else {
            try await db.raw(
                """
                UPDATE submissions SET periods_delivered = (
                    SELECT COUNT(DISTINCT period) FROM submission_values WHERE submission_id = \(bind: submission.id) AND value IS NOT NULL)
                WHERE id = \(bind: submission.id)
                """
            ).run()
        }
    }

    /// Claims the cells for the submission's institution; a cell held by another institution
    /// makes the whole save fail (one point of reporting), even under concurrent saves.
    static func claimCells(_ db: any SQLDatabase, submission: Submission, values: [SubmittedValue]) async throws {
        try await db.insertBatched(
            into: "cycle_cells",
            columns: ["cycle_id", "indicator", "series", "area", "period", "dimension_key", "institution"],
            cells: values.map { v in
                [
                    .integer(submission.cycleID), .text(v.key.indicator), .text(v.key.series), .text(v.key.area),
                    .text(v.key.period), .text(v.key.dimensions), .text(submission.institution),
                ]
            },
            ignoringConflicts: true
        )
        let taken = try await db.raw(
            """
            SELECT c.series, c.area, c.period, c.dimension_key, c.institution FROM cycle_cells c
            JOIN submission_values v ON v.submission_id = \(bind: submission.id) AND v.series = c.series AND v.area = c.area
                 AND v.period = c.period AND v.dimension_key = c.dimension_key
            WHERE c.cycle_id = \(bind: submission.cycleID) AND c.indicator = \(bind: submission.indicator) AND c.institution <> \(bind: submission.institution)
            LIMIT 1
            """
        ).first()
        if let taken {
            throw SubmissionError.cellOwnedByAnother(
                CellKey(
                    indicator: submission.indicator,
                    series: try taken.string("series"),
                    area: try taken.string("area"),
                    period: try taken.string("period"),
                    dimensions: try taken.string("dimension_key")
                ),
                try taken.string("institution")
            )
        }
        // A value that differs from one already published by another source is a conflict for
        // the Secretariat, never silently replaced.
        try await db.delete(from: "value_conflicts").where("submission_id", .equal, submission.id).where("status", .equal, "open").run()
        try await db.raw(
            """
            INSERT INTO value_conflicts (cycle_id, submission_id, indicator, series, area, period, dimension_key, submitted_value, published_value, published_source, status, created_at)
            SELECT \(bind: submission.cycleID), \(bind: submission.id), o.indicator, o.series, o.area, o.period, o.dimension_key, v.value, o.value, o.source, 'open', \(bind: Timestamp.now())
            FROM submission_values v JOIN observations o ON o.indicator = \(bind: submission.indicator) AND o.series = v.series AND o.area = v.area
                 AND o.period = v.period AND o.dimension_key = v.dimension_key
            WHERE v.submission_id = \(bind: submission.id) AND v.value IS NOT NULL AND o.value <> v.value
              AND o.dataset <> \(bind: "cycle:\(submission.cycleID):\(submission.institution)")
            """
        ).run()
    }

    static func recordHistory(
        _ db: any SQLDatabase,
        cycleID: Int64,
        revision: Int,
        changes: [(CellKey, Double?, Double?)],
        actor: String,
        reason: String?
    ) async throws {
        let now = Timestamp.now()
        try await db.insertBatched(
            into: "value_history",
            columns: [
                "cycle_id", "indicator", "series", "area", "period", "dimension_key", "revision", "old_value", "new_value", "actor", "at",
                "reason",
            ],
            cells: changes.map { key, old, new in
                [
                    .integer(cycleID), .text(key.indicator), .text(key.series), .text(key.area), .text(key.period),
                    .text(key.dimensions), .integer(Int64(revision)), .real(old), .real(new),
                    .text(actor), .text(now), .text(reason),
                ]
            }
        )
    }

    /// Publication: the approved values become the portal's observations; a changed published
    /// value keeps its old value in the history.
    static func publish(_ db: any SQLDatabase, submission: Submission, actor: String) async throws {
        let values = try await Self.values(db, submissionID: submission.id).filter { $0.value != nil }
        let dataset = "cycle:\(submission.cycleID):\(submission.institution)"
        let changes = try await ObservationPublication.write(
            db,
            rows: values.map { v in
                ObservationRow(key: v.key, unit: v.unit, value: v.value!, status: v.status, source: v.source ?? submission.institution)
            },
            dataset: dataset,
            batchID: nil
        ).map { ($0.key, $0.old, Optional($0.new)) }
        try await recordHistory(
            db,
            cycleID: submission.cycleID,
            revision: submission.revision,
            changes: changes,
            actor: actor,
            reason: submission.reason ?? "published"
        )
        try await db.update("value_conflicts").set("status", to: "resolved").set(
            "resolution",
            to: "published revision \(submission.revision)"
        )
        .where("submission_id", .equal, submission.id).run()
    }
}

extension SubmissionRepository {
    /// What each institution delivered for each indicator of a cycle, for the dashboard: state,
    /// the first day it was submitted, reviewed and approved by LSB, returns, cells delivered.
    public func dashboardItems(cycleID: Int64) async throws -> [String: CycleDashboard.Item] {
        try await database.read { db in try await Self.dashboardItems(db, cycleID: cycleID) }
    }

    static func dashboardItems(_ db: any SQLDatabase, cycleID: Int64) async throws -> [String: CycleDashboard.Item] {
        var submissions: [Submission] = []
        var cells: [Int64: Int] = [:]
        for row in try await db.select().column("*").from("submissions").where("cycle_id", .equal, cycleID).all() {
            let submission = try Self.submission(row)
            submissions.append(submission)
            cells[submission.id] = try row.int("periods_delivered")
        }
        var firsts: [Int64: (submitted: String?, reviewed: String?, approved: String?)] = [:], returns: [Int64: Int] = [:]
        for row in try await db.raw(
            """
            SELECT t.submission_id AS sid,
                   MIN(CASE WHEN t.to_state = 'submitted' THEN t.at END) AS first_submitted,
                   MIN(CASE WHEN t.to_state = 'reviewed' THEN t.at END) AS first_reviewed,
                   MIN(CASE WHEN t.to_state = 'statistics-approved' THEN t.at END) AS first_statistics_approved,
                   SUM(CASE WHEN t.to_state = 'returned' THEN 1 ELSE 0 END) AS returns
            FROM submission_transitions t JOIN submissions s ON s.id = t.submission_id
            WHERE s.cycle_id = \(bind: cycleID) GROUP BY t.submission_id
            """
        ).all() {
            let sid = Int64(try row.int("sid"))
            firsts[sid] = (
                try row.optionalString("first_submitted"), try row.optionalString("first_reviewed"),
                try row.optionalString("first_statistics_approved")
            )
            returns[sid] = try row.int("returns")
        }
        func day(_ timestamp: String?) -> LocalDate? { timestamp.flatMap { LocalDate(iso: String($0.prefix(10))) } }
        func earliest(_ a: LocalDate?, _ b: LocalDate?) -> LocalDate? { [a, b].compactMap { $0 }.min() }
        var items: [String: CycleDashboard.Item] = [:]
        for s in submissions.sorted(by: { $0.revision < $1.revision }) {
            let key = "\(s.institution)|\(s.indicator)"
            let first = firsts[s.id]
            let earlier = items[key]
            items[key] = CycleDashboard.Item(
                indicator: s.indicator,
                state: s.state,
                submittedOn: earliest(earlier?.submittedOn, day(first?.submitted)),
                returns: (earlier?.returns ?? 0) + (returns[s.id] ?? 0),
                cellsDelivered: cells[s.id] ?? 0,
                revision: s.revision,
                reviewedOn: earliest(earlier?.reviewedOn, day(first?.reviewed)),
                statisticsApprovedOn: earliest(earlier?.statisticsApprovedOn, day(first?.approved))
            )
        }
        return items
    }
}
