import PasanDomain
import PasanViews
import Testing

/// The pages behind sign-in (accounts, administration, cycles, submissions), built from
/// `Fixtures` with the CSRF token `test-token`, in Lao and English, compared with their reviewed
/// snapshots.
@Suite struct WorkPageSnapshotTests {
    typealias F = Fixtures

    // MARK: Accounts

    @Test(arguments: Language.allCases)
    func signIn(_ l: Language) {
        Snapshot.check(SignInPage(language: l, csrfToken: F.csrfToken).render(), "SignInPage", l)
    }

    @Test(arguments: Language.allCases)
    func passwordReset(_ l: Language) {
        Snapshot.check(PasswordResetPage(language: l, csrfToken: F.csrfToken, token: nil).render(), "PasswordResetPage", l)
        let withToken = PasswordResetPage(
            language: l,
            csrfToken: F.csrfToken,
            token: "reset-token-1234",
            error: l == .lo ? "ລະຫັດຜ່ານສັ້ນເກີນໄປ: ຢ່າງໜ້ອຍ 12 ຕົວ." : "The password is too short: at least 12 characters."
        )
        Snapshot.check(withToken.render(), "PasswordResetPage-token", l)
    }

    @Test(arguments: Language.allCases)
    func myPasan(_ l: Language) {
        let cycle = F.openCycle.id!
        let page = MyPasanPage(
            language: l,
            session: F.session(notices: [l == .lo ? "ບັນທຶກແລ້ວ." : "Saved."]),
            email: "moh.owner@pasan.demo",
            grants: [RoleGrant(role: .ownerFocalPoint, institution: "MOH")],
            tasks: [
                (
                    title: F.text("Answer LSB's comments on 3.1.2", "ຕອບຄຳເຫັນຂອງ ສຖຕ ກ່ຽວກັບ 3.1.2"),
                    institution: "MOH",
                    dueOn: F.date(2025, 6, 13),
                    daysLeft: -3,
                    link: SitePath(language: l, page: .submission(cycle, "MOH", "3.1.2")).path
                ),
                (
                    title: F.text("Name an alternate owner focal point", "ແຕ່ງຕັ້ງຜູ້ປະສານງານສຳຮອງ"),
                    institution: "MOH",
                    dueOn: F.date(2025, 6, 17),
                    daysLeft: 1,
                    link: nil
                ),
            ],
            links: [
                (l == .lo ? "ຜູ້ປະສານງານຂອງ MOH" : "Focal points of MOH", SitePath(language: l, page: .focalPoints("MOH")).path),
                (l == .lo ? "ປຶ້ມຄູ່ມືຂອງ MOH" : "Handbook of MOH", SitePath(language: l, page: .handbook("MOH")).path),
            ]
        )
        Snapshot.check(page.render(), "MyPasanPage", l)
    }

    @Test(arguments: Language.allCases)
    func message(_ l: Language) {
        let page = MessagePage(
            language: l,
            title: l == .lo ? "ບໍ່ອະນຸຍາດ" : "Not allowed",
            message: l == .lo
                ? "ສະເພາະກອງເລຂາ SDG ແຫ່ງຊາດ ເທົ່ານັ້ນທີ່ຮັບຮອງ ແລະ ເຜີຍແຜ່." : "Only the National SDG Secretariat approves and publishes.",
            path: SitePath(language: l, page: .me)
        )
        Snapshot.check(page.render(), "MessagePage", l)
    }

    // MARK: Administration

    @Test(arguments: Language.allCases)
    func users(_ l: Language) {
        let grants: [Int64: [RoleGrant]] = [
            1: [RoleGrant(role: .secretariatAdmin)],
            2: [RoleGrant(role: .ownerFocalPoint, institution: "MOH")],
            3: [RoleGrant(role: .reporterFocalPoint, institution: "LSB"), RoleGrant(role: .statisticsReviewer)],
        ]
        let rows = F.accounts.prefix(3).map {
            UsersPage.Row(id: $0.id, name: $0.name, email: $0.email, isActive: true, grants: grants[$0.id] ?? [])
        }
        let page = UsersPage(language: l, session: F.session(), users: rows, institutions: F.catalog.institutions)
        Snapshot.check(page.render(), "UsersPage", l)
    }

    @Test(arguments: Language.allCases)
    func assignments(_ l: Language) {
        Snapshot.check(AssignmentsPage(language: l, session: F.session(), assignments: F.assignments).render(), "AssignmentsPage", l)
        let refused = AssignmentsPage(
            language: l,
            session: F.session(),
            assignments: F.assignments,
            importProblems: [
                .init(line: 3, column: "owners", value: "MOX", expected: "an institution code such as MOH"),
                .init(line: 4, column: "collection_due", value: "31-12", expected: "MM-DD, e.g. 10-15"),
            ],
            importFile: "assignments-2025.csv"
        )
        Snapshot.check(refused.render(), "AssignmentsPage-import-problems", l)
    }

    @Test(arguments: Language.allCases)
    func assignmentForm(_ l: Language) {
        Snapshot.check(
            AssignmentFormPage(language: l, session: F.session(), assignment: F.assignments[0]).render(),
            "AssignmentFormPage",
            l
        )
        let new = AssignmentFormPage(
            language: l,
            session: F.session(),
            assignment: nil,
            fields: ["indicator": "3.1.1", "owners": "MOH"],
            problems: [l == .lo ? "ຖັນ reporter: ຕ້ອງມີລະຫັດອົງການ." : "Column reporter: an institution code is needed."]
        )
        Snapshot.check(new.render(), "AssignmentFormPage-new", l)
    }

    @Test(arguments: Language.allCases)
    func focalPoints(_ l: Language) {
        var page = FocalPointsPage(
            language: l,
            session: F.session(),
            institution: F.institution("MOH"),
            terms: F.focalPointTerms.filter { $0.institution == "MOH" },
            handovers: [
                Handover(
                    institution: "MOH",
                    role: .owner,
                    position: .primary,
                    fromUser: 4,
                    toUser: 2,
                    date: F.date(2024, 2, 1),
                    reason: "Reassigned to the provincial health office"
                )
            ],
            tasks: [
                (
                    title: F.text("Deliver 3.1.2 for the 2025 VNR", "ສົ່ງຂໍ້ມູນ 3.1.2 ສຳລັບ VNR 2025"), assignee: "Khamla Vongsa",
                    dueOn: F.date(2025, 5, 31)
                )
            ],
            notes: [
                (
                    author: "Khamla Vongsa",
                    at: "2025-05-02T09:30:00Z",
                    role: .owner,
                    body: "The LSIS tables are kept in the MOH statistics division's shared folder."
                )
            ],
            users: F.accounts.map { ($0.id, "\($0.name) <\($0.email)>") }
        )
        page.canHandOver = true
        page.proposals = [
            FocalPointProposal(
                id: 9,
                institution: "MOH",
                role: .owner,
                position: .alternate,
                proposedUser: 4,
                proposedBy: 2,
                effectiveOn: F.date(2025, 7, 1),
                reason: "Back from leave",
                status: .pending,
                proposedAt: "2025-06-10T14:02:00Z",
                decidedBy: nil,
                decidedAt: nil
            )
        ]
        Snapshot.check(page.render(), "FocalPointsPage", l)
    }

    @Test(arguments: Language.allCases)
    func gaps(_ l: Language) {
        let findings = GapAnalysis.findings(
            .init(
                indicators: F.catalog.indicators,
                assignments: F.assignments,
                institutions: F.catalog.institutions,
                focalPoints: F.focalPointTerms,
                planIndicatorOwners: ["NSEDP9_2021_2025/D3.2": "MOH"],
                planLinks: F.catalog.planLinks,
                today: F.today
            )
        )
        Snapshot.check(GapsPage(language: l, session: F.session(), findings: findings).render(), "GapsPage", l)
    }

    @Test(arguments: Language.allCases)
    func audit(_ l: Language) {
        let rows = [
            AuditPage.Row(
                at: "2025-06-12T08:41:07Z",
                actor: "Somchai Phommachanh",
                action: "grant",
                entity: "account",
                entityID: "3",
                before: nil,
                after: "{\"role\":\"statistics-reviewer\"}"
            ),
            AuditPage.Row(
                at: "2025-06-10T15:20:44Z",
                actor: "Somchai Phommachanh",
                action: "update",
                entity: "assignment",
                entityID: "1",
                before: "{\"reporter\":\"MOH\"}",
                after: "{\"reporter\":\"LSB\"}"
            ),
        ]
        Snapshot.check(AuditPage(language: l, rows: rows, total: 2).render(), "AuditPage", l)
    }

    @Test(arguments: Language.allCases)
    func outbox(_ l: Language) {
        let rows = [
            OutboxPage.Row(
                recipient: "moh.owner@pasan.demo",
                subject: "Pasan: data request — 2025 Voluntary National Review",
                createdAt: "2025-04-01T08:00:00Z",
                sentAt: "2025-04-01T08:00:12Z",
                attempts: 1,
                lastError: nil
            ),
            OutboxPage.Row(
                recipient: "nra@pasan.demo",
                subject: "Pasan: 18.1.1 is 6 days late",
                createdAt: "2025-06-16T07:00:00Z",
                sentAt: nil,
                attempts: 3,
                lastError: "550 mailbox unavailable"
            ),
        ]
        Snapshot.check(OutboxPage(language: l, rows: rows).render(), "OutboxPage", l)
    }

    @Test(arguments: Language.allCases)
    func progressConfig(_ l: Language) {
        let page = ProgressConfigPage(
            language: l,
            session: F.session(),
            indicator: F.indicator312,
            series: ["SH_STA_BRTC"],
            current: F.progressConfiguration
        )
        Snapshot.check(page.render(), "ProgressConfigPage", l)
    }

    // MARK: Cycles and submissions

    @Test(arguments: Language.allCases)
    func cycles(_ l: Language) {
        // The page proposes the new cycle's dates from the day it is given (the fixtures' today).
        let page = CyclesPage(language: l, session: F.session(), cycles: [F.openCycle, F.closedCycle], today: F.today)
        Snapshot.check(page.render(), "CyclesPage", l)
    }

    @Test(arguments: Language.allCases)
    func cycleDashboard(_ l: Language) {
        let page = CycleDashboardPage(
            language: l,
            session: F.session(),
            cycle: F.openCycle,
            dashboard: F.openDashboard,
            warnings: CycleCheck.warnings(F.openCycle, assignments: F.assignments),
            conflicts: [(key: F.cell("LA", 2023), submitted: 79, published: 78.6, source: F.brtcSource)],
            institutions: F.catalog.institutions
        )
        Snapshot.check(page.render(), "CycleDashboardPage", l)
    }

    /// LSB's reviewer looks at what MOH submitted: read-only grid with the published values
    /// before, the review steps, comments, value changes and the history.
    @Test(arguments: Language.allCases)
    func submissionInReview(_ l: Language) {
        var page = SubmissionPage(
            language: l,
            session: F.session(),
            cycle: F.openCycle,
            institution: "MOH",
            indicator: F.indicator312,
            state: .submitted,
            revision: 1,
            version: 3,
            canEdit: false,
            steps: [.review, .return],
            rows: Self.gridRows(l),
            values: [F.cell("LA", 2023): 79, F.cell("LA", 2024): 81.5, F.cell("01", 2023): 96.3, F.cell("01", 2024): nil],
            previous: [F.cell("LA", 2023): 78.6, F.cell("01", 2023): 96.3],
            transitions: [
                (from: .draft, to: .submitted, actor: "Khamla Vongsa", at: "2025-05-20T10:14:00Z", comment: nil),
                (
                    from: .submitted, to: .returned, actor: "Souksavanh Keomany", at: "2025-05-23T16:02:00Z",
                    comment: "2023 differs from LSIS"
                ),
                (from: .returned, to: .submitted, actor: "Khamla Vongsa", at: "2025-05-28T09:47:00Z", comment: "Revised with LSIS II"),
            ],
            canCorrect: false
        )
        page.changes = [
            (
                cell: F.cell("LA", 2023).description, old: 81, new: 79, actor: "Khamla Vongsa", at: "2025-05-28T09:45:00Z",
                reason: "Revised with LSIS II"
            )
        ]
        page.comments = [
            (
                cell: F.cell("LA", 2023).description, body: "Please check against the LSIS report.", actor: "Souksavanh Keomany",
                at: "2025-05-23T16:02:00Z"
            )
        ]
        Snapshot.check(page.render(), "SubmissionPage", l)
    }

    /// MOH's owner enters data after a refused save: editable grid with what was typed, the errors
    /// and warnings, the CSV upload and the submit step.
    @Test(arguments: Language.allCases)
    func submissionEntry(_ l: Language) {
        let row = Self.gridRows(l)[0]
        let page = SubmissionPage(
            language: l,
            session: F.session(),
            cycle: F.openCycle,
            institution: "MOH",
            indicator: F.indicator312,
            state: .draft,
            revision: 1,
            version: 1,
            canEdit: true,
            steps: [.submit],
            rows: Self.gridRows(l),
            values: [F.cell("LA", 2023): 79],
            previous: [F.cell("LA", 2023): 78.6],
            problems: [
                TidyIssue(
                    line: 0,
                    column: SubmissionPage.fieldName(row, 2024),
                    value: "81,5",
                    expected: Message("domain.list.one", ["item": .localized(F.text("a number such as 81.5", "ຕົວເລກ ເຊັ່ນ 81.5"))])
                )
            ],
            warnings: [
                TidyIssue(
                    line: 0,
                    column: SubmissionPage.fieldName(row, 2023),
                    value: "79",
                    expected: Message(
                        "domain.list.one",
                        [
                            "item": .localized(
                                F.text("a value within 10 % of the published 78.6, or a comment", "ຄ່າທີ່ຕ່າງຈາກ 78.6 ບໍ່ເກີນ 10 % ຫຼື ມີຄຳເຫັນ")
                            )
                        ]
                    )
                )
            ],
            typed: [SubmissionPage.fieldName(row, 2024): "81,5"],
            transitions: [],
            canCorrect: false
        )
        Snapshot.check(page.render(), "SubmissionPage-entry", l)
    }

    /// The grid's rows as the web layer labels them: series, then the area's name below the country.
    static func gridRows(_ l: Language) -> [SubmissionPage.GridRow] {
        ["LA", "01"].map { area in
            let name = area == Area.countryCode ? "" : " · " + (F.catalog.area(area)?.name.text(in: l) ?? area)
            return SubmissionPage.GridRow(series: "SH_STA_BRTC", area: area, dimensions: "", label: "SH_STA_BRTC\(name)")
        }
    }
}
