import PasanDomain

/// Every address of the portal, in one place: routes and links are both made from it, so no page
/// hand-writes a URL. The language is the first path segment, so pages can be linked and cached.
public enum SitePath: Sendable, Hashable {
    case home(Language)
    case goal(Language, Int)
    case indicator(Language, String)
    case places(Language)
    case place(Language, String)
    case search(Language, String?)
    case institutions(Language)
    case dataSources(Language)

    public var path: String {
        switch self {
        case .home(let l): "/\(l.rawValue)/"
        case .goal(let l, let n): "/\(l.rawValue)/goals/\(n)"
        case .indicator(let l, let code): "/\(l.rawValue)/indicators/\(code)"
        case .places(let l): "/\(l.rawValue)/places"
        case .place(let l, let code): "/\(l.rawValue)/places/\(code)"
        case .search(let l, let q):
            if let q, !q.isEmpty { "/\(l.rawValue)/search?q=\(Self.queryEscape(q))" } else { "/\(l.rawValue)/search" }
        case .institutions(let l): "/\(l.rawValue)/institutions"
        case .dataSources(let l): "/\(l.rawValue)/about/data"
        }
    }

    public var language: Language {
        switch self {
        case .home(let l), .goal(let l, _), .indicator(let l, _), .places(let l), .place(let l, _),
             .search(let l, _), .institutions(let l), .dataSources(let l): l
        }
    }

    /// The same page in another language.
    public func `in`(_ language: Language) -> SitePath {
        switch self {
        case .home: .home(language)
        case .goal(_, let n): .goal(language, n)
        case .indicator(_, let c): .indicator(language, c)
        case .places: .places(language)
        case .place(_, let c): .place(language, c)
        case .search(_, let q): .search(language, q)
        case .institutions: .institutions(language)
        case .dataSources: .dataSources(language)
        }
    }

    /// Route patterns for the router, with the same segments as `path`.
    public enum Pattern {
        public static let home = "/{lang}"
        public static let goal = "/{lang}/goals/{number}"
        public static let indicator = "/{lang}/indicators/{code}"
        public static let places = "/{lang}/places"
        public static let place = "/{lang}/places/{code}"
        public static let search = "/{lang}/search"
        public static let institutions = "/{lang}/institutions"
        public static let dataSources = "/{lang}/about/data"
    }

    static func queryEscape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            case UInt8(ascii: " "):
                out.append("+")
            default:
                let hex = Array("0123456789ABCDEF")
                out.append("%"); out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}

/// Static assets, with a version so they can be cached for a long time.
public enum AssetPath {
    public static let version = "1"
    public static let stylesheet = "/assets/pasan.css?v=\(version)"
    public static let fontRegular = "/assets/fonts/NotoSansLao-Regular.ttf"
    public static let fontBold = "/assets/fonts/NotoSansLao-Bold.ttf"
}
