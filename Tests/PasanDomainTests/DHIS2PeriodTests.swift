import Testing

@testable import PasanDomain

/// DHIS2's period identifiers (`docs/dhis2.md` §3): each type read into its first and last day and
/// the calendar year Pasan files it under; everything else refused.
@Suite struct DHIS2PeriodTests {
    static func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    /// (identifier, type, first day, last day, calendar year)
    static let cases: [(String, DHIS2Period.PeriodType, String, String, Int)] = [
        ("20240131", .daily, "2024-01-31", "2024-01-31", 2024),
        ("2024-01-31", .daily, "2024-01-31", "2024-01-31", 2024),
        ("20240229", .daily, "2024-02-29", "2024-02-29", 2024),
        ("2024W5", .weekly, "2024-01-29", "2024-02-04", 2024),
        ("2017W04", .weekly, "2017-01-23", "2017-01-29", 2017),
        // Week 1 that starts the year before, week 53, a week ending the next year.
        ("2015W1", .weekly, "2014-12-29", "2015-01-04", 2015),
        ("2015W53", .weekly, "2015-12-28", "2016-01-03", 2015),
        ("2016W52", .weekly, "2016-12-26", "2017-01-01", 2016),
        ("2017WedW4", .weeklyWednesday, "2017-01-25", "2017-01-31", 2017),
        // 29 December 2016 to 4 January 2017 has four days in 2017: it is week 1.
        ("2017ThuW4", .weeklyThursday, "2017-01-19", "2017-01-25", 2017),
        ("2017SatW4", .weeklySaturday, "2017-01-21", "2017-01-27", 2017),
        ("2017SunW4", .weeklySunday, "2017-01-22", "2017-01-28", 2017),
        ("2024BiW2", .biWeekly, "2024-01-15", "2024-01-28", 2024),
        ("2015BiW27", .biWeekly, "2015-12-28", "2016-01-10", 2015),
        ("202401", .monthly, "2024-01-01", "2024-01-31", 2024),
        ("2017-01", .monthly, "2017-01-01", "2017-01-31", 2017),
        ("198002", .monthly, "1980-02-01", "1980-02-29", 1980),
        ("202401B", .biMonthly, "2024-01-01", "2024-02-29", 2024),
        ("202406B", .biMonthly, "2024-11-01", "2024-12-31", 2024),
        ("2024Q3", .quarterly, "2024-07-01", "2024-09-30", 2024),
        ("2025NovQ1", .quarterlyNov, "2024-11-01", "2025-01-31", 2025),
        ("2025NovQ4", .quarterlyNov, "2025-08-01", "2025-10-31", 2025),
        ("2024S2", .sixMonthly, "2024-07-01", "2024-12-31", 2024),
        ("2024AprilS1", .sixMonthlyApril, "2024-04-01", "2024-09-30", 2025),
        ("2024AprilS2", .sixMonthlyApril, "2024-10-01", "2025-03-31", 2025),
        ("2025NovS1", .sixMonthlyNov, "2024-11-01", "2025-04-30", 2025),
        ("2025NovS2", .sixMonthlyNov, "2025-05-01", "2025-10-31", 2025),
        ("2024", .yearly, "2024-01-01", "2024-12-31", 2024),
        ("2024Feb", .financialFeb, "2024-02-01", "2025-01-31", 2025),
        ("2024April", .financialApril, "2024-04-01", "2025-03-31", 2025),
        ("2024July", .financialJuly, "2024-07-01", "2025-06-30", 2025),
        ("2024Aug", .financialAug, "2024-08-01", "2025-07-31", 2025),
        ("2024Sep", .financialSep, "2024-09-01", "2025-08-31", 2025),
        ("2024Oct", .financialOct, "2024-10-01", "2025-09-30", 2025),
        // November years are named by the year they end in.
        ("2025Nov", .financialNov, "2024-11-01", "2025-10-31", 2025),
    ]

    @Test(arguments: cases)
    func readsEveryPeriodType(_ identifier: String, _ type: DHIS2Period.PeriodType, _ start: String, _ end: String, _ year: Int) throws {
        let period = try #require(DHIS2Period(identifier))
        #expect(period.identifier == identifier)
        #expect(period.type == type)
        #expect(period.start == Self.day(start))
        #expect(period.end == Self.day(end))
        #expect(period.calendarYear == year)
    }

    @Test func everyTypeIsCovered() {
        #expect(Set(Self.cases.map(\.1)) == Set(DHIS2Period.PeriodType.allCases))
    }

    @Test func spacesAroundAreRemoved() throws {
        let period = try #require(DHIS2Period(" 2024Q1 "))
        #expect(period.identifier == "2024Q1")
        #expect(period.type == .quarterly)
    }

    @Test(arguments: [
        "false_period", "2024Q5", "2024Q0", "202413", "202400", "2024-13", "2024-1", "20230229", "20241301", "2024-02-30",
        "2024W0", "2024W54", "2016W53", "2024W123", "2024Wed", "2024WedW", "2024FriW1", "2024BiW0", "2016BiW27",
        "202400B", "202407B", "20241B", "2024NovQ5", "2024S3", "2024S0", "2024AprilS3", "2024NovS0", "2024Dec", "2024Jan",
        "2024april", "24Q1", "", "2024 Q1", "THIS_YEAR", "LAST_12_MONTHS", "2024-01-01/P1M", "1899", "2201", "1900NovQ1",
        "2024\u{FF11}", "\u{0ED2}\u{0ED0}\u{0ED2}\u{0ED4}",
    ])
    func refusesAnythingElse(_ identifier: String) {
        #expect(DHIS2Period(identifier) == nil)
    }

    @Test func periodsOfAYear() {
        #expect(DHIS2Period.periodCount(of: .daily, in: 2024) == 366)
        #expect(DHIS2Period.periodCount(of: .daily, in: 2023) == 365)
        #expect(DHIS2Period.periodCount(of: .weekly, in: 2015) == 53)
        #expect(DHIS2Period.periodCount(of: .weekly, in: 2016) == 52)
        #expect(DHIS2Period.periodCount(of: .biWeekly, in: 2015) == 27)
        #expect(DHIS2Period.periodCount(of: .biWeekly, in: 2016) == 26)
        #expect(DHIS2Period.periodCount(of: .monthly, in: 2024) == 12)
        #expect(DHIS2Period.periodCount(of: .biMonthly, in: 2024) == 6)
        #expect(DHIS2Period.periodCount(of: .quarterly, in: 2024) == 4)
        #expect(DHIS2Period.periodCount(of: .quarterlyNov, in: 2024) == 4)
        #expect(DHIS2Period.periodCount(of: .sixMonthlyApril, in: 2024) == 2)
        #expect(DHIS2Period.periodCount(of: .yearly, in: 2024) == 1)
        #expect(DHIS2Period.periodCount(of: .financialApril, in: 2024) == 1)
        #expect(DHIS2Period("2015W10")?.periodsInCalendarYear == 53)
        #expect(DHIS2Period("202405")?.periodsInCalendarYear == 12)
    }

    /// Week 1 holds at least four days of its year, the weeks of a year follow one another without
    /// gap, and the last one ends the day before the next year's week 1 — for every week start.
    @Test(arguments: [
        DHIS2Period.PeriodType.weekly, .weeklyWednesday, .weeklyThursday, .weeklySaturday, .weeklySunday,
    ])
    func weeksTileTheYears(_ type: DHIS2Period.PeriodType) throws {
        let infix = ["Weekly": "", "WeeklyWednesday": "Wed", "WeeklyThursday": "Thu", "WeeklySaturday": "Sat", "WeeklySunday": "Sun"][
            type.rawValue
        ]!
        for year in 2000...2035 {
            let count = DHIS2Period.periodCount(of: type, in: year)
            #expect(count == 52 || count == 53)
            let first = try #require(DHIS2Period("\(year)\(infix)W1"))
            #expect(first.type == type)
            let firstDayOfYear = DHIS2Period.dayNumber(year: year, month: 1, day: 1)
            #expect((-3...3).contains(firstDayOfYear - DHIS2Period.dayNumber(first.start)))
            var previousEnd = DHIS2Period.dayNumber(first.start) - 1
            for week in 1...count {
                let period = try #require(DHIS2Period("\(year)\(infix)W\(week)"))
                #expect(DHIS2Period.dayNumber(period.start) == previousEnd + 1)
                #expect(DHIS2Period.dayNumber(period.end) == previousEnd + 7)
                #expect(period.calendarYear == year)
                previousEnd = DHIS2Period.dayNumber(period.end)
            }
            #expect(DHIS2Period("\(year)\(infix)W\(count + 1)") == nil)
            let next = try #require(DHIS2Period("\(year + 1)\(infix)W1"))
            #expect(DHIS2Period.dayNumber(next.start) == previousEnd + 1)
        }
    }

    /// The periods that divide a financial year count for the financial year's calendar year and
    /// cover it exactly, so that they add up to it.
    @Test func partsOfAFinancialYearCoverIt() throws {
        for (parts, whole) in [
            (["2025NovQ1", "2025NovQ2", "2025NovQ3", "2025NovQ4"], "2025Nov"),
            (["2025NovS1", "2025NovS2"], "2025Nov"),
            (["2024AprilS1", "2024AprilS2"], "2024April"),
        ] {
            let year = try #require(DHIS2Period(whole))
            var next = year.start
            for identifier in parts {
                let part = try #require(DHIS2Period(identifier))
                #expect(part.start == next)
                #expect(part.calendarYear == year.calendarYear)
                next = DHIS2Period.date(DHIS2Period.dayNumber(part.end) + 1)!
            }
            #expect(DHIS2Period.dayNumber(next) == DHIS2Period.dayNumber(year.end) + 1)
        }
    }

    @Test func dayNumbersRoundTrip() {
        #expect(DHIS2Period.dayNumber(year: 1970, month: 1, day: 1) == 0)
        #expect(DHIS2Period.weekday(0) == 4)  // a Thursday
        #expect(DHIS2Period.weekday(DHIS2Period.dayNumber(year: 2024, month: 1, day: 1)) == 1)  // a Monday
        for number in stride(from: -25_000, through: 80_000, by: 37) {
            let date = DHIS2Period.date(number)!
            #expect(DHIS2Period.dayNumber(date) == number)
        }
        #expect(DHIS2Period.date(DHIS2Period.dayNumber(year: 1899, month: 12, day: 31)) == nil)
    }

    @Test func typesHaveCatalogueNames() {
        #expect(DHIS2Period.PeriodType.quarterly.title == Message("dhis2.periodType.quarterly"))
        #expect(Set(DHIS2Period.PeriodType.allCases.map(\.title.key)).count == DHIS2Period.PeriodType.allCases.count)
    }
}
