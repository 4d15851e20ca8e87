import Foundation
import PasanDomain
import PasanReferenceData

/// sdg-build's `InputSdmxMl_Multiple`: every SDMX-ML data file of the pattern, read against the
/// configured DSD, split into indicators by the DSD's `Indicator` annotations of each series
/// code. Columns are the series' attributes and the observation's attributes (codes, since Pasan
/// keeps codes) without the dropped ones; `_T` is blank; `dimension_map` renames values
/// (`REF_AREA|LA: ''` blanks the country). As in sdg-build, an indicator found in two files takes
/// the later file's rows (files are read in name order).
enum OpenSDGSdmxInput {
    static func read(
        _ input: OpenSDGConfig.Input,
        base: URL
    ) throws -> (indicators: [String: OpenSDGTable], problems: [ExchangeProblem], warnings: [ExchangeProblem]) {
        guard let dsdPath = input.parameters["dsd"], !dsdPath.contains("://") else {
            throw ExchangeProblems([
                ExchangeProblem(
                    file: "config_data.yml",
                    location: "dsd",
                    found: input.parameters["dsd"],
                    expected: Message("exchange.opensdg.localDSD")
                )
            ])
        }
        let dsd = try DataStructureReader.read(contentsOf: base.appendingPathComponent(dsdPath))
        let dropped = Set(input.dropDimensions).union(["OBS_VALUE", "TIME_PERIOD", "TIME_DETAIL"])
        let dropSingletons = input.parameters["drop_singleton_dimensions"].map { $0 != "false" } ?? true
        var problems: [ExchangeProblem] = [], warnings: [ExchangeProblem] = []
        var result: [String: OpenSDGTable] = [:]
        let files = Glob.files(input.parameters["path_pattern"] ?? "data/*.xml", in: base)
        // Column order: the DSD's dimensions, then its attributes.
        var rank: [String: Int] = [:]
        for (i, d) in dsd.dimensions.enumerated() { rank[d.id] = i }
        for (i, a) in dsd.attributes.enumerated() { rank[a.id] = 1000 + i }
        for file in files {
            let message: SDMXDataMessage
            do {
                guard let data = try? Data(contentsOf: base.appendingPathComponent(file)) else {
                    problems.append(ExchangeProblem(file: file, expected: Message("exchange.file.unreadable")))
                    continue
                }
                message = try SDMXMLDataReader.read(data, file: file, structure: dsd)
            } catch let e as ExchangeProblems {
                problems += e.problems
                continue
            }
            // The structure must be the configured DSD (id and version). LSB's files name it
            // `LSB-SDGs:SDG(1.1)` while the DSD itself says agency `LSB-SDG`, as sdg-build
            // tolerates: an agency that differs alone is accepted with a warning.
            if let structure = message.structure, !message.structureIsDataflow, structure.agency != dsd.reference.agency,
                structure.id == dsd.reference.id, structure.version == dsd.reference.version
            {
                warnings.append(
                    ExchangeProblem(
                        file: file,
                        found: structure.description,
                        expected: Message("exchange.opensdg.otherStructure", ["structure": .text(dsd.reference.description)])
                    )
                )
            } else if let structure = message.structure, !message.structureIsDataflow,
                structure.id != dsd.reference.id || structure.version != dsd.reference.version
            {
                problems.append(
                    ExchangeProblem(
                        file: file,
                        found: structure.description,
                        expected: Message("exchange.opensdg.otherStructure", ["structure": .text(dsd.reference.description)])
                    )
                )
                continue
            }
            var tables: [String: [OpenSDGRow]] = [:]
            var columns: [String: Set<String>] = [:]
            for series in message.series {
                guard let code = series.value(of: "SERIES") else { continue }
                let ids = dsd.indicators(ofSeries: code).map { $0.split(separator: " ").first.map(String.init) ?? $0 }
                    .map { $0.replacingOccurrences(of: ".", with: "-") }
                guard !ids.isEmpty else { continue }  // sdg-build skips a series it cannot place
                var seriesCells: [String: String] = [:]
                for (id, value) in series.key + series.attributes where !dropped.contains(id) {
                    if let mapped = mappedValue(id, value, input.dimensionMap) { seriesCells[id] = mapped }
                }
                for obs in series.observations {
                    var cells = seriesCells
                    for (id, value) in obs.attributes where !dropped.contains(id) && cells[id] == nil { cells[id] = value }
                    let row = OpenSDGRow(
                        line: obs.line,
                        year: obs.period,
                        cells: cells.filter { !$0.value.isEmpty },
                        value: obs.value,
                        unitMultiplier: obs.attribute("UNIT_MULT") ?? series.value(of: "UNIT_MULT")
                    )
                    for id in ids {
                        tables[id, default: []].append(row)
                        columns[id, default: []].formUnion(seriesCells.keys)
                        columns[id, default: []].formUnion(obs.attributes.map(\.id).filter { !dropped.contains($0) })
                    }
                }
            }
            for (id, rows) in tables {
                var kept = columns[id, default: []]
                if dropSingletons {
                    // sdg-build drops a column holding one value only (blank counts as a value).
                    for column in kept where Set(rows.map { $0.cells[column] ?? "" }).count == 1 { kept.remove(column) }
                }
                let ordered = kept.sorted { (rank[$0] ?? Int.max, $0) < (rank[$1] ?? Int.max, $1) }
                let trimmed = rows.map { row in
                    var row = row
                    row.cells = row.cells.filter { kept.contains($0.key) }
                    return row
                }
                result[id] = OpenSDGTable(file: file, columns: ordered, rows: trimmed)
            }
        }
        return (result, problems, warnings)
    }

    /// A code as the repository's output shows it: `_T` blank, `dimension_map` applied.
    static func mappedValue(_ id: String, _ value: String, _ map: [String: String]) -> String? {
        if let mapped = map["\(id)|\(value)"] { return mapped }
        if value == "_T" { return "" }
        return value
    }
}

/// `data/indicator_<id>.csv` in Open SDG's tidy layout: `Year` first, `Value` last.
enum OpenSDGTidyCSV {
    static func read(contentsOf url: URL, file: String) throws -> OpenSDGTable {
        let table: CSVTableProxy
        do { table = try CSVTableProxy(url: url, file: file) } catch let issue {
            throw ExchangeProblems([
                ExchangeProblem(
                    file: file,
                    line: issue.line,
                    location: issue.column,
                    found: issue.message,
                    expected: Message("exchange.csv.syntax")
                )
            ])
        }
        let header = table.header
        guard header.first == "Year", header.last == "Value" else {
            throw ExchangeProblems([
                ExchangeProblem(file: file, line: 1, found: header.joined(separator: ","), expected: Message("imports.tidy.header"))
            ])
        }
        let columns = Array(header.dropFirst().dropLast())
        var problems: [ExchangeProblem] = []
        var rows: [OpenSDGRow] = []
        for record in table.records {
            guard record.fields.count == header.count else {
                problems.append(
                    ExchangeProblem(
                        file: file,
                        line: record.line,
                        found: "\(record.fields.count)",
                        expected: Message("imports.tidy.fieldCount", ["columns": .number(header.count)])
                    )
                )
                continue
            }
            var cells: [String: String] = [:]
            for (i, column) in columns.enumerated() {
                let v = record.fields[i + 1].trimmingCharacters(in: .whitespaces)
                if !v.isEmpty { cells[column] = v }
            }
            rows.append(
                OpenSDGRow(
                    line: record.line,
                    year: record.fields[0].trimmingCharacters(in: .whitespaces),
                    cells: cells,
                    value: record.fields[header.count - 1].trimmingCharacters(in: .whitespaces)
                )
            )
        }
        guard problems.isEmpty else { throw ExchangeProblems(problems) }
        return OpenSDGTable(file: file, columns: columns, rows: rows)
    }
}

/// The shared RFC 4180 reader (`CSVTable`), with its typed throw turned into the issue.
struct CSVTableProxy {
    var header: [String]
    var records: [CSVTable.Record]
    init(url: URL, file: String) throws(DataFileIssue) {
        let table = try CSVTable(contentsOf: url, file: file)
        header = table.header
        records = table.records
    }
}
