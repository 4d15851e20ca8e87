/// One form's values of one unit: field code → value.
public typealias ChainFormValues = [String: Double]
/// One unit's values: form code → its values.
public typealias ChainUnitValues = [String: ChainFormValues]

/// The compiled values of a chain: what every unit above the bottom (and the centre) holds, each
/// the declared aggregation of the values the level below sent.
public struct ChainCompiled: Sendable, Hashable {
    /// Area code → form → field → value; the centre is `ChainCompiled.centre`.
    public var units: [String: ChainUnitValues]

    public static let centre = ""

    public init(units: [String: ChainUnitValues] = [:]) {
        self.units = units
    }

    public func values(of area: String) -> ChainUnitValues { units[area] ?? [:] }

    public var national: ChainUnitValues { units[Self.centre] ?? [:] }
}

/// Pure aggregation of a chain, level by level from the bottom up.
///
/// A unit's values count at the level above only for the forms it sent (`submitted` or
/// `accepted`). The bottom units' values are what they entered; a higher unit's values are its
/// compiled values. Weighted averages stay exact up the levels because each unit carries its
/// compiled denominator (a sum): Σ(vᵢ·wᵢ) / Σwᵢ over the units below that have both.
public enum ChainCompilation {
    /// - Parameters:
    ///   - entered: the bottom units' entered values (area → form → field → value).
    ///   - states: every unit's state per form (area → form → state), bottom and higher.
    public static func compile(
        _ chain: ReportingChain,
        entered: [String: ChainUnitValues],
        states: [String: [String: ChainSubmissionState]]
    ) -> ChainCompiled {
        var compiled = ChainCompiled()
        var current = entered
        var levels: [AreaLevel?] = chain.levels.dropFirst().map(\.level)
        levels.append(nil)
        for level in levels {
            // Group what counts by the parent at `level` (nil: the centre).
            var groups: [String: [ChainUnitValues]] = [:]
            for (area, values) in current {
                let parent = level.map { ChainAreas.ancestor(of: area, at: $0) ?? area } ?? ChainCompiled.centre
                let sent = states[area] ?? [:]
                var counted: ChainUnitValues = [:]
                for (form, formValues) in values where sent[form]?.counts ?? false { counted[form] = formValues }
                groups[parent, default: []].append(counted)
            }
            var next: [String: ChainUnitValues] = [:]
            for (parent, children) in groups {
                next[parent] = aggregate(chain.forms, children)
            }
            for (area, values) in next { compiled.units[area] = values }
            current = next
        }
        return compiled
    }

    /// The declared aggregation of `children`'s values, form by form.
    public static func aggregate(_ forms: [ChainForm], _ children: [ChainUnitValues]) -> ChainUnitValues {
        var result: ChainUnitValues = [:]
        for form in forms {
            let rows = children.compactMap { $0[form.code] }
            guard !rows.isEmpty else { continue }
            var values: ChainFormValues = [:]
            for field in form.fields {
                switch field.aggregation {
                case .sum:
                    let present = rows.compactMap { $0[field.code] }
                    if !present.isEmpty { values[field.code] = present.reduce(0, +) }
                case .max:
                    if let top = rows.compactMap({ $0[field.code] }).max() { values[field.code] = top }
                case .weightedAverage(let denominator):
                    var numerator = 0.0
                    var weight = 0.0
                    for row in rows {
                        guard let value = row[field.code], let w = row[denominator] else { continue }
                        numerator += value * w
                        weight += w
                    }
                    if weight > 0 { values[field.code] = numerator / weight }
                }
            }
            result[form.code] = values
        }
        return result
    }
}

/// How far a level has come: units expected, arrived (every form sent), accepted (every form
/// accepted), returned (a form sent back) and late (deadline passed, not arrived).
public struct ChainCompleteness: Sendable, Hashable {
    public var level: AreaLevel
    public var deadline: LocalDate
    public var expected: Int
    public var arrived: Int
    public var accepted: Int
    public var returned: Int
    public var late: Int

    public init(level: AreaLevel, deadline: LocalDate, expected: Int, arrived: Int, accepted: Int, returned: Int, late: Int) {
        self.level = level
        self.deadline = deadline
        self.expected = expected
        self.arrived = arrived
        self.accepted = accepted
        self.returned = returned
        self.late = late
    }
}

extension ChainCompilation {
    /// A unit's state over all forms: returned if any form is; nothing/draft if any is not sent;
    /// submitted if any is only submitted; accepted when all are.
    public static func unitState(_ forms: [ChainForm], _ states: [String: ChainSubmissionState]) -> ChainSubmissionState? {
        let all = forms.map { states[$0.code] }
        if all.contains(.returned) { return .returned }
        if all.contains(where: { $0 == nil }) { return all.contains(where: { $0 != nil }) ? .draft : nil }
        if all.contains(.draft) { return .draft }
        if all.contains(.submitted) { return .submitted }
        return .accepted
    }

    /// Completeness per level, from the bottom up, for the units of each level.
    public static func completeness(
        _ chain: ReportingChain,
        units: [AreaLevel: [String]],
        states: [String: [String: ChainSubmissionState]],
        today: LocalDate
    ) -> [ChainCompleteness] {
        chain.levels.map { level in
            var row = ChainCompleteness(
                level: level.level,
                deadline: level.deadline,
                expected: 0,
                arrived: 0,
                accepted: 0,
                returned: 0,
                late: 0
            )
            for area in units[level.level] ?? [] {
                let state = unitState(chain.forms, states[area] ?? [:])
                row.expected += 1
                if state?.counts ?? false { row.arrived += 1 }
                if state == .accepted { row.accepted += 1 }
                if state == .returned { row.returned += 1 }
                if ChainWorkflow.isLate(state, deadline: level.deadline, today: today) { row.late += 1 }
            }
            return row
        }
    }
}
