import Foundation
import PasanDomain
import Plot

/// The activity upload: `/admin/activities/import` (the Secretariat and planners) and
/// `/admin/institutions/{institution}/activities/import` (an institution's own activities),
/// taking the activity file (CSV or XLSX) or IATI activity XML 2.03. A file is first checked
/// whole and previewed (nothing written); the person then confirms it. A file with any problem
/// is refused whole with every problem where it is (file, line or row, column or element).
public struct ActivityImportPage: Sendable {
    /// One problem of a refused file.
    public struct Problem: Sendable, Hashable {
        public var file: String
        public var line: Int?
        public var place: String?
        public var found: String?
        public var message: Message

        public init(file: String, line: Int?, place: String?, found: String? = nil, message: Message) {
            self.file = file
            self.line = line
            self.place = place
            self.found = found
            self.message = message
        }
    }

    /// A checked file waiting for confirmation: what it would add and change.
    public struct Preview: Sendable, Hashable {
        public var fileName: String
        /// The file itself, sent back with the confirmation (base64).
        public var content: String
        public var activities: [Activity]
        public var added: [String]
        public var changed: [String]
        public var unchanged: [String]
        /// Places matched only by name, to be confirmed after the import.
        public var proposedPlaces: Int

        public init(
            fileName: String,
            content: String,
            activities: [Activity],
            added: [String],
            changed: [String],
            unchanged: [String],
            proposedPlaces: Int
        ) {
            self.fileName = fileName
            self.content = content
            self.activities = activities
            self.added = added
            self.changed = changed
            self.unchanged = unchanged
            self.proposedPlaces = proposedPlaces
        }
    }

    /// A confirmed import: what it wrote.
    public struct Accepted: Sendable, Hashable {
        public var fileName: String
        public var added: Int
        public var changed: Int
        public var unchanged: Int

        public init(fileName: String, added: Int, changed: Int, unchanged: Int) {
            self.fileName = fileName
            self.added = added
            self.changed = changed
            self.unchanged = unchanged
        }
    }

    public static let shown = 200

    public var language: PasanDomain.Language
    public var session: PageSession
    /// The institution whose activities the page takes, when the address names one.
    public var institution: String?
    public var refusal: (fileName: String, problems: [Problem])?
    public var preview: Preview?
    public var accepted: Accepted?
    public var action: String

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        institution: String?,
        refusal: (fileName: String, problems: [Problem])? = nil,
        preview: Preview? = nil,
        accepted: Accepted? = nil,
        action: String
    ) {
        self.language = language
        self.session = session
        self.institution = institution
        self.refusal = refusal
        self.preview = preview
        self.accepted = accepted
        self.action = action
    }

    public func render() -> String {
        let l = language
        let title =
            institution.map { l.t("activities.import.institutionTitle", ["institution": .text($0)]) } ?? l.t("activities.import.title")
        let path =
            institution.map { SitePath(language: l, page: .institutionActivityImport($0)) } ?? SitePath(language: l, page: .activityImport)
        return Layout(title: title, description: title, path: path).render(
            .div(
                .class("wrap activity-import"),
                ActivityParts.breadcrumbs([(title, nil)], l),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .unwrap(accepted) { acceptedSummary($0) },
                .unwrap(refusal) { problems($0.fileName, $0.problems) },
                .unwrap(preview) { previewSection($0) },
                uploadForm
            )
        )
    }

    private var uploadForm: BodyNode {
        let l = language
        return .section(
            .h2(.text(l.t("activities.import.upload"))),
            .p(.text(l.t("activities.import.help"))),
            .p(.small(.text(l.t("activities.import.columns", ["columns": .text(Self.columns)])))),
            .form(
                .method(.post),
                .action(action),
                .enctype(.multipartData),
                .class("stack"),
                FormParts.csrf(session.csrfToken),
                .div(
                    .class("field"),
                    .label(.for("f-activity-file"), .text(l.t("activities.import.file"))),
                    FormParts.input([
                        ("type", "file"), ("name", "file"), ("id", "f-activity-file"),
                        (
                            "accept",
                            ".csv,.xlsx,.xml,text/csv,application/xml,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                        ),
                        ("required", "required"),
                    ])
                ),
                FormParts.submit(l.t("activities.import.check"))
            )
        )
    }

    /// The file's base64 in parts of at most 4,000 characters (`content_0`, `content_1`, …).
    public static func parts(of content: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(content)
        while !rest.isEmpty {
            parts.append(String(rest.prefix(4_000)))
            rest = rest.dropFirst(4_000)
        }
        return parts
    }

    static let columns =
        "identifier, implementer, implementer_ref, title_en, title_lo, description_en, description_lo, status, start, end, budget, currency, areas, sectors, sdg_targets, sdg_indicators, partners, funders, illustrative"

    private func problems(_ fileName: String, _ list: [Problem]) -> BodyNode {
        let l = language
        return FormParts.refusal(
            heading: l.t("activities.import.refused", ["file": .text(fileName)]),
            intro: l.t("activities.import.refusedIntro", count: list.count),
            columns: [
                l.t("activities.problem.where"), l.t("activities.problem.column"), l.t("activities.problem.found"),
                l.t("activities.problem.what"),
            ],
            rows: list.prefix(Self.shown).map { p in
                .tr(
                    .td(.code(.text(p.line.map { "\(p.file):\($0)" } ?? p.file))),
                    .td(.unwrap(p.place, { .code(.text($0)) }, else: .text("—"))),
                    .td(.unwrap(p.found, { .code(.text($0)) }, else: .text("—"))),
                    .td(.text(p.message.text(in: l)))
                )
            },
            more: list.count > Self.shown ? l.t("activities.import.moreProblems", count: list.count - Self.shown) : nil
        )
    }

    private func previewSection(_ p: Preview) -> BodyNode {
        let l = language
        let state: [String: String] =
            Dictionary(p.added.map { ($0, l.t("activities.import.new")) }, uniquingKeysWith: { a, _ in a })
            .merging(p.changed.map { ($0, l.t("activities.import.changed")) }, uniquingKeysWith: { a, _ in a })
            .merging(p.unchanged.map { ($0, l.t("activities.import.unchanged")) }, uniquingKeysWith: { a, _ in a })
        return .section(
            .class("notice activity-preview"),
            .attribute(named: "role", value: "status"),
            .h2(.text(l.t("activities.import.previewTitle", ["file": .text(p.fileName)]))),
            .p(
                .text(
                    l.t(
                        "activities.import.previewCounts",
                        ["added": .number(p.added.count), "changed": .number(p.changed.count), "unchanged": .number(p.unchanged.count)]
                    )
                )
            ),
            .if(p.proposedPlaces > 0, .p(.text(l.t("activities.import.proposed", count: p.proposedPlaces)))),
            .div(
                .class("table-scroll"),
                .table(
                    .thead(
                        .tr(
                            .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.page.identifier"))),
                            .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.col.activity"))),
                            .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.import.what")))
                        )
                    ),
                    .tbody(
                        .forEach(p.activities.prefix(Self.shown)) { a in
                            .tr(
                                .td(.code(.text(a.identifier))),
                                .td(Fragments.localized(a.title, l)),
                                .td(.text(state[a.identifier] ?? ""))
                            )
                        }
                    )
                )
            ),
            .form(
                .method(.post),
                .action(action),
                .enctype(.multipartData),
                FormParts.csrf(session.csrfToken),
                // A form's text field holds at most 5,000 characters: the file goes back in parts.
                .forEach(Array(Self.parts(of: p.content).enumerated())) { index, part in
                    FormParts.input([("type", "hidden"), ("name", "content_\(index)"), ("value", part)])
                },
                FormParts.input([("type", "hidden"), ("name", "filename"), ("value", p.fileName)]),
                FormParts.input([("type", "hidden"), ("name", "confirm"), ("value", "1")]),
                .div(
                    .class("field"),
                    .label(.for("f-import-reason"), .text(l.t("activities.form.reasonNew"))),
                    .textarea(.name("reason"), .id("f-import-reason"), .attribute(named: "rows", value: "2"))
                ),
                FormParts.submit(l.t("activities.import.confirm"))
            )
        )
    }

    private func acceptedSummary(_ a: Accepted) -> BodyNode {
        let l = language
        return .section(
            .class("notice ok"),
            .attribute(named: "role", value: "status"),
            .h2(.text(l.t("activities.import.accepted", ["file": .text(a.fileName)]))),
            .p(
                .text(
                    l.t(
                        "activities.import.previewCounts",
                        ["added": .number(a.added), "changed": .number(a.changed), "unchanged": .number(a.unchanged)]
                    )
                )
            ),
            .p(.a(.href(SitePath(language: l, page: .activities).path), .text(l.t("activities.import.seeList"))))
        )
    }
}

/// `/admin/activities/locations`: places matched only by name, each to confirm (it then counts
/// for overlaps and place pages) or decline.
public struct ActivityLocationsPage: Sendable {
    public struct Item: Sendable, Hashable {
        public var activityID: Int64
        public var identifier: String
        public var title: LocalizedText
        public var position: Int
        public var location: ActivityLocation

        public init(activityID: Int64, identifier: String, title: LocalizedText, position: Int, location: ActivityLocation) {
            self.activityID = activityID
            self.identifier = identifier
            self.title = title
            self.position = position
            self.location = location
        }
    }

    public var language: PasanDomain.Language
    public var session: PageSession
    public var items: [Item]
    public var areaNames: [String: LocalizedText]

    public init(language: PasanDomain.Language, session: PageSession, items: [Item], areaNames: [String: LocalizedText]) {
        self.language = language
        self.session = session
        self.items = items
        self.areaNames = areaNames
    }

    public func render() -> String {
        let l = language
        let title = l.t("activities.locations.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .activityLocations)).render(
            .div(
                .class("wrap activity-locations"),
                ActivityParts.breadcrumbs([(title, nil)], l),
                .h1(.text(title)),
                .p(.class("lead"), .text(l.t("activities.locations.lead"))),
                FormParts.messages(session.notices, errors: session.errors),
                .if(items.isEmpty, .p(.text(l.t("activities.locations.none")))),
                .if(
                    !items.isEmpty,
                    .div(
                        .class("table-scroll"),
                        .table(
                            .thead(
                                .tr(
                                    .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.col.activity"))),
                                    .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.locations.given"))),
                                    .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.locations.proposed"))),
                                    .th(.attribute(named: "scope", value: "col"), .text(l.t("activities.locations.decide")))
                                )
                            ),
                            .tbody(
                                .forEach(items) { item in
                                    .tr(
                                        .td(
                                            .a(
                                                .href(SitePath(language: l, page: .activity(item.activityID)).path),
                                                Fragments.localized(item.title, l)
                                            ),
                                            .br(),
                                            .small(.class("code"), .text(item.identifier))
                                        ),
                                        .td(.text(item.location.givenName ?? "—")),
                                        .td(
                                            ActivityParts.place(item.location.areaCode, names: areaNames, l),
                                            .text(" (" + ActivityParts.levelLabel(item.location.level, l) + ")"),
                                            .unwrap(item.location.note) { .group(.br(), .small(.text($0))) }
                                        ),
                                        .td(
                                            FormParts.button(
                                                l.t("activities.locations.confirm"),
                                                action: SitePath(
                                                    language: l,
                                                    page: .activityLocationDecision(item.activityID, item.position)
                                                ).path,
                                                csrf: session.csrfToken,
                                                hidden: [("decision", "confirm")]
                                            ),
                                            FormParts.button(
                                                l.t("activities.locations.decline"),
                                                action: SitePath(
                                                    language: l,
                                                    page: .activityLocationDecision(item.activityID, item.position)
                                                ).path,
                                                csrf: session.csrfToken,
                                                hidden: [("decision", "decline")]
                                            )
                                        )
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
