import PasanDomain
import Plot

/// `/{lang}/goals/{n}`: a goal with its targets and their indicators.
public struct GoalPage: Sendable {
    public struct TargetEntry: Sendable {
        public var target: Target
        public var indicators: [Indicator]
    }

    public var language: PasanDomain.Language
    public var goal: Goal
    public var targets: [TargetEntry]
    public var previous: Goal?
    public var next: Goal?
    /// Progress statuses of targets and indicators, where assessed.
    public var statuses: [String: ProgressStatus]

    public init(catalog: FrameworkCatalog, goal: Goal, language: PasanDomain.Language, statuses: [String: ProgressStatus] = [:]) {
        self.statuses = statuses
        self.language = language
        self.goal = goal
        self.targets = catalog.targets(ofGoal: goal.number).map {
            TargetEntry(target: $0, indicators: catalog.indicators(ofTarget: $0.code))
        }
        self.previous = catalog.goal(goal.number - 1)
        self.next = catalog.goal(goal.number + 1)
    }

    public func render() -> String {
        let l = language
        let title = "\(UIText.goal.text(l)) \(goal.number): \(goal.shortTitle.text(in: l))"
        let layout = Layout(title: title, description: goal.title.text(in: l), path: .goal(l, goal.number))
        let colour = Fragments.goalColour("goal-header", goal)
        return layout.render(
            .div(
                .class("wrap"),
                Fragments.breadcrumbs([(UIText.goals.text(l), SitePath.home(l).path), ("\(UIText.goal.text(l)) \(goal.number)", nil)], l),
                .header(
                    .class(colour),
                    .span(.class("goal-number"), .text(String(goal.number))),
                    .div(
                        .h1(Fragments.localized(goal.shortTitle, l)),
                        .p(Fragments.localized(goal.title, l)),
                        .if(goal.isNational, .p(.class("goal-national"), .text(UIText.nationalGoal.text(l))))
                    )
                ),
                .forEach(targets) { targetSection($0) },
                pager
            )
        )
    }

    private func targetSection(_ entry: TargetEntry) -> BodyNode {
        let l = language
        let target = entry.target
        return .section(
            .class("target"),
            .id("target-\(target.code)"),
            .h2(
                .span(.class("code"), .text("\(UIText.target.text(l)) \(target.code)")),
                .text(" "),
                .unwrap(target.title, { Fragments.localized($0, l) }, else: .em(.text(UIText.targetTextNotFound.text(l))))
            ),
            .unwrap(statuses["target|\(target.code)"]) { .p(.span(.class("chip \($0.rawValue)"), .text($0.title.text(in: l)))) },
            .ul(
                .class("indicator-list"),
                .forEach(entry.indicators) { indicator in
                    .li(
                        .class(indicator.isRetired ? "retired" : ""),
                        .a(
                            .href(SitePath.indicator(l, indicator.code).path),
                            .span(.class("code"), .text(indicator.code)),
                            .text(" "),
                            Fragments.localized(indicator.title, l)
                        ),
                        .span(
                            .class("tags"),
                            .if(
                                indicator.tier != nil,
                                .span(.class("tag"), .text("\(UIText.tier.text(l)) \(Fragments.tierText(indicator.tier))"))
                            ),
                            .if(indicator.scope == .national, .span(.class("tag national"), .text(UIText.nationalScope.text(l)))),
                            .if(indicator.isRetired, .span(.class("tag"), .text(UIText.retired.text(l)))),
                            .unwrap(statuses["indicator|\(indicator.code)"]) {
                                .span(.class("chip \($0.rawValue)"), .text($0.title.text(in: l)))
                            }
                        )
                    )
                }
            )
        )
    }

    private var pager: BodyNode {
        let l = language
        return .nav(
            .class("pager"),
            .attribute(named: "aria-label", value: UIText.goals.text(l)),
            .unwrap(previous) { .a(.rel(.prev), .href(SitePath.goal(l, $0.number).path), .text("← \(UIText.goal.text(l)) \($0.number)")) },
            .unwrap(next) { .a(.rel(.next), .href(SitePath.goal(l, $0.number).path), .text("\(UIText.goal.text(l)) \($0.number) →")) }
        )
    }
}
