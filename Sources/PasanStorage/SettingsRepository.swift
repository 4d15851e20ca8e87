import Foundation
import PasanDomain
import SQLKit

/// The Secretariat's settings of Pasan's defaults (notice, reminders, owners' deadline, digits): what is
/// not set is Pasan's own default. Every change is audited.
public struct SettingsRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The defaults in force, and whether each was set by the Secretariat (false: Pasan's default).
    public func defaults() async throws -> (values: PasanDefaults, setBySecretariat: Set<String>) {
        try await database.read { db in try await Self.defaults(db) }
    }

    static func defaults(_ db: any SQLDatabase) async throws -> (values: PasanDefaults, setBySecretariat: Set<String>) {
        var values = PasanDefaults.pasan
        var set: Set<String> = []
        for row in try await db.select().columns("key", "value").from("settings").all() {
            let key = try row.decode(column: "key", as: String.self)
            let value = try row.decode(column: "value", as: String.self)
            switch key {
            case "minimum_notice_days":
                if let n = Int(value) { values.minimumNoticeDays = n; set.insert(key) }
            case "reminder_days":
                if let days = PasanDefaults.reminderDays(value) { values.reminderDays = days; set.insert(key) }
            case "owner_deadline":
                if let day = DayOfYear(value) { values.ownerDeadline = day; set.insert(key) }
            case "lao_digits":
                values.laoDigits = value == "1"
                set.insert(key)
            default:
                continue
            }
        }
        return (values, set)
    }

    /// Saves the Secretariat's values (all three, in one transaction, audited).
    public func save(_ values: PasanDefaults, change: ChangeContext) async throws {
        let now = Timestamp.string(from: database.clock.now())
        try await database.write { db in
            let before = try await Self.defaults(db).values
            let rows: [(String, String)] = [
                ("minimum_notice_days", String(values.minimumNoticeDays)),
                ("reminder_days", values.reminderDays.map(String.init).joined(separator: ",")),
                ("owner_deadline", values.ownerDeadline.description),
                ("lao_digits", values.laoDigits ? "1" : "0"),
            ]
            for (key, value) in rows {
                try await db.delete(from: "settings").where("key", .equal, key).run()
                try await db.insert(into: "settings").columns("key", "value", "updated_by", "updated_at")
                    .values(SQLBind(key), SQLBind(value), SQLValue.int(change.actorID.map(Int.init)), SQLBind(now)).run()
            }
            try await AuditLog.record(db, change, action: "set-defaults", entity: "settings", id: "defaults", before: before, after: values)
        }
    }
}
