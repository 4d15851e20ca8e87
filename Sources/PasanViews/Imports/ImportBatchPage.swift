import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/admin/imports/{batch}`: one import batch — its provenance, and while it waits, what
/// publishing it would change, goal by goal and indicator by indicator (values added, values
/// changed with the published value they replace, how many are already published as they are,
/// conflicts with a value another source published, rows refused with the reason), the national
/// series and code labels it brings, and the two decisions, each confirmed on a second step.
/// A decided batch shows who decided when, and what publishing it did.
public struct ImportBatchPage: Sendable {
    /// The decision asked to be confirmed (`?confirm=publish|discard`).
    public enum Decision: String, Sendable, Hashable {
        case publish, discard
    }

    public var language: PasanDomain.Language
    public var session: PageSession
    /// The batch's preview (computed now against the published values); its `batch` is the page's.
    public var preview: ImportPreview
    /// Indicator titles, by code.
    public var titles: [String: LocalizedText]
    public var confirm: Decision?

    /// How many rows of one kind an indicator lists (the rest are counted).
    static let shownRows = 50

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        preview: ImportPreview,
        titles: [String: LocalizedText],
        confirm: Decision? = nil
    ) {
        self.language = language
        self.session = session
        self.preview = preview
        self.titles = titles
        self.confirm = confirm
    }

    var batch: ImportBatch { preview.batch }

    public func render() -> String {
        let l = language
        let title = l.t("imports_web.batch.title", ["id": .text(String(batch.id)), "name": .text(batch.name)])
        return Layout(title: title, description: title, path: SitePath(language: l, page: .importBatch(batch.id))).render(
            .div(
                .class("wrap"),
                .p(.a(.href(SitePath(language: l, page: .imports).path), .text(l.t("imports_web.batch.back")))),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                provenance,
                batch.state == .staged ? decision : decided,
                batch.state == .staged ? changes : record,
                nationalSeries,
                refusedElsewhere
            )
        )
    }

    // MARK: Provenance and decision

    private var provenance: BodyNode {
        let l = language
        return .dl(
            .class("facts"),
            .dt(.text(l.t("imports_web.column.source"))),
            .dd(.text(batch.source.title.text(in: l))),
            .dt(.text(l.t("imports_web.column.file"))),
            .dd(.code(.text(batch.fileName))),
            .dt(.text(l.t("imports_web.column.dataset"))),
            .dd(.code(.text(batch.dataset))),
            .dt(.text(l.t("imports_web.column.by"))),
            .dd(.text(batch.createdBy)),
            .dt(.text(l.t("imports_web.column.when"))),
            .dd(Fragments.moment(batch.createdAt, l)),
            .dt(.text(l.t("imports_web.column.state"))),
            .dd(Self.stateChip(batch, l))
        )
    }

    /// The state as a coloured chip.
    static func stateChip(_ batch: ImportBatch, _ l: PasanDomain.Language) -> BodyNode {
        let css =
            switch batch.state {
            case .staged: "chip draft"
            case .published: "chip published"
            case .discarded: "chip returned"
            }
        return .span(.class(css), .text(batch.state.title.text(in: l)))
    }

    private var decision: BodyNode {
        let l = language
        let here = SitePath(language: l, page: .importBatch(batch.id)).path
        switch confirm {
        case nil:
            return .div(
                .class("actions"),
                .a(.class("button"), .href(here + "?confirm=publish"), .text(l.t("imports_web.batch.publish"))),
                .a(.class("button"), .href(here + "?confirm=discard"), .text(l.t("imports_web.batch.discard")))
            )
        case .publish:
            return confirmation(
                l.t(
                    "imports_web.batch.confirmPublish",
                    [
                        "added": .text(Fragments.count(preview.added, l)), "changed": .text(Fragments.count(preview.changed, l)),
                        "conflicts": .text(Fragments.count(preview.conflicts, l)),
                        "series": .text(Fragments.count(preview.nationalSeries.count, l)),
                    ]
                ),
                button: l.t("imports_web.batch.confirmPublishButton"),
                action: SitePath(language: l, page: .importPublish(batch.id)).path
            )
        case .discard:
            return confirmation(
                l.t("imports_web.batch.confirmDiscard"),
                button: l.t("imports_web.batch.confirmDiscardButton"),
                action: SitePath(language: l, page: .importDiscard(batch.id)).path
            )
        }
    }

    private func confirmation(_ question: String, button: String, action: String) -> BodyNode {
        let l = language
        return .section(
            .class("notice"),
            .p(.strong(.text(question))),
            .form(
                .method(.post),
                .action(action),
                FormParts.csrf(session.csrfToken),
                .button(.type(.submit), .text(button)),
                .text(" "),
                .a(.href(SitePath(language: l, page: .importBatch(batch.id)).path), .text(l.t("imports_web.batch.cancel")))
            )
        )
    }

    private var decided: BodyNode {
        let l = language
        let arguments: [String: MessageArgument] = [
            "who": .text(batch.decidedBy ?? "—"), "when": .text(batch.decidedAt.map { TextFormat.dateTime($0, in: l) } ?? "—"),
        ]
        let message: Message? =
            switch batch.state {
            case .published:
                batch.publishedAtOnce
                    ? Message("imports_web.batch.decidedAtOnce", arguments) : Message("imports_web.batch.decidedPublished", arguments)
            case .discarded: Message("imports_web.batch.decidedDiscarded", arguments)
            case .staged: nil
            }
        guard let message else { return .empty }
        return .p(.class("notice"), .text(message.text(in: l)))
    }

    // MARK: What publishing would change / changed

    private var changes: BodyNode {
        let l = language
        return .section(
            .h2(.text(l.t("imports_web.batch.previewHeading"))),
            .p(.text(l.t("imports_web.batch.previewIntro"))),
            .p(
                .strong(
                    .text(
                        l.t(
                            "imports_web.batch.summary",
                            [
                                "added": .text(Fragments.count(preview.added, l)),
                                "changed": .text(Fragments.count(preview.changed, l)),
                                "unchanged": .text(Fragments.count(preview.unchanged, l)),
                                "conflicts": .text(Fragments.count(preview.conflicts, l)),
                                "refused": .text(Fragments.count(preview.refused, l)),
                            ]
                        )
                    )
                )
            ),
            .if(preview.metadata.total > 0, .p(.text(Self.metadataLine(preview.metadata, l)))),
            .if(preview.indicators.isEmpty, .p(.text(l.t("imports_web.batch.empty")))),
            .forEach(preview.byGoal, { group in goal(group.goal, group.indicators, decided: false) })
        )
    }

    /// A decided batch: what publishing did (the counts recorded then), the conflicts still
    /// standing, the rows refused.
    private var record: BodyNode {
        let l = language
        let c = batch.counts
        let withProblems = preview.byGoal.compactMap { group -> (goal: Int?, indicators: [IndicatorPreview])? in
            let kept = group.indicators.filter { !$0.refused.isEmpty || (batch.state == .published && !$0.conflicts.isEmpty) }
            return kept.isEmpty ? nil : (group.goal, kept)
        }
        return .section(
            .if(
                batch.state == .published,
                .group(
                    .h2(.text(l.t("imports_web.batch.changedHeading"))),
                    .p(
                        .strong(
                            .text(
                                l.t(
                                    "imports_web.batch.publishedSummary",
                                    [
                                        "added": .text(Fragments.count(c.added ?? 0, l)),
                                        "changed": .text(Fragments.count(c.changed ?? 0, l)),
                                        "unchanged": .text(Fragments.count(c.unchanged ?? 0, l)),
                                        "conflicts": .text(Fragments.count(c.conflicts ?? 0, l)),
                                    ]
                                )
                            )
                        )
                    )
                )
            ),
            .p(
                .text(
                    l.t(
                        "imports_web.list.holds",
                        ["values": .text(Fragments.count(c.values, l)), "refused": .text(Fragments.count(c.refused, l))]
                    )
                )
            ),
            .forEach(withProblems, { group in goal(group.goal, group.indicators, decided: true) })
        )
    }

    /// What the batch's metadata texts would do (the fields of the SDG metadata template).
    static func metadataLine(_ changes: MetadataChanges, _ l: PasanDomain.Language) -> String {
        l.t(
            "imports_web.batch.metadata",
            [
                "added": .text(Fragments.count(changes.added, l)), "changed": .text(Fragments.count(changes.changed, l)),
                "unchanged": .text(Fragments.count(changes.unchanged, l)),
            ]
        )
    }

    private func goal(_ number: Int?, _ indicators: [IndicatorPreview], decided: Bool) -> BodyNode {
        let l = language
        return .section(
            .h3(.text(number.map { l.t("imports_web.batch.goal", ["goal": .number($0)]) } ?? l.t("imports_web.batch.noGoal"))),
            .forEach(indicators, { indicator($0, decided: decided) })
        )
    }

    private func indicator(_ i: IndicatorPreview, decided: Bool) -> BodyNode {
        let l = language
        let counts = [
            (ImportChange.Kind.added.title, i.added.count), (ImportChange.Kind.changed.title, i.changed.count),
            (ImportChange.Kind.unchanged.title, i.unchanged.count), (ImportChange.Kind.conflict.title, i.conflicts.count),
            (Message("imports_web.batch.refused"), i.refused.count),
        ].filter { $0.1 > 0 }.map { "\($0.0.text(in: l)): \(Fragments.count($0.1, l))" }
        return .section(
            .h4(
                .strong(.text(i.indicator)),
                .text(" "),
                .unwrap(titles[i.indicator]) { Fragments.localized($0, l) }
            ),
            .p(.text(counts.joined(separator: " · "))),
            .if(!decided && i.metadata.total > 0, .p(.text(Self.metadataLine(i.metadata, l)))),
            .if(!decided, valueTable(Message("imports_web.batch.addedHeading"), i.added.map { ($0, nil) }, kind: .added)),
            .if(
                !decided,
                valueTable(Message("imports_web.batch.changedRowsHeading"), i.changed.map { ($0.staged, $0.change) }, kind: .changed)
            ),
            .if(
                !decided && !i.unchanged.isEmpty,
                .p(.text(l.t("imports_web.batch.unchangedCount", count: i.unchanged.count)))
            ),
            valueTable(Message("imports_web.batch.conflictsHeading"), i.conflicts.map { ($0.staged, $0.change) }, kind: .conflict),
            refusals(i.refused)
        )
    }

    /// Values of one kind, with the published value they meet where there is one.
    private func valueTable(_ heading: Message, _ rows: [(StagedValue, ImportChange?)], kind: ImportChange.Kind) -> BodyNode {
        let l = language
        guard !rows.isEmpty else { return .empty }
        let extra: [String] =
            switch kind {
            case .added, .unchanged: [l.t("imports_web.column.value")]
            case .changed: [l.t("imports_web.column.old"), l.t("imports_web.column.new")]
            case .conflict: [l.t("imports_web.column.new"), l.t("imports_web.column.published")]
            }
        return .group(
            .h5(.text(heading.text(in: l))),
            .div(
                .class("table-scroll"),
                .table(
                    .class("compact"),
                    .thead(
                        .tr(
                            .th(.text(l.t("imports_web.column.series"))),
                            .th(.text(l.t("imports_web.column.breakdown"))),
                            .th(.text(l.t("imports_web.column.area"))),
                            .th(.text(l.t("imports_web.column.period"))),
                            .forEach(extra) { .th(.text($0)) }
                        )
                    ),
                    .tbody(.forEach(rows.prefix(Self.shownRows)) { row in valueRow(row.0, row.1) })
                )
            ),
            .if(
                rows.count > Self.shownRows,
                .p(.class("hint"), .text(l.t("imports_web.batch.moreRows", count: rows.count - Self.shownRows)))
            )
        )
    }

    private func valueRow(_ value: StagedValue, _ change: ImportChange?) -> Node<HTML.TableContext> {
        let l = language
        let key = value.key
        let new = Fragments.dataValue(value.observation.value, l)
        let cells: [Node<HTML.TableRowContext>]
        switch change {
        case .changed(let old)?:
            cells = [.td(.text(Fragments.dataValue(old, l))), .td(.text(new))]
        case .conflict(let published, let dataset, let source)?:
            let by = l.t("imports_web.batch.publishedBy", ["dataset": .text(dataset)])
            cells = [
                .td(.text(new)),
                .td(
                    .text(Fragments.dataValue(published, l)),
                    .br(),
                    .small(.text(by)),
                    .unwrap(source) { .group(.br(), .small(.text($0))) }
                ),
            ]
        default:
            cells = [.td(.text(new))]
        }
        return .tr(
            .td(.code(.text(key.series))),
            .td(.text(Self.breakdown(key.dimensions, l))),
            .td(.text(key.area)),
            .td(.text(key.period)),
            .group(cells)
        )
    }

    /// `SEX=F|AGE=Y15T24` as `SEX=F, AGE=Y15T24`; the total when empty.
    static func breakdown(_ dimensions: String, _ l: PasanDomain.Language) -> String {
        dimensions.isEmpty ? l.t("imports_web.batch.total") : dimensions.split(separator: "|").joined(separator: ", ")
    }

    private func refusals(_ list: [ImportRefusal]) -> BodyNode {
        let l = language
        guard !list.isEmpty else { return .empty }
        return .group(
            .h5(.text(l.t("imports_web.batch.refusedHeading"))),
            .div(
                .class("table-scroll"),
                .table(
                    .class("compact"),
                    .thead(
                        .tr(
                            .th(.text(l.t("imports_web.column.place"))),
                            .th(.text(l.t("imports_web.column.location"))),
                            .th(.text(l.t("imports_web.column.found"))),
                            .th(.text(l.t("imports_web.column.expected")))
                        )
                    ),
                    .tbody(.forEach(list.prefix(Self.shownRows)) { Self.refusalRow($0, l) })
                )
            ),
            .if(
                list.count > Self.shownRows,
                .p(.class("hint"), .text(l.t("imports_web.batch.moreRows", count: list.count - Self.shownRows)))
            )
        )
    }

    /// A refused row or a problem of a refused file: file and line, where, what was found, what was expected.
    static func refusalRow(_ r: ImportRefusal, _ l: PasanDomain.Language) -> Node<HTML.TableContext> {
        .tr(
            .td(.code(.text(r.line.map { "\(r.file):\($0)" } ?? r.file))),
            .td(.text(r.location ?? "—")),
            .td(.unwrap(r.found, { .code(.text($0)) }, else: .text("—"))),
            .td(.text(r.expected.text(in: l)))
        )
    }

    // MARK: What else the batch brings

    private var nationalSeries: BodyNode {
        let l = language
        guard batch.state == .staged else { return .empty }
        return .section(
            .if(
                !preview.nationalSeries.isEmpty,
                .group(
                    .h2(.text(l.t("imports_web.batch.seriesHeading"))),
                    .div(
                        .class("table-scroll"),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text(l.t("imports_web.column.series"))),
                                    .th(.text(l.t("imports_web.column.indicator"))),
                                    .th(.text(l.t("imports_web.column.nameEnglish"))),
                                    .th(.text(l.t("imports_web.column.nameLao"))),
                                    .th(.text(l.t("imports_web.column.unit")))
                                )
                            ),
                            .tbody(
                                .forEach(preview.nationalSeries) { s in
                                    .tr(
                                        .td(.code(.text(s.code))),
                                        .td(.text(s.indicator)),
                                        .td(.attribute(named: "lang", value: "en"), .text(s.nameEnglish)),
                                        .td(.attribute(named: "lang", value: "lo"), .text(s.nameLao ?? "—")),
                                        .td(.text(s.unit ?? "—"))
                                    )
                                }
                            )
                        )
                    )
                )
            ),
            .if(
                preview.codeLabels > 0,
                .p(.text(l.t("imports_web.batch.codeLabels", ["count": .text(Fragments.count(preview.codeLabels, l))])))
            )
        )
    }

    private var refusedElsewhere: BodyNode {
        let l = language
        guard !preview.refusedWithoutIndicator.isEmpty else { return .empty }
        return .section(
            .h2(.text(l.t("imports_web.batch.refusedOther"))),
            refusals(preview.refusedWithoutIndicator)
        )
    }
}
