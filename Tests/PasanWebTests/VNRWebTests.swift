import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// Issue 17, item 5: the Secretariat starts a Voluntary National Review and changes its goals
/// (refusals named, nothing half-written); the statistical annex is public, in both languages,
/// as a page and as a DOCX that python-docx reads and LibreOffice converts to PDF.
///
/// The peer checks run when the tools are there (`scripts/test` sets them up) and are skipped
/// otherwise: `PASAN_TEST_PYTHON` (a python with python-docx), LibreOffice's `soffice`.
@Suite struct VNRWebTests {
    static let peerScript = PeerTools.root.appendingPathComponent("tests/exchange/docx_peer.py")

    @Test(arguments: Backend.all)
    func theSecretariatStartsAReviewAndChangesItsGoals(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let accounts = AccountRepository(database: database)
            let officer = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "officer@pasan.demo")).id
            )
            let owner = try await TestSession.open(
                database,
                userID: try #require(try await accounts.account(email: "moh.owner@pasan.demo")).id
            )
            let repository = VNRRepository(database: database)
            try await app.test(.router) { client in
                // No goal ticked: the HLPF's goals of 2025 (3, 5, 8, 14, 17), none with data in the demo.
                let none = try await post(client, "/en/vnr", session: officer, fields: ["year": "2025"])
                #expect(none.status == .badRequest)
                #expect(String(buffer: none.body).contains("None of the goals chosen (3, 5, 8, 14, 17) has any published data"))
                let outside = try await post(client, "/lo/vnr", session: officer, fields: ["year": "2014", "goal-18": "on"])
                #expect(outside.status == .badRequest)
                #expect(String(buffer: outside.body).contains("ການທົບທວນແມ່ນສຳລັບປີ 2016 ຫາ 2030 ເທົ່ານັ້ນ, ບໍ່ແມ່ນ 2014."))
                #expect(try await repository.review(year: 2025) == nil)
                // Goals 5 and 18 (18 has data): started; a second start of the year is refused.
                let started = try await post(
                    client,
                    "/en/vnr",
                    session: officer,
                    fields: ["year": "2025", "goal-5": "on", "goal-18": "on"]
                )
                #expect(started.status == .seeOther && started.headers[.location] == "/en/vnr/2025")
                let again = try await post(client, "/en/vnr", session: officer, fields: ["year": "2025", "goal-18": "on"])
                #expect(String(buffer: again.body).contains("A Voluntary National Review for 2025 has been started already"))
                #expect(try await repository.review(year: 2025)?.goals == [5, 18])
                // A change needs its reason and the revision it started from.
                let noReason = try await post(
                    client,
                    "/en/vnr/2025/goals",
                    session: officer,
                    fields: ["revision": "1", "goal-3": "on", "goal-18": "on"]
                )
                #expect(noReason.status == .badRequest && String(buffer: noReason.body).contains("Say why the goals change"))
                let stale = try await post(
                    client,
                    "/en/vnr/2025/goals",
                    session: officer,
                    fields: ["revision": "0", "goal-3": "on", "goal-18": "on", "reason": "HLPF list"]
                )
                #expect(String(buffer: stale.body).contains("Someone changed the goals while you were editing them"))
                let changed = try await post(
                    client,
                    "/en/vnr/2025/goals",
                    session: officer,
                    fields: ["revision": "1", "goal-3": "on", "goal-18": "on", "reason": "Add Goal 3 (health) as the Cabinet asked"]
                )
                #expect(changed.status == .seeOther)
                let revisions = try await repository.revisions(year: 2025)
                #expect(revisions.map(\.revision) == [2, 1] && revisions[0].goals == [3, 18])
                #expect(revisions[0].reason == "Add Goal 3 (health) as the Cabinet asked" && revisions[1].goals == [5, 18])
                // Nobody else starts one; everyone reads it.
                #expect(try await post(client, "/en/vnr", session: owner, fields: ["year": "2027", "goal-18": "on"]).status == .forbidden)
                let page = String(buffer: try await get(client, "/en/vnr/2025", session: nil).body)
                #expect(page.contains("Statistical annex — Voluntary National Review 2025") && page.contains("id=\"i-3.1.1\""))
                #expect(!page.contains("Change the goals under review"))
                #expect(page.contains("Revision 2: goals 3, 18") && page.contains("Add Goal 3 (health) as the Cabinet asked"))
            }
        }
    }

    @Test(arguments: Backend.all)
    func theAnnexIsAPageAndADocumentThatSayTheSame(backend: Backend) async throws {
        try await TestDatabases.withSeeded(backend) { database in
            let state = try await PortalState.load(database: database, defaultLanguage: .lo)
            let app = try buildApplication(configuration: PortalConfiguration(), state: state, logger: TestDatabases.logger)
            let review = try #require(try await VNRRepository(database: database).review(year: 2026))
            let annex = try await VNRController(state: state).annex(review)
            // The demo review: the HLPF 2026 goals and Goal 18, whose values only the demo has.
            #expect(annex.review.goals == [6, 7, 9, 11, 17, 18])
            let uxo = try #require(annex.indicators.first { $0.code == "18.1.1" })
            #expect(!uxo.tables.isEmpty && uxo.tables.allSatisfy { $0.periods.allSatisfy { $0 >= "2015" } })
            #expect(annex.indicators.first { $0.code == "6.1.1" }?.gaps.first == .noData)
            try await app.test(.router) { client in
                let page = String(buffer: try await get(client, "/lo/vnr/2026", session: nil).body)
                #expect(page.contains("lang=\"lo\"") && page.contains("ບໍ່ມີຂໍ້ມູນ: ບໍ່ມີຫຍັງເຜີຍແຜ່ສຳລັບຕົວຊີ້ວັດນີ້."))
                #expect(try await get(client, "/en/vnr/2031", session: nil).status == .notFound)
                let response = try await get(client, "/lo/vnr/2026/annex.docx", session: nil)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
                let folder = try PeerTools.folder("vnr-annex")
                defer { try? FileManager.default.removeItem(at: folder) }
                let file = folder.appendingPathComponent("annex.docx")
                try Data(buffer: response.body).write(to: file)
                if let python = PeerTools.python {
                    try Self.checkWithPythonDocx(python, file, annex: annex)
                }
                if let soffice = PeerTools.soffice {
                    let profile = "-env:UserInstallation=file://\(folder.path)/profile"
                    _ = try PeerTools.run(
                        soffice,
                        [profile, "--headless", "--norestore", "--convert-to", "pdf", "--outdir", folder.path, file.path]
                    )
                    let pdf = try Data(contentsOf: folder.appendingPathComponent("annex.pdf"))
                    #expect(pdf.starts(with: Data("%PDF".utf8)))
                    // The Lao text is set in Noto Sans Lao (embedded under its name).
                    #expect(pdf.range(of: Data("NotoSansLao".utf8)) != nil)
                }
            }
        }
    }

    /// What python-docx reads: the title, landscape A4, the fonts, the overview and every
    /// indicator's summary row, and the values of 18.1.1's first series as the annex holds them.
    static func checkWithPythonDocx(_ python: String, _ file: URL, annex: StatisticalAnnex) throws {
        let json = try PeerTools.run(python, [peerScript.path, "dump", file.path])
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(seen["title"] as? String == "ເອກະສານຊ້ອນທ້າຍດ້ານສະຖິຕິ — ການທົບທວນລະດັບຊາດແບບສະໝັກໃຈ 2026")
        let sections = try #require(seen["sections"] as? [[String: Any]])
        #expect(sections.count == 1 && sections[0]["width_mm"] as? Int == 297 && sections[0]["height_mm"] as? Int == 210)
        #expect((seen["fonts"] as? [String: String])?["cs"] == "Noto Sans Lao")
        #expect((seen["languages"] as? [String: String])?["bidi"] == "lo-LA")
        let paragraphs = try #require(seen["paragraphs"] as? [[String: String]])
        #expect(
            paragraphs.filter { $0["style"] == "Heading 1" }.compactMap { $0["text"] }
                == annex.chapters.map { "ເປົ້າໝາຍ \($0.goal): \($0.title.lo ?? $0.title.en)" }
        )
        #expect(paragraphs.filter { $0["style"] == "Heading 2" }.count == annex.indicators.count)
        let tables = try #require(seen["tables"] as? [[[String]]])
        // The overview, then per chapter its summary and its indicators' series tables.
        #expect(tables.count == 1 + annex.chapters.count + annex.indicators.reduce(0) { $0 + $1.tables.count })
        #expect(tables[0].count == 1 + annex.chapters.count && tables[0].last?.last == "6 ໃນ 6")
        let summaries = tables.filter { $0.first?.first == "ຕົວຊີ້ວັດ" }
        #expect(summaries.map { $0.count - 1 } == annex.chapters.map(\.indicators.count))
        #expect(summaries[0][1][1] == "ບໍ່ມີຂໍ້ມູນ")
        let uxo = try #require(annex.indicators.first { $0.code == "18.1.1" }?.tables.first)
        let table = try #require(tables.first { $0.first == ["ການຈຳແນກ"] + uxo.periods })
        #expect(table.count == 1 + uxo.rows.count)
        let total = try #require(uxo.rows.first { $0.kind == .total })
        #expect(table[1] == ["ສປປ ລາວ, ລວມ"] + total.values.map { $0.map { Self.plain($0) } ?? "—" })
    }

    /// A value as the annex writes a whole number (the demo's casualty counts), grouped by thousands.
    static func plain(_ value: Double) -> String {
        let whole = Int(value)
        return whole >= 1000 ? String(whole / 1000) + "," + String(format: "%03d", whole % 1000) : String(whole)
    }
}
