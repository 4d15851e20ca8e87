import PasanDomain
import SQLKit

/// A task on a focal point's list (data requests, handover follow-ups…).
public struct RoleTask: Sendable, Hashable, Codable {
    public var id: Int64
    public var institution: String
    public var role: FocalPointRole
    public var assignee: Int64?
    public var title: LocalizedText
    public var dueOn: LocalDate?
    public var isOpen: Bool
    public var link: String?
}

public struct RoleNote: Sendable, Hashable, Codable {
    public var institution: String
    public var role: FocalPointRole
    public var author: String
    public var writtenAt: String
    public var body: String
}

/// Focal points with their history, handovers that carry open tasks to the successor, and the
/// notes a role keeps so knowledge does not leave with the person.
public enum FocalPointError: Error, Sendable, Equatable {
    case noPendingProposal

    public var message: Message { Message("storage.focalPoint.noPendingProposal") }
}

public struct FocalPointRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func terms(institution: String? = nil) async throws -> [FocalPointTerm] {
        try await database.read { db in try await Self.terms(db, institution: institution) }
    }

    /// Names a person to a position that is vacant (or replaces the holder, as a handover).
    public func name(
        institution: String,
        role: FocalPointRole,
        position: FocalPointPosition,
        userID: Int64,
        on date: LocalDate,
        reason: String,
        change: ChangeContext
    ) async throws {
        try await handOver(institution: institution, role: role, position: position, to: userID, on: date, reason: reason, change: change)
    }

    /// Ends the current holder's term, starts the successor's, moves the role's open tasks to the
    /// successor, grants the successor the focal point role, and records who, when and why.
    public func handOver(
        institution: String,
        role: FocalPointRole,
        position: FocalPointPosition,
        to userID: Int64,
        on date: LocalDate,
        reason: String,
        change: ChangeContext,
        within extra: (@Sendable (any SQLDatabase) async throws -> Void)? = nil
    ) async throws {
        let today = database.clock.today
        try await database.write { db in
            try await extra?(db)
            let terms = try await Self.terms(db, institution: institution)
            let current = terms.first { $0.role == role && $0.position == position && $0.endedOn == nil }
            if let current {
                try await db.update("focal_point_terms").set("ended_on", to: date.description)
                    .where("institution", .equal, institution).where("role", .equal, role.rawValue)
                    .where("position", .equal, position.rawValue).where("ended_on", .is, SQLLiteral.null).run()
                try await db.update("tasks").set("assignee", to: userID)
                    .where("assignee", .equal, current.userID).where("institution", .equal, institution)
                    .where("role", .equal, role.rawValue).where("status", .equal, "open").run()
            }
            try await db.insert(into: "focal_point_terms").columns("institution", "role", "position", "user_id", "started_on")
                .values(
                    SQLBind(institution),
                    SQLBind(role.rawValue),
                    SQLBind(position.rawValue),
                    SQLBind(userID),
                    SQLBind(date.description)
                ).run()
            try await Self.grantRole(
                RoleGrant(role: role.grantRole, institution: institution),
                to: userID,
                today: today,
                db: db,
                change: change
            )
            try await db.insert(into: "handovers")
                .columns(
                    "institution",
                    "role",
                    "position",
                    "from_user",
                    "to_user",
                    "handed_over_on",
                    "reason",
                    "recorded_by",
                    "recorded_at"
                )
                .values(
                    SQLBind(institution),
                    SQLBind(role.rawValue),
                    SQLBind(position.rawValue),
                    SQLValue.int(current.map { Int($0.userID) }),
                    SQLBind(userID),
                    SQLBind(date.description),
                    SQLBind(reason),
                    SQLValue.int(change.actorID.map(Int.init)),
                    SQLBind(Timestamp.now())
                )
                .run()
            // The predecessor's access follows the term: the role goes unless they still hold
            // another position of it at the institution (audited as a revocation).
            if let current, current.userID != userID,
                !terms.contains(where: { $0.userID == current.userID && $0.role == role && $0.position != position && $0.endedOn == nil })
            {
                try await Self.revokeRole(
                    RoleGrant(role: role.grantRole, institution: institution),
                    from: current.userID,
                    db: db,
                    change: change
                )
            }
            let handover = Handover(
                institution: institution,
                role: role,
                position: position,
                fromUser: current?.userID,
                toUser: userID,
                date: date,
                reason: reason
            )
            try await AuditLog.record(
                db,
                change,
                action: current == nil ? "name-focal-point" : "handover",
                entity: "focal-point",
                id: "\(institution)/\(role.rawValue)/\(position.rawValue)",
                before: current,
                after: handover
            )
        }
    }

    /// Grants the focal point role if the person does not hold it, after the separation-of-duties
    /// check, audited as a grant (who gave what to whom).
    static func grantRole(_ grant: RoleGrant, to userID: Int64, today: LocalDate, db: any SQLDatabase, change: ChangeContext) async throws {
        guard let before = try await AccountRepository.account(id: userID, db: db) else { throw AccountError.unknownUser }
        guard !before.grants.contains(grant) else { return }
        try await AccountRepository.checkSeparation(adding: grant, to: before.grants, today: today, db: db)
        try await AccountRepository.insertGrant(grant, userID: userID, by: change.actorID, db: db)
        var after = before
        after.grants.append(grant)
        try await AuditLog.record(db, change, action: "grant-role", entity: "user", id: String(userID), before: before, after: after)
    }

    static func revokeRole(_ grant: RoleGrant, from userID: Int64, db: any SQLDatabase, change: ChangeContext) async throws {
        guard let before = try await AccountRepository.account(id: userID, db: db), before.grants.contains(grant) else { return }
        try await db.delete(from: "role_grants").where("user_id", .equal, userID).where("role", .equal, grant.role.rawValue)
            .where("institution", .equal, grant.institution ?? "").run()
        var after = before
        after.grants.removeAll { $0 == grant }
        try await AuditLog.record(db, change, action: "revoke-role", entity: "user", id: String(userID), before: before, after: after)
    }

    // MARK: Proposals

    /// Records an institution's proposal of a successor; the Secretariat confirms or declines it.
    /// The separation of duties is checked now, so a proposal that could never be confirmed is
    /// refused at once.
    @discardableResult
    public func propose(
        institution: String,
        role: FocalPointRole,
        position: FocalPointPosition,
        userID: Int64,
        effectiveOn: LocalDate,
        reason: String,
        change: ChangeContext
    ) async throws -> Int64 {
        guard let proposer = change.actorID else { throw AccountError.unknownUser }
        let today = database.clock.today
        return try await database.write { db in
            guard let person = try await AccountRepository.account(id: userID, db: db) else { throw AccountError.unknownUser }
            try await AccountRepository.checkSeparation(
                adding: RoleGrant(role: role.grantRole, institution: institution),
                to: person.grants,
                today: today,
                db: db
            )
            let row = try await db.insert(into: "focal_point_proposals")
                .columns(
                    "institution",
                    "role",
                    "position",
                    "proposed_user",
                    "proposed_by",
                    "effective_on",
                    "reason",
                    "status",
                    "proposed_at"
                )
                .values(
                    SQLBind(institution),
                    SQLBind(role.rawValue),
                    SQLBind(position.rawValue),
                    SQLBind(userID),
                    SQLBind(proposer),
                    SQLBind(effectiveOn.description),
                    SQLBind(reason),
                    SQLBind(FocalPointProposal.Status.pending.rawValue),
                    SQLBind(Timestamp.now())
                )
                .returning("id").first()
            let id = Int64(try row!.int("id"))
            try await AuditLog.record(
                db,
                change,
                action: "propose-focal-point",
                entity: "focal-point",
                id: "\(institution)/\(role.rawValue)/\(position.rawValue)",
                before: Optional<Nothing>.none,
                after: ["proposal": String(id), "proposed_user": String(userID), "effective_on": effectiveOn.description, "reason": reason]
            )
            return id
        }
    }

    public func proposals(institution: String? = nil, status: FocalPointProposal.Status? = nil) async throws -> [FocalPointProposal] {
        try await database.read { db in try await Self.proposals(db, institution: institution, status: status) }
    }

    /// Confirms a pending proposal: the handover is recorded as the Secretariat's act.
    public func confirm(proposal id: Int64, change: ChangeContext) async throws {
        try await decide(proposal: id, confirm: true, change: change)
    }

    public func decline(proposal id: Int64, change: ChangeContext) async throws {
        try await decide(proposal: id, confirm: false, change: change)
    }

    func decide(proposal id: Int64, confirm: Bool, change: ChangeContext) async throws {
        let proposal = try await database.read { db in try await Self.proposals(db, id: id).first }
        guard let proposal, proposal.status == .pending else { throw FocalPointError.noPendingProposal }
        let status: FocalPointProposal.Status = confirm ? .confirmed : .declined
        let mark: @Sendable (any SQLDatabase) async throws -> Void = { db in
            try await db.update("focal_point_proposals").set("status", to: status.rawValue).set(
                "decided_by",
                to: SQLValue.int(change.actorID.map(Int.init))
            )
            .set("decided_at", to: Timestamp.now()).where("id", .equal, id).where("status", .equal, "pending").run()
            try await AuditLog.record(
                db,
                change,
                action: confirm ? "confirm-focal-point" : "decline-focal-point",
                entity: "focal-point",
                id: "\(proposal.institution)/\(proposal.role.rawValue)/\(proposal.position.rawValue)",
                before: proposal,
                after: ["status": status.rawValue]
            )
        }
        if confirm {
            try await handOver(
                institution: proposal.institution,
                role: proposal.role,
                position: proposal.position,
                to: proposal.proposedUser,
                on: proposal.effectiveOn,
                reason: proposal.reason,
                change: change,
                within: mark
            )
        } else {
            try await database.write(mark)
        }
    }

    static func proposals(
        _ db: any SQLDatabase,
        id: Int64? = nil,
        institution: String? = nil,
        status: FocalPointProposal.Status? = nil
    ) async throws -> [FocalPointProposal] {
        var query = db.select().column("*").from("focal_point_proposals")
        if let id { query = query.where("id", .equal, id) }
        if let institution { query = query.where("institution", .equal, institution) }
        if let status { query = query.where("status", .equal, status.rawValue) }
        return try await query.orderBy("id").all().map { row in
            FocalPointProposal(
                id: Int64(try row.int("id")),
                institution: try row.string("institution"),
                role: FocalPointRole(rawValue: try row.string("role")) ?? .owner,
                position: FocalPointPosition(rawValue: try row.string("position")) ?? .primary,
                proposedUser: Int64(try row.int("proposed_user")),
                proposedBy: Int64(try row.int("proposed_by")),
                effectiveOn: LocalDate(iso: try row.string("effective_on")) ?? LocalDate(year: 1970, month: 1, day: 1)!,
                reason: try row.string("reason"),
                status: FocalPointProposal.Status(rawValue: try row.string("status")) ?? .pending,
                proposedAt: try row.string("proposed_at"),
                decidedBy: try row.optionalInt("decided_by").map(Int64.init),
                decidedAt: try row.optionalString("decided_at")
            )
        }
    }

    public func handovers(institution: String) async throws -> [Handover] {
        try await database.read { db in
            try await db.select().column("*").from("handovers").where("institution", .equal, institution).orderBy("id").all().map { row in
                Handover(
                    institution: try row.string("institution"),
                    role: FocalPointRole(rawValue: try row.string("role")) ?? .owner,
                    position: FocalPointPosition(rawValue: try row.string("position")) ?? .primary,
                    fromUser: try row.optionalInt("from_user").map(Int64.init),
                    toUser: Int64(try row.int("to_user")),
                    date: LocalDate(iso: try row.string("handed_over_on"))!,
                    reason: try row.string("reason")
                )
            }
        }
    }

    // MARK: Tasks and notes

    @discardableResult
    public func addTask(
        institution: String,
        role: FocalPointRole,
        assignee: Int64?,
        title: LocalizedText,
        dueOn: LocalDate?,
        link: String?
    ) async throws -> Int64 {
        try await database.write { db in
            let row = try await db.insert(into: "tasks")
                .columns("institution", "role", "assignee", "title_en", "title_lo", "lo_status", "due_on", "status", "link", "created_at")
                .values(
                    SQLBind(institution),
                    SQLBind(role.rawValue),
                    SQLValue.int(assignee.map(Int.init)),
                    SQLBind(title.en),
                    SQLValue.text(title.lo),
                    SQLBind(title.loStatus.rawValue),
                    SQLValue.text(dueOn?.description),
                    SQLBind("open"),
                    SQLValue.text(link),
                    SQLBind(Timestamp.now())
                )
                .returning("id").first()
            return Int64(try row!.int("id"))
        }
    }

    public func tasks(assignee: Int64? = nil, institution: String? = nil, openOnly: Bool = true) async throws -> [RoleTask] {
        try await database.read { db in
            var query = db.select().column("*").from("tasks")
            if let assignee { query = query.where("assignee", .equal, assignee) }
            if let institution { query = query.where("institution", .equal, institution) }
            if openOnly { query = query.where("status", .equal, "open") }
            return try await query.orderBy("due_on").orderBy("id").all().map { row in
                RoleTask(
                    id: Int64(try row.int("id")),
                    institution: try row.string("institution"),
                    role: FocalPointRole(rawValue: try row.string("role")) ?? .owner,
                    assignee: try row.optionalInt("assignee").map(Int64.init),
                    title: try row.localized("title"),
                    dueOn: try row.optionalString("due_on").flatMap(LocalDate.init(iso:)),
                    isOpen: try row.string("status") == "open",
                    link: try row.optionalString("link")
                )
            }
        }
    }

    public func addNote(institution: String, role: FocalPointRole, body: String, change: ChangeContext) async throws {
        try await database.write { db in
            try await db.insert(into: "role_notes").columns("institution", "role", "author", "written_at", "body")
                .values(
                    SQLBind(institution),
                    SQLBind(role.rawValue),
                    SQLValue.int(change.actorID.map(Int.init)),
                    SQLBind(Timestamp.now()),
                    SQLBind(body)
                ).run()
        }
    }

    public func notes(institution: String) async throws -> [RoleNote] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT n.institution, n.role, n.written_at, n.body, COALESCE(u.name, 'pasan') AS author
                FROM role_notes n LEFT JOIN users u ON u.id = n.author
                WHERE n.institution = \(bind: institution) ORDER BY n.id DESC
                """
            ).all().map { row in
                RoleNote(
                    institution: try row.string("institution"),
                    role: FocalPointRole(rawValue: try row.string("role")) ?? .owner,
                    author: try row.string("author"),
                    writtenAt: try row.string("written_at"),
                    body: try row.string("body")
                )
            }
        }
    }

    static func terms(_ db: any SQLDatabase, institution: String?) async throws -> [FocalPointTerm] {
        let filter: SQLQueryString = institution.map { "WHERE t.institution = \(bind: $0)" } ?? ""
        return try await db.raw(
            """
            SELECT t.institution, t.role, t.position, t.user_id, t.started_on, t.ended_on, u.name
            FROM focal_point_terms t JOIN users u ON u.id = t.user_id \(filter) ORDER BY t.id
            """
        ).all().map { row in
            FocalPointTerm(
                institution: try row.string("institution"),
                role: FocalPointRole(rawValue: try row.string("role")) ?? .owner,
                position: FocalPointPosition(rawValue: try row.string("position")) ?? .primary,
                userID: Int64(try row.int("user_id")),
                userName: try row.string("name"),
                startedOn: LocalDate(iso: try row.string("started_on"))!,
                endedOn: try row.optionalString("ended_on").flatMap(LocalDate.init(iso:))
            )
        }
    }
}
