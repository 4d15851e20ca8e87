import ArgumentParser
import Foundation
import PasanDomain
import PasanStorage
import SQLKit

/// Issue 14's speed (for scripts/bench): a national chain (villages → districts → provinces →
/// the centre, three forms of four fields: sum, sum, weighted average, max) with 9,000 village
/// submissions, every district and province forwarded. Times the chain compiled up to the centre
/// from the database (what every chain page reads: compiled on read), and one village's
/// resubmission followed by the recompiled centre.
struct BenchChains: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-chains",
        abstract: "Time 9,000 village submissions compiled up to the centre (for scripts/bench).",
        shouldDisplay: false
    )

    @Option(help: "Compilations to time.")
    var runs = 5

    @Option(help: "Village submissions in the fixture.")
    var villages = 9000

    @OptionGroup var database: DatabaseOptions

    static func text(_ en: String) -> LocalizedText { LocalizedText(en: en, lo: nil, loStatus: .machine) }

    static let forms = ["ECE", "PRI", "SEC"].map { code in
        ChainForm(
            code: code,
            title: text("Form \(code)"),
            fields: [
                ChainField(code: "ENR", title: text("Enrolled")),
                ChainField(code: "GIRLS", title: text("Girls enrolled")),
                ChainField(code: "RATE", title: text("Completion rate"), aggregation: .weightedAverage(denominator: "ENR")),
                ChainField(code: "SIZE", title: text("Largest class"), aggregation: .max),
            ]
        )
    }

    func run() async throws {
        try await withDatabase(database, logger: makeLogger()) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let repository = ChainRepository(database: db)
            let chain = ReportingChain(
                owner: "MOES",
                title: Self.text("bench-chains fixture"),
                year: 2026,
                forms: Self.forms,
                levels: [
                    ChainLevel(level: .village, deadline: LocalDate(year: 2026, month: 10, day: 15)!),
                    ChainLevel(level: .district, deadline: LocalDate(year: 2026, month: 11, day: 15)!),
                    ChainLevel(level: .province, deadline: LocalDate(year: 2026, month: 12, day: 15)!),
                ],
                isIllustrative: true
            )
            let id = try await repository.create(chain, actor: "bench-chains")
            let villageCodes = try await db.read { sql in
                try await sql.raw("SELECT code FROM areas WHERE level = 'village' ORDER BY code").all()
                    .map { try $0.decode(column: "code", as: String.self) }
            }
            let chosen = Array(villageCodes.prefix(villages))
            let upper = Set(chosen.map { String($0.prefix(4)) }).union(chosen.map { String($0.prefix(2)) })
            let fill = ContinuousClock.now
            try await db.write { sql in
                let at = Timestamp.now()
                var submissions: [[any SQLExpression]] = []
                var values: [[any SQLExpression]] = []
                for (n, area) in chosen.enumerated() {
                    for form in Self.forms {
                        submissions.append([
                            SQLBind(id), SQLBind(area), SQLBind(form.code), SQLBind("submitted"), SQLBind(1), SQLBind("bench"), SQLBind(at),
                        ])
                        let enrolled = Double(20 + n % 180)
                        for (field, value) in [
                            ("ENR", enrolled), ("GIRLS", (enrolled / 2).rounded()), ("RATE", Double(50 + n % 50)),
                            ("SIZE", Double(15 + n % 40)),
                        ] {
                            values.append([SQLBind(id), SQLBind(area), SQLBind(form.code), SQLBind(field), SQLBind(value)])
                        }
                    }
                }
                for area in upper.sorted() {
                    for form in Self.forms {
                        submissions.append([
                            SQLBind(id), SQLBind(area), SQLBind(form.code), SQLBind("submitted"), SQLBind(1), SQLBind("bench"), SQLBind(at),
                        ])
                    }
                }
                for chunk in stride(from: 0, to: submissions.count, by: 2000) {
                    var insert = sql.insert(into: "chain_submissions").columns(
                        "chain_id",
                        "area_code",
                        "form_code",
                        "state",
                        "revision",
                        "updated_by",
                        "updated_at"
                    )
                    for row in submissions[chunk..<min(chunk + 2000, submissions.count)] { insert = insert.values(row) }
                    try await insert.run()
                }
                for chunk in stride(from: 0, to: values.count, by: 2000) {
                    var insert = sql.insert(into: "chain_values").columns("chain_id", "area_code", "form_code", "field_code", "value")
                    for row in values[chunk..<min(chunk + 2000, values.count)] { insert = insert.values(row) }
                    try await insert.run()
                }
            }
            say(
                "fixture: \(chosen.count) village submissions × \(Self.forms.count) forms × 4 fields written in \(ContinuousClock.now - fill)"
            )
            var national = 0.0
            let compile = try await time(runs) {
                national = try await repository.status(of: id)?.compiled.national["PRI"]?["ENR"] ?? 0
            }
            say("chain compiled up to the centre (uncached, from the database): \(compile)")
            say("national PRI enrolment: \(Int(national))")
            let resubmit = try await time(runs) {
                try await repository.take(
                    .submit,
                    chain: id,
                    area: chosen[0],
                    form: "PRI",
                    values: ["ENR": 25, "GIRLS": 12, "RATE": 80, "SIZE": 30],
                    as: .unit,
                    actor: "bench"
                )
                national = try await repository.status(of: id)?.compiled.national["PRI"]?["ENR"] ?? 0
            }
            say("one village resubmits, centre recompiled: \(resubmit)")
            try await db.write { sql in try await sql.raw("DELETE FROM chains WHERE id = \(bind: id)").run() }
        }
    }
}

/// Times `body` `runs` times (after a warm-up): "median … min … max … s".
private func time(_ runs: Int, _ body: () async throws -> Void) async throws -> String {
    try await body()
    var seconds: [Double] = []
    for _ in 0..<max(runs, 1) {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    seconds.sort()
    return
        "median \(String(format: "%.3f", seconds[seconds.count / 2])) min \(String(format: "%.3f", seconds[0])) max \(String(format: "%.3f", seconds[seconds.count - 1])) s"
}
