import Foundation
import Testing

@testable import PasanDomain
@testable import PasanReferenceData

func fixture(_ name: String) throws -> CSVTable {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/progress/\(name)", withExtension: nil))
    return try CSVTable(contentsOf: url, file: name)
}

func close(_ a: String, _ b: String, relative: Double = 1e-9) -> Bool {
    if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty }
    guard let x = Double(a), let y = Double(b) else { return false }
    return abs(x - y) <= relative * max(1, abs(y))
}

/// The engine against published results: every row, through the same code as `pasan progress`.
@Suite struct ProgressFixtureTests {
    @Test func openSDGStatCanReproducesEveryPublishedSeries() throws {
        let table = try fixture("opensdg_statcan_series_published.csv")
        let (header, rows) = try ProgressCSV.run(.openSDGStatCan, table: table)
        let col = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        #expect(rows.count == 165)
        for row in rows {
            let tag = row[col["series_tag"]!]
            #expect(close(row[col["progress_value"]!], row[col["pub_progress_value"]!]), "progress value of \(tag)")
            #expect(close(row[col["score"]!], row[col["pub_score"]!]), "score of \(tag)")
            #expect(row[col["status"]!] == row[col["pub_status"]!], "status of \(tag)")
        }
    }

    @Test func sdsnReproducesEveryNormalisedScore() throws {
        let (header, rows) = try ProgressCSV.run(
            .sdsn,
            table: try fixture("sdsn_sdr2019_normalized.csv"),
            bounds: try fixture("sdsn_sdr2019_bounds.csv")
        )
        let col = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
        let published = rows.filter { !$0[col["normalized"]!].isEmpty }
        #expect(published.count == 12_788)
        for row in published {
            #expect(close(row[col["score"]!], row[col["normalized"]!], relative: 1e-12), "\(row[col["iso3"]!]) \(row[col["code"]!])")
        }
    }

    @Test func sdsnGoalAndIndexForLaoPDR() throws {
        // Worked example: Goal 1 = mean of the two poverty scores.
        let b1 = SDSNScore.Bounds(best: 0, worst: 72.6, green: 2, red: 13, inGlobalIndex: true)
        let b2 = SDSNScore.Bounds(best: 0, worst: 51.5, green: 2, red: 13, inGlobalIndex: true)
        let goal1 = try #require(SDSNScore.goalScore([SDSNScore.normalise(10.61, b1), SDSNScore.normalise(39.06, b2)]))
        #expect(abs(goal1 - 54.7705) < 1e-4)
        #expect(SDSNScore.colour(10.61, b1) == .orange)
        #expect(SDSNScore.colour(13, b1) == .orange)  // exactly at red is orange
        #expect(SDSNScore.colour(1, b1) == .green)
    }

    @Test func ruleCasesOfTheStatCanColumns() throws {
        let table = try fixture("COMPUTED_rules_cases.csv")
        let issues = table.rows { row in
            guard let t0 = row.year("base_year"), let x0 = row.number("base_value"), let t = row.year("current_year"),
                let xt = row.number("current_value"),
                let d = row.number("direction"), let ty = row.year("target_year")
            else { return }
            let target = row.optional("target").flatMap(Double.init)
            let result = OpenSDGProgress.measure(
                baseYear: t0,
                baseValue: x0,
                currentYear: t,
                currentValue: xt,
                .init(baseYear: t0, targetYear: ty, target: target, direction: Int(d))
            )
            let id = row.optional("case") ?? "?"
            #expect(result.status.rawValue == row.optional("statcan_status"), "case \(id)")
            #expect(
                close(result.progressValue.map { "\($0)" } ?? "", row.optional("statcan_progress_value") ?? "", relative: 1e-8),
                "case \(id)"
            )
            #expect(close(result.score.map { "\($0)" } ?? "", row.optional("statcan_score") ?? "", relative: 1e-8), "case \(id)")
            if let csi = row.optional("escap_csi").flatMap(Double.init), let target {
                let got = ESCAPProgress.currentStatus(x0: x0, xt: xt, target: target == 0 ? 0.001 : target, direction: Int(d))
                #expect(got.map { abs($0 - csi) < 1e-6 } ?? false, "ESCAP CSI of case \(id)")
            }
        }
        #expect(issues.isEmpty)
    }
}

/// The pitfalls of `docs/progress-methods.md` §5 and the bad inputs of the issue: each gets its
/// documented status, never a crash, never NaN.
@Suite struct ProgressPitfallTests {
    typealias P = OpenSDGProgress

    @Test func wrongSideOfTheTargetIsDeterioration() {
        // T6: decrease desired, target 12 above the base 10, the value rose to 13.
        let r = P.measure(baseYear: 2015, baseValue: 10, currentYear: 2020, currentValue: 13, .init(target: 12, direction: -1))
        #expect(r.status == .deterioration)
        #expect((r.progressValue ?? 0) < 0)
    }

    @Test func onePointOnlyStatesAchievementOrNothing() {
        let met = P.measure([(2020, 5)], .init(target: 10, direction: -1))
        #expect(met.status == .targetAchieved && met.score == 5)
        let unknown = P.measure([(2020, 15)], .init(target: 10, direction: -1))
        #expect(unknown.status == .notAvailable && unknown.score == nil)
    }

    @Test func baseAfterTheTargetYearOrNoDataAfterTheBase() {
        let none = P.measure([(2010, 5), (2012, 6)], .init(baseYear: 2015, target: 10, direction: 1))
        #expect(none.status == .notAvailable)
        let late = P.measure(
            baseYear: 2032,
            baseValue: 5,
            currentYear: 2034,
            currentValue: 6,
            .init(baseYear: 2032, targetYear: 2030, target: 10, direction: 1)
        )
        #expect(late.progressValue.map { $0.isFinite } ?? true)
        #expect(late.score.map { $0.isFinite } ?? true)
    }

    @Test func zeroBaseAndTargetAreSubstitutedAndSaid() {
        let zeroBase = P.measure(baseYear: 2015, baseValue: 0, currentYear: 2020, currentValue: 4, .init(target: 10, direction: 1))
        #expect(zeroBase.notes.contains { $0.contains("base value 0") })
        #expect(zeroBase.progressValue?.isFinite == true)
        let zeroTarget = P.measure(baseYear: 2015, baseValue: 5, currentYear: 2020, currentValue: 4, .init(target: 0, direction: -1))
        #expect(zeroTarget.notes.contains { $0.contains("target 0") })
        #expect(zeroTarget.score?.isFinite == true)
    }

    @Test func targetAlreadyMetAtBase() {
        let r = P.measure(baseYear: 2015, baseValue: 100, currentYear: 2020, currentValue: 100, .init(target: 100, direction: 1))
        #expect(r.status == .targetAchieved && r.score == 5 && r.progressValue == nil)
    }

    @Test func oppositeSignsAreNotComputable() {
        let r = P.measure(baseYear: 2015, baseValue: -2, currentYear: 2020, currentValue: 3, .init(direction: 1))
        #expect(r.status == .notAvailable && r.progressValue == nil)
    }

    @Test func aggregationOfGroups() {
        // A = 3.0, group {B = −1.0, C = 2.0, D = null}, E = null → 1.75, moderate.
        let (score, status) = P.aggregate([
            .series(3, achieved: false),
            .group([.series(-1, achieved: false), .series(2, achieved: false), .series(nil, achieved: false)]),
            .series(nil, achieved: false),
        ])
        #expect(score == 1.75 && status == .moderateProgress)
        #expect(P.aggregate([.series(5, achieved: true), .series(5, achieved: true)]).status == .targetAchieved)
        #expect(P.aggregate([]).status == .notAvailable)
    }

    @Test func escapWorkedExample() throws {
        let (p, outlook) = try #require(ESCAPProgress.anticipated(t0: 2015, x0: 40, t: 2022, xt: 28, target: 20, direction: -1))
        #expect(abs(p - 1.0686836567) < 1e-9 && outlook == .maintain)
        #expect(ESCAPProgress.currentStatus(x0: 40, xt: 28, target: 20, direction: -1) == 0.6)
    }
}
