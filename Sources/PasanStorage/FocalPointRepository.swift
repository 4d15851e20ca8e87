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
public struct FocalPointRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func terms(institution: String? = nil) async throws -> [FocalPointTerm] {
        try await database.read { db in try await Self.terms(db, institution: institution) }
    }

    /// Names a person to a position that is vacant (or replaces the holder, as a handover).
    public func name(institution: String, role: FocalPointRole, position: FocalPointPosition, userID: Int64,
                     on date: LocalDate, reason: String, change: ChangeContext) async throws {
        try await handOver(institution: institution, role: role, position: position, to: userID, on: date, reason: reason, change: change)
    }

    /// Ends the current holder's term, starts the successor's, moves the role's open tasks to the
    /// successor, grants the successor the focal point role, and records who, when and why.
    public func handOver(institution: String, role: FocalPointRole, position: FocalPointPosition, to userID: Int64,
                         on date: LocalDate, reason: String, change: ChangeContext) async throws {
        try await database.write { db in
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
                .values(SQLBind(institution), SQLBind(role.rawValue), SQLBind(position.rawValue), SQLBind(userID), SQLBind(date.description)).run()
            let grant = RoleGrant(role: role.grantRole, institution: institution)
            let has = try await db.select().column("id").from("role_grants").where("user_id", .equal, userID)
                .where("role", .equal, grant.role.rawValue).where("institution", .equal, institution).first()
            if has == nil { try await AccountRepository.insertGrant(grant, userID: userID, by: change.actorID, db: db) }
            try await db.insert(into: "handovers")
                .columns("institution", "role", "position", "from_user", "to_user", "handed_over_on", "reason", "recorded_by", "recorded_at")
                .values(SQLBind(institution), SQLBind(role.rawValue), SQLBind(position.rawValue), SQLValue.int(current.map { Int($0.userID) }),
                        SQLBind(userID), SQLBind(date.description), SQLBind(reason), SQLValue.int(change.actorID.map(Int.init)), SQLBind(Timestamp.now()))
                .run()
            let handover = Handover(institution: institution, role: role, position: position, fromUser: current?.userID, toUser: userID, date: date, reason: reason)
            try await AuditLog.record(db, change, action: current == nil ? "name-focal-point" : "handover", entity: "focal-point",
                                      id: "\(institution)/\(role.rawValue)/\(position.rawValue)", before: current, after: handover)
        }
    }

    public func handovers(institution: String) async throws -> [Handover] {
        try await database.read { db in
            try await db.select().column("*").from("handovers").where("institution", .equal, institution).orderBy("id").all().map { row in
                Handover(institution: try row.string("institution"), role: FocalPointRole(rawValue: try row.string("role")) ?? .owner,
                         position: FocalPointPosition(rawValue: try row.string("position")) ?? .primary,
                         fromUser: try row.optionalInt("from_user").map(Int64.init), toUser: Int64(try row.int("to_user")),
                         date: LocalDate(iso: try row.string("handed_over_on"))!, reason: try row.string("reason"))
            }
        }
    }

    // MARK: Tasks and notes

    @discardableResult
    public func addTask(institution: String, role: FocalPointRole, assignee: Int64?, title: LocalizedText, dueOn: LocalDate?, link: String?) async throws -> Int64 {
        try await database.write { db in
            let row = try await db.insert(into: "tasks")
                .columns("institution", "role", "assignee", "title_en", "title_lo", "lo_status", "due_on", "status", "link", "created_at")
                .values(SQLBind(institution), SQLBind(role.rawValue), SQLValue.int(assignee.map(Int.init)), SQLBind(title.en), SQLValue.text(title.lo),
                        SQLBind(title.loStatus.rawValue), SQLValue.text(dueOn?.description), SQLBind("open"), SQLValue.text(link), SQLBind(Timestamp.now()))
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
                RoleTask(id: Int64(try row.int("id")), institution: try row.string("institution"),
                         role: FocalPointRole(rawValue: try row.string("role")) ?? .owner, assignee: try row.optionalInt("assignee").map(Int64.init),
                         title: try row.localized("title"), dueOn: try row.optionalString("due_on").flatMap(LocalDate.init(iso:)),
                         isOpen: try row.string("status") == "open", link: try row.optionalString("link"))
            }
        }
    }

    public func addNote(institution: String, role: FocalPointRole, body: String, change: ChangeContext) async throws {
        try await database.write { db in
            try await db.insert(into: "role_notes").columns("institution", "role", "author", "written_at", "body")
                .values(SQLBind(institution), SQLBind(role.rawValue), SQLValue.int(change.actorID.map(Int.init)), SQLBind(Timestamp.now()), SQLBind(body)).run()
        }
    }

    public func notes(institution: String) async throws -> [RoleNote] {
        try await database.read { db in
            try await db.raw("""
                SELECT n.institution, n.role, n.written_at, n.body, COALESCE(u.name, 'pasan') AS author
                FROM role_notes n LEFT JOIN users u ON u.id = n.author
                WHERE n.institution = \(bind: institution) ORDER BY n.id DESC
                """).all().map { row in
                RoleNote(institution: try row.string("institution"), role: FocalPointRole(rawValue: try row.string("role")) ?? .owner,
                         author: try row.string("author"), writtenAt: try row.string("written_at"), body: try row.string("body"))
            }
        }
    }

    static func terms(_ db: any SQLDatabase, institution: String?) async throws -> [FocalPointTerm] {
        let filter: SQLQueryString = institution.map { "WHERE t.institution = \(bind: $0)" } ?? ""
        return try await db.raw("""
            SELECT t.institution, t.role, t.position, t.user_id, t.started_on, t.ended_on, u.name
            FROM focal_point_terms t JOIN users u ON u.id = t.user_id \(filter) ORDER BY t.id
            """).all().map { row in
            FocalPointTerm(institution: try row.string("institution"), role: FocalPointRole(rawValue: try row.string("role")) ?? .owner,
                           position: FocalPointPosition(rawValue: try row.string("position")) ?? .primary,
                           userID: Int64(try row.int("user_id")), userName: try row.string("name"),
                           startedOn: LocalDate(iso: try row.string("started_on"))!,
                           endedOn: try row.optionalString("ended_on").flatMap(LocalDate.init(iso:)))
        }
    }
}
