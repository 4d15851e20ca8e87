import Foundation
import PasanDomain
import PasanMessages
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
        let title = l.t(
            "cycles.request.title",
            ["institution": .text(institution.abbreviation.en), "cycle": .localized(cycle.name)]
        )
        // The letter is in Lao and in English, whatever the page language.
        let lo = PasanDomain.Language.lo, en = PasanDomain.Language.en
        let to: [String: MessageArgument] = ["institution": .localized(institution.name)]
        let heading: [String: MessageArgument] = ["cycle": .localized(cycle.name)]
        let body: [String: MessageArgument] = ["years": .text(years), "deadline": .date(deadline)]
        /// A label of the letter, "Lao / English".
        func both(_ text: (PasanDomain.Language) -> String) -> String { text(lo) + " / " + text(en) }
        return Layout(title: title, description: title, path: SitePath(language: l, page: .request(id, institution.code))).render(
            .article(
                .class("wrap letter"),
                .div(
                    .class("bilingual"),
                    .div(
                        .attribute(named: "lang", value: "lo"),
                        .p(.text(lo.t("cycles.request.to", to))),
                        .p(.text(lo.t("cycles.request.from"))),
                        .h1(.text(lo.t("cycles.request.heading", heading))),
                        .p(.text(lo.t("cycles.request.body", body)))
                    ),
                    .div(
                        .attribute(named: "lang", value: "en"),
                        .p(.text(en.t("cycles.request.to", to))),
                        .p(.text(en.t("cycles.request.from"))),
                        .h2(.text(en.t("cycles.request.heading", heading))),
                        .p(.text(en.t("cycles.request.body", body)))
                    )
                ),
                .p(
                    .class("actions"),
                    .a(
                        .class("button"),
                        .href(SitePath(language: l, page: .requestWorkbook(id, institution.code)).path),
                        .text(both { $0.t("cycles.request.workbook") })
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
                            .dt(.text(both { $0.t("cycles.request.series") })),
                            .dd(.text(item.series.map { "\($0.code) (\($0.unit ?? "—"))" }.joined(separator: "; ").nonEmpty ?? "—")),
                            .dt(.text(both { $0.t("cycles.request.unit") })),
                            .dd(.text(units.nonEmpty ?? "—")),
                            .dt(.text(both { $0.t("cycles.request.breakdowns") })),
                            .dd(.text(a.disaggregation ?? both { $0.t("cycles.request.totalOnly") })),
                            .dt(.text(both { $0.t("cycles.request.geographicLevel") })),
                            .dd(.text(a.geographicLevel?.rawValue ?? "country")),
                            .dt(.text(both { $0.t("cycles.request.years") })),
                            .dd(.text(years)),
                            .dt(.text(both { $0.t("cycles.request.deadline") })),
                            .dd(
                                .strong(
                                    .element(
                                        named: "time",
                                        nodes: [
                                            .attribute(named: "datetime", value: deadline.description),
                                            .text(both { TextFormat.date(deadline, in: $0) }),
                                        ]
                                    )
                                )
                            ),
                            .dt(.text(both { $0.t("cycles.request.template") })),
                            .dd(
                                .a(
                                    .href(SitePath(language: l, page: .template(id, institution.code, item.indicator.code)).path),
                                    .text("CSV")
                                ),
                                .text(" · "),
                                .a(
                                    .href(SitePath(language: l, page: .templateWorkbook(id, institution.code, item.indicator.code)).path),
                                    .text("Excel (XLSX)")
                                ),
                                .text(" · "),
                                .a(
                                    .href(SitePath(language: l, page: .submission(id, institution.code, item.indicator.code)).path),
                                    .text(both { $0.t("cycles.request.enter") })
                                )
                            )
                        )
                    )
                },
                .section(
                    .h2(.text(both { $0.t("cycles.request.whomToAsk") })),
                    .ul(
                        .forEach(contacts) { .li(.text($0)) }
                    )
                ),
                .p(.class("print-hint"), .text(both { $0.t("cycles.request.printHint") }))
            )
        )
    }
}
