import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/places/{code}/bulletin`: one printable page (A4) for a district or a village, in
/// plain language and large type, written to be read out on the village loudspeaker: a few
/// indicators with their direction of change (each under its goal's colour tile), the work
/// under way there, and who to contact.
public struct BulletinPage: Sendable {
    /// One indicator of the bulletin: its value and change, its title, its goal, and the name of
    /// the area the value is for.
    public struct Line: Sendable {
        public var value: BulletinIndicator
        public var title: LocalizedText?
        public var goal: Goal?
        public var areaName: LocalizedText?

        public init(value: BulletinIndicator, title: LocalizedText?, goal: Goal?, areaName: LocalizedText?) {
            self.value = value
            self.title = title
            self.goal = goal
            self.areaName = areaName
        }
    }

    public var language: PasanDomain.Language
    public var area: Area
    /// The district of a village (its bulletin names it); `nil` for a district.
    public var district: Area?
    public var lines: [Line]
    public var source: BulletinSource
    /// Activities under way there (pipeline, implementation, finalisation).
    public var activities: [PlaceActivity]
    public var areaContacts: [PlaceContact]
    public var institutionContacts: [PlaceContact]
    public var areaNames: [String: LocalizedText]
    public var institutionNames: [String: LocalizedText]
    /// The day the bulletin was made from the published data.
    public var date: LocalDate

    public init(
        language: PasanDomain.Language,
        area: Area,
        district: Area?,
        lines: [Line],
        source: BulletinSource,
        activities: [PlaceActivity],
        areaContacts: [PlaceContact],
        institutionContacts: [PlaceContact],
        areaNames: [String: LocalizedText],
        institutionNames: [String: LocalizedText],
        date: LocalDate
    ) {
        self.language = language
        self.area = area
        self.district = district
        self.lines = lines
        self.source = source
        self.activities = activities
        self.areaContacts = areaContacts
        self.institutionContacts = institutionContacts
        self.areaNames = areaNames
        self.institutionNames = institutionNames
        self.date = date
    }

    /// How many activities the bulletin names at most (the page stays one page).
    public static let maximumActivities = 5

    public func render() -> String {
        let l = language
        let name = area.name.text(in: l)
        let title = l.t("bulletins.title", ["place": .text(name)])
        let layout = Layout(title: title, description: title, path: SitePath(language: l, page: .placeBulletin(area.code)))
        let under = activities.filter { $0.status.isUnderWay }
        return layout.render(
            .article(
                .class("bulletin"),
                .p(
                    .class("bulletin-back print-hide"),
                    .a(.href(SitePath.place(l, area.code).path), .text(l.t("bulletins.back", ["place": .text(name)])))
                ),
                .header(
                    .class("bulletin-head"),
                    .p(.class("bulletin-kicker"), .text(l.t("bulletins.kicker")), .text(" · "), Fragments.date(date, l)),
                    .h1(.text(title)),
                    .unwrap(district) { d in .p(.text(l.t("bulletins.villageOf", ["district": .text(d.name.text(in: l))]))) },
                    .p(.class("bulletin-intro"), .text(l.t("bulletins.intro")))
                ),
                .section(
                    .h2(.text(l.t("bulletins.indicators.title"))),
                    .if(lines.isEmpty, .p(.text(l.t("bulletins.indicators.none")))),
                    .forEach(lines) { line in indicatorBlock(line) },
                    .p(.class("bulletin-note"), .text(sourceText))
                ),
                .section(
                    .h2(.text(l.t("bulletins.activities.title"))),
                    .if(under.isEmpty, .p(.text(l.t("bulletins.activities.none")))),
                    .ul(
                        .class("bulletin-list"),
                        .forEach(under.prefix(Self.maximumActivities)) { a in
                            .li(
                                .text(
                                    l.t(
                                        "bulletins.activities.line",
                                        ["who": .text(a.implementer.text(in: l)), "what": .text(a.title.text(in: l))]
                                    )
                                )
                            )
                        }
                    ),
                    // Said once for the list (demo titles carry their own mark too).
                    .if(
                        under.contains(where: \.isIllustrative),
                        .p(.class("bulletin-note"), .text(l.t("bulletins.activities.illustrative")))
                    ),
                    .if(
                        under.count > Self.maximumActivities,
                        .p(.text(l.t("bulletins.activities.more", count: under.count - Self.maximumActivities)))
                    )
                ),
                .section(
                    .h2(.text(l.t("bulletins.contacts.title"))),
                    .if(
                        areaContacts.isEmpty && institutionContacts.isEmpty,
                        .p(.text(l.t("bulletins.contacts.none")))
                    ),
                    .ul(
                        .class("bulletin-list"),
                        .forEach(areaContacts) { c in
                            .li(
                                .text(
                                    l.t(
                                        "bulletins.contacts.area",
                                        ["name": .text(c.name), "area": .text(c.area.map { areaNames[$0]?.text(in: l) ?? $0 } ?? "")]
                                    )
                                )
                            )
                        },
                        .forEach(institutionContacts) { c in
                            .li(
                                .text(
                                    l.t(
                                        "bulletins.contacts.institution",
                                        [
                                            "name": .text(c.name),
                                            "institution": .text(c.institution.map { institutionNames[$0]?.text(in: l) ?? $0 } ?? ""),
                                        ]
                                    )
                                )
                            )
                        }
                    )
                ),
                .p(.class("bulletin-foot print-hide"), .text(l.t("bulletins.printHint")))
            )
        )
    }

    private var sourceText: String {
        switch source {
        case .province: language.t("bulletins.source.province")
        case .national: language.t("bulletins.source.national")
        case .pasanDefault: language.t("bulletins.source.pasanDefault")
        }
    }

    /// The goal's tile, then short sentences: what the indicator is, its latest value and year,
    /// for which area, and how it changed.
    private func indicatorBlock(_ line: Line) -> BodyNode {
        let l = language
        let v = line.value
        let unit = Self.unitText(v.unit, l)
        let value = Fragments.dataValue(v.value, l) + (unit.isEmpty ? "" : " " + unit)
        let place = line.areaName?.text(in: l) ?? v.area
        return .div(
            .class("bulletin-indicator"),
            .unwrap(line.goal) { goal in
                .div(
                    .class(Fragments.goalColour("bulletin-goal", goal)),
                    .attribute(named: "aria-hidden", value: "true"),
                    .span(.class("bulletin-goal-number"), .text(String(goal.number))),
                    .span(.class("bulletin-goal-name"), .text(goal.shortTitle.text(in: l)))
                )
            },
            .div(
                .class("bulletin-text"),
                .p(
                    .class("bulletin-what"),
                    .unwrap(line.goal) { goal in
                        .span(.class("visually-hidden"), .text(l.t("bulletins.goal", ["number": .number(goal.number)]) + " "))
                    },
                    .text(line.title?.text(in: l) ?? v.indicator)
                ),
                .p(
                    .class("bulletin-value"),
                    .text(l.t("bulletins.value", ["year": .text(String(v.year)), "value": .text(value)]))
                ),
                .if(
                    v.area != area.code && v.area != district?.code,
                    .p(
                        .text(
                            v.area == Area.countryCode
                                ? l.t("bulletins.value.country")
                                : l.t("bulletins.value.province", ["province": .text(place)])
                        )
                    )
                ),
                .if(
                    v.area == district?.code,
                    .p(.text(l.t("bulletins.value.district", ["district": .text(place)])))
                ),
                .p(.class("bulletin-change change-\(v.change.rawValue)"), .text(changeText(v)))
            )
        )
    }

    private func changeText(_ v: BulletinIndicator) -> String {
        let l = language
        let previous: [String: MessageArgument] = ["year": .text(v.previousYear.map(String.init) ?? "")]
        switch v.change {
        case .better: return l.t("bulletins.change.better", previous)
        case .worse: return l.t("bulletins.change.worse", previous)
        case .same: return l.t("bulletins.change.same", previous)
        case .up: return l.t("bulletins.change.up", previous)
        case .down: return l.t("bulletins.change.down", previous)
        case .firstValue: return l.t("bulletins.change.first")
        }
    }

    /// A unit as the bulletin writes it: per cent as "%", a plain count as nothing.
    static func unitText(_ unit: String, _ l: Lang) -> String {
        switch unit.uppercased() {
        case "PERCENT", "PT", "PERCENTAGE": "%"
        case "NUMBER", "NUM", "": ""
        default: unit
        }
    }
}

/// `/{lang}/admin/bulletins`: the Secretariat chooses the bulletins' indicators — a national list
/// and, optionally, one per province — each saved as a revision with who and when; Pasan's
/// default applies where nothing is chosen.
public struct BulletinSettingsPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var canEdit: Bool
    public var provinces: [Area]
    /// The lists in force (`""` national, else a province code).
    public var choices: [String: BulletinChoice]
    /// The values shown in the fields (what was sent, when it was refused).
    public var fields: [String: String]
    /// The national list's revisions, newest first.
    public var history: [BulletinChoice]
    public var indicatorTitles: [String: LocalizedText]

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        canEdit: Bool,
        provinces: [Area],
        choices: [String: BulletinChoice],
        fields: [String: String],
        history: [BulletinChoice],
        indicatorTitles: [String: LocalizedText]
    ) {
        self.language = language
        self.session = session
        self.canEdit = canEdit
        self.provinces = provinces
        self.choices = choices
        self.fields = fields
        self.history = history
        self.indicatorTitles = indicatorTitles
    }

    public func render() -> String {
        let l = language
        let title = l.t("bulletins.settings.title")
        let path = SitePath(language: l, page: .bulletinSettings)
        return Layout(title: title, description: title, path: path).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .p(.text(l.t("bulletins.settings.intro", ["maximum": .number(BulletinChoice.maximum)]))),
                .form(
                    .method(.post),
                    .action(path.path),
                    FormParts.csrf(session.csrfToken),
                    FormParts.field(
                        l.t("bulletins.settings.national"),
                        name: "national",
                        value: value(""),
                        hint: origin("")
                    ),
                    .fieldset(
                        .class("bulletin-provinces"),
                        .element(named: "legend", nodes: [.text(l.t("bulletins.settings.provinces"))]),
                        .forEach(provinces.sortedByName(in: l) { $0.name.text(in: l) }) { p in
                            FormParts.field(
                                p.name.text(in: l),
                                name: "province_\(p.code)",
                                value: value(p.code),
                                hint: origin(p.code)
                            )
                        }
                    ),
                    .if(canEdit, FormParts.submit(l.t("bulletins.settings.save")))
                ),
                .h2(.text(l.t("bulletins.settings.history"))),
                .if(history.isEmpty, .p(.text(l.t("bulletins.settings.noHistory")))),
                .ul(
                    .class("plain-list"),
                    .forEach(history) { c in
                        .li(
                            .text(l.t("bulletins.settings.revision", ["revision": .number(c.revision), "by": .text(c.changedBy)]) + " "),
                            Fragments.moment(c.changedAt, l),
                            .text(": " + (c.indicators.isEmpty ? l.t("bulletins.settings.emptyList") : c.indicators.joined(separator: " ")))
                        )
                    }
                )
            )
        )
    }

    private func value(_ scope: String) -> String {
        fields[scope.isEmpty ? "national" : "province_\(scope)"] ?? choices[scope]?.indicators.joined(separator: " ") ?? ""
    }

    /// Whose list a field shows: the Secretariat's (with the revision), or what applies without one.
    private func origin(_ scope: String) -> String {
        let l = language
        if let choice = choices[scope] {
            let names = choice.indicators.map { code in indicatorTitles[code].map { "\(code) \($0.text(in: l))" } ?? code }
            return l.t(
                "bulletins.settings.chosen",
                ["revision": .number(choice.revision), "indicators": .text(names.joined(separator: "; "))]
            )
        }
        return scope.isEmpty ? l.t("bulletins.settings.pasanDefault") : l.t("bulletins.settings.followsNational")
    }
}
