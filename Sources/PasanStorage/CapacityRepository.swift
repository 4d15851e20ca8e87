import Foundation
import PasanDomain
import SQLKit

/// Why a capacity event could not be recorded, in the words the person entering it reads.
public enum CapacityError: Error, Equatable {
    /// The record itself is wrong (`CapacityEvent.problems`).
    case invalid([Message])
    /// A participant has never been a focal point.
    case notAFocalPoint(String)

    public var messages: [Message] {
        switch self {
        case .invalid(let problems): problems
        case .notAFocalPoint(let name): [Message("storage.capacity.notAFocalPoint", ["name": .text(name)])]
        }
    }
}

/// Trainings, trainings of trainers and peer exchanges (migration 23), and each person's record.
public struct CapacityRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Every event with its participants, the latest first.
    public func events() async throws -> [CapacityEvent] {
        try await database.read { db in try await Self.events(db, where: nil) }
    }

    public func event(id: Int64) async throws -> CapacityEvent? {
        try await database.read { db in try await Self.events(db, where: "WHERE e.id = \(bind: id)").first }
    }

    /// A person's record: their focal point terms and the events they took part in; `nil` when
    /// they have been neither a focal point nor a participant.
    public func record(userID: Int64) async throws -> CapacityRecord? {
        try await database.read { db in
            let terms = try await FocalPointRepository.terms(db, institution: nil).filter { $0.userID == userID }
            let events = try await Self.events(
                db,
                where: "WHERE e.id IN (SELECT event_id FROM capacity_participants WHERE user_id = \(bind: userID))"
            )
            guard
                let name = try await db.select().column("name").from("users").where("id", .equal, userID).first()
                    .map({ try $0.string("name") }),
                !terms.isEmpty || !events.isEmpty
            else { return nil }
            return CapacityRecord(userID: userID, name: name, terms: terms, events: events)
        }
    }

    /// Records an event, all or nothing. Each participant must have been a focal point; they take
    /// part for the institution of the term they held on the first day (or their latest term).
    public func record(_ event: CapacityEvent, change: ChangeContext) async throws -> CapacityEvent {
        let problems = event.problems
        guard problems.isEmpty else { throw CapacityError.invalid(problems) }
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            let terms = try await FocalPointRepository.terms(db, institution: nil)
            var recorded = event
            recorded.participants = try event.participants.map { p in
                let held = terms.filter { $0.userID == p.userID }
                guard let term = held.first(where: { $0.isHeld(on: event.startsOn) }) ?? held.max(by: { $0.startedOn < $1.startedOn })
                else { throw CapacityError.notAFocalPoint(p.name) }
                return CapacityEvent.Participant(userID: p.userID, name: term.userName, institution: term.institution)
            }
            let row = try await db.insert(into: "capacity_events")
                .columns(
                    "kind",
                    "title_en",
                    "title_lo",
                    "topic",
                    "starts_on",
                    "ends_on",
                    "place",
                    "organiser",
                    "trainers",
                    "institutions",
                    "materials",
                    "recorded_by",
                    "recorded_at"
                )
                .values(
                    SQLBind(event.kind.rawValue),
                    SQLBind(event.title.en),
                    SQLValue.text(event.title.lo),
                    SQLBind(event.topic),
                    SQLBind(event.startsOn.description),
                    SQLValue.text(event.endsOn?.description),
                    SQLBind(event.place),
                    SQLBind(event.organiser),
                    SQLBind(event.trainers.joined(separator: "\n")),
                    SQLBind(event.institutions.joined(separator: "\n")),
                    SQLBind(event.materials.joined(separator: "\n")),
                    SQLBind(change.actorName),
                    SQLBind(at)
                )
                .returning("id").first()
            let id = Int64(try row!.int("id"))
            recorded.id = id
            try await db.insertBatched(
                into: "capacity_participants",
                columns: ["event_id", "user_id", "institution"],
                cells: recorded.participants.map { [.integer(id), .integer($0.userID), .text($0.institution)] }
            )
            try await AuditLog.record(
                db,
                change,
                action: "record",
                entity: "capacity-event",
                id: String(id),
                before: CapacityEvent?.none,
                after: recorded
            )
            return recorded
        }
    }

    static func events(_ db: any SQLDatabase, where filter: SQLQueryString?) async throws -> [CapacityEvent] {
        let rows = try await db.raw("SELECT e.* FROM capacity_events e \(filter ?? "") ORDER BY e.starts_on DESC, e.id DESC").all()
        let ids = try rows.map { Int64(try $0.int("id")) }
        guard !ids.isEmpty else { return [] }
        var participants: [Int64: [CapacityEvent.Participant]] = [:]
        for row in try await db.raw(
            """
            SELECT p.event_id, p.user_id, p.institution, u.name FROM capacity_participants p JOIN users u ON u.id = p.user_id
            WHERE p.event_id IN (\(binds: ids)) ORDER BY p.institution, u.name, p.user_id
            """
        ).all() {
            participants[Int64(try row.int("event_id")), default: []].append(
                CapacityEvent.Participant(
                    userID: Int64(try row.int("user_id")),
                    name: try row.string("name"),
                    institution: try row.string("institution")
                )
            )
        }
        return try rows.map { row in
            func list(_ column: String) throws -> [String] { try row.string(column).split(separator: "\n").map(String.init) }
            let id = Int64(try row.int("id"))
            let start = try row.string("starts_on")
            guard let startsOn = LocalDate(iso: start) else {
                throw DataFileIssue(file: "capacity_events", line: 0, column: "starts_on", message: "not a date: \(start)")
            }
            let lao = try row.optionalString("title_lo")
            return CapacityEvent(
                id: id,
                kind: CapacityEventKind(rawValue: try row.string("kind")) ?? .training,
                title: LocalizedText(en: try row.string("title_en"), lo: lao, loStatus: lao == nil ? .machine : .unreviewed),
                topic: try row.string("topic"),
                startsOn: startsOn,
                endsOn: try row.optionalString("ends_on").flatMap(LocalDate.init(iso:)),
                place: try row.string("place"),
                organiser: try row.string("organiser"),
                trainers: try list("trainers"),
                institutions: try list("institutions"),
                materials: try list("materials"),
                participants: participants[id] ?? []
            )
        }
    }
}

extension SubmissionRepository {
    /// Who first submitted each owner's data in a cycle (`OWNER|indicator` → the account), for
    /// individual recognition. Submissions made by a machine (no account) are left out.
    public func submitters(cycleID: Int64) async throws -> IndividualRecognition.Submitters {
        try await database.read { db in
            var submitters: IndividualRecognition.Submitters = [:]
            for row in try await db.raw(
                """
                SELECT s.institution, s.indicator, t.actor_id, u.name FROM submission_transitions t
                JOIN submissions s ON s.id = t.submission_id JOIN users u ON u.id = t.actor_id
                WHERE s.cycle_id = \(bind: cycleID) AND t.to_state = \(bind: SubmissionState.submitted.rawValue)
                ORDER BY t.id
                """
            ).all() {
                let key = "\(try row.string("institution"))|\(try row.string("indicator"))"
                if submitters[key] == nil { submitters[key] = (Int64(try row.int("actor_id")), try row.string("name")) }
            }
            return submitters
        }
    }
}
