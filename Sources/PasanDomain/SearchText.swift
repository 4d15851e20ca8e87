import Foundation

/// Normalises text for matching, so that a query finds a title whatever variant spellings,
/// spaces or case either uses.
///
/// Lao writes words without spaces, and the machine-translated titles we ship contain spurious
/// spaces inside words ("ສຳ ລັບ"), so matching is on a compact form without any white space:
/// a query taken from the middle of a title, with or without spaces, is a substring of it.
/// The folds follow `docs/lao-context.md` §6: NFC; `ໜ`/`ໝ` → `ຫນ`/`ຫມ`; `ຳ` → `ໍ` + `າ`;
/// subscript `ຼ` → `ລ`; zero-width characters removed; Lao digits → ASCII; case folded.
public enum SearchText {
    public static func normalise(_ text: String) -> String {
        let composed = text.precomposedStringWithCanonicalMapping
        var out = String.UnicodeScalarView()
        out.reserveCapacity(composed.unicodeScalars.count)
        for scalar in composed.unicodeScalars {
            switch scalar.value {
            case 0x0EDC: out.append("\u{0EAB}"); out.append("\u{0E99}")  // ໜ → ຫນ
            case 0x0EDD: out.append("\u{0EAB}"); out.append("\u{0EA1}")  // ໝ → ຫມ
            case 0x0EB3: out.append("\u{0ECD}"); out.append("\u{0EB2}")  // ຳ → ໍ + າ
            case 0x0EBC: out.append("\u{0EA5}")  // ຼ → ລ
            case 0x0ED0...0x0ED9:  // Lao digits
                out.append(Unicode.Scalar(scalar.value - 0x0ED0 + 0x30)!)
            case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD:  // zero-width, soft hyphen
                continue
            default:
                if scalar.properties.isWhitespace { continue }
                if scalar.value < 0x80 {
                    out.append(Unicode.Scalar(UInt8(ascii: scalar).lowercasedASCII))
                } else {
                    for lowered in scalar.properties.lowercaseMapping.unicodeScalars { out.append(lowered) }
                }
            }
        }
        return String(out)
    }
}

private extension UInt8 {
    init(ascii scalar: Unicode.Scalar) { self = UInt8(truncatingIfNeeded: scalar.value) }
    var lowercasedASCII: UInt8 { (65...90).contains(self) ? self + 32 : self }
}
