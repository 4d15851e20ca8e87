/// The rules every value obeys on its way to the portal, whichever way it arrives: a tidy CSV or
/// grid of a cycle submission (`TidyValidator`) or an import batch from an Open SDG repository or
/// an SDMX message. One definition, so that an import cannot publish what a submission may not.
///
/// Each rule looks at one field of one value and names what it expected: a period that starts
/// with a four-digit year, a known place, SDMX codes of the right shape (and of the code list for
/// the breakdowns Pasan knows), a known observation status, free text within its limit, and a
/// finite number within the bounds of its unit (percent 0–100, counts not negative).
public struct ObservationRules: Sendable {
    /// Canonical area codes (`LA` for the country, LSB codes below).
    public var knownAreas: Set<String>
    /// Bounds per unit (upper-cased SDMX unit code).
    public var bounds: [String: ClosedRange<Double>]

    public init(knownAreas: Set<String>, bounds: [String: ClosedRange<Double>] = TidyContext.defaultBounds) {
        self.knownAreas = knownAreas
        self.bounds = bounds
    }

    /// A rule broken by one field of one value: the field (a tidy column name or an SDMX
    /// concept), what was found there and what was expected.
    public struct Problem: Sendable, Hashable {
        public var field: String
        public var found: String
        public var expected: Message

        public init(field: String, found: String, expected: Message) {
            self.field = field
            self.found = found
            self.expected = expected
        }
    }

    // MARK: One value

    /// Every rule for one value (its period, place, breakdowns, status, source text and number),
    /// in that order. `comment`: the value's `COMMENT_OBS`, when it has one.
    public func check(_ observation: Observation, comment: String? = nil) -> [Problem] {
        var problems: [Problem] = []
        if let problem = Self.period(observation.period) { problems.append(problem) }
        if let problem = area(observation.area, written: observation.area) { problems.append(problem) }
        for (dimension, code) in observation.dimensions.sorted(by: { $0.key < $1.key }) {
            if let problem = Self.dimensionName(dimension) {
                problems.append(problem)
            } else if let problem = Self.breakdown(dimension, code: code) {
                problems.append(problem)
            }
        }
        if let status = observation.status, let problem = Self.status(status) { problems.append(problem) }
        if let comment, let problem = Self.text("COMMENT_OBS", comment) { problems.append(problem) }
        if let source = observation.source, let problem = Self.text("SOURCE_DETAIL", source) { problems.append(problem) }
        if let problem = value(observation.value, unit: observation.unit, written: Self.format(observation.value)) {
            problems.append(problem)
        }
        return problems
    }

    // MARK: The rules, field by field

    /// The year a tidy `Year` cell stands for: its first four characters as a number.
    public static func year(of text: String) -> Int? {
        text.isEmpty ? nil : Int(text.prefix(4))
    }

    /// A period as stored: a four-digit year (`2015`), optionally followed by up to two SDMX
    /// period parts (`2019-Q4`, `2019-S1`, `2019-01`, `2019-01-15`).
    public static func period(_ period: String) -> Problem? {
        let parts = period.split(separator: "-", omittingEmptySubsequences: false)
        let yearOK = parts[0].count == 4 && parts[0].allSatisfy { $0.isASCII && $0.isNumber }
        let restOK =
            parts.count <= 3
            && parts.dropFirst().allSatisfy { (1...3).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
        return yearOK && restOK ? nil : Problem(field: "Year", found: period, expected: Message("imports.tidy.year"))
    }

    /// The canonical code of a place as written: blank, `418` and `LAO` are the country; a
    /// p-code (`LA0101`) is its LSB code (`0101`).
    public static func canonicalArea(_ written: String) -> String {
        var area = written
        if area.isEmpty || area == "418" || area == "LAO" { area = Area.countryCode }
        if area.hasPrefix("LA"), area.count > 2 { area = String(area.dropFirst(2)) }
        return area
    }

    /// The place must be known (`code` canonical; `written` is what the file said).
    public func area(_ code: String, written: String) -> Problem? {
        knownAreas.contains(code) ? nil : Problem(field: "GeoCode", found: written, expected: Message("imports.tidy.area"))
    }

    /// The name of a breakdown is part of a value's key: an SDMX identifier.
    public static func dimensionName(_ name: String) -> Problem? {
        isCode(name) ? nil : Problem(field: name, found: name, expected: Message("batches.rules.dimensionName"))
    }

    /// A breakdown code: one of the code list for the breakdowns Pasan knows the codes of
    /// (`TidyFormat.dimensions`), otherwise any SDMX code of the right shape.
    public static func breakdown(_ dimension: String, code: String) -> Problem? {
        let allowed = TidyFormat.dimensions[dimension] ?? nil
        if allowed.map({ $0.contains(code) }) ?? isCode(code) { return nil }
        return Problem(
            field: dimension,
            found: code,
            expected: allowed.map {
                Message("imports.tidy.sdmxCodeOf", ["column": .text(dimension), "codes": .text($0.sorted().joined(separator: ", "))])
            } ?? Message("imports.tidy.anySdmxCode", ["column": .text(dimension)])
        )
    }

    /// An SDMX observation status Pasan knows.
    public static func status(_ status: String) -> Problem? {
        guard !TidyFormat.observationStatuses.contains(status) else { return nil }
        return Problem(
            field: "OBS_STATUS",
            found: status,
            expected: Message("imports.tidy.status", ["statuses": .text(TidyFormat.observationStatuses.sorted().joined(separator: ", "))])
        )
    }

    /// Free text of a value (`COMMENT_OBS`, `SOURCE_DETAIL`) within `TidyFormat.maximumTextLength`.
    public static func text(_ column: String, _ text: String) -> Problem? {
        let limit = TidyFormat.maximumTextLength
        guard text.utf8.count > limit, text.count > limit else { return nil }
        return Problem(
            field: column,
            found: text,
            expected: Message(
                "imports.tidy.tooLong",
                ["limit": .text(String(limit)), "column": .text(column), "length": .text(String(text.count))]
            )
        )
    }

    /// The number a value cell holds (Lao digits read as ASCII), or `nil` when it is no finite number.
    public static func number(_ text: String) -> Double? {
        // Plain ASCII digits, signs, points and exponents read as they are (the usual cell);
        // anything else (Lao or full-width digits, spaces inside) is folded first.
        let plain = text.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x65 || $0 == 0x45
        }
        guard let v = Double(plain ? text : SearchText.normalise(text)), v.isFinite else { return nil }
        return v
    }

    /// A value must be a finite number within the bounds of its unit (`written`: as the file said it).
    public func value(_ value: Double, unit: String, written: String) -> Problem? {
        guard value.isFinite else { return Problem(field: "Value", found: written, expected: Message("imports.tidy.number")) }
        guard let range = bounds[unit.uppercased()], !range.contains(value) else { return nil }
        let expected =
            range.upperBound == .greatestFiniteMagnitude
            ? Message("imports.tidy.atLeast", ["minimum": .text(Self.format(range.lowerBound))])
            : Message(
                "imports.tidy.between",
                ["minimum": .text(Self.format(range.lowerBound)), "maximum": .text(Self.format(range.upperBound))]
            )
        return Problem(
            field: "Value",
            found: written,
            expected: Message("imports.tidy.valueInUnit", ["expected": .message(expected), "unit": .text(unit)])
        )
    }

    /// A code of a value's key (series, breakdown name or code): letters, digits and `_`, at most
    /// `TidyFormat.maximumCodeLength` characters.
    /// An SDMX identifier (`IDType`: ASCII letters and digits, `_`, `@`, `$`, `-`), as codes are
    /// written in every DSD (`Y15T24`, `_T`, `ISCO08_221`, UNIT_MULT's `-1`).
    public static func isCode(_ code: String) -> Bool {
        !code.isEmpty && code.utf8.count <= TidyFormat.maximumCodeLength
            && code.utf8.allSatisfy { b in
                (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x40 || b == 0x24
                    || b == 0x2D
            }
    }

    /// A number as the rules repeat it: whole numbers without a decimal point.
    public static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }
}
