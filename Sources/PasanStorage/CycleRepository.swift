import Foundation
import PasanDomain
import PasanMessages
import SQLKit

public enum CycleError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid([Message])
    case notFound
    case notDraft
    case notOpen

    public var description: String { message.text(in: .en) }

    public var message: Message {
        switch self {
        case .invalid(let problems):
            // The problems one after another.
            problems.dropFirst().reduce(problems.first ?? Message("storage.cycle.problems", ["problem": "", "more": ""])) {
                Message("storage.cycle.problems", ["problem": .message($0), "more": .message($1)])
            }
        case .notFound: Message("storage.cycle.notFound")
        case .notDraft: Message("storage.cycle.notDraft")
        case .notOpen: Message("storage.cycle.notOpen")
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
                .columns(
                    "name_en",
                    "name_lo",
                    "lo_status",
                    "purpose",
                    "reference_years",
                    "request_date",
                    "owner_deadline",
                    "reporter_deadline",
                    "statistics_deadline",
                    "approval_deadline",
                    "publication_date",
                    "minimum_notice_days",
                    "reminder_days",
                    "status",
                    "created_at",
                    "plan"
                )
                .values(
                    SQLBind(cycle.name.en),
                    SQLValue.text(cycle.name.lo),
                    SQLBind(cycle.name.loStatus.rawValue),
                    SQLBind(cycle.purpose),
                    SQLBind(cycle.referenceYears.map(String.init).joined(separator: ",")),
                    SQLBind(s.requestDate.description),
                    SQLBind(s.ownerDeadline.description),
                    SQLBind(s.reporterDeadline.description),
                    SQLBind(s.statisticsDeadline.description),
                    SQLBind(s.approvalDeadline.description),
                    SQLBind(s.publicationDate.description),
                    SQLBind(cycle.rules.minimumNoticeDays),
                    SQLBind(cycle.rules.reminderDays.map(String.init).joined(separator: ",")),
                    SQLBind(CycleStatus.draft.rawValue),
                    SQLBind(Timestamp.now()),
                    SQLValue.text(cycle.plan)
                )
                .returning("id").first()
            var saved = cycle
            saved.id = Int64(try row!.int("id"))
            saved.status = .draft
            try await db.insertBatched(
                into: "cycle_indicators",
                columns: ["cycle_id", "indicator"],
                rows: Array(Set(cycle.indicators)).sorted().map { [SQLBind(saved.id!), SQLBind($0)] }
            )
            try await AuditLog.record(
                db,
                change,
                action: "create",
                entity: "cycle",
                id: String(saved.id!),
                before: Optional<Nothing>.none,
                after: saved
            )
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
    /// e-mail (through the outbox) to each; a task per owner's data for the focal points of each
    /// reporter (the Secretariat where an indicator has none) and for LSB's statistics reviewers,
    /// due on their deadlines — all in one transaction. `link` makes an owner's request address,
    /// which lists what to review.
    public func open(
        id: Int64,
        today: LocalDate,
        link: @escaping @Sendable (String) -> String,
        change: ChangeContext
    ) async throws -> [DataRequest] {
        try await database.write { db in
            guard let cycle = try await Self.cycles(db, id: id).first else { throw CycleError.notFound }
            guard cycle.status == .draft else { throw CycleError.notDraft }
            let requests = try await Self.requests(db, cycle: cycle)
            let terms = try await FocalPointRepository.terms(db, institution: nil).filter { $0.endedOn == nil && $0.role == .owner }
            for request in requests {
                try await db.insert(into: "data_requests").columns("cycle_id", "institution", "created_at")
                    .values(SQLBind(id), SQLBind(request.institution), SQLBind(Timestamp.now())).run()
                let holders = terms.filter { $0.institution == request.institution }
                let title = Message(
                    "storage.task.deliver",
                    ["cycle": .localized(cycle.name), "date": .date(cycle.ownerDeadline(for: request.institution))]
                ).localized
                for holder in holders.isEmpty ? [nil] : holders.map({ Optional($0) }) {
                    try await Self.addTask(
                        db,
                        cycleID: id,
                        stage: .owner,
                        institution: request.institution,
                        owner: request.institution,
                        assignee: holder?.userID,
                        title: title,
                        dueOn: cycle.ownerDeadline(for: request.institution),
                        link: link(request.institution)
                    )
                    guard let holder else { continue }
                    let email = try await db.select().column("email").from("users").where("id", .equal, holder.userID).first()?.string(
                        "email"
                    )
                    guard let email else { continue }
                    let mail = Mails.dataRequest(
                        name: holder.userName,
                        institution: request.institution,
                        cycle: cycle.name,
                        indicators: request.assignments.map(\.indicator),
                        years: cycle.referenceYears,
                        deadline: cycle.ownerDeadline(for: request.institution),
                        link: link(request.institution)
                    )
                    try await Outbox.enqueue(db, to: email, subject: mail.subject, text: mail.text)
                }
            }
            try await Self.addReviewTasks(db, cycle: cycle, requests: requests, link: link)
            try await db.update("cycles").set("status", to: CycleStatus.open.rawValue).where("id", .equal, id).run()
            try await AuditLog.record(
                db,
                change,
                action: "open",
                entity: "cycle",
                id: String(id),
                before: cycle.status.rawValue,
                after: CycleStatus.open.rawValue
            )
            return requests
        }
    }

    public func extend(id: Int64, institution: String?, to date: LocalDate, reason: String, change: ChangeContext) async throws {
        try await database.write { db in
            guard let cycle = try await Self.cycles(db, id: id).first else { throw CycleError.notFound }
            guard cycle.status == .open else { throw CycleError.notOpen }
            let ext = CycleExtension(institution: institution, ownerDeadline: date, reason: reason)
            try await db.insert(into: "cycle_extensions").columns(
                "cycle_id",
                "institution",
                "owner_deadline",
                "reason",
                "granted_by",
                "granted_at"
            )
            .values(
                SQLBind(id),
                SQLValue.text(institution),
                SQLBind(date.description),
                SQLBind(reason),
                SQLValue.int(change.actorID.map(Int.init)),
                SQLBind(Timestamp.now())
            )
            .run()
            try await AuditLog.record(
                db,
                change,
                action: "extend",
                entity: "cycle",
                id: String(id),
                before: Optional<Nothing>.none,
                after: ext
            )
        }
    }

    public func close(id: Int64, change: ChangeContext) async throws {
        try await database.write { db in
            guard let cycle = try await Self.cycles(db, id: id).first else { throw CycleError.notFound }
            guard cycle.status == .open else { throw CycleError.notOpen }
            try await db.update("cycles").set("status", to: CycleStatus.closed.rawValue).where("id", .equal, id).run()
            // The cycle's tasks are over: delivery, review and statistics.
            try await db.update("tasks").set("status", to: "done").where("status", .equal, "open").where("cycle_id", .equal, id).run()
            try await db.update("tasks").set("status", to: "done").where("status", .equal, "open").where("link", .like, "%/cycles/\(id)/%")
                .run()
            try await AuditLog.record(
                db,
                change,
                action: "close",
                entity: "cycle",
                id: String(id),
                before: cycle.status.rawValue,
                after: CycleStatus.closed.rawValue
            )
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

    // MARK: Steps with deadlines

    /// Every step asked of owners, reporters and LSB in a cycle, with its deadline and whether it
    /// was taken (the rules are `DeadlineRules`).
    public func duties(cycleID: Int64) async throws -> [StepDuty] {
        try await database.read { db in
            guard let cycle = try await Self.cycles(db, id: cycleID).first else { return [] }
            return try await Self.duties(db, cycle: cycle)
        }
    }

    /// The cycle's dashboard: owners, reporters and LSB, as of `today`.
    public func dashboard(_ cycle: ReportingCycle, today: LocalDate) async throws -> CycleDashboard {
        try await database.read { db in
            let items = Self.requestedItems(try await Self.requests(db, cycle: cycle))
            let delivered = try await SubmissionRepository.dashboardItems(db, cycleID: cycle.id ?? 0)
            return CycleDashboard(
                cycle: cycle,
                items: items,
                submissions: delivered,
                today: today,
                officialStatistics: Self.isOfficialStatistics
            )
        }
    }

    /// Closes the review and statistics tasks of a cycle whose step is done for every indicator
    /// of the owner they are for. Safe to run any time, from any process; returns how many closed.
    @discardableResult
    public func closeFinishedTasks(cycleID: Int64) async throws -> Int {
        try await database.write { db in
            guard let cycle = try await Self.cycles(db, id: cycleID).first, cycle.status == .open else { return 0 }
            let duties = try await Self.duties(db, cycle: cycle)
            var unfinished: Set<String> = []
            for duty in duties where !duty.isFinished { unfinished.insert("\(duty.stage.rawValue)|\(duty.institution)|\(duty.owner)") }
            let open = try await db.select().columns("id", "stage", "institution", "subject").from("tasks")
                .where("cycle_id", .equal, cycleID).where("status", .equal, "open")
                .where("stage", .in, [DeadlineStage.reporter.rawValue, DeadlineStage.statistics.rawValue]).all()
            var finished: [Int] = []
            for row in open {
                let key = "\(try row.string("stage"))|\(try row.string("institution"))|\(try row.optionalString("subject") ?? "")"
                if !unfinished.contains(key) { finished.append(try row.int("id")) }
            }
            guard !finished.isEmpty else { return 0 }
            try await db.update("tasks").set("status", to: "done").where("id", .in, finished).where("status", .equal, "open").run()
            return finished.count
        }
    }

    /// Official statistics need LSB's approval. The review routes treat every indicator as
    /// official statistics, and so do the deadlines.
    static let isOfficialStatistics: @Sendable (String) -> Bool = { _ in true }

    static func duties(_ db: any SQLDatabase, cycle: ReportingCycle) async throws -> [StepDuty] {
        let items = requestedItems(try await requests(db, cycle: cycle))
        let delivered = try await SubmissionRepository.dashboardItems(db, cycleID: cycle.id ?? 0)
        return DeadlineRules.duties(cycle: cycle, items: items, delivered: delivered, officialStatistics: isOfficialStatistics)
    }

    /// The requests' indicators, each with its reporter (the first the owner's assignments of it name).
    static func requestedItems(_ requests: [DataRequest]) -> [RequestedItem] {
        requests.flatMap { request in
            var seen: [String] = []
            var reporters: [String: String] = [:]
            for a in request.assignments {
                if !seen.contains(a.indicator) { seen.append(a.indicator) }
                if reporters[a.indicator] == nil, let r = a.reporter { reporters[a.indicator] = r }
            }
            return seen.map { RequestedItem(owner: request.institution, indicator: $0, reporter: reporters[$0]) }
        }
    }

    /// Who is asked to take a step for `institution`: the owner's or reporter's focal points in
    /// office, the Secretariat for indicators without a reporter, LSB's statistics reviewers.
    static func holders(_ db: any SQLDatabase, stage: DeadlineStage, institution: String, forSecretariat: Bool) async throws -> [Int64] {
        var users: [Int64] = []
        switch stage {
        case .owner, .reporter:
            let role: FocalPointRole = stage == .owner ? .owner : .reporter
            users = try await FocalPointRepository.terms(db, institution: institution).filter { $0.endedOn == nil && $0.role == role }.map(
                \.userID
            )
            if forSecretariat { users += try await usersWith(db, roles: [.secretariatAdmin, .secretariatOfficer]) }
        case .statistics:
            users = try await usersWith(db, roles: [.statisticsReviewer])
        }
        var seen: Set<Int64> = []
        return users.filter { seen.insert($0).inserted }
    }

    static func usersWith(_ db: any SQLDatabase, roles: [Role]) async throws -> [Int64] {
        try await db.select().column("user_id").from("role_grants").where("role", .in, roles.map(\.rawValue)).orderBy("user_id").all()
            .map { Int64(try $0.int("user_id")) }
    }

    static func addTask(
        _ db: any SQLDatabase,
        cycleID: Int64,
        stage: DeadlineStage,
        institution: String,
        owner: String,
        assignee: Int64?,
        title: LocalizedText,
        dueOn: LocalDate,
        link: String
    ) async throws {
        let role = stage == .statistics ? "statistics" : stage.rawValue
        try await db.insert(into: "tasks")
            .columns(
                "institution",
                "role",
                "assignee",
                "title_en",
                "title_lo",
                "lo_status",
                "due_on",
                "status",
                "link",
                "created_at",
                "cycle_id",
                "stage",
                "subject"
            )
            .values(
                SQLBind(institution),
                SQLBind(role),
                SQLValue.int(assignee.map { Int($0) }),
                SQLBind(title.en),
                SQLValue.text(title.lo),
                SQLBind(title.loStatus.rawValue),
                SQLBind(dueOn.description),
                SQLBind("open"),
                SQLBind(link),
                SQLBind(Timestamp.now()),
                SQLBind(cycleID),
                SQLBind(stage.rawValue),
                SQLBind(owner)
            ).run()
    }

    /// One task per owner's data for each reporter's focal points (or the Secretariat) and for
    /// LSB's reviewers, due on their deadlines, with the owner's request (which lists the data).
    static func addReviewTasks(
        _ db: any SQLDatabase,
        cycle: ReportingCycle,
        requests: [DataRequest],
        link: @Sendable (String) -> String
    ) async throws {
        guard let id = cycle.id else { return }
        let duties = DeadlineRules.duties(
            cycle: cycle,
            items: requestedItems(requests),
            delivered: [:],
            officialStatistics: isOfficialStatistics
        )
        var order: [String] = []
        var groups: [String: [StepDuty]] = [:]
        for duty in duties where duty.stage != .owner {
            let key = "\(duty.stage.rawValue)|\(duty.institution)|\(duty.owner)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(duty)
        }
        for key in order {
            let group = groups[key]!, first = group[0]
            let list = group.map(\.indicator).joined(separator: ", ")
            let due = group.map(\.deadline).min()!
            let arguments: [String: MessageArgument] = [
                "owner": .text(first.owner), "cycle": .localized(cycle.name), "indicators": .text(list), "date": .date(due),
            ]
            let title =
                first.stage == .reporter
                ? Message("storage.task.review", arguments).localized : Message("storage.task.approveStatistics", arguments).localized
            let holders = try await Self.holders(
                db,
                stage: first.stage,
                institution: first.institution,
                forSecretariat: group.contains { $0.reporter == nil }
            )
            for holder in holders.isEmpty ? [nil] : holders.map({ Optional($0) }) {
                try await addTask(
                    db,
                    cycleID: id,
                    stage: first.stage,
                    institution: first.institution,
                    owner: first.owner,
                    assignee: holder,
                    title: title,
                    dueOn: due,
                    link: link(first.owner)
                )
            }
        }
    }

    static func requests(_ db: any SQLDatabase, cycle: ReportingCycle) async throws -> [DataRequest] {
        let inScope = Set(cycle.indicators)
        let assignments = try await AssignmentRepository.all(db).filter {
            inScope.contains($0.indicator) && $0.isCurrent(on: cycle.schedule.requestDate)
        }
        var byOwner: [String: [Assignment]] = [:]
        for a in assignments { for owner in a.owners { byOwner[owner, default: []].append(a) } }
        return byOwner.sorted { $0.key < $1.key }.map {
            DataRequest(
                cycleID: cycle.id ?? 0,
                institution: $0.key,
                assignments: $0.value.sorted { FrameworkCode.areInIncreasingOrder($0.indicator, $1.indicator) }
            )
        }
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
            let extensions = try await db.select().column("*").from("cycle_extensions").where("cycle_id", .equal, cid).orderBy("id").all()
                .map {
                    CycleExtension(
                        institution: try $0.optionalString("institution"),
                        ownerDeadline: LocalDate(iso: try $0.string("owner_deadline"))!,
                        reason: try $0.string("reason")
                    )
                }
            func date(_ c: String) throws -> LocalDate { LocalDate(iso: try row.string(c))! }
            result.append(
                ReportingCycle(
                    id: cid,
                    name: try row.localized("name"),
                    purpose: try row.string("purpose"),
                    referenceYears: try row.string("reference_years").split(separator: ",").compactMap { Int($0) },
                    indicators: indicators,
                    schedule: CycleSchedule(
                        requestDate: try date("request_date"),
                        ownerDeadline: try date("owner_deadline"),
                        reporterDeadline: try date("reporter_deadline"),
                        statisticsDeadline: try date("statistics_deadline"),
                        approvalDeadline: try date("approval_deadline"),
                        publicationDate: try date("publication_date")
                    ),
                    rules: CycleRules(
                        minimumNoticeDays: try row.int("minimum_notice_days"),
                        reminderDays: try row.string("reminder_days").split(separator: ",").compactMap { Int($0) }
                    ),
                    status: CycleStatus(rawValue: try row.string("status")) ?? .draft,
                    extensions: extensions,
                    plan: try row.optionalString("plan")
                )
            )
        }
        return result
    }
}
