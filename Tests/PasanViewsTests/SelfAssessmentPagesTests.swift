import PasanDomain
import PasanViews
import Testing

/// The governance self-assessment's pages (issue 17) in Lao and English, compared with their
/// reviewed snapshots, on a two-section questionnaire: national results over two rounds, one
/// respondent's answers, the form after a refusal.
@Suite struct SelfAssessmentPagesTests {
    typealias F = Fixtures

    static func text(_ en: String, _ lo: String) -> LocalizedText { LocalizedText(en: en, lo: lo, loStatus: .machine) }

    static let questionnaire = Questionnaire(
        id: "cepa-principles",
        version: 1,
        title: text("Principles of effective governance: self-assessment", "ຫຼັກການການປົກຄອງທີ່ມີປະສິດທິຜົນ: ການປະເມີນຕົນເອງ"),
        source: .init(
            name: "UN CEPA, Principles of effective governance for sustainable development",
            urls: [
                "https://publicadministration.desa.un.org/intergovernmental-support/cepa/principles-effective-governance-sustainable-development"
            ],
            note: ""
        ),
        sections: [
            .init(
                code: "competence",
                group: "effectiveness",
                title: text("Competence", "ຄວາມສາມາດ"),
                summary: text("Institutions have the skills and means for their mandates.", "ອົງການມີຄວາມຮູ້ ແລະ ວິທີການ ສຳລັບໜ້າທີ່."),
                items: [
                    .init(
                        code: "competence.1",
                        text: text("Promotion of a professional public sector workforce", "ການສົ່ງເສີມພະນັກງານລັດທີ່ເປັນມືອາຊີບ")
                    ),
                    .init(code: "competence.2", text: text("Strategic human resources management", "ການຄຸ້ມຄອງຊັບພະຍາກອນມະນຸດແບບຍຸດທະສາດ")),
                ]
            ),
            .init(
                code: "transparency",
                group: "accountability",
                title: text("Transparency", "ຄວາມໂປ່ງໃສ"),
                summary: nil,
                items: [.init(code: "transparency.1", text: text("Open government data", "ຂໍ້ມູນລັດແບບເປີດ"))]
            ),
        ]
    )
    static let rounds = [
        SelfAssessmentRound(
            id: 2,
            questionnaire: "cepa-principles",
            version: 1,
            title: "2026",
            openedOn: LocalDate(year: 2026, month: 2, day: 1)!
        ),
        SelfAssessmentRound(
            id: 1,
            questionnaire: "cepa-principles",
            version: 1,
            title: "2024",
            openedOn: LocalDate(year: 2024, month: 2, day: 1)!
        ),
    ]
    static let moh = SelfAssessmentResponse(
        respondent: "MOH",
        submittedBy: "Somchai Phommachanh",
        submittedAt: "2026-03-02T08:30:00Z",
        answers: [
            SelfAssessmentAnswer(
                item: "competence.1",
                rating: 3,
                evidence: ["https://moh.gov.la/hr-plan.pdf"],
                plan: "Train provincial staff"
            ),
            SelfAssessmentAnswer(item: "competence.2", rating: nil),
            SelfAssessmentAnswer(item: "transparency.1", rating: 1, plan: "Publish the HMIS tables"),
        ]
    )

    @Test(arguments: Language.allCases)
    func results(_ l: Language) {
        let page = SelfAssessmentPage(
            language: l,
            questionnaire: Self.questionnaire,
            rounds: Self.rounds,
            round: Self.rounds[0],
            national: SelfAssessment.national([Self.moh], in: Self.questionnaire),
            respondents: [.init(code: "MOH", name: "Ministry of Health (MOH)", overall: 2), .init(code: "LSB", name: "LSB", overall: nil)],
            overTime: [("2024", 1.5), ("2026", 2)],
            mayAnswer: [("arrangement", "The national SDG arrangement as a whole (Secretariat)")],
            canOpenRound: true,
            session: F.session()
        )
        Snapshot.check(page.render(), "SelfAssessmentPage", l)
    }

    @Test(arguments: Language.allCases)
    func response(_ l: Language) {
        let page = SelfAssessmentResponsePage(
            language: l,
            questionnaire: Self.questionnaire,
            round: Self.rounds[0],
            respondentName: "Ministry of Health (MOH)",
            response: Self.moh
        )
        Snapshot.check(page.render(), "SelfAssessmentResponsePage", l)
    }

    @Test(arguments: Language.allCases)
    func form(_ l: Language) {
        let page = SelfAssessmentFormPage(
            language: l,
            session: F.session(errors: ["competence.1: the rating 7 is outside the scale (0 to 4)."]),
            questionnaire: Self.questionnaire,
            round: Self.rounds[0],
            respondent: "MOH",
            respondentName: "Ministry of Health (MOH)",
            form: ["rating.competence.1": "7", "evidence.competence.1": "moh intranet", "rating.transparency.1": "na"]
        )
        Snapshot.check(page.render(), "SelfAssessmentFormPage", l)
    }
}
