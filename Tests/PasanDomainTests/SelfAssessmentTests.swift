import PasanReferenceData
import Testing

@testable import PasanDomain

/// The governance self-assessment (issue 17, item 1): the shipped questionnaire, what an answer
/// must hold, and the scores (section means without the not-applicable items, each principle
/// weighing the same, the national score as the mean of the institutions').
@Suite struct SelfAssessmentTests {
    static func text(_ en: String) -> LocalizedText { LocalizedText(en: en, lo: "ລາວ", loStatus: .machine) }

    /// Two sections: a (3 items), b (1 item).
    static let questionnaire = Questionnaire(
        id: "test",
        version: 1,
        title: text("Test"),
        source: .init(name: "Test", urls: [], note: ""),
        sections: [
            .init(
                code: "a",
                group: nil,
                title: text("A"),
                summary: nil,
                items: [.init(code: "a.1", text: text("A1")), .init(code: "a.2", text: text("A2")), .init(code: "a.3", text: text("A3"))]
            ),
            .init(code: "b", group: nil, title: text("B"), summary: nil, items: [.init(code: "b.1", text: text("B1"))]),
        ]
    )

    static func answers(_ ratings: [String: Int?]) -> [SelfAssessmentAnswer] {
        ratings.map { SelfAssessmentAnswer(item: $0.key, rating: $0.value) }
    }

    @Test func theShippedQuestionnaireHoldsTheElevenPrinciplesAndTheirStrategies() throws {
        let cepa = try #require(ShippedQuestionnaires.latest("cepa-principles"))
        #expect(cepa.problems.isEmpty)
        #expect(cepa.sections.count == 11 && cepa.items.count == 62)
        #expect(
            cepa.sections.map(\.code) == [
                "competence", "sound-policymaking", "collaboration", "integrity", "transparency", "independent-oversight",
                "leaving-no-one-behind", "non-discrimination", "participation", "subsidiarity", "intergenerational-equity",
            ]
        )
        #expect(cepa.items.first?.text.en == "Promotion of a professional public sector workforce")
        #expect(cepa.items.allSatisfy { $0.text.lo?.isEmpty == false && $0.text.loStatus == .machine })
        #expect(cepa.source.urls.allSatisfy(SelfAssessment.isWebAddress))
    }

    @Test func sectionScoresLeaveOutTheItemsNotApplicable() {
        let scores = SelfAssessment.scores(Self.answers(["a.1": 4, "a.2": 1, "a.3": nil, "b.1": nil]), in: Self.questionnaire)
        #expect(scores.map(\.mean) == [2.5, nil])
        #expect(scores.map(\.rated) == [2, 0] && scores.map(\.notApplicable) == [1, 1])
        // Each section weighs the same, however many items it has.
        let overall = SelfAssessment.overall(
            SelfAssessment.scores(Self.answers(["a.1": 4, "a.2": 4, "a.3": 4, "b.1": 0]), in: Self.questionnaire)
        )
        #expect(overall == 2)
        #expect(SelfAssessment.overall(scores) == 2.5)
        #expect(SelfAssessment.overall(SelfAssessment.scores([], in: Self.questionnaire)) == nil)
    }

    @Test func theNationalScoreIsTheMeanOfTheInstitutionsNotTheArrangement() {
        func response(_ who: String, _ ratings: [String: Int?]) -> SelfAssessmentResponse {
            SelfAssessmentResponse(respondent: who, submittedBy: who, submittedAt: "2026-01-01T00:00:00Z", answers: Self.answers(ratings))
        }
        let national = SelfAssessment.national(
            [
                response("MOH", ["a.1": 4, "a.2": 4, "a.3": 4, "b.1": 1]),  // a 4, b 1
                response("LSB", ["a.1": 1, "a.2": 2, "a.3": 3, "b.1": nil]),  // a 2, b none
                response(SelfAssessment.wholeArrangement, ["a.1": 0, "a.2": 0, "a.3": 0, "b.1": 0]),
            ],
            in: Self.questionnaire
        )
        #expect(national.map(\.mean) == [3, 1])
        #expect(national.map(\.rated) == [2, 1])
    }

    @Test func eachProblemOfAnAnswerIsNamed() {
        var answers = Self.answers(["a.1": 5, "a.2": -1, "z.9": 2])
        answers.append(SelfAssessmentAnswer(item: "b.1", rating: 3, evidence: ["www.moh.gov.la/report", "https://moh.gov.la/report.pdf"]))
        let problems = SelfAssessment.problems(answers, in: Self.questionnaire)
        #expect(
            problems.map(\.key) == [
                "domain.selfAssessment.problem.unanswered", "domain.selfAssessment.problem.unknownItem",
                "domain.selfAssessment.problem.rating", "domain.selfAssessment.problem.rating", "domain.selfAssessment.problem.evidence",
            ]
        )
        #expect(problems[0].text(in: .en) == "1 item is not answered (rate it or mark it not applicable): a.3")
        #expect(problems[2].text(in: .en) == "a.1: the rating 5 is outside the scale (0 to 4).")
        #expect(problems[4].text(in: .en).contains("www.moh.gov.la/report"))
        #expect(problems.allSatisfy { $0.localized.lo?.isEmpty == false })
        // Not applicable is an answer; a complete set has no problem.
        #expect(SelfAssessment.problems(Self.answers(["a.1": nil, "a.2": 0, "a.3": 4, "b.1": 2]), in: Self.questionnaire).isEmpty)
        // Many unanswered items are one message.
        let none = SelfAssessment.problems([], in: Self.questionnaire)
        #expect(
            none.count == 1
                && none[0].text(in: .en) == "4 items are not answered (rate them or mark them not applicable): a.1, a.2, a.3, b.1"
        )
    }

    @Test func evidenceIsAWebAddress() {
        for good in ["https://moh.gov.la/report.pdf", "http://lsb.gov.la", "https://example.org/a?b=c#d", "HTTPS://WWW.LSB.GOV.LA/x"] {
            #expect(SelfAssessment.isWebAddress(good), "\(good)")
        }
        for bad in [
            "moh.gov.la", "ftp://lsb.gov.la/x", "https://", "https://localhost/x", "https://moh gov.la", "javascript:alert(1)",
            "https:///x",
        ] {
            #expect(!SelfAssessment.isWebAddress(bad), "\(bad)")
        }
    }

    @Test func theReadinessQuestionnaireNamesWhatPasanMeasures() throws {
        let readiness = try #require(ShippedQuestionnaires.latest("institutional-readiness"))
        #expect(readiness.problems.isEmpty)
        #expect(readiness.sections.map(\.code) == ["mandate", "focal-points", "data-flows", "budget", "capacity"])
        #expect(Set(readiness.items.compactMap(\.measure)) == Set(ReadinessMeasure.allCases))
        #expect(try #require(ShippedQuestionnaires.latest("cepa-principles")).items.allSatisfy { $0.measure == nil })
    }

    @Test func readinessFactsSuggestARatingFromTheirShare() {
        let facts = ReadinessFacts(
            focalPositionsFilled: 3,
            ownedAssignments: 4,
            withBasisInForce: 1,
            ownerStepsDue: 0,
            cellsRequested: 10,
            cellsDelivered: 12
        )
        #expect(facts.share(.focalPoints)! == (3, 4) && facts.suggestedRating(.focalPoints) == 3)
        #expect(facts.suggestedRating(.legalBasis) == 1)
        // Nothing due: nothing to measure, no suggestion.
        #expect(facts.share(.timeliness) == nil && facts.suggestedRating(.timeliness) == nil)
        #expect(facts.evidence(.timeliness).key == "domain.readiness.nothingToMeasure")
        // More delivered than requested counts as all of it.
        #expect(facts.suggestedRating(.completeness) == 4)
        #expect(facts.evidence(.focalPoints) == Message("domain.readiness.focalPoints", ["part": .number(3), "whole": .number(4)]))
    }
}
