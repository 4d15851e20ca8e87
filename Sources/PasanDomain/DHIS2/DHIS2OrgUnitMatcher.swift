import Foundation

/// Proposes which Pasan area each DHIS2 organisation unit is; a person confirms each proposal on
/// a page, so every match comes back `confirmed: false`.
///
/// - **Level.** A DHIS2 level is read as a Pasan level through `levels` (by default level 1 is the
///   country, 2 a province, 3 a district, as in a ministry's tree whose root is Lao PDR). An
///   organisation unit is only matched to an area of its level; one at a level without a Pasan
///   level (health facilities, say) gets no proposal; one without a level may match any area.
/// - **By code first.** The DHIS2 code, spaces around it removed and case ignored, equal to the
///   area's LSB code (`01`, `0101`), p-code (`LA01`) or ISO 3166-2 code (`LA-VT`). No prefix is
///   guessed away.
/// - **Then by name.** The names agree once folded (`foldedName`): case, accents, spaces, hyphens
///   and punctuation ignored, and the words "Province" and "District" (and the Lao words for them)
///   left out; the area's English and Lao names both count. A name that several areas of the level
///   share (a district name found in two provinces) is settled by the parent's proposed area,
///   otherwise left unmatched.
/// - **One area, one organisation unit.** When two organisation units would go to one area, the
///   better proposal keeps it (a code before a name, a name written exactly as the area's before a
///   folded one) and the other is left unmatched; when neither is better, both are left unmatched.
///   An area proposed at a higher level stays with that organisation unit.
public enum DHIS2OrgUnitMatcher {
    /// DHIS2 levels as Pasan levels when DHIS2's root (level 1) is the country.
    public static let defaultLevels: [Int: AreaLevel] = [1: .country, 2: .province, 3: .district]

    /// One match per organisation unit, in the order given.
    public static func propose(
        orgUnits: [DHIS2OrgUnit],
        areas: [Area],
        levels: [Int: AreaLevel] = defaultLevels
    ) -> [DHIS2OrgUnitMatch] {
        var byCode: [String: Area] = [:]
        var byName: [String: [Area]] = [:]
        for area in areas {
            for code in [area.code, area.pcode, area.isoCode].compactMap({ $0?.uppercased() }) where byCode[code] == nil {
                byCode[code] = area
            }
            for name in Set([area.name.en, area.name.lo].compactMap { $0 }.map(foldedName)) where !name.isEmpty {
                byName[name, default: []].append(area)
            }
        }
        var matches = orgUnits.map { DHIS2OrgUnitMatch(orgUnit: $0, areaCode: nil, basis: nil, confirmed: false) }
        // Level by level from the root, so that a child can be settled by its parent's area.
        var proposedArea: [String: String] = [:]
        var taken: Set<String> = []
        let groups = Dictionary(grouping: orgUnits.indices) { orgUnits[$0].level ?? Int.max }
        for level in groups.keys.sorted() {
            var claims: [String: [(index: Int, strength: Int)]] = [:]
            for index in groups[level]! {
                let orgUnit = orgUnits[index]
                let areaLevel: AreaLevel?
                if let dhis2Level = orgUnit.level {
                    guard let mapped = levels[dhis2Level] else { continue }
                    areaLevel = mapped
                } else {
                    areaLevel = nil
                }
                guard let (area, basis) = proposal(for: orgUnit, at: areaLevel, byCode: byCode, byName: byName, parents: proposedArea)
                else { continue }
                claims[area.code, default: []].append((index, strength(of: orgUnit, to: area, basis: basis)))
                matches[index].areaCode = area.code
                matches[index].basis = basis
            }
            for (areaCode, claimants) in claims {
                let best = claimants.map(\.strength).max()!
                let winners = claimants.filter { $0.strength == best }
                let keeper = taken.contains(areaCode) || winners.count > 1 ? nil : winners[0].index
                for claimant in claimants where claimant.index != keeper {
                    matches[claimant.index].areaCode = nil
                    matches[claimant.index].basis = nil
                }
                if let keeper {
                    taken.insert(areaCode)
                    proposedArea[orgUnits[keeper].uid] = areaCode
                }
            }
        }
        return matches
    }

    /// A name as the matcher compares it: accents of Latin letters removed, anything but letters,
    /// marks and digits read as a space, the words "province" and "district" and the Lao words for
    /// province and district (also "ມ." for district) left out, then `SearchText.normalise` (case,
    /// spaces and Lao spelling variants folded). "Vientiane Capital" and "Vientiane Province" stay
    /// different: only the word for a province is dropped.
    public static func foldedName(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.decomposedStringWithCanonicalMapping.unicodeScalars {
            if (0x0300...0x036F).contains(scalar.value) { continue }  // accents of Latin letters
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .nonspacingMark,
                .spacingMark, .decimalNumber:
                scalars.append(scalar)
            default:
                scalars.append(" ")
            }
        }
        var words: [String] = []
        for token in String(scalars).lowercased().split(separator: " ") {
            var word = String(token)
            if levelWords.contains(word) { continue }
            for prefix in laoLevelPrefixes where word.hasPrefix(prefix) && word.count > prefix.count {
                word = String(word.dropFirst(prefix.count))
                break
            }
            words.append(word)
        }
        var joined = words.joined()
        // LSB's SDG platform writes "PhongsalyProvince", "Sisattanakdistrict".
        for suffix in ["province", "district"] where joined.hasSuffix(suffix) && joined.count > suffix.count {
            joined.removeLast(suffix.count)
        }
        return SearchText.normalise(joined)
    }

    /// Words for a level, left out of names: English, and Lao "ແຂວງ" (province), "ເມືອງ" (district)
    /// and "ມ" (district, abbreviated "ມ.").
    private static let levelWords: Set<String> = [
        "province", "district", "\u{0EC1}\u{0E82}\u{0EA7}\u{0E87}", "\u{0EC0}\u{0EA1}\u{0EB7}\u{0EAD}\u{0E87}", "\u{0EA1}",
    ]

    /// Lao level words written joined to the name ("ແຂວງຜົ້ງສາລີ").
    private static let laoLevelPrefixes = ["\u{0EC1}\u{0E82}\u{0EA7}\u{0E87}", "\u{0EC0}\u{0EA1}\u{0EB7}\u{0EAD}\u{0E87}"]

    private static func proposal(
        for orgUnit: DHIS2OrgUnit,
        at level: AreaLevel?,
        byCode: [String: Area],
        byName: [String: [Area]],
        parents: [String: String]
    ) -> (Area, DHIS2OrgUnitMatch.Basis)? {
        if let code = orgUnit.code?.trimmingSpaces.uppercased(), !code.isEmpty, let area = byCode[code],
            level == nil || area.level == level
        {
            return (area, .code)
        }
        let name = foldedName(orgUnit.name)
        guard !name.isEmpty else { return nil }
        var candidates = (byName[name] ?? []).filter { level == nil || $0.level == level }
        if candidates.count > 1, let parent = parentUID(of: orgUnit), let parentArea = parents[parent] {
            candidates = candidates.filter { $0.parentCode == parentArea }
        }
        return candidates.count == 1 ? (candidates[0], .name) : nil
    }

    private static func parentUID(of orgUnit: DHIS2OrgUnit) -> String? {
        if let parent = orgUnit.parentUID, !parent.isEmpty { return parent }
        let path = orgUnit.path?.split(separator: "/") ?? []
        return path.count >= 2 && path.last == Substring(orgUnit.uid) ? String(path[path.count - 2]) : nil
    }

    /// How good a proposal is: a code (3), a name written as the area's (2), a folded name (1).
    private static func strength(of orgUnit: DHIS2OrgUnit, to area: Area, basis: DHIS2OrgUnitMatch.Basis) -> Int {
        if basis == .code { return 3 }
        let written = orgUnit.name.trimmingSpaces.lowercased()
        return [area.name.en, area.name.lo].contains { $0?.lowercased() == written } ? 2 : 1
    }
}
