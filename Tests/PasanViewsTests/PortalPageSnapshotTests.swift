import PasanDomain
import PasanViews
import Testing

/// The public portal's pages, built from `Fixtures` as the portal routes build them, in Lao and
/// English, compared with their reviewed snapshots.
@Suite struct PortalPageSnapshotTests {
    typealias F = Fixtures

    @Test(arguments: Language.allCases)
    func home(_ l: Language) {
        Snapshot.check(HomePage(catalog: F.catalog, language: l).render(), "HomePage", l)
    }

    @Test(arguments: Language.allCases)
    func goal(_ l: Language) {
        // As the portal does: the statuses of targets and indicators, by "level|code".
        let statuses = Dictionary(
            uniqueKeysWithValues: F.progress.filter { $0.level != .goal }.map { ("\($0.level.rawValue)|\($0.code)", $0.status) }
        )
        Snapshot.check(GoalPage(catalog: F.catalog, goal: F.goal3, language: l, statuses: statuses).render(), "GoalPage", l)
        Snapshot.check(GoalPage(catalog: F.catalog, goal: F.goal18, language: l).render(), "GoalPage-national", l)
    }

    @Test(arguments: Language.allCases)
    func indicator(_ l: Language) {
        var page = IndicatorPage(
            catalog: F.catalog,
            indicator: F.indicator312,
            goal: F.goal3,
            observations: F.observations312,
            language: l,
            progress: F.progress(.indicator, "3.1.2"),
            seriesWithData: ["SH_STA_BRTC"]
        )
        page.owners = [(code: "MOH", name: F.institution("MOH").name)]
        page.reporters = [(code: "LSB", name: F.institution("LSB").name)]
        page.provinceMap = F.map(F.provinceBoundaries, l)
        page.assignments = [F.assignments[0]]
        // Imported texts of the SDG metadata template: HTML as LSB writes it (with what must not
        // reach the page), one concept in English only.
        page.documentedMetadata = [
            IndicatorMetadataField(
                indicator: "3.1.2",
                language: .en,
                concept: "COLL_METHOD",
                text: "<p onclick=\"x()\"><strong>LSIS II</strong>, 2017<script>alert(1)</script></p><ul><li>household</li></ul>"
                    + "<p><a href=\"javascript:alert(1)\">report</a> <a href=\"https://lsb.gov.la\">LSB</a></p>",
                file: "translations/meta/en/3-1-2.yml",
                batchID: 1,
                updatedAt: "2026-12-02T09:00:00Z"
            ),
            IndicatorMetadataField(
                indicator: "3.1.2",
                language: .lo,
                concept: "COLL_METHOD",
                text: "<p>LSIS II, 2017</p>",
                file: "translations/meta/lo/3-1-2.yml",
                batchID: 1,
                updatedAt: "2026-12-02T09:00:00Z"
            ),
            IndicatorMetadataField(
                indicator: "3.1.2",
                language: .en,
                concept: "RATIONALE",
                text: "Skilled care at birth saves lives.",
                file: "meta/3-1-2.docm",
                batchID: 1,
                updatedAt: "2026-12-02T09:00:00Z"
            ),
        ]
        let html = page.render()
        #expect(!html.contains("alert(1)") && !html.contains("onclick"))
        if l == .en {
            #expect(html.contains("<a href=\"https://lsb.gov.la\" rel=\"nofollow noopener\">LSB</a>"))
        }
        Snapshot.check(html, "IndicatorPage", l)
    }

    @Test(arguments: Language.allCases)
    func indicatorWithoutData(_ l: Language) {
        let page = IndicatorPage(catalog: F.catalog, indicator: F.indicator311, goal: F.goal3, observations: [], language: l)
        Snapshot.check(page.render(), "IndicatorPage-no-data", l)
    }

    @Test(arguments: Language.allCases)
    func search(_ l: Language) {
        let query = l == .lo ? "ການຕາຍຂອງແມ່" : "maternal"
        Snapshot.check(SearchPage(language: l, query: query, hits: F.catalog.search.search(query)).render(), "SearchPage", l)
        Snapshot.check(SearchPage(language: l, query: "zzz", hits: F.catalog.search.search("zzz")).render(), "SearchPage-no-results", l)
    }

    @Test(arguments: Language.allCases)
    func places(_ l: Language) {
        let page = PlacesPage(
            language: l,
            provinces: F.catalog.provinces,
            childCounts: ["01": 2],
            villageCounts: ["01": 498, "02": 662],
            map: F.map(F.provinceBoundaries, l)
        )
        Snapshot.check(page.render(), "PlacesPage", l)
    }

    @Test(arguments: Language.allCases)
    func place(_ l: Language) {
        let page = PlacePage(
            language: l,
            area: F.provinces[0],
            parent: F.country,
            children: Page(items: F.districts, total: 2, request: PageRequest(limit: PageRequest.maximumLimit, offset: 0)),
            map: F.map(F.districtBoundaries, l)
        )
        Snapshot.check(page.render(), "PlacePage", l)
    }

    @Test(arguments: Language.allCases)
    func institutions(_ l: Language) {
        let page = InstitutionsPage(language: l, institutions: F.catalog.institutions, successions: F.catalog.successions)
        Snapshot.check(page.render(), "InstitutionsPage", l)
    }

    @Test(arguments: Language.allCases)
    func dataSources(_ l: Language) {
        Snapshot.check(DataSourcesPage(language: l, attributions: F.catalog.attributions).render(), "DataSourcesPage", l)
    }

    @Test(arguments: Language.allCases)
    func notFound(_ l: Language) {
        Snapshot.check(NotFoundPage(language: l).render(), "NotFoundPage", l)
        Snapshot.check(UnavailablePage(language: l).render(), "UnavailablePage", l)
    }

    @Test(arguments: Language.allCases)
    func downloads(_ l: Language) {
        let withData: Set = ["3.1.2", "18.1.1"]
        let page = DownloadsPage(language: l, indicators: F.catalog.indicators.filter { withData.contains($0.code) })
        Snapshot.check(page.render(), "DownloadsPage", l)
    }

    @Test(arguments: Language.allCases)
    func methodology(_ l: Language) {
        Snapshot.check(MethodologyPage(language: l).render(), "MethodologyPage", l)
    }

    @Test(arguments: Language.allCases)
    func progressSnapshot(_ l: Language) {
        // As the portal does: the goal's score, the Current Status Index of the series with a
        // target, and each assessed target with ESCAP's outlook.
        let series = F.progress(.indicator, "3.1.2")!.series[0]
        let (x0, xt) = (series.result.baseValue!, series.result.currentValue!)
        let target = series.configuration.target!
        let csi = ESCAPProgress.currentStatus(x0: x0, xt: xt, target: target, direction: 1)
        let outlook = ESCAPProgress.anticipated(
            t0: series.result.baseYear!,
            x0: x0,
            t: series.result.currentYear!,
            xt: xt,
            target: target,
            direction: 1
        )?.outlook
        let rows = [
            ProgressSnapshotPage.Row(
                goal: F.goal3,
                result: F.progress(.goal, "3"),
                currentStatus: csi,
                targets: [(code: "3.1", status: F.progress(.target, "3.1")!.status, outlook: outlook)]
            ),
            ProgressSnapshotPage.Row(goal: F.goal18, result: nil, currentStatus: nil, targets: []),
        ]
        Snapshot.check(ProgressSnapshotPage(language: l, rows: rows).render(), "ProgressSnapshotPage", l)
    }

    @Test(arguments: Language.allCases)
    func reportingStatus(_ l: Language) {
        let status = ReportingStatus(
            indicators: F.catalog.indicators,
            withData: ["3.1.2", "18.1.1"],
            inProgress: ["3.1.1"],
            owners: ["3.1.2": ["MOH"], "18.1.1": ["NRA"]]
        )
        let goals = Dictionary(uniqueKeysWithValues: F.catalog.goals.map { ($0.number, $0) })
        Snapshot.check(ReportingStatusPage(language: l, status: status, goals: goals).render(), "ReportingStatusPage", l)
    }

    @Test(arguments: Language.allCases)
    func dataAvailability(_ l: Language) {
        let page = DataAvailabilityPage(
            language: l,
            indicators: F.catalog.indicators,
            coverage: [
                "3.1.2": (years: [2015, 2017, 2020, 2023], disaggregatedYears: [2023], subnational: true),
                "18.1.1": (years: Set(2015...2023), disaggregatedYears: [], subnational: false),
            ],
            years: Array(2015...2025)
        )
        Snapshot.check(page.render(), "DataAvailabilityPage", l)
    }

    @Test(arguments: Language.allCases)
    func handbook(_ l: Language) {
        let handbook = Handbook(
            institution: F.institution("MOH"),
            catalog: F.catalog,
            assignments: F.assignments,
            focalPoints: F.focalPointTerms,
            today: F.today
        )
        Snapshot.check(HandbookPage(language: l, handbook: handbook, institutionNames: F.institutionNames).render(), "HandbookPage", l)
    }

    @Test(arguments: Language.allCases)
    func responsibilities(_ l: Language) {
        let overview = ResponsibilityOverview(assignments: F.assignments, today: F.today)
        let page = ResponsibilitiesPage(language: l, overview: overview, institutionNames: F.institutionNames)
        Snapshot.check(page.render(), "ResponsibilitiesPage", l)
    }

    @Test(arguments: Language.allCases)
    func dataRequest(_ l: Language) {
        // As the portal does: the owner's current assignments in the cycle, with their series,
        // and whom to ask (the Secretariat, then the reporters' focal points).
        let items = F.assignments.filter { $0.owners.contains("MOH") }.map { a in
            (assignment: a, indicator: F.catalog.indicator(a.indicator)!, series: F.catalog.series(ofIndicator: a.indicator))
        }
        let contacts = [
            l == .lo ? "ກອງເລຂາ SDG ແຫ່ງຊາດ (MOFA)" : "The National SDG Secretariat (MOFA)",
            "Souksavanh Keomany — LSB (\(l == .lo ? "ຜູ້ລາຍງານ" : "reporter"))",
        ]
        let page = DataRequestPage(language: l, cycle: F.openCycle, institution: F.institution("MOH"), items: items, contacts: contacts)
        Snapshot.check(page.render(), "DataRequestPage", l)
    }

    @Test(arguments: Language.allCases)
    func recognition(_ l: Language) {
        // MOH's 3.1.2 by Somchai (on time, complete, never returned: recognised); NRA's 18.1.1 by Vanh (late, returned).
        let people = IndividualRecognition(
            cycle: F.closedCycle,
            dashboard: F.closedDashboard,
            submitters: ["MOH|3.1.2": (4, "Somchai"), "NRA|18.1.1": (6, "Vanh")]
        )
        let page = RecognitionPage(
            language: l,
            cycles: [(F.closedCycle, F.closedDashboard)],
            names: F.institutionNames,
            individuals: [5: people]
        )
        Snapshot.check(page.render(), "RecognitionPage", l)
    }
}
