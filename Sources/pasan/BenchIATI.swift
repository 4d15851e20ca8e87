import ArgumentParser
import Foundation
import PasanDomain
import PasanExchange
import PasanStorage

/// Issue 14's speed (for scripts/bench): a 10,000-activity IATI file over the real villages and
/// districts (village codes with Pasan's vocabulary-uri, district p-codes, points inside the
/// shipped boundaries, and one activity in 50 in Meun by its LSB-SDG alias), imported as `pasan import iati` does. Times reading, matching and checking
/// the file, then saving it (and the overlap refresh) in the database. The activities are
/// illustrative (`XM-BENCH-…`); run it on a throwaway database.
struct BenchIATI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-iati",
        abstract: "Time importing a generated 10,000-activity IATI file (read, match, check; save) (for scripts/bench).",
        shouldDisplay: false
    )

    @Option(help: "Activities in the generated file.")
    var activities = 10_000

    @Option(help: "Where to write the generated file (default: a temporary file).")
    var output: String?

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await withDatabase(database, logger: makeLogger()) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let contextStart = ContinuousClock.now
            let context = try await ImportIATI.context(db)
            let contextSeconds = seconds(since: contextStart)
            let places = try await ActivityRepository(database: db).areasAndAliases()
            let villages = places.areas.filter { $0.level == .village }.map(\.code).sorted()
            let districts = places.areas.filter { $0.level == .district }.map(\.code).sorted()
            let points = Self.points(context: context, wanted: 400)
            guard !villages.isEmpty, !districts.isEmpty, !points.isEmpty else {
                throw ValidationError("the database has no villages, districts or boundaries")
            }
            let xml = Self.file(activities: activities, villages: villages, districts: districts, points: points)
            let data = Data(xml.utf8)
            let path = output ?? FileManager.default.temporaryDirectory.appendingPathComponent("pasan-bench-iati.xml").path
            try data.write(to: URL(fileURLWithPath: path))

            let readStart = ContinuousClock.now
            let result = IATIActivityImport.read(data: data, filename: "bench-iati.xml", context: context)
            let readSeconds = seconds(since: readStart)
            guard !result.isRefused else {
                for problem in result.problems.prefix(10) {
                    say("problem: \(problem.identifier ?? "-") \(problem.element) line \(problem.line ?? 0): \(problem.message.key)")
                }
                throw ValidationError("the generated file was refused (\(result.problems.count) problems)")
            }
            let saveStart = ContinuousClock.now
            let saved = try await ActivityRepository(database: db).save(result.activities, by: "pasan bench-iati", reason: "bench-iati")
            let saveSeconds = seconds(since: saveStart)
            let refreshStart = ContinuousClock.now
            let overlaps = try await OverlapRepository(database: db).refresh(now: Date())
            let refreshSeconds = seconds(since: refreshStart)
            let resaveStart = ContinuousClock.now
            let resaved = try await ActivityRepository(database: db).save(
                result.activities,
                by: "pasan bench-iati",
                reason: "bench-iati again"
            )
            let resaveSeconds = seconds(since: resaveStart)

            // The locator alone: 10,000 points over Lao PDR's box, each placed in its district.
            let areas = AreaRepository(database: db)
            let locator = GeoJSONPolygons.locator(
                districts: try await areas.boundaries(level: .district),
                provinces: try await areas.boundaries(level: .province)
            ).locator
            let grid = (0..<10_000).map { k in
                GeoPoint(latitude: 13.9 + Double(k / 100) * 0.087, longitude: 100.0 + Double(k % 100) * 0.078)
            }
            let locateStart = ContinuousClock.now
            let placed = grid.filter { locator.district(containing: $0) != nil }.count
            let locateSeconds = seconds(since: locateStart)

            let kinds = Dictionary(grouping: result.activities.flatMap(\.locations), by: \.match).mapValues(\.count)
            say(
                "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / 1_048_576) MB, \(ProcessInfo.processInfo.operatingSystemVersionString)"
            )
            say("database: \(db.location)")
            say(
                "file: \(result.activities.count) activities, \(data.count / 1024) KB (\(path)); \(villages.count) villages, \(districts.count) districts"
            )
            say(
                "places: \(kinds[.code] ?? 0) by code, \(kinds[.alias] ?? 0) by alias, \(kinds[.point] ?? 0) by point, \(kinds[.name] ?? 0) proposed by name; notices \(result.notices.count)"
            )
            say("load areas, aliases, boundaries, catalogue: \(format(contextSeconds)) s")
            say("locator: 10,000 points (\(placed) in a district): \(format(locateSeconds)) s")
            say("read + match + check: \(format(readSeconds)) s")
            say("save (\(saved.added.count) added, \(saved.changed.count) changed): \(format(saveSeconds)) s")
            say("overlap refresh (\(overlaps.found) overlaps, \(overlaps.new) new): \(format(refreshSeconds)) s")
            say("save again (\(resaved.unchanged.count) unchanged): \(format(resaveSeconds)) s")
            say("import total (read + match + check + save): \(format(readSeconds + saveSeconds)) s (target: under 10 s)")
        }
    }

    /// Points that lie in a district, on a grid over Lao PDR's box (the same every run).
    static func points(context: IATIMatchContext, wanted: Int) -> [GeoPoint] {
        var found: [GeoPoint] = []
        var latitude = 14.0
        while latitude < 22.5 && found.count < wanted {
            var longitude = 100.1
            while longitude < 107.7 && found.count < wanted {
                let point = GeoPoint(latitude: latitude, longitude: longitude)
                let match = context.matcher.match(GivenLocation(point: point))
                if match.refusals.isEmpty && !match.locations.isEmpty { found.append(point) }
                longitude += 0.37
            }
            latitude += 0.29
        }
        return found
    }

    /// The file: each activity with one to three places, chosen in turn among a village by code
    /// (Pasan's vocabulary-uri), a district by p-code, a point, the Meun alias and a name.
    static func file(activities count: Int, villages: [String], districts: [String], points: [GeoPoint]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<!-- Generated by pasan bench-iati: illustrative activities over real area codes. -->\n"
        out += "<iati-activities version=\"2.03\" xmlns:pasan=\"urn:x-pasan:iati\">\n"
        let uri = "https://pasan.example.la/api/v1/areas"
        var seed: UInt64 = 14
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        for i in 0..<count {
            let year = 2023 + next(4)
            out += """
                  <iati-activity default-currency="USD">
                    <iati-identifier>XM-BENCH-\(i)</iati-identifier>
                    <reporting-org ref="XM-BENCH-\(i % 40)" type="40"><narrative>Benchmark partner \(i % 40) (illustrative)</narrative></reporting-org>
                    <title><narrative>Benchmark activity \(i) (illustrative)</narrative></title>
                    <description><narrative>Generated by pasan bench-iati.</narrative></description>
                    <participating-org ref="XM-BENCH-\(i % 40)" role="1" type="40"/>
                    <participating-org ref="XM-BENCH-IMPL-\(i % 97)" role="4" type="22"><narrative>Implementer \(i % 97)</narrative></participating-org>
                    <activity-status code="2"/>
                    <activity-date type="1" iso-date="\(year)-01-01"/>
                    <activity-date type="3" iso-date="\(year + 2)-12-31"/>
                    <recipient-country code="LA"/>

                """
            for k in 0..<(1 + next(3)) {
                if k == 0 && i % 50 == 0 {
                    // Meun's LSB-SDG code, matched through the alias table.
                    out +=
                        "    <location><administrative vocabulary=\"99\" pasan:vocabulary-uri=\"\(uri)\" level=\"2\" code=\"1013\"/></location>\n"
                    continue
                }
                switch next(10) {
                case 0..<6:
                    out +=
                        "    <location><administrative vocabulary=\"99\" pasan:vocabulary-uri=\"\(uri)\" level=\"3\" code=\"\(villages[next(villages.count)])\"/></location>\n"
                case 6, 7:
                    out +=
                        "    <location><administrative vocabulary=\"99\" level=\"2\" code=\"LA\(districts[next(districts.count)])\"/></location>\n"
                default:
                    let p = points[next(points.count)]
                    out +=
                        "    <location><point srsName=\"http://www.opengis.net/def/crs/EPSG/0/4326\"><pos>\(p.latitude) \(p.longitude)</pos></point></location>\n"
                }
            }
            out += "    <sector vocabulary=\"1\" code=\"\([12220, 11220, 14030, 31120][next(4)])\"/>\n"
            out += "    <tag vocabulary=\"2\" code=\"\(["3.1", "4.1", "6.1", "2.1"][next(4)])\"/>\n"
            out += """
                    <budget><period-start iso-date="\(year)-01-01"/><period-end iso-date="\(year)-12-31"/><value value-date="\(year)-01-01">\(10_000 + next(90_000))</value></budget>
                  </iati-activity>

                """
        }
        out += "</iati-activities>\n"
        return out
    }
}

private func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

private func format(_ seconds: Double) -> String { String(format: "%.3f", seconds) }
