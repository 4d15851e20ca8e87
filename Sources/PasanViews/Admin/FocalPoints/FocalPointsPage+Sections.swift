import Foundation
import PasanDomain
import PasanMessages
import Plot

/// The parts of the focal points page: the terms, the proposals, the handover and proposal
/// forms, the history, the open tasks and the notes of the roles.
extension FocalPointsPage {
    func termsTable() -> Node<HTML.BodyContext> {
        let l = language
        return .table(
            .thead(
                .tr(
                    .th(.text(l.t("admin.focalPoints.role"))),
                    .th(.text(l.t("admin.focalPoints.position"))),
                    .th(.text(UIText.name.text(l))),
                    .th(.text(UIText.validFrom.text(l))),
                    .th(.text(UIText.validTo.text(l)))
                )
            ),
            .tbody(
                .forEach(terms) { t in
                    .tr(
                        .class(t.endedOn == nil ? "" : "former"),
                        .td(.text(t.role.rawValue)),
                        .td(.text(t.position.rawValue)),
                        .td(.text(t.userName)),
                        .td(Fragments.date(t.startedOn, l)),
                        .td(Fragments.date(t.endedOn, l))
                    )
                }
            )
        )
    }

    func proposalsSection() -> Node<HTML.BodyContext> {
        let l = language
        let names = self.names
        return .group(
            .h2(.text(l.t("admin.focalPoints.proposals.heading"))),
            .table(
                .thead(
                    .tr(
                        .th(.text(l.t("admin.focalPoints.role"))),
                        .th(.text(l.t("admin.focalPoints.proposals.proposed"))),
                        .th(.text(l.t("admin.focalPoints.proposals.proposedBy"))),
                        .th(.text(l.t("admin.focalPoints.date"))),
                        .th(.text(l.t("admin.focalPoints.reason"))),
                        .th(.text(l.t("admin.focalPoints.proposals.status")))
                    )
                ),
                .tbody(
                    .forEach(proposals) { p in
                        .tr(
                            .td(.text("\(p.role.rawValue)/\(p.position.rawValue)")),
                            .td(.text(names[p.proposedUser] ?? String(p.proposedUser))),
                            .td(.text(names[p.proposedBy] ?? String(p.proposedBy))),
                            .td(Fragments.date(p.effectiveOn, l)),
                            .td(.text(p.reason)),
                            .td(decisionCell(p))
                        )
                    }
                )
            )
        )
    }

    /// The Secretariat's confirm and decline buttons on a pending proposal; the status otherwise.
    func decisionCell(_ p: FocalPointProposal) -> Node<HTML.BodyContext> {
        let l = language
        guard p.status == .pending && canHandOver else { return .text(Self.statusTitle(p.status, l)) }
        return .form(
            .method(.post),
            .action(SitePath(language: l, page: .focalPointProposal(code, p.id)).path),
            .class("inline"),
            FormParts.csrf(session.csrfToken),
            .button(
                .type(.submit),
                .name("decision"),
                .value("confirm"),
                .text(l.t("admin.focalPoints.proposals.confirm"))
            ),
            .text(" "),
            .button(
                .type(.submit),
                .name("decision"),
                .value("decline"),
                .text(l.t("admin.focalPoints.proposals.decline"))
            )
        )
    }

    func handOverSection() -> Node<HTML.BodyContext> {
        let l = language
        return .group(
            .h2(.text(l.t("admin.focalPoints.handOver.heading"))),
            personForm(
                .focalPointHandover(code),
                person: l.t("admin.focalPoints.handOver.person"),
                submit: l.t("admin.focalPoints.handOver.submit")
            )
        )
    }

    func proposeSection() -> Node<HTML.BodyContext> {
        let l = language
        return .group(
            .h2(.text(l.t("admin.focalPoints.propose.heading"))),
            .p(.text(l.t("admin.focalPoints.propose.explanation"))),
            personForm(
                .focalPointPropose(code),
                person: l.t("admin.focalPoints.propose.person"),
                submit: l.t("admin.focalPoints.propose.submit")
            )
        )
    }

    func historySection() -> Node<HTML.BodyContext> {
        let l = language
        let names = self.names
        return .group(
            .h2(.text(l.t("admin.focalPoints.history.heading"))),
            .ul(
                .forEach(handovers) { h in
                    .li(
                        Fragments.date(h.date, l),
                        .text(
                            " — \(h.role.rawValue)/\(h.position.rawValue): \(h.fromUser.flatMap { names[$0] } ?? "—") → \(names[h.toUser] ?? String(h.toUser)). \(h.reason)"
                        )
                    )
                }
            )
        )
    }

    func tasksSection() -> Node<HTML.BodyContext> {
        let l = language
        return .group(
            .h2(.text(l.t("admin.focalPoints.tasks.heading"))),
            .ul(
                .forEach(tasks) { t in
                    .li(
                        Fragments.localized(t.title, l),
                        .text(" — \(t.assignee)"),
                        .unwrap(t.dueOn) { .group(.text(" ("), Fragments.date($0, l), .text(")")) }
                    )
                }
            )
        )
    }

    func notesSection() -> Node<HTML.BodyContext> {
        let l = language
        return .group(
            .h2(.text(l.t("admin.focalPoints.notes.heading"))),
            .form(
                .method(.post),
                .action(SitePath(language: l, page: .focalPointNote(code)).path),
                .class("stack"),
                FormParts.csrf(session.csrfToken),
                FormParts.select(
                    l.t("admin.focalPoints.role"),
                    name: "role",
                    options: FocalPointRole.allCases.map { ($0.rawValue, $0.rawValue) }
                ),
                .div(
                    .class("field"),
                    .label(.for("f-body"), .text(l.t("admin.focalPoints.notes.note"))),
                    .textarea(.name("body"), .id("f-body"), .required(true))
                ),
                FormParts.submit(l.t("admin.focalPoints.notes.add"))
            ),
            .ul(
                .forEach(notes) { n in
                    .li(
                        .strong(Fragments.moment(n.at, l), .text(" \(n.author) (\(n.role.rawValue)): ")),
                        .text(n.body)
                    )
                }
            )
        )
    }

    /// The handover and the proposal form: role, position, person, date, reason.
    func personForm(_ page: SitePath.Page, person: String, submit: String) -> Node<HTML.BodyContext> {
        let l = language
        return .form(
            .method(.post),
            .action(SitePath(language: l, page: page).path),
            .class("stack"),
            FormParts.csrf(session.csrfToken),
            FormParts.select(
                l.t("admin.focalPoints.role"),
                name: "role",
                options: FocalPointRole.allCases.map { ($0.rawValue, $0.rawValue) }
            ),
            FormParts.select(
                l.t("admin.focalPoints.position"),
                name: "position",
                options: FocalPointPosition.allCases.map { ($0.rawValue, $0.rawValue) }
            ),
            FormParts.select(person, name: "user", options: users.sortedByName(in: l) { $0.1 }.map { (String($0.0), $0.1) }),
            FormParts.field(l.t("admin.focalPoints.date"), name: "date", type: "date", required: true),
            FormParts.field(l.t("admin.focalPoints.reason"), name: "reason", required: true),
            FormParts.submit(submit)
        )
    }

    static func statusTitle(_ status: FocalPointProposal.Status, _ l: PasanDomain.Language) -> String {
        switch status {
        case .pending: l.t("admin.focalPoints.status.pending")
        case .confirmed: l.t("admin.focalPoints.status.confirmed")
        case .declined: l.t("admin.focalPoints.status.declined")
        }
    }
}
