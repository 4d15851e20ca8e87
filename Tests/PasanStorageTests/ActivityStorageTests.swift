import Foundation
import PasanDomain
import PasanReferenceData
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// The activity registry on both backends: saves are upserts by identifier with a revision
/// for each change (the whole activity kept), decisions on proposed places survive a re-import,
/// the filters by area, institution, SDG code and status.
@Suite struct ActivityStorageTests {
    static func text(_ en: String) -> LocalizedText { LocalizedText(en: en, lo: nil, loStatus: .machine) }

    static func activity(
        _ identifier: String,
        institution: String = "MOH",
        places: [ActivityLocation] = [ActivityLocation(areaCode: "1302001", level: .village)],
        targets: [String] = ["3.1"],
        indicators: [String] = [],
        partners: [ActivityOrganisation] = []
    ) -> Activity {
        Activity(
            identifier: identifier,
            implementer: ActivityOrganisation(role: .implementing, institution: institution, name: text(institution)),
            participants: partners,
            title: text("Activity \(identifier)"),
            status: .implementation,
            start: LocalDate(year: 2024, month: 1, day: 1),
            end: LocalDate(year: 2027, month: 12, day: 31),
            budget: ActivityBudget(amount: 1000, currency: "USD"),
            locations: places,
            sectors: [ActivitySector(vocabulary: "1", code: "12220")],
            sdgTargets: targets,
            sdgIndicators: indicators,
            origin: .file,
            isIllustrative: true
        )
    }

    /// The seeded template holds the demo activities: these tests start from an empty registry.
    static func emptyRegistry(_ database: Database) async throws {
        try await database.write { db in
            for table in ["activity_overlap_places", "activity_overlaps", "overlap_resolutions", "overlap_notices", "activity_revisions"] {
                try await db.delete(from: table).run()
            }
            try await db.delete(from: "activities").run()
        }
    }

    /// The demo (seeded with `--demo`, as in the test template): several institutions, marked
    /// illustrative, the overlaps its header names and none of its look-alikes.
    @Test(arguments: Backend.all)
    func theDemoHoldsItsOverlapsAndNoneOfItsLookAlikes(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let all = try await ActivityRepository(database: database).activities(page: PageRequest(limit: 100, offset: 0)).items
            #expect(all.count == 12 && all.allSatisfy { $0.isIllustrative && $0.origin == .demo })
            #expect(Set(all.compactMap(\.implementer.institution)) == ["MOH", "LWU", "MOES", "MAF", "MONRE"])
            let pairs = try await database.read { db in
                try await db.select().columns("first_activity", "second_activity", "level").from("activity_overlaps")
                    .where("is_current", .equal, 1).all().map {
                        "\(try $0.decode(column: "first_activity", as: String.self)) \(try $0.decode(column: "second_activity", as: String.self)) \(try $0.decode(column: "level", as: String.self))"
                    }
            }
            #expect(
                Set(pairs) == [
                    "LA-PASAN-LWU-1 LA-PASAN-MOH-1 village", "LA-PASAN-MOES-1 LA-PASAN-ORG-1 village",
                    "LA-PASAN-MAF-1 LA-PASAN-ORG-2 district",
                ]
            )
            // A second start writes nothing.
            #expect(
                try await DemoActivities(database: database, directory: DemoDataLoader.bundled.directory).seedIfAbsent() == .alreadyPresent
            )
        }
    }

    @Test(arguments: Backend.all)
    func aSaveIsAnUpsertWithARevisionPerChange(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            try await Self.emptyRegistry(database)
            let repository = ActivityRepository(database: database)
            let first = try await repository.save([Self.activity("T-1"), Self.activity("T-2")], by: "tester", reason: "first")
            #expect(first.added == ["T-1", "T-2"] && first.changed.isEmpty)

            // The same again: nothing written.
            let again = try await repository.save([Self.activity("T-1")], by: "tester", reason: "again")
            #expect(again.unchanged == ["T-1"] && !again.hasChanges)
            #expect(try await repository.revisions(identifier: "T-1").count == 1)

            // A correction: a new revision, the first kept whole.
            var corrected = Self.activity("T-1")
            corrected.title = Self.text("Corrected title")
            let third = try await repository.save([corrected], by: "editor", reason: "typo")
            #expect(third.changed == ["T-1"])
            let stored = try #require(try await repository.activity(identifier: "T-1"))
            #expect(stored.revision == 2 && stored.title.en == "Corrected title")
            #expect(stored.locations.first?.areaCode == "1302001" && stored.budget?.currency == "USD")
            let revisions = try await repository.revisions(identifier: "T-1")
            #expect(revisions.map(\.revision) == [1, 2])
            #expect(revisions.first?.activity?.title.en == "Activity T-1")
            #expect(revisions.last?.changedBy == "editor" && revisions.last?.reason == "typo")
            #expect(try await repository.activity(id: try #require(stored.id))?.identifier == "T-1")

            // Derived parents of the place.
            let parents = try await database.read { db in
                try await db.select().columns("district_code", "province_code").from("activity_locations")
                    .where("activity_id", .equal, stored.id!).first()
            }
            #expect(try parents?.decode(column: "district_code", as: String.self) == "1302")
            #expect(try parents?.decode(column: "province_code", as: String.self) == "13")

            // An unknown place refuses the whole save.
            let bad = Self.activity("T-3", places: [ActivityLocation(areaCode: "9999999", level: .village)])
            await #expect(throws: ActivityStorageError.unknownArea(activity: "T-3", code: "9999999")) {
                try await repository.save([Self.activity("T-4"), bad], by: "tester", reason: nil)
            }
            #expect(try await repository.activity(identifier: "T-4") == nil)
            #expect(try await repository.nextIdentifier(for: "MOH") == "LA-PASAN-MOH-1")
            _ = try await repository.save([Self.activity("LA-PASAN-MOH-7")], by: "tester", reason: nil)
            #expect(try await repository.nextIdentifier(for: "MOH") == "LA-PASAN-MOH-8")
        }
    }

    @Test(arguments: Backend.all)
    func aDecisionOnAProposedPlaceIsKeptOnReimport(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            try await Self.emptyRegistry(database)
            let repository = ActivityRepository(database: database)
            let guessed = ActivityLocation(areaCode: "1302002", level: .village, match: .name, status: .proposed, givenName: "Seno")
            let declined = ActivityLocation(areaCode: "1302003", level: .village, match: .name, status: .proposed, givenName: "Chan")
            let activity = Self.activity("IATI-1", places: [guessed, declined])
            try await repository.save([activity], by: "import", reason: nil)
            let proposed = try await repository.proposedLocations()
            #expect(proposed.map(\.location.areaCode) == ["1302002", "1302003"])
            let id = try #require(proposed.first?.activityID)
            let confirmed = try await repository.decideLocation(activityID: id, position: 0, confirm: true, by: "secretariat")
            #expect(confirmed.locations[0].status == .confirmed && confirmed.revision == 2)
            try await repository.decideLocation(activityID: id, position: 1, confirm: false, by: "secretariat")
            #expect(try await repository.proposedLocations().isEmpty)

            // The place counts now: the area filter finds the activity.
            let page = try await repository.activities(filter: ActivityFilter(area: "1302002"), page: PageRequest(limit: 10, offset: 0))
            #expect(page.items.map(\.identifier) == ["IATI-1"])

            // Re-importing the same file proposes both places again: the decisions stay.
            let result = try await repository.save([activity], by: "import", reason: nil)
            #expect(result.unchanged == ["IATI-1"])
            let stored = try #require(try await repository.activity(identifier: "IATI-1"))
            #expect(stored.locations.map(\.status) == [.confirmed, .declined] && stored.revision == 3)
            #expect(try await repository.revisions(identifier: "IATI-1").map(\.reason?.isEmpty) == [nil, false, false])
        }
    }

    @Test(arguments: Backend.all)
    func theFiltersSelectByAreaInstitutionSDGAndStatus(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            try await Self.emptyRegistry(database)
            let repository = ActivityRepository(database: database)
            var closed = Self.activity("F-5", institution: "MAF", places: [ActivityLocation(areaCode: "0101", level: .district)])
            closed.status = .closed
            let unconfirmed = ActivityLocation(areaCode: "1302004", level: .village, match: .name, status: .proposed)
            try await repository.save(
                [
                    Self.activity("F-1", institution: "MOH", targets: ["3.1"]),
                    Self.activity(
                        "F-2",
                        institution: "LWU",
                        places: [ActivityLocation(areaCode: "1302", level: .district)],
                        targets: [],
                        indicators: ["5.2.1"],
                        partners: [ActivityOrganisation(role: .funding, institution: "MOH", name: Self.text("MOH"))]
                    ),
                    Self.activity(
                        "F-3",
                        institution: "MOES",
                        places: [ActivityLocation(areaCode: "1303001", level: .village)],
                        targets: ["4.1"]
                    ),
                    Self.activity("F-4", institution: "MONRE", places: [unconfirmed], targets: ["3.1"]),
                    closed,
                ],
                by: "tester",
                reason: nil
            )
            func ids(_ filter: ActivityFilter) async throws -> [String] {
                try await repository.activities(filter: filter, page: PageRequest(limit: 100, offset: 0)).items.map(\.identifier)
            }
            #expect(try await ids(ActivityFilter()) == ["F-1", "F-2", "F-3", "F-4", "F-5"])
            // A village: its own activities and those known only at its district's level.
            #expect(try await ids(ActivityFilter(area: "1302001")) == ["F-1", "F-2"])
            #expect(try await ids(ActivityFilter(area: "1302")) == ["F-1", "F-2"])
            #expect(try await ids(ActivityFilter(area: "13")) == ["F-1", "F-2", "F-3"])
            #expect(try await ids(ActivityFilter(area: "01")) == ["F-5"])
            // The proposed place does not count.
            #expect(try await ids(ActivityFilter(area: "1302004")) == ["F-2"])
            // An institution: implementer or participant.
            #expect(try await ids(ActivityFilter(institution: "MOH")) == ["F-1", "F-2"])
            #expect(try await ids(ActivityFilter(institution: "MOES")) == ["F-3"])
            // SDG goal, target, indicator.
            #expect(try await ids(ActivityFilter(sdg: "3")) == ["F-1", "F-4", "F-5"])
            #expect(try await ids(ActivityFilter(sdg: "5")) == ["F-2"])
            #expect(try await ids(ActivityFilter(sdg: "5.2")) == ["F-2"])
            #expect(try await ids(ActivityFilter(sdg: "5.2.1")) == ["F-2"])
            #expect(try await ids(ActivityFilter(sdg: "3.2")).isEmpty)
            #expect(try await ids(ActivityFilter(status: .closed)) == ["F-5"])
            #expect(try await ids(ActivityFilter(area: "13", sdg: "3.1")) == ["F-1"])
            // Pages.
            let page = try await repository.activities(filter: ActivityFilter(), page: PageRequest(limit: 2, offset: 2))
            #expect(page.items.map(\.identifier) == ["F-3", "F-4"] && page.total == 5 && page.hasMore)
            // Compact loading for overlaps: confirmed places only, targets and sectors.
            let compact = try await repository.allForOverlapDetection()
            #expect(compact.map(\.identifier) == ["F-1", "F-2", "F-3", "F-4", "F-5"])
            #expect(compact[3].locations.isEmpty && compact[0].servedTargets == ["3.1"] && compact[1].servedTargets == ["5.2"])
            #expect(compact[0].sectorCategories == ["122"])
        }
    }
}
