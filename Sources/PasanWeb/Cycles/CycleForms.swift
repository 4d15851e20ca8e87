import PasanDomain
import PasanMessages

/// A new reporting cycle: names, purpose, reference years, indicators, the six dates of its
/// schedule and the minimum notice. The form refuses unknown indicators and dates that are not
/// YYYY-MM-DD; the cycle's own rules (step order, notice) are checked by
/// `CycleRepository.create`.
struct NewCycleForm: Sendable, Hashable {
    var cycle: ReportingCycle

    static func unknownIndicator(_ code: String) -> Message {
        Message("cycles.form.unknownIndicator", ["code": .text(code)])
    }

    static func notADate(_ field: String) -> Message {
        Message("cycles.form.notADate", ["field": .text(field)])
    }

    /// `defaults`: the Secretariat's settings of Pasan's defaults (the notice when the form gives
    /// none, and the reminder days).
    static func decode(
        _ form: FormData,
        defaults: PasanDefaults = .pasan,
        isKnownIndicator: (String) -> Bool
    ) -> Result<NewCycleForm, FormProblems> {
        var reader = FormReader(form)
        let years = (reader.optional("years") ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Int($0) }
        let indicators = (reader.optional("indicators") ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(
            String.init
        )
        for code in indicators where !isKnownIndicator(code) {
            reader.refuse(unknownIndicator(code))
        }
        func date(_ name: String) -> LocalDate? { reader.required(name, LocalDate.init(iso:), else: notADate(name)) }
        // In the order of the schedule, which is the order of the messages.
        let requestDate = date("request_date")
        let ownerDeadline = date("owner_deadline")
        let reporterDeadline = date("reporter_deadline")
        let statisticsDeadline = date("statistics_deadline")
        let approvalDeadline = date("approval_deadline")
        let publicationDate = date("publication_date")
        guard let requestDate, let ownerDeadline, let reporterDeadline, let statisticsDeadline, let approvalDeadline, let publicationDate
        else { return reader.result(nil) }
        let cycle = ReportingCycle(
            name: LocalizedText(en: reader.optional("name_en") ?? "", lo: reader.optional("name_lo"), loStatus: .reviewed),
            purpose: reader.optional("purpose") ?? "",
            referenceYears: years,
            indicators: indicators,
            schedule: CycleSchedule(
                requestDate: requestDate,
                ownerDeadline: ownerDeadline,
                reporterDeadline: reporterDeadline,
                statisticsDeadline: statisticsDeadline,
                approvalDeadline: approvalDeadline,
                publicationDate: publicationDate
            ),
            rules: CycleRules(
                minimumNoticeDays: reader.optional("minimum_notice", { Int($0) }) ?? defaults.minimumNoticeDays,
                reminderDays: defaults.reminderDays
            )
        )
        return reader.result(NewCycleForm(cycle: cycle))
    }
}

/// An extension of a cycle's deadlines: the new date and the reason (asked for in one message),
/// and optionally the one institution it is for.
struct ExtendCycleForm: Sendable, Hashable {
    var date: LocalDate
    var reason: String
    /// `nil`: the extension is for every institution.
    var institution: String?

    static let giveDateAndReason = Message("cycles.form.giveDateAndReason")

    static func decode(_ form: FormData) -> Result<ExtendCycleForm, FormProblems> {
        var reader = FormReader(form)
        guard let date = reader.optional("date", LocalDate.init(iso:)), let reason = reader.optional("reason") else {
            reader.refuse(giveDateAndReason)
            return reader.result(nil)
        }
        return reader.result(ExtendCycleForm(date: date, reason: reason, institution: reader.optional("institution")))
    }
}
