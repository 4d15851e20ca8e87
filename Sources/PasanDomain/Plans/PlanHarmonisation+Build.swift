/// How a plan meets the SDG framework (`docs/plans.md`; issue 13, "Harmonisation views").
extension PlanHarmonisation {
    /// The relations that make a plan indicator count as linked to an SDG indicator.
    public static let countedRelations: Set<NationalRelation> = [.same, .adapted, .proxy]

    /// The harmonisation of `document` with the SDG framework of `catalog`: only `same`,
    /// `adapted` and `proxy` links count. `indicatorsWithData` are the SDG indicators with
    /// published data; `ownersByIndicator` the current owners of each SDG indicator.
    public static func build(
        document: PlanDocument,
        catalog: FrameworkCatalog,
        indicatorsWithData: Set<String>,
        ownersByIndicator: [String: [String]]
    ) -> PlanHarmonisation {
        let planCode = document.plan.code
        // The SDG indicators each plan indicator links to, in link order, without repeats.
        var linked: [String: [String]] = [:]
        for link in document.links where link.plan == planCode && countedRelations.contains(link.relation) {
            if !(linked[link.planIndicator]?.contains(link.sdgIndicator) ?? false) {
                linked[link.planIndicator, default: []].append(link.sdgIndicator)
            }
        }
        func goal(of sdg: String) -> Int? { catalog.indicator(sdg)?.goal ?? FrameworkCode.goalNumber(of: sdg) }
        func target(of sdg: String) -> String? { catalog.indicator(sdg)?.target ?? FrameworkCode.targetCode(of: sdg) }

        // SDG indicators linked from each result's own indicators.
        var sdgByResult: [String: Set<String>] = [:]
        var allLinked: Set<String> = []
        var linkedCount = 0
        var withoutLink: [String] = []
        var unowned: [String] = []
        for indicator in document.indicators {
            let sdg = linked[indicator.code] ?? []
            if sdg.isEmpty {
                withoutLink.append(indicator.code)
            } else {
                linkedCount += 1
                sdgByResult[indicator.resultCode, default: []].formUnion(sdg)
                allLinked.formUnion(sdg)
            }
            let hasOwner = !(indicator.owner?.trimmingSpaces.isEmpty ?? true)
            if !hasOwner && !sdg.contains(where: { !(ownersByIndicator[$0]?.isEmpty ?? true) }) {
                unowned.append(indicator.code)
            }
        }

        // Rows: each outcome, then its outputs; outputs whose outcome is not in the plan last.
        let byCode = { (a: PlanResult, b: PlanResult) in FrameworkCode.areInIncreasingOrder(a.code, b.code) }
        let outcomes = document.results.filter { $0.level == .outcome }.sorted(by: byCode)
        let outcomeCodes = Set(outcomes.map(\.code))
        let outputsByOutcome = Dictionary(grouping: document.results.filter { $0.level == .output }) { $0.parentCode ?? "" }
        func row(_ result: PlanResult, _ sdg: Set<String>) -> MatrixRow {
            var goals: [Int: Int] = [:]
            var targets: [String: Int] = [:]
            for code in sdg {
                if let g = goal(of: code) { goals[g, default: 0] += 1 }
                if let t = target(of: code) { targets[t, default: 0] += 1 }
            }
            return MatrixRow(result: result.code, level: result.level, goals: goals, targets: targets)
        }
        var matrix: [MatrixRow] = []
        matrix.reserveCapacity(document.results.count)
        for outcome in outcomes {
            let outputs = (outputsByOutcome[outcome.code] ?? []).sorted(by: byCode)
            var sdg = sdgByResult[outcome.code] ?? []
            for output in outputs { sdg.formUnion(sdgByResult[output.code] ?? []) }
            matrix.append(row(outcome, sdg))
            for output in outputs { matrix.append(row(output, sdgByResult[output.code] ?? [])) }
        }
        let orphans = document.results.filter { $0.level == .output && !outcomeCodes.contains($0.parentCode ?? "") }
        for output in orphans.sorted(by: byCode) { matrix.append(row(output, sdgByResult[output.code] ?? [])) }

        let linkedSDG = allLinked.sorted(by: FrameworkCode.areInIncreasingOrder)
        return PlanHarmonisation(
            plan: planCode,
            matrix: matrix,
            goalsCovered: Set(linkedSDG.compactMap(goal(of:))).sorted(),
            linkedIndicatorCount: linkedCount,
            indicatorCount: document.indicators.count,
            linkedSDGIndicators: linkedSDG,
            withoutLink: withoutLink,
            sdgWithDataNotInPlan: indicatorsWithData.subtracting(allLinked).sorted(by: FrameworkCode.areInIncreasingOrder),
            unowned: unowned
        )
    }
}
