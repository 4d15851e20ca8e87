import PasanDomain
import PasanMessages
import Testing

@testable import PasanViews

private typealias F = Fixtures

/// The DHIS2 pages, from hand-made values: the instances with the registration form (and the
/// notice when no encryption key is set), an instance with its mapping and pulls, the matching
/// of organisation units, and a pull's report (a success with changes, values left aside and
/// unmapped data; a failure with DHIS2's own words and the retry).
@Suite struct DHIS2PageSnapshotTests {
    static func instance(lastPull: DHIS2PullSummary? = nil) -> DHIS2InstanceSummary {
        DHIS2InstanceSummary(
            id: 1,
            name: "MOH HMIS",
            baseURL: "https://hmis.gov.la/dhis",
            institution: "MOH",
            authKind: "token",
            username: nil,
            schedule: "daily",
            nextPullAt: "2026-12-03T02:00:00Z",
            lastPull: lastPull
        )
    }

    static var succeeded: DHIS2PullSummary {
        var report = DHIS2PullReport(provenance: "DHIS2 MOH HMIS, pulled at 2026-12-02 02:00 UTC")
        report.fetched = 40
        report.mapped = 36
        report.imported = 2
        report.updated = 1
        let value = DHIS2DataValue(dataElement: "LaoAnc4Vis1", period: "2023", orgUnit: "yAUdp4D7vwt", value: "x")
        report.ignored = [DHIS2PullReport.Ignored(value, reason: Message("dhis2.ignored.notNumber", ["value": .text("x")]))]
        report.ignoredCount = 1
        report.unmappedElements = [.init(id: "LaoImmFul01", detail: "LaoCocFem01", count: 2)]
        report.unmappedOrgUnits = [.init(id: "CentralHosp", detail: nil, count: 1)]
        report.outcomes = [
            .init(indicator: "3.1.2", cycleID: 4, cells: 36, version: 3, refusal: nil),
            .init(indicator: "3.7.1", cycleID: nil, cells: 2, version: nil, refusal: Message("dhis2_web.pull.notRequested")),
        ]
        report.added = [.init(cell: "3.1.2 SH_STA_BRTC 01 2023", before: nil, after: 88.5)]
        report.changed = [.init(cell: "3.1.2 SH_STA_BRTC 02 2023", before: 71.2, after: 72)]
        report.unchanged = 34
        return DHIS2PullSummary(
            id: 7,
            at: "2026-12-02T02:00:00Z",
            trigger: "schedule",
            attempt: 1,
            succeeded: true,
            actor: "pasan (scheduled DHIS2 pull)",
            retryAt: nil,
            report: report
        )
    }

    static var failed: DHIS2PullSummary {
        var report = DHIS2PullReport(provenance: "DHIS2 MOH HMIS, pulled at 2026-12-02 03:00 UTC")
        report.failure = .init(Message("dhis2_web.pull.noOrgUnits"))
        report.dhis2Message = "Unauthorized"
        return DHIS2PullSummary(
            id: 8,
            at: "2026-12-02T03:00:00Z",
            trigger: "schedule",
            attempt: 2,
            succeeded: false,
            actor: "pasan (scheduled DHIS2 pull)",
            retryAt: "2026-12-02T03:05:00Z",
            report: report
        )
    }

    static var pushed: DHIS2PullSummary {
        var report = DHIS2PullReport(provenance: "DHIS2 MOH HMIS, pushed at 2026-12-02 04:00 UTC with token pasan_5c53018e")
        report.fetched = 2
        report.mapped = 1
        report.imported = 1
        report.unmappedElements = [.init(id: "UnmappedEl1", detail: nil, count: 1)]
        report.outcomes = [.init(indicator: "3.b.1", cycleID: 4, cells: 1, version: 5, refusal: nil)]
        return DHIS2PullSummary(
            id: 9,
            at: "2026-12-02T04:00:00Z",
            trigger: "push",
            attempt: 1,
            succeeded: true,
            actor: "API token pasan_5c53018e (MOH: MOH HMIS push)",
            retryAt: nil,
            report: report
        )
    }

    @Test(arguments: Language.allCases)
    func instances(_ l: Language) {
        let page = DHIS2InstancesPage(
            language: l,
            session: F.session(),
            instances: [Self.instance(lastPull: Self.succeeded)],
            institutions: [("MOH", "Ministry of Health")],
            canSealSecrets: true
        )
        Snapshot.check(page.render(), "DHIS2InstancesPage", l)
        let noKey = DHIS2InstancesPage(language: l, session: F.session(), instances: [], institutions: [], canSealSecrets: false)
        Snapshot.check(noKey.render(), "DHIS2InstancesPage-noKey", l)
    }

    @Test(arguments: Language.allCases)
    func instance(_ l: Language) {
        let page = DHIS2InstancePage(
            language: l,
            session: F.session(notices: [l.t("dhis2_web.notice.mapping")]),
            instance: Self.instance(lastPull: Self.succeeded),
            mappings: [
                DHIS2ElementMapping(
                    dataElement: "LaoSbaPct01",
                    categoryOptionCombo: nil,
                    source: .analytics,
                    indicator: "3.1.2",
                    series: "SH_STA_BRTC",
                    dimensions: "",
                    aggregation: .average
                ),
                DHIS2ElementMapping(
                    dataElement: "LaoImmFul01",
                    categoryOptionCombo: "LaoCocFem01",
                    source: .raw,
                    indicator: "3.b.1",
                    series: "SH_ACS_DTP3",
                    dimensions: "SEX=F",
                    aggregation: .sum,
                    factor: 100
                ),
            ],
            orgUnits: (169, 150),
            pulls: [Self.pushed, Self.failed, Self.succeeded],
            canSealSecrets: true
        )
        Snapshot.check(page.render(), "DHIS2InstancePage", l)
    }

    @Test(arguments: Language.allCases)
    func orgUnits(_ l: Language) {
        func unit(_ uid: String, _ code: String?, _ name: String, _ level: Int) -> DHIS2OrgUnit {
            DHIS2OrgUnit(uid: uid, code: code, name: name, level: level, parentUID: nil, path: nil)
        }
        let page = DHIS2OrgUnitsPage(
            language: l,
            session: F.session(),
            instance: Self.instance(),
            matches: [
                DHIS2OrgUnitMatch(orgUnit: unit("jbRualozEqW", "LA", "Lao PDR", 1), areaCode: "LA", basis: .code, confirmed: true),
                DHIS2OrgUnitMatch(
                    orgUnit: unit("yAUdp4D7vwt", "01", "Vientiane Capital", 2),
                    areaCode: "01",
                    basis: .code,
                    confirmed: false
                ),
                DHIS2OrgUnitMatch(orgUnit: unit("kX0ToHcl7Qb", nil, "Xaysetha", 3), areaCode: "0104", basis: .name, confirmed: false),
                DHIS2OrgUnitMatch(
                    orgUnit: unit("CentralHosp", "CENTRAL_HOSP", "Central hospitals", 2),
                    areaCode: nil,
                    basis: nil,
                    confirmed: false
                ),
            ],
            areas: [("LA", "Lao PDR"), ("01", "Vientiane Capital"), ("0104", "Xaysetha")]
        )
        Snapshot.check(page.render(), "DHIS2OrgUnitsPage", l)
    }

    @Test(arguments: Language.allCases)
    func pull(_ l: Language) {
        Snapshot.check(
            DHIS2PullPage(language: l, session: F.session(), instance: Self.instance(), pull: Self.succeeded).render(),
            "DHIS2PullPage",
            l
        )
        Snapshot.check(
            DHIS2PullPage(language: l, session: F.session(), instance: Self.instance(), pull: Self.failed).render(),
            "DHIS2PullPage-failed",
            l
        )
        Snapshot.check(
            DHIS2PullPage(language: l, session: F.session(), instance: Self.instance(), pull: Self.pushed).render(),
            "DHIS2PullPage-push",
            l
        )
    }
}
