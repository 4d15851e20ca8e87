import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/costing`: what the activity registry budgets for the SDGs, by goal and target per
/// year, one table per currency, with the double counting across targets shown and the rules
/// (Pasan's defaults) said.
public struct SDGCostingPage: Sendable {
    public var language: PasanDomain.Language
    public var costing: SDGCosting
    /// Goal number → its short title.
    public var goalTitles: [Int: LocalizedText]

    public init(language: PasanDomain.Language, costing: SDGCosting, goalTitles: [Int: LocalizedText]) {
        self.language = language
        self.costing = costing
        self.goalTitles = goalTitles
    }

    public func render() -> String {
        let l = language
        let title = l.t("costing.title")
        return Layout(title: title, description: l.t("costing.intro"), path: SitePath(language: l, page: .costing)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .p(.text(l.t("costing.intro"))),
                .p(.class("hint"), .text(l.t("costing.rules"))),
                .if(costing.hasIllustrative, .p(.class("notice"), .text(l.t("costing.illustrative")))),
                .if(costing.tables.isEmpty, .p(.text(l.t("costing.none")))),
                .forEach(costing.tables) { table in self.table(table) },
                .if(costing.withoutBudget > 0, .p(.text(l.t("costing.withoutBudget", count: costing.withoutBudget))))
            )
        )
    }

    private func table(_ t: SDGCosting.Table) -> Node<HTML.BodyContext> {
        let l = language
        let columns: [Int?] = t.years.map { Optional($0) } + (t.hasUndated ? [nil] : [])
        func cells(_ amounts: [Int?: Double]) -> Node<HTML.TableRowContext> {
            .group(
                .forEach(columns) { year in .td(.class("number"), .text(amounts[year].map { money($0) } ?? "")) },
                .td(.class("number"), .strong(.text(money(amounts.values.reduce(0, +)))))
            )
        }
        return .section(
            .h2(.text(l.t("costing.currency", ["currency": .text(t.currency)]))),
            .table(
                .class("costing"),
                .thead(
                    .tr(
                        .th(.text(l.t("costing.goalOrTarget"))),
                        .forEach(columns) { year in .th(.text(year.map(String.init) ?? l.t("costing.undated"))) },
                        .th(.text(l.t("costing.total")))
                    )
                ),
                .tbody(
                    .forEach(t.goals.keys.sorted()) { goal in
                        .group(
                            .tr(
                                .class("goal"),
                                .th(
                                    .attribute(named: "scope", value: "row"),
                                    .text("\(goal). "),
                                    .unwrap(goalTitles[goal]) { Fragments.localized($0, l) }
                                ),
                                cells(t.goals[goal] ?? [:])
                            ),
                            .forEach(t.targets.keys.filter { $0.hasPrefix("\(goal).") }.sorted(by: FrameworkCode.areInIncreasingOrder)) {
                                target in
                                .tr(
                                    .class("target"),
                                    .td(.text(l.t("costing.target", ["target": .text(target)]))),
                                    cells(t.targets[target] ?? [:])
                                )
                            }
                        )
                    }
                ),
                .tfoot(
                    .tr(.th(.text(l.t("costing.sumOfTargets"))), cells(t.sumOfTargets)),
                    .tr(.th(.text(l.t("costing.distinctTotal"))), cells(t.distinctTotal))
                )
            ),
            .p(
                .text(
                    l.t(
                        "costing.doubleCounting",
                        ["amount": .text(money(t.doubleCounted)), "currency": .text(t.currency), "multi": .number(t.multiTagged)],
                        count: t.activities
                    )
                )
            )
        )
    }

    private func money(_ amount: Double) -> String { TextFormat.decimal(amount, fractionDigits: 0, in: language) }
}
