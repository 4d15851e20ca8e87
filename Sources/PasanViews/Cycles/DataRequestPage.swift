import Foundation
import PasanDomain
import Plot

/// `/{lang}/cycles/{id}/requests/{CODE}`: the data request to one owner, Lao first with English
/// beside, printable as a letter.
public struct DataRequestPage: Sendable {
    public var language: PasanDomain.Language
    public var cycle: ReportingCycle
    public var institution: Institution
    public var items: [(assignment: Assignment, indicator: Indicator, series: [Series])]
    public var contacts: [String]

    public init(
        language: PasanDomain.Language,
        cycle: ReportingCycle,
        institution: Institution,
        items: [(assignment: Assignment, indicator: Indicator, series: [Series])],
        contacts: [String]
    ) {
        self.language = language; self.cycle = cycle; self.institution = institution; self.items = items; self.contacts = contacts
    }

    public func render() -> String {
        let l = language
        let id = cycle.id ?? 0
        let deadline = cycle.ownerDeadline(for: institution.code)
        let years = cycle.referenceYears.map(String.init).joined(separator: ", ")
        let title = (l == .lo ? "ຄຳຮ້ອງຂໍຂໍ້ມູນ: " : "Data request: ") + institution.abbreviation.en + " — " + cycle.name.text(in: l)
        return Layout(title: title, description: title, path: SitePath(language: l, page: .request(id, institution.code))).render(
            .article(
                .class("wrap letter"),
                .div(
                    .class("bilingual"),
                    .div(
                        .attribute(named: "lang", value: "lo"),
                        .p(.text("ເຖິງ: \(institution.name.lo ?? institution.name.en)")),
                        .p(.text("ຈາກ: ກອງເລຂາ SDG ແຫ່ງຊາດ (ກະຊວງການຕ່າງປະເທດ)")),
                        .h1(.text("ຄຳຮ້ອງຂໍຂໍ້ມູນ: \(cycle.name.lo ?? cycle.name.en)")),
                        .p(.text("ກະລຸນາສົ່ງຂໍ້ມູນຂອງຕົວຊີ້ວັດລຸ່ມນີ້ ສຳລັບປີ \(years) ພາຍໃນວັນທີ \(deadline), ຜ່ານ ປະສານ, ຕາມແບບຟອມຂອງແຕ່ລະຕົວຊີ້ວັດ."))
                    ),
                    .div(
                        .attribute(named: "lang", value: "en"),
                        .p(.text("To: \(institution.name.en)")),
                        .p(.text("From: the National SDG Secretariat (Ministry of Foreign Affairs)")),
                        .h2(.text("Data request: \(cycle.name.en)")),
                        .p(
                            .text(
                                "Please deliver the data of the indicators below for \(years) by \(deadline), through Pasan, in each indicator's template."
                            )
                        )
                    )
                ),
                .forEach(items) { item in
                    let a = item.assignment
                    let units = Array(Set(item.series.compactMap(\.unit))).sorted().joined(separator: ", ")
                    return .section(
                        .class("duty"),
                        .h3(
                            .text(item.indicator.code + " "),
                            .span(.attribute(named: "lang", value: "lo"), .text(item.indicator.title.lo ?? "")),
                            .br(),
                            .span(.attribute(named: "lang", value: "en"), .text(item.indicator.title.en))
                        ),
                        .dl(
                            .dt(.text("ຊຸດຂໍ້ມູນ / Series")),
                            .dd(.text(item.series.map { "\($0.code) (\($0.unit ?? "—"))" }.joined(separator: "; ").nonEmpty ?? "—")),
                            .dt(.text("ຫົວໜ່ວຍ / Unit")),
                            .dd(.text(units.nonEmpty ?? "—")),
                            .dt(.text("ການຈຳແນກ / Breakdowns")),
                            .dd(.text(a.disaggregation ?? "ລວມ / total only")),
                            .dt(.text("ຂັ້ນ / Geographic level")),
                            .dd(.text(a.geographicLevel?.rawValue ?? "country")),
                            .dt(.text("ປີ / Years")),
                            .dd(.text(years)),
                            .dt(.text("ກຳນົດ / Deadline")),
                            .dd(
                                .strong(.text(deadline.description))
                            ),
                            .dt(.text("ແບບຟອມ / Template")),
                            .dd(
                                .a(
                                    .href(SitePath(language: l, page: .template(id, institution.code, item.indicator.code)).path),
                                    .text("CSV")
                                ),
                                .text(" · "),
                                .a(
                                    .href(SitePath(language: l, page: .submission(id, institution.code, item.indicator.code)).path),
                                    .text("ປ້ອນ / enter or upload")
                                )
                            )
                        )
                    )
                },
                .section(
                    .h2(.text("ຕິດຕໍ່ / Whom to ask")),
                    .ul(
                        .forEach(contacts) { .li(.text($0)) }
                    )
                ),
                .p(.class("print-hint"), .text("ພິມໜ້ານີ້ເປັນຈົດໝາຍ A4 ໄດ້ / This page prints as an A4 letter."))
            )
        )
    }
}
