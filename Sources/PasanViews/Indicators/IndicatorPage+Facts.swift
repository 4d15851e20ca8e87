import PasanDomain
import PasanMessages
import Plot

/// The indicator's facts (target, framework, national use, owners, tier, agencies), its series
/// and the national plan indicators linked to it.
extension IndicatorPage {
    var facts: BodyNode {
        let l = language
        return .section(
            .class("facts"),
            .dl(
                .dt(.text(UIText.target.text(l))),
                .dd(
                    .a(.href(SitePath.goal(l, goal.number).path + "#target-\(indicator.target)"), .text(indicator.target)),
                    .text(" "),
                    .unwrap(target?.title, { Fragments.localized($0, l) }, else: .em(.text(UIText.targetTextNotFound.text(l))))
                ),
                .dt(.text(UIText.scope.text(l))),
                .dd(
                    .text(indicator.scope == .global ? UIText.globalScope.text(l) : UIText.nationalScope.text(l)),
                    .if(indicator.isRetired, .text(" — \(UIText.retired.text(l))"))
                ),
                .dt(.text(UIText.nationalRelation.text(l))),
                .dd(
                    .text(UIText.relation(indicator.nationalRelation).text(l)),
                    .unwrap(indicator.relationBasis) { .small(.class("basis"), .text(" (\($0))")) }
                ),
                .unwrap(relatedGlobal) { related in
                    .group(
                        .dt(.text(UIText.relatedGlobal.text(l))),
                        .dd(
                            .a(
                                .href(SitePath.indicator(l, related.code).path),
                                .text("\(related.code) "),
                                Fragments.localized(related.title, l)
                            )
                        )
                    )
                },
                .if(
                    !nationalVariants.isEmpty,
                    .group(
                        .dt(.text(UIText.nationalScope.text(l))),
                        .dd(
                            .forEach(nationalVariants) { v in
                                .group(
                                    .a(.href(SitePath.indicator(l, v.code).path), .text(v.code)),
                                    .text(" ")
                                )
                            }
                        )
                    )
                ),
                .if(
                    !owners.isEmpty,
                    .group(
                        .dt(.text(l.t("indicators.facts.owner"))),
                        .dd(
                            .forEach(owners.sortedByName(in: l) { $0.name.text(in: l) }) { o in
                                .group(
                                    .a(.href(SitePath(language: l, page: .handbook(o.code)).path), .text(o.name.text(in: l))),
                                    .text(" ")
                                )
                            }
                        )
                    )
                ),
                .if(
                    !reporters.isEmpty,
                    .group(
                        .dt(.text(l.t("indicators.facts.reporter"))),
                        .dd(
                            .forEach(reporters.sortedByName(in: l) { $0.name.text(in: l) }) { o in
                                .group(
                                    .a(.href(SitePath(language: l, page: .handbook(o.code)).path), .text(o.name.text(in: l))),
                                    .text(" ")
                                )
                            }
                        )
                    )
                ),
                .dt(.text(UIText.tier.text(l))),
                .dd(.text(Fragments.tierText(indicator.tier))),
                .dt(.text(UIText.custodians.text(l))),
                .dd(.text(indicator.custodians.isEmpty ? "—" : indicator.custodians.joined(separator: ", "))),
                .dt(.text(UIText.partners.text(l))),
                .dd(.text(indicator.partners.isEmpty ? "—" : indicator.partners.joined(separator: ", "))),
                .unwrap(indicator.unCode) { code in
                    .group(
                        .dt(.text(UIText.unCode.text(l))),
                        .dd(.code(.text(code)))
                    )
                }
            )
        )
    }

    var seriesSection: BodyNode {
        let l = language
        guard !series.isEmpty else { return .empty }
        return .section(
            .class("series"),
            .h2(.text(UIText.series.text(l))),
            .table(
                .thead(
                    .tr(
                        .th(.text(UIText.code.text(l))),
                        .th(.text(UIText.name.text(l))),
                        .th(.text(UIText.unit.text(l)))
                    )
                ),
                .tbody(
                    .forEach(series) { s in
                        .tr(
                            .td(.code(.text(s.code))),
                            .td(Fragments.localized(s.name, l)),
                            .td(.text(s.unit ?? "—"))
                        )
                    }
                )
            )
        )
    }

    var planSection: BodyNode {
        let l = language
        guard !planLinks.isEmpty else { return .empty }
        return .section(
            .class("plan-links"),
            .h2(.text(UIText.planLinks.text(l))),
            .ul(
                .forEach(planLinks) { pair in
                    .li(
                        .a(
                            .href(SitePath(language: l, page: .planIndicator(pair.0.plan, pair.0.code)).path),
                            .span(.class("code"), .text(pair.0.code)),
                            .text(" "),
                            Fragments.localized(pair.0.title, l)
                        ),
                        .text(" ("),
                        .a(.href(SitePath(language: l, page: .plan(pair.0.plan)).path), .text(pair.0.plan)),
                        .text(") — "),
                        .strong(.class("relation \(pair.1.relation.rawValue)"), .text(PlanParts.relation(pair.1.relation, l))),
                        .unwrap(pair.1.series) { .text(" — \(UIText.series.text(l)) \($0)") },
                        .text(". \(PlanParts.relationExplained(pair.1.relation, l))")
                    )
                }
            )
        )
    }
}
