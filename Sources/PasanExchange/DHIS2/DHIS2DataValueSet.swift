import PasanDomain

/// A DHIS2 data value set (`/api/dataValueSets`, `docs/dhis2.md` 2.1–2.2): the envelope and its
/// values. As read, every value already carries the envelope's period, organisation unit and
/// attribute option combo when it had none of its own, so `values` can be used without the
/// envelope.
public struct DHIS2DataValueSet: Sendable, Hashable {
    /// The data set UID (JSON envelope; for CSV, the `dataSet` query parameter).
    public var dataSet: String?
    /// `yyyy-MM-dd`: the set is to be marked complete (read from `completeDate` or its alias
    /// `completedDate`).
    public var completeDate: String?
    public var period: String?
    public var orgUnit: String?
    public var attributeOptionCombo: String?
    public var dryRun: Bool?
    /// How the identifiers of the values are to be read (`uid`, `code`, `name`, `attribute:UID`).
    public var idSchemes: DHIS2IdSchemes
    public var values: [DHIS2DataValue]

    public init(
        dataSet: String? = nil,
        completeDate: String? = nil,
        period: String? = nil,
        orgUnit: String? = nil,
        attributeOptionCombo: String? = nil,
        dryRun: Bool? = nil,
        idSchemes: DHIS2IdSchemes = DHIS2IdSchemes(),
        values: [DHIS2DataValue]
    ) {
        self.dataSet = dataSet
        self.completeDate = completeDate
        self.period = period
        self.orgUnit = orgUnit
        self.attributeOptionCombo = attributeOptionCombo
        self.dryRun = dryRun
        self.idSchemes = idSchemes
        self.values = values
    }
}

/// The id schemes of a data value set's envelope (`docs/dhis2.md` 2.4), as written: `uid`,
/// `code`, `name` or `attribute:UID`, in any case. A specific scheme beats the general `idScheme`.
public struct DHIS2IdSchemes: Sendable, Hashable {
    public var idScheme: String?
    public var dataElementIdScheme: String?
    public var orgUnitIdScheme: String?
    public var categoryOptionComboIdScheme: String?
    public var attributeOptionComboIdScheme: String?
    public var dataSetIdScheme: String?

    public init(
        idScheme: String? = nil,
        dataElementIdScheme: String? = nil,
        orgUnitIdScheme: String? = nil,
        categoryOptionComboIdScheme: String? = nil,
        attributeOptionComboIdScheme: String? = nil,
        dataSetIdScheme: String? = nil
    ) {
        self.idScheme = idScheme
        self.dataElementIdScheme = dataElementIdScheme
        self.orgUnitIdScheme = orgUnitIdScheme
        self.categoryOptionComboIdScheme = categoryOptionComboIdScheme
        self.attributeOptionComboIdScheme = attributeOptionComboIdScheme
        self.dataSetIdScheme = dataSetIdScheme
    }

    /// The JSON keys, in DHIS2's spelling, with their values.
    var entries: [(key: String, value: String?)] {
        [
            ("idScheme", idScheme), ("dataElementIdScheme", dataElementIdScheme), ("orgUnitIdScheme", orgUnitIdScheme),
            ("categoryOptionComboIdScheme", categoryOptionComboIdScheme),
            ("attributeOptionComboIdScheme", attributeOptionComboIdScheme), ("dataSetIdScheme", dataSetIdScheme),
        ]
    }

    mutating func set(_ key: String, _ value: String?) {
        switch key {
        case "idScheme": idScheme = value
        case "dataElementIdScheme": dataElementIdScheme = value
        case "orgUnitIdScheme": orgUnitIdScheme = value
        case "categoryOptionComboIdScheme": categoryOptionComboIdScheme = value
        case "attributeOptionComboIdScheme": attributeOptionComboIdScheme = value
        case "dataSetIdScheme": dataSetIdScheme = value
        default: break
        }
    }
}

/// DHIS2's identifiers: 11 characters, a letter first, then letters and digits (`DiszpKrYNg8`).
public enum DHIS2UID {
    public static func isValid(_ text: some StringProtocol) -> Bool {
        let bytes = text.utf8
        guard bytes.count == 11, let first = bytes.first, isLetter(first) else { return false }
        return bytes.allSatisfy { isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
