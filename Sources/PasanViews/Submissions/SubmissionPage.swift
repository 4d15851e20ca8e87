import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/cycles/{id}/submissions/{CODE}/{indicator}`: the data-entry grid (years × the
/// breakdowns asked for, previous values shown), CSV upload, the review steps, and the history.
public struct SubmissionPage: Sendable {
    public struct GridRow: Sendable, Hashable {
        public var series: String
        public var area: String
        public var dimensions: String
        public var label: String
        public init(series: String, area: String, dimensions: String, label: String) {
            self.series = series; self.area = area; self.dimensions = dimensions; self.label = label
        }
    }

    public var language: PasanDomain.Language
    public var session: PageSession
    public var cycle: ReportingCycle
    public var institution: String
    public var indicator: Indicator
    public var state: SubmissionState?
    public var revision: Int
    public var version: Int
    public var canEdit: Bool
    public var steps: [SubmissionStep]
    public var rows: [GridRow]
    public var values: [CellKey: Double?]
    public var previous: [CellKey: Double]
    public var problems: [TidyIssue]
    public var warnings: [TidyIssue]
    /// What the user typed in the grid, shown again when the save was refused.
    public var typed: [String: String]
    /// For a subnational focal point: the area subtree they enter (the grid posts to area-save).
    public var areaScope: String? = nil
    public var changes: [(cell: String, old: Double?, new: Double?, actor: String, at: String, reason: String?)] = []
    public var comments: [(cell: String?, body: String, actor: String, at: String)] = []
    public var transitions: [(from: SubmissionState, to: SubmissionState, actor: String, at: String, comment: String?)]
    public var canCorrect: Bool

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        cycle: ReportingCycle,
        institution: String,
        indicator: Indicator,
        state: SubmissionState?,
        revision: Int,
        version: Int,
        canEdit: Bool,
        steps: [SubmissionStep],
        rows: [GridRow],
        values: [CellKey: Double?],
        previous: [CellKey: Double],
        problems: [TidyIssue] = [],
        warnings: [TidyIssue] = [],
        typed: [String: String] = [:],
        transitions: [(from: SubmissionState, to: SubmissionState, actor: String, at: String, comment: String?)],
        canCorrect: Bool
    ) {
        self.language = language; self.session = session; self.cycle = cycle; self.institution = institution; self.indicator = indicator
        self.state = state; self.revision = revision; self.version = version; self.canEdit = canEdit; self.steps = steps; self.rows = rows
        self.values = values; self.previous = previous; self.problems = problems; self.warnings = warnings; self.typed = typed;
        self.transitions = transitions; self.canCorrect = canCorrect
    }

    /// The form field name of a grid cell.
    public static func fieldName(_ row: GridRow, _ year: Int) -> String {
        ["v", row.series, row.area, row.dimensions, String(year)].joined(separator: "~")
    }

    public func render() -> String {
        let l = language
        let id = cycle.id ?? 0
        let page = SitePath.Page.submission(id, institution, indicator.code)
        let title = "\(indicator.code) — \(institution) — \(cycle.name.text(in: l))"
        return Layout(title: title, description: title, path: SitePath(language: l, page: page)).render(
            .div(
                .class("wrap"),
                .h1(.text("\(indicator.code) "), Fragments.localized(indicator.title, l)),
                .p(
                    .text(
                        l.t(
                            "submissions.page.summary",
                            ["institution": .text(institution), "cycle": .localized(cycle.name), "revision": .text(String(revision))]
                        ) + " · "
                    ),
                    .strong(.class("state"), .text(state?.title.text(in: l) ?? l.t("submissions.page.notStarted")))
                ),
                FormParts.messages(session.notices, errors: session.errors),
                issues(
                    problems,
                    heading: l.t("submissions.page.problemsHeading"),
                    cssClass: "import-problems"
                ),
                issues(warnings, heading: l.t("submissions.page.warningsHeading"), cssClass: "notice"),
                grid,
                .if(
                    canEdit,
                    .form(
                        .method(.post),
                        .action(SitePath(language: l, page: .submissionUpload(id, institution, indicator.code)).path),
                        .enctype(.multipartData),
                        .class("stack"),
                        FormParts.csrf(session.csrfToken),
                        FormParts.input([("type", "hidden"), ("name", "version"), ("value", String(version))]),
                        .label(.for("f-file"), .text(l.t("submissions.upload.label"))),
                        FormParts.input([
                            ("type", "file"), ("name", "file"), ("id", "f-file"),
                            ("accept", ".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                            ("required", "required"),
                        ]),
                        FormParts.field(l.t("submissions.warningsComment"), name: "comment"),
                        FormParts.submit(l.t("submissions.upload.submit")),
                        .a(
                            .href(SitePath(language: l, page: .template(id, institution, indicator.code)).path),
                            .text(l.t("submissions.upload.downloadTemplate"))
                        )
                    )
                ),
                .if(
                    !steps.isEmpty,
                    .form(
                        .method(.post),
                        .action(SitePath(language: l, page: .submissionStep(id, institution, indicator.code)).path),
                        .class("stack workflow"),
                        FormParts.csrf(session.csrfToken),
                        FormParts.field(l.t("submissions.review.comment"), name: "comment"),
                        FormParts.select(
                            l.t("submissions.review.cell"),
                            name: "cell",
                            options: [("", l.t("submissions.review.wholeIndicator"))]
                                + values.keys.sorted().map { ($0.description, $0.description) }
                        ),
                        .div(
                            .class("actions"),
                            .forEach(steps) { step in
                                .button(.type(.submit), .name("step"), .value(step.rawValue), .text(step.title.text(in: l)))
                            }
                        )
                    )
                ),
                .if(
                    canCorrect,
                    .form(
                        .method(.post),
                        .action(SitePath(language: l, page: .submissionCorrect(id, institution, indicator.code)).path),
                        .class("stack"),
                        FormParts.csrf(session.csrfToken),
                        FormParts.field(l.t("submissions.correction.reason"), name: "reason", required: true),
                        FormParts.submit(l.t("submissions.correction.submit"))
                    )
                ),
                .p(
                    .a(
                        .href(SitePath(language: l, page: .submissionExport(id, institution, indicator.code)).path),
                        .text(l.t("submissions.page.export"))
                    ),
                    .text(" · "),
                    .a(
                        .href(SitePath(language: l, page: .submissionExportWorkbook(id, institution, indicator.code)).path),
                        .text(l.t("downloads.submission.xlsx"))
                    )
                ),
                .if(
                    !comments.isEmpty,
                    .section(
                        .h2(.text(l.t("submissions.page.commentsHeading"))),
                        .ul(
                            .forEach(comments) { c in
                                .li(
                                    .strong(Fragments.moment(c.at, l), .text(" \(c.actor)" + (c.cell.map { " — \($0)" } ?? "") + ": ")),
                                    .text(c.body)
                                )
                            }
                        )
                    )
                ),
                .if(
                    !changes.isEmpty,
                    .section(
                        .h2(.text(l.t("submissions.changes.heading"))),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text(l.t("submissions.changes.cell"))),
                                    .th(.text(l.t("submissions.changes.old"))),
                                    .th(.text(l.t("submissions.changes.new"))),
                                    .th(.text(l.t("submissions.changes.whoWhen"))),
                                    .th(.text(l.t("submissions.changes.why")))
                                )
                            ),
                            .tbody(
                                .forEach(changes) { c in
                                    .tr(
                                        .td(.text(c.cell)),
                                        .td(.text(c.old.map { Fragments.dataValue($0, l) } ?? "—")),
                                        .td(.text(c.new.map { Fragments.dataValue($0, l) } ?? "—")),
                                        .td(.text("\(c.actor), "), Fragments.moment(c.at, l)),
                                        .td(.text(c.reason ?? ""))
                                    )
                                }
                            )
                        )
                    )
                ),
                .h2(.text(l.t("submissions.page.historyHeading"))),
                .ol(
                    .class("history"),
                    .forEach(transitions) { t in
                        .li(
                            Fragments.moment(t.at, l),
                            .text(
                                " \(t.actor): \(t.from.title.text(in: l)) → \(t.to.title.text(in: l))"
                                    + (t.comment.map { " — “\($0)”" } ?? "")
                            )
                        )
                    }
                )
            )
        )
    }

    private var grid: BodyNode {
        let l = language
        let id = cycle.id ?? 0
        let years = cycle.referenceYears.sorted()
        let table: Node<HTML.BodyContext> = .div(
            .class("table-scroll"),
            .table(
                .class("grid"),
                .thead(.tr(.th(.text(UIText.breakdown.text(l))), .forEach(years) { .th(.text(String($0))) })),
                .tbody(
                    .forEach(rows) { row in
                        .tr(
                            .th(.attribute(named: "scope", value: "row"), .text(row.label)),
                            .forEach(years) { year in
                                let key = CellKey(
                                    indicator: indicator.code,
                                    series: row.series,
                                    area: row.area,
                                    period: String(year),
                                    dimensions: row.dimensions
                                )
                                let current =
                                    typed[Self.fieldName(row, year)] ?? values[key].flatMap { $0 }.map(Fragments.formatNumber) ?? ""
                                let before = previous[key].map {
                                    l.t("submissions.grid.previous", ["value": .text(Fragments.dataValue($0, l))])
                                }
                                return .td(
                                    canEdit
                                        ? FormParts.input([
                                            ("type", "text"), ("inputmode", "decimal"), ("name", Self.fieldName(row, year)),
                                            ("value", current),
                                            ("aria-label", "\(row.label) \(year)"), ("size", "8"),
                                        ])
                                        : .text(current.isEmpty ? "—" : current),
                                    .unwrap(before) { .small(.class("previous"), .text($0)) }
                                )
                            }
                        )
                    }
                )
            )
        )
        guard canEdit else { return .group(.h2(.text(l.t("submissions.grid.dataHeading"))), table) }
        let target: SitePath.Page =
            areaScope == nil ? .submissionSave(id, institution, indicator.code) : .submissionAreaSave(id, institution, indicator.code)
        return .form(
            .method(.post),
            .action(SitePath(language: l, page: target).path),
            .class("grid-form"),
            FormParts.csrf(session.csrfToken),
            .unwrap(areaScope) { FormParts.input([("type", "hidden"), ("name", "area"), ("value", $0)]) },
            FormParts.input([("type", "hidden"), ("name", "version"), ("value", String(version))]),
            .h2(.text(l.t("submissions.grid.enterHeading"))),
            .component(Node<HTML.BodyContext>.group([table])),
            FormParts.field(l.t("submissions.warningsComment"), name: "comment"),
            FormParts.submit(l.t("submissions.grid.save"))
        )
    }

    private func issues(_ list: [TidyIssue], heading: String, cssClass: String) -> BodyNode {
        let l = language
        guard !list.isEmpty else { return .empty }
        return .section(
            .class(cssClass),
            .h2(.text(heading)),
            .table(
                .thead(
                    .tr(
                        .th(.text(l.t("submissions.issues.line"))),
                        .th(.text(l.t("submissions.issues.column"))),
                        .th(.text(UIText.value.text(l))),
                        .th(.text(l.t("submissions.issues.expected")))
                    )
                ),
                .tbody(
                    .forEach(list.prefix(200)) { i in
                        .tr(
                            .td(.text(i.line == 0 ? "—" : String(i.line))),
                            .td(.code(.text(i.column))),
                            .td(.text(i.value)),
                            .td(.text(i.expected.text(in: l)))
                        )
                    }
                )
            ),
            .if(list.count > 200, .p(.text("… \(Fragments.count(list.count - 200, l))")))
        )
    }
}
