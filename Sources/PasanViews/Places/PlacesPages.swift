import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/places`: the provinces by name in the page's order (Lao collation on Lao pages), with
/// a map, their codes and how many districts and villages each has.
public struct PlacesPage: Sendable {
    public var language: PasanDomain.Language
    public var provinces: [Area]
    public var childCounts: [String: Int]
    public var villageCounts: [String: Int]
    public var map: AreaMap?

    public init(language: PasanDomain.Language, provinces: [Area], childCounts: [String: Int], villageCounts: [String: Int], map: AreaMap?)
    {
        self.language = language
        self.provinces = provinces
        self.childCounts = childCounts
        self.villageCounts = villageCounts
        self.map = map
    }

    public func render() -> String {
        let l = language
        let layout = Layout(title: UIText.places.text(l), description: UIText.provinces.text(l), path: .places(l))
        return layout.render(
            .div(
                .class("wrap"),
                .h1(.text(UIText.places.text(l))),
                .p(
                    .class("lead"),
                    .text(
                        l.t("portal.places.lead")
                    )
                ),
                .div(
                    .class("places-layout"),
                    .unwrap(map) { map in Fragments.figure(svg: map.svg(label: UIText.provinces.text(l)), caption: UIText.mapCredit.text(l))
                    },
                    .div(
                        .class("table-scroll"),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text(UIText.code.text(l))),
                                    .th(.text(UIText.province.text(l))),
                                    .th(.text("ISO 3166-2")),
                                    .th(.class("num"), .text(UIText.districts.text(l))),
                                    .th(.class("num"), .text(UIText.villages.text(l)))
                                )
                            ),
                            .tbody(
                                .forEach(provinces.sortedByName(in: l) { $0.name.text(in: l) }) { p in
                                    .tr(
                                        .td(.code(.text(p.code))),
                                        .td(.a(.href(SitePath.place(l, p.code).path), Fragments.localized(p.name, l))),
                                        .td(.text(p.isoCode ?? "—")),
                                        .td(.class("num"), .text(Fragments.count(childCounts[p.code] ?? 0, l))),
                                        .td(.class("num"), .text(Fragments.count(villageCounts[p.code] ?? 0, l)))
                                    )
                                }
                            )
                        )
                    )
                )
            )
        )
    }
}

/// `/{lang}/places/{code}`: a province with its districts, a district with its villages (each
/// linked to its own page), or a village; with `details`, what happens there: activities,
/// overlaps, the SDG data for the area, who to contact and the reporting chains through it.
public struct PlacePage: Sendable {
    public var language: PasanDomain.Language
    public var area: Area
    public var parent: Area?
    public var children: Page<Area>
    public var map: AreaMap?
    /// What happens in the place (`nil`: the facts of the area alone).
    public var details: PlaceDetails?

    public init(
        language: PasanDomain.Language,
        area: Area,
        parent: Area?,
        children: Page<Area>,
        map: AreaMap?,
        details: PlaceDetails? = nil
    ) {
        self.language = language
        self.area = area
        self.parent = parent
        self.children = children
        self.map = map
        self.details = details
    }

    public func render() -> String {
        let l = language
        let levelName =
            area.level == .province ? UIText.province.text(l) : area.level == .district ? UIText.district.text(l) : UIText.village.text(l)
        let childName = area.level == .province ? UIText.districts.text(l) : UIText.villages.text(l)
        var crumbs: [(String, String?)] = [(UIText.places.text(l), SitePath.places(l).path)]
        if let province = details?.province, parent?.code != province.code {
            crumbs.append((province.name.text(in: l), SitePath.place(l, province.code).path))
        }
        if let parent, parent.level != .country { crumbs.append((parent.name.text(in: l), SitePath.place(l, parent.code).path)) }
        crumbs.append((area.name.text(in: l), nil))
        let layout = Layout(
            title: "\(levelName) \(area.name.text(in: l))",
            description: "\(levelName) \(area.name.text(in: l)) (\(area.code))",
            path: .place(l, area.code)
        )
        return layout.render(
            .div(
                .class("wrap"),
                Fragments.breadcrumbs(crumbs, l),
                .h1(.text("\(levelName) "), Fragments.localized(area.name, l)),
                .p(.class("other-language"), .text(area.name.stored(in: l.other) ?? "")),
                .dl(
                    .class("facts"),
                    .dt(.text(UIText.areaCodes.text(l))),
                    .dd(.code(.text(area.code)), .text(" / "), .code(.text(area.pcode ?? "—"))),
                    .unwrap(parent) { p in .group(.dt(.text(UIText.parentArea.text(l))), .dd(Fragments.localized(p.name, l))) },
                    .unwrap(area.isoCode) { .group(.dt(.text("ISO 3166-2")), .dd(.text($0))) }
                ),
                .if(area.level == .district && children.total == 0, .p(.class("notice"), .text(UIText.noVillages.text(l)))),
                .unwrap(details) { details in whatHappensHere(details) },
                .unwrap(map) { map in
                    Fragments.figure(
                        svg: area.level == .province ? map.svg(label: childName) : highlighted(map),
                        caption: UIText.mapCredit.text(l)
                    )
                },
                .unwrap(details) { details in placeDataAndPeople(details) },
                .if(
                    children.total > 0,
                    .group(
                        .h2(.text("\(childName) (\(Fragments.count(children.total, l)))")),
                        .div(
                            .class("table-scroll"),
                            .table(
                                .thead(
                                    .tr(
                                        .th(.text(UIText.code.text(l))),
                                        .th(.text(UIText.name.text(l))),
                                        .th(.text(UIText.language.text(l)))
                                    )
                                ),
                                .tbody(
                                    .forEach(children.items.sortedByName(in: l) { $0.name.text(in: l) }) { child in
                                        .tr(
                                            .td(.code(.text(child.code))),
                                            .td(.a(.href(SitePath.place(l, child.code).path), Fragments.localized(child.name, l))),
                                            .td(.text(child.name.stored(in: l.other) ?? ""))
                                        )
                                    }
                                )
                            )
                        )
                    )
                )
            )
        )
    }
}
