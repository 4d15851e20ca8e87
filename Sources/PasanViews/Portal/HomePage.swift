import PasanDomain
import Plot

/// `/{lang}/`: the 18 goal tiles in the official SDG colours.
public struct HomePage: Sendable {
    public struct Tile: Sendable {
        public var goal: Goal
        public var targetCount: Int
        public var indicatorCount: Int
        public init(goal: Goal, targetCount: Int, indicatorCount: Int) {
            self.goal = goal
            self.targetCount = targetCount
            self.indicatorCount = indicatorCount
        }
    }

    public var language: PasanDomain.Language
    public var tiles: [Tile]

    public init(language: PasanDomain.Language, tiles: [Tile]) {
        self.language = language
        self.tiles = tiles
    }

    public init(catalog: FrameworkCatalog, language: PasanDomain.Language) {
        self.init(
            language: language,
            tiles: catalog.goals.map { goal in
                Tile(
                    goal: goal,
                    targetCount: catalog.targets(ofGoal: goal.number).count,
                    indicatorCount: catalog.indicators(ofGoal: goal.number).filter { !$0.isRetired }.count
                )
            }
        )
    }

    public func render() -> String {
        let l = language
        let layout = Layout(title: UIText.goals.text(l), description: UIText.homeIntro.text(l), path: .home(l))
        return layout.render(
            .div(
                .class("wrap"),
                .h1(.text(UIText.goals.text(l))),
                .p(.class("lead"), .text(UIText.homeIntro.text(l))),
                .ul(.class("goal-grid"), .forEach(tiles) { tile($0) })
            )
        )
    }

    private func tile(_ tile: Tile) -> Node<HTML.ListContext> {
        let l = language
        let goal = tile.goal
        let colour = Fragments.goalColour("goal-tile", goal)
        return .li(
            .class(colour + (goal.isNational ? " national" : "")),
            .a(
                .href(SitePath.goal(l, goal.number).path),
                .span(.class("goal-number"), .text(String(goal.number))),
                .span(.class("goal-short"), Fragments.localized(goal.shortTitle, l)),
                .span(
                    .class("goal-counts"),
                    .text("\(UIText.targetsCount(tile.targetCount).text(l)) · \(UIText.indicatorsCount(tile.indicatorCount).text(l))")
                ),
                .if(goal.isNational, .span(.class("goal-national"), .text(UIText.nationalGoal.text(l))))
            )
        )
    }
}
