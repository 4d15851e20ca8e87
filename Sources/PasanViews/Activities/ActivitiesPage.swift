import PasanDomain
import Plot

/// `/{lang}/activities`: the public activity registry — who does what where — with filters by
/// province, district, institution, SDG goal or target and status, pages, and marks on
/// illustrative (demo) activities.
public struct ActivitiesPage: Sendable {
    /// What the list is filtered by, as the query gives it (empty: not filtered).
    public struct Filter: Sendable, Hashable {
        public var province: String
        public var district: String
        public var institution: String
        public var sdg: String
        public var status: String

        public init(province: String = "", district: String = "", institution: String = "", sdg: String = "", status: String = "") {
            self.province = province
            self.district = district
            self.institution = institution
            self.sdg = sdg
            self.status = status
        }

        /// The filter as a query string (`?province=13&sdg=3.1`), empty when nothing is chosen.
        public var query: String {
            let pairs = [("province", province), ("district", district), ("institution", institution), ("sdg", sdg), ("status", status)]
                .filter { !$0.1.isEmpty }
            guard !pairs.isEmpty else { return "" }
            return "?" + pairs.map { "\($0.0)=\(SitePath.queryEscape($0.1))" }.joined(separator: "&")
        }
    }

    public var language: PasanDomain.Language
    public var activities: [Activity]
    public var total: Int
    public var offset: Int
    public var limit: Int
    public var filter: Filter
    public var provinces: [(code: String, name: LocalizedText)]
    public var districts: [(code: String, name: LocalizedText)]
    public var institutions: [(code: String, name: LocalizedText)]
    public var goals: [Goal]
    /// Names of the areas and institutions the activities name.
    public var areaNames: [String: LocalizedText]
    public var institutionNames: [String: LocalizedText]
    /// Whether the reader may enter or upload activities.
    public var canEdit: Bool

    public init(
        language: PasanDomain.Language,
        activities: [Activity],
        total: Int,
        offset: Int,
        limit: Int,
        filter: Filter,
        provinces: [(code: String, name: LocalizedText)],
        districts: [(code: String, name: LocalizedText)],
        institutions: [(code: String, name: LocalizedText)],
        goals: [Goal],
        areaNames: [String: LocalizedText],
        institutionNames: [String: LocalizedText],
        canEdit: Bool = false
    ) {
        self.language = language
        self.activities = activities
        self.total = total
        self.offset = offset
        self.limit = limit
        self.filter = filter
        self.provinces = provinces
        self.districts = districts
        self.institutions = institutions
        self.goals = goals
        self.areaNames = areaNames
        self.institutionNames = institutionNames
        self.canEdit = canEdit
    }

    public func render() -> String {
        let l = language
        let title = l.t("activities.list.title")
        return Layout(title: title, description: l.t("activities.list.lead"), path: SitePath(language: l, page: .activities)).render(
            .div(
                .class("wrap activities"),
                ActivityParts.breadcrumbs([], l),
                .h1(.text(title)),
                .p(
                    .class("lead"),
                    .text(l.t("activities.list.lead") + " "),
                    .a(.href(SitePath(language: l, page: .costing).path), .text(l.t("costing.link")))
                ),
                .if(activities.contains(where: \.isIllustrative), ActivityParts.illustrativeNotice(l)),
                .if(
                    canEdit,
                    .p(
                        .class("actions"),
                        .a(.class("button"), .href(SitePath(language: l, page: .activityNew).path), .text(l.t("activities.list.new"))),
                        .a(.href(SitePath(language: l, page: .activityImport).path), .text(l.t("activities.list.import"))),
                        .a(.href(SitePath(language: l, page: .activityLocations).path), .text(l.t("activities.list.locations")))
                    )
                ),
                filterForm,
                .p(.class("activity-count"), .text(l.t("activities.list.count", count: total))),
                .if(activities.isEmpty, .p(.text(l.t("activities.list.none")))),
                .if(!activities.isEmpty, table),
                pager,
                .p(
                    .class("actions"),
                    .a(
                        .href(Escape.attribute(SitePath(language: l, page: .activitiesExport("activities.csv")).path + filter.query)),
                        .text(l.t("activities.list.exportCSV"))
                    ),
                    .a(
                        .href(Escape.attribute(SitePath(language: l, page: .activitiesExport("activities.xlsx")).path + filter.query)),
                        .text(l.t("activities.list.exportXLSX"))
                    )
                )
            )
        )
    }

    private var filterForm: BodyNode {
        let l = language
        let any = [("", l.t("activities.filter.any"))]
        var sdgOptions = any
        for goal in goals {
            sdgOptions.append((String(goal.number), "\(UIText.goal.text(l)) \(goal.number)"))
        }
        if !filter.sdg.isEmpty, !sdgOptions.contains(where: { $0.0 == filter.sdg }) {
            sdgOptions.append((filter.sdg, filter.sdg))
        }
        return .form(
            .class("activity-filter"),
            .method(.get),
            .action(SitePath(language: l, page: .activities).path),
            FormParts.select(
                UIText.province.text(l),
                name: "province",
                options: any + provinces.map { ($0.code, $0.name.text(in: l)) },
                selected: filter.province
            ),
            FormParts.select(
                UIText.district.text(l),
                name: "district",
                options: any
                    + districts.filter { filter.province.isEmpty || $0.code.hasPrefix(filter.province) }.map {
                        ($0.code, $0.name.text(in: l))
                    },
                selected: filter.district
            ),
            FormParts.select(
                l.t("activities.filter.institution"),
                name: "institution",
                options: any + institutions.map { ($0.code, $0.name.text(in: l)) },
                selected: filter.institution
            ),
            FormParts.select(l.t("activities.filter.sdg"), name: "sdg", options: sdgOptions, selected: filter.sdg),
            FormParts.select(
                l.t("activities.filter.status"),
                name: "status",
                options: any + ActivityStatus.allCases.map { ($0.rawValue, ActivityParts.statusLabel($0, l)) },
                selected: filter.status
            ),
            FormParts.submit(l.t("activities.filter.apply"))
        )
    }

    private var table: BodyNode {
        let l = language
        return .div(
            .class("table-scroll"),
            .table(
                .class("activity-table"),
                .thead(
                    .tr(
                        .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.col.activity"))),
                        .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.col.implementer"))),
                        .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.col.places"))),
                        .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.col.sdg"))),
                        .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.col.period"))),
                        .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.col.status")))
                    )
                ),
                .tbody(
                    .forEach(activities) { a in
                        .tr(
                            .th(
                                .attribute(named: "scope", value: "row"),
                                .a(.href(SitePath(language: l, page: .activity(a.id ?? 0)).path), Fragments.localized(a.title, l)),
                                .if(a.isIllustrative, .group(.text(" "), ActivityParts.illustrativeMark(l))),
                                .br(),
                                .small(.class("code"), .text(a.identifier))
                            ),
                            .td(ActivityParts.organisation(a.implementer, names: institutionNames, l)),
                            .td(
                                .if(a.confirmedLocations.isEmpty, .text("—")),
                                .forEach(Array(a.confirmedLocations.prefix(4).enumerated())) { index, place in
                                    .group(.if(index > 0, .text("; ")), .text(areaNames[place.areaCode]?.text(in: l) ?? place.areaCode))
                                },
                                .if(
                                    a.confirmedLocations.count > 4,
                                    .text(" " + l.t("activities.list.morePlaces", count: a.confirmedLocations.count - 4))
                                )
                            ),
                            .td(.text(ActivityParts.sdgCodes(a))),
                            .td(.text(ActivityParts.period(a.start, a.end, l))),
                            .td(ActivityParts.statusBadge(a.status, l))
                        )
                    }
                )
            )
        )
    }

    private var pager: BodyNode {
        let l = language
        let base = SitePath(language: l, page: .activities).path
        let query = filter.query
        func link(_ offset: Int) -> String { base + (query.isEmpty ? "?" : query + "&") + "offset=\(offset)" }
        let previous = offset > 0 ? link(max(0, offset - limit)) : nil
        let next = offset + activities.count < total ? link(offset + limit) : nil
        return .if(
            previous != nil || next != nil,
            .nav(
                .class("pager"),
                .attribute(named: "aria-label", value: l.t("activities.list.pages")),
                .unwrap(previous) {
                    .a(.href(Escape.attribute($0)), .attribute(named: "rel", value: "prev"), .text(l.t("activities.list.previous")))
                },
                .text(" "),
                .unwrap(next) {
                    .a(.href(Escape.attribute($0)), .attribute(named: "rel", value: "next"), .text(l.t("activities.list.next")))
                }
            )
        )
    }
}
