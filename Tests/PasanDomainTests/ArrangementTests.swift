import PasanMessages
import Testing

@testable import PasanDomain

@Suite struct PolicyTests {
    let admin = Actor(userID: 1, name: "a", grants: [RoleGrant(role: .secretariatAdmin)])
    let officer = Actor(userID: 2, name: "o", grants: [RoleGrant(role: .secretariatOfficer)])
    let mohOwner = Actor(userID: 3, name: "m", grants: [RoleGrant(role: .ownerFocalPoint, institution: "MOH")])
    let reviewer = Actor(userID: 4, name: "r", grants: [RoleGrant(role: .statisticsReviewer)])

    @Test func anonymousMayDoNothing() {
        for action in Action.allCases {
            let decision = Policy.decide(.anonymous, action, .system)
            #expect(!decision.isAllowed)
            #expect(decision.reason.localized.lo?.isEmpty == false)
        }
    }

    @Test func scopedFocalPointsActOnlyForTheirInstitution() {
        #expect(Policy.decide(mohOwner, .viewFocalPoints, .institution("MOH")).isAllowed)
        let denied = Policy.decide(mohOwner, .viewFocalPoints, .institution("MOES"))
        #expect(!denied.isAllowed)
        #expect(denied.reason.text(in: .en).contains("your own institution"))
        #expect(!Policy.decide(mohOwner, .editAssignments, .system).isAllowed)
        #expect(!Policy.decide(mohOwner, .viewAuditLog, .system).isAllowed)
    }

    @Test func secretariatRoles() {
        for action in Action.allCases where action != .manageOwnAccount {
            #expect(Policy.decide(admin, action, .system).isAllowed)
        }
        #expect(!Policy.decide(officer, .manageUsers, .system).isAllowed)
        #expect(Policy.decide(officer, .editAssignments, .system).isAllowed)
        #expect(Policy.decide(reviewer, .viewGapAnalysis, .system).isAllowed)
        #expect(!Policy.decide(reviewer, .viewAuditLog, .system).isAllowed)
    }

    @Test func ownAccountOnly() {
        #expect(Policy.decide(mohOwner, .manageOwnAccount, .user(3)).isAllowed)
        #expect(!Policy.decide(mohOwner, .manageOwnAccount, .user(4)).isAllowed)
    }

    @Test func grantsNeedTheRightScope() {
        #expect(RoleGrant(role: .ownerFocalPoint).problem != nil)
        #expect(RoleGrant(role: .ownerFocalPoint, institution: "MOH").problem == nil)
        #expect(RoleGrant(role: .subnationalFocalPoint, institution: "MOH").problem != nil)
        #expect(RoleGrant(role: .subnationalFocalPoint, area: "01").problem == nil)
        #expect(RoleGrant(role: .viewer, area: "01").problem != nil)
    }
}

/// A fixture with known gaps: the analysis must find each, and nothing else.
@Suite struct GapAnalysisTests {
    static let today = LocalDate(year: 2026, month: 6, day: 1)!

    static func indicator(_ code: String) -> Indicator {
        Indicator(
            code: code,
            goal: Int(code.split(separator: ".")[0])!,
            target: FrameworkCode.targetCode(of: code)!,
            title: .init(en: code, lo: nil, loStatus: .machine),
            scope: .global
        )
    }

    static func term(_ institution: String, _ role: FocalPointRole, _ position: FocalPointPosition, ended: Bool = false) -> FocalPointTerm {
        FocalPointTerm(
            institution: institution,
            role: role,
            position: position,
            userID: 1,
            userName: "x",
            startedOn: LocalDate(year: 2025, month: 1, day: 1)!,
            endedOn: ended ? LocalDate(year: 2026, month: 1, day: 1)! : nil
        )
    }

    @Test func findsExactlyTheSeededGaps() {
        let indicators = ["1.1.1", "1.2.1", "3.1.2", "4.1.1", "5.5.1"].map(Self.indicator)
        let assignments = [
            Assignment(indicator: "1.1.1", owners: ["LSB"], reporter: "LSB"),  // complete
            Assignment(indicator: "3.1.2", owners: ["MOH", "LSB"], reporter: "MOH"),  // duplicate owners
            // late calendar
            Assignment(indicator: "4.1.1", owners: ["MOES"], reporter: "MOES", collectionDue: DayOfYear(month: 10, day: 15)),
            Assignment(indicator: "5.5.1", owners: ["NA"], reporter: nil),  // no reporter
            // expired: no owner now
            Assignment(indicator: "1.2.1", owners: ["MPI"], reporter: "MPI", validTo: LocalDate(year: 2025, month: 3, day: 20)),
        ]
        var terms: [FocalPointTerm] = []
        for (institution, role) in [
            ("LSB", FocalPointRole.owner), ("LSB", .reporter), ("MOH", .owner), ("MOH", .reporter),
            ("MOES", .owner), ("MOES", .reporter), ("NA", .owner),
        ] {
            terms.append(Self.term(institution, role, .primary))
            terms.append(Self.term(institution, role, .alternate))
        }
        terms.removeAll { $0.institution == "MOES" && $0.role == .owner && $0.position == .alternate }  // vacant alternate
        terms.removeAll { $0.institution == "NA" }  // no focal point at all
        terms.append(Self.term("NA", .owner, .primary, ended: true))  // ...only a former one
        let findings = GapAnalysis.findings(
            .init(
                indicators: indicators,
                assignments: assignments,
                institutions: [],
                focalPoints: terms,
                planIndicatorOwners: ["P/D1": "LSB", "P/D2": "MOH"],
                planLinks: [
                    PlanIndicatorLink(plan: "P", planIndicator: "D1", sdgIndicator: "3.1.2", relation: .same),  // LSB owns 3.1.2 too: fine
                    PlanIndicatorLink(plan: "P", planIndicator: "D2", sdgIndicator: "4.1.1", relation: .same),
                ],  // MOES owns 4.1.1: mismatch
                today: Self.today
            )
        )
        let got = Set(findings.map { "\($0.kind.rawValue) \($0.subject)" })
        #expect(
            got == [
                "no-owner 1.2.1", "no-reporter 1.2.1", "no-reporter 5.5.1", "duplicate-owners 3.1.2",
                "calendar-mismatch 4.1.1", "vacant-alternate MOES", "no-focal-point NA", "vacant-alternate NA",
                "plan-owner-mismatch 4.1.1",
            ]
        )
        #expect(findings.allSatisfy { $0.detail.localized.lo?.isEmpty == false })
    }

    @Test func nothingToFindInATidyArrangement() {
        let findings = GapAnalysis.findings(
            .init(
                indicators: [Self.indicator("1.1.1")],
                assignments: [Assignment(indicator: "1.1.1", owners: ["LSB"], reporter: "LSB")],
                institutions: [],
                focalPoints: [
                    Self.term("LSB", .owner, .primary), Self.term("LSB", .owner, .alternate),
                    Self.term("LSB", .reporter, .primary), Self.term("LSB", .reporter, .alternate),
                ],
                planIndicatorOwners: [:],
                planLinks: [],
                today: Self.today
            )
        )
        #expect(findings.isEmpty)
    }

    @Test func historyAnswersWhoHeldARoleOnADate() {
        let terms = [
            FocalPointTerm(
                institution: "MOH",
                role: .owner,
                position: .primary,
                userID: 1,
                userName: "A",
                startedOn: LocalDate(iso: "2024-01-01")!,
                endedOn: LocalDate(iso: "2025-07-01")!
            ),
            FocalPointTerm(
                institution: "MOH",
                role: .owner,
                position: .primary,
                userID: 2,
                userName: "B",
                startedOn: LocalDate(iso: "2025-07-01")!,
                endedOn: nil
            ),
        ]
        #expect(FocalPointHistory.holder(of: "MOH", .owner, .primary, on: LocalDate(iso: "2025-06-30")!, in: terms)?.userName == "A")
        #expect(FocalPointHistory.holder(of: "MOH", .owner, .primary, on: LocalDate(iso: "2025-07-01")!, in: terms)?.userName == "B")
        #expect(FocalPointHistory.holder(of: "MOH", .owner, .primary, on: LocalDate(iso: "2023-12-31")!, in: terms) == nil)
    }
}

@Suite struct AssignmentImportTests {
    static let catalog = FrameworkCatalog(
        goals: [],
        targets: [],
        indicators: [Indicator(code: "3.1.2", goal: 3, target: "3.1", title: .init(en: "x", lo: nil, loStatus: .machine), scope: .global)],
        series: [
            Series(
                code: "SH_STA_BRTC",
                indicator: "3.1.2",
                name: .init(en: "s", lo: nil, loStatus: .machine),
                unit: "PT",
                unitMultiplier: 0,
                scope: .global
            )
        ],
        institutions: ["MOH", "LSB"].map {
            Institution(
                code: $0,
                abbreviation: .init(en: $0, lo: nil, loStatus: .machine),
                name: .init(en: $0, lo: nil, loStatus: .machine),
                kind: .ministry,
                validFrom: nil,
                validTo: nil,
                note: nil
            )
        },
        successions: [],
        provinces: [],
        districts: []
    )

    @Test func everyFaultyFieldIsListedWithWhatWasExpected() {
        let rows: [(line: Int, fields: [String: String])] = [
            (2, ["indicator": "3.1.2", "owners": "MOH", "reporter": "LSB", "collection_due": "10-15"]),
            (3, ["indicator": "9.9.9", "owners": "MOH;XYZ", "reporter": "", "frequency": "sometimes"]),
            (4, ["indicator": "3.1.2", "series": "NOPE", "owners": "MOH", "reporter": "LSB", "valid_from": "2026-13-01"]),
        ]
        let (assignments, issues) = AssignmentImport(catalog: Self.catalog).validate(rows)
        #expect(assignments.map(\.indicator) == ["3.1.2"])
        let found = Set(issues.map { "\($0.line):\($0.column)" })
        #expect(found == ["3:indicator", "3:owners", "3:reporter", "3:frequency", "4:series", "4:valid_from"])
        #expect(issues.first { $0.column == "series" }?.expected.text(in: .en).contains("SH_STA_BRTC") == true)
        #expect(issues.first { $0.column == "owners" }?.expected.localized.lo?.contains("XYZ") == true)
    }

    @Test func theSameScopeTwiceInOneFileIsRefused() {
        let rows: [(line: Int, fields: [String: String])] = [
            (2, ["indicator": "3.1.2", "owners": "MOH", "reporter": "LSB"]),
            (3, ["indicator": "3.1.2", "owners": "LSB", "reporter": "LSB"]),
        ]
        let (_, issues) = AssignmentImport(catalog: Self.catalog).validate(rows)
        #expect(issues.map(\.line) == [3])
    }

    @Test func exportFieldsRoundTrip() {
        let a = Assignment(
            indicator: "3.1.2",
            series: "SH_STA_BRTC",
            owners: ["MOH"],
            reporter: "LSB",
            contributors: ["LSB"],
            legalBasis: LegalBasis(instrument: "Decree", number: "12", date: LocalDate(iso: "2020-01-02")),
            sourceKind: .dhis2,
            sourceName: "HMIS",
            frequency: .annual,
            collectionDue: DayOfYear("03-31")
        )
        let fields = Dictionary(uniqueKeysWithValues: zip(AssignmentImport.columns, AssignmentImport.fields(of: a)))
        let (back, issues) = AssignmentImport(catalog: Self.catalog).validate([(2, fields)])
        #expect(issues.isEmpty)
        #expect(back == [a])
    }
}

@Suite struct DataEntryGridTests {
    static let areas: [String: AreaLevel] = ["LA": .country, "01": .province, "02": .province, "0101": .district, "0201": .district]

    @Test func theOwnerGetsTheCountryThenProvincesAndEveryBreakdown() {
        let a = Assignment(indicator: "3.1.2", disaggregation: "SEX", geographicLevel: .province, owners: ["MOH"], reporter: "MOH")
        let rows = DataEntryGrid.rows(assignments: [(a, ["S1"])], areaLevels: Self.areas, areaScope: nil, existing: [])
        #expect(
            rows.map { "\($0.area) \($0.dimensions)" } == [
                "LA ", "LA SEX=B", "LA SEX=F", "LA SEX=G", "LA SEX=M",
                "01 ", "01 SEX=B", "01 SEX=F", "01 SEX=G", "01 SEX=M",
                "02 ", "02 SEX=B", "02 SEX=F", "02 SEX=G", "02 SEX=M",
            ]
        )
    }

    @Test func aFocalPointGetsOnlyItsSubtreeAndExistingValuesComeOnce() {
        let a = Assignment(indicator: "3.1.2", geographicLevel: .district, owners: ["MOH"], reporter: "MOH")
        let existing = [
            CellKey(indicator: "3.1.2", series: "S1", area: "0101", period: "2024", dimensions: ""),
            CellKey(indicator: "3.1.2", series: "S2", area: "0201", period: "2024", dimensions: ""),
        ]
        let rows = DataEntryGrid.rows(assignments: [(a, ["S1"])], areaLevels: Self.areas, areaScope: "01", existing: existing)
        #expect(rows.map { "\($0.series) \($0.area)" } == ["S1 0101"])
        // The owner of a district-level assignment enters the national figure only.
        #expect(DataEntryGrid.rows(assignments: [(a, ["S1"])], areaLevels: Self.areas, areaScope: nil, existing: []).map(\.area) == ["LA"])
    }
}
