import Foundation
import PasanDomain
import SQLKit

/// Why a legal instrument could not be recorded or corrected, in the words the person entering it reads.
public enum LegalRegisterError: Error, Equatable {
    /// The record itself is wrong (`LegalInstrument.problems`).
    case invalid([Message])
    /// Another instrument has that number already.
    case duplicateNumber(String)
    /// Someone corrected it since the form was opened.
    case staleRevision(current: Int)
    /// A correction needs its reason.
    case reasonMissing
    case notFound

    public var messages: [Message] {
        switch self {
        case .invalid(let problems): problems
        case .duplicateNumber(let number): [Message("storage.legal.duplicateNumber", ["number": .text(number)])]
        case .staleRevision(let current): [Message("storage.legal.staleRevision", ["revision": .number(current)])]
        case .reasonMissing: [Message("storage.legal.reasonMissing")]
        case .notFound: [Message("storage.legal.notFound")]
        }
    }
}

/// The register of legal instruments (migration 20): recorded once, corrected as new revisions.
public struct LegalInstrumentRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Every instrument as its latest revision says, newest act first.
    public func all() async throws -> [LegalInstrument] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT r.* FROM legal_instrument_revisions r
                WHERE r.revision = (SELECT MAX(m.revision) FROM legal_instrument_revisions m WHERE m.instrument_id = r.instrument_id)
                ORDER BY r.issued_on DESC, r.number
                """
            ).all().map { try Self.revision($0).instrument }
        }
    }

    public func instrument(id: Int64) async throws -> LegalInstrument? {
        try await revisions(id: id).first?.instrument
    }

    /// Every revision of an instrument, newest first.
    public func revisions(id: Int64) async throws -> [LegalInstrumentRevision] {
        try await database.read { db in
            try await db.select().column("*").from("legal_instrument_revisions").where("instrument_id", .equal, id)
                .orderBy("revision", .descending).all().map(Self.revision)
        }
    }

    /// Records a new instrument (revision 1); returns it with its id.
    public func record(_ instrument: LegalInstrument, change: ChangeContext) async throws -> LegalInstrument {
        let problems = instrument.problems
        guard problems.isEmpty else { throw LegalRegisterError.invalid(problems) }
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            try await Self.requireFree(db, number: instrument.number, except: nil)
            let row = try await db.insert(into: "legal_instruments").columns("number_key")
                .values(SQLBind(LegalInstrument.key(instrument.number))).returning("id").first()
            var recorded = instrument
            recorded.id = Int64(try row!.int("id"))
            recorded.revision = 1
            try await Self.insertRevision(db, recorded, changedBy: change.actorName, at: at, reason: nil)
            try await AuditLog.record(
                db,
                change,
                action: "record",
                entity: "legal-instrument",
                id: String(recorded.id!),
                before: LegalInstrument?.none,
                after: recorded
            )
            return recorded
        }
    }

    /// Corrects an instrument: `corrected` becomes the next revision, with `reason`. `basedOn` is
    /// the revision the person started from; a later one in between refuses the correction.
    public func correct(
        id: Int64,
        to corrected: LegalInstrument,
        basedOn: Int,
        reason: String,
        change: ChangeContext
    ) async throws -> LegalInstrument {
        let reason = reason.trimmingSpaces
        guard !reason.isEmpty else { throw LegalRegisterError.reasonMissing }
        let problems = corrected.problems
        guard problems.isEmpty else { throw LegalRegisterError.invalid(problems) }
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            guard
                let current = try await db.select().column("*").from("legal_instrument_revisions").where("instrument_id", .equal, id)
                    .orderBy("revision", .descending).limit(1).first().map({ try Self.revision($0).instrument })
            else { throw LegalRegisterError.notFound }
            guard current.revision == basedOn else { throw LegalRegisterError.staleRevision(current: current.revision) }
            var next = corrected
            next.id = id
            next.revision = current.revision + 1
            let sameExceptRevision = { (a: LegalInstrument) -> LegalInstrument in
                var a = a
                a.revision = 0
                return a
            }
            if sameExceptRevision(next) == sameExceptRevision(current) { return current }
            if LegalInstrument.key(next.number) != LegalInstrument.key(current.number) {
                try await Self.requireFree(db, number: next.number, except: id)
                try await db.update("legal_instruments").set("number_key", to: LegalInstrument.key(next.number)).where("id", .equal, id)
                    .run()
            }
            try await Self.insertRevision(db, next, changedBy: change.actorName, at: at, reason: reason)
            try await AuditLog.record(
                db,
                change,
                action: "correct",
                entity: "legal-instrument",
                id: String(id),
                before: current,
                after: next
            )
            return next
        }
    }

    // MARK: Internals

    static func requireFree(_ db: any SQLDatabase, number: String, except id: Int64?) async throws {
        var query = db.select().column("id").from("legal_instruments").where("number_key", .equal, LegalInstrument.key(number))
        if let id { query = query.where("id", .notEqual, id) }
        if try await query.first() != nil { throw LegalRegisterError.duplicateNumber(number) }
    }

    static func insertRevision(_ db: any SQLDatabase, _ i: LegalInstrument, changedBy: String, at: String, reason: String?) async throws {
        try await db.insert(into: "legal_instrument_revisions")
            .columns(
                "instrument_id",
                "revision",
                "kind",
                "number",
                "issued_on",
                "issuer",
                "title_en",
                "title_lo",
                "scope",
                "valid_from",
                "valid_to",
                "changed_by",
                "changed_at",
                "reason"
            )
            .values(
                SQLBind(i.id!),
                SQLBind(i.revision),
                SQLBind(i.kind.rawValue),
                SQLBind(i.number),
                SQLBind(i.issuedOn.description),
                SQLBind(i.issuer),
                SQLBind(i.titleEN),
                SQLBind(i.titleLO),
                SQLBind(i.scope),
                SQLValue.text(i.validFrom?.description),
                SQLValue.text(i.validTo?.description),
                SQLBind(changedBy),
                SQLBind(at),
                SQLValue.text(reason)
            )
            .run()
    }

    static func revision(_ row: any SQLRow) throws -> LegalInstrumentRevision {
        func date(_ column: String) throws -> LocalDate? { try row.optionalString(column).flatMap { LocalDate(iso: $0) } }
        let issued = try row.string("issued_on")
        guard let issuedOn = LocalDate(iso: issued) else {
            throw DataFileIssue(file: "legal_instrument_revisions", line: 0, column: "issued_on", message: "not a date: \(issued)")
        }
        return LegalInstrumentRevision(
            instrument: LegalInstrument(
                id: Int64(try row.int("instrument_id")),
                kind: LegalInstrumentKind(rawValue: try row.string("kind")) ?? .instruction,
                number: try row.string("number"),
                issuedOn: issuedOn,
                issuer: try row.string("issuer"),
                titleEN: try row.string("title_en"),
                titleLO: try row.string("title_lo"),
                scope: try row.string("scope"),
                validFrom: try date("valid_from"),
                validTo: try date("valid_to"),
                revision: try row.int("revision")
            ),
            changedBy: try row.string("changed_by"),
            changedAt: try row.string("changed_at"),
            reason: try row.optionalString("reason")
        )
    }
}
