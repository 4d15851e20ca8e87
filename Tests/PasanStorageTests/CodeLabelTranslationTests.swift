import Foundation
import PasanDomain
import PasanMessages
import PasanTestSupport
import SQLKit
import Synchronization
import Testing

@testable import PasanStorage

/// Issue 11 on both databases: the labels of codes an import brought (`code_labels`, one row per
/// language) are texts of the translation review like the framework's titles — listed as
/// imported and unreviewed, proposed and approved by two translators, kept by a later import,
/// and carried by the PO export and import.
@Suite struct CodeLabelTranslationTests {
    static let importer = ChangeContext(actorID: nil, actorName: "lsb@pasan.demo", address: "127.0.0.1")
    static let noCatalogue = MessageCatalogue(entries: [])
    static let female = TranslationItem(kind: .codeLabel, key: "SEX@F")
    static let male = TranslationItem(kind: .codeLabel, key: "SEX@M")

    /// A clock the test moves forward, so each write has its own moment.
    final class MovingClock: Sendable {
        let moment = Mutex(Date(timeIntervalSince1970: 1_790_000_000))
        var provider: DateProvider { DateProvider { [self] in moment.withLock { $0 } } }
        func advance(_ seconds: TimeInterval) { moment.withLock { $0 += seconds } }
        var stamp: String { Timestamp.string(from: moment.withLock { $0 }) }
    }

    static func translators(_ database: Database) async throws -> (ChangeContext, ChangeContext) {
        let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
        var contexts: [ChangeContext] = []
        for (email, name) in [("noy@lsb.example.la", "Noy"), ("kham@lsb.example.la", "Kham")] {
            let account = try await accounts.createUser(
                email: email,
                name: name,
                password: "a long enough password",
                grants: [RoleGrant(role: .translator)],
                change: importer
            )
            contexts.append(ChangeContext(actorID: account.id, actorName: account.email, address: nil))
        }
        return (contexts[0], contexts[1])
    }

    /// Stages and publishes code labels as an Open SDG import does; the batch's id.
    @discardableResult
    static func publish(_ database: Database, _ labels: [CodeLabel]) async throws -> Int64 {
        let batches = ImportBatchRepository(database: database)
        let staged = try await batches.stage(
            source: .openSDG,
            name: "sdg-laos",
            fileName: "sdg-laos",
            actor: importer,
            values: [],
            codeLabels: labels
        )
        try await batches.publish(batchID: staged.id, actor: importer)
        return staged.id
    }

    /// The `lo` row of a code as stored.
    static func laoRow(
        _ database: Database,
        _ codelist: String,
        _ code: String
    ) async throws -> (
        label: String, status: String, batch: Int?, updatedAt: String
    )? {
        try await database.read { db in
            try await db.select().columns("label", "status", "batch_id", "updated_at").from("code_labels")
                .where("codelist", .equal, codelist).where("code", .equal, code).where("language", .equal, "lo").first().map {
                    (try $0.string("label"), try $0.string("status"), try $0.optionalInt("batch_id"), try $0.string("updated_at"))
                }
        }
    }

    static let labels = [
        CodeLabel(codelist: "SEX", code: "F", language: .en, label: "Female"),
        CodeLabel(codelist: "SEX", code: "F", language: .lo, label: "ຍິງ"),
        CodeLabel(codelist: "SEX", code: "M", language: .en, label: "Male"),
        CodeLabel(codelist: "AGE", code: "Y15T24", language: .lo, label: "15-24 ປີ"),
        CodeLabel(codelist: "CUST_BREAKDOWN", code: "A@B", language: .lo, label: "ທົດລອງ"),
    ]

    @Test(arguments: Backend.all)
    func importedLabelsAreReviewedByTwoTranslators(backend: Backend) async throws {
        let clock = MovingClock()
        try await TestDatabases.withSeeded(backend, clock: clock.provider) { database in
            let batch = try await Self.publish(database, Self.labels)
            let published = clock.stamp
            let repository = TranslationRepository(database: database)

            // In the queue: imported and unreviewed; a code without an English row shows its code,
            // one without a Lao row has none.
            let texts = try await repository.texts(catalogue: Self.noCatalogue).filter { $0.kind == .codeLabel }
            #expect(texts.map(\.key) == ["AGE@Y15T24", "CUST_BREAKDOWN@A@B", "SEX@F", "SEX@M"])
            let female = try #require(texts.first { $0.id == Self.female })
            #expect((female.english, female.lao, female.status, female.goal) == ("Female", "ຍິງ", .unreviewed, nil))
            #expect(female.needsReview)
            let male = try #require(texts.first { $0.id == Self.male })
            #expect((male.english, male.lao) == ("Male", nil) && male.needsReview)
            #expect(texts.first { $0.key == "AGE@Y15T24" }?.english == "Y15T24")
            #expect(TranslationProgress.summary(of: texts).byKind[.codeLabel] == TranslationProgress(total: 4, reviewed: 0, missing: 1))
            // One text, found by its key (a code may hold `@`); a malformed key finds nothing.
            #expect(try await repository.text(Self.female, catalogue: Self.noCatalogue) == female)
            let odd = try await repository.text(TranslationItem(kind: .codeLabel, key: "CUST_BREAKDOWN@A@B"), catalogue: Self.noCatalogue)
            #expect(odd?.lao == "ທົດລອງ" && odd?.english == "A@B")
            for key in ["SEX", "SEX@", "@F", "SEX@X"] {
                #expect(try await repository.text(TranslationItem(kind: .codeLabel, key: key), catalogue: Self.noCatalogue) == nil)
            }

            // Noy proposes; nothing changes before a second translator approves, and never by Noy.
            let (noy, kham) = try await Self.translators(database)
            clock.advance(60)
            let proposal = try await repository.propose(
                Self.female,
                lao: "ເພດຍິງ",
                note: "SDG glossary",
                catalogue: Self.noCatalogue,
                change: noy
            )
            #expect(try await Self.laoRow(database, "SEX", "F")?.label == "ຍິງ")
            await #expect(throws: TranslationError.refused(Message("translations.refusal.fourEyes"))) {
                try await repository.approve(proposal, change: noy)
            }
            clock.advance(60)
            try await repository.approve(proposal, change: kham)
            let approvedAt = clock.stamp
            #expect(approvedAt != published)
            let row = try #require(try await Self.laoRow(database, "SEX", "F"))
            #expect(row.label == "ເພດຍິງ" && row.status == "reviewed" && row.batch == Int(batch) && row.updatedAt == approvedAt)
            let reviewed = try #require(try await repository.text(Self.female, catalogue: Self.noCatalogue))
            #expect(reviewed.lao == "ເພດຍິງ" && reviewed.status == .reviewed && !reviewed.needsReview)
            #expect(
                try await CodeLabelRepository(database: database).labels(codelist: "SEX", language: .lo)["F"]
                    == CodeLabelRepository.Label(label: "ເພດຍິງ", status: .reviewed)
            )

            // A code without a Lao row gets one, reviewed and of no batch; its English row is left alone.
            let maleProposal = try await repository.propose(Self.male, lao: "ຊາຍ", note: nil, catalogue: Self.noCatalogue, change: kham)
            try await repository.approve(maleProposal, change: noy)
            let maleRow = try #require(try await Self.laoRow(database, "SEX", "M"))
            #expect(maleRow.label == "ຊາຍ" && maleRow.status == "reviewed" && maleRow.batch == nil && maleRow.updatedAt == approvedAt)
            #expect(try await CodeLabelRepository(database: database).labels(codelist: "SEX", language: .en)["M"]?.label == "Male")

            // The history and the audit log, as for every kind.
            let history = try await repository.changes(item: Self.female)
            #expect(history.map(\.state) == [.approved])
            #expect(history.first?.laoBefore == "ຍິງ" && history.first?.laoAfter == "ເພດຍິງ" && history.first?.english == "Female")
            #expect(history.first?.proposerName == "noy@lsb.example.la" && history.first?.deciderName == "kham@lsb.example.la")
            let audit = try await AuditLog.entries(database, page: PageRequest(limit: 50, offset: nil)).items
            #expect(audit.contains { $0.action == "propose-translation" && $0.entityID == "code:SEX@F" })
            #expect(audit.contains { $0.action == "approve-translation" && $0.entityID == "code:SEX@F" })

            // A later import does not overwrite the reviewed labels; an unreviewed one it replaces.
            try await Self.reimportKeepsReviewedLabels(database)
        }
    }

    /// A later import of the same codes keeps the reviewed labels and replaces an unreviewed one.
    /// (Its own function: written inline in the test's closure, the debug build of Swift 6.3.1
    /// read a wrong array for `after` unless it was printed.)
    static func reimportKeepsReviewedLabels(_ database: Database) async throws {
        let batches = ImportBatchRepository(database: database)
        let again = try await batches.stage(
            source: .openSDG,
            name: "sdg-laos",
            fileName: "sdg-laos",
            actor: importer,
            values: [],
            codeLabels: [
                CodeLabel(codelist: "SEX", code: "F", language: .lo, label: "ແມ່ຍິງ"),
                CodeLabel(codelist: "SEX", code: "M", language: .lo, label: "ຜູ້ຊາຍ"),
                CodeLabel(codelist: "AGE", code: "Y15T24", language: .lo, label: "ອາຍຸ 15-24 ປີ"),
            ]
        )
        let publication = try await batches.publish(batchID: again.id, actor: importer)
        #expect(publication.codeLabelsKept == 2 && publication.codeLabelsWritten == 1)
        #expect(try await laoRow(database, "SEX", "F")?.label == "ເພດຍິງ")
        #expect(try await laoRow(database, "SEX", "M")?.label == "ຊາຍ")
        let after = try await TranslationRepository(database: database).texts(catalogue: noCatalogue).filter {
            $0.kind == .codeLabel && $0.needsReview
        }
        #expect(after.map(\.key) == ["AGE@Y15T24", "CUST_BREAKDOWN@A@B"])
        #expect(after.first?.lao == "ອາຍຸ 15-24 ປີ" && after.first?.status == .unreviewed)
    }

    @Test(arguments: Backend.all)
    func thePOFileCarriesCodeLabelsAndAnEditBecomesAProposal(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            try await Self.publish(database, Self.labels)
            let repository = TranslationRepository(database: database)
            let (noy, kham) = try await Self.translators(database)

            // Every kind is exported by default; `code:CODELIST@CODE`, the English, the imported Lao, fuzzy.
            let whole = try await repository.exportPO(catalogue: Self.noCatalogue)
            #expect(whole.entries.contains { $0.context == "indicator:3.1.2" } && whole.entries.contains { $0.context == "code:SEX@F" })
            let po = try await repository.exportPO(catalogue: Self.noCatalogue, kinds: [.codeLabel])
            #expect(po.entries.compactMap(\.context) == ["code:AGE@Y15T24", "code:CUST_BREAKDOWN@A@B", "code:SEX@F", "code:SEX@M"])
            let female = try #require(po.entries.first { $0.context == "code:SEX@F" })
            #expect(female.msgid == "Female" && female.msgstr == ["ຍິງ"] && female.isFuzzy)
            let male = try #require(po.entries.first { $0.context == "code:SEX@M" })
            #expect(male.msgid == "Male" && male.msgstr == [""] && !male.isFuzzy)

            // Weblate or Poedit: one label edited, one newly translated, the rest as exported.
            var edited = try POFile.parse(po.serialized(), file: "codes.po")
            let f = try #require(edited.entries.firstIndex { $0.context == "code:SEX@F" })
            edited.entries[f].msgstr = ["ເພດຍິງ"]
            edited.entries[f].flags = []
            let m = try #require(edited.entries.firstIndex { $0.context == "code:SEX@M" })
            edited.entries[m].msgstr = ["ເພດຊາຍ"]
            let outcome = try await repository.importPO(
                Data(edited.serialized().utf8),
                file: "codes.po",
                catalogue: Self.noCatalogue,
                change: noy
            )
            #expect(outcome == TranslationImportOutcome(proposed: 2, unchanged: 2, untranslated: 0))
            let pending = try await repository.changes(state: .pending)
            #expect(Set(pending.map(\.item)) == [Self.female, Self.male])
            #expect(pending.allSatisfy { $0.source == .po && $0.proposerName == "noy@lsb.example.la" })
            #expect(try await Self.laoRow(database, "SEX", "F")?.label == "ຍິງ")

            // Approved by a second translator, the next export carries it reviewed.
            for change in pending { try await repository.approve(change.id, change: kham) }
            let again = try await repository.exportPO(catalogue: Self.noCatalogue, kinds: [.codeLabel])
            let reviewed = try #require(again.entries.first { $0.context == "code:SEX@F" })
            #expect(reviewed.msgstr == ["ເພດຍິງ"] && !reviewed.isFuzzy)
            #expect(again.entries.first { $0.context == "code:SEX@M" }?.msgstr == ["ເພດຊາຍ"])

            // An unknown code is refused with its line, and nothing is recorded.
            var unknown = again
            unknown.entries.append(POEntry(context: "code:SEX@Q", msgid: "Q", msgstr: ["ຄິວ"]))
            await #expect(throws: POProblems.self) {
                try await repository.importPO(Data(unknown.serialized().utf8), file: "u.po", catalogue: Self.noCatalogue, change: noy)
            }
            #expect(try await repository.changes(state: .pending).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func theMigrationKeepsEveryProposalAndReviewedText(backend: Backend) async throws {
        try await TestDatabases.withEmpty(backend) { location in
            let database = try await Database.open(location, logger: TestDatabases.logger)
            do {
                try await MigrationRunner(database: database, migrations: Migrations.all.filter { $0.id < 10 }).migrate()
                let (noy, kham) = try await Self.translators(database)
                let (proposer, decider) = (try #require(noy.actorID), try #require(kham.actorID))
                try await database.write { db in
                    try await db.raw(
                        """
                        INSERT INTO translation_changes (kind, item_key, english, lo_before, lo_after, proposed_by, proposed_at, source,
                            status, decided_by, decided_at)
                        VALUES ('interface', 'app.title', 'Pasan', NULL, 'ປະສານ', \(bind: proposer), '2026-11-01T00:00:00Z', 'web',
                            'approved', \(bind: decider), '2026-11-02T00:00:00Z'),
                            ('indicator', '18.1.1', 'UXO', 'ກ', 'ຂ', \(bind: proposer), '2026-11-03T00:00:00Z', 'po', 'pending', NULL, NULL)
                        """
                    ).run()
                    try await db.raw(
                        """
                        INSERT INTO interface_translations (item_key, lo, lo_status, change_id, updated_at)
                        SELECT item_key, lo_after, 'reviewed', id, decided_at FROM translation_changes WHERE status = 'approved'
                        """
                    ).run()
                }
                let before = try await TranslationRepository(database: database).changes()
                await #expect(throws: (any Error).self) {
                    try await database.write { db in
                        try await db.raw(
                            """
                            INSERT INTO translation_changes (kind, item_key, english, lo_after, proposed_by, proposed_at, source, status)
                            VALUES ('code', 'SEX@F', 'Female', 'ຍິງ', \(bind: proposer), '2026-11-04T00:00:00Z', 'web', 'pending')
                            """
                        ).run()
                    }
                }

                // Migration 10 runs, and those after it (which add their own tables).
                #expect(try await MigrationRunner(database: database).migrate().map(\.id) == Migrations.all.map(\.id).filter { $0 >= 10 })
                let repository = TranslationRepository(database: database)
                #expect(try await repository.changes() == before)
                #expect(
                    try await repository.interfaceOverrides() == ["app.title": MessageCatalogue.Override(lao: "ປະສານ", isReviewed: true)]
                )
                // A proposal of a code label is taken now, after the kept ones; an unknown kind still is not.
                try await database.write { db in
                    try await db.raw(
                        """
                        INSERT INTO translation_changes (kind, item_key, english, lo_after, proposed_by, proposed_at, source, status)
                        VALUES ('code', 'SEX@F', 'Female', 'ຍິງ', \(bind: proposer), '2026-11-04T00:00:00Z', 'web', 'pending')
                        """
                    ).run()
                }
                let after = try await repository.changes()
                #expect(after.count == 3 && after[0].item == Self.female && after[0].id > before.map(\.id).max()!)
                await #expect(throws: (any Error).self) {
                    try await database.write { db in
                        try await db.raw(
                            """
                            INSERT INTO translation_changes (kind, item_key, english, lo_after, proposed_by, proposed_at, source, status)
                            VALUES ('nothing', 'x', 'x', 'x', \(bind: proposer), '2026-11-04T00:00:00Z', 'web', 'pending')
                            """
                        ).run()
                    }
                }
                // The reviewed interface text still refers to its proposal.
                await #expect(throws: (any Error).self) {
                    try await database.write { db in
                        try await db.raw("UPDATE interface_translations SET change_id = 999999").run()
                    }
                }
                await database.close()
            } catch {
                await database.close()
                throw error
            }
        }
    }
}
