import Foundation
import PasanDomain
import SQLKit

/// A DHIS2 instance an institution pulls from. The credential is kept sealed (`SecretBox`) and
/// is never part of this value: only `openCredential` reads it, for a pull.
public struct DHIS2Instance: Sendable, Hashable {
    public enum AuthKind: String, Sendable, Hashable, CaseIterable {
        /// A personal access token (`Authorization: ApiToken …`).
        case token
        /// A user name and password (HTTP Basic).
        case basic
    }

    /// How often the scheduler pulls.
    public enum Schedule: String, Sendable, Hashable, CaseIterable {
        case none, daily, weekly

        /// The time between two scheduled pulls.
        public var interval: TimeInterval? {
            switch self {
            case .none: nil
            case .daily: 86_400
            case .weekly: 7 * 86_400
            }
        }
    }

    public var id: Int64
    public var name: String
    public var baseURL: String
    /// The owner institution whose submissions receive the values.
    public var institution: String
    public var authKind: AuthKind
    public var username: String?
    public var schedule: Schedule
    public var nextPullAt: String?
    public var createdBy: String
    public var createdAt: String
}

/// A pull as recorded: when, how it ended, and its report.
public struct DHIS2PullRecord: Sendable {
    public var id: Int64
    public var instanceID: Int64
    public var trigger: String
    public var attempt: Int
    public var succeeded: Bool
    public var startedAt: String
    public var finishedAt: String
    public var actor: String
    public var report: DHIS2PullReport
    /// When a failed scheduled pull is tried again (`nil`: not again).
    public var retryAt: String?
}

/// DHIS2 instances, their mappings and organisation unit matches, and their pulls.
public struct DHIS2Repository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public enum Problem: Error, Equatable, Sendable {
        case nameTaken
        case notFound
    }

    // MARK: Instances

    /// Registers an instance; the secret is sealed here and never stored in clear.
    public func register(
        name: String,
        baseURL: String,
        institution: String,
        authKind: DHIS2Instance.AuthKind,
        username: String?,
        secret: String,
        schedule: DHIS2Instance.Schedule,
        secrets: SecretBox,
        change: ChangeContext
    ) async throws -> Int64 {
        let sealed = try secrets.seal(secret)
        return try await database.write { db in
            if try await db.select().column("id").from("dhis2_instances").where("name", .equal, name).first() != nil {
                throw Problem.nameTaken
            }
            let now = Timestamp.now()
            let row = try await db.insert(into: "dhis2_instances")
                .columns(
                    "name",
                    "base_url",
                    "institution",
                    "auth_kind",
                    "username",
                    "sealed_secret",
                    "schedule",
                    "next_pull_at",
                    "created_by",
                    "created_at",
                    "updated_at"
                )
                .values(
                    SQLBind(name),
                    SQLBind(baseURL),
                    SQLBind(institution),
                    SQLBind(authKind.rawValue),
                    SQLValue.text(username),
                    SQLBind(sealed),
                    SQLBind(schedule.rawValue),
                    SQLValue.text(Self.next(schedule, after: database.clock.now())),
                    SQLBind(change.actorName),
                    SQLBind(now),
                    SQLBind(now)
                )
                .returning("id").first()
            let id = Int64(try row!.int("id"))
            try await AuditLog.record(
                db,
                change,
                action: "register",
                entity: "dhis2_instance",
                id: String(id),
                before: String?.none,
                after: Audited(
                    name: name,
                    baseURL: baseURL,
                    institution: institution,
                    authKind: authKind.rawValue,
                    schedule: schedule.rawValue
                )
            )
            return id
        }
    }

    /// What the audit log keeps of an instance: never the secret.
    private struct Audited: Encodable {
        var name: String
        var baseURL: String
        var institution: String
        var authKind: String
        var schedule: String
    }

    /// Replaces the credential (a rotated token): sealed, audited without the secret.
    public func replaceCredential(
        instanceID: Int64,
        authKind: DHIS2Instance.AuthKind,
        username: String?,
        secret: String,
        secrets: SecretBox,
        change: ChangeContext
    ) async throws {
        let sealed = try secrets.seal(secret)
        try await database.write { db in
            try await db.update("dhis2_instances").set("auth_kind", to: authKind.rawValue).set("username", to: SQLValue.text(username))
                .set("sealed_secret", to: sealed).set("updated_at", to: Timestamp.now()).where("id", .equal, instanceID).run()
            try await AuditLog.record(
                db,
                change,
                action: "replace-credential",
                entity: "dhis2_instance",
                id: String(instanceID),
                before: String?.none,
                after: authKind.rawValue
            )
        }
    }

    public func setSchedule(instanceID: Int64, _ schedule: DHIS2Instance.Schedule, change: ChangeContext) async throws {
        try await database.write { db in
            try await db.update("dhis2_instances").set("schedule", to: schedule.rawValue)
                .set("next_pull_at", to: SQLValue.text(Self.next(schedule, after: database.clock.now()))).set(
                    "updated_at",
                    to: Timestamp.now()
                )
                .where("id", .equal, instanceID).run()
            try await AuditLog.record(
                db,
                change,
                action: "schedule",
                entity: "dhis2_instance",
                id: String(instanceID),
                before: String?.none,
                after: schedule.rawValue
            )
        }
    }

    static func next(_ schedule: DHIS2Instance.Schedule, after date: Date) -> String? {
        schedule.interval.map { Timestamp.string(from: date.addingTimeInterval($0)) }
    }

    public func instances() async throws -> [DHIS2Instance] {
        try await database.read { db in
            try await db.select().column("*").from("dhis2_instances").orderBy("name").all().map(Self.instance)
        }
    }

    public func instance(id: Int64) async throws -> DHIS2Instance? {
        try await database.read { db in
            try await db.select().column("*").from("dhis2_instances").where("id", .equal, id).first().map(Self.instance)
        }
    }

    /// The credential, opened for a pull. Never shown, never logged.
    public func openCredential(instanceID: Int64, secrets: SecretBox) async throws -> String {
        let sealed = try await database.read { db in
            try await db.select().column("sealed_secret").from("dhis2_instances").where("id", .equal, instanceID).first()?
                .string("sealed_secret")
        }
        guard let sealed else { throw Problem.notFound }
        return try secrets.open(sealed)
    }

    static func instance(_ row: any SQLRow) throws -> DHIS2Instance {
        DHIS2Instance(
            id: Int64(try row.int("id")),
            name: try row.string("name"),
            baseURL: try row.string("base_url"),
            institution: try row.string("institution"),
            authKind: DHIS2Instance.AuthKind(rawValue: try row.string("auth_kind")) ?? .token,
            username: try row.optionalString("username"),
            schedule: DHIS2Instance.Schedule(rawValue: try row.string("schedule")) ?? .none,
            nextPullAt: try row.optionalString("next_pull_at"),
            createdBy: try row.string("created_by"),
            createdAt: try row.string("created_at")
        )
    }

    // MARK: Mappings

    public func mappings(instanceID: Int64) async throws -> [DHIS2ElementMapping] {
        try await database.read { db in
            try await db.select().column("*").from("dhis2_element_mappings").where("instance_id", .equal, instanceID)
                .orderBy("indicator").orderBy("series").orderBy("dimensions").orderBy("data_element").all().map { row in
                    let coc = try row.string("category_option_combo")
                    return DHIS2ElementMapping(
                        dataElement: try row.string("data_element"),
                        categoryOptionCombo: coc.isEmpty ? nil : coc,
                        source: DHIS2ValueSource(rawValue: try row.string("source")) ?? .analytics,
                        indicator: try row.string("indicator"),
                        series: try row.string("series"),
                        dimensions: try row.string("dimensions"),
                        aggregation: DHIS2Aggregation(rawValue: try row.string("aggregation")) ?? .sum,
                        factor: try row.double("factor")
                    )
                }
        }
    }

    /// Adds a mapping line, or replaces the line of the same DHIS2 data element and combo.
    public func saveMapping(instanceID: Int64, _ mapping: DHIS2ElementMapping, change: ChangeContext) async throws {
        try await replaceMappings(instanceID: instanceID, upserting: [mapping], removing: [], replaceAll: false, change: change)
    }

    /// Removes the line of this DHIS2 data element and combo.
    public func removeMapping(instanceID: Int64, dataElement: String, categoryOptionCombo: String?, change: ChangeContext) async throws {
        try await replaceMappings(
            instanceID: instanceID,
            upserting: [],
            removing: [(dataElement, categoryOptionCombo ?? "")],
            replaceAll: false,
            change: change
        )
    }

    /// Replaces the whole mapping (an imported file), in one transaction.
    public func replaceAllMappings(instanceID: Int64, _ mappings: [DHIS2ElementMapping], change: ChangeContext) async throws {
        try await replaceMappings(instanceID: instanceID, upserting: mappings, removing: [], replaceAll: true, change: change)
    }

    private func replaceMappings(
        instanceID: Int64,
        upserting: [DHIS2ElementMapping],
        removing: [(String, String)],
        replaceAll: Bool,
        change: ChangeContext
    ) async throws {
        try await database.write { db in
            if replaceAll {
                try await db.delete(from: "dhis2_element_mappings").where("instance_id", .equal, instanceID).run()
            }
            for (element, coc) in removing {
                try await db.delete(from: "dhis2_element_mappings").where("instance_id", .equal, instanceID)
                    .where("data_element", .equal, element).where("category_option_combo", .equal, coc).run()
            }
            let now = Timestamp.now()
            try await db.insertBatched(
                into: "dhis2_element_mappings",
                columns: [
                    "instance_id", "data_element", "category_option_combo", "source", "indicator", "series", "dimensions", "aggregation",
                    "factor", "updated_by", "updated_at",
                ],
                rows: upserting.map { m in
                    [
                        SQLBind(instanceID), SQLBind(m.dataElement), SQLBind(m.categoryOptionCombo ?? ""), SQLBind(m.source.rawValue),
                        SQLBind(m.indicator), SQLBind(m.series), SQLBind(m.dimensions), SQLBind(m.aggregation.rawValue), SQLBind(m.factor),
                        SQLBind(change.actorName), SQLBind(now),
                    ]
                },
                upsertOn: ["instance_id", "data_element", "category_option_combo"],
                updating: ["source", "indicator", "series", "dimensions", "aggregation", "factor", "updated_by", "updated_at"]
            )
            try await AuditLog.record(
                db,
                change,
                action: replaceAll ? "replace-mapping" : "edit-mapping",
                entity: "dhis2_instance",
                id: String(instanceID),
                before: String?.none,
                after: "\(upserting.count) saved, \(removing.count) removed"
            )
        }
    }

    // MARK: Organisation units

    /// The organisation units fetched from the instance, with their matches.
    public func orgUnits(instanceID: Int64) async throws -> [DHIS2OrgUnitMatch] {
        try await database.read { db in
            try await db.select().column("*").from("dhis2_org_units").where("instance_id", .equal, instanceID)
                .orderBy("level").orderBy("name").all().map { row in
                    DHIS2OrgUnitMatch(
                        orgUnit: DHIS2OrgUnit(
                            uid: try row.string("uid"),
                            code: try row.optionalString("code"),
                            name: try row.string("name"),
                            level: try row.optionalInt("level"),
                            parentUID: try row.optionalString("parent_uid"),
                            path: try row.optionalString("path")
                        ),
                        areaCode: try row.optionalString("area_code"),
                        basis: try row.optionalString("basis").flatMap(DHIS2OrgUnitMatch.Basis.init(rawValue:)),
                        confirmed: try row.bool("confirmed")
                    )
                }
        }
    }

    /// Stores a fresh list of organisation units with proposed matches. A unit already known keeps
    /// its confirmed match (a person's decision is never overwritten by a proposal); names, codes
    /// and places in the tree are updated.
    public func storeOrgUnits(instanceID: Int64, proposals: [DHIS2OrgUnitMatch]) async throws {
        try await database.write { db in
            var confirmed: Set<String> = []
            for row in try await db.select().column("uid").from("dhis2_org_units").where("instance_id", .equal, instanceID)
                .where("confirmed", .equal, 1).all()
            {
                confirmed.insert(try row.string("uid"))
            }
            for chunk in stride(from: 0, to: proposals.count, by: 500) {
                let part = proposals[chunk..<min(chunk + 500, proposals.count)]
                let fresh = part.filter { !confirmed.contains($0.orgUnit.uid) }
                try await db.insertBatched(
                    into: "dhis2_org_units",
                    columns: ["instance_id", "uid", "code", "name", "level", "parent_uid", "path", "area_code", "basis", "confirmed"],
                    rows: fresh.map { m in
                        [
                            SQLBind(instanceID), SQLBind(m.orgUnit.uid), SQLValue.text(m.orgUnit.code), SQLBind(m.orgUnit.name),
                            SQLValue.int(m.orgUnit.level), SQLValue.text(m.orgUnit.parentUID), SQLValue.text(m.orgUnit.path),
                            SQLValue.text(m.areaCode), SQLValue.text(m.basis?.rawValue), SQLValue.bool(false),
                        ]
                    },
                    upsertOn: ["instance_id", "uid"],
                    updating: ["code", "name", "level", "parent_uid", "path", "area_code", "basis", "confirmed"]
                )
                for m in part where confirmed.contains(m.orgUnit.uid) {
                    try await db.update("dhis2_org_units").set("code", to: SQLValue.text(m.orgUnit.code)).set("name", to: m.orgUnit.name)
                        .set("level", to: SQLValue.int(m.orgUnit.level)).set("parent_uid", to: SQLValue.text(m.orgUnit.parentUID))
                        .set("path", to: SQLValue.text(m.orgUnit.path))
                        .where("instance_id", .equal, instanceID).where("uid", .equal, m.orgUnit.uid).run()
                }
            }
        }
    }

    /// A person's decision on organisation units: each to an area (or to none), confirmed.
    public func confirmMatches(instanceID: Int64, _ decisions: [String: String?], change: ChangeContext) async throws {
        try await database.write { db in
            let now = Timestamp.now()
            for (uid, area) in decisions.sorted(by: { $0.key < $1.key }) {
                let before = try await db.select().column("area_code").column("basis").from("dhis2_org_units")
                    .where("instance_id", .equal, instanceID).where("uid", .equal, uid).first()
                guard let before else { throw Problem.notFound }
                let proposed = try before.optionalString("area_code")
                let basis = proposed == area ? (try before.optionalString("basis") ?? "manual") : "manual"
                try await db.update("dhis2_org_units").set("area_code", to: SQLValue.text(area)).set("basis", to: basis)
                    .set("confirmed", to: SQLValue.bool(true)).set("confirmed_by", to: change.actorName).set("confirmed_at", to: now)
                    .where("instance_id", .equal, instanceID).where("uid", .equal, uid).run()
            }
            try await AuditLog.record(
                db,
                change,
                action: "confirm-org-units",
                entity: "dhis2_instance",
                id: String(instanceID),
                before: String?.none,
                after: decisions.keys.sorted().map { "\($0)=\((decisions[$0] ?? nil) ?? "-")" }.joined(separator: ",")
            )
        }
    }

    /// Confirmed matches only: DHIS2 organisation unit UID → Pasan area code.
    public func confirmedAreas(instanceID: Int64) async throws -> [String: String] {
        try await database.read { db in
            var result: [String: String] = [:]
            for row in try await db.select().column("uid").column("area_code").from("dhis2_org_units")
                .where("instance_id", .equal, instanceID).where("confirmed", .equal, 1).where("area_code", .isNot, SQLLiteral.null).all()
            {
                result[try row.string("uid")] = try row.string("area_code")
            }
            return result
        }
    }

    // MARK: Pulls

    /// Records a pull and the cells it brought (for the next pull's comparison).
    @discardableResult
    public func recordPull(
        instanceID: Int64,
        trigger: String,
        attempt: Int,
        startedAt: Date,
        actor: String,
        report: DHIS2PullReport,
        values: [CellKey: Double?],
        retryAt: Date?,
        nextPullAt: Date?
    ) async throws -> Int64 {
        let summary = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        return try await database.write { db in
            let row = try await db.insert(into: "dhis2_pulls")
                .columns("instance_id", "trigger", "attempt", "status", "started_at", "finished_at", "actor", "summary", "retry_at")
                .values(
                    SQLBind(instanceID),
                    SQLBind(trigger),
                    SQLBind(attempt),
                    SQLBind(report.failure == nil ? "succeeded" : "failed"),
                    SQLBind(Timestamp.string(from: startedAt)),
                    SQLBind(Timestamp.now()),
                    SQLBind(actor),
                    SQLBind(summary),
                    SQLValue.text(retryAt.map(Timestamp.string(from:)))
                )
                .returning("id").first()
            let id = Int64(try row!.int("id"))
            try await db.insertBatched(
                into: "dhis2_pull_values",
                columns: ["pull_id", "indicator", "series", "area", "period", "dimensions", "value"],
                rows: values.map { key, value in
                    [
                        SQLBind(id), SQLBind(key.indicator), SQLBind(key.series), SQLBind(key.area), SQLBind(key.period),
                        SQLBind(key.dimensions), SQLValue.double(value),
                    ]
                }
            )
            if let nextPullAt {
                try await db.update("dhis2_instances").set("next_pull_at", to: Timestamp.string(from: nextPullAt))
                    .where("id", .equal, instanceID).run()
            }
            return id
        }
    }

    /// The cells of the latest successful pull, for "what changed since the last pull" (a push
    /// carries what its sender chose, not all the data: it is not compared with).
    public func lastPulledValues(instanceID: Int64) async throws -> [CellKey: Double?]? {
        try await database.read { db in
            guard
                let last = try await db.select().column("id").from("dhis2_pulls").where("instance_id", .equal, instanceID)
                    .where("status", .equal, "succeeded").where("trigger", .notEqual, "push").orderBy("id", .descending).limit(1).first()
            else { return nil }
            var values: [CellKey: Double?] = [:]
            for row in try await db.select().column("*").from("dhis2_pull_values").where("pull_id", .equal, try last.int("id")).all() {
                let key = CellKey(
                    indicator: try row.string("indicator"),
                    series: try row.string("series"),
                    area: try row.string("area"),
                    period: try row.string("period"),
                    dimensions: try row.string("dimensions")
                )
                values[key] = try row.decodeNil(column: "value") ? nil : try row.double("value")
            }
            return values
        }
    }

    public func pulls(instanceID: Int64, limit: Int = 50) async throws -> [DHIS2PullRecord] {
        try await database.read { db in
            try await db.select().column("*").from("dhis2_pulls").where("instance_id", .equal, instanceID).orderBy("id", .descending)
                .limit(limit).all().map(Self.pull)
        }
    }

    public func pull(id: Int64) async throws -> DHIS2PullRecord? {
        try await database.read { db in
            try await db.select().column("*").from("dhis2_pulls").where("id", .equal, id).first().map(Self.pull)
        }
    }

    static func pull(_ row: any SQLRow) throws -> DHIS2PullRecord {
        DHIS2PullRecord(
            id: Int64(try row.int("id")),
            instanceID: Int64(try row.int("instance_id")),
            trigger: try row.string("trigger"),
            attempt: try row.int("attempt"),
            succeeded: try row.string("status") == "succeeded",
            startedAt: try row.string("started_at"),
            finishedAt: try row.string("finished_at"),
            actor: try row.string("actor"),
            report: try JSONDecoder().decode(DHIS2PullReport.self, from: Data(try row.string("summary").utf8)),
            retryAt: try row.optionalString("retry_at")
        )
    }

    /// What the scheduler has to do at `now`: instances whose scheduled pull is due, and failed
    /// scheduled pulls whose retry is due (the latest pull of the instance only).
    public func due(at now: Date) async throws -> [(instance: DHIS2Instance, attempt: Int)] {
        let instances = try await instances()
        var result: [(DHIS2Instance, Int)] = []
        for instance in instances {
            let last = try await pulls(instanceID: instance.id, limit: 1).first
            if let last, !last.succeeded, last.trigger == "schedule", let retryAt = last.retryAt {
                if Timestamp.date(retryAt) <= now { result.append((instance, last.attempt + 1)) }
                continue
            }
            if instance.schedule != .none, let next = instance.nextPullAt, Timestamp.date(next) <= now {
                result.append((instance, 1))
            }
        }
        return result
    }
}
