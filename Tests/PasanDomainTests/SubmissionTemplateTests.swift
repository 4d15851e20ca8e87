import Testing

@testable import PasanDomain

/// The cells a template asks for are the data-entry grid's, for each year of the cycle; code
/// columns carry what they accept; earlier published values come as reference.
@Suite struct SubmissionTemplateTests {
    static let series = Series(
        code: "SH_STA_BRTC",
        indicator: "3.1.2",
        name: LocalizedText(en: "Births attended", lo: nil, loStatus: .machine),
        unit: "PT",
        unitMultiplier: nil,
        scope: .global
    )

    @Test func rowsAreTheGridForEachYearWithTheAllowedCodes() {
        var assignment = Assignment(indicator: "3.1.2", owners: ["MOH"], reporter: "LSB")
        assignment.geographicLevel = .province
        assignment.disaggregation = "URBANISATION"
        let published = [
            Observation(
                series: "SH_STA_BRTC",
                indicator: "3.1.2",
                area: "LA",
                period: "2017",
                dimensions: [:],
                unit: "PT",
                value: 64.4,
                status: nil,
                source: nil
            ),
            Observation(
                series: "SH_STA_BRTC",
                indicator: "3.1.2",
                area: "LA",
                period: "2024",
                dimensions: [:],
                unit: "PT",
                value: 80,
                status: nil,
                source: nil
            ),
            Observation(
                series: "SH_STA_BRTC",
                indicator: "3.1.2",
                area: "0101",
                period: "2017",
                dimensions: [:],
                unit: "PT",
                value: 1,
                status: nil,
                source: nil
            ),
        ]
        let template = SubmissionTemplate.make(
            indicator: "3.1.2",
            assignments: [(assignment, [Self.series])],
            referenceYears: [2025, 2024],
            areaLevels: ["01": .province, "02": .province, "0101": .district],
            published: published
        )
        #expect(
            template.header == [
                "Year", "SERIES", "UNIT_MEASURE", "URBANISATION", "OBS_STATUS", "COMMENT_OBS", "SOURCE_DETAIL", "GeoCode", "Value",
            ]
        )
        // The country and each province, each with its total and urban and rural, for 2024 then 2025.
        #expect(template.rows.count == 2 * 3 * 3)
        #expect(template.rows[0] == ["2024", "SH_STA_BRTC", "PT", "", "", "", "", "LA", ""])
        #expect(template.rows[1] == ["2024", "SH_STA_BRTC", "PT", "R", "", "", "", "LA", ""])
        #expect(template.rows.last == ["2025", "SH_STA_BRTC", "PT", "U", "", "", "", "02", ""])
        #expect(template.allowedCodes["URBANISATION"] == ["R", "U", "_T"])
        #expect(template.allowedCodes["GeoCode"] == ["01", "02", "LA"])
        #expect(template.allowedCodes["SERIES"] == ["SH_STA_BRTC"])
        #expect(template.allowedCodes["OBS_STATUS"]?.contains("E") == true)
        // Only earlier years of the cells asked for are reference (not 2024, not the district).
        #expect(template.reference.map { $0.period } == ["2017"])
        #expect(template.reference.first?.area == "LA")
    }
}
