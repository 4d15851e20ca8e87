/// A DHIS2 period identifier read into its type, first and last day, and the calendar year Pasan
/// files its value under (`docs/dhis2.md` §3; DHIS2's own parser, ISO calendar).
///
/// Every fixed period type DHIS2 writes is read: daily (`20240131`, `2024-01-31`), weekly
/// (`2024W5`) and the weeks starting on Wednesday, Thursday, Saturday or Sunday (`2024WedW5`…
/// `2024SunW5`), bi-weekly (`2024BiW2`), monthly (`202401`, `2024-01`), bi-monthly (`202401B`,
/// January–February), quarterly (`2024Q3`), quarterly from November (`2024NovQ1`), six-monthly
/// (`2024S2`), six-monthly from April or November (`2024AprilS1`, `2024NovS1`), yearly (`2024`) and
/// the financial years (`2024Feb`, `2024April`, `2024July`, `2024Aug`, `2024Sep`, `2024Oct`,
/// `2024Nov`). Anything else (`false_period`, `2024Q5`, `202413`, `2023W53` in a year of 52 weeks,
/// relative periods such as `THIS_YEAR`) is refused: the initialiser returns `nil`.
///
/// **Weeks.** Week 1 is the first week, counted from the type's first weekday, with at least four
/// days in the year (the ISO rule applied to each week-start day, as DHIS2 does); a year has 52 or
/// 53 of them. A bi-week `n` is weeks `2n−1` and `2n` (Monday weeks).
///
/// **November periods.** DHIS2 names them by the year they end in: `2025Nov` is November 2024 to
/// October 2025, `2025NovQ1` November 2024 to January 2025, `2025NovS1` November 2024 to April 2025.
/// The other financial years are named by the year they start in (`2024April` is April 2024 to
/// March 2025).
///
/// **Calendar year** (Pasan's default): a financial year counts for the year its last day falls
/// in (`2024April` → 2025, `2025Nov` → 2025); the periods that divide a financial year (quarters
/// from November, six-months from April or November) count for the same year as the financial
/// year they belong to, so that they add up to it (`2024AprilS1` → 2025, `2025NovQ1` → 2025);
/// a week counts for the year that holds at least four of its days, which is the year it is
/// named after, and a bi-week for the year of its first week; every other period lies in one
/// year, the year it starts in.
public struct DHIS2Period: Sendable, Hashable {
    /// DHIS2's period types (the raw value is DHIS2's name of the type).
    public enum PeriodType: String, Sendable, Hashable, Codable, CaseIterable {
        case daily = "Daily"
        case weekly = "Weekly"
        case weeklyWednesday = "WeeklyWednesday"
        case weeklyThursday = "WeeklyThursday"
        case weeklySaturday = "WeeklySaturday"
        case weeklySunday = "WeeklySunday"
        case biWeekly = "BiWeekly"
        case monthly = "Monthly"
        case biMonthly = "BiMonthly"
        case quarterly = "Quarterly"
        case quarterlyNov = "QuarterlyNov"
        case sixMonthly = "SixMonthly"
        case sixMonthlyApril = "SixMonthlyApril"
        case sixMonthlyNov = "SixMonthlyNov"
        case yearly = "Yearly"
        case financialFeb = "FinancialFeb"
        case financialApril = "FinancialApril"
        case financialJuly = "FinancialJuly"
        case financialAug = "FinancialAug"
        case financialSep = "FinancialSep"
        case financialOct = "FinancialOct"
        case financialNov = "FinancialNov"

        /// The type's name as a person reads it ("quarterly"), from the catalogue.
        public var title: Message {
            switch self {
            case .daily: Message("dhis2.periodType.daily")
            case .weekly: Message("dhis2.periodType.weekly")
            case .weeklyWednesday: Message("dhis2.periodType.weeklyWednesday")
            case .weeklyThursday: Message("dhis2.periodType.weeklyThursday")
            case .weeklySaturday: Message("dhis2.periodType.weeklySaturday")
            case .weeklySunday: Message("dhis2.periodType.weeklySunday")
            case .biWeekly: Message("dhis2.periodType.biWeekly")
            case .monthly: Message("dhis2.periodType.monthly")
            case .biMonthly: Message("dhis2.periodType.biMonthly")
            case .quarterly: Message("dhis2.periodType.quarterly")
            case .quarterlyNov: Message("dhis2.periodType.quarterlyNov")
            case .sixMonthly: Message("dhis2.periodType.sixMonthly")
            case .sixMonthlyApril: Message("dhis2.periodType.sixMonthlyApril")
            case .sixMonthlyNov: Message("dhis2.periodType.sixMonthlyNov")
            case .yearly: Message("dhis2.periodType.yearly")
            case .financialFeb: Message("dhis2.periodType.financialFeb")
            case .financialApril: Message("dhis2.periodType.financialApril")
            case .financialJuly: Message("dhis2.periodType.financialJuly")
            case .financialAug: Message("dhis2.periodType.financialAug")
            case .financialSep: Message("dhis2.periodType.financialSep")
            case .financialOct: Message("dhis2.periodType.financialOct")
            case .financialNov: Message("dhis2.periodType.financialNov")
            }
        }

        /// The first weekday of a weekly type (ISO numbering: 1 = Monday … 7 = Sunday).
        var weekStart: Int? {
            switch self {
            case .weekly, .biWeekly: 1
            case .weeklyWednesday: 3
            case .weeklyThursday: 4
            case .weeklySaturday: 6
            case .weeklySunday: 7
            default: nil
            }
        }

        /// The month a financial year of this type starts in.
        var financialStartMonth: Int? {
            switch self {
            case .financialFeb: 2
            case .financialApril: 4
            case .financialJuly: 7
            case .financialAug: 8
            case .financialSep: 9
            case .financialOct: 10
            case .financialNov: 11
            default: nil
            }
        }
    }

    /// The identifier as DHIS2 wrote it (surrounding spaces removed).
    public var identifier: String
    public var type: PeriodType
    /// The first day of the period.
    public var start: LocalDate
    /// The last day of the period (inclusive).
    public var end: LocalDate
    /// The calendar year Pasan files the period's value under (see the type's documentation).
    public var calendarYear: Int

    /// How many periods of its type count for its calendar year (12 months, 4 quarters, 52 or 53
    /// weeks, 365 or 366 days, 1 year…): fewer than that is an incomplete year.
    public var periodsInCalendarYear: Int { Self.periodCount(of: type, in: calendarYear) }

    /// Reads a DHIS2 period identifier; `nil` for anything that is not a fixed period DHIS2 writes.
    public init?(_ text: String) {
        let identifier = text.trimmingSpaces
        let bytes = Array(identifier.utf8)
        guard bytes.count >= 4, let year = Self.digits(bytes[0..<4]), (1900...2200).contains(year) else { return nil }
        let rest = bytes[4...]
        guard let parsed = Self.parse(year: year, rest: rest) else { return nil }
        self.identifier = identifier
        self.type = parsed.type
        self.start = parsed.start
        self.end = parsed.end
        self.calendarYear = parsed.calendarYear
    }

    /// How many periods of `type` count for calendar year `year`.
    public static func periodCount(of type: PeriodType, in year: Int) -> Int {
        switch type {
        case .daily: isLeap(year) ? 366 : 365
        case .weekly, .weeklyWednesday, .weeklyThursday, .weeklySaturday, .weeklySunday:
            weeks(in: year, startingOn: type.weekStart!)
        case .biWeekly: (weeks(in: year, startingOn: 1) + 1) / 2
        case .monthly: 12
        case .biMonthly: 6
        case .quarterly, .quarterlyNov: 4
        case .sixMonthly, .sixMonthlyApril, .sixMonthlyNov: 2
        case .yearly, .financialFeb, .financialApril, .financialJuly, .financialAug, .financialSep, .financialOct,
            .financialNov:
            1
        }
    }

    // MARK: Reading

    private typealias Parsed = (type: PeriodType, start: LocalDate, end: LocalDate, calendarYear: Int)

    /// The letters between the year and the number of numbered periods (longest first where one
    /// begins another).
    private static let suffixes: [(text: [UInt8], type: PeriodType)] = {
        let list: [(String, PeriodType)] = [
            ("WedW", .weeklyWednesday), ("ThuW", .weeklyThursday), ("SatW", .weeklySaturday), ("SunW", .weeklySunday),
            ("BiW", .biWeekly), ("W", .weekly), ("NovQ", .quarterlyNov), ("Q", .quarterly), ("AprilS", .sixMonthlyApril),
            ("NovS", .sixMonthlyNov), ("S", .sixMonthly),
        ]
        return list.map { (Array($0.0.utf8), $0.1) }
    }()

    private static let financialNames: [String: PeriodType] = [
        "Feb": .financialFeb, "April": .financialApril, "July": .financialJuly, "Aug": .financialAug, "Sep": .financialSep,
        "Oct": .financialOct, "Nov": .financialNov,
    ]

    private static func parse(year: Int, rest: ArraySlice<UInt8>) -> Parsed? {
        let dash = UInt8(ascii: "-")
        switch rest.count {
        case 0:
            return (.yearly, LocalDate(year: year, month: 1, day: 1)!, LocalDate(year: year, month: 12, day: 31)!, year)
        case 2 where digits(rest) != nil:
            return month(year: year, month: digits(rest)!)
        case 3 where rest.first == dash && digits(rest.dropFirst()) != nil:
            return month(year: year, month: digits(rest.dropFirst())!)
        case 3 where rest.last == UInt8(ascii: "B") && digits(rest.dropLast()) != nil:
            let number = digits(rest.dropLast())!
            guard (1...6).contains(number) else { return nil }
            return months(year: year, first: 2 * number - 1, count: 2, type: .biMonthly, calendarYear: year)
        case 4 where digits(rest) != nil:
            return day(year: year, month: digits(rest.prefix(2))!, day: digits(rest.suffix(2))!)
        case 6 where rest[rest.startIndex] == dash && rest[rest.startIndex + 3] == dash:
            guard let m = digits(rest.dropFirst().prefix(2)), let d = digits(rest.suffix(2)) else { return nil }
            return day(year: year, month: m, day: d)
        default:
            break
        }
        if let type = financialNames[String(decoding: rest, as: UTF8.self)] {
            return financialYear(named: year, type: type)
        }
        for (suffix, type) in suffixes where rest.starts(with: suffix) {
            let number = rest.dropFirst(suffix.count)
            // One digit, or two for weeks (`2024W5`, `2024W05`, `2024W52`).
            let maxDigits = type.weekStart != nil ? 2 : 1
            guard (1...maxDigits).contains(number.count), let n = digits(number) else { return nil }
            return numbered(year: year, type: type, number: n)
        }
        return nil
    }

    private static func numbered(year: Int, type: PeriodType, number n: Int) -> Parsed? {
        switch type {
        case .quarterly:
            guard (1...4).contains(n) else { return nil }
            return months(year: year, first: 3 * n - 2, count: 3, type: type, calendarYear: year)
        case .quarterlyNov:
            // Q1 is November of the year before to January.
            guard (1...4).contains(n) else { return nil }
            return months(year: year - 1, first: 11 + 3 * (n - 1), count: 3, type: type, calendarYear: year)
        case .sixMonthly:
            guard (1...2).contains(n) else { return nil }
            return months(year: year, first: n == 1 ? 1 : 7, count: 6, type: type, calendarYear: year)
        case .sixMonthlyApril:
            // Part of the financial year from April `year`, which ends in `year + 1`.
            guard (1...2).contains(n) else { return nil }
            return months(year: year, first: n == 1 ? 4 : 10, count: 6, type: type, calendarYear: year + 1)
        case .sixMonthlyNov:
            guard (1...2).contains(n) else { return nil }
            return months(year: year - 1, first: n == 1 ? 11 : 17, count: 6, type: type, calendarYear: year)
        case .biWeekly:
            let weeks = weeks(in: year, startingOn: 1)
            guard n >= 1, 2 * n - 1 <= weeks else { return nil }
            let first = firstWeekStart(of: year, weekday: 1) + 14 * (n - 1)
            guard let start = date(first), let end = date(first + 13) else { return nil }
            return (type, start, end, year)
        default:
            let weekday = type.weekStart!
            guard n >= 1, n <= weeks(in: year, startingOn: weekday) else { return nil }
            let first = firstWeekStart(of: year, weekday: weekday) + 7 * (n - 1)
            guard let start = date(first), let end = date(first + 6) else { return nil }
            return (type, start, end, year)
        }
    }

    private static func month(year: Int, month: Int) -> Parsed? {
        guard (1...12).contains(month) else { return nil }
        return months(year: year, first: month, count: 1, type: .monthly, calendarYear: year)
    }

    private static func day(year: Int, month: Int, day: Int) -> Parsed? {
        guard let date = LocalDate(year: year, month: month, day: day) else { return nil }
        return (.daily, date, date, year)
    }

    private static func financialYear(named year: Int, type: PeriodType) -> Parsed? {
        let startMonth = type.financialStartMonth!
        // November years are named by the year they end in, the others by the year they start in.
        let startYear = type == .financialNov ? year - 1 : year
        guard let parsed = months(year: startYear, first: startMonth, count: 12, type: type, calendarYear: 0) else { return nil }
        return (type, parsed.start, parsed.end, parsed.end.year)
    }

    /// `count` months from month `first` of `year` (`first` may run past 12 into the next year).
    private static func months(year: Int, first: Int, count: Int, type: PeriodType, calendarYear: Int) -> Parsed? {
        let startYear = year + (first - 1) / 12
        let startMonth = (first - 1) % 12 + 1
        let lastIndex = first + count - 2
        let endYear = year + lastIndex / 12
        let endMonth = lastIndex % 12 + 1
        guard let start = LocalDate(year: startYear, month: startMonth, day: 1),
            let end = LocalDate(year: endYear, month: endMonth, day: daysInMonth(endYear, endMonth))
        else { return nil }
        return (type, start, end, calendarYear)
    }

    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, days counted from 1970-01-01)

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The day number of a date (days since 1970-01-01).
    static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func dayNumber(_ date: LocalDate) -> Int { dayNumber(year: date.year, month: date.month, day: date.day) }

    /// The date of a day number; `nil` outside `LocalDate`'s years.
    static func date(_ number: Int) -> LocalDate? {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return LocalDate(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    static func weekday(_ number: Int) -> Int { ((number + 3) % 7 + 7) % 7 + 1 }

    /// The first day of week 1 of `year` for weeks starting on `weekday`: the week holding
    /// January 4th, so that at least four of its days are in `year`.
    static func firstWeekStart(of year: Int, weekday start: Int) -> Int {
        let january4 = dayNumber(year: year, month: 1, day: 4)
        return january4 - (weekday(january4) - start + 7) % 7
    }

    /// 52 or 53.
    static func weeks(in year: Int, startingOn weekday: Int) -> Int {
        (firstWeekStart(of: year + 1, weekday: weekday) - firstWeekStart(of: year, weekday: weekday)) / 7
    }
}
