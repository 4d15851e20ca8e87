import Foundation
import PasanDomain
import SQLKit

/// Deadline reminders and escalations: before the owner deadline (by default 14, 7 and 1 days)
/// to the owner's focal points, and after it to them and the Secretariat — each exactly once,
/// even with several Pasan processes, because the first process to record a reminder in
/// `reminders_sent` (a primary key) is the only one that sends it.
public struct Reminders: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Queues the reminders due on `today`; returns how many messages were queued.
    @discardableResult
    public func sendDue(today: LocalDate, link: @escaping @Sendable (Int64, String) -> String) async throws -> Int {
        let cycles = try await CycleRepository(database: database).all().filter { $0.status == .open }
        var queued = 0
        for cycle in cycles {
            let requests = try await CycleRepository(database: database).requests(cycleID: cycle.id!)
            let delivered = try await SubmissionRepository(database: database).dashboardItems(cycleID: cycle.id!)
            for request in requests {
                let deadline = cycle.ownerDeadline(for: request.institution)
                let pending = Set(request.assignments.map(\.indicator)).filter { indicator in
                    guard let state = delivered["\(request.institution)|\(indicator)"]?.state else { return true }
                    return state == .draft || state == .returned
                }
                guard !pending.isEmpty else { continue }
                let daysLeft = today.days(until: deadline)
                var kind: String?
                if daysLeft < 0 {
                    kind = "late"
                } else if let d = cycle.rules.reminderDays.sorted().first(where: { daysLeft <= $0 }) {
                    kind = "before-\(d)"
                }
                guard let kind else { continue }
                queued += try await database.write { db in
                    let won = try await db.insert(into: "reminders_sent").columns("cycle_id", "institution", "kind", "sent_at")
                        .values(SQLBind(cycle.id!), SQLBind(request.institution), SQLBind(kind), SQLBind(Timestamp.now()))
                        .ignoringConflicts().returning("kind").all()
                    guard !won.isEmpty else { return 0 }
                    var recipients = try await FocalPointRepository.terms(db, institution: request.institution)
                        .filter { $0.endedOn == nil && $0.role == .owner }.map(\.userID)
                    if kind == "late" {
                        recipients += try await db.select().column("user_id").from("role_grants")
                            .where("role", .in, [Role.secretariatAdmin.rawValue, Role.secretariatOfficer.rawValue]).all().map { Int64(try $0.int("user_id")) }
                    }
                    var sent = 0
                    for userID in Set(recipients) {
                        guard let email = try await db.select().column("email").from("users").where("id", .equal, userID).first()?.string("email") else { continue }
                        let list = pending.sorted { FrameworkCode.areInIncreasingOrder($0, $1) }.joined(separator: ", ")
                        let (subject, lo, en) = kind == "late"
                            ? ("ປະສານ: ກາຍກຳນົດ / Pasan: overdue — \(request.institution)",
                               "ກຳນົດສົ່ງຂອງ \(request.institution) ສຳລັບ “\(cycle.name.lo ?? cycle.name.en)” ແມ່ນ \(deadline), ໄດ້ຜ່ານໄປ \(-daysLeft) ມື້. ຍັງຄ້າງ: \(list).",
                               "\(request.institution)'s deadline for “\(cycle.name.en)” was \(deadline), \(-daysLeft) day(s) ago. Still missing: \(list).")
                            : ("ປະສານ: ແຈ້ງເຕືອນ / Pasan: reminder — \(daysLeft) day(s) left",
                               "ເຫຼືອ \(daysLeft) ມື້ ກ່ອນກຳນົດສົ່ງ \(deadline) ສຳລັບ “\(cycle.name.lo ?? cycle.name.en)”. ຍັງຄ້າງ: \(list).",
                               "\(daysLeft) day(s) left before the \(deadline) deadline of “\(cycle.name.en)”. Still missing: \(list).")
                        try await Outbox.enqueue(db, to: email, subject: subject, text: "\(lo)\n\(link(cycle.id!, request.institution))\n\n\(en)\n\(link(cycle.id!, request.institution))\n")
                        sent += 1
                    }
                    return sent
                }
            }
        }
        return queued
    }
}
