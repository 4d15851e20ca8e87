import Foundation
import PasanDomain

/// The one place where numbers and dates become text for a reader.
///
/// Pasan's defaults follow LSB's publications (unconfirmed with LSB, to be checked by a
/// reviewer): Arabic digits in both languages, thousands grouped with "," in both languages, "."
/// before decimals, dates as day, month name and Gregorian year ("30 September 2026",
/// "30 ກັນຍາ 2026"). Month names come from the message catalogue (`format.month.1` …
/// `format.month.12`), so translators can review them.
///
/// Lao digits (໐–໙) are an option for the Lao interface, bound per task like
/// `MessageCatalogue.current`:
///
/// ```swift
/// TextFormat.$options.withValue(.init(laoDigits: true)) {
///     TextFormat.number(2030, in: .lo)  // "໒,໐໓໐"
/// }
/// ```
public enum TextFormat {
    /// How numbers are written; bound per task with `TextFormat.$options.withValue`.
    public struct Options: Sendable, Hashable {
        /// Lao digits (໐–໙) in Lao text. Default false: Arabic digits, as LSB publishes. English
        /// text always has Arabic digits.
        public var laoDigits: Bool

        public init(laoDigits: Bool = false) {
            self.laoDigits = laoDigits
        }
    }

    /// The options of the current task.
    @TaskLocal public static var options = Options()

    // MARK: Numbers

    /// A whole number as shown to a reader: `String(value)` below 1000 (in magnitude), grouped by
    /// thousands from 1000 up ("12,345"; see `grouped`).
    public static func number(_ value: Int, in language: Language) -> String {
        digits(value.magnitude < 1000 ? String(value) : groupedDigits(value), in: language)
    }

    /// A whole number with its thousands separated by ",", in both languages ("1,234,567").
    /// Pasan's default following LSB's publications (unconfirmed).
    public static func grouped(_ value: Int, in language: Language) -> String {
        digits(groupedDigits(value), in: language)
    }

    /// A number with exactly `fractionDigits` digits after the ".", thousands grouped with ",":
    /// `decimal(12345.678, fractionDigits: 1)` is "12,345.7".
    ///
    /// Rounding is half away from zero on the shortest decimal form of the value (the digits
    /// Swift prints for it), so 2.675 gives "2.68" and 0.125 gives "0.13", as a person who typed
    /// those numbers expects (`printf` rounds the binary value and gives "2.67" and "0.12"). No
    /// minus sign on a value that rounds to zero. NaN and infinities, which are no reader's
    /// number, show as "—".
    public static func decimal(_ value: Double, fractionDigits: Int, in language: Language) -> String {
        guard value.isFinite else { return "—" }
        let places = max(fractionDigits, 0)
        let (whole, fraction) = rounded(value.magnitude, places: places)
        let isZero = whole == "0" && fraction.allSatisfy { $0 == "0" }
        var out = value < 0 && !isZero ? "-" : ""
        out += group(whole)
        if places > 0 { out += "." + fraction }
        return digits(out, in: language)
    }

    /// The whole and fraction digits of a finite `magnitude` ≥ 0, rounded to `places` digits.
    static func rounded(_ magnitude: Double, places: Int) -> (whole: String, fraction: String) {
        // The shortest form: "12345.678", "1e-05", "1.2345e+20".
        let text = "\(magnitude)"
        let parts = text.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        var digits = Array(mantissa.filter { $0 != "." }.utf8).map { Int($0) - 48 }
        var point = (mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count) + exponent
        if point < 0 {
            digits.insert(contentsOf: repeatElement(0, count: -point), at: 0)
            point = 0
        }
        if digits.count < point + places + 1 { digits += repeatElement(0, count: point + places + 1 - digits.count) }
        let roundUp = digits[point + places] >= 5
        digits.removeSubrange((point + places)...)
        if roundUp {
            var i = digits.count - 1
            while i >= 0 && digits[i] == 9 {
                digits[i] = 0
                i -= 1
            }
            if i >= 0 {
                digits[i] += 1
            } else {
                digits.insert(1, at: 0)
                point += 1
            }
        }
        var whole = String(digits[..<point].map { Character(Unicode.Scalar(UInt8(48 + $0))) })
        while whole.count > 1 && whole.hasPrefix("0") { whole.removeFirst() }
        if whole.isEmpty { whole = "0" }
        let fraction = String(digits[point...].map { Character(Unicode.Scalar(UInt8(48 + $0))) })
        return (whole, fraction)
    }

    /// `text` with its ASCII digits written as Lao digits when the current options ask for them
    /// and the language is Lao; otherwise `text` as it is.
    public static func digits(_ text: String, in language: Language) -> String {
        language == .lo && options.laoDigits ? LaoDigits.toLao(text) : text
    }

    private static func groupedDigits(_ value: Int) -> String {
        let plain = String(value.magnitude)
        return (value < 0 ? "-" : "") + group(plain)
    }

    /// "1234567" → "1,234,567" (ASCII digits only).
    private static func group(_ plain: String) -> String {
        let chars = Array(plain)
        guard chars.count > 3 else { return plain }
        var out = ""
        out.reserveCapacity(chars.count + chars.count / 3)
        for (i, c) in chars.enumerated() {
            if i > 0 && (chars.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    // MARK: Dates

    /// A calendar day as shown to a reader: "30 September 2026", "30 ກັນຍາ 2026". The year is
    /// Gregorian and never grouped.
    public static func date(_ day: LocalDate, in language: Language) -> String {
        digits("\(day.day) ", in: language) + monthName(day.month, in: language) + digits(" \(day.year)", in: language)
    }

    /// A month of a year: "September 2026", "ກັນຍາ 2026".
    public static func monthYear(month: Int, year: Int, in language: Language) -> String {
        monthName(month, in: language) + digits(" \(year)", in: language)
    }

    /// The month of `day` with its year: "September 2026", "ກັນຍາ 2026".
    public static func monthYear(_ day: LocalDate, in language: Language) -> String {
        monthYear(month: day.month, year: day.year, in: language)
    }

    /// The name of month 1…12 from the current catalogue (`format.month.<n>`); a month out of
    /// range shows as its number.
    public static func monthName(_ month: Int, in language: Language) -> String {
        guard (1...12).contains(month) else { return digits(String(month), in: language) }
        return MessageCatalogue.current.text(Message("format.month.\(month)"), in: language)
    }
}
