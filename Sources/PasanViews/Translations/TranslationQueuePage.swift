import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/translations`: every Lao text that waits for review, with its English beside it,
/// the glossary check, and how far the review has come per kind of text and per goal.
public struct TranslationQueuePage: Sendable {
    public struct Row: Sendable {
        public var text: TranslatableText
        /// Glossary terms the English uses whose agreed Lao word the Lao text lacks.
        public var departures: [GlossaryTerm]
        public var hasPendingProposal: Bool

        public init(text: TranslatableText, departures: [GlossaryTerm], hasPendingProposal: Bool) {
            self.text = text
            self.departures = departures
            self.hasPendingProposal = hasPendingProposal
        }
    }

    /// What the queue shows.
    public struct Filter: Sendable, Hashable {
        public var kind: TranslatableKind?
        public var goal: Int?
        /// All texts, not only those waiting for review.
        public var all: Bool
        public var query: String
        public var offset: Int

        public init(kind: TranslatableKind? = nil, goal: Int? = nil, all: Bool = false, query: String = "", offset: Int = 0) {
            self.kind = kind
            self.goal = goal
            self.all = all
            self.query = query
            self.offset = offset
        }

        /// The query string of this filter (page `offset`).
        func queryString(offset: Int) -> String {
            var parts: [String] = []
            if let kind { parts.append("kind=\(kind.rawValue)") }
            if let goal { parts.append("goal=\(goal)") }
            if all { parts.append("state=all") }
            if !query.isEmpty { parts.append("q=\(SitePath.queryEscape(query))") }
            if offset > 0 { parts.append("offset=\(offset)") }
            return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
        }
    }

    public var language: PasanDomain.Language
    public var session: PageSession
    public var filter: Filter
    public var rows: [Row]
    public var total: Int
    public var pageSize: Int
    public var byKind: [TranslatableKind: TranslationProgress]
    public var byGoal: [Int: TranslationProgress]
    public var pendingCount: Int

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        filter: Filter,
        rows: [Row],
        total: Int,
        pageSize: Int,
        byKind: [TranslatableKind: TranslationProgress],
        byGoal: [Int: TranslationProgress],
        pendingCount: Int
    ) {
        self.language = language
        self.session = session
        self.filter = filter
        self.rows = rows
        self.total = total
        self.pageSize = pageSize
        self.byKind = byKind
        self.byGoal = byGoal
        self.pendingCount = pendingCount
    }

    public func render() -> String {
        let l = language
        let title = l.t("translations.queue.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .translations)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .p(.text(l.t("translations.queue.intro"))),
                .p(
                    .a(
                        .href(SitePath(language: l, page: .translationReview).path),
                        .text(l.t("translations.queue.pendingLink", count: pendingCount))
                    )
                ),
                progress,
                filterForm,
                .p(.text(l.t("translations.queue.count", count: total))),
                table,
                pager
            )
        )
    }

    private var progress: BodyNode {
        let l = language
        return .details(
            .attribute(named: "open", value: "open"),
            .summary(.text(l.t("translations.progress.title"))),
            .div(
                .class("table-scroll"),
                .table(
                    .thead(
                        .tr(
                            .th(.text(l.t("translations.progress.group"))),
                            .th(.text(l.t("translations.progress.reviewed"))),
                            .th(.text(l.t("translations.progress.missing"))),
                            .th(.text(l.t("translations.progress.share")))
                        )
                    ),
                    .tbody(
                        .forEach(TranslatableKind.allCases) { kind in
                            progressRow(Self.kindName(kind, l), byKind[kind] ?? .init())
                        },
                        .forEach(byGoal.keys.sorted()) { goal in
                            progressRow(l.t("translations.progress.goal", ["goal": .number(goal)]), byGoal[goal] ?? .init())
                        }
                    )
                )
            )
        )
    }

    private func progressRow(_ label: String, _ p: TranslationProgress) -> Node<HTML.TableContext> {
        let l = language
        return .tr(
            .th(.attribute(named: "scope", value: "row"), .text(label)),
            .td(.text(l.t("translations.progress.ofTotal", ["reviewed": .number(p.reviewed), "total": .number(p.total)]))),
            .td(.text(TextFormat.number(p.missing, in: l))),
            .td(
                .element(
                    named: "meter",
                    nodes: [
                        .attribute(named: "min", value: "0"),
                        .attribute(named: "max", value: "100"),
                        .attribute(named: "value", value: String(p.percent)),
                        .text("\(Fragments.count(p.percent, l))\u{00A0}%"),
                    ]
                ),
                .text("\u{00A0}\(Fragments.count(p.percent, l))\u{00A0}%")
            )
        )
    }

    private var filterForm: BodyNode {
        let l = language
        let kinds = [("", l.t("translations.filter.anyKind"))] + TranslatableKind.allCases.map { ($0.rawValue, Self.kindName($0, l)) }
        let goals =
            [("", l.t("translations.filter.anyGoal"))]
            + (1...18).map { (String($0), l.t("translations.progress.goal", ["goal": .number($0)])) }
        let states = [("", l.t("translations.filter.toReview")), ("all", l.t("translations.filter.all"))]
        return .form(
            .class("filters"),
            .method(.get),
            .action(SitePath(language: l, page: .translations).path),
            FormParts.select(l.t("translations.filter.kind"), name: "kind", options: kinds, selected: filter.kind?.rawValue ?? ""),
            FormParts.select(l.t("translations.filter.goal"), name: "goal", options: goals, selected: filter.goal.map(String.init) ?? ""),
            FormParts.select(l.t("translations.filter.state"), name: "state", options: states, selected: filter.all ? "all" : ""),
            FormParts.field(l.t("translations.filter.query"), name: "q", value: filter.query, type: "search"),
            FormParts.submit(l.t("translations.filter.show"))
        )
    }

    private var table: BodyNode {
        let l = language
        return .div(
            .class("table-scroll"),
            .table(
                .class("translation-queue"),
                .thead(
                    .tr(
                        .th(.text(l.t("translations.column.text"))),
                        .th(.text(l.t("translations.column.english"))),
                        .th(.text(l.t("translations.column.lao"))),
                        .th(.text(l.t("translations.column.status")))
                    )
                ),
                .tbody(
                    .forEach(rows) { row in
                        .tr(
                            .td(
                                .a(
                                    .href(Escape.attribute(SitePath(language: l, page: .translation(row.text.kind, row.text.key)).path)),
                                    .text(Self.kindName(row.text.kind, l) + " " + row.text.kind.displayKey(row.text.key))
                                )
                            ),
                            .td(.attribute(named: "lang", value: "en"), .text(row.text.english)),
                            .td(
                                .attribute(named: "lang", value: "lo"),
                                .text(row.text.lao ?? "—"),
                                .forEach(row.departures) { term in
                                    .p(
                                        .class("glossary-flag"),
                                        .text(
                                            l.t(
                                                "translations.glossary.departure",
                                                ["english": .text(term.english), "lao": .text(term.lao)]
                                            )
                                        )
                                    )
                                }
                            ),
                            .td(
                                .text(Self.statusName(row.text, l)),
                                .if(row.hasPendingProposal, .p(.class("pending"), .text(l.t("translations.status.pendingProposal"))))
                            )
                        )
                    }
                )
            )
        )
    }

    private var pager: BodyNode {
        let l = language
        let base = SitePath(language: l, page: .translations).path
        let next = filter.offset + pageSize
        let previous = max(0, filter.offset - pageSize)
        return .nav(
            .class("pager"),
            .if(
                filter.offset > 0,
                .a(.href(Escape.attribute(base + filter.queryString(offset: previous))), .text(UIText.previous.text(l)))
            ),
            .if(next < total, .a(.href(Escape.attribute(base + filter.queryString(offset: next))), .text(UIText.next.text(l))))
        )
    }

    static func kindName(_ kind: TranslatableKind, _ l: PasanDomain.Language) -> String {
        switch kind {
        case .interface: l.t("translations.kind.interface")
        case .goal: l.t("translations.kind.goal")
        case .target: l.t("translations.kind.target")
        case .indicator: l.t("translations.kind.indicator")
        case .series: l.t("translations.kind.series")
        case .institution: l.t("translations.kind.institution")
        case .codeLabel: l.t("translations.kind.code")
        }
    }

    static func statusName(_ text: TranslatableText, _ l: PasanDomain.Language) -> String {
        if text.lao == nil { return l.t("translations.status.missing") }
        switch text.status {
        case .machine: return l.t("translations.status.machine")
        case .unreviewed: return l.t("translations.status.unreviewed")
        case .reviewed: return l.t("translations.status.reviewed")
        case .official: return l.t("translations.status.official")
        }
    }
}
