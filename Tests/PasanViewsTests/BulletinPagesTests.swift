import PasanDomain
import PasanViews
import Testing

/// The village bulletin and its settings (issue 14) in Lao and English, compared with their
/// reviewed snapshots.
@Suite struct BulletinPagesTests {
    typealias F = Fixtures
    typealias P = PlaceFixtures

    @Test(arguments: Language.allCases)
    func bulletin(_ l: Language) {
        let lines = [
            BulletinPage.Line(
                value: BulletinIndicator(
                    indicator: "3.1.2",
                    series: "SH_STA_BRTC",
                    area: "01",
                    year: 2023,
                    value: 96.3,
                    unit: "PERCENT",
                    previousYear: 2020,
                    change: .better
                ),
                title: F.indicator312.title,
                goal: F.goal3,
                areaName: F.provinces[0].name
            ),
            BulletinPage.Line(
                value: BulletinIndicator(
                    indicator: "18.1.1",
                    series: "_L_LA_180101_00",
                    area: "0101",
                    year: 2022,
                    value: 4,
                    unit: "NUMBER",
                    previousYear: nil,
                    change: .firstValue
                ),
                title: F.text("Number of UXO casualties", "ຈຳນວນຜູ້ເຄາະຮ້າຍຈາກລະເບີດບໍ່ທັນແຕກ"),
                goal: F.goal18,
                areaName: F.districts[0].name
            ),
        ]
        let page = BulletinPage(
            language: l,
            area: P.village,
            district: F.districts[0],
            lines: lines,
            source: .pasanDefault,
            activities: P.activities,
            areaContacts: P.areaContacts,
            institutionContacts: P.institutionContacts,
            areaNames: P.areaNames,
            institutionNames: P.institutionNames,
            date: LocalDate(year: 2026, month: 12, day: 2)!
        )
        let html = page.render()
        #expect(html.contains("goal-3") && html.contains("goal-18"))
        Snapshot.check(html, "BulletinPage", l)
    }

    @Test(arguments: Language.allCases)
    func settings(_ l: Language) {
        let national = BulletinChoice(
            scope: "",
            indicators: ["3.1.2"],
            revision: 2,
            changedBy: "Somchai Phommachanh",
            changedAt: "2026-11-30T09:15:00Z"
        )
        let page = BulletinSettingsPage(
            language: l,
            session: F.session(),
            canEdit: true,
            provinces: F.provinces,
            choices: ["": national],
            fields: [:],
            history: [
                national,
                BulletinChoice(scope: "", indicators: [], revision: 1, changedBy: "Khamla Vongsa", changedAt: "2026-11-01T08:00:00Z"),
            ],
            indicatorTitles: ["3.1.2": F.indicator312.title]
        )
        Snapshot.check(page.render(), "BulletinSettingsPage", l)
    }
}
