import Foundation

/// Turns the data values of a DHIS2 pull into the tidy rows of an owner's submission, which then go
/// through the same `TidyValidator` as typed or uploaded data.
///
/// Each value is looked up by its data element and category option combo in the mappings (a value
/// without a combo, or with an empty one, matches a mapping without a combo; DHIS2's default combo
/// UIDs `HllvX50cXC0` and `bRowv6yZOF2` are ordinary UIDs that a mapping names if it wants them),
/// and its organisation unit in the confirmed matches. A value then lands in exactly one place:
///
/// - a **row**: one per Pasan cell (indicator, series, breakdown, area, calendar year of the
///   period), its value the mapping's aggregation of the cell's values, each multiplied by the
///   mapping's `factor` first;
/// - **ignored**, with the reason: deleted in DHIS2; its (data element, combo) named by two
///   different mappings; a period that is not a DHIS2 period; a year outside the years asked for;
///   a value that is not a number; or, for the whole cell, two DHIS2 sources (another data element,
///   combo or organisation unit) giving the same cell, two period types, two values for one
///   period (two attribute option combos, say), or a sum over part of a year (3 of 4 quarters);
/// - **unmapped**: counted per (data element, combo) without a mapping and per organisation unit
///   without a confirmed area, so that the page can offer to map them (a value with neither is
///   counted in both lists).
///
/// **Numbers.** DHIS2 sends values as text. Pasan reads an optional sign, digits, an optional
/// decimal part after a point and an optional exponent (`12`, `12.5`, `-3`, `+4`, `115.0`,
/// `1.5E3`), with spaces around it allowed (` 7 `); anything else is refused (`test`, `1,2`,
/// `12.`, `.5`, `NaN`, `true`, an empty value).
///
/// **Aggregation** into the calendar year (`DHIS2Period.calendarYear`): `sum` needs every period
/// of the year (12 months, 4 quarters, 52 or 53 weeks…), otherwise the cell is ignored and the
/// reason says how many came; `average` is the mean of the periods that came; `last` is the value
/// of the latest period that came. A yearly or financial-year value is the year's value whatever
/// the aggregation. Values are added in binary floating point and the result is kept to 12
/// significant digits, so that 0.1 + 0.2 gives 0.3.
///
/// One pass over the values with dictionaries: 100,000 values are mapped in a fraction of a second.
public enum DHIS2Mapper {
    /// The significant digits a mapped value keeps.
    public static let significantDigits = 12

    public static func map(
        values: [DHIS2DataValue],
        mappings: [DHIS2ElementMapping],
        orgUnits: [String: String],
        units: [String: String],
        provenance: String,
        years: Set<Int>?
    ) -> DHIS2MappingResult {
        // Mappings by (data element, combo); every breakdown any mapping uses is a column.
        var targets: [ElementAndCombo: MappedTarget] = [:]
        var mappedTwice: Set<ElementAndCombo> = []
        var dimensionNames: Set<String> = []
        for mapping in mappings {
            let key = ElementAndCombo(mapping.dataElement, mapping.categoryOptionCombo)
            let target = MappedTarget(mapping)
            dimensionNames.formUnion(target.codes.keys)
            if let existing = targets[key] {
                if existing.mapping != mapping { mappedTwice.insert(key) }
            } else {
                targets[key] = target
            }
        }
        let dimensions = dimensionNames.sorted()
        let areas = orgUnits.mapValues(ObservationRules.canonicalArea)
        let yearList = years.map { $0.sorted().map(String.init).joined(separator: ", ") } ?? ""

        var periods: [String: DHIS2Period?] = [:]
        var unmappedElements: [ElementAndCombo: Int] = [:]
        var unmappedOrgUnits: [String: Int] = [:]
        var ignored: [DHIS2IgnoredValue] = []
        var cellIndex: [CellKey: Int] = [:]
        var cells: [CellInProgress] = []

        for (index, value) in values.enumerated() {
            func ignore(_ reason: Message) { ignored.append(DHIS2IgnoredValue(index: index, value: value, reason: reason)) }
            if value.deleted == true {
                ignore(Message("dhis2.ignored.deleted"))
                continue
            }
            let element = ElementAndCombo(value.dataElement, value.categoryOptionCombo)
            let target = targets[element]
            let area = areas[value.orgUnit]
            if target == nil { unmappedElements[element, default: 0] += 1 }
            if area == nil { unmappedOrgUnits[value.orgUnit, default: 0] += 1 }
            guard let target, let area else { continue }
            if mappedTwice.contains(element) {
                ignore(Message("dhis2.ignored.mappedTwice", ["dataElement": .text(element.dataElement), "combo": element.comboArgument]))
                continue
            }
            let parsed: DHIS2Period?
            if let cached = periods[value.period] {
                parsed = cached
            } else {
                parsed = DHIS2Period(value.period)
                periods.updateValue(parsed, forKey: value.period)
            }
            guard let period = parsed else {
                ignore(Message("dhis2.ignored.period", ["period": .text(TidyIssue.echo(value.period))]))
                continue
            }
            if let years, !years.contains(period.calendarYear) {
                ignore(
                    Message(
                        "dhis2.ignored.outsideYears",
                        ["period": .text(period.identifier), "year": .text(String(period.calendarYear)), "years": .text(yearList)]
                    )
                )
                continue
            }
            guard let number = number(value.value) else {
                ignore(Message("dhis2.ignored.notNumber", ["value": .text(TidyIssue.echo(value.value ?? ""))]))
                continue
            }
            let key = CellKey(
                indicator: target.mapping.indicator,
                series: target.mapping.series,
                area: area,
                period: String(period.calendarYear),
                dimensions: target.dimensionKey
            )
            let source = ValueOrigin(element: element, orgUnit: value.orgUnit)
            let amount = number * target.mapping.factor
            if let i = cellIndex[key] {
                cells[i].add(index: index, period: period, amount: amount, source: source)
            } else {
                cellIndex[key] = cells.count
                cells.append(CellInProgress(key: key, target: target, first: index, period: period, amount: amount, source: source))
            }
        }

        // Each cell: a row, or all its values ignored with the cell's reason.
        var result = DHIS2MappingResult(header: TidyFormat.header(dimensions: dimensions))
        for cell in cells {
            if let reason = cell.problem {
                for index in cell.indexes {
                    ignored.append(DHIS2IgnoredValue(index: index, value: values[index], reason: reason))
                }
                continue
            }
            let value = rounded(cell.value)
            let line = cell.indexes[0] + 1
            var fields = [String(cell.year), cell.key.series, units[cell.key.series] ?? ""]
            fields += dimensions.map { cell.target.codes[$0] ?? "" }
            fields += ["", "", provenance, cell.key.area, ObservationRules.format(value)]
            result.rows.append((line: line, fields: fields))
            result.cells.append(DHIS2MappedCell(line: line, key: cell.key, value: value, sources: cell.indexes))
            result.sources[line] = cell.indexes
        }
        ignored.sort { $0.index < $1.index }
        result.ignored = ignored
        result.unmappedElements = unmappedElements.map {
            DHIS2UnmappedElement(dataElement: $0.key.dataElement, categoryOptionCombo: $0.key.combo.nonEmptyOrNil, count: $0.value)
        }.sorted {
            $0.count != $1.count
                ? $0.count > $1.count
                : ($0.dataElement, $0.categoryOptionCombo ?? "") < ($1.dataElement, $1.categoryOptionCombo ?? "")
        }
        result.unmappedOrgUnits = unmappedOrgUnits.map { DHIS2UnmappedOrgUnit(uid: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.uid < $1.uid }
        return result
    }

    /// A DHIS2 value as a number (see the type's documentation), `nil` if it is not one.
    public static func number(_ text: String?) -> Double? {
        guard let text else { return nil }
        let bytes = text.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while start < end, isSpace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        var i = start
        func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        func digits() -> Bool {
            let first = i
            while i < end, isDigit(bytes[i]) { i = bytes.index(after: i) }
            return i > first
        }
        if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i = bytes.index(after: i) }
        guard digits() else { return nil }
        if i < end, bytes[i] == UInt8(ascii: ".") {
            i = bytes.index(after: i)
            guard digits() else { return nil }
        }
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i = bytes.index(after: i)
            if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") { i = bytes.index(after: i) }
            guard digits() else { return nil }
        }
        guard i == end, let value = Double(String(text[start..<end])), value.isFinite else { return nil }
        return value
    }

    /// `value` kept to `significantDigits` significant digits.
    static func rounded(_ value: Double) -> Double {
        guard value != 0, value.isFinite else { return value }
        let exponent = Int(log10(abs(value)).rounded(.down))
        let shift = significantDigits - 1 - exponent
        guard abs(shift) <= 22 else { return value }  // powers of ten up to 1e22 are exact
        let scale = pow(10, Double(abs(shift)))
        return shift >= 0 ? (value * scale).rounded() / scale : (value / scale).rounded() * scale
    }
}

/// What a pull's values became: rows for the validator, the cells they are, and what was left out.
public struct DHIS2MappingResult: Sendable {
    /// `TidyFormat.header` with every breakdown any mapping uses.
    public var header: [String]
    /// One row per Pasan cell, ready for `TidyValidator.validate` (by ascending line). A row's
    /// `line` is the 1-based position of the first DHIS2 value that went into it, so that a problem
    /// the validator finds points back at DHIS2's data. The validator checks one indicator at a
    /// time: `rows(of:)` gives an indicator's rows.
    public var rows: [(line: Int, fields: [String])] = []
    /// The same cells as values (parallel to `rows`).
    public var cells: [DHIS2MappedCell] = []
    /// For each row's line, the positions (0-based, in the values given) of the DHIS2 values in it.
    public var sources: [Int: [Int]] = [:]
    /// The values left out, with the reason, by position.
    public var ignored: [DHIS2IgnoredValue] = []
    /// (Data element, combo) pairs without a mapping, most values first.
    public var unmappedElements: [DHIS2UnmappedElement] = []
    /// Organisation units without a confirmed area, most values first.
    public var unmappedOrgUnits: [DHIS2UnmappedOrgUnit] = []

    public init(header: [String]) {
        self.header = header
    }

    /// The indicators the rows are for, sorted.
    public var indicators: [String] { Set(cells.map(\.key.indicator)).sorted() }

    /// The rows of one indicator, for the validator's context of that indicator.
    public func rows(of indicator: String) -> [(line: Int, fields: [String])] {
        zip(rows, cells).filter { $0.1.key.indicator == indicator }.map(\.0)
    }
}

/// One Pasan cell made from DHIS2 values.
public struct DHIS2MappedCell: Sendable, Hashable {
    /// The row's line (1-based position of its first DHIS2 value).
    public var line: Int
    /// The cell (its period is the calendar year).
    public var key: CellKey
    public var value: Double
    /// Positions (0-based) of the DHIS2 values in it.
    public var sources: [Int]

    public init(line: Int, key: CellKey, value: Double, sources: [Int]) {
        self.line = line
        self.key = key
        self.value = value
        self.sources = sources
    }
}

/// A DHIS2 value the mapper left out, and why.
public struct DHIS2IgnoredValue: Sendable, Hashable {
    /// Its position (0-based) in the values given.
    public var index: Int
    public var value: DHIS2DataValue
    public var reason: Message

    public init(index: Int, value: DHIS2DataValue, reason: Message) {
        self.index = index
        self.value = value
        self.reason = reason
    }
}

/// A DHIS2 data element and combo that no mapping names, and how many values came for it.
public struct DHIS2UnmappedElement: Sendable, Hashable {
    public var dataElement: String
    /// `nil`: the default combo (no combo or an empty one).
    public var categoryOptionCombo: String?
    public var count: Int

    public init(dataElement: String, categoryOptionCombo: String?, count: Int) {
        self.dataElement = dataElement
        self.categoryOptionCombo = categoryOptionCombo
        self.count = count
    }
}

/// A DHIS2 organisation unit without a confirmed area, and how many values came for it.
public struct DHIS2UnmappedOrgUnit: Sendable, Hashable {
    public var uid: String
    public var count: Int

    public init(uid: String, count: Int) {
        self.uid = uid
        self.count = count
    }
}

// MARK: - The mapper's working values

/// A data element and combo; the default combo (nil or empty) is "".
private struct ElementAndCombo: Hashable {
    var dataElement: String
    var combo: String

    init(_ dataElement: String, _ combo: String?) {
        self.dataElement = dataElement
        self.combo = combo ?? ""
    }

    var comboArgument: MessageArgument { combo.isEmpty ? .message(Message("dhis2.combo.default")) : .text(combo) }
}

/// Where in DHIS2 a cell's values come from.
private struct ValueOrigin: Hashable {
    var element: ElementAndCombo
    var orgUnit: String

    var message: Message {
        Message(
            "dhis2.source",
            ["dataElement": .text(element.dataElement), "combo": element.comboArgument, "orgUnit": .text(orgUnit)]
        )
    }
}

/// A mapping with its breakdown read.
private struct MappedTarget {
    var mapping: DHIS2ElementMapping
    /// Breakdown → code; a total (`_T`) is "".
    var codes: [String: String]
    /// The cell's breakdown key: sorted, totals left out.
    var dimensionKey: String

    init(_ mapping: DHIS2ElementMapping) {
        self.mapping = mapping
        let codes = Observation.dimensions(fromKey: mapping.dimensions).mapValues { $0 == "_T" ? "" : $0 }
        self.codes = codes
        self.dimensionKey = codes.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: "|")
    }
}

/// The values that came for one cell.
private struct CellInProgress {
    var key: CellKey
    var target: MappedTarget
    var year: Int
    var source: ValueOrigin
    var otherSource: ValueOrigin?
    var type: DHIS2Period.PeriodType
    var otherType: DHIS2Period.PeriodType?
    var repeatedPeriod: String?
    var indexes: [Int]
    /// First days (day numbers) of the periods that came.
    var starts: Set<Int>
    var sum: Double
    var latestStart: Int
    var latest: Double

    init(key: CellKey, target: MappedTarget, first index: Int, period: DHIS2Period, amount: Double, source: ValueOrigin) {
        let start = DHIS2Period.dayNumber(period.start)
        self.key = key
        self.target = target
        self.year = period.calendarYear
        self.source = source
        self.type = period.type
        self.indexes = [index]
        self.starts = [start]
        self.sum = amount
        self.latestStart = start
        self.latest = amount
    }

    mutating func add(index: Int, period: DHIS2Period, amount: Double, source: ValueOrigin) {
        indexes.append(index)
        if source != self.source, otherSource == nil { otherSource = source }
        guard period.type == type else {
            if otherType == nil { otherType = period.type }
            return
        }
        let start = DHIS2Period.dayNumber(period.start)
        guard starts.insert(start).inserted else {
            if repeatedPeriod == nil { repeatedPeriod = period.identifier }
            return
        }
        sum += amount
        if start > latestStart {
            latestStart = start
            latest = amount
        }
    }

    /// Why the cell cannot be given a value, if it cannot.
    var problem: Message? {
        let cell = MessageArgument.text(key.description)
        if let otherSource {
            return Message(
                "dhis2.ignored.duplicateCell",
                ["cell": cell, "first": .message(source.message), "second": .message(otherSource.message)]
            )
        }
        if let otherType {
            return Message(
                "dhis2.ignored.mixedPeriods",
                ["cell": cell, "first": .message(type.title), "second": .message(otherType.title)]
            )
        }
        if let repeatedPeriod {
            return Message("dhis2.ignored.samePeriodTwice", ["cell": cell, "period": .text(repeatedPeriod)])
        }
        let expected = DHIS2Period.periodCount(of: type, in: year)
        if target.mapping.aggregation == .sum, starts.count < expected {
            return Message(
                "dhis2.ignored.incompleteYear",
                [
                    "count": .number(starts.count), "expected": .number(expected), "periodType": .message(type.title),
                    "year": .text(String(year)), "cell": cell,
                ]
            )
        }
        return nil
    }

    /// The cell's value by the mapping's aggregation.
    var value: Double {
        switch target.mapping.aggregation {
        case .sum: sum
        case .average: sum / Double(starts.count)
        case .last: latest
        }
    }
}
