import PasanDomain
import PasanMessages
import Plot

/// `/{lang}/admin/legal-basis`: the register of laws, decrees, orders and instructions that found
/// assignments — each with whether it is in force today and how many current assignments cite
/// it — and, for the Secretariat, the form to record one.
public struct LegalInstrumentsPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var instruments: [(instrument: LegalInstrument, citedBy: Int)]
    public var today: LocalDate
    /// The legal-basis findings of the gap analysis (no basis, unknown number, lapsed act).
    public var findings: [GapAnalysis.Finding]
    public var canEdit: Bool
    /// The form's fields as last sent (after a refusal), by name.
    public var form: [String: String]

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        instruments: [(instrument: LegalInstrument, citedBy: Int)],
        today: LocalDate,
        findings: [GapAnalysis.Finding],
        canEdit: Bool,
        form: [String: String] = [:]
    ) {
        self.language = language
        self.session = session
        self.instruments = instruments
        self.today = today
        self.findings = findings
        self.canEdit = canEdit
        self.form = form
    }

    public func render() -> String {
        let l = language
        let title = l.t("legal.title")
        return Layout(title: title, description: title, path: SitePath(language: l, page: .legalInstruments)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .p(.text(l.t("legal.intro"))),
                .if(
                    instruments.isEmpty,
                    .p(.text(l.t("legal.empty"))),
                    else: .table(
                        .thead(
                            .tr(
                                .th(.text(l.t("legal.field.number"))),
                                .th(.text(l.t("legal.field.title"))),
                                .th(.text(l.t("legal.field.kind"))),
                                .th(.text(l.t("legal.field.issuer"))),
                                .th(.text(l.t("legal.field.issuedOn"))),
                                .th(.text(l.t("legal.inForce"))),
                                .th(.text(l.t("legal.citedBy")))
                            )
                        ),
                        .tbody(
                            .forEach(instruments) { entry in
                                let i = entry.instrument
                                return .tr(
                                    .td(.a(.href(SitePath(language: l, page: .legalInstrument(i.id ?? 0)).path), .text(i.number))),
                                    .td(.text(i.title(in: l))),
                                    .td(.text(i.kind.title.text(in: l))),
                                    .td(.text(i.issuer)),
                                    .td(Fragments.date(i.issuedOn, l)),
                                    .td(LegalInstrumentParts.status(i, today: today, l)),
                                    .td(.text(Fragments.count(entry.citedBy, l)))
                                )
                            }
                        )
                    )
                ),
                .h2(.text(l.t("legal.findings.title"))),
                .if(
                    findings.isEmpty,
                    .p(.text(l.t("legal.findings.none"))),
                    else: .ul(
                        .forEach(findings) { f in
                            .li(.strong(.text(GapsPage.kindTitle(f.kind, l) + ": ")), .text(f.detail.text(in: l)))
                        }
                    )
                ),
                .if(
                    canEdit,
                    .group(
                        .h2(.text(l.t("legal.record.title"))),
                        .form(
                            .method(.post),
                            .action(SitePath(language: l, page: .legalInstruments).path),
                            FormParts.csrf(session.csrfToken),
                            LegalInstrumentParts.fields(form, l),
                            FormParts.submit(l.t("legal.record.submit"))
                        )
                    )
                )
            )
        )
    }
}

/// `/{lang}/admin/legal-basis/{id}`: one instrument — what it is, whether it is in force, the
/// current assignments that cite it, every revision with who, when and why — and the form to
/// correct it (a new revision, with its reason).
public struct LegalInstrumentPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var revisions: [LegalInstrumentRevision]
    public var citing: [Assignment]
    public var today: LocalDate
    public var canEdit: Bool
    public var form: [String: String]

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        revisions: [LegalInstrumentRevision],
        citing: [Assignment],
        today: LocalDate,
        canEdit: Bool,
        form: [String: String] = [:]
    ) {
        self.language = language
        self.session = session
        self.revisions = revisions
        self.citing = citing
        self.today = today
        self.canEdit = canEdit
        self.form = form
    }

    public func render() -> String {
        let l = language
        guard let current = revisions.first?.instrument else { return "" }
        let path = SitePath(language: l, page: .legalInstrument(current.id ?? 0))
        let title = current.number + " — " + current.title(in: l)
        let shown = form.isEmpty ? LegalInstrumentParts.values(of: current) : form
        return Layout(title: title, description: current.title(in: l), path: path).render(
            .div(
                .class("wrap"),
                .p(.a(.href(SitePath(language: l, page: .legalInstruments).path), .text(l.t("legal.back")))),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .dl(
                    .dt(.text(l.t("legal.field.kind"))),
                    .dd(.text(current.kind.title.text(in: l))),
                    .dt(.text(l.t("legal.field.titleEN"))),
                    .dd(.attribute(named: "lang", value: "en"), .text(current.titleEN)),
                    .dt(.text(l.t("legal.field.titleLO"))),
                    .dd(.attribute(named: "lang", value: "lo"), .text(current.titleLO)),
                    .dt(.text(l.t("legal.field.issuer"))),
                    .dd(.text(current.issuer)),
                    .dt(.text(l.t("legal.field.issuedOn"))),
                    .dd(Fragments.date(current.issuedOn, l)),
                    .dt(.text(l.t("legal.inForce"))),
                    .dd(LegalInstrumentParts.status(current, today: today, l)),
                    .dt(.text(l.t("legal.field.scope"))),
                    .dd(.text(current.scope.isEmpty ? "—" : current.scope))
                ),
                .h2(.text(l.t("legal.citing.title", count: citing.count))),
                .if(
                    citing.isEmpty,
                    .p(.text(l.t("legal.citing.none"))),
                    else: .ul(
                        .forEach(citing) { a in
                            .li(
                                .a(.href(SitePath.indicator(l, a.indicator).path), .text(a.indicator)),
                                .text(
                                    " — "
                                        + l.t(
                                            "legal.citing.roles",
                                            [
                                                "owners": .text(a.owners.isEmpty ? "—" : a.owners.joined(separator: ", ")),
                                                "reporter": .text(a.reporter ?? "—"),
                                            ]
                                        )
                                )
                            )
                        }
                    )
                ),
                .h2(.text(l.t("legal.revisions.title"))),
                .table(
                    .thead(
                        .tr(
                            .th(.text(l.t("legal.revisions.revision"))),
                            .th(.text(l.t("legal.revisions.when"))),
                            .th(.text(l.t("legal.revisions.who"))),
                            .th(.text(l.t("legal.revisions.why")))
                        )
                    ),
                    .tbody(
                        .forEach(revisions) { r in
                            .tr(
                                .td(.text(Fragments.count(r.instrument.revision, l))),
                                .td(Fragments.moment(r.changedAt, l)),
                                .td(.text(r.changedBy)),
                                .td(.text(r.reason ?? l.t("legal.revisions.recorded")))
                            )
                        }
                    )
                ),
                .if(
                    canEdit,
                    .group(
                        .h2(.text(l.t("legal.correct.title"))),
                        .form(
                            .method(.post),
                            .action(path.path),
                            FormParts.csrf(session.csrfToken),
                            FormParts.input([("type", "hidden"), ("name", "revision"), ("value", String(current.revision))]),
                            LegalInstrumentParts.fields(shown, l),
                            .div(
                                .class("field"),
                                .label(.for("f-reason"), .text(l.t("legal.correct.reason"))),
                                .textarea(
                                    .name("reason"),
                                    .id("f-reason"),
                                    .required(true),
                                    .attribute(named: "rows", value: "2"),
                                    .text(form["reason"] ?? "")
                                )
                            ),
                            FormParts.submit(l.t("legal.correct.submit"))
                        )
                    )
                )
            )
        )
    }
}

/// What the two pages share: the form's fields and the in-force status.
enum LegalInstrumentParts {
    /// The fields of a record, by the names `LegalInstrumentForm` reads.
    static func values(of i: LegalInstrument) -> [String: String] {
        [
            "kind": i.kind.rawValue, "number": i.number, "issued_on": i.issuedOn.description, "issuer": i.issuer,
            "title_en": i.titleEN, "title_lo": i.titleLO, "scope": i.scope, "valid_from": i.validFrom?.description ?? "",
            "valid_to": i.validTo?.description ?? "",
        ]
    }

    static func fields(_ form: [String: String], _ l: PasanDomain.Language) -> Node<HTML.FormContext> {
        .group(
            FormParts.select(
                l.t("legal.field.kind"),
                name: "kind",
                options: LegalInstrumentKind.allCases.map { ($0.rawValue, $0.title.text(in: l)) },
                selected: form["kind"] ?? LegalInstrumentKind.instruction.rawValue
            ),
            FormParts.field(l.t("legal.field.number"), name: "number", value: form["number"] ?? "", required: true),
            FormParts.field(l.t("legal.field.issuedOn"), name: "issued_on", value: form["issued_on"] ?? "", type: "date", required: true),
            FormParts.field(l.t("legal.field.issuer"), name: "issuer", value: form["issuer"] ?? "", required: true),
            FormParts.field(l.t("legal.field.titleEN"), name: "title_en", value: form["title_en"] ?? "", required: true),
            FormParts.field(l.t("legal.field.titleLO"), name: "title_lo", value: form["title_lo"] ?? "", required: true),
            .div(
                .class("field"),
                .label(.for("f-scope"), .text(l.t("legal.field.scope"))),
                .textarea(.name("scope"), .id("f-scope"), .attribute(named: "rows", value: "3"), .text(form["scope"] ?? ""))
            ),
            FormParts.field(
                l.t("legal.field.validFrom"),
                name: "valid_from",
                value: form["valid_from"] ?? "",
                type: "date",
                hint: l.t("legal.field.validFrom.hint")
            ),
            FormParts.field(
                l.t("legal.field.validTo"),
                name: "valid_to",
                value: form["valid_to"] ?? "",
                type: "date",
                hint: l.t("legal.field.validTo.hint")
            )
        )
    }

    /// "In force", "Not yet in force (from …)" or "No longer in force (since …)".
    static func status(_ i: LegalInstrument, today: LocalDate, _ l: PasanDomain.Language) -> Node<HTML.BodyContext> {
        if i.isInForce(on: today) { return .text(l.t("legal.status.inForce")) }
        if today < i.inForceFrom { return .group(.text(l.t("legal.status.notYet") + " "), Fragments.date(i.inForceFrom, l)) }
        return .group(.strong(.text(l.t("legal.status.lapsed") + " ")), Fragments.date(i.validTo, l))
    }
}
