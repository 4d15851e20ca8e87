import Foundation
import PasanDomain
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// The rules of who must do what by when (pure): owners, reporters (the Secretariat when an
/// indicator has none) and LSB; extensions; on time or late; which reminder is due.
@Suite struct DeadlineRuleTests {
    static let start = LocalDate(year: 2026, month: 3, day: 2)!

    static func cycle(extensions: [CycleExtension] = []) -> ReportingCycle {
        ReportingCycle(
            id: 1,
            name: LocalizedText(en: "VNR", lo: nil, loStatus: .reviewed),
            purpose: "VNR",
            referenceYears: [2023],
            indicators: ["3.1.2", "18.1.1"],
            schedule: CycleSchedule(
                requestDate: start,
                ownerDeadline: start.adding(days: 40),
                reporterDeadline: start.adding(days: 50),
                statisticsDeadline: start.adding(days: 60),
                approvalDeadline: start.adding(days: 70),
                publicationDate: start.adding(days: 80)
            ),
            status: .open,
            extensions: extensions
        )
    }

    static let items = [
        RequestedItem(owner: "MOH", indicator: "3.1.2", reporter: "MOH"),
        RequestedItem(owner: "NRA", indicator: "18.1.1", reporter: "MOLSW"),
        RequestedItem(owner: "NRA", indicator: "18.2.1", reporter: nil),
    ]

    static func item(
        _ indicator: String,
        _ state: SubmissionState,
        submitted: Int? = nil,
        reviewed: Int? = nil,
        approved: Int? = nil
    ) -> CycleDashboard.Item {
        CycleDashboard.Item(
            indicator: indicator,
            state: state,
            submittedOn: submitted.map { start.adding(days: $0) },
            returns: 0,
            cellsDelivered: 1,
            revision: 1,
            reviewedOn: reviewed.map { start.adding(days: $0) },
            statisticsApprovedOn: approved.map { start.adding(days: $0) }
        )
    }

    @Test func whoAnswersForWhichStepAndWhenItIsDue() {
        let delivered = [
            "MOH|3.1.2": Self.item("3.1.2", .reviewed, submitted: 30, reviewed: 45),
            "NRA|18.1.1": Self.item("18.1.1", .submitted, submitted: 38),
        ]
        let duties = DeadlineRules.duties(cycle: Self.cycle(), items: Self.items, delivered: delivered)
        func duty(_ stage: DeadlineStage, _ indicator: String) -> StepDuty {
            duties.first { $0.stage == stage && $0.indicator == indicator }!
        }
        // A reporter's step is due once the owner has submitted; LSB's once reviewed.
        #expect(duty(.reporter, "3.1.2").institution == "MOH" && duty(.reporter, "3.1.2").isOnTime && !duty(.reporter, "3.1.2").needsAction)
        #expect(duty(.statistics, "3.1.2").institution == "LSB" && duty(.statistics, "3.1.2").needsAction)
        #expect(duty(.reporter, "18.1.1").institution == "MOLSW" && duty(.reporter, "18.1.1").needsAction)
        #expect(!duty(.statistics, "18.1.1").isDue)
        // Nothing sent for 18.2.1: only the owner is asked; its reporter step falls to the Secretariat.
        #expect(duty(.owner, "18.2.1").needsAction && !duty(.reporter, "18.2.1").isDue)
        #expect(duty(.reporter, "18.2.1").institution == DeadlineRules.secretariatInstitution)
        #expect(
            duty(.reporter, "3.1.2").deadline == Self.start.adding(days: 50)
                && duty(.statistics, "3.1.2").deadline == Self.start.adding(days: 60)
        )
        // Not official statistics: no step for LSB.
        #expect(
            !DeadlineRules.duties(cycle: Self.cycle(), items: Self.items, delivered: delivered, officialStatistics: { $0 != "3.1.2" })
                .contains { $0.stage == .statistics && $0.indicator == "3.1.2" }
        )
    }

    @Test func anOwnersExtensionMovesTheLaterStepsOfItsData() {
        let c = Self.cycle(extensions: [
            CycleExtension(institution: "NRA", ownerDeadline: Self.start.adding(days: 52), reason: "survey late")
        ])
        #expect(DeadlineRules.deadline(.owner, cycle: c, owner: "NRA") == Self.start.adding(days: 52))
        #expect(DeadlineRules.deadline(.reporter, cycle: c, owner: "NRA") == Self.start.adding(days: 62))
        #expect(DeadlineRules.deadline(.statistics, cycle: c, owner: "NRA") == Self.start.adding(days: 72))
        #expect(DeadlineRules.deadline(.reporter, cycle: c, owner: "MOH") == Self.start.adding(days: 50))
    }

    @Test func reportersAndLSBAppearInTimelinessAndRecognition() throws {
        let delivered = [
            "MOH|3.1.2": Self.item("3.1.2", .statisticsApproved, submitted: 30, reviewed: 53, approved: 58),
            "NRA|18.1.1": Self.item("18.1.1", .reviewed, submitted: 38, reviewed: 44),
        ]
        let dashboard = CycleDashboard(cycle: Self.cycle(), items: Self.items, submissions: delivered, today: Self.start.adding(days: 63))
        #expect(dashboard.rows.map(\.institution) == ["MOH", "NRA"])
        let reporters = Dictionary(uniqueKeysWithValues: dashboard.reporterRows.map { ($0.institution, $0) })
        // MOH reviewed 3 days after the reporter deadline; MOLSW on time; the Secretariat had nothing due.
        #expect(
            reporters["MOH"]?.onTime == 0 && reporters["MOH"]?.due == 1 && reporters["MOH"]?.daysLate == 3
                && reporters["MOH"]?.timeliness == 0
        )
        #expect(reporters["MOLSW"]?.timeliness == 1 && reporters["MOLSW"]?.completeness == 1 && reporters["MOLSW"]?.daysLate == 0)
        #expect(reporters["MOFA"]?.due == 0)
        #expect(dashboard.ranking(.reporter).map(\.institution) == ["MOLSW", "MOH"])
        // LSB: 3.1.2 approved on time; 18.1.1 reviewed and still waiting 3 days after the statistics deadline.
        let lsb = try #require(dashboard.statisticsRows.first)
        #expect(
            lsb.institution == "LSB" && lsb.due == 2 && lsb.onTime == 1 && lsb.daysLate == 3 && lsb.timeliness == 0.5
                && lsb.completeness == 0.5
        )
        // The owners' view is unchanged: NRA never sent 18.2.1.
        #expect(dashboard.rows[1].onTime == 1 && dashboard.rows[1].daysLate == 23)
    }

    @Test func remindersGoToWhoeverTheDataWaitsFor() {
        let delivered = ["NRA|18.1.1": Self.item("18.1.1", .submitted, submitted: 38)]
        let duties = DeadlineRules.duties(cycle: Self.cycle(), items: Self.items, delivered: delivered).filter {
            $0.stage == .reporter && $0.institution == "MOLSW"
        }
        let days = [14, 7, 1]
        #expect(DeadlineRules.reminder(for: duties, today: Self.start.adding(days: 30), reminderDays: days) == nil)
        #expect(DeadlineRules.reminder(for: duties, today: Self.start.adding(days: 40), reminderDays: days)?.kind == "before-14")
        #expect(DeadlineRules.reminder(for: duties, today: Self.start.adding(days: 45), reminderDays: days)?.kind == "before-7")
        #expect(DeadlineRules.reminder(for: duties, today: Self.start.adding(days: 50), reminderDays: days)?.kind == "before-1")
        let late = DeadlineRules.reminder(for: duties, today: Self.start.adding(days: 52), reminderDays: days)
        #expect(late?.kind == "late" && late?.daysLeft == -2 && late?.pending.map(\.indicator) == ["18.1.1"])
        // Nothing waits for the Secretariat's review of 18.2.1 (the owner has not sent it): no reminder.
        let secretariat = DeadlineRules.duties(cycle: Self.cycle(), items: Self.items, delivered: delivered).filter {
            $0.stage == .reporter && $0.reporter == nil
        }
        #expect(DeadlineRules.reminder(for: secretariat, today: Self.start.adding(days: 52), reminderDays: days) == nil)
    }
}

/// Reporters and LSB on both databases: their tasks at opening, closed when their step is done or
/// the cycle closes; their reminders and escalations, each exactly once with several processes;
/// the dashboard; the migration that keys reminders by step.
@Suite struct DeadlineStorageTests {
    static func cycle(today: LocalDate = .today) -> ReportingCycle {
        CycleStorageTests.cycle(indicators: ["3.1.2", "18.1.1"], today: today)
    }

    static func userID(_ database: Database, _ email: String) async throws -> Int64 {
        try #require(try await AccountRepository(database: database).account(email: email)).id
    }

    static func actor(_ database: Database, _ email: String) async throws -> Actor {
        try #require(try await AccountRepository(database: database).account(email: email)).actor
    }

    /// MOH submits 3.1.2 (owner MOH, reporter MOH); NRA sends nothing for 18.1.1 (reporter MOLSW).
    static func submit312(_ database: Database, cycleID: Int64) async throws -> Int64 {
        let subs = SubmissionRepository(database: database)
        let saved = try await subs.save(
            cycleID: cycleID,
            institution: "MOH",
            indicator: "3.1.2",
            values: [
                CycleStorageTests.value("3.1.2", "SH_STA_BRTC", "2022", 64),
                CycleStorageTests.value("3.1.2", "SH_STA_BRTC", "2023", 66),
            ],
            basedOn: nil,
            warningsComment: nil,
            change: .test
        )
        try await subs.take(
            .submit,
            submissionID: saved.id,
            actor: try await actor(database, "moh.owner@pasan.demo"),
            reporter: "MOH",
            officialStatistics: true,
            comment: nil,
            change: .test
        )
        return saved.id
    }

    @Test(arguments: Backend.all)
    func openingACycleGivesReportersAndLSBTheirTasks(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let cycles = CycleRepository(database: database)
            let created = try await cycles.create(Self.cycle(), change: .test)
            _ = try await cycles.open(
                id: created.id!,
                today: .today,
                link: { "https://pasan.example/lo/cycles/\(created.id!)/requests/\($0)" },
                change: .test
            )
            let focal = FocalPointRepository(database: database)
            let s = created.schedule
            let mohReporter = try await focal.tasks(assignee: try await Self.userID(database, "moh.reporter@pasan.demo"))
            let review = try #require(mohReporter.first { $0.title.en.contains("VNR 2027") })
            #expect(
                review.institution == "MOH" && review.dueOn == s.reporterDeadline && review.title.en.contains("3.1.2")
                    && review.title.lo != nil
            )
            #expect(review.link == "https://pasan.example/lo/cycles/\(created.id!)/requests/MOH")
            let molsw = try await focal.tasks(assignee: try await Self.userID(database, "molsw.reporter@pasan.demo"))
            #expect(
                molsw.contains {
                    $0.title.en.contains("NRA") && $0.title.en.contains("18.1.1") && $0.dueOn == s.reporterDeadline
                        && $0.link?.hasSuffix("/requests/NRA") == true
                }
            )
            let lsb = try await focal.tasks(assignee: try await Self.userID(database, "lsb.reviewer@pasan.demo"))
            let approvals = lsb.filter { $0.title.en.contains("VNR 2027") }
            #expect(Set(approvals.compactMap { $0.link?.components(separatedBy: "/").last }) == ["MOH", "NRA"])
            #expect(
                approvals.allSatisfy {
                    $0.institution == "LSB" && $0.dueOn == s.statisticsDeadline && $0.title.en.hasPrefix("Approve the statistics")
                }
            )
        }
    }

    @Test(arguments: Backend.all)
    func reviewTasksCloseWhenTheStepIsDoneOrTheCycleCloses(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let cycles = CycleRepository(database: database)
            let created = try await cycles.create(Self.cycle(), change: .test)
            let id = created.id!
            _ = try await cycles.open(id: id, today: .today, link: { $0 }, change: .test)
            let focal = FocalPointRepository(database: database)
            let reporterID = try await Self.userID(database, "moh.reporter@pasan.demo")
            let lsbID = try await Self.userID(database, "lsb.reviewer@pasan.demo")
            func open(_ user: Int64) async throws -> [String] {
                try await focal.tasks(assignee: user).filter { $0.title.en.contains("VNR 2027") }.compactMap(\.link)
            }
            let submission = try await Self.submit312(database, cycleID: id)
            #expect(try await cycles.closeFinishedTasks(cycleID: id) == 0)
            #expect(try await open(reporterID) == ["MOH"])
            try await SubmissionRepository(database: database).take(
                .review,
                submissionID: submission,
                actor: try await Self.actor(database, "moh.reporter@pasan.demo"),
                reporter: "MOH",
                officialStatistics: true,
                comment: nil,
                change: .test
            )
            // The reporter's step is done: its task closes (on the next run of the reminders too); LSB's is now due.
            try await Reminders(database: database).sendDue(today: .today, link: { _, _ in "x" })
            #expect(try await open(reporterID) == [])
            #expect(Set(try await open(lsbID)) == ["MOH", "NRA"])
            try await SubmissionRepository(database: database).take(
                .approveStatistics,
                submissionID: submission,
                actor: try await Self.actor(database, "lsb.reviewer@pasan.demo"),
                reporter: "MOH",
                officialStatistics: true,
                comment: nil,
                change: .test
            )
            #expect(try await cycles.closeFinishedTasks(cycleID: id) == 1)
            #expect(try await open(lsbID) == ["NRA"])
            // Closing the cycle ends the rest (NRA never sent 18.1.1).
            try await cycles.close(id: id, change: .test)
            #expect(try await open(lsbID) == [])
            #expect(try await open(try await Self.userID(database, "molsw.reporter@pasan.demo")) == [])
        }
    }

    @Test(arguments: Backend.all)
    func reporterAndStatisticsRemindersGoOutOnceEvenWithSeveralProcesses(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let cycles = CycleRepository(database: database)
            let created = try await cycles.create(Self.cycle(), change: .test)
            let id = created.id!
            _ = try await cycles.open(id: id, today: .today, link: { $0 }, change: .test)
            let submission = try await Self.submit312(database, cycleID: id)
            let outbox = Outbox(database: database)
            for message in try await outbox.claimDue() { try await outbox.markSent(message.id) }
            // A second connection pool to the same database stands for a second Pasan process.
            let second = try await Database.open(database.location, logger: TestDatabases.logger)
            let link: @Sendable (Int64, String) -> String = { cycle, owner in "https://pasan.example/lo/cycles/\(cycle)/requests/\(owner)" }
            func runEverywhere(_ day: LocalDate) async throws {
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for db in [database, second, database, second] {
                        group.addTask { try await Reminders(database: db).sendDue(today: day, link: link) }
                    }
                    try await group.waitForAll()
                }
            }
            func sent(_ stage: DeadlineStage) async throws -> [String] {
                try await database.read { db in
                    try await db.select().columns("institution", "kind").from("reminders_sent").where("cycle_id", .equal, id)
                        .where("stage", .equal, stage.rawValue).all().map { "\(try $0.string("institution")) \(try $0.string("kind"))" }
                        .sorted()
                }
            }
            func mails(to email: String, _ text: String) async throws -> [OutboxMessage] {
                try await outbox.messages().filter {
                    $0.sentAt == nil && $0.recipient == email && $0.subject.contains(text)
                        && $0.text.contains("VNR 2027 (test)")
                }
            }
            let s = created.schedule
            do {
                try await runEverywhere(s.reporterDeadline.adding(days: -14))
                try await runEverywhere(s.reporterDeadline.adding(days: -13))
                try await runEverywhere(s.reporterDeadline.adding(days: -7))
                // Only MOH's reporter has something waiting (NRA sent nothing, so MOLSW is not reminded).
                #expect(try await sent(.reporter) == ["MOH before-14", "MOH before-7"])
                let reminders = try await mails(to: "moh.reporter@pasan.demo", "(Reporters review)")
                #expect(reminders.count == 2)
                #expect(reminders.allSatisfy { $0.text.contains("3.1.2 (MOH)") && $0.text.contains("/cycles/\(id)/requests/MOH") })
                // After the reporter deadline: one escalation, to the reporter and the Secretariat.
                try await runEverywhere(s.reporterDeadline.adding(days: 2))
                try await runEverywhere(s.reporterDeadline.adding(days: 3))
                #expect(try await sent(.reporter) == ["MOH before-14", "MOH before-7", "MOH late"])
                #expect(try await mails(to: "officer@pasan.demo", "overdue — MOH (Reporters review)").count == 1)
                #expect(try await mails(to: "moh.reporter@pasan.demo", "overdue").count == 1)
                #expect(try await sent(.statistics) == [])

                // Reviewed: now LSB's step waits.
                try await SubmissionRepository(database: database).take(
                    .review,
                    submissionID: submission,
                    actor: try await Self.actor(database, "moh.reporter@pasan.demo"),
                    reporter: "MOH",
                    officialStatistics: true,
                    comment: nil,
                    change: .test
                )
                try await runEverywhere(s.statisticsDeadline.adding(days: -1))
                try await runEverywhere(s.statisticsDeadline.adding(days: -1))
                try await runEverywhere(s.statisticsDeadline.adding(days: 1))
                try await runEverywhere(s.statisticsDeadline.adding(days: 5))
                #expect(try await sent(.statistics) == ["LSB before-1", "LSB late"])
                #expect(try await mails(to: "lsb.reviewer@pasan.demo", "reminder — 1 day(s) left (LSB approves statistics)").count == 1)
                #expect(try await mails(to: "lsb.reviewer@pasan.demo", "overdue — LSB").count == 1)
                #expect(try await mails(to: "admin@pasan.demo", "overdue — LSB").count == 1)
                // The reporter's step is done: no more reporter reminders, ever.
                #expect(try await sent(.reporter) == ["MOH before-14", "MOH before-7", "MOH late"])
                await second.close()
            } catch {
                await second.close()
                throw error
            }
        }
    }

    @Test(arguments: Backend.all)
    func theDashboardCountsReportersAndLSB(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let cycles = CycleRepository(database: database)
            let created = try await cycles.create(Self.cycle(), change: .test)
            let id = created.id!
            _ = try await cycles.open(id: id, today: .today, link: { $0 }, change: .test)
            let submission = try await Self.submit312(database, cycleID: id)
            try await SubmissionRepository(database: database).take(
                .review,
                submissionID: submission,
                actor: try await Self.actor(database, "moh.reporter@pasan.demo"),
                reporter: "MOH",
                officialStatistics: true,
                comment: nil,
                change: .test
            )
            let s = created.schedule
            // Recorded as reviewed two days after the reporter deadline (dates are set, not waited for).
            try await database.write { db in
                try await db.update("submission_transitions").set("at", to: "\(s.reporterDeadline.adding(days: 2))T03:00:00Z")
                    .where("submission_id", .equal, submission).where("to_state", .equal, "reviewed").run()
            }
            let cycle = try #require(try await cycles.cycle(id: id))
            let dashboard = try await cycles.dashboard(cycle, today: s.statisticsDeadline.adding(days: 4))
            let moh = try #require(dashboard.reporterRows.first { $0.institution == "MOH" })
            #expect(moh.due == 1 && moh.onTime == 0 && moh.daysLate == 2 && moh.completeness == 1)
            #expect(dashboard.reporterRows.first { $0.institution == "MOLSW" }?.due == 0)
            #expect(dashboard.ranking(.reporter).map(\.institution) == ["MOH"])
            let lsb = try #require(dashboard.statisticsRows.first)
            #expect(lsb.institution == "LSB" && lsb.due == 1 && lsb.onTime == 0 && lsb.daysLate == 4)
            #expect(try await cycles.duties(cycleID: id).filter { $0.stage == .owner }.map(\.institution).sorted() == ["MOH", "NRA"])
        }
    }

    @Test(arguments: Backend.all)
    func theMigrationKeepsTheOwnersRemindersAlreadySent(backend: Backend) async throws {
        try await TestDatabases.withEmpty(backend) { location in
            let database = try await Database.open(location, logger: TestDatabases.logger)
            do {
                try await MigrationRunner(database: database, migrations: Migrations.all.filter { $0.id < 5 }).migrate()
                try await database.write { db in
                    try await db.raw(
                        """
                        INSERT INTO cycles (name_en, lo_status, purpose, reference_years, request_date, owner_deadline, reporter_deadline,
                            statistics_deadline, approval_deadline, publication_date, minimum_notice_days, reminder_days, status, created_at)
                        VALUES ('Old', 'reviewed', 'x', '2023', '2026-01-01', '2026-02-01', '2026-02-10', '2026-02-20', '2026-03-01',
                            '2026-03-10', 30, '14,7,1', 'open', '2026-01-01T00:00:00Z')
                        """
                    ).run()
                    try await db.raw(
                        """
                        INSERT INTO reminders_sent (cycle_id, institution, kind, sent_at)
                        SELECT id, 'MOH', 'before-14', '2026-01-18T00:00:00Z' FROM cycles
                        """
                    ).run()
                }
                try await MigrationRunner(database: database).migrate()
                let rows = try await database.read { db in
                    try await db.select().columns("stage", "institution", "kind").from("reminders_sent").all()
                        .map { "\(try $0.string("stage")) \(try $0.string("institution")) \(try $0.string("kind"))" }
                }
                #expect(rows == ["owner MOH before-14"])
                // The same reminder again is refused; the same kind for another step is not.
                try await database.write { db in
                    let cycleID = try await db.select().column("id").from("cycles").first()!.int("id")
                    for stage in ["owner", "reporter"] {
                        try await db.insert(into: "reminders_sent").columns("cycle_id", "stage", "institution", "kind", "sent_at")
                            .values(SQLBind(cycleID), SQLBind(stage), SQLBind("MOH"), SQLBind("before-14"), SQLBind("2026-01-19T00:00:00Z"))
                            .ignoringConflicts().run()
                    }
                }
                #expect(try await database.read { db in try await db.select().column("stage").from("reminders_sent").all().count } == 2)
                await database.close()
            } catch {
                await database.close()
                throw error
            }
        }
    }
}
