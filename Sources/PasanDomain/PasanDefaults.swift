/// The defaults Pasan proposes where the institutional arrangements set no rule: chosen by Pasan
/// (not taken from the workshop or from a decree), shown as "Pasan's default" wherever they
/// appear, and set by the Secretariat for its own practice (`SettingsRepository`).
public struct PasanDefaults: Sendable, Hashable, Codable {
    /// Days between a data request and the owners' deadline below which a cycle is refused.
    public var minimumNoticeDays: Int
    /// Days before a deadline on which a reminder is sent, e.g. 14, 7 and 1.
    public var reminderDays: [Int]
    /// The owners' deadline that the handbook and the gap analysis assume when no cycle is open.
    public var ownerDeadline: DayOfYear
    /// Lao digits (໐–໙) in the numbers and dates of Lao pages, instead of Arabic digits.
    public var laoDigits: Bool

    public init(minimumNoticeDays: Int, reminderDays: [Int], ownerDeadline: DayOfYear, laoDigits: Bool = false) {
        self.minimumNoticeDays = minimumNoticeDays
        self.reminderDays = reminderDays
        self.ownerDeadline = ownerDeadline
        self.laoDigits = laoDigits
    }

    /// Pasan's own choice: 30 days' notice, reminders 14, 7 and 1 days before, owners' deadline
    /// 30 September, Arabic digits on Lao pages (as LSB publishes).
    public static let pasan = PasanDefaults(minimumNoticeDays: 30, reminderDays: [14, 7, 1], ownerDeadline: DayOfYear(month: 9, day: 30)!)

    /// What is wrong with these values, one message per problem.
    public var problems: [Message] {
        var problems: [Message] = []
        if !(0...365).contains(minimumNoticeDays) { problems.append(Message("settings.problem.notice")) }
        if reminderDays.isEmpty || reminderDays.count > 10 || reminderDays.contains(where: { !(0...365).contains($0) })
            || Set(reminderDays).count != reminderDays.count
        {
            problems.append(Message("settings.problem.reminders"))
        }
        return problems
    }

    /// Reminder days as typed in a form: "14, 7, 1" (any order, sorted from the earliest).
    public static func reminderDays(_ text: String) -> [Int]? {
        let parts = text.split(whereSeparator: { $0 == "," || $0 == " " }).filter { !$0.isEmpty }
        let days = parts.compactMap { Int($0) }
        guard !parts.isEmpty, days.count == parts.count else { return nil }
        return days.sorted(by: >)
    }
}
