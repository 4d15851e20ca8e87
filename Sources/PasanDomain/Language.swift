/// The languages Pasan speaks. Lao is the default of the Lao configuration.
public enum Language: String, Sendable, CaseIterable, Codable, Hashable {
    case lo
    case en

    /// The other language, for the one-click switch.
    public var other: Language { self == .lo ? .en : .lo }

    /// The language with its region (BCP 47) for documents that name one: Lao as written in
    /// Lao PDR, English as Pasan writes it (British spelling).
    public var tag: String {
        switch self {
        case .lo: "lo-LA"
        case .en: "en-GB"
        }
    }
}

/// How far a text in a given language can be trusted.
///
/// The Lao titles that ship with the framework are machine translations; they are shown with a
/// visible marker until a reviewer (LSB) marks them reviewed, or an official text replaces them.
public enum TranslationStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case machine
    /// Written by people (Pasan's own interface Lao) but not yet approved by a reviewer.
    case unreviewed
    case reviewed
    case official
}

/// A text in English and Lao, with the review state of the Lao text.
///
/// English is the source language of the global framework, so it is always present; the Lao text
/// may be missing (for example 11.5.3 has none in the data we ship).
public struct LocalizedText: Sendable, Hashable, Codable {
    public var en: String
    public var lo: String?
    public var loStatus: TranslationStatus

    public init(en: String, lo: String?, loStatus: TranslationStatus) {
        self.en = en
        let trimmed = lo?.trimmingSpaces
        self.lo = (trimmed?.isEmpty ?? true) ? nil : trimmed
        self.loStatus = loStatus
    }

    /// The text in `language`, falling back to English when no Lao text exists.
    public func text(in language: Language) -> String {
        switch language {
        case .en: en
        case .lo: lo ?? en
        }
    }

    /// Whether the text shown in `language` is something a reader should be warned about:
    /// an unreviewed machine translation, a Lao text no reviewer approved yet, or English shown
    /// in place of missing Lao.
    public func needsNotice(in language: Language) -> Bool {
        language == .lo && (lo == nil || loStatus == .machine || loStatus == .unreviewed)
    }

    /// The text as stored in `language`, without falling back to English (nil when Lao is missing).
    public func stored(in language: Language) -> String? {
        language == .en ? en : lo
    }

    /// Whether the Lao text is missing, so English is shown in its place.
    public func isFallback(in language: Language) -> Bool {
        language == .lo && lo == nil
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    public var trimmingSpaces: String {
        // Most cells of an upload start and end with a visible ASCII character: nothing to trim.
        if let first = utf8.first, let last = utf8.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return self
        }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
