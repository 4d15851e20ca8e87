/// Matches a place as an activity file gives it (an IATI `location`: codes, a point, a name) to
/// Pasan's provinces, districts and villages, in the order of `docs/villages.md`:
///
/// 1. a code (`location-id` or `administrative`):
///    - vocabulary `99` whose `vocabulary-uri` ends in `/api/v1/areas`: an LSB code, as
///      `/api/v1/areas` serves them;
///    - vocabulary `99` with any other (or no) URI, when the code is an OCHA p-code (`LA` and an
///      LSB code: `LA0101`);
///    - vocabulary `A4` (ISO 3166-1 country): `LA` is the whole country (no place: a national
///      activity); any other country is outside Lao PDR;
///    - other vocabularies (GAUL `A1`, SALB `A2`, GADM `A3`, GeoNames `G1`, OpenStreetMap `G2`):
///      Pasan ships none of their codes, so they are not read (a notice says so) and the point or
///      the name is used instead.
///
///    A code that is no area's is looked up in the alias table (merged or renamed codes:
///    `AreaCodeAlias`), with a notice; a code matching nothing refuses the location.
/// 2. the `point/pos`, placed in its district by the shipped boundaries (a point never gives a
///    village: a village is only taken from a code). A point outside every province is outside
///    Lao PDR; a point in a province but in no district is refused too. A point given beside a
///    code is checked the same way and kept on the coded place.
/// 3. else the name, folded as search folds it (`SearchText`): every area of that name is
///    *proposed*, never applied — a person confirms one.
public struct ActivityLocationMatcher: Sendable {
    /// The end of the `vocabulary-uri` that names Pasan's area codes.
    public static let areasURISuffix = "/api/v1/areas"
    /// At most this many areas are proposed for one name.
    public static let maximumProposals = 5

    private let areasByCode: [String: Area]
    private let areasByPcode: [String: Area]
    private let areasByName: [String: [Area]]
    private let aliasesByCode: [String: AreaCodeAlias]
    private let locator: DistrictLocator?

    /// `areas`: every province, district and village; `aliases`: the shipped alias table;
    /// `locator`: the district (and province) boundaries, nil when none are loaded (then a point
    /// cannot be placed and says so).
    public init(areas: [Area], aliases: [AreaCodeAlias], locator: DistrictLocator?) {
        var byCode: [String: Area] = [:]
        var byPcode: [String: Area] = [:]
        var byName: [String: [Area]] = [:]
        for area in areas where area.level != .country {
            byCode[area.code] = area
            byPcode[area.pcode ?? "LA" + area.code] = area
            var names: Set<String> = [SearchText.normalise(area.name.en)]
            if let lo = area.name.lo { names.insert(SearchText.normalise(lo)) }
            for name in names where !name.isEmpty { byName[name, default: []].append(area) }
        }
        areasByCode = byCode
        areasByPcode = byPcode
        areasByName = byName
        aliasesByCode = Dictionary(aliases.map { ($0.alias, $0) }, uniquingKeysWith: { first, _ in first })
        self.locator = locator
    }

    /// The area of an LSB code.
    public func area(_ code: String) -> Area? { areasByCode[code] }

    public func match(_ given: GivenLocation) -> LocationMatch {
        var result = LocationMatch()
        func place(_ area: Area, _ kind: LocationMatchKind, note: String?) {
            guard !result.locations.contains(where: { $0.areaCode == area.code }) else { return }
            result.locations.append(
                ActivityLocation(
                    areaCode: area.code,
                    level: area.level,
                    match: kind,
                    status: .confirmed,
                    point: given.point,
                    givenName: given.name,
                    note: note
                )
            )
        }

        for (index, code) in given.codes.enumerated() {
            let value = code.code.trimmingSpaces
            let part = LocationPart.code(index)
            switch code.vocabulary {
            case "99":
                let isPasan = code.vocabularyURI.map { $0.trimmingSpaces.hasSuffix(Self.areasURISuffix) } ?? false
                let lsb: String
                if isPasan {
                    lsb = value
                } else if Self.isPcode(value) {
                    if let area = areasByPcode[value.uppercased()] {
                        place(area, .code, note: nil)
                        continue
                    }
                    lsb = String(value.dropFirst(2))
                } else {
                    result.notices.append(
                        LocationNote(part: part, message: Message("iati.location.otherCodeList", ["code": .text(value)]))
                    )
                    continue
                }
                if let area = areasByCode[lsb] {
                    place(area, .code, note: nil)
                } else if let alias = aliasesByCode[lsb], let area = areasByCode[alias.areaCode] {
                    place(area, .alias, note: "\(lsb) → \(area.code) (\(alias.system))")
                    result.notices.append(
                        LocationNote(
                            part: part,
                            message: Message(
                                "iati.location.alias",
                                ["code": .text(lsb), "area": .text(area.code), "name": .localized(area.name)]
                            )
                        )
                    )
                } else {
                    result.refusals.append(LocationNote(part: part, message: Message("iati.location.unknownCode", ["code": .text(value)])))
                }
            case "A4":
                if value.uppercased() != Area.countryCode {
                    result.refusals.append(
                        LocationNote(part: part, message: Message("iati.location.outsideCountry", ["where": .text(value)]))
                    )
                }
            default:
                result.notices.append(
                    LocationNote(part: part, message: Message("iati.location.vocabularyNotRead", ["vocabulary": .text(code.vocabulary)]))
                )
            }
        }

        if let point = given.point {
            let pos = "\(point.latitude) \(point.longitude)"
            if let locator, !locator.isEmpty {
                if !locator.isInCountry(point) {
                    result.refusals.append(
                        LocationNote(part: .point, message: Message("iati.location.outsideCountry", ["where": .text(pos)]))
                    )
                } else if let district = locator.district(containing: point) {
                    if result.locations.isEmpty, let area = areasByCode[district] {
                        place(area, .point, note: "point \(pos) in district \(district)")
                    }
                } else {
                    result.refusals.append(
                        LocationNote(part: .point, message: Message("iati.location.pointInNoDistrict", ["pos": .text(pos)]))
                    )
                }
            } else {
                result.notices.append(LocationNote(part: .point, message: Message("iati.location.noBoundaries")))
            }
        }

        if result.locations.isEmpty, result.refusals.isEmpty, let name = given.name, !name.trimmingSpaces.isEmpty {
            let candidates = (areasByName[SearchText.normalise(name)] ?? [])
                .sorted { ($0.level.depth, $0.code) < ($1.level.depth, $1.code) }
                .prefix(Self.maximumProposals)
            if candidates.isEmpty {
                result.notices.append(LocationNote(part: .name, message: Message("iati.location.nameUnmatched", ["name": .text(name)])))
            }
            for area in candidates {
                result.locations.append(
                    ActivityLocation(
                        areaCode: area.code,
                        level: area.level,
                        match: .name,
                        status: .proposed,
                        point: given.point,
                        givenName: name,
                        note: nil
                    )
                )
            }
        }
        return result
    }

    /// `LA` followed by an LSB code's digits (2, 4 or 7).
    public static func isPcode(_ code: String) -> Bool {
        let upper = code.uppercased()
        guard upper.hasPrefix("LA") else { return false }
        let digits = upper.dropFirst(2)
        return [2, 4, 7].contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}

/// A place as a file gives it.
public struct GivenLocation: Sendable, Hashable {
    public var codes: [GivenLocationCode]
    public var point: GeoPoint?
    public var name: String?

    public init(codes: [GivenLocationCode] = [], point: GeoPoint? = nil, name: String? = nil) {
        self.codes = codes
        self.point = point
        self.name = name
    }
}

/// A code of a place: IATI's `location-id` or `administrative`, with its vocabulary
/// (GeographicVocabulary), the vocabulary's URI and, for `administrative`, its level.
public struct GivenLocationCode: Sendable, Hashable {
    public var vocabulary: String
    public var vocabularyURI: String?
    public var level: Int?
    public var code: String

    public init(vocabulary: String, vocabularyURI: String? = nil, level: Int? = nil, code: String) {
        self.vocabulary = vocabulary
        self.vocabularyURI = vocabularyURI
        self.level = level
        self.code = code
    }
}

/// Which part of a given place a note is about: its n-th code, its point, its name.
public enum LocationPart: Sendable, Hashable {
    case code(Int)
    case point
    case name
}

/// A notice or a refusal about one part of a given place.
public struct LocationNote: Sendable, Hashable {
    public var part: LocationPart
    public var message: Message

    public init(part: LocationPart, message: Message) {
        self.part = part
        self.message = message
    }
}

/// What a given place matched: confirmed places (by code, alias or point) or proposed ones (by
/// name); notices (an alias used, a vocabulary not read); refusals (any refuses the file).
public struct LocationMatch: Sendable, Hashable {
    public var locations: [ActivityLocation] = []
    public var notices: [LocationNote] = []
    public var refusals: [LocationNote] = []

    public init(locations: [ActivityLocation] = [], notices: [LocationNote] = [], refusals: [LocationNote] = []) {
        self.locations = locations
        self.notices = notices
        self.refusals = refusals
    }

    /// The places that are only guesses, for a person to confirm.
    public var proposed: [ActivityLocation] { locations.filter { $0.status == .proposed } }
}
