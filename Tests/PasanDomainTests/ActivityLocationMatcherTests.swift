import PasanDomain
import Testing

/// The matcher on made-up square districts (the real boundaries are tested in
/// PasanExchangeTests' `IATILocatorTests`, which reads the shipped GeoJSON).
@Suite struct ActivityLocationMatcherTests {
    static func name(_ en: String, _ lo: String? = nil) -> LocalizedText { LocalizedText(en: en, lo: lo, loStatus: .machine) }

    static let areas: [Area] = [
        Area(code: "01", level: .province, parentCode: "LA", name: name("Vientiane Capital")),
        Area(code: "0101", level: .district, parentCode: "01", name: name("Chanthabuly")),
        Area(code: "0102", level: .district, parentCode: "01", name: name("Sikhottabong")),
        Area(code: "0101001", level: .village, parentCode: "0101", name: name("NONGPING")),
        Area(code: "0102001", level: .village, parentCode: "0102", name: name("Phonsavang")),
        Area(code: "0101002", level: .village, parentCode: "0101", name: name("PHONSAVANG")),
        Area(code: "1011", level: .district, parentCode: "10", name: name("Meun")),
    ]
    static let aliases = [
        AreaCodeAlias(system: "LSB-SDG", alias: "1013", areaCode: "1011", note: nil),
        AreaCodeAlias(system: "merged", alias: "0101099", areaCode: "0101001", note: "merged into Nongping (made up)"),
    ]

    static func square(_ minLat: Double, _ minLon: Double, _ size: Double) -> [GeoPoint] {
        [
            GeoPoint(latitude: minLat, longitude: minLon), GeoPoint(latitude: minLat, longitude: minLon + size),
            GeoPoint(latitude: minLat + size, longitude: minLon + size), GeoPoint(latitude: minLat + size, longitude: minLon),
        ]
    }

    static func rectangle(_ minLat: Double, _ minLon: Double, _ maxLat: Double, _ maxLon: Double) -> [GeoPoint] {
        [
            GeoPoint(latitude: minLat, longitude: minLon), GeoPoint(latitude: minLat, longitude: maxLon),
            GeoPoint(latitude: maxLat, longitude: maxLon), GeoPoint(latitude: maxLat, longitude: minLon),
            GeoPoint(latitude: minLat, longitude: minLon),
        ]
    }

    /// Province 01 is the square 0–10; district 0101 its western half with a hole (a lake) at
    /// 4–5, district 0102 two islands: the eastern half but for 8–10 latitude, and a far one.
    static let locator = DistrictLocator(
        districts: [
            DistrictLocator.Region(code: "0101", polygons: [GeoPolygon(rings: [rectangle(0, 0, 10, 5), square(4, 1, 1)])]),
            DistrictLocator.Region(
                code: "0102",
                polygons: [
                    GeoPolygon(rings: [rectangle(0, 5, 8, 10)]),
                    GeoPolygon(rings: [square(20, 20, 1)]),
                ]
            ),
        ],
        provinces: [
            DistrictLocator.Region(code: "01", polygons: [GeoPolygon(rings: [square(0, 0, 10)]), GeoPolygon(rings: [square(20, 20, 1)])])
        ]
    )

    static let matcher = ActivityLocationMatcher(areas: areas, aliases: aliases, locator: locator)
    static let areasURI = "https://pasan.example.la/api/v1/areas"

    @Test func theLocatorHandlesHolesAndMultipolygons() {
        #expect(Self.locator.district(containing: GeoPoint(latitude: 2, longitude: 2)) == "0101")
        #expect(Self.locator.district(containing: GeoPoint(latitude: 9, longitude: 2)) == "0101")
        #expect(Self.locator.district(containing: GeoPoint(latitude: 4.5, longitude: 1.5)) == nil, "in the lake")
        #expect(Self.locator.district(containing: GeoPoint(latitude: 2, longitude: 7)) == "0102")
        #expect(Self.locator.district(containing: GeoPoint(latitude: 20.5, longitude: 20.5)) == "0102", "the far island")
        #expect(Self.locator.district(containing: GeoPoint(latitude: 9, longitude: 7)) == nil)
        #expect(Self.locator.isInCountry(GeoPoint(latitude: 9, longitude: 7)))
        #expect(!Self.locator.isInCountry(GeoPoint(latitude: 15, longitude: 15)))
        #expect(Self.locator.province(containing: GeoPoint(latitude: 20.5, longitude: 20.5)) == "01")
    }

    @Test func anLSBCodeWithPasansVocabularyURIMatches() {
        let match = Self.matcher.match(
            GivenLocation(codes: [GivenLocationCode(vocabulary: "99", vocabularyURI: Self.areasURI, level: 3, code: "0101001")])
        )
        #expect(match.refusals.isEmpty)
        #expect(match.locations == [ActivityLocation(areaCode: "0101001", level: .village, match: .code, status: .confirmed)])
    }

    @Test func aPcodeMatchesWithoutAURI() {
        let match = Self.matcher.match(GivenLocation(codes: [GivenLocationCode(vocabulary: "99", code: "LA0102")]))
        #expect(match.locations.map(\.areaCode) == ["0102"])
        #expect(match.locations.map(\.match) == [.code])
    }

    @Test func anAliasMatchesWithANotice() {
        let merged = Self.matcher.match(
            GivenLocation(codes: [GivenLocationCode(vocabulary: "99", vocabularyURI: Self.areasURI, code: "0101099")])
        )
        #expect(merged.locations.map(\.areaCode) == ["0101001"])
        #expect(merged.locations.map(\.match) == [.alias])
        #expect(merged.notices.map(\.message.key) == ["iati.location.alias"])
        #expect(merged.notices.first?.part == .code(0))
        let meun = Self.matcher.match(GivenLocation(codes: [GivenLocationCode(vocabulary: "99", code: "LA1013")]))
        #expect(meun.locations.map(\.areaCode) == ["1011"])
    }

    @Test func aCodeMatchingNothingIsRefused() {
        let match = Self.matcher.match(
            GivenLocation(
                codes: [
                    GivenLocationCode(vocabulary: "99", vocabularyURI: Self.areasURI, code: "0101001"),
                    GivenLocationCode(vocabulary: "99", vocabularyURI: Self.areasURI, code: "0199"),
                ])
        )
        #expect(match.refusals == [LocationNote(part: .code(1), message: Message("iati.location.unknownCode", ["code": "0199"]))])
    }

    @Test func otherVocabulariesAreNotReadButTheCountryIs() {
        let gadm = Self.matcher.match(
            GivenLocation(codes: [GivenLocationCode(vocabulary: "A3", code: "LAO.1.2_1")], point: GeoPoint(latitude: 2, longitude: 7))
        )
        #expect(gadm.notices.map(\.message.key) == ["iati.location.vocabularyNotRead"])
        #expect(gadm.locations.map(\.areaCode) == ["0102"])
        #expect(gadm.locations.map(\.match) == [.point])
        let laos = Self.matcher.match(GivenLocation(codes: [GivenLocationCode(vocabulary: "A4", code: "LA")]))
        #expect(laos.locations.isEmpty && laos.refusals.isEmpty)
        let thailand = Self.matcher.match(GivenLocation(codes: [GivenLocationCode(vocabulary: "A4", code: "TH")]))
        #expect(thailand.refusals.map(\.message.key) == ["iati.location.outsideCountry"])
    }

    @Test func aPointGivesItsDistrictNeverAVillage() {
        let match = Self.matcher.match(GivenLocation(point: GeoPoint(latitude: 2, longitude: 2), name: "Nongping"))
        #expect(match.locations.map(\.areaCode) == ["0101"])
        #expect(match.locations.first?.point == GeoPoint(latitude: 2, longitude: 2))
        #expect(match.proposed.isEmpty, "a point found the place: the name is not guessed")
        let coded = Self.matcher.match(
            GivenLocation(
                codes: [GivenLocationCode(vocabulary: "99", vocabularyURI: Self.areasURI, code: "0101001")],
                point: GeoPoint(latitude: 2, longitude: 2)
            )
        )
        #expect(coded.locations.map(\.areaCode) == ["0101001"], "a coded village stays; the point is kept on it")
        #expect(coded.locations.first?.point == GeoPoint(latitude: 2, longitude: 2))
    }

    @Test func pointsOutsideTheCountryOrInNoDistrictAreRefused() {
        let outside = Self.matcher.match(GivenLocation(point: GeoPoint(latitude: 15, longitude: 15)))
        #expect(outside.refusals.map(\.message.key) == ["iati.location.outsideCountry"])
        #expect(outside.refusals.first?.part == .point)
        let gap = Self.matcher.match(GivenLocation(point: GeoPoint(latitude: 9, longitude: 7)))
        #expect(gap.refusals.map(\.message.key) == ["iati.location.pointInNoDistrict"])
        let coded = Self.matcher.match(
            GivenLocation(codes: [GivenLocationCode(vocabulary: "99", code: "LA0101")], point: GeoPoint(latitude: 15, longitude: 15))
        )
        #expect(coded.refusals.map(\.message.key) == ["iati.location.outsideCountry"], "a point beside a code is checked too")
        let noBoundaries = ActivityLocationMatcher(areas: Self.areas, aliases: [], locator: nil).match(
            GivenLocation(point: GeoPoint(latitude: 2, longitude: 2))
        )
        #expect(noBoundaries.notices.map(\.message.key) == ["iati.location.noBoundaries"])
        #expect(noBoundaries.locations.isEmpty)
    }

    @Test func aNameIsOnlyProposed() {
        let match = Self.matcher.match(GivenLocation(name: "  Phon savang "))
        #expect(match.refusals.isEmpty)
        #expect(match.locations.map(\.areaCode) == ["0101002", "0102001"])
        #expect(match.locations.allSatisfy { $0.status == .proposed && $0.match == .name && !$0.counts })
        #expect(match.proposed.count == 2)
        let none = Self.matcher.match(GivenLocation(name: "Atlantis"))
        #expect(none.locations.isEmpty)
        #expect(none.notices.map(\.message.key) == ["iati.location.nameUnmatched"])
    }

    @Test func pcodesAreRecognised() {
        #expect(ActivityLocationMatcher.isPcode("LA0101"))
        #expect(ActivityLocationMatcher.isPcode("la01"))
        #expect(ActivityLocationMatcher.isPcode("LA0101001"))
        #expect(!ActivityLocationMatcher.isPcode("LA010"))
        #expect(!ActivityLocationMatcher.isPcode("0101"))
        #expect(!ActivityLocationMatcher.isPcode("LAO1"))
    }
}
