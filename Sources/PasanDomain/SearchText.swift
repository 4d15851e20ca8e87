import Foundation

/// Normalises text for matching, so that a query finds a title whatever variant spellings,
/// spaces or case either uses.
///
/// Lao writes words without spaces, and the machine-translated titles we ship contain spurious
/// spaces inside words ("ສຳ ລັບ"), so matching is on a compact form without any white space:
/// a query taken from the middle of a title, with or without spaces, is a substring of it.
/// The folds follow `docs/lao-context.md` §6: NFC; `ໜ`/`ໝ` → `ຫນ`/`ຫມ`; `ຳ` → `ໍ` + `າ`;
/// subscript `ຼ` → `ລ`; zero-width characters removed; Lao digits → ASCII; case folded.
///
/// Two more folds make typing order and keyboard width not matter:
///
/// - **Mark order.** The marks written above or below a consonant may be typed in any order
///   (`ນ` + `ໍ` + `້` + `າ` and `ນ` + `້` + `ຳ` both show ນ້ຳ), and Unicode normalisation does not
///   reorder them (`ໍ`, `ັ`, `ິ` … have combining class 0). Within each run of marks after a base
///   character they are put in one order: subscript `ຼ`, the above and below vowels
///   (`ັ ິ ີ ຶ ື ົ ຸ ູ`), `ໍ` as a vowel of its own, the tone marks (`່ ້ ໊ ໋`), `໌`, and last `ໍ` when
///   it is the top of `ຳ` (followed by `າ`). This order leaves the usual spellings as they are
///   (vowel before tone: ກີ່, ບໍ່; tone before ຳ: ນ້ຳ), so a query of part of a syllable still
///   matches. A tone mark typed after `ຳ` (`ນ` + `ຳ` + `້`) belongs to the same consonant and
///   moves before the `າ`.
/// - **Full-width forms.** U+FF01–U+FF5E (full-width ASCII digits, letters and punctuation, as
///   typed with an East Asian input method) become their ASCII forms, as NFKC does: `３．１．２`
///   finds what `3.1.2` finds. Other compatibility folds of NFKC are not applied (superscript
///   `²` stays, so that `m²` never reads as `m2` and a value `5²` never as `52`).
public enum SearchText {
    public static func normalise(_ text: String) -> String {
        let composed = text.precomposedStringWithCanonicalMapping
        var folded: [Unicode.Scalar] = []
        folded.reserveCapacity(composed.unicodeScalars.count + 4)
        for scalar in composed.unicodeScalars {
            switch scalar.value {
            case 0x0EDC: folded.append("\u{0EAB}"); folded.append("\u{0E99}")  // ໜ → ຫນ
            case 0x0EDD: folded.append("\u{0EAB}"); folded.append("\u{0EA1}")  // ໝ → ຫມ
            case 0x0EB3: folded.append("\u{0ECD}"); folded.append("\u{0EB2}")  // ຳ → ໍ + າ
            case 0x0ED0...0x0ED9:  // Lao digits
                folded.append(Unicode.Scalar(scalar.value - 0x0ED0 + 0x30)!)
            case 0xFF01...0xFF5E:  // full-width ASCII → ASCII
                folded.append(Unicode.Scalar(UInt8(truncatingIfNeeded: scalar.value - 0xFEE0).lowercasedASCII))
            case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD:  // zero-width, soft hyphen
                continue
            default:
                if scalar.properties.isWhitespace { continue }
                if scalar.value < 0x80 {
                    folded.append(Unicode.Scalar(UInt8(ascii: scalar).lowercasedASCII))
                } else {
                    folded.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            }
        }
        return String(String.UnicodeScalarView(orderingLaoMarks(folded)))
    }

    /// The place of a Lao mark in the canonical order of a run of marks, nil for anything else.
    /// `ໍ` has two places: 2 as a vowel of its own (ບໍ່), 5 as the top of `ຳ` (`ໍ` + `າ`).
    static func markRank(_ scalar: Unicode.Scalar, beforeAa: Bool = false) -> Int? {
        switch scalar.value {
        case 0x0EBC: 0  // ຼ subscript lo
        case 0x0EB1, 0x0EB4...0x0EB9, 0x0EBA, 0x0EBB: 1  // vowels above and below
        case 0x0ECD: beforeAa ? 5 : 2  // ໍ niggahita
        case 0x0EC8...0x0ECB: 3  // tone marks
        case 0x0ECC, 0x0ECE: 4  // ໌ cancellation mark, yamakkan
        default: nil
        }
    }

    static func isToneMark(_ scalar: Unicode.Scalar) -> Bool { (0x0EC8...0x0ECB).contains(scalar.value) }

    /// Sorts each run of Lao marks into the canonical order (stable: marks of one rank keep their
    /// order), pulls tone marks typed after `ໍ` + `າ` back before the `າ`, and, when
    /// `foldingSubscriptLo`, writes `ຼ` as `ລ`. Used by `LaoCollation` too (without the fold).
    static func orderingLaoMarks(_ scalars: [Unicode.Scalar], foldingSubscriptLo: Bool = true) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var i = 0
        while i < scalars.count {
            guard markRank(scalars[i]) != nil else {
                out.append(scalars[i])
                i += 1
                continue
            }
            var run: [Unicode.Scalar] = []
            while i < scalars.count, markRank(scalars[i]) != nil {
                run.append(scalars[i])
                i += 1
            }
            let hasNiggahita = run.contains("\u{0ECD}")
            let beforeAa = hasNiggahita && i < scalars.count && scalars[i] == "\u{0EB2}"
            // ນ + ຳ + ້ (a tone typed after ຳ): the tone belongs before the າ of ຳ.
            var movedAa = false
            if beforeAa, i + 1 < scalars.count, isToneMark(scalars[i + 1]) {
                movedAa = true
                i += 1
                while i < scalars.count, isToneMark(scalars[i]) {
                    run.append(scalars[i])
                    i += 1
                }
            }
            if run.count > 1 {
                run = run.enumerated().sorted { a, b in
                    let ra = markRank(a.element, beforeAa: beforeAa)!
                    let rb = markRank(b.element, beforeAa: beforeAa)!
                    return ra != rb ? ra < rb : a.offset < b.offset
                }.map(\.element)
            }
            for mark in run { out.append(foldingSubscriptLo && mark == "\u{0EBC}" ? "\u{0EA5}" : mark) }  // ຼ → ລ
            if movedAa { out.append("\u{0EB2}") }
        }
        return out
    }
}

private extension UInt8 {
    init(ascii scalar: Unicode.Scalar) { self = UInt8(truncatingIfNeeded: scalar.value) }
    var lowercasedASCII: UInt8 { (65...90).contains(self) ? self + 32 : self }
}
