/// What kind of text a translator reviews: the interface's own words, a title or name that
/// came with the reference data, or the label of a code that came with an import.
public enum TranslatableKind: String, Sendable, CaseIterable, Codable, Hashable {
    /// An interface text of the message catalogue (key: the catalogue key).
    case interface
    /// A goal's title (key: the goal number).
    case goal
    /// A target's title (key: the target code).
    case target
    /// An indicator's title (key: the indicator code).
    case indicator
    /// A data series' name (key: `SERIES@INDICATOR`).
    case series
    /// An institution's name (key: the institution code).
    case institution
    /// The label of a code of a code list, as an import brought it (key: `CODELIST@CODE`, the
    /// code list as the import named it: `SEX@F`, `UNIT_MEASURE@PT`).
    case codeLabel = "code"

    /// The kind and key of a PO entry's `msgctxt`: interface keys as they are, other kinds as
    /// `kind:key` (`indicator:3.1.2`).
    public static func parse(context: String) -> (TranslatableKind, String)? {
        guard let colon = context.firstIndex(of: ":") else { return (.interface, context) }
        guard let kind = TranslatableKind(rawValue: String(context[..<colon])), kind != .interface else { return nil }
        let key = String(context[context.index(after: colon)...])
        return key.isEmpty ? nil : (kind, key)
    }

    public func context(for key: String) -> String {
        self == .interface ? key : "\(rawValue):\(key)"
    }

    /// A key as a reader sees it: a code label's code list and code (`SEX · F`; a code may
    /// itself hold `@`, a code list's id never does); other keys as they are.
    public func displayKey(_ key: String) -> String {
        guard self == .codeLabel, let at = key.firstIndex(of: "@") else { return key }
        return "\(key[..<at]) \u{00B7} \(key[key.index(after: at)...])"
    }
}

/// One text that has a Lao version to review, with its English source.
public struct TranslatableText: Sendable, Hashable {
    public var kind: TranslatableKind
    public var key: String
    /// The goal the text belongs to, for progress per goal (nil for the interface and institutions).
    public var goal: Int?
    public var english: String
    /// The English plural form of an interface text that has one.
    public var englishPlural: String?
    public var lao: String?
    public var status: TranslationStatus
    /// Where an interface text is used (its catalogue component).
    public var component: String?

    public init(
        kind: TranslatableKind,
        key: String,
        goal: Int? = nil,
        english: String,
        englishPlural: String? = nil,
        lao: String?,
        status: TranslationStatus,
        component: String? = nil
    ) {
        self.kind = kind
        self.key = key
        self.goal = goal
        self.english = english
        self.englishPlural = englishPlural
        self.lao = lao
        self.status = status
        self.component = component
    }

    /// A Lao text nobody approved, or none at all.
    public var needsReview: Bool {
        lao == nil || status == .machine || status == .unreviewed
    }

    public var id: TranslationItem { TranslationItem(kind: kind, key: key) }
}

/// Which text: a kind and a key.
public struct TranslationItem: Sendable, Hashable, Codable {
    public var kind: TranslatableKind
    public var key: String
    public init(kind: TranslatableKind, key: String) {
        self.kind = kind
        self.key = key
    }
}

/// A proposed Lao text for one item, and what became of it.
public struct TranslationChange: Sendable, Hashable {
    public enum State: String, Sendable, Codable, CaseIterable {
        /// Waiting for a second reviewer.
        case pending
        /// Approved by a second reviewer: it is the text the portal shows.
        case approved
        /// Declined by a reviewer.
        case rejected
        /// Replaced by a newer proposal for the same item before anyone decided.
        case superseded
    }

    public enum Source: String, Sendable, Codable {
        /// Typed in the translation queue.
        case web
        /// Read from a PO file (`pasan translations import`).
        case po
    }

    public var id: Int64
    public var item: TranslationItem
    /// The English text at the time of the proposal.
    public var english: String
    public var laoBefore: String?
    public var laoAfter: String
    public var proposedBy: Int64
    public var proposerName: String
    public var proposedAt: String
    public var source: Source
    public var note: String?
    public var state: State
    public var decidedBy: Int64?
    public var deciderName: String?
    public var decidedAt: String?

    public init(
        id: Int64,
        item: TranslationItem,
        english: String,
        laoBefore: String?,
        laoAfter: String,
        proposedBy: Int64,
        proposerName: String,
        proposedAt: String,
        source: Source,
        note: String?,
        state: State,
        decidedBy: Int64? = nil,
        deciderName: String? = nil,
        decidedAt: String? = nil
    ) {
        self.id = id
        self.item = item
        self.english = english
        self.laoBefore = laoBefore
        self.laoAfter = laoAfter
        self.proposedBy = proposedBy
        self.proposerName = proposerName
        self.proposedAt = proposedAt
        self.source = source
        self.note = note
        self.state = state
        self.decidedBy = decidedBy
        self.deciderName = deciderName
        self.decidedAt = decidedAt
    }
}

/// The rules of the translation review: four eyes, and texts that are safe to show.
public enum TranslationReview {
    /// Why `reviewer` may not decide `change`, or nil when they may.
    public static func refusal(toDecide change: TranslationChange, by reviewer: Int64) -> Message? {
        if change.state != .pending { return Message("translations.refusal.notPending") }
        if change.proposedBy == reviewer { return Message("translations.refusal.fourEyes") }
        return nil
    }

    /// Why a proposed Lao text cannot be accepted, or nil. `english` is the source text.
    public static func problem(proposing lao: String, for english: String) -> Message? {
        let text = lao.trimmingSpaces
        if text.isEmpty { return Message("translations.problem.empty") }
        if text.count > 4000 { return Message("translations.problem.tooLong", ["limit": .number(4000)]) }
        if hasMarkup(text), !hasMarkup(english) { return Message("translations.problem.markup") }
        let expected = placeholders(english)
        let found = placeholders(text)
        if expected != found {
            return Message(
                "translations.problem.placeholders",
                [
                    "expected": .text(expected.isEmpty ? "—" : expected.joined(separator: " ")),
                    "found": .text(found.isEmpty ? "—" : found.joined(separator: " ")),
                ]
            )
        }
        return nil
    }

    /// `{name}` placeholders, sorted with repeats.
    static func placeholders(_ text: String) -> [String] {
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = rest[rest.index(after: open)..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                found.append(String(rest[open...close]))
            }
            rest = rest[rest.index(after: close)...]
        }
        return found.sorted()
    }

    /// A tag, comment or entity: texts are shown escaped, so markup would show as raw code.
    static func hasMarkup(_ text: String) -> Bool {
        let chars = Array(text)
        for (i, c) in chars.enumerated() where i + 1 < chars.count {
            let next = chars[i + 1]
            if c == "<", next.isLetter || next == "/" || next == "!" || next == "?" { return true }
            if c == "&", let end = chars[(i + 1)...].prefix(12).firstIndex(of: ";"), end > i + 1,
                chars[(i + 1)..<end].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "#" })
            {
                return true
            }
        }
        return false
    }
}

/// How far the review has come for one group of texts.
public struct TranslationProgress: Sendable, Hashable {
    public var total: Int
    public var reviewed: Int
    public var missing: Int
    public init(total: Int = 0, reviewed: Int = 0, missing: Int = 0) {
        self.total = total
        self.reviewed = reviewed
        self.missing = missing
    }

    public mutating func count(_ text: TranslatableText) {
        total += 1
        if !text.needsReview { reviewed += 1 }
        if text.lao == nil { missing += 1 }
    }

    /// Whole per cent reviewed (0 when there is nothing).
    public var percent: Int { total == 0 ? 0 : reviewed * 100 / total }

    /// Progress per kind and per goal.
    public static func summary(
        of texts: [TranslatableText]
    ) -> (byKind: [TranslatableKind: TranslationProgress], byGoal: [Int: TranslationProgress]) {
        var byKind: [TranslatableKind: TranslationProgress] = [:]
        var byGoal: [Int: TranslationProgress] = [:]
        for text in texts {
            byKind[text.kind, default: .init()].count(text)
            if let goal = text.goal { byGoal[goal, default: .init()].count(text) }
        }
        return (byKind, byGoal)
    }
}

/// A correction Pasan ships for a Lao text of the reference data: applied only where the text is
/// still the one shipped (a reviewer's later text is never overwritten), and left unreviewed.
public struct LaoCorrection: Sendable, Hashable {
    public var item: TranslationItem
    public var laoBefore: String
    public var laoAfter: String
    public var basis: String

    public init(item: TranslationItem, laoBefore: String, laoAfter: String, basis: String) {
        self.item = item
        self.laoBefore = laoBefore
        self.laoAfter = laoAfter
        self.basis = basis
    }
}
