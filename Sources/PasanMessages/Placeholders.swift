import PasanDomain

/// The placeholders of a text — `{name}` (Pasan's own) and, in an entry flagged `c-format` or
/// `python-format` as gettext does, printf-style `%d`, `%s`, `%1$s` — and the checks that a
/// translation keeps them and adds no markup. (Without the flag, "50 % of" is plain text.)
enum Placeholders {
    /// The placeholders in `text`, sorted, with repeats (a translation must use each as often).
    static func of(_ text: String, printf: Bool = true) -> [String] {
        var found: [String] = []
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "{" {
                var j = i + 1
                while j < scalars.count, scalars[j].properties.isAlphabetic || scalars[j] == "_" || ("0"..."9").contains(scalars[j]) {
                    j += 1
                }
                if j < scalars.count, scalars[j] == "}", j > i + 1 {
                    found.append(String(String.UnicodeScalarView(scalars[i...j])))
                    i = j + 1
                    continue
                }
            } else if c == "%", printf {
                if i + 1 < scalars.count, scalars[i + 1] == "%" {
                    i += 2
                    continue
                }
                var j = i + 1
                while j < scalars.count, "0123456789$-+ #.lhz".unicodeScalars.contains(scalars[j]) { j += 1 }
                if j < scalars.count, "diouxXeEfFgGcspS@".unicodeScalars.contains(scalars[j]) {
                    found.append(String(String.UnicodeScalarView(scalars[i...j])))
                    i = j + 1
                    continue
                }
            }
            i += 1
        }
        return found.sorted()
    }

    /// Whether `text` holds something a browser would read as markup: a tag, a comment or an
    /// entity. Texts are escaped when shown, so such a translation would show as raw code.
    static func hasMarkup(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        for (i, c) in scalars.enumerated() {
            guard i + 1 < scalars.count else { break }
            let next = scalars[i + 1]
            if c == "<", next.properties.isAlphabetic || next == "/" || next == "!" || next == "?" { return true }
            if c == "&", next == "#" || next.properties.isAlphabetic,
                let semicolon = scalars[(i + 1)...].prefix(12).firstIndex(of: ";"),
                scalars[(i + 1)..<semicolon].allSatisfy({ $0.properties.isAlphabetic || $0 == "#" || ("0"..."9").contains($0) })
            {
                return true
            }
        }
        return false
    }

    /// What is wrong with `translation` as a translation of `entry`.
    static func problems(of entry: POEntry, translation: String, file: String) -> [POProblem] {
        var problems: [POProblem] = []
        let printf = entry.flags.contains("c-format") || entry.flags.contains("python-format")
        let of = { (text: String) in Placeholders.of(text, printf: printf) }
        let expected: [String]
        if let plural = entry.msgidPlural {
            expected = of(plural)
            let allowed = Set(of(entry.msgid) + expected)
            let found = of(translation)
            // A plural form may leave out {count} ("one result"), but nothing else.
            let missing = Set(expected).subtracting(found).subtracting(["{count}", "%d"])
            let extra = Set(found).subtracting(allowed)
            problems += report(missing: missing, extra: extra, entry: entry, file: file)
        } else {
            expected = of(entry.msgid)
            let found = of(translation)
            if found != expected {
                var missing = expected
                for f in found { if let k = missing.firstIndex(of: f) { missing.remove(at: k) } }
                var extra = found
                for e in expected { if let k = extra.firstIndex(of: e) { extra.remove(at: k) } }
                problems += report(missing: Set(missing), extra: Set(extra), entry: entry, file: file)
            }
        }
        if hasMarkup(translation), !hasMarkup(entry.msgid) {
            problems.append(POProblem(file: file, line: entry.line, message: Message("po.problem.markup")))
        }
        return problems
    }

    private static func report(missing: Set<String>, extra: Set<String>, entry: POEntry, file: String) -> [POProblem] {
        var problems: [POProblem] = []
        if !missing.isEmpty {
            problems.append(
                POProblem(
                    file: file,
                    line: entry.line,
                    message: Message("po.problem.placeholderMissing", ["placeholders": .text(missing.sorted().joined(separator: " "))])
                )
            )
        }
        if !extra.isEmpty {
            problems.append(
                POProblem(
                    file: file,
                    line: entry.line,
                    message: Message("po.problem.placeholderAdded", ["placeholders": .text(extra.sorted().joined(separator: " "))])
                )
            )
        }
        return problems
    }
}
