/// Years of the Buddhist era (BE), which Lao administrations write beside or instead of the
/// Gregorian year (CE): BE = CE + 543, so 2568 is 2025.
///
/// LSB's SDMX headers and some files sent to Pasan carry BE years. Pasan stores and shows
/// Gregorian years only (as LSB publishes its statistics); these functions read either.
///
/// **Threshold.** A year of 2400 or more is read as BE: BE 2400 is CE 1857, before any data
/// Pasan holds, and CE 2400 is far after any. Every year Pasan accepts (`LocalDate`: CE
/// 1900–2200, BE 2443–2743) is therefore read one way only.
public enum LaoCalendar {
    /// BE − CE.
    public static let buddhistEraOffset = 543

    /// Years from this one up are Buddhist-era years.
    public static let buddhistEraThreshold = 2400

    /// The Gregorian year of `year`, which may be a Buddhist-era year (≥ 2400).
    public static func gregorianYear(fromPossiblyBuddhist year: Int) -> Int {
        year >= buddhistEraThreshold ? year - buddhistEraOffset : year
    }

    /// The Buddhist-era year of a Gregorian year.
    public static func buddhistYear(ofGregorian year: Int) -> Int { year + buddhistEraOffset }

    /// A year written alone (`2025`, `2568`, `໒໕໖໘`, surrounding white space allowed), as a
    /// Gregorian year; nil unless it is four digits.
    public static func year(from text: String) -> Int? {
        let digits = LaoDigits.toASCII(text.trimmingWhiteSpace)
        guard digits.utf8.count == 4, digits.utf8.allSatisfy({ (48...57).contains($0) }), let year = Int(digits) else {
            return nil
        }
        return gregorianYear(fromPossiblyBuddhist: year)
    }

    /// A calendar day, read from:
    ///
    /// - an ISO 8601 date `YYYY-MM-DD`, also with a time after it (`2568-01-15T10:30:00+07:00`,
    ///   as in an SDMX header's `Prepared`): the time is ignored;
    /// - a day written the Lao way, day first: `D/M/YYYY` or `D.M.YYYY` (`30/9/2026`, `01.10.2568`).
    ///
    /// A year of 2400 or more is a Buddhist-era year (see the type's documentation); Lao digits
    /// (໐–໙) are read as ASCII digits. Nil when the text is none of these or the day does not exist.
    public static func date(from text: String) -> LocalDate? {
        var s = LaoDigits.toASCII(text.trimmingWhiteSpace)
        if let t = s.firstIndex(where: { $0 == "T" || $0 == "t" || $0 == " " }) { s = String(s[..<t]) }
        if let iso = isoParts(s) {
            return LocalDate(year: gregorianYear(fromPossiblyBuddhist: iso.year), month: iso.month, day: iso.day)
        }
        for separator: Character in ["/", "."] {
            let parts = s.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
                parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
                let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2])
            else { continue }
            return LocalDate(year: gregorianYear(fromPossiblyBuddhist: y), month: m, day: d)
        }
        return nil
    }

    private static func isoParts(_ s: String) -> (year: Int, month: Int, day: Int)? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        return (y, m, d)
    }
}

/// Lao digits (໐–໙, U+0ED0–U+0ED9) and ASCII digits, one for one.
public enum LaoDigits {
    /// `text` with every Lao digit replaced by the ASCII digit of the same value.
    public static func toASCII(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { (0x0ED0...0x0ED9).contains($0.value) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x0ED0...0x0ED9).contains(scalar.value) {
                out.append(Unicode.Scalar(scalar.value - 0x0ED0 + 0x30)!)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// `text` with every ASCII digit replaced by the Lao digit of the same value.
    public static func toLao(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0x30...0x39).contains(scalar.value) {
                out.append(Unicode.Scalar(scalar.value - 0x30 + 0x0ED0)!)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate var trimmingWhiteSpace: String {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}
