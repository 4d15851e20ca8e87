import Foundation
import PasanDomain

/// The plan file (`docs/plans.md`, "The plan file"): one row per plan, outcome, output or
/// indicator (`level`), then value rows, in CSV (here) and XLSX (`PasanExchange/PlanWorkbook`)
/// with the same columns. Reading collects every structural problem (a bad number, an unknown
/// level, bad `targets` or `sdg_links`, a missing required cell) with its line and column;
/// `PlanCheck` then checks the document whole. Writing gives back what reading takes:
/// `read(write(document))` is `document`.
///
/// Two columns beside the design's table: `lo_status` (the review state of the row's Lao title
/// and definition; `unreviewed` when empty) and `verified` (an outcome's or output's wording is
/// the official one). Only `level` and `code` must be in the header; a missing column is empty.
public enum PlanFile {
    public static let columns = [
        "level", "code", "parent", "title_en", "title_lo", "lo_status", "definition_en", "definition_lo", "start_year", "end_year",
        "kind", "status", "institution", "unit", "direction", "baseline_year", "baseline_value", "targets", "responsible",
        "data_source", "frequency", "sdg_links", "aligns_with", "year", "value", "source", "note", "verified", "illustrative",
    ]
    public static let requiredColumns = ["level", "code"]

    /// The levels a row may have.
    public enum Level: String, CaseIterable, Sendable {
        case plan, outcome, output, indicator, value
    }

    /// What reading found: the document (when the file has its plan row), where each part is, and
    /// every structural problem.
    public struct Reading: Sendable {
        public var document: PlanDocument?
        /// `plan`, `result:<code>`, `indicator:<code>`, `value:<code>:<year>` → line (a code's
        /// second occurrence is `…#2`), as `PlanCheck.problems(_:lines:context:)` takes them.
        public var lines: [String: Int]
        public var problems: [PlanProblem]

        public init(document: PlanDocument?, lines: [String: Int], problems: [PlanProblem]) {
            self.document = document
            self.lines = lines
            self.problems = problems
        }
    }

    // MARK: Reading

    /// Reads CSV text (`file` names it in messages).
    public static func read(text: String, file: String) -> Reading {
        do {
            return read(try CSVTable(text: text, file: file))
        } catch {
            return Reading(
                document: nil,
                lines: [:],
                problems: [
                    PlanProblem(
                        line: error.line,
                        column: error.column,
                        message: Message("plans_file.read.syntax", ["detail": .text(error.message)])
                    )
                ]
            )
        }
    }

    /// Reads CSV data: UTF-8 text, with or without a byte-order mark.
    public static func read(data: Data, file: String) -> Reading {
        guard let text = String(data: data, encoding: .utf8) else {
            return Reading(
                document: nil,
                lines: [:],
                problems: [PlanProblem(line: nil, column: nil, message: Message("plans_file.read.notUTF8"))]
            )
        }
        return read(text: text, file: file)
    }

    /// Reads a parsed CSV table.
    public static func read(_ table: CSVTable) -> Reading {
        read(header: table.header, headerLine: 1, rows: table.records.map { (line: $0.line, fields: $0.fields) })
    }

    /// Reads a table of either form: the header, and each row with its line (CSV) or row (XLSX).
    public static func read(header: [String], headerLine: Int, rows: [(line: Int, fields: [String])]) -> Reading {
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            let folded = name.trimmingSpaces.lowercased()
            if index[folded] == nil { index[folded] = i }
        }
        let missing = requiredColumns.filter { index[$0] == nil }
        if !missing.isEmpty {
            return Reading(
                document: nil,
                lines: [:],
                problems: [
                    PlanProblem(
                        line: headerLine,
                        column: missing.joined(separator: ", "),
                        found: header.joined(separator: ", "),
                        message: Message("plans_file.read.missingColumns", ["columns": .text(missing.joined(separator: ", "))])
                    )
                ]
            )
        }
        var reader = Reader(index: index, headerCount: header.count)
        reader.read(rows)
        return Reading(document: reader.document, lines: reader.lines, problems: reader.problems)
    }

    /// One row's cells, collecting a problem for each cell that is not as expected.
    struct Cells {
        let fields: [String]
        let index: [String: Int]
        let line: Int
        var problems: [PlanProblem] = []

        func text(_ column: String) -> String? {
            guard let i = index[column], i < fields.count else { return nil }
            let value = PlanFile.unneutralised(fields[i].trimmingSpaces)
            return value.isEmpty ? nil : value
        }

        mutating func fail(_ column: String, _ found: String?, _ message: Message) {
            problems.append(PlanProblem(line: line, column: column, found: found, message: message))
        }

        mutating func required(_ column: String) -> String {
            if let value = text(column) { return value }
            fail(column, nil, Message("plans_file.read.required"))
            return ""
        }

        mutating func integer(_ column: String) -> Int? {
            guard let value = text(column) else { return nil }
            guard let number = Int(value) else { fail(column, value, Message("plans_file.read.wholeNumber")); return nil }
            return number
        }

        mutating func number(_ column: String) -> Double? {
            guard let value = text(column) else { return nil }
            guard let number = Double(value), number.isFinite else { fail(column, value, Message("plans_file.read.number")); return nil }
            return number
        }

        mutating func yesNo(_ column: String) -> Bool {
            guard let value = text(column) else { return false }
            switch value.lowercased() {
            case "yes": return true
            case "no": return false
            default:
                fail(column, value, Message("plans_file.read.yesNo"))
                return false
            }
        }

        mutating func oneOf<T: RawRepresentable & CaseIterable>(_ column: String, _ type: T.Type) -> T? where T.RawValue == String {
            guard let value = text(column) else { return nil }
            guard let found = T(rawValue: value) ?? T(rawValue: value.lowercased()) else {
                fail(
                    column,
                    value,
                    Message("plans_file.read.oneOf", ["expected": .text(T.allCases.map(\.rawValue).joined(separator: ", "))])
                )
                return nil
            }
            return found
        }

        /// The row's title (or name) and the Lao status of its texts.
        mutating func title() -> LocalizedText {
            LocalizedText(en: required("title_en"), lo: text("title_lo"), loStatus: status())
        }

        mutating func status() -> TranslationStatus {
            oneOf("lo_status", TranslationStatus.self) ?? .unreviewed
        }

        mutating func definition() -> LocalizedText? {
            guard let en = text("definition_en") else {
                if text("definition_lo") != nil { fail("definition_en", nil, Message("plans_file.read.definitionEnglish")) }
                return nil
            }
            return LocalizedText(en: en, lo: text("definition_lo"), loStatus: status())
        }
    }

    struct Reader {
        let index: [String: Int]
        let headerCount: Int
        var document: PlanDocument?
        var lines: [String: Int] = [:]
        var problems: [PlanProblem] = []
        var occurrences: [String: Int] = [:]

        init(index: [String: Int], headerCount: Int) {
            self.index = index
            self.headerCount = headerCount
        }

        mutating func place(_ key: String, _ line: Int) {
            occurrences[key, default: 0] += 1
            lines[PlanCheck.lineKey(key, occurrence: occurrences[key]!)] = line
        }

        mutating func read(_ rows: [(line: Int, fields: [String])]) {
            var usable: [(Level, Cells)] = []
            for row in rows {
                if row.fields.count != headerCount {
                    problems.append(
                        PlanProblem(
                            line: row.line,
                            column: nil,
                            found: String(row.fields.count),
                            message: Message("plans_file.read.fieldCount", ["expected": .text(String(headerCount))])
                        )
                    )
                    continue
                }
                var cells = Cells(fields: row.fields, index: index, line: row.line)
                guard let level = cells.text("level") else {
                    cells.fail("level", nil, Message("plans_file.read.required"))
                    problems += cells.problems
                    continue
                }
                guard let known = Level(rawValue: level.lowercased()) else {
                    cells.fail(
                        "level",
                        level,
                        Message("plans_file.read.oneOf", ["expected": .text(Level.allCases.map(\.rawValue).joined(separator: ", "))])
                    )
                    problems += cells.problems
                    continue
                }
                usable.append((known, cells))
            }
            var plan: DevelopmentPlan?
            for (level, var cells) in usable where level == .plan {
                let read = readPlan(&cells)
                if plan == nil {
                    plan = read
                    lines["plan"] = cells.line
                } else {
                    cells.fail("level", "plan", Message("plans_file.read.secondPlanRow"))
                }
                problems += cells.problems
            }
            guard let plan else {
                problems.append(PlanProblem(line: nil, column: "level", message: Message("plans_file.read.noPlanRow")))
                var none: PlanDocument?
                for (level, var cells) in usable where level != .plan {
                    readRow(level, &cells, into: &none, plan: "")
                    problems += cells.problems
                }
                document = nil
                return
            }
            var read: PlanDocument? = PlanDocument(plan: plan)
            for (level, var cells) in usable where level != .plan {
                readRow(level, &cells, into: &read, plan: plan.code)
                problems += cells.problems
            }
            problems = problems.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
            document = read
        }

        func readPlan(_ cells: inout Cells) -> DevelopmentPlan {
            let code = cells.required("code")
            let name = cells.title()
            let start = cells.integer("start_year")
            let end = cells.integer("end_year")
            if start == nil, cells.text("start_year") == nil { cells.fail("start_year", nil, Message("plans_file.read.required")) }
            if end == nil, cells.text("end_year") == nil { cells.fail("end_year", nil, Message("plans_file.read.required")) }
            return DevelopmentPlan(
                code: code,
                name: name,
                startYear: start ?? 0,
                endYear: end ?? 0,
                note: cells.text("note"),
                kind: cells.oneOf("kind", PlanKind.self) ?? .national,
                status: cells.oneOf("status", PlanStatus.self) ?? .adopted,
                institution: cells.text("institution"),
                parentPlan: cells.text("parent"),
                source: cells.text("source"),
                isIllustrative: cells.yesNo("illustrative")
            )
        }

        mutating func readRow(_ level: Level, _ cells: inout Cells, into document: inout PlanDocument?, plan: String) {
            switch level {
            case .plan:
                break
            case .outcome, .output:
                let code = cells.required("code")
                let result = PlanResult(
                    plan: plan,
                    code: code,
                    level: level == .outcome ? .outcome : .output,
                    parentCode: cells.text("parent"),
                    title: cells.title(),
                    isVerified: cells.yesNo("verified"),
                    note: cells.text("note"),
                    source: cells.text("source"),
                    alignsWith: PlanFile.alignments(&cells)
                )
                place("result:\(code)", cells.line)
                document?.results.append(result)
            case .indicator:
                let code = cells.required("code")
                let parent = cells.required("parent")
                let title = cells.title()
                var baseline: PlanBaseline?
                let baselineYear = cells.integer("baseline_year")
                let baselineValue = cells.number("baseline_value")
                if let baselineYear, let baselineValue {
                    baseline = PlanBaseline(year: baselineYear, value: baselineValue)
                } else if (cells.text("baseline_year") == nil) != (cells.text("baseline_value") == nil) {
                    let column = cells.text("baseline_year") == nil ? "baseline_year" : "baseline_value"
                    cells.fail(column, nil, Message("plans_file.read.baselinePair"))
                }
                let indicator = PlanIndicator(
                    plan: plan,
                    code: code,
                    resultCode: parent,
                    title: title,
                    owner: cells.text("responsible"),
                    definition: cells.definition(),
                    unit: cells.text("unit"),
                    direction: cells.oneOf("direction", PlanDirection.self),
                    baseline: baseline,
                    targets: PlanFile.targets(&cells),
                    dataSource: cells.text("data_source"),
                    frequency: cells.oneOf("frequency", CollectionFrequency.self),
                    isIllustrative: cells.yesNo("illustrative"),
                    note: cells.text("note")
                )
                let links = PlanFile.links(&cells, plan: plan, indicator: code)
                place("indicator:\(code)", cells.line)
                document?.indicators.append(indicator)
                document?.links += links
            case .value:
                let code = cells.required("code")
                let year = cells.integer("year")
                let value = cells.number("value")
                if cells.text("year") == nil { cells.fail("year", nil, Message("plans_file.read.required")) }
                if cells.text("value") == nil { cells.fail("value", nil, Message("plans_file.read.required")) }
                guard let year, let value else { return }
                place("value:\(code):\(year)", cells.line)
                document?.values.append(PlanValueEntry(indicator: code, year: year, value: value, source: cells.text("source")))
            }
        }
    }

    static func targets(_ cells: inout Cells) -> [PlanTarget] {
        guard let text = cells.text("targets") else { return [] }
        var targets: [PlanTarget] = []
        for part in text.split(separator: ";").map({ String($0).trimmingSpaces }) where !part.isEmpty {
            let pair = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces }
            let valueAndKind = pair.count == 2 ? pair[1].split(separator: ":", maxSplits: 1).map { String($0).trimmingSpaces } : []
            guard pair.count == 2, let year = Int(pair[0]), let first = valueAndKind.first, let value = Double(first), value.isFinite,
                let kind = valueAndKind.count == 2 ? PlanTargetKind(rawValue: valueAndKind[1].lowercased()) : .annual
            else {
                cells.fail("targets", part, Message("plans_file.read.targets"))
                continue
            }
            targets.append(PlanTarget(year: year, value: value, kind: kind))
        }
        return targets
    }

    static func links(_ cells: inout Cells, plan: String, indicator: String) -> [PlanIndicatorLink] {
        guard let text = cells.text("sdg_links"), text.lowercased() != "none" else { return [] }
        var links: [PlanIndicatorLink] = []
        for part in text.split(separator: ";").map({ String($0).trimmingSpaces }) where !part.isEmpty {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
            let target = pieces.first?.split(separator: "/", omittingEmptySubsequences: false).map { String($0).trimmingSpaces } ?? []
            guard pieces.count == 2, let relation = NationalRelation(rawValue: pieces[1].lowercased()), (1...2).contains(target.count),
                !target.contains(where: { $0.isEmpty || $0.contains(" ") })
            else {
                cells.fail("sdg_links", part, Message("plans_file.read.links"))
                continue
            }
            links.append(
                PlanIndicatorLink(
                    plan: plan,
                    planIndicator: indicator,
                    sdgIndicator: target[0],
                    series: target.count == 2 ? target[1] : nil,
                    relation: relation
                )
            )
        }
        return links
    }

    static func alignments(_ cells: inout Cells) -> [String] {
        guard let text = cells.text("aligns_with") else { return [] }
        var found: [String] = []
        for part in text.split(separator: ";").map({ String($0).trimmingSpaces }) where !part.isEmpty {
            let pieces = part.split(separator: "/", omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty, !part.contains(" ") else {
                cells.fail("aligns_with", part, Message("plans_file.read.alignsWith"))
                continue
            }
            found.append(part)
        }
        return found
    }

    /// A cell as written before `CSVWriter` neutralised it (`'=x` → `=x`).
    static func unneutralised(_ cell: String) -> String {
        guard cell.hasPrefix("'"), let second = cell.dropFirst().first, "=+-@\t\r".contains(second) else { return cell }
        return String(cell.dropFirst())
    }

    // MARK: Writing

    /// The document as CSV; `values`, when given, are the value rows written instead of the
    /// document's own (an export passes the indicators' values as they are kept).
    public static func write(_ document: PlanDocument, values: [PlanValueEntry]? = nil) -> String {
        CSVWriter.write(header: columns, rows: rows(document, values: values))
    }

    /// The rows of the document in `columns` order: the plan, its results, its indicators (each
    /// with its links), then the values.
    public static func rows(_ document: PlanDocument, values: [PlanValueEntry]? = nil) -> [[String]] {
        var out: [[String]] = []
        func row(_ cells: [String: String?]) {
            out.append(columns.map { (cells[$0] ?? nil) ?? "" })
        }
        let plan = document.plan
        row([
            "level": "plan", "code": plan.code, "parent": plan.parentPlan, "title_en": plan.name.en, "title_lo": plan.name.lo,
            "lo_status": plan.name.loStatus.rawValue, "start_year": String(plan.startYear), "end_year": String(plan.endYear),
            "kind": plan.kind.rawValue, "status": plan.status.rawValue, "institution": plan.institution, "source": plan.source,
            "note": plan.note, "illustrative": yesNo(plan.isIllustrative),
        ])
        for result in document.results {
            row([
                "level": result.level.rawValue, "code": result.code, "parent": result.parentCode, "title_en": result.title.en,
                "title_lo": result.title.lo, "lo_status": result.title.loStatus.rawValue,
                "aligns_with": result.alignsWith.isEmpty ? nil : result.alignsWith.joined(separator: ";"), "source": result.source,
                "note": result.note, "verified": yesNo(result.isVerified),
            ])
        }
        var linksByIndicator: [String: [PlanIndicatorLink]] = [:]
        for link in document.links { linksByIndicator[link.planIndicator, default: []].append(link) }
        for indicator in document.indicators {
            let links = linksByIndicator[indicator.code] ?? []
            row([
                "level": "indicator", "code": indicator.code, "parent": indicator.resultCode, "title_en": indicator.title.en,
                "title_lo": indicator.title.lo, "lo_status": indicator.title.loStatus.rawValue,
                "definition_en": indicator.definition?.en, "definition_lo": indicator.definition?.lo, "unit": indicator.unit,
                "direction": indicator.direction?.rawValue, "baseline_year": indicator.baseline.map { String($0.year) },
                "baseline_value": indicator.baseline.map { number($0.value) },
                "targets": indicator.targets.isEmpty ? nil : indicator.targets.map(target).joined(separator: ";"),
                "responsible": indicator.owner, "data_source": indicator.dataSource, "frequency": indicator.frequency?.rawValue,
                "sdg_links": links.isEmpty ? "none" : links.map(link).joined(separator: ";"), "note": indicator.note,
                "illustrative": yesNo(indicator.isIllustrative),
            ])
        }
        for value in values ?? document.values {
            row([
                "level": "value", "code": value.indicator, "year": String(value.year), "value": number(value.value),
                "source": value.source,
            ])
        }
        return out
    }

    static func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }

    /// A number as its shortest exact decimal (`2025`, `99.51`).
    public static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }

    static func target(_ target: PlanTarget) -> String {
        let written = "\(target.year)=\(number(target.value))"
        return target.kind == .annual ? written : "\(written):\(target.kind.rawValue)"
    }

    static func link(_ link: PlanIndicatorLink) -> String {
        let target = link.series.map { "\(link.sdgIndicator)/\($0)" } ?? link.sdgIndicator
        return "\(target):\(link.relation.rawValue)"
    }

    /// A problem as the reference loaders report it (their messages are English text for the
    /// people who ship data, not the catalogue's).
    public static func issue(_ problem: PlanProblem, file: String) -> DataFileIssue {
        let arguments = problem.message.arguments.keys.sorted().map { key -> String in
            if case .text(let text) = problem.message.arguments[key] { return "\(key)=\(text)" }
            return key
        }
        var message = problem.message.key
        if !arguments.isEmpty { message += " (" + arguments.joined(separator: ", ") + ")" }
        if let found = problem.found { message += "; found \"\(found)\"" }
        return DataFileIssue(file: file, line: problem.line, column: problem.column, message: message)
    }
}
