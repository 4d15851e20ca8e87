import Foundation

/// What an SDMX data message (SDMX-ML 2.1 structure-specific or generic, SDMX-CSV 1.0 or 2.0)
/// holds, as read: nothing checked against the DSD yet (`SDMXDataCheck` does that).
public struct SDMXDataMessage: Sendable {
    public enum Format: String, Sendable {
        case structureSpecific = "structure-specific"
        case generic
        case csv1 = "sdmx-csv-1.0"
        case csv2 = "sdmx-csv-2.0"
    }

    public var format: Format
    /// `Header/ID`, when there is a header.
    public var id: String?
    /// `Header/Prepared` as written (LSB's files use Buddhist-era years).
    public var prepared: String?
    public var sender: String?
    /// The structure the header (or the CSV's first column) names: a DSD or a dataflow.
    public var structure: SDMXReference?
    /// Whether `structure` names a dataflow rather than a data structure.
    public var structureIsDataflow: Bool
    /// `dimensionAtObservation` (`TIME_PERIOD`, or `AllDimensions` for flat data sets).
    public var dimensionAtObservation: String?
    /// `action` of the data set (`Information`, `Append`, `Replace`, `Delete`).
    public var action: String?
    public var series: [SDMXSeries]

    public init(
        format: Format,
        id: String? = nil,
        prepared: String? = nil,
        sender: String? = nil,
        structure: SDMXReference? = nil,
        structureIsDataflow: Bool = false,
        dimensionAtObservation: String? = nil,
        action: String? = nil,
        series: [SDMXSeries] = []
    ) {
        self.format = format
        self.id = id
        self.prepared = prepared
        self.sender = sender
        self.structure = structure
        self.structureIsDataflow = structureIsDataflow
        self.dimensionAtObservation = dimensionAtObservation
        self.action = action
        self.series = series
    }

    public var observationCount: Int { series.reduce(0) { $0 + $1.observations.count } }
}

/// One series: its key (dimension id → code, in the order written) and series-level attributes.
/// A flat data set (SDMX-CSV, `AllDimensions`) has one series per distinct key.
public struct SDMXSeries: Sendable {
    /// Every XML attribute (structure-specific) or key value (generic) of the series, in the
    /// order written; attributes of the series are in `attributes`, not here, when the format
    /// tells them apart (generic); structure-specific puts both on the element, so the reader
    /// splits them by the DSD when it has one and keeps them all in `key` otherwise.
    public var key: [(id: String, value: String)]
    public var attributes: [(id: String, value: String)]
    public var observations: [SDMXObservation]
    /// Line of the series element (or of its first row in CSV).
    public var line: Int

    public init(
        key: [(id: String, value: String)],
        attributes: [(id: String, value: String)] = [],
        observations: [SDMXObservation] = [],
        line: Int
    ) {
        self.key = key
        self.attributes = attributes
        self.observations = observations
        self.line = line
    }

    public func value(of id: String) -> String? {
        key.first { $0.id == id }?.value ?? attributes.first { $0.id == id }?.value
    }

    /// `SERIES=SI_POV_NAHC, SEX=F`: the key as problems show it.
    public var keyDescription: String { key.map { "\($0.id)=\($0.value)" }.joined(separator: ", ") }
}

public struct SDMXObservation: Sendable {
    /// `TIME_PERIOD` as written (`2017`, `2015-2016`).
    public var period: String
    /// `OBS_VALUE` as written; `nil` when absent.
    public var value: String?
    /// Observation attributes and, in flat data, observation-level dimensions, in order.
    public var attributes: [(id: String, value: String)]
    public var line: Int

    public init(period: String, value: String?, attributes: [(id: String, value: String)] = [], line: Int) {
        self.period = period
        self.value = value
        self.attributes = attributes
        self.line = line
    }

    public func attribute(_ id: String) -> String? { attributes.first { $0.id == id }?.value }
}
