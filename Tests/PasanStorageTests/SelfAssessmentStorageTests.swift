import PasanDomain
import PasanReferenceData
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// The governance self-assessment's rounds and responses (migration 21), on both databases: a
/// response is read back as submitted, answered once per round, and a refused one writes nothing.
@Suite struct SelfAssessmentStorageTests {
    static let officer = ChangeContext(actorID: nil, actorName: "Secretariat officer", address: "127.0.0.1")

    static func count(_ database: Database, _ table: String) async throws -> Int {
        try await database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.int("n") }
    }

    @Test(arguments: Backend.all)
    func aRoundIsAnsweredOnceAndReadBackAsSubmitted(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let questionnaire = try #require(ShippedQuestionnaires.latest("cepa-principles"))
            let repository = SelfAssessmentRepository(database: database)
            let round = try await repository.openRound(of: questionnaire, title: " 2027 ", change: Self.officer)
            #expect(round.title == "2027" && round.version == questionnaire.version)
            #expect(try await repository.rounds().first == round)
            await #expect(throws: SelfAssessmentError.roundExists("2027")) {
                try await repository.openRound(of: questionnaire, title: "2027", change: Self.officer)
            }
            await #expect(throws: SelfAssessmentError.titleMissing) {
                try await repository.openRound(of: questionnaire, title: "  ", change: Self.officer)
            }

            let answers = questionnaire.items.enumerated().map { index, item in
                SelfAssessmentAnswer(
                    item: item.code,
                    rating: index % 5 == 4 ? nil : index % 5,
                    evidence: index == 0 ? ["https://moh.gov.la/hr-plan.pdf", "https://moh.gov.la/ພາສາລາວ"] : [],
                    plan: index == 1 ? "Train 40 statisticians by 2027; ສ້າງແຜນ" : ""
                )
            }
            let before = (
                try await Self.count(database, "self_assessment_responses"), try await Self.count(database, "self_assessment_answers")
            )
            // Refused: a rating off the scale; nothing is written.
            var wrong = answers
            wrong[3].rating = 9
            await #expect(throws: SelfAssessmentError.self) {
                try await repository.submit(
                    roundID: round.id,
                    respondent: "MOES",
                    answers: wrong,
                    questionnaire: questionnaire,
                    change: Self.officer
                )
            }
            #expect(try await Self.count(database, "self_assessment_responses") == before.0)

            try await repository.submit(
                roundID: round.id,
                respondent: "MOES",
                answers: answers,
                questionnaire: questionnaire,
                change: Self.officer
            )
            let stored = try #require(try await repository.responses(roundID: round.id).first { $0.respondent == "MOES" })
            #expect(stored.answers.sorted { $0.item < $1.item } == answers.sorted { $0.item < $1.item })
            #expect(stored.submittedBy == "Secretariat officer")
            #expect(try await Self.count(database, "self_assessment_answers") == before.1 + questionnaire.items.count)

            // Twice: refused, nothing added.
            await #expect(throws: SelfAssessmentError.alreadySubmitted(respondent: "MOES", round: "2027")) {
                try await repository.submit(
                    roundID: round.id,
                    respondent: "MOES",
                    answers: answers,
                    questionnaire: questionnaire,
                    change: Self.officer
                )
            }
            #expect(try await Self.count(database, "self_assessment_responses") == before.0 + 1)
            // An unknown round.
            await #expect(throws: SelfAssessmentError.unknownRound) {
                try await repository.submit(
                    roundID: 99_999,
                    respondent: "MOES",
                    answers: answers,
                    questionnaire: questionnaire,
                    change: Self.officer
                )
            }
        }
    }
}
