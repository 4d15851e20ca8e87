import Foundation

/// An Open SDG data repository as read: per indicator its data table, configuration and
/// metadata by language; the translations of codes and titles by language and group. Values are
/// as written in the files (codes, not labels); `OpenSDGObservations` turns rows into Pasan's
/// observations following docs/open-sdg.md.
public struct OpenSDGRepository: Sendable {
    /// Site languages from `config_data.yml` (LSB's: `lo`, `en`).
    public var languages: [String]
    /// Indicators by Open SDG id (`1-2-1`, `18-1-1`, `4-5-1-a`).
    public var indicators: [String: OpenSDGIndicator]
    /// language → group (`SEX`, `global_goals`) → key → text, from the `TranslationInputYaml` sources.
    public var translations: [String: [String: [String: String]]]
    /// What was accepted but deserves the importer's attention (e.g. a data file naming its
    /// structure under another agency than the DSD's own).
    public var warnings: [ExchangeProblem] = []

    public init(languages: [String], indicators: [String: OpenSDGIndicator], translations: [String: [String: [String: String]]]) {
        self.languages = languages
        self.indicators = indicators
        self.translations = translations
    }

    /// Indicator ids in Open SDG's sort order (`1-2-1` < `1-10-1` < `2-1-1`).
    public var sortedIDs: [String] { indicators.keys.sorted(by: OpenSDGRepository.idOrder) }

    public static func idOrder(_ a: String, _ b: String) -> Bool {
        let pa = a.split(separator: "-"), pb = b.split(separator: "-")
        for (x, y) in zip(pa, pb) where x != y {
            if let i = Int(x), let j = Int(y) { return i < j }
            return x < y
        }
        return pa.count < pb.count
    }
}

public struct OpenSDGIndicator: Sendable {
    public var id: String
    /// The data table, when an input gave one.
    public var data: OpenSDGTable?
    /// Scalar settings of `indicator-config/<id>.yml` (`reporting_status`, `graph_type`, …); lists
    /// and maps are kept as their YAML text.
    public var config: [String: String]
    /// language → metadata field (`SDG_TARGET`, `COLL_METHOD`) → text.
    public var metadata: [String: [String: String]]
    /// Where each text came from, by language and field (`translations/meta/lo/1-2-1.yml`,
    /// `meta/1-2-1.docm`).
    public var metadataSources: [String: [String: String]]

    public init(
        id: String,
        data: OpenSDGTable? = nil,
        config: [String: String] = [:],
        metadata: [String: [String: String]] = [:],
        metadataSources: [String: [String: String]] = [:]
    ) {
        self.id = id
        self.data = data
        self.config = config
        self.metadata = metadata
        self.metadataSources = metadataSources
    }

    /// The framework code: `1-2-1` → `1.2.1`.
    public var code: String { id.replacingOccurrences(of: "-", with: ".") }
}

/// A tidy table: `Year` first, `Value` last, every other column a category or an attribute.
public struct OpenSDGTable: Sendable {
    /// The file the rows came from, as the user knows it (`data/SDG_DSD_Laos.Goal.1.xml`).
    public var file: String
    /// Column names between `Year` and `Value`, in the order first seen.
    public var columns: [String]
    public var rows: [OpenSDGRow]

    public init(file: String, columns: [String], rows: [OpenSDGRow]) {
        self.file = file
        self.columns = columns
        self.rows = rows
    }
}

public struct OpenSDGRow: Sendable {
    /// Line (CSV) or element line (SDMX-ML) of the row.
    public var line: Int
    public var year: String
    /// Non-blank cells by column; a missing column is blank (= total).
    public var cells: [String: String]
    /// `Value` as written; `nil` or empty = no value.
    public var value: String?
    /// The SDMX input's `UNIT_MULT` (observation's, else series'), kept even when the
    /// configuration drops the column: the number means `value` × 10^UNIT_MULT.
    public var unitMultiplier: String?

    public init(line: Int, year: String, cells: [String: String], value: String?, unitMultiplier: String? = nil) {
        self.line = line
        self.year = year
        self.cells = cells
        self.value = value
        self.unitMultiplier = unitMultiplier
    }
}
