/// An SDG term and the Lao word translators are asked to use for it.
public struct GlossaryTerm: Sendable, Hashable {
    public var english: String
    public var lao: String
    /// Where the term comes from and whether it is confirmed.
    public var note: String

    public init(english: String, lao: String, note: String) {
        self.english = english
        self.lao = lao
        self.note = note
    }
}

/// The glossary of SDG terms, and the check that a Lao text uses the agreed words.
public struct Glossary: Sendable {
    public var terms: [GlossaryTerm]

    public init(terms: [GlossaryTerm]) {
        // Longer terms first, so "national indicator" is reported rather than also "indicator".
        self.terms = terms.sorted { $0.english.count > $1.english.count }
    }

    /// The terms `english` uses (as whole words, any case).
    public func terms(in english: String) -> [GlossaryTerm] {
        let words = " " + Self.words(english) + " "
        var found: [GlossaryTerm] = []
        var covered: [String] = []
        for term in terms {
            let needle = " " + Self.words(term.english) + " "
            guard words.contains(needle), !covered.contains(where: { $0.contains(needle) }) else { continue }
            found.append(term)
            covered.append(needle)
        }
        return found
    }

    /// The terms that `english` uses but whose agreed Lao word `lao` does not contain: the text
    /// departs from the glossary (or says it differently) and a reviewer should look.
    public func departures(english: String, lao: String?) -> [GlossaryTerm] {
        guard let lao, !lao.isEmpty else { return [] }
        let text = SearchText.normalise(lao)
        return terms(in: english).filter { !text.contains(SearchText.normalise($0.lao)) }
    }

    /// Lower-cased words of `text` separated by single spaces, with a plural "s" dropped so that
    /// "indicators" finds "indicator".
    static func words(_ text: String) -> String {
        var words: [String] = []
        var current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber {
                current.append(ch)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.count > 3 && $0.hasSuffix("s") && !$0.hasSuffix("ss") ? String($0.dropLast()) : $0 }.joined(separator: " ")
    }
}
