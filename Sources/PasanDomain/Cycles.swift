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
    public var steps: [(Message, LocalDate)] {
        [
            (Message("workflow.cycleStep.request"), requestDate),
            (Message("workflow.cycleStep.ownerDeadline"), ownerDeadline),
            (Message("workflow.cycleStep.reporterDeadline"), reporterDeadline),
            (Message("workflow.cycleStep.statisticsDeadline"), statisticsDeadline),
            (Message("workflow.cycleStep.approvalDeadline"), approvalDeadline),
            (Message("workflow.cycleStep.publication"), publicationDate),
        ]
    }
}

/// Configurable rules of a cycle; a new cycle starts from `PasanDefaults` as the Secretariat set
/// them (Pasan's own defaults otherwise: 30 days' notice, reminders 14, 7 and 1 days before).
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
    /// The plan whose indicators the cycle asks for (`nil`: an SDG cycle).
    public var plan: String?

    public init(
        id: Int64? = nil,
        name: LocalizedText,
        purpose: String,
        referenceYears: [Int],
        indicators: [String],
        schedule: CycleSchedule,
        rules: CycleRules = CycleRules(),
        status: CycleStatus = .draft,
        extensions: [CycleExtension] = [],
        plan: String? = nil
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
        self.plan = plan
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
    public static func errors(_ cycle: ReportingCycle) -> [Message] {
        var errors: [Message] = []
        let s = cycle.schedule
        let dates = s.steps
        for (a, b) in zip(dates, dates.dropFirst()) where b.1 < a.1 {
            errors.append(
                Message(
                    "workflow.cycle.stepsOutOfOrder",
                    [
                        "later": .message(b.0), "laterDate": .date(b.1), "earlier": .message(a.0),
                        "earlierDate": .date(a.1),
                    ]
                )
            )
        }
        let notice = s.requestDate.days(until: s.ownerDeadline)
        if notice < cycle.rules.minimumNoticeDays {
            errors.append(
                Message("workflow.cycle.shortNotice", ["notice": .number(notice), "minimum": .number(cycle.rules.minimumNoticeDays)])
            )
        }
        if cycle.indicators.isEmpty { errors.append(Message("workflow.cycle.noIndicators")) }
        if cycle.referenceYears.isEmpty { errors.append(Message("workflow.cycle.noReferenceYear")) }
        if cycle.name.en.trimmingSpaces.isEmpty { errors.append(Message("workflow.cycle.noName")) }
        return errors
    }

    /// "Timing not in sync": owners whose collection delivers after the owner deadline of the cycle.
    public static func warnings(_ cycle: ReportingCycle, assignments: [Assignment]) -> [Message] {
        let inScope = Set(cycle.indicators)
        let deadline = cycle.schedule.ownerDeadline
        var warnings: [Message] = []
        for a in assignments where inScope.contains(a.indicator) && a.isCurrent(on: cycle.schedule.requestDate) {
            guard let due = a.collectionDue else { continue }
            let deliveredThatYear = LocalDate(year: deadline.year, month: due.month, day: due.day) ?? deadline
            if deliveredThatYear > deadline {
                warnings.append(
                    Message(
                        "workflow.cycle.lateCollection",
                        [
                            "owners": .text(a.owners.joined(separator: ", ")), "indicator": .text(a.indicator),
                            "due": .message(due.message),
                            "deadline": .date(deadline),
                        ]
                    )
                )
            }
        }
        return warnings
    }

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
