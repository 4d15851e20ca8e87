import Foundation
import PasanDomain
import Plot

/// `/{lang}/admin/users`: accounts with their roles; create accounts and grant or revoke roles.
public struct UsersPage: Sendable {
    public struct Row: Sendable {
        public var id: Int64
        public var name: String
        public var email: String
        public var isActive: Bool
        public var grants: [RoleGrant]
        public init(id: Int64, name: String, email: String, isActive: Bool, grants: [RoleGrant]) {
            self.id = id; self.name = name; self.email = email; self.isActive = isActive; self.grants = grants
        }
    }

    public var language: PasanDomain.Language
    public var session: PageSession
    public var users: [Row]
    public var institutions: [Institution]

    public init(language: PasanDomain.Language, session: PageSession, users: [Row], institutions: [Institution]) {
        self.language = language; self.session = session; self.users = users; self.institutions = institutions
    }

    public func render() -> String {
        let l = language
        let title = l == .lo ? "ບັນຊີຜູ້ໃຊ້ ແລະ ບົດບາດ" : "Accounts and roles"
        let roles = Role.allCases.map { ($0.rawValue, $0.title.text(in: l)) }
        let institutionOptions = [("", "—")] + institutions.map { ($0.code, "\($0.abbreviation.en) — \($0.name.text(in: l))") }
        return Layout(title: title, description: title, path: SitePath(language: l, page: .users)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(UIText.name.text(l))),
                                .th(.text(l == .lo ? "ອີເມວ" : "E-mail")),
                                .th(.text(l == .lo ? "ບົດບາດ" : "Roles")),
                                .th(.text(l == .lo ? "ເພີ່ມບົດບາດ" : "Grant a role"))
                            )
                        ),
                        .tbody(
                            .forEach(users) { user in
                                .tr(
                                    .td(.text(user.name)),
                                    .td(.text(user.email)),
                                    .td(
                                        .ul(
                                            .class("plain"),
                                            .forEach(user.grants) { grant in
                                                .li(
                                                    .text(
                                                        grant.role.title.text(in: l)
                                                            + ([grant.institution, grant.area].compactMap { $0 }.map { " (\($0))" }.joined())
                                                    ),
                                                    FormParts.button(
                                                        l == .lo ? "ຖອນ" : "Revoke",
                                                        action: SitePath(language: l, page: .userRevoke(user.id)).path,
                                                        csrf: session.csrfToken,
                                                        hidden: [
                                                            ("role", grant.role.rawValue), ("institution", grant.institution ?? ""),
                                                            ("area", grant.area ?? ""),
                                                        ]
                                                    )
                                                )
                                            }
                                        )
                                    ),
                                    .td(
                                        .form(
                                            .method(.post),
                                            .action(SitePath(language: l, page: .userGrant(user.id)).path),
                                            .class("compact"),
                                            FormParts.csrf(session.csrfToken),
                                            FormParts.select(l == .lo ? "ບົດບາດ" : "Role", name: "role", options: roles),
                                            FormParts.select(UIText.institution.text(l), name: "institution", options: institutionOptions),
                                            FormParts.field(l == .lo ? "ເຂດ (ລະຫັດ)" : "Area (code)", name: "area"),
                                            FormParts.submit(l == .lo ? "ເພີ່ມ" : "Grant")
                                        )
                                    )
                                )
                            }
                        )
                    )
                ),
                .h2(.text(l == .lo ? "ສ້າງບັນຊີ" : "Create an account")),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: .users).path),
                    .class("stack"),
                    FormParts.csrf(session.csrfToken),
                    FormParts.field(UIText.name.text(l), name: "name", required: true),
                    FormParts.field(l == .lo ? "ອີເມວ" : "E-mail", name: "email", type: "email", required: true),
                    FormParts.field(
                        l == .lo ? "ລະຫັດຜ່ານຊົ່ວຄາວ (12+ ຕົວ)" : "Temporary password (12+ characters)",
                        name: "password",
                        type: "password",
                        required: true
                    ),
                    FormParts.select(l == .lo ? "ບົດບາດ" : "Role", name: "role", options: roles),
                    FormParts.select(UIText.institution.text(l), name: "institution", options: institutionOptions),
                    FormParts.field(
                        l == .lo ? "ເຂດ (ລະຫັດ, ສຳລັບຜູ້ປະສານງານຂັ້ນທ້ອງຖິ່ນ)" : "Area (code, for subnational focal points)",
                        name: "area"
                    ),
                    FormParts.submit(l == .lo ? "ສ້າງ" : "Create")
                )
            )
        )
    }
}

/// `/{lang}/admin/assignments`: who owns and reports each indicator; import and export CSV.
public struct AssignmentsPage: Sendable {
    public struct ImportProblem: Sendable {
        public var line: Int
        public var column: String
        public var value: String
        public var expected: String
        public init(line: Int, column: String, value: String, expected: String) {
            self.line = line; self.column = column; self.value = value; self.expected = expected
        }
    }

    public var language: PasanDomain.Language
    public var session: PageSession
    public var assignments: [Assignment]
    public var importProblems: [ImportProblem]
    public var importFile: String?

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        assignments: [Assignment],
        importProblems: [ImportProblem] = [],
        importFile: String? = nil
    ) {
        self.language = language; self.session = session; self.assignments = assignments; self.importProblems = importProblems;
        self.importFile = importFile
    }

    private func row(_ a: Assignment) -> Node<HTML.TableContext> {
        let l = language
        let scope = [a.series, a.disaggregation, a.geographicLevel?.rawValue].compactMap { $0 }.joined(separator: ", ")
        let source = [a.sourceKind?.title.text(in: l), a.sourceName].compactMap { $0 }.joined(separator: ": ")
        let validity = "\(a.validFrom?.description ?? "…") – \(a.validTo?.description ?? "…")"
        let edit: Node<HTML.BodyContext> =
            a.id.map { .a(.href(SitePath(language: l, page: .assignment($0)).path), .text(l == .lo ? "ແກ້ໄຂ" : "Edit")) } ?? .empty
        return .tr(
            .td(.a(.href(SitePath.indicator(l, a.indicator).path), .text(a.indicator))),
            .td(.text(scope)),
            .td(.text(a.owners.joined(separator: ", "))),
            .td(.text(a.reporter ?? "—")),
            .td(.text(source)),
            .td(.text(a.collectionDue?.text(in: l) ?? "—")),
            .td(.text(validity)),
            .td(edit)
        )
    }

    public func render() -> String {
        let l = language
        let title = l == .lo ? "ການມອບໝາຍ: ເຈົ້າຂອງ ແລະ ຜູ້ລາຍງານ" : "Assignments: owners and reporters"
        return Layout(title: title, description: title, path: SitePath(language: l, page: .assignments)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .if(
                    !importProblems.isEmpty,
                    .section(
                        .class("import-problems"),
                        .h2(.text(l == .lo ? "ບໍ່ໄດ້ນຳເຂົ້າຫຍັງເລີຍ: ແກ້ໄຂແຖວເຫຼົ່ານີ້ແລ້ວລອງໃໝ່" : "Nothing was imported: fix these rows and try again")),
                        .unwrap(importFile) { .p(.text((l == .lo ? "ໄຟລ໌: " : "File: ") + $0)) },
                        .table(
                            .thead(
                                .tr(
                                    .th(.text(l == .lo ? "ແຖວ" : "Line")),
                                    .th(.text(l == .lo ? "ຖັນ" : "Column")),
                                    .th(.text(UIText.value.text(l))),
                                    .th(.text(l == .lo ? "ທີ່ຄາດໄວ້" : "Expected"))
                                )
                            ),
                            .tbody(
                                .forEach(importProblems) { p in
                                    .tr(
                                        .td(.text(String(p.line))),
                                        .td(.code(.text(p.column))),
                                        .td(.text(p.value)),
                                        .td(.text(p.expected))
                                    )
                                }
                            )
                        )
                    )
                ),
                .div(
                    .class("actions"),
                    .a(
                        .class("button"),
                        .href(SitePath(language: l, page: .assignmentNew).path),
                        .text(l == .lo ? "ເພີ່ມການມອບໝາຍ" : "New assignment")
                    ),
                    .a(
                        .class("button"),
                        .href(SitePath(language: l, page: .assignmentsExport).path),
                        .text(l == .lo ? "ສົ່ງອອກ CSV" : "Export CSV")
                    )
                ),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: .assignmentsImport).path),
                    .enctype(.multipartData),
                    .class("stack"),
                    FormParts.csrf(session.csrfToken),
                    .label(
                        .for("f-file"),
                        .text(
                            (l == .lo ? "ນຳເຂົ້າ CSV (ຖັນ: " : "Import CSV (columns: ") + AssignmentImport.columns.joined(separator: ", ") + ")"
                        )
                    ),
                    FormParts.input([
                        ("type", "file"), ("name", "file"), ("id", "f-file"), ("accept", ".csv,text/csv"), ("required", "required"),
                    ]),
                    FormParts.submit(l == .lo ? "ນຳເຂົ້າ" : "Import")
                ),
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(UIText.indicator.text(l))),
                                .th(.text(l == .lo ? "ຂອບເຂດ" : "Scope")),
                                .th(.text(l == .lo ? "ເຈົ້າຂອງ (SDGi)" : "Owners (SDGi)")),
                                .th(.text(l == .lo ? "ຜູ້ລາຍງານ (SDGr)" : "Reporter (SDGr)")),
                                .th(.text(l == .lo ? "ແຫຼ່ງຂໍ້ມູນ" : "Source")),
                                .th(.text(l == .lo ? "ກຳນົດເກັບກຳ" : "Collection due")),
                                .th(.text(l == .lo ? "ໄລຍະ" : "Valid")),
                                .th()
                            )
                        ),
                        .tbody(.forEach(assignments) { row($0) })
                    )
                )
            )
        )
    }
}

/// `/{lang}/admin/assignments/new` and `/{lang}/admin/assignments/{id}`.
public struct AssignmentFormPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var assignment: Assignment?
    public var fields: [String: String]
    public var problems: [String]

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        assignment: Assignment?,
        fields: [String: String] = [:],
        problems: [String] = []
    ) {
        self.language = language; self.session = session; self.assignment = assignment; self.fields = fields; self.problems = problems
    }

    public func render() -> String {
        let l = language
        let page: SitePath.Page = assignment?.id.map { .assignment($0) } ?? .assignmentNew
        let title = assignment?.id == nil ? (l == .lo ? "ການມອບໝາຍໃໝ່" : "New assignment") : (l == .lo ? "ແກ້ໄຂການມອບໝາຍ" : "Edit assignment")
        var values = fields
        if let a = assignment, fields.isEmpty {
            values = Dictionary(uniqueKeysWithValues: zip(AssignmentImport.columns, AssignmentImport.fields(of: a)))
        }
        return Layout(title: title, description: title, path: SitePath(language: l, page: page)).render(
            .div(
                .class("wrap narrow"),
                .h1(.text(title)),
                FormParts.messages([], errors: problems + session.errors),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: page).path),
                    .class("stack"),
                    FormParts.csrf(session.csrfToken),
                    .forEach(AssignmentImport.columns) { column in
                        FormParts.field(
                            column + (AssignmentImport.required.contains(column) ? " *" : ""),
                            name: column,
                            value: values[column] ?? "",
                            required: AssignmentImport.required.contains(column),
                            hint: Self.hint(column, l)
                        )
                    },
                    FormParts.submit(l == .lo ? "ບັນທຶກ" : "Save")
                )
            )
        )
    }

    static func hint(_ column: String, _ l: PasanDomain.Language) -> String? {
        switch column {
        case "owners", "contributors": l == .lo ? "ລະຫັດອົງການ ແຍກດ້ວຍ ; ເຊັ່ນ MOH;LSB" : "institution codes separated by ;, e.g. MOH;LSB"
        case "geographic_level": "country, province, district, village"
        case "source_kind": DataSourceKind.allCases.map(\.rawValue).joined(separator: ", ")
        case "frequency": CollectionFrequency.allCases.map(\.rawValue).joined(separator: ", ")
        case "collection_due": l == .lo ? "MM-DD, ເຊັ່ນ 10-15" : "MM-DD, e.g. 10-15"
        case "legal_date", "valid_from", "valid_to": "YYYY-MM-DD"
        default: nil
        }
    }
}

/// `/{lang}/admin/institutions/{CODE}/focal-points`: current focal points, history, handover,
/// open tasks and notes of the roles.
public struct FocalPointsPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var institution: Institution
    public var terms: [FocalPointTerm]
    public var handovers: [Handover]
    public var tasks: [(title: LocalizedText, assignee: String, dueOn: LocalDate?)]
    public var notes: [(author: String, at: String, role: FocalPointRole, body: String)]
    public var users: [(Int64, String)]
    /// The Secretariat names focal points and decides proposals; an institution's primary focal
    /// point proposes successors.
    public var canHandOver = false
    public var canPropose = false
    public var proposals: [FocalPointProposal] = []

    public init(
        language: PasanDomain.Language,
        session: PageSession,
        institution: Institution,
        terms: [FocalPointTerm],
        handovers: [Handover],
        tasks: [(title: LocalizedText, assignee: String, dueOn: LocalDate?)],
        notes: [(author: String, at: String, role: FocalPointRole, body: String)],
        users: [(Int64, String)]
    ) {
        self.language = language; self.session = session; self.institution = institution; self.terms = terms
        self.handovers = handovers; self.tasks = tasks; self.notes = notes; self.users = users
    }

    public func render() -> String {
        let l = language
        let code = institution.code
        let title = (l == .lo ? "ຜູ້ປະສານງານ: " : "Focal points: ") + institution.name.text(in: l)
        let names = Dictionary(users, uniquingKeysWith: { a, _ in a })
        return Layout(title: title, description: title, path: SitePath(language: l, page: .focalPoints(code))).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                FormParts.messages(session.notices, errors: session.errors),
                .p(
                    .a(
                        .href(SitePath(language: l, page: .handbook(code)).path),
                        .text(l == .lo ? "ປຶ້ມຄູ່ມືບົດບາດຂອງອົງການນີ້" : "This institution's handbook")
                    )
                ),
                .table(
                    .thead(
                        .tr(
                            .th(.text(l == .lo ? "ບົດບາດ" : "Role")),
                            .th(.text(l == .lo ? "ຕຳແໜ່ງ" : "Position")),
                            .th(.text(UIText.name.text(l))),
                            .th(.text(UIText.validFrom.text(l))),
                            .th(.text(UIText.validTo.text(l)))
                        )
                    ),
                    .tbody(
                        .forEach(terms) { t in
                            .tr(
                                .class(t.endedOn == nil ? "" : "former"),
                                .td(.text(t.role.rawValue)),
                                .td(.text(t.position.rawValue)),
                                .td(.text(t.userName)),
                                .td(.text(t.startedOn.description)),
                                .td(.text(t.endedOn?.description ?? "—"))
                            )
                        }
                    )
                ),
                .if(
                    !proposals.isEmpty,
                    .group(
                        .h2(.text(l == .lo ? "ການສະເໜີຜູ້ສືບທອດ" : "Proposed successors")),
                        .table(
                            .thead(
                                .tr(
                                    .th(.text(l == .lo ? "ບົດບາດ" : "Role")),
                                    .th(.text(l == .lo ? "ຜູ້ຖືກສະເໜີ" : "Proposed")),
                                    .th(.text(l == .lo ? "ສະເໜີໂດຍ" : "Proposed by")),
                                    .th(.text(l == .lo ? "ວັນທີ" : "Date")),
                                    .th(.text(l == .lo ? "ເຫດຜົນ" : "Reason")),
                                    .th(.text(l == .lo ? "ສະຖານະ" : "Status"))
                                )
                            ),
                            .tbody(
                                .forEach(proposals) { p in
                                    .tr(
                                        .td(.text("\(p.role.rawValue)/\(p.position.rawValue)")),
                                        .td(.text(names[p.proposedUser] ?? String(p.proposedUser))),
                                        .td(.text(names[p.proposedBy] ?? String(p.proposedBy))),
                                        .td(.text(p.effectiveOn.description)),
                                        .td(.text(p.reason)),
                                        .td(
                                            p.status == .pending && canHandOver
                                                ? .form(
                                                    .method(.post),
                                                    .action(SitePath(language: l, page: .focalPointProposal(code, p.id)).path),
                                                    .class("inline"),
                                                    FormParts.csrf(session.csrfToken),
                                                    .button(
                                                        .type(.submit),
                                                        .name("decision"),
                                                        .value("confirm"),
                                                        .text(l == .lo ? "ຢືນຢັນ" : "Confirm")
                                                    ),
                                                    .text(" "),
                                                    .button(
                                                        .type(.submit),
                                                        .name("decision"),
                                                        .value("decline"),
                                                        .text(l == .lo ? "ປະຕິເສດ" : "Decline")
                                                    )
                                                )
                                                : .text(Self.statusTitle(p.status, l))
                                        )
                                    )
                                }
                            )
                        )
                    )
                ),
                .if(
                    canHandOver,
                    .group(
                        .h2(.text(l == .lo ? "ມອບວຽກ / ແຕ່ງຕັ້ງ" : "Hand over / name a focal point")),
                        personForm(
                            .focalPointHandover(code),
                            person: l == .lo ? "ຜູ້ຮັບ" : "New holder",
                            submit: l == .lo ? "ບັນທຶກການມອບວຽກ" : "Record the handover"
                        )
                    )
                ),
                .if(
                    canPropose,
                    .group(
                        .h2(.text(l == .lo ? "ສະເໜີຜູ້ສືບທອດ" : "Propose a successor")),
                        .p(
                            .text(
                                l == .lo
                                    ? "ກອງເລຂາ SDG ແຫ່ງຊາດ ຢືນຢັນ ຫຼື ປະຕິເສດການສະເໜີ; ບົດບາດຈະມອບໃຫ້ເມື່ອຢືນຢັນແລ້ວເທົ່ານັ້ນ."
                                    : "The National SDG Secretariat confirms or declines the proposal; the role is granted only once it is confirmed."
                            )
                        ),
                        personForm(
                            .focalPointPropose(code),
                            person: l == .lo ? "ຜູ້ສືບທອດ" : "Successor",
                            submit: l == .lo ? "ສົ່ງການສະເໜີ" : "Send the proposal"
                        )
                    )
                ),
                .h2(.text(l == .lo ? "ປະຫວັດການມອບວຽກ" : "Handover history")),
                .ul(
                    .forEach(handovers) { h in
                        .li(
                            .text(
                                "\(h.date) — \(h.role.rawValue)/\(h.position.rawValue): \(h.fromUser.flatMap { names[$0] } ?? "—") → \(names[h.toUser] ?? String(h.toUser)). \(h.reason)"
                            )
                        )
                    }
                ),
                .h2(.text(l == .lo ? "ວຽກທີ່ຍັງຄ້າງຂອງບົດບາດ" : "Open tasks of the roles")),
                .ul(
                    .forEach(tasks) { t in
                        .li(Fragments.localized(t.title, l), .text(" — \(t.assignee)" + (t.dueOn.map { " (\($0))" } ?? "")))
                    }
                ),
                .h2(.text(l == .lo ? "ບັນທຶກຂອງບົດບາດ" : "Notes of the roles")),
                .form(
                    .method(.post),
                    .action(SitePath(language: l, page: .focalPointNote(code)).path),
                    .class("stack"),
                    FormParts.csrf(session.csrfToken),
                    FormParts.select(
                        l == .lo ? "ບົດບາດ" : "Role",
                        name: "role",
                        options: FocalPointRole.allCases.map { ($0.rawValue, $0.rawValue) }
                    ),
                    .div(
                        .class("field"),
                        .label(.for("f-body"), .text(l == .lo ? "ບັນທຶກ" : "Note")),
                        .textarea(.name("body"), .id("f-body"), .required(true))
                    ),
                    FormParts.submit(l == .lo ? "ເພີ່ມບັນທຶກ" : "Add note")
                ),
                .ul(.forEach(notes) { n in .li(.strong(.text("\(n.at) \(n.author) (\(n.role.rawValue)): ")), .text(n.body)) })
            )
        )
    }
}

extension FocalPointsPage {
    /// The handover and the proposal form: role, position, person, date, reason.
    func personForm(_ page: SitePath.Page, person: String, submit: String) -> Node<HTML.BodyContext> {
        let l = language
        return .form(
            .method(.post),
            .action(SitePath(language: l, page: page).path),
            .class("stack"),
            FormParts.csrf(session.csrfToken),
            FormParts.select(
                l == .lo ? "ບົດບາດ" : "Role",
                name: "role",
                options: FocalPointRole.allCases.map { ($0.rawValue, $0.rawValue) }
            ),
            FormParts.select(
                l == .lo ? "ຕຳແໜ່ງ" : "Position",
                name: "position",
                options: FocalPointPosition.allCases.map { ($0.rawValue, $0.rawValue) }
            ),
            FormParts.select(person, name: "user", options: users.map { (String($0.0), $0.1) }),
            FormParts.field(l == .lo ? "ວັນທີ" : "Date", name: "date", type: "date", required: true),
            FormParts.field(l == .lo ? "ເຫດຜົນ" : "Reason", name: "reason", required: true),
            FormParts.submit(submit)
        )
    }

    static func statusTitle(_ status: FocalPointProposal.Status, _ l: PasanDomain.Language) -> String {
        switch status {
        case .pending: l == .lo ? "ລໍຖ້າກອງເລຂາ" : "Waiting for the Secretariat"
        case .confirmed: l == .lo ? "ຢືນຢັນແລ້ວ" : "Confirmed"
        case .declined: l == .lo ? "ຖືກປະຕິເສດ" : "Declined"
        }
    }
}

/// `/{lang}/admin/gaps`: the gap and conflict analysis.
public struct GapsPage: Sendable {
    public var language: PasanDomain.Language
    public var session: PageSession
    public var findings: [GapAnalysis.Finding]

    public init(language: PasanDomain.Language, session: PageSession, findings: [GapAnalysis.Finding]) {
        self.language = language; self.session = session; self.findings = findings
    }

    public static func kindTitle(_ kind: GapAnalysis.Kind, _ l: PasanDomain.Language) -> String {
        let (en, lo): (String, String) =
            switch kind {
            case .noOwner: ("Indicators with no owner", "ຕົວຊີ້ວັດທີ່ບໍ່ມີເຈົ້າຂອງ")
            case .noReporter: ("Indicators with no reporter", "ຕົວຊີ້ວັດທີ່ບໍ່ມີຜູ້ລາຍງານ")
            case .duplicateOwners: ("Duplicate owners (the same figure reported twice)", "ເຈົ້າຂອງຊ້ຳກັນ (ຕົວເລກດຽວກັນລາຍງານສອງເທື່ອ)")
            case .noFocalPoint: ("Institutions with no focal point", "ອົງການທີ່ບໍ່ມີຜູ້ປະສານງານ")
            case .vacantAlternate: ("Vacant alternate focal points", "ຜູ້ປະສານງານສຳຮອງທີ່ຫວ່າງ")
            case .calendarMismatch: ("Collection calendar later than the reporting deadline", "ປະຕິທິນເກັບກຳຂໍ້ມູນຊ້າກວ່າກຳນົດລາຍງານ")
            case .planOwnerMismatch: ("National plan and SDG indicators with different owners", "ຕົວຊີ້ວັດແຜນ ແລະ SDG ທີ່ມີເຈົ້າຂອງຕ່າງກັນ")
            }
        return l == .lo ? lo : en
    }

    public func render() -> String {
        let l = language
        let title = l == .lo ? "ຊ່ອງຫວ່າງ ແລະ ຄວາມຂັດແຍ່ງ" : "Gaps and conflicts"
        let groups = GapAnalysis.Kind.allCases.map { kind in (kind, findings.filter { $0.kind == kind }) }
        return Layout(title: title, description: title, path: SitePath(language: l, page: .gaps)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .p(.a(.href(SitePath(language: l, page: .gapsCSV).path), .text(l == .lo ? "ດາວໂຫຼດ CSV" : "Download CSV"))),
                .ul(
                    .class("summary"),
                    .forEach(groups) { kind, items in
                        .li(.a(.href("#\(kind.rawValue)"), .text("\(Self.kindTitle(kind, l)): \(items.count)")))
                    }
                ),
                .forEach(groups) { kind, items in
                    .section(
                        .id(kind.rawValue),
                        .h2(.text("\(Self.kindTitle(kind, l)) (\(items.count))")),
                        .ul(
                            .forEach(items.prefix(300)) { f in
                                .li(
                                    .a(
                                        .href(
                                            f.subject.contains(".")
                                                ? SitePath.indicator(l, f.subject).path
                                                : SitePath(language: l, page: .focalPoints(f.subject)).path
                                        ),
                                        .text(f.subject)
                                    ),
                                    .text(" — " + f.detail.text(in: l))
                                )
                            }
                        ),
                        .if(items.count > 300, .p(.text("… \(items.count - 300) more in the CSV")))
                    )
                }
            )
        )
    }
}

/// `/{lang}/admin/audit`: the append-only record of changes.
public struct AuditPage: Sendable {
    public struct Row: Sendable {
        public var at: String, actor: String, action: String, entity: String, entityID: String, before: String?, after: String?
        public init(at: String, actor: String, action: String, entity: String, entityID: String, before: String?, after: String?) {
            self.at = at; self.actor = actor; self.action = action; self.entity = entity; self.entityID = entityID; self.before = before;
            self.after = after
        }
    }

    public var language: PasanDomain.Language
    public var rows: [Row]
    public var total: Int

    public init(language: PasanDomain.Language, rows: [Row], total: Int) {
        self.language = language; self.rows = rows; self.total = total
    }

    public func render() -> String {
        let l = language
        let title = l == .lo ? "ບັນທຶກການປ່ຽນແປງ" : "Audit log"
        return Layout(title: title, description: title, path: SitePath(language: l, page: .audit)).render(
            .div(
                .class("wrap"),
                .h1(.text("\(title) (\(total))")),
                .div(
                    .class("table-scroll"),
                    .table(
                        .thead(
                            .tr(
                                .th(.text(l == .lo ? "ເວລາ" : "When")),
                                .th(.text(l == .lo ? "ໃຜ" : "Who")),
                                .th(.text(l == .lo ? "ຫຍັງ" : "What")),
                                .th(.text(l == .lo ? "ກ່ອນ" : "Before")),
                                .th(.text(l == .lo ? "ຫຼັງ" : "After"))
                            )
                        ),
                        .tbody(
                            .forEach(rows) { r in
                                .tr(
                                    .td(.text(r.at)),
                                    .td(.text(r.actor)),
                                    .td(.text("\(r.action) \(r.entity) \(r.entityID)")),
                                    .td(.code(.class("json"), .text(r.before ?? ""))),
                                    .td(.code(.class("json"), .text(r.after ?? "")))
                                )
                            }
                        )
                    )
                )
            )
        )
    }
}

/// `/{lang}/admin/outbox`: e-mail waiting or sent.
public struct OutboxPage: Sendable {
    public struct Row: Sendable {
        public var recipient: String, subject: String, createdAt: String, sentAt: String?, attempts: Int, lastError: String?
        public init(recipient: String, subject: String, createdAt: String, sentAt: String?, attempts: Int, lastError: String?) {
            self.recipient = recipient; self.subject = subject; self.createdAt = createdAt; self.sentAt = sentAt; self.attempts = attempts;
            self.lastError = lastError
        }
    }

    public var language: PasanDomain.Language
    public var rows: [Row]

    public init(language: PasanDomain.Language, rows: [Row]) {
        self.language = language; self.rows = rows
    }

    public func render() -> String {
        let l = language
        let title = l == .lo ? "ອີເມວທີ່ສົ່ງອອກ" : "Outbox"
        return Layout(title: title, description: title, path: SitePath(language: l, page: .outbox)).render(
            .div(
                .class("wrap"),
                .h1(.text(title)),
                .table(
                    .thead(
                        .tr(
                            .th(.text(l == .lo ? "ເຖິງ" : "To")),
                            .th(.text(l == .lo ? "ຫົວຂໍ້" : "Subject")),
                            .th(.text(l == .lo ? "ສ້າງ" : "Queued")),
                            .th(.text(l == .lo ? "ສົ່ງແລ້ວ" : "Sent")),
                            .th(.text(l == .lo ? "ຄັ້ງ" : "Attempts")),
                            .th(.text(l == .lo ? "ຂໍ້ຜິດພາດ" : "Last error"))
                        )
                    ),
                    .tbody(
                        .forEach(rows) { r in
                            .tr(
                                .td(.text(r.recipient)),
                                .td(.text(r.subject)),
                                .td(.text(r.createdAt)),
                                .td(.text(r.sentAt ?? "—")),
                                .td(.class("num"), .text(String(r.attempts))),
                                .td(.text(r.lastError ?? ""))
                            )
                        }
                    )
                )
            )
        )
    }
}
