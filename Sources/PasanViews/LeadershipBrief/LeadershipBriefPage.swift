import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/brief`: the leadership brief (issue 17, item 4), one printed A4 page in the reader's
/// language: where each goal stands, what is late in the open cycles and who owes it, the largest
/// data gaps, overlaps in villages, decisions pending. Made when asked for, dated.
public struct LeadershipBriefPage: Sendable {
    public var language: PasanDomain.Language
    public var brief: LeadershipBrief

    public init(language: PasanDomain.Language, brief: LeadershipBrief) {
        self.language = language
        self.brief = brief
    }

    public func render() -> String {
        let l = language
        let title = l.t("brief.title")
        let lateShown = brief.late.prefix(LeadershipBrief.shownLate)
        return Layout(title: title, description: title, path: SitePath(language: l, page: .leadershipBrief)).render(
            .div(
                .class("wrap brief"),
                .h1(.text(title)),
                .p(.class("asof"), .text(l.t("brief.asOf") + " "), Fragments.date(brief.asOf, l), .text(" — " + l.t("brief.generated"))),
                .div(
                    .class("columns"),
                    .section(
                        .h2(.text(l.t("brief.goals.title"))),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text(l.t("brief.goal"))),
                                    .th(.text(l.t("brief.status"))),
                                    .th(.text(l.t("brief.withData")))
                                )
                            ),
                            .tbody(
                                .forEach(brief.goals) { g in
                                    .tr(
                                        .td(
                                            .a(
                                                .href(SitePath(language: l, page: .goal(g.goal)).path),
                                                .text("\(g.goal). "),
                                                Fragments.localized(g.title, l)
                                            )
                                        ),
                                        .td(.text(g.status.map { $0.title.text(in: l) } ?? l.t("brief.notAssessed"))),
                                        .td(.text(l.t("brief.ofIndicators", ["with": .number(g.withData), "all": .number(g.indicators)])))
                                    )
                                }
                            )
                        )
                    ),
                    .div(
                        .section(
                            .h2(.text(l.t("brief.late.title", count: brief.late.count))),
                            .if(
                                brief.late.isEmpty,
                                .p(.text(l.t("brief.late.none"))),
                                else: .group(
                                    .p(
                                        .text(
                                            l.t("brief.late.who") + " "
                                                + brief.lateByInstitution.map { "\($0.institution) \(Fragments.count($0.count, l))" }
                                                .joined(separator: ", ")
                                        )
                                    ),
                                    .table(
                                        .thead(
                                            .tr(
                                                .th(.text(l.t("brief.late.owes"))),
                                                .th(.text(l.t("brief.late.what"))),
                                                .th(.text(l.t("brief.late.days")))
                                            )
                                        ),
                                        .tbody(
                                            .forEach(Array(lateShown)) { line in
                                                .tr(
                                                    .td(.text(line.institution)),
                                                    .td(.text("\(line.indicator) — \(line.stage.title.text(in: l)) (\(line.cycle))")),
                                                    .td(.text(Fragments.count(line.daysLate, l)))
                                                )
                                            }
                                        )
                                    ),
                                    .if(
                                        brief.late.count > lateShown.count,
                                        .p(.text(l.t("brief.late.more", count: brief.late.count - lateShown.count)))
                                    )
                                )
                            )
                        ),
                        .section(
                            .h2(.text(l.t("brief.gaps.title"))),
                            .if(
                                brief.largestGaps.isEmpty,
                                .p(.text(l.t("brief.gaps.none"))),
                                else: .ul(
                                    .forEach(brief.largestGaps.prefix(LeadershipBrief.shownGaps)) { g in
                                        .li(
                                            .text(
                                                l.t(
                                                    "brief.gaps.line",
                                                    [
                                                        "goal": .number(g.goal), "without": .number(g.withoutData),
                                                        "all": .number(g.indicators),
                                                    ]
                                                )
                                            )
                                        )
                                    }
                                )
                            )
                        ),
                        .section(
                            .h2(.text(l.t("brief.overlaps.title"))),
                            .p(.text(l.t("brief.overlaps.open", count: brief.openOverlaps)))
                        ),
                        .section(
                            .h2(.text(l.t("brief.decisions.title"))),
                            .if(
                                brief.decisions.isEmpty,
                                .p(.text(l.t("brief.decisions.none"))),
                                else: .ul(.forEach(brief.decisions) { d in .li(.text(Self.decision(d, l))) })
                            )
                        )
                    )
                ),
                .p(.class("no-print hint"), .text(l.t("brief.print")))
            )
        )
    }

    static func decision(_ d: LeadershipBrief.Decision, _ l: PasanDomain.Language) -> String {
        switch d.kind {
        case .valueConflicts: l.t("brief.decisions.valueConflicts", count: d.count)
        case .openOverlaps: l.t("brief.decisions.openOverlaps", count: d.count)
        case .awaitingStatistics: l.t("brief.decisions.awaitingStatistics", count: d.count)
        }
    }
}
