import PasanDomain
import PasanStorage

extension SelfAssessmentController {
    /// What Pasan knows of `institution` today for the readiness measures: its focal point
    /// positions filled, its current owner assignments and those citing an instrument in force,
    /// its owner steps and cells in closed cycles, its current focal points who took part in a
    /// training or exchange, and the indicators it owns with published data.
    func readinessFacts(_ institution: String) async throws -> ReadinessFacts {
        let day = today
        let terms = try await FocalPointRepository(database: database).terms(institution: institution).filter { $0.isHeld(on: day) }
        let owned = try await AssignmentRepository(database: database).all().filter {
            $0.isCurrent(on: day) && $0.owners.contains(institution)
        }
        let inForce = Set(
            try await LegalInstrumentRepository(database: database).all().filter { $0.isInForce(on: day) }.map {
                LegalInstrument.key($0.number)
            }
        )
        var facts = ReadinessFacts()
        facts.focalPositionsFilled = Set(terms.map { "\($0.role.rawValue)|\($0.position.rawValue)" }).count
        facts.ownedAssignments = owned.count
        facts.withBasisInForce = owned.filter { $0.legalBasis?.number.map { inForce.contains(LegalInstrument.key($0)) } ?? false }.count
        for cycle in try await CycleRepository(database: database).all() where cycle.status == .closed {
            for row in try await dashboard(cycle).rows(.owner) where row.institution == institution {
                facts.ownerStepsDue += row.due
                facts.ownerStepsOnTime += row.onTime
                facts.cellsRequested += row.cellsRequested
                facts.cellsDelivered += row.cellsDelivered
            }
        }
        let people = Set(terms.map(\.userID))
        let trained = Set(try await CapacityRepository(database: database).events().flatMap(\.participants).map(\.userID))
        facts.currentFocalPoints = people.count
        facts.trainedFocalPoints = people.intersection(trained).count
        let indicators = Set(owned.map(\.indicator))
        facts.ownedIndicators = indicators.count
        facts.ownedIndicatorsWithData = indicators.intersection(state.indicatorsWithData).count
        return facts
    }
}
