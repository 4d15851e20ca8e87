import Foundation
import PasanDomain
import PasanMessages
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// A cycle on both databases: open (requests, tasks, e-mail), save, one point of reporting,
/// optimistic locking, the workflow, publication, correction as revision 2, conflicts.
@Suite struct CycleStorageTests {
    static func cycle(indicators: [String], today: LocalDate = .today) -> ReportingCycle {
        ReportingCycle(
            name: LocalizedText(en: "VNR 2027 (test)", lo: "VNR 2027 (ທົດສອບ)", loStatus: .reviewed),
            purpose: "Voluntary National Review",
            referenceYears: [2022, 2023],
            indicators: indicators,
            schedule: CycleSchedule(
                requestDate: today,
                ownerDeadline: today.adding(days: 45),
                reporterDeadline: today.adding(days: 60),
                statisticsDeadline: today.adding(days: 75),
                approvalDeadline: today.adding(days: 90),
                publicationDate: today.adding(days: 100)
            )
        )
    }

    static func value(
        _ indicator: String,
        _ series: String,
        _ year: String,
        _ v: Double,
        area: String = "LA",
        dims: String = ""
    ) -> SubmittedValue {
        SubmittedValue(key: CellKey(indicator: indicator, series: series, area: area, period: year, dimensions: dims), unit: "PT", value: v)
    }

    @Test func scheduleRules() {
        var c = Self.cycle(indicators: ["3.1.2"])
        #expect(CycleCheck.errors(c).isEmpty)
        c.schedule.ownerDeadline = c.schedule.requestDate.adding(days: 10)
        #expect(CycleCheck.errors(c).contains { $0.text(in: .en).contains("at least 30") })
        c.schedule.ownerDeadline = c.schedule.requestDate.adding(days: 95)
        #expect(CycleCheck.errors(c).contains { $0.text(in: .en).contains("must be in order") })
        let late = Assignment(indicator: "4.1.1", owners: ["MOES"], reporter: "MOES", collectionDue: DayOfYear(month: 12, day: 31))
        let warn = CycleCheck.warnings(Self.cycle(indicators: ["4.1.1"]), assignments: [late])
        #expect(warn.count == 1 || Self.cycle(indicators: ["4.1.1"]).schedule.ownerDeadline.month == 12)
    }

    @Test(arguments: Backend.all)
    func aWholeCycle(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let cycles = CycleRepository(database: database)
            let created = try await cycles.create(Self.cycle(indicators: ["3.1.2", "3.2.1"]), change: .test)
            let requests = try await cycles.open(
                id: created.id!,
                today: .today,
                link: { "https://pasan.example/lo/cycles/1/requests/\($0)" },
                change: .test
            )
            // 3.2.1 is owned by MOH and LSB in the demo (a duplicate): both are asked.
            #expect(Set(requests.map(\.institution)) == ["MOH", "LSB"])
            let mails = try await Outbox(database: database).messages()
            #expect(mails.contains { $0.recipient == "moh.owner@pasan.demo" && $0.subject.contains("VNR 2027") })
            #expect(
                try await FocalPointRepository(database: database).tasks(institution: "MOH").contains { $0.title.en.contains("VNR 2027") }
            )

            let subs = SubmissionRepository(database: database)
            let moh = try await subs.save(
                cycleID: created.id!,
                institution: "MOH",
                indicator: "3.1.2",
                values: [Self.value("3.1.2", "SH_STA_BRTC", "2022", 64), Self.value("3.1.2", "SH_STA_BRTC", "2023", 66)],
                basedOn: nil,
                warningsComment: nil,
                change: .test
            )
            #expect(moh.version == 1)
            // A stale save is refused, never merged.
            await #expect(throws: SubmissionError.concurrentEdit(current: 1)) {
                try await subs.save(
                    cycleID: created.id!,
                    institution: "MOH",
                    indicator: "3.1.2",
                    values: [],
                    basedOn: 0,
                    warningsComment: nil,
                    change: .test
                )
            }
            // One point of reporting: LSB cannot deliver MOH's cells.
            await #expect(
                throws: SubmissionError.cellOwnedByAnother(
                    CellKey(indicator: "3.1.2", series: "SH_STA_BRTC", area: "LA", period: "2022", dimensions: ""),
                    "MOH"
                )
            ) {
                try await subs.save(
                    cycleID: created.id!,
                    institution: "LSB",
                    indicator: "3.1.2",
                    values: [Self.value("3.1.2", "SH_STA_BRTC", "2022", 70)],
                    basedOn: nil,
                    warningsComment: nil,
                    change: .test
                )
            }
            #expect(try await subs.latest(cycleID: created.id!, institution: "LSB", indicator: "3.1.2") == nil)

            let accounts = AccountRepository(database: database)
            let owner = try #require(try await accounts.account(email: "moh.owner@pasan.demo")).actor
            let reporter = try #require(try await accounts.account(email: "moh.reporter@pasan.demo")).actor
            let lsb = try #require(try await accounts.account(email: "lsb.reviewer@pasan.demo")).actor
            let officer = try #require(try await accounts.account(email: "officer@pasan.demo")).actor
            // The reporter may not submit for the owner.
            await #expect(throws: SubmissionError.self) {
                try await subs.take(
                    .submit,
                    submissionID: moh.id,
                    actor: reporter,
                    reporter: "MOH",
                    officialStatistics: true,
                    comment: nil,
                    change: .test
                )
            }
            try await subs.take(
                .submit,
                submissionID: moh.id,
                actor: owner,
                reporter: "MOH",
                officialStatistics: true,
                comment: nil,
                change: .test
            )
            try await subs.take(
                .return,
                submissionID: moh.id,
                actor: reporter,
                reporter: "MOH",
                officialStatistics: true,
                comment: "2023 looks high",
                change: .test
            )
            let fixed = try await subs.save(
                cycleID: created.id!,
                institution: "MOH",
                indicator: "3.1.2",
                values: [Self.value("3.1.2", "SH_STA_BRTC", "2022", 64), Self.value("3.1.2", "SH_STA_BRTC", "2023", 65)],
                basedOn: 3,
                warningsComment: "corrected after review",
                change: .test
            )
            #expect(
                try await subs.history(of: CellKey(indicator: "3.1.2", series: "SH_STA_BRTC", area: "LA", period: "2023", dimensions: ""))
                    .map(\.new) == [65]
            )
            for (step, actor) in [(SubmissionStep.submit, owner), (.review, reporter), (.approveStatistics, lsb), (.approve, officer)] {
                try await subs.take(
                    step,
                    submissionID: fixed.id,
                    actor: actor,
                    reporter: "MOH",
                    officialStatistics: true,
                    comment: nil,
                    change: .test
                )
            }
            // Approved data is locked.
            await #expect(throws: SubmissionError.locked(.approved)) {
                try await subs.save(
                    cycleID: created.id!,
                    institution: "MOH",
                    indicator: "3.1.2",
                    values: [],
                    basedOn: nil,
                    warningsComment: nil,
                    change: .test
                )
            }
            // Who approved does not also publish the same revision (separation of duties).
            await #expect(throws: SubmissionError.self) {
                try await subs.take(
                    .publish,
                    submissionID: fixed.id,
                    actor: officer,
                    reporter: "MOH",
                    officialStatistics: true,
                    comment: nil,
                    change: .test
                )
            }
            let admin = try #require(try await accounts.account(email: "admin@pasan.demo")).actor
            try await subs.take(
                .publish,
                submissionID: fixed.id,
                actor: admin,
                reporter: "MOH",
                officialStatistics: true,
                comment: nil,
                change: .test
            )
            let published = try await ObservationRepository(database: database).observations(indicator: "3.1.2")
            #expect(published.map(\.value) == [64, 65])

            // A correction is revision 2; revision 1 stays readable and the portal keeps 65 until approval.
            let correction = try await subs.correct(submissionID: fixed.id, reason: "LSIS final report", change: .test)
            #expect(correction.revision == 2)
            try await subs.save(
                cycleID: created.id!,
                institution: "MOH",
                indicator: "3.1.2",
                values: [Self.value("3.1.2", "SH_STA_BRTC", "2022", 64), Self.value("3.1.2", "SH_STA_BRTC", "2023", 67)],
                basedOn: correction.version,
                warningsComment: nil,
                change: .test
            )
            #expect(try await ObservationRepository(database: database).observations(indicator: "3.1.2").map(\.value) == [64, 65])
            #expect(try await subs.values(submissionID: fixed.id).map(\.value) == [64, 65])
            #expect(
                try await subs.transitions(submissionID: fixed.id).map(\.to) == [
                    .submitted, .returned, .submitted, .reviewed, .statisticsApproved, .approved, .published,
                ]
            )
        }
    }

    @Test(arguments: Backend.all)
    func aValueDifferentFromOnePublishedElsewhereIsAConflict(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let cycles = CycleRepository(database: database)
            let created = try await cycles.create(Self.cycle(indicators: ["18.1.1"]), change: .test)
            _ = try await cycles.open(id: created.id!, today: .today, link: { $0 }, change: .test)
            // The demo data published 42 casualties for 2015; NRA now sends 45.
            var c = created
            c.referenceYears = [2015]
            let v = SubmittedValue(
                key: CellKey(indicator: "18.1.1", series: "_L_LA_180101_00", area: "LA", period: "2015", dimensions: ""),
                unit: "NUMBER",
                value: 45
            )
            let saved = try await SubmissionRepository(database: database).save(
                cycleID: created.id!,
                institution: "NRA",
                indicator: "18.1.1",
                values: [v],
                basedOn: nil,
                warningsComment: nil,
                change: .test
            )
            let conflicts = try await SubmissionRepository(database: database).openConflicts(cycleID: created.id!)
            #expect(conflicts.count == 1 && conflicts[0].submitted == 45 && conflicts[0].published == 42)
            // The published value is untouched.
            #expect(
                try await ObservationRepository(database: database).observations(indicator: "18.1.1").first {
                    $0.series == "_L_LA_180101_00" && $0.period == "2015" && $0.dimensions.isEmpty
                }?.value == 42
            )
            _ = saved
        }
    }
}

@Suite struct ReminderTests {
    @Test(arguments: Backend.all)
    func remindersGoOutOnceBeforeAndAfterTheDeadline(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let cycles = CycleRepository(database: database)
            let today = LocalDate.today
            let created = try await cycles.create(CycleStorageTests.cycle(indicators: ["3.1.2"]), change: .test)
            _ = try await cycles.open(id: created.id!, today: today, link: { $0 }, change: .test)
            let deadline = created.schedule.ownerDeadline
            let reminders = Reminders(database: database)
            let outbox = Outbox(database: database)
            for message in try await outbox.claimDue() { try await outbox.markSent(message.id) }
            func reminderMails() async throws -> [OutboxMessage] {
                try await outbox.messages().filter {
                    $0.sentAt == nil && ($0.subject.contains("reminder") || $0.subject.contains("overdue"))
                }
            }
            func kinds() async throws -> [String] {
                try await database.read { db in
                    try await db.select().column("kind").from("reminders_sent").where("cycle_id", .equal, created.id!).where(
                        "institution",
                        .equal,
                        "MOH"
                    )
                    .orderBy("sent_at").all().map { try $0.string("kind") }
                }
            }
            let link: @Sendable (Int64, String) -> String = { _, _ in "x" }
            // 20 days before: nothing yet for this cycle. 14 days before: one reminder; the next day: nothing more.
            try await reminders.sendDue(today: deadline.adding(days: -20), link: link)
            #expect(try await kinds() == [])
            try await reminders.sendDue(today: deadline.adding(days: -14), link: link)
            try await reminders.sendDue(today: deadline.adding(days: -13), link: link)
            #expect(try await kinds() == ["before-14"])
            try await reminders.sendDue(today: deadline.adding(days: -7), link: link)
            try await reminders.sendDue(today: deadline.adding(days: -1), link: link)
            try await reminders.sendDue(today: deadline.adding(days: -1), link: link)
            #expect(Set(try await kinds()) == ["before-14", "before-7", "before-1"])
            // After the deadline: one escalation, to the focal points and the Secretariat.
            try await reminders.sendDue(today: deadline.adding(days: 2), link: link)
            try await reminders.sendDue(today: deadline.adding(days: 3), link: link)
            #expect(try await kinds().filter { $0 == "late" }.count == 1)
            let mails = try await reminderMails()
            #expect(mails.contains { $0.subject.contains("overdue") && $0.subject.contains("MOH") && $0.recipient == "officer@pasan.demo" })
            #expect(mails.contains { $0.subject.contains("reminder") && $0.recipient == "moh.owner@pasan.demo" })
        }
    }
}
