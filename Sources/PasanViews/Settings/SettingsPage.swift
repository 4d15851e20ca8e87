import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/admin/settings`: the defaults Pasan proposes (notice, reminders, owners' deadline),
/// each shown as Pasan's default or as the Secretariat's setting, and the form to set them.
public struct SettingsPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var values: PasanDefaults
    /// The keys the Secretariat has set (the others are Pasan's defaults).
    public var setBySecretariat: Set<String>
    public var canEdit: Bool

    public init(language: PasanDomain.Language, session: PageSession, values: PasanDefaults, setBySecretariat: Set<String>, canEdit: Bool) {
        self.language = language
        self.session = session
        self.values = values
        self.setBySecretariat = setBySecretariat
        self.canEdit = canEdit
    }

    public func render() -> String {
        let l = language
        let title = l.t("settings.title")
        let pasan = PasanDefaults.pasan
        return Layout(title: title, description: title, path: SitePath(language: l, page: .settings)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .p(.text(l.t("settings.intro"))),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: .settings).path),
                    FormParts.csrf(session.csrfToken),
                    FormParts.field(
                        l.t("settings.minimumNotice"),
                        name: "minimum_notice",
                        value: String(values.minimumNoticeDays),
                        type: "number",
                        required: true,
                        hint: origin("minimum_notice_days", pasan: Fragments.count(pasan.minimumNoticeDays, l))
                    ),
                    FormParts.field(
                        l.t("settings.reminderDays"),
                        name: "reminder_days",
                        value: values.reminderDays.map(String.init).joined(separator: ", "),
                        required: true,
                        hint: origin("reminder_days", pasan: pasan.reminderDays.map { Fragments.count($0, l) }.joined(separator: ", "))
                    ),
                    FormParts.field(
                        l.t("settings.ownerDeadline"),
                        name: "owner_deadline",
                        value: values.ownerDeadline.description,
                        required: true,
                        hint: origin("owner_deadline", pasan: pasan.ownerDeadline.message.text(in: l))
                    ),
                    FormParts.select(
                        l.t("settings.digits"),
                        name: "lao_digits",
                        options: [("arabic", l.t("settings.digits.arabic")), ("lao", l.t("settings.digits.lao"))],
                        selected: values.laoDigits ? "lao" : "arabic",
                        hint: origin("lao_digits", pasan: l.t("settings.digits.arabic"))
                    ),
                    .if(canEdit, FormParts.submit(l.t("settings.save")))
                )
            )
        )
    }

    /// "Pasan's default" or "Set by the Secretariat (Pasan's default: …)", the default as a reader
    /// reads it ("30 September"; the field itself keeps the form's `MM-DD`).
    private func origin(_ key: String, pasan: String) -> String {
        setBySecretariat.contains(key)
            ? language.t("settings.origin.secretariat", ["pasan": .text(pasan)])
            : language.t("settings.origin.pasan")
    }
}
