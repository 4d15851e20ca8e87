import Foundation
import PasanDomain
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// Overlaps on both backends: a refresh stores what detection finds and sends one note per pair
/// and institution (a second refresh adds nothing and sends nothing), decisions are revisions
/// that survive a refresh, a changed activity that no longer overlaps is kept but not current,
/// the filters and the map's counts.
@Suite struct OverlapStorageTests {
    struct Fixture {
        var identifier: String
        var institution: String?
        var ref: String? = nil
        var status = "implementation"
        var start: String? = "2025-01-01"
        var end: String? = "2027-12-31"
        var villages: [String] = []
        var districts: [String] = []
        var targets: [String] = []
        var sectors: [String] = []
    }

    /// Empties the registry (the seeded template may hold the demo's activities and overlaps).
    static func clear(_ database: Database) async throws {
        try await database.write { db in
            for table in [
                "activity_overlap_places", "activity_overlaps", "overlap_resolutions", "overlap_notices", "activity_locations",
                "activity_sectors", "activity_sdg", "activity_participants", "activity_revisions", "activities",
            ] {
                try await db.delete(from: table).run()
            }
        }
    }

    /// Writes an activity with plain SQL (the registry's tables), as the registry would.
    static func insert(_ a: Fixture, into database: Database) async throws {
        try await database.write { db in
            let key = a.institution.map { "inst:" + $0 } ?? "ref:" + (a.ref ?? "")
            try await db.insert(into: "activities").columns(
                "identifier",
                "implementer_key",
                "implementer_institution",
                "implementer_ref",
                "implementer_name_en",
                "title_en",
                "title_lo",
                "lo_status",
                "status",
                "start_date",
                "end_date",
                "origin",
                "is_illustrative",
                "revision",
                "updated_by",
                "updated_at"
            ).values(
                SQLBind(a.identifier),
                SQLBind(key),
                SQLValue.text(a.institution),
                SQLValue.text(a.ref),
                SQLBind(a.institution ?? a.ref ?? ""),
                SQLBind("Activity \(a.identifier)"),
                SQLLiteral.null,
                SQLBind("machine"),
                SQLBind(a.status),
                SQLValue.text(a.start),
                SQLValue.text(a.end),
                SQLBind("file"),
                SQLBind(1),
                SQLBind(1),
                SQLBind("test"),
                SQLBind("2026-01-01T00:00:00Z")
            ).run()
            let id = try #require(try await db.select().column("id").from("activities").where("identifier", .equal, a.identifier).first())
                .int("id")
            var position = 0
            for (code, level) in a.villages.map({ ($0, "village") }) + a.districts.map({ ($0, "district") }) {
                position += 1
                try await db.insert(into: "activity_locations")
                    .columns("activity_id", "position", "area_code", "level", "district_code", "province_code", "match", "status")
                    .values(
                        SQLBind(id),
                        SQLBind(position),
                        SQLBind(code),
                        SQLBind(level),
                        SQLBind(String(code.prefix(4))),
                        SQLBind(String(code.prefix(2))),
                        SQLBind("code"),
                        SQLBind("confirmed")
                    ).run()
            }
            for target in a.targets {
                try await db.insert(into: "activity_sdg").columns("activity_id", "kind", "code")
                    .values(SQLBind(id), SQLBind("target"), SQLBind(target)).run()
            }
            for sector in a.sectors {
                try await db.insert(into: "activity_sectors").columns("activity_id", "vocabulary", "code", "category")
                    .values(SQLBind(id), SQLBind("1"), SQLBind(sector), SQLBind(String(sector.prefix(3)))).run()
            }
        }
    }

    /// MOH and MOLSW both in village 0101001 for target 3.1; a second MOH activity there too
    /// (meets MOLSW, not its own ministry); an NGO known only at district level in 0101 with the
    /// sector 122 that the second MOH activity also has.
    static let fixtures: [Fixture] = [
        Fixture(identifier: "OV-A", institution: "MOH", villages: ["0101001"], targets: ["3.1"]),
        Fixture(identifier: "OV-B", institution: "MOLSW", villages: ["0101001", "0101002"], targets: ["3.1"]),
        Fixture(identifier: "OV-C", institution: "MOH", villages: ["0101001"], targets: ["3.1"], sectors: ["12220"]),
        Fixture(identifier: "OV-D", ref: "XM-DAC-41122", districts: ["0101"], sectors: ["12240"]),
        // Another district, another target: meets no one.
        Fixture(identifier: "OV-E", institution: "MOLSW", villages: ["0201001"], targets: ["3.1"]),
    ]

    static func outbox(_ database: Database) async throws -> [String] {
        try await database.read { db in
            try await db.select().column("recipient").from("outbox").orderBy("id").all().map { try $0.string("recipient") }
        }
    }

    static func noticeCount(_ database: Database) async throws -> Int {
        try await database.read { db in try await db.raw("SELECT COUNT(*) AS n FROM overlap_notices").first()!.int("n") }
    }

    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test(arguments: Backend.all)
    func aRefreshFindsTheOverlapsAndNotesEachInstitutionOnce(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            try await Self.clear(database)
            for fixture in Self.fixtures { try await Self.insert(fixture, into: database) }
            let repository = OverlapRepository(database: database)
            let mailsBefore = try await Self.outbox(database)

            let first = try await repository.refresh(now: Self.now, link: { "https://pasan.example/en/overlaps/\($0)" })
            #expect(first.found == 3 && first.new == 3 && first.gone == 0)
            let all = try await repository.overlaps(filter: OverlapFilter(), page: PageRequest(limit: 50, offset: 0))
            #expect(all.items.map { "\($0.overlap.first)+\($0.overlap.second)" } == ["OV-A+OV-B", "OV-B+OV-C", "OV-C+OV-D"])
            #expect(all.total == 3)
            let cd = try #require(all.items.first { $0.overlap.second == "OV-D" }).overlap
            #expect(cd.places == [OverlapPlace(areaCode: "0101", level: .district)] && cd.level == .district)
            #expect(cd.sharedSectors == ["122"] && cd.sharedTargets.isEmpty)

            // Notes: MOH and MOLSW for A+B and B+C, MOH for C+D (the NGO is not a Pasan institution).
            #expect(try await Self.noticeCount(database) == 5)
            let mails = Array(try await Self.outbox(database).dropFirst(mailsBefore.count))
            #expect(first.notices == mails.count)
            // MOH has an owner and a reporter focal point (3 pairs each), MOLSW a reporter (2 pairs).
            #expect(mails.filter { $0 == "moh.owner@pasan.demo" }.count == 3)
            #expect(mails.filter { $0 == "moh.reporter@pasan.demo" }.count == 3)
            #expect(mails.filter { $0 == "molsw.reporter@pasan.demo" }.count == 2)
            let text = try await database.read { db in
                try await db.select().column("body_text").from("outbox").where("recipient", .equal, "molsw.reporter@pasan.demo")
                    .orderBy("id", .descending).first()!.string("body_text")
            }
            #expect(text.contains("OV-B") && text.contains("https://pasan.example/en/overlaps/"))

            // Again: nothing new, no second note.
            let second = try await repository.refresh(now: Self.now.addingTimeInterval(60))
            #expect(second.found == 3 && second.new == 0 && second.gone == 0 && second.notices == 0)
            #expect(try await Self.outbox(database).count == mailsBefore.count + mails.count)
            #expect(try await Self.noticeCount(database) == 5)

            // The map's counts: distinct activities per district and per village.
            #expect(try await repository.districtCounts() == ["0101": 4])
            #expect(try await repository.villageCounts() == ["0101001": 3])

            // Filters.
            func pairs(_ filter: OverlapFilter) async throws -> [String] {
                try await repository.overlaps(filter: filter, page: PageRequest(limit: 50, offset: 0)).items.map {
                    "\($0.overlap.first)+\($0.overlap.second)"
                }
            }
            #expect(try await pairs(OverlapFilter(sector: "122")) == ["OV-C+OV-D"])
            #expect(try await pairs(OverlapFilter(target: "3.1")) == ["OV-A+OV-B", "OV-B+OV-C"])
            #expect(try await pairs(OverlapFilter(goal: 3)) == ["OV-A+OV-B", "OV-B+OV-C"])
            #expect(try await pairs(OverlapFilter(institution: "MOLSW")) == ["OV-A+OV-B", "OV-B+OV-C"])
            #expect(try await pairs(OverlapFilter(institution: "ref:XM-DAC-41122")) == ["OV-C+OV-D"])
            #expect(try await pairs(OverlapFilter(province: "02")).isEmpty)
            #expect(try await pairs(OverlapFilter(district: "0101")).count == 3)
            // A village: its own overlaps and those at its district's level.
            #expect(try await pairs(OverlapFilter(areaPrefix: "0101002")) == ["OV-C+OV-D"])
            #expect(try await pairs(OverlapFilter(areaPrefix: "0101001")).count == 3)
            #expect(try await pairs(OverlapFilter(state: .coordinated)).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func aDecisionSurvivesARefreshAndAChangedActivityIsNoLongerCurrent(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            try await Self.clear(database)
            for fixture in Self.fixtures { try await Self.insert(fixture, into: database) }
            let repository = OverlapRepository(database: database)
            try await repository.refresh(now: Self.now)

            await #expect(throws: OverlapError.noteRequired) {
                try await repository.resolve(first: "OV-A", second: "OV-B", state: .coordinated, note: "  ", by: "officer", now: Self.now)
            }
            await #expect(throws: OverlapError.notFound) {
                try await repository.resolve(first: "OV-A", second: "OV-E", state: .coordinated, note: "x", by: "officer", now: Self.now)
            }
            // The pair in either order.
            let one = try await repository.resolve(
                first: "OV-B",
                second: "OV-A",
                state: .coordinated,
                note: "MOH vaccinates, MOLSW registers births; joint visits agreed",
                by: "Secretariat officer",
                now: Self.now
            )
            #expect(one.revision == 1)
            let two = try await repository.resolve(
                first: "OV-A",
                second: "OV-B",
                state: .notOverlap,
                note: "Different households",
                by: "MOH owner",
                now: Self.now.addingTimeInterval(10)
            )
            #expect(two.revision == 2)

            try await repository.refresh(now: Self.now.addingTimeInterval(60))
            let listed = try await repository.overlaps(filter: OverlapFilter(state: .notOverlap), page: PageRequest(limit: 10, offset: 0))
            let ab = try #require(listed.items.first)
            #expect(listed.total == 1 && ab.overlap.first == "OV-A" && ab.overlap.state == .notOverlap)
            let abID = try #require(ab.overlap.id)
            let detail = try #require(try await repository.overlap(id: abID))
            #expect(detail.history.map(\.state) == [.coordinated, .notOverlap])
            #expect(detail.history.first?.note == "MOH vaccinates, MOLSW registers births; joint visits agreed")
            #expect(detail.activities.map(\.identifier) == ["OV-A", "OV-B"])
            #expect(detail.activities.first?.title.en == "Activity OV-A" && detail.activities.last?.implementerInstitution == "MOLSW")
            // "Not an overlap" is left off the map.
            #expect(try await repository.villageCounts() == ["0101001": 2])

            // B's work ends before A's starts: the pair is kept with its decisions, not current.
            try await database.write { db in
                try await db.update("activities").set("start_date", to: "2020-01-01").set("end_date", to: "2024-06-30")
                    .where("identifier", .equal, "OV-B").run()
            }
            let after = try await repository.refresh(now: Self.now.addingTimeInterval(120))
            #expect(after.found == 1 && after.gone == 2 && after.new == 0)
            let current = try await repository.overlaps(filter: OverlapFilter(), page: PageRequest(limit: 10, offset: 0))
            #expect(current.items.map(\.overlap.second) == ["OV-D"])
            let everything = try await repository.overlaps(
                filter: OverlapFilter(currentOnly: false),
                page: PageRequest(limit: 10, offset: 0)
            )
            #expect(everything.total == 3)
            let kept = try #require(everything.items.first { $0.overlap.first == "OV-A" })
            #expect(!kept.isCurrent && kept.overlap.resolution?.revision == 2)

            // Back again (B's dates restored): current again, the decision still there, no second note.
            let notices = try await Self.noticeCount(database)
            try await database.write { db in
                try await db.update("activities").set("start_date", to: "2025-01-01").set("end_date", to: "2027-12-31")
                    .where("identifier", .equal, "OV-B").run()
            }
            let back = try await repository.refresh(now: Self.now.addingTimeInterval(180))
            #expect(back.found == 3 && back.new == 2 && back.notices == 0)
            #expect(try await Self.noticeCount(database) == notices)
            let again = try #require(try await repository.overlap(id: abID))
            #expect(again.stored.isCurrent && again.stored.overlap.state == .notOverlap)
        }
    }
}
