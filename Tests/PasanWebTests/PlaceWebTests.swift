import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanWeb

/// Issue 14, points 3 and 5: a place's page says what happens there (activities, overlaps, the
/// area's SDG data, who to contact), a district lists its villages, and the village bulletin
/// gives a few indicators with their direction of change, in Lao and English, from the
/// Secretariat's choice or Pasan's default. Both databases.
@Suite struct PlaceWebTests {
    /// Two activities in Chanthabuly (0101): MOH's in the village 0101001, MOES's known only at
    /// the district; a third whose place in the village is only proposed (it must not show);
    /// the overlap of the first two; values of 18.1.1 for the district (fewer casualties is
    /// better) and of 3.1.2 for the province 01 only.
    static func fixture(_ database: Database) async throws -> Int64 {
        try await database.write { db in
            func activity(_ identifier: String, _ institution: String, _ title: String, _ status: String) async throws -> Int64 {
                try await db.raw(
                    """
                    INSERT INTO activities (identifier, implementer_key, implementer_institution, implementer_name_en, title_en,
                        lo_status, status, start_date, end_date, origin, is_illustrative, revision, updated_by, updated_at)
                    VALUES (\(bind: identifier), \(bind: institution), \(bind: institution), \(bind: institution + " (name)"),
                        \(bind: title), 'unreviewed', \(bind: status), '2025-01-01', '2027-12-31', 'app', 0, 1, 'test',
                        '2026-01-01T00:00:00Z')
                    """
                ).run()
                return try #require(
                    try await db.raw("SELECT id FROM activities WHERE identifier = \(bind: identifier)").first()?
                        .decode(column: "id", as: Int64.self)
                )
            }
            func place(_ id: Int64, _ code: String, _ level: String, _ status: String) async throws {
                try await db.raw(
                    """
                    INSERT INTO activity_locations (activity_id, position, area_code, level, district_code, province_code, match, status)
                    VALUES (\(bind: id), 1, \(bind: code), \(bind: level), '0101', '01', 'code', \(bind: status))
                    """
                ).run()
            }
            let water = try await activity("LA-TEST-MOH-1", "MOH", "Clean water for the village", "implementation")
            let school = try await activity("LA-TEST-MOES-1", "MOES", "School meals in the district", "implementation")
            let guess = try await activity("LA-TEST-MOH-2", "MOH", "Guessed place only", "implementation")
            try await place(water, "0101001", "village", "confirmed")
            try await place(school, "0101", "district", "confirmed")
            try await place(guess, "0101001", "village", "proposed")
            try await db.raw(
                """
                INSERT INTO activity_overlaps (first_activity, second_activity, first_implementer, second_implementer, level,
                    shared_targets, shared_sectors, is_current, found_at)
                VALUES ('LA-TEST-MOES-1', 'LA-TEST-MOH-1', 'MOES', 'MOH', 'district', '6.1', '', 1, '2026-01-02T00:00:00Z')
                """
            ).run()
            let overlap = try #require(
                try await db.raw("SELECT id FROM activity_overlaps WHERE first_activity = 'LA-TEST-MOES-1'").first()?
                    .decode(column: "id", as: Int64.self)
            )
            try await db.raw(
                """
                INSERT INTO activity_overlap_places (overlap_id, area_code, level, district_code, province_code)
                VALUES (\(bind: overlap), '0101', 'district', '0101', '01')
                """
            ).run()
            for (indicator, series, area, year, value, unit) in [
                ("18.1.1", "_L_LA_180101_00", "0101", 2019, 10.0, "NUMBER"), ("18.1.1", "_L_LA_180101_00", "0101", 2021, 6.0, "NUMBER"),
                ("3.1.2", "SH_STA_BRTC", "01", 2018, 80.0, "PERCENT"), ("3.1.2", "SH_STA_BRTC", "01", 2020, 85.5, "PERCENT"),
            ] {
                try await db.raw(
                    """
                    INSERT INTO observations (series, indicator, area, period, dimension_key, unit, value, status, source, dataset)
                    VALUES (\(bind: series), \(bind: indicator), \(bind: area), \(bind: String(year)), '', \(bind: unit), \(bind: value),
                        'A', 'Test source', 'test')
                    """
                ).run()
            }
            return overlap
        }
    }

    /// A province with values for more indicators than one page holds shows them one goal at a
    /// time: the goals with their numbers of indicators, the first (or the one asked for) drawn.
    @Test(arguments: Backend.all)
    func aPlaceWithManyIndicatorsShowsOneGoalAtATime(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let catalog = try await CatalogRepository(database: database).load()
            let chosen = catalog.indicators.filter { !$0.isRetired && !catalog.series(ofIndicator: $0.code).isEmpty }
                .prefix(PlacesController.indicatorsOnOnePage + 1)
            try await database.write { db in
                for indicator in chosen {
                    let series = catalog.series(ofIndicator: indicator.code)[0].code
                    try await db.raw(
                        """
                        INSERT INTO observations (series, indicator, area, period, dimension_key, unit, value, dataset)
                        VALUES (\(bind: series), \(bind: indicator.code), '02', '2020', '', 'NUMBER', 1, 'test')
                        """
                    ).run()
                }
            }
            let goals = Dictionary(grouping: chosen, by: \.goal)
            let first = try #require(goals.keys.min()), last = try #require(goals.keys.max())
            #expect(first != last)
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            try await app.test(.router) { client in
                func page(_ uri: String) async throws -> String {
                    let response = try await client.execute(uri: uri, method: .get)
                    #expect(response.status == .ok, "\(uri)")
                    return String(buffer: response.body)
                }
                let province = try await page("/en/places/02")
                #expect(province.contains("Values for \(chosen.count) indicators have been published for this area"))
                #expect(province.contains("Goal \(first) (\(goals[first]!.count))</strong>"))
                #expect(province.contains("href=\"/en/places/02?goal=\(last)#place-data\""))
                #expect(province.contains("href=\"/en/indicators/\(goals[first]![0].code)\""))
                #expect(!province.contains("href=\"/en/indicators/\(goals[last]![0].code)\""))
                let other = try await page("/en/places/02?goal=\(last)")
                #expect(other.contains("href=\"/en/indicators/\(goals[last]![0].code)\""))
                #expect(!other.contains("href=\"/en/indicators/\(goals[first]![0].code)\""))
                // A goal without values there (or no number) shows the first.
                #expect(try await page("/en/places/02?goal=abc").contains("href=\"/en/indicators/\(goals[first]![0].code)\""))
                // Lao: the same choice, in Lao.
                #expect(try await page("/lo/places/02").contains("ສະແດງເທື່ອລະເປົ້າໝາຍ"))
            }
        }
    }

    /// A place page's activities are counted and bounded by the database: at most the limit of
    /// each list, in title order, with how many there are, whether any is illustrative and the
    /// institutions implementing any of them; a village's are those there and, apart, those known
    /// only at its district (one placed at both is there).
    @Test(arguments: Backend.all)
    func theActivitiesOfAPlaceAreCountedAndBoundedByTheDatabase(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            _ = try await Self.fixture(database)
            try await database.write { db in
                for i in 1...12 {
                    let institution = i == 12 ? "MOF" : "MPI"
                    try await db.raw(
                        """
                        INSERT INTO activities (identifier, implementer_key, implementer_institution, implementer_name_en, title_en,
                            lo_status, status, origin, is_illustrative, revision, updated_by, updated_at)
                        VALUES (\(bind: "LA-BULK-\(i)"), \(bind: institution), \(bind: institution), 'Bulk', \(bind: "Activity \(100 + i)"),
                            'unreviewed', 'implementation', 'app', \(bind: i == 12 ? 1 : 0), 1, 'test', '2026-01-01T00:00:00Z')
                        """
                    ).run()
                    // In 0102 (province 01); the first also in the village 0101001 and at the district 0101.
                    let positions: [(String, String, String)] =
                        i == 1
                        ? [("0102", "district", "0102"), ("0101001", "village", "0101"), ("0101", "district", "0101")]
                        : [("0102", "district", "0102")]
                    for (n, (code, level, district)) in positions.enumerated() {
                        try await db.raw(
                            """
                            INSERT INTO activity_locations (activity_id, position, area_code, level, district_code, province_code, match, status)
                            SELECT id, \(bind: n + 1), \(bind: code), \(bind: level), \(bind: district), '01', 'code', 'confirmed'
                            FROM activities WHERE identifier = \(bind: "LA-BULK-\(i)")
                            """
                        ).run()
                    }
                }
            }
            let places = PlaceRepository(database: database)
            let areas = AreaRepository(database: database)
            let province = try #require(try await areas.area(code: "01"))
            let listed = try await places.activities(in: province, limit: 5)
            // The fixture's two confirmed ones and the twelve.
            #expect(listed.hereCount == 14 && listed.count == 14 && listed.aroundCount == 0 && listed.around.isEmpty)
            #expect(listed.here.map(\.title.en) == ["Activity 101", "Activity 102", "Activity 103", "Activity 104", "Activity 105"])
            #expect(listed.here.allSatisfy { $0.knownAt == nil })
            #expect(listed.hasIllustrative)
            #expect(listed.institutions == ["MOH", "MOES", "MPI", "MOF"])
            let all = try await places.activities(in: province)
            #expect(all.count == 14 && Array(all.prefix(5)) == listed.here)

            let village = try #require(try await areas.area(code: "0101001"))
            let inVillage = try await places.activities(in: village, limit: 1)
            #expect(inVillage.hereCount == 2 && inVillage.here.map(\.identifier) == ["LA-BULK-1"])
            #expect(inVillage.aroundCount == 1 && inVillage.around.map(\.identifier) == ["LA-TEST-MOES-1"])
            #expect(inVillage.around.map(\.knownAt) == ["0101"])
            #expect(!inVillage.hasIllustrative)
            #expect(inVillage.institutions == ["MOH", "MOES", "MPI"])
            // All of them for the bulletin, by title, each marked where it is known.
            #expect(
                try await places.activities(in: village).map { [$0.identifier, $0.knownAt ?? "-"] }
                    == [["LA-BULK-1", "-"], ["LA-TEST-MOH-1", "-"], ["LA-TEST-MOES-1", "0101"]]
            )
        }
    }

    @Test(arguments: Backend.all)
    func aPlaceSaysWhatHappensThere(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let overlap = try await Self.fixture(database)
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            try await app.test(.router) { client in
                let village = try await client.execute(uri: "/en/places/0101001", method: .get)
                #expect(village.status == .ok)
                let page = String(buffer: village.body)
                #expect(page.contains("Clean water for the village"))
                #expect(page.contains("Known only at the level of the district (Chanthabuly)"))
                #expect(page.contains("School meals in the district"))
                #expect(!page.contains("Guessed place only"))
                #expect(page.contains("1 overlap found here"))
                #expect(page.contains("href=\"/en/overlaps/\(overlap)\""))
                #expect(page.contains("href=\"/en/places/0101001/bulletin\""))
                // Its district highlighted on the map of the province's districts.
                #expect(page.contains("aria-label=\"The village&#39;s district\"") || page.contains("The village's district"))
                // The Vientiane Capital focal point covers the village; MOH's focal points are there by the activity.
                #expect(page.contains("Vientiane Capital subnational focal point (demo)"))
                #expect(page.contains("MOH owner focal point (demo)"))
                #expect(!page.contains("Reporting chains through this area"))

                let district = String(buffer: try await client.execute(uri: "/en/places/0101", method: .get).body)
                #expect(district.contains("href=\"/en/places/0101001\""))
                #expect(district.contains("href=\"/en/places/0101002\""))
                #expect(district.contains("Clean water for the village") && district.contains("School meals in the district"))
                // The SDG data for the area: the district's own values, charted and tabled.
                #expect(district.contains("SDG data for this area"))
                #expect(district.contains("href=\"/en/indicators/18.1.1\""))
                #expect(district.contains("<svg class=\"chart\""))
                #expect(district.contains("<th scope=\"row\">2021</th><td class=\"num\">6</td>"))
                #expect(!district.contains("href=\"/en/indicators/3.1.2\""))
                #expect(district.contains("Reporting chains through this area"))

                let province = String(buffer: try await client.execute(uri: "/en/places/01", method: .get).body)
                #expect(province.contains("href=\"/en/indicators/3.1.2\""))
                #expect(province.contains("Clean water for the village"))

                let lao = String(buffer: try await client.execute(uri: "/lo/places/0101001", method: .get).body)
                #expect(lao.contains("ຮູ້ພຽງແຕ່ໃນລະດັບເມືອງ"))
            }
        }
    }

    @Test(arguments: Backend.all)
    func theBulletinInLaoAndEnglish(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            _ = try await Self.fixture(database)
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let accounts = AccountRepository(database: database)
            let officer = try #require(try await accounts.account(email: "officer@pasan.demo"))
            let viewer = try #require(try await accounts.account(email: "viewer@pasan.demo"))
            let officerSession = try await TestSession.open(database, userID: officer.id)
            let viewerSession = try await TestSession.open(database, userID: viewer.id)
            try await app.test(.router) { client in
                // Pasan's default: the indicators with values for the district, then its province.
                var bulletin = String(buffer: try await client.execute(uri: "/en/places/0101/bulletin", method: .get).body)
                #expect(bulletin.contains("News for Chanthabuly"))
                #expect(bulletin.contains("Pasan&#39;s default") || bulletin.contains("Pasan's default"))
                #expect(bulletin.contains("In 2021 it was 6."))
                #expect(bulletin.contains("This is better than in 2019."))
                #expect(bulletin.contains("In 2020 it was 85.5 %."))
                #expect(bulletin.contains("This figure is for the province Vientiane Capital"))
                #expect(bulletin.contains("It has gone up since 2018."))
                #expect(bulletin.contains("goal-18") && bulletin.contains("goal-3"))
                #expect(bulletin.contains("MOES (name) is working on: School meals in the district."))
                #expect(bulletin.contains("Vientiane Capital subnational focal point (demo), focal point for Vientiane Capital."))
                let lao = String(buffer: try await client.execute(uri: "/lo/places/0101/bulletin", method: .get).body)
                #expect(lao.contains("ໃນປີ 2021 ແມ່ນ 6."))
                #expect(lao.contains("ນີ້ດີກວ່າປີ 2019."))
                #expect(lao.contains("ຄ່າເລີ່ມຕົ້ນຂອງ Pasan"))
                // A village's bulletin: the district's value, saying so.
                let village = String(buffer: try await client.execute(uri: "/en/places/0101001/bulletin", method: .get).body)
                #expect(village.contains("This figure is for the district Chanthabuly."))
                #expect(village.contains("Clean water for the village"))
                // No bulletin for a province.
                #expect(try await client.execute(uri: "/en/places/01/bulletin", method: .get).status == .notFound)

                // The Secretariat chooses; a viewer may not.
                #expect(try await get(client, "/en/admin/bulletins", session: viewerSession).status == .forbidden)
                #expect(
                    try await post(client, "/en/admin/bulletins", session: viewerSession, fields: ["national": "3.1.2"]).status
                        == .forbidden
                )
                let refused = try await post(client, "/en/admin/bulletins", session: officerSession, fields: ["national": "3.1.2 9.9.99"])
                #expect(refused.status == .badRequest)
                #expect(String(buffer: refused.body).contains("9.9.99 is not an indicator code."))
                let saved = try await post(client, "/en/admin/bulletins", session: officerSession, fields: ["national": "3.1.2, 3.1.2"])
                #expect(saved.status == .seeOther)
                let revisions = try await BulletinRepository(database: database).revisions(scope: "")
                #expect(revisions.map(\.indicators) == [["3.1.2"]])
                #expect(revisions.first?.changedBy.hasPrefix("Secretariat officer (demo)") == true)
                let settings = String(buffer: try await get(client, "/en/admin/bulletins", session: officerSession).body)
                #expect(settings.contains("Revision 1 by Secretariat officer (demo)"))
                // The cached bulletin is made again from the choice.
                bulletin = String(buffer: try await client.execute(uri: "/en/places/0101/bulletin", method: .get).body)
                #expect(bulletin.contains("The Secretariat chose these figures for every bulletin."))
                #expect(!bulletin.contains("In 2021 it was 6."))
                #expect(bulletin.contains("In 2020 it was 85.5 %."))
            }
        }
    }

    @Test func theDirectionOfChangeFollowsTheConfiguration() {
        func obs(_ area: String, _ year: Int, _ value: Double) -> Observation {
            Observation(
                series: "S",
                indicator: "1.1.1",
                area: area,
                period: String(year),
                dimensions: [:],
                unit: "PERCENT",
                value: value,
                status: nil,
                source: nil
            )
        }
        let rows = [obs("01", 2019, 20), obs("01", 2022, 15), obs("LA", 2022, 30)]
        let less = BulletinIndicator.make(
            indicator: "1.1.1",
            observations: rows,
            areas: ["0101", "01", "LA"],
            configuredSeries: nil,
            direction: -1
        )
        #expect(less?.area == "01" && less?.value == 15 && less?.change == .better && less?.previousYear == 2019)
        let more = BulletinIndicator.make(
            indicator: "1.1.1",
            observations: rows,
            areas: ["0101", "01", "LA"],
            configuredSeries: nil,
            direction: 1
        )
        #expect(more?.change == .worse)
        let none = BulletinIndicator.make(
            indicator: "1.1.1",
            observations: rows,
            areas: ["0101", "01", "LA"],
            configuredSeries: nil,
            direction: nil
        )
        #expect(none?.change == .down)
        let country = BulletinIndicator.make(
            indicator: "1.1.1",
            observations: rows,
            areas: ["0102", "02", "LA"],
            configuredSeries: nil,
            direction: 1
        )
        #expect(country?.area == "LA" && country?.change == .firstValue)
        #expect(BulletinIndicator.make(indicator: "2.1.1", observations: rows, areas: ["LA"], configuredSeries: nil, direction: 1) == nil)
    }
}
