import PasanViews
import Testing

@testable import PasanDomain

/// Capacity and individual recognition (issue 17) in Lao and English, compared with their
/// reviewed snapshots.
@Suite struct CapacityPagesTests {
    typealias F = Fixtures
    static func text(_ en: String, _ lo: String? = nil) -> LocalizedText { LocalizedText(en: en, lo: lo, loStatus: .machine) }

    static let event = CapacityEvent(
        id: 3,
        kind: .trainingOfTrainers,
        title: text("Submitting SDG data", "ການສົ່ງຂໍ້ມູນ SDG"),
        topic: "Templates and submissions",
        startsOn: LocalDate(year: 2026, month: 3, day: 10)!,
        endsOn: LocalDate(year: 2026, month: 3, day: 12)!,
        place: "Vientiane",
        organiser: "LSB",
        trainers: ["LSB trainer"],
        materials: ["https://example.org/slides.pdf"],
        participants: [.init(userID: 4, name: "Somchai", institution: "MOH"), .init(userID: 6, name: "Vanh", institution: "MOLSW")]
    )

    static let term = FocalPointTerm(
        institution: "MOH",
        role: .owner,
        position: .primary,
        userID: 4,
        userName: "Somchai",
        startedOn: LocalDate(year: 2025, month: 1, day: 6)!,
        endedOn: LocalDate(year: 2026, month: 5, day: 1)!
    )

    @Test(arguments: Language.allCases)
    func list(_ l: Language) {
        let page = CapacityPage(
            language: l,
            events: [Self.event],
            institutions: [("LSB", Self.text("Lao Statistics Bureau")), ("MOH", Self.text("Ministry of Health"))],
            candidates: [CapacityEvent.Participant(userID: 4, name: "Somchai", institution: "MOH")],
            session: PageSession(userName: "Officer", csrfToken: "token"),
            form: ["participants": "4"]
        )
        Snapshot.check(page.render(), "CapacityPage", l)
    }

    @Test(arguments: Language.allCases)
    func event(_ l: Language) {
        Snapshot.check(CapacityEventPage(language: l, event: Self.event, names: F.institutionNames).render(), "CapacityEventPage", l)
    }

    @Test(arguments: Language.allCases)
    func person(_ l: Language) {
        let record = CapacityRecord(userID: 4, name: "Somchai", terms: [Self.term], events: [Self.event])
        Snapshot.check(CapacityPersonPage(language: l, record: record, names: F.institutionNames).render(), "CapacityPersonPage", l)
    }

    @Test(arguments: Language.allCases)
    func certificate(_ l: Language) {
        let recognition = IndividualRecognition(
            cycle: F.closedCycle,
            dashboard: F.closedDashboard,
            submitters: ["MOH|3.1.2": (4, "Somchai")]
        )
        let line = recognition.lines[0]
        #expect(line.isRecognised)
        let page = RecognitionCertificatePage(
            language: l,
            cycle: F.closedCycle,
            line: line,
            names: F.institutionNames,
            issuedOn: LocalDate(year: 2024, month: 7, day: 1)!
        )
        Snapshot.check(page.render(), "RecognitionCertificatePage", l)
    }
}
