import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// What the cycle and submission controllers share: the dashboard of a cycle, the series an
/// assignment covers, an indicator's reporter.
extension PortalFeature {
    func dashboard(_ cycle: ReportingCycle) async throws -> CycleDashboard {
        try await CycleRepository(database: database).dashboard(cycle, today: today)
    }

    func seriesOf(_ a: Assignment) -> [Series] {
        let all = state.catalog.series(ofIndicator: a.indicator)
        return a.series.map { code in all.filter { $0.code == code } } ?? all
    }

    func reporterOf(indicator: String, owner: String) async throws -> String? {
        try await AssignmentRepository(database: database).all().first {
            $0.indicator == indicator && $0.owners.contains(owner) && $0.isCurrent(on: today)
        }?.reporter
    }
}
