import Foundation
import PasanDomain
import PasanExchange
import PasanStorage

extension ExchangeImport {
    /// What came of an SDMX import.
    public enum SDMXOutcome: Sendable {
        /// The message could not be used: every problem (of the file, against the DSD, in
        /// mapping it, or a value the rules refuse); nothing was written.
        case refused([ExchangeProblem])
        /// The batch (staged, or rolled back for a dry run) and its preview; `publication` when published.
        case imported(ImportPreview, ImportPublication?, SDMXImportSummary)

        var isRefused: Bool {
            if case .refused = self { return true }
            return false
        }
    }

    /// What the message held.
    public struct SDMXImportSummary: Sendable {
        public var format: SDMXDataMessage.Format
        public var series: Int
        public var observations: Int
        /// The DSD it was checked against (`IAEG-SDGs:SDG(1.14)`).
        public var structure: String
    }

    /// Imports one SDMX data message (SDMX-ML 2.1 structure-specific or generic, SDMX-CSV 1.0 or
    /// 2.0) named `fileName`, checked against the DSD in `dsd`: read (`SDMXDataReader`), checked
    /// (`SDMXDataCheck`), mapped (`SDMXObservations`), then previewed against the rules every
    /// value obeys. A message is taken whole or not at all: any problem or refused row refuses it
    /// (a dry run shows the refused rows in its preview instead). Then the batch is staged, and
    /// published at once in `.publish` mode. The database is not touched until the message has
    /// been read and checked.
    public func sdmx(
        data: Data,
        fileName: String,
        dsd: URL,
        name: String,
        actor: ChangeContext,
        mode: Mode,
        options: SDMXDataCheck.Options = SDMXDataCheck.Options()
    ) async throws -> SDMXOutcome {
        let structure: DataStructure
        let message: SDMXDataMessage
        do {
            structure = try DataStructureReader.read(contentsOf: dsd)
            message = try SDMXDataReader.read(data, file: fileName, structure: structure)
        } catch let refused as ExchangeProblems {
            return .refused(refused.problems)
        }
        let problems = SDMXDataCheck.check(message, file: fileName, structure: structure, options: options)
        guard problems.isEmpty else { return .refused(problems) }
        // Values are kept in each series' own unit multiplier (what the export writes as UNIT_MULT).
        var multipliers: [String: Int] = [:]
        for series in try await CatalogRepository(database: database).load().series {
            if let m = series.unitMultiplier { multipliers[series.code] = m }
        }
        let mapped = SDMXObservations.map(message, file: fileName, structure: structure, unitMultiplier: .toSeries(multipliers))
        let summary = SDMXImportSummary(
            format: message.format,
            series: message.series.count,
            observations: message.observationCount,
            structure: structure.reference.description
        )
        let batches = ImportBatchRepository(database: database)
        let preview = try await batches.dryRun(
            source: .sdmx,
            name: name,
            fileName: fileName,
            actor: actor,
            values: mapped.values,
            refusals: mapped.refusals,
            nationalSeries: mapped.nationalSeries
        )
        if mode == .dryRun { return .imported(preview, nil, summary) }
        let refused = preview.indicators.flatMap(\.refused) + preview.refusedWithoutIndicator
        guard refused.isEmpty else {
            return .refused(
                refused.map { ExchangeProblem(file: $0.file, line: $0.line, location: $0.location, found: $0.found, expected: $0.expected) }
            )
        }
        let batch = try await batches.stage(
            source: .sdmx,
            name: name,
            fileName: fileName,
            actor: actor,
            values: mapped.values,
            nationalSeries: mapped.nationalSeries
        )
        let staged = try await batches.preview(batchID: batch.id)
        let publication = mode == .publish ? try await batches.publish(batchID: batch.id, actor: actor, atOnce: true) : nil
        return .imported(staged, publication, summary)
    }
}
