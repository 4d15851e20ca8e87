/// Cross-checks a reference data set before anything is written: unique codes, and every
/// reference (target → goal, indicator → target, area → parent, succession → institutions,
/// plan links → indicators) pointing at something that exists.
public enum ReferenceDataConsistency {
    public static func issues(in data: ReferenceDataSet) -> [DataFileIssue] {
        var issues: [DataFileIssue] = []
        func duplicates<T>(_ items: [T], key: (T) -> String, file: String, what: String) -> Set<String> {
            var seen = Set<String>()
            for item in items {
                let k = key(item)
                if !seen.insert(k).inserted {
                    issues.append(DataFileIssue(file: file, line: nil, column: nil, message: "\(what) \(k) appears more than once"))
                }
            }
            return seen
        }
        let goals = duplicates(data.goals, key: { String($0.number) }, file: "framework", what: "goal")
        let targets = duplicates(data.targets, key: \.code, file: "framework", what: "target")
        let indicators = duplicates(data.indicators, key: \.code, file: "framework", what: "indicator")
        _ = duplicates(data.series, key: { "\($0.code)/\($0.indicator)" }, file: "series", what: "series/indicator pair")
        let areas = duplicates(data.areas, key: \.code, file: "areas", what: "area code")
        let institutions = duplicates(data.institutions, key: \.code, file: "institutions", what: "institution")

        for target in data.targets where !goals.contains(String(target.goal)) {
            issues.append(
                .init(
                    file: "framework",
                    line: nil,
                    column: "goal",
                    message: "target \(target.code) names goal \(target.goal), which does not exist"
                )
            )
        }
        for indicator in data.indicators {
            if !targets.contains(indicator.target) {
                issues.append(
                    .init(
                        file: "framework",
                        line: nil,
                        column: "target",
                        message: "indicator \(indicator.code) names target \(indicator.target), which does not exist"
                    )
                )
            }
            if let related = indicator.relatedGlobalCode, !indicators.contains(related) {
                issues.append(
                    .init(
                        file: "framework",
                        line: nil,
                        column: "related_global",
                        message: "indicator \(indicator.code) is related to \(related), which does not exist"
                    )
                )
            }
        }
        for s in data.series where !indicators.contains(s.indicator) {
            issues.append(
                .init(
                    file: "series",
                    line: nil,
                    column: "indicator",
                    message: "series \(s.code) names indicator \(s.indicator), which does not exist"
                )
            )
        }
        let levels = Dictionary(data.areas.map { ($0.code, $0.level) }, uniquingKeysWith: { a, _ in a })
        for area in data.areas where area.level != .country {
            guard let parent = area.parentCode, let parentLevel = levels[parent] else {
                issues.append(
                    .init(
                        file: "areas",
                        line: nil,
                        column: "parent",
                        message: "\(area.level.rawValue) \(area.code) names parent \(area.parentCode ?? "(none)"), which does not exist"
                    )
                )
                continue
            }
            if parentLevel.depth != area.level.depth - 1 {
                issues.append(
                    .init(
                        file: "areas",
                        line: nil,
                        column: "parent",
                        message: "\(area.level.rawValue) \(area.code) has a \(parentLevel.rawValue) as parent"
                    )
                )
            }
        }
        for alias in data.areaAliases where !areas.contains(alias.areaCode) {
            issues.append(
                .init(
                    file: "area aliases",
                    line: nil,
                    column: "area",
                    message: "alias \(alias.alias) points at unknown area \(alias.areaCode)"
                )
            )
        }
        for boundary in data.boundaries where !areas.contains(boundary.areaCode) {
            issues.append(.init(file: "boundaries", line: nil, column: nil, message: "boundary for unknown area \(boundary.areaCode)"))
        }
        for link in data.successions {
            for code in [link.predecessor, link.successor] where !institutions.contains(code) {
                issues.append(
                    .init(file: "institution successions", line: nil, column: nil, message: "succession names unknown institution \(code)")
                )
            }
        }
        let plans = Set(data.plans.map(\.code))
        let results = Set(data.planResults.map(\.id))
        for result in data.planResults where !plans.contains(result.plan) {
            issues.append(
                .init(file: "plans", line: nil, column: "plan", message: "result \(result.code) names unknown plan \(result.plan)")
            )
        }
        let planIndicators = Set(data.planIndicators.map(\.id))
        for pi in data.planIndicators where !results.contains("\(pi.plan)/\(pi.resultCode)") {
            issues.append(
                .init(
                    file: "plans",
                    line: nil,
                    column: "result",
                    message: "plan indicator \(pi.code) names unknown result \(pi.resultCode)"
                )
            )
        }
        for link in data.planLinks {
            if !planIndicators.contains("\(link.plan)/\(link.planIndicator)") {
                issues.append(
                    .init(file: "plan links", line: nil, column: "plan_indicator", message: "unknown plan indicator \(link.planIndicator)")
                )
            }
            if !indicators.contains(link.sdgIndicator) {
                issues.append(
                    .init(file: "plan links", line: nil, column: "sdg_indicator", message: "unknown SDG indicator \(link.sdgIndicator)")
                )
            }
        }
        return issues
    }
}
