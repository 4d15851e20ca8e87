import ArgumentParser
import Foundation
import PasanDomain
import PasanStorage
import PasanWeb
import SQLKit

/// Issue 13's speed (for scripts/bench): a plan of 300 indicators, 250 of them "same" as the SDG
/// series of the progress fixture (`bench-progress`: a million observations), 50 with values of
/// their own. Times its page and its M&E report rendered uncached from the database, and the
/// recomputation of SDG progress together with the plan's progress.
struct BenchPlans: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-plans",
        abstract: "Time a 300-indicator plan's page, M&E report and progress over the progress fixture (for scripts/bench).",
        shouldDisplay: false
    )

    @Option(help: "Renders to time.")
    var runs = 20

    @Option(help: "Progress recomputations to time (0: none, to profile the pages alone).")
    var progressRuns = 5

    @OptionGroup var database: DatabaseOptions

    static let code = "bench-plan"

    func run() async throws {
        try await withDatabase(database, logger: makeLogger()) { db in
            _ = try await StorageBootstrap().prepare(db, seed: true, demo: false)
            let fixture = try await db.read { sql in
                try await sql.raw(
                    "SELECT DISTINCT series, indicator FROM observations WHERE series LIKE 'BENCH\\_%' ESCAPE '\\' AND series NOT LIKE 'BENCH\\_HEAVY%' ESCAPE '\\'"
                ).all().map { (try $0.decode(column: "series", as: String.self), try $0.decode(column: "indicator", as: String.self)) }
            }
            .sorted { Int($0.0.dropFirst(6)) ?? 0 < Int($1.0.dropFirst(6)) ?? 0 }
            guard fixture.count >= 250 else {
                throw ValidationError(
                    "the database has \(fixture.count) SDG series of the progress fixture; run pasan bench-progress on it first"
                )
            }
            try await registerSeries(fixture, in: db)
            var catalog = try await CatalogRepository(database: db).load()
            let document = Self.document(sdgSeries: Array(fixture.prefix(250)))
            try await PlanRepository(database: db).save(
                document,
                actor: .commandLine,
                reason: "bench-plans fixture",
                seriesOf: catalog.series(ofIndicator:)
            )
            catalog = try await CatalogRepository(database: db).load()
            let observations = try await db.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM observations").first().map { try $0.decode(column: "n", as: Int.self) } ?? 0
            }
            let state = try await PortalState.load(database: db, defaultLanguage: .lo)
            let today = db.clock.today
            var bytes = 0
            let page = try await time(runs) {
                bytes = try await PlanRendering.planPage(Self.code, state: state, language: .lo, canEdit: false, today: today).utf8.count
            }
            var reportBytes = 0
            let report = try await time(runs) {
                reportBytes = try await PlanRendering.report(Self.code, year: 2023, state: state, language: .lo, today: today).utf8.count
            }
            let valuesQuery = try await time(runs) {
                _ = try await PlanRepository(database: db).values(of: document, seriesOf: catalog.series(ofIndicator:))
            }
            var results = 0
            let progress = try await time(progressRuns, skip: progressRuns == 0) {
                results = try await ProgressRepository(database: db).recompute(catalog: catalog).count
                let values = try await PlanRepository(database: db).values(of: document, seriesOf: catalog.series(ofIndicator:))
                let assessed = PlanProgress.assessAll(document: document, values: values, year: nil)
                results += assessed.count
                results += PlanProgress.rollUp(results: document.results, indicators: document.indicators, progress: assessed).count
            }
            say("plan: \(document.indicators.count) indicators (250 same as SDG series), \(document.results.count) outcomes and outputs")
            say("plan page (lo, uncached): \(page.summary) ms; \(bytes) bytes")
            say("M&E report 2023 (lo, uncached): \(report.summary) ms; \(reportBytes) bytes")
            say("of which the plan's values read from the database: \(valuesQuery.summary) ms")
            say("observations: \(observations); SDG and plan progress results: \(results); recompute seconds: \(progress.inSeconds)")
        }
    }

    /// The fixture's series in the `series` table, so that "same" links can name them.
    func registerSeries(_ fixture: [(String, String)], in db: Database) async throws {
        try await db.write { sql in
            let known = Set(
                try await sql.raw("SELECT code FROM series WHERE code LIKE 'BENCH\\_%' ESCAPE '\\'").all().map {
                    try $0.decode(column: "code", as: String.self)
                }
            )
            let missing = fixture.filter { !known.contains($0.0) }
            for chunk in stride(from: 0, to: missing.count, by: 500) {
                var insert = sql.insert(into: "series").columns("code", "indicator", "name_en", "lo_status", "unit", "scope")
                for (series, indicator) in missing[chunk..<min(chunk + 500, missing.count)] {
                    insert = insert.values(
                        SQLBind(series),
                        SQLBind(indicator),
                        SQLBind("Benchmark series \(series)"),
                        SQLBind("unreviewed"),
                        SQLBind("PT"),
                        SQLBind("national")
                    )
                }
                try await insert.run()
            }
        }
    }

    /// 6 outcomes × 5 outputs, 10 indicators per output: the first 250 "same" as the fixture's
    /// SDG series, the others with values of their own for 2020–2025.
    static func document(sdgSeries: [(String, String)]) -> PlanDocument {
        let plan = DevelopmentPlan(
            code: code,
            name: LocalizedText(en: "Benchmark plan 2021–2025", lo: nil, loStatus: .unreviewed),
            startYear: 2021,
            endYear: 2025,
            note: "bench-plans fixture",
            isIllustrative: true
        )
        var results: [PlanResult] = []
        var indicators: [PlanIndicator] = []
        var links: [PlanIndicatorLink] = []
        var values: [PlanValueEntry] = []
        for outcome in 1...6 {
            results.append(
                PlanResult(
                    plan: code,
                    code: "\(outcome)",
                    level: .outcome,
                    parentCode: nil,
                    title: LocalizedText(en: "Outcome \(outcome)", lo: nil, loStatus: .unreviewed),
                    isVerified: false,
                    note: nil
                )
            )
            for output in 1...5 {
                let resultCode = "\(outcome).\(output)"
                results.append(
                    PlanResult(
                        plan: code,
                        code: resultCode,
                        level: .output,
                        parentCode: "\(outcome)",
                        title: LocalizedText(en: "Output \(resultCode)", lo: nil, loStatus: .unreviewed),
                        isVerified: false,
                        note: nil
                    )
                )
                for k in 1...10 {
                    let i = indicators.count
                    let indicatorCode = "B\(resultCode).\(k)"
                    let direction: PlanDirection = i % 2 == 0 ? .increase : .decrease
                    indicators.append(
                        PlanIndicator(
                            plan: code,
                            code: indicatorCode,
                            resultCode: resultCode,
                            title: LocalizedText(en: "Benchmark indicator \(indicatorCode)", lo: nil, loStatus: .unreviewed),
                            unit: "PT",
                            direction: direction,
                            baseline: PlanBaseline(year: 2020, value: 50),
                            targets: (2021...2024).map {
                                PlanTarget(year: $0, value: 50 + Double($0 - 2020) * direction.sign.double, kind: .annual)
                            }
                                + [PlanTarget(year: 2025, value: direction == .increase ? 60 : 40, kind: .endOfPlan)],
                            isIllustrative: true
                        )
                    )
                    if i < sdgSeries.count {
                        links.append(
                            PlanIndicatorLink(
                                plan: code,
                                planIndicator: indicatorCode,
                                sdgIndicator: sdgSeries[i].1,
                                series: sdgSeries[i].0,
                                relation: .same
                            )
                        )
                    } else {
                        values += (2020...2025).map {
                            PlanValueEntry(indicator: indicatorCode, year: $0, value: 50 + Double(($0 * 7 + i) % 11), source: "bench")
                        }
                    }
                }
            }
        }
        return PlanDocument(plan: plan, results: results, indicators: indicators, links: links, values: values)
    }
}

extension Int {
    fileprivate var double: Double { Double(self) }
}

/// Times `body` `runs` times.
private func time(_ runs: Int, skip: Bool = false, _ body: () async throws -> Void) async throws -> Timings {
    guard !skip else { return Timings(seconds: [0]) }
    try await body()  // warm-up
    var seconds: [Double] = []
    for _ in 0..<max(runs, 1) {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    return Timings(seconds: seconds.sorted())
}

private struct Timings {
    var seconds: [Double]

    var median: Double { seconds[seconds.count / 2] }
    var p95: Double { seconds[min(seconds.count - 1, Int((Double(seconds.count) * 0.95).rounded(.up)) - 1)] }

    /// "median 12.3 p95 15.0 max 16.1", in milliseconds.
    var summary: String {
        "median \(String(format: "%.1f", median * 1000)) p95 \(String(format: "%.1f", p95 * 1000)) max \(String(format: "%.1f", seconds.last! * 1000))"
    }

    /// "median 1.234 min 1.100 max 1.400", in seconds (the line scripts/bench reads).
    var inSeconds: String {
        "median \(String(format: "%.3f", median)) min \(String(format: "%.3f", seconds.first!)) max \(String(format: "%.3f", seconds.last!))"
    }
}
