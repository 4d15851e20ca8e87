import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/admin/imports`: the import batches, newest first — where each came from, who brought
/// it and when, what it holds and what was decided — with the way to a new import.
public struct ImportsPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    /// Newest first.
    public var batches: [ImportBatch]

    public init(language: PasanDomain.Language, session: PageSession, batches: [ImportBatch]) {
        self.language = language
        self.session = session
        self.batches = batches
    }

    public func render() -> String {
        let l = language
        let title = l.t("imports_web.list.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .imports)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .p(.class("lead"), .text(l.t("imports_web.list.intro"))),
                .div(
                    .class("actions"),
                    .a(.class("button"), .href(SitePath(language: l, page: .importNew).path), .text(l.t("imports_web.list.new")))
                ),
                batches.isEmpty ? .p(.text(l.t("imports_web.list.none"))) : table
            )
        )
    }

    private var table: BodyNode {
        let l = language
        return .div(
            .class("table-scroll"),
            .table(
                .thead(
                    .tr(
                        .th(.text(l.t("imports_web.column.batch"))),
                        .th(.text(l.t("imports_web.column.source"))),
                        .th(.text(l.t("imports_web.column.file"))),
                        .th(.text(l.t("imports_web.column.by"))),
                        .th(.text(l.t("imports_web.column.when"))),
                        .th(.text(l.t("imports_web.column.state"))),
                        .th(.text(l.t("imports_web.column.holds")))
                    )
                ),
                .tbody(
                    .forEach(batches) { batch in
                        .tr(
                            .td(
                                .a(
                                    .href(SitePath(language: l, page: .importBatch(batch.id)).path),
                                    .text(l.t("imports_web.batch.number", ["id": .text(String(batch.id))]))
                                ),
                                .br(),
                                .text(batch.name)
                            ),
                            .td(.text(batch.source.title.text(in: l))),
                            .td(.code(.text(batch.fileName))),
                            .td(.text(batch.createdBy)),
                            .td(Fragments.moment(batch.createdAt, l)),
                            .td(ImportBatchPage.stateChip(batch, l)),
                            .td(.text(Self.counts(batch, l)))
                        )
                    }
                )
            )
        )
    }

    /// What a batch holds and, once published, what its publication did.
    static func counts(_ batch: ImportBatch, _ l: PasanDomain.Language) -> String {
        let c = batch.counts
        let held = l.t(
            "imports_web.list.holds",
            ["values": .text(Fragments.count(c.values, l)), "refused": .text(Fragments.count(c.refused, l))]
        )
        guard batch.state == .published, let added = c.added, let changed = c.changed, let conflicts = c.conflicts else { return held }
        let done = l.t(
            "imports_web.list.publishedCounts",
            [
                "added": .text(Fragments.count(added, l)), "changed": .text(Fragments.count(changed, l)),
                "conflicts": .text(Fragments.count(conflicts, l)),
            ]
        )
        return "\(held); \(done)"
    }
}
