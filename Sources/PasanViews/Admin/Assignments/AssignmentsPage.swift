import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/admin/assignments`: who owns and reports each indicator; import and export as CSV or
/// Excel (XLSX).
public struct AssignmentsPage: Sendable {
    /// What the import's file field offers to choose: CSV files and Excel workbooks.
    static let acceptedFiles = ".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    public struct ImportProblem: Sendable {
        public var line: Int
        public var column: String
        public var value: String
        public var expected: String
        public init(line: Int, column: String, value: String, expected: String) {
            self.line = line; self.column = column; self.value = value; self.expected = expected
        }
    }

    public var language: PasanDomain.Language
    public var session: PageSession
    public var assignments: [Assignment]
    public var importProblems: [ImportProblem]
    public var importFile: String?

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        assignments: [Assignment],
        importProblems: [ImportProblem] = [],
        importFile: String? = nil
    ) {
        self.language = language; self.session = session; self.assignments = assignments; self.importProblems = importProblems;
        self.importFile = importFile
    }

    private func row(_ a: Assignment) -> Node<HTML.TableContext> {
        let l = language
        let scope = [a.series, a.disaggregation, a.geographicLevel?.rawValue].compactMap { $0 }.joined(separator: ", ")
        let source = [a.sourceKind?.title.text(in: l), a.sourceName].compactMap { $0 }.joined(separator: ": ")
        let validity: [Node<HTML.BodyContext>] = [
            a.validFrom.map { Fragments.date($0, l) } ?? .text("…"), .text(" – "), a.validTo.map { Fragments.date($0, l) } ?? .text("…"),
        ]
        let edit: Node<HTML.BodyContext> =
            a.id.map { .a(.href(SitePath(language: l, page: .assignment($0)).path), .text(l.t("admin.assignments.edit"))) } ?? .empty
        return .tr(
            .td(.a(.href(SitePath.indicator(l, a.indicator).path), .text(a.indicator))),
            .td(.text(scope)),
            .td(.text(a.owners.joined(separator: ", "))),
            .td(.text(a.reporter ?? "—")),
            .td(.text(source)),
            .td(.text(a.collectionDue?.message.text(in: l) ?? "—")),
            .td(.group(validity)),
            .td(edit)
        )
    }

    public func render() -> String {
        let l = language
        let title = l.t("admin.assignments.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .assignments)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .if(!importProblems.isEmpty, importProblemsSection()),
                .div(
                    .class("actions"),
                    .a(
                        .class("button"),
                        .href(SitePath(language: l, page: .assignmentNew).path),
                        .text(l.t("admin.assignments.new"))
                    ),
                    .a(
                        .class("button"),
                        .href(SitePath(language: l, page: .assignmentsExport).path),
                        .text(l.t("admin.assignments.exportCSV"))
                    ),
                    .a(
                        .class("button"),
                        .href(SitePath(language: l, page: .assignmentsExportWorkbook).path),
                        .text(l.t("downloads.assignments.exportXLSX"))
                    )
                ),
                importForm(),
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(UIText.indicator.text(l))),
                                .th(.text(l.t("admin.assignments.scope"))),
                                .th(.text(l.t("admin.assignments.owners"))),
                                .th(.text(l.t("admin.assignments.reporter"))),
                                .th(.text(l.t("admin.assignments.source"))),
                                .th(.text(l.t("admin.assignments.collectionDue"))),
                                .th(.text(l.t("admin.assignments.valid"))),
                                .th()
                            )
                        ),
                        .tbody(.forEach(assignments) { row($0) })
                    )
                )
            )
        )
    }

    /// The rows of a refused import, each with the column, the value found and what was expected.
    private func importProblemsSection() -> Node<HTML.BodyContext> {
        let l = language
        return .section(
            .class("import-problems"),
            .h2(.text(l.t("admin.assignments.import.nothingImported"))),
            .unwrap(importFile) { .p(.text(l.t("admin.assignments.import.file", ["file": .text($0)]))) },
            .table(
                .thead(
                    .tr(
                        .th(.text(l.t("admin.assignments.import.line"))),
                        .th(.text(l.t("admin.assignments.import.column"))),
                        .th(.text(UIText.value.text(l))),
                        .th(.text(l.t("admin.assignments.import.expected")))
                    )
                ),
                .tbody(
                    .forEach(importProblems) { p in
                        .tr(
                            .td(.text(p.line == 0 ? "—" : String(p.line))),
                            .td(.code(.text(p.column))),
                            .td(.text(p.value)),
                            .td(.text(p.expected))
                        )
                    }
                )
            )
        )
    }

    private func importForm() -> Node<HTML.BodyContext> {
        let l = language
        return .form(
            .method(.post),
            .action(SitePath(language: l, page: .assignmentsImport).path),
            .enctype(.multipartData),
            .class("stack"),
            FormParts.csrf(session.csrfToken),
            .label(
                .for("f-file"),
                .text(l.t("admin.assignments.import.label", ["columns": .text(AssignmentImport.columns.joined(separator: ", "))]))
            ),
            FormParts.input([
                ("type", "file"), ("name", "file"), ("id", "f-file"), ("accept", Self.acceptedFiles), ("required", "required"),
                ("aria-describedby", "f-file-formats"),
            ]),
            .p(.id("f-file-formats"), .class("hint"), .text(l.t("downloads.assignments.importFormats"))),
            FormParts.submit(l.t("admin.assignments.import.submit"))
        )
    }
}
