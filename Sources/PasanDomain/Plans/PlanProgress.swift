/// Progress against a plan's targets (`docs/plans.md`, "Rules"): each plan indicator is measured
/// with the Open SDG / Statistics Canada method (`OpenSDGProgress`, its edition recorded in the
/// result) from the plan baseline (or the first value) to the target assessed; outputs and
/// outcomes are the aggregate of their indicators.
public enum PlanProgress {
    /// What the result's notes say when an indicator has no direction and an increase is assumed.
    public static let assumedDirectionNote = "direction not set: increase assumed (Pasan's default)"

    /// The target assessed for `year`: with no year, the end-of-plan target (else the target of
    /// the latest year); for a year, that year's milestone, else its annual target, else its
    /// end-of-plan target. `nil` when there is none.
    public static func target(of indicator: PlanIndicator, year: Int?) -> PlanTarget? {
        let preference: [PlanTargetKind] = [.milestone, .annual, .endOfPlan]
        func preferred(in year: Int) -> PlanTarget? {
            let ofYear = indicator.targets.filter { $0.year == year }
            for kind in preference {
                if let target = ofYear.last(where: { $0.kind == kind }) { return target }
            }
            return nil
        }
        guard let year else {
            if let end = indicator.endOfPlanTarget { return end }
            guard let latestYear = indicator.targets.map(\.year).max() else { return nil }
            return preferred(in: latestYear)
        }
        return preferred(in: year)
    }

    /// One plan indicator assessed against its target for `year` (see `target(of:year:)`), with
    /// the values up to that year only. The base is the plan baseline when set (added to the
    /// values when no value exists for its year), else the first value at or after the year
    /// before the plan starts. With no target, the rate of change alone is measured. `latest` is
    /// the last value used (the baseline is not a value: an indicator with a baseline alone has
    /// no latest value).
    public static func assess(
        _ indicator: PlanIndicator,
        values: [PlanValue],
        plan: DevelopmentPlan,
        year: Int? = nil
    ) -> PlanIndicatorProgress {
        let target = target(of: indicator, year: year)
        // One value a year (the last given for a year wins), up to the year asked, by year.
        var byYear: [Int: PlanValue] = [:]
        byYear.reserveCapacity(values.count)
        for value in values where year.map({ value.year <= $0 }) ?? true { byYear[value.year] = value }
        let used = byYear.values.sorted { $0.year < $1.year }
        var points = used.map { (year: $0.year, value: $0.value) }
        let baseYear: Int
        if let baseline = indicator.baseline {
            baseYear = baseline.year
            if byYear[baseline.year] == nil && year.map({ baseline.year <= $0 }) ?? true {
                let at = points.firstIndex { $0.year > baseline.year } ?? points.endIndex
                points.insert((year: baseline.year, value: baseline.value), at: at)
            }
        } else {
            baseYear = plan.startYear - 1
        }
        let direction = indicator.direction ?? .increase
        let configuration = OpenSDGProgress.Configuration(
            baseYear: baseYear,
            targetYear: target?.year ?? plan.endYear,
            target: target?.value,
            direction: direction.sign
        )
        var result = OpenSDGProgress.measure(points, configuration)
        if indicator.direction == nil { result.notes.append(assumedDirectionNote) }
        return PlanIndicatorProgress(indicator: indicator.code, target: target, latest: used.last, result: result)
    }

    /// Every indicator of a plan assessed for `year` (`nil`: against the end-of-plan targets),
    /// keyed by plan indicator code. `values` is keyed by plan indicator code.
    public static func assessAll(document: PlanDocument, values: [String: [PlanValue]], year: Int?) -> [String: PlanIndicatorProgress] {
        var progress: [String: PlanIndicatorProgress] = [:]
        progress.reserveCapacity(document.indicators.count)
        for indicator in document.indicators {
            progress[indicator.code] = assess(indicator, values: values[indicator.code] ?? [], plan: document.plan, year: year)
        }
        return progress
    }

    /// Outcomes' and outputs' progress, keyed by result code: an output aggregates its
    /// indicators; an outcome aggregates its own indicators and those of its outputs
    /// (`OpenSDGProgress.aggregate`, each indicator one entry). An indicator missing from
    /// `progress` counts as not assessed.
    public static func rollUp(
        results: [PlanResult],
        indicators: [PlanIndicator],
        progress: [String: PlanIndicatorProgress]
    ) -> [String: PlanResultProgress] {
        let indicatorsByResult = Dictionary(grouping: indicators, by: \.resultCode)
        var outputsByOutcome: [String: [String]] = [:]
        for result in results where result.level == .output {
            if let parent = result.parentCode { outputsByOutcome[parent, default: []].append(result.code) }
        }
        var rolled: [String: PlanResultProgress] = [:]
        rolled.reserveCapacity(results.count)
        for result in results {
            var counted = indicatorsByResult[result.code] ?? []
            if result.level == .outcome {
                for output in outputsByOutcome[result.code] ?? [] { counted += indicatorsByResult[output] ?? [] }
            }
            var entries: [OpenSDGProgress.Entry] = []
            entries.reserveCapacity(counted.count)
            var assessed = 0
            for indicator in counted {
                guard let assessment = progress[indicator.code] else {
                    entries.append(.series(nil, achieved: false))
                    continue
                }
                if assessment.status != .notAvailable { assessed += 1 }
                entries.append(.series(assessment.result.score, achieved: assessment.status == .targetAchieved))
            }
            let aggregate = OpenSDGProgress.aggregate(entries)
            rolled[result.code] = PlanResultProgress(
                result: result.code,
                status: aggregate.status,
                score: aggregate.score,
                indicatorCount: counted.count,
                assessedCount: assessed
            )
        }
        return rolled
    }
}
