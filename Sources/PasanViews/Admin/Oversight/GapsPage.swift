import Foundation
import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/admin/gaps`: the gap and conflict analysis.
public struct GapsPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var findings: [GapAnalysis.Finding]

    public init(language: PasanDomain.Language, session: PageSession, findings: [GapAnalysis.Finding]) {
        self.language = language; self.session = session; self.findings = findings
    }

    public static func kindTitle(_ kind: GapAnalysis.Kind, _ l: PasanDomain.Language) -> String {
        switch kind {
        case .noOwner: l.t("admin.gaps.kind.noOwner")
        case .noReporter: l.t("admin.gaps.kind.noReporter")
        case .duplicateOwners: l.t("admin.gaps.kind.duplicateOwners")
        case .noFocalPoint: l.t("admin.gaps.kind.noFocalPoint")
        case .vacantAlternate: l.t("admin.gaps.kind.vacantAlternate")
        case .calendarMismatch: l.t("admin.gaps.kind.calendarMismatch")
        case .planOwnerMismatch: l.t("admin.gaps.kind.planOwnerMismatch")
        case .noLegalBasis: l.t("legal.gaps.kind.noLegalBasis")
        case .unregisteredLegalBasis: l.t("legal.gaps.kind.unregisteredLegalBasis")
        case .expiredLegalBasis: l.t("legal.gaps.kind.expiredLegalBasis")
        }
    }

    /// How many findings of a kind the page lists; the rest are in the CSV.
    static let shown = 300

    public func render() -> String {
        let l = language
        let title = l.t("admin.gaps.title")
        let groups = GapAnalysis.Kind.allCases.map { kind in (kind, findings.filter { $0.kind == kind }) }
        return Layout(title: title, description: title, path: SitePath(language: l, page: .gaps)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .p(
                    .a(
                        .href(SitePath(language: l, page: .gapsCSV).path),
                        .text(l.t("admin.gaps.downloadCSV"))
                    ),
                    .text(" · "),
                    .a(
                        .href(SitePath(language: l, page: .gapsWorkbook).path),
                        .text(l.t("downloads.gaps.xlsx"))
                    )
                ),
                .ul(
                    .class("summary"),
                    .forEach(groups) { kind, items in
                        .li(
                            .a(
                                .href("#\(kind.rawValue)"),
                                .text("\(Self.kindTitle(kind, l)): \(Fragments.count(items.count, l))")
                            )
                        )
                    }
                ),
                .forEach(groups) { kind, items in section(kind, items) }
            )
        )
    }

    /// The findings of one kind, each linked to its indicator or institution.
    private func section(_ kind: GapAnalysis.Kind, _ items: [GapAnalysis.Finding]) -> Node<HTML.BodyContext> {
        let l = language
        return .section(
            .id(kind.rawValue),
            .h2(.text("\(Self.kindTitle(kind, l)) (\(Fragments.count(items.count, l)))")),
            .ul(
                .forEach(items.prefix(Self.shown)) { f in
                    .li(
                        .a(
                            .href(
                                f.subject.contains(".")
                                    ? SitePath.indicator(l, f.subject).path
                                    : SitePath(language: l, page: .focalPoints(f.subject)).path
                            ),
                            .text(f.subject)
                        ),
                        .text(" — " + f.detail.text(in: l))
                    )
                }
            ),
            .if(
                items.count > Self.shown,
                .p(.text(l.t("admin.gaps.moreInCSV", count: items.count - Self.shown)))
            )
        )
    }
}
