import Foundation
import PasanDomain
import PasanMessages
import SQLKit

/// Deadline reminders and escalations for every step with a deadline (`DeadlineRules`): before
/// the deadline (by default 14, 7 and 1 days) to whoever the data waits for — the owner's focal
/// points, the reporter's focal points (the Secretariat where an indicator has no reporter), LSB's
/// statistics reviewers — and after it to them and the Secretariat. Each is sent exactly once per
/// cycle, step, institution and kind, even with several Pasan processes, because the first
/// process to record it in `reminders_sent` (a primary key) is the only one that sends it. Each
/// run also closes the review tasks whose step is done.
public struct Reminders: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Queues the reminders due on `today`; returns how many messages were queued. `link` makes
    /// the address of an owner's data request (which lists the data and leads to each submission).
    @discardableResult
    public func sendDue(today: LocalDate, link: @escaping @Sendable (Int64, String) -> String) async throws -> Int {
        let repository = CycleRepository(database: database)
        let cycles = try await repository.all().filter { $0.status == .open }
        var queued = 0
        for cycle in cycles {
            let id = cycle.id!
            try await repository.closeFinishedTasks(cycleID: id)
            let duties = try await repository.duties(cycleID: id)
            var order: [String] = []
            var groups: [String: [StepDuty]] = [:]
            for duty in duties {
                let key = "\(duty.stage.rawValue)|\(duty.institution)"
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(duty)
            }
            for key in order {
                let group = groups[key]!
                guard let due = DeadlineRules.reminder(for: group, today: today, reminderDays: cycle.rules.reminderDays) else { continue }
                queued += try await send(due, stage: group[0].stage, institution: group[0].institution, cycle: cycle, link: link)
            }
        }
        return queued
    }

    private func send(
        _ due: DueReminder,
        stage: DeadlineStage,
        institution: String,
        cycle: ReportingCycle,
        link: @escaping @Sendable (Int64, String) -> String
    ) async throws -> Int {
        let id = cycle.id!
        return try await database.write { db in
            let won = try await db.insert(into: "reminders_sent").columns("cycle_id", "stage", "institution", "kind", "sent_at")
                .values(SQLBind(id), SQLBind(stage.rawValue), SQLBind(institution), SQLBind(due.kind), SQLBind(Timestamp.now()))
                .ignoringConflicts().returning("kind").all()
            guard !won.isEmpty else { return 0 }
            var recipients = try await CycleRepository.holders(
                db,
                stage: stage,
                institution: institution,
                forSecretariat: due.pending.contains { $0.reporter == nil }
            )
            if due.isEscalation { recipients += try await CycleRepository.usersWith(db, roles: [.secretariatAdmin, .secretariatOfficer]) }
            let (subject, lo, en) = Self.message(due, stage: stage, institution: institution, cycle: cycle)
            let owners = Array(Set(due.pending.map(\.owner))).sorted()
            let links = owners.map { owners.count == 1 ? link(id, $0) : "\($0): \(link(id, $0))" }.joined(separator: "\n")
            var sent = 0
            for userID in Array(Set(recipients)).sorted() {
                guard let email = try await db.select().column("email").from("users").where("id", .equal, userID).first()?.string("email")
                else { continue }
                try await Outbox.enqueue(db, to: email, subject: subject, text: "\(lo)\n\(links)\n\n\(en)\n\(links)\n")
                sent += 1
            }
            return sent
        }
    }

    /// Subject, Lao and English text of a reminder or an escalation (texts: `mail.reminder.*`).
    static func message(_ due: DueReminder, stage: DeadlineStage, institution: String, cycle: ReportingCycle) -> (String, String, String) {
        let list = due.pending.sorted { ($0.owner, $0.indicator) < ($1.owner, $1.indicator) }
            .map { stage == .owner ? $0.indicator : "\($0.indicator) (\($0.owner))" }.joined(separator: ", ")
        let what: Message =
            switch stage {
            case .owner: Message("mail.reminder.what.owner")
            case .reporter: Message("mail.reminder.what.reporter")
            case .statistics: Message("mail.reminder.what.statistics")
            }
        let deadline: Message =
            switch stage {
            case .owner: Message("mail.reminder.deadline.owner")
            case .reporter: Message("mail.reminder.deadline.reporter")
            case .statistics: Message("mail.reminder.deadline.statistics")
            }
        var arguments: [String: MessageArgument] = [
            "institution": .text(institution), "cycle": .localized(cycle.name), "date": .text(due.deadline.description),
            "deadline": .message(deadline), "what": .message(what), "list": .text(list),
        ]
        // The stage's name in the English half of the subject (who must act, when not the owner).
        let stageName = stage == .owner ? nil : stage.title.text(in: .en)
        if due.isEscalation {
            arguments["late"] = .text(String(-due.daysLeft))
            let body = Message("mail.reminder.overdue", arguments)
            return (
                Mails.subject(Message("mail.reminder.overdueSubject")) + " — " + institution + (stageName.map { " (\($0))" } ?? ""),
                body.text(in: .lo),
                body.text(in: .en)
            )
        }
        arguments["days"] = .text(String(due.daysLeft))
        let body = Message("mail.reminder.before", arguments)
        return (
            Mails.subject(Message("mail.reminder.subject")) + " — "
                + Message("mail.reminder.daysLeft", ["days": .text(String(due.daysLeft))]).text(in: .en)
                + (stageName.map { " (\($0))" } ?? ""),
            body.text(in: .lo),
            body.text(in: .en)
        )
    }
}
