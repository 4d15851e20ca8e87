import Foundation
import PasanDomain
import PasanExchange
import PasanReferenceData
import Testing

/// The IATI fixtures (`tests/fixtures/iati`) and the shipped reference data they are matched to.
enum IATIFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("tests/fixtures/iati")
    static let schema = directory.appendingPathComponent("schema/iati-activities-schema.xsd")

    static let reference = Result { () throws(DataFileIssues) in try ReferenceDataLoader.bundled.load() }

    static func data(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }

    static func fixtureNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".xml") }.sorted()
    }

    /// The locator over the shipped boundaries, without the districts named.
    static func locator(leavingOut: Set<String> = []) throws -> DistrictLocator {
        let boundaries = try reference.get().boundaries
        let districts = boundaries.filter { $0.areaCode.count == 4 && !leavingOut.contains($0.areaCode) }
        let provinces = boundaries.filter { $0.areaCode.count == 2 }
        let built = GeoJSONPolygons.locator(districts: districts, provinces: provinces)
        #expect(built.unreadable.isEmpty, "unreadable boundaries: \(built.unreadable)")
        return built.locator
    }

    static func context(leavingOut: Set<String> = []) throws -> IATIMatchContext {
        let data = try reference.get()
        let areas = Dictionary(data.areas.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        let matcher = ActivityLocationMatcher(areas: data.areas, aliases: data.areaAliases, locator: try locator(leavingOut: leavingOut))
        let check = ActivityCheckContext(
            areas: areas,
            institutionCodes: Set(data.institutions.map(\.code)),
            targetCodes: Set(data.targets.map(\.code)),
            indicatorCodes: Set(data.indicators.map(\.code))
        )
        return IATIMatchContext(matcher: matcher, check: check)
    }

    static func read(_ name: String, leavingOut: Set<String> = []) throws -> IATIImportResult {
        IATIActivityImport.read(data: try data(name), filename: name, context: try context(leavingOut: leavingOut))
    }
}

@Suite struct IATIImportTests {
    @Test func theValidFileBecomesThreeActivitiesWithTheirPlaces() throws {
        let result = try IATIFixtures.read("valid_activities.xml")
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.activities.map(\.identifier) == ["XM-EXAMPLE-1-LA-001", "XM-EXAMPLE-1-LA-002", "XM-EXAMPLE-1-LA-003"])
        let water = try #require(result.activities.first)
        #expect(water.origin == .iati)
        #expect(water.sourceFile == "valid_activities.xml")
        #expect(water.title.en == "Clean water for villages of Chanthabuly")
        #expect(water.title.lo != nil)
        #expect(water.status == .implementation)
        #expect(water.start == LocalDate(year: 2025, month: 2, day: 15), "the actual start wins over the planned one")
        #expect(water.end == LocalDate(year: 2027, month: 12, day: 31))
        #expect(water.budget == ActivityBudget(amount: 250_000.5, currency: "USD"), "budgets summed; the default currency fills in")
        #expect(water.implementer.ref == "LA-EXAMPLE-NGO")
        #expect(water.implementer.role == .implementing)
        #expect(water.participants.map(\.role) == [.funding])
        #expect(water.sectors == [ActivitySector(vocabulary: "1", code: "14030")])
        #expect(water.sdgGoals == [6])
        #expect(water.sdgTargets == ["6.1"])
        #expect(water.sdgIndicators == ["6.1.1"])
        #expect(water.locations.map(\.areaCode) == ["0101001", "0101"])
        #expect(water.locations.map(\.match) == [.code, .point])
        #expect(water.locations.allSatisfy { $0.status == .confirmed })
        #expect(water.locations[1].point == GeoPoint(latitude: 17.97, longitude: 102.61))

        let health = result.activities[1]
        #expect(health.status == .pipeline)
        #expect(health.budget == ActivityBudget(amount: 80_000, currency: "EUR"))
        #expect(health.implementer.role == .extending)
        #expect(health.locations.map(\.areaCode) == ["0103", "1011", "0601001"])
        #expect(health.locations.map(\.match) == [.code, .alias, .name])
        #expect(health.locations.map(\.status) == [.confirmed, .confirmed, .proposed], "a name is only proposed")
        #expect(health.sectors == [ActivitySector(vocabulary: "2", code: "121")])
        #expect(health.sdgTargets == ["3.8"])

        let national = result.activities[2]
        #expect(national.locations.isEmpty)
        #expect(national.end == LocalDate(year: 2026, month: 8, day: 31))

        let alias = try #require(result.notices.first { $0.message.key == "iati.location.alias" })
        #expect(alias.identifier == "XM-EXAMPLE-1-LA-002")
        #expect(alias.element == "location/administrative")
        #expect(alias.line == 76)
        #expect(result.proposed.count == 1)
        #expect(result.proposed.first?.givenName == "Xiengthong")
        #expect(result.proposed.first?.candidates.map(\.areaCode) == ["0601001"])
    }

    @Test func aPointOutsideLaosAndAnotherRecipientCountryAreRefused() throws {
        let result = try IATIFixtures.read("bad_outside_country.xml")
        #expect(result.activities.isEmpty)
        let refusals = result.problems.filter { $0.message.key == "iati.location.outsideCountry" }
        #expect(refusals.map(\.identifier) == ["XM-EXAMPLE-2-OUT-1", "XM-EXAMPLE-2-OUT-2"])
        #expect(refusals.map(\.element) == ["location/point/pos", "recipient-country"])
        #expect(refusals.map(\.line) == [23, 41])
        #expect(result.problems.count == 2, "\(result.problems)")
    }

    @Test func aPointInNoDistrictIsRefused() throws {
        let placed = try IATIFixtures.read("bad_point_no_district.xml")
        #expect(placed.problems.isEmpty, "with every boundary the point is in Chanthabuly")
        #expect(placed.activities.first?.locations.map(\.areaCode) == ["0101"])
        let result = try IATIFixtures.read("bad_point_no_district.xml", leavingOut: ["0101"])
        #expect(result.activities.isEmpty)
        #expect(result.problems.map(\.message.key) == ["iati.location.pointInNoDistrict"])
        #expect(result.problems.first?.line == 20)
        #expect(result.problems.first?.identifier == "XM-EXAMPLE-2-PT-1")
    }

    @Test func codesMatchingNothingAreRefused() throws {
        let result = try IATIFixtures.read("bad_unknown_code.xml")
        #expect(result.activities.isEmpty)
        #expect(result.problems.map(\.message.key) == ["iati.location.unknownCode", "iati.location.unknownCode"])
        #expect(result.problems.map(\.element) == ["location/administrative", "location/administrative"])
        #expect(result.problems.map(\.line) == [19, 22])
    }

    @Test func anEndBeforeTheStartIsRefusedByTheSharedRules() throws {
        let result = try IATIFixtures.read("bad_end_before_start.xml")
        #expect(result.activities.isEmpty)
        #expect(result.problems.map(\.message.key) == ["activities.check.endBeforeStart"])
        #expect(result.problems.first?.element == "activity-date")
        #expect(result.problems.first?.line == 18)
        #expect(result.problems.first?.identifier == "XM-EXAMPLE-2-DATE-1")
    }

    @Test func theSchemaInvalidFileIsRefusedWithEachProblem() throws {
        let result = try IATIFixtures.read("bad_schema.xml")
        #expect(result.activities.isEmpty)
        let found = Set(result.problems.map { "\($0.message.key) \($0.element) \($0.line ?? 0)" })
        #expect(found.contains("iati.schema.childMissing iati-activity/reporting-org 8"))
        #expect(found.contains("iati.schema.date activity-date/@iso-date 16"))
        #expect(found.contains("iati.schema.order iati-activity/location 22"))
        #expect(found.contains("iati.schema.attributeNotAllowed location/administrative/@vocabulary-uri 23"))
        #expect(found.contains("iati.schema.number budget/value 20"))
        #expect(result.problems.allSatisfy { $0.identifier == "XM-EXAMPLE-3-BAD-1" })
    }

    @Test func aFileWithADoctypeOrNotXMLIsRefused() throws {
        let context = try IATIFixtures.context()
        let doctype = IATIActivityImport.read(
            data: Data("<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY a \"b\">]>\n<iati-activities version=\"2.03\"/>".utf8),
            filename: "x.xml",
            context: context
        )
        #expect(doctype.problems.map(\.message.key) == ["exchange.xml.noDoctype"])
        let broken = IATIActivityImport.read(
            data: Data("<iati-activities version=\"2.03\"><iati-activity>".utf8),
            filename: "y.xml",
            context: context
        )
        #expect(broken.problems.map(\.message.key) == ["exchange.xml.wellFormed"])
        let other = IATIActivityImport.read(data: Data("<iati-organisations version=\"2.03\"/>".utf8), filename: "z.xml", context: context)
        #expect(other.problems.map(\.message.key) == ["iati.schema.root"])
    }

    @Test func aRepeatedIdentifierInOneFileIsRefused() throws {
        let text = try String(decoding: IATIFixtures.data("valid_activities.xml"), as: UTF8.self)
            .replacingOccurrences(of: "XM-EXAMPLE-1-LA-003", with: "XM-EXAMPLE-1-LA-001")
        let result = IATIActivityImport.read(data: Data(text.utf8), filename: "dup.xml", context: try IATIFixtures.context())
        #expect(result.activities.isEmpty)
        #expect(result.problems.map(\.message.key) == ["iati.duplicateIdentifier"])
    }

    /// Debian's xmllint and Pasan's reader agree on every fixture: the files xmllint validates
    /// are the ones Pasan finds no schema problem in.
    @Test func xmllintAndPasanAgreeOnEveryFixture() throws {
        let xmllint = "/usr/bin/xmllint"
        guard FileManager.default.isExecutableFile(atPath: xmllint) else {
            Issue.record("xmllint is missing: install Debian's libxml2-utils (scripts/test installs it)")
            return
        }
        let names = try IATIFixtures.fixtureNames()
        #expect(names.count >= 6)
        for name in names {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: xmllint)
            process.arguments = ["--noout", "--schema", IATIFixtures.schema.path, IATIFixtures.directory.appendingPathComponent(name).path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let valid = process.terminationStatus == 0
            let read = IATIActivityReader.read(data: try IATIFixtures.data(name), filename: name)
            let schemaProblems = read.problems.filter {
                $0.message.key.hasPrefix("iati.schema.") || $0.message.key.hasPrefix("exchange.xml.")
            }
            #expect(valid == schemaProblems.isEmpty, "\(name): xmllint \(valid ? "validates" : "refuses"), Pasan found \(schemaProblems)")
            #expect(valid == !name.hasPrefix("bad_schema"), "\(name)")
        }
    }
}

@Suite struct IATILocatorTests {
    @Test func pointsArePlacedByTheShippedBoundaries() throws {
        let locator = try IATIFixtures.locator()
        let chanthabuly = GeoPoint(latitude: 17.97, longitude: 102.61)
        #expect(locator.district(containing: chanthabuly) == "0101")
        #expect(locator.province(containing: chanthabuly) == "01")
        #expect(locator.district(containing: GeoPoint(latitude: 19.8856, longitude: 102.1347)) == "0601")
        let udonThani = GeoPoint(latitude: 17.41, longitude: 102.79)
        #expect(locator.district(containing: udonThani) == nil)
        #expect(!locator.isInCountry(udonThani))
        // The Mekong between Vientiane and Si Chiang Mai: outside every province of the shipped
        // boundaries, so outside Lao PDR for Pasan.
        let mekong = GeoPoint(latitude: 17.955, longitude: 102.60)
        #expect(!locator.isInCountry(mekong))
        #expect(locator.district(containing: mekong) == nil)
    }

    @Test func geoJSONPolygonsAndMultiPolygonsAreRead() throws {
        let polygon = try #require(
            GeoJSONPolygons.polygons(
                geometryJSON: #"{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[4,4],[6,4],[6,6],[4,6],[4,4]]]}"#
            )
        )
        #expect(polygon.count == 1)
        #expect(polygon[0].rings.count == 2)
        #expect(polygon[0].contains(GeoPoint(latitude: 2, longitude: 2)))
        #expect(!polygon[0].contains(GeoPoint(latitude: 5, longitude: 5)), "in the hole")
        let multi = try #require(
            GeoJSONPolygons.polygons(
                geometryJSON: #"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]}"#
            )
        )
        #expect(multi.count == 2)
        #expect(GeoJSONPolygons.polygons(geometryJSON: #"{"type":"Point","coordinates":[1,2]}"#) == nil)
        #expect(GeoJSONPolygons.polygons(geometryJSON: "not json") == nil)
    }
}
