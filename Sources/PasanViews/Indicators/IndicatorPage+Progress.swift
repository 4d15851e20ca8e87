import PasanDomain
import PasanMessages
import Plot

/// The progress status of the indicator, with how it was computed.
extension IndicatorPage {
    /// The progress status and score, with how they were computed, in plain words.
    var progressBox: BodyNode {
        let l = language
        guard let progress else {
            return .p(
                .class("progress none"),
                .text(l.t("indicators.progress.notAssessed") + " "),
                .a(
                    .href(SitePath(language: l, page: .progressConfig(indicator.code)).path),
                    .text(l.t("indicators.progress.configure"))
                )
            )
        }
        return .section(
            .class("progress \(progress.status.rawValue)"),
            .h3(.text(l.t("indicators.progress.heading", ["status": .text(progress.status.title.text(in: l))]))),
            .unwrap(progress.score) {
                .p(.text(l.t("indicators.progress.score", ["score": .text(TextFormat.decimal($0, fractionDigits: 2, in: l))])))
            },
            .if(
                progress.overridden,
                .p(.text(l.t("indicators.progress.setByHand", ["justification": .text(progress.justification ?? "")])))
            ),
            .ul(
                .forEach(progress.series) { s in
                    .li(.text(Self.explanation(s, l)))
                }
            ),
            .p(
                .a(
                    .href(SitePath(language: l, page: .methodology).path),
                    .text(l.t("indicators.progress.howComputed"))
                ),
                .text(" · "),
                .a(
                    .href(SitePath(language: l, page: .progressConfig(indicator.code)).path),
                    .text(l.t("indicators.progress.changeMeasure"))
                )
            )
        )
    }

    static func explanation(_ s: ProgressResult.SeriesProgress, _ l: Lang) -> String {
        let c = s.configuration, r = s.result
        let direction = c.direction == 1 ? l.t("indicators.progress.direction.increase") : l.t("indicators.progress.direction.decrease")
        guard let t0 = r.baseYear, let t = r.currentYear else {
            return l.t("indicators.progress.notEnoughData", ["series": .text(c.series)])
        }
        let v = r.progressValue.map { TextFormat.decimal($0, fractionDigits: 3, in: l) } ?? "—"
        // Years are shown as written ("2015"), not as grouped numbers.
        var arguments: [String: MessageArgument] = [
            "series": .text(c.series), "from": .text(String(t0)), "to": .text(String(t)), "direction": .text(direction), "ratio": .text(v),
        ]
        if let target = c.target {
            arguments["target"] = .text(Fragments.dataValue(target, l))
            arguments["year"] = .text(String(c.targetYear))
            return l.t("indicators.progress.explanation.target", arguments)
        }
        return l.t("indicators.progress.explanation.noTarget", arguments)
    }
}
