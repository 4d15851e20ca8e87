/// Levels of Lao PDR's administrative hierarchy.
public enum AreaLevel: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case country
    case province
    case district
    case village

    public var depth: Int {
        switch self {
        case .country: 0
        case .province: 1
        case .district: 2
        case .village: 3
        }
    }

    /// The level below this one, if any.
    public var child: AreaLevel? {
        switch self {
        case .country: .province
        case .province: .district
        case .district: .village
        case .village: nil
        }
    }

    public static func < (lhs: AreaLevel, rhs: AreaLevel) -> Bool { lhs.depth < rhs.depth }
}

/// A place: the country, a province, a district or a village.
///
/// `code` is the Lao Statistics Bureau code (2 digits for a province, 4 for a district,
/// 7 for a village; `LA` for the country); `pcode` the OCHA p-code (`LA` + LSB code).
public struct Area: Sendable, Hashable, Codable, Identifiable {
    public var code: String
    public var level: AreaLevel
    public var parentCode: String?
    public var name: LocalizedText
    public var pcode: String?
    public var isoCode: String?
    /// A note on known data problems (for example a district whose villages are missing).
    public var note: String?

    public var id: String { code }

    public init(
        code: String,
        level: AreaLevel,
        parentCode: String?,
        name: LocalizedText,
        pcode: String? = nil,
        isoCode: String? = nil,
        note: String? = nil
    ) {
        self.code = code
        self.level = level
        self.parentCode = parentCode
        self.name = name
        self.pcode = pcode
        self.isoCode = isoCode
        self.note = note
    }

    /// The country row that heads the hierarchy.
    public static let countryCode = "LA"

    /// The LSB code length expected at each level.
    public static func codeLength(for level: AreaLevel) -> Int? {
        switch level {
        case .country: nil
        case .province: 2
        case .district: 4
        case .village: 7
        }
    }

    /// The code of the parent an LSB code implies (`0101` for `0101001`).
    public static func impliedParentCode(of code: String, level: AreaLevel) -> String? {
        switch level {
        case .country: nil
        case .province: countryCode
        case .district: String(code.prefix(2))
        case .village: String(code.prefix(4))
        }
    }
}

/// Another system's code for an area, mapped to the canonical LSB code
/// (LSB's SDG platform codes Meun district `1013` where every other source uses `1011`).
public struct AreaCodeAlias: Sendable, Hashable, Codable {
    public var system: String
    public var alias: String
    public var areaCode: String
    public var note: String?

    public init(system: String, alias: String, areaCode: String, note: String?) {
        self.system = system
        self.alias = alias
        self.areaCode = areaCode
        self.note = note
    }
}

/// A boundary for drawing an area on a map, as a GeoJSON geometry object (text).
public struct AreaBoundary: Sendable, Hashable, Codable {
    public var areaCode: String
    /// `full` for maps, `light` for thumbnails.
    public var detail: String
    public var geometryJSON: String

    public init(areaCode: String, detail: String, geometryJSON: String) {
        self.areaCode = areaCode
        self.detail = detail
        self.geometryJSON = geometryJSON
    }
}
