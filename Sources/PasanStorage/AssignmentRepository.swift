import PasanDomain
import SQLKit

/// Indicator owners (SDGi), reporters (SDGr) and contributors. Every change is audited; an
/// import replaces nothing silently: it adds the file's assignments in one transaction.
public struct AssignmentRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public func all() async throws -> [Assignment] {
        try await database.read { db in try await Self.all(db) }
    }

    /// The owner institutions of the assignments current on `day`, by indicator (an indicator
    /// whose current assignments name no owner maps to none). Reads the few columns this needs,
    /// not whole assignments: the reporting status asks on every view.
    public func currentOwners(on day: LocalDate) async throws -> [String: [String]] {
        try await database.read { db in
            var owners: [String: Set<String>] = [:]
            for row in try await db.raw(
                """
                SELECT a.indicator, a.valid_from, a.valid_to, i.institution FROM assignments a
                LEFT JOIN assignment_institutions i ON i.assignment_id = a.id AND i.part = 'owner'
                """
            ).all() {
                let from = try row.optionalString("valid_from").flatMap(LocalDate.init(iso:))
                let to = try row.optionalString("valid_to").flatMap(LocalDate.init(iso:))
                guard Assignment.isCurrent(validFrom: from, validTo: to, on: day) else { continue }
                let institution = try row.optionalString("institution")
                owners[try row.string("indicator"), default: []].formUnion(institution.map { [$0] } ?? [])
            }
            return owners.mapValues { $0.sorted() }
        }
    }

    /// The assignments of one indicator.
    public func assignments(indicator: String) async throws -> [Assignment] {
        try await database.read { db in try await Self.all(db, indicator: indicator) }
    }

    public func assignment(id: Int64) async throws -> Assignment? {
        try await database.read { db in try await Self.all(db, id: id).first }
    }

    @discardableResult
    public func create(_ assignment: Assignment, change: ChangeContext) async throws -> Assignment {
        try await database.write { db in try await Self.insert(assignment, db: db, change: change) }
    }

    /// Adds every assignment of an import, all or nothing.
    public func importAll(_ assignments: [Assignment], change: ChangeContext) async throws -> Int {
        try await database.write { db in
            for assignment in assignments { _ = try await Self.insert(assignment, db: db, change: change) }
            return assignments.count
        }
    }

    public func update(_ assignment: Assignment, change: ChangeContext) async throws {
        guard let id = assignment.id else { return }
        try await database.write { db in
            guard let before = try await Self.all(db, id: id).first else { throw AccountError.unknownUser }
            try await db.update("assignments")
                .set("indicator", to: assignment.indicator).set("series", to: SQLValue.text(assignment.series))
                .set("disaggregation", to: SQLValue.text(assignment.disaggregation))
                .set("geographic_level", to: SQLValue.text(assignment.geographicLevel?.rawValue))
                .set("reporter", to: SQLValue.text(assignment.reporter))
                .set("legal_instrument", to: SQLValue.text(assignment.legalBasis?.instrument))
                .set("legal_number", to: SQLValue.text(assignment.legalBasis?.number))
                .set("legal_date", to: SQLValue.text(assignment.legalBasis?.date?.description))
                .set("source_kind", to: SQLValue.text(assignment.sourceKind?.rawValue)).set(
                    "source_name",
                    to: SQLValue.text(assignment.sourceName)
                )
                .set("frequency", to: SQLValue.text(assignment.frequency?.rawValue))
                .set("collection_due", to: SQLValue.text(assignment.collectionDue?.description))
                .set("release_calendar", to: SQLValue.text(assignment.releaseCalendar))
                .set("valid_from", to: SQLValue.text(assignment.validFrom?.description)).set(
                    "valid_to",
                    to: SQLValue.text(assignment.validTo?.description)
                )
                .set("note", to: SQLValue.text(assignment.note)).set("updated_at", to: Timestamp.now())
                .where("id", .equal, id).run()
            try await db.delete(from: "assignment_institutions").where("assignment_id", .equal, id).run()
            try await Self.insertInstitutions(assignment, id: id, db: db)
            try await AuditLog.record(db, change, action: "update", entity: "assignment", id: String(id), before: before, after: assignment)
        }
    }

    static func insert(_ assignment: Assignment, db: any SQLDatabase, change: ChangeContext) async throws -> Assignment {
        let now = Timestamp.now()
        let row = try await db.insert(into: "assignments")
            .columns(
                "indicator",
                "series",
                "disaggregation",
                "geographic_level",
                "reporter",
                "legal_instrument",
                "legal_number",
                "legal_date",
                "source_kind",
                "source_name",
                "frequency",
                "collection_due",
                "release_calendar",
                "valid_from",
                "valid_to",
                "note",
                "created_at",
                "updated_at"
            )
            .values(
                SQLBind(assignment.indicator),
                SQLValue.text(assignment.series),
                SQLValue.text(assignment.disaggregation),
                SQLValue.text(assignment.geographicLevel?.rawValue),
                SQLValue.text(assignment.reporter),
                SQLValue.text(assignment.legalBasis?.instrument),
                SQLValue.text(assignment.legalBasis?.number),
                SQLValue.text(assignment.legalBasis?.date?.description),
                SQLValue.text(assignment.sourceKind?.rawValue),
                SQLValue.text(assignment.sourceName),
                SQLValue.text(assignment.frequency?.rawValue),
                SQLValue.text(assignment.collectionDue?.description),
                SQLValue.text(assignment.releaseCalendar),
                SQLValue.text(assignment.validFrom?.description),
                SQLValue.text(assignment.validTo?.description),
                SQLValue.text(assignment.note),
                SQLBind(now),
                SQLBind(now)
            )
            .returning("id").first()
        var saved = assignment
        saved.id = Int64(try row!.int("id"))
        try await insertInstitutions(saved, id: saved.id!, db: db)
        try await AuditLog.record(
            db,
            change,
            action: "create",
            entity: "assignment",
            id: String(saved.id!),
            before: Optional<Nothing>.none,
            after: saved
        )
        return saved
    }

    static func insertInstitutions(_ assignment: Assignment, id: Int64, db: any SQLDatabase) async throws {
        let rows: [[any SQLExpression]] =
            Array(Set(assignment.owners)).sorted().map { [SQLBind(id), SQLBind($0), SQLBind("owner")] }
            + Array(Set(assignment.contributors)).sorted().map { [SQLBind(id), SQLBind($0), SQLBind("contributor")] }
        try await db.insertBatched(into: "assignment_institutions", columns: ["assignment_id", "institution", "part"], rows: rows)
    }

    static func all(_ db: any SQLDatabase, id: Int64? = nil, indicator: String? = nil) async throws -> [Assignment] {
        var query = db.select().column("*").from("assignments")
        if let id { query = query.where("id", .equal, id) }
        if let indicator { query = query.where("indicator", .equal, indicator) }
        let rows = try await query.orderBy("id").all()
        var links = db.select().column("*").from("assignment_institutions")
        if id != nil || indicator != nil {
            let ids = try rows.map { Int64(try $0.int("id")) }
            guard !ids.isEmpty else { return [] }
            links = links.where("assignment_id", .in, ids)
        }
        var owners: [Int64: [String]] = [:], contributors: [Int64: [String]] = [:]
        for row in try await links.orderBy("institution").all() {
            let aid = Int64(try row.int("assignment_id"))
            if try row.string("part") == "owner" {
                owners[aid, default: []].append(try row.string("institution"))
            } else {
                contributors[aid, default: []].append(try row.string("institution"))
            }
        }
        return try rows.map { row in
            let aid = Int64(try row.int("id"))
            let instrument = try row.optionalString("legal_instrument")
            return Assignment(
                id: aid,
                indicator: try row.string("indicator"),
                series: try row.optionalString("series"),
                disaggregation: try row.optionalString("disaggregation"),
                geographicLevel: try row.optionalString("geographic_level").flatMap(AreaLevel.init(rawValue:)),
                owners: owners[aid] ?? [],
                reporter: try row.optionalString("reporter"),
                contributors: contributors[aid] ?? [],
                legalBasis: try instrument.map {
                    LegalBasis(
                        instrument: $0,
                        number: try row.optionalString("legal_number"),
                        date: try row.optionalString("legal_date").flatMap(LocalDate.init(iso:))
                    )
                },
                sourceKind: try row.optionalString("source_kind").flatMap(DataSourceKind.init(rawValue:)),
                sourceName: try row.optionalString("source_name"),
                frequency: try row.optionalString("frequency").flatMap(CollectionFrequency.init(rawValue:)),
                collectionDue: try row.optionalString("collection_due").flatMap(DayOfYear.init),
                releaseCalendar: try row.optionalString("release_calendar"),
                validFrom: try row.optionalString("valid_from").flatMap(LocalDate.init(iso:)),
                validTo: try row.optionalString("valid_to").flatMap(LocalDate.init(iso:)),
                note: try row.optionalString("note")
            )
        }
    }
}
