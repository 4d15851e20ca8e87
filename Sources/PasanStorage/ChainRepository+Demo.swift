import PasanDomain
import PasanReferenceData
import SQLKit

/// The demo's reporting chains (illustrative, `is_illustrative`): MOES's school census for
/// Vientiane Capital (`01`) — villages to their district by 15 October, districts to the province
/// by 15 November, the province to the centre by 15 December — on three forms, with villages that
/// sent, one returned with a comment, districts that forwarded and units that are late; and a
/// small LWU chapter chain (village, district and provincial chapters). Every number is invented.
extension ChainRepository {
    static let demoMarker = "demo_chains_v14"
    static let demoActor = "pasan --demo"

    /// The demo's Lao titles, by English title (`demo/chain_texts.csv`: no Lao text in Swift).
    static let demoLao: [String: String] = {
        let directory = DemoDataLoader.bundled.directory
        guard let table = try? CSVTable(contentsOf: directory.appendingPathComponent("demo/chain_texts.csv"), file: "demo/chain_texts.csv"),
            let en = table.header.firstIndex(of: "en"), let lo = table.header.firstIndex(of: "lo")
        else { return [:] }
        var texts: [String: String] = [:]
        for record in table.records where record.fields.count > max(en, lo) { texts[record.fields[en]] = record.fields[lo] }
        return texts
    }()

    static func text(_ en: String) -> LocalizedText {
        LocalizedText(en: en, lo: demoLao[en], loStatus: demoLao[en] == nil ? .machine : .unreviewed)
    }

    static func day(_ month: Int, _ day: Int) -> LocalDate { LocalDate(year: 2026, month: month, day: day)! }

    static var demoSchoolCensus: ReportingChain {
        func form(_ code: String, _ en: String) -> ChainForm {
            ChainForm(
                code: code,
                title: text(en),
                fields: [
                    ChainField(code: "ENR", title: text("Children enrolled")),
                    ChainField(code: "GIRLS", title: text("Girls enrolled")),
                    ChainField(
                        code: "ATT",
                        title: text("Attendance rate (%)"),
                        aggregation: .weightedAverage(denominator: "ENR")
                    ),
                    ChainField(code: "SIZE", title: text("Largest class"), aggregation: .max),
                ]
            )
        }
        return ReportingChain(
            owner: "MOES",
            title: text("School census 2026–27, Vientiane Capital (demo)"),
            year: 2026,
            forms: [
                form("ECE", "Early childhood education"),
                form("PRI", "Primary"),
                form("SEC", "Secondary"),
            ],
            levels: [
                ChainLevel(level: .village, deadline: day(10, 15)),
                ChainLevel(level: .district, deadline: day(11, 15)),
                ChainLevel(level: .province, deadline: day(12, 15)),
            ],
            scope: "01",
            isIllustrative: true
        )
    }

    static var demoLWUChapters: ReportingChain {
        ReportingChain(
            owner: "LWU",
            title: text("LWU chapters' gender data 2026, Vientiane Capital (demo)"),
            year: 2026,
            forms: [
                ChainForm(
                    code: "GEN",
                    title: text("Chapter report"),
                    fields: [
                        ChainField(code: "MEMBERS", title: text("Women members")),
                        ChainField(code: "HEADS", title: text("Women village heads or deputies")),
                    ]
                )
            ],
            levels: [
                ChainLevel(level: .village, deadline: day(9, 30)),
                ChainLevel(level: .district, deadline: day(10, 31)),
                ChainLevel(level: .province, deadline: day(11, 30)),
            ],
            scope: "01",
            isIllustrative: true
        )
    }

    /// Seeds the demo chains once (marker `demo_chains_v14`), through the same path as every step.
    @discardableResult
    public func seedDemoIfAbsent() async throws -> Bool {
        let at = Timestamp.string(from: database.clock.now())
        return try await database.write { db in
            if try await ReferenceDataSeeder.marker(Self.demoMarker, in: db) != nil { return false }
            try await Self.seedSchoolCensus(db, at: at)
            try await Self.seedLWU(db, at: at)
            try await ReferenceDataSeeder.setMarker(Self.demoMarker, value: "demo (illustrative)", in: db)
            return true
        }
    }

    static func villages(_ db: any SQLDatabase, under code: String) async throws -> [String] {
        try await db.select().column("code").from("areas").where("level", .equal, "village").where("code", .like, code + "%")
            .orderBy("code").all().map { try $0.string("code") }
    }

    static func seedSchoolCensus(_ db: any SQLDatabase, at: String) async throws {
        var chain = demoSchoolCensus
        chain.id = try await insert(chain, actor: demoActor, at: at, into: db)
        // Chanthabuly (0101) and Sikhottabong (0102): most villages sent; Xaysetha (0103): a few;
        // the other districts: none yet (late).
        let districts: [(String, Int)] = [("0101", 90), ("0102", 80), ("0103", 25)]
        var returned = false
        for (district, percent) in districts {
            let villages = try await villages(db, under: district)
            for (n, village) in villages.enumerated() where (n * 37) % 100 < percent {
                for (f, form) in chain.forms.enumerated() {
                    let enrolled = Double(20 + (n * 7 + f * 13) % 60 + (f == 1 ? 40 : 0))
                    let values: ChainFormValues = [
                        "ENR": enrolled, "GIRLS": (enrolled * 0.48).rounded(), "ATT": Double(80 + (n + f) % 18),
                        "SIZE": Double(25 + (n * 3 + f) % 20),
                    ]
                    _ = try await take(
                        db,
                        .submit,
                        chain: chain,
                        area: village,
                        form: form.code,
                        values: values,
                        comment: nil,
                        as: .unit,
                        actor: demoActor,
                        at: at
                    )
                    if district == "0101" && n % 4 == 0 {
                        _ = try await take(
                            db,
                            .accept,
                            chain: chain,
                            area: village,
                            form: form.code,
                            values: nil,
                            comment: nil,
                            as: .above,
                            actor: demoActor,
                            at: at
                        )
                    }
                }
                if !returned && district == "0102" {
                    returned = true
                    _ = try await take(
                        db,
                        .return,
                        chain: chain,
                        area: village,
                        form: "PRI",
                        values: nil,
                        comment: "Girls enrolled is more than children enrolled: please count again (demo).",
                        as: .above,
                        actor: demoActor,
                        at: at
                    )
                }
            }
        }
        // Chanthabuly forwarded its compiled values by its deadline; the others are late.
        let status = try await Self.status(db, chain: chain, today: LocalDate(year: 2026, month: 11, day: 10)!)
        for form in chain.forms {
            _ = try await take(
                db,
                .submit,
                chain: chain,
                area: "0101",
                form: form.code,
                values: status.compiled.values(of: "0101")[form.code] ?? [:],
                comment: nil,
                as: .unit,
                actor: demoActor,
                at: at
            )
        }
    }

    static func seedLWU(_ db: any SQLDatabase, at: String) async throws {
        var chain = demoLWUChapters
        chain.id = try await insert(chain, actor: demoActor, at: at, into: db)
        for (n, village) in try await villages(db, under: "0101").enumerated() where n % 3 == 0 {
            _ = try await take(
                db,
                .submit,
                chain: chain,
                area: village,
                form: "GEN",
                values: ["MEMBERS": Double(30 + (n * 11) % 70), "HEADS": Double(n % 2)],
                comment: nil,
                as: .unit,
                actor: demoActor,
                at: at
            )
        }
    }
}
