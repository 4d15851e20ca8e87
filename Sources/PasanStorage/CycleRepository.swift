import Foundation
import PasanDomain
import SQLKit

public enum CycleError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid([LocalizedText])
    case notFound
    case notDraft
    case notOpen

    public var description: String { message.en }

    public var message: LocalizedText {
        switch self {
        case .invalid(let problems):
            LocalizedText(en: problems.map(\.en).joined(separator: " "), lo: problems.map { $0.lo ?? $0.en }.joined(separator: " "), loStatus: .reviewed)
        case .notFound: LocalizedText(en: "No such cycle.", lo: "ບໍ່ມີຮອບນີ້.", loStatus: .reviewed)
        case .notDraft: LocalizedText(en: "Only a draft cycle can be opened.", lo: "ສາມາດເປີດໄດ້ສະເພາະຮອບທີ່ເປັນຮ່າງ.", loStatus: .reviewed)
        case .notOpen: LocalizedText(en: "The cycle is not open.", lo: "ຮອບນີ້ບໍ່ໄດ້ເປີດ.", loStatus: .reviewed)
        }
    }
}

/// A data request: one per owner institution and cycle, listing what it must deliver.
public struct DataRequest: Sendable, Hashable {
    public var cycleID: Int64
    public var institution: String
    public var assignments: [Assignment]
}

/// Reporting cycles: created as drafts, opened (which generates the data requests, the owners'
/// tasks and the e-mail to their focal points, in one transaction), extended and closed.
public struct CycleRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    @discardableResult
    public func create(_ cycle: ReportingCycle, change: ChangeContext) async throws -> ReportingCycle {
        let errors = CycleCheck.errors(cycle)
        guard errors.isEmpty else { throw CycleError.invalid(errors) }
        return try await database.write { db in
            let s = cycle.schedule
            let row = try await db.insert(into: "cycles")
                .columns("name_en", "name_lo", "lo_status", "purpose", "reference_years", "request_date", "owner_deadline", "reporter_deadline",
                         "statistics_deadline", "approval_deadline", "publication_date", "minimum_notice_days", "reminder_days", "status", "created_at")
                .values(SQLBind(cycle.name.en), SQLValue.text(cycle.name.lo), SQLBind(cycle.name.loStatus.rawValue), SQLBind(cycle.purpose),
                        SQLBind(cycle.referenceYears.map(String.init).joined(separator: ",")), SQLBind(s.requestDate.description),
                        SQLBind(s.ownerDeadline.description), SQLBind(s.reporterDeadline.description), SQLBind(s.statisticsDeadline.description),
                        SQLBind(s.approvalDeadline.description), SQLBind(s.publicationDate.description), SQLBind(cycle.rules.minimumNoticeDays),
                        SQLBind(cycle.rules.reminderDays.map(String.init).joined(separator: ",")), SQLBind(CycleStatus.draft.rawValue), SQLBind(Timestamp.now()))
                .returning("id").first()
            var saved = cycle
            saved.id = Int64(try row!.int("id"))
            saved.status = .draft
            try await db.insertBatched(into: "cycle_indicators", columns: ["cycle_id", "indicator"],
                                       rows: Array(Set(cycle.indicators)).sorted().map { [SQLBind(saved.id!), SQLBind($0)] })
            try await AuditLog.record(db, change, action: "create", entity: "cycle", id: String(saved.id!), before: Optional<Nothing>.none, after: saved)
            return saved
        }
    }

    public func all() async throws -> [ReportingCycle] {
        try await database.read { db in try await Self.cycles(db) }
    }

    public func cycle(id: Int64) async throws -> ReportingCycle? {
        try await database.read { db in try await Self.cycles(db, id: id).first }
    }

    /// Opens a draft: one request per owner institution, a task for its focal points and an
    /// e-mail (through the outbox) to each, all in one transaction. `link` makes the request's address.
    public func open(id: Int64, today: LocalDate, link: @escaping @Sendable (String) -> String, change: ChangeContext) async throws -> [DataRequest] {
        try await database.write { db in
            guard let cycle = try await Self.cycles(db, id: id).first else { throw CycleError.notFound }
            guard cycle.status == .draft else { throw CycleError.notDraft }
            let requests = try await Self.requests(db, cycle: cycle)
            let terms = try await FocalPointRepository.terms(db, institution: nil).filter { $0.endedOn == nil && $0.role == .owner }
            for request in requests {
                try await db.insert(into: "data_requests").columns("cycle_id", "institution", "created_at")
                    .values(SQLBind(id), SQLBind(request.institution), SQLBind(Timestamp.now())).run()
                let holders = terms.filter { $0.institution == request.institution }
                let title = LocalizedText(en: "Deliver the data for “\(cycle.name.en)” by \(cycle.ownerDeadline(for: request.institution))",
                                          lo: "ສົ່ງຂໍ້ມູນສຳລັບ “\(cycle.name.lo ?? cycle.name.en)” ພາຍໃນ \(cycle.ownerDeadline(for: request.institution))", loStatus: .reviewed)
                for holder in holders.isEmpty ? [nil] : holders.map({ Optional($0) }) {
                    try await db.insert(into: "tasks")
                        .columns("institution", "role", "assignee", "title_en", "title_lo", "lo_status", "due_on", "status", "link", "created_at")
                        .values(SQLBind(request.institution), SQLBind("owner"), SQLValue.int(holder.map { Int($0.userID) }), SQLBind(title.en),
                                SQLValue.text(title.lo), SQLBind("reviewed"), SQLBind(cycle.ownerDeadline(for: request.institution).description),
                                SQLBind("open"), SQLBind(link(request.institution)), SQLBind(Timestamp.now())).run()
                    guard let holder else { continue }
                    let email = try await db.select().column("email").from("users").where("id", .equal, holder.userID).first()?.string("email")
                    guard let email else { continue }
                    let indicators = request.assignments.map(\.indicator)
                    try await Outbox.enqueue(db, to: email,
                        subject: "ປະສານ: ຄຳຮ້ອງຂໍຂໍ້ມູນ / Pasan: data request — \(cycle.name.en)",
                        text: """
                        ສະບາຍດີ \(holder.userName),

                        ກອງເລຂາ SDG ແຫ່ງຊາດ ຂໍຂໍ້ມູນຈາກ \(request.institution) ສຳລັບ “\(cycle.name.lo ?? cycle.name.en)”.
                        ຕົວຊີ້ວັດ: \(indicators.joined(separator: ", "))
                        ປີ: \(cycle.referenceYears.map(String.init).joined(separator: ", "))
                        ກຳນົດສົ່ງ: \(cycle.ownerDeadline(for: request.institution))
                        ລາຍລະອຽດ, ແບບຟອມ ແລະ ບ່ອນສົ່ງ: \(link(request.institution))

                        Hello \(holder.userName),

                        The National SDG Secretariat requests data from \(request.institution) for “\(cycle.name.en)”.
                        Indicators: \(indicators.joined(separator: ", "))
                        Years: \(cycle.referenceYears.map(String.init).joined(separator: ", "))
                        Deadline: \(cycle.ownerDeadline(for: request.institution))
                        Details, template and where to submit: \(link(request.institution))
                        """)
                }
            }
            try await db.update("cycles").set("status", to: CycleStatus.open.rawValue).where("id", .equal, id).run()
            try await AuditLog.record(db, change, action: "open", entity: "cycle", id: String(id), before: cycle.status.rawValue, after: CycleStatus.open.rawValue)
            return requests
        }
    }

    public func extend(id: Int64, institution: String?, to date: LocalDate, reason: String, change: ChangeContext) async throws {
        try await database.write { db in
            guard let cycle = try await Self.cycles(db, id: id).first else { throw CycleError.notFound }
            guard cycle.status == .open else { throw CycleError.notOpen }
            let ext = CycleExtension(institution: institution, ownerDeadline: date, reason: reason)
            try await db.insert(into: "cycle_extensions").columns("cycle_id", "institution", "owner_deadline", "reason", "granted_by", "granted_at")
                .values(SQLBind(id), SQLValue.text(institution), SQLBind(date.description), SQLBind(reason), SQLValue.int(change.actorID.map(Int.init)), SQLBind(Timestamp.now()))
                .run()
            try await AuditLog.record(db, change, action: "extend", entity: "cycle", id: String(id), before: Optional<Nothing>.none, after: ext)
        }
    }

    public func close(id: Int64, change: ChangeContext) async throws {
        try await database.write { db in
            guard let cycle = try await Self.cycles(db, id: id).first else { throw CycleError.notFound }
            guard cycle.status == .open else { throw CycleError.notOpen }
            try await db.update("cycles").set("status", to: CycleStatus.closed.rawValue).where("id", .equal, id).run()
            // The cycle's delivery tasks are over.
            try await db.update("tasks").set("status", to: "done").where("status", .equal, "open").where("link", .like, "%/cycles/\(id)/%").run()
            try await AuditLog.record(db, change, action: "close", entity: "cycle", id: String(id), before: cycle.status.rawValue, after: CycleStatus.closed.rawValue)
        }
    }

    /// The request of one institution (what it must deliver), from the current assignments.
    public func request(cycleID: Int64, institution: String) async throws -> DataRequest? {
        try await database.read { db in
            guard let cycle = try await Self.cycles(db, id: cycleID).first else { return nil }
            return try await Self.requests(db, cycle: cycle).first { $0.institution == institution }
        }
    }

    public func requests(cycleID: Int64) async throws -> [DataRequest] {
        try await database.read { db in
            guard let cycle = try await Self.cycles(db, id: cycleID).first else { return [] }
            return try await Self.requests(db, cycle: cycle)
        }
    }

    static func requests(_ db: any SQLDatabase, cycle: ReportingCycle) async throws -> [DataRequest] {
        let inScope = Set(cycle.indicators)
        let assignments = try await AssignmentRepository.all(db).filter { inScope.contains($0.indicator) && $0.isCurrent(on: cycle.schedule.requestDate) }
        var byOwner: [String: [Assignment]] = [:]
        for a in assignments { for owner in a.owners { byOwner[owner, default: []].append(a) } }
        return byOwner.sorted { $0.key < $1.key }.map { DataRequest(cycleID: cycle.id ?? 0, institution: $0.key,
            assignments: $0.value.sorted { FrameworkCode.areInIncreasingOrder($0.indicator, $1.indicator) }) }
    }

    static func cycles(_ db: any SQLDatabase, id: Int64? = nil) async throws -> [ReportingCycle] {
        var query = db.select().column("*").from("cycles")
        if let id { query = query.where("id", .equal, id) }
        let rows = try await query.orderBy("id", .descending).all()
        var result: [ReportingCycle] = []
        for row in rows {
            let cid = Int64(try row.int("id"))
            let indicators = try await db.select().column("indicator").from("cycle_indicators").where("cycle_id", .equal, cid).all()
                .map { try $0.string("indicator") }.sorted { FrameworkCode.areInIncreasingOrder($0, $1) }
            let extensions = try await db.select().column("*").from("cycle_extensions").where("cycle_id", .equal, cid).orderBy("id").all().map {
                CycleExtension(institution: try $0.optionalString("institution"), ownerDeadline: LocalDate(iso: try $0.string("owner_deadline"))!, reason: try $0.string("reason"))
            }
            func date(_ c: String) throws -> LocalDate { LocalDate(iso: try row.string(c))! }
            result.append(ReportingCycle(
                id: cid, name: try row.localized("name"), purpose: try row.string("purpose"),
                referenceYears: try row.string("reference_years").split(separator: ",").compactMap { Int($0) }, indicators: indicators,
                schedule: CycleSchedule(requestDate: try date("request_date"), ownerDeadline: try date("owner_deadline"), reporterDeadline: try date("reporter_deadline"),
                                        statisticsDeadline: try date("statistics_deadline"), approvalDeadline: try date("approval_deadline"), publicationDate: try date("publication_date")),
                rules: CycleRules(minimumNoticeDays: try row.int("minimum_notice_days"), reminderDays: try row.string("reminder_days").split(separator: ",").compactMap { Int($0) }),
                status: CycleStatus(rawValue: try row.string("status")) ?? .draft, extensions: extensions))
        }
        return result
    }
}
