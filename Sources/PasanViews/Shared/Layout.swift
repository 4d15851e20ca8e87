import Foundation
import PasanDomain
import PasanMessages
import Plot

typealias Lang = PasanDomain.Language
public typealias BodyNode = Node<HTML.BodyContext>

/// The page shell shared by every portal page: head, header with navigation, search and the
/// language switch, main content, and footer with data credits.
public struct Layout: Sendable {
    public var title: String
    public var description: String
    public var path: SitePath

    public init(title: String, description: String, path: SitePath) {
        self.title = title
        self.description = description
        self.path = path
    }

    var language: Lang { path.language }

    public func render(_ content: BodyNode) -> String {
        let l = language
        let html = HTML(
            .attribute(named: "lang", value: l.rawValue),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", text: "\(title) · \(UIText.siteName.text(l))"),
                .meta(.name("description"), .content(Escape.attribute(description))),
                .link(
                    .rel(.preload),
                    .href(AssetPath.fontRegular),
                    .attribute(named: "as", value: "font"),
                    .attribute(named: "type", value: "font/ttf"),
                    .attribute(named: "crossorigin", value: "anonymous")
                ),
                .link(.rel(.stylesheet), .href(AssetPath.stylesheet)),
                .script(.src(AssetPath.script), .attribute(named: "defer", value: "defer")),
                .link(.rel(.alternate), .attribute(named: "hreflang", value: "lo"), .href(Escape.attribute(path.in(.lo).path))),
                .link(.rel(.alternate), .attribute(named: "hreflang", value: "en"), .href(Escape.attribute(path.in(.en).path)))
            ),
            .body(
                .a(.class("skip-link"), .href("#main"), .text(UIText.skipToContent.text(l))),
                header,
                .main(.id("main"), content),
                footer
            )
        )
        return html.render()
    }

    private var header: BodyNode {
        let l = language
        return .header(
            .class("site-header"),
            .div(
                .class("wrap header-row"),
                .a(
                    .class("brand"),
                    .href(SitePath.home(l).path),
                    .span(.class("brand-mark"), .text(l.t("app.layout.brandMark"))),
                    .span(.class("brand-name"), .text(l.t("app.layout.brandName")))
                ),
                .nav(
                    .attribute(named: "aria-label", value: l.t("app.layout.mainMenu")),
                    .ul(
                        .class("nav-links"),
                        .li(.a(.href(SitePath.home(l).path), .text(UIText.goals.text(l)))),
                        .li(.a(.href(SitePath(language: l, page: .progress).path), .text(l.t("app.nav.progress")))),
                        .li(.a(.href(SitePath(language: l, page: .plans).path), .text(l.t("app.nav.plans")))),
                        .li(.a(.href(SitePath(language: l, page: .activities).path), .text(l.t("activities.nav")))),
                        .li(.a(.href(SitePath.places(l).path), .text(UIText.places.text(l)))),
                        .li(.a(.href(SitePath.institutions(l).path), .text(UIText.institutions.text(l)))),
                        .li(
                            .a(
                                .href(SitePath(language: l, page: .responsibilities).path),
                                .text(l.t("app.nav.responsibilities"))
                            )
                        ),
                        .li(.a(.href(SitePath(language: l, page: .me).path), .text(l.t("app.nav.myPasan"))))
                    )
                ),
                .form(
                    .class("header-search"),
                    .action(SitePath.search(l, nil).path),
                    .method(.get),
                    .attribute(named: "role", value: "search"),
                    .label(.class("visually-hidden"), .for("q"), .text(UIText.search.text(l))),
                    .input(.type(.search), .name("q"), .id("q"), .placeholder(UIText.searchPlaceholder.text(l))),
                    .button(.type(.submit), .text(UIText.search.text(l)))
                ),
                .a(
                    .class("lang-switch"),
                    .href(Escape.attribute(path.in(l.other).path)),
                    .attribute(named: "hreflang", value: l.other.rawValue),
                    .attribute(named: "lang", value: l.other.rawValue),
                    .text(UIText.language.text(l))
                )
            )
        )
    }

    private var footer: BodyNode {
        let l = language
        return .footer(
            .class("site-footer"),
            .div(
                .class("wrap"),
                .p(
                    .text(
                        l.t("app.footer.about")
                    )
                ),
                .p(
                    .a(.href(SitePath(language: l, page: .reportingStatus).path), .text(l.t("app.footer.reportingStatus"))),
                    .text(" · "),
                    .a(.href(SitePath(language: l, page: .dataAvailability).path), .text(l.t("app.footer.dataAvailability"))),
                    .text(" · "),
                    .a(.href(SitePath(language: l, page: .downloads).path), .text(l.t("app.footer.downloads"))),
                    .text(" · "),
                    .a(.href(SitePath(language: l, page: .methodology).path), .text(l.t("app.footer.methodology"))),
                    .text(" · "),
                    .a(.href(SitePath(language: l, page: .recognition).path), .text(l.t("app.footer.recognition"))),
                    .text(" · "),
                    .a(.href(SitePath(language: l, page: .capacity).path), .text(l.t("capacity.footer.link"))),
                    .text(" · "),
                    .a(.href(SitePath(language: l, page: .selfAssessment).path), .text(l.t("governance.footer.link"))),
                    .text(" · "),
                    .a(.href(SitePath(language: l, page: .vnrs).path), .text(l.t("vnr.footer.link")))
                ),
                .p(
                    .a(.href(SitePath.dataSources(l).path), .text(UIText.dataSources.text(l))),
                    .text(" · "),
                    .text(UIText.mapCredit.text(l))
                )
            )
        )
    }
}

/// Plot escapes text nodes but not attribute values: every attribute that can carry text from
/// users or data goes through `Escape.attribute`.
public enum Escape {
    public static func attribute(_ value: String) -> String {
        // Byte by byte: the five characters are ASCII, and walking a Lao text by grapheme
        // clusters costs more than the rest of a page's rendering.
        let special: (UInt8) -> Bool = { $0 == 0x26 || $0 == 0x22 || $0 == 0x27 || $0 == 0x3C || $0 == 0x3E }
        guard value.utf8.contains(where: special) else { return value }
        var out: [UInt8] = []
        out.reserveCapacity(value.utf8.count + 16)
        for byte in value.utf8 {
            switch byte {
            case 0x26: out += Array("&amp;".utf8)
            case 0x22: out += Array("&quot;".utf8)
            case 0x27: out += Array("&#39;".utf8)
            case 0x3C: out += Array("&lt;".utf8)
            case 0x3E: out += Array("&gt;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Small pieces used by several pages.
public enum Fragments {
    /// A text in the page language, marked when it is an unreviewed machine translation or when
    /// English stands in for missing Lao.
    static func localized<C>(_ text: LocalizedText, _ l: Lang) -> Node<C> {
        let shown = Node<C>.text(text.text(in: l))
        if text.isFallback(in: l) {
            return .group([
                .element(named: "span", nodes: [.attribute(named: "lang", value: "en"), shown]), .text(" "),
                mark("EN", title: UIText.laoMissing.text(l)),
            ])
        }
        if text.needsNotice(in: l), text.loStatus == .unreviewed {
            // A Lao text written by people (Pasan's correction) that no reviewer approved yet.
            return .group([shown, .text(" "), mark(l.t("app.mark.unreviewed"), title: l.t("app.mark.unreviewedLong"))])
        }
        if text.needsNotice(in: l) {
            return .group([shown, .text(" "), mark(UIText.machineTranslation.text(l), title: UIText.machineTranslationLong.text(l))])
        }
        return shown
    }

    static func mark<C>(_ label: String, title: String) -> Node<C> {
        .element(
            named: "span",
            nodes: [.attribute(named: "class", value: "mt-mark"), .attribute(named: "title", value: Escape.attribute(title)), .text(label)]
        )
    }

    /// A `<figure>` with inline SVG and a caption.
    static func figure(svg: String, caption: String) -> BodyNode {
        .element(
            named: "figure",
            nodes: [
                .attribute(named: "class", value: "map"), .raw(svg),
                .element(named: "figcaption", nodes: [.text(caption)]),
            ]
        )
    }

    /// The class (with `dark-text` when dark text reads better) and the inline style that paint
    /// an element in a goal's colour, adjusted as far as needed for AA contrast.
    /// The classes of a goal-coloured element: its kind, `goal-N` (the background, from
    /// `pasan.css`: no inline style, which the Content-Security-Policy forbids) and `dark-text`
    /// when dark text reads better on the colour.
    static func goalColour(_ cssClass: String, _ goal: Goal) -> String {
        cssClass + " goal-\(goal.number)" + (GoalColours.prefersDarkText(on: goal.colour) ? " dark-text" : "")
    }

    static func goalBadge(_ goal: Goal, _ l: Lang) -> BodyNode {
        let colour = goalColour("goal-badge", goal)
        return .span(.class(colour), .text("\(UIText.goal.text(l)) \(goal.number)"))
    }

    static func breadcrumbs(_ items: [(String, String?)], _ l: Lang) -> BodyNode {
        .nav(
            .class("breadcrumbs"),
            .attribute(named: "aria-label", value: l.t("app.layout.breadcrumbs")),
            .ol(
                .forEach(items) { item in
                    if let href = item.1 { return .li(.a(.href(href), .text(item.0))) }
                    return .li(.attribute(named: "aria-current", value: "page"), .text(item.0))
                }
            )
        )
    }

    static func tierText(_ tier: Tier?) -> String {
        switch tier {
        case .tier1: "I"
        case .tier2: "II"
        case .tier3: "III"
        case .multiple: "I/II"
        case nil: "—"
        }
    }

    public static func formatNumber(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
