import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/admin/outbox`: e-mail waiting or sent.
public struct OutboxPage: Sendable {
    public struct Row: Sendable {
        public var recipient: String, subject: String, createdAt: String, sentAt: String?, attempts: Int, lastError: String?
        public init(recipient: String, subject: String, createdAt: String, sentAt: String?, attempts: Int, lastError: String?) {
            self.recipient = recipient; self.subject = subject; self.createdAt = createdAt; self.sentAt = sentAt; self.attempts = attempts;
            self.lastError = lastError
        }
    }

    public var language: PasanDomain.Language
    public var rows: [Row]

    public init(language: PasanDomain.Language, rows: [Row]) {
        self.language = language; self.rows = rows
    }

    public func render() -> String {
        let l = language
        let title = l.t("admin.outbox.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .outbox)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .table(
                    .thead(
                        .tr(
                            .th(.text(l.t("admin.outbox.to"))),
                            .th(.text(l.t("admin.outbox.subject"))),
                            .th(.text(l.t("admin.outbox.queued"))),
                            .th(.text(l.t("admin.outbox.sent"))),
                            .th(.text(l.t("admin.outbox.attempts"))),
                            .th(.text(l.t("admin.outbox.lastError")))
                        )
                    ),
                    .tbody(
                        .forEach(rows) { r in
                            .tr(
                                .td(.text(r.recipient)),
                                .td(.text(r.subject)),
                                .td(Fragments.moment(r.createdAt, l)),
                                .td(r.sentAt.map { Fragments.moment($0, l) } ?? .text("—")),
                                .td(.class("num"), .text(Fragments.count(r.attempts, l))),
                                .td(.text(r.lastError ?? ""))
                            )
                        }
                    )
                )
            )
        )
    }
}
