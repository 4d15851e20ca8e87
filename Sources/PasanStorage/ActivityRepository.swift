import Foundation
import PasanDomain
import PasanMessages
import SQLKit

/// What an activity write refused: a place or institution that Pasan does not know.
public enum ActivityStorageError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownArea(activity: String, code: String)
    case unknownInstitution(activity: String, code: String)
    case unknownActivity(Int64)
    case noSuchLocation(activity: Int64, position: Int)

    public var description: String { message.text(in: .en) }

    public var message: Message {
        switch self {
        case .unknownArea(let activity, let code):
            Message("activities.storage.unknownArea", ["activity": .text(activity), "code": .text(code)])
        case .unknownInstitution(let activity, let code):
            Message("activities.storage.unknownInstitution", ["activity": .text(activity), "code": .text(code)])
        case .unknownActivity(let id):
            Message("activities.storage.unknownActivity", ["id": .text(String(id))])
        case .noSuchLocation(let activity, let position):
            Message("activities.storage.noSuchLocation", ["id": .text(String(activity)), "position": .text(String(position))])
        }
    }
}

/// What saving activities did: identifiers added, changed (a new revision) and unchanged.
public struct ActivitySaveResult: Sendable, Hashable, Codable {
    public var added: [String] = []
    public var changed: [String] = []
    public var unchanged: [String] = []

    public init(added: [String] = [], changed: [String] = [], unchanged: [String] = []) {
        self.added = added
        self.changed = changed
        self.unchanged = unchanged
    }

    /// Whether anything was written.
    public var hasChanges: Bool { !added.isEmpty || !changed.isEmpty }
}

/// What the activity list is narrowed to. Every field `nil`: every activity.
public struct ActivityFilter: Sendable, Hashable {
    /// An area code: a province (2 digits), district (4) or village (7). Activities with a
    /// confirmed place in that area's subtree; for a village, also those known only at the
    /// level of the village's district.
    public var area: String?
    /// An institution code (the implementer, or a partner or funder), or an organisation key
    /// (`ref:XM-DAC-41122`).
    public var institution: String?
    /// An SDG goal (`3`), target (`3.1`) or indicator (`3.1.1`): activities serving it (a goal
    /// takes in its targets and indicators, a target its indicators).
    public var sdg: String?
    public var status: ActivityStatus?
    /// A DAC 3-digit sector or 5-digit purpose code.
    public var sector: String?

    public init(
        area: String? = nil,
        institution: String? = nil,
        sdg: String? = nil,
        status: ActivityStatus? = nil,
        sector: String? = nil
    ) {
        self.area = area?.nilIfBlank
        self.institution = institution?.nilIfBlank
        self.sdg = sdg?.nilIfBlank
        self.status = status
        self.sector = sector?.nilIfBlank
    }

    /// Whether the filter narrows anything.
    public var isEmpty: Bool { area == nil && institution == nil && sdg == nil && status == nil && sector == nil }
}

/// One saved version of an activity: the whole activity as it was, who saved it, when and why.
public struct ActivityRevision: Sendable, Hashable {
    public var identifier: String
    public var revision: Int
    public var activity: Activity?
    public var changedBy: String
    public var changedAt: String
    public var reason: String?

    public init(identifier: String, revision: Int, activity: Activity?, changedBy: String, changedAt: String, reason: String?) {
        self.identifier = identifier
        self.revision = revision
        self.activity = activity
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.reason = reason
    }
}

/// A place matched only by its name, waiting for a person to confirm or decline it.
public struct ProposedActivityLocation: Sendable, Hashable {
    public var activityID: Int64
    public var identifier: String
    public var title: LocalizedText
    public var implementer: ActivityOrganisation
    /// The place's position among the activity's places.
    public var position: Int
    public var location: ActivityLocation

    public init(
        activityID: Int64,
        identifier: String,
        title: LocalizedText,
        implementer: ActivityOrganisation,
        position: Int,
        location: ActivityLocation
    ) {
        self.activityID = activityID
        self.identifier = identifier
        self.title = title
        self.implementer = implementer
        self.position = position
        self.location = location
    }
}

/// The activity registry in the database (`docs/villages.md`): activities saved by upsert on
/// their identifier, each change a new revision with the whole activity kept in
/// `activity_revisions`; places matched only by name wait for a person's decision, which is kept
/// when a re-import proposes the same place again.
public struct ActivityRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    // MARK: Reading

    /// One activity by its row id.
    public func activity(id: Int64) async throws -> Activity? {
        try await database.read { db in try await Self.load(db, ids: [id]).first }
    }

    /// One activity by its identifier.
    public func activity(identifier: String) async throws -> Activity? {
        try await database.read { db in
            guard let row = try await db.select().column("id").from("activities").where("identifier", .equal, identifier).first()
            else { return nil }
            return try await Self.load(db, ids: [Int64(try row.int("id"))]).first
        }
    }

    /// A page of the activities the filter selects, by identifier.
    public func activities(filter: ActivityFilter = ActivityFilter(), page: PageRequest) async throws -> Page<Activity> {
        try await database.read { db in
            let condition = Self.condition(filter)
            let total = try await db.raw("SELECT COUNT(*) AS n FROM activities a WHERE " + condition).first()?.int("n") ?? 0
            let ids = try await db.raw(
                "SELECT a.id FROM activities a WHERE " + condition
                    + " ORDER BY a.identifier LIMIT \(unsafeRaw: String(page.limit)) OFFSET \(unsafeRaw: String(page.offset))"
            ).all().map { Int64(try $0.int("id")) }
            let items = try await Self.load(db, ids: ids)
            return Page(items: items, total: total, request: page)
        }
    }

    /// Every activity the filter selects (for exports), by identifier.
    public func all(filter: ActivityFilter = ActivityFilter()) async throws -> [Activity] {
        try await database.read { db in
            let ids = try await db.raw("SELECT a.id FROM activities a WHERE " + Self.condition(filter) + " ORDER BY a.identifier")
                .all().map { Int64(try $0.int("id")) }
            return try await Self.load(db, ids: ids)
        }
    }

    /// Every saved version of an activity, oldest first.
    public func revisions(identifier: String) async throws -> [ActivityRevision] {
        try await database.read { db in
            try await db.select().columns("identifier", "revision", "document", "changed_by", "changed_at", "reason")
                .from("activity_revisions").where("identifier", .equal, identifier).orderBy("revision").all()
                .map { row in
                    let document = try row.string("document")
                    return ActivityRevision(
                        identifier: try row.string("identifier"),
                        revision: try row.int("revision"),
                        activity: try? JSONDecoder().decode(Activity.self, from: Data(document.utf8)),
                        changedBy: try row.string("changed_by"),
                        changedAt: try row.string("changed_at"),
                        reason: try row.optionalString("reason")
                    )
                }
        }
    }

    /// Places matched only by name that nobody has decided on yet, by activity identifier.
    public func proposedLocations() async throws -> [ProposedActivityLocation] {
        try await database.read { db in
            let ids = try await db.raw(
                "SELECT DISTINCT activity_id FROM activity_locations WHERE status = 'proposed'"
            ).all().map { Int64(try $0.int("activity_id")) }
            let activities = try await Self.load(db, ids: ids)
            return activities.flatMap { activity in
                activity.locations.enumerated().compactMap { position, location in
                    guard location.status == .proposed, let id = activity.id else { return nil }
                    return ProposedActivityLocation(
                        activityID: id,
                        identifier: activity.identifier,
                        title: activity.title,
                        implementer: activity.implementer,
                        position: position,
                        location: location
                    )
                }
            }
        }
    }

    /// The next identifier Pasan gives an institution's activity: `LA-PASAN-<institution>-<n>`,
    /// one more than the highest in use.
    public func nextIdentifier(for institution: String) async throws -> String {
        let prefix = "LA-PASAN-\(institution)-"
        let highest = try await database.read { db in
            try await db.select().column("identifier").from("activities").where("identifier", .like, prefix + "%").all()
                .compactMap { Int(try $0.string("identifier").dropFirst(prefix.count)) }.max() ?? 0
        }
        return prefix + String(highest + 1)
    }

    /// Every activity with what overlap detection needs (no descriptions, budgets or
    /// participants), by identifier.
    public func allForOverlapDetection() async throws -> [Activity] {
        try await database.read { db in
            let rows = try await db.select()
                .columns("id", "identifier", "implementer_key", "implementer_institution", "implementer_ref", "implementer_name_en")
                .columns("title_en", "status", "start_date", "end_date", "is_illustrative", "revision", "origin")
                .from("activities").orderBy("identifier").all()
            var activities: [Int64: Activity] = [:]
            var order: [Int64] = []
            for row in rows {
                let id = Int64(try row.int("id"))
                order.append(id)
                activities[id] = Activity(
                    id: id,
                    identifier: try row.string("identifier"),
                    implementer: ActivityOrganisation(
                        role: .implementing,
                        institution: try row.optionalString("implementer_institution"),
                        ref: try row.optionalString("implementer_ref"),
                        name: LocalizedText(en: try row.string("implementer_name_en"), lo: nil, loStatus: .machine)
                    ),
                    title: LocalizedText(en: try row.string("title_en"), lo: nil, loStatus: .machine),
                    status: ActivityStatus(rawValue: try row.string("status")) ?? .implementation,
                    start: try row.optionalString("start_date").flatMap(LocalDate.init(iso:)),
                    end: try row.optionalString("end_date").flatMap(LocalDate.init(iso:)),
                    origin: ActivityOrigin(rawValue: try row.string("origin")) ?? .app,
                    isIllustrative: try row.bool("is_illustrative"),
                    revision: try row.int("revision")
                )
            }
            for row in try await db.raw(
                "SELECT activity_id, area_code, level FROM activity_locations WHERE status = 'confirmed' ORDER BY activity_id, position"
            ).all() {
                let id = Int64(try row.int("activity_id"))
                guard let level = AreaLevel(rawValue: try row.string("level")) else { continue }
                activities[id]?.locations.append(ActivityLocation(areaCode: try row.string("area_code"), level: level))
            }
            for row in try await db.raw("SELECT activity_id, vocabulary, code FROM activity_sectors ORDER BY activity_id, vocabulary, code")
                .all()
            {
                let id = Int64(try row.int("activity_id"))
                activities[id]?.sectors.append(ActivitySector(vocabulary: try row.string("vocabulary"), code: try row.string("code")))
            }
            for row in try await db.raw("SELECT activity_id, kind, code FROM activity_sdg WHERE kind <> 'goal'").all() {
                let id = Int64(try row.int("activity_id"))
                let code = try row.string("code")
                if try row.string("kind") == "target" {
                    activities[id]?.sdgTargets.append(code)
                } else {
                    activities[id]?.sdgIndicators.append(code)
                }
            }
            return order.compactMap { activities[$0] }
        }
    }

    // MARK: Loading

    /// The activities with these row ids, whole, in the order given.
    static func load(_ db: any SQLDatabase, ids: [Int64]) async throws -> [Activity] {
        guard !ids.isEmpty else { return [] }
        var activities: [Int64: Activity] = [:]
        for chunk in ids.chunked(into: 500) {
            let list = Array(chunk)
            for row in try await db.select().column("*").from("activities").where("id", .in, list).all() {
                let activity = try Self.activity(row)
                if let id = activity.id { activities[id] = activity }
            }
            for row in try await db.select().column("*").from("activity_participants").where("activity_id", .in, list)
                .orderBy("activity_id").orderBy("position").all()
            {
                let id = Int64(try row.int("activity_id"))
                let status = activities[id]?.title.loStatus ?? .machine
                activities[id]?.participants.append(
                    ActivityOrganisation(
                        role: OrganisationRole(rawValue: try row.string("role")) ?? .implementing,
                        institution: try row.optionalString("institution"),
                        ref: try row.optionalString("ref"),
                        name: LocalizedText(en: try row.string("name_en"), lo: try row.optionalString("name_lo"), loStatus: status)
                    )
                )
            }
            for row in try await db.select().column("*").from("activity_locations").where("activity_id", .in, list)
                .orderBy("activity_id").orderBy("position").all()
            {
                let id = Int64(try row.int("activity_id"))
                activities[id]?.locations.append(try Self.location(row))
            }
            for row in try await db.select().column("*").from("activity_sectors").where("activity_id", .in, list).all() {
                let id = Int64(try row.int("activity_id"))
                activities[id]?.sectors.append(ActivitySector(vocabulary: try row.string("vocabulary"), code: try row.string("code")))
            }
            for row in try await db.select().column("*").from("activity_sdg").where("activity_id", .in, list).all() {
                let id = Int64(try row.int("activity_id"))
                let code = try row.string("code")
                switch try row.string("kind") {
                case "goal": if let goal = Int(code) { activities[id]?.sdgGoals.append(goal) }
                case "target": activities[id]?.sdgTargets.append(code)
                default: activities[id]?.sdgIndicators.append(code)
                }
            }
        }
        return ids.compactMap { activities[$0].map(Self.normalised) }
    }

    static func activity(_ row: any SQLRow) throws -> Activity {
        let title = try row.localized("title")
        var description: LocalizedText?
        if let en = try row.optionalString("description_en") {
            description = LocalizedText(en: en, lo: try row.optionalString("description_lo"), loStatus: title.loStatus)
        }
        var budget: ActivityBudget?
        if !(try row.decodeNil(column: "budget_amount")) {
            budget = ActivityBudget(amount: try row.double("budget_amount"), currency: try row.optionalString("budget_currency") ?? "")
        }
        return Activity(
            id: Int64(try row.int("id")),
            identifier: try row.string("identifier"),
            implementer: ActivityOrganisation(
                role: .implementing,
                institution: try row.optionalString("implementer_institution"),
                ref: try row.optionalString("implementer_ref"),
                name: LocalizedText(
                    en: try row.string("implementer_name_en"),
                    lo: try row.optionalString("implementer_name_lo"),
                    loStatus: title.loStatus
                )
            ),
            title: title,
            description: description,
            status: ActivityStatus(rawValue: try row.string("status")) ?? .implementation,
            start: try row.optionalString("start_date").flatMap(LocalDate.init(iso:)),
            end: try row.optionalString("end_date").flatMap(LocalDate.init(iso:)),
            budget: budget,
            origin: ActivityOrigin(rawValue: try row.string("origin")) ?? .app,
            sourceFile: try row.optionalString("source_file"),
            isIllustrative: try row.bool("is_illustrative"),
            revision: try row.int("revision")
        )
    }

    static func location(_ row: any SQLRow) throws -> ActivityLocation {
        var point: GeoPoint?
        if !(try row.decodeNil(column: "latitude")), !(try row.decodeNil(column: "longitude")) {
            point = GeoPoint(latitude: try row.double("latitude"), longitude: try row.double("longitude"))
        }
        return ActivityLocation(
            areaCode: try row.string("area_code"),
            level: AreaLevel(rawValue: try row.string("level")) ?? .village,
            match: LocationMatchKind(rawValue: try row.string("match")) ?? .code,
            status: LocationStatus(rawValue: try row.string("status")) ?? .proposed,
            point: point,
            givenName: try row.optionalString("given_name"),
            note: try row.optionalString("note")
        )
    }

    /// An activity in the one form storage keeps it in: SDG codes and sectors sorted and
    /// without repeats; every Lao text's review state that of the title (one column holds it);
    /// the implementer's role `implementing`.
    public static func normalised(_ activity: Activity) -> Activity {
        var a = activity
        let status = a.title.loStatus
        a.implementer.role = .implementing
        a.implementer.name.loStatus = status
        a.implementer.institution = a.implementer.institution?.nilIfBlank
        a.implementer.ref = a.implementer.ref?.nilIfBlank
        a.participants = a.participants.map { organisation in
            var organisation = organisation
            organisation.name.loStatus = status
            organisation.institution = organisation.institution?.nilIfBlank
            organisation.ref = organisation.ref?.nilIfBlank
            return organisation
        }
        if let description = a.description {
            a.description = description.en.isEmpty ? nil : LocalizedText(en: description.en, lo: description.lo, loStatus: status)
        }
        a.sdgGoals = Array(Set(a.sdgGoals)).sorted()
        a.sdgTargets = Array(Set(a.sdgTargets)).sorted { FrameworkCode.areInIncreasingOrder($0, $1) }
        a.sdgIndicators = Array(Set(a.sdgIndicators)).sorted { FrameworkCode.areInIncreasingOrder($0, $1) }
        var seenSectors = Set<ActivitySector>()
        a.sectors = a.sectors.filter { seenSectors.insert($0).inserted }.sorted { ($0.vocabulary, $0.code) < ($1.vocabulary, $1.code) }
        return a
    }

    // MARK: Filtering

    /// The SQL condition on `activities a` for a filter (values bound).
    static func condition(_ filter: ActivityFilter) -> SQLQueryString {
        var sql: SQLQueryString = "1 = 1"
        if let area = filter.area, area != "LA" {
            let place: SQLQueryString
            switch area.count {
            case 2: place = "l.province_code = \(bind: area)"
            case 4: place = "l.district_code = \(bind: area)"
            case 7:
                place = "(l.area_code = \(bind: area) OR (l.level = 'district' AND l.area_code = \(bind: String(area.prefix(4)))))"
            default: place = "l.area_code = \(bind: area)"
            }
            sql +=
                " AND EXISTS (SELECT 1 FROM activity_locations l WHERE l.activity_id = a.id AND l.status = 'confirmed' AND " + place
                + ")"
        }
        if let institution = filter.institution {
            sql += """
                 AND (a.implementer_institution = \(bind: institution) OR a.implementer_key = \(bind: institution) OR EXISTS \
                (SELECT 1 FROM activity_participants p WHERE p.activity_id = a.id AND p.institution = \(bind: institution)))
                """
        }
        if let sdg = filter.sdg {
            let depth = sdg.split(separator: ".").count
            let match: SQLQueryString
            switch depth {
            case 1:
                match =
                    "((s.kind = 'goal' AND s.code = \(bind: sdg)) OR (s.kind IN ('target', 'indicator') AND s.code LIKE \(bind: sdg + ".%")))"
            case 2: match = "((s.kind = 'target' AND s.code = \(bind: sdg)) OR (s.kind = 'indicator' AND s.code LIKE \(bind: sdg + ".%")))"
            default: match = "(s.kind = 'indicator' AND s.code = \(bind: sdg))"
            }
            sql += " AND EXISTS (SELECT 1 FROM activity_sdg s WHERE s.activity_id = a.id AND " + match + ")"
        }
        if let status = filter.status {
            sql += " AND a.status = \(bind: status.rawValue)"
        }
        if let sector = filter.sector {
            sql += """
                 AND EXISTS (SELECT 1 FROM activity_sectors c WHERE c.activity_id = a.id AND \
                (c.category = \(bind: sector) OR c.code = \(bind: sector)))
                """
        }
        return sql
    }
}
