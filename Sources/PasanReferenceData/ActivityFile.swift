import Foundation
import PasanDomain

/// One problem of an activity file: where (file, line or row, column or cell) and what.
public struct ActivityFileProblem: Sendable, Hashable, Error {
    public var file: String
    /// 1-based line (CSV) or row (XLSX); `nil` for the file as a whole.
    public var line: Int?
    /// The column (`areas`), a cell (`Activities!M4`) or an IATI element.
    public var column: String?
    /// What was found, as written.
    public var found: String?
    public var message: Message

    public init(file: String, line: Int?, column: String?, found: String? = nil, message: Message) {
        self.file = file
        self.line = line
        self.column = column
        self.found = found
        self.message = message
    }
}

/// The activity file (`docs/villages.md`): one row per activity, in CSV (here) and XLSX
/// (`PasanExchange/ActivityWorkbook`) with the same columns. Reading collects every problem of
/// a cell with its line and column; `checked` then applies `ActivityCheck` to every activity
/// read and names the line and column of each problem. A file with any problem is imported not
/// at all. Writing gives back what reading takes.
///
/// `implementer`, `partners` and `funders` name a Pasan institution by its code, else an
/// outside organisation by its name; `areas` are LSB codes (2 digits a province, 4 a
/// district, 7 a village), `;`-separated like every list; `sectors` DAC codes (5 digits a
/// purpose code, 3 a sector); `status` IATI's name or code (`implementation` or `2`).
public enum ActivityFile {
    public static let columns = [
        "identifier", "implementer", "implementer_ref", "title_en", "title_lo", "description_en", "description_lo", "status", "start",
        "end", "budget", "currency", "areas", "sectors", "sdg_targets", "sdg_indicators", "partners", "funders", "illustrative",
    ]
    public static let requiredColumns = ["identifier", "implementer", "title_en"]

    /// What reading found: the activities with the line each came from, and every problem.
    public struct Reading: Sendable {
        public var file: String
        public var activities: [Activity]
        /// The line (or row) of each activity, by position in `activities`.
        public var lines: [Int]
        public var problems: [ActivityFileProblem]

        public init(file: String, activities: [Activity], lines: [Int], problems: [ActivityFileProblem]) {
            self.file = file
            self.activities = activities
            self.lines = lines
            self.problems = problems
        }
    }

    // MARK: Reading

    /// Reads CSV data: UTF-8 text, with or without a byte-order mark. `institutions`: Pasan's
    /// institutions' names by code (a name that is not a code is an outside organisation).
    public static func read(
        data: Data,
        file: String,
        institutions: [String: LocalizedText],
        origin: ActivityOrigin = .file
    ) -> Reading {
        guard let text = String(data: data, encoding: .utf8) else {
            return Reading(
                file: file,
                activities: [],
                lines: [],
                problems: [ActivityFileProblem(file: file, line: nil, column: nil, message: Message("activities.file.notUTF8"))]
            )
        }
        return read(text: text, file: file, institutions: institutions, origin: origin)
    }

    /// Reads CSV text.
    public static func read(
        text: String,
        file: String,
        institutions: [String: LocalizedText],
        origin: ActivityOrigin = .file
    ) -> Reading {
        let table: CSVTable
        do {
            table = try CSVTable(text: text, file: file)
        } catch {
            return Reading(
                file: file,
                activities: [],
                lines: [],
                problems: [
                    ActivityFileProblem(
                        file: file,
                        line: error.line,
                        column: error.column,
                        message: Message("activities.file.syntax", ["detail": .text(error.message)])
                    )
                ]
            )
        }
        return read(
            header: table.header,
            headerLine: 1,
            rows: table.records.map { (line: $0.line, fields: $0.fields) },
            file: file,
            institutions: institutions,
            origin: origin
        )
    }

    /// Reads a table of either form: the header and each row with its line (CSV) or row (XLSX).
    public static func read(
        header: [String],
        headerLine: Int,
        rows: [(line: Int, fields: [String])],
        file: String,
        institutions: [String: LocalizedText],
        origin: ActivityOrigin = .file
    ) -> Reading {
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() {
            let folded = name.trimmingSpaces.lowercased()
            if index[folded] == nil { index[folded] = i }
        }
        let missing = requiredColumns.filter { index[$0] == nil }
        if !missing.isEmpty {
            return Reading(
                file: file,
                activities: [],
                lines: [],
                problems: [
                    ActivityFileProblem(
                        file: file,
                        line: headerLine,
                        column: missing.joined(separator: ", "),
                        found: header.joined(separator: ", "),
                        message: Message("activities.file.missingColumns", ["columns": .text(missing.joined(separator: ", "))])
                    )
                ]
            )
        }
        var reading = Reading(file: file, activities: [], lines: [], problems: [])
        var seen: [String: Int] = [:]
        for row in rows {
            if row.fields.allSatisfy({ $0.trimmingSpaces.isEmpty }) { continue }
            var cells = Cells(fields: row.fields, index: index, line: row.line, file: file)
            let activity = cells.activity(institutions: institutions, origin: origin, file: file)
            if let earlier = seen[activity.identifier], !activity.identifier.isEmpty {
                cells.fail(
                    "identifier",
                    activity.identifier,
                    Message("activities.file.duplicate", ["identifier": .text(activity.identifier), "line": .number(earlier)])
                )
            }
            seen[activity.identifier] = row.line
            reading.problems += cells.problems
            reading.activities.append(activity)
            reading.lines.append(row.line)
        }
        return reading
    }

    /// Every problem `ActivityCheck` finds in the activities read, at the line and column of
    /// each (the column the field was read from).
    public static func checked(_ reading: Reading, context: ActivityCheckContext) -> [ActivityFileProblem] {
        var problems: [ActivityFileProblem] = []
        for (position, activity) in reading.activities.enumerated() {
            let line = reading.lines.indices.contains(position) ? reading.lines[position] : nil
            for problem in ActivityCheck.problems(of: activity, context: context) {
                problems.append(
                    ActivityFileProblem(
                        file: reading.file,
                        line: line,
                        column: column(of: problem, in: activity),
                        message: problem.message
                    )
                )
            }
        }
        return problems
    }

    /// The file's column an `ActivityCheck` problem is about.
    public static func column(of problem: ActivityProblem, in activity: Activity) -> String {
        switch problem.field {
        case .identifier: "identifier"
        case .title: "title_en"
        case .end: "end"
        case .budget: "budget"
        case .currency: "currency"
        case .implementer: "implementer"
        case .participants:
            if let index = problem.index, activity.participants.indices.contains(index), activity.participants[index].role == .funding {
                "funders"
            } else {
                "partners"
            }
        case .locations: "areas"
        case .sdgGoals, .sdgTargets: "sdg_targets"
        case .sdgIndicators: "sdg_indicators"
        }
    }

    /// One row's cells, collecting a problem for each cell that is not as expected.
    struct Cells {
        let fields: [String]
        let index: [String: Int]
        let line: Int
        let file: String
        var problems: [ActivityFileProblem] = []

        func text(_ column: String) -> String? {
            guard let i = index[column], i < fields.count else { return nil }
            let value = ActivityFile.unneutralised(fields[i].trimmingSpaces)
            return value.isEmpty ? nil : value
        }

        func list(_ column: String) -> [String] {
            (text(column) ?? "").split(separator: ";").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        }

        mutating func fail(_ column: String, _ found: String?, _ message: Message) {
            problems.append(ActivityFileProblem(file: file, line: line, column: column, found: found, message: message))
        }

        mutating func activity(institutions: [String: LocalizedText], origin: ActivityOrigin, file: String) -> Activity {
            let identifier = text("identifier") ?? ""
            if identifier.isEmpty { fail("identifier", nil, Message("activities.file.required", ["column": .text("identifier")])) }
            let implementerText = text("implementer") ?? ""
            if implementerText.isEmpty {
                fail("implementer", nil, Message("activities.file.required", ["column": .text("implementer")]))
            }
            var implementer = ActivityFile.organisation(implementerText, role: .implementing, institutions: institutions)
            implementer.ref = text("implementer_ref")
            let title = LocalizedText(en: text("title_en") ?? "", lo: text("title_lo"), loStatus: .unreviewed)
            var description: LocalizedText?
            if let en = text("description_en") {
                description = LocalizedText(en: en, lo: text("description_lo"), loStatus: .unreviewed)
            }
            var status = ActivityStatus.implementation
            if let value = text("status") {
                if let found = ActivityStatus(rawValue: value.lowercased()) ?? ActivityStatus(iatiCode: value) {
                    status = found
                } else {
                    fail(
                        "status",
                        value,
                        Message(
                            "activities.file.status",
                            ["value": .text(value), "expected": .text(ActivityStatus.allCases.map(\.rawValue).joined(separator: ", "))]
                        )
                    )
                }
            }
            let start = date("start"), end = date("end")
            var budget: ActivityBudget?
            if let value = text("budget") {
                if let amount = Double(value.replacingOccurrences(of: " ", with: "")), amount.isFinite {
                    budget = ActivityBudget(amount: amount, currency: text("currency")?.uppercased() ?? "")
                } else {
                    fail("budget", value, Message("activities.file.number", ["value": .text(value)]))
                }
            }
            var locations: [ActivityLocation] = []
            for code in list("areas") {
                let level: AreaLevel? =
                    switch code.count {
                    case 2: .province
                    case 4: .district
                    case 7: .village
                    default: nil
                    }
                guard let level, code.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                    fail("areas", code, Message("activities.file.areaCode", ["code": .text(code)]))
                    continue
                }
                locations.append(ActivityLocation(areaCode: code, level: level))
            }
            var sectors: [ActivitySector] = []
            for code in list("sectors") {
                guard code.allSatisfy({ $0.isASCII && $0.isNumber }), code.count == 5 || code.count == 3 else {
                    fail("sectors", code, Message("activities.file.sector", ["code": .text(code)]))
                    continue
                }
                sectors.append(ActivitySector(vocabulary: code.count == 5 ? "1" : "2", code: code))
            }
            let participants =
                list("partners").map { ActivityFile.organisation($0, role: .implementing, institutions: institutions) }
                + list("funders").map { ActivityFile.organisation($0, role: .funding, institutions: institutions) }
            var illustrative = false
            if let value = text("illustrative") {
                switch value.lowercased() {
                case "true", "yes", "1", "y": illustrative = true
                case "false", "no", "0", "n": illustrative = false
                default: fail("illustrative", value, Message("activities.file.boolean", ["value": .text(value)]))
                }
            }
            return Activity(
                identifier: identifier,
                implementer: implementer,
                participants: participants,
                title: title,
                description: description,
                status: status,
                start: start,
                end: end,
                budget: budget,
                locations: locations,
                sectors: sectors,
                sdgTargets: list("sdg_targets"),
                sdgIndicators: list("sdg_indicators"),
                origin: origin,
                sourceFile: file,
                isIllustrative: illustrative
            )
        }

        mutating func date(_ column: String) -> LocalDate? {
            guard let value = text(column) else { return nil }
            guard let date = LocalDate(iso: value) else {
                fail(column, value, Message("activities.file.date", ["value": .text(value)]))
                return nil
            }
            return date
        }
    }

    /// A Pasan institution when `text` is one's code, else an outside organisation by name.
    static func organisation(_ text: String, role: OrganisationRole, institutions: [String: LocalizedText]) -> ActivityOrganisation {
        if let name = institutions[text] ?? institutions[text.uppercased()] {
            return ActivityOrganisation(role: role, institution: institutions[text] == nil ? text.uppercased() : text, name: name)
        }
        return ActivityOrganisation(role: role, name: LocalizedText(en: text, lo: nil, loStatus: .unreviewed))
    }

    static func unneutralised(_ cell: String) -> String {
        guard cell.hasPrefix("'"), let second = cell.dropFirst().first, "=+-@\t\r".contains(second) else { return cell }
        return String(cell.dropFirst())
    }

    // MARK: Writing

    /// The rows of `activities`, in the order of `columns`.
    public static func rows(_ activities: [Activity]) -> [[String]] {
        activities.map { a in
            func name(_ o: ActivityOrganisation) -> String { o.institution?.nilIfEmpty ?? o.name.en }
            let budget: String =
                a.budget.map { amount in
                    amount.amount.rounded() == amount.amount && abs(amount.amount) < 1e15
                        ? String(Int64(amount.amount)) : String(amount.amount)
                } ?? ""
            return [
                a.identifier, name(a.implementer), a.implementer.ref ?? "", a.title.en, a.title.lo ?? "", a.description?.en ?? "",
                a.description?.lo ?? "", a.status.rawValue, a.start?.description ?? "", a.end?.description ?? "", budget,
                a.budget?.currency ?? "", a.confirmedLocations.map(\.areaCode).joined(separator: ";"),
                a.sectors.filter { $0.vocabulary == "1" || $0.vocabulary == "2" }.map(\.code).joined(separator: ";"),
                a.sdgTargets.joined(separator: ";"), a.sdgIndicators.joined(separator: ";"),
                a.participants.filter { $0.role != .funding }.map(name).joined(separator: ";"),
                a.participants.filter { $0.role == .funding }.map(name).joined(separator: ";"), a.isIllustrative ? "true" : "false",
            ]
        }
    }

    /// The CSV of `activities`.
    public static func write(_ activities: [Activity]) -> String {
        CSVWriter.write(header: columns, rows: rows(activities))
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
