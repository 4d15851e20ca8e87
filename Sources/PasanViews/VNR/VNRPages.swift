import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/vnr`: the Voluntary National Reviews started, and, for the Secretariat, the form to
/// start one for a year on the goals the HLPF reviews that year (or others).
public struct VNRListPage: Sendable {
    public var language: PasanDomain.Language
    public var reviews: [VoluntaryNationalReview]
    /// The shipped HLPF sessions, by year.
    public var sessions: [Int: HLPFSession]
    /// The goals a review can choose from (number, short title).
    public var goals: [(number: Int, title: LocalizedText)]
    /// `nil`: the public page (no form); otherwise the Secretariat's, with the last attempt's values.
    public var session: PageSession?
    public var form: [String: String]

    public init(
        language: PasanDomain.Language,
        reviews: [VoluntaryNationalReview],
        sessions: [Int: HLPFSession],
        goals: [(number: Int, title: LocalizedText)],
        session: PageSession? = nil,
        form: [String: String] = [:]
    ) {
        self.language = language
        self.reviews = reviews
        self.sessions = sessions
        self.goals = goals
        self.session = session
        self.form = form
    }

    public func render() -> String {
        let l = language
        let title = l.t("vnr.title")
        return Layout(title: title, description: l.t("vnr.intro"), path: SitePath(language: l, page: .vnrs)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .unwrap(session) { FormParts.messages($0.notices, errors: $0.errors) },
                .p(.text(l.t("vnr.intro"))),
                .if(
                    reviews.isEmpty,
                    .p(.text(l.t("vnr.none"))),
                    else: .table(
                        .thead(.tr(.th(.text(l.t("vnr.year"))), .th(.text(l.t("vnr.goals"))), .th(.text(l.t("vnr.lastChange"))))),
                        .tbody(
                            .forEach(reviews) { r in
                                .tr(
                                    .td(.a(.href(SitePath(language: l, page: .vnr(r.year)).path), .text(AnnexText.title(r.year, l)))),
                                    .td(.text(AnnexText.goalList(r.goals, l))),
                                    .td(.text(VNRParts.change(r, l)))
                                )
                            }
                        )
                    )
                ),
                .unwrap(session) { session in
                    .form(
                        .method(.post),
                        .action(SitePath(language: l, page: .vnrs).path),
                        FormParts.csrf(session.csrfToken),
                        .h2(.text(l.t("vnr.start.title"))),
                        FormParts.field(
                            l.t("vnr.year"),
                            name: "year",
                            value: form["year"] ?? "",
                            type: "number",
                            required: true
                        ),
                        VNRParts.goalBoxes(goals, chosen: VNRParts.chosen(form), l),
                        .p(.class("hint"), .text(l.t("vnr.start.hlpfHint"))),
                        .ul(
                            .class("hint"),
                            .forEach(sessions.values.sorted { $0.year > $1.year }) { s in
                                VNRParts.session(s, l)
                            }
                        ),
                        FormParts.submit(l.t("vnr.start.submit"))
                    )
                }
            )
        )
    }
}

/// `/{lang}/vnr/{year}`: the statistical annex of a review, print-ready (A4), with the DOCX to
/// download; for the Secretariat, the form to change the goals and the history of the goals.
public struct VNRAnnexPage: Sendable {
    public var language: PasanDomain.Language
    public var annex: StatisticalAnnex
    public var catalog: FrameworkCatalog
    public var session: HLPFSession?
    /// Every revision of the review's goals, the newest first.
    public var revisions: [VoluntaryNationalReview]
    public var goals: [(number: Int, title: LocalizedText)]
    /// The Secretariat's form to change the goals; `nil` on the public page.
    public var page: PageSession?
    public var form: [String: String]

    public init(
        language: PasanDomain.Language,
        annex: StatisticalAnnex,
        catalog: FrameworkCatalog,
        session: HLPFSession?,
        revisions: [VoluntaryNationalReview],
        goals: [(number: Int, title: LocalizedText)],
        page: PageSession? = nil,
        form: [String: String] = [:]
    ) {
        self.language = language
        self.annex = annex
        self.catalog = catalog
        self.session = session
        self.revisions = revisions
        self.goals = goals
        self.page = page
        self.form = form
    }

    public func render() -> String {
        let l = language
        let review = annex.review
        let title = AnnexText.title(review.year, l)
        let withoutData = annex.chapters.filter { $0.withData == 0 }.map(\.goal)
        return Layout(title: title, description: l.t("vnr.annex.about"), path: SitePath(language: l, page: .vnr(review.year))).render(
            .div(
                .class("wrap annex"),
                .h1(.text(title)),
                .unwrap(page) { FormParts.messages($0.notices, errors: $0.errors) },
                .p(.text(l.t("vnr.annex.goals", ["goals": .text(AnnexText.goalList(review.goals, l))]))),
                .unwrap(session) { s in
                    .p(
                        .text(
                            l.t("vnr.annex.hlpf", ["year": .text(String(s.year)), "goals": .text(AnnexText.goalList(s.goals, l))]) + " "
                        ),
                        VNRParts.english("“\(s.theme)”"),
                        .small(.class("hint"), .text(" (\(s.source))"))
                    )
                },
                .p(
                    .class("asof"),
                    .text(l.t("vnr.annex.asOf") + " "),
                    Fragments.date(annex.asOf, l),
                    .text(" — " + l.t("vnr.annex.about"))
                ),
                .p(
                    .class("no-print actions"),
                    .a(
                        .class("button"),
                        .href(SitePath(language: l, page: .vnrAnnexDocument(review.year)).path),
                        .text(l.t("vnr.annex.download"))
                    ),
                    .span(.class("hint"), .text(l.t("vnr.annex.print")))
                ),
                .if(
                    !withoutData.isEmpty,
                    .p(
                        .class("notice error"),
                        .text(l.t("vnr.annex.goalsWithoutData", ["goals": .text(AnnexText.goalList(withoutData, l))]))
                    )
                ),
                .p(.class("hint"), .text(l.t("vnr.annex.scope", ["baseline": .text(String(StatisticalAnnex.baselineYear))]))),
                VNRParts.table(AnnexText.overviewHeader(l), annex.chapters.map { AnnexText.overviewRow($0, l) }, css: "overview"),
                .forEach(annex.chapters) { chapter in
                    .section(
                        .class("chapter"),
                        .h2(.text(AnnexText.chapterTitle(chapter, l))),
                        .p(.text(AnnexText.chapterSummary(chapter, l))),
                        VNRParts.table(
                            AnnexText.summaryHeader(l),
                            chapter.indicators.map { AnnexText.summaryRow($0, catalog, l) },
                            css: "summary"
                        ),
                        .forEach(chapter.indicators) { entry in VNRParts.indicator(entry, catalog, l) }
                    )
                },
                .unwrap(page) { page in
                    .section(
                        .class("no-print"),
                        .form(
                            .method(.post),
                            .action(SitePath(language: l, page: .vnrGoals(review.year)).path),
                            FormParts.csrf(page.csrfToken),
                            .h2(.text(l.t("vnr.change.title"))),
                            FormParts.input([("type", "hidden"), ("name", "revision"), ("value", String(review.revision))]),
                            VNRParts.goalBoxes(goals, chosen: form.isEmpty ? Set(review.goals) : VNRParts.chosen(form), l),
                            FormParts.field(l.t("vnr.change.reason"), name: "reason", value: form["reason"] ?? "", required: true),
                            FormParts.submit(l.t("vnr.change.submit"))
                        )
                    )
                },
                .section(
                    .class("no-print"),
                    .h2(.text(l.t("vnr.history.title"))),
                    .ul(
                        .forEach(revisions) { r in
                            .li(
                                .text(
                                    l.t(
                                        "vnr.history.line",
                                        ["revision": .number(r.revision), "goals": .text(AnnexText.goalList(r.goals, l))]
                                    )
                                        + " — " + VNRParts.change(r, l)
                                )
                            )
                        }
                    )
                )
            )
        )
    }
}

/// Pieces of the VNR pages.
enum VNRParts {
    /// A text the UN publishes in English, marked as such for screen readers and translators.
    static func english<C>(_ text: String) -> Node<C> {
        .element(named: "span", nodes: [.attribute(named: "lang", value: "en"), .text(text)])
    }

    static func session(_ s: HLPFSession, _ l: Lang) -> Node<HTML.ListContext> {
        let goals = "\(s.year): " + AnnexText.goalList(s.goals, l) + " — "
        return .li(.text(goals), english(s.theme))
    }

    /// Who changed the goals, when and why.
    static func change(_ r: VoluntaryNationalReview, _ l: Lang) -> String {
        let when = TextFormat.dateTime(r.changedAt, in: l)
        let who = l.t("vnr.changedBy", ["who": .text(r.changedBy), "when": .text(when)])
        return r.reason.isEmpty ? who : who + ": " + r.reason
    }

    /// The goals ticked in a sent form, as its echo keeps them (`goals`: "3,5,17").
    static func chosen(_ form: [String: String]) -> Set<Int> {
        Set((form["goals"] ?? "").split(separator: ",").compactMap { Int($0) })
    }

    static func goalBoxes(_ goals: [(number: Int, title: LocalizedText)], chosen: Set<Int>, _ l: Lang) -> Node<HTML.FormContext> {
        .fieldset(
            .class("goal-boxes"),
            .element(named: "legend", text: l.t("vnr.goals")),
            .forEach(goals) { g in
                .label(
                    FormParts.input([
                        ("type", "checkbox"), ("name", "goal-\(g.number)"), ("value", "on"),
                        ("checked", chosen.contains(g.number) ? "checked" : nil),
                    ]),
                    .text(" \(g.number). "),
                    Fragments.localized(g.title, l)
                )
            }
        )
    }

    static func table(_ header: [String], _ rows: [[String]], css: String, numericFrom: Int = .max) -> BodyNode {
        .div(
            .class("table-scroll"),
            .table(
                .class(css),
                .thead(.tr(.forEach(header) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                .tbody(
                    .forEach(rows) { row in
                        .tr(
                            .forEach(Array(row.enumerated())) { index, cell in
                                index >= numericFrom ? .td(.class("number"), .text(cell)) : .td(.text(cell))
                            }
                        )
                    }
                )
            )
        )
    }

    static func indicator(_ entry: StatisticalAnnex.IndicatorEntry, _ catalog: FrameworkCatalog, _ l: Lang) -> BodyNode {
        .article(
            .class("annex-indicator"),
            .id("i-\(entry.code)"),
            .h3(
                .a(.href(SitePath(language: l, page: .indicator(entry.code)).path), .text(entry.code)),
                .text(" "),
                Fragments.localized(entry.title, l)
            ),
            .dl(
                .dt(.text(l.t("vnr.annex.column.status"))),
                .dd(.text(AnnexText.progress(entry.progress, l))),
                .dt(.text(l.t("vnr.annex.column.owner"))),
                .dd(.text(AnnexText.owners(entry.owners, catalog, l)))
            ),
            .if(
                !entry.gaps.isEmpty,
                .ul(.class("gaps"), .forEach(entry.gaps) { .li(.text(AnnexText.gap($0, l))) })
            ),
            .forEach(entry.tables) { table in
                .group(
                    .h4(.text(AnnexText.seriesCaption(table, l))),
                    VNRParts.table(
                        AnnexText.seriesHeader(table, l),
                        table.rows.map { AnnexText.seriesRow($0, l) },
                        css: "series",
                        numericFrom: 1
                    ),
                    .p(
                        .class("hint"),
                        .text(AnnexText.trend(table.trend, unit: table.unit, l) + " · " + AnnexText.sources(table, l))
                    )
                )
            }
        )
    }
}
