import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/overlaps/{id}`: one overlap — its two activities, where they meet, what they share,
/// the period both run — with every decision taken on it and, for those who may decide (the
/// Secretariat and planners, the area's focal point, the focal points of either institution),
/// the form to mark it coordinated (how) or not an overlap (why).
public struct OverlapPage: Sendable {
    public var language: PasanDomain.Language
    public var entry: OverlapEntry
    public var foundAt: String
    public var history: [OverlapResolution]
    public var placeNames: [String: LocalizedText]
    /// Set when the reader may decide: the form is shown.
    public var session: PageSession?
    /// The form's fields as sent (after a refusal).
    public var fields: [String: String]

    public init(
        language: PasanDomain.Language,
        entry: OverlapEntry,
        foundAt: String,
        history: [OverlapResolution],
        placeNames: [String: LocalizedText],
        session: PageSession? = nil,
        fields: [String: String] = [:]
    ) {
        self.language = language
        self.entry = entry
        self.foundAt = foundAt
        self.history = history
        self.placeNames = placeNames
        self.session = session
        self.fields = fields
    }

    public func render() -> String {
        let l = language
        let overlap = entry.overlap
        let title = l.t("overlaps.detail.title", ["first": .text(overlap.first), "second": .text(overlap.second)])
        let path = SitePath(language: l, page: .overlap(overlap.id ?? 0))
        return Layout(title: title, description: l.t("overlaps.list.lead"), path: path).render(
            .div(
                .class("wrap overlaps"),
                OverlapParts.breadcrumbs([(title, nil)], l),
                .h1(.text(title)),
                .unwrap(session) { FormParts.messages($0.notices, errors: $0.errors) },
                .if(
                    entry.first.isIllustrative || entry.second.isIllustrative,
                    .p(.class("notice"), .text(l.t("overlaps.illustrative.notice")))
                ),
                .if(!entry.isCurrent, .p(.class("notice"), .text(l.t("overlaps.detail.notCurrent")))),
                .dl(
                    .class("overlap-facts"),
                    .dt(.text(l.t("overlaps.column.state"))),
                    .dd(OverlapParts.state(overlap.state, l)),
                    .dt(.text(l.t("overlaps.detail.first"))),
                    .dd(sideDetails(entry.first)),
                    .dt(.text(l.t("overlaps.detail.second"))),
                    .dd(sideDetails(entry.second)),
                    .dt(.text(l.t("overlaps.column.places"))),
                    .dd(OverlapParts.places(overlap, names: placeNames, l)),
                    .dt(.text(l.t("overlaps.detail.level"))),
                    .dd(.text(OverlapParts.levelName(overlap.level, l))),
                    .dt(.text(l.t("overlaps.column.shared"))),
                    .dd(.text(OverlapParts.shared(overlap, l))),
                    .dt(.text(l.t("overlaps.column.period"))),
                    .dd(.text(OverlapParts.period(overlap.periodStart, overlap.periodEnd, l))),
                    .dt(.text(l.t("overlaps.detail.foundAt"))),
                    .dd(.text(foundAt))
                ),
                historySection,
                .unwrap(session) { form($0) }
            )
        )
    }

    private func sideDetails(_ side: OverlapSide) -> BodyNode {
        let l = language
        return .group(
            OverlapParts.side(side, l),
            .br(),
            .small(
                .text(
                    side.identifier + " · " + OverlapParts.period(side.start, side.end, l)
                        + (side.status.map { " · " + ActivityParts.statusLabel($0, l) } ?? "")
                )
            )
        )
    }

    private var historySection: BodyNode {
        let l = language
        return .section(
            .class("overlap-history"),
            .h2(.text(l.t("overlaps.history.title"))),
            .if(history.isEmpty, .p(.text(l.t("overlaps.history.none")))),
            .if(
                !history.isEmpty,
                .ol(
                    .forEach(history.reversed()) { decision in
                        .li(
                            OverlapParts.state(decision.state, l),
                            .text(" — " + decision.note),
                            .br(),
                            .small(
                                .text(
                                    l.t(
                                        "overlaps.history.by",
                                        [
                                            "revision": .number(decision.revision), "by": .text(decision.decidedBy),
                                            "at": .text(decision.decidedAt),
                                        ]
                                    )
                                )
                            )
                        )
                    }
                )
            )
        )
    }

    private func form(_ session: PageSession) -> BodyNode {
        let l = language
        let overlap = entry.overlap
        let chosen = fields["state"] ?? (overlap.state == .open ? OverlapState.coordinated.rawValue : overlap.state.rawValue)
        return .section(
            .class("overlap-decide"),
            .h2(.text(l.t("overlaps.decide.title"))),
            .form(
                .method(.post),
                .action(SitePath(language: l, page: .overlapResolve(overlap.id ?? 0)).path),
                FormParts.csrf(session.csrfToken),
                .fieldset(
                    .element(named: "legend", nodes: [.text(l.t("overlaps.decide.state"))]),
                    .forEach([OverlapState.coordinated, .notOverlap, .open]) { state in
                        .div(
                            .class("choice"),
                            FormParts.input([
                                ("type", "radio"), ("name", "state"), ("id", "f-state-\(state.rawValue)"), ("value", state.rawValue),
                                ("checked", chosen == state.rawValue ? "checked" : nil),
                            ]),
                            .label(.for("f-state-\(state.rawValue)"), .text(choiceLabel(state)))
                        )
                    }
                ),
                .div(
                    .class("field"),
                    .label(.for("f-note"), .text(l.t("overlaps.decide.note"))),
                    .textarea(
                        .name("note"),
                        .id("f-note"),
                        .attribute(named: "rows", value: "4"),
                        .required(true),
                        .text(fields["note"] ?? "")
                    ),
                    .small(.class("hint"), .text(l.t("overlaps.decide.noteHint")))
                ),
                FormParts.submit(l.t("overlaps.decide.save"))
            )
        )
    }

    private func choiceLabel(_ state: OverlapState) -> String {
        let l = language
        switch state {
        case .coordinated: return l.t("overlaps.decide.coordinated")
        case .notOverlap: return l.t("overlaps.decide.notOverlap")
        case .open: return l.t("overlaps.decide.reopen")
        }
    }
}
