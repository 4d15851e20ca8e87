/// A calendar date without time zone (`2025-03-20`), as institutions' validity is recorded.
public struct LocalDate: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month) else { return nil }
        let days = [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...days[month - 1]).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected YYYY-MM-DD, got \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// What kind of body an institution is.
public enum InstitutionKind: String, Sendable, Codable, CaseIterable, Hashable {
    case ministry
    case ministryEquivalent = "ministry_equivalent"
    case agency
    case massOrganisation = "mass_organisation"
    case legislature
}

/// A ministry, agency or mass organisation that owns, reports or coordinates SDG data.
///
/// Institutions have validity dates: Lao PDR merged 17 ministries into 13 in 2025, and data
/// reported before must stay attributable to the institution that existed at the time.
public struct Institution: Sendable, Hashable, Codable, Identifiable {
    /// Stable code (the English abbreviation at the time of creation: `MOH`, `UXOLAO`).
    public var code: String
    public var abbreviation: LocalizedText
    public var name: LocalizedText
    public var kind: InstitutionKind
    public var validFrom: LocalDate?
    public var validTo: LocalDate?
    public var note: String?

    public var id: String { code }

    public init(
        code: String,
        abbreviation: LocalizedText,
        name: LocalizedText,
        kind: InstitutionKind,
        validFrom: LocalDate?,
        validTo: LocalDate?,
        note: String?
    ) {
        self.code = code
        self.abbreviation = abbreviation
        self.name = name
        self.kind = kind
        self.validFrom = validFrom
        self.validTo = validTo
        self.note = note
    }

    /// Whether the institution existed on `date` (validity is inclusive of the start, exclusive of the end).
    public func exists(on date: LocalDate) -> Bool {
        if let from = validFrom, date < from { return false }
        if let to = validTo, date >= to { return false }
        return true
    }
}

/// How an institution's functions passed to another one.
public enum SuccessionKind: String, Sendable, Codable, CaseIterable, Hashable {
    case mergedInto = "merged_into"
    case renamedTo = "renamed_to"
    case functionsMovedTo = "functions_moved_to"
    case replacedBy = "replaced_by"
}

/// A typed link from a predecessor to a successor (many-to-one and one-to-many are allowed).
public struct InstitutionSuccession: Sendable, Hashable, Codable {
    public var predecessor: String
    public var successor: String
    public var kind: SuccessionKind
    public var date: LocalDate?
    public var note: String?

    public init(predecessor: String, successor: String, kind: SuccessionKind, date: LocalDate?, note: String?) {
        self.predecessor = predecessor
        self.successor = successor
        self.kind = kind
        self.date = date
        self.note = note
    }
}
