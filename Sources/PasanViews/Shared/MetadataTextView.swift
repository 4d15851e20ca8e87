import PasanDomain
import Plot

/// A metadata text (`MetadataText`: paragraphs, headings, list items, bold, italic, links) as
/// HTML. Every piece of text goes through Plot's escaping, a link's address through
/// `Escape.attribute`; links keep only an `http`, `https` or `mailto` address (`MetadataText`)
/// and carry `rel="nofollow noopener"`: they are the publisher's, not Pasan's.
enum MetadataTextView {
    static func node(_ text: MetadataText) -> BodyNode {
        var nodes: [BodyNode] = []
        var items: [Node<HTML.ListContext>] = []
        func endList() {
            if !items.isEmpty { nodes.append(.ul(.group(items))) }
            items = []
        }
        for block in text.blocks {
            switch block {
            case .listItem(let inlines):
                items.append(.li(.group(inlines.map { inline($0) })))
            case .paragraph(let inlines):
                endList()
                nodes.append(.p(.group(inlines.map { inline($0) })))
            case .heading(let inlines):
                endList()
                nodes.append(.p(.class("subheading"), .strong(.group(inlines.map { inline($0) }))))
            }
        }
        endList()
        return .div(.class("metadata-text"), .group(nodes))
    }

    /// Inline content fits any element that holds text.
    static func inline<C>(_ inline: MetadataText.Inline) -> Node<C> {
        switch inline {
        case .text(let text):
            return .text(text)
        case .strong(let inner):
            return .element(named: "strong", nodes: inner.map { Self.inline($0) })
        case .emphasis(let inner):
            return .element(named: "em", nodes: inner.map { Self.inline($0) })
        case .link(let url, let inner):
            return .element(
                named: "a",
                nodes: [
                    .attribute(named: "href", value: Escape.attribute(url)), .attribute(named: "rel", value: "nofollow noopener"),
                ] + inner.map { Self.inline($0) }
            )
        case .image(let source, let description):
            return .selfClosedElement(
                named: "img",
                attributes: [
                    Attribute(name: "src", value: Escape.attribute(source)), Attribute(name: "alt", value: Escape.attribute(description)),
                    Attribute(name: "loading", value: "lazy"),
                ]
            )
        case .lineBreak:
            return .selfClosedElement(named: "br")
        }
    }
}
