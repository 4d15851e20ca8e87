import Foundation
import PasanDomain
import PasanMessages
import SQLKit
import Synchronization

/// What one run of overlap detection changed.
public struct OverlapRefresh: Sendable, Hashable {
    /// Overlaps found in this run.
    public var found: Int
    /// Of those, pairs that were not current before (new, or back).
    public var new: Int
    /// Pairs current before and not found now (kept, marked not current).
    public var gone: Int
    /// Notes queued in the outbox.
    public var notices: Int

    public init(found: Int, new: Int, gone: Int, notices: Int = 0) {
        self.found = found
        self.new = new
        self.gone = gone
        self.notices = notices
    }
}

/// Why a decision on an overlap was refused.
public enum OverlapError: Error, Sendable, Equatable {
    /// No such pair of activities was ever found to overlap.
    case notFound
    /// A decision needs its how or why.
    case noteRequired

    public var message: Message {
        switch self {
        case .notFound: Message("overlaps.error.notFound")
        case .noteRequired: Message("overlaps.error.noteRequired")
        }
    }
}

/// An overlap as stored: the pair, whether detection still finds it, when it was first found.
public struct StoredOverlap: Sendable, Hashable {
    public var overlap: ActivityOverlap
    public var isCurrent: Bool
    public var foundAt: String

    public init(overlap: ActivityOverlap, isCurrent: Bool, foundAt: String) {
        self.overlap = overlap
        self.isCurrent = isCurrent
        self.foundAt = foundAt
    }
}

/// One of the two activities of an overlap, as its page shows it.
public struct OverlapActivity: Sendable, Hashable {
    /// The activity's row (its page's address).
    public var id: Int64?
    public var identifier: String
    public var title: LocalizedText
    public var implementerName: LocalizedText
    /// The Pasan institution implementing it, when it is one.
    public var implementerInstitution: String?
    public var status: ActivityStatus
    public var start: LocalDate?
    public var end: LocalDate?
    public var isIllustrative: Bool

    public init(
        identifier: String,
        title: LocalizedText,
        implementerName: LocalizedText,
        implementerInstitution: String?,
        status: ActivityStatus,
        start: LocalDate?,
        end: LocalDate?,
        isIllustrative: Bool,
        id: Int64? = nil
    ) {
        self.id = id
        self.identifier = identifier
        self.title = title
        self.implementerName = implementerName
        self.implementerInstitution = implementerInstitution
        self.status = status
        self.start = start
        self.end = end
        self.isIllustrative = isIllustrative
    }
}

/// An overlap with its two activities and every decision taken on it (oldest first).
public struct OverlapDetail: Sendable, Hashable {
    public var stored: StoredOverlap
    /// The two activities (first, second); an activity no longer in the registry is missing.
    public var activities: [OverlapActivity]
    public var history: [OverlapResolution]
}

/// Which overlaps to list. Every field narrows the list; `nil` leaves it open.
public struct OverlapFilter: Sendable, Hashable {
    public var province: String?
    public var district: String?
    /// An area code: overlaps with a place in it (or, for a village, at its district's level).
    public var areaPrefix: String?
    /// A DAC 3-digit sector.
    public var sector: String?
    /// An SDG target (`3.1`).
    public var target: String?
    /// An SDG goal (`3`).
    public var goal: Int?
    /// A Pasan institution code (or an organisation key, `ref:XM-DAC-41122`).
    public var institution: String?
    public var state: OverlapState?
    public var currentOnly: Bool

    public init(
        province: String? = nil,
        district: String? = nil,
        areaPrefix: String? = nil,
        sector: String? = nil,
        target: String? = nil,
        goal: Int? = nil,
        institution: String? = nil,
        state: OverlapState? = nil,
        currentOnly: Bool = true
    ) {
        self.province = province
        self.district = district
        self.areaPrefix = areaPrefix
        self.sector = sector
        self.target = target
        self.goal = goal
        self.institution = institution
        self.state = state
        self.currentOnly = currentOnly
    }
}

/// Overlaps between activities (issue 14, `docs/villages.md`): detection over the whole
/// registry stored pair by pair (a vanished pair is kept, not current; people's decisions are
/// kept per pair as revisions), the first-time note to the institutions' focal points through
/// the outbox, lists, one overlap with its history, and the counts the overlap map shades by.
public struct OverlapRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    // MARK: Detection

    /// Runs detection over every activity and stores the result in one transaction. `link`
    /// makes the address of an overlap's page for the notes (none when `nil`).
    @discardableResult
    public func refresh(now: Date, link: (@Sendable (Int64) -> String)? = nil) async throws -> OverlapRefresh {
        let loaded = try await database.read { db in try await Self.loadItems(db) }
        let found = OverlapDetection.detect(items: loaded.items)
        let stamp = Timestamp.string(from: now)
        return try await database.write { db in
            try await Self.store(found, titles: loaded.titles, stamp: stamp, link: link, db: db)
        }
    }

    /// What detection needs of every activity, read compactly from the registry's tables.
    struct Loaded: Sendable {
        var items: [OverlapDetection.Item]
        var titles: [String: LocalizedText]
    }

    static func loadItems(_ db: any SQLDatabase) async throws -> Loaded {
        var index: [Int: Int] = [:]
        var items: [OverlapDetection.Item] = []
        var titles: [String: LocalizedText] = [:]
        let activities = try await db.raw(
            """
            SELECT id, identifier, implementer_key, status, start_date, end_date, title_en, title_lo, lo_status
            FROM activities ORDER BY identifier
            """
        ).all()
        items.reserveCapacity(activities.count)
        for row in activities {
            let identifier = try row.string("identifier")
            index[try row.int("id")] = items.count
            items.append(
                OverlapDetection.Item(
                    identifier: identifier,
                    implementerKey: try row.string("implementer_key"),
                    isCancelled: try row.string("status") == ActivityStatus.cancelled.rawValue,
                    start: try row.optionalString("start_date").flatMap(LocalDate.init(iso:)),
                    end: try row.optionalString("end_date").flatMap(LocalDate.init(iso:)),
                    villages: [],
                    districts: [],
                    targets: [],
                    sectors: []
                )
            )
            titles[identifier] = try row.localized("title")
        }
        let places = try await db.raw(
            """
            SELECT activity_id, area_code, level FROM activity_locations
            WHERE status = 'confirmed' AND level IN ('village', 'district')
            """
        ).all()
        for row in places {
            guard let i = index[try row.int("activity_id")] else { continue }
            let code = try row.string("area_code")
            if try row.string("level") == "village" { items[i].villages.append(code) } else { items[i].districts.append(code) }
        }
        for row in try await db.raw("SELECT activity_id, vocabulary, code FROM activity_sectors").all() {
            guard let i = index[try row.int("activity_id")] else { continue }
            let sector = ActivitySector(vocabulary: try row.string("vocabulary"), code: try row.string("code"))
            if let category = sector.dacCategory { items[i].sectors.append(category) }
        }
        for row in try await db.raw("SELECT activity_id, kind, code FROM activity_sdg WHERE kind IN ('target', 'indicator')").all() {
            guard let i = index[try row.int("activity_id")] else { continue }
            let code = try row.string("code")
            if try row.string("kind") == "target" {
                items[i].targets.append(code)
            } else {
                let parts = code.split(separator: ".")
                if parts.count >= 2 { items[i].targets.append("\(parts[0]).\(parts[1])") }
            }
        }
        return Loaded(items: items, titles: titles)
    }

    /// The stored form of a pair's content, to write only what changed.
    private static func signature(
        _ implementers: (String, String),
        level: String,
        targets: String,
        sectors: String,
        period: (String?, String?),
        places: [String]
    ) -> String {
        [implementers.0, implementers.1, level, targets, sectors, period.0 ?? "", period.1 ?? "", places.sorted().joined(separator: ";")]
            .joined(separator: "|")
    }

    private static func signature(_ overlap: ActivityOverlap) -> String {
        signature(
            (overlap.firstImplementer, overlap.secondImplementer),
            level: overlap.level.rawValue,
            targets: overlap.sharedTargets.joined(separator: ","),
            sectors: overlap.sharedSectors.joined(separator: ","),
            period: (overlap.periodStart?.description, overlap.periodEnd?.description),
            places: overlap.places.map { "\($0.areaCode):\($0.level.rawValue)" }
        )
    }

    static func store(
        _ found: [ActivityOverlap],
        titles: [String: LocalizedText],
        stamp: String,
        link: (@Sendable (Int64) -> String)?,
        db: any SQLDatabase
    ) async throws -> OverlapRefresh {
        struct Existing {
            var id: Int
            var isCurrent: Bool
            var row: (String, String, String, String, String, String?, String?)
            var places: [String] = []
        }
        var existing: [String: Existing] = [:]
        var keyByID: [Int: String] = [:]
        for row in try await db.raw(
            """
            SELECT id, first_activity, second_activity, first_implementer, second_implementer, level,
                   shared_targets, shared_sectors, period_start, period_end, is_current
            FROM activity_overlaps
            """
        ).all() {
            let key = try row.string("first_activity") + "\u{1F}" + row.string("second_activity")
            let id = try row.int("id")
            keyByID[id] = key
            existing[key] = Existing(
                id: id,
                isCurrent: try row.bool("is_current"),
                row: (
                    try row.string("first_implementer"), try row.string("second_implementer"), try row.string("level"),
                    try row.string("shared_targets"), try row.string("shared_sectors"), try row.optionalString("period_start"),
                    try row.optionalString("period_end")
                )
            )
        }
        for row in try await db.raw("SELECT overlap_id, area_code, level FROM activity_overlap_places").all() {
            guard let key = keyByID[try row.int("overlap_id")] else { continue }
            existing[key]?.places.append(try row.string("area_code") + ":" + row.string("level"))
        }

        var inserted: [ActivityOverlap] = []
        var changed: [(Int, ActivityOverlap)] = []
        var newCount = 0
        var foundKeys: Set<String> = []
        for overlap in found {
            foundKeys.insert(overlap.pairKey)
            guard let old = existing[overlap.pairKey] else {
                inserted.append(overlap)
                newCount += 1
                continue
            }
            if !old.isCurrent { newCount += 1 }
            let oldSignature = signature(
                (old.row.0, old.row.1),
                level: old.row.2,
                targets: old.row.3,
                sectors: old.row.4,
                period: (old.row.5, old.row.6),
                places: old.places
            )
            if !old.isCurrent || oldSignature != signature(overlap) { changed.append((old.id, overlap)) }
        }
        let gone = existing.filter { $0.value.isCurrent && !foundKeys.contains($0.key) }.map(\.value.id).sorted()

        // Pairs no longer found: kept (with any decision), not current.
        for chunk in gone.inChunks(500) {
            try await db.update("activity_overlaps").set("is_current", to: 0).where("id", .in, chunk).run()
        }
        // Pairs whose content changed: the row updated, the places written again.
        for (id, overlap) in changed {
            try await db.update("activity_overlaps")
                .set("first_implementer", to: overlap.firstImplementer)
                .set("second_implementer", to: overlap.secondImplementer)
                .set("level", to: overlap.level.rawValue)
                .set("shared_targets", to: overlap.sharedTargets.joined(separator: ","))
                .set("shared_sectors", to: overlap.sharedSectors.joined(separator: ","))
                .set("period_start", to: SQLValue.text(overlap.periodStart?.description))
                .set("period_end", to: SQLValue.text(overlap.periodEnd?.description))
                .set("is_current", to: 1)
                .where("id", .equal, id).run()
        }
        for chunk in changed.map(\.0).inChunks(500) {
            try await db.delete(from: "activity_overlap_places").where("overlap_id", .in, chunk).run()
        }
        // New pairs.
        try await db.insertBatched(
            into: "activity_overlaps",
            columns: [
                "first_activity", "second_activity", "first_implementer", "second_implementer", "level", "shared_targets",
                "shared_sectors", "period_start", "period_end", "is_current", "found_at",
            ],
            rows: inserted.map { o in
                [
                    SQLBind(o.first), SQLBind(o.second), SQLBind(o.firstImplementer), SQLBind(o.secondImplementer),
                    SQLBind(o.level.rawValue), SQLBind(o.sharedTargets.joined(separator: ",")),
                    SQLBind(o.sharedSectors.joined(separator: ",")), SQLValue.text(o.periodStart?.description),
                    SQLValue.text(o.periodEnd?.description), SQLBind(1), SQLBind(stamp),
                ]
            }
        )
        var ids: [String: Int] = existing.mapValues(\.id)
        if !inserted.isEmpty {
            for row in try await db.raw("SELECT id, first_activity, second_activity FROM activity_overlaps WHERE found_at = \(bind: stamp)")
                .all()
            {
                ids[try row.string("first_activity") + "\u{1F}" + row.string("second_activity")] = try row.int("id")
            }
        }
        var placeRows: [[any SQLExpression]] = []
        for overlap in inserted + changed.map(\.1) {
            guard let id = ids[overlap.pairKey] else { continue }
            for place in overlap.places {
                placeRows.append([
                    SQLBind(id), SQLBind(place.areaCode), SQLBind(place.level.rawValue), SQLBind(place.districtCode),
                    SQLBind(place.provinceCode),
                ])
            }
        }
        try await db.insertBatched(
            into: "activity_overlap_places",
            columns: ["overlap_id", "area_code", "level", "district_code", "province_code"],
            rows: placeRows
        )
        let notices = try await notify(inserted, ids: ids, titles: titles, stamp: stamp, link: link, db: db)
        return OverlapRefresh(found: found.count, new: newCount, gone: gone.count, notices: notices)
    }

    // MARK: Notes to the institutions

    /// The first time a pair is found, a note to the current owner and reporter focal points of
    /// each Pasan institution in it; `overlap_notices` makes it once ever per pair and institution.
    private static func notify(
        _ overlaps: [ActivityOverlap],
        ids: [String: Int],
        titles: [String: LocalizedText],
        stamp: String,
        link: (@Sendable (Int64) -> String)?,
        db: any SQLDatabase
    ) async throws -> Int {
        var wanted: [(ActivityOverlap, String)] = []
        for overlap in overlaps {
            for key in Set([overlap.firstImplementer, overlap.secondImplementer]).sorted() where key.hasPrefix("inst:") {
                wanted.append((overlap, String(key.dropFirst(5))))
            }
        }
        guard !wanted.isEmpty else { return 0 }
        var noticed: Set<String> = []
        for row in try await db.raw("SELECT first_activity, second_activity, institution FROM overlap_notices").all() {
            noticed.insert(
                try row.string("first_activity") + "\u{1F}" + row.string("second_activity") + "\u{1F}" + row.string("institution")
            )
        }
        wanted.removeAll { noticed.contains($0.0.pairKey + "\u{1F}" + $0.1) }
        guard !wanted.isEmpty else { return 0 }
        try await db.insertBatched(
            into: "overlap_notices",
            columns: ["first_activity", "second_activity", "institution", "noticed_at"],
            rows: wanted.map { [SQLBind($0.0.first), SQLBind($0.0.second), SQLBind($0.1), SQLBind(stamp)] },
            ignoringConflicts: true
        )
        var recipients: [String: [(email: String, language: String)]] = [:]
        for row in try await db.raw(
            """
            SELECT t.institution, u.email, u.language FROM focal_point_terms t JOIN users u ON u.id = t.user_id
            WHERE t.ended_on IS NULL AND t.role IN ('owner', 'reporter') AND u.is_active = 1 ORDER BY t.id
            """
        ).all() {
            let institution = try row.string("institution")
            let email = try row.string("email")
            if recipients[institution, default: []].contains(where: { $0.email == email }) { continue }
            recipients[institution, default: []].append((email, try row.string("language")))
        }
        var sent = 0
        for (overlap, institution) in wanted {
            guard let people = recipients[institution], !people.isEmpty else { continue }
            let address = ids[overlap.pairKey].flatMap { id in link?(Int64(id)) }
            for person in people {
                let mail = noticeMail(overlap, titles: titles, link: address, language: Language(rawValue: person.language))
                try await Outbox.enqueue(db, to: person.email, subject: mail.subject, text: mail.text)
                sent += 1
            }
        }
        return sent
    }

    /// The note about a new overlap: in the recipient's language when known, else Lao with
    /// English below (texts: `overlaps.mail.*`).
    public static func noticeMail(
        _ overlap: ActivityOverlap,
        titles: [String: LocalizedText],
        link: String?,
        language: Language?
    )
        -> Mails.Mail
    {
        func title(_ identifier: String) -> LocalizedText {
            titles[identifier] ?? LocalizedText(en: identifier, lo: nil, loStatus: .machine)
        }
        let shared = (overlap.sharedTargets.map { "SDG \($0)" } + overlap.sharedSectors.map { "DAC \($0)" }).joined(separator: ", ")
        let body = Message(
            "overlaps.mail.body",
            [
                "first": .text(overlap.first), "firstTitle": .localized(title(overlap.first)),
                "firstImplementer": .text(displayKey(overlap.firstImplementer)),
                "second": .text(overlap.second), "secondTitle": .localized(title(overlap.second)),
                "secondImplementer": .text(displayKey(overlap.secondImplementer)),
                "places": .text(overlap.places.map(\.areaCode).joined(separator: ", ")),
                "shared": .text(shared),
            ]
        )
        let subject = Message("overlaps.mail.subject")
        let tail = link.map { "\n\($0)\n" } ?? "\n"
        switch language {
        case .en: return Mails.Mail(subject: subject.text(in: .en), text: body.text(in: .en) + tail)
        case .lo: return Mails.Mail(subject: subject.text(in: .lo), text: body.text(in: .lo) + tail)
        case nil: return Mails.Mail(subject: Mails.subject(subject), text: body.text(in: .lo) + tail + "\n" + body.text(in: .en) + tail)
        }
    }

    /// An organisation key as people read it: `inst:MOH` → `MOH`, `ref:XM-DAC-41122` → the reference.
    public static func displayKey(_ key: String) -> String {
        if let colon = key.firstIndex(of: ":") { return String(key[key.index(after: colon)...]) }
        return key
    }
}

extension Array {
    fileprivate func inChunks(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

extension OverlapRepository {
    // MARK: Decisions

    /// Records a decision on a pair as a new revision (the earlier ones are kept).
    @discardableResult
    public func resolve(
        first: String,
        second: String,
        state: OverlapState,
        note: String,
        by person: String,
        now: Date
    ) async throws
        -> OverlapResolution
    {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw OverlapError.noteRequired }
        let (first, second) = first <= second ? (first, second) : (second, first)
        let stamp = Timestamp.string(from: now)
        return try await database.write { db in
            guard
                try await db.raw(
                    "SELECT id FROM activity_overlaps WHERE first_activity = \(bind: first) AND second_activity = \(bind: second)"
                ).first() != nil
            else { throw OverlapError.notFound }
            let last =
                try await db.raw(
                    """
                    SELECT MAX(revision) AS revision FROM overlap_resolutions
                    WHERE first_activity = \(bind: first) AND second_activity = \(bind: second)
                    """
                ).first()?.optionalInt("revision") ?? 0
            let resolution = OverlapResolution(state: state, note: note, decidedBy: person, decidedAt: stamp, revision: last + 1)
            try await db.insert(into: "overlap_resolutions")
                .columns("first_activity", "second_activity", "state", "note", "revision", "decided_by", "decided_at")
                .values(
                    SQLBind(first),
                    SQLBind(second),
                    SQLBind(state.rawValue),
                    SQLBind(note),
                    SQLBind(resolution.revision),
                    SQLBind(person),
                    SQLBind(stamp)
                ).run()
            return resolution
        }
    }

    // MARK: Reading

    /// Overlaps matching `filter`, in the order they were first found, one page at a time.
    public func overlaps(filter: OverlapFilter, page: PageRequest) async throws -> Page<StoredOverlap> {
        try await database.read { db in
            let condition = Self.condition(filter)
            let total =
                try await db.raw("SELECT COUNT(*) AS n FROM activity_overlaps o WHERE \(condition)").first()?.int("n") ?? 0
            let rows = try await db.raw(
                """
                SELECT o.* FROM activity_overlaps o WHERE \(condition)
                ORDER BY o.id
                LIMIT \(literal: page.limit) OFFSET \(literal: page.offset)
                """
            ).all()
            let items = try await Self.overlaps(rows, db: db)
            return Page(items: items, total: total, request: page)
        }
    }

    /// One overlap with its two activities and its decisions.
    public func overlap(id: Int64) async throws -> OverlapDetail? {
        try await database.read { db in
            guard let row = try await db.raw("SELECT * FROM activity_overlaps WHERE id = \(bind: Int(id))").first(),
                let stored = try await Self.overlaps([row], db: db).first
            else { return nil }
            let pair = stored.overlap
            let found = try await Self.activities([pair.first, pair.second], db: db)
            let activities = [pair.first, pair.second].compactMap { found[$0] }
            let history = try await db.raw(
                """
                SELECT state, note, decided_by, decided_at, revision FROM overlap_resolutions
                WHERE first_activity = \(bind: pair.first) AND second_activity = \(bind: pair.second) ORDER BY revision
                """
            ).all().map(Self.resolution)
            return OverlapDetail(stored: stored, activities: activities, history: history)
        }
    }

    /// The activities named (those still in the registry), by identifier.
    public func activities(_ identifiers: [String]) async throws -> [String: OverlapActivity] {
        try await database.read { db in try await Self.activities(identifiers, db: db) }
    }

    static func activities(_ identifiers: [String], db: any SQLDatabase) async throws -> [String: OverlapActivity] {
        var found: [String: OverlapActivity] = [:]
        for chunk in Array(Set(identifiers)).sorted().inChunks(500) {
            let rows = try await db.select().columns(
                "id",
                "identifier",
                "title_en",
                "title_lo",
                "lo_status",
                "implementer_name_en",
                "implementer_name_lo",
                "implementer_institution",
                "status",
                "start_date",
                "end_date",
                "is_illustrative"
            ).from("activities").where("identifier", .in, chunk).all()
            for a in rows {
                let identifier = try a.string("identifier")
                found[identifier] = OverlapActivity(
                    identifier: identifier,
                    title: try a.localized("title"),
                    implementerName: LocalizedText(
                        en: try a.string("implementer_name_en"),
                        lo: try a.optionalString("implementer_name_lo"),
                        loStatus: .reviewed
                    ),
                    implementerInstitution: try a.optionalString("implementer_institution"),
                    status: ActivityStatus(rawValue: try a.string("status")) ?? .implementation,
                    start: try a.optionalString("start_date").flatMap(LocalDate.init(iso:)),
                    end: try a.optionalString("end_date").flatMap(LocalDate.init(iso:)),
                    isIllustrative: try a.bool("is_illustrative"),
                    id: Int64(try a.int("id"))
                )
            }
        }
        return found
    }

    /// The names of areas (villages are not in the catalog in memory), by code.
    public func areaNames(_ codes: [String]) async throws -> [String: LocalizedText] {
        try await database.read { db in
            var names: [String: LocalizedText] = [:]
            for chunk in Array(Set(codes)).sorted().inChunks(500) {
                for row in try await db.select().columns("code", "name_en", "name_lo", "lo_status").from("areas")
                    .where("code", .in, chunk).all()
                {
                    names[try row.string("code")] = try row.localized("name")
                }
            }
            return names
        }
    }

    /// Current overlaps' activities counted per district (each activity once per district),
    /// for the map; overlaps marked "not an overlap" are left out.
    public func districtCounts() async throws -> [String: Int] {
        try await counts(column: "district_code")
    }

    /// Current overlaps' activities counted per village (each activity once per village).
    public func villageCounts() async throws -> [String: Int] {
        try await counts(column: "area_code", villagesOnly: true)
    }

    private func counts(column: String, villagesOnly: Bool = false) async throws -> [String: Int] {
        let both = try await mapCounts()
        return villagesOnly ? both.villages : both.districts
    }

    /// The map's counts per district and per village. They are derived from the stored
    /// overlaps on every call: a fingerprint of the three tables (row counts, a checksum of the
    /// places, the decisions) is read each time (a few milliseconds), and the counts are
    /// recomputed whenever it differs from the one they were computed for.
    public func mapCounts() async throws -> (districts: [String: Int], villages: [String: Int]) {
        let key = ObjectIdentifier(database)
        let fingerprint = try await database.read { db in try await Self.fingerprint(db) }
        if let memo = Self.memo.withLock({ $0[key] }), memo.fingerprint == fingerprint { return (memo.districts, memo.villages) }
        let computed = try await database.read { db in
            let dismissed =
                try await db.raw("SELECT 1 AS one FROM overlap_resolutions WHERE state = 'not-overlap' LIMIT 1").first() != nil
            return (
                try await Self.counts(db, column: "district_code", villagesOnly: false, dismissed: dismissed),
                try await Self.counts(db, column: "area_code", villagesOnly: true, dismissed: dismissed)
            )
        }
        Self.memo.withLock { $0[key] = MapCounts(fingerprint: fingerprint, districts: computed.0, villages: computed.1) }
        return computed
    }

    struct MapCounts: Sendable {
        var fingerprint: String
        var districts: [String: Int]
        var villages: [String: Int]
    }

    private static let memo = Mutex<[ObjectIdentifier: MapCounts]>([:])

    static func fingerprint(_ db: any SQLDatabase) async throws -> String {
        let overlaps = try await db.raw(
            "SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS m, COALESCE(SUM(CASE WHEN is_current = 1 THEN id % 1000 ELSE 0 END), 0) AS c FROM activity_overlaps"
        ).first()
        let places = try await db.raw(
            """
            SELECT COUNT(*) AS n, COALESCE(SUM((overlap_id % 997) * (CAST(area_code AS INTEGER) % 991)), 0) AS c
            FROM activity_overlap_places
            """
        ).first()
        let decisions = try await db.raw("SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS m FROM overlap_resolutions").first()
        func text(_ row: (any SQLRow)?, _ column: String) -> String {
            guard let row else { return "-" }
            if let value = try? row.decode(column: column, as: Int.self) { return String(value) }
            if let value = try? row.decode(column: column, as: Double.self) { return String(value) }
            return (try? row.decode(column: column, as: String.self)) ?? "?"
        }
        return [
            text(overlaps, "n"), text(overlaps, "m"), text(overlaps, "c"), text(places, "n"), text(places, "c"), text(decisions, "n"),
            text(decisions, "m"),
        ].joined(separator: "/")
    }

    static func counts(_ db: any SQLDatabase, column: String, villagesOnly: Bool, dismissed: Bool) async throws -> [String: Int] {
        let level: SQLQueryString = villagesOnly ? " AND p.level = 'village'" : ""
        let decided: SQLQueryString = dismissed ? " AND \(Self.notDismissed)" : ""
        let rows = try await db.raw(
            """
            SELECT code, COUNT(*) AS n FROM (
                SELECT p.\(ident: column) AS code, o.first_activity AS activity
                FROM activity_overlap_places p JOIN activity_overlaps o ON o.id = p.overlap_id
                WHERE o.is_current = 1\(level)\(decided)
                UNION
                SELECT p.\(ident: column) AS code, o.second_activity AS activity
                FROM activity_overlap_places p JOIN activity_overlaps o ON o.id = p.overlap_id
                WHERE o.is_current = 1\(level)\(decided)
            ) t GROUP BY code
            """
        ).all()
        var counts: [String: Int] = [:]
        for row in rows { counts[try row.string("code")] = try row.int("n") }
        return counts
    }

    /// The latest decision's state of `o`'s pair, `'open'` without one.
    static let latestState: SQLQueryString = """
        COALESCE((SELECT r.state FROM overlap_resolutions r
            WHERE r.first_activity = o.first_activity AND r.second_activity = o.second_activity
            ORDER BY r.revision DESC LIMIT 1), 'open')
        """

    static let notDismissed: SQLQueryString = "\(latestState) <> 'not-overlap'"

    static func condition(_ filter: OverlapFilter) -> SQLQueryString {
        var parts: [SQLQueryString] = ["1 = 1"]
        if filter.currentOnly { parts.append("o.is_current = 1") }
        func place(_ inner: SQLQueryString) -> SQLQueryString {
            "o.id IN (SELECT p.overlap_id FROM activity_overlap_places p WHERE \(inner))"
        }
        if let province = filter.province { parts.append(place("p.province_code = \(bind: province)")) }
        if let district = filter.district { parts.append(place("p.district_code = \(bind: district)")) }
        if let area = filter.areaPrefix {
            let district = String(area.prefix(4))
            parts.append(
                place("(p.area_code LIKE \(bind: area + "%") OR (p.level = 'district' AND p.area_code = \(bind: district)))")
            )
        }
        if let sector = filter.sector { parts.append("(',' || o.shared_sectors || ',') LIKE \(bind: "%," + sector + ",%")") }
        if let target = filter.target { parts.append("(',' || o.shared_targets || ',') LIKE \(bind: "%," + target + ",%")") }
        if let goal = filter.goal { parts.append("(',' || o.shared_targets || ',') LIKE \(bind: "%,\(goal).%")") }
        if let institution = filter.institution {
            let key = institution.contains(":") ? institution : "inst:" + institution
            parts.append("(o.first_implementer = \(bind: key) OR o.second_implementer = \(bind: key))")
        }
        if let state = filter.state { parts.append("\(latestState) = \(bind: state.rawValue)") }
        return parts.joined(separator: " AND ")
    }

    /// Stored overlaps from their rows, with their places and latest decisions.
    static func overlaps(_ rows: [any SQLRow], db: any SQLDatabase) async throws -> [StoredOverlap] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.int("id") }
        var places: [Int: [OverlapPlace]] = [:]
        for row in try await db.select().columns("overlap_id", "area_code", "level").from("activity_overlap_places")
            .where("overlap_id", .in, ids).all()
        {
            places[try row.int("overlap_id"), default: []].append(
                OverlapPlace(areaCode: try row.string("area_code"), level: OverlapLevel(rawValue: try row.string("level")) ?? .village)
            )
        }
        let firsts = Array(Set(try rows.map { try $0.string("first_activity") }))
        var latest: [String: OverlapResolution] = [:]
        for row in try await db.select().columns(
            "first_activity",
            "second_activity",
            "state",
            "note",
            "decided_by",
            "decided_at",
            "revision"
        )
        .from("overlap_resolutions").where("first_activity", .in, firsts).orderBy("revision").all() {
            latest[try row.string("first_activity") + "\u{1F}" + row.string("second_activity")] = try resolution(row)
        }
        return try rows.map { row in
            let id = try row.int("id")
            let first = try row.string("first_activity")
            let second = try row.string("second_activity")
            func list(_ column: String) throws -> [String] { try row.string(column).split(separator: ",").map(String.init) }
            let overlap = ActivityOverlap(
                id: Int64(id),
                first: first,
                second: second,
                firstImplementer: try row.string("first_implementer"),
                secondImplementer: try row.string("second_implementer"),
                places: (places[id] ?? []).sorted(by: OverlapDetection.placeOrder),
                sharedTargets: try list("shared_targets"),
                sharedSectors: try list("shared_sectors"),
                periodStart: try row.optionalString("period_start").flatMap(LocalDate.init(iso:)),
                periodEnd: try row.optionalString("period_end").flatMap(LocalDate.init(iso:)),
                resolution: latest[first + "\u{1F}" + second]
            )
            return StoredOverlap(overlap: overlap, isCurrent: try row.bool("is_current"), foundAt: try row.string("found_at"))
        }
    }

    static func resolution(_ row: any SQLRow) throws -> OverlapResolution {
        OverlapResolution(
            state: OverlapState(rawValue: try row.string("state")) ?? .open,
            note: try row.string("note"),
            decidedBy: try row.string("decided_by"),
            decidedAt: try row.string("decided_at"),
            revision: try row.int("revision")
        )
    }
}
