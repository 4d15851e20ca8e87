import Foundation
import PasanDomain

/// What an export is written against: a DSD with its codelists, the dataflow Pasan names in
/// the messages, and the code the DSD's area codelist has for Lao PDR.
///
/// Pasan's defaults (Pasan's own choice, not a registry's): the global SDG DSD is served as
/// `IAEG-SDGs:DF_SDG_GLC(1.14)` — the dataflow for country data of global indicators (sdmx.md
/// §1.3); the registry's own DF_SDG_GLC version may differ from the DSD's 1.14, and the DSD file
/// carries no dataflow, so Pasan names the flow with the DSD's version. LSB's national DSD is
/// served as `DF_SDG_LA` under the DSD's own agency (`LSB-SDG` in `LSB_DSD.xml`), a flow Pasan
/// names, since LSB publishes none.
public struct SDMXExportTarget: Sendable {
    public var structure: DataStructure
    public var dataflow: SDMXDataflow
    /// Lao PDR in the DSD's area codelist: `418` (M49) when the codelist has it, else `LA`.
    public var countryArea: String

    public init(structure: DataStructure, dataflow: SDMXDataflow, countryArea: String) {
        self.structure = structure
        self.dataflow = dataflow
        self.countryArea = countryArea
    }

    /// Pasan's default target for a DSD: the dataflow it carries, else `DF_SDG_GLC` for the
    /// IAEG-SDGs DSD and `DF_SDG_LA` for any other (a national clone).
    public init(structure: DataStructure) {
        let flow: SDMXDataflow
        if let carried = structure.dataflows.first(where: { $0.structure.id == structure.reference.id }) {
            flow = carried
        } else if structure.reference.agency == "IAEG-SDGs" {
            flow = SDMXDataflow(
                reference: SDMXReference(agency: "IAEG-SDGs", id: "DF_SDG_GLC", version: structure.reference.version),
                names: ["en": "SDG country data for global indicators (served by Pasan)"],
                structure: structure.reference
            )
        } else {
            flow = SDMXDataflow(
                reference: SDMXReference(agency: structure.reference.agency, id: "DF_SDG_LA", version: structure.reference.version),
                names: ["en": "Lao PDR national SDG data (served by Pasan)"],
                structure: structure.reference
            )
        }
        let areas = structure.codelist(of: "REF_AREA")
        let country = ["418", "LA"].first { areas?.contains($0) == true } ?? "418"
        self.init(structure: structure, dataflow: flow, countryArea: country)
    }
}

/// The columns of an export: the DSD's key dimensions, its time dimension and measure, and the
/// attributes Pasan fills that the DSD has, at the level the DSD attaches them.
public struct SDMXExportLayout: Sendable {
    public var dimensions: [String]
    public var timeDimension: String
    public var measure: String
    /// Series-level attributes (attached to all or some key dimensions): `UNIT_MEASURE`.
    public var seriesAttributes: [String]
    /// Observation-level attributes: `OBS_STATUS`, `UNIT_MULT`, `NATURE`, `TIME_DETAIL`, `SOURCE_DETAIL`.
    public var observationAttributes: [String]

    public init(dimensions: [String], timeDimension: String, measure: String, seriesAttributes: [String], observationAttributes: [String]) {
        self.dimensions = dimensions
        self.timeDimension = timeDimension
        self.measure = measure
        self.seriesAttributes = seriesAttributes
        self.observationAttributes = observationAttributes
    }
}

/// One series as written: key values in the layout's dimension order, series attributes in the
/// layout's order (`nil` = not reported) and its observations in time order.
public struct SDMXExportSeries: Sendable {
    public var key: [String]
    public var attributes: [String?]
    public var observations: [SDMXExportObservation]

    public init(key: [String], attributes: [String?], observations: [SDMXExportObservation]) {
        self.key = key
        self.attributes = attributes
        self.observations = observations
    }
}

public struct SDMXExportObservation: Sendable, Equatable {
    /// TIME_PERIOD.
    public var period: String
    public var value: Double
    /// In the layout's observation-attribute order; `nil` = not reported.
    public var attributes: [String?]

    public init(period: String, value: Double, attributes: [String?]) {
        self.period = period
        self.value = value
        self.attributes = attributes
    }
}

/// A key filter from an SDMX REST data query (`A.N.SI_POV_NAHC+SI_POV_DAY1.418.....`): per key
/// dimension the codes wanted, `nil` for any.
public struct SDMXKeyFilter: Sendable, Equatable {
    public var values: [Set<String>?]

    public init(values: [Set<String>?]) {
        self.values = values
    }

    /// Why a REST key cannot be read.
    public enum Problem: Error, Equatable, Sendable {
        /// The key has `found` parts where the DSD has `expected` dimensions.
        case wrongLength(found: Int, expected: Int, dimensions: [String])
        /// A part holds something that is not an SDMX code.
        case badCode(dimension: String, code: String)
    }

    /// Parses a REST key against the dimensions in key order; `all` (or an empty key) selects
    /// everything. Each part is empty (any code) or codes joined by `+`.
    public init(parsing key: String, dimensions: [String]) throws(Problem) {
        if key.isEmpty || key == "all" {
            values = Array(repeating: nil, count: dimensions.count)
            return
        }
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == dimensions.count else {
            throw .wrongLength(found: parts.count, expected: dimensions.count, dimensions: dimensions)
        }
        var values: [Set<String>?] = []
        for (part, dimension) in zip(parts, dimensions) {
            if part.isEmpty {
                values.append(nil)
                continue
            }
            var codes = Set<String>()
            for code in part.split(separator: "+", omittingEmptySubsequences: false) {
                guard Self.isCode(code) else { throw .badCode(dimension: dimension, code: String(code)) }
                codes.insert(String(code))
            }
            values.append(codes)
        }
        self.values = values
    }

    /// An SDMX identifier (common:IDType): letters, digits, `_ @ $ -`.
    static func isCode(_ text: Substring) -> Bool {
        !text.isEmpty
            && text.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x40 || b == 0x24
                    || b == 0x2D
            }
    }

    public func matches(_ key: [String]) -> Bool {
        for (i, wanted) in values.enumerated() where i < key.count {
            if let wanted, !wanted.contains(key[i]) { return false }
        }
        return true
    }

    /// The codes wanted for one dimension, when restricted.
    public func codes(of dimension: String, in dimensions: [String]) -> Set<String>? {
        dimensions.firstIndex(of: dimension).flatMap { values[$0] }
    }
}

/// What an export wrote and what it left out, and why (each reason a catalogue message with the
/// series, code or period concerned, with how many observations it covers).
public struct SDMXExportReport: Sendable {
    /// Observations written.
    public var written = 0
    /// Series (distinct keys) written.
    public var series = 0
    /// Identical observations met more than once (a series published under several indicators,
    /// `VC_DSR_MORT` for 1.5.1, 11.5.1 and 13.1.1): written once, counted here.
    public var merged = 0
    /// Observations left out, by reason.
    public var leftOut: [Message: Int] = [:]

    public init() {}

    public var leftOutCount: Int { leftOut.values.reduce(0, +) }

    /// Reasons, most observations first (then by key, for a stable order).
    public var reasons: [(reason: Message, count: Int)] {
        func order(_ m: Message) -> String { m.key + m.arguments.sorted { $0.key < $1.key }.map { "|\($0.key)=\($0.value)" }.joined() }
        return leftOut.map { ($0.key, $0.value) }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : order($0.0) < order($1.0) }
    }
}

/// Something that writes SDMX data series (SDMX-ML structure-specific, SDMX-CSV 1.0 or 2.0).
public protocol SDMXDataWriter: AnyObject {
    var output: SDMXOutput { get }
    /// The header, and everything before the first series.
    func begin() throws
    func write(_ series: SDMXExportSeries) throws
    /// Everything after the last series; then the output is flushed.
    func finish() throws
}

/// Maps Pasan's published observations onto a DSD's key and attributes, runs the checks of
/// sdmx.md §4.4 on every observation before it is written, and hands complete series to a
/// writer. Observations that cannot be expressed against the DSD are left out and counted by
/// reason, never written invalid.
///
/// The mapping (Pasan's defaults where the DSD leaves a choice):
/// - every key dimension is present: FREQ `A` (annual), REPORTING_TYPE `N` (national data),
///   SERIES the Pasan series (it must be in the DSD's CL_SERIES; the national `_L_LA_*` series
///   exist only in a national DSD), REF_AREA the country's code (`418` in the SDG DSD, `LA` in
///   LSB's) or, for a province or district, its own code when the DSD's area codelist lists it
///   under the country; every other dimension Pasan's breakdown code, or `_T` where Pasan has
///   none. A breakdown the DSD has no dimension for, or a code its codelist lacks (Pasan's
///   national SEX codes `B`/`G` in the global DSD), leaves the observation out.
/// - UNIT_MEASURE (series level) is the observation's unit; OBS_STATUS Pasan's status, else `A`;
///   UNIT_MULT the series' unit multiplier, else `0`; NATURE `C` (country data, sdmx.md §1.3);
///   SOURCE_DETAIL Pasan's source when there is one.
/// - Time: TIME_PERIOD is the period's first year. A period that is not a plain year keeps its
///   own form in TIME_DETAIL, with a year range's `-` written as SDMX's `/`
///   (`2015-2016` → TIME_PERIOD `2015`, TIME_DETAIL `2015/2016`; `2019-Q4` → `2019`, `2019-Q4`).
///   A period that does not start with a year, or a DSD without TIME_DETAIL for a non-year
///   period, leaves the observation out.
/// - Checks: codes in their codelists (dimensions and the coded attributes), mandatory
///   attributes present (a DSD asking for one Pasan cannot fill leaves everything out), one value
///   per series of each series-level attribute, OBS_VALUE a finite number, no two observations
///   with the same key and TIME_PERIOD (identical ones — one series under several indicators —
///   are written once; differing ones are all left out), only components the DSD has.
///
/// Input must come grouped by series code (`ObservationStream`'s order); a series code's
/// observations are held until the next code starts, then written as sorted series.
public final class SDMXExporter {
    public let target: SDMXExportTarget
    public let layout: SDMXExportLayout
    public let writer: any SDMXDataWriter
    public private(set) var report = SDMXExportReport()

    /// Where an attribute's value comes from.
    private enum Source {
        case unit, status, multiplier, nature, source, timeDetail
        init?(_ id: String) {
            switch id {
            case "UNIT_MEASURE": self = .unit
            case "OBS_STATUS": self = .status
            case "UNIT_MULT": self = .multiplier
            case "NATURE": self = .nature
            case "SOURCE_DETAIL": self = .source
            case "TIME_DETAIL": self = .timeDetail
            default: return nil
            }
        }
    }

    private let filter: SDMXKeyFilter?
    private let unitMultipliers: [String: Int]
    private let structure: DataStructure
    private let dimensionIndex: [String: Int]
    /// The key before an observation's own codes: FREQ `A`, REPORTING_TYPE `N`, `_T` elsewhere.
    private let fixedKey: [String]
    private let seriesSlot: Int?
    private let areaSlot: Int?
    /// Breakdown slots whose codelist lacks `_T`: an observation without that breakdown cannot be written.
    private let totalMissing: [Int]
    /// Codelists of the key dimensions, by slot.
    private let dimensionCodes: [SDMXCodelist?]
    private let seriesSources: [Source]
    private let observationSources: [Source]
    private let hasTimeDetail: Bool
    /// Why every observation must be left out (a DSD needs something Pasan cannot give), if so.
    private let structureProblem: Message?
    private var areaCodes: [String: String?] = [:]
    private var seriesOK: [String: Bool] = [:]
    private var breakdownOK: [Int: [String: Bool]] = [:]
    private var unitOK: [String: Bool] = [:]
    private var statusOK: [String: Bool] = [:]
    private var multiplierText: [String: String?] = [:]

    private var current: String?
    private var currentAllowed = true
    /// The current series code's observations, by series (an area and breakdowns).
    private var groups: [Group] = []
    private var groupIndex: [String: Int] = [:]

    private struct Group {
        var key: [String]
        var name: String
        var accepted: Bool
        var seriesAttributes: [String?]
        /// Other values met for a series-level attribute (by its position), when any.
        var conflicts: [Int: Set<String>] = [:]
        var observations: [SDMXExportObservation] = []
    }

    /// - Parameters:
    ///   - unitMultipliers: the series' unit multipliers by series code (the series table).
    ///   - filter: a REST key filter; observations outside it are skipped (not reported).
    public init(target: SDMXExportTarget, writer: any SDMXDataWriter, unitMultipliers: [String: Int] = [:], filter: SDMXKeyFilter? = nil) {
        self.target = target
        self.writer = writer
        self.filter = filter
        self.unitMultipliers = unitMultipliers
        structure = target.structure
        layout = Self.layout(for: target.structure)
        var index: [String: Int] = [:]
        for (i, d) in layout.dimensions.enumerated() { index[d] = i }
        dimensionIndex = index
        let fixed = ["FREQ": "A", "REPORTING_TYPE": "N"]
        fixedKey = layout.dimensions.map { fixed[$0] ?? "_T" }
        seriesSlot = index["SERIES"]
        areaSlot = index["REF_AREA"]
        let codes = layout.dimensions.map { target.structure.codelist(of: $0) }
        dimensionCodes = codes
        totalMissing = layout.dimensions.enumerated().filter { slot, id in
            !["FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA"].contains(id) && codes[slot].map { !$0.contains("_T") } == true
        }.map(\.offset)
        seriesSources = layout.seriesAttributes.compactMap(Source.init)
        observationSources = layout.observationAttributes.compactMap(Source.init)
        hasTimeDetail = layout.seriesAttributes.contains("TIME_DETAIL") || layout.observationAttributes.contains("TIME_DETAIL")
        let filled = Set(layout.seriesAttributes + layout.observationAttributes)
        let missing = target.structure.attributes.filter { $0.mandatory && !filled.contains($0.id) && $0.attachment != .dataSet }
        // FREQ `A`, REPORTING_TYPE `N` and NATURE `C` must be codes of the DSD too.
        let badFixed = layout.dimensions.enumerated().first { slot, id in
            fixed[id] != nil && codes[slot].map { !$0.contains(fixed[id]!) } == true
        }
        let natureList = filled.contains("NATURE") ? target.structure.codelist(of: "NATURE") : nil
        if let (slot, id) = badFixed {
            structureProblem = Message(
                "sdmx_export.leftOut.code",
                ["component": .text(id), "code": .text(fixed[id]!), "codelist": .text(codes[slot]?.reference.description ?? id)]
            )
        } else if let natureList, !natureList.contains("C") {
            structureProblem = Message(
                "sdmx_export.leftOut.code",
                ["component": "NATURE", "code": "C", "codelist": .text(natureList.reference.description)]
            )
        } else if let first = missing.first {
            structureProblem = Message(
                "sdmx_export.leftOut.mandatoryAttribute",
                ["attribute": .text(first.id), "structure": .text(target.structure.reference.description)]
            )
        } else if seriesSlot == nil {
            structureProblem = Message(
                "sdmx_export.leftOut.noSeriesDimension",
                ["structure": .text(target.structure.reference.description)]
            )
        } else {
            structureProblem = nil
        }
    }

    /// The attributes Pasan fills, where the DSD has them.
    static let filledAttributes: Set<String> = ["UNIT_MEASURE", "OBS_STATUS", "UNIT_MULT", "NATURE", "SOURCE_DETAIL", "TIME_DETAIL"]

    public static func layout(for structure: DataStructure) -> SDMXExportLayout {
        var series: [String] = []
        var observation: [String] = []
        for attribute in structure.attributes where filledAttributes.contains(attribute.id) {
            switch attribute.attachment {
            case .observation: observation.append(attribute.id)
            case .series, .group: series.append(attribute.id)
            case .dataSet: break
            }
        }
        return SDMXExportLayout(
            dimensions: structure.dimensions.map(\.id),
            timeDimension: structure.timeDimension,
            measure: structure.primaryMeasure,
            seriesAttributes: series,
            observationAttributes: observation
        )
    }

    /// Adds observations (grouped by series code); complete series are written as they finish.
    public func add(_ observations: some Sequence<Observation>) throws {
        for observation in observations {
            if observation.series != current {
                try flushSeries()
                current = observation.series
                currentAllowed = true
            }
            consider(observation)
        }
    }

    /// Writes the last series; the report is then complete.
    @discardableResult
    public func finish() throws -> SDMXExportReport {
        try flushSeries()
        current = nil
        return report
    }

    /// Exports a whole array in any order (sorted by series code first). For tests and small sets.
    public func export(_ observations: [Observation]) throws -> SDMXExportReport {
        try add(observations.sorted { $0.series < $1.series })
        return try finish()
    }

    private func leaveOut(_ reason: Message, count: Int = 1) {
        report.leftOut[reason, default: 0] += count
    }

    private func consider(_ o: Observation) {
        if let structureProblem { return leaveOut(structureProblem) }
        // SERIES.
        let seriesAllowed: Bool
        if let known = seriesOK[o.series] {
            seriesAllowed = known
        } else {
            seriesAllowed = seriesSlot.flatMap { dimensionCodes[$0] }?.contains(o.series) ?? true
            seriesOK[o.series] = seriesAllowed
        }
        guard seriesAllowed else {
            return leaveOut(
                Message("sdmx_export.leftOut.series", ["series": .text(o.series), "codelist": .text(codelistName(seriesSlot))])
            )
        }
        // REF_AREA.
        var area = ""
        if let areaSlot {
            guard let code = areaCode(for: o.area) else {
                return leaveOut(Message("sdmx_export.leftOut.area", ["area": .text(o.area), "codelist": .text(codelistName(areaSlot))]))
            }
            area = code
        }
        // Breakdowns: Pasan's codes in their slots, `_T` in the others.
        var breakdowns: [(slot: Int, code: String)] = []
        for (dimension, code) in o.dimensions {
            guard let slot = dimensionIndex[dimension], slot != seriesSlot, slot != areaSlot, fixedKey[slot] == "_T" else {
                return leaveOut(
                    Message(
                        "sdmx_export.leftOut.dimension",
                        ["dimension": .text(dimension), "structure": .text(structure.reference.description)]
                    )
                )
            }
            guard isBreakdown(code, slot: slot) else {
                return leaveOut(
                    Message(
                        "sdmx_export.leftOut.code",
                        ["component": .text(dimension), "code": .text(code), "codelist": .text(codelistName(slot))]
                    )
                )
            }
            breakdowns.append((slot, code))
        }
        if breakdowns.count > 1 { breakdowns.sort { $0.slot < $1.slot } }
        for slot in totalMissing where !breakdowns.contains(where: { $0.slot == slot }) {
            return leaveOut(
                Message(
                    "sdmx_export.leftOut.code",
                    ["component": .text(layout.dimensions[slot]), "code": "_T", "codelist": .text(codelistName(slot))]
                )
            )
        }
        // Time.
        guard let (year, detail) = Self.time(o.period) else {
            return leaveOut(Message("sdmx_export.leftOut.period", ["period": .text(o.period)]))
        }
        if detail != nil && !hasTimeDetail {
            return leaveOut(
                Message("sdmx_export.leftOut.timeDetail", ["period": .text(o.period), "structure": .text(structure.reference.description)])
            )
        }
        guard o.value.isFinite else { return leaveOut(Message("sdmx_export.leftOut.value", ["series": .text(o.series)])) }
        // Attributes, their codes checked.
        let status = o.status.flatMap { $0.isEmpty ? nil : $0 } ?? "A"
        if !observationSources.isEmpty || !seriesSources.isEmpty {
            if let problem = attributeProblem(unit: o.unit, status: status) { return leaveOut(problem) }
        }
        let multiplier = multiplierCode(o.series)
        func value(_ source: Source) -> String? {
            switch source {
            case .unit: return o.unit
            case .status: return status
            case .multiplier: return multiplier
            case .nature: return "C"
            case .source: return o.source.flatMap { $0.isEmpty ? nil : $0 }
            case .timeDetail: return detail
            }
        }
        guard multiplier != nil else {
            return leaveOut(
                Message(
                    "sdmx_export.leftOut.code",
                    [
                        "component": "UNIT_MULT", "code": .text(String(unitMultipliers[o.series] ?? 0)),
                        "codelist": .text(structure.codelist(of: "UNIT_MULT")?.reference.description ?? "UNIT_MULT"),
                    ]
                )
            )
        }
        let observation = SDMXExportObservation(period: year, value: o.value, attributes: observationSources.map(value))
        // The series: found by its area and breakdowns.
        var name = area
        for (slot, code) in breakdowns {
            name += "|\(slot)=\(code)"
        }
        if let index = groupIndex[name] {
            guard groups[index].accepted else { return }
            if !seriesSources.isEmpty {
                for (i, source) in seriesSources.enumerated() {
                    let v = value(source)
                    if v != groups[index].seriesAttributes[i] { groups[index].conflicts[i, default: []].insert(v ?? "") }
                }
            }
            groups[index].observations.append(observation)
            return
        }
        var key = fixedKey
        if let seriesSlot { key[seriesSlot] = o.series }
        if let areaSlot { key[areaSlot] = area }
        for (slot, code) in breakdowns { key[slot] = code }
        let accepted = filter?.matches(key) ?? true
        groupIndex[name] = groups.count
        groups.append(
            Group(
                key: key,
                name: key.joined(separator: "."),
                accepted: accepted,
                seriesAttributes: seriesSources.map(value),
                observations: accepted ? [observation] : []
            )
        )
    }

    /// TIME_PERIOD and TIME_DETAIL of a Pasan period (see the type's documentation).
    public static func time(_ period: String) -> (period: String, detail: String?)? {
        let utf8 = period.utf8
        guard utf8.count >= 4 else { return nil }
        var index = utf8.startIndex
        for _ in 0..<4 {
            guard utf8[index] >= 0x30 && utf8[index] <= 0x39 else { return nil }
            index = utf8.index(after: index)
        }
        if utf8.count == 4 { return (period, nil) }
        let year = String(period[..<index])
        // A year range: 2015-2016 → 2015/2016.
        let rest = Array(utf8[index...])
        if rest.count == 5, rest[0] == UInt8(ascii: "-") || rest[0] == UInt8(ascii: "/"),
            rest[1...].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        {
            return (year, year + "/" + String(decoding: rest[1...], as: UTF8.self))
        }
        return (year, period)
    }

    private func codelistName(_ slot: Int?) -> String {
        slot.flatMap { dimensionCodes[$0]?.reference.description } ?? "-"
    }

    private func isBreakdown(_ code: String, slot: Int) -> Bool {
        if let known = breakdownOK[slot]?[code] { return known }
        let ok = dimensionCodes[slot]?.contains(code) ?? true
        breakdownOK[slot, default: [:]][code] = ok
        return ok
    }

    /// A coded attribute whose value is not in its codelist (UNIT_MEASURE, OBS_STATUS).
    private func attributeProblem(unit: String, status: String) -> Message? {
        let unitAllowed: Bool
        if let known = unitOK[unit] {
            unitAllowed = known
        } else {
            unitAllowed = structure.codelist(of: "UNIT_MEASURE")?.contains(unit) ?? true
            unitOK[unit] = unitAllowed
        }
        if !unitAllowed, layout.seriesAttributes.contains("UNIT_MEASURE") || layout.observationAttributes.contains("UNIT_MEASURE") {
            return Message(
                "sdmx_export.leftOut.code",
                [
                    "component": "UNIT_MEASURE", "code": .text(unit),
                    "codelist": .text(structure.codelist(of: "UNIT_MEASURE")?.reference.description ?? "UNIT_MEASURE"),
                ]
            )
        }
        let statusAllowed: Bool
        if let known = statusOK[status] {
            statusAllowed = known
        } else {
            statusAllowed = structure.codelist(of: "OBS_STATUS")?.contains(status) ?? true
            statusOK[status] = statusAllowed
        }
        if !statusAllowed, layout.observationAttributes.contains("OBS_STATUS") || layout.seriesAttributes.contains("OBS_STATUS") {
            return Message(
                "sdmx_export.leftOut.code",
                [
                    "component": "OBS_STATUS", "code": .text(status),
                    "codelist": .text(structure.codelist(of: "OBS_STATUS")?.reference.description ?? "OBS_STATUS"),
                ]
            )
        }
        return nil
    }

    /// UNIT_MULT of a series (its unit multiplier, else `0`), `nil` when the codelist lacks it.
    private func multiplierCode(_ series: String) -> String? {
        if let known = multiplierText[series] { return known }
        let text = String(unitMultipliers[series] ?? 0)
        let allowed = structure.codelist(of: "UNIT_MULT")?.contains(text) ?? true
        multiplierText[series] = allowed ? text : nil
        return allowed ? text : nil
    }

    /// Pasan's area code → the DSD's: the country's code, or a subnational code the area
    /// codelist lists under the country.
    private func areaCode(for area: String) -> String? {
        if let known = areaCodes[area] { return known }
        let result: String?
        let list = areaSlot.flatMap { dimensionCodes[$0] }
        if area == Area.countryCode {
            result = list.map { $0.contains(target.countryArea) } ?? true ? target.countryArea : nil
        } else if let list, var code = list.code(area) {
            var found = false
            var steps = 0
            while let parent = code.parent, steps < 16 {
                if parent == target.countryArea {
                    found = true
                    break
                }
                guard let next = list.code(parent) else { break }
                code = next
                steps += 1
            }
            result = found ? area : nil
        } else {
            result = nil
        }
        areaCodes[area] = result
        return result
    }

    /// Checks the held series of one series code (one value per series-level attribute, no
    /// duplicate TIME_PERIOD) and writes them in key order.
    private func flushSeries() throws {
        guard !groups.isEmpty else { return }
        defer {
            groups.removeAll(keepingCapacity: true)
            groupIndex.removeAll(keepingCapacity: true)
        }
        for g in groups.indices.sorted(by: { groups[$0].name < groups[$1].name }) {
            let group = groups[g]
            guard group.accepted, !group.observations.isEmpty else { continue }
            if let (i, others) = group.conflicts.min(by: { $0.key < $1.key }) {
                let values = others.union([group.seriesAttributes[i] ?? ""]).sorted().joined(separator: ", ")
                leaveOut(
                    Message(
                        "sdmx_export.leftOut.seriesAttribute",
                        ["attribute": .text(layout.seriesAttributes[i]), "values": .text(values), "key": .text(group.name)]
                    ),
                    count: group.observations.count
                )
                continue
            }
            var sorted = group.observations
            if !isSorted(sorted) { sorted.sort { $0.period < $1.period } }
            var observations: [SDMXExportObservation] = []
            observations.reserveCapacity(sorted.count)
            var i = 0
            while i < sorted.count {
                var j = i + 1
                while j < sorted.count, sorted[j].period == sorted[i].period { j += 1 }
                if j == i + 1 {
                    observations.append(sorted[i])
                } else if sorted[i..<j].allSatisfy({ $0 == sorted[i] }) {
                    observations.append(sorted[i])
                    report.merged += j - i - 1
                } else {
                    leaveOut(
                        Message("sdmx_export.leftOut.duplicate", ["key": .text(group.name), "period": .text(sorted[i].period)]),
                        count: j - i
                    )
                }
                i = j
            }
            guard !observations.isEmpty else { continue }
            try writer.write(SDMXExportSeries(key: group.key, attributes: group.seriesAttributes, observations: observations))
            report.series += 1
            report.written += observations.count
            try writer.output.flushIfFull()
        }
    }

    private func isSorted(_ observations: [SDMXExportObservation]) -> Bool {
        var previous = ""
        for o in observations {
            if o.period < previous { return false }
            previous = o.period
        }
        return true
    }
}
