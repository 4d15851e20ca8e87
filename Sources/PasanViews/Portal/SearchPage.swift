import PasanDomain
import Plot

/// `/{lang}/search?q=…`: goals, targets and indicators matching a code or words, in Lao or English.
public struct SearchPage: Sendable {
    public var language: PasanDomain.Language
    public var query: String
    public var hits: [FrameworkSearch.Hit]

    public init(language: PasanDomain.Language, query: String, hits: [FrameworkSearch.Hit]) {
        self.language = language
        self.query = query
        self.hits = hits
    }

    public func render() -> String {
        let l = language
        let layout = Layout(
            title: query.isEmpty ? UIText.search.text(l) : "\(UIText.search.text(l)): \(query)",
            description: UIText.searchHint.text(l),
            path: .search(l, query)
        )
        return layout.render(
            .div(
                .class("wrap"),
                .h1(.text(UIText.search.text(l))),
                .form(
                    .class("search-form"),
                    .action(SitePath.search(l, nil).path),
                    .method(.get),
                    .label(.for("search-q"), .text(UIText.searchHint.text(l))),
                    .div(
                        .class("search-row"),
                        .input(
                            .type(.search),
                            .name("q"),
                            .id("search-q"),
                            .value(Escape.attribute(query)),
                            .placeholder(UIText.searchPlaceholder.text(l))
                        ),
                        .button(.type(.submit), .text(UIText.search.text(l)))
                    )
                ),
                .if(
                    !query.isEmpty,
                    .section(
                        .class("search-results"),
                        .attribute(named: "aria-live", value: "polite"),
                        .p(.class("count"), .text(hits.isEmpty ? UIText.noResults.text(l) : UIText.searchResults(hits.count).text(l))),
                        .ol(.forEach(hits) { hit($0) })
                    )
                )
            )
        )
    }

    private func hit(_ hit: FrameworkSearch.Hit) -> Node<HTML.ListContext> {
        let l = language
        let (href, label): (String, String) =
            switch hit.kind {
            case .goal: (SitePath.goal(l, Int(hit.code) ?? 0).path, UIText.goal.text(l))
            case .target:
                (SitePath.goal(l, FrameworkCode.goalNumber(of: hit.code) ?? 0).path + "#target-\(hit.code)", UIText.target.text(l))
            case .indicator: (SitePath.indicator(l, hit.code).path, UIText.indicator.text(l))
            }
        return .li(
            .class("hit \(hit.kind.rawValue)"),
            .a(.href(href), .span(.class("kind"), .text("\(label) ")), .span(.class("code"), .text(hit.code))),
            .p(Fragments.localized(hit.title, l))
        )
    }
}
