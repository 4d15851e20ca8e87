import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/translations/review`: the proposals that wait for a second reviewer, each with the
/// English, the text before and after, and the glossary check; approve or decline. A reviewer
/// cannot decide their own proposal (four eyes).
public struct TranslationReviewPage: Sendable {
    public struct Row: Sendable {
        public var change: TranslationChange
        public var departures: [GlossaryTerm]
        public init(change: TranslationChange, departures: [GlossaryTerm]) {
            self.change = change
            self.departures = departures
        }
    }

    public var language: PasanDomain.Language
    public var session: PageSession
    public var rows: [Row]
    /// The signed-in reviewer (their own proposals are shown without buttons).
    public var reviewerID: Int64?
    public var canDecide: Bool

    public init(language: PasanDomain.Language, session: PageSession, rows: [Row], reviewerID: Int64?, canDecide: Bool) {
        self.language = language
        self.session = session
        self.rows = rows
        self.reviewerID = reviewerID
        self.canDecide = canDecide
    }

    public func render() -> String {
        let l = language
        let title = l.t("translations.review.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .translationReview)).render(
            .div(
                .class("wrap"),
                .p(.a(.href(SitePath(language: l, page: .translations).path), .text(l.t("translations.item.back")))),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .p(.text(l.t("translations.review.intro"))),
                .if(rows.isEmpty, .p(.text(l.t("translations.review.none")))),
                .forEach(rows) { row in proposal(row) }
            )
        )
    }

    private func proposal(_ row: Row) -> BodyNode {
        let l = language
        let change = row.change
        let kind = TranslationQueuePage.kindName(change.item.kind, l)
        return .article(
            .class("proposal"),
            .h2(
                .a(
                    .href(Escape.attribute(SitePath(language: l, page: .translation(change.item.kind, change.item.key)).path)),
                    .text("\(kind) \(change.item.kind.displayKey(change.item.key))")
                )
            ),
            .dl(
                .dt(.text(l.t("translations.column.english"))),
                .dd(.attribute(named: "lang", value: "en"), .text(change.english)),
                .dt(.text(l.t("translations.history.before"))),
                .dd(.attribute(named: "lang", value: "lo"), .text(change.laoBefore ?? "—")),
                .dt(.text(l.t("translations.history.after"))),
                .dd(.attribute(named: "lang", value: "lo"), .class("proposed"), .text(change.laoAfter)),
                .dt(.text(l.t("translations.history.proposed"))),
                .dd(.text(Self.proposedLine(change, l))),
                .unwrap(change.note) { note in .group(.dt(.text(l.t("translations.form.note"))), .dd(.text(note))) }
            ),
            .forEach(row.departures) { term in
                .p(
                    .class("glossary-flag"),
                    .text(l.t("translations.glossary.departure", ["english": .text(term.english), "lao": .text(term.lao)]))
                )
            },
            decision(change)
        )
    }

    private func decision(_ change: TranslationChange) -> BodyNode {
        let l = language
        guard canDecide else { return .empty }
        if change.proposedBy == reviewerID {
            return .p(.class("hint"), .text(l.t("translations.review.own")))
        }
        let action = SitePath(language: l, page: .translationDecision(change.id)).path
        return .div(
            .class("decision"),
            FormParts.button(
                l.t("translations.review.approve"),
                action: action,
                csrf: session.csrfToken,
                hidden: [("decision", "approve")]
            ),
            FormParts.button(l.t("translations.review.reject"), action: action, csrf: session.csrfToken, hidden: [("decision", "reject")])
        )
    }

    static func proposedLine(_ change: TranslationChange, _ l: PasanDomain.Language) -> String {
        let source = change.source == .po ? l.t("translations.source.po") : l.t("translations.source.web")
        return l.t(
            "translations.history.by",
            ["who": .text(change.proposerName), "when": .text(TextFormat.dateTime(change.proposedAt, in: l)), "source": .text(source)]
        )
    }

    static func historyRow(_ change: TranslationChange, _ l: PasanDomain.Language) -> Node<HTML.TableContext> {
        let decision: String =
            switch change.state {
            case .pending: l.t("translations.state.pending")
            case .approved:
                l.t(
                    "translations.state.approved",
                    ["who": .text(change.deciderName ?? "—"), "when": .text(change.decidedAt.map { TextFormat.dateTime($0, in: l) } ?? "")]
                )
            case .rejected:
                l.t(
                    "translations.state.rejected",
                    ["who": .text(change.deciderName ?? "—"), "when": .text(change.decidedAt.map { TextFormat.dateTime($0, in: l) } ?? "")]
                )
            case .superseded: l.t("translations.state.superseded")
            }
        return .tr(
            .td(.text(proposedLine(change, l))),
            .td(.attribute(named: "lang", value: "lo"), .text(change.laoBefore ?? "—")),
            .td(.attribute(named: "lang", value: "lo"), .text(change.laoAfter)),
            .td(.text(decision))
        )
    }
}
