import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/dhis2/{id}/pulls/{pull}`: what one pull did — why it failed (with DHIS2's own
/// words), or per indicator what was written into which submission and what was refused, the
/// values left aside with their reasons, the DHIS2 data and organisation units no mapping covers
/// (each with the way to map it), and what changed since the previous pull.
public struct DHIS2PullPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var instance: DHIS2InstanceSummary
    public var pull: DHIS2PullSummary

    public init(language: PasanDomain.Language, session: PageSession, instance: DHIS2InstanceSummary, pull: DHIS2PullSummary) {
        self.language = language
        self.session = session
        self.instance = instance
        self.pull = pull
    }

    func path(_ page: SitePath.Page) -> String { SitePath(language: language, page: page).path }

    public func render() -> String {
        let l = language
        let title = DHIS2Text.number(pull, l)
        let body: BodyNode = .div(
            .class("wrap"),
            .p(.a(.href(path(.dhis2Instance(instance.id))), .text(instance.name))),
            .h1(.text(title)),
            FormParts.messages(session.notices, errors: session.errors),
            heading,
            failure,
            .p(.text(l.t("dhis2_web.pull.provenance") + " "), .element(named: "q", text: report.provenance)),
            .if(report.failure == nil, .group(outcomes, changes, ignored, unmapped))
        )
        return Layout(title: title, description: title, path: SitePath(language: l, page: .dhis2PullReport(instance.id, pull.id))).render(
            body
        )
    }

    private var heading: BodyNode {
        let l = language
        return .p(
            Fragments.moment(pull.at, l),
            .text(" · " + DHIS2Text.trigger(pull, l) + " · "),
            .span(.class(pull.succeeded ? "chip ok" : "chip error"), .text(DHIS2Text.outcome(pull, l)))
        )
    }

    private var failure: BodyNode {
        let l = language
        guard let failure = report.failure else { return .empty }
        let said: BodyNode =
            report.dhis2Message.map { .p(.text(l.t("dhis2_web.pull.dhis2Said") + " "), .element(named: "q", text: $0)) } ?? .empty
        let retry: BodyNode = pull.retryAt.map { at in .p(.text(l.t("dhis2_web.pull.retryAt") + " "), Fragments.moment(at, l)) } ?? .empty
        return .div(
            .p(.class("notice error"), .attribute(named: "role", value: "alert"), .text(failure.message.text(in: l))),
            said,
            retry
        )
    }

    private var outcomes: BodyNode {
        let l = language
        return .group(
            .h2(.text(l.t("dhis2_web.pull.outcomes"))),
            report.outcomes.isEmpty
                ? .p(.text(l.t("dhis2_web.pull.nothingMapped")))
                : .ul(
                    .forEach(report.outcomes) { o in
                        .li(
                            .strong(.text(o.indicator)),
                            .text(" — "),
                            .if(
                                o.version != nil,
                                .group(
                                    .text(l.t("dhis2_web.pull.written", count: o.cells) + " "),
                                    .unwrap(o.cycleID) { cycle in
                                        .a(
                                            .href(path(.submission(cycle, instance.institution, o.indicator))),
                                            .text(l.t("dhis2_web.pull.openSubmission"))
                                        )
                                    }
                                )
                            ),
                            .unwrap(o.refusal) { .span(.class("chip error"), .text($0.message.text(in: l))) },
                            problems(o.errors, cssClass: "error"),
                            problems(o.warnings, cssClass: "warning")
                        )
                    }
                )
        )
    }

    private var report: DHIS2PullReport { pull.report }

    private func problems(_ list: [DHIS2PullReport.Problem], cssClass: String) -> BodyNode {
        let l = language
        return .if(
            !list.isEmpty,
            .ul(
                .class(cssClass),
                .forEach(list) { p in
                    .li(
                        .text(
                            l.t(
                                "dhis2_web.pull.problem",
                                ["row": .number(p.row), "column": .text(p.column), "value": .text(p.value)]
                            ) + " " + p.expected.message.text(in: l)
                        )
                    )
                }
            )
        )
    }

    private var changes: BodyNode {
        let l = language
        func value(_ v: Double?) -> String { v.map { Fragments.dataValue($0, l) } ?? "—" }
        let all = report.added + report.changed + report.removed
        if pull.trigger == "push" {
            let counts: [String: MessageArgument] = [
                "imported": .text(Fragments.count(report.imported, l)), "updated": .text(Fragments.count(report.updated, l)),
                "unchanged": .text(Fragments.count(report.unchangedInSubmission, l)),
            ]
            return .group(.h2(.text(l.t("dhis2_web.pull.changes"))), .p(.text(l.t("dhis2_web.push.counts", counts))))
        }
        return .group(
            .h2(.text(l.t("dhis2_web.pull.changes"))),
            .p(
                .text(
                    report.firstPull
                        ? l.t("dhis2_web.pull.firstPull")
                        : l.t(
                            "dhis2_web.pull.changeCounts",
                            [
                                "added": .text(Fragments.count(report.added.count, l)),
                                "changed": .text(Fragments.count(report.changed.count, l)),
                                "removed": .text(Fragments.count(report.removed.count, l)),
                                "unchanged": .text(Fragments.count(report.unchanged, l)),
                            ]
                        )
                )
            ),
            .if(
                !all.isEmpty,
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(l.t("dhis2_web.column.cell"))),
                                .th(.text(l.t("dhis2_web.column.before"))),
                                .th(.text(l.t("dhis2_web.column.after")))
                            )
                        ),
                        .tbody(
                            .forEach(all) { c in
                                .tr(.td(.code(.text(c.cell))), .td(.text(value(c.before))), .td(.text(value(c.after))))
                            }
                        )
                    )
                )
            )
        )
    }

    private var ignored: BodyNode {
        let l = language
        return .if(
            report.ignoredCount > 0,
            .group(
                .h2(.text(l.t("dhis2_web.pull.ignored", count: report.ignoredCount))),
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(l.t("dhis2_web.column.dhis2Data"))),
                                .th(.text(l.t("dhis2_web.column.period"))),
                                .th(.text(l.t("dhis2_web.column.orgUnit"))),
                                .th(.text(l.t("dhis2_web.column.value"))),
                                .th(.text(l.t("dhis2_web.column.reason")))
                            )
                        ),
                        .tbody(
                            .forEach(report.ignored) { i in
                                .tr(
                                    .td(.code(.text(i.dataElement + (i.categoryOptionCombo.map { ".\($0)" } ?? "")))),
                                    .td(.code(.text(i.period))),
                                    .td(.code(.text(i.orgUnit))),
                                    .td(.text(i.value ?? "")),
                                    .td(.text(i.reason.message.text(in: l)))
                                )
                            }
                        )
                    )
                )
            )
        )
    }

    private var unmapped: BodyNode {
        let l = language
        return .group(
            .if(
                !report.unmappedElements.isEmpty,
                .group(
                    .h2(.text(l.t("dhis2_web.pull.unmappedElements"))),
                    .ul(
                        .forEach(report.unmappedElements) { u in
                            .li(
                                .code(.text(u.id + (u.detail.map { ".\($0)" } ?? ""))),
                                .text(" " + l.t("dhis2_web.pull.valueCount", count: u.count) + " "),
                                .a(
                                    .href(
                                        path(.dhis2Instance(instance.id)) + "?element=" + SitePath.queryEscape(u.id)
                                            + (u.detail.map { "&coc=" + SitePath.queryEscape($0) } ?? "")
                                    ),
                                    .text(l.t("dhis2_web.pull.mapIt"))
                                )
                            )
                        }
                    )
                )
            ),
            .if(
                !report.unmappedOrgUnits.isEmpty,
                .group(
                    .h2(.text(l.t("dhis2_web.pull.unmappedOrgUnits"))),
                    .ul(
                        .forEach(report.unmappedOrgUnits) { u in
                            .li(
                                .code(.text(u.id)),
                                .text(" " + l.t("dhis2_web.pull.valueCount", count: u.count) + " "),
                                .a(.href(path(.dhis2OrgUnits(instance.id))), .text(l.t("dhis2_web.pull.matchIt")))
                            )
                        }
                    )
                )
            )
        )
    }
}
