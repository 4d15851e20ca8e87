import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// Issue 17, item 1: the Secretariat opens a round, an institution's focal point answers it once
/// through the form (each problem named, in its language), and the results are public.
@Suite struct SelfAssessmentWebTests {
    @Test(arguments: Backend.all)
    func aRoundIsOpenedAnsweredOnceAndShown(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let accounts = AccountRepository(database: database)
            let officer = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "officer@pasan.demo")).id
            )
            let owner = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "moh.owner@pasan.demo")).id
            )
            let questionnaire = try #require(ShippedQuestionnaires.latest("cepa-principles"))
            try await app.test(.router) { client in
                // The demo's results are public, in both languages.
                let en = String(buffer: try await client.execute(uri: "/en/self-assessment", method: .get).body)
                #expect(
                    en.contains("Governance self-assessment") && en.contains("2026 (demo)") && en.contains("National score over the rounds")
                )
                #expect(en.contains("Ministry of Health") && en.contains("Competence") && en.contains("CEPA publishes no scale"))
                let lo = String(buffer: try await client.execute(uri: "/lo/self-assessment", method: .get).body)
                #expect(lo.contains("ການປະເມີນຕົນເອງດ້ານການປົກຄອງ"))

                // The Secretariat opens a round; MOH's focal point is offered to answer it.
                let opened = try await post(client, "/en/self-assessment/rounds", session: officer, fields: ["title": "2027"])
                #expect(opened.status == .seeOther)
                let round = try #require(try await SelfAssessmentRepository(database: database).rounds().first { $0.title == "2027" })
                let again = try await post(client, "/en/self-assessment/rounds", session: officer, fields: ["title": "2027"])
                #expect(again.status == .badRequest && String(buffer: again.body).contains("A round named 2027 exists already."))
                let offered = String(buffer: try await get(client, "/en/self-assessment?round=\(round.id)", session: owner).body)
                #expect(offered.contains("/en/self-assessment/\(round.id)/MOH/answer"))
                let answer = "/en/self-assessment/\(round.id)/MOH/answer"
                #expect(try await get(client, answer, session: owner).status == .ok)
                #expect(try await get(client, "/en/self-assessment/\(round.id)/MOES/answer", session: owner).status == .forbidden)

                // Refused: most items unanswered, a rating off the scale, evidence that is no address.
                var fields = ["rating.competence.1": "7", "evidence.competence.1": "moh intranet", "rating.competence.2": "2"]
                let refused = try await post(client, answer, session: owner, fields: fields)
                #expect(refused.status == .badRequest)
                let text = String(buffer: refused.body)
                #expect(text.contains("60 items are not answered"))
                #expect(text.contains("competence.1: the rating 7 is outside the scale (0 to 4)."))
                #expect(text.contains("“moh intranet” is not a web address"))
                let laoRefusal = String(
                    buffer: try await post(client, "/lo/self-assessment/\(round.id)/MOH/answer", session: owner, fields: fields).body
                )
                #expect(laoRefusal.contains("ຂໍ້ຍັງບໍ່ໄດ້ຕອບ"))
                #expect(try await SelfAssessmentRepository(database: database).responses(roundID: round.id).isEmpty)

                // Answered whole: accepted once.
                fields = [:]
                for (index, item) in questionnaire.items.enumerated() {
                    fields["rating.\(item.code)"] = index == 5 ? "na" : String(index % 5)
                }
                fields["evidence.competence.1"] = "https://moh.gov.la/hr-plan.pdf"
                fields["plan.competence.1"] = "Train the provincial statisticians"
                let accepted = try await post(client, answer, session: owner, fields: fields)
                #expect(accepted.status == .seeOther)
                #expect(accepted.headers[.location] == "/en/self-assessment/\(round.id)/MOH")
                let twice = try await post(client, answer, session: owner, fields: fields)
                #expect(twice.status == .badRequest && String(buffer: twice.body).contains("has already answered the round 2027"))
                let shown = String(buffer: try await client.execute(uri: "/en/self-assessment/\(round.id)/MOH", method: .get).body)
                #expect(shown.contains("Train the provincial statisticians") && shown.contains("https://moh.gov.la/hr-plan.pdf"))
                #expect(shown.contains("Not applicable"))
                #expect(try await client.execute(uri: "/en/self-assessment/\(round.id)/MOES", method: .get).status == .notFound)
                // Nobody answers for an institution that does not exist.
                let nobody = try await post(client, "/en/self-assessment/\(round.id)/XYZ/answer", session: officer, fields: fields)
                #expect(nobody.status == .notFound)
            }
        }
    }
    /// The institutional readiness questionnaire: a second questionnaire beside CEPA's, whose
    /// items show what Pasan knows of the institution (the demo: MOH's owner and reporter primary
    /// focal points named, the alternates vacant) with a suggested rating.
    @Test(arguments: Backend.all)
    func theReadinessQuestionnaireShowsWhatPasanKnows(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let accounts = AccountRepository(database: database)
            let officer = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "officer@pasan.demo")).id
            )
            let owner = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "moh.owner@pasan.demo")).id
            )
            let round = try #require(
                try await SelfAssessmentRepository(database: database).rounds().first { $0.questionnaire == "institutional-readiness" }
            )
            try await app.test(.router) { client in
                let results = String(
                    buffer: try await get(client, "/en/self-assessment?questionnaire=institutional-readiness", session: nil).body
                )
                #expect(results.contains("Institutional readiness for SDG reporting") && results.contains("Lao Statistics Bureau"))
                #expect(results.contains("/en/self-assessment?questionnaire=cepa-principles"))
                let form = String(buffer: try await get(client, "/en/self-assessment/\(round.id)/MOH/answer", session: owner).body)
                #expect(
                    form.contains("Pasan knows: 2 of 4 focal point positions (owner and reporter, primary and alternate) are filled today.")
                )
                #expect(form.contains("Suggested rating: 2"))
                // A round of the readiness questionnaire is opened as such.
                let opened = try await post(
                    client,
                    "/en/self-assessment/rounds",
                    session: officer,
                    fields: ["title": "2027", "questionnaire": "institutional-readiness"]
                )
                #expect(opened.headers[.location]?.hasPrefix("/en/self-assessment?questionnaire=institutional-readiness&round=") == true)
                let rounds = try await SelfAssessmentRepository(database: database).rounds()
                #expect(rounds.first { $0.title == "2027" }?.questionnaire == "institutional-readiness")
            }
        }
    }
}
