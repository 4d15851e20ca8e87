import PasanDomain
import PasanMessages
import Plot

/// One of the two activities of an overlap, as the overlap pages show it.
public struct OverlapSide: Sendable, Hashable {
    public var identifier: String
    /// The activity's page, when it is in the registry.
    public var id: Int64?
    public var title: LocalizedText
    public var implementer: LocalizedText
    public var status: ActivityStatus?
    public var start: LocalDate?
    public var end: LocalDate?
    public var isIllustrative: Bool

    public init(
        identifier: String,
        id: Int64? = nil,
        title: LocalizedText,
        implementer: LocalizedText,
        status: ActivityStatus? = nil,
        start: LocalDate? = nil,
        end: LocalDate? = nil,
        isIllustrative: Bool = false
    ) {
        self.identifier = identifier
        self.id = id
        self.title = title
        self.implementer = implementer
        self.status = status
        self.start = start
        self.end = end
        self.isIllustrative = isIllustrative
    }
}

/// An overlap with what its pages show of it: its two activities and its places' names.
public struct OverlapEntry: Sendable, Hashable {
    public var overlap: ActivityOverlap
    public var isCurrent: Bool
    public var first: OverlapSide
    public var second: OverlapSide

    public init(overlap: ActivityOverlap, isCurrent: Bool, first: OverlapSide, second: OverlapSide) {
        self.overlap = overlap
        self.isCurrent = isCurrent
        self.first = first
        self.second = second
    }
}

/// Pieces the overlap pages share.
enum OverlapParts {
    static func breadcrumbs(_ trail: [(String, String?)], _ l: Lang) -> BodyNode {
        Fragments.breadcrumbs(
            [(l.t("overlaps.list.title"), trail.isEmpty ? nil : SitePath(language: l, page: .overlaps).path)] + trail,
            l
        )
    }

    static func stateName(_ state: OverlapState, _ l: Lang) -> String {
        switch state {
        case .open: l.t("overlaps.state.open")
        case .coordinated: l.t("overlaps.state.coordinated")
        case .notOverlap: l.t("overlaps.state.notOverlap")
        }
    }

    static func levelName(_ level: OverlapLevel, _ l: Lang) -> String {
        switch level {
        case .village: l.t("overlaps.level.village")
        case .district: l.t("overlaps.level.district")
        }
    }

    static func state(_ state: OverlapState, _ l: Lang) -> BodyNode {
        .element(
            named: "span",
            nodes: [.attribute(named: "class", value: "overlap-state overlap-\(state.rawValue)"), .text(stateName(state, l))]
        )
    }

    static func period(_ start: LocalDate?, _ end: LocalDate?, _ l: Lang) -> String {
        let from = start?.description ?? "…"
        let to = end?.description ?? l.t("overlaps.period.open")
        return "\(from) – \(to)"
    }

    static func shared(_ overlap: ActivityOverlap, _ l: Lang) -> String {
        var parts: [String] = []
        if !overlap.sharedTargets.isEmpty {
            parts.append(l.t("overlaps.shared.targets", ["list": .text(overlap.sharedTargets.joined(separator: ", "))]))
        }
        if !overlap.sharedSectors.isEmpty {
            parts.append(l.t("overlaps.shared.sectors", ["list": .text(overlap.sharedSectors.joined(separator: ", "))]))
        }
        return parts.joined(separator: "; ")
    }

    static func side(_ side: OverlapSide, _ l: Lang) -> BodyNode {
        let title = side.title.text(in: l)
        let name: BodyNode =
            side.id.map { id in .a(.href(SitePath(language: l, page: .activity(id)).path), .text(title)) } ?? .text(title)
        return .group(
            name,
            .text(" (\(side.implementer.text(in: l)))"),
            .if(side.isIllustrative, .text(" ")),
            .if(side.isIllustrative, Fragments.mark(l.t("overlaps.illustrative"), title: l.t("overlaps.illustrative.long")))
        )
    }

    static func places(_ overlap: ActivityOverlap, names: [String: LocalizedText], _ l: Lang) -> BodyNode {
        var nodes: [BodyNode] = []
        for (index, place) in overlap.places.enumerated() {
            if index > 0 { nodes.append(.text(", ")) }
            let name = names[place.areaCode]?.text(in: l) ?? place.areaCode
            nodes.append(.a(.href(SitePath.place(l, place.areaCode).path), .text(name)))
            if place.level == .district { nodes.append(.text(" (" + l.t("overlaps.level.district") + ")")) }
        }
        return .group(nodes)
    }
}
