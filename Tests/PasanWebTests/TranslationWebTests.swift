import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanMessages
import PasanStorage
import PasanTestSupport
import PasanViews
import Testing

@testable import PasanWeb

/// Issue 10: the translation review on both databases — the queue, a proposal, four eyes, the
/// portal showing the approved text without the machine-translation marker, and the PO round
/// trip through `msgfmt --check`.
@Suite struct TranslationWebTests {
    static func translators(_ database: Database) async throws -> (UserAccount, UserAccount) {
        let accounts = AccountRepository(database: database, passwordCost: .fastForTests)
        let first = try await accounts.createUser(
            email: "noy@lsb.example.la",
            name: "Noy",
            password: "a long enough password",
            grants: [RoleGrant(role: .translator)],
            change: .commandLine
        )
        let second = try await accounts.createUser(
            email: "kham@lsb.example.la",
            name: "Kham",
            password: "a long enough password",
            grants: [RoleGrant(role: .translator)],
            change: .commandLine
        )
        return (first, second)
    }

    /// The page's `<h1>`: the indicator's code and title with its mark, if any.
    static func heading(_ page: String) -> String {
        guard let start = page.range(of: "<h1"), let end = page.range(of: "</h1>", range: start.upperBound..<page.endIndex) else {
            return ""
        }
        return String(page[start.lowerBound..<end.upperBound])
    }

    static func context(_ account: UserAccount) -> ChangeContext {
        ChangeContext(actorID: account.id, actorName: account.email, address: nil)
    }

    @Test(arguments: Backend.all)
    func aProposalReachesThePortalOnlyAfterASecondTranslatorApproves(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let (noy, kham) = try await Self.translators(database)
            let noySession = try await TestSession.open(database, userID: noy.id)
            let khamSession = try await TestSession.open(database, userID: kham.id)
            let officer = try #require(try await AccountRepository(database: database).account(email: "officer@pasan.demo"))
            let officerSession = try await TestSession.open(database, userID: officer.id)
            let corrected = "ຈຳນວນຜູ້ເຄາະຮ້າຍຈາກລະເບີດບໍ່ທັນແຕກ ທີ່ໄດ້ຮັບການລາຍງານ (ທົດລອງ)"
            try await app.test(.router) { client in
                // Only translators see the queue.
                #expect(try await get(client, "/en/translations", session: officerSession).status == .forbidden)
                let queue = String(buffer: try await get(client, "/en/translations?kind=indicator&goal=18", session: noySession).body)
                #expect(queue.contains("18.1.1") && queue.contains("Number of reported UXO casualties"))
                // A text with markup or a lost placeholder is refused with the reason.
                let markup = try await post(client, "/en/translations/indicator/18.1.1", session: noySession, fields: ["lo": "<b>x</b>"])
                #expect(markup.status == .unprocessableContent)
                #expect(String(buffer: markup.body).contains("HTML markup"))
                // Noy proposes; the portal still shows the old text with its marker.
                let proposed = try await post(client, "/en/translations/indicator/18.1.1", session: noySession, fields: ["lo": corrected])
                #expect(proposed.status == .seeOther)
                var portal = String(buffer: try await client.execute(uri: "/lo/indicators/18.1.1", method: .get).body)
                #expect(!portal.contains(corrected))
                // Pasan's shipped correction is shown marked as not reviewed (not as a machine translation).
                let unreviewedMark = "title=\"ຂໍ້ຄວາມພາສາລາວ ທີ່ປະສານແກ້ໄຂ"
                #expect(Self.heading(portal).contains(unreviewedMark))
                // Noy cannot approve her own proposal (four eyes).
                let change = try #require(try await TranslationRepository(database: database).changes(state: .pending).first)
                let own = try await post(
                    client,
                    "/en/translations/review/\(change.id)",
                    session: noySession,
                    fields: ["decision": "approve"]
                )
                #expect(own.status == .conflict)
                #expect(String(buffer: own.body).contains("four eyes"))
                // Kham approves: the portal shows the text, reviewed, without the marker.
                let approved = try await post(
                    client,
                    "/en/translations/review/\(change.id)",
                    session: khamSession,
                    fields: ["decision": "approve"]
                )
                #expect(approved.status == .seeOther)
                portal = String(buffer: try await client.execute(uri: "/lo/indicators/18.1.1", method: .get).body)
                #expect(portal.contains(corrected))
                #expect(!Self.heading(portal).contains(unreviewedMark) && !Self.heading(portal).contains("mt-mark"))
                let title = try #require(state.catalog.indicator("18.1.1")?.title)
                #expect(title.lo == corrected && title.loStatus == .reviewed && !title.needsNotice(in: .lo))
                // The history keeps who proposed and who approved, before and after.
                let item = String(buffer: try await get(client, "/en/translations/indicator/18.1.1", session: noySession).body)
                #expect(item.contains("noy@lsb.example.la") && item.contains("Approved by kham@lsb.example.la"))
                let audit = try await AuditLog.entries(database, page: PageRequest(limit: 50, offset: nil)).items
                #expect(audit.contains { $0.action == "approve-translation" && $0.entityID == "indicator:18.1.1" })
            }
        }
    }

    @Test(arguments: Backend.all)
    func anEditedPOFileRoundTripsThroughReview(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let (noy, kham) = try await Self.translators(database)
            let repository = TranslationRepository(database: database)
            let key = "translations.queue.title"
            let po = try await repository.exportPO(catalogue: state.messages)
            let exported = po.serialized()
            try Self.msgfmtCheck(exported)
            #expect(exported.contains("msgctxt \"indicator:3.1.2\""))
            #expect(exported.contains("msgctxt \"\(key)\""))
            // A translator edits one interface entry in Weblate or Poedit and clears its fuzzy flag.
            var edited = try POFile.parse(exported, file: "lo.po")
            let index = try #require(edited.entries.firstIndex { $0.context == key })
            edited.entries[index].msgstr = ["ຄຳແປທີ່ຕ້ອງກວດ (ແກ້ໄຂ)"]
            edited.entries[index].flags = []
            let outcome = try await repository.importPO(
                Data(edited.serialized().utf8),
                file: "lo.po",
                catalogue: state.messages,
                change: Self.context(noy)
            )
            let pending = try await repository.changes(state: .pending).map { "\($0.item) \($0.laoBefore ?? "nil") -> \($0.laoAfter)" }
            #expect(outcome.proposed == 1, "\(pending)")
            // Not shown before a second reviewer approves.
            #expect(state.messages.text(Message(key), in: .lo) != "ຄຳແປທີ່ຕ້ອງກວດ (ແກ້ໄຂ)")
            let change = try #require(try await repository.changes(state: .pending).first)
            try await repository.approve(change.id, change: Self.context(kham))
            try await state.reload()
            let noySession = try await TestSession.open(database, userID: noy.id)
            try await app.test(.router) { client in
                let page = String(buffer: try await get(client, "/lo/translations", session: noySession).body)
                #expect(page.contains("ຄຳແປທີ່ຕ້ອງກວດ (ແກ້ໄຂ)"))
            }
            #expect(state.messages[key]?.isReviewed == true)
            // The next export carries the reviewed text without the fuzzy flag.
            let again = try POFile.parse(try await repository.exportPO(catalogue: state.messages).serialized(), file: "again.po")
            let entry = try #require(again.entries.first { $0.context == key })
            #expect(entry.msgstr == ["ຄຳແປທີ່ຕ້ອງກວດ (ແກ້ໄຂ)"] && !entry.isFuzzy)
        }
    }

    @Test(arguments: Backend.all)
    func aBrokenPOFileImportsNothingAndNamesEachLine(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let (noy, _) = try await Self.translators(database)
            let repository = TranslationRepository(database: database)
            var po = try await repository.exportPO(catalogue: state.messages, kinds: [.interface])
            let good = try #require(po.entries.firstIndex { $0.context == "translations.queue.title" })
            po.entries[good].msgstr = ["ຂໍ້ຄວາມໃໝ່"]
            let plural = try #require(po.entries.firstIndex { $0.context == "translations.queue.count" })
            po.entries[plural].msgstr = ["{count} ຂໍ້ຄວາມ", "{count} ຂໍ້ຄວາມ"]  // Lao has one plural form
            let placeholder = try #require(po.entries.firstIndex { $0.context == "translations.progress.goal" })
            po.entries[placeholder].msgstr = ["ເປົ້າໝາຍ"]  // {goal} lost
            po.entries.append(POEntry(context: "no.such.key", msgid: "Nothing", msgstr: ["ບໍ່ມີ"]))
            let text = po.serialized()
            do {
                _ = try await repository.importPO(Data(text.utf8), file: "lo.po", catalogue: state.messages, change: Self.context(noy))
                Issue.record("a broken file was imported")
            } catch let error as POProblems {
                let keys = Set(error.problems.map(\.message.key))
                #expect(keys.isSuperset(of: ["po.problem.pluralCount", "po.problem.placeholderMissing"]))
                #expect(error.problems.allSatisfy { $0.line > 1 && $0.file == "lo.po" })
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                for problem in error.problems {
                    // Each problem points at the entry's first keyword line.
                    #expect(lines[problem.line - 1].hasPrefix("msgctxt"))
                }
            }
            // The unknown key alone is refused too, with its line.
            var unknown = try await repository.exportPO(catalogue: state.messages, kinds: [.goal])
            unknown.entries.append(POEntry(context: "no.such.key", msgid: "Nothing", msgstr: ["ບໍ່ມີ"]))
            do {
                _ = try await repository.importPO(
                    Data(unknown.serialized().utf8),
                    file: "g.po",
                    catalogue: state.messages,
                    change: Self.context(noy)
                )
                Issue.record("an unknown key was imported")
            } catch let error as POProblems {
                #expect(error.problems.map(\.message.key) == ["po.problem.unknownKey"])
            }
            // Invalid UTF-8 is refused with its line.
            var bytes = Data("msgid \"\"\nmsgstr \"\"\n\"Language: lo\\n\"\n\nmsgctxt \"x\"\nmsgid \"y\"\n".utf8)
            bytes += Data([0x6D, 0x73, 0x67, 0x73, 0x74, 0x72, 0x20, 0x22, 0xFF, 0x22, 0x0A])
            do {
                _ = try await repository.importPO(bytes, file: "bad.po", catalogue: state.messages, change: Self.context(noy))
                Issue.record("invalid UTF-8 was imported")
            } catch let error as POProblems {
                #expect(error.problems.map(\.line) == [7])
            }
            #expect(try await repository.changes().isEmpty)
        }
    }

    /// Issue 11: the labels of codes an import brought are in the queue, readably named, and are
    /// proposed, approved and exported like every other text.
    @Test(arguments: Backend.all)
    func importedCodeLabelsAreReviewedInTheQueue(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let batches = ImportBatchRepository(database: database)
            let lsb = ChangeContext(actorID: nil, actorName: "lsb@pasan.demo", address: nil)
            let staged = try await batches.stage(
                source: .openSDG,
                name: "sdg-laos",
                fileName: "sdg-laos",
                actor: lsb,
                values: [],
                codeLabels: [
                    CodeLabel(codelist: "SEX", code: "F", language: .en, label: "Female"),
                    CodeLabel(codelist: "SEX", code: "F", language: .lo, label: "ຍິງ"),
                ]
            )
            try await batches.publish(batchID: staged.id, actor: lsb)
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let (noy, kham) = try await Self.translators(database)
            let noySession = try await TestSession.open(database, userID: noy.id)
            let khamSession = try await TestSession.open(database, userID: kham.id)
            let item = SitePath(language: .en, page: .translation(.codeLabel, "SEX@F")).path
            #expect(item == "/en/translations/code/SEX@F")
            try await app.test(.router) { client in
                let queue = String(buffer: try await get(client, "/en/translations?kind=code", session: noySession).body)
                #expect(queue.contains("<option value=\"code\" selected=\"selected\">Code label</option>"))
                #expect(queue.contains(">Code label SEX \u{00B7} F</a>"))
                #expect(queue.contains("Female") && queue.contains("ຍິງ") && queue.contains("Not reviewed"))
                #expect(!queue.contains("18.1.1"))
                let proposed = try await post(client, item, session: noySession, fields: ["lo": "ເພດຍິງ"])
                #expect(proposed.status == .seeOther)
                let page = String(buffer: try await get(client, item, session: noySession).body)
                #expect(page.contains("Code label SEX \u{00B7} F") && page.contains("ເພດຍິງ"))
                let review = String(buffer: try await get(client, "/en/translations/review", session: khamSession).body)
                #expect(review.contains(">Code label SEX \u{00B7} F</a>"))
                let change = try #require(try await TranslationRepository(database: database).changes(state: .pending).first)
                #expect(change.item == TranslationItem(kind: .codeLabel, key: "SEX@F"))
                let own = try await post(
                    client,
                    "/en/translations/review/\(change.id)",
                    session: noySession,
                    fields: ["decision": "approve"]
                )
                #expect(own.status == .conflict)
                let approved = try await post(
                    client,
                    "/en/translations/review/\(change.id)",
                    session: khamSession,
                    fields: ["decision": "approve"]
                )
                #expect(approved.status == .seeOther)
                let after = String(buffer: try await get(client, "/en/translations?kind=code", session: noySession).body)
                #expect(!after.contains("SEX \u{00B7} F"))
                let all = String(buffer: try await get(client, "/en/translations?kind=code&state=all", session: noySession).body)
                #expect(all.contains("SEX \u{00B7} F") && all.contains("ເພດຍິງ") && all.contains("Reviewed"))
            }
            #expect(try await CodeLabelRepository(database: database).labels(codelist: "SEX", language: .lo)["F"]?.status == .reviewed)
            // The whole export, code labels included, passes msgfmt.
            let exported = try await TranslationRepository(database: database).exportPO(catalogue: state.messages).serialized()
            #expect(exported.contains("msgctxt \"code:SEX@F\"\nmsgid \"Female\"\nmsgstr \"ເພດຍິງ\""))
            try Self.msgfmtCheck(exported)
        }
    }

    static func msgfmtCheck(_ text: String) throws {
        guard let msgfmt = ["/usr/bin/msgfmt", "/usr/local/bin/msgfmt"].first(where: FileManager.default.isExecutableFile) else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("msgfmt (Debian's gettext) is missing") }
            return
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pasan-export-\(UUID().uuidString).po")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: msgfmt)
        process.arguments = ["--check", "-o", "/dev/null", url.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "msgfmt --check refused the export: \(output.prefix(2000))")
    }
}
