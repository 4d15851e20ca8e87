import PasanViews
import Testing

@testable import PasanDomain

/// The Voluntary National Review pages (issue 17) in Lao and English, compared with their
/// reviewed snapshots: the list with the Secretariat's form, and an annex with values, a trend,
/// a province, and an indicator without data.
@Suite struct VNRPagesTests {
    static func text(_ en: String, _ lo: String? = nil) -> LocalizedText { LocalizedText(en: en, lo: lo, loStatus: .machine) }

    static let catalog = FrameworkCatalog(
        goals: [
            Goal(
                number: 3,
                shortTitle: text("Good health", "ສຸຂະພາບດີ"),
                title: text("Ensure healthy lives", "ຮັບປະກັນຊີວິດສຸຂະພາບດີ"),
                colour: "#4C9F38",
                isNational: false
            ),
            Goal(
                number: 14,
                shortTitle: text("Life below water"),
                title: text("Conserve the oceans"),
                colour: "#0A97D9",
                isNational: false
            ),
        ],
        targets: [
            Target(code: "3.1", goal: 3, title: nil, isNational: false), Target(code: "14.1", goal: 14, title: nil, isNational: false),
        ],
        indicators: ["3.1.1", "14.1.1"].map {
            Indicator(
                code: $0,
                goal: FrameworkCode.goalNumber(of: $0)!,
                target: FrameworkCode.targetCode(of: $0)!,
                title: text("Indicator \($0)"),
                scope: .global
            )
        },
        series: [
            Series(
                code: "SH_STA_MORT",
                indicator: "3.1.1",
                name: text("Maternal mortality ratio"),
                unit: "NUMBER",
                unitMultiplier: nil,
                scope: .global
            )
        ],
        institutions: [],
        successions: [],
        provinces: [Area(code: "01", level: .province, parentCode: "LA", name: text("Vientiane Capital", "ນະຄອນຫຼວງວຽງຈັນ"))],
        districts: []
    )

    static let review = VoluntaryNationalReview(
        year: 2026,
        goals: [3, 14],
        revision: 2,
        changedBy: "Secretariat officer",
        changedAt: "2026-11-30T09:00:00Z",
        reason: "Goal 14 added for the chapter on water"
    )

    static func annex() -> StatisticalAnnex {
        func value(_ area: String, _ period: String, _ v: Double, _ dims: [String: String] = [:]) -> Observation {
            Observation(
                series: "SH_STA_MORT",
                indicator: "3.1.1",
                area: area,
                period: period,
                dimensions: dims,
                unit: "NUMBER",
                value: v,
                status: nil,
                source: "LSB, LSIS II"
            )
        }
        return StatisticalAnnex(
            review: review,
            catalog: catalog,
            observations: [
                "3.1.1": [
                    value("LA", "2015", 206), value("LA", "2020", 185), value("LA", "2020", 190, ["SEX": "F"]),
                    value("01", "2020", 1_120.5),
                ]
            ],
            progress: [
                ProgressResult(
                    level: .indicator,
                    code: "3.1.1",
                    score: 2.2,
                    status: .moderateProgress,
                    method: .openSDGStatCan,
                    series: [],
                    overridden: false,
                    justification: nil
                )
            ],
            owners: ["3.1.1": ["MOH"]],
            asOf: LocalDate(year: 2026, month: 12, day: 4)!
        )
    }

    static let session = HLPFSession(
        year: 2026,
        theme: "Transformative, equitable, innovative and coordinated actions for the 2030 Agenda",
        goals: [6, 7, 9, 11, 17],
        source: "UN General Assembly resolution 78/285"
    )

    @Test(arguments: Language.allCases)
    func list(_ l: Language) {
        let page = VNRListPage(
            language: l,
            reviews: [Self.review],
            sessions: [2026: Self.session],
            goals: Self.catalog.goals.map { ($0.number, $0.shortTitle) },
            session: PageSession(userName: "Officer", csrfToken: "token", errors: ["Choose at least one goal to review."]),
            form: ["year": "2027", "goals": "3"]
        )
        Snapshot.check(page.render(), "VNRListPage", l)
    }

    @Test(arguments: Language.allCases)
    func annex(_ l: Language) {
        let page = VNRAnnexPage(
            language: l,
            annex: Self.annex(),
            catalog: Self.catalog,
            session: Self.session,
            revisions: [Self.review],
            goals: Self.catalog.goals.map { ($0.number, $0.shortTitle) },
            page: PageSession(userName: "Officer", csrfToken: "token")
        )
        Snapshot.check(page.render(), "VNRAnnexPage", l)
    }
}
