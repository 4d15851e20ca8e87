import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/methodology`: how progress is computed, in both languages, with the parts of the
/// ESCAP method that are not confirmed marked as such.
public struct MethodologyPage: Sendable {
    public var language: PasanDomain.Language

    public init(language: PasanDomain.Language) {
        self.language = language
    }

    public func render() -> String {
        let l = language
        let title = l.t("portal.methodology.title")
        let statuses = ProgressStatus.allCases
        return Layout(title: title, description: title, path: SitePath(language: l, page: .methodology)).render(
            .article(
                .class("wrap narrow-text"),
                .h1(.text(title)),
                .h2(.text(l.t("portal.methodology.openSDG.heading"))),
                .p(
                    .text(
                        l.t("portal.methodology.openSDG.method")
                    )
                ),
                .p(
                    .text(
                        l.t("portal.methodology.openSDG.score")
                    )
                ),
                .table(
                    .thead(.tr(.th(.text(UIText.status.text(l))), .th(.text(l.t("portal.methodology.score"))))),
                    .tbody(
                        .forEach(statuses) { s in
                            .tr(.td(.text(s.title.text(in: l))), .td(.text(Self.band(s))))
                        }
                    )
                ),
                .p(
                    .text(
                        l.t("portal.methodology.openSDG.edgeCases")
                    )
                ),
                .h2(.text(l.t("portal.methodology.sdsn.heading"))),
                .p(
                    .text(
                        l.t("portal.methodology.sdsn.method")
                    )
                ),
                .h2(.text(l.t("portal.methodology.escap.heading"))),
                .p(
                    .class("notice"),
                    .text(
                        l.t("portal.methodology.escap.unconfirmed")
                    )
                ),
                .p(.text("CSI = d · (xt − x0) / |x* − x0| (≤ 1); P = d · (x̂2030 − x0) / |x* − x0|, x̂2030 = xt · (1 + CAGR)^(2030 − t).")),
                .p(.text(l.t("portal.methodology.stored")))
            )
        )
    }

    static func band(_ status: ProgressStatus) -> String {
        switch status {
        case .targetAchieved: "5"
        case .substantialProgress: "2.5 … 5"
        case .moderateProgress: "0 … 2.5"
        case .limitedProgress: "−2.5 … 0"
        case .deterioration: "−5 … −2.5"
        case .notAvailable: "—"
        }
    }
}
