extension PlanDocument {
    /// `self` with `other` imported over it: an import is an upsert. `other`'s plan row replaces
    /// this one; its results, indicators and values replace those with the same code (a value:
    /// the same indicator and year) in place, and the new ones follow; everything else is kept.
    /// The links of an indicator in `other` are replaced as a set (an indicator written with no
    /// links loses its links). A code `other` holds twice stays twice, for `PlanCheck` to refuse.
    public func merging(_ other: PlanDocument) -> PlanDocument {
        func upsert<T>(_ existing: [T], _ incoming: [T], key: (T) -> String) -> [T] {
            var firstIncoming: [String: Int] = [:]
            for (index, item) in incoming.enumerated() where firstIncoming[key(item)] == nil { firstIncoming[key(item)] = index }
            var placed = Set<Int>()
            var merged: [T] = []
            for item in existing {
                if let index = firstIncoming[key(item)] {
                    if placed.insert(index).inserted { merged.append(incoming[index]) }
                } else {
                    merged.append(item)
                }
            }
            for (index, item) in incoming.enumerated() where !placed.contains(index) { merged.append(item) }
            return merged
        }
        let code = other.plan.code
        var merged = PlanDocument(plan: other.plan)
        merged.results = upsert(results.map { with($0, plan: code) }, other.results, key: \.code)
        merged.indicators = upsert(indicators.map { with($0, plan: code) }, other.indicators, key: \.code)
        let replacedLinks = Set(other.indicators.map(\.code) + other.links.map(\.planIndicator))
        merged.links =
            links.filter { !replacedLinks.contains($0.planIndicator) }.map {
                var link = $0
                link.plan = code
                return link
            } + other.links
        merged.values = upsert(values, other.values) { "\($0.indicator):\($0.year)" }
        return merged
    }

    private func with(_ result: PlanResult, plan: String) -> PlanResult {
        var copy = result
        copy.plan = plan
        return copy
    }

    private func with(_ indicator: PlanIndicator, plan: String) -> PlanIndicator {
        var copy = indicator
        copy.plan = plan
        return copy
    }
}
