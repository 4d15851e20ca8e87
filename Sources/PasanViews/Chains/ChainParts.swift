import PasanDomain
import PasanMessages
import Plot

/// Pieces shared by the chain pages.
enum ChainParts {
    static func levelName(_ level: AreaLevel?, _ l: Lang) -> String {
        switch level {
        case .village: l.t("chains.level.village")
        case .district: l.t("chains.level.district")
        case .province: l.t("chains.level.province")
        case .country, nil: l.t("chains.level.centre")
        }
    }

    static func stateName(_ state: ChainSubmissionState?, _ l: Lang) -> String {
        switch state {
        case nil: l.t("chains.state.none")
        case .draft: l.t("chains.state.draft")
        case .submitted: l.t("chains.state.submitted")
        case .returned: l.t("chains.state.returned")
        case .accepted: l.t("chains.state.accepted")
        }
    }

    static func stateBadge(_ state: ChainSubmissionState?, late: Bool, _ l: Lang) -> BodyNode {
        .group(
            .span(.class("chain-state chain-\(state?.rawValue ?? "none")"), .text(stateName(state, l))),
            .if(late, .group(.text(" "), .span(.class("chain-state chain-late"), .text(l.t("chains.state.late")))))
        )
    }

    static func value(_ value: Double?, _ l: Lang) -> String {
        guard let value else { return "—" }
        if value == value.rounded(), abs(value) < 1e15 { return TextFormat.grouped(Int(value), in: l) }
        return TextFormat.decimal(value, fractionDigits: 1, in: l)
    }

    static func aggregationName(_ aggregation: ChainAggregation, _ l: Lang) -> String {
        switch aggregation {
        case .sum: l.t("chains.aggregation.sum")
        case .max: l.t("chains.aggregation.max")
        case .weightedAverage(let denominator): l.t("chains.aggregation.weighted", ["field": .text(denominator)])
        }
    }

    static func illustrative(_ l: Lang) -> BodyNode {
        .p(.class("notice chain-illustrative"), .text(l.t("chains.illustrative")))
    }

    static func th(_ text: String, numeric: Bool = false) -> Node<HTML.TableRowContext> {
        .th(.attribute(named: "scope", value: "col"), .class(numeric ? "num" : ""), .text(text))
    }

    /// A table of one unit's values (one row per field, one column per form would be too wide on a
    /// phone: one small table per form).
    static func valuesTables(_ chain: ReportingChain, _ values: ChainUnitValues, _ l: Lang) -> BodyNode {
        .forEach(chain.forms) { form in
            .div(
                .class("table-scroll"),
                .table(
                    .class("chain-values"),
                    .caption(.text(form.title.text(in: l) + " (" + form.code + ")")),
                    .tbody(
                        .forEach(form.fields) { field in
                            .tr(
                                .th(
                                    .attribute(named: "scope", value: "row"),
                                    Fragments.localized(field.title, l),
                                    .text(" "),
                                    .small(.class("code"), .text(field.code))
                                ),
                                .td(.class("num"), .text(value(values[form.code]?[field.code], l)))
                            )
                        }
                    )
                )
            )
        }
    }

    static func deadline(_ level: ChainLevel?, _ l: Lang) -> String {
        guard let level else { return "—" }
        return TextFormat.date(level.deadline, in: l)
    }
}
