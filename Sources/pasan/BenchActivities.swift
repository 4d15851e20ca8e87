import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PasanDomain
import PasanStorage
import PasanWeb
import SQLKit
import Synchronization

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Issue 14's overlap speed (for scripts/bench): 50,000 generated activities over the 9,692
/// villages (some known only at district level). Times overlap detection alone (target < 1 s),
/// the refresh into the database (first run and a run with nothing changed), and the overlap
/// map page and a district's page uncached over HTTP from the app in-process (target < 50 ms).
/// The activities are written straight into the registry's tables (the IATI import's speed is
/// `bench-iati`'s) and marked illustrative.
struct BenchActivities: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-activities",
        abstract: "Time overlap detection, its refresh and the overlap map over 50,000 generated activities (for scripts/bench).",
        shouldDisplay: false
    )

    @Option(help: "Activities to generate.")
    var activities = 50_000

    @Option(help: "Share of activities known only at district level (0–1).")
    var districtOnly = 0.02

    @Option(help: "Page requests to time.")
    var runs = 20

    @OptionGroup var database: DatabaseOptions

    static let prefix = "BENCH-OV-"

    func run() async throws {
        let logger = makeLogger()
        try await withDatabase(database, logger: logger) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let (villages, institutions) = try await Self.villagesAndInstitutions(db)
            let items = Self.generate(activities, villages: villages, institutions: institutions, districtOnly: districtOnly)
            say(
                "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_048_576) MB, \(ProcessInfo.processInfo.operatingSystemVersionString)"
            )
            say("database: \(db.location)")
            say(
                "fixture: \(items.count) activities over \(villages.count) villages, \(items.filter { $0.villages.isEmpty }.count) known only at district level"
            )

            // Detection alone, in memory.
            var found: [ActivityOverlap] = []
            let detection = try await time(5) { found = OverlapDetection.detect(items: items) }
            let villageLevel = found.filter { $0.level == .village }.count
            say("overlaps found: \(found.count) (\(villageLevel) meeting in a village, \(found.count - villageLevel) at district level)")
            say("detection (whole country, in memory): \(detection.summary) ms")

            // Into the database, then the refresh (all new), then again (nothing changed).
            let writeStart = ContinuousClock.now
            try await Self.write(items, institutions: Set(institutions), into: db)
            say("fixture written to the registry's tables: \(format(seconds(since: writeStart))) s")
            let repository = OverlapRepository(database: db)
            let firstStart = ContinuousClock.now
            let first = try await repository.refresh(now: Date())
            say("refresh, first (\(first.new) new, \(first.notices) notes): \(format(seconds(since: firstStart))) s")
            let againStart = ContinuousClock.now
            let again = try await repository.refresh(now: Date())
            say("refresh, nothing changed (\(again.new) new, \(again.gone) gone): \(format(seconds(since: againStart))) s")

            // The pages, uncached (the response cache cleared before each request), over HTTP.
            let state = try await PortalState.load(database: db, defaultLanguage: .lo)
            let district = try await Self.busiestDistrict(db)
            let port = Port()
            let app = try buildApplication(
                configuration: PortalConfiguration(host: "127.0.0.1", port: 0),
                state: state,
                logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() },
                onServerRunning: { port.set($0) }
            )
            let server = Task { try await app.runService() }
            defer { server.cancel() }
            let bound = try await port.wait()
            func get(_ path: String) async throws -> Int {
                try await state.apply(.changed(.pages))  // this process only: the bench measures rendering
                let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(bound)\(path)")!)
                guard (response as? HTTPURLResponse)?.statusCode == 200 else {
                    throw ValidationError("\(path) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
                }
                return data.count
            }
            var bytes = 0
            let map = try await time(runs) { bytes = try await get("/lo/overlaps") }
            say("overlap page with the map (lo, uncached, HTTP): \(map.summary) ms; \(bytes) bytes")
            let filtered = try await time(runs) { bytes = try await get("/lo/overlaps?district=\(district)") }
            say("overlap page filtered to district \(district) (lo, uncached, HTTP): \(filtered.summary) ms; \(bytes) bytes")
            let place = try await time(runs) { bytes = try await get("/lo/places/\(district)") }
            say("district page \(district) (lo, uncached, HTTP): \(place.summary) ms; \(bytes) bytes")
            let api = try await time(runs) { bytes = try await get("/api/v1/overlaps?area=\(district)&limit=100") }
            say("GET /api/v1/overlaps?area=\(district)&limit=100 (uncached, HTTP): \(api.summary) ms; \(bytes) bytes")
        }
    }

    /// A small deterministic generator (no randomness between runs).
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// 60 SDG targets of goals 1–6 and 20 DAC sectors; 1–2 targets and one sector each; 1–3
    /// villages of one district, or a district only; periods of 1–5 years from 2020–2027; 3% cancelled.
    static func generate(_ count: Int, villages: [String], institutions: [String], districtOnly: Double) -> [OverlapDetection.Item] {
        var g = Generator(state: 14)
        let byDistrict = Dictionary(grouping: villages) { String($0.prefix(4)) }
        let districts = byDistrict.keys.sorted()
        let targets = (1...6).flatMap { goal in (1...10).map { "\(goal).\($0)" } }
        let sectors = [
            "111", "112", "113", "121", "122", "130", "140", "151", "152", "160", "210", "220", "230", "240", "311", "312", "321", "410",
            "430", "720",
        ]
        let implementers = institutions.prefix(25).map { "inst:" + $0 } + (1...15).map { "ref:XM-BENCH-\($0)" }
        var items: [OverlapDetection.Item] = []
        items.reserveCapacity(count)
        for n in 0..<count {
            let startYear = 2020 + g.next(8)
            let years = 1 + g.next(5)
            var item = OverlapDetection.Item(
                identifier: prefix + String(n),
                implementerKey: implementers[g.next(implementers.count)],
                isCancelled: g.next(100) < 3,
                start: LocalDate(year: startYear, month: 1 + g.next(12), day: 1),
                end: LocalDate(year: startYear + years, month: 12, day: 31),
                villages: [],
                districts: [],
                targets: Array(Set((0...g.next(2)).map { _ in targets[g.next(targets.count)] })).sorted(),
                sectors: [sectors[g.next(sectors.count)]]
            )
            if Double(g.next(10_000)) < districtOnly * 10_000 {
                item.districts = [districts[g.next(districts.count)]]
            } else {
                let anchor = villages[g.next(villages.count)]
                let siblings = byDistrict[String(anchor.prefix(4)), default: [anchor]]
                item.villages = Array(Set([anchor] + (0..<g.next(3)).map { _ in siblings[g.next(siblings.count)] })).sorted()
            }
            items.append(item)
        }
        return items
    }

    /// Every village's and institution's code, in order.
    static func villagesAndInstitutions(_ db: Database) async throws -> (villages: [String], institutions: [String]) {
        try await db.read { sql in
            let villages = try await sql.raw("SELECT code FROM areas WHERE level = 'village' ORDER BY code").all().map {
                try $0.decode(column: "code", as: String.self)
            }
            let institutions = try await sql.raw("SELECT code FROM institutions ORDER BY code").all().map {
                try $0.decode(column: "code", as: String.self)
            }
            return (villages, institutions)
        }
    }

    /// Writes the fixture into the registry's tables (the earlier fixture and its overlaps removed first).
    static func write(_ items: [OverlapDetection.Item], institutions: Set<String>, into db: Database) async throws {
        try await db.write { sql in
            let like = prefix + "%"
            for table in ["activity_locations", "activity_sectors", "activity_sdg", "activity_participants"] {
                try await sql.raw(
                    "DELETE FROM \(ident: table) WHERE activity_id IN (SELECT id FROM activities WHERE identifier LIKE \(bind: like))"
                ).run()
            }
            try await sql.raw(
                "DELETE FROM activity_overlap_places WHERE overlap_id IN (SELECT id FROM activity_overlaps WHERE first_activity LIKE \(bind: like))"
            ).run()
            for table in ["activity_overlaps", "overlap_resolutions", "overlap_notices"] {
                try await sql.raw("DELETE FROM \(ident: table) WHERE first_activity LIKE \(bind: like)").run()
            }
            try await sql.raw("DELETE FROM activities WHERE identifier LIKE \(bind: like)").run()
            let now = Timestamp.now()
            for chunk in stride(from: 0, to: items.count, by: 500) {
                let slice = items[chunk..<min(chunk + 500, items.count)]
                var insert = sql.insert(into: "activities").columns(
                    "identifier",
                    "implementer_key",
                    "implementer_institution",
                    "implementer_ref",
                    "implementer_name_en",
                    "title_en",
                    "lo_status",
                    "status",
                    "start_date",
                    "end_date",
                    "origin",
                    "is_illustrative",
                    "revision",
                    "updated_by",
                    "updated_at"
                )
                for item in slice {
                    let key = item.implementerKey
                    let institution = key.hasPrefix("inst:") ? String(key.dropFirst(5)) : nil
                    let ref = key.hasPrefix("ref:") ? String(key.dropFirst(4)) : nil
                    insert = insert.values(
                        SQLBind(item.identifier),
                        SQLBind(key),
                        nullable(institution.flatMap { institutions.contains($0) ? $0 : nil }),
                        nullable(ref),
                        SQLBind(institution ?? ref ?? key),
                        SQLBind("Benchmark activity \(item.identifier)"),
                        SQLBind("unreviewed"),
                        SQLBind(item.isCancelled ? "cancelled" : "implementation"),
                        SQLBind(item.start!.description),
                        SQLBind(item.end!.description),
                        SQLBind("demo"),
                        SQLBind(1),
                        SQLBind(1),
                        SQLBind("pasan bench-activities"),
                        SQLBind(now)
                    )
                }
                try await insert.run()
            }
            var ids: [String: Int] = [:]
            for row in try await sql.raw("SELECT id, identifier FROM activities WHERE identifier LIKE \(bind: like)").all() {
                ids[try row.decode(column: "identifier", as: String.self)] = try row.decode(column: "id", as: Int.self)
            }
            var places: [[any SQLExpression]] = []
            var sectors: [[any SQLExpression]] = []
            var sdg: [[any SQLExpression]] = []
            for item in items {
                guard let id = ids[item.identifier] else { continue }
                for (position, code) in item.villages.enumerated() {
                    places.append([
                        SQLBind(id), SQLBind(position + 1), SQLBind(code), SQLBind("village"), SQLBind(String(code.prefix(4))),
                        SQLBind(String(code.prefix(2))), SQLBind("code"), SQLBind("confirmed"),
                    ])
                }
                for (position, code) in item.districts.enumerated() {
                    places.append([
                        SQLBind(id), SQLBind(position + 1), SQLBind(code), SQLBind("district"), SQLBind(code),
                        SQLBind(String(code.prefix(2))), SQLBind("code"), SQLBind("confirmed"),
                    ])
                }
                for sector in item.sectors {
                    sectors.append([SQLBind(id), SQLBind("2"), SQLBind(sector), SQLBind(sector)])
                }
                for target in item.targets {
                    sdg.append([SQLBind(id), SQLBind("target"), SQLBind(target)])
                }
            }
            func insertAll(_ table: String, _ columns: [String], _ rows: [[any SQLExpression]]) async throws {
                for chunk in stride(from: 0, to: rows.count, by: 1000 / columns.count * 4) {
                    var insert = sql.insert(into: table).columns(columns)
                    for row in rows[chunk..<min(chunk + 1000 / columns.count * 4, rows.count)] { insert = insert.values(row) }
                    try await insert.run()
                }
            }
            try await insertAll(
                "activity_locations",
                ["activity_id", "position", "area_code", "level", "district_code", "province_code", "match", "status"],
                places
            )
            try await insertAll("activity_sectors", ["activity_id", "vocabulary", "code", "category"], sectors)
            try await insertAll("activity_sdg", ["activity_id", "kind", "code"], sdg)
        }
    }

    /// The district with the most overlapping activities.
    static func busiestDistrict(_ db: Database) async throws -> String {
        let counts = try await OverlapRepository(database: db).districtCounts()
        return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "0101"
    }
}

/// The port the server bound, once it runs.
private final class Port: Sendable {
    private let value = Mutex<Int?>(nil)

    func set(_ port: Int) { value.withLock { $0 = port } }

    func wait() async throws -> Int {
        for _ in 0..<500 {
            if let port = value.withLock({ $0 }) { return port }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ValidationError("the server did not start")
    }
}

private func nullable(_ text: String?) -> any SQLExpression {
    text.map { SQLBind($0) } ?? SQLLiteral.null
}

private func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

private func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

/// Times `body` `runs` times after a warm-up.
private func time(_ runs: Int, _ body: () async throws -> Void) async throws -> BenchTimings {
    try await body()
    var seconds: [Double] = []
    for _ in 0..<max(runs, 1) {
        let start = ContinuousClock.now
        try await body()
        seconds.append(BenchActivitiesClock.elapsed(since: start))
    }
    return BenchTimings(seconds: seconds.sorted())
}

private enum BenchActivitiesClock {
    static func elapsed(since start: ContinuousClock.Instant) -> Double { seconds(since: start) }
}

private struct BenchTimings {
    var seconds: [Double]

    var median: Double { seconds[seconds.count / 2] }
    var p95: Double { seconds[min(seconds.count - 1, Int((Double(seconds.count) * 0.95).rounded(.up)) - 1)] }

    /// "median 12.3 p95 15.0 max 16.1", in milliseconds.
    var summary: String {
        "median \(String(format: "%.1f", median * 1000)) p95 \(String(format: "%.1f", p95 * 1000)) max \(String(format: "%.1f", seconds.last! * 1000))"
    }
}
