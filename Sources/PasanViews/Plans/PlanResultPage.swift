import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/plans/{code}/results/{result}`: an outcome or output — its title and source, the
/// outcome it sits under or the outputs under it, its indicators with their status, its rolled-up
/// status, and the results of other plans aligned with it (a sector plan's outputs serving this
/// NSEDP output; for a sector output, the NSEDP outputs it serves).
public struct PlanResultPage: Sendable {
    /// An outcome or output of another plan, with that plan.
    public struct AlignedResult: Sendable, Hashable {
        public var plan: DevelopmentPlan
        public var result: PlanResult

        public init(plan: DevelopmentPlan, result: PlanResult) {
            self.plan = plan
            self.result = result
        }
    }

    public var language: PasanDomain.Language
    public var plan: DevelopmentPlan
    public var result: PlanResult
    /// The outcome an output sits under.
    public var parent: PlanResult?
    /// The outputs under an outcome.
    public var children: [PlanResult]
    /// The indicators measuring this result (an outcome's own; its outputs' are on their pages).
    public var indicators: [PlanIndicatorRow]
    /// The rolled-up status of this result and of its children.
    public var resultProgress: [PlanResultProgress]
    /// Results of other plans that align with this one (sector outputs serving this output).
    public var alignedFrom: [AlignedResult]
    /// The results this one aligns with, as found (`result.alignsWith` names them; one not found
    /// is shown by its `plan/code`).
    public var alignsWith: [AlignedResult]
    /// Whether the placement of this result under its outcome is Pasan's reading; by default, an
    /// output whose source differs from its outcome's.
    public var placementUnconfirmed: Bool

    public init(
        language: PasanDomain.Language,
        plan: DevelopmentPlan,
        result: PlanResult,
        parent: PlanResult? = nil,
        children: [PlanResult] = [],
        indicators: [PlanIndicatorRow] = [],
        resultProgress: [PlanResultProgress] = [],
        alignedFrom: [AlignedResult] = [],
        alignsWith: [AlignedResult] = [],
        placementUnconfirmed: Bool? = nil
    ) {
        self.language = language
        self.plan = plan
        self.result = result
        self.parent = parent
        self.children = children.sorted { FrameworkCode.areInIncreasingOrder($0.code, $1.code) }
        self.indicators = indicators
        self.resultProgress = resultProgress
        self.alignedFrom = alignedFrom
        self.alignsWith = alignsWith
        self.placementUnconfirmed = placementUnconfirmed ?? parent.map { PlanParts.placementUnconfirmed(result, among: [$0]) } ?? false
    }

    public func render() -> String {
        let l = language
        let label = "\(PlanParts.level(result.level, l)) \(result.code)"
        let title = "\(label): \(result.title.text(in: l))"
        let hasIllustrative = plan.isIllustrative || indicators.contains { $0.indicator.isIllustrative }
        let found = Set(alignsWith.map(\.result.id))
        let notFound = result.alignsWith.filter { !found.contains($0) }
        return Layout(title: title, description: title, path: SitePath(language: l, page: .planResult(plan.code, result.code))).render(
            .div(
                .class("wrap"),
                PlanParts.breadcrumbs(plan, [(label, nil)], l),
                .header(
                    .class("plan-header"),
                    .h1(
                        .span(.class("code"), .text(label)),
                        .text(" "),
                        Fragments.localized(result.title, l),
                        PlanParts.resultMarks(result, placementUnconfirmed: placementUnconfirmed, l)
                    ),
                    .if(l == .lo, .p(.class("other-language"), .attribute(named: "lang", value: "en"), .text(result.title.en)))
                ),
                .if(hasIllustrative, PlanParts.illustrativeNotice(l)),
                .dl(
                    .class("facts plan-facts"),
                    .dt(.text(UIText.plan.text(l))),
                    .dd(PlanParts.planLink(plan, l), .text(" (\(PlanParts.period(plan)))")),
                    .unwrap(parent) { parent in
                        .group(.dt(.text(l.t("plans_views.result.partOf"))), .dd(PlanParts.resultLink(parent, l)))
                    },
                    .dt(.text(UIText.source.text(l))),
                    .dd(
                        .text(result.source ?? "—"),
                        .if(!result.isVerified, .group(.text(" — "), .em(.text(l.t("plans_views.result.unverifiedLong")))))
                    ),
                    .if(
                        placementUnconfirmed,
                        .group(.dt(.text(l.t("plans_views.result.placement"))), .dd(.text(l.t("plans_views.result.placementLong"))))
                    ),
                    .unwrap(result.note) { note in .group(.dt(.text(l.t("plans_views.col.note"))), .dd(.text(note))) },
                    .dt(.text(UIText.status.text(l))),
                    .dd(PlanParts.rollup(PlanParts.progress(of: result, in: resultProgress), l))
                ),
                .if(
                    !children.isEmpty,
                    .section(
                        .class("plan-children"),
                        .h2(.text(l.t("plans_views.result.outputs"))),
                        .ul(
                            .class("plan-result-list"),
                            .forEach(children) { child in
                                .li(
                                    PlanParts.resultLink(child, l),
                                    .text(" "),
                                    PlanParts.rollup(PlanParts.progress(of: child, in: resultProgress), l)
                                )
                            }
                        )
                    )
                ),
                .section(
                    .class("plan-result-indicators"),
                    .h2(.text(UIText.indicators.text(l))),
                    indicators.isEmpty && !children.isEmpty
                        ? .p(.class("plan-empty"), .text(l.t("plans_views.result.indicatorsOnOutputs")))
                        : PlanParts.indicatorTable(indicators, caption: label, l)
                ),
                .if(
                    !alignsWith.isEmpty || !notFound.isEmpty,
                    .section(
                        .class("plan-aligned"),
                        .h2(.text(l.t("plans_views.result.alignsWith"))),
                        .ul(
                            .forEach(alignsWith) { alignedItem($0) },
                            .forEach(notFound) {
                                .li(.span(.class("code"), .text($0)), .text(" — \(l.t("plans_views.result.alignedNotFound"))"))
                            }
                        )
                    )
                ),
                .if(
                    !alignedFrom.isEmpty,
                    .section(
                        .class("plan-aligned"),
                        .h2(.text(l.t("plans_views.result.alignedFrom"))),
                        .ul(.forEach(alignedFrom) { alignedItem($0) })
                    )
                )
            )
        )
    }

    private func alignedItem(_ aligned: AlignedResult) -> Node<HTML.ListContext> {
        let l = language
        return .li(
            PlanParts.planLink(aligned.plan, l),
            .text(": "),
            PlanParts.resultLink(aligned.result, l),
            PlanParts.resultMarks(aligned.result, placementUnconfirmed: false, l)
        )
    }
}
