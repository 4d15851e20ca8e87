import Foundation

/// The dates of a reporting cycle, in the order the steps happen.
public struct CycleSchedule: Sendable, Hashable, Codable {
    public var requestDate: LocalDate
    public var ownerDeadline: LocalDate
    public var reporterDeadline: LocalDate
    public var statisticsDeadline: LocalDate
    public var approvalDeadline: LocalDate
    public var publicationDate: LocalDate

    public init(
        requestDate: LocalDate,
        ownerDeadline: LocalDate,
        reporterDeadline: LocalDate,
        statisticsDeadline: LocalDate,
        approvalDeadline: LocalDate,
        publicationDate: LocalDate
    ) {
        self.requestDate = requestDate
        self.ownerDeadline = ownerDeadline
        self.reporterDeadline = reporterDeadline
        self.statisticsDeadline = statisticsDeadline
        self.approvalDeadline = approvalDeadline
        self.publicationDate = publicationDate
    }

    /// The steps with their names, in order.
    public var steps: [(LocalizedText, LocalDate)] {
        [
            (LocalizedText(en: "Request sent", lo: "ສົ່ງຄຳຮ້ອງຂໍ", loStatus: .reviewed), requestDate),
            (LocalizedText(en: "Owners deliver", lo: "ເຈົ້າຂອງຂໍ້ມູນສົ່ງ", loStatus: .reviewed), ownerDeadline),
            (LocalizedText(en: "Reporters review", lo: "ຜູ້ລາຍງານກວດກາ", loStatus: .reviewed), reporterDeadline),
            (LocalizedText(en: "LSB approves statistics", lo: "ສຖຕ ຮັບຮອງສະຖິຕິ", loStatus: .reviewed), statisticsDeadline),
            (LocalizedText(en: "Secretariat approves", lo: "ກອງເລຂາ ຮັບຮອງ", loStatus: .reviewed), approvalDeadline),
            (LocalizedText(en: "Publication", lo: "ເຜີຍແຜ່", loStatus: .reviewed), publicationDate),
        ]
    }
}

/// Configurable rules of a cycle, with the workshop's defaults.
public struct CycleRules: Sendable, Hashable, Codable {
    /// Days between the request and the owner deadline: requests must not come at short notice.
    public var minimumNoticeDays: Int
    /// Days before a deadline when reminders go out.
    public var reminderDays: [Int]

    public init(minimumNoticeDays: Int = 30, reminderDays: [Int] = [14, 7, 1]) {
        self.minimumNoticeDays = minimumNoticeDays
        self.reminderDays = reminderDays
    }
}

public enum CycleStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case draft, open, closed
}

/// A later owner deadline, for one institution or (institution `nil`) for all.
public struct CycleExtension: Sendable, Hashable, Codable {
    public var institution: String?
    public var ownerDeadline: LocalDate
    public var reason: String

    public init(institution: String?, ownerDeadline: LocalDate, reason: String) {
        self.institution = institution
        self.ownerDeadline = ownerDeadline
        self.reason = reason
    }
}

/// A reporting cycle: the Secretariat asks owners for data once, with a schedule.
public struct ReportingCycle: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64?
    public var name: LocalizedText
    public var purpose: String
    public var referenceYears: [Int]
    public var indicators: [String]
    public var schedule: CycleSchedule
    public var rules: CycleRules
    public var status: CycleStatus
    public var extensions: [CycleExtension]

    public init(
        id: Int64? = nil,
        name: LocalizedText,
        purpose: String,
        referenceYears: [Int],
        indicators: [String],
        schedule: CycleSchedule,
        rules: CycleRules = CycleRules(),
        status: CycleStatus = .draft,
        extensions: [CycleExtension] = []
    ) {
        self.id = id
        self.name = name
        self.purpose = purpose
        self.referenceYears = referenceYears
        self.indicators = indicators
        self.schedule = schedule
        self.rules = rules
        self.status = status
        self.extensions = extensions
    }

    /// The owner deadline that applies to `institution`, extensions included.
    public func ownerDeadline(for institution: String) -> LocalDate {
        extensions.filter { $0.institution == nil || $0.institution == institution }.map(\.ownerDeadline)
            .reduce(schedule.ownerDeadline) { max($0, $1) }
    }

    /// Whether an owner may still deliver on `date`.
    public func acceptsSubmissions(from institution: String, on date: LocalDate) -> Bool {
        status == .open && date <= ownerDeadline(for: institution)
    }
}

/// Checks of a cycle before it opens: errors stop it, warnings are shown.
public enum CycleCheck {
    public static func errors(_ cycle: ReportingCycle) -> [LocalizedText] {
        var errors: [LocalizedText] = []
        let s = cycle.schedule
        let dates = s.steps
        for (a, b) in zip(dates, dates.dropFirst()) where b.1 < a.1 {
            errors.append(
                text(
                    "\(b.0.en) (\(b.1)) comes before \(a.0.en) (\(a.1)): the steps must be in order.",
                    "\(b.0.lo ?? "") (\(b.1)) ມາກ່ອນ \(a.0.lo ?? "") (\(a.1)): ຂັ້ນຕອນຕ້ອງຮຽງຕາມລຳດັບ."
                )
            )
        }
        let notice = s.requestDate.days(until: s.ownerDeadline)
        if notice < cycle.rules.minimumNoticeDays {
            errors.append(
                text(
                    "Owners get \(notice) days between the request and their deadline; at least \(cycle.rules.minimumNoticeDays) are required.",
                    "ເຈົ້າຂອງຂໍ້ມູນໄດ້ຮັບ \(notice) ມື້ ລະຫວ່າງຄຳຮ້ອງຂໍ ແລະ ກຳນົດສົ່ງ; ຕ້ອງມີຢ່າງໜ້ອຍ \(cycle.rules.minimumNoticeDays) ມື້."
                )
            )
        }
        if cycle.indicators.isEmpty { errors.append(text("The cycle has no indicators in scope.", "ຮອບນີ້ບໍ່ມີຕົວຊີ້ວັດ.")) }
        if cycle.referenceYears.isEmpty { errors.append(text("The cycle covers no reference year.", "ຮອບນີ້ບໍ່ມີປີອ້າງອີງ.")) }
        if cycle.name.en.trimmingSpaces.isEmpty { errors.append(text("The cycle needs a name.", "ຮອບຕ້ອງມີຊື່.")) }
        return errors
    }

    /// "Timing not in sync": owners whose collection delivers after the owner deadline of the cycle.
    public static func warnings(_ cycle: ReportingCycle, assignments: [Assignment]) -> [LocalizedText] {
        let inScope = Set(cycle.indicators)
        let deadline = cycle.schedule.ownerDeadline
        var warnings: [LocalizedText] = []
        for a in assignments where inScope.contains(a.indicator) && a.isCurrent(on: cycle.schedule.requestDate) {
            guard let due = a.collectionDue else { continue }
            let deliveredThatYear = LocalDate(year: deadline.year, month: due.month, day: due.day) ?? deadline
            if deliveredThatYear > deadline {
                warnings.append(
                    text(
                        "\(a.owners.joined(separator: ", ")): data for \(a.indicator) arrive on \(due.text(in: .en)), after the owner deadline \(deadline).",
                        "\(a.owners.joined(separator: ", ")): ຂໍ້ມູນ \(a.indicator) ມາຮອດ \(due.text(in: .lo)), ຫຼັງກຳນົດສົ່ງ \(deadline)."
                    )
                )
            }
        }
        return warnings
    }

    static func text(_ en: String, _ lo: String) -> LocalizedText { LocalizedText(en: en, lo: lo, loStatus: .reviewed) }
}

extension LocalDate {
    /// The number of the day since 1970-01-01 (proleptic Gregorian), for date arithmetic.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = month
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)!
    }

    public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }
    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }
}

extension LocalDate {
    /// Today in Lao PDR (UTC+7) by the system clock. Application code asks its `DateProvider`
    /// instead (the database's), so tests can fix the date.
    public static var today: LocalDate { DateProvider.system.today }
}

/// Where "now" and "today" come from: the system clock in production, a fixed moment in tests.
/// One is held by the database handle (`Database.clock`) and so by everything that reads it;
/// code does not read the system clock itself.
public struct DateProvider: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let system = DateProvider(now: { Date() })

    /// Always the same moment.
    public static func fixed(_ moment: Date) -> DateProvider { DateProvider(now: { moment }) }

    /// Today in Lao PDR (UTC+7).
    public var today: LocalDate { LocalDate.inLaos(now()) }
}

extension LocalDate {
    /// The calendar day of `moment` in Lao PDR (UTC+7).
    public static func inLaos(_ moment: Date) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day], from: moment)
        return LocalDate(year: c.year!, month: c.month!, day: c.day!)!
    }
}
