import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/translations/{kind}/{key}`: one text — its English, its Lao and review state, the
/// glossary terms it uses, the form to propose a Lao text, and its history.
public struct TranslationItemPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var text: TranslatableText
    /// The glossary terms the English uses, and which of them the Lao text lacks.
    public var terms: [GlossaryTerm]
    public var departures: [GlossaryTerm]
    /// Newest first; the pending proposal, if any, is among them.
    public var history: [TranslationChange]
    /// What the form shows: the text the translator typed (after a refusal), the pending
    /// proposal, or the current Lao.
    public var draft: String?
    public var canPropose: Bool

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        text: TranslatableText,
        terms: [GlossaryTerm],
        departures: [GlossaryTerm],
        history: [TranslationChange],
        draft: String? = nil,
        canPropose: Bool
    ) {
        self.language = language
        self.session = session
        self.text = text
        self.terms = terms
        self.departures = departures
        self.history = history
        self.draft = draft
        self.canPropose = canPropose
    }

    var pending: TranslationChange? { history.first { $0.state == .pending } }

    public func render() -> String {
        let l = language
        let kind = TranslationQueuePage.kindName(text.kind, l)
        let title = l.t("translations.item.title", ["kind": .text(kind), "key": .text(text.kind.displayKey(text.key))])
        return Layout(title: title, description: title, path: SitePath(language: l, page: .translation(text.kind, text.key))).render(
            .div(
                .class("wrap"),
                .p(.a(.href(SitePath(language: l, page: .translations).path), .text(l.t("translations.item.back")))),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                texts,
                glossary,
                .if(pending != nil, pendingNotice),
                .if(canPropose, form),
                historyTable
            )
        )
    }

    private var texts: BodyNode {
        let l = language
        return .dl(
            .class("translation-texts"),
            .dt(.text(l.t("translations.column.english"))),
            .dd(.attribute(named: "lang", value: "en"), .text(text.english)),
            .unwrap(text.englishPlural) { plural in
                .group(.dt(.text(l.t("translations.item.englishPlural"))), .dd(.attribute(named: "lang", value: "en"), .text(plural)))
            },
            .dt(.text(l.t("translations.column.lao"))),
            .dd(.attribute(named: "lang", value: "lo"), .text(text.lao ?? "—")),
            .dt(.text(l.t("translations.column.status"))),
            .dd(.text(TranslationQueuePage.statusName(text, l))),
            .unwrap(text.component) { component in
                .group(.dt(.text(l.t("translations.item.component"))), .dd(.code(.text(component))))
            }
        )
    }

    private var glossary: BodyNode {
        let l = language
        return .section(
            .class("glossary"),
            .h2(.text(l.t("translations.glossary.title"))),
            .if(terms.isEmpty, .p(.text(l.t("translations.glossary.none")))),
            .ul(
                .forEach(terms) { term in
                    .li(
                        .text("\(term.english) → "),
                        .span(.attribute(named: "lang", value: "lo"), .text(term.lao)),
                        .small(.text(" (\(term.note))")),
                        .if(
                            departures.contains(term),
                            .strong(.class("glossary-flag"), .text(" " + l.t("translations.glossary.notUsed")))
                        )
                    )
                }
            )
        )
    }

    private var pendingNotice: BodyNode {
        let l = language
        guard let pending else { return .empty }
        return .div(
            .class("notice"),
            .p(
                .text(
                    l.t(
                        "translations.item.pending",
                        ["who": .text(pending.proposerName), "when": .text(TextFormat.dateTime(pending.proposedAt, in: l))]
                    )
                )
            ),
            .p(.attribute(named: "lang", value: "lo"), .text(pending.laoAfter)),
            .p(.a(.href(SitePath(language: l, page: .translationReview).path), .text(l.t("translations.item.toReview"))))
        )
    }

    private var form: BodyNode {
        let l = language
        let value = draft ?? pending?.laoAfter ?? text.lao ?? ""
        return .form(
            .method(.post),
            .action(Escape.attribute(SitePath(language: l, page: .translation(text.kind, text.key)).path)),
            FormParts.csrf(session.csrfToken),
            .div(
                .class("field"),
                .label(.for("f-lo"), .text(l.t("translations.form.lao"))),
                .textarea(
                    .name("lo"),
                    .id("f-lo"),
                    .attribute(named: "lang", value: "lo"),
                    .attribute(named: "rows", value: "4"),
                    .text(value)
                ),
                .small(.class("hint"), .text(l.t("translations.form.laoHint")))
            ),
            FormParts.field(l.t("translations.form.note"), name: "note"),
            FormParts.submit(l.t("translations.form.propose"))
        )
    }

    private var historyTable: BodyNode {
        let l = language
        return .section(
            .h2(.text(l.t("translations.history.title"))),
            .if(history.isEmpty, .p(.text(l.t("translations.history.none")))),
            .if(
                !history.isEmpty,
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(l.t("translations.history.proposed"))),
                                .th(.text(l.t("translations.history.before"))),
                                .th(.text(l.t("translations.history.after"))),
                                .th(.text(l.t("translations.history.decision")))
                            )
                        ),
                        .tbody(.forEach(history) { change in TranslationReviewPage.historyRow(change, l) })
                    )
                )
            )
        )
    }
}
