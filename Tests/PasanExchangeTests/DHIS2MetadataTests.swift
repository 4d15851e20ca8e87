import Foundation
import PasanDomain
import Testing

@testable import PasanExchange

@Suite("DHIS2 organisation units and system info")
struct DHIS2MetadataTests {
    @Test("/api/organisationUnits as the Android SDK recorded it")
    func androidUnits() throws {
        let file = "dhis2-android-sdk/organisationUnits.json"
        let (units, pager) = try DHIS2OrgUnitsReader.read(DHIS2Fixtures.data(file), file: file)
        #expect(pager == nil)
        #expect(
            units == [
                DHIS2OrgUnit(
                    uid: "YuQRtpLP10I",
                    code: "OU_539",
                    name: "Badjia",
                    level: 3,
                    parentUID: "O6uvpzGd5pu",
                    path: "/ImspTQPwCqd/O6uvpzGd5pu/YuQRtpLP10I"
                ),
                DHIS2OrgUnit(
                    uid: "DiszpKrYNg8",
                    code: "OU_559",
                    name: "Ngelehun CHC",
                    level: 4,
                    parentUID: "YuQRtpLP10I",
                    path: "/ImspTQPwCqd/O6uvpzGd5pu/YuQRtpLP10I/DiszpKrYNg8"
                ),
                DHIS2OrgUnit(
                    uid: "g8upMTyEZGZ",
                    code: "OU_167609",
                    name: "Njandama MCHP",
                    level: 4,
                    parentUID: "YuQRtpLP10I",
                    path: "/ImspTQPwCqd/O6uvpzGd5pu/YuQRtpLP10I/g8upMTyEZGZ"
                ),
            ]
        )
    }

    @Test("the organisation units of a metadata package: the root without parent, some without path")
    func metadataUnits() throws {
        let file = "dhis2-core/e2e_setup_metadata.json"
        let units = try DHIS2OrgUnitsReader.read(DHIS2Fixtures.data(file), file: file).orgUnits
        #expect(units.map(\.uid) == ["DiszpKrYNg8", "g8upMTyEZGZ", "YuQRtpLP10I", "O6uvpzGd5pu", "ImspTQPwCqd"])
        #expect(units.map(\.level) == [4, 4, 3, 2, 1])
        #expect(units.last == DHIS2OrgUnit(uid: "ImspTQPwCqd", code: "OU_525", name: "Sierra Leone", level: 1, parentUID: nil, path: nil))
        #expect(units[0].path == nil && units[1].path == "/ImspTQPwCqd/O6uvpzGd5pu/YuQRtpLP10I/g8upMTyEZGZ")
    }

    @Test("pagers with and without totals; displayName when name is missing; problems per unit")
    func pagersAndProblems() throws {
        let paged = """
            {"pager": {"page": 1, "pageCount": 3, "total": 120, "pageSize": 50, "nextPage": "https://dhis2.example/api/organisationUnits?page=2"},
             "organisationUnits": [{"id": "ImspTQPwCqd", "displayName": "Sierra Leone", "level": "1"}]}
            """
        let (units, pager) = try DHIS2OrgUnitsReader.read(Data(paged.utf8), file: "p.json")
        #expect(units == [DHIS2OrgUnit(uid: "ImspTQPwCqd", code: nil, name: "Sierra Leone", level: 1, parentUID: nil, path: nil)])
        #expect(
            pager
                == DHIS2Pager(
                    page: 1,
                    pageCount: 3,
                    total: 120,
                    pageSize: 50,
                    nextPage: "https://dhis2.example/api/organisationUnits?page=2"
                )
        )
        #expect(pager?.hasNextPage == true)
        let last = try DHIS2OrgUnitsReader.read(
            Data(#"{"pager": {"page": 3, "pageSize": 50}, "organisationUnits": []}"#.utf8),
            file: "l.json"
        )
        #expect(last.pager == DHIS2Pager(page: 3, pageCount: nil, total: nil, pageSize: 50, nextPage: nil))
        #expect(last.pager?.hasNextPage == false)
        #expect(DHIS2Pager(page: 2, pageCount: 3, total: nil, pageSize: nil, nextPage: nil).hasNextPage)

        let bad = """
            {"organisationUnits": [{"id": "12345678901", "name": "x"}, {"id": "ImspTQPwCqd"}, {"id": "O6uvpzGd5pu", "name": "Bo", "level": 2.5},
                                   {"id": "YuQRtpLP10I", "name": "Badjia", "parent": "O6uvpzGd5pu"}],
             "pager": {"pageSize": 50}}
            """
        let problems = DHIS2Fixtures.problems { _ = try DHIS2OrgUnitsReader.read(Data(bad.utf8), file: "b.json") }
        #expect(
            DHIS2Fixtures.places(problems) == [
                "organisationUnits[0].id dhis2_exchange.uid",
                "organisationUnits[1].name dhis2_exchange.orgUnit.name",
                "organisationUnits[2].level dhis2_exchange.json.integer",
                "organisationUnits[3].parent dhis2_exchange.json.object",
                "pager.page dhis2_exchange.json.integer",
            ]
        )
        let none = DHIS2Fixtures.problems { _ = try DHIS2OrgUnitsReader.read(Data(#"{"httpStatus": "Not Found"}"#.utf8), file: "n.json") }
        #expect(DHIS2Fixtures.places(none) == ["organisationUnits dhis2_exchange.json.array"])
    }

    @Test("system info: the fields a client needs, read tolerantly")
    func systemInfo() throws {
        let json = """
            {"contextPath": "https://play.dhis2.org/40", "version": "2.41.1", "revision": "3f8c14a", "buildTime": "2024-05-01T10:00:00.000",
             "calendar": "iso8601", "serverTimeZoneId": "Etc/UTC", "databaseInfo": {"spatialSupport": true}}
            """
        let info = try DHIS2SystemInfo.read(Data(json.utf8), file: "info.json")
        #expect(info == DHIS2SystemInfo(version: "2.41.1", revision: "3f8c14a", calendar: "iso8601", serverTimeZoneId: "Etc/UTC"))
        #expect(info.release?.major == 2 && info.release?.minor == 41)
        #expect(DHIS2SystemInfo(version: "2.43-SNAPSHOT", revision: nil, calendar: nil, serverTimeZoneId: nil).release?.minor == 43)
        #expect(DHIS2SystemInfo(version: "v41", revision: nil, calendar: nil, serverTimeZoneId: nil).release == nil)
        let odd = try DHIS2SystemInfo.read(Data(#"{"version": 2.41, "calendar": ["iso8601"]}"#.utf8), file: "odd.json")
        #expect(odd == DHIS2SystemInfo(version: nil, revision: nil, calendar: nil, serverTimeZoneId: nil))
        let problems = DHIS2Fixtures.problems { _ = try DHIS2SystemInfo.read(Data("[]".utf8), file: "a.json") }
        #expect(DHIS2Fixtures.places(problems) == ["dhis2_exchange.json.object"])
    }
}
