import Foundation
import Testing

@testable import PasanDomain
@testable import PasanReferenceData

/// The statistical annex of a Voluntary National Review (issue 17, item 5) for a fixture: what
/// each indicator holds since 2015, what it says when it has nothing, and a review's refusals.
@Suite struct StatisticalAnnexTests {
    static func text(_ en: String) -> LocalizedText { LocalizedText(en: en, lo: nil, loStatus: .machine) }

    static func indicator(_ code: String) -> Indicator {
        Indicator(
            code: code,
            goal: FrameworkCode.goalNumber(of: code)!,
            target: FrameworkCode.targetCode(of: code)!,
            title: text("Indicator \(code)"),
            scope: .global
        )
    }

    static let catalog = FrameworkCatalog(
        goals: [3, 14].map {
            Goal(number: $0, shortTitle: text("G\($0)"), title: text("Goal \($0)"), colour: "#000000", isNational: false)
        },
        targets: [
            Target(code: "3.1", goal: 3, title: nil, isNational: false), Target(code: "14.1", goal: 14, title: nil, isNational: false),
        ],
        indicators: ["3.1.1", "3.1.2", "14.1.1"].map(indicator),
        series: [
            Series(
                code: "SH_MMR",
                indicator: "3.1.1",
                name: text("Maternal mortality ratio"),
                unit: "NUMBER",
                unitMultiplier: nil,
                scope: .global
            )
        ],
        institutions: [],
        successions: [],
        provinces: [
            Area(code: "02", level: .province, parentCode: "LA", name: text("Phongsaly")),
            Area(code: "01", level: .province, parentCode: "LA", name: text("Vientiane Capital")),
        ],
        districts: []
    )

    static func value(_ indicator: String, _ area: String, _ period: String, _ value: Double, _ dims: [String: String] = [:]) -> Observation
    {
        Observation(
            series: indicator == "3.1.1" ? "SH_MMR" : "S_\(indicator)",
            indicator: indicator,
            area: area,
            period: period,
            dimensions: dims,
            unit: "NUMBER",
            value: value,
            status: nil,
            source: "LSB survey"
        )
    }

    static let observations: [String: [Observation]] = [
        "3.1.1": [
            value("3.1.1", "LA", "2012", 357),  // before the baseline: left out
            value("3.1.1", "LA", "2015", 206),
            value("3.1.1", "LA", "2020", 185),
            value("3.1.1", "LA", "2015", 210, ["SEX": "F"]),
            value("3.1.1", "LA", "2020", 190, ["SEX": "F"]),
            value("3.1.1", "02", "2020", 250),
            value("3.1.1", "01", "2020", 120),
            value("3.1.1", "01", "2020", 118, ["SEX": "F"]),  // a province's breakdown: left out
            value("3.1.1", "0101", "2020", 99),  // a district: left out
        ],
        "3.1.2": [value("3.1.2", "LA", "2011", 41.5)],
    ]

    static let review = VoluntaryNationalReview(
        year: 2026,
        goals: [14, 3, 3],
        revision: 1,
        changedBy: "officer",
        changedAt: "",
        reason: ""
    )

    static func annex() -> StatisticalAnnex {
        StatisticalAnnex(
            review: review,
            catalog: catalog,
            observations: observations,
            progress: [
                ProgressResult(
                    level: .indicator,
                    code: "3.1.1",
                    score: 2.1,
                    status: .moderateProgress,
                    method: .openSDGStatCan,
                    series: [],
                    overridden: false,
                    justification: nil
                ),
                ProgressResult(
                    level: .goal,
                    code: "3",
                    score: 2.1,
                    status: .moderateProgress,
                    method: .openSDGStatCan,
                    series: [],
                    overridden: false,
                    justification: nil
                ),
            ],
            owners: ["3.1.1": ["MOH"]],
            asOf: LocalDate(year: 2026, month: 12, day: 4)!
        )
    }

    @Test func everyIndicatorOfTheGoalsIsThereInOrder() {
        let annex = Self.annex()
        #expect(annex.review.goals == [3, 14])
        #expect(annex.chapters.map(\.goal) == [3, 14])
        #expect(annex.indicators.map(\.code) == ["3.1.1", "3.1.2", "14.1.1"])
        #expect(annex.chapters[0].status == .moderateProgress && annex.chapters[1].status == nil)
        #expect(annex.chapters.map(\.withData) == [1, 0])
    }

    @Test func valuesSinceTheBaselineByTotalBreakdownAndProvince() throws {
        let entry = Self.annex().indicators[0]
        let table = try #require(entry.tables.first)
        #expect(entry.tables.count == 1)
        #expect(table.name.en == "Maternal mortality ratio")
        #expect(table.periods == ["2015", "2020"])
        #expect(
            table.rows == [
                .init(kind: .total, values: [206, 185]),
                .init(kind: .breakdown("SEX=F"), values: [210, 190]),
                .init(kind: .province(code: "01", name: Self.text("Vientiane Capital")), values: [nil, 120]),
                .init(kind: .province(code: "02", name: Self.text("Phongsaly")), values: [nil, 250]),
            ]
        )
        #expect(table.sources == ["LSB survey"])
        #expect(table.trend == .init(direction: .down, from: 206, fromPeriod: "2015", to: 185, toPeriod: "2020"))
        #expect(entry.latest?.value == 185 && entry.latest?.period == "2020")
        #expect(entry.owners == ["MOH"] && entry.progress?.status == .moderateProgress)
        #expect(entry.gaps.isEmpty)
    }

    @Test func gapsAreSaidPlainly() {
        let indicators = Self.annex().indicators
        #expect(indicators[1].tables.isEmpty)
        #expect(indicators[1].gaps == [.nothingSinceBaseline(latest: "2011"), .noOwner])
        #expect(indicators[2].gaps == [.noData, .noOwner])
        #expect(indicators[2].latest == nil && indicators[2].trend == nil)
    }

    @Test func aSinglePeriodWithoutBreakdownOrAssessmentIsNamed() {
        let entry = StatisticalAnnex.entry(
            Self.indicator("3.1.2"),
            series: [],
            observations: [Self.value("3.1.2", "01", "2019-Q4", 3)],
            progress: nil,
            owners: ["MOH"],
            provinces: .init(Self.catalog.provinces)
        )
        #expect(entry.gaps == [.noNationalTotal, .singlePeriod("2019-Q4"), .noBreakdown, .notAssessed])
        #expect(entry.tables.first?.trend == nil)
    }

    @Test func aReviewIsRefusedWithItsReasons() {
        let known: Set<Int> = [3, 14]
        #expect(VoluntaryNationalReview.problems(year: 2026, goals: [3], known: known, withData: [3]).isEmpty)
        #expect(
            VoluntaryNationalReview.problems(year: 2014, goals: [], known: known, withData: [3]).map(\.key) == [
                "domain.vnr.yearOutside", "domain.vnr.noGoal",
            ]
        )
        #expect(
            VoluntaryNationalReview.problems(year: 2026, goals: [3, 19], known: known, withData: [3]).map(\.key) == [
                "domain.vnr.unknownGoals"
            ]
        )
        // Goals none of which has data: refused; one with data among them: accepted.
        #expect(VoluntaryNationalReview.problems(year: 2026, goals: [14], known: known, withData: [3]).map(\.key) == ["domain.vnr.noData"])
        #expect(VoluntaryNationalReview.problems(year: 2026, goals: [3, 14], known: known, withData: [3]).isEmpty)
    }
}

/// The shipped HLPF sessions (`vnr/hlpf-sessions.csv`): read, Goal 17 every year, and a broken
/// file refused with its line and column.
@Suite struct HLPFSessionsTests {
    @Test func theShippedSessionsRead() throws {
        let sessions = try ShippedHLPFSessions.load()
        #expect(sessions.keys.sorted() == [2017, 2018, 2019, 2024, 2025, 2026])
        #expect(sessions[2026]?.goals == [6, 7, 9, 11, 17] && sessions[2025]?.goals == [3, 5, 8, 14, 17])
        #expect(sessions.values.allSatisfy { $0.goals.contains(17) && $0.source.contains("https://") })
    }

    @Test func aBrokenFileIsRefusedWithItsPlace() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hlpf-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try "year,goals,theme,source\n2026,6 seven 17,Theme,https://undocs.org\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(
            throws: DataFileIssue(
                file: "vnr/hlpf-sessions.csv",
                line: 2,
                column: "goals",
                message: "has \"6 seven 17\"; expected goal numbers separated by spaces"
            )
        ) {
            try ShippedHLPFSessions.load(from: url)
        }
    }
}
