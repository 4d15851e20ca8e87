/// The plans the catalog holds, whole.
extension FrameworkCatalog {
    /// A plan with its results, indicators and SDG links, as the catalog holds it (values are in
    /// the database, not in the catalog).
    public func planDocument(_ code: String) -> PlanDocument? {
        guard let plan = plans.first(where: { $0.code == code }) else { return nil }
        return PlanDocument(
            plan: plan,
            results: planResults.filter { $0.plan == code },
            indicators: planIndicators.filter { $0.plan == code },
            links: planLinks.filter { $0.plan == code }
        )
    }

    /// The plan's indicators in the order of its results (outcome, its outputs, …), then any
    /// indicator whose result is unknown.
    public func orderedPlanIndicators(_ document: PlanDocument) -> [PlanIndicator] {
        let order = Dictionary(document.results.enumerated().map { ($0.element.code, $0.offset) }, uniquingKeysWith: { a, _ in a })
        return document.indicators.enumerated().sorted { a, b in
            let ra = order[a.element.resultCode] ?? Int.max, rb = order[b.element.resultCode] ?? Int.max
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
    }
}
