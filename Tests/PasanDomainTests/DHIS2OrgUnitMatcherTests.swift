import Testing

@testable import PasanDomain

/// Proposed matches of DHIS2 organisation units to Pasan areas: by code, then by folded name, at
/// the organisation unit's level; never two onto one area; nothing confirmed.
@Suite struct DHIS2OrgUnitMatcherTests {
    static func area(_ code: String, _ level: AreaLevel, _ parent: String?, _ en: String, _ lo: String, iso: String? = nil) -> Area {
        Area(
            code: code,
            level: level,
            parentCode: parent,
            name: LocalizedText(en: en, lo: lo, loStatus: .reviewed),
            pcode: level == .country ? nil : "LA\(code)",
            isoCode: iso
        )
    }

    static let areas = [
        area("LA", .country, nil, "Lao PDR", "ສປປ ລາວ"),
        area("01", .province, "LA", "Vientiane Capital", "ນະຄອນຫຼວງວຽງຈັນ", iso: "LA-VT"),
        area("02", .province, "LA", "Phongsaly", "ຜົ້ງສາລີ", iso: "LA-PH"),
        area("10", .province, "LA", "Vientiane", "ວຽງຈັນ", iso: "LA-VI"),
        area("17", .province, "LA", "Attapeu", "ອັດຕະປື", iso: "LA-AT"),
        area("0101", .district, "01", "Chanthabuly", "ຈັນທະບູລີ"),
        area("0103", .district, "01", "Xaysetha", "ໄຊເສດຖາ"),
        area("0201", .district, "02", "Phongsaly", "ຜົ້ງສາລີ"),
        // Two districts of one name in two provinces (LSB's codes).
        area("1701", .district, "17", "Xaysetha", "ໄຊເສດຖາ"),
    ]

    static func unit(
        _ uid: String,
        _ name: String,
        code: String? = nil,
        level: Int?,
        parent: String? = nil,
        path: String? = nil
    ) -> DHIS2OrgUnit {
        DHIS2OrgUnit(uid: uid, code: code, name: name, level: level, parentUID: parent, path: path)
    }

    static func proposals(_ units: [DHIS2OrgUnit]) -> [String?] {
        let matches = DHIS2OrgUnitMatcher.propose(orgUnits: units, areas: areas)
        #expect(matches.map(\.orgUnit) == units)
        #expect(matches.allSatisfy { !$0.confirmed })
        #expect(matches.allSatisfy { ($0.areaCode == nil) == ($0.basis == nil) })
        return matches.map(\.areaCode)
    }

    @Test func byCodeFirstLSBCodePCodeOrISOAnyCase() {
        let units = [
            Self.unit("ouLao", "Lao People's Democratic Republic", code: "LA", level: 1),
            Self.unit("ouVte", "Capital", code: "01", level: 2),
            Self.unit("ouPsl", "PSL", code: " la02 ", level: 2),
            Self.unit("ouAtp", "Attapu", code: "la-at", level: 2),
            Self.unit("ouChb", "Chanthabouly DHO", code: "LA0101", level: 3),
        ]
        let matches = DHIS2OrgUnitMatcher.propose(orgUnits: units, areas: Self.areas)
        #expect(matches.map(\.areaCode) == ["LA", "01", "02", "17", "0101"])
        #expect(matches.allSatisfy { $0.basis == .code })
    }

    @Test func noPrefixIsGuessedAway() {
        #expect(Self.proposals([Self.unit("ou1", "Somewhere", code: "OU_01", level: 2)]) == [nil])
    }

    @Test func aCodeOfAnotherLevelIsNoMatch() {
        // A district that DHIS2 numbers "02" is not the province 02; its name still matches.
        let matches = DHIS2OrgUnitMatcher.propose(
            orgUnits: [Self.unit("ouD", "Phongsaly District", code: "02", level: 3)],
            areas: Self.areas
        )
        #expect(matches.map(\.areaCode) == ["0201"])
        #expect(matches.map(\.basis) == [.name])
    }

    @Test func byNameFoldedAtTheSameLevel() {
        let units = [
            Self.unit("ouVte", "Vientiane Capital", level: 2),
            Self.unit("ouVtp", "Vientiane Province", level: 2),
            Self.unit("ouPsl", "Phôngsaly  province", level: 2),
            Self.unit("ouPslD", "Phongsaly-District", level: 3),
            Self.unit("ouChb", "ເມືອງ ຈັນທະບູລີ", level: 3),
            Self.unit("ouAtp", "ແຂວງອັດຕະປື", level: 2),
        ]
        let matches = DHIS2OrgUnitMatcher.propose(orgUnits: units, areas: Self.areas)
        #expect(matches.map(\.areaCode) == ["01", "10", "02", "0201", "0101", "17"])
        #expect(matches.allSatisfy { $0.basis == .name })
    }

    @Test func levelsWithoutAnAreaLevelGetNoProposal() {
        // A health facility at level 4 named like a district.
        #expect(Self.proposals([Self.unit("ouF", "Chanthabuly", level: 4)]) == [nil])
        // Another tree: level 1 a ministry root, provinces at 3.
        let matches = DHIS2OrgUnitMatcher.propose(
            orgUnits: [Self.unit("ouP", "Attapeu", level: 3), Self.unit("ouD", "Chanthabuly", level: 4)],
            areas: Self.areas,
            levels: [2: .country, 3: .province, 4: .district]
        )
        #expect(matches.map(\.areaCode) == ["17", "0101"])
    }

    @Test func withoutALevelAnyAreaMayMatchButOnlyOne() {
        #expect(Self.proposals([Self.unit("ouX", "Attapeu", level: nil)]) == ["17"])
        #expect(Self.proposals([Self.unit("ouX", "x", code: "0103", level: nil)]) == ["0103"])
        // A province and a district of that name: which one is not known.
        #expect(Self.proposals([Self.unit("ouX", "Phongsaly", level: nil)]) == [nil])
    }

    @Test func aNameSharedByTwoDistrictsIsSettledByTheParent() {
        let units = [
            Self.unit("ouXstA", "Xaysetha", level: 3, parent: "ouAtp"),
            Self.unit("ouXstV", "Xaysetha", level: 3, path: "/ouLao/ouVte/ouXstV"),
            Self.unit("ouAtp", "Attapeu Province", level: 2, parent: "ouLao"),
            Self.unit("ouVte", "Vientiane Capital", level: 2, parent: "ouLao"),
            // No parent known: left unmatched.
            Self.unit("ouXst", "Xaysetha", level: 3),
        ]
        #expect(Self.proposals(units) == ["1701", "0103", "17", "01", nil])
    }

    @Test func twoOrgUnitsOnOneAreaKeepTheBetterProposal() {
        // A code beats a name.
        #expect(
            Self.proposals([Self.unit("ouA", "Vientiane Capital", level: 2), Self.unit("ouB", "Nakhone", code: "LA01", level: 2)]) == [
                nil, "01",
            ]
        )
        // A name written as the area's beats a folded one.
        #expect(
            Self.proposals([Self.unit("ouA", "Attapeu Province", level: 2), Self.unit("ouB", "attapeu", level: 2)]) == [nil, "17"]
        )
        // Neither better: neither proposed.
        #expect(Self.proposals([Self.unit("ouA", "Attapeu", level: 2), Self.unit("ouB", "ອັດຕະປື", level: 2)]) == [nil, nil])
        // An area taken at a higher level stays there.
        #expect(Self.proposals([Self.unit("ouA", "Attapeu", level: 2), Self.unit("ouB", "x", code: "17", level: nil)]) == ["17", nil])
    }

    @Test func foldedNames() {
        let fold = DHIS2OrgUnitMatcher.foldedName
        #expect(fold("Vientiane Capital") == fold("VIENTIANE-CAPITAL"))
        #expect(fold("Vientiane Capital") != fold("Vientiane Province"))
        #expect(fold("Vientiane Province") == fold("Vientiane"))
        #expect(fold("PhongsalyProvince") == "phongsaly")
        #expect(fold("Sisattanakdistrict") == "sisattanak")
        #expect(fold("Nhot Ou") == "nhotou")
        #expect(fold("Phôngsaly") == "phongsaly")
        #expect(fold("ແຂວງ ຜົ້ງສາລີ") == fold("ຜົ້ງສາລີ"))
        #expect(fold("ມ. ຜົ້ງສາລີ") == fold("ຜົ້ງສາລີ"))
        #expect(fold("ນະຄອນຫຼວງວຽງຈັນ") != fold("ວຽງຈັນ"))
        #expect(fold("Province") == "")
        #expect(fold("District") == "")
    }
}
