/// Where a plan indicator's values live (`docs/plans.md`, "Rules"): a plan indicator that is
/// "same" as an SDG series has no values of its own — its value for a year is that series'
/// published national total, and a value entered for it is written to that series.
public enum PlanValueFlow {
    /// The SDG series `indicator` is "same" as: the series its "same" link names, or the linked SDG
    /// indicator's only series. `nil` when it has no "same" link, or when the link is ambiguous
    /// (an indicator with several series and no series named — `PlanCheck` refuses that).
    /// `seriesOf` gives an SDG indicator's series.
    public static func sameSeries(
        of indicator: PlanIndicator,
        links: [PlanIndicatorLink],
        seriesOf: (String) -> [Series]
    ) -> Series? {
        for link in links where link.plan == indicator.plan && link.planIndicator == indicator.code && link.relation == .same {
            let candidates = seriesOf(link.sdgIndicator)
            if let code = link.series {
                if let series = candidates.first(where: { $0.code == code }) { return series }
            } else if candidates.count == 1 {
                return candidates[0]
            }
        }
        return nil
    }
}
