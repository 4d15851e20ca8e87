import Foundation
import PasanDomain
import SQLKit

/// Why a self-assessment round could not be opened or answered, in the words the person reads.
public enum SelfAssessmentError: Error, Equatable {
    /// The answers break the rules (`SelfAssessment.problems`).
    case invalid([Message])
    /// The respondent has answered this round already: a round is answered once.
    case alreadySubmitted(respondent: String, round: String)
    /// A round of that title exists for the questionnaire.
    case roundExists(String)
    case titleMissing
    case unknownRound

    public var messages: [Message] {
        switch self {
        case .invalid(let problems): problems
        case .alreadySubmitted(let respondent, let round):
            [Message("storage.selfAssessment.alreadySubmitted", ["respondent": .text(respondent), "round": .text(round)])]
        case .roundExists(let title): [Message("storage.selfAssessment.roundExists", ["round": .text(title)])]
        case .titleMissing: [Message("storage.selfAssessment.titleMissing")]
        case .unknownRound: [Message("storage.selfAssessment.unknownRound")]
        }
    }
}

/// Rounds of the governance self-assessment and their responses (migration 21). A response is
/// submitted whole, once per respondent and round, and never changed afterwards: the next round
/// is where things improve.
public struct SelfAssessmentRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Every round, the newest first.
    public func rounds() async throws -> [SelfAssessmentRound] {
        try await database.read { db in
            try await db.select().column("*").from("self_assessment_rounds").orderBy("opened_on", .descending)
                .orderBy("id", .descending).all().map(Self.round)
        }
    }

    public func round(id: Int64) async throws -> SelfAssessmentRound? {
        try await database.read { db in
            try await db.select().column("*").from("self_assessment_rounds").where("id", .equal, id).first().map(Self.round)
        }
    }

    /// Opens a round of `questionnaire` (its current version) titled `title` ("2026").
    public func openRound(of questionnaire: Questionnaire, title: String, change: ChangeContext) async throws -> SelfAssessmentRound {
        let title = title.trimmingSpaces
        guard !title.isEmpty else { throw SelfAssessmentError.titleMissing }
        let today = database.clock.today
        return try await database.write { db in
            if try await db.select().column("id").from("self_assessment_rounds").where("questionnaire", .equal, questionnaire.id)
                .where("title", .equal, title).first() != nil
            {
                throw SelfAssessmentError.roundExists(title)
            }
            let row = try await db.insert(into: "self_assessment_rounds")
                .columns("questionnaire", "version", "title", "opened_on", "opened_by")
                .values(
                    SQLBind(questionnaire.id),
                    SQLBind(questionnaire.version),
                    SQLBind(title),
                    SQLBind(today.description),
                    SQLBind(change.actorName)
                )
                .returning("id").first()
            let round = SelfAssessmentRound(
                id: Int64(try row!.int("id")),
                questionnaire: questionnaire.id,
                version: questionnaire.version,
                title: title,
                openedOn: today
            )
            try await AuditLog.record(
                db,
                change,
                action: "open-round",
                entity: "self-assessment",
                id: String(round.id),
                before: SelfAssessmentRound?.none,
                after: round
            )
            return round
        }
    }

    /// The responses of a round, by respondent.
    public func responses(roundID: Int64) async throws -> [SelfAssessmentResponse] {
        try await database.read { db in
            let responses = try await db.select().column("*").from("self_assessment_responses").where("round_id", .equal, roundID)
                .orderBy("respondent").all()
            let answers = try await db.raw(
                """
                SELECT a.* FROM self_assessment_answers a JOIN self_assessment_responses r ON r.id = a.response_id
                WHERE r.round_id = \(bind: roundID) ORDER BY a.response_id, a.item
                """
            ).all()
            var byResponse: [Int64: [SelfAssessmentAnswer]] = [:]
            for row in answers {
                byResponse[Int64(try row.int("response_id")), default: []].append(
                    SelfAssessmentAnswer(
                        item: try row.string("item"),
                        rating: try row.optionalInt("rating"),
                        evidence: try row.string("evidence").split(separator: "\n").map(String.init),
                        plan: try row.string("plan")
                    )
                )
            }
            return try responses.map { row in
                SelfAssessmentResponse(
                    respondent: try row.string("respondent"),
                    submittedBy: try row.string("submitted_by"),
                    submittedAt: try row.string("submitted_at"),
                    answers: byResponse[Int64(try row.int("id"))] ?? []
                )
            }
        }
    }

    /// Submits a respondent's answers to a round, all or nothing, once.
    public func submit(
        roundID: Int64,
        respondent: String,
        answers: [SelfAssessmentAnswer],
        questionnaire: Questionnaire,
        change: ChangeContext
    ) async throws {
        let problems = SelfAssessment.problems(answers, in: questionnaire)
        guard problems.isEmpty else { throw SelfAssessmentError.invalid(problems) }
        let at = Timestamp.string(from: database.clock.now())
        try await database.write { db in
            guard
                let round = try await db.select().column("*").from("self_assessment_rounds").where("id", .equal, roundID).first().map(
                    Self.round
                ),
                round.questionnaire == questionnaire.id, round.version == questionnaire.version
            else { throw SelfAssessmentError.unknownRound }
            if try await db.select().column("id").from("self_assessment_responses").where("round_id", .equal, roundID)
                .where("respondent", .equal, respondent).first() != nil
            {
                throw SelfAssessmentError.alreadySubmitted(respondent: respondent, round: round.title)
            }
            let row = try await db.insert(into: "self_assessment_responses")
                .columns("round_id", "respondent", "submitted_by", "submitted_at")
                .values(SQLBind(roundID), SQLBind(respondent), SQLBind(change.actorName), SQLBind(at))
                .returning("id").first()
            let responseID = Int64(try row!.int("id"))
            try await db.insertBatched(
                into: "self_assessment_answers",
                columns: ["response_id", "item", "rating", "evidence", "plan"],
                cells: answers.map { a in
                    [
                        .integer(responseID), .text(a.item), .integer(a.rating.map(Int64.init)), .text(a.evidence.joined(separator: "\n")),
                        .text(a.plan),
                    ]
                }
            )
            try await AuditLog.record(
                db,
                change,
                action: "submit",
                entity: "self-assessment",
                id: "\(roundID)/\(respondent)",
                before: String?.none,
                after: "\(answers.count) answers"
            )
        }
    }

    static func round(_ row: any SQLRow) throws -> SelfAssessmentRound {
        let opened = try row.string("opened_on")
        guard let openedOn = LocalDate(iso: opened) else {
            throw DataFileIssue(file: "self_assessment_rounds", line: 0, column: "opened_on", message: "not a date: \(opened)")
        }
        return SelfAssessmentRound(
            id: Int64(try row.int("id")),
            questionnaire: try row.string("questionnaire"),
            version: try row.int("version"),
            title: try row.string("title"),
            openedOn: openedOn
        )
    }
}
