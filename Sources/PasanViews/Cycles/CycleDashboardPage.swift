import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/cycles/{id}`: the cycle dashboard for the Secretariat.
public struct CycleDashboardPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var cycle: ReportingCycle
    public var dashboard: CycleDashboard
    public var warnings: [Message]
    public var conflicts: [(key: CellKey, submitted: Double, published: Double, source: String?)]
    public var institutions: [Institution]

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        cycle: ReportingCycle,
        dashboard: CycleDashboard,
        warnings: [Message],
        conflicts: [(key: CellKey, submitted: Double, published: Double, source: String?)],
        institutions: [Institution]
    ) {
        self.language = language; self.session = session; self.cycle = cycle; self.dashboard = dashboard
        self.warnings = warnings; self.conflicts = conflicts; self.institutions = institutions
    }

    public func render() -> String {
        let l = language
        let id = cycle.id ?? 0
        let title = cycle.name.text(in: l)
        return Layout(title: title, description: title, path: SitePath(language: l, page: .cycle(id))).render(
            .div(
                .class("wrap"),
                .h1(
                    Fragments.localized(cycle.name, l),
                    .text(" — \(cycle.status.rawValue)")
                ),
                FormParts.messages(session.notices, errors: session.errors),
                .ol(
                    .class("schedule"),
                    .forEach(cycle.schedule.steps) { step in
                        .li(
                            .strong(Fragments.date(step.1, l)),
                            .text(" " + step.0.text(in: l))
                        )
                    }
                ),
                .p(
                    .text(
                        l.t(
                            "cycles.dashboard.yearsAndIndicators",
                            [
                                "years": .text(cycle.referenceYears.map(String.init).joined(separator: ", ")),
                                "indicators": .text(cycle.indicators.joined(separator: ", ")),
                            ]
                        )
                    )
                ),
                .if(
                    !warnings.isEmpty,
                    .section(
                        .class("notice"),
                        .h2(.text(l.t("cycles.dashboard.timingWarnings"))),
                        .ul(
                            .forEach(warnings) { .li(.text($0.text(in: l))) }
                        )
                    )
                ),
                .div(
                    .class("actions"),
                    .if(
                        cycle.status == .draft,
                        FormParts.button(
                            l.t("cycles.dashboard.open"),
                            action: SitePath(language: l, page: .cycleOpen(id)).path,
                            csrf: session.csrfToken
                        )
                    ),
                    .if(
                        cycle.status == .open,
                        FormParts.button(
                            l.t("cycles.dashboard.close"),
                            action: SitePath(language: l, page: .cycleClose(id)).path,
                            csrf: session.csrfToken
                        )
                    )
                ),
                .if(
                    cycle.status == .open,
                    .form(
                        .method(.post),
                        .action(SitePath(language: l, page: .cycleExtend(id)).path),
                        .class("stack compact"),
                        FormParts.csrf(session.csrfToken),
                        FormParts.select(
                            l.t("cycles.dashboard.extendFor"),
                            name: "institution",
                            options: [("", l.t("cycles.dashboard.allInstitutions"))]
                                + dashboard.rows.map { ($0.institution, $0.institution) }
                        ),
                        FormParts.field(l.t("cycles.dashboard.newOwnerDeadline"), name: "date", type: "date", required: true),
                        FormParts.field(l.t("cycles.dashboard.reason"), name: "reason", required: true),
                        FormParts.submit(l.t("cycles.dashboard.extend"))
                    )
                ),
                .h2(.text(DeadlineStage.owner.title.text(in: l))),
                .div(
                    .class("table-scroll"),
                    .table(
                        .class("dashboard"),
                        .thead(
                            .tr(
                                .th(.text(UIText.institution.text(l))),
                                .th(.text(l.t("cycles.column.deadline"))),
                                .th(.class("num"), .text(l.t("cycles.column.complete"))),
                                .th(.class("num"), .text(l.t("cycles.column.onTime"))),
                                .th(.class("num"), .text(l.t("cycles.column.daysLate"))),
                                .th(.class("num"), .text(l.t("cycles.column.returned"))),
                                .th(.text(UIText.indicators.text(l)))
                            )
                        ),
                        .tbody(.forEach(dashboard.rows) { row($0) })
                    )
                ),
                stageSection(.reporter),
                stageSection(.statistics),
                .if(
                    !conflicts.isEmpty,
                    .section(
                        .h2(.text(l.t("cycles.dashboard.conflicts"))),
                        .ul(
                            .forEach(conflicts) { c in
                                .li(
                                    .text(
                                        "\(c.key): \(Fragments.dataValue(c.submitted, l)) ≠ \(Fragments.dataValue(c.published, l)) (\(c.source ?? "—"))"
                                    )
                                )
                            }
                        )
                    )
                )
            )
        )
    }

    private func row(_ r: CycleDashboard.Row) -> Node<HTML.TableContext> {
        let l = language
        let id = cycle.id ?? 0
        return .tr(
            .class(r.daysLate > 0 ? "late" : ""),
            .td(
                .a(
                    .href(SitePath(language: l, page: .request(id, r.institution)).path),
                    .text(r.institution)
                )
            ),
            .td(Fragments.date(r.deadline, l)),
            .td(.class("num"), .text(Fragments.percent(r.completeness, l))),
            .td(.class("num"), .text(Fragments.percent(r.timeliness, l))),
            .td(.class("num"), .text(Fragments.count(r.daysLate, l))),
            .td(.class("num"), .text(Fragments.count(r.returns, l))),
            .td(
                .forEach(r.items) { item in
                    .a(
                        .class("chip \(item.state?.rawValue ?? "none")"),
                        .href(SitePath(language: l, page: .submission(id, r.institution, item.indicator)).path),
                        .attribute(
                            named: "title",
                            value: Escape.attribute(item.state?.title.text(in: l) ?? l.t("cycles.dashboard.nothingYet"))
                        ),
                        .text(item.indicator)
                    )
                }
            )
        )
    }
}

extension CycleDashboardPage {
    /// The reporters' or LSB's step: what is due from each (once the step before is done), how
    /// much is done and on time, and each owner's indicator with its state.
    func stageSection(_ stage: DeadlineStage) -> BodyNode {
        let l = language
        let id = cycle.id ?? 0
        let rows = dashboard.rows(stage)
        guard !rows.isEmpty else { return .empty }
        let done = stage == .reporter ? l.t("cycles.column.reviewed") : l.t("cycles.column.approved")
        let explanation =
            stage == .reporter
            ? l.t("cycles.dashboard.reporterStep", ["secretariat": .text(DeadlineRules.secretariatInstitution)])
            : l.t("cycles.dashboard.statisticsStep")
        return .section(
            .h2(.text(stage.title.text(in: l))),
            .p(.text(explanation)),
            .div(
                .class("table-scroll"),
                .table(
                    .class("dashboard"),
                    .thead(
                        .tr(
                            .th(.text(UIText.institution.text(l))),
                            .th(.text(l.t("cycles.column.deadline"))),
                            .th(.class("num"), .text(done)),
                            .th(.class("num"), .text(l.t("cycles.column.onTime"))),
                            .th(.class("num"), .text(l.t("cycles.column.daysLate"))),
                            .th(.text(UIText.indicators.text(l)))
                        )
                    ),
                    .tbody(
                        .forEach(rows) { r in
                            .tr(
                                .class(r.daysLate > 0 ? "late" : ""),
                                .td(.text(r.institution)),
                                .td(Fragments.date(r.deadline, l)),
                                .td(.class("num"), .text("\(Fragments.count(r.cellsDelivered, l)) / \(Fragments.count(r.due, l))")),
                                .td(.class("num"), .text(r.due == 0 ? "—" : Fragments.percent(r.timeliness, l))),
                                .td(.class("num"), .text(Fragments.count(r.daysLate, l))),
                                .td(
                                    .forEach(Array(zip(r.duties, r.items))) { duty, item in
                                        let state =
                                            duty.isDue
                                            ? (item.state?.title.text(in: l) ?? "") : l.t("cycles.dashboard.notAtThisStep")
                                        return .a(
                                            .class("chip \(duty.isDue ? item.state?.rawValue ?? "none" : "none")"),
                                            .href(SitePath(language: l, page: .submission(id, duty.owner, duty.indicator)).path),
                                            .attribute(named: "title", value: Escape.attribute("\(duty.owner): \(state)")),
                                            .text("\(duty.indicator) · \(duty.owner)")
                                        )
                                    }
                                )
                            )
                        }
                    )
                )
            )
        )
    }
}
