import Foundation
import PasanDomain
import SQLKit

extension ActivityRepository {
    /// Saves activities in one transaction, by upsert on their identifiers: a new identifier is
    /// added (revision 1), a stored one rewritten only when something differs (revision + 1);
    /// every written version is kept whole in `activity_revisions` with who, when and why. A
    /// place a person already confirmed or declined keeps that decision when the same place is
    /// proposed again. Places must be Pasan's areas and institutions Pasan's institutions.
    @discardableResult
    public func save(_ activities: [Activity], by actor: String, reason: String?) async throws -> ActivitySaveResult {
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            try await Self.save(db, activities: activities, by: actor, reason: reason, at: at)
        }
    }

    /// `save`, inside the caller's transaction.
    static func save(
        _ db: any SQLDatabase,
        activities: [Activity],
        by actor: String,
        reason: String?,
        at: String
    ) async throws -> ActivitySaveResult {
        var result = ActivitySaveResult()
        guard !activities.isEmpty else { return result }
        try await checkReferences(db, activities)
        // The last of several with one identifier wins.
        var byIdentifier: [String: Activity] = [:]
        var order: [String] = []
        for activity in activities {
            if byIdentifier[activity.identifier] == nil { order.append(activity.identifier) }
            byIdentifier[activity.identifier] = activity
        }
        var storedIDs: [String: Int64] = [:]
        for chunk in order.chunked(into: 500) {
            for row in try await db.select().columns("id", "identifier").from("activities").where("identifier", .in, Array(chunk)).all() {
                storedIDs[try row.string("identifier")] = Int64(try row.int("id"))
            }
        }
        let stored = Dictionary(
            try await load(db, ids: Array(storedIDs.values)).map { ($0.identifier, $0) },
            uniquingKeysWith: { a, _ in a }
        )
        let decisions = try await decidedLocations(db, ids: Array(storedIDs.values))
        for identifier in order {
            guard var activity = byIdentifier[identifier].map(normalised) else { continue }
            let before = stored[identifier]
            // Decisions already taken on proposed places stay.
            var kept: [Int: Decision] = [:]
            if let before, let id = before.id {
                for (position, location) in activity.locations.enumerated() where location.status == .proposed {
                    if let decision = decisions[id]?.first(where: { $0.areaCode == location.areaCode }) {
                        activity.locations[position].status = decision.status
                        kept[position] = decision
                    }
                }
            }
            if let before {
                var comparable = activity
                comparable.id = before.id
                comparable.revision = before.revision
                // Where a record came from is not a change of the activity (a file exported and
                // read back, a demo activity re-imported).
                comparable.origin = before.origin
                comparable.sourceFile = before.sourceFile
                if comparable == before {
                    result.unchanged.append(identifier)
                    continue
                }
                activity.id = before.id
                activity.revision = before.revision + 1
                result.changed.append(identifier)
            } else {
                activity.id = nil
                activity.revision = 1
                result.added.append(identifier)
            }
            try await write(db, activity: &activity, decisions: kept, by: actor, reason: reason, at: at)
        }
        return result
    }

    /// A decision taken on a proposed place.
    struct Decision: Sendable {
        var areaCode: String
        var status: LocationStatus
        var decidedBy: String
        var decidedAt: String
    }

    static func decidedLocations(_ db: any SQLDatabase, ids: [Int64]) async throws -> [Int64: [Decision]] {
        var result: [Int64: [Decision]] = [:]
        for chunk in ids.chunked(into: 500) {
            let rows = try await db.select().columns("activity_id", "area_code", "status", "decided_by", "decided_at")
                .from("activity_locations").where("activity_id", .in, Array(chunk)).where("decided_by", .isNot, SQLLiteral.null).all()
            for row in rows {
                guard let status = LocationStatus(rawValue: try row.string("status")), let by = try row.optionalString("decided_by")
                else { continue }
                result[Int64(try row.int("activity_id")), default: []].append(
                    Decision(
                        areaCode: try row.string("area_code"),
                        status: status,
                        decidedBy: by,
                        decidedAt: try row.optionalString("decided_at") ?? ""
                    )
                )
            }
        }
        return result
    }

    /// Refuses places that are not Pasan's areas and institutions that are not Pasan's.
    static func checkReferences(_ db: any SQLDatabase, _ activities: [Activity]) async throws {
        let areas = Set(activities.flatMap { $0.locations.map(\.areaCode) })
        var knownAreas = Set<String>()
        for chunk in areas.sorted().chunked(into: 500) {
            knownAreas.formUnion(
                try await db.select().column("code").from("areas").where("code", .in, Array(chunk)).all().map { try $0.string("code") }
            )
        }
        let institutions = Set(activities.flatMap { ([$0.implementer] + $0.participants).compactMap { $0.institution?.nilIfBlank } })
        var knownInstitutions = Set<String>()
        for chunk in institutions.sorted().chunked(into: 500) {
            knownInstitutions.formUnion(
                try await db.select().column("code").from("institutions").where("code", .in, Array(chunk)).all().map {
                    try $0.string("code")
                }
            )
        }
        for activity in activities {
            if let unknown = activity.locations.first(where: { !knownAreas.contains($0.areaCode) }) {
                throw ActivityStorageError.unknownArea(activity: activity.identifier, code: unknown.areaCode)
            }
            for organisation in [activity.implementer] + activity.participants {
                if let code = organisation.institution?.nilIfBlank, !knownInstitutions.contains(code) {
                    throw ActivityStorageError.unknownInstitution(activity: activity.identifier, code: code)
                }
            }
        }
    }

    /// The district and province a place is in (or is), from its LSB code.
    static func parents(of location: ActivityLocation) -> (district: String?, province: String) {
        let code = location.areaCode
        switch location.level {
        case .village: return (String(code.prefix(4)), String(code.prefix(2)))
        case .district: return (code, String(code.prefix(2)))
        case .province, .country: return (nil, String(code.prefix(2)))
        }
    }

    /// Writes one activity whole (its row, then its children replaced) and its revision.
    static func write(
        _ db: any SQLDatabase,
        activity: inout Activity,
        decisions: [Int: Decision],
        by actor: String,
        reason: String?,
        at: String
    ) async throws {
        typealias V = SQLValue
        let a = activity
        let values: [String: any SQLExpression] = [
            "implementer_key": V.text(a.implementer.key),
            "implementer_institution": V.text(a.implementer.institution),
            "implementer_ref": V.text(a.implementer.ref),
            "implementer_name_en": V.text(a.implementer.name.en),
            "implementer_name_lo": V.text(a.implementer.name.lo),
            "title_en": V.text(a.title.en),
            "title_lo": V.text(a.title.lo),
            "lo_status": V.text(a.title.loStatus.rawValue),
            "description_en": V.text(a.description?.en),
            "description_lo": V.text(a.description?.lo),
            "status": V.text(a.status.rawValue),
            "start_date": V.text(a.start?.description),
            "end_date": V.text(a.end?.description),
            "budget_amount": V.double(a.budget?.amount),
            "budget_currency": V.text(a.budget?.currency.nilIfBlank),
            "origin": V.text(a.origin.rawValue),
            "source_file": V.text(a.sourceFile),
            "is_illustrative": V.bool(a.isIllustrative),
            "revision": V.int(a.revision),
            "updated_by": V.text(actor),
            "updated_at": V.text(at),
        ]
        let columns = values.keys.sorted()
        let id: Int64
        if let existing = a.id {
            var update = db.update("activities")
            for column in columns { update = update.set(SQLIdentifier(column), to: values[column]!) }
            try await update.where("id", .equal, existing).run()
            id = existing
            for table in ["activity_participants", "activity_locations", "activity_sectors", "activity_sdg"] {
                try await db.delete(from: table).where("activity_id", .equal, id).run()
            }
        } else {
            try await db.insert(into: "activities").columns(["identifier"] + columns)
                .values([SQLBind(a.identifier)] + columns.map { values[$0]! }).run()
            guard let row = try await db.select().column("id").from("activities").where("identifier", .equal, a.identifier).first() else {
                throw ActivityStorageError.unknownActivity(0)
            }
            id = Int64(try row.int("id"))
        }
        activity.id = id
        try await db.insertBatched(
            into: "activity_participants",
            columns: ["activity_id", "position", "role", "institution", "ref", "name_en", "name_lo"],
            rows: a.participants.enumerated().map { position, o in
                [
                    SQLBind(id), V.int(position), V.text(o.role.rawValue), V.text(o.institution), V.text(o.ref), V.text(o.name.en),
                    V.text(o.name.lo),
                ]
            }
        )
        try await db.insertBatched(
            into: "activity_locations",
            columns: [
                "activity_id", "position", "area_code", "level", "district_code", "province_code", "match", "status", "latitude",
                "longitude", "given_name", "note", "decided_by", "decided_at",
            ],
            rows: a.locations.enumerated().map { position, l in
                let parents = parents(of: l)
                let decision = decisions[position]
                return [
                    SQLBind(id), V.int(position), V.text(l.areaCode), V.text(l.level.rawValue), V.text(parents.district),
                    V.text(parents.province), V.text(l.match.rawValue), V.text(l.status.rawValue), V.double(l.point?.latitude),
                    V.double(l.point?.longitude), V.text(l.givenName), V.text(l.note), V.text(decision?.decidedBy),
                    V.text(decision?.decidedAt),
                ]
            }
        )
        try await db.insertBatched(
            into: "activity_sectors",
            columns: ["activity_id", "vocabulary", "code", "category"],
            rows: a.sectors.map { [SQLBind(id), V.text($0.vocabulary), V.text($0.code), V.text($0.dacCategory)] }
        )
        let sdg: [(String, String)] =
            a.sdgGoals.map { ("goal", String($0)) } + a.sdgTargets.map { ("target", $0) } + a.sdgIndicators.map { ("indicator", $0) }
        try await db.insertBatched(
            into: "activity_sdg",
            columns: ["activity_id", "kind", "code"],
            rows: sdg.map { [SQLBind(id), V.text($0.0), V.text($0.1)] },
            ignoringConflicts: true
        )
        try await recordRevision(db, activity: activity, by: actor, reason: reason, at: at)
    }

    static func recordRevision(_ db: any SQLDatabase, activity: Activity, by actor: String, reason: String?, at: String) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let document = String(decoding: try encoder.encode(activity), as: UTF8.self)
        try await db.insert(into: "activity_revisions").columns("identifier", "revision", "document", "changed_by", "changed_at", "reason")
            .values(
                SQLBind(activity.identifier),
                SQLBind(activity.revision),
                SQLBind(document),
                SQLBind(actor),
                SQLBind(at),
                SQLValue.text(reason?.nilIfBlank)
            ).run()
    }

    /// A person's decision on a place proposed by name: `confirm` makes it count, else it is
    /// declined. The activity gets a new revision.
    @discardableResult
    public func decideLocation(activityID: Int64, position: Int, confirm: Bool, by actor: String) async throws -> Activity {
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            guard var activity = try await Self.load(db, ids: [activityID]).first else {
                throw ActivityStorageError.unknownActivity(activityID)
            }
            guard activity.locations.indices.contains(position) else {
                throw ActivityStorageError.noSuchLocation(activity: activityID, position: position)
            }
            let status: LocationStatus = confirm ? .confirmed : .declined
            activity.locations[position].status = status
            activity.revision += 1
            try await db.update("activity_locations").set("status", to: status.rawValue).set("decided_by", to: actor)
                .set("decided_at", to: at).where("activity_id", .equal, activityID).where("position", .equal, position).run()
            try await db.update("activities").set("revision", to: activity.revision).set("updated_by", to: actor)
                .set("updated_at", to: at).where("id", .equal, activityID).run()
            let code = activity.locations[position].areaCode
            try await Self.recordRevision(
                db,
                activity: activity,
                by: actor,
                reason: confirm ? "place \(code) confirmed" : "place \(code) declined",
                at: at
            )
            return activity
        }
    }
}

extension ActivityRepository {
    /// What `save` would do, without writing anything: the save runs in a transaction that is
    /// then rolled back (the same checks, the same comparison with what is stored).
    public func preview(_ activities: [Activity]) async throws -> ActivitySaveResult {
        let at = Timestamp.string(from: database.clock.now())
        do {
            _ = try await database.write { db -> Int in
                let result = try await Self.save(db, activities: activities, by: "preview", reason: nil, at: at)
                throw PreviewRollback(result: result)
            }
        } catch let rollback as PreviewRollback {
            return rollback.result
        }
        return ActivitySaveResult()
    }

    /// The ids of the overlaps (current ones) an activity is part of, by id.
    public func overlapIDs(of identifier: String) async throws -> [Int64] {
        try await database.read { db in
            try await db.raw(
                """
                SELECT id FROM activity_overlaps WHERE is_current = 1 AND (first_activity = \(bind: identifier) \
                OR second_activity = \(bind: identifier)) ORDER BY id
                """
            ).all().map { Int64(try $0.int("id")) }
        }
    }

    private struct PreviewRollback: Error {
        var result: ActivitySaveResult
    }
}
