import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/cycles`: the reporting cycles, and a form to create one.
public struct CyclesPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var cycles: [ReportingCycle]
    public var fields: [String: String]
    /// The day the new-cycle form proposes its dates from.
    public var today: LocalDate
    /// The minimum notice the form proposes, and whether it is Pasan's default or the Secretariat's.
    public var minimumNoticeDays: Int
    public var noticeOrigin: Message

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        cycles: [ReportingCycle],
        fields: [String: String] = [:],
        today: LocalDate,
        minimumNoticeDays: Int = PasanDefaults.pasan.minimumNoticeDays,
        noticeOrigin: Message = Message("settings.origin.pasanShort")
    ) {
        self.language = language; self.session = session; self.cycles = cycles; self.fields = fields; self.today = today
        self.minimumNoticeDays = minimumNoticeDays
        self.noticeOrigin = noticeOrigin
    }

    public func render() -> String {
        let l = language
        let title = l.t("cycles.list.title")
        func f(_ name: String, _ label: String, _ placeholder: String = "", type: String = "text") -> Node<HTML.FormContext> {
            FormParts.field(label, name: name, value: fields[name] ?? placeholder, type: type, required: true)
        }
        return Layout(title: title, description: title, path: SitePath(language: l, page: .cycles)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .table(
                    .thead(
                        .tr(
                            .th(.text(UIText.name.text(l))),
                            .th(.text(UIText.status.text(l))),
                            .th(.text(l.t("cycles.list.ownerDeadline"))),
                            .th(.text(l.t("cycles.list.publication")))
                        )
                    ),
                    .tbody(
                        .forEach(cycles) { c in
                            .tr(
                                .td(
                                    .a(
                                        .href(SitePath(language: l, page: .cycle(c.id ?? 0)).path),
                                        Fragments.localized(c.name, l)
                                    )
                                ),
                                .td(.text(c.status.rawValue)),
                                .td(Fragments.date(c.schedule.ownerDeadline, l)),
                                .td(Fragments.date(c.schedule.publicationDate, l))
                            )
                        }
                    )
                ),
                .h2(.text(l.t("cycles.new.heading"))),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: .cycles).path),
                    .class("stack"),
                    FormParts.csrf(session.csrfToken),
                    f("name_en", l.t("cycles.new.nameEn")),
                    f("name_lo", l.t("cycles.new.nameLo")),
                    f("purpose", l.t("cycles.new.purpose"), "Voluntary National Review"),
                    f("years", l.t("cycles.new.years")),
                    f("indicators", l.t("cycles.new.indicators")),
                    f("request_date", l.t("cycles.new.requestDate"), today.description, type: "date"),
                    f("owner_deadline", l.t("cycles.new.ownerDeadline"), today.adding(days: 30).description, type: "date"),
                    f(
                        "reporter_deadline",
                        l.t("cycles.new.reporterDeadline"),
                        today.adding(days: 45).description,
                        type: "date"
                    ),
                    f(
                        "statistics_deadline",
                        l.t("cycles.new.statisticsDeadline"),
                        today.adding(days: 60).description,
                        type: "date"
                    ),
                    f(
                        "approval_deadline",
                        l.t("cycles.new.approvalDeadline"),
                        today.adding(days: 70).description,
                        type: "date"
                    ),
                    f("publication_date", l.t("cycles.new.publicationDate"), today.adding(days: 80).description, type: "date"),
                    FormParts.field(
                        l.t("cycles.new.minimumNotice"),
                        name: "minimum_notice",
                        value: fields["minimum_notice"] ?? String(minimumNoticeDays),
                        required: true,
                        hint: noticeOrigin.text(in: l)
                    ),
                    FormParts.submit(l.t("cycles.new.create"))
                )
            )
        )
    }
}
