import Foundation
import PasanDomain

/// Every interface text of Pasan in English and Lao, looked up by key.
///
/// The texts ship as gettext PO files, one per component, in `Resources/po/<component>/lo.po`:
/// `msgctxt` is the key, `msgid` the English text, `msgstr` the Lao, and the `fuzzy` flag marks a
/// Lao text that no reviewer has approved yet. Reviewed changes made in the application
/// (`TranslationRepository`) are laid over the shipped texts with `overlaying(_:)`.
public struct MessageCatalogue: Sendable {
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var component: String
        public var english: String { didSet { englishTemplate = Template(english) } }
        public var englishPlural: String? { didSet { pluralTemplate = englishPlural.flatMap(Template.init) } }
        /// The Lao text (`msgstr`, or `msgstr[0]`: Lao has one plural form), nil when missing.
        public var lao: String? { didSet { laoTemplate = lao.flatMap(Template.init) } }
        /// The texts cut at their placeholders once, when read (nil: no placeholder).
        var englishTemplate: Template?
        var pluralTemplate: Template?
        var laoTemplate: Template?
        /// Whether a reviewer approved the Lao text (PO: no `fuzzy` flag).
        public var isReviewed: Bool
        /// Notes for translators (`#.` lines).
        public var notes: [String]

        public init(
            key: String,
            component: String,
            english: String,
            englishPlural: String? = nil,
            lao: String?,
            isReviewed: Bool,
            notes: [String] = []
        ) {
            self.key = key
            self.component = component
            self.english = english
            self.englishPlural = englishPlural
            self.lao = lao
            self.isReviewed = isReviewed
            self.notes = notes
            self.englishTemplate = Template(english)
            self.pluralTemplate = englishPlural.flatMap(Template.init)
            self.laoTemplate = lao.flatMap(Template.init)
        }
    }

    /// A text cut at its `{name}` placeholders.
    struct Template: Sendable, Hashable {
        enum Segment: Sendable, Hashable {
            case literal(String)
            case placeholder(String)
        }

        var segments: [Segment]

        /// Nil when the text has no placeholder (it is shown as it is).
        init?(_ text: String) {
            let bytes = Array(text.utf8)
            var segments: [Segment] = []
            var literalStart = 0
            var i = 0
            while i < bytes.count {
                guard bytes[i] == UInt8(ascii: "{"), let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "}")), close > i + 1,
                    bytes[(i + 1)..<close].allSatisfy({
                        $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                    })
                else {
                    i += 1
                    continue
                }
                if literalStart < i { segments.append(.literal(String(decoding: bytes[literalStart..<i], as: UTF8.self))) }
                segments.append(.placeholder(String(decoding: bytes[(i + 1)..<close], as: UTF8.self)))
                i = close + 1
                literalStart = i
            }
            guard segments.contains(where: { if case .placeholder = $0 { true } else { false } }) else { return nil }
            if literalStart < bytes.count { segments.append(.literal(String(decoding: bytes[literalStart...], as: UTF8.self))) }
            self.segments = segments
        }
    }

    /// A reviewed change to one entry's Lao text.
    public struct Override: Sendable, Hashable {
        public var lao: String
        public var isReviewed: Bool
        public init(lao: String, isReviewed: Bool) {
            self.lao = lao
            self.isReviewed = isReviewed
        }
    }

    public private(set) var entries: [String: Entry]

    public init(entries: [Entry]) {
        var byKey: [String: Entry] = [:]
        for entry in entries { byKey[entry.key] = entry }
        self.entries = byKey
    }

    public subscript(key: String) -> Entry? { entries[key] }

    /// The keys, in a stable order (component, then key).
    public var sortedEntries: [Entry] {
        entries.values.sorted { ($0.component, $0.key) < ($1.component, $1.key) }
    }

    /// The keys whose Lao text is missing: English is shown in their place.
    public var missingLao: [String] { entries.values.filter { $0.lao == nil }.map(\.key).sorted() }

    /// The catalogue with reviewed changes laid over it.
    public func overlaying(_ overrides: [String: Override]) -> MessageCatalogue {
        var copy = self
        for (key, change) in overrides {
            guard var entry = copy.entries[key] else { continue }
            entry.lao = change.lao.isEmpty ? nil : change.lao
            entry.isReviewed = change.isReviewed
            copy.entries[key] = entry
        }
        return copy
    }

    // MARK: Looking up

    /// The text of `message` in `language`. An unknown key shows as the key itself, so that it is
    /// seen (and the catalogue test fails on it); a missing Lao text falls back to English.
    public func text(_ message: Message, in language: Language) -> String {
        guard let entry = entries[message.key] else { return message.key }
        let (text, template): (String, Template?)
        if language == .lo, let lao = entry.lao {
            (text, template) = (lao, entry.laoTemplate)
        } else if let plural = entry.englishPlural, let count = message.count, count != 1 {
            (text, template) = (plural, entry.pluralTemplate)
        } else {
            (text, template) = (entry.english, entry.englishTemplate)
        }
        guard let template else { return text }
        return fill(template, message: message, language: language)
    }

    /// The template with its `{name}` placeholders filled; an unknown placeholder stays as it is.
    private func fill(_ template: Template, message: Message, language: Language) -> String {
        var out = ""
        for segment in template.segments {
            switch segment {
            case .literal(let text):
                out += text
            case .placeholder(let name):
                if let argument = message.arguments[name] {
                    out += value(argument, in: language)
                } else if name == "count", let count = message.count {
                    out += TextFormat.number(count, in: language)
                } else {
                    out += "{\(name)}"
                }
            }
        }
        return out
    }

    private func value(_ argument: MessageArgument, in language: Language) -> String {
        switch argument {
        case .text(let s): s
        case .number(let n): TextFormat.number(n, in: language)
        case .localized(let t): t.text(in: language)
        case .message(let m): text(m, in: language)
        case .date(let d): TextFormat.date(d, in: language)
        }
    }

    /// The text of `message` in both languages, with the review state of its Lao text (for the
    /// API, which carries `en`, `lo` and `lo_status`).
    public func localized(_ message: Message) -> LocalizedText {
        let reviewed = entries[message.key]?.isReviewed ?? false
        return LocalizedText(
            en: text(message, in: .en),
            lo: entries[message.key]?.lao == nil ? nil : text(message, in: .lo),
            loStatus: reviewed ? .reviewed : .unreviewed
        )
    }
}

extension MessageCatalogue {
    /// The catalogue that answers lookups in the current task: the shipped texts, or, inside a
    /// request of the web application, the shipped texts with the reviewed changes of its
    /// database (bound per request by `CatalogueMiddleware`).
    @TaskLocal public static var current: MessageCatalogue = shipped
}

extension Message {
    /// This message's text in `language`, from the current catalogue.
    public func text(in language: Language) -> String {
        MessageCatalogue.current.text(self, in: language)
    }

    /// Both languages and the Lao review state, from the current catalogue.
    public var localized: LocalizedText { MessageCatalogue.current.localized(self) }
}

extension Language {
    /// The interface text `key` in this language, from the current catalogue: `l.t(key)`,
    /// `l.t(key, count: n)` for a plural, `l.t(key, ["date": .date(d)])` for placeholders.
    public func t(_ key: String, _ arguments: [String: MessageArgument] = [:], count: Int? = nil) -> String {
        MessageCatalogue.current.text(Message(key, arguments, count: count), in: self)
    }
}
