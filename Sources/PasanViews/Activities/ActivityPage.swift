import PasanDomain
import Plot

/// `/{lang}/activities/{id}`: one activity whole — who, what, where (each place with how it was
/// matched and whether it counts), when, money, sectors and SDG codes — with its revision
/// history and the overlaps it is part of.
public struct ActivityPage: Sendable {
    /// An overlap the activity is part of, with the other activity.
    public struct Overlap: Sendable, Hashable {
        public var id: Int64
        public var otherIdentifier: String
        public var otherTitle: LocalizedText?
        public var otherImplementer: LocalizedText?
        public var level: OverlapLevel
        public var places: [String]
        public var sharedTargets: [String]
        public var sharedSectors: [String]
        public var state: OverlapState

        public init(
            id: Int64,
            otherIdentifier: String,
            otherTitle: LocalizedText?,
            otherImplementer: LocalizedText?,
            level: OverlapLevel,
            places: [String],
            sharedTargets: [String],
            sharedSectors: [String],
            state: OverlapState
        ) {
            self.id = id
            self.otherIdentifier = otherIdentifier
            self.otherTitle = otherTitle
            self.otherImplementer = otherImplementer
            self.level = level
            self.places = places
            self.sharedTargets = sharedTargets
            self.sharedSectors = sharedSectors
            self.state = state
        }
    }

    /// One saved version: its number, who, when and why.
    public struct Revision: Sendable, Hashable {
        public var revision: Int
        public var changedBy: String
        public var changedAt: String
        public var reason: String?

        public init(revision: Int, changedBy: String, changedAt: String, reason: String?) {
            self.revision = revision
            self.changedBy = changedBy
            self.changedAt = changedAt
            self.reason = reason
        }
    }

    public var language: PasanDomain.Language
    public var activity: Activity
    public var areaNames: [String: LocalizedText]
    public var institutionNames: [String: LocalizedText]
    public var revisions: [Revision]
    /// The overlaps it is part of; `nil` when they could not be read.
    public var overlaps: [Overlap]?
    public var canEdit: Bool

    public init(
        language: PasanDomain.Language,
        activity: Activity,
        areaNames: [String: LocalizedText],
        institutionNames: [String: LocalizedText],
        revisions: [Revision],
        overlaps: [Overlap]?,
        canEdit: Bool = false
    ) {
        self.language = language
        self.activity = activity
        self.areaNames = areaNames
        self.institutionNames = institutionNames
        self.revisions = revisions
        self.overlaps = overlaps
        self.canEdit = canEdit
    }

    public func render() -> String {
        let l = language
        let a = activity
        let title = a.title.text(in: l)
        return Layout(
            title: title,
            description: a.description?.text(in: l) ?? title,
            path: SitePath(language: l, page: .activity(a.id ?? 0))
        )
        .render(
            .div(
                .class("wrap activity"),
                ActivityParts.breadcrumbs([(title, nil)], l),
                .h1(Fragments.localized(a.title, l)),
                .if(a.isIllustrative, ActivityParts.illustrativeNotice(l)),
                .unwrap(a.description) { .p(.class("lead"), Fragments.localized($0, l)) },
                .if(
                    canEdit,
                    .p(
                        .class("actions"),
                        .a(
                            .class("button"),
                            .href(SitePath(language: l, page: .activityEdit(a.id ?? 0)).path),
                            .text(l.t("activities.page.edit"))
                        )
                    )
                ),
                facts,
                places,
                overlapSection,
                history
            )
        )
    }

    private var facts: BodyNode {
        let l = language
        let a = activity
        let partners = a.participants.filter { $0.role != .funding }
        let funders = a.participants.filter { $0.role == .funding }
        return .dl(
            .class("facts"),
            .dt(.text(l.t("activities.page.identifier"))),
            .dd(.code(.text(a.identifier))),
            .dt(.text(l.t("activities.col.implementer"))),
            .dd(ActivityParts.organisation(a.implementer, names: institutionNames, l)),
            .if(
                !partners.isEmpty,
                .group(
                    .dt(.text(l.t("activities.page.partners"))),
                    .dd(
                        .forEach(Array(partners.enumerated())) { i, o in
                            .group(.if(i > 0, .text("; ")), ActivityParts.organisation(o, names: institutionNames, l))
                        }
                    )
                )
            ),
            .if(
                !funders.isEmpty,
                .group(
                    .dt(.text(l.t("activities.page.funders"))),
                    .dd(
                        .forEach(Array(funders.enumerated())) { i, o in
                            .group(.if(i > 0, .text("; ")), ActivityParts.organisation(o, names: institutionNames, l))
                        }
                    )
                )
            ),
            .dt(.text(l.t("activities.col.status"))),
            .dd(ActivityParts.statusBadge(a.status, l)),
            .dt(.text(l.t("activities.col.period"))),
            .dd(.text(ActivityParts.period(a.start, a.end, l))),
            .dt(.text(l.t("activities.page.budget"))),
            .dd(
                .text(
                    a.budget.map {
                        l.t("activities.page.amount", ["amount": .text(Self.amount($0.amount)), "currency": .text($0.currency)])
                    } ?? "—"
                )
            ),
            .dt(.text(l.t("activities.page.sectors"))),
            .dd(.text(a.sectors.isEmpty ? "—" : a.sectors.map(\.code).joined(separator: ", "))),
            .dt(.text(l.t("activities.col.sdg"))),
            .dd(.text(ActivityParts.sdgCodes(a))),
            .dt(.text(l.t("activities.page.origin"))),
            .dd(.text(originLabel(a.origin) + (a.sourceFile.map { " (\($0))" } ?? "")))
        )
    }

    private func originLabel(_ origin: ActivityOrigin) -> String {
        let l = language
        return switch origin {
        case .app: l.t("activities.origin.app")
        case .file: l.t("activities.origin.file")
        case .iati: l.t("activities.origin.iati")
        case .demo: l.t("activities.origin.demo")
        }
    }

    /// `1200000` → `1,200,000`; decimals kept when there are any.
    static func amount(_ value: Double) -> String {
        guard value.rounded() == value, abs(value) < 1e15 else { return String(value) }
        let digits = String(Int64(value).magnitude)
        var out = ""
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + String(out.reversed())
    }

    private var places: BodyNode {
        let l = language
        let a = activity
        return .section(
            .h2(.text(l.t("activities.page.places"))),
            .if(a.locations.isEmpty, .p(.text(l.t("activities.page.noPlaces")))),
            .if(
                !a.locations.isEmpty,
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.page.place"))),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.page.level"))),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.page.match"))),
                                .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.page.placeStatus")))
                            )
                        ),
                        .tbody(
                            .forEach(a.locations) { place in
                                .tr(
                                    .td(
                                        ActivityParts.place(place.areaCode, names: areaNames, l),
                                        .unwrap(place.givenName) {
                                            .group(.br(), .small(.text(l.t("activities.page.given", ["name": .text($0)]))))
                                        }
                                    ),
                                    .td(.text(ActivityParts.levelLabel(place.level, l))),
                                    .td(
                                        .text(ActivityParts.matchLabel(place.match, l)),
                                        .unwrap(place.note) { .group(.br(), .small(.text($0))) }
                                    ),
                                    .td(.text(ActivityParts.locationStatusLabel(place.status, l)))
                                )
                            }
                        )
                    )
                )
            )
        )
    }

    private var overlapSection: BodyNode {
        let l = language
        return .section(
            .h2(.text(l.t("activities.page.overlaps"))),
            .unwrap(
                overlaps,
                { list in
                    .if(
                        list.isEmpty,
                        .p(.text(l.t("activities.page.noOverlaps"))),
                        else: .ul(
                            .class("activity-overlaps"),
                            .forEach(list) { o in
                                .li(
                                    .a(
                                        .href(SitePath(language: l, page: .overlap(o.id)).path),
                                        .text(
                                            l.t(
                                                "activities.page.overlapWith",
                                                ["other": .text(o.otherTitle?.text(in: l) ?? o.otherIdentifier)]
                                            )
                                        )
                                    ),
                                    .unwrap(o.otherImplementer) { .text(" — " + $0.text(in: l)) },
                                    .br(),
                                    .small(
                                        .text(overlapLine(o)),
                                        .text(" · "),
                                        .text(stateLabel(o.state))
                                    )
                                )
                            }
                        )
                    )
                },
                else: .p(.class("notice"), .text(l.t("activities.page.overlapsUnavailable")))
            )
        )
    }

    private func overlapLine(_ o: Overlap) -> String {
        let l = language
        let arguments: [String: MessageArgument] = [
            "places": .text(o.places.map { areaNames[$0]?.text(in: l) ?? $0 }.joined(separator: ", ")),
            "shared": .text((o.sharedTargets + o.sharedSectors).joined(separator: ", ")),
        ]
        return o.level == .village
            ? l.t("activities.page.overlapVillage", arguments) : l.t("activities.page.overlapDistrict", arguments)
    }

    private func stateLabel(_ state: OverlapState) -> String {
        let l = language
        return switch state {
        case .open: l.t("activities.overlap.open")
        case .coordinated: l.t("activities.overlap.coordinated")
        case .notOverlap: l.t("activities.overlap.notOverlap")
        }
    }

    private var history: BodyNode {
        let l = language
        return .section(
            .h2(.text(l.t("activities.page.history"))),
            .div(
                .class("table-scroll"),
                .table(
                    .thead(
                        .tr(
                            .th(.attribute(named: "scope", value: "col"), .class("num"), .text(l.t("activities.page.revision"))),
                            .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.page.changedBy"))),
                            .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.page.changedAt"))),
                            .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.page.reason")))
                        )
                    ),
                    .tbody(
                        .forEach(revisions.reversed()) { r in
                            .tr(
                                .td(.class("num"), .text(String(r.revision))),
                                .td(.text(r.changedBy)),
                                .td(.text(r.changedAt)),
                                .td(.text(r.reason ?? "—"))
                            )
                        }
                    )
                )
            )
        )
    }
}
