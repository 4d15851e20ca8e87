import Foundation
import PasanDomain
import ZIPFoundation

/// Reads an uploaded `.xlsx` (from Excel, LibreOffice, Google Sheets or Pasan) into sheets of
/// cells, refusing what could harm the server or mislead the user:
///
/// - bounded: the file's size (50 MB), its entries, and the bytes inflated, counted while
///   inflating (the sizes a zip declares can lie), with a ratio limit for zip bombs;
/// - no DTD: a part declaring `<!DOCTYPE` or `<!ENTITY` is refused before it is parsed (no
///   entity bomb, no XXE); the small parts are read by `SafeXML` (external entities off), the
///   worksheets and shared strings by `XMLScanner`, which reads no DTD at all;
/// - the sheets are found as a spreadsheet finds them: `workbook.xml` names them and its
///   relationships point at their parts (never assumed to be `sheet1.xml`); a sheet named but
///   missing is refused;
/// - formulas are never evaluated: a cell's value is the result the spreadsheet saved
///   (`XLSXReadCell.formula` says it was one); cells formatted as dates are flagged (their value
///   is a day count); merged ranges are reported.
///
/// What makes the whole file unusable is thrown (`ExchangeProblems`); cells that cannot be read
/// are the sheet's `problems`, located `Sheet!D14`.
public enum XLSXReader {
    /// How much an upload may hold.
    public struct Limits: Sendable, Hashable {
        /// The file's size, in bytes.
        public var maximumFileBytes: Int
        /// Entries in the zip.
        public var maximumEntries: Int
        /// Bytes of all the parts read, once inflated.
        public var maximumInflatedBytes: Int64
        /// How many times its packed size a part may inflate to …
        public var maximumRatio: Int64
        /// … once it is larger than this.
        public var ratioAllowance: Int64

        public init(maximumFileBytes: Int, maximumEntries: Int, maximumInflatedBytes: Int64, maximumRatio: Int64, ratioAllowance: Int64) {
            self.maximumFileBytes = maximumFileBytes
            self.maximumEntries = maximumEntries
            self.maximumInflatedBytes = maximumInflatedBytes
            self.maximumRatio = maximumRatio
            self.ratioAllowance = ratioAllowance
        }

        /// Pasan's defaults: a 50 MB file, 10,000 entries, 512 MiB inflated, a part at most 250
        /// times its packed size once over 1 MiB (a 100,000-row sheet packs about 10 times;
        /// deflate's best is about 1,000 times, which only runs of one byte reach).
        public static let pasanDefault = Limits(
            maximumFileBytes: 50 * 1024 * 1024,
            maximumEntries: 10_000,
            maximumInflatedBytes: 512 * 1024 * 1024,
            maximumRatio: 250,
            ratioAllowance: 1024 * 1024
        )
    }

    /// Reads the workbook `data`, uploaded as `file`. `sheets`, when given, limits the worksheets
    /// read to those names (the others are neither inflated nor parsed); a name given but not in
    /// the workbook is not a problem here: the caller says what it misses.
    public static func read(
        _ data: Data,
        file: String,
        sheets wanted: Set<String>? = nil,
        limits: Limits = .pasanDefault
    ) throws
        -> XLSXDocument
    {
        guard data.count <= limits.maximumFileBytes else {
            throw ExchangeProblems([
                ExchangeProblem(
                    file: file,
                    found: SafeUnzip.megabytes(Int64(data.count)) + " MB",
                    expected: Message("xlsx.file.tooLarge", ["megabytes": .text(SafeUnzip.megabytes(Int64(limits.maximumFileBytes)))])
                )
            ])
        }
        var package = try Package(data: data, file: file, limits: limits)
        let workbookPath = try package.workbookPath()
        let workbook = try SafeXML.parse(try package.inflate(workbookPath), file: file)
        let relationships = try package.relationships(of: workbookPath)
        let usesDate1904 = ["1", "true"].contains(workbook.child("workbookPr")?.attributes["date1904"] ?? "")

        var sharedStrings: [String] = []
        if let path = relationships.first(where: { $0.type.hasSuffix("/sharedStrings") })?.target, package.has(path) {
            sharedStrings = try SharedStringsParser.parse(try package.inflate(path), file: file, part: path)
        }
        var dateStyles: Set<Int> = []
        if let path = relationships.first(where: { $0.type.hasSuffix("/styles") })?.target, package.has(path) {
            dateStyles = dateStyleIndices(try SafeXML.parse(try package.inflate(path), file: file))
        }

        var missing: [ExchangeProblem] = []
        var sheets: [XLSXReadSheet] = []
        for node in workbook.child("sheets")?.children("sheet") ?? [] {
            let name = node.attributes["name"] ?? ""
            if let wanted, !wanted.contains(name) { continue }
            let relationship = node.attributes["id"].flatMap { id in relationships.first { $0.id == id } }
            guard let relationship, package.has(relationship.target) else {
                missing.append(
                    ExchangeProblem(
                        file: file,
                        location: name,
                        found: relationship?.target,
                        expected: Message("xlsx.sheet.missing", ["sheet": .text(name)])
                    )
                )
                continue
            }
            // Chart sheets and dialog sheets hold no cells.
            guard relationship.type.hasSuffix("/worksheet") else { continue }
            var sheet = try SheetParser.parse(
                try package.inflate(relationship.target),
                file: file,
                part: relationship.target,
                sheet: name,
                sharedStrings: sharedStrings,
                dateStyles: dateStyles
            )
            sheet.isHidden = ["hidden", "veryHidden"].contains(node.attributes["state"] ?? "")
            sheets.append(sheet)
        }
        guard missing.isEmpty else { throw ExchangeProblems(missing) }
        if sheets.isEmpty && wanted == nil {
            throw ExchangeProblems([ExchangeProblem(file: file, expected: Message("xlsx.workbook.noSheets"))])
        }
        return XLSXDocument(sheets: sheets, usesDate1904: usesDate1904)
    }

    /// A day count (serial number) as the day it stands for (`45658` → `2025-01-01`), for a
    /// message; `nil` when it is no day a spreadsheet shows.
    public static func isoDate(serial: Double, date1904: Bool = false) -> String? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        // Excel counts a 29 February 1900 that never was: serials from 61 on are one day late.
        if !date1904 {
            if days == 60 { return "1900-02-29" }
            if days < 60 { days += 1 }
        }
        // Days since 1899-12-30 (or 1904-01-01) → civil date (Howard Hinnant's days_from_civil inverse).
        let epochShift = date1904 ? 24_107 : 25_569  // days from the epoch to 1970-01-01
        let z = days - epochShift + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    // MARK: - Styles

    /// The cell formats (`cellXfs` indices) whose number format shows a date or a time.
    static func dateStyleIndices(_ styles: XMLNode) -> Set<Int> {
        var codes: [Int: String] = [:]
        for format in styles.child("numFmts")?.children("numFmt") ?? [] {
            if let id = format.attributes["numFmtId"].flatMap({ Int($0) }) { codes[id] = format.attributes["formatCode"] ?? "" }
        }
        var indices: Set<Int> = []
        for (index, xf) in (styles.child("cellXfs")?.children("xf") ?? []).enumerated() {
            let id = Int(xf.attributes["numFmtId"] ?? "0") ?? 0
            if isDateFormat(id: id, code: codes[id]) { indices.insert(index) }
        }
        return indices
    }

    /// Built-in formats 14–22 (dates and times), 27–36 and 50–58 (East Asian dates), 45–47
    /// (times); a custom format whose codes (outside quoted text, escapes and colours) hold
    /// `y`, `m`, `d`, `h` or `s`.
    static func isDateFormat(id: Int, code: String?) -> Bool {
        guard let code else { return (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id) || (50...58).contains(id) }
        var inQuotes = false
        var inBracket = false
        var bracket = ""
        var skipNext = false
        for character in code.lowercased().replacingOccurrences(of: "general", with: "") {
            if skipNext {
                skipNext = false
                continue
            }
            if inQuotes {
                if character == "\"" { inQuotes = false }
                continue
            }
            if inBracket {
                if character == "]" {
                    inBracket = false
                    // [h], [mm], [ss]: elapsed time. [Red], [$-409], [>100]: not a date code.
                    if !bracket.isEmpty && bracket.allSatisfy({ "hms".contains($0) }) { return true }
                } else {
                    bracket.append(character)
                }
                continue
            }
            switch character {
            case "\"": inQuotes = true
            case "[":
                inBracket = true
                bracket = ""
            case "\\", "_", "*": skipNext = true
            case "y", "m", "d", "h", "s": return true
            default: break
            }
        }
        return false
    }
}

// MARK: - The package

extension XLSXReader {
    /// A relationship of a part: its id, type and target part (resolved to a path in the zip).
    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    /// The zip, its entries by path, and the bytes inflated so far.
    struct Package {
        let zip: ZipReader
        let file: String
        let limits: Limits
        var entries: [String: (entry: Entry, item: ZipLayout.Item)] = [:]
        var lowercased: [String: String] = [:]
        var inflated: Int64 = 0

        init(data: Data, file: String, limits: Limits) throws {
            self.file = file
            self.limits = limits
            do { zip = try ZipReader(data) } catch {
                throw ExchangeProblems([ExchangeProblem(file: file, expected: Message("xlsx.file.notWorkbook"))])
            }
            var count = 0
            for (entry, item) in zip.entries {
                count += 1
                guard count <= limits.maximumEntries else {
                    throw ExchangeProblems([
                        ExchangeProblem(
                            file: file,
                            found: String(count),
                            expected: Message("xlsx.zip.tooManyEntries", ["count": .number(limits.maximumEntries)])
                        )
                    ])
                }
                guard entry.type == .file else { continue }
                let path = entry.path.hasPrefix("/") ? String(entry.path.dropFirst()) : entry.path
                if entries[path] == nil {
                    entries[path] = (entry, item)
                    lowercased[path.lowercased()] = path
                }
            }
        }

        /// The entry's path as stored (part names are compared without case).
        func stored(_ path: String) -> String? {
            entries[path] != nil ? path : lowercased[path.lowercased()]
        }

        func has(_ path: String) -> Bool { stored(path) != nil }

        /// The part's bytes, counted while inflating against the limits.
        mutating func inflate(_ path: String) throws -> Data {
            guard let stored = stored(path), let (entry, item) = entries[stored] else {
                throw ExchangeProblems([ExchangeProblem(file: file, location: path, expected: Message("xlsx.part.missing"))])
            }
            func problem(_ expected: Message, found: String? = nil) -> ExchangeProblems {
                ExchangeProblems([ExchangeProblem(file: file, location: stored, found: found, expected: expected)])
            }
            var total = inflated
            var data = Data()
            do {
                let checksum = try SafeUnzip.inflate(
                    item,
                    in: zip.bytes,
                    total: &total,
                    maximumTotal: limits.maximumInflatedBytes,
                    maximumRatio: limits.maximumRatio,
                    ratioAllowance: limits.ratioAllowance
                ) { chunk in data.append(chunk) }
                guard checksum == entry.checksum else { throw problem(Message("xlsx.zip.damaged")) }
            } catch SafeUnzip.Limit.total {
                throw problem(
                    Message("xlsx.zip.tooLarge", ["megabytes": .text(SafeUnzip.megabytes(limits.maximumInflatedBytes))]),
                    found: SafeUnzip.megabytes(total) + " MB"
                )
            } catch SafeUnzip.Limit.ratio {
                throw problem(Message("xlsx.zip.ratio", ["ratio": .number(Int(limits.maximumRatio))]))
            } catch let problems as ExchangeProblems {
                throw problems
            } catch {
                throw problem(Message("xlsx.zip.damaged"))
            }
            inflated = total
            return data
        }

        /// The main part, as the package's relationships name it (`xl/workbook.xml`).
        mutating func workbookPath() throws -> String {
            if has("_rels/.rels") {
                let relationships = try relationships(of: "")
                if let target = relationships.first(where: { $0.type.hasSuffix("/officeDocument") })?.target, has(target) {
                    return target
                }
            }
            guard has("xl/workbook.xml") else {
                throw ExchangeProblems([ExchangeProblem(file: file, found: "xl/workbook.xml", expected: Message("xlsx.file.notWorkbook"))])
            }
            return "xl/workbook.xml"
        }

        /// The relationships of the part at `path` (`""` for the package's own), targets resolved.
        mutating func relationships(of path: String) throws -> [Relationship] {
            let folder = path.split(separator: "/").dropLast().joined(separator: "/")
            let name = path.split(separator: "/").last.map(String.init) ?? ""
            let relsPath = (folder.isEmpty ? "" : folder + "/") + "_rels/\(name).rels"
            guard has(relsPath) else { return [] }
            let root = try SafeXML.parse(try inflate(relsPath), file: file)
            return root.children("Relationship").compactMap { node in
                guard let id = node.attributes["Id"], let target = node.attributes["Target"] else { return nil }
                if node.attributes["TargetMode"] == "External" { return nil }
                return Relationship(id: id, type: node.attributes["Type"] ?? "", target: Self.resolve(target, from: folder))
            }
        }

        /// A relationship's target as a path in the zip: absolute (`/xl/…`) or relative to the
        /// folder of the part, `..` and `.` folded.
        static func resolve(_ target: String, from folder: String) -> String {
            let decoded = target.removingPercentEncoding ?? target
            var components: [Substring] = decoded.hasPrefix("/") ? [] : folder.split(separator: "/")
            for component in decoded.split(separator: "/") {
                if component == "." { continue }
                if component == ".." {
                    _ = components.popLast()
                } else {
                    components.append(component)
                }
            }
            return components.joined(separator: "/")
        }
    }
}

// MARK: - Streaming parsers

extension XLSXReader {
    /// Refuses a DTD, then scans `data` with `handler` (`XMLScanner`: Foundation's parser stops
    /// at 10 MB on Linux).
    static func parse(_ data: Data, file: String, part: String, handler: some XMLScanHandler) throws {
        if let line = SafeXML.declarationLine(in: data) {
            throw ExchangeProblems([
                ExchangeProblem(file: file, line: line, location: part, found: "<!DOCTYPE", expected: Message("exchange.xml.noDoctype"))
            ])
        }
        if let error = XMLScanner.scan(data, handler: handler, maximumDepth: SafeXML.maximumDepth) {
            throw ExchangeProblems([
                ExchangeProblem(
                    file: file,
                    line: error.line,
                    location: part,
                    expected: error.tooDeep
                        ? Message("exchange.xml.tooDeep", ["depth": .number(SafeXML.maximumDepth)]) : Message("exchange.xml.wellFormed")
                )
            ])
        }
    }

    /// `xl/sharedStrings.xml`: each `<si>`'s text, its rich-text runs joined; phonetic runs
    /// (`<rPh>`) are left out.
    final class SharedStringsParser: XMLScanHandler {
        var strings: [String] = []
        var current: String?
        var inText = false
        var phonetic = 0

        static func parse(_ data: Data, file: String, part: String) throws -> [String] {
            let delegate = SharedStringsParser()
            try XLSXReader.parse(data, file: file, part: part, handler: delegate)
            return delegate.strings
        }

        func start(_ name: String, _ attributes: [String: String]) {
            switch name {
            case "si": current = ""
            case "rPh": phonetic += 1
            case "t": inText = current != nil && phonetic == 0
            default: break
            }
        }

        func end(_ name: String) {
            switch name {
            case "si":
                strings.append(XMLText.decodingUnderscoreCodes(current ?? ""))
                current = nil
            case "rPh": phonetic -= 1
            case "t": inText = false
            default: break
            }
        }

        func text(_ string: String) {
            if inText { current? += string }
        }
    }

    /// A worksheet part: its cells and merged ranges, in one pass.
    final class SheetParser: XMLScanHandler {
        let file: String
        let sheet: String
        let sharedStrings: [String]
        let dateStyles: Set<Int>
        var rows: [Int: [Int: XLSXReadCell]] = [:]
        var merged: [XLSXRange] = []
        var problems: [ExchangeProblem] = []

        var row = 0
        var column = 0
        var inSheetData = false
        // The cell being read.
        var cell: (column: Int, row: Int, type: String, style: Int)?
        var value: String?
        var formula: String?
        var inline: String?
        var capture: Capture = .none
        var phonetic = 0

        enum Capture { case none, value, formula, inline }

        init(file: String, sheet: String, sharedStrings: [String], dateStyles: Set<Int>) {
            self.file = file
            self.sheet = sheet
            self.sharedStrings = sharedStrings
            self.dateStyles = dateStyles
        }

        static func parse(
            _ data: Data,
            file: String,
            part: String,
            sheet: String,
            sharedStrings: [String],
            dateStyles: Set<Int>
        ) throws
            -> XLSXReadSheet
        {
            let delegate = SheetParser(file: file, sheet: sheet, sharedStrings: sharedStrings, dateStyles: dateStyles)
            try XLSXReader.parse(data, file: file, part: part, handler: delegate)
            let rows = delegate.rows.sorted { $0.key < $1.key }.map { number, cells in
                XLSXReadRow(number: number, cells: cells.values.sorted { $0.column < $1.column })
            }
            return XLSXReadSheet(name: sheet, rows: rows, mergedRanges: delegate.merged, problems: delegate.problems)
        }

        func problem(_ location: String, found: String?, _ expected: Message) {
            problems.append(ExchangeProblem(file: file, location: "\(sheet)!\(location)", found: found, expected: expected))
        }

        func start(_ name: String, _ attributes: [String: String]) {
            switch name {
            case "sheetData":
                inSheetData = true
            case "row" where inSheetData:
                if let r = attributes["r"] {
                    if let number = Int(r), (1...XLSXReader.maximumRow).contains(number) {
                        row = number
                    } else {
                        problem(r, found: r, Message("xlsx.cell.reference"))
                        row += 1
                    }
                } else {
                    row += 1
                }
                column = 0
            case "c" where inSheetData:
                var position = (column: column + 1, row: max(row, 1))
                if let r = attributes["r"] {
                    guard let parsed = XLSXReader.position(of: r) else {
                        problem(r, found: r, Message("xlsx.cell.reference"))
                        cell = nil
                        return
                    }
                    position = parsed
                }
                guard position.column <= XLSXReader.maximumColumn else {
                    problem(
                        XLSXReader.reference(column: XLSXReader.maximumColumn, row: position.row),
                        found: nil,
                        Message("xlsx.cell.reference")
                    )
                    cell = nil
                    return
                }
                column = position.column
                row = position.row
                cell = (position.column, position.row, attributes["t"] ?? "n", Int(attributes["s"] ?? "0") ?? 0)
                value = nil
                formula = nil
                inline = nil
            case "v" where cell != nil:
                value = ""
                capture = .value
            case "f" where cell != nil:
                formula = ""
                capture = .formula
            case "is" where cell != nil:
                inline = ""
            case "rPh":
                phonetic += 1
            case "t" where inline != nil && phonetic == 0:
                capture = .inline
            case "mergeCell":
                if let ref = attributes["ref"] {
                    if let range = XLSXRange(ref) { merged.append(range) } else { problem(ref, found: ref, Message("xlsx.cell.reference")) }
                }
            default:
                break
            }
        }

        func end(_ name: String) {
            switch name {
            case "sheetData": inSheetData = false
            case "v", "f", "t": capture = .none
            case "rPh": phonetic -= 1
            case "c":
                if let cell { finish(cell) }
                cell = nil
            default: break
            }
        }

        func text(_ string: String) {
            switch capture {
            case .none: break
            case .value: value? += string
            case .formula: formula? += string
            case .inline: inline? += string
            }
        }

        func finish(_ cell: (column: Int, row: Int, type: String, style: Int)) {
            // Only a problem needs the reference: building it for every cell would cost a string each.
            var reference: String { XLSXReader.reference(column: cell.column, row: cell.row) }
            var isDate = dateStyles.contains(cell.style)
            var read: XLSXReadValue?
            switch cell.type {
            case "s":
                guard let value, let index = Int(value.trimmingCharacters(in: .whitespaces)), sharedStrings.indices.contains(index) else {
                    problem(reference, found: value, Message("xlsx.cell.sharedString", ["count": .number(sharedStrings.count)]))
                    return
                }
                read = .text(sharedStrings[index])
            case "inlineStr":
                if let text = inline ?? value { read = XLSXReadValue.text(XMLText.decodingUnderscoreCodes(text)) }
            case "str":
                if let value { read = XLSXReadValue.text(XMLText.decodingUnderscoreCodes(value)) }
            case "b":
                if let value {
                    read = XLSXReadValue.boolean(value.trimmingCharacters(in: .whitespaces) == "1" || value.lowercased() == "true")
                }
            case "e":
                if let value { read = XLSXReadValue.error(value.trimmingCharacters(in: .whitespaces)) }
            case "d":
                isDate = true
                if let value { read = XLSXReadValue.text(value.trimmingCharacters(in: .whitespaces)) }
            default:
                guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { break }
                guard let number = Double(value.trimmingCharacters(in: .whitespaces)), number.isFinite else {
                    problem(reference, found: value, Message("xlsx.cell.number"))
                    return
                }
                read = .number(number)
            }
            guard let read else {
                // A formula whose result was never saved (a file written by a program, not opened
                // in a spreadsheet): Pasan does not evaluate it.
                if let formula { problem(reference, found: "=" + formula, Message("xlsx.cell.formulaWithoutValue")) }
                return
            }
            rows[cell.row, default: [:]][cell.column] = XLSXReadCell(
                column: cell.column,
                row: cell.row,
                value: read,
                isDate: isDate,
                formula: formula
            )
        }
    }
}
