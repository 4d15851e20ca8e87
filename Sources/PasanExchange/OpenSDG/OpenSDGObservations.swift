import Foundation
import PasanDomain

/// What an Open SDG repository brings into Pasan: observations with their file and line, the rows
/// refused and why, the national series it names that the framework lacks, and the labels of
/// codes. The mapping of columns is docs/open-sdg.md's, shared with the export.
public struct OpenSDGImport: Sendable {
    public var values: [StagedValue] = []
    public var refusals: [ImportRefusal] = []
    public var nationalSeries: [NationalSeriesProposal] = []
    public var codeLabels: [CodeLabel] = []
    /// The metadata texts of the indicators, by language and concept, with their files.
    public var metadata: [StagedMetadata] = []
    /// Indicators the repository configures or describes but gives no data for.
    public var indicatorsWithoutData: [String] = []

    public init() {}
}

/// What the mapping needs to know of Pasan's framework.
public struct OpenSDGFramework: Sendable {
    /// Series codes of each indicator that exists (`1.2.1` → `SI_POV_NAHC`); an indicator absent
    /// here is not in the framework.
    public var seriesByIndicator: [String: Set<String>]
    /// The unit of each series, where the framework has one.
    public var unitBySeries: [String: String]
    /// The unit multiplier each series' values are stored in (UNIT_MULT; missing = units).
    public var unitMultiplierBySeries: [String: Int]

    public init(seriesByIndicator: [String: Set<String>], unitBySeries: [String: String], unitMultiplierBySeries: [String: Int] = [:]) {
        self.seriesByIndicator = seriesByIndicator
        self.unitBySeries = unitBySeries
        self.unitMultiplierBySeries = unitMultiplierBySeries
    }
}

public enum OpenSDGObservations {
    /// Columns that are not breakdowns (docs/open-sdg.md).
    static let seriesColumns = ["SERIES", "Series"]
    static let unitColumns = ["UNIT_MEASURE", "Units"]
    static let areaColumns = ["REF_AREA", "GeoCode"]
    static let ignoredColumns: Set<String> = ["COMMENT_OBS", "COMMENT_TS", "DATA_LAST_UPDATE", "UNIT_MULT", "NATURE", "TIME_DETAIL"]
    /// Codes that mean the country itself.
    static let countryCodes: Set<String> = ["", "LA", "418", "LAO"]

    public static func map(_ repository: OpenSDGRepository, framework: OpenSDGFramework) -> OpenSDGImport {
        var result = OpenSDGImport()
        let seriesNames = (
            en: repository.translations["en"]?["SERIES"] ?? [:],
            lo: repository.translations["lo"]?["SERIES"] ?? [:]
        )
        var proposed: Set<String> = []
        for id in repository.sortedIDs {
            guard let indicator = repository.indicators[id] else { continue }
            let code = indicator.code
            for (languageCode, fields) in indicator.metadata.sorted(by: { $0.key < $1.key }) {
                guard let language = Language(rawValue: languageCode) else { continue }
                for (concept, text) in fields.sorted(by: { $0.key < $1.key }) where !text.trimmedWhitespace.isEmpty {
                    let file = indicator.metadataSources[languageCode]?[concept] ?? "meta/\(id)"
                    result.metadata.append(StagedMetadata(indicator: code, language: language, concept: concept, text: text, file: file))
                }
            }
            guard let table = indicator.data, !table.rows.isEmpty else {
                result.indicatorsWithoutData.append(code)
                continue
            }
            guard let known = framework.seriesByIndicator[code] else {
                result.refusals.append(
                    ImportRefusal(indicator: code, file: table.file, found: code, expected: Message("exchange.opensdg.unknownIndicator"))
                )
                continue
            }
            var seen: [String: Int] = [:]
            for row in table.rows {
                func refuse(_ location: String?, _ found: String?, _ expected: Message) {
                    result.refusals.append(
                        ImportRefusal(
                            indicator: code,
                            file: table.file,
                            line: row.line,
                            location: location,
                            found: found,
                            expected: expected
                        )
                    )
                }
                // Blank = no value; spaces around a number are tolerated, as by sdg-build (pandas).
                guard let valueText = row.value?.trimmedWhitespace, !valueText.isEmpty else { continue }
                guard var value = Double(valueText), value.isFinite else {
                    refuse("Value", valueText, Message("exchange.opensdg.number"))
                    continue
                }
                guard !row.year.isEmpty else {
                    refuse("Year", row.year, Message("imports.tidy.year"))
                    continue
                }
                var series = seriesColumns.lazy.compactMap { row.cells[$0] }.first
                if series == nil, known.count == 1 { series = known.first }
                guard let series else {
                    refuse("SERIES", nil, Message("exchange.opensdg.series", ["series": .text(known.sorted().joined(separator: ", "))]))
                    continue
                }
                if !known.contains(series) {
                    if series.hasPrefix("_L_") {
                        if proposed.insert("\(code)|\(series)").inserted {
                            result.nationalSeries.append(
                                NationalSeriesProposal(
                                    code: series,
                                    indicator: code,
                                    nameEnglish: seriesNames.en[series] ?? series,
                                    nameLao: seriesNames.lo[series],
                                    unit: unitColumns.lazy.compactMap { row.cells[$0] }.first
                                )
                            )
                        }
                    } else {
                        refuse(
                            "SERIES",
                            series,
                            Message("exchange.opensdg.series", ["series": .text(known.sorted().joined(separator: ", "))])
                        )
                        continue
                    }
                }
                // UNIT_MULT: stored in the series' own multiplier, as the SDMX import does
                // (`SDMXObservations.UnitMultiplier.toSeries`): 57.6 with UNIT_MULT 6 is
                // 57,600,000 for a series kept in units. sdg-build shows the number as written.
                if let written = (row.unitMultiplier ?? row.cells["UNIT_MULT"])?.trimmedWhitespace, !written.isEmpty {
                    let target = framework.unitMultiplierBySeries[series] ?? 0
                    guard let given = Int(written),
                        let rescaled = given == target ? value : SDMXObservations.scaled(valueText, by: String(given - target))
                    else {
                        refuse("UNIT_MULT", written, Message("sdmx.map.unitMultiplier"))
                        continue
                    }
                    value = rescaled
                }
                let unit = unitColumns.lazy.compactMap { row.cells[$0] }.first ?? framework.unitBySeries[series] ?? ""
                let areaCode = areaColumns.lazy.compactMap { row.cells[$0] }.first ?? ""
                if let ref = row.cells["REF_AREA"], let geo = row.cells["GeoCode"], ref != geo {
                    refuse("GeoCode", geo, Message("exchange.opensdg.geoCode", ["area": .text(ref)]))
                    continue
                }
                let area = countryCodes.contains(areaCode) ? "LA" : areaCode
                var dimensions: [String: String] = [:]
                for (column, cell) in row.cells
                where !seriesColumns.contains(column) && !unitColumns.contains(column) && !areaColumns.contains(column)
                    && !ignoredColumns.contains(column) && column != "OBS_STATUS" && column != "SOURCE_DETAIL"
                {
                    dimensions[column] = cell
                }
                let observation = Observation(
                    series: series,
                    indicator: code,
                    area: area,
                    period: row.year,
                    dimensions: dimensions,
                    unit: unit,
                    value: value,
                    status: row.cells["OBS_STATUS"],
                    source: row.cells["SOURCE_DETAIL"]
                )
                let key = "\(series)|\(area)|\(row.year)|\(observation.dimensionKey)"
                if let first = seen[key] {
                    refuse(nil, key, Message("exchange.opensdg.duplicate", ["line": .number(first)]))
                    continue
                }
                seen[key] = row.line
                result.values.append(StagedValue(observation: observation, file: table.file, line: row.line))
            }
        }
        // Labels of codes: translation groups named after a component (`SEX`, `UNIT_MEASURE`).
        for (languageCode, groups) in repository.translations {
            guard let language = Language(rawValue: languageCode) else { continue }
            for (group, texts) in groups.sorted(by: { $0.key < $1.key }) where isComponentID(group) {
                for (codeID, label) in texts.sorted(by: { $0.key < $1.key }) where codeID != group && !label.isEmpty {
                    result.codeLabels.append(CodeLabel(codelist: group, code: codeID, language: language, label: label))
                }
            }
        }
        return result
    }

    /// `SEX`, `UNIT_MEASURE`, `INCOME_WEALTH_QUANTILE`: upper-case SDMX ids, not `global_goals`.
    static func isComponentID(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isUppercase || $0 == "_" || $0.isNumber }
    }
}
