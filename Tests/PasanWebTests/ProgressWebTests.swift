import Foundation
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import PasanViews
import SQLKit
import Testing

@testable import PasanWeb

/// The portal's progress views and open data, on both databases.
@Suite struct ProgressWebTests {
    @Test(arguments: Backend.all)
    func indicatorPageShowsChartTableAndProgress(backend: Backend) async throws {
        try await withPortal(backend) { client, _ in
            let html = try await client.execute(uri: "/en/indicators/18.1.1", method: .get).text
            #expect(html.contains("<svg class=\"chart\"") && html.contains("aria-describedby=\"data-table\""))
            #expect(html.contains("<table class=\"data-table\" id=\"data-table\""))
            // What the chart shows is in the table: the totals 2015–2020.
            for value in ["42", "60", "41", "24", "25", "33"] { #expect(html.contains(">\(value)</td>")) }
            #expect(html.contains("Progress: "))
            #expect(html.contains("/en/indicators/18.1.1/data.csv?series=_L_LA_180101_00"))
            #expect(!html.contains("NaN"))
            // An unknown selection falls back to the default with a notice, not an error.
            let unknown = try await client.execute(uri: "/en/indicators/18.1.1?series=NOPE&breakdown=COLOUR", method: .get)
            #expect(unknown.status == .ok && unknown.text.contains("There is no series NOPE"))
            let lao = try await client.execute(uri: "/lo/indicators/18.1.1?series=NOPE", method: .get).text
            #expect(lao.contains("ບໍ່ມີຊຸດຂໍ້ມູນ NOPE"))
            // An indicator with no data at all.
            #expect(try await client.execute(uri: "/en/indicators/1.1.1", method: .get).text.contains("No data has been published"))
        }
    }

    @Test func downloadsAndTheProgressAPI() async throws {
        try await withPortal(.sqlite) { client, _ in
            let csv = try await client.execute(uri: "/en/indicators/18.1.1/data.csv?series=_L_LA_180101_00", method: .get)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.hasPrefix("Year,SERIES,UNIT_MEASURE,OBS_STATUS,SOURCE_DETAIL,GeoCode,Value\r\n2015,_L_LA_180101_00,NUMBER,A,"))
            let zip = try await client.execute(uri: "/downloads/pasan-data.zip", method: .get)
            let bytes = Data(buffer: zip.body)
            #expect(bytes.prefix(4) == Data([0x50, 0x4b, 0x03, 0x04]))
            #expect(String(decoding: bytes, as: UTF8.self).contains("data/indicator_18-1-1.csv"))
            let progress = try json(try await client.execute(uri: "/api/v1/progress?level=indicator", method: .get))
            let items = try #require(progress["data"] as? [[String: Any]])
            let uxo = try #require(items.first { $0["code"] as? String == "18.1.1" })
            #expect(uxo["method"] as? String == "opensdg-statcan")
            #expect(uxo["edition"] as? String == "Open SDG 2.4.0 (2025)")
            #expect(uxo["status"] as? String == "substantial_progress")
            #expect(try await client.execute(uri: "/api/v1/progress?level=planet", method: .get).status == .badRequest)
            let data = try json(try await client.execute(uri: "/api/v1/indicators/18.1.1/data", method: .get))
            #expect((data["data"] as? [Any])?.count == 66)
        }
    }

    @Test func indicatorPagesStayLight() async throws {
        // HTML + CSS of an indicator page (fonts excluded) under 100 KB.
        try await withPortal(.sqlite) { client, _ in
            let page = try await client.execute(uri: "/lo/indicators/18.1.1?series=_L_LA_180101_01&breakdown=SEX", method: .get)
            let css = try await client.execute(uri: "/assets/pasan.css", method: .get)
            #expect(page.body.readableBytes + css.body.readableBytes < 100_000)
            #expect(!page.text.contains("http://") || page.text.contains("molsw"))  // no third-party host is loaded
            // The breakdown selector's "Total" sends an empty value (not its label).
            #expect(page.text.contains("<option value>") || page.text.contains("<option value=\"\">"))
        }
    }
}

@Suite struct ChoroplethTests {
    @Test(arguments: Backend.all)
    func provincialValuesAreDrawnOnTheMap(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            try await database.write { db in
                for (i, province) in ["01", "02", "03", "17"].enumerated() {
                    try await db.insert(into: "observations").columns(
                        "series",
                        "indicator",
                        "area",
                        "period",
                        "dimension_key",
                        "unit",
                        "value",
                        "dataset"
                    )
                    .values(
                        SQLBind("SH_STA_BRTC"),
                        SQLBind("3.1.2"),
                        SQLBind(province),
                        SQLBind("2023"),
                        SQLBind(""),
                        SQLBind("PT"),
                        SQLBind(50.0 + Double(i) * 10),
                        SQLBind("test")
                    )
                    .run()
                }
            }
            // Written around a publication: the summary of what is published is counted again.
            try await ObservationRepository(database: database).recountSummary()
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            try await app.test(.router) { client in
                let html = try await client.execute(uri: "/en/indicators/3.1.2", method: .get).text
                #expect(html.contains("class=\"area-map choropleth\""))
                #expect(html.contains("Vientiane Capital: 50 PT"))
                #expect(html.contains("fill=\"\(AreaMap.scale[4])\""))  // the highest value (an attribute: CSP forbids inline style)
                #expect(html.contains("fill=\"#f0f0f0\""))  // provinces without a value
            }
        }
    }
}

@Suite struct ProgressConfigurationTests {
    @Test func theSecretariatSetsATargetAndTheStatusIsRecomputed() async throws {
        try await TestDatabases.withSeeded(.sqlite) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let officer = try await TestSession.open(
                database,
                userID: try #require(try await AccountRepository(database: database).account(email: "officer@pasan.demo")).id
            )
            try await app.test(.router) { client in
                // An override needs its justification.
                let refused = try await post(
                    client,
                    "/en/indicators/18.1.1/progress",
                    session: officer,
                    fields: [
                        "series": "_L_LA_180101_00", "direction": "-1", "base_year": "2015", "target_year": "2030",
                        "override": "deterioration",
                    ]
                )
                #expect(refused.status == .badRequest && refused.text.contains("needs its justification"))
                // A target of 10 casualties by 2030: 42 → 33 is too slow.
                let saved = try await post(
                    client,
                    "/en/indicators/18.1.1/progress",
                    session: officer,
                    fields: ["series": "_L_LA_180101_00", "direction": "-1", "base_year": "2015", "target_year": "2030", "target": "10"]
                )
                #expect(saved.status == .seeOther)
                #expect(state.progress(.indicator, "18.1.1")?.status == .limitedProgress)
                let page = try await client.execute(uri: "/en/indicators/18.1.1", method: .get).text
                #expect(page.contains("Progress: Limited progress"))
                #expect(page.contains("reach 10 by 2030"))
            }
        }
    }
}

@Suite struct NationalOnlyTests {
    @Test func nationalDataDrawsNoMap() async throws {
        try await withPortal(.sqlite) { client, _ in
            let html = try await client.execute(uri: "/en/indicators/18.1.1", method: .get).text
            #expect(!html.contains("area-map"))
            #expect(try await client.execute(uri: "/en/indicators/18.2.2", method: .get).text.contains("area-map choropleth"))
        }
    }
}
