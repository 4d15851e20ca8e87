import PasanDomain
import SQLKit

/// What happens in a place (issue 14, `docs/villages.md`): the activities with a confirmed
/// location there, the current overlaps found there, the published values for the area, and
/// the people to contact. Read straight from the activity and overlap tables (migration 14).
public struct PlaceRepository: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The district and province codes of an area code (LSB codes: province 2 digits, district
    /// 4, village 7).
    static func enclosing(_ code: String) -> (district: String?, province: String) {
        (code.count >= 4 ? String(code.prefix(4)) : nil, String(code.prefix(2)))
    }

    /// The activities with a confirmed location in `area`: for a province or a district every
    /// activity placed in it (at any level below); for a village those placed in the village,
    /// and those known only at the level of its district (`knownAt` the district's code).
    /// Ordered by title (English), then identifier. All of them: a village bulletin filters them.
    public func activities(in area: Area) async throws -> [PlaceActivity] {
        let sets = Self.activitySets(area)
        return try await database.read { db in
            try await Self.activities(sets.all, knownAt: sets.knownAt, limit: nil, db: db)
        }
    }

    /// The activities in `area` as a place page lists them: those there and (a village) those
    /// known only at its district, each ordered by title (English) then identifier and at most
    /// `limit` of each, with how many there are, whether any is illustrative and which
    /// institutions implement them — counted by the database, so that a province of a country's
    /// registry (thousands of activities) is not read whole to list fifty.
    public func activities(in area: Area, limit: Int) async throws -> PlaceActivities {
        let sets = Self.activitySets(area)
        return try await database.read { db in
            // One pass over each set: how many per implementing institution, and whether any is illustrative.
            func count(_ ids: SQLQueryString, into result: inout PlaceActivities) async throws -> Int {
                var count = 0
                for row in try await db.raw(
                    """
                    SELECT implementer_institution AS institution, COUNT(*) AS n, MAX(is_illustrative) AS illustrative
                    FROM activities WHERE id IN (\(ids)) GROUP BY implementer_institution
                    """
                ).all() {
                    count += try row.int("n")
                    result.hasIllustrative = try result.hasIllustrative || row.bool("illustrative")
                    if let institution = try row.optionalString("institution") { result.institutions.insert(institution) }
                }
                return count
            }
            var result = PlaceActivities(here: try await Self.activities(sets.here, knownAt: "NULL", limit: limit, db: db))
            result.hereCount = try await count(sets.here, into: &result)
            if let around = sets.around {
                result.around = try await Self.activities(around.ids, knownAt: "\(bind: around.district)", limit: limit, db: db)
                result.aroundCount = try await count(around.ids, into: &result)
            }
            return result
        }
    }

    /// The activities whose ids `ids` selects, by title (English) then identifier, at most
    /// `limit`; `knownAt` is the SQL giving each one's `knownAt`.
    static func activities(
        _ ids: SQLQueryString,
        knownAt: SQLQueryString,
        limit: Int?,
        db: any SQLDatabase
    ) async throws
        -> [PlaceActivity]
    {
        let bounded: SQLQueryString = limit.map { " LIMIT \(bind: $0)" } ?? ""
        return try await db.raw(
            """
            SELECT a.id, a.identifier, a.title_en, a.title_lo, a.lo_status, a.implementer_name_en, a.implementer_name_lo,
                   a.implementer_institution, a.status, a.start_date, a.end_date, a.is_illustrative, \(knownAt) AS known_at
            FROM activities a WHERE a.id IN (\(ids))
            ORDER BY a.title_en, a.identifier\(bounded)
            """
        ).all().map(placeActivity)
    }

    /// Subqueries of the ids of the activities in an area (`PlaceRepository.activitySets`).
    struct ActivitySets {
        /// Those there.
        var here: SQLQueryString
        /// For a village, those known only at its district (not also there), and that district.
        var around: (ids: SQLQueryString, district: String)? = nil
        /// All of them, and the SQL of an activity's `knownAt` among them.
        var all: SQLQueryString
        var knownAt: SQLQueryString = "NULL"
    }

    static func activitySets(_ area: Area) -> ActivitySets {
        let code = area.code
        let (district, province) = enclosing(code)
        let located: SQLQueryString = "SELECT activity_id FROM activity_locations WHERE status = 'confirmed' AND "
        let here: SQLQueryString
        switch area.level {
        case .village:
            here = "\(located)area_code = \(bind: code)"
            guard let district else { break }
            let atDistrict: SQLQueryString = "\(located)area_code = \(bind: district) AND level = 'district'"
            return ActivitySets(
                here: here,
                around: ("\(atDistrict) EXCEPT \(here)", district),
                all: "\(here) UNION \(atDistrict)",
                knownAt: "CASE WHEN a.id IN (\(here)) THEN NULL ELSE \(bind: district) END"
            )
        case .district: here = "\(located)(district_code = \(bind: code) OR area_code = \(bind: code))"
        case .province: here = "\(located)province_code = \(bind: province)"
        case .country: here = "\(located)1 = 1"
        }
        return ActivitySets(here: here, all: here)
    }

    /// One row of the activity list.
    static func placeActivity(_ row: any SQLRow) throws -> PlaceActivity {
        let status = TranslationStatus(rawValue: try row.string("lo_status")) ?? .unreviewed
        return PlaceActivity(
            id: try row.decode(column: "id", as: Int64.self),
            identifier: try row.string("identifier"),
            title: LocalizedText(en: try row.string("title_en"), lo: try row.optionalString("title_lo"), loStatus: status),
            implementer: LocalizedText(
                en: try row.string("implementer_name_en"),
                lo: try row.optionalString("implementer_name_lo"),
                loStatus: status
            ),
            implementerInstitution: try row.optionalString("implementer_institution"),
            status: ActivityStatus(rawValue: try row.string("status")) ?? .implementation,
            start: try row.optionalString("start_date").flatMap { LocalDate(iso: $0) },
            end: try row.optionalString("end_date").flatMap { LocalDate(iso: $0) },
            isIllustrative: try row.bool("is_illustrative"),
            knownAt: try row.optionalString("known_at")
        )
    }

    /// The current overlaps found in `area` (each once, at its first place there): for a
    /// village those in the village and those at the level of its district; for a district or
    /// province every one inside it. With the latest decision on the pair (open when none).
    public func overlaps(in area: Area) async throws -> [PlaceOverlap] {
        let code = area.code
        let (district, province) = Self.enclosing(code)
        return try await database.read { db in
            let condition: SQLQueryString
            switch area.level {
            case .village:
                condition = "(p.area_code = \(bind: code) OR (p.area_code = \(bind: district ?? code) AND p.level = 'district'))"
            case .district:
                condition = "p.district_code = \(bind: code)"
            case .province:
                condition = "p.province_code = \(bind: province)"
            case .country:
                condition = "1 = 1"
            }
            let rows = try await db.raw(
                """
                SELECT o.id, o.level, p.area_code, o.first_activity, o.second_activity, o.first_implementer, o.second_implementer,
                       a1.title_en AS first_en, a1.title_lo AS first_lo, a1.lo_status AS first_status,
                       a2.title_en AS second_en, a2.title_lo AS second_lo, a2.lo_status AS second_status,
                       (SELECT r.state FROM overlap_resolutions r
                        WHERE r.first_activity = o.first_activity AND r.second_activity = o.second_activity
                        ORDER BY r.revision DESC LIMIT 1) AS state
                FROM activity_overlap_places p JOIN activity_overlaps o ON o.id = p.overlap_id
                LEFT JOIN activities a1 ON a1.identifier = o.first_activity
                LEFT JOIN activities a2 ON a2.identifier = o.second_activity
                WHERE o.is_current = 1 AND \(condition)
                ORDER BY o.id, p.area_code
                """
            ).all()
            var seen = Set<Int64>()
            var result: [PlaceOverlap] = []
            func title(_ row: any SQLRow, _ prefix: String) throws -> LocalizedText? {
                guard let en = try row.optionalString("\(prefix)_en") else { return nil }
                return LocalizedText(
                    en: en,
                    lo: try row.optionalString("\(prefix)_lo"),
                    loStatus: TranslationStatus(rawValue: try row.optionalString("\(prefix)_status") ?? "") ?? .unreviewed
                )
            }
            for row in rows {
                let id = try row.decode(column: "id", as: Int64.self)
                guard seen.insert(id).inserted else { continue }
                result.append(
                    PlaceOverlap(
                        id: id,
                        level: OverlapLevel(rawValue: try row.string("level")) ?? .district,
                        areaCode: try row.string("area_code"),
                        first: try row.string("first_activity"),
                        second: try row.string("second_activity"),
                        firstTitle: try title(row, "first"),
                        secondTitle: try title(row, "second"),
                        firstImplementer: try row.string("first_implementer"),
                        secondImplementer: try row.string("second_implementer"),
                        state: OverlapState(rawValue: try row.optionalString("state") ?? "") ?? .open
                    )
                )
            }
            return result
        }
    }

    /// The published values whose area is `areas` (by indicator, series, breakdown, area, period),
    /// optionally only of `indicators`.
    public func observations(areas: [String], indicators: [String]? = nil) async throws -> [Observation] {
        guard !areas.isEmpty, indicators?.isEmpty != true else { return [] }
        return try await database.read { db in
            var query = db.select().column("*").from("observations").where("area", .in, areas)
            if let indicators { query = query.where("indicator", .in, indicators) }
            return try await query.orderBy("indicator").orderBy("series").orderBy("dimension_key").orderBy("area").orderBy("period").all()
                .map(ObservationRepository.observation)
        }
    }

    /// The indicators with published values for `area` itself, with how many each has (read
    /// from the index on area and indicator alone).
    public func indicatorsWithValues(area: String) async throws -> [String: Int] {
        try await database.read { db in
            var result: [String: Int] = [:]
            for row in try await db.raw(
                "SELECT indicator, COUNT(*) AS n FROM observations WHERE area = \(bind: area) GROUP BY indicator"
            ).all() {
                result[try row.string("indicator")] = try row.int("n")
            }
            return result
        }
    }

    /// The indicators with published values for any of `areas` (nearest first), in that order and
    /// then by code; when none has any, the indicators with values below the national level.
    public func indicatorsWithData(near areas: [String]) async throws -> [String] {
        try await database.read { db in
            let rows = try await db.select().distinct().column("indicator").column("area").from("observations")
                .where("area", .in, areas).all()
            var found: [(Int, String)] = []
            for row in rows {
                let rank = areas.firstIndex(of: try row.string("area")) ?? areas.count
                found.append((rank, try row.string("indicator")))
            }
            if found.isEmpty {
                let any = try await db.raw(
                    "SELECT DISTINCT indicator FROM observations WHERE area <> \(bind: Area.countryCode)"
                ).all()
                found = try any.map { (areas.count, try $0.string("indicator")) }
            }
            var seen = Set<String>()
            return
                found.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : FrameworkCode.areInIncreasingOrder($0.1, $1.1) }
                .compactMap { seen.insert($0.1).inserted ? $0.1 : nil }
        }
    }

    /// The active subnational focal points whose grant covers `code` (the grant's area is a
    /// prefix of the code), nearest first, then by name.
    public func areaContacts(of code: String) async throws -> [PlaceContact] {
        try await database.read { db in
            let rows = try await db.raw(
                """
                SELECT u.name, g.area FROM role_grants g JOIN users u ON u.id = g.user_id
                WHERE g.role = \(bind: Role.subnationalFocalPoint.rawValue) AND u.is_active = 1 AND g.area IS NOT NULL
                """
            ).all()
            return try rows.compactMap { row -> PlaceContact? in
                let area = try row.string("area")
                guard code.hasPrefix(area) else { return nil }
                return PlaceContact(name: try row.string("name"), area: area)
            }.sorted { a, b in
                a.area!.count != b.area!.count ? a.area!.count > b.area!.count : a.name < b.name
            }
        }
    }

    /// The focal points in office of `institutions` (by institution, owner before reporter,
    /// primary before alternate).
    public func institutionContacts(_ institutions: Set<String>, on day: LocalDate) async throws -> [PlaceContact] {
        guard !institutions.isEmpty else { return [] }
        let terms = try await FocalPointRepository(database: database).terms()
        return
            terms
            .filter { institutions.contains($0.institution) && $0.startedOn <= day && ($0.endedOn.map { $0 > day } ?? true) }
            .sorted {
                ($0.institution, $0.role == .owner ? 0 : 1, $0.position == .primary ? 0 : 1, $0.userName)
                    < ($1.institution, $1.role == .owner ? 0 : 1, $1.position == .primary ? 0 : 1, $1.userName)
            }
            .map { PlaceContact(name: $0.userName, institution: $0.institution, role: $0.role, position: $0.position) }
    }
}
