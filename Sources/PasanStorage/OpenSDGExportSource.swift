import Foundation
import PasanDomain

/// Everything the Open SDG export is written from, read from the database in one call
/// (`OpenSDGExportInput.pasan(…)` in PasanExchange turns it into the repository's input).
///
/// What is exported: the whole framework Pasan tracks — every indicator that is not retired,
/// global and national, and any retired one that still has published values — so the site shows
/// the reporting status of all of them; only published values (the `observations` table, the
/// single point of truth) go into the data files.
public struct OpenSDGExportSource: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    public struct Contents: Sendable {
        /// Goals, targets, indicators, series and the attributions of the reference data.
        public var catalog: FrameworkCatalog
        /// Every place a value is published for, and the country.
        public var areas: [Area]
        public var observations: [Observation]
        public var progress: [ProgressConfiguration]
        /// Column (`SEX`, `UNIT_MEASURE`) → code → the database's labels (`code_labels`). `en` is
        /// empty where only a Lao label is stored; `loStatus` is the Lao label's review state.
        public var codeLabels: [String: [String: LocalizedText]]
        /// The published texts of the SDG metadata template, by indicator.
        public var metadata: [String: [IndicatorMetadataField]]
        /// The database clock's "now".
        public var exportedAt: Date
    }

    public func read() async throws -> Contents {
        let catalog = try await CatalogRepository(database: database).load()
        let observations = try await ObservationRepository(database: database).all()
        let progress = try await ProgressRepository(database: database).configurations()
        let places = AreaRepository(database: database)
        var areas: [Area] = []
        for code in Set(observations.map(\.area)).union([Area.countryCode]).sorted() {
            if let area = try await places.area(code: code) { areas.append(area) }
        }
        var columns: Set<String> = ["SERIES", "REF_AREA", "UNIT_MEASURE", "OBS_STATUS"]
        for o in observations { columns.formUnion(o.dimensions.keys) }
        let labels = CodeLabelRepository(database: database)
        var codeLabels: [String: [String: LocalizedText]] = [:]
        for column in columns.sorted() {
            let english = try await labels.labels(codelist: column, language: .en)
            let lao = try await labels.labels(codelist: column, language: .lo)
            var merged: [String: LocalizedText] = [:]
            for code in Set(english.keys).union(lao.keys) {
                merged[code] = LocalizedText(
                    en: english[code]?.label ?? "",
                    lo: lao[code]?.label,
                    loStatus: lao[code]?.status ?? .unreviewed
                )
            }
            if !merged.isEmpty { codeLabels[column] = merged }
        }
        return Contents(
            catalog: catalog,
            areas: areas,
            observations: observations,
            progress: progress,
            codeLabels: codeLabels,
            metadata: try await IndicatorMetadataRepository(database: database).all(),
            exportedAt: database.clock.now()
        )
    }
}
