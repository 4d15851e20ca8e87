import PasanDomain
import Testing

@testable import PasanViews

/// Place pages fixtures (issue 14): a village of Chanthabuly with an activity there, one known
/// only at the district, an overlap, the district's SDG data, its contacts.
enum PlaceFixtures {
    typealias F = Fixtures

    static let village = Area(
        code: "0101001",
        level: .village,
        parentCode: "0101",
        name: F.text("Ban Sisavath", "ບ້ານສີສະຫວາດ"),
        pcode: nil
    )

    static let activities = [
        PlaceActivity(
            id: 7,
            identifier: "LA-PASAN-MOH-1",
            title: F.text("Clean water for the village", "ນ້ຳສະອາດໃຫ້ບ້ານ"),
            implementer: F.text("Ministry of Health", "ກະຊວງສາທາລະນະສຸກ"),
            implementerInstitution: "MOH",
            status: .implementation,
            start: LocalDate(year: 2025, month: 1, day: 1),
            end: LocalDate(year: 2027, month: 12, day: 31),
            isIllustrative: true,
            knownAt: nil
        ),
        PlaceActivity(
            id: 8,
            identifier: "XM-DAC-1-2",
            title: F.text("School meals", "ອາຫານໂຮງຮຽນ"),
            implementer: F.text("World Food Programme", nil),
            implementerInstitution: nil,
            status: .pipeline,
            start: LocalDate(year: 2026, month: 3, day: 1),
            end: nil,
            isIllustrative: false,
            knownAt: "0101"
        ),
    ]

    static let overlaps = [
        PlaceOverlap(
            id: 3,
            level: .district,
            areaCode: "0101",
            first: "LA-PASAN-MOH-1",
            second: "XM-DAC-1-2",
            firstTitle: activities[0].title,
            secondTitle: activities[1].title,
            firstImplementer: "MOH",
            secondImplementer: "XM-DAC-1",
            state: .open
        )
    ]

    static let areaContacts = [PlaceContact(name: "Khamla Vongsa", area: "01")]
    static let institutionContacts = [PlaceContact(name: "Somchai Phommachanh", institution: "MOH", role: .owner, position: .primary)]
    static let areaNames = ["0101": F.districts[0].name, "01": F.provinces[0].name]
    static let institutionNames = ["MOH": F.institution("MOH").name]

    static func details(data: [PlaceDetails.SeriesData] = [], chains: [PlaceDetails.Chain]? = nil) -> PlaceDetails {
        PlaceDetails(
            province: F.provinces[0],
            activities: PlaceActivities(
                here: [activities[0]],
                hereCount: 1,
                around: [activities[1]],
                aroundCount: 1,
                hasIllustrative: true,
                institutions: ["MOH"]
            ),
            overlaps: overlaps,
            data: data,
            areaContacts: areaContacts,
            institutionContacts: institutionContacts,
            chains: chains,
            areaNames: areaNames,
            institutionNames: institutionNames
        )
    }

    static let districtData = PlaceDetails.SeriesData(
        indicator: "3.1.2",
        indicatorTitle: F.indicator312.title,
        goal: 3,
        series: "SH_STA_BRTC",
        seriesName: "Births attended by skilled health personnel",
        unit: "PERCENT",
        observations: [
            Observation(
                series: "SH_STA_BRTC",
                indicator: "3.1.2",
                area: "0101",
                period: "2019",
                dimensions: [:],
                unit: "PERCENT",
                value: 88.5,
                status: "A",
                source: "Illustrative"
            ),
            Observation(
                series: "SH_STA_BRTC",
                indicator: "3.1.2",
                area: "0101",
                period: "2023",
                dimensions: [:],
                unit: "PERCENT",
                value: 93,
                status: "A",
                source: "Illustrative"
            ),
        ],
        baseYear: 2015,
        target: (2030, 90)
    )
}

/// The place pages of issue 14 in Lao and English, compared with their reviewed snapshots.
@Suite struct PlacePagesTests {
    typealias F = Fixtures
    typealias P = PlaceFixtures

    @Test(arguments: Language.allCases)
    func village(_ l: Language) {
        let page = PlacePage(
            language: l,
            area: P.village,
            parent: F.districts[0],
            children: Page(items: [], total: 0, request: PageRequest(limit: PageRequest.maximumLimit, offset: 0)),
            map: F.map(F.districtBoundaries, l),
            details: P.details()
        )
        Snapshot.check(page.render(), "PlacePage-village", l)
    }

    @Test(arguments: Language.allCases)
    func district(_ l: Language) {
        let page = PlacePage(
            language: l,
            area: F.districts[0],
            parent: F.provinces[0],
            children: Page(items: [P.village], total: 1, request: PageRequest(limit: PageRequest.maximumLimit, offset: 0)),
            map: F.map(F.districtBoundaries, l),
            details: P.details(
                data: [P.districtData],
                chains: [PlaceDetails.Chain(title: "School census 2026", href: "/\(l.rawValue)/chains/1", detail: "MOES · 2026")]
            )
        )
        let html = page.render()
        #expect(html.contains("href=\"/\(l.rawValue)/places/0101001\""))
        #expect(html.contains("<svg class=\"chart\""))
        Snapshot.check(html, "PlacePage-district", l)
    }

    /// A province with more activities than a page lists: the first ones (the storage lists at
    /// most `activitiesListed`), the count of all of them, and the registry filtered by the
    /// province for the rest.
    @Test(arguments: Language.allCases)
    func aProvinceListsItsFirstActivitiesAndLinksToTheRest(_ l: Language) {
        let count = PlacePage.activitiesListed + 1
        var details = P.details()
        details.activities = PlaceActivities(
            here: (1...PlacePage.activitiesListed).map { i in
                var activity = P.activities[0]
                activity.id = Int64(1000 + i)
                return activity
            },
            hereCount: count
        )
        let html = PlacePage(
            language: l,
            area: F.provinces[0],
            parent: nil,
            children: Page(items: [], total: 0, request: PageRequest(limit: PageRequest.maximumLimit, offset: 0)),
            map: nil,
            details: details
        ).render()
        #expect(html.contains("/\(l.rawValue)/activities/\(1000 + PlacePage.activitiesListed)\""))
        #expect(!html.contains("/\(l.rawValue)/activities/\(1000 + count)\""))
        #expect(html.contains("href=\"/\(l.rawValue)/activities?province=\(F.provinces[0].code)\""))
        #expect(html.contains(String(count)))
        // Under the limit: every activity, no link.
        #expect(
            !PlacePage(
                language: l,
                area: F.provinces[0],
                parent: nil,
                children: Page(items: [], total: 0, request: PageRequest(limit: PageRequest.maximumLimit, offset: 0)),
                map: nil,
                details: P.details()
            ).render().contains("place-activities-more")
        )
    }

    /// A place whose data is shown one goal at a time (a province of a country's data) lists the
    /// goal's series in one table, each with its total in the base year and its latest total
    /// and a link to the indicator's page, instead of a chart per series.
    @Test(arguments: Language.allCases)
    func oneGoalsSeriesAreTabledNotCharted(_ l: Language) {
        var byBreakdown = P.districtData
        byBreakdown.series = "SH_STA_BRTC_SEX"
        byBreakdown.seriesName = "By sex"
        byBreakdown.observations = byBreakdown.observations.map { o in
            var o = o
            o.dimensions = ["SEX": "F"]
            return o
        }
        var withBase = P.districtData
        withBase.observations.insert(
            Observation(
                series: "SH_STA_BRTC",
                indicator: "3.1.2",
                area: "0101",
                period: "2015",
                dimensions: [:],
                unit: "PERCENT",
                value: 71.25,
                status: "A",
                source: nil
            ),
            at: 0
        )
        var details = P.details(data: [withBase, byBreakdown, P.districtData])
        details.goals = [
            PlaceDetails.DataGoal(number: 3, indicators: 1, href: "/\(l.rawValue)/places/0101?goal=3#place-data", selected: true)
        ]
        let html = PlacePage(
            language: l,
            area: F.districts[0],
            parent: F.provinces[0],
            children: Page(items: [], total: 0, request: PageRequest(limit: PageRequest.maximumLimit, offset: 0)),
            map: nil,
            details: details
        ).render()
        #expect(html.contains("place-series-table"))
        #expect(!html.contains("<svg class=\"chart\""))
        #expect(html.contains("href=\"/\(l.rawValue)/indicators/3.1.2\""))
        // The base year's total and the latest, each with its year; "—" when the base year has none.
        let base = Fragments.dataValue(71.25, l)
        #expect(
            html.contains(
                "<td class=\"num\">\(base)<span class=\"meta\"> (2015)</span></td><td class=\"num\">93<span class=\"meta\"> (2023)</span></td>"
            )
        )
        #expect(html.contains("<td class=\"num\">—</td><td class=\"num\">93<span class=\"meta\"> (2023)</span></td>"))
        #expect(html.contains(l.t("places.data.table.breakdownsOnly")))
        // Without goals (a place with few indicators): the charts.
        #expect(
            PlacePage(
                language: l,
                area: F.districts[0],
                parent: F.provinces[0],
                children: Page(items: [], total: 0, request: PageRequest(limit: PageRequest.maximumLimit, offset: 0)),
                map: nil,
                details: P.details(data: [P.districtData])
            ).render().contains("<svg class=\"chart\"")
        )
    }
}
