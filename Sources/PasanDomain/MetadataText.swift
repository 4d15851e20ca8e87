/// A metadata text read for showing: paragraphs, headings and list items of plain text with
/// bold, italic, line breaks, links and pictures embedded as raster data (LSB's metadata holds
/// charts as `data:image/png;base64,…`). Open SDG metadata is HTML written by people and by
/// converters; only this much of it is kept, so nothing else a file holds (scripts, styles, event
/// attributes, `javascript:` links, linked or SVG images, iframes) can reach a page. A text without any tag is
/// read as plain text, a line per paragraph (what the UN Word template gives).
public struct MetadataText: Sendable, Hashable {
    public indirect enum Inline: Sendable, Hashable {
        case text(String)
        case strong([Inline])
        case emphasis([Inline])
        /// A link to an `http`, `https` or `mailto` address; other addresses are dropped, their text kept.
        case link(url: String, [Inline])
        /// A PNG, JPEG, GIF or WebP picture carried in the text as a `data:` address.
        case image(source: String, description: String)
        case lineBreak
    }

    public enum Block: Sendable, Hashable {
        case paragraph([Inline])
        case heading([Inline])
        case listItem([Inline])
    }

    public var blocks: [Block]

    public init(blocks: [Block]) { self.blocks = blocks }

    public init(_ source: String) {
        if !source.contains("<") {
            blocks = source.split(whereSeparator: \.isNewline).map { MetadataText.collapsed(MetadataText.decoded(String($0))) }
                .filter { !$0.isEmpty }.map { .paragraph([.text($0)]) }
        } else {
            var reader = HTMLReader()
            reader.read(source)
            blocks = reader.blocks
        }
    }

    /// The text without its formatting, blocks on lines of their own.
    public var plainText: String {
        blocks.map { block in
            switch block {
            case .paragraph(let inlines), .heading(let inlines), .listItem(let inlines): Self.plain(inlines)
            }
        }.joined(separator: "\n")
    }

    static func plain(_ inlines: [Inline]) -> String {
        inlines.map { inline in
            switch inline {
            case .text(let text): text
            case .strong(let inner), .emphasis(let inner), .link(_, let inner): plain(inner)
            case .lineBreak: "\n"
            case .image(_, let description): description
            }
        }.joined()
    }

    /// Whether a picture's address is raster data carried in the text (`data:image/png;base64,…`):
    /// nothing is fetched from elsewhere, and no SVG (which can hold scripts) gets through.
    public static func isEmbeddedPicture(_ source: String) -> Bool {
        let prefixes = ["data:image/png;base64,", "data:image/jpeg;base64,", "data:image/gif;base64,", "data:image/webp;base64,"]
        guard let prefix = prefixes.first(where: { source.lowercased().hasPrefix($0) }) else { return false }
        return source.utf8.dropFirst(prefix.utf8.count).allSatisfy { byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2B
                || byte == 0x2F || byte == 0x3D
        }
    }

    /// Whether a link's address may be shown as a link.
    public static func isSafeURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        return ["http://", "https://", "mailto:"].contains { lower.hasPrefix($0) } && !url.contains(where: \.isWhitespace)
    }

    // MARK: - Text

    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static let namedEntities: [String: String] = {
        let pairs: [(String, UInt32)] = [
            ("amp", 0x26), ("lt", 0x3C), ("gt", 0x3E), ("quot", 0x22), ("apos", 0x27), ("nbsp", 0xA0), ("ndash", 0x2013),
            ("mdash", 0x2014), ("rsquo", 0x2019), ("lsquo", 0x2018), ("rdquo", 0x201D), ("ldquo", 0x201C), ("hellip", 0x2026),
            ("bull", 0x2022), ("deg", 0xB0), ("copy", 0xA9),
        ]
        var result: [String: String] = [:]
        for (name, scalar) in pairs { result[name] = String(Unicode.Scalar(scalar)!) }
        return result
    }()

    /// `&amp;`, `&#39;`, `&#x2013;` decoded; anything else kept as written.
    static func decoded(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(12).firstIndex(of: ";"), let character = entity(after[..<semi]) {
                result += character
                rest = after[after.index(after: semi)...]
            } else {
                result += "&"
                rest = after
            }
        }
        return result + rest
    }

    static func entity(_ name: Substring) -> String? {
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let hexadecimal = digits.first == "x" || digits.first == "X"
            let number: UInt32? = hexadecimal ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            // Control characters other than tab and line feed are not text.
            guard let number, number >= 0x20 || number == 0x0A || number == 0x09, let scalar = Unicode.Scalar(number) else {
                return nil
            }
            return String(scalar)
        }
        return namedEntities[String(name)]
    }
}

/// A forgiving reader of the HTML found in metadata: unknown tags are dropped (their text kept),
/// `script` and `style` are dropped with their content, unclosed tags end with their block.
struct HTMLReader {
    private(set) var blocks: [MetadataText.Block] = []

    private enum Kind: Equatable {
        case strong, emphasis, link(String?)
    }

    /// Open inline elements, outermost first, with what they hold so far.
    private var frames: [(kind: Kind?, inlines: [MetadataText.Inline])] = [(nil, [])]
    private var blockKind: BlockKind = .paragraph
    private var text = ""

    private enum BlockKind { case paragraph, heading, listItem }

    static let blockTags: Set<String> = [
        "p", "div", "br", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "thead", "tbody",
        "blockquote", "section", "article", "hr", "pre",
    ]
    static let headingTags: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
    static let droppedWithContent: Set<String> = ["script", "style", "head", "title", "iframe", "object", "noscript", "template"]

    mutating func read(_ html: String) {
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            guard character == "<" else {
                text.append(character)
                index = html.index(after: index)
                continue
            }
            let rest = html[index...]
            if rest.hasPrefix("<!--") {
                if let end = rest.range(of: "-->") { index = end.upperBound } else { index = html.endIndex }
                continue
            }
            // A tag ends at the first `>`; a `<` met before it means this `<` was text. Looking
            // no further than the next `<` keeps a text full of `<` linear to read.
            let end = rest.dropFirst().firstIndex { $0 == ">" || $0 == "<" }
            guard let close = end, html[close] == ">", let tag = Tag(rest[rest.index(after: index)..<close]) else {
                text.append(character)
                index = html.index(after: index)
                continue
            }
            index = html.index(after: close)
            if !tag.isClosing, Self.droppedWithContent.contains(tag.name) {
                if let end = html[index...].range(of: "</\(tag.name)", options: .caseInsensitive) {
                    index = html[end.upperBound...].firstIndex(of: ">").map { html.index(after: $0) } ?? html.endIndex
                } else {
                    index = html.endIndex
                }
                continue
            }
            handle(tag)
        }
        endBlock()
    }

    private mutating func handle(_ tag: Tag) {
        switch tag.name {
        case "br":
            flushText()
            frames[frames.count - 1].inlines.append(.lineBreak)
        case "strong", "b":
            tag.isClosing ? closeInline(.strong) : openInline(.strong)
        case "em", "i":
            tag.isClosing ? closeInline(.emphasis) : openInline(.emphasis)
        case "a":
            if tag.isClosing {
                if let open = frames.lastIndex(where: { if case .link = $0.kind { true } else { false } }), open > 0 {
                    closeInline(frames[open].kind!)
                }
            } else {
                openInline(.link(tag.attributes["href"].flatMap { MetadataText.isSafeURL($0) ? $0 : nil }))
            }
        case "img":
            if let source = tag.attributes["src"], MetadataText.isEmbeddedPicture(source) {
                flushText()
                frames[frames.count - 1].inlines.append(.image(source: source, description: tag.attributes["alt"] ?? ""))
            }
        case let name where Self.blockTags.contains(name):
            endBlock()
            if !tag.isClosing {
                if Self.headingTags.contains(name) {
                    blockKind = .heading
                } else if name == "li" {
                    blockKind = .listItem
                }
            }
        default:
            break
        }
    }

    private mutating func flushText() {
        guard !text.isEmpty else { return }
        let decoded = MetadataText.decoded(text)
        text = ""
        // Runs of white space are one space, as a browser shows them.
        var collapsed = ""
        var space = false
        for character in decoded {
            if character.isWhitespace && character != "\u{A0}" {
                space = true
            } else {
                if space { collapsed.append(" ") }
                space = false
                collapsed.append(character)
            }
        }
        if space { collapsed.append(" ") }
        frames[frames.count - 1].inlines.append(.text(collapsed))
    }

    private mutating func openInline(_ kind: Kind) {
        flushText()
        frames.append((kind, []))
    }

    private mutating func closeInline(_ kind: Kind) {
        guard let open = frames.lastIndex(where: { $0.kind == kind }), open > 0 else { return }
        flushText()
        while frames.count > open { foldLast() }
    }

    /// Ends the innermost open element: its content joins its parent.
    private mutating func foldLast() {
        let frame = frames.removeLast()
        let inner = frame.inlines
        let folded: [MetadataText.Inline]
        switch frame.kind {
        case .strong?: folded = [.strong(inner)]
        case .emphasis?: folded = [.emphasis(inner)]
        case .link(let url?)?: folded = [.link(url: url, inner)]
        case .link(nil)?, nil: folded = inner
        }
        frames[frames.count - 1].inlines += folded
    }

    private mutating func endBlock() {
        flushText()
        // An element left open ends with its block.
        while frames.count > 1 { foldLast() }
        let inlines = Self.trimmed(frames[0].inlines)
        frames = [(nil, [])]
        if !inlines.isEmpty {
            switch blockKind {
            case .paragraph: blocks.append(.paragraph(inlines))
            case .heading: blocks.append(.heading(inlines))
            case .listItem: blocks.append(.listItem(inlines))
            }
        }
        blockKind = .paragraph
    }

    /// Leading and trailing spaces and line breaks dropped; nothing left when only they were there.
    static func trimmed(_ inlines: [MetadataText.Inline]) -> [MetadataText.Inline] {
        var result = inlines
        while let first = result.first, isBlank(first) { result.removeFirst() }
        while let last = result.last, isBlank(last) { result.removeLast() }
        if case .text(let text)? = result.first { result[0] = .text(String(text.drop { $0 == " " })) }
        if case .text(let text)? = result.last {
            result[result.count - 1] = .text(String(text.reversed().drop { $0 == " " }.reversed()))
        }
        return result.allSatisfy(isBlank) ? [] : result
    }

    static func isBlank(_ inline: MetadataText.Inline) -> Bool {
        switch inline {
        case .text(let text): text.allSatisfy { $0 == " " }
        case .lineBreak: true
        case .strong(let inner), .emphasis(let inner), .link(_, let inner): inner.allSatisfy(isBlank)
        case .image: false
        }
    }

    /// A tag's name, whether it closes, and the attributes Pasan reads (`href`, `src`, `alt`).
    struct Tag {
        var name: String
        var isClosing: Bool
        var attributes: [String: String] = [:]

        static let read: [String: Set<String>] = ["a": ["href"], "img": ["src", "alt"]]

        init?(_ inside: Substring) {
            var body = inside
            isClosing = body.first == "/"
            if isClosing { body = body.dropFirst() }
            let name = body.prefix { $0.isLetter || $0.isNumber }
            guard !name.isEmpty, name.allSatisfy(\.isASCII), name.first!.isLetter else { return nil }
            self.name = name.lowercased()
            if !isClosing, let wanted = Tag.read[self.name] {
                attributes = Tag.attributes(body.dropFirst(name.count)).filter { wanted.contains($0.key) }
            }
        }

        /// `name="…"`, `name='…'`, `name=…` and bare `name`, names in lower case, values decoded.
        static func attributes(_ text: Substring) -> [String: String] {
            var result: [String: String] = [:]
            var rest = text
            while true {
                rest = rest.drop { $0.isWhitespace || $0 == "/" }
                let name = rest.prefix { !$0.isWhitespace && $0 != "=" && $0 != "/" }
                guard !name.isEmpty else { return result }
                rest = rest.dropFirst(name.count).drop(while: \.isWhitespace)
                var value = ""
                if rest.first == "=" {
                    rest = rest.dropFirst().drop(while: \.isWhitespace)
                    if let quote = rest.first, quote == "\"" || quote == "'" {
                        let quoted = rest.dropFirst().prefix { $0 != quote }
                        value = String(quoted)
                        rest = rest.dropFirst(quoted.count + 1).dropFirst()
                    } else {
                        let bare = rest.prefix { !$0.isWhitespace }
                        value = String(bare)
                        rest = rest.dropFirst(bare.count)
                    }
                }
                let key = name.lowercased()
                if result[key] == nil { result[key] = MetadataText.decoded(value).trimmingSpaces }
            }
        }
    }
}
