import Foundation
import PasanDomain

/// One entry of a gettext PO file.
public struct POEntry: Sendable, Hashable {
    /// `# …` lines: the translator's own notes.
    public var translatorComments: [String] = []
    /// `#. …` lines: notes from the developers for translators.
    public var extractedComments: [String] = []
    /// `#: …` lines: where the text is used.
    public var references: [String] = []
    /// `#, …` flags; `fuzzy` means the translation is not reviewed.
    public var flags: [String] = []
    public var context: String?
    public var msgid: String = ""
    public var msgidPlural: String?
    /// `msgstr`, or `msgstr[0]`, `msgstr[1]`… for a plural entry.
    public var msgstr: [String] = [""]
    /// The line of the entry's first keyword, for error messages.
    public var line: Int = 0

    public init(
        context: String?,
        msgid: String,
        msgidPlural: String? = nil,
        msgstr: [String],
        flags: [String] = [],
        extractedComments: [String] = []
    ) {
        self.context = context
        self.msgid = msgid
        self.msgidPlural = msgidPlural
        self.msgstr = msgstr
        self.flags = flags
        self.extractedComments = extractedComments
    }

    init() {}

    public var isFuzzy: Bool { flags.contains("fuzzy") }
    public var isHeader: Bool { msgid.isEmpty && context == nil }
}

/// A problem found in a PO file, with the line it is on.
public struct POProblem: Error, Sendable, Hashable {
    public var file: String
    public var line: Int
    public var message: Message

    public init(file: String, line: Int, message: Message) {
        self.file = file
        self.line = line
        self.message = message
    }
}

/// Every problem found in a PO file; nothing from the file is used when there is one.
public struct POProblems: Error, Sendable {
    public var problems: [POProblem]
    public init(problems: [POProblem]) { self.problems = problems }
}

/// A gettext PO file: its header and entries, read and written as Weblate, Poedit and `msgfmt`
/// expect (UTF-8, `msgctxt`, plural forms, `fuzzy` for a translation that is not reviewed).
public struct POFile: Sendable {
    /// The header fields (`Language`, `Plural-Forms`, …), in file order.
    public var header: [(name: String, value: String)]
    public var entries: [POEntry]

    public init(header: [(name: String, value: String)], entries: [POEntry]) {
        self.header = header
        self.entries = entries
    }

    public func headerValue(_ name: String) -> String? {
        header.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// `nplurals` of the header's `Plural-Forms`, or nil when the header has none or it is broken.
    public var pluralCount: Int? {
        guard let forms = headerValue("Plural-Forms") else { return nil }
        return Self.pluralCount(in: forms)
    }

    static func pluralCount(in forms: String) -> Int? {
        let parts = forms.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let n = parts.first(where: { $0.hasPrefix("nplurals=") }),
            let count = Int(n.dropFirst("nplurals=".count)), (1...6).contains(count),
            parts.contains(where: { $0.hasPrefix("plural=") && $0.count > "plural=".count })
        else { return nil }
        return count
    }

    // MARK: Reading

    /// Reads a PO file. Every problem is collected with its line; any problem means no file.
    public static func parse(_ data: Data, file: String) throws(POProblems) -> POFile {
        guard let text = String(validating: data, as: UTF8.self) else {
            throw POProblems(problems: [
                POProblem(file: file, line: firstInvalidUTF8Line(data), message: Message("po.problem.utf8"))
            ])
        }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws(POProblems) -> POFile {
        var reader = Reader(file: file)
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            reader.read(line: raw.hasSuffix("\r") ? raw.dropLast() : raw, number: index + 1)
        }
        reader.finishEntry()
        var problems = reader.problems
        var header: [(name: String, value: String)] = []
        var entries = reader.entries
        if let first = entries.first, first.isHeader {
            for field in first.msgstr[0].split(separator: "\n") {
                guard let colon = field.firstIndex(of: ":") else { continue }
                header.append(
                    (
                        String(field[..<colon]).trimmingCharacters(in: .whitespaces),
                        String(field[field.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
                    )
                )
            }
            entries.removeFirst()
        }
        let po = POFile(header: header, entries: entries)
        problems += po.structuralProblems(file: file)
        guard problems.isEmpty else { throw POProblems(problems: problems.sorted { $0.line < $1.line }) }
        return po
    }

    /// Plural forms and placeholders: what `msgfmt --check` would refuse, and what would break a page.
    func structuralProblems(file: String) -> [POProblem] {
        var problems: [POProblem] = []
        let plurals = pluralCount
        if headerValue("Plural-Forms") != nil, plurals == nil {
            problems.append(POProblem(file: file, line: 1, message: Message("po.problem.pluralHeader")))
        }
        var seen: [String: Int] = [:]
        for entry in entries {
            let id = (entry.context ?? "") + "\u{4}" + entry.msgid
            if let earlier = seen[id] {
                problems.append(
                    POProblem(file: file, line: entry.line, message: Message("po.problem.duplicate", ["line": .number(earlier)]))
                )
            }
            seen[id] = entry.line
            if entry.msgidPlural != nil {
                let expected = plurals ?? 2
                if entry.msgstr.count != expected {
                    problems.append(
                        POProblem(
                            file: file,
                            line: entry.line,
                            message: Message(
                                "po.problem.pluralCount",
                                ["expected": .number(expected), "found": .number(entry.msgstr.count)]
                            )
                        )
                    )
                }
            } else if entry.msgstr.count != 1 {
                problems.append(POProblem(file: file, line: entry.line, message: Message("po.problem.pluralWithoutPlural")))
            }
            for text in entry.msgstr where !text.isEmpty {
                problems += Placeholders.problems(of: entry, translation: text, file: file)
            }
        }
        return problems
    }

    private static func firstInvalidUTF8Line(_ data: Data) -> Int {
        var line = 1
        var start = data.startIndex
        for index in data.indices where data[index] == 0x0A {
            if String(validating: data[start..<index], as: UTF8.self) == nil { return line }
            line += 1
            start = data.index(after: index)
        }
        return line
    }

    /// The line-by-line state machine of the PO grammar.
    private struct Reader {
        enum Field { case context, msgid, msgidPlural, msgstr(Int) }

        let file: String
        var entries: [POEntry] = []
        var problems: [POProblem] = []
        var current = POEntry()
        var hasKeyword = false
        var field: Field?
        var sawMsgstr = false

        init(file: String) { self.file = file }

        mutating func read(line raw: Substring, number: Int) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                finishEntry()
                return
            }
            if line.hasPrefix("#~") { return }  // obsolete entries are kept by no one; skip them
            if line.hasPrefix("#") {
                if sawMsgstr { finishEntry() }
                comment(line)
                return
            }
            if line.hasPrefix("\"") {
                guard let field else {
                    problem(number, Message("po.problem.stray"))
                    return
                }
                guard let value = unquote(line, number) else { return }
                append(value, to: field)
                return
            }
            let keyword = line.prefix { !$0.isWhitespace && $0 != "\"" }
            let rest = line.dropFirst(keyword.count).trimmingCharacters(in: .whitespaces)
            let newField: Field
            switch keyword {
            case "msgctxt": newField = .context
            case "msgid": newField = .msgid
            case "msgid_plural": newField = .msgidPlural
            case "msgstr": newField = .msgstr(-1)
            default:
                if keyword.hasPrefix("msgstr["), keyword.hasSuffix("]"), let i = Int(keyword.dropFirst(7).dropLast()) {
                    newField = .msgstr(i)
                } else {
                    problem(number, Message("po.problem.keyword", ["keyword": .text(String(keyword))]))
                    field = nil
                    return
                }
            }
            if case .context = newField, sawMsgstr { finishEntry() }
            if case .msgid = newField, sawMsgstr { finishEntry() }
            if !hasKeyword { current.line = number }
            hasKeyword = true
            guard let value = unquote(rest, number) else {
                field = nil
                return
            }
            switch newField {
            case .context: current.context = value
            case .msgid: current.msgid = value
            case .msgidPlural: current.msgidPlural = value
            case .msgstr(let i):
                if !sawMsgstr { current.msgstr = [] }
                sawMsgstr = true
                if i == -1 {
                    current.msgstr.append(value)
                } else if i == current.msgstr.count {
                    current.msgstr.append(value)
                } else {
                    problem(number, Message("po.problem.pluralIndex", ["index": .number(i)]))
                }
            }
            field = newField
        }

        mutating func comment(_ line: String) {
            let body = { (prefix: Int) in String(line.dropFirst(prefix)).trimmingCharacters(in: .whitespaces) }
            if line.hasPrefix("#,") {
                current.flags += body(2).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            } else if line.hasPrefix("#.") {
                current.extractedComments.append(body(2))
            } else if line.hasPrefix("#:") {
                current.references.append(body(2))
            } else if line.hasPrefix("#|") {
                // previous msgid of a fuzzy entry: not needed to use the entry
            } else {
                current.translatorComments.append(body(1))
            }
        }

        mutating func append(_ value: String, to field: Field) {
            switch field {
            case .context: current.context = (current.context ?? "") + value
            case .msgid: current.msgid += value
            case .msgidPlural: current.msgidPlural = (current.msgidPlural ?? "") + value
            case .msgstr:
                if current.msgstr.isEmpty { current.msgstr = [""] }
                current.msgstr[current.msgstr.count - 1] += value
            }
        }

        mutating func finishEntry() {
            if hasKeyword {
                if !sawMsgstr { problem(current.line, Message("po.problem.noMsgstr")) }
                entries.append(current)
            }
            current = POEntry()
            hasKeyword = false
            sawMsgstr = false
            field = nil
        }

        mutating func problem(_ line: Int, _ message: Message) {
            problems.append(POProblem(file: file, line: line, message: message))
        }

        /// A C-style quoted string: `"…"` with `\\ \" \n \t \r` escapes.
        mutating func unquote(_ text: String, _ number: Int) -> String? {
            guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else {
                problem(number, Message("po.problem.quote"))
                return nil
            }
            var out = ""
            var escaped = false
            for ch in text.dropFirst().dropLast() {
                if escaped {
                    switch ch {
                    case "\\": out.append("\\")
                    case "\"": out.append("\"")
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "r": out.append("\r")
                    default:
                        problem(number, Message("po.problem.escape", ["escape": .text("\\\(ch)")]))
                        return nil
                    }
                    escaped = false
                } else if ch == "\\" {
                    escaped = true
                } else if ch == "\"" {
                    problem(number, Message("po.problem.quote"))
                    return nil
                } else {
                    out.append(ch)
                }
            }
            if escaped {
                problem(number, Message("po.problem.quote"))
                return nil
            }
            return out
        }
    }

    // MARK: Writing

    /// The file as text, in the layout `msgcat` writes.
    public func serialized() -> String {
        var out = "msgid \"\"\nmsgstr \"\"\n"
        for field in header { out += Self.quote("\(field.name): \(field.value)\n") + "\n" }
        for entry in entries {
            out += "\n"
            for c in entry.translatorComments { out += c.isEmpty ? "#\n" : "# \(c)\n" }
            for c in entry.extractedComments { out += "#. \(c)\n" }
            for r in entry.references { out += "#: \(r)\n" }
            if !entry.flags.isEmpty { out += "#, " + entry.flags.joined(separator: ", ") + "\n" }
            if let context = entry.context { out += "msgctxt " + Self.quote(context) + "\n" }
            out += "msgid " + Self.quote(entry.msgid) + "\n"
            if let plural = entry.msgidPlural {
                out += "msgid_plural " + Self.quote(plural) + "\n"
                for (i, s) in entry.msgstr.enumerated() { out += "msgstr[\(i)] " + Self.quote(s) + "\n" }
            } else {
                out += "msgstr " + Self.quote(entry.msgstr.first ?? "") + "\n"
            }
        }
        return out
    }

    /// A quoted PO string; a text with line breaks is split after each, as gettext does.
    static func quote(_ text: String) -> String {
        func escape(_ s: Substring) -> String {
            var out = "\""
            for ch in s {
                switch ch {
                case "\\": out += "\\\\"
                case "\"": out += "\\\""
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                default: out.append(ch)
                }
            }
            return out + "\""
        }
        let pieces = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard pieces.count > 2 || (pieces.count == 2 && !pieces[1].isEmpty) else { return escape(Substring(text)) }
        var lines: [String] = ["\"\""]
        var rest = Substring(text)
        while let newline = rest.firstIndex(of: "\n") {
            lines.append(escape(rest[...newline]))
            rest = rest[rest.index(after: newline)...]
        }
        if !rest.isEmpty { lines.append(escape(rest)) }
        return lines.joined(separator: "\n")
    }
}
