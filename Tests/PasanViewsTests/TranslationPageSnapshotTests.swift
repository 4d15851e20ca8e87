import PasanDomain
import PasanViews
import Testing

/// The translation review (queue, one text, proposals) and the settings of Pasan's defaults,
/// built from small fixtures, in Lao and English, compared with their reviewed snapshots.
@Suite struct TranslationPageSnapshotTests {
    typealias F = Fixtures

    static let title = TranslatableText(
        kind: .indicator,
        key: "18.1.1",
        goal: 18,
        english: "Number of reported UXO casualties (disaggregated by age group and sex)",
        lao: "ຈຳນວນຜູ້ເສຍຊີວິດຂອງ UXO",
        status: .machine
    )
    static let interface = TranslatableText(
        kind: .interface,
        key: "translations.queue.count",
        english: "{count} text",
        englishPlural: "{count} texts",
        lao: "{count} ຂໍ້ຄວາມ",
        status: .unreviewed,
        component: "translations"
    )
    static let codeLabel = TranslatableText(kind: .codeLabel, key: "SEX@F", english: "Female", lao: "ຍິງ", status: .unreviewed)
    static let casualties = GlossaryTerm(english: "casualties", lao: "ຜູ້ເຄາະຮ້າຍ", note: "Pasan's wording, unconfirmed")

    static func change(_ state: TranslationChange.State, id: Int64 = 7) -> TranslationChange {
        TranslationChange(
            id: id,
            item: TranslationItem(kind: .indicator, key: "18.1.1"),
            english: title.english,
            laoBefore: title.lao,
            laoAfter: "ຈຳນວນຜູ້ເຄາະຮ້າຍຈາກລະເບີດບໍ່ທັນແຕກ",
            proposedBy: 41,
            proposerName: "noy@lsb.example.la",
            proposedAt: "2026-11-30T09:00:00Z",
            source: .po,
            note: "casualties = killed and injured",
            state: state,
            decidedBy: state == .pending ? nil : 42,
            deciderName: state == .pending ? nil : "kham@lsb.example.la",
            decidedAt: state == .pending ? nil : "2026-12-01T10:00:00Z"
        )
    }

    @Test(arguments: Language.allCases)
    func translationQueue(_ l: Language) {
        let page = TranslationQueuePage(
            language: l,
            session: F.session(),
            filter: .init(kind: nil, goal: 18, all: false, query: "", offset: 0),
            rows: [
                .init(text: Self.title, departures: [Self.casualties], hasPendingProposal: true),
                .init(text: Self.interface, departures: [], hasPendingProposal: false),
                .init(text: Self.codeLabel, departures: [], hasPendingProposal: false),
            ],
            total: 120,
            pageSize: 100,
            byKind: [
                .interface: .init(total: 900, reviewed: 12, missing: 0), .indicator: .init(total: 277, reviewed: 3, missing: 1),
                .codeLabel: .init(total: 412, reviewed: 0, missing: 30),
            ],
            byGoal: [18: .init(total: 12, reviewed: 1, missing: 0)],
            pendingCount: 1
        )
        Snapshot.check(page.render(), "TranslationQueuePage", l)
    }

    @Test(arguments: Language.allCases)
    func translationItem(_ l: Language) {
        let page = TranslationItemPage(
            language: l,
            session: F.session(),
            text: Self.title,
            terms: [Self.casualties],
            departures: [Self.casualties],
            history: [Self.change(.pending, id: 8), Self.change(.rejected)],
            canPropose: true
        )
        Snapshot.check(page.render(), "TranslationItemPage", l)
    }

    @Test(arguments: Language.allCases)
    func translationReview(_ l: Language) {
        let page = TranslationReviewPage(
            language: l,
            session: F.session(),
            rows: [.init(change: Self.change(.pending), departures: [])],
            reviewerID: 42,
            canDecide: true
        )
        Snapshot.check(page.render(), "TranslationReviewPage", l)
    }

    @Test(arguments: Language.allCases)
    func settings(_ l: Language) {
        var values = PasanDefaults.pasan
        values.reminderDays = [10, 3]
        let page = SettingsPage(language: l, session: F.session(), values: values, setBySecretariat: ["reminder_days"], canEdit: true)
        Snapshot.check(page.render(), "SettingsPage", l)
    }
}
