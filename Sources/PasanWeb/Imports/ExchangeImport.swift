import Foundation
import PasanDomain
import PasanExchange
import PasanStorage

/// The one path from an exchange file to an import batch, shared by `pasan import …` and the
/// import page: read the file (the exchange module; nothing touches the database), refuse it
/// whole when the file itself is broken, map its rows against the framework, then stage the batch
/// (or only preview it, for a dry run), and publish it at once when asked.
public struct ExchangeImport: Sendable {
    public enum Mode: Sendable {
        /// Show what would change; keep nothing.
        case dryRun
        /// Stage the batch for the Secretariat or LSB to publish or discard.
        case stage
        /// Stage and publish at once (an administrator's first migration), recorded as such.
        case publish
    }

    /// What came of an import.
    public enum Outcome: Sendable {
        /// The file could not be used: every problem; nothing was written.
        case refused([ExchangeProblem])
        /// The batch (staged, or rolled back for a dry run) and its preview; `publication` when published.
        case imported(ImportPreview, ImportPublication?, OpenSDGImportSummary)

        var isRefused: Bool {
            if case .refused = self { return true }
            return false
        }
    }

    /// Counts of what the repository held beyond values.
    public struct OpenSDGImportSummary: Sendable {
        public var indicatorsWithData: Int
        public var indicatorsWithoutData: [String]
        public var metadataFields: Int
        public var files: Int
        /// Accepted, but worth the importer's attention.
        public var warnings: [ExchangeProblem]
    }

    public let database: Database

    public init(database: Database) { self.database = database }

    /// Imports a whole Open SDG data repository (a directory).
    public func openSDG(directory: URL, name: String, actor: ChangeContext, mode: Mode) async throws -> Outcome {
        let (repository, problems) = OpenSDGReader.read(directory: directory)
        guard problems.isEmpty else { return .refused(problems) }
        let catalog = try await CatalogRepository(database: database).load()
        var seriesByIndicator: [String: Set<String>] = [:]
        var unitBySeries: [String: String] = [:]
        var multipliers: [String: Int] = [:]
        for indicator in catalog.indicators {
            seriesByIndicator[indicator.code] = Set(catalog.series(ofIndicator: indicator.code).map(\.code))
        }
        for series in catalog.series {
            if let unit = series.unit { unitBySeries[series.code] = unit }
            if let multiplier = series.unitMultiplier { multipliers[series.code] = multiplier }
        }
        let mapped = OpenSDGObservations.map(
            repository,
            framework: OpenSDGFramework(
                seriesByIndicator: seriesByIndicator,
                unitBySeries: unitBySeries,
                unitMultiplierBySeries: multipliers
            )
        )
        let summary = OpenSDGImportSummary(
            indicatorsWithData: repository.indicators.values.filter { !($0.data?.rows.isEmpty ?? true) }.count,
            indicatorsWithoutData: mapped.indicatorsWithoutData,
            metadataFields: repository.indicators.values.reduce(0) { $0 + $1.metadata.values.reduce(0) { $0 + $1.count } },
            files: Set(repository.indicators.values.compactMap { $0.data?.file }).count,
            warnings: repository.warnings
        )
        let batches = ImportBatchRepository(database: database)
        let fileName = directory.lastPathComponent
        switch mode {
        case .dryRun:
            let preview = try await batches.dryRun(
                source: .openSDG,
                name: name,
                fileName: fileName,
                actor: actor,
                values: mapped.values,
                refusals: mapped.refusals,
                nationalSeries: mapped.nationalSeries,
                codeLabels: mapped.codeLabels,
                metadata: mapped.metadata
            )
            return .imported(preview, nil, summary)
        case .stage, .publish:
            let batch = try await batches.stage(
                source: .openSDG,
                name: name,
                fileName: fileName,
                actor: actor,
                values: mapped.values,
                refusals: mapped.refusals,
                nationalSeries: mapped.nationalSeries,
                codeLabels: mapped.codeLabels,
                metadata: mapped.metadata
            )
            let preview = try await batches.preview(batchID: batch.id)
            var publication: ImportPublication?
            if mode == .publish { publication = try await batches.publish(batchID: batch.id, actor: actor, atOnce: true) }
            return .imported(preview, publication, summary)
        }
    }
}
