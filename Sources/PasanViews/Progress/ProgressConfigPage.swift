import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/indicators/{code}/progress`: how the indicator's progress is measured — the series
/// that counts, direction, base and target years, target value, natural limit, and a manual
/// override with its justification. For the Secretariat and LSB.
public struct ProgressConfigPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var indicator: Indicator
    public var series: [String]
    public var current: ProgressConfiguration?
    public var fields: [String: String]

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        indicator: Indicator,
        series: [String],
        current: ProgressConfiguration?,
        fields: [String: String] = [:]
    ) {
        self.language = language; self.session = session; self.indicator = indicator; self.series = series; self.current = current;
        self.fields = fields
    }

    public func render() -> String {
        let l = language
        let title = l.t("progress.config.title", ["indicator": .text(indicator.code)])
        let c = current
        func value(_ name: String, _ fallback: String) -> String { fields[name] ?? fallback }
        return Layout(title: title, description: title, path: SitePath(language: l, page: .progressConfig(indicator.code))).render(
            .div(
                .class("wrap narrow"),
                .h1(.text(title)),
                .p(Fragments.localized(indicator.title, l)),
                FormParts.messages(session.notices, errors: session.errors),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: .progressConfig(indicator.code)).path),
                    .class("stack"),
                    FormParts.csrf(session.csrfToken),
                    FormParts.select(
                        UIText.series.text(l),
                        name: "series",
                        options: series.map { ($0, $0) },
                        selected: value("series", c?.series ?? "")
                    ),
                    FormParts.select(
                        l.t("progress.config.direction"),
                        name: "direction",
                        options: [("1", l.t("progress.config.increase")), ("-1", l.t("progress.config.decrease"))],
                        selected: value("direction", c.map { String($0.direction) } ?? "")
                    ),
                    FormParts.field(
                        l.t("progress.config.baseYear"),
                        name: "base_year",
                        value: value("base_year", String(c?.baseYear ?? 2015)),
                        required: true
                    ),
                    FormParts.field(
                        l.t("progress.config.targetYear"),
                        name: "target_year",
                        value: value("target_year", String(c?.targetYear ?? 2030)),
                        required: true
                    ),
                    FormParts.field(
                        l.t("progress.config.target"),
                        name: "target",
                        value: value("target", c?.target.map(Fragments.formatNumber) ?? "")
                    ),
                    FormParts.field(
                        l.t("progress.config.limit"),
                        name: "limit",
                        value: value("limit", c?.limit.map(Fragments.formatNumber) ?? "")
                    ),
                    FormParts.select(
                        l.t("progress.config.override"),
                        name: "override",
                        options: [("", l.t("progress.config.noOverride"))]
                            + ProgressStatus.allCases.map { ($0.rawValue, $0.title.text(in: l)) },
                        selected: value("override", c?.overrideStatus?.rawValue ?? "")
                    ),
                    FormParts.field(
                        l.t("progress.config.justification"),
                        name: "justification",
                        value: value("justification", c?.overrideJustification ?? "")
                    ),
                    FormParts.field(l.t("progress.config.note"), name: "note", value: value("note", c?.note ?? "")),
                    FormParts.submit(l.t("progress.config.save"))
                )
            )
        )
    }
}
