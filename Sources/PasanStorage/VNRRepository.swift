import Foundation
import PasanDomain
import SQLKit

/// Why a Voluntary National Review could not be started or changed, in the words the person reads.
public enum VNRError: Error, Equatable {
    /// The year or the goals are wrong (`VoluntaryNationalReview.problems`).
    case invalid([Message])
    /// A review of that year exists.
    case exists(Int)
    /// Someone changed the goals since the form was opened.
    case staleRevision(current: Int)
    /// A change of the goals needs its reason.
    case reasonMissing
    case notFound

    public var messages: [Message] {
        switch self {
        case .invalid(let problems): problems
        case .exists(let year): [Message("storage.vnr.exists", ["year": .text(String(year))])]
        case .staleRevision(let current): [Message("storage.vnr.staleRevision", ["revision": .number(current)])]
        case .reasonMissing: [Message("storage.vnr.reasonMissing")]
        case .notFound: [Message("storage.vnr.notFound")]
        }
    }
}

/// Voluntary National Reviews (migration 22): started once per year, their goals changed as new
/// revisions.
public struct VNRRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Every review as its latest revision says, the latest year first.
    public func all() async throws -> [VoluntaryNationalReview] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT r.* FROM vnr_review_revisions r
                WHERE r.revision = (SELECT MAX(m.revision) FROM vnr_review_revisions m WHERE m.year = r.year)
                ORDER BY r.year DESC
                """
            ).all().map(Self.review)
        }
    }

    public func review(year: Int) async throws -> VoluntaryNationalReview? {
        try await revisions(year: year).first
    }

    /// Every revision of a review, the newest first.
    public func revisions(year: Int) async throws -> [VoluntaryNationalReview] {
        try await database.read { db in
            try await db.select().column("*").from("vnr_review_revisions").where("year", .equal, year)
                .orderBy("revision", .descending).all().map(Self.review)
        }
    }

    /// Starts the review of `year` on `goals`. `known`: the framework's goals; `withData`: the
    /// goals with a published value (`VoluntaryNationalReview.problems`).
    public func start(
        year: Int,
        goals: [Int],
        known: Set<Int>,
        withData: Set<Int>,
        reason: String,
        change: ChangeContext
    ) async throws -> VoluntaryNationalReview {
        let problems = VoluntaryNationalReview.problems(year: year, goals: goals, known: known, withData: withData)
        guard problems.isEmpty else { throw VNRError.invalid(problems) }
        let at = Timestamp.string(from: database.clock.now())
        let review = VoluntaryNationalReview(
            year: year,
            goals: goals,
            revision: 1,
            changedBy: change.actorName,
            changedAt: at,
            reason: reason.trimmingSpaces
        )
        try await database.write { db in
            if try await db.select().column("year").from("vnr_reviews").where("year", .equal, year).first() != nil {
                throw VNRError.exists(year)
            }
            try await db.insert(into: "vnr_reviews").columns("year", "started_by", "started_at")
                .values(SQLBind(year), SQLBind(change.actorName), SQLBind(at)).run()
            try await Self.insertRevision(db, review)
            try await AuditLog.record(
                db,
                change,
                action: "start",
                entity: "vnr",
                id: String(year),
                before: VoluntaryNationalReview?.none,
                after: review
            )
        }
        return review
    }

    /// Changes the goals under review: the next revision, with `reason`. `basedOn` is the
    /// revision the person started from; a later one in between refuses the change. The same
    /// goals again change nothing.
    public func changeGoals(
        year: Int,
        to goals: [Int],
        basedOn: Int,
        reason: String,
        known: Set<Int>,
        withData: Set<Int>,
        change: ChangeContext
    ) async throws -> VoluntaryNationalReview {
        let reason = reason.trimmingSpaces
        let problems = VoluntaryNationalReview.problems(year: year, goals: goals, known: known, withData: withData)
        guard problems.isEmpty else { throw VNRError.invalid(problems) }
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            guard
                let current = try await db.select().column("*").from("vnr_review_revisions").where("year", .equal, year)
                    .orderBy("revision", .descending).limit(1).first().map(Self.review)
            else { throw VNRError.notFound }
            guard current.revision == basedOn else { throw VNRError.staleRevision(current: current.revision) }
            if VoluntaryNationalReview.normalised(goals) == current.goals { return current }
            guard !reason.isEmpty else { throw VNRError.reasonMissing }
            let next = VoluntaryNationalReview(
                year: year,
                goals: goals,
                revision: current.revision + 1,
                changedBy: change.actorName,
                changedAt: at,
                reason: reason
            )
            try await Self.insertRevision(db, next)
            try await AuditLog.record(db, change, action: "change-goals", entity: "vnr", id: String(year), before: current, after: next)
            return next
        }
    }

    static func insertRevision(_ db: any SQLDatabase, _ r: VoluntaryNationalReview) async throws {
        try await db.insert(into: "vnr_review_revisions")
            .columns("year", "revision", "goals", "changed_by", "changed_at", "reason")
            .values(
                SQLBind(r.year),
                SQLBind(r.revision),
                SQLBind(r.goals.map(String.init).joined(separator: ",")),
                SQLBind(r.changedBy),
                SQLBind(r.changedAt),
                SQLBind(r.reason)
            )
            .run()
    }

    static func review(_ row: any SQLRow) throws -> VoluntaryNationalReview {
        let text = try row.string("goals")
        let goals = try text.split(separator: ",").map { part in
            guard let goal = Int(part) else {
                throw DataFileIssue(file: "vnr_review_revisions", line: 0, column: "goals", message: "not a list of goals: \(text)")
            }
            return goal
        }
        return VoluntaryNationalReview(
            year: try row.int("year"),
            goals: goals,
            revision: try row.int("revision"),
            changedBy: try row.string("changed_by"),
            changedAt: try row.string("changed_at"),
            reason: try row.string("reason")
        )
    }
}
