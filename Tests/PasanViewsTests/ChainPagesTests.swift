import PasanDomain
import PasanViews
import Testing

/// The reporting chain pages (the list, the owner's view, a unit's page, the paper form, the
/// set-up), in Lao and English, compared with their reviewed snapshots; and what they must show
/// whatever the snapshot says.
@Suite struct ChainPagesTests {
    static func text(_ en: String, _ lo: String) -> LocalizedText { LocalizedText(en: en, lo: lo, loStatus: .reviewed) }

    static let chain = ReportingChain(
        id: 3,
        owner: "MOES",
        title: text("School census 2026 (test)", "ການສຳຫຼວດໂຮງຮຽນ 2026 (ທົດສອບ)"),
        year: 2026,
        forms: [
            ChainForm(
                code: "PRI",
                title: text("Primary", "ປະຖົມສຶກສາ"),
                fields: [
                    ChainField(code: "ENR", title: text("Children enrolled", "ເດັກທີ່ລົງທະບຽນ")),
                    ChainField(
                        code: "ATT",
                        title: text("Attendance rate (%)", "ອັດຕາການມາຮຽນ (%)"),
                        aggregation: .weightedAverage(denominator: "ENR")
                    ),
                ]
            )
        ],
        levels: [
            ChainLevel(level: .village, deadline: LocalDate(year: 2026, month: 10, day: 15)!),
            ChainLevel(level: .district, deadline: LocalDate(year: 2026, month: 11, day: 15)!),
        ],
        scope: "01",
        isIllustrative: true
    )

    static var status: ChainStatus {
        let units: [AreaLevel: [String]] = [.village: ["0101001", "0101002", "0101003"], .district: ["0101"]]
        let names: [String: LocalizedText] = [
            "0101001": text("Nongping", "ໜອງປິງ"), "0101002": text("Bornangoua", "ບໍ່ນາງົວ"), "0101003": text("Village 3", "ບ້ານ 3"),
            "0101": text("Chanthabuly", "ຈັນທະບູລີ"), "01": text("Vientiane Capital", "ນະຄອນຫຼວງວຽງຈັນ"),
        ]
        let states: [String: [String: ChainSubmissionState]] = [
            "0101001": ["PRI": .accepted], "0101002": ["PRI": .returned], "0101003": ["PRI": .submitted], "0101": ["PRI": .submitted],
        ]
        let entered: [String: ChainUnitValues] = [
            "0101001": ["PRI": ["ENR": 120, "ATT": 92.5]], "0101002": ["PRI": ["ENR": 80, "ATT": 70]],
            "0101003": ["PRI": ["ENR": 50, "ATT": 80]],
        ]
        let today = LocalDate(year: 2026, month: 10, day: 20)!
        return ChainStatus(
            chain: chain,
            units: units,
            names: names,
            states: states,
            comments: ["0101002": ["PRI": "Count the pupils again"]],
            entered: entered,
            compiled: ChainCompilation.compile(chain, entered: entered, states: states),
            completeness: ChainCompilation.completeness(chain, units: units, states: states, today: today),
            today: today
        )
    }

    static let session = PageSession(userName: "Vientiane Capital (test)", csrfToken: "csrf-token")

    static let history = [
        ChainStepRecord(
            area: "0101002",
            form: "PRI",
            step: .submit,
            state: .submitted,
            revision: 1,
            values: ["ENR": 80],
            comment: nil,
            actor: "Village focal point",
            at: "2026-10-14T03:00:00Z"
        ),
        ChainStepRecord(
            area: "0101002",
            form: "PRI",
            step: .return,
            state: .returned,
            revision: 1,
            values: nil,
            comment: "Count the pupils again",
            actor: "District officer",
            at: "2026-10-16T03:00:00Z"
        ),
    ]

    @Test(arguments: [Language.en, .lo])
    func pages(language: Language) {
        let status = Self.status
        let summary = ChainSummary(
            id: 3,
            owner: "MOES",
            title: Self.chain.title,
            year: 2026,
            levels: Self.chain.levels,
            scope: "01",
            indicator: nil,
            isIllustrative: true
        )
        Snapshot.check(ChainsPage(language: language, chains: [summary], ownerNames: [:], canCreate: true).render(), "ChainsPage", language)
        let owner = ChainPage(
            language: language,
            status: status,
            ownerName: Self.text("Ministry of Education and Sports", "ກະຊວງສຶກສາທິການ ແລະ ກິລາ"),
            session: Self.session
        ).render()
        Snapshot.check(owner, "ChainPage", language)
        let village = ChainUnitPage(
            language: language,
            session: Self.session,
            status: status,
            area: "0101002",
            canAct: true,
            canReview: false,
            history: Self.history
        ).render()
        Snapshot.check(village, "ChainUnitPage", language)
        let district = ChainUnitPage(
            language: language,
            session: Self.session,
            status: status,
            area: "0101",
            canAct: true,
            canReview: true,
            history: []
        )
        .render()
        Snapshot.check(district, "ChainUnitPage-district", language)
        let paper = ChainPaperFormPage(
            language: language,
            chain: Self.chain,
            area: "0101002",
            areaName: status.names["0101002"],
            parentName: status.names["0101"]
        )
        .render()
        Snapshot.check(paper, "ChainPaperFormPage", language)
        Snapshot.check(
            ChainNewPage(language: language, session: Self.session, owners: [("MOES", "MOES")]).render(),
            "ChainNewPage",
            language
        )

        // Whatever the snapshots say: the village's form to fill, the returned comment, the
        // district's accept and return of what arrived, the paper form's codes.
        #expect(village.contains("name=\"v-ENR\"") && village.contains("Count the pupils again"))
        #expect(district.contains("/chains/3/units/0101/step") && !district.contains("name=\"v-ENR\""))
        #expect(paper.contains("CHAIN-3") && paper.contains("PRI.ENR") && paper.contains("0101002"))
        // The district's 170 pupils (120 + 50): the returned village's 80 does not count.
        #expect(owner.contains("170") && !owner.contains("250"))
    }
}
