import Foundation
import PasanDomain

/// Everything an Open SDG data repository is written from, as plain values: the framework's
/// titles, per indicator its reporting status, metadata and progress configuration, the
/// published observations, and the labels of the codes in both site languages.
/// `OpenSDGWriter` turns it into files; `OpenSDGExportInput.pasan(…)` fills it from what Pasan
/// holds. Rows follow docs/open-sdg.md, the rule the importer reads them back with.
public struct OpenSDGExportInput: Sendable {
    public struct Goal: Sendable, Hashable {
        public var number: Int
        public var title: LocalizedText
        public var shortTitle: LocalizedText

        public init(number: Int, title: LocalizedText, shortTitle: LocalizedText) {
            self.number = number
            self.title = title
            self.shortTitle = shortTitle
        }
    }

    public struct Target: Sendable, Hashable {
        /// `1.2`, `1.a`, `18.1`.
        public var code: String
        public var title: LocalizedText

        public init(code: String, title: LocalizedText) {
            self.code = code
            self.title = title
        }
    }

    /// Open SDG's `reporting_status` (opensdg-format.md §4, §7.3).
    public enum ReportingStatus: String, Sendable, Hashable, CaseIterable {
        case complete, inprogress, notstarted, notapplicable
    }

    /// A metadata value in the site languages. `lo == nil`: nobody wrote it in Lao, so the Lao
    /// metadata leaves the field empty (never machine text).
    public struct MetadataValue: Sendable, Hashable {
        public var en: String
        public var lo: String?

        public init(en: String, lo: String?) {
            self.en = en
            self.lo = lo
        }

        /// Names and codes written the same way in every language (custodian agencies, sources
        /// as their publishers name themselves, indicator numbers).
        public static func same(_ text: String) -> MetadataValue { MetadataValue(en: text, lo: text) }
    }

    /// A metadata field of the schema (`_prose.yml`), with its label on the site.
    public struct MetadataField: Sendable, Hashable {
        /// `SDG_CUSTODIAN_AGENCIES`, `PASAN_NATIONAL_RELATION`.
        public var key: String
        public var label: LocalizedText

        public init(key: String, label: LocalizedText) {
            self.key = key
            self.label = label
        }
    }

    /// One entry of `progress_calculation_options` (progress-methods.md §1.1), the direction
    /// always explicit.
    public struct ProgressOption: Sendable, Hashable {
        public var series: String
        public var unit: String?
        /// Column → code of the configured breakdown (`SEX` → `F`, `REF_AREA` → `07`); empty = the headline.
        public var disaggregation: [String: String]
        public var baseYear: Int
        public var targetYear: Int
        public var target: Double?
        /// +1 increase desired (`positive`), −1 decrease desired (`negative`).
        public var direction: Int
        public var limit: Double?

        public init(
            series: String,
            unit: String?,
            disaggregation: [String: String] = [:],
            baseYear: Int,
            targetYear: Int,
            target: Double?,
            direction: Int,
            limit: Double?
        ) {
            self.series = series
            self.unit = unit
            self.disaggregation = disaggregation
            self.baseYear = baseYear
            self.targetYear = targetYear
            self.target = target
            self.direction = direction
            self.limit = limit
        }
    }

    public struct Indicator: Sendable, Hashable {
        /// Pasan's code (`1.2.1`, `4.5.1.a`, `18.1.1`); the file id is it with dashes.
        public var code: String
        public var title: LocalizedText
        public var reportingStatus: ReportingStatus
        /// Metadata by field key (`metadataFields` gives the order); a field left out is not written.
        public var metadata: [String: MetadataValue]
        public var progress: [ProgressOption]

        public init(
            code: String,
            title: LocalizedText,
            reportingStatus: ReportingStatus,
            metadata: [String: MetadataValue] = [:],
            progress: [ProgressOption] = []
        ) {
            self.code = code
            self.title = title
            self.reportingStatus = reportingStatus
            self.metadata = metadata
            self.progress = progress
        }

        /// Open SDG's id: `1-2-1`, `4-5-1-a`.
        public var fileID: String { OpenSDGWriter.fileID(code) }
    }

    /// The labels of one column's codes, as a translation group named after the column
    /// (`translations/<lang>/SEX.yml`: `F: Female`, and `SEX: Sex` for the column itself).
    public struct Codelist: Sendable, Hashable {
        /// The column's own label (the key equal to the column name); `nil` = none known.
        public var name: LocalizedText?
        /// Code → label. A missing Lao label leaves the code out of the Lao file, so the site
        /// shows the code (never an empty cell, which would read as a total).
        public var codes: [String: LocalizedText]

        public init(name: LocalizedText?, codes: [String: LocalizedText]) {
            self.name = name
            self.codes = codes
        }
    }

    public var goals: [Goal]
    public var targets: [Target]
    public var indicators: [Indicator]
    /// The published values (every one is written; each must belong to one of `indicators`).
    public var observations: [Observation]
    /// Column (`SERIES`, `REF_AREA`, `SEX`, `UNIT_MEASURE`, `OBS_STATUS`) → its labels.
    public var codelists: [String: Codelist]
    /// The schema's fields, in the order the site lists them.
    public var metadataFields: [MetadataField]
    /// Breakdown columns in key order (the SDG DSD's: `SEX`, `AGE`, `URBANISATION` …); others
    /// follow in alphabetical order.
    public var dimensionOrder: [String]
    /// The headline's place on the site (`national_geographical_coverage`): a translation key
    /// such as `REF_AREA.LA`, or a text.
    public var nationalCoverage: String
    /// The repository's `README.md` and `LICENSE.md` (Markdown).
    public var readme: String
    public var licence: String
    /// What `README.md` says about when: the moment of the export (`config_data.yml` repeats it).
    public var exportedAt: Date

    public init(
        goals: [Goal],
        targets: [Target],
        indicators: [Indicator],
        observations: [Observation],
        codelists: [String: Codelist],
        metadataFields: [MetadataField],
        dimensionOrder: [String],
        nationalCoverage: String,
        readme: String,
        licence: String,
        exportedAt: Date
    ) {
        self.goals = goals
        self.targets = targets
        self.indicators = indicators
        self.observations = observations
        self.codelists = codelists
        self.metadataFields = metadataFields
        self.dimensionOrder = dimensionOrder
        self.nationalCoverage = nationalCoverage
        self.readme = readme
        self.licence = licence
        self.exportedAt = exportedAt
    }
}
