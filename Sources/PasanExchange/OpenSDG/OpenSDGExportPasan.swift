import Foundation
import PasanDomain
import PasanReferenceData

extension OpenSDGExportInput {
    /// The input from what Pasan holds.
    ///
    /// - Indicators: every indicator of the framework that is not retired, and any retired one
    ///   with published values; `complete` when it has published values, else `notstarted`
    ///   (opensdg-format.md §7.3: Pasan publishes nothing else as a status).
    /// - Metadata: only what Pasan knows — the indicator's number and title, its custodian
    ///   agencies, the global indicator a national one adapts, Pasan's classification of its
    ///   national use and the basis of it (marked as Pasan's), and the sources named with its
    ///   values. A Lao title that is a machine translation is not used as Lao metadata (left empty).
    ///   The texts of the SDG metadata template an import published (`documented`: indicator →
    ///   its fields) are written as they are, in their language, and stand for Pasan's own
    ///   wording of the same concept.
    /// - Labels: series names and place names from the framework; other codes from the database's
    ///   code labels (`codeLabels`: column → code → label), else Pasan's catalogue, else the
    ///   English names of the shipped SDMX structures.
    ///
    /// `text` gives a catalogue entry in both languages (`lo` nil when it has no Lao), with the
    /// review state of its Lao.
    public static func pasan(
        goals: [PasanDomain.Goal],
        targets: [PasanDomain.Target],
        indicators: [PasanDomain.Indicator],
        series: [Series],
        areas: [Area],
        observations: [Observation],
        progress: [ProgressConfiguration],
        codeLabels: [String: [String: LocalizedText]],
        attributions: [Attribution],
        documented: [String: [IndicatorMetadataField]] = [:],
        exportedAt: Date,
        text: (Message) -> LocalizedText
    ) -> OpenSDGExportInput {
        let byIndicator = Dictionary(grouping: observations, by: \.indicator)
        let exported = indicators.filter { !$0.isRetired || byIndicator[$0.code] != nil }
            .sorted { FrameworkCode.areInIncreasingOrder($0.code, $1.code) }
        let fields = metadataFields(text, documented: Set(documented.values.flatMap { $0.map(\.concept) }))
        let progressByIndicator = Dictionary(grouping: progress, by: \.indicator)

        let rows = exported.map { indicator -> OpenSDGExportInput.Indicator in
            let values = byIndicator[indicator.code] ?? []
            let units = Dictionary(values.map { ($0.series, $0.unit) }, uniquingKeysWith: { a, _ in a })
            return OpenSDGExportInput.Indicator(
                code: indicator.code,
                title: indicator.title,
                reportingStatus: values.isEmpty ? .notstarted : .complete,
                metadata: metadata(indicator, sources: values.compactMap(\.source), text: text).merging(
                    documentedValues(documented[indicator.code] ?? [])
                ) { _, documented in documented },
                progress: (progressByIndicator[indicator.code] ?? []).sorted {
                    ($0.series, $0.dimensions, $0.area) < ($1.series, $1.dimensions, $1.area)
                }
                .map { c in
                    var breakdown = Observation.dimensions(fromKey: c.dimensions)
                    if c.area != Area.countryCode { breakdown["REF_AREA"] = c.area }
                    return ProgressOption(
                        series: c.series,
                        unit: units[c.series] ?? series.first { $0.code == c.series }?.unit,
                        disaggregation: breakdown,
                        baseYear: c.baseYear,
                        targetYear: c.targetYear,
                        target: c.target,
                        direction: c.direction,
                        limit: c.limit
                    )
                }
            )
        }

        let exportedGoals = Set(exported.map(\.goal)), exportedTargets = Set(exported.map(\.target))
        let sdmx = OpenSDGExportStructures.shipped
        let input = OpenSDGExportInput(
            goals: goals.filter { exportedGoals.contains($0.number) }.map {
                Goal(number: $0.number, title: $0.title, shortTitle: $0.shortTitle)
            },
            targets: targets.filter { exportedTargets.contains($0.code) }.compactMap { t in t.title.map { Target(code: t.code, title: $0) }
            },
            indicators: rows,
            observations: observations,
            codelists: codelists(
                observations: observations,
                series: series,
                areas: areas,
                codeLabels: codeLabels,
                structures: sdmx,
                text: text
            ),
            metadataFields: fields,
            dimensionOrder: sdmx.dimensionOrder,
            nationalCoverage: "REF_AREA.\(Area.countryCode)",
            readme: "",
            licence: "",
            exportedAt: exportedAt
        )
        var result = input
        result.readme = readme(input, text: text)
        result.licence = licence(attributions, text: text)
        return result
    }

    // MARK: - Metadata

    /// Pasan's fields, and the template's concepts that documented texts fill, in the
    /// template's order (Pasan's own concepts last).
    static func metadataFields(_ text: (Message) -> LocalizedText, documented: Set<String> = []) -> [MetadataField] {
        var fields = pasanFields(text)
        let present = Set(fields.map(\.key))
        for concept in documented.subtracting(present) {
            let label =
                MetadataConcept.concept(concept).map { text($0.title) } ?? LocalizedText(en: concept, lo: concept, loStatus: .reviewed)
            fields.append(MetadataField(key: concept, label: label))
        }
        return fields.sorted { MetadataConcept.areInIncreasingOrder($0.key, $1.key) }
    }

    /// The documented texts of one indicator, by concept.
    static func documentedValues(_ fields: [IndicatorMetadataField]) -> [String: MetadataValue] {
        var result: [String: MetadataValue] = [:]
        for (concept, texts) in Dictionary(grouping: fields, by: \.concept) {
            let en = texts.first { $0.language == .en }?.text
            let lo = texts.first { $0.language == .lo }?.text
            result[concept] = MetadataValue(en: en ?? "", lo: lo)
        }
        return result
    }

    static func pasanFields(_ text: (Message) -> LocalizedText) -> [MetadataField] {
        [
            MetadataField(key: "SDG_INDICATOR", label: text(Message("opensdg_export.field.indicator"))),
            MetadataField(key: "SDG_CUSTODIAN_AGENCIES", label: text(Message("opensdg_export.field.custodians"))),
            MetadataField(key: "SDG_RELATED_INDICATORS", label: text(Message("opensdg_export.field.related"))),
            MetadataField(key: "PASAN_NATIONAL_RELATION", label: text(Message("opensdg_export.field.relation"))),
            MetadataField(key: "PASAN_RELATION_BASIS", label: text(Message("opensdg_export.field.relationBasis"))),
            MetadataField(key: "DATA_SOURCE", label: text(Message("opensdg_export.field.sources"))),
        ]
    }

    static func metadata(_ indicator: PasanDomain.Indicator, sources: [String], text: (Message) -> LocalizedText) -> [String: MetadataValue]
    {
        var result: [String: MetadataValue] = [:]
        let english = text(Message("opensdg_export.meta.indicator", ["code": .text(indicator.code), "title": .text(indicator.title.en)]))
        let laoTitle = indicator.title.loStatus == .machine ? nil : indicator.title.lo
        let lao = laoTitle.flatMap {
            text(Message("opensdg_export.meta.indicator", ["code": .text(indicator.code), "title": .text($0)])).lo
        }
        result["SDG_INDICATOR"] = MetadataValue(en: english.en, lo: lao)
        if !indicator.custodians.isEmpty { result["SDG_CUSTODIAN_AGENCIES"] = .same(indicator.custodians.joined(separator: "; ")) }
        if let related = indicator.relatedGlobalCode { result["SDG_RELATED_INDICATORS"] = .same(related) }
        if let relation = indicator.nationalRelation {
            let label = text(relationMessage(relation))
            result["PASAN_NATIONAL_RELATION"] = MetadataValue(en: label.en, lo: label.lo)
        }
        if let basis = indicator.relationBasis?.trimmingSpaces, !basis.isEmpty {
            result["PASAN_RELATION_BASIS"] = MetadataValue(en: basis, lo: nil)
        }
        let named = Array(Set(sources.map(\.trimmingSpaces).filter { !$0.isEmpty })).sorted()
        if !named.isEmpty { result["DATA_SOURCE"] = .same(named.joined(separator: "; ")) }
        return result
    }

    static func relationMessage(_ relation: NationalRelation) -> Message {
        switch relation {
        case .same: Message("app.relation.same")
        case .adapted: Message("app.relation.adapted")
        case .proxy: Message("app.relation.proxy")
        case .additional: Message("app.relation.additional")
        }
    }

    // MARK: - Labels of codes

    /// Labels Pasan's catalogue has for codes (column, code): the portal's own wording.
    static let catalogueLabels: [String: [String: Message]] = [
        "SEX": [
            "F": Message("indicators.breakdown.sex.female"), "M": Message("indicators.breakdown.sex.male"),
            "B": Message("indicators.breakdown.sex.boys"), "G": Message("indicators.breakdown.sex.girls"),
        ],
        "OBS_STATUS": [
            "A": Message("indicators.obsStatus.normal"), "E": Message("indicators.obsStatus.estimate"),
            "P": Message("indicators.obsStatus.provisional"), "B": Message("indicators.obsStatus.break"),
            "F": Message("indicators.obsStatus.forecast"), "I": Message("indicators.obsStatus.imputed"),
            "M": Message("indicators.obsStatus.missing"),
        ],
        "UNIT_MEASURE": ["PT": Message("opensdg_export.unit.percent"), "NUMBER": Message("opensdg_export.unit.number")],
    ]

    /// Names of the columns in Pasan's catalogue.
    static let columnNames: [String: Message] = [
        "SERIES": Message("opensdg_export.column.series"), "REF_AREA": Message("opensdg_export.column.area"),
        "UNIT_MEASURE": Message("opensdg_export.column.unit"), "OBS_STATUS": Message("opensdg_export.column.status"),
        "SEX": Message("opensdg_export.column.sex"), "AGE": Message("opensdg_export.column.age"),
    ]

    static func codelists(
        observations: [Observation],
        series: [Series],
        areas: [Area],
        codeLabels: [String: [String: LocalizedText]],
        structures: OpenSDGExportStructures,
        text: (Message) -> LocalizedText
    ) -> [String: Codelist] {
        var used: [String: Set<String>] = ["REF_AREA": [Area.countryCode]]
        for o in observations {
            used["SERIES", default: []].insert(o.series)
            used["REF_AREA", default: []].insert(o.area)
            used["UNIT_MEASURE", default: []].insert(o.unit)
            if let status = o.status?.trimmingSpaces, !status.isEmpty { used["OBS_STATUS", default: []].insert(status) }
            for (dimension, code) in o.dimensions { used[dimension, default: []].insert(code) }
        }
        let seriesNames = Dictionary(series.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        let areaNames = Dictionary(areas.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
        var result: [String: Codelist] = [:]
        for (column, codes) in used {
            let stored = codeLabels[column] ?? [:]
            var labels: [String: LocalizedText] = [:]
            for code in codes {
                let label: LocalizedText? =
                    switch column {
                    case "SERIES": merge(seriesNames[code], merge(stored[code], structures.name(column: column, code: code)))
                    case "REF_AREA": merge(areaNames[code], stored[code])
                    default:
                        merge(stored[code], catalogueLabels[column]?[code].map(text) ?? structures.name(column: column, code: code))
                    }
                if let label { labels[code] = label.en.isEmpty ? LocalizedText(en: code, lo: label.lo, loStatus: label.loStatus) : label }
            }
            let name = stored[column] ?? columnNames[column].map(text) ?? structures.conceptName(column)
            result[column] = Codelist(name: name, codes: labels)
        }
        return result
    }

    /// `first`, with what it lacks (an empty English, a missing Lao) taken from `second`.
    static func merge(_ first: LocalizedText?, _ second: LocalizedText?) -> LocalizedText? {
        guard let first else { return second }
        guard let second else { return first }
        let lao = first.lo != nil ? (first.lo, first.loStatus) : (second.lo, second.loStatus)
        return LocalizedText(en: first.en.isEmpty ? second.en : first.en, lo: lao.0, loStatus: lao.1)
    }

    // MARK: - README and terms

    static func readme(_ input: OpenSDGExportInput, text: (Message) -> LocalizedText) -> String {
        let stamp = ISO8601DateFormatter().string(from: input.exportedAt)
        let withData = Set(input.observations.map(\.indicator)).count
        let machine =
            input.indicators.filter { $0.title.lo != nil && $0.title.loStatus == .machine }.count
            + input.goals.filter { $0.title.lo != nil && $0.title.loStatus == .machine }.count
            + input.targets.filter { $0.title.lo != nil && $0.title.loStatus == .machine }.count
        let paragraphs = [
            text(
                Message(
                    "opensdg_export.readme.exported",
                    [
                        "date": .text(stamp), "indicators": .number(input.indicators.count), "withData": .number(withData),
                        "values": .number(input.observations.count),
                    ]
                )
            ),
            text(Message("opensdg_export.readme.layout")),
            text(Message("opensdg_export.readme.lao", ["machine": .number(machine)])),
            text(Message("opensdg_export.readme.pasanWording")),
            text(Message("opensdg_export.readme.build")),
        ]
        let command = "    python -c \"from sdg.open_sdg import open_sdg_build; open_sdg_build(config='config_data.yml')\""
        var out = ""
        for language in [Language.en, .lo] {
            let title = text(Message("opensdg_export.readme.title"))
            out += "# \(title.stored(in: language) ?? title.en)\n\n"
            for paragraph in paragraphs { out += (paragraph.stored(in: language) ?? paragraph.en) + "\n\n" }
            out += command + "\n\n"
        }
        return out
    }

    static func licence(_ attributions: [Attribution], text: (Message) -> LocalizedText) -> String {
        var out = ""
        for language in [Language.en, .lo] {
            let title = text(Message("opensdg_export.licence.title"))
            let terms = text(Message("opensdg_export.licence.default"))
            let reference = text(Message("opensdg_export.licence.reference"))
            out += "# \(title.stored(in: language) ?? title.en)\n\n"
            out += (terms.stored(in: language) ?? terms.en) + "\n\n"
            out += (reference.stored(in: language) ?? reference.en) + "\n\n"
            for a in attributions.sorted(by: { $0.file < $1.file }) { out += "- \(a.file): \(a.source) (\(a.licence))\n" }
            out += "\n"
        }
        return out
    }
}

/// The shipped SDMX structures as the export needs them: the SDG DSD's key order, and English
/// names of codes and concepts (the SDG DSD first, then LSB's national DSD).
struct OpenSDGExportStructures: Sendable {
    var dimensionOrder: [String]
    var structures: [DataStructure]

    /// Read once per process.
    static let shipped: OpenSDGExportStructures = {
        let sdg = try? DataStructureReader.read(contentsOf: ShippedStructures.sdgDSD)
        let lsb = try? DataStructureReader.read(contentsOf: ShippedStructures.lsbDSD)
        return OpenSDGExportStructures(dimensionOrder: sdg?.dimensions.map(\.id) ?? [], structures: [sdg, lsb].compactMap { $0 })
    }()

    func name(column: String, code: String) -> LocalizedText? {
        for structure in structures {
            if let name = structure.codelist(of: column)?.code(code)?.names["en"] {
                return LocalizedText(en: name, lo: nil, loStatus: .machine)
            }
        }
        return nil
    }

    func conceptName(_ column: String) -> LocalizedText? {
        for structure in structures {
            let concept = structure.dimension(column)?.concept ?? structure.attribute(column)?.concept ?? column
            if let name = structure.concepts[concept]?.names["en"] { return LocalizedText(en: name, lo: nil, loStatus: .machine) }
        }
        return nil
    }
}
