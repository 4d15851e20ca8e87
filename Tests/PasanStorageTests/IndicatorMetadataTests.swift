import Foundation
import PasanDomain
import PasanTestSupport
import SQLKit
import Testing

@testable import PasanStorage

/// Metadata texts on both databases: staged with their batch (refused for an indicator the
/// framework lacks), counted in the preview, published, and — when a later import changes a
/// text — replaced with the old text kept in the history, never lost.
@Suite struct IndicatorMetadataTests {
    static let admin = ImportBatchTests.admin

    static func text(_ concept: String, _ text: String, language: Language = .en, indicator: String = "1.2.1") -> StagedMetadata {
        StagedMetadata(
            indicator: indicator,
            language: language,
            concept: concept,
            text: text,
            file: "translations/meta/\(language.rawValue)/1-2-1.yml"
        )
    }

    /// Stages a batch of LSB's repository holding only `metadata`.
    static func stage(_ batches: ImportBatchRepository, _ metadata: [StagedMetadata]) async throws -> ImportBatch {
        try await batches.stage(
            source: .openSDG,
            name: "sdg-laos",
            fileName: "sdg-laos",
            actor: admin,
            values: [],
            metadata: metadata
        )
    }

    @Test(arguments: Backend.all)
    func stagePreviewPublishAndReplace(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let batches = ImportBatchRepository(database: database)
            let first = try await Self.stage(
                batches,
                [
                    Self.text("COLL_METHOD", "<p>LECS 2018-2019</p>"),
                    Self.text("COLL_METHOD", "<p>the second of the same field is ignored</p>"),
                    Self.text("COLL_METHOD", "<p>ການສຳຫຼວດ LECS</p>", language: .lo),
                    Self.text("STAT_CONC_DEF", "   "),
                    Self.text("coll method", "lower case is no concept"),
                    Self.text("COLL_METHOD", "<p>no such indicator</p>", indicator: "1.2.9"),
                ]
            )
            #expect(first.counts.metadata == 2)
            #expect(first.counts.refused == 3)
            let preview = try await batches.preview(batchID: first.id)
            #expect(preview.metadata == MetadataChanges(added: 2))
            #expect(preview.indicators.first { $0.indicator == "1.2.1" }?.metadata.added == 2)
            let refused = preview.indicators.flatMap(\.refused).map(\.expected.key).sorted()
            #expect(refused == ["batches.refusal.emptyMetadata", "batches.refusal.metadataConcept", "batches.refusal.unknownIndicator"])

            // Nothing is shown before the batch is published.
            let metadata = IndicatorMetadataRepository(database: database)
            #expect(try await metadata.fields(indicator: "1.2.1").isEmpty)
            let publication = try await batches.publish(batchID: first.id, actor: Self.admin)
            #expect(publication.metadataWritten == 2)
            let fields = try await metadata.fields(indicator: "1.2.1")
            #expect(fields.map(\.language) == [.en, .lo])
            #expect(fields.first?.text == "<p>LECS 2018-2019</p>")
            #expect(fields.first?.batchID == first.id)
            #expect(fields.first?.file == "translations/meta/en/1-2-1.yml")

            // A later import: one text changed, one the same.
            let second = try await Self.stage(
                batches,
                [
                    Self.text("COLL_METHOD", "<p>LECS 2018-2019 (revised)</p>"),
                    Self.text("COLL_METHOD", "<p>ການສຳຫຼວດ LECS</p>", language: .lo),
                ]
            )
            #expect(try await batches.preview(batchID: second.id).metadata == MetadataChanges(changed: 1, unchanged: 1))
            #expect(try await batches.publish(batchID: second.id, actor: Self.admin).metadataWritten == 1)
            let now = try await metadata.fields(indicator: "1.2.1")
            #expect(now.first { $0.language == .en }?.text == "<p>LECS 2018-2019 (revised)</p>")
            #expect(now.first { $0.language == .en }?.batchID == second.id)
            #expect(now.first { $0.language == .lo }?.batchID == first.id, "an unchanged text keeps the batch that wrote it")
            let history = try await metadata.history(indicator: "1.2.1")
            #expect(history.count == 1)
            #expect(history.first?.oldText == "<p>LECS 2018-2019</p>")
            #expect(history.first?.batchID == second.id)
            #expect(history.first?.actor == Self.admin.actorName)
            #expect(try await metadata.all().keys.sorted() == ["1.2.1"])
        }
    }

    @Test(arguments: Backend.all)
    func aDryRunOrADiscardedBatchWritesNoMetadata(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let batches = ImportBatchRepository(database: database)
            let preview = try await batches.dryRun(
                source: .openSDG,
                name: "sdg-laos",
                fileName: "sdg-laos",
                actor: Self.admin,
                values: [],
                metadata: [Self.text("COLL_METHOD", "<p>LECS</p>")]
            )
            #expect(preview.metadata.added == 1)
            #expect(try await ImportBatchTests.count(database, "import_batch_metadata") == 0)
            let staged = try await Self.stage(
                batches,
                [Self.text("COLL_METHOD", "<p>LECS</p>")]
            )
            try await batches.discard(batchID: staged.id, actor: Self.admin)
            #expect(try await IndicatorMetadataRepository(database: database).fields(indicator: "1.2.1").isEmpty)
        }
    }
}
