import Foundation
import PasanDomain

/// Reads SDMX-CSV 1.0 (first column `DATAFLOW` holding `AGENCY:ID(VERSION)`) and SDMX-CSV 2.0
/// (`STRUCTURE`, `STRUCTURE_ID`, optional `ACTION`, then components in any order) into an
/// `SDMXDataMessage`: one series per distinct key, in the order keys first appear, each
/// observation with its line.
///
/// With a DSD the columns are split by it: dimensions make the key, the time dimension the
/// period, the primary measure the value; attributes attached to the series (or a group, or the
/// data set) go on the series, observation attributes on the observation; a column the DSD does
/// not know is kept on the observation, so the check reports it. Without one, the columns before the time dimension and the measure make the
/// key and the columns after them are observation attributes.
///
/// The text is RFC 4180 (quoted fields, doubled quotes, CRLF or LF). Pasan's `CSVTable` is not
/// used: it skips lines starting with `#` as comments (in SDMX-CSV that would drop a row
/// silently) and reports in English rather than as catalogue messages. Every problem of the file
/// is collected before anything is returned.
public enum SDMXCSVReader {
    public static func read(_ data: Data, file: String, structure: DataStructure? = nil) throws -> SDMXDataMessage {
        if data.count > SafeXML.maximumBytes {
            throw ExchangeProblems([
                ExchangeProblem(
                    file: file,
                    found: "\(data.count)",
                    expected: Message("exchange.xml.tooLarge", ["bytes": .number(SafeXML.maximumBytes)])
                )
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ExchangeProblems([ExchangeProblem(file: file, expected: Message("sdmx.csv.utf8"))])
        }
        var problems: [ExchangeProblem] = []
        let records = parse(text, file: file, problems: &problems)
        guard let headerRecord = records.first else {
            throw ExchangeProblems(problems + [ExchangeProblem(file: file, line: 1, expected: Message("sdmx.csv.header"))])
        }
        // Headers may carry labels (`FREQ: Frequency`): the id is the part before the colon.
        let labelled = headerRecord.fields.contains { $0.contains(": ") }
        let header = headerRecord.fields.map { column -> String in
            let trimmed = column.trimmingCharacters(in: .whitespaces)
            guard labelled, let range = trimmed.range(of: ": ") else { return trimmed }
            return String(trimmed[..<range.lowerBound])
        }
        var message: SDMXDataMessage
        let structureColumns: Int
        if header.first == "DATAFLOW" {
            message = SDMXDataMessage(format: .csv1, structureIsDataflow: true)
            structureColumns = 1
        } else if header.count >= 2, header[0] == "STRUCTURE", header[1] == "STRUCTURE_ID" {
            message = SDMXDataMessage(format: .csv2)
            structureColumns = header.count > 2 && header[2] == "ACTION" ? 3 : 2
        } else {
            throw ExchangeProblems(
                problems + [
                    ExchangeProblem(
                        file: file,
                        line: headerRecord.line,
                        found: header.prefix(3).joined(separator: ","),
                        expected: Message("sdmx.csv.header")
                    )
                ]
            )
        }
        message.dimensionAtObservation = "AllDimensions"

        // What each component column is.
        let time = structure?.timeDimension ?? "TIME_PERIOD"
        let measure = structure?.primaryMeasure ?? "OBS_VALUE"
        enum Role { case key, period, value, seriesAttribute, observationAttribute }
        var roles: [Role] = []
        var seen: [String: Int] = [:]
        let componentIDs = Array(header.dropFirst(structureColumns))
        let timeIndex = componentIDs.firstIndex(of: time)
        let measureIndex = componentIDs.firstIndex(of: measure)
        for (i, id) in componentIDs.enumerated() {
            if seen[id] != nil {
                problems.append(
                    ExchangeProblem(file: file, line: headerRecord.line, location: id, found: id, expected: Message("sdmx.csv.columnTwice"))
                )
            }
            seen[id] = i
            if id == time {
                roles.append(.period)
            } else if id == measure {
                roles.append(.value)
            } else if let structure {
                if structure.dimension(id) != nil {
                    roles.append(.key)
                } else if let attribute = structure.attribute(id), attribute.attachment != .observation {
                    roles.append(.seriesAttribute)
                } else {
                    roles.append(.observationAttribute)
                }
            } else {
                let boundary = [timeIndex, measureIndex].compactMap { $0 }.min() ?? componentIDs.count
                roles.append(i < boundary ? .key : .observationAttribute)
            }
        }
        for required in [time, measure] where !componentIDs.contains(required) {
            problems.append(
                ExchangeProblem(
                    file: file,
                    line: headerRecord.line,
                    location: required,
                    expected: Message("sdmx.csv.column", ["column": .text(required)])
                )
            )
        }
        // Coded values may carry labels too when the header does (`A: Annual`).
        func coded(_ id: String) -> Bool {
            guard labelled else { return false }
            guard let structure else { return true }
            return structure.codelist(of: id) != nil
        }
        func value(_ raw: String, of id: String) -> String {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            guard coded(id), let range = trimmed.range(of: ": ") else { return trimmed }
            return String(trimmed[..<range.lowerBound])
        }

        var seriesIndex: [[String]: Int] = [:]
        var actions: [String: Int] = [:]
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
            // The structure: one per file.
            let structureText = record.fields[structureColumns == 1 ? 0 : 1].trimmingCharacters(in: .whitespaces)
            var isDataflow = true
            if message.format == .csv2 {
                let kind = record.fields[0].trimmingCharacters(in: .whitespaces).lowercased()
                switch kind {
                case "dataflow": isDataflow = true
                case "datastructure": isDataflow = false
                default:
                    problems.append(
                        ExchangeProblem(
                            file: file,
                            line: record.line,
                            location: "STRUCTURE",
                            found: record.fields[0],
                            expected: Message("sdmx.csv.structureKind")
                        )
                    )
                    continue
                }
                if structureColumns == 3 {
                    let code = record.fields[2].trimmingCharacters(in: .whitespaces).uppercased()
                    let action = code.isEmpty ? "I" : code
                    guard let name = csvActions[action] else {
                        problems.append(
                            ExchangeProblem(
                                file: file,
                                line: record.line,
                                location: "ACTION",
                                found: record.fields[2],
                                expected: Message("sdmx.csv.action")
                            )
                        )
                        continue
                    }
                    if actions[name] == nil { actions[name] = record.line }
                    if message.action == nil { message.action = name }
                }
            }
            guard let reference = SDMXReference(parsing: structureText) else {
                problems.append(
                    ExchangeProblem(
                        file: file,
                        line: record.line,
                        location: header[structureColumns == 1 ? 0 : 1],
                        found: structureText,
                        expected: Message("sdmx.csv.structureID")
                    )
                )
                continue
            }
            if let first = message.structure {
                if first != reference || message.structureIsDataflow != isDataflow {
                    problems.append(
                        ExchangeProblem(
                            file: file,
                            line: record.line,
                            location: header[structureColumns == 1 ? 0 : 1],
                            found: structureText,
                            expected: Message("sdmx.csv.oneStructure", ["structure": .text(first.description)])
                        )
                    )
                    continue
                }
            } else {
                message.structure = reference
                message.structureIsDataflow = isDataflow
            }

            var key: [(id: String, value: String)] = []
            var seriesAttributes: [(id: String, value: String)] = []
            var observationAttributes: [(id: String, value: String)] = []
            var period = ""
            var observed: String?
            for (i, id) in componentIDs.enumerated() {
                let raw = record.fields[structureColumns + i]
                switch roles[i] {
                case .key: key.append((id, value(raw, of: id)))
                case .period: period = raw.trimmingCharacters(in: .whitespaces)
                case .value:
                    let text = raw.trimmingCharacters(in: .whitespaces)
                    observed = text.isEmpty ? nil : text
                case .seriesAttribute:
                    let text = value(raw, of: id)
                    if !text.isEmpty { seriesAttributes.append((id, text)) }
                case .observationAttribute:
                    let text = value(raw, of: id)
                    if !text.isEmpty { observationAttributes.append((id, text)) }
                }
            }
            if let structure { key = ordered(key, structure) }
            let keyValues = key.map { "\($0.id)=\($0.value)" }
            let index: Int
            if let existing = seriesIndex[keyValues] {
                index = existing
            } else {
                index = message.series.count
                seriesIndex[keyValues] = index
                message.series.append(SDMXSeries(key: key, line: record.line))
            }
            // A series attribute takes its first value; a different one on a later row stays on
            // that observation, where the check finds it (one value per series).
            for attribute in seriesAttributes {
                if let held = message.series[index].attributes.first(where: { $0.id == attribute.id }) {
                    if held.value != attribute.value { observationAttributes.append(attribute) }
                } else {
                    message.series[index].attributes.append(attribute)
                }
            }
            message.series[index].observations.append(
                SDMXObservation(period: period, value: observed, attributes: observationAttributes, line: record.line)
            )
        }
        if actions.count > 1 {
            let lines = actions.values.sorted()
            problems.append(
                ExchangeProblem(
                    file: file,
                    line: lines.dropFirst().first,
                    location: "ACTION",
                    found: actions.keys.sorted().joined(separator: ", "),
                    expected: Message("sdmx.csv.oneAction")
                )
            )
        }
        if !problems.isEmpty { throw ExchangeProblems(problems) }
        if message.format == .csv2, message.action == nil { message.action = "Information" }
        return message
    }

    /// SDMX-CSV 2.0 `ACTION` codes and the SDMX-ML names of the actions.
    static let csvActions = ["I": "Information", "A": "Append", "R": "Replace", "D": "Delete"]

    /// Key values in the DSD's key order; components the DSD does not know keep their place last.
    static func ordered(_ key: [(id: String, value: String)], _ structure: DataStructure) -> [(id: String, value: String)] {
        var rank: [String: Int] = [:]
        for (i, dimension) in structure.dimensions.enumerated() { rank[dimension.id] = i }
        return key.enumerated().sorted { a, b in
            let ra = rank[a.element.id] ?? Int.max, rb = rank[b.element.id] ?? Int.max
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
    }

    struct Record {
        var line: Int
        var fields: [String]
    }

    /// RFC 4180 records with the line each starts on; blank lines are skipped. A quote inside an
    /// unquoted field or a quoted field left open is a problem of its record's line.
    static func parse(_ text: String, file: String, problems: inout [ExchangeProblem]) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var quoted = false
        var afterQuote = false
        var line = 1
        var recordLine = 1
        var broken = false
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }

        func endRecord() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            let blank = fields.count == 1 && fields[0].isEmpty && !quoted
            if !blank && !broken { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
            quoted = false
            afterQuote = false
            broken = false
            recordLine = line + 1
        }

        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar?
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.append("\"")
                    } else {
                        inQuotes = false
                        afterQuote = true
                        pending = next
                    }
                } else {
                    if c == "\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                if field.isEmpty && !afterQuote {
                    inQuotes = true
                    quoted = true
                } else {
                    if !broken {
                        problems.append(ExchangeProblem(file: file, line: line, found: "\"", expected: Message("sdmx.csv.quote")))
                    }
                    broken = true
                }
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                afterQuote = false
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                endRecord()
                line += 1
            case "\n":
                endRecord()
                line += 1
            default:
                if afterQuote {
                    if !broken {
                        problems.append(ExchangeProblem(file: file, line: line, found: "\"", expected: Message("sdmx.csv.quote")))
                    }
                    broken = true
                }
                field.append(c)
            }
        }
        if inQuotes {
            problems.append(ExchangeProblem(file: file, line: recordLine, found: "\"", expected: Message("sdmx.csv.unclosedQuote")))
            return records
        }
        if !fields.isEmpty || !field.isEmpty || quoted { endRecord() }
        return records
    }
}
