/// Sorts text as Lao readers expect, not by code points.
///
/// Code-point order puts every word that starts with a preposed vowel (`ເ ແ ໂ ໃ ໄ`, written
/// before the consonant it follows in speech) after all other Lao words, and `ສ` after `ວ`. This
/// collation follows ICU's Lao collation (CLDR `lo`: the root collation of the Unicode Collation
/// Algorithm with `[reorder Laoo]`):
///
/// - **Primary level**, letter by letter: the consonants in the order of the Lao alphabet
///   (ກ ຂ ຄ ງ ຈ ສ ຊ ຍ ດ ຕ ຖ ທ ນ ບ ປ ຜ ຝ ພ ຟ ມ ຢ ຣ ລ ວ ຫ ອ ຮ, with the Pali and Khmu letters where
///   the UCA puts them), then `ຯ`, then the vowels in code-point order (ະ ັ າ ຳ ິ ີ ຶ ື ຸ ູ ົ ຼ ຽ ເ
///   ແ ໂ ໃ ໄ). A preposed vowel sorts after the consonant it is written before (the UCA's
///   logical-order exception: `ເກ` sorts as `ກເ`). `ໜ` and `ໝ` sort as `ຫນ` and `ຫມ` (and so
///   `ເໜ` as `ຫນເ`, as in ICU). `ໍ` followed by `າ` sorts as `ຳ`.
/// - **Secondary level**: tone marks (`່ ້ ໊ ໋`), `໌` and a lone `ໍ` only break ties between
///   words whose letters are the same; a word without a mark comes first.
/// - **Tertiary level**: lower case before upper case; `ຫນ` before `ໜ`; ASCII before full-width.
/// - Last, the code points, so that different texts never compare equal.
///
/// Script order, as in ICU's `lo`: spaces, punctuation and symbols, digits (a Lao digit as its
/// ASCII digit, no numeric order: "10" before "9"), Lao, then Latin (case-insensitive, accents
/// secondary) and the other scripts by code point. Zero-width characters are ignored.
///
/// One deliberate difference from ICU: the marks above and below a consonant are first put in
/// the canonical order of `SearchText` (so `ນ` + `ໍ` + `້` + `າ` sorts as `ນ້ຳ`, which ICU keeps
/// apart).
///
/// Checked against ICU 72.1 (PyICU 2.17, `Collator.createInstance(Locale("lo"))`, whose
/// tailoring is just `[reorder Laoo]`; the weights of every Lao character were read from ICU's
/// collation elements): the same order for the 18 province names of `lao_provinces.csv`, the 26
/// Lao names of `lao_institutions.csv` (both in `LaoTextTests`), and all 8,635 distinct texts with
/// Lao characters in the shipped reference data (names of provinces, districts, villages and
/// institutions, titles of goals, targets and indicators, with their punctuation, digits and
/// Latin words) once ICU is given them with their marks in the canonical order above. Without
/// that, the only differences were the 110 texts spelled with `ໍ` typed before the tone of `ນ້ຳ`
/// (ນໍ້າ, ຖໍ້າ), which ICU sorts apart from ນ້ຳ, ຖ້ຳ.
public enum LaoCollation {
    /// A sort key: comparing keys (`<`, lexicographically) compares the texts.
    public struct Key: Sendable, Hashable, Comparable {
        public var weights: [UInt32]
        public static func < (lhs: Key, rhs: Key) -> Bool { lhs.weights.lexicographicallyPrecedes(rhs.weights) }
    }

    /// The collation weights of `text`: primary weights, 0, secondary weights, 0, tertiary
    /// weights, 0, code points. Compare two keys lexicographically.
    public static func sortKey(_ text: String) -> [UInt32] {
        var primary: [UInt32] = []
        var secondary: [UInt32] = []
        var tertiary: [UInt32] = []
        primary.reserveCapacity(text.utf8.count / 2)

        func element(_ p: UInt32, _ t: UInt32) {
            primary.append(p)
            secondary.append(Secondary.common)
            tertiary.append(t)
        }

        let scalars = prepared(text)
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            let v = scalar.value
            // A preposed vowel followed by a consonant: the consonant first.
            if (0x0EC0...0x0EC4).contains(v), i + 1 < scalars.count, let consonant = laoConsonant(scalars[i + 1]) {
                for (p, t) in consonant { element(p, t) }
                element(laoPrimary[v]!, Tertiary.normal)
                i += 2
                continue
            }
            if let consonant = laoConsonant(scalar) {
                for (p, t) in consonant { element(p, t) }
            } else if v == 0x0ECD, i + 1 < scalars.count, scalars[i + 1] == "\u{0EB2}" {
                element(laoPrimary[0x0EB3]!, Tertiary.normal)  // ໍ + າ = ຳ
                i += 1
            } else if let p = laoPrimary[v] {
                element(p, Tertiary.normal)
            } else if let s = Secondary.laoMark(v) {
                secondary.append(s)
            } else {
                switch other(scalar) {
                case .element(let p, let t): element(p, t)
                case .mark(let s): secondary.append(s)
                }
            }
            i += 1
        }
        var key = primary
        key.reserveCapacity(primary.count + secondary.count + tertiary.count + scalars.count + 3)
        key.append(0)
        key += secondary
        key.append(0)
        key += tertiary
        key.append(0)
        key += text.unicodeScalars.map(\.value)
        return key
    }

    /// The sort key as a `Comparable` value.
    public static func key(_ text: String) -> Key { Key(weights: sortKey(text)) }

    /// Whether `a` sorts before `b`.
    public static func areInIncreasingOrder(_ a: String, _ b: String) -> Bool {
        sortKey(a).lexicographicallyPrecedes(sortKey(b))
    }

    // MARK: Weights

    private enum Group {
        static let space: UInt32 = 1 << 24
        static let symbol: UInt32 = 2 << 24
        static let digit: UInt32 = 3 << 24
        static let lao: UInt32 = 4 << 24
        static let letter: UInt32 = 5 << 24
    }

    private enum Secondary {
        static let common: UInt32 = 1
        /// As in ICU: the tone marks in order, then ໌, then a lone ໍ, all after no mark.
        static func laoMark(_ v: UInt32) -> UInt32? {
            switch v {
            case 0x0EC8...0x0ECB: 2 + (v - 0x0EC8)
            case 0x0ECC: 6
            case 0x0ECD: 7
            case 0x0ECE: 8
            default: nil
            }
        }
        /// Accents and other combining marks of other scripts.
        static func mark(_ v: UInt32) -> UInt32 { 0x100 + v }
    }

    private enum Tertiary {
        static let normal: UInt32 = 1
        static let upper: UInt32 = 2
        static let variant: UInt32 = 3
    }

    /// The Lao letters and vowels in ICU's primary order (U+0EDE ໞ … U+0EC4 ໄ).
    private static let laoOrder: [UInt32] = [
        0x0EDE, 0x0E81, 0x0E82, 0x0E84, 0x0E86, 0x0E87, 0x0E88, 0x0E89, 0x0EAA, 0x0E8A, 0x0E8C, 0x0E8E, 0x0EDF,
        0x0E8D, 0x0E8F, 0x0E90, 0x0E91, 0x0E92, 0x0E93, 0x0E94, 0x0E95, 0x0E96, 0x0E97, 0x0E98, 0x0E99, 0x0E9A,
        0x0E9B, 0x0E9C, 0x0E9D, 0x0E9E, 0x0E9F, 0x0EA0, 0x0EA1, 0x0EA2, 0x0EA3, 0x0EA5, 0x0EA7, 0x0EA8, 0x0EA9,
        0x0EAB, 0x0EAC, 0x0EAD, 0x0EAE,
        // ຯ, then the vowels
        0x0EAF, 0x0EB0, 0x0EB1, 0x0EB2, 0x0EB3, 0x0EB4, 0x0EB5, 0x0EB6, 0x0EB7, 0x0EB8, 0x0EB9, 0x0EBA, 0x0EBB,
        0x0EBC, 0x0EBD, 0x0EC0, 0x0EC1, 0x0EC2, 0x0EC3, 0x0EC4,
    ]

    private static let laoPrimary: [UInt32: UInt32] = {
        var table: [UInt32: UInt32] = [:]
        for (rank, v) in laoOrder.enumerated() { table[v] = Group.lao + 2 * UInt32(rank + 1) }
        return table
    }()

    /// The last consonant in `laoOrder` (ຮ).
    private static let lastConsonantRank = laoOrder.firstIndex(of: 0x0EAE)!

    /// The weights of a Lao consonant (ໜ and ໝ: two, as ຫນ and ຫມ), nil for anything else.
    private static func laoConsonant(_ scalar: Unicode.Scalar) -> [(UInt32, UInt32)]? {
        switch scalar.value {
        case 0x0EDC: return [(laoPrimary[0x0EAB]!, Tertiary.variant), (laoPrimary[0x0E99]!, Tertiary.variant)]
        case 0x0EDD: return [(laoPrimary[0x0EAB]!, Tertiary.variant), (laoPrimary[0x0EA1]!, Tertiary.variant)]
        default:
            guard let p = laoPrimary[scalar.value], p <= laoPrimary[laoOrder[lastConsonantRank]]! else { return nil }
            return [(p, Tertiary.normal)]
        }
    }

    /// NFD (so that accents of Latin letters are separate marks), without ignorable characters,
    /// `ຳ` as `ໍ` + `າ`, and the Lao marks in `SearchText`'s canonical order.
    private static func prepared(_ text: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .format, .control: continue
            default: break
            }
            if scalar.value == 0x2026 {  // … as three full stops
                scalars += ["\u{2E}", "\u{2E}", "\u{2E}"]
            } else if scalar.value == 0x0EB3 {
                scalars.append("\u{0ECD}")
                scalars.append("\u{0EB2}")
            } else {
                scalars.append(scalar)
            }
        }
        return SearchText.orderingLaoMarks(scalars, foldingSubscriptLo: false)
    }

    private enum Weights {
        case element(UInt32, UInt32)
        case mark(UInt32)
    }

    /// Weights of a character that is not Lao (or a Lao digit or sign outside the letters).
    private static func other(_ scalar: Unicode.Scalar) -> Weights {
        var scalar = scalar
        var tertiary = Tertiary.normal
        if (0xFF01...0xFF5E).contains(scalar.value) {  // full-width ASCII
            scalar = Unicode.Scalar(scalar.value - 0xFEE0)!
            tertiary = Tertiary.variant
        }
        let properties = scalar.properties
        if properties.numericType == .decimal, let digit = properties.numericValue {
            return .element(Group.digit + UInt32(digit), tertiary)
        }
        if properties.isWhitespace { return .element(Group.space + scalar.value, tertiary) }
        if let rank = symbolRank[scalar.value] { return .element(Group.symbol + rank, tertiary) }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return .mark(Secondary.mark(scalar.value))
        default: break
        }
        if properties.isAlphabetic {
            let lower = properties.lowercaseMapping.unicodeScalars.first ?? scalar
            if lower != scalar && tertiary == Tertiary.normal { tertiary = Tertiary.upper }
            return .element(Group.letter + lower.value, tertiary)
        }
        return .element(Group.symbol + 0x100 + scalar.value, tertiary)
    }

    /// Common punctuation and symbols in ICU's order (read from ICU 72.1); others follow by code
    /// point. `…` is handled as three full stops.
    private static let symbolOrder: [UInt32] = [
        0x5F, 0x2D, 0x2013, 0x2014, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x2E, 0xB7, 0x27, 0x2018, 0x2019, 0x22, 0x201C,
        0x201D, 0xAB, 0xBB, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D, 0xA7, 0x40, 0x2A, 0x2F, 0x5C, 0x26, 0x23, 0x25,
        0x2030, 0x2022, 0x60, 0x5E, 0xB0, 0x2B, 0xB1, 0xF7, 0xD7, 0x3C, 0x3D, 0x3E, 0x7C, 0x7E, 0x2212,
        0x0EC6,  // ໆ
        0x24, 0x20AD,  // $ ₭
    ]

    private static let symbolRank: [UInt32: UInt32] = {
        var table: [UInt32: UInt32] = [:]
        for (rank, v) in symbolOrder.enumerated() { table[v] = UInt32(rank + 1) }
        return table
    }()
}

extension Sequence {
    /// The elements sorted by `key` in Lao collation order (`LaoCollation`); each key is computed
    /// once.
    public func sortedByLao(_ key: (Element) -> String) -> [Element] {
        map { (LaoCollation.sortKey(key($0)), $0) }
            .sorted { $0.0.lexicographicallyPrecedes($1.0) }
            .map(\.1)
    }
}

extension Sequence where Element: StringProtocol {
    /// The texts in Lao collation order.
    public func sortedByLao() -> [Element] { sortedByLao { String($0) } }
}
