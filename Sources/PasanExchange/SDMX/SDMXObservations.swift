import Foundation
import PasanDomain

/// What a checked SDMX message brings to Pasan: the values with their provenance, the rows that
/// cannot become values (with the reason), and the national series the values need.
public struct SDMXMapping: Sendable {
    public var values: [StagedValue]
    public var refusals: [ImportRefusal]
    /// National series (`_L_LA_…`) of the values, one per series and indicator, with the DSD's
    /// names and the unit the data gives them.
    public var nationalSeries: [NationalSeriesProposal]

    public init(values: [StagedValue] = [], refusals: [ImportRefusal] = [], nationalSeries: [NationalSeriesProposal] = []) {
        self.values = values
        self.refusals = refusals
        self.nationalSeries = nationalSeries
    }
}

/// Maps the observations of a checked message (`SDMXDataCheck`) to Pasan's `Observation`s. A pure
/// function of the message and its DSD:
///
/// - `SERIES` is the series; its indicators come from the DSD's CL_SERIES `Indicator`
///   annotations, one value per indicator when a series serves several; a series with none is
///   refused.
/// - `REF_AREA` must be Lao PDR (`418`, `LA`, or the code the DSD's area codelist names Lao
///   PDR with) → Pasan's `LA`; a code below it in the codelist's hierarchy (LSB's provinces and
///   districts) is an LSB area code and kept; any other place is refused: Pasan holds Lao data.
/// - The other dimensions are the breakdown, except `FREQ` and `REPORTING_TYPE`, which describe
///   the message rather than the value (`_T` totals are dropped by `Observation`).
/// - `UNIT_MEASURE` is the unit, `OBS_STATUS` the status, `SOURCE_DETAIL` the source,
///   `TIME_PERIOD` the period.
/// - `UNIT_MULT`: Pasan stores a series' values in the series' own unit multiplier (the series
///   table's, which the export writes as UNIT_MULT; units when it has none), so a value reported
///   with another multiplier is rescaled to it (`.toSeries`); `.scale` multiplies every value out
///   to units; `.keep` takes the number as written (what sdg-build shows).
public enum SDMXObservations {
    public enum UnitMultiplier: Sendable {
        /// Multiply the value by 10^UNIT_MULT.
        case scale
        /// Take the number as written.
        case keep
        /// Rescale to the series' multiplier (series code → its UNIT_MULT; missing = units).
        case toSeries([String: Int])
    }

    /// Dimensions that are not breakdowns of a value.
    public static let messageDimensions: Set<String> = ["SERIES", "REF_AREA", "FREQ", "REPORTING_TYPE", "UNIT_MEASURE"]

    public static func map(
        _ message: SDMXDataMessage,
        file: String,
        structure: DataStructure,
        unitMultiplier: UnitMultiplier = .scale
    ) -> SDMXMapping {
        var mapping = SDMXMapping()
        let areas = AreaCodes(structure)
        var proposed: Set<String> = []
        let seriesNames = structure.codelist(of: "SERIES")

        for series in message.series {
            let key = SDMXDataCheck.dottedKey(series, structure)
            func refuse(_ observation: SDMXObservation?, indicator: String? = nil, found: String?, _ expected: Message) {
                mapping.refusals.append(
                    ImportRefusal(
                        indicator: indicator,
                        file: file,
                        line: observation?.line ?? series.line,
                        location: observation.map { key + " " + $0.period } ?? key,
                        found: found,
                        expected: expected
                    )
                )
            }
            guard let code = series.value(of: "SERIES"), !code.isEmpty else {
                for observation in series.observations {
                    refuse(observation, found: nil, Message("sdmx.check.dimensionMissing", ["dimension": .text("SERIES")]))
                }
                continue
            }
            let indicators = structure.indicators(ofSeries: code)
            guard !indicators.isEmpty else {
                for observation in series.observations {
                    refuse(
                        observation,
                        found: "SERIES=\(code)",
                        Message("sdmx.map.noIndicator", ["codelist": .text(seriesNames?.reference.description ?? "CL_SERIES")])
                    )
                }
                continue
            }
            let writtenArea = series.value(of: "REF_AREA") ?? ""
            guard let area = areas.pasanCode(writtenArea) else {
                for observation in series.observations {
                    for indicator in indicators {
                        refuse(observation, indicator: indicator, found: "REF_AREA=\(writtenArea)", Message("sdmx.map.notLao"))
                    }
                }
                continue
            }
            var dimensions: [String: String] = [:]
            for (id, value) in series.key where !messageDimensions.contains(id) { dimensions[id] = value }
            let seriesUnit = series.value(of: "UNIT_MEASURE")

            for observation in series.observations {
                let unit = observation.attribute("UNIT_MEASURE") ?? seriesUnit ?? ""
                let text = observation.value?.trimmingCharacters(in: .whitespaces) ?? ""
                let multiplier = observation.attribute("UNIT_MULT") ?? series.value(of: "UNIT_MULT")
                let value: Double?
                switch unitMultiplier {
                case .keep: value = SDMXDataCheck.number(text)
                case .scale: value = scaled(text, by: multiplier)
                case .toSeries(let multipliers):
                    let target = multipliers[code] ?? 0
                    let given = Int(multiplier?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
                    value = scaled(text, by: multiplier == nil && target == 0 ? nil : String(given - target))
                }
                for indicator in indicators {
                    guard !unit.isEmpty else {
                        refuse(
                            observation,
                            indicator: indicator,
                            found: nil,
                            Message("sdmx.check.seriesAttributeMissing", ["attribute": .text("UNIT_MEASURE")])
                        )
                        continue
                    }
                    guard let value else {
                        let expected =
                            SDMXDataCheck.number(text) == nil
                            ? Message("sdmx.check.number", ["measure": .text(structure.primaryMeasure)])
                            : Message("sdmx.map.unitMultiplier")
                        refuse(
                            observation,
                            indicator: indicator,
                            found: SDMXDataCheck.number(text) == nil ? text : "UNIT_MULT=\(multiplier ?? "")",
                            expected
                        )
                        continue
                    }
                    let result = Observation(
                        series: code,
                        indicator: indicator,
                        area: area,
                        period: observation.period,
                        dimensions: dimensions,
                        unit: unit,
                        value: value,
                        status: observation.attribute("OBS_STATUS") ?? series.value(of: "OBS_STATUS"),
                        source: observation.attribute("SOURCE_DETAIL") ?? series.value(of: "SOURCE_DETAIL")
                    )
                    mapping.values.append(StagedValue(observation: result, file: file, line: observation.line))
                    if code.hasPrefix("_L_"), proposed.insert(code + "\u{1F}" + indicator).inserted {
                        let names = seriesNames?.code(code)?.names ?? [:]
                        mapping.nationalSeries.append(
                            NationalSeriesProposal(
                                code: code,
                                indicator: indicator,
                                nameEnglish: seriesName(names["en"] ?? code),
                                nameLao: names["lo"].map(seriesName),
                                unit: unit
                            )
                        )
                    }
                }
            }
        }
        return mapping
    }

    /// `text` as a number multiplied by 10^`multiplier` (decimal arithmetic, so `0.1` thousand is
    /// exactly `100`); `nil` when either is not a number.
    static func scaled(_ text: String, by multiplier: String?) -> Double? {
        guard let plain = SDMXDataCheck.number(text) else { return nil }
        let exponent = multiplier.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        if exponent.isEmpty || exponent == "0" { return plain }
        guard let power = Int(exponent), (-30...30).contains(power),
            let decimal = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        let result = NSDecimalNumber(decimal: decimal * pow(Decimal(10), power >= 0 ? power : 0) / pow(Decimal(10), power < 0 ? -power : 0))
            .doubleValue
        return result.isFinite ? result : nil
    }

    /// A CL_SERIES name without the indicator list it ends with (`… [18.1.1]`).
    static func seriesName(_ name: String) -> String {
        guard name.hasSuffix("]"), let open = name.lastIndex(of: "[") else { return name }
        let trimmed = name[..<open].trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? name : trimmed
    }

    /// Lao PDR in a DSD's area codelist, and the codes below it.
    struct AreaCodes {
        var country: Set<String> = ["418", "LA"]
        var below: Set<String> = []

        init(_ structure: DataStructure) {
            guard let list = structure.codelist(of: "REF_AREA") else { return }
            for code in list.codes where Self.namesLaoPDR(code.names["en"] ?? "") { country.insert(code.id) }
            // Codes whose parents lead up to Lao PDR (LSB's provinces and districts).
            var parent: [String: String] = [:]
            for code in list.codes { if let p = code.parent { parent[code.id] = p } }
            for code in list.codes where !country.contains(code.id) {
                var current = code.parent
                var steps = 0
                while let p = current, steps < 16 {
                    if country.contains(p) {
                        below.insert(code.id)
                        break
                    }
                    current = parent[p]
                    steps += 1
                }
            }
        }

        static func namesLaoPDR(_ name: String) -> Bool {
            let folded = name.lowercased()
            return folded.hasPrefix("lao people") || folded == "lao pdr"
        }

        /// Pasan's code of an area written in the message, when it is in Lao PDR.
        func pasanCode(_ written: String) -> String? {
            if country.contains(written) { return Area.countryCode }
            if below.contains(written) { return ObservationRules.canonicalArea(written) }
            return nil
        }
    }
}
