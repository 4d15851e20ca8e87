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
        let fromAssignments: [(String, Message, String?)] = [
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
        // A documented text (imported from the SDG metadata template) stands for its concept;
        // what the assignments say fills the concepts it leaves open.
        let documented = documentedTexts
        var national: [MetadataItem] = fromAssignments.filter { documented[$0.0] == nil }.map {
            MetadataItem(concept: $0.0, title: $0.1, content: .plain($0.2))
        }
        national += documented.map { concept, text in
            MetadataItem(
                concept: concept,
                title: MetadataConcept.concept(concept)?.title,
                content: .documented(text.field, text.text, text.otherLanguage)
            )
        }
        national.sort { MetadataConcept.areInIncreasingOrder($0.concept, $1.concept) }
        let global: [MetadataItem] = [
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
        ].map { MetadataItem(concept: $0.0, title: $0.1, content: .plain($0.2)) }
        let sources = Array(Set(observations.compactMap(\.source))).sorted()
        let origins = Array(Set(documented.values.map { OriginKey(file: $0.field.file, batchID: $0.field.batchID) }))
            .sorted { ($0.file, $0.batchID ?? 0) < ($1.file, $1.batchID ?? 0) }
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
                metadataList(national),
                .if(
                    !origins.isEmpty,
                    .p(
                        .class("hint"),
                        .text(
                            l.t(
                                "indicators.metadata.importedFrom",
                                ["files": .text(origins.map(\.description).joined(separator: "; "))]
                            )
                        )
                    )
                )
            ),
            .div(
                .id("meta-global"),
                .class("tab"),
                .h3(.text(l.t("indicators.metadata.global"))),
                metadataList(global)
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

    /// One field of a metadata tab.
    struct MetadataItem {
        enum Content {
            /// A value Pasan derives (`nil`: not yet provided).
            case plain(String?)
            /// A documented text, read; `true` when it is in the other language (none in the page's).
            case documented(IndicatorMetadataField, MetadataText, Bool)
        }

        var concept: String
        /// `nil`: a concept outside the template, shown by its id.
        var title: Message?
        var content: Content
    }

    /// Where documented texts came from: a file of an import batch.
    struct OriginKey: Hashable, CustomStringConvertible {
        var file: String
        var batchID: Int64?
        var description: String { batchID.map { "\(file) (#\($0))" } ?? file }
    }

    /// The documented text of each concept in the page's language, else in the other one.
    var documentedTexts: [String: (field: IndicatorMetadataField, text: MetadataText, otherLanguage: Bool)] {
        var result: [String: (field: IndicatorMetadataField, text: MetadataText, otherLanguage: Bool)] = [:]
        for field in documentedMetadata {
            let other = field.language != language
            if let present = result[field.concept], !present.otherLanguage || other { continue }
            let text = MetadataText(field.text)
            if !text.blocks.isEmpty { result[field.concept] = (field, text, other) }
        }
        return result
    }

    func metadataList(_ items: [MetadataItem]) -> BodyNode {
        let l = language
        return .dl(
            .forEach(items) { item in
                .group(
                    .dt(
                        .text(item.title?.text(in: l) ?? item.concept),
                        .small(.class("concept"), .text(" \(item.concept)"))
                    ),
                    .dd(metadataValue(item.content))
                )
            }
        )
    }

    func metadataValue(_ content: MetadataItem.Content) -> BodyNode {
        let l = language
        switch content {
        case .plain(let text?):
            return .text(text)
        case .plain(nil):
            return .span(.class("missing"), .text(UIText.notYetProvided.text(l)))
        case .documented(let field, let read, let otherLanguage):
            let text = MetadataTextView.node(read)
            guard otherLanguage else { return text }
            let mark: BodyNode =
                l == .lo
                ? Fragments.mark("EN", title: UIText.laoMissing.text(l))
                : Fragments.mark("LO", title: l.t("indicators.metadata.englishMissing"))
            return .div(.attribute(named: "lang", value: field.language.rawValue), mark, text)
        }
    }
}
