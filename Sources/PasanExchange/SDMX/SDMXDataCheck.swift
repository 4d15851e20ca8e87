import Foundation
import PasanDomain

/// Checks a data message against its data structure (the checks of `docs/sdmx.md` §4.4 that the
/// SDMX libraries leave out) and reports every problem found, in reading order:
///
/// 1. the header's structure reference names this DSD (agency, id, version) or a dataflow over it;
/// 2. every component is one the DSD knows (dimensions in the key, attributes elsewhere);
/// 3. every dimension of the key is present and not empty, and every observation has a period;
/// 4. codes of dimensions and coded attributes are in their codelists;
/// 5. mandatory attributes are present at their attachment level (observation, series), and a
///    series attribute has one value per series;
/// 6. `OBS_VALUE` is a number, and no (key, period) comes twice;
/// 7. the series key is one the structure allows: the dataflow's constraint (`DF_SDG_GLC`
///    takes national data only, `REPORTING_TYPE = N`) and, when given, content constraints per
///    series (allowed units, multipliers and breakdown codes);
/// 8. the data set's action adds values (a `Delete` message is not imported).
///
/// Problems name the file, the line, the series key (SDMX's dotted form, `A.N.SI_POV_NAHC.418._T…`,
/// followed by the period for an observation), what was found and what was expected.
public enum SDMXDataCheck {
    public struct Options: Sendable {
        /// Allowed codes per series, when the caller has them (`SDMXContentConstraints`).
        public var constraints: SDMXContentConstraints?
        /// References that the caller also takes as naming the DSD, because it pairs the file
        /// with the DSD itself (an Open SDG configuration's `dsd:`). Empty by default.
        public var alsoAccepted: Set<SDMXReference>

        public init(constraints: SDMXContentConstraints? = nil, alsoAccepted: Set<SDMXReference> = []) {
            self.constraints = constraints
            self.alsoAccepted = alsoAccepted
        }
    }

    /// The dataflows of the global SDG DSD, which its structure file does not carry
    /// (`docs/sdmx.md` §1.3): their ids under the DSD's agency, with the codes their constraint
    /// fixes. Any version is accepted (Pasan's default: the dataflow's version is the
    /// registry's, and the DSD file cannot tell which ones are over it).
    public static let sdgDataflows: [String: [String: String]] = [
        "DF_SDG_GLC": ["REPORTING_TYPE": "N"],
        "DF_SDG_GLH": [:],
    ]

    /// The actions a message may carry to be imported.
    public static let importedActions: Set<String> = ["Information", "Append", "Replace"]

    public static func check(
        _ message: SDMXDataMessage,
        file: String,
        structure: DataStructure,
        options: Options = Options()
    ) -> [ExchangeProblem] {
        var problems: [ExchangeProblem] = []
        let dsdName = structure.reference.description

        // 1. The structure the message names.
        var dataflowConstraint: [String: String] = [:]
        var dataflowName = ""
        // The header has no line of its own in SDMX-ML as read; in SDMX-CSV it is line 1.
        let headerLine: Int? = message.format == .csv1 || message.format == .csv2 ? 1 : nil
        if let named = message.structure {
            if message.structureIsDataflow {
                if let known = dataflow(named, over: structure) {
                    dataflowConstraint = known
                    dataflowName = named.description
                } else if !options.alsoAccepted.contains(named) {
                    problems.append(
                        ExchangeProblem(
                            file: file,
                            line: headerLine,
                            found: named.description,
                            expected: Message("sdmx.check.dataflow", ["structure": .text(dsdName)])
                        )
                    )
                }
            } else if named != structure.reference && !options.alsoAccepted.contains(named) {
                problems.append(
                    ExchangeProblem(
                        file: file,
                        line: headerLine,
                        found: named.description,
                        expected: Message("sdmx.check.structure", ["structure": .text(dsdName)])
                    )
                )
            }
        } else {
            problems.append(
                ExchangeProblem(file: file, line: headerLine, expected: Message("sdmx.check.noStructure", ["structure": .text(dsdName)]))
            )
        }
        // 8. The action.
        if let action = message.action, !importedActions.contains(action) {
            problems.append(
                ExchangeProblem(file: file, line: headerLine, location: "action", found: action, expected: Message("sdmx.check.action"))
            )
        }

        let dimensionIDs = Set(structure.dimensions.map(\.id))
        let attributes = Dictionary(structure.attributes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let codelists = Dictionary(
            (structure.dimensions.map { ($0.id, $0.codelist) } + structure.attributes.map { ($0.id, $0.codelist) })
                .compactMap { id, reference in reference.flatMap { structure.codelists[$0.id] }.map { (id, $0) } },
            uniquingKeysWith: { a, _ in a }
        )
        let seriesMandatory = structure.attributes.filter { $0.mandatory && ($0.attachment == .series || $0.attachment == .group) }
        let observationMandatory = structure.attributes.filter { $0.mandatory && $0.attachment == .observation }
        var firstLine: [String: Int] = [:]

        enum Misplaced { case unknown, attributeInKey, dimensionOutsideKey }
        func misplaced(_ id: String, _ kind: Misplaced) -> Message {
            let arguments: [String: MessageArgument] = ["component": .text(id), "structure": .text(dsdName)]
            switch kind {
            case .unknown: return Message("sdmx.check.unknownComponent", arguments)
            case .attributeInKey: return Message("sdmx.check.notDimension", arguments)
            case .dimensionOutsideKey: return Message("sdmx.check.notAttribute", arguments)
            }
        }
        func code(_ id: String, _ value: String, line: Int, location: String) {
            guard let list = codelists[id], !value.isEmpty, !list.contains(value) else { return }
            problems.append(
                ExchangeProblem(
                    file: file,
                    line: line,
                    location: location,
                    found: "\(id)=\(value)",
                    expected: Message("sdmx.check.code", ["component": .text(id), "codelist": .text(list.reference.description)])
                )
            )
        }
        func constrained(_ id: String, _ value: String, series: String?, line: Int, location: String) {
            if let fixed = dataflowConstraint[id], value != fixed {
                problems.append(
                    ExchangeProblem(
                        file: file,
                        line: line,
                        location: location,
                        found: "\(id)=\(value)",
                        expected: Message(
                            "sdmx.check.dataflowConstraint",
                            ["component": .text(id), "code": .text(fixed), "dataflow": .text(dataflowName)]
                        )
                    )
                )
            }
            guard let series, let allowed = options.constraints?.allowed(series: series, component: id), !allowed.contains(value) else {
                return
            }
            let shown = allowed.sorted().prefix(12).joined(separator: ", ") + (allowed.count > 12 ? ", …" : "")
            problems.append(
                ExchangeProblem(
                    file: file,
                    line: line,
                    location: location,
                    found: "\(id)=\(value)",
                    expected: Message("sdmx.check.constraint", ["series": .text(series), "component": .text(id), "codes": .text(shown)])
                )
            )
        }

        for series in message.series {
            let key = dottedKey(series, structure)
            let seriesCode = series.value(of: "SERIES")
            // 2. Components of the key.
            for (id, value) in series.key where !dimensionIDs.contains(id) {
                problems.append(
                    ExchangeProblem(
                        file: file,
                        line: series.line,
                        location: key,
                        found: "\(id)=\(value)",
                        expected: misplaced(id, attributes[id] == nil ? .unknown : .attributeInKey)
                    )
                )
            }
            // 3, 4, 7. Every dimension, with a code of its codelist.
            for dimension in structure.dimensions {
                let value = series.key.first { $0.id == dimension.id }?.value
                guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                    problems.append(
                        ExchangeProblem(
                            file: file,
                            line: series.line,
                            location: key,
                            found: value,
                            expected: Message("sdmx.check.dimensionMissing", ["dimension": .text(dimension.id)])
                        )
                    )
                    continue
                }
                code(dimension.id, value, line: series.line, location: key)
                constrained(dimension.id, value, series: seriesCode, line: series.line, location: key)
            }
            // Series attributes: known, attached to the series, coded right.
            for (id, value) in series.attributes {
                guard let attribute = attributes[id] else {
                    problems.append(
                        ExchangeProblem(
                            file: file,
                            line: series.line,
                            location: key,
                            found: "\(id)=\(value)",
                            expected: misplaced(id, dimensionIDs.contains(id) ? .dimensionOutsideKey : .unknown)
                        )
                    )
                    continue
                }
                if attribute.attachment == .observation {
                    problems.append(
                        ExchangeProblem(
                            file: file,
                            line: series.line,
                            location: key,
                            found: "\(id)=\(value)",
                            expected: Message("sdmx.check.observationLevel", ["attribute": .text(id)])
                        )
                    )
                }
                code(id, value, line: series.line, location: key)
                constrained(id, value, series: seriesCode, line: series.line, location: key)
            }
            // 5. Mandatory series attributes.
            for attribute in seriesMandatory where (series.attributes.first { $0.id == attribute.id }?.value ?? "").isEmpty {
                problems.append(
                    ExchangeProblem(
                        file: file,
                        line: series.line,
                        location: key,
                        expected: Message("sdmx.check.seriesAttributeMissing", ["attribute": .text(attribute.id)])
                    )
                )
            }
            for observation in series.observations {
                let location = key + " " + observation.period
                // 3. A period.
                if observation.period.trimmingCharacters(in: .whitespaces).isEmpty {
                    problems.append(
                        ExchangeProblem(
                            file: file,
                            line: observation.line,
                            location: key,
                            expected: Message("sdmx.check.dimensionMissing", ["dimension": .text(structure.timeDimension)])
                        )
                    )
                }
                // 6. A number, once per key and period.
                let text = observation.value?.trimmingCharacters(in: .whitespaces) ?? ""
                if number(text) == nil {
                    problems.append(
                        ExchangeProblem(
                            file: file,
                            line: observation.line,
                            location: location,
                            found: "\(structure.primaryMeasure)=\(text)",
                            expected: Message("sdmx.check.number", ["measure": .text(structure.primaryMeasure)])
                        )
                    )
                }
                let cell = key + "\u{1F}" + observation.period
                if let first = firstLine[cell] {
                    problems.append(
                        ExchangeProblem(
                            file: file,
                            line: observation.line,
                            location: location,
                            found: observation.period,
                            expected: Message("sdmx.check.duplicate", ["line": .number(first)])
                        )
                    )
                } else {
                    firstLine[cell] = observation.line
                }
                // 2, 4, 5, 7. Observation attributes.
                for (id, value) in observation.attributes {
                    guard let attribute = attributes[id] else {
                        problems.append(
                            ExchangeProblem(
                                file: file,
                                line: observation.line,
                                location: location,
                                found: "\(id)=\(value)",
                                expected: misplaced(id, dimensionIDs.contains(id) ? .dimensionOutsideKey : .unknown)
                            )
                        )
                        continue
                    }
                    if attribute.attachment != .observation {
                        // A series attribute repeated on an observation (SDMX-CSV) must agree.
                        let held = series.attributes.first { $0.id == id }?.value
                        if held != value {
                            problems.append(
                                ExchangeProblem(
                                    file: file,
                                    line: observation.line,
                                    location: location,
                                    found: "\(id)=\(value)",
                                    expected: held.map {
                                        Message("sdmx.check.oneValuePerSeries", ["attribute": .text(id), "value": .text($0)])
                                    }
                                        ?? Message("sdmx.check.seriesLevel", ["attribute": .text(id)])
                                )
                            )
                        }
                        continue
                    }
                    code(id, value, line: observation.line, location: location)
                    constrained(id, value, series: seriesCode, line: observation.line, location: location)
                }
                for attribute in observationMandatory where (observation.attribute(attribute.id) ?? "").isEmpty {
                    problems.append(
                        ExchangeProblem(
                            file: file,
                            line: observation.line,
                            location: location,
                            expected: Message("sdmx.check.observationAttributeMissing", ["attribute": .text(attribute.id)])
                        )
                    )
                }
            }
        }
        return problems
    }

    /// The constraint of `reference` when it is a dataflow over `structure`: one the structure
    /// message carried, or one of the SDG dataflows when the structure is the global SDG DSD.
    static func dataflow(_ reference: SDMXReference, over structure: DataStructure) -> [String: String]? {
        if structure.dataflows.contains(where: { $0.reference == reference && $0.structure == structure.reference }) { return [:] }
        if structure.reference.agency == "IAEG-SDGs", structure.reference.id == "SDG", reference.agency == structure.reference.agency {
            return sdgDataflows[reference.id]
        }
        return nil
    }

    /// `OBS_VALUE` as a finite number (`NaN` and infinities are not values).
    public static func number(_ text: String) -> Double? {
        guard !text.isEmpty, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// The series key in SDMX's dotted form (`A.N.SI_POV_NAHC.418._T…`): the DSD's dimensions
    /// in key order, an empty place for a missing one.
    public static func dottedKey(_ series: SDMXSeries, _ structure: DataStructure) -> String {
        structure.dimensions.map { dimension in series.key.first { $0.id == dimension.id }?.value ?? "" }.joined(separator: ".")
    }
}

/// Content constraints: the codes each series allows per component (units, multipliers,
/// breakdowns). The global SDG DSD file carries none; the IAEG-SDGs publish them separately
/// (a 2021 draft of them is a CSV: `SERIES`, `Name`, then one column per component holding
/// `ALL` or codes separated by `;`).
public struct SDMXContentConstraints: Sendable {
    /// Series → component → allowed codes. A component not listed is unrestricted.
    public var allowed: [String: [String: Set<String>]]

    public init(allowed: [String: [String: Set<String>]]) {
        self.allowed = allowed
    }

    /// The codes `component` may take in `series`, or `nil` when it is unrestricted.
    public func allowed(series: String, component: String) -> Set<String>? {
        allowed[series]?[component]
    }

    /// Reads the CSV layout (`SERIES,Name,UNIT_MEASURE,UNIT_MULT,SEX,…`; `ALL` = unrestricted).
    public static func read(_ data: Data, file: String) throws -> SDMXContentConstraints {
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExchangeProblems([ExchangeProblem(file: file, expected: Message("sdmx.csv.utf8"))])
        }
        var problems: [ExchangeProblem] = []
        let records = SDMXCSVReader.parse(text, file: file, problems: &problems)
        guard let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces) }), header.first == "SERIES" else {
            throw ExchangeProblems(problems + [ExchangeProblem(file: file, line: 1, expected: Message("sdmx.constraints.header"))])
        }
        var allowed: [String: [String: Set<String>]] = [:]
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                problems.append(
                    ExchangeProblem(
                        file: file,
                        line: record.line,
                        found: "\(record.fields.count)",
                        expected: Message("sdmx.csv.fieldCount", ["count": .number(header.count)])
                    )
                )
                continue
            }
            let series = record.fields[0].trimmingCharacters(in: .whitespaces)
            var components: [String: Set<String>] = [:]
            for (i, column) in header.enumerated() where i > 0 && column != "Name" {
                let cell = record.fields[i].trimmingCharacters(in: .whitespaces)
                if cell.isEmpty || cell == "ALL" { continue }
                components[column] = Set(cell.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            }
            allowed[series] = components
        }
        if !problems.isEmpty { throw ExchangeProblems(problems) }
        return SDMXContentConstraints(allowed: allowed)
    }
}
