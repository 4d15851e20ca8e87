import Testing

@testable import PasanDomain

/// Issue 9, rules in the domain: the snapshot's ESCAP figures (Current Status Index per goal,
/// outlook per target) were computed in the route; now here, and deterministic.
@Suite struct ESCAPSnapshotTests {
    @Test func meansPerGoalAndTheLeastFavourableOutlookPerTarget() {
        // Two indicators of goal 3 under target 3.1: one on track upwards, one going the wrong way.
        let configurations = [
            ProgressConfiguration(indicator: "3.1.1", series: "A", target: 100, direction: 1),
            ProgressConfiguration(indicator: "3.1.2", series: "B", target: 100, direction: 1),
        ]
        let values: [String: [(year: Int, value: Double)]] = [
            "3.1.1|A||LA": [(2015, 50), (2020, 80)],
            "3.1.2|B||LA": [(2015, 50), (2020, 40)],
        ]
        let results = ProgressAssessment.assess(configurations: configurations, values: values) { _ in "3.1" }
        let snapshot = ESCAPProgress.snapshot(results) { _ in (goal: 3, target: "3.1") }
        let a = ESCAPProgress.currentStatus(x0: 50, xt: 80, target: 100, direction: 1)!
        let b = ESCAPProgress.currentStatus(x0: 50, xt: 40, target: 100, direction: 1)!
        #expect(abs((snapshot.currentStatusByGoal[3] ?? .nan) - (a + b) / 2) < 1e-12)
        #expect(ESCAPProgress.anticipated(t0: 2015, x0: 50, t: 2020, xt: 40, target: 100, direction: 1)?.outlook == .reverse)
        #expect(snapshot.outlookByTarget["3.1"] == .reverse)
        // The same whatever the order of the results.
        #expect(ESCAPProgress.snapshot(results.reversed()) { _ in (goal: 3, target: "3.1") } == snapshot)
        // Indicators outside the framework are skipped.
        #expect(ESCAPProgress.snapshot(results) { _ in nil }.currentStatusByGoal.isEmpty)
    }
}
