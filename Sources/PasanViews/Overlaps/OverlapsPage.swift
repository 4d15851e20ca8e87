import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/overlaps`: activities of different institutions doing similar work in the same
/// villages (or districts) at the same time — filters, the map of districts shaded by the
/// number of overlapping activities with its legend, the villages with the most, and the list.
public struct OverlapsPage: Sendable {
    /// The filters as the reader chose them (empty: all).
    public struct Filter: Sendable, Hashable {
        public var province = ""
        public var district = ""
        public var sector = ""
        public var target = ""
        public var institution = ""
        public var state = ""

        public init(
            province: String = "",
            district: String = "",
            sector: String = "",
            target: String = "",
            institution: String = "",
            state: String = ""
        ) {
            self.province = province
            self.district = district
            self.sector = sector
            self.target = target
            self.institution = institution
            self.state = state
        }

        /// The query string of these filters (without `?`), for links to other pages of the list.
        public var query: String {
            [
                ("province", province), ("district", district), ("sector", sector), ("target", target), ("institution", institution),
                ("state", state),
            ]
            .filter { !$0.1.isEmpty }.map { "\($0.0)=\(SitePath.queryEscape($0.1))" }.joined(separator: "&")
        }
    }

    /// A village with overlapping activities, for the table.
    public struct VillageCount: Sendable, Hashable {
        public var code: String
        public var name: LocalizedText?
        public var district: LocalizedText?
        public var count: Int

        public init(code: String, name: LocalizedText?, district: LocalizedText?, count: Int) {
            self.code = code
            self.name = name
            self.district = district
            self.count = count
        }
    }

    public var language: PasanDomain.Language
    public var filter: Filter
    /// (code, name) of the filters' choices.
    public var provinces: [(String, LocalizedText)]
    public var districts: [(String, LocalizedText)]
    public var institutions: [(String, LocalizedText)]
    /// The district map, and the number of overlapping activities per district.
    public var map: AreaMap?
    public var districtCounts: [String: Int]
    /// The villages with the most overlapping activities (at most `villageLimit`), and how many there are.
    public var villages: [VillageCount]
    public var villageTotal: Int
    public var entries: [OverlapEntry]
    public var total: Int
    public var offset: Int
    public var limit: Int
    /// Names of the places the entries meet in.
    public var placeNames: [String: LocalizedText]

    public init(
        language: PasanDomain.Language,
        filter: Filter,
        provinces: [(String, LocalizedText)],
        districts: [(String, LocalizedText)],
        institutions: [(String, LocalizedText)],
        map: AreaMap?,
        districtCounts: [String: Int],
        villages: [VillageCount],
        villageTotal: Int,
        entries: [OverlapEntry],
        total: Int,
        offset: Int,
        limit: Int,
        placeNames: [String: LocalizedText]
    ) {
        self.language = language
        self.filter = filter
        self.provinces = provinces
        self.districts = districts
        self.institutions = institutions
        self.map = map
        self.districtCounts = districtCounts
        self.villages = villages
        self.villageTotal = villageTotal
        self.entries = entries
        self.total = total
        self.offset = offset
        self.limit = limit
        self.placeNames = placeNames
    }

    public func render() -> String {
        let l = language
        let title = l.t("overlaps.list.title")
        let path = SitePath(language: l, page: .overlaps)
        let illustrative = entries.contains { $0.first.isIllustrative || $0.second.isIllustrative }
        return Layout(title: title, description: l.t("overlaps.list.lead"), path: path).render(
            .div(
                .class("wrap overlaps"),
                OverlapParts.breadcrumbs([], l),
                .h1(.text(title)),
                .p(.class("lead"), .text(l.t("overlaps.list.lead"))),
                .p(.class("overlap-rule"), .text(l.t("overlaps.list.rule"))),
                .if(illustrative, .p(.class("notice"), .text(l.t("overlaps.illustrative.notice")))),
                filterForm(path),
                mapSection,
                villageSection,
                listSection(path)
            )
        )
    }

    private func filterForm(_ path: SitePath) -> BodyNode {
        let l = language
        func options(_ list: [(String, LocalizedText)]) -> [(String, String)] {
            [("", l.t("overlaps.filter.all"))] + list.map { ($0.0, $0.1.text(in: l)) }
        }
        return .form(
            .class("overlap-filters"),
            .method(.get),
            .action(path.path),
            FormParts.select(l.t("overlaps.filter.province"), name: "province", options: options(provinces), selected: filter.province),
            FormParts.select(l.t("overlaps.filter.district"), name: "district", options: options(districts), selected: filter.district),
            FormParts.field(
                l.t("overlaps.filter.sector"),
                name: "sector",
                value: filter.sector,
                hint: l.t("overlaps.filter.sectorHint")
            ),
            FormParts.field(l.t("overlaps.filter.target"), name: "target", value: filter.target, hint: l.t("overlaps.filter.targetHint")),
            FormParts.select(
                l.t("overlaps.filter.institution"),
                name: "institution",
                options: options(institutions),
                selected: filter.institution
            ),
            FormParts.select(
                l.t("overlaps.filter.state"),
                name: "state",
                options: [("", l.t("overlaps.filter.all"))] + OverlapState.allCases.map { ($0.rawValue, OverlapParts.stateName($0, l)) },
                selected: filter.state
            ),
            FormParts.submit(l.t("overlaps.filter.apply"))
        )
    }

    /// The map's five steps (as `AreaMap` shades them) with the range of counts each stands for.
    var legend: [(color: String, label: String)] {
        let values = districtCounts.values
        guard let low = values.min(), let high = values.max() else { return [] }
        if low == high { return [(AreaMap.scale[2], "\(low)")] }
        let span = Double(high - low)
        var steps: [(String, String)] = []
        for step in 0..<5 {
            let from = Int((Double(low) + span * Double(step) / 5).rounded(.up))
            let to = step == 4 ? high : Int((Double(low) + span * Double(step + 1) / 5).rounded(.up)) - 1
            guard to >= from else { continue }
            steps.append((AreaMap.scale[step], from == to ? "\(from)" : "\(from)–\(to)"))
        }
        return steps
    }

    private var mapSection: BodyNode {
        let l = language
        guard let map, !map.shapes.isEmpty else { return .empty }
        let label = l.t("overlaps.map.label")
        return .section(
            .class("overlap-map"),
            .h2(.text(l.t("overlaps.map.title"))),
            .p(.text(l.t("overlaps.map.lead"))),
            Fragments.figure(
                svg: map.svg(
                    label: label,
                    values: districtCounts.mapValues(Double.init),
                    format: { l.t("overlaps.map.count", count: Int($0)) }
                ),
                caption: UIText.mapCredit.text(l)
            ),
            .if(
                !legend.isEmpty,
                .ul(
                    .class("map-legend"),
                    .attribute(named: "aria-label", value: l.t("overlaps.map.legend")),
                    .forEach(legend) { step in
                        .li(
                            // The colour comes from the stylesheet: the CSP refuses inline styles.
                            .span(.class("swatch step-\(AreaMap.scale.firstIndex(of: step.color) ?? 0)")),
                            .text(step.label)
                        )
                    },
                    .li(.span(.class("swatch no-value")), .text(l.t("overlaps.map.none")))
                )
            ),
            .if(districtCounts.isEmpty, .p(.text(l.t("overlaps.map.empty"))))
        )
    }

    private var villageSection: BodyNode {
        let l = language
        guard !villages.isEmpty else { return .empty }
        return .section(
            .class("overlap-villages"),
            .h2(.text(l.t("overlaps.villages.title"))),
            .if(
                villageTotal > villages.count,
                .p(.text(l.t("overlaps.villages.most", ["shown": .number(villages.count), "total": .number(villageTotal)])))
            ),
            .div(
                .class("table-scroll"),
                .table(
                    .thead(
                        .tr(
                            .th(.attribute(named: "scope", value: "col"), .text(l.t("overlaps.villages.village"))),
                            .th(.attribute(named: "scope", value: "col"), .text(l.t("overlaps.villages.district"))),
                            .th(.attribute(named: "scope", value: "col"), .class("num"), .text(l.t("overlaps.villages.count")))
                        )
                    ),
                    .tbody(
                        .forEach(villages) { village in
                            .tr(
                                .td(.a(.href(SitePath.place(l, village.code).path), .text(village.name?.text(in: l) ?? village.code))),
                                .td(.text(village.district?.text(in: l) ?? String(village.code.prefix(4)))),
                                .td(.class("num"), .text(TextFormat.number(village.count, in: l)))
                            )
                        }
                    )
                )
            )
        )
    }

    private func listSection(_ path: SitePath) -> BodyNode {
        let l = language
        let query = filter.query
        func page(_ offset: Int) -> String {
            path.path + "?" + ([query].filter { !$0.isEmpty } + ["offset=\(offset)"]).joined(separator: "&")
        }
        return .section(
            .class("overlap-list"),
            .h2(.text(l.t("overlaps.list.found", count: total))),
            .if(entries.isEmpty, .p(.text(l.t("overlaps.list.none")))),
            .if(
                !entries.isEmpty,
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("overlaps.column.activities"))),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("overlaps.column.places"))),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("overlaps.column.shared"))),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("overlaps.column.period"))),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("overlaps.column.state")))
                            )
                        ),
                        .tbody(.forEach(entries) { row($0) })
                    )
                )
            ),
            .if(
                offset > 0 || offset + entries.count < total,
                .nav(
                    .class("pager"),
                    .if(offset > 0, .a(.href(Escape.attribute(page(max(0, offset - limit)))), .text(l.t("overlaps.list.previous")))),
                    .if(offset + entries.count < total, .a(.href(Escape.attribute(page(offset + limit))), .text(l.t("overlaps.list.next"))))
                )
            )
        )
    }

    private func row(_ entry: OverlapEntry) -> Node<HTML.TableContext> {
        let l = language
        let overlap = entry.overlap
        return .tr(
            .td(
                .ol(
                    .class("overlap-pair"),
                    .li(OverlapParts.side(entry.first, l)),
                    .li(OverlapParts.side(entry.second, l))
                ),
                .unwrap(overlap.id) { id in
                    .a(.class("overlap-link"), .href(SitePath(language: l, page: .overlap(id)).path), .text(l.t("overlaps.list.open")))
                }
            ),
            .td(OverlapParts.places(overlap, names: placeNames, l)),
            .td(.text(OverlapParts.shared(overlap, l))),
            .td(.text(OverlapParts.period(overlap.periodStart, overlap.periodEnd, l))),
            .td(
                OverlapParts.state(overlap.state, l),
                .if(!entry.isCurrent, .text(" ")),
                .if(!entry.isCurrent, .small(.text(l.t("overlaps.notCurrent"))))
            )
        )
    }
}
