import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/capacity`: trainings, trainings of trainers and peer exchanges, the latest first,
/// and, for the Secretariat, the form to record one with the focal points who took part.
public struct CapacityPage: Sendable {
    public var language: PasanDomain.Language
    public var events: [CapacityEvent]
    /// Institutions by code, for names.
    public var institutions: [(code: String, name: LocalizedText)]
    /// Who can be listed as taking part: everyone who holds or held a focal point term, with the
    /// institution of their latest term.
    public var candidates: [CapacityEvent.Participant]
    /// The Secretariat's form; `nil` on the public page.
    public var session: PageSession?
    public var form: [String: String]

    public init(
        language: PasanDomain.Language,
        events: [CapacityEvent],
        institutions: [(code: String, name: LocalizedText)],
        candidates: [CapacityEvent.Participant],
        session: PageSession? = nil,
        form: [String: String] = [:]
    ) {
        self.language = language
        self.events = events
        self.institutions = institutions
        self.candidates = candidates
        self.session = session
        self.form = form
    }

    public func render() -> String {
        let l = language
        let title = l.t("capacity.title")
        return Layout(title: title, description: l.t("capacity.intro"), path: SitePath(language: l, page: .capacity)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .unwrap(session) { FormParts.messages($0.notices, errors: $0.errors) },
                .p(.text(l.t("capacity.intro"))),
                .if(
                    events.isEmpty,
                    .p(.text(l.t("capacity.none"))),
                    else: .table(
                        .thead(
                            .tr(
                                .th(.text(l.t("capacity.dates"))),
                                .th(.text(l.t("capacity.kind"))),
                                .th(.text(l.t("capacity.eventTitle"))),
                                .th(.text(l.t("capacity.place"))),
                                .th(.class("num"), .text(l.t("capacity.participants")))
                            )
                        ),
                        .tbody(
                            .forEach(events) { e in
                                .tr(
                                    .td(.text(CapacityParts.dates(e, l))),
                                    .td(.text(e.kind.title.text(in: l))),
                                    .td(
                                        .a(
                                            .href(SitePath(language: l, page: .capacityEvent(e.id ?? 0)).path),
                                            Fragments.localized(e.title, l)
                                        ),
                                        .text(" — " + e.topic)
                                    ),
                                    .td(.text(e.place)),
                                    .td(.class("num"), .text(Fragments.count(e.participants.count, l)))
                                )
                            }
                        )
                    )
                ),
                .unwrap(session) { session in form(session) }
            )
        )
    }

    private func form(_ session: PageSession) -> BodyNode {
        let l = language
        let chosen = Set((form["participants"] ?? "").split(separator: ",").compactMap { Int64($0) })
        return .form(
            .method(.post),
            .action(SitePath(language: l, page: .capacity).path),
            FormParts.csrf(session.csrfToken),
            .h2(.text(l.t("capacity.record.title"))),
            FormParts.select(
                l.t("capacity.kind"),
                name: "kind",
                options: CapacityEventKind.allCases.map { ($0.rawValue, $0.title.text(in: l)) },
                selected: form["kind"]
            ),
            FormParts.field(l.t("capacity.titleEN"), name: "title_en", value: form["title_en"] ?? "", required: true),
            FormParts.field(l.t("capacity.titleLO"), name: "title_lo", value: form["title_lo"] ?? ""),
            FormParts.field(l.t("capacity.topic"), name: "topic", value: form["topic"] ?? "", required: true),
            FormParts.field(l.t("capacity.startsOn"), name: "starts_on", value: form["starts_on"] ?? "", type: "date", required: true),
            FormParts.field(l.t("capacity.endsOn"), name: "ends_on", value: form["ends_on"] ?? "", type: "date"),
            FormParts.field(l.t("capacity.place"), name: "place", value: form["place"] ?? "", required: true),
            FormParts.select(
                l.t("capacity.organiser"),
                name: "organiser",
                options: institutions.map { ($0.code, "\($0.name.text(in: l)) (\($0.code))") },
                selected: form["organiser"]
            ),
            CapacityParts.textArea(
                l.t("capacity.trainers"),
                name: "trainers",
                value: form["trainers"] ?? "",
                hint: l.t("capacity.onePerLine")
            ),
            FormParts.field(
                l.t("capacity.institutions"),
                name: "institutions",
                value: form["institutions"] ?? "",
                hint: l.t("capacity.institutionsHint")
            ),
            CapacityParts.textArea(
                l.t("capacity.materials"),
                name: "materials",
                value: form["materials"] ?? "",
                hint: l.t("capacity.materialsHint")
            ),
            .fieldset(
                .class("goal-boxes"),
                .element(named: "legend", text: l.t("capacity.participants")),
                .forEach(candidates) { c in
                    .label(
                        FormParts.input([
                            ("type", "checkbox"), ("name", "participant-\(c.userID)"), ("value", "on"),
                            ("checked", chosen.contains(c.userID) ? "checked" : nil),
                        ]),
                        .text(" \(c.name) (\(c.institution))")
                    )
                }
            ),
            FormParts.submit(l.t("capacity.record.submit"))
        )
    }
}

/// `/{lang}/capacity/events/{id}`: one event, its trainers, institutions, materials and who took part.
public struct CapacityEventPage: Sendable {
    public var language: PasanDomain.Language
    public var event: CapacityEvent
    public var names: [String: LocalizedText]

    public init(language: PasanDomain.Language, event: CapacityEvent, names: [String: LocalizedText]) {
        self.language = language
        self.event = event
        self.names = names
    }

    public func render() -> String {
        let l = language
        let e = event
        let title = e.title.text(in: l)
        return Layout(title: title, description: e.topic, path: SitePath(language: l, page: .capacityEvent(e.id ?? 0))).render(
            .div(
                .class("wrap"),
                .p(.a(.href(SitePath(language: l, page: .capacity).path), .text("← " + l.t("capacity.title")))),
                .h1(Fragments.localized(e.title, l)),
                .dl(
                    .class("facts"),
                    .dt(.text(l.t("capacity.kind"))),
                    .dd(.text(e.kind.title.text(in: l))),
                    .dt(.text(l.t("capacity.topic"))),
                    .dd(.text(e.topic)),
                    .dt(.text(l.t("capacity.dates"))),
                    .dd(.text(CapacityParts.dates(e, l))),
                    .dt(.text(l.t("capacity.place"))),
                    .dd(.text(e.place)),
                    .dt(.text(l.t("capacity.organiser"))),
                    .dd(.text(CapacityParts.institution(e.organiser, names, l))),
                    .dt(.text(l.t("capacity.trainers"))),
                    .dd(.text(e.trainers.isEmpty ? "—" : e.trainers.joined(separator: ", "))),
                    .if(
                        !e.institutions.isEmpty,
                        .group(
                            .dt(.text(l.t("capacity.institutions"))),
                            .dd(.text(e.institutions.map { CapacityParts.institution($0, names, l) }.joined(separator: ", ")))
                        )
                    ),
                    .dt(.text(l.t("capacity.materials"))),
                    .dd(
                        .if(
                            e.materials.isEmpty,
                            .text("—"),
                            else: .ul(.class("plain"), .forEach(e.materials) { .li(.a(.href($0), .text($0))) })
                        )
                    )
                ),
                .h2(.text(l.t("capacity.participants") + " (" + Fragments.count(e.participants.count, l) + ")")),
                .ul(
                    .forEach(e.participants) { p in
                        .li(
                            .a(.href(SitePath(language: l, page: .capacityPerson(p.userID)).path), .text(p.name)),
                            .text(" — " + CapacityParts.institution(p.institution, names, l))
                        )
                    }
                )
            )
        )
    }
}

/// `/{lang}/capacity/people/{user}`: a person's record — the focal point terms they held, wherever,
/// and what they took part in — which goes with them through handovers.
public struct CapacityPersonPage: Sendable {
    public var language: PasanDomain.Language
    public var record: CapacityRecord
    public var names: [String: LocalizedText]

    public init(language: PasanDomain.Language, record: CapacityRecord, names: [String: LocalizedText]) {
        self.language = language
        self.record = record
        self.names = names
    }

    public func render() -> String {
        let l = language
        let r = record
        let title = l.t("capacity.person.title", ["name": .text(r.name)])
        let days = CapacityEventKind.allCases.compactMap { kind in
            r.days[kind].map { "\(kind.title.text(in: l)): " + l.t("capacity.days", count: $0) }
        }
        return Layout(title: title, description: l.t("capacity.person.intro"), path: SitePath(language: l, page: .capacityPerson(r.userID)))
            .render(
                .div(
                    .class("wrap"),
                    .p(.a(.href(SitePath(language: l, page: .capacity).path), .text("← " + l.t("capacity.title")))),
                    .h1(.text(title)),
                    .p(.text(l.t("capacity.person.intro"))),
                    .h2(.text(l.t("capacity.person.terms"))),
                    .if(
                        r.terms.isEmpty,
                        .p(.text(l.t("capacity.person.noTerm"))),
                        else: .table(
                            .thead(
                                .tr(
                                    .th(.text(UIText.institution.text(l))),
                                    .th(.text(l.t("capacity.person.role"))),
                                    .th(.text(l.t("capacity.dates")))
                                )
                            ),
                            .tbody(
                                .forEach(r.terms) { t in
                                    .tr(
                                        .td(.text(CapacityParts.institution(t.institution, names, l))),
                                        .td(.text(CapacityParts.role(t, l))),
                                        .td(
                                            Fragments.date(t.startedOn, l),
                                            .text(" – "),
                                            .if(t.endedOn == nil, .text(l.t("capacity.person.now")), else: Fragments.date(t.endedOn, l))
                                        )
                                    )
                                }
                            )
                        )
                    ),
                    .h2(.text(l.t("capacity.person.events"))),
                    .if(!days.isEmpty, .p(.text(days.joined(separator: " · ")))),
                    .if(
                        r.events.isEmpty,
                        .p(.text(l.t("capacity.person.noEvent"))),
                        else: .ul(
                            .forEach(r.events) { e in
                                .li(
                                    .text(CapacityParts.dates(e, l) + " — " + e.kind.title.text(in: l) + ": "),
                                    .a(.href(SitePath(language: l, page: .capacityEvent(e.id ?? 0)).path), Fragments.localized(e.title, l)),
                                    .text(
                                        e.participants.first { $0.userID == r.userID }.map {
                                            " (" + CapacityParts.institution($0.institution, names, l) + ")"
                                        }
                                            ?? ""
                                    )
                                )
                            }
                        )
                    )
                )
            )
    }
}

/// Pieces of the capacity pages.
enum CapacityParts {
    static func dates(_ e: CapacityEvent, _ l: Lang) -> String {
        guard let end = e.endsOn, end != e.startsOn else { return TextFormat.date(e.startsOn, in: l) }
        return TextFormat.date(e.startsOn, in: l) + " – " + TextFormat.date(end, in: l)
    }

    static func institution(_ code: String, _ names: [String: LocalizedText], _ l: Lang) -> String {
        names[code].map { "\($0.text(in: l)) (\(code))" } ?? code
    }

    static func role(_ t: FocalPointTerm, _ l: Lang) -> String {
        let role = t.role == .owner ? l.t("capacity.person.owner") : l.t("capacity.person.reporter")
        let position = t.position == .primary ? l.t("capacity.person.primary") : l.t("capacity.person.alternate")
        return "\(role), \(position)"
    }

    static func textArea(_ label: String, name: String, value: String, hint: String) -> Node<HTML.FormContext> {
        .div(
            .class("field"),
            .label(.for("f-\(name)"), .text(label)),
            .textarea(.name(name), .id("f-\(name)"), .text(value)),
            .small(.class("hint"), .text(hint))
        )
    }
}

/// `/{lang}/recognition/{cycle}/people/{user}`: the printable certificate (one A4 page) of a
/// person recognised in a closed cycle (`IndividualRecognition`): their name, the cycle, what they
/// submitted, the criteria, and where it comes from.
public struct RecognitionCertificatePage: Sendable {
    public var language: PasanDomain.Language
    public var cycle: ReportingCycle
    public var line: IndividualRecognition.Line
    public var names: [String: LocalizedText]
    public var issuedOn: LocalDate

    public init(
        language: PasanDomain.Language,
        cycle: ReportingCycle,
        line: IndividualRecognition.Line,
        names: [String: LocalizedText],
        issuedOn: LocalDate
    ) {
        self.language = language
        self.cycle = cycle
        self.line = line
        self.names = names
        self.issuedOn = issuedOn
    }

    public func render() -> String {
        let l = language
        let title = l.t("capacity.certificate.title")
        let path = SitePath(language: l, page: .recognitionCertificate(cycle.id ?? 0, line.userID))
        return Layout(title: title + " — " + line.name, description: title, path: path).render(
            .div(
                .class("wrap certificate"),
                .p(.class("issuer"), .text(l.t("capacity.certificate.issuer"))),
                .h1(.text(title)),
                .p(.class("awarded"), .text(l.t("capacity.certificate.awardedTo"))),
                .p(.class("name"), .text(line.name)),
                .p(.text(line.institutions.map { CapacityParts.institution($0, names, l) }.joined(separator: ", "))),
                .p(
                    .text(
                        l.t(
                            "capacity.certificate.for",
                            ["cycle": .text(cycle.name.text(in: l))],
                            count: line.submitted
                        )
                    )
                ),
                .p(.class("indicators"), .text(line.indicators.joined(separator: ", "))),
                .p(.class("hint"), .text(l.t("capacity.certificate.criteria"))),
                .div(
                    .class("signatures"),
                    .p(.text(l.t("capacity.certificate.date") + " "), Fragments.date(issuedOn, l)),
                    .p(.class("signature"), .text(l.t("capacity.certificate.signature")))
                ),
                .p(.class("hint source"), .text(l.t("capacity.certificate.source"))),
                .p(.class("no-print hint"), .text(l.t("capacity.certificate.print")))
            )
        )
    }
}
