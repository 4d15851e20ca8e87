import Foundation
import PasanDomain
import SQLKit

/// A message waiting in, or delivered from, the outbox.
public struct OutboxMessage: Sendable, Hashable {
    public var id: Int64
    public var recipient: String
    public var subject: String
    public var text: String
    public var html: String?
    public var messageID: String
    public var attempts: Int
    public var createdAt: String
    public var sentAt: String?
    public var lastError: String?
}

/// The database-backed outbox: messages are written in the same transaction as the change that
/// causes them, and delivered later by a worker with retries and back-off. Nothing is lost when
/// the mail server is down; several Pasan processes can deliver without sending twice (a
/// message is claimed with a lease before it is sent).
public struct Outbox: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Queues a message within an open transaction.
    public static func enqueue(_ db: any SQLDatabase, to recipient: String, subject: String, text: String, html: String? = nil) async throws
    {
        let now = Timestamp.now()
        try await db.insert(into: "outbox").columns(
            "recipient",
            "subject",
            "body_text",
            "body_html",
            "message_id",
            "created_at",
            "attempts",
            "next_attempt_at"
        )
        .values(
            SQLBind(recipient),
            SQLBind(subject),
            SQLBind(text),
            SQLValue.text(html),
            SQLBind("<\(UUID().uuidString.lowercased())@pasan>"),
            SQLBind(now),
            SQLBind(0),
            SQLBind(now)
        ).run()
    }

    public func enqueue(to recipient: String, subject: String, text: String, html: String? = nil) async throws {
        try await database.write { db in try await Self.enqueue(db, to: recipient, subject: subject, text: text, html: html) }
    }

    /// Claims up to `limit` due messages for `lease` seconds; another worker will not take them meanwhile.
    public func claimDue(now: Date? = nil, limit: Int = 20, lease: TimeInterval = 120) async throws -> [OutboxMessage] {
        let now = now ?? database.clock.now()
        let stamp = Timestamp.string(from: now)
        let until = Timestamp.string(from: now.addingTimeInterval(lease))
        return try await database.write { db in
            let rows = try await db.select().column("*").from("outbox").where("sent_at", .is, SQLLiteral.null)
                .where("next_attempt_at", .lessThanOrEqual, stamp)
                .where { $0.where("locked_until", .is, SQLLiteral.null).orWhere("locked_until", .lessThan, stamp) }
                .orderBy("id").limit(limit).all()
            let messages = try rows.map(Self.message)
            for message in messages {
                try await db.update("outbox").set("locked_until", to: until).where("id", .equal, message.id).run()
            }
            return messages
        }
    }

    public func markSent(_ id: Int64, now: Date? = nil) async throws {
        let now = now ?? database.clock.now()
        try await database.write { db in
            try await db.update("outbox").set("sent_at", to: Timestamp.string(from: now)).set("locked_until", to: SQLLiteral.null)
                .set("attempts", to: SQLRaw("attempts + 1")).where("id", .equal, id).run()
        }
    }

    /// Records a failed attempt: retried after an exponential back-off (1 min, 2, 4 … up to 6 h),
    /// or given up on after `maximumAttempts` or a permanent error.
    public func markFailed(_ id: Int64, error: String, permanent: Bool, now: Date? = nil) async throws {
        let now = now ?? database.clock.now()
        try await database.write { db in
            let attempts = try await db.select().column("attempts").from("outbox").where("id", .equal, id).first()?.int("attempts") ?? 0
            let next = attempts + 1
            let giveUp = permanent || next >= Self.maximumAttempts
            let delay = min(60 * pow(2, Double(next - 1)), 6 * 3600)
            try await db.update("outbox").set("attempts", to: next).set("last_error", to: String(error.prefix(500)))
                .set("locked_until", to: SQLLiteral.null)
                .set("next_attempt_at", to: giveUp ? "9999-12-31T00:00:00Z" : Timestamp.string(from: now.addingTimeInterval(delay)))
                .where("id", .equal, id).run()
        }
    }

    public static let maximumAttempts = 12

    public func messages(limit: Int = 200) async throws -> [OutboxMessage] {
        try await database.read { db in
            try await db.select().column("*").from("outbox").orderBy("id", .descending).limit(limit).all().map(Self.message)
        }
    }

    static func message(_ row: any SQLRow) throws -> OutboxMessage {
        OutboxMessage(
            id: Int64(try row.int("id")),
            recipient: try row.string("recipient"),
            subject: try row.string("subject"),
            text: try row.string("body_text"),
            html: try row.optionalString("body_html"),
            messageID: try row.string("message_id"),
            attempts: try row.int("attempts"),
            createdAt: try row.string("created_at"),
            sentAt: try row.optionalString("sent_at"),
            lastError: try row.optionalString("last_error")
        )
    }
}
