import Foundation
import PasanDomain
import Plot

/// `/{lang}/cycles`: the reporting cycles, and a form to create one.
public struct CyclesPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var cycles: [ReportingCycle]
    public var fields: [String: String]
    /// The day the new-cycle form proposes its dates from.
    public var today: LocalDate

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        cycles: [ReportingCycle],
        fields: [String: String] = [:],
        today: LocalDate
    ) {
        self.language = language; self.session = session; self.cycles = cycles; self.fields = fields; self.today = today
    }

    public func render() -> String {
        let l = language
        let title = l == .lo ? "ຮອບການລາຍງານ" : "Reporting cycles"
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
                            .th(.text(l == .lo ? "ກຳນົດສົ່ງ" : "Owner deadline")),
                            .th(.text(l == .lo ? "ເຜີຍແຜ່" : "Publication"))
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
                                .td(.text(c.schedule.ownerDeadline.description)),
                                .td(.text(c.schedule.publicationDate.description))
                            )
                        }
                    )
                ),
                .h2(.text(l == .lo ? "ສ້າງຮອບໃໝ່" : "Create a cycle")),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: .cycles).path),
                    .class("stack"),
                    FormParts.csrf(session.csrfToken),
                    f("name_en", l == .lo ? "ຊື່ (ອັງກິດ)" : "Name (English)"),
                    f("name_lo", l == .lo ? "ຊື່ (ລາວ)" : "Name (Lao)"),
                    f("purpose", l == .lo ? "ຈຸດປະສົງ" : "Purpose", "Voluntary National Review"),
                    f("years", l == .lo ? "ປີອ້າງອີງ (ເຊັ່ນ 2023,2024)" : "Reference years (e.g. 2023,2024)"),
                    f("indicators", l == .lo ? "ຕົວຊີ້ວັດ (ເຊັ່ນ 3.1.2 3.2.1)" : "Indicators (e.g. 3.1.2 3.2.1)"),
                    f("request_date", l == .lo ? "ວັນສົ່ງຄຳຮ້ອງຂໍ" : "Request date", today.description, type: "date"),
                    f("owner_deadline", l == .lo ? "ກຳນົດສົ່ງຂອງເຈົ້າຂອງ" : "Owner deadline", today.adding(days: 30).description, type: "date"),
                    f(
                        "reporter_deadline",
                        l == .lo ? "ກຳນົດກວດຂອງຜູ້ລາຍງານ" : "Reporter review deadline",
                        today.adding(days: 45).description,
                        type: "date"
                    ),
                    f(
                        "statistics_deadline",
                        l == .lo ? "ກຳນົດຮັບຮອງຂອງ ສຖຕ" : "Statistics review deadline",
                        today.adding(days: 60).description,
                        type: "date"
                    ),
                    f(
                        "approval_deadline",
                        l == .lo ? "ກຳນົດຮັບຮອງຂອງກອງເລຂາ" : "Secretariat approval deadline",
                        today.adding(days: 70).description,
                        type: "date"
                    ),
                    f("publication_date", l == .lo ? "ວັນເຜີຍແຜ່" : "Publication date", today.adding(days: 80).description, type: "date"),
                    f("minimum_notice", l == .lo ? "ໄລຍະແຈ້ງລ່ວງໜ້າຢ່າງໜ້ອຍ (ມື້)" : "Minimum notice (days)", "30"),
                    FormParts.submit(l == .lo ? "ສ້າງ" : "Create")
                )
            )
        )
    }
}
