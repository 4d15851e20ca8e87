/// The DHIS2 concepts Pasan reads and writes (see `docs/dhis2.md`): data values keyed by data
/// element, period, organisation unit and category option combo; organisation units; and the
/// mapping that says which DHIS2 data gives which Pasan cell.

/// One DHIS2 data value, as `/api/dataValueSets`, `/api/analytics/dataValueSet.json` and a pushed
/// data value set carry it. `value` is DHIS2's string (numbers, booleans and text alike).
public struct DHIS2DataValue: Sendable, Hashable, Codable {
    /// A data element UID (or, from analytics, an indicator or program indicator UID).
    public var dataElement: String
    /// DHIS2's period identifier (`2024`, `2024Q3`, `202401`, `2024July`…).
    public var period: String
    public var orgUnit: String
    /// `nil` or empty: the default combo.
    public var categoryOptionCombo: String?
    public var attributeOptionCombo: String?
    public var value: String?
    public var comment: String?
    public var followup: Bool?
    public var deleted: Bool?
    public var storedBy: String?
    public var lastUpdated: String?

    public init(
        dataElement: String,
        period: String,
        orgUnit: String,
        categoryOptionCombo: String? = nil,
        attributeOptionCombo: String? = nil,
        value: String?,
        comment: String? = nil,
        followup: Bool? = nil,
        deleted: Bool? = nil,
        storedBy: String? = nil,
        lastUpdated: String? = nil
    ) {
        self.dataElement = dataElement
        self.period = period
        self.orgUnit = orgUnit
        self.categoryOptionCombo = categoryOptionCombo
        self.attributeOptionCombo = attributeOptionCombo
        self.value = value
        self.comment = comment
        self.followup = followup
        self.deleted = deleted
        self.storedBy = storedBy
        self.lastUpdated = lastUpdated
    }
}

/// A DHIS2 organisation unit as `/api/organisationUnits` lists it.
public struct DHIS2OrgUnit: Sendable, Hashable, Codable {
    public var uid: String
    public var code: String?
    public var name: String
    /// 1 = the root.
    public var level: Int?
    public var parentUID: String?
    /// `/ImspTQPwCqd/O6uvpzGd5pu/…`
    public var path: String?

    public init(uid: String, code: String?, name: String, level: Int?, parentUID: String?, path: String?) {
        self.uid = uid
        self.code = code
        self.name = name
        self.level = level
        self.parentUID = parentUID
        self.path = path
    }
}

/// Where a mapped value is read from in DHIS2's Web API.
public enum DHIS2ValueSource: String, Sendable, Hashable, Codable, CaseIterable {
    /// `/api/analytics/dataValueSet.json`: aggregated values (data elements, indicators, program
    /// indicators), computed by DHIS2's analytics tables.
    case analytics
    /// `/api/dataValueSets`: the raw values as entered.
    case raw
}

/// How values of shorter periods (quarters, months, weeks) become one value of a year.
public enum DHIS2Aggregation: String, Sendable, Hashable, Codable, CaseIterable {
    case sum
    case average
    /// The value of the latest period of the year.
    case last
}

/// One line of a mapping: this DHIS2 data (element + category option combo, or an indicator)
/// gives this Pasan series and breakdown.
public struct DHIS2ElementMapping: Sendable, Hashable, Codable {
    /// DHIS2 UID of a data element, indicator or program indicator.
    public var dataElement: String
    /// A category option combo UID; `nil` = the default combo (the total).
    public var categoryOptionCombo: String?
    public var source: DHIS2ValueSource
    public var indicator: String
    public var series: String
    /// Pasan's breakdown key (`SEX=F|URBANISATION=R`, sorted; empty for the total).
    public var dimensions: String
    public var aggregation: DHIS2Aggregation
    /// Multiplies the DHIS2 value (e.g. 100 for a ratio given as a fraction); 1 by default.
    public var factor: Double

    public init(
        dataElement: String,
        categoryOptionCombo: String?,
        source: DHIS2ValueSource,
        indicator: String,
        series: String,
        dimensions: String,
        aggregation: DHIS2Aggregation,
        factor: Double = 1
    ) {
        self.dataElement = dataElement
        self.categoryOptionCombo = categoryOptionCombo
        self.source = source
        self.indicator = indicator
        self.series = series
        self.dimensions = dimensions
        self.aggregation = aggregation
        self.factor = factor
    }
}

/// Which Pasan area a DHIS2 organisation unit is, and whether a person confirmed it.
public struct DHIS2OrgUnitMatch: Sendable, Hashable, Codable {
    public enum Basis: String, Sendable, Hashable, Codable {
        /// Proposed: the DHIS2 code is the area's LSB code or p-code.
        case code
        /// Proposed: the names agree once spelling is folded.
        case name
        /// Set or corrected by a person.
        case manual
    }

    public var orgUnit: DHIS2OrgUnit
    /// `nil`: no area (unmatched, or deliberately left out).
    public var areaCode: String?
    public var basis: Basis?
    public var confirmed: Bool

    public init(orgUnit: DHIS2OrgUnit, areaCode: String?, basis: Basis?, confirmed: Bool) {
        self.orgUnit = orgUnit
        self.areaCode = areaCode
        self.basis = basis
        self.confirmed = confirmed
    }
}
