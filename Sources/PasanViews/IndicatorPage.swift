import PasanDomain
import Plot

/// `/{lang}/indicators/{code}`: titles, tier, custodians, national relation, metadata fields,
/// series, linked plan indicators, and the published data when there is any.
public struct IndicatorPage: Sendable {
    public var language: PasanDomain.Language
    public var indicator: Indicator
    public var goal: Goal
    public var target: Target?
    public var series: [Series]
    public var relatedGlobal: Indicator?
    public var nationalVariants: [Indicator]
    public var planLinks: [(PlanIndicator, PlanIndicatorLink)]
    public var observations: [Observation]

    public init(catalog: FrameworkCatalog, indicator: Indicator, goal: Goal, observations: [Observation], language: PasanDomain.Language) {
        self.language = language
        self.indicator = indicator
        self.goal = goal
        self.target = catalog.target(indicator.target)
        self.series = catalog.series(ofIndicator: indicator.code)
        self.relatedGlobal = indicator.relatedGlobalCode.flatMap(catalog.indicator)
        self.nationalVariants = catalog.indicators.filter { $0.relatedGlobalCode == indicator.code }
        self.planLinks = catalog.planLinks(toIndicator: indicator.code)
        self.observations = observations
    }

    public func render() -> String {
        let l = language
        let layout = Layout(title: "\(indicator.code) \(indicator.title.text(in: l))", description: indicator.title.text(in: l), path: .indicator(l, indicator.code))
        return layout.render(.div(.class("wrap"),
            Fragments.breadcrumbs([
                (UIText.goals.text(l), SitePath.home(l).path),
                ("\(UIText.goal.text(l)) \(goal.number)", SitePath.goal(l, goal.number).path),
                ("\(UIText.indicator.text(l)) \(indicator.code)", nil),
            ], l),
            .header(.class("indicator-header"),
                Fragments.goalBadge(goal, l),
                .h1(.span(.class("code"), .text(indicator.code)), .text(" "), Fragments.localized(indicator.title, l)),
                .if(l == .lo, .p(.class("other-language"), .attribute(named: "lang", value: "en"), .text(indicator.title.en)))
            ),
            facts,
            dataSection,
            seriesSection,
            metadataSection,
            planSection
        ))
    }

    private var facts: BodyNode {
        let l = language
        return .section(.class("facts"),
            .dl(
                .dt(.text(UIText.target.text(l))),
                .dd(.a(.href(SitePath.goal(l, goal.number).path + "#target-\(indicator.target)"), .text(indicator.target)), .text(" "),
                    .unwrap(target?.title, { Fragments.localized($0, l) }, else: .em(.text(UIText.targetTextNotFound.text(l))))),
                .dt(.text(UIText.scope.text(l))),
                .dd(.text(indicator.scope == .global ? UIText.globalScope.text(l) : UIText.nationalScope.text(l)),
                    .if(indicator.isRetired, .text(" — \(UIText.retired.text(l))"))),
                .dt(.text(UIText.nationalRelation.text(l))),
                .dd(.text(UIText.relation(indicator.nationalRelation).text(l)),
                    .unwrap(indicator.relationBasis) { .small(.class("basis"), .text(" (\($0))")) }),
                .unwrap(relatedGlobal) { related in
                    .group(.dt(.text(UIText.relatedGlobal.text(l))),
                           .dd(.a(.href(SitePath.indicator(l, related.code).path), .text("\(related.code) "), Fragments.localized(related.title, l))))
                },
                .if(!nationalVariants.isEmpty, .group(
                    .dt(.text(UIText.nationalScope.text(l))),
                    .dd(.forEach(nationalVariants) { v in .group(.a(.href(SitePath.indicator(l, v.code).path), .text(v.code)), .text(" ")) }))),
                .dt(.text(UIText.tier.text(l))),
                .dd(.text(Fragments.tierText(indicator.tier))),
                .dt(.text(UIText.custodians.text(l))),
                .dd(.text(indicator.custodians.isEmpty ? "—" : indicator.custodians.joined(separator: ", "))),
                .dt(.text(UIText.partners.text(l))),
                .dd(.text(indicator.partners.isEmpty ? "—" : indicator.partners.joined(separator: ", "))),
                .unwrap(indicator.unCode) { .group(.dt(.text(UIText.unCode.text(l))), .dd(.code(.text($0)))) }
            )
        )
    }

    private var seriesSection: BodyNode {
        let l = language
        guard !series.isEmpty else { return .empty }
        return .section(.class("series"),
            .h2(.text(UIText.series.text(l))),
            .table(
                .thead(.tr(.th(.text(UIText.code.text(l))), .th(.text(UIText.name.text(l))), .th(.text(UIText.unit.text(l))))),
                .tbody(.forEach(series) { s in
                    .tr(.td(.code(.text(s.code))), .td(Fragments.localized(s.name, l)), .td(.text(s.unit ?? "—")))
                })
            )
        )
    }

    /// The published values, one table per series and unit: breakdowns in rows, years in columns.
    private var dataSection: BodyNode {
        let l = language
        guard !observations.isEmpty else { return .empty }
        let groups = Dictionary(grouping: observations) { "\($0.series)|\($0.unit)" }.sorted { $0.key < $1.key }
        return .section(.class("data"),
            .h2(.text(UIText.publishedData.text(l))),
            .forEach(groups) { group in
                let rows = group.value
                let periods = Array(Set(rows.map(\.period))).sorted()
                let breakdowns = Array(Set(rows.map(\.dimensionKey))).sorted()
                let values = Dictionary(rows.map { ("\($0.dimensionKey)|\($0.period)", $0) }, uniquingKeysWith: { a, _ in a })
                let name = series.first { $0.code == rows[0].series }?.name.text(in: l) ?? rows[0].series
                return .div(.class("table-scroll"), .table(.class("data-table"),
                    .caption(.text("\(name) (\(rows[0].unit))")),
                    .thead(.tr(.th(.attribute(named: "scope", value: "col"), .text(UIText.breakdown.text(l))),
                               .forEach(periods) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
                    .tbody(.forEach(breakdowns) { key in
                        .tr(.th(.attribute(named: "scope", value: "row"), .text(Self.breakdownLabel(key, l))),
                            .forEach(periods) { period in
                                .td(.class("num"), .text(values["\(key)|\(period)"].map { Fragments.formatNumber($0.value) } ?? "—"))
                            })
                    })
                ))
            },
            .unwrap(observations.compactMap(\.source).first) { .p(.class("source"), .text("\(UIText.source.text(l)): \($0)")) }
        )
    }

    static func breakdownLabel(_ key: String, _ l: Lang) -> String {
        if key.isEmpty { return UIText.total.text(l) }
        let dims = Observation.dimensions(fromKey: key)
        return dims.sorted { $0.key < $1.key }.map { dim, code in
            switch (dim, code) {
            case ("SEX", "F"): l == .lo ? "ເພດຍິງ" : "Female"
            case ("SEX", "M"): l == .lo ? "ເພດຊາຍ" : "Male"
            case ("SEX", "B"): l == .lo ? "ເດັກຊາຍ" : "Boys"
            case ("SEX", "G"): l == .lo ? "ເດັກຍິງ" : "Girls"
            default: "\(dim)=\(code)"
            }
        }.joined(separator: ", ")
    }

    /// The SDMX metadata concepts of Open SDG's national metadata, with what Pasan knows so far.
    private var metadataSection: BodyNode {
        let l = language
        let fields: [(String, String, String, String?)] = [
            ("SDG_GOAL", "Goal", "ເປົ້າໝາຍ", "\(goal.number). \(goal.title.text(in: l))"),
            ("SDG_TARGET", "Target", "ຄາດໝາຍ", target?.title.map { "\(indicator.target) \($0.text(in: l))" }),
            ("SDG_INDICATOR", "Indicator", "ຕົວຊີ້ວັດ", "\(indicator.code) \(indicator.title.text(in: l))"),
            ("SDG_SERIES_DESCR", "Series", "ຊຸດຂໍ້ມູນ", series.isEmpty ? nil : series.map { "\($0.code): \($0.name.text(in: l))" }.joined(separator: "; ")),
            ("UNIT_MEASURE", "Unit of measure", "ຫົວໜ່ວຍວັດແທກ", Array(Set(series.compactMap(\.unit))).sorted().joined(separator: ", ").nonEmpty),
            ("COMPILING_ORG", "Compiling organisation", "ອົງການສັງລວມ", indicator.custodians.joined(separator: ", ").nonEmpty),
            ("STAT_CONC_DEF", "Definition and concepts", "ນິຍາມ ແລະ ແນວຄວາມຄິດ", nil),
            ("SOURCE_TYPE", "Data source type", "ປະເພດແຫຼ່ງຂໍ້ມູນ", nil),
            ("FREQ_COLL", "Frequency of data collection", "ຄວາມຖີ່ຂອງການເກັບກຳຂໍ້ມູນ", nil),
            ("REL_CAL_POLICY", "Release calendar", "ປະຕິທິນການເຜີຍແຜ່", nil),
            ("INST_MANDATE", "Institutional mandate", "ໜ້າທີ່ຂອງອົງການ", nil),
        ]
        return .section(.class("metadata"),
            .h2(.text(UIText.metadata.text(l))),
            .dl(.forEach(fields) { field in
                .group(.dt(.text(l == .lo ? field.2 : field.1), .small(.class("concept"), .text(" \(field.0)"))),
                       .dd(.unwrap(field.3, { .text($0) }, else: .span(.class("missing"), .text(UIText.notYetProvided.text(l))))))
            })
        )
    }

    private var planSection: BodyNode {
        let l = language
        guard !planLinks.isEmpty else { return .empty }
        return .section(.class("plan-links"),
            .h2(.text(UIText.planLinks.text(l))),
            .ul(.forEach(planLinks) { pair in
                .li(.span(.class("code"), .text(pair.0.code)), .text(" "), Fragments.localized(pair.0.title, l),
                    .text(" — \(UIText.relation(pair.1.relation).text(l))"))
            })
        )
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
