/// Search over goals, targets and indicators in Lao and English, by code or by text.
///
/// Every entry carries its normalised Lao and English texts (`SearchText`), and a query matches
/// by substring, so Lao queries need no word segmentation. Code queries (`3.1.2`, `3.1`) rank
/// exact codes first, then codes that start with the query, then text matches.
public struct FrameworkSearch: Sendable {
    public enum Kind: String, Sendable, Codable, Hashable {
        case goal, target, indicator
    }

    public struct Hit: Sendable, Hashable {
        public var kind: Kind
        public var code: String
        public var title: LocalizedText
        /// Lower ranks first.
        public var rank: Int
    }

    private struct Entry: Sendable {
        var kind: Kind
        var code: String
        var title: LocalizedText
        var keys: [[UInt8]]
    }

    private let entries: [Entry]

    public init(goals: [Goal], targets: [Target], indicators: [Indicator], series: [Series] = []) {
        var seriesNames: [String: [String]] = [:]
        for s in series {
            seriesNames[s.indicator, default: []].append(contentsOf: [s.code, s.name.en, s.name.lo ?? ""])
        }
        var entries: [Entry] = []
        for goal in goals {
            entries.append(
                Entry(
                    kind: .goal,
                    code: String(goal.number),
                    title: goal.title,
                    keys: [goal.title.en, goal.title.lo ?? "", goal.shortTitle.en, goal.shortTitle.lo ?? ""].map(Self.key)
                )
            )
        }
        for target in targets {
            let title = target.title ?? LocalizedText(en: "Target \(target.code)", lo: nil, loStatus: .machine)
            entries.append(
                Entry(
                    kind: .target,
                    code: target.code,
                    title: title,
                    keys: [title.en, title.lo ?? ""].map(Self.key)
                )
            )
        }
        for indicator in indicators {
            let texts = [indicator.title.en, indicator.title.lo ?? ""] + (seriesNames[indicator.code] ?? [])
            entries.append(
                Entry(
                    kind: .indicator,
                    code: indicator.code,
                    title: indicator.title,
                    keys: texts.filter { !$0.isEmpty }.map(Self.key)
                )
            )
        }
        self.entries = entries
    }

    /// The hits for `query`, best first; at most `limit`.
    public func search(_ query: String, limit: Int = 50) -> [Hit] {
        let needle = SearchText.normalise(query)
        guard !needle.isEmpty else { return [] }
        let needleBytes = Array(needle.utf8)
        var hits: [Hit] = []
        for entry in entries {
            let code = entry.code.lowercased()
            let rank: Int
            if code == needle {
                rank = 0
            } else if code.hasPrefix(needle) && needle.contains(".") {
                rank = 1
            } else if entry.keys.contains(where: { Self.bytes($0, contain: needleBytes) }) {
                rank = 2 + (entry.kind == .indicator ? 1 : 0)
            } else {
                continue
            }
            hits.append(Hit(kind: entry.kind, code: entry.code, title: entry.title, rank: rank))
        }
        hits.sort { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            if a.kind != b.kind { return a.kind.order < b.kind.order }
            return FrameworkCode.areInIncreasingOrder(a.code, b.code)
        }
        return Array(hits.prefix(limit))
    }
}

extension FrameworkSearch {
    static func key(_ text: String) -> [UInt8] { Array(SearchText.normalise(text).utf8) }

    /// Substring test on UTF-8 bytes, i.e. on Unicode scalars: a Lao query may start or end with
    /// a vowel or tone mark, which `String.contains` (grapheme clusters) would not match.
    static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count, let first = needle.first else { return needle.isEmpty }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count && haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}

private extension FrameworkSearch.Kind {
    var order: Int {
        switch self {
        case .goal: 0
        case .target: 1
        case .indicator: 2
        }
    }
}
