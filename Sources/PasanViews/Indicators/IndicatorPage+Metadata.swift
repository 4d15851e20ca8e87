import PasanDomain
import PasanMessages
import Plot

/// The national and global metadata, and the sources.
extension IndicatorPage {
    /// The metadata in three tabs (anchors, so they work without JavaScript and print in full):
    /// national metadata from the assignments, global metadata from the framework, and sources.
    var metadataSection: BodyNode {
        let l = language
        let a = assignments.first
        let national: [(String, Message, String?)] = [
            (
                "COMPILING_ORG", Message("indicators.metadata.field.compilingOrg"),
                reporters.map { $0.name.text(in: l) }.sortedByName(in: l) { $0 }.joined(separator: ", ").nonEmpty
            ),
            ("SOURCE_TYPE", Message("indicators.metadata.field.sourceType"), a?.sourceKind?.title.text(in: l)),
            ("DATA_SOURCE", Message("indicators.metadata.field.dataSource"), a?.sourceName),
            ("FREQ_COLL", Message("indicators.metadata.field.collectionFrequency"), a?.frequency?.title.text(in: l)),
            ("REL_CAL_POLICY", Message("indicators.metadata.field.releaseCalendar"), a?.releaseCalendar),
            (
                "INST_MANDATE", Message("indicators.metadata.field.institutionalMandate"),
                a?.legalBasis.map { b in
                    [b.instrument, b.number, b.date.map { TextFormat.date($0, in: l) }].compactMap { $0 }.joined(separator: ", ")
                }
            ),
            ("STAT_CONC_DEF", Message("indicators.metadata.field.definitions"), nil),
        ]
        let global: [(String, Message, String?)] = [
            ("SDG_GOAL", Message("app.term.goal"), "\(goal.number). \(goal.title.text(in: l))"),
            ("SDG_TARGET", Message("app.term.target"), target?.title.map { "\(indicator.target) \($0.text(in: l))" }),
            ("SDG_INDICATOR", Message("app.term.indicator"), "\(indicator.code) \(indicator.title.text(in: l))"),
            (
                "SDG_SERIES_DESCR", Message("app.term.series"),
                series.isEmpty ? nil : series.map { "\($0.code): \($0.name.text(in: l))" }.joined(separator: "; ")
            ),
            (
                "UNIT_MEASURE", Message("indicators.metadata.field.unitOfMeasure"),
                Array(Set(series.compactMap(\.unit))).sorted().joined(separator: ", ").nonEmpty
            ),
            ("SDG_CUSTODIAN_AGENCIES", Message("app.term.custodianAgencies"), indicator.custodians.joined(separator: ", ").nonEmpty),
            ("TIER", Message("app.term.tier"), indicator.tier.map { _ in Fragments.tierText(indicator.tier) }),
        ]
        let sources = Array(Set(observations.compactMap(\.source))).sorted()
        func list(_ fields: [(String, Message, String?)]) -> BodyNode {
            .dl(
                .forEach(fields) { field in
                    .group(
                        .dt(
                            .text(field.1.text(in: l)),
                            .small(.class("concept"), .text(" \(field.0)"))
                        ),
                        .dd(
                            .unwrap(
                                field.2,
                                { .text($0) },
                                else: .span(.class("missing"), .text(UIText.notYetProvided.text(l)))
                            )
                        )
                    )
                }
            )
        }
        return .section(
            .class("metadata"),
            .h2(.text(UIText.metadata.text(l))),
            .nav(
                .class("tabs"),
                .attribute(named: "aria-label", value: UIText.metadata.text(l)),
                .a(.href("#meta-national"), .text(l.t("indicators.metadata.national"))),
                .a(.href("#meta-global"), .text(l.t("indicators.metadata.global"))),
                .a(.href("#meta-sources"), .text(l.t("indicators.metadata.sources")))
            ),
            .div(
                .id("meta-national"),
                .class("tab"),
                .h3(.text(l.t("indicators.metadata.national"))),
                list(national)
            ),
            .div(
                .id("meta-global"),
                .class("tab"),
                .h3(.text(l.t("indicators.metadata.global"))),
                list(global)
            ),
            .div(
                .id("meta-sources"),
                .class("tab"),
                .h3(.text(l.t("indicators.metadata.sources"))),
                .if(sources.isEmpty, .p(.class("missing"), .text(UIText.notYetProvided.text(l)))),
                .ul(.forEach(sources) { .li(.text($0)) })
            )
        )
    }
}
