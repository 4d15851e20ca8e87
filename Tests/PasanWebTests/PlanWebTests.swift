import Foundation
import Hummingbird
import HummingbirdTesting
import PasanDomain
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// Plans on the web (issue 13), over the demo's 9th and 8th NSEDP: the pages in both languages,
/// values flowing over "same" links both ways, own values, target revisions, mainstreaming
/// decisions, the plan file's refusals and round trip, a plan's reporting cycle, and who may do
/// what.
@Suite struct PlanWebTests {
    static func session(_ database: Database, _ email: String) async throws -> TestSession {
        let account = try #require(try await AccountRepository(database: database).account(email: email))
        return try await TestSession.open(database, userID: account.id)
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    /// A plan indicator of the plans API, by code.
    static func indicator(_ client: any TestClientProtocol, _ plan: String, _ code: String) async throws -> [String: Any] {
        let list = try json(try await client.execute(uri: "/api/v1/plans/\(plan)/indicators", method: .get))
        let items = try #require(list["data"] as? [[String: Any]])
        return try #require(items.first { $0["code"] as? String == code })
    }

    /// (year, value, origin) of a plan indicator's values.
    static func values(_ item: [String: Any]) -> [(Int, Double, String)] {
        ((item["values"] as? [[String: Any]]) ?? []).compactMap { v in
            guard let year = v["year"] as? Int, let value = v["value"] as? Double, let origin = v["origin"] as? String else { return nil }
            return (year, value, origin)
        }
    }

    /// The published national totals of an SDG series, by period.
    static func published(_ client: any TestClientProtocol, _ indicator: String, _ series: String) async throws -> [String: Double] {
        let data = try json(try await client.execute(uri: "/api/v1/indicators/\(indicator)/data", method: .get))
        var out: [String: Double] = [:]
        for o in (data["data"] as? [[String: Any]]) ?? []
        where o["series"] as? String == series && o["area"] as? String == "LA" && ((o["dimensions"] as? [String: Any]) ?? [:]).isEmpty {
            out[o["period"] as? String ?? ""] = o["value"] as? Double
        }
        return out
    }

    @Test(arguments: Backend.all)
    func pagesInBothLanguages(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let nsedp9 = try #require(state.catalog.plans.first { $0.code == "nsedp9" })
            let outcome = try #require(state.catalog.planResults.first { $0.plan == "nsedp9" && $0.code == "1" })
            for l in ["en", "lo"] {
                let name = l == "en" ? nsedp9.name.en : try #require(nsedp9.name.lo)
                let title = l == "en" ? outcome.title.en : try #require(outcome.title.lo)
                for (path, expected) in [
                    ("/\(l)/plans", name), ("/\(l)/plans/nsedp9", title), ("/\(l)/plans/nsedp9/results/3.5", "D3.4"),
                    ("/\(l)/plans/nsedp9/indicators/D3.4", "_L_LA_180101_00"), ("/\(l)/plans/nsedp9/harmonisation", "18.3.1"),
                    ("/\(l)/plans/nsedp9/compare/nsedp8", "E2.4"), ("/\(l)/plans/nsedp9/report/2023", title),
                    ("/\(l)/indicators/18.1.1", "/\(l)/plans/nsedp9/indicators/D3.4"),
                ] {
                    let response = try await client.execute(uri: path, method: .get)
                    #expect(response.status == .ok, "\(path)")
                    #expect(response.text.contains(expected), "\(path) lacks \(expected)")
                    #expect(response.text.contains("lang=\"\(l)\""), "\(path)")
                }
            }
            // The report in Lao is in Lao: its outcome titles and the catalogue's words, not English.
            let lo = try await client.execute(uri: "/lo/plans/nsedp9/report/2023", method: .get).text
            #expect(!lo.contains(outcome.title.en))
            #expect(lo.contains(ProgressStatus.notAvailable.title.text(in: .lo)))
            for path in [
                "/en/plans/nope", "/en/plans/nsedp9/indicators/NOPE", "/en/plans/nsedp9/results/9.9", "/en/plans/nsedp9/compare/nsedp9",
            ] {
                #expect(try await client.execute(uri: path, method: .get).status == .notFound, "\(path)")
            }
        }
    }

    @Test(arguments: Backend.all)
    func valuesFlowOverSameLinksBothWays(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            // SDG → plan: the values LSB published for 18.1.1's series are D3.4's.
            let before = try await Self.indicator(client, "nsedp9", "D3.4")
            #expect(Self.values(before).contains { $0 == (2020, 33, "sdg") })
            #expect(!Self.values(before).contains { $0.2 == "plan" })
            // Plan → SDG: a value recorded for D3.4 is published for the series, with its history.
            let planner = try await Self.session(state.database, "planner.mpi@pasan.demo")
            let path = "/en/plans/nsedp9/indicators/D3.4/values"
            let saved = try await post(
                client,
                path,
                session: planner,
                fields: ["year": "2023", "value": "19", "source": "NRA annual report 2023", "reason": "Reported at the annual review"]
            )
            #expect(saved.status == .seeOther)
            let published = try await Self.published(client, "18.1.1", "_L_LA_180101_00")
            #expect(published["2023"] == 19)
            #expect(published["2020"] == 33)
            #expect(Self.values(try await Self.indicator(client, "nsedp9", "D3.4")).contains { $0 == (2023, 19, "sdg") })
            // A correction is a new revision; the earlier value stays in the series' history.
            _ = try await post(client, path, session: planner, fields: ["year": "2023", "value": "21", "reason": "Corrected by NRA"])
            #expect(try await Self.published(client, "18.1.1", "_L_LA_180101_00")["2023"] == 21)
            let history = try await state.database.read { db in
                try await db.select().column("old_value").from("observation_history")
                    .where("series", .equal, "_L_LA_180101_00").where("period", .equal, "2023").all()
            }
            #expect(history.count >= 2)
            // An indicator with no "same" link keeps its own values; the SDG data does not change.
            let own = try await post(
                client,
                "/en/plans/nsedp9/indicators/D2.2/values",
                session: planner,
                fields: ["year": "2024", "value": "25000", "reason": "TVET census"]
            )
            #expect(own.status == .seeOther)
            #expect(Self.values(try await Self.indicator(client, "nsedp9", "D2.2")).contains { $0 == (2024, 25000, "plan") })
            // Refused: no reason, a year that is no year; a viewer may not; nothing is written.
            let refused = try await post(client, path, session: planner, fields: ["year": "2024", "value": "7"])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains(Message("plans_web.form.reason").text(in: .en)))
            #expect(
                try await post(client, path, session: planner, fields: ["year": "20x4", "value": "7", "reason": "r"]).status == .badRequest
            )
            let viewer = try await Self.session(state.database, "viewer@pasan.demo")
            #expect(
                try await post(client, path, session: viewer, fields: ["year": "2024", "value": "7", "reason": "r"]).status == .forbidden
            )
            #expect(try await Self.published(client, "18.1.1", "_L_LA_180101_00")["2024"] == nil)
        }
    }

    @Test(arguments: Backend.all)
    func aRevisedTargetKeepsTheOriginalVisible(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let officer = try await Self.session(state.database, "officer@pasan.demo")
            let path = "/en/plans/nsedp9/indicators/D3.4/targets"
            let revised = try await post(
                client,
                path,
                session: officer,
                fields: ["year": "2025", "kind": "end-of-plan", "value": "15", "reason": "Mid-term review raised the ambition"]
            )
            #expect(revised.status == .seeOther)
            let page = try await client.execute(uri: "/en/plans/nsedp9/indicators/D3.4", method: .get).text
            #expect(page.contains("<del>20</del>"))
            #expect(page.contains("Mid-term review raised the ambition"))
            let item = try await Self.indicator(client, "nsedp9", "D3.4")
            let targets = try #require(item["targets"] as? [[String: Any]])
            #expect(
                targets.contains { $0["year"] as? Int == 2025 && $0["value"] as? Double == 15 && $0["kind"] as? String == "end-of-plan" }
            )
            // Outside the plan's years, or an end-of-plan target in another year: refused.
            for fields in [
                ["year": "2031", "kind": "annual", "value": "1", "reason": "r"],
                ["year": "2024", "kind": "end-of-plan", "value": "1", "reason": "r"],
                ["year": "2019", "kind": "milestone", "value": "1", "reason": "r"],
            ] {
                #expect(try await post(client, path, session: officer, fields: fields).status == .badRequest, "\(fields)")
            }
            let history = try await PlanRepository(database: state.database).targetHistory(plan: "nsedp9", indicator: "D3.4")
            #expect(history.filter { $0.target.year == 2025 }.map(\.target.value) == [20, 15])
        }
    }

    /// The indicator's own form is its row of the plan file: the same rules, the same save.
    @Test(arguments: Backend.all)
    func anIndicatorIsEditedByTheRulesOfThePlanFile(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let planner = try await Self.session(state.database, "planner.mpi@pasan.demo")
            let document = try #require(state.catalog.planDocument("nsedp9"))
            let indicator = try #require(document.indicators.first { $0.code == "D2.2" })
            var fields = PlanRendering.row(of: indicator, in: document).filter { PlanRendering.editableColumns.contains($0.key) }
            #expect(fields["baseline_value"] == "20000" && ["", "none"].contains(fields["sdg_links"] ?? "?"))
            fields["form"] = "indicator"
            fields["reason"] = "Linked to SDG 4 at the TWG"
            let path = "/en/plans/nsedp9/indicators/D2.2/edit"
            var bad = fields
            bad["sdg_links"] = "99.9.9:same"
            let refused = try await post(client, path, session: planner, fields: bad)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("sdg_links: 99.9.9 is not an SDG indicator"))
            #expect(refused.text.contains("value=\"99.9.9:same\""))  // the form keeps what was sent
            var good = fields
            good["title_en"] = "Graduates of TVET institutions (demo)"
            good["sdg_links"] = "4.3.1:adapted"
            #expect(try await post(client, path, session: planner, fields: good).status == .seeOther)
            let item = try await Self.indicator(client, "nsedp9", "D2.2")
            #expect((item["title"] as? [String: Any])?["en"] as? String == "Graduates of TVET institutions (demo)")
            let links = try #require(item["sdg_links"] as? [[String: Any]])
            #expect(links.count == 1 && links[0]["indicator"] as? String == "4.3.1" && links[0]["relation"] as? String == "adapted")
            // What the form did not change is kept: the baseline, the targets, the values.
            #expect((item["baseline"] as? [String: Any])?["value"] as? Double == 20000)
            #expect(((item["targets"] as? [Any]) ?? []).count == indicator.targets.count)
            #expect(!Self.values(item).isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func mainstreamingDecisionsAreRecordedWithTheirHistory(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let planner = try await Self.session(state.database, "planner.mpi@pasan.demo")
            let path = "/en/plans/nsedp9/mainstreaming"
            #expect(
                try await post(
                    client,
                    path,
                    session: planner,
                    fields: ["sdg_indicator": "18.3.1", "choice": "later", "reason": "No survey before 2026"]
                ).status == .seeOther
            )
            #expect(
                try await post(
                    client,
                    path,
                    session: planner,
                    fields: ["sdg_indicator": "18.3.1", "choice": "now", "reason": "NRA can report it from IMSMA"]
                ).status == .seeOther
            )
            let page = try await client.execute(uri: "/en/plans/nsedp9/harmonisation", method: .get).text
            #expect(page.contains("NRA can report it from IMSMA"))
            #expect(page.contains("No survey before 2026"))  // the earlier decision, in its history
            let decisions = try await PlanRepository(database: state.database).decisions(plan: "nsedp9")
            #expect(decisions.map(\.choice) == [.now])
            #expect(try await PlanRepository(database: state.database).decisionHistory(plan: "nsedp9", sdgIndicator: "18.3.1").count == 2)
            // Refused: no reason, an unknown indicator, an unknown choice.
            for fields in [
                ["sdg_indicator": "18.3.1", "choice": "now"], ["sdg_indicator": "99.9.9", "choice": "now", "reason": "r"],
                ["sdg_indicator": "18.3.1", "choice": "maybe", "reason": "r"],
            ] {
                #expect(try await post(client, path, session: planner, fields: fields).status == .badRequest, "\(fields)")
            }
            let owner = try await Self.session(state.database, "moh.owner@pasan.demo")
            #expect(
                try await post(client, path, session: owner, fields: ["sdg_indicator": "18.3.1", "choice": "now", "reason": "r"]).status
                    == .forbidden
            )
        }
    }

    static let header =
        "level,code,parent,title_en,title_lo,start_year,end_year,kind,status,institution,unit,direction,baseline_year,baseline_value,targets,responsible,sdg_links,year,value\n"

    @Test(arguments: Backend.all)
    func aFaultyPlanFileIsRefusedWholeWithEveryProblem(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let officer = try await Self.session(state.database, "officer@pasan.demo")
            let file =
                Self.header
                    + """
                    plan,moh-hsdp9,,Health Sector Development Plan 2021–2025,,2021,2025,sector,adopted,MOH,,,,,,,,,
                    outcome,1,,Better health,,,,,,,,,,,,,,,
                    output,1.1,1.2,Services,,,,,,,,,,,,,,,
                    output,1.2,1.1,Workforce,,,,,,,,,,,,,,,
                    indicator,H1,1,Unknown code,,,,,,,PT,increase,2020,50,2025=60:end-of-plan,MOH,99.9.9:same,,
                    indicator,H2,1,Target out of the plan,,,,,,,PT,increase,2020,50,2030=60:annual,MOH,,,
                    indicator,H3,1,Baseline after target,,,,,,,PT,increase,2024,50,2023=60:annual,MOH,,,
                    indicator,H4,1,Two units,,,,,,,PT,increase,2020,50,,MOH,3.2.1/SH_DYN_MORTN:same;3.1.2/SH_STA_BRTC:same,,

                    """
            let refused = try await ImportWebTests.upload(
                client,
                "/en/admin/plans/import",
                session: officer,
                file: Data(file.utf8),
                fileName: "hsdp.csv"
            )
            #expect(refused.status == .unprocessableContent)
            let text = refused.text
            for line in 4...9 { #expect(text.contains("hsdp.csv:\(line)"), "line \(line) is not listed") }
            for column in ["sdg_links", "targets", "baseline_year", "parent"] { #expect(text.contains(column), "\(column)") }
            // Nothing of the file was written.
            #expect(try await client.execute(uri: "/api/v1/plans/moh-hsdp9", method: .get).status == .notFound)
            #expect(try await PlanRepository(database: state.database).document("moh-hsdp9") == nil)
            // The same plan without its faults is imported, and is a sector plan of MOH.
            let good =
                Self.header
                    + """
                    plan,moh-hsdp9,,Health Sector Development Plan 2021–2025,,2021,2025,sector,adopted,MOH,,,,,,,,,
                    outcome,1,,Better health,,,,,,,,,,,,,,,
                    output,1.1,1,Services,,,,,,,,,,,,,,,
                    indicator,H1,1.1,Births attended by skilled personnel,,,,,,,PT,increase,2020,64,2023=70;2025=80:end-of-plan,MOH,3.1.2:same,,

                    """
            let accepted = try await ImportWebTests.upload(
                client,
                "/en/admin/plans/import",
                session: officer,
                file: Data(good.utf8),
                fileName: "hsdp.csv"
            )
            #expect(accepted.status == .ok)
            let plan = try Self.json(try await client.execute(uri: "/api/v1/plans/moh-hsdp9", method: .get))
            let data = try #require(plan["data"] as? [String: Any])
            #expect(data["kind"] as? String == "sector" && data["institution"] as? String == "MOH")
            // A planning officer may import; an owner focal point may not.
            let owner = try await Self.session(state.database, "moh.owner@pasan.demo")
            #expect(
                try await ImportWebTests.upload(
                    client,
                    "/en/admin/plans/import",
                    session: owner,
                    file: Data(good.utf8),
                    fileName: "hsdp.csv"
                )
                .status == .forbidden
            )
        }
    }

    @Test(arguments: Backend.all)
    func thePlanFileGoesOutAndComesBackUnchanged(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let planner = try await Self.session(state.database, "planner.mpi@pasan.demo")
            let published = try await Self.published(client, "18.1.1", "_L_LA_180101_00")
            for file in ["plan.csv", "plan.xlsx"] {
                let export = try await client.execute(uri: "/en/plans/nsedp9/\(file)", method: .get)
                #expect(export.status == .ok)
                let before = try await PlanRepository(database: state.database).document("nsedp9")
                let back = try await ImportWebTests.upload(
                    client,
                    "/en/admin/plans/import",
                    session: planner,
                    file: Data(buffer: export.body),
                    fileName: "nsedp9-\(file)"
                )
                #expect(back.status == .ok, "\(file): \(back.text.prefix(300))")
                #expect(try await PlanRepository(database: state.database).document("nsedp9") == before, "\(file)")
            }
            // The SDG values a "same" indicator takes were not republished as the plan's.
            #expect(try await Self.published(client, "18.1.1", "_L_LA_180101_00") == published)
            let datasets = try await state.database.read { db in
                try await db.select().column("dataset").from("observations").where("series", .equal, "_L_LA_180101_00").all()
                    .map { try $0.decode(column: "dataset", as: String.self) }
            }
            #expect(!datasets.contains { $0.hasPrefix("plan:") })
        }
    }

    @Test(arguments: Backend.all)
    func aPlansReportingCycleAsksForItsLinkedIndicators(backend: Backend) async throws {
        try await withPortal(backend) { client, state in
            let officer = try await Self.session(state.database, "officer@pasan.demo")
            let response = try await post(
                client,
                "/en/admin/plans/nsedp9/cycle",
                session: officer,
                fields: [
                    "name_en": "9th NSEDP annual review 2024", "years": "2023", "request_date": "2027-01-05",
                    "owner_deadline": "2027-02-15", "reporter_deadline": "2027-03-01", "statistics_deadline": "2027-03-15",
                    "approval_deadline": "2027-03-31", "publication_date": "2027-04-15",
                ]
            )
            #expect(response.status == .seeOther)
            let cycle = try #require(try await CycleRepository(database: state.database).all().first { $0.plan == "nsedp9" })
            #expect(cycle.indicators.contains("18.1.1") && cycle.indicators.contains("3.1.2"))
            #expect(!cycle.indicators.contains("18.3.1"))
            #expect(cycle.status == .draft)
            // A planning officer edits plans but does not run cycles.
            let planner = try await Self.session(state.database, "planner.mpi@pasan.demo")
            #expect(try await post(client, "/en/admin/plans/nsedp9/cycle", session: planner, fields: [:]).status == .forbidden)
        }
    }
}
