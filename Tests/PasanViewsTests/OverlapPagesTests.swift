import PasanDomain
import PasanViews
import Testing

/// The overlap pages (the list with its filters, map, legend and villages; one overlap with its
/// history and the decision form), in Lao and English, compared with their reviewed snapshots;
/// and what they must show whatever the snapshot says.
@Suite struct OverlapPagesTests {
    typealias F = Fixtures

    static func date(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    static let villageOverlap = ActivityOverlap(
        id: 7,
        first: "LA-PASAN-MOH-1",
        second: "XM-DAC-41122-LA-2025-01",
        firstImplementer: "inst:MOH",
        secondImplementer: "ref:XM-DAC-41122",
        places: [OverlapPlace(areaCode: "0101001", level: .village), OverlapPlace(areaCode: "0102", level: .district)],
        sharedTargets: ["3.1", "3.2"],
        sharedSectors: ["122"],
        periodStart: date("2025-01-01"),
        periodEnd: nil,
        resolution: OverlapResolution(
            state: .coordinated,
            note: "MOH runs the clinic days, UNICEF the outreach; one visit schedule agreed",
            decidedBy: "Secretariat officer (demo)",
            decidedAt: "2026-11-30T09:00:00Z",
            revision: 2
        )
    )

    static let districtOverlap = ActivityOverlap(
        id: 8,
        first: "LA-PASAN-LWU-4",
        second: "LA-PASAN-MOES-2",
        firstImplementer: "inst:LWU",
        secondImplementer: "inst:MOES",
        places: [OverlapPlace(areaCode: "0102", level: .district)],
        sharedTargets: ["4.1"],
        sharedSectors: [],
        periodStart: date("2026-01-01"),
        periodEnd: date("2026-12-31")
    )

    static let entries = [
        OverlapEntry(
            overlap: villageOverlap,
            isCurrent: true,
            first: OverlapSide(
                identifier: "LA-PASAN-MOH-1",
                id: 11,
                title: F.text("Mother and child health days", nil),
                implementer: F.text("Ministry of Health", nil),
                status: .implementation,
                start: date("2024-06-01"),
                end: nil,
                isIllustrative: true
            ),
            second: OverlapSide(
                identifier: "XM-DAC-41122-LA-2025-01",
                id: 12,
                title: F.text("Community health outreach", nil),
                implementer: F.text("UNICEF", nil),
                status: .implementation,
                start: date("2025-01-01"),
                end: date("2027-12-31"),
                isIllustrative: true
            )
        ),
        OverlapEntry(
            overlap: districtOverlap,
            isCurrent: false,
            first: OverlapSide(identifier: "LA-PASAN-LWU-4", title: F.text("Girls back to school", nil), implementer: F.text("LWU", nil)),
            second: OverlapSide(identifier: "LA-PASAN-MOES-2", title: F.text("School meals", nil), implementer: F.text("MOES", nil))
        ),
    ]

    static let names = ["0101001": F.text("Nongping", nil), "0102": F.text("Sikhottabong", nil)]

    static func listPage(_ l: Language) -> OverlapsPage {
        OverlapsPage(
            language: l,
            filter: OverlapsPage.Filter(province: "01", target: "3.1"),
            provinces: [("01", F.text("Vientiane Capital", nil)), ("02", F.text("Phongsaly", nil))],
            districts: [("0101", F.text("Chanthabuly", nil)), ("0102", F.text("Sikhottabong", nil))],
            institutions: [("MOH", F.text("Ministry of Health", nil)), ("LWU", F.text("Lao Women's Union", nil))],
            map: F.map(F.districtBoundaries, l, width: 360),
            districtCounts: ["0101": 2, "0102": 12],
            villages: [
                OverlapsPage.VillageCount(code: "0101001", name: F.text("Nongping", nil), district: F.text("Chanthabuly", nil), count: 2)
            ],
            villageTotal: 3,
            entries: entries,
            total: 60,
            offset: 0,
            limit: 50,
            placeNames: names
        )
    }

    static func detailPage(_ l: Language, session: PageSession?) -> OverlapPage {
        OverlapPage(
            language: l,
            entry: entries[0],
            foundAt: "2026-11-28T02:00:00Z",
            history: [
                OverlapResolution(
                    state: .notOverlap,
                    note: "Different households",
                    decidedBy: "MOH owner focal point (demo)",
                    decidedAt: "2026-11-29T08:00:00Z",
                    revision: 1
                ),
                villageOverlap.resolution!,
            ],
            placeNames: names,
            session: session
        )
    }

    @Test(arguments: Language.allCases)
    func list(_ l: Language) {
        let html = Self.listPage(l).render()
        let prefix = "/\(l.rawValue)"
        #expect(html.contains("href=\"\(prefix)/overlaps/7\"") && html.contains("href=\"\(prefix)/overlaps/8\""))
        #expect(html.contains("href=\"\(prefix)/places/0101001\""))
        #expect(html.contains("href=\"\(prefix)/activities/11\""))
        #expect(html.contains("class=\"area-map choropleth\""))
        // The legend: five steps from 2 to 12, and "none".
        #expect(html.contains("2–3") && html.contains("10–12"))
        // The filters as chosen, and the next page keeps them.
        #expect(html.contains("<option value=\"01\" selected=\"selected\">"))
        #expect(html.contains("\(prefix)/overlaps?province=01&amp;target=3.1&amp;offset=50"))
        Snapshot.check(html, "OverlapsPage", l)
    }

    @Test(arguments: Language.allCases)
    func detail(_ l: Language) {
        let html = Self.detailPage(l, session: PageSession(userName: "Officer", csrfToken: "csrf-token")).render()
        #expect(html.contains("action=\"/\(l.rawValue)/overlaps/7/resolve\""))
        #expect(html.contains("name=\"_csrf\" value=\"csrf-token\""))
        #expect(html.contains("Different households") && html.contains("one visit schedule agreed"))
        // The latest decision first.
        let latest = html.range(of: "one visit schedule agreed")!.lowerBound
        #expect(latest < html.range(of: "Different households")!.lowerBound)
        Snapshot.check(html, "OverlapPage", l)
        // Without a session: no form.
        #expect(!Self.detailPage(l, session: nil).render().contains("name=\"note\""))
    }
}
