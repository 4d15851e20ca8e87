import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/admin/audit`: the append-only record of changes.
public struct AuditPage: Sendable {
    public struct Row: Sendable {
        public var at: String, actor: String, action: String, entity: String, entityID: String, before: String?, after: String?
        public init(at: String, actor: String, action: String, entity: String, entityID: String, before: String?, after: String?) {
            self.at = at; self.actor = actor; self.action = action; self.entity = entity; self.entityID = entityID; self.before = before;
            self.after = after
        }
    }

    public var language: PasanDomain.Language
    public var rows: [Row]
    public var total: Int

    public init(language: PasanDomain.Language, rows: [Row], total: Int) {
        self.language = language; self.rows = rows; self.total = total
    }

    public func render() -> String {
        let l = language
        let title = l.t("admin.audit.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .audit)).render(
            .div(
                .class("wrap"),
                .h1(.text("\(title) (\(Fragments.count(total, l)))")),
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(l.t("admin.audit.when"))),
                                .th(.text(l.t("admin.audit.who"))),
                                .th(.text(l.t("admin.audit.what"))),
                                .th(.text(l.t("admin.audit.before"))),
                                .th(.text(l.t("admin.audit.after")))
                            )
                        ),
                        .tbody(
                            .forEach(rows) { r in
                                .tr(
                                    .td(Fragments.moment(r.at, l)),
                                    .td(.text(r.actor)),
                                    .td(.text("\(r.action) \(r.entity) \(r.entityID)")),
                                    .td(
                                        .code(.class("json"), .text(r.before ?? ""))
                                    ),
                                    .td(
                                        .code(.class("json"), .text(r.after ?? ""))
                                    )
                                )
                            }
                        )
                    )
                )
            )
        )
    }
}
