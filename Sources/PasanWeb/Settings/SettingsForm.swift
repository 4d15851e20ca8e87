import PasanDomain
import PasanMessages

/// The Secretariat's values of Pasan's defaults: notice days, reminder days, owners' deadline.
struct SettingsForm: Sendable, Hashable {
    var values: PasanDefaults

    static func decode(_ form: FormData) -> Result<SettingsForm, FormProblems> {
        var reader = FormReader(form)
        let notice = reader.required("minimum_notice", { Int($0) }, else: Message("settings.problem.notice"))
        let reminders = reader.required("reminder_days", PasanDefaults.reminderDays, else: Message("settings.problem.reminders"))
        let deadline = reader.required("owner_deadline", { DayOfYear($0) }, else: Message("settings.problem.deadline"))
        guard let notice, let reminders, let deadline else { return reader.result(nil) }
        let values = PasanDefaults(
            minimumNoticeDays: notice,
            reminderDays: reminders,
            ownerDeadline: deadline,
            laoDigits: reader.optional("lao_digits") == "lao"
        )
        for problem in values.problems { reader.refuse(problem) }
        return reader.result(SettingsForm(values: values))
    }
}
