import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// The Secretariat's (and focal points') working pages: accounts and roles, assignments with
/// CSV import/export, focal points and handovers, gap analysis, audit log and outbox. Every
/// route goes through `SecureRoutes`, hence through `Policy`.
struct AdminRoutes: Sendable {
    let state: PortalState

    var database: Database { state.database }

    func register(_ secure: SecureRoutes) {
        registerProgress(secure)
        registerUsers(secure)
        registerAssignments(secure)
        registerFocalPoints(secure)
        registerOversight(secure)
    }

    // MARK: Progress configuration

    func registerProgress(_ secure: SecureRoutes) {
        secure.get(SitePath.Pattern.progressConfig, .configureProgress) { request, context, l in
            try await progressPage(request, context, l)
        }
        secure.post(SitePath.Pattern.progressConfig, .configureProgress) { request, context, l in
            guard let code = context.parameters.get("code"), state.catalog.indicator(code) != nil else { throw PortalError.notFound(l) }
            let form = context.form ?? FormData()
            var errors: [String] = []
            func number(_ name: String) -> Double? {
                guard let text = form.value(name) else { return nil }
                if let v = Double(text), v.isFinite { return v }
                errors.append("\(name): \"\(text)\" — " + (l == .lo ? "ຕ້ອງເປັນຕົວເລກ" : "expected a number"))
                return nil
            }
            let series = form.value("series") ?? ""
            let direction = form.value("direction").flatMap { Int($0) }
            let baseYear = form.value("base_year").flatMap { Int($0) }
            let targetYear = form.value("target_year").flatMap { Int($0) }
            let override = form.value("override").flatMap(ProgressStatus.init(rawValue:))
            if series.isEmpty { errors.append(l == .lo ? "ເລືອກຊຸດຂໍ້ມູນ." : "Choose the series.") }
            if direction != 1 && direction != -1 { errors.append(l == .lo ? "ເລືອກທິດທາງ." : "Choose the direction.") }
            if baseYear == nil || targetYear == nil || (baseYear ?? 0) >= (targetYear ?? 0) {
                errors.append(l == .lo ? "ປີຖານຕ້ອງມາກ່ອນປີຄາດໝາຍ." : "The base year must come before the target year.")
            }
            if override != nil && form.value("justification") == nil {
                errors.append(l == .lo ? "ການກຳນົດດ້ວຍມືຕ້ອງມີເຫດຜົນ." : "A manual override needs its justification.")
            }
            let target = number("target"), limit = number("limit")
            guard errors.isEmpty, let direction, let baseYear, let targetYear else {
                return try await progressPage(request, context, l, errors: errors, fields: form.fields, status: .badRequest)
            }
            let config = ProgressConfiguration(
                indicator: code,
                series: series,
                baseYear: baseYear,
                targetYear: targetYear,
                target: target,
                direction: direction,
                limit: limit,
                overrideStatus: override,
                overrideJustification: form.value("justification"),
                note: form.value("note")
            )
            try await ProgressRepository(database: database).replace(indicator: code, with: [config], change: context.change)
            try await state.reload()
            return Pages.redirect(SitePath.indicator(l, code).path)
        }
    }

    func progressPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        fields: [String: String] = [:],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let code = context.parameters.get("code"), let indicator = state.catalog.indicator(code) else {
            throw PortalError.notFound(l)
        }
        let observed = Set(try await ObservationRepository(database: database).observations(indicator: code).map(\.series))
        let series = Array(observed.union(state.catalog.series(ofIndicator: code).map(\.code))).sorted()
        let current = try await ProgressRepository(database: database).configurations().first { $0.indicator == code }
        return Pages.response(
            ProgressConfigPage(
                language: l,
                session: context.pageSession(request, l, errors: errors),
                indicator: indicator,
                series: series,
                current: current,
                fields: fields
            ).render(),
            status: status
        )
    }

    // MARK: Accounts and roles

    func registerUsers(_ secure: SecureRoutes) {
        secure.get(SitePath.Pattern.users, .manageUsers) { request, context, l in
            try await usersPage(request, context, l)
        }
        secure.post(SitePath.Pattern.users, .manageUsers) { request, context, l in
            let form = context.form ?? FormData()
            do {
                let grant = try roleGrant(form)
                try await AccountRepository(database: database).createUser(
                    email: form.value("email") ?? "",
                    name: form.value("name") ?? "",
                    password: form["password"] ?? "",
                    language: l,
                    grants: grant.map { [$0] } ?? [],
                    change: context.change
                )
                return Pages.redirect(SitePath(language: l, page: .users).path + "?ok=created")
            } catch let error as AccountError {
                return try await usersPage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
            }
        }
        secure.post(SitePath.Pattern.userGrant, .manageUsers) { request, context, l in
            guard let id = context.parameters.get("user", as: Int64.self) else { throw PortalError.notFound(l) }
            do {
                guard let grant = try roleGrant(context.form ?? FormData()) else {
                    throw AccountError.invalidGrant(LocalizedText(en: "Choose a role.", lo: "ເລືອກບົດບາດ.", loStatus: .reviewed))
                }
                try await AccountRepository(database: database).grant(grant, to: id, change: context.change)
                state.invalidate()
                return Pages.redirect(SitePath(language: l, page: .users).path + "?ok=granted")
            } catch let error as AccountError {
                return try await usersPage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
            }
        }
        secure.post(SitePath.Pattern.userRevoke, .manageUsers) { request, context, l in
            guard let id = context.parameters.get("user", as: Int64.self) else { throw PortalError.notFound(l) }
            do {
                guard let grant = try roleGrant(context.form ?? FormData()) else {
                    return Pages.redirect(SitePath(language: l, page: .users).path)
                }
                try await AccountRepository(database: database).revoke(grant, from: id, change: context.change)
                state.invalidate()
                return Pages.redirect(SitePath(language: l, page: .users).path + "?ok=revoked")
            } catch let error as AccountError {
                return try await usersPage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
            }
        }
    }

    func roleGrant(_ form: FormData) throws -> RoleGrant? {
        guard let text = form.value("role") else { return nil }
        guard let role = Role(rawValue: text) else {
            throw AccountError.invalidGrant(LocalizedText(en: "Unknown role \(text).", lo: "ບໍ່ຮູ້ຈັກບົດບາດ \(text).", loStatus: .reviewed))
        }
        let grant = RoleGrant(
            role: role,
            institution: role.scope == .institution ? form.value("institution") : nil,
            area: role.scope == .area ? form.value("area") : nil
        )
        if let problem = grant.problem { throw AccountError.invalidGrant(problem) }
        if let code = grant.institution, state.catalog.institution(code) == nil {
            throw AccountError.invalidGrant(
                LocalizedText(en: "Unknown institution \(code).", lo: "ບໍ່ຮູ້ຈັກອົງການ \(code).", loStatus: .reviewed)
            )
        }
        return grant
    }

    func usersPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let users = try await AccountRepository(database: database).accounts()
        return Pages.response(
            UsersPage(
                language: l,
                session: context.pageSession(request, l, errors: errors),
                users: users.map { .init(id: $0.id, name: $0.name, email: $0.email, isActive: $0.isActive, grants: $0.grants) },
                institutions: state.catalog.institutions
            ).render(),
            status: status
        )
    }

    // MARK: Assignments

    func registerAssignments(_ secure: SecureRoutes) {
        secure.get(SitePath.Pattern.assignments, .exportAssignments) { request, context, l in
            Pages.response(
                AssignmentsPage(
                    language: l,
                    session: context.pageSession(request, l),
                    assignments: try await AssignmentRepository(database: database).all()
                ).render()
            )
        }
        secure.get(SitePath.Pattern.assignmentsExport, .exportAssignments) { _, _, _ in
            let rows = try await AssignmentRepository(database: database).all().map(AssignmentImport.fields(of:))
            return Pages.csv(CSVWriter.write(header: AssignmentImport.columns, rows: rows), filename: "pasan-assignments.csv")
        }
        secure.post(SitePath.Pattern.assignmentsImport, .editAssignments, body: .upload) { request, context, l in
            guard let file = context.form?.files["file"] else {
                return try await assignmentsPage(request, context, l, errors: [l == .lo ? "ເລືອກໄຟລ໌ CSV." : "Choose a CSV file."])
            }
            let (assignments, problems) = parseImport(file, l)
            guard problems.isEmpty else {
                return try await assignmentsPage(request, context, l, problems: problems, file: file.filename)
            }
            _ = try await AssignmentRepository(database: database).importAll(assignments, change: context.change)
            state.invalidate()
            return Pages.redirect(SitePath(language: l, page: .assignments).path + "?ok=imported")
        }
        secure.get(SitePath.Pattern.assignmentNew, .editAssignments) { request, context, l in
            Pages.response(AssignmentFormPage(language: l, session: context.pageSession(request, l), assignment: nil).render())
        }
        secure.post(SitePath.Pattern.assignmentNew, .editAssignments) { request, context, l in
            try await saveAssignment(request, context, l, id: nil)
        }
        secure.get(SitePath.Pattern.assignment, .editAssignments) { request, context, l in
            guard let id = context.parameters.get("assignment", as: Int64.self),
                let assignment = try await AssignmentRepository(database: database).assignment(id: id)
            else { throw PortalError.notFound(l) }
            return Pages.response(
                AssignmentFormPage(language: l, session: context.pageSession(request, l), assignment: assignment).render()
            )
        }
        secure.post(SitePath.Pattern.assignment, .editAssignments) { request, context, l in
            guard let id = context.parameters.get("assignment", as: Int64.self),
                try await AssignmentRepository(database: database).assignment(id: id) != nil
            else { throw PortalError.notFound(l) }
            return try await saveAssignment(request, context, l, id: id)
        }
    }

    func saveAssignment(_ request: Request, _ context: AppRequestContext, _ l: Language, id: Int64?) async throws -> Response {
        let fields = (context.form ?? FormData()).fields
        let (valid, issues) = AssignmentImport(catalog: state.catalog).validate([(line: 1, fields: fields)])
        guard var assignment = valid.first, issues.isEmpty else {
            let problems = issues.map {
                "\($0.column): \"\($0.value)\" — " + (l == .lo ? "ຄາດໄວ້: " : "expected: ") + $0.expected.text(in: l)
            }
            let existing = try await id.asyncMap { try await AssignmentRepository(database: database).assignment(id: $0) }
            return Pages.response(
                AssignmentFormPage(
                    language: l,
                    session: context.pageSession(request, l),
                    assignment: existing,
                    fields: fields,
                    problems: problems
                ).render(),
                status: .badRequest
            )
        }
        let repository = AssignmentRepository(database: database)
        if let id {
            assignment.id = id
            try await repository.update(assignment, change: context.change)
        } else {
            try await repository.create(assignment, change: context.change)
        }
        state.invalidate()
        return Pages.redirect(SitePath(language: l, page: .assignments).path + "?ok=created")
    }

    func parseImport(_ file: FormData.File, _ l: Language) -> ([Assignment], [AssignmentsPage.ImportProblem]) {
        guard let text = String(data: file.data, encoding: .utf8) else {
            return ([], [.init(line: 0, column: "—", value: file.filename, expected: l == .lo ? "ໄຟລ໌ CSV ເປັນ UTF-8" : "a UTF-8 CSV file")])
        }
        let table: CSVTable
        do {
            table = try CSVTable(text: text, file: file.filename)
            try table.requireColumns(Array(AssignmentImport.required))
        } catch {
            return ([], [.init(line: error.line ?? 0, column: error.column ?? "—", value: "", expected: error.message)])
        }
        if let unknown = table.header.first(where: { !AssignmentImport.columns.contains($0) }) {
            return (
                [],
                [
                    .init(
                        line: 1,
                        column: unknown,
                        value: unknown,
                        expected: (l == .lo ? "ຖັນທີ່ຮູ້ຈັກ: " : "known columns: ") + AssignmentImport.columns.joined(separator: ", ")
                    )
                ]
            )
        }
        var rows: [(line: Int, fields: [String: String])] = []
        var problems: [AssignmentsPage.ImportProblem] = []
        for record in table.records {
            guard record.fields.count == table.header.count else {
                problems.append(
                    .init(
                        line: record.line,
                        column: "—",
                        value: "\(record.fields.count)",
                        expected: l == .lo ? "\(table.header.count) ຖັນ ຄືກັບຫົວຕາຕະລາງ" : "\(table.header.count) fields, like the header"
                    )
                )
                continue
            }
            rows.append((record.line, Dictionary(zip(table.header, record.fields), uniquingKeysWith: { a, _ in a })))
        }
        if rows.isEmpty && problems.isEmpty {
            problems.append(.init(line: 2, column: "—", value: "", expected: l == .lo ? "ຢ່າງໜ້ອຍໜຶ່ງແຖວ" : "at least one row"))
        }
        let (assignments, issues) = AssignmentImport(catalog: state.catalog).validate(rows)
        problems += issues.map { .init(line: $0.line, column: $0.column, value: $0.value, expected: $0.expected.text(in: l)) }
        return (assignments, problems.sorted { $0.line < $1.line })
    }

    func assignmentsPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        problems: [AssignmentsPage.ImportProblem] = [],
        file: String? = nil
    ) async throws -> Response {
        Pages.response(
            AssignmentsPage(
                language: l,
                session: context.pageSession(request, l, errors: errors),
                assignments: try await AssignmentRepository(database: database).all(),
                importProblems: problems,
                importFile: file
            ).render(),
            status: errors.isEmpty && problems.isEmpty ? .ok : .badRequest
        )
    }

    // MARK: Focal points

    func registerFocalPoints(_ secure: SecureRoutes) {
        let institution: SecureRoutes.ResourceOf = { _, context in .institution(context.parameters.get("institution") ?? "") }
        secure.get(SitePath.Pattern.focalPoints, .viewFocalPoints, resource: institution) { request, context, l in
            try await focalPointsPage(request, context, l)
        }
        // Only the Secretariat names and hands over (Policy: hand-over-focal-point).
        secure.post(SitePath.Pattern.focalPointHandover, .handOverFocalPoint, resource: institution) { request, context, l in
            let code = context.parameters.get("institution") ?? ""
            guard state.catalog.institution(code) != nil else { throw PortalError.notFound(l) }
            let (form, errors) = try await focalPointForm(context, l)
            guard let form else { return try await focalPointsPage(request, context, l, errors: errors, status: .badRequest) }
            do {
                try await FocalPointRepository(database: database).handOver(
                    institution: code,
                    role: form.role,
                    position: form.position,
                    to: form.user,
                    on: form.date,
                    reason: form.reason,
                    change: context.change
                )
            } catch let error as AccountError {
                return try await focalPointsPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
            }
            state.invalidate()
            return Pages.redirect(SitePath(language: l, page: .focalPoints(code)).path + "?ok=handover")
        }
        // An institution's primary focal point proposes; nothing is granted until confirmed.
        secure.post(SitePath.Pattern.focalPointPropose, .proposeFocalPoint, resource: institution) { request, context, l in
            let code = context.parameters.get("institution") ?? ""
            guard state.catalog.institution(code) != nil else { throw PortalError.notFound(l) }
            let (form, errors) = try await focalPointForm(context, l)
            guard let form else { return try await focalPointsPage(request, context, l, errors: errors, status: .badRequest) }
            let repository = FocalPointRepository(database: database)
            let rule = FocalPointProposalRule.decide(
                context.actor,
                institution: code,
                proposing: form.user,
                terms: try await repository.terms(institution: code),
                on: .today
            )
            guard rule.isAllowed else {
                return try await focalPointsPage(request, context, l, errors: [rule.reason.text(in: l)], status: .forbidden)
            }
            do {
                try await repository.propose(
                    institution: code,
                    role: form.role,
                    position: form.position,
                    userID: form.user,
                    effectiveOn: form.date,
                    reason: form.reason,
                    change: context.change
                )
            } catch let error as AccountError {
                return try await focalPointsPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
            }
            return Pages.redirect(SitePath(language: l, page: .focalPoints(code)).path + "?ok=proposed")
        }
        secure.post(SitePath.Pattern.focalPointProposal, .handOverFocalPoint, resource: institution) { request, context, l in
            let code = context.parameters.get("institution") ?? ""
            guard state.catalog.institution(code) != nil else { throw PortalError.notFound(l) }
            guard let id = context.parameters.get("proposal", as: Int64.self),
                let decision = context.form?.value("decision"), decision == "confirm" || decision == "decline"
            else {
                return try await focalPointsPage(
                    request,
                    context,
                    l,
                    errors: [l == .lo ? "ເລືອກ ຢືນຢັນ ຫຼື ປະຕິເສດ." : "Choose confirm or decline."],
                    status: .badRequest
                )
            }
            let repository = FocalPointRepository(database: database)
            guard try await repository.proposals(institution: code).contains(where: { $0.id == id }) else { throw PortalError.notFound(l) }
            do {
                if decision == "confirm" {
                    try await repository.confirm(proposal: id, change: context.change)
                } else {
                    try await repository.decline(proposal: id, change: context.change)
                }
            } catch let error as AccountError {
                return try await focalPointsPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
            } catch let error as FocalPointError {
                return try await focalPointsPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
            }
            state.invalidate()
            return Pages.redirect(
                SitePath(language: l, page: .focalPoints(code)).path + "?ok=" + (decision == "confirm" ? "handover" : "declined")
            )
        }
        secure.post(SitePath.Pattern.focalPointNote, .writeRoleNote, resource: institution) { request, context, l in
            let code = context.parameters.get("institution") ?? ""
            guard state.catalog.institution(code) != nil else { throw PortalError.notFound(l) }
            guard let role = context.form?.value("role").flatMap(FocalPointRole.init(rawValue:)), let body = context.form?.value("body")
            else {
                return try await focalPointsPage(
                    request,
                    context,
                    l,
                    errors: [l == .lo ? "ຂຽນບັນທຶກ ແລະ ເລືອກບົດບາດ." : "Write the note and choose the role."],
                    status: .badRequest
                )
            }
            try await FocalPointRepository(database: database).addNote(institution: code, role: role, body: body, change: context.change)
            return Pages.redirect(SitePath(language: l, page: .focalPoints(code)).path + "?ok=note")
        }
    }

    /// The handover and proposal form: role, position, person, date and reason.
    struct FocalPointForm {
        var role: FocalPointRole
        var position: FocalPointPosition
        var user: Int64
        var date: LocalDate
        var reason: String
    }

    func focalPointForm(_ context: AppRequestContext, _ l: Language) async throws -> (FocalPointForm?, [String]) {
        let form = context.form ?? FormData()
        var errors: [String] = []
        let role = form.value("role").flatMap(FocalPointRole.init(rawValue:))
        let position = form.value("position").flatMap(FocalPointPosition.init(rawValue:))
        let user = form.value("user").flatMap(Int64.init)
        let date = form.value("date").flatMap(LocalDate.init(iso:))
        let reason = form.value("reason")
        if role == nil { errors.append(l == .lo ? "ເລືອກບົດບາດ (owner ຫຼື reporter)." : "Choose a role (owner or reporter).") }
        if position == nil { errors.append(l == .lo ? "ເລືອກຕຳແໜ່ງ (primary ຫຼື alternate)." : "Choose a position (primary or alternate).") }
        if user == nil { errors.append(l == .lo ? "ເລືອກຜູ້ຮັບ." : "Choose the new holder.") }
        if date == nil { errors.append(l == .lo ? "ວັນທີ ເປັນ YYYY-MM-DD." : "Give the date as YYYY-MM-DD.") }
        if reason == nil { errors.append(l == .lo ? "ບອກເຫດຜົນ." : "Give the reason.") }
        if let user, try await AccountRepository(database: database).account(id: user) == nil {
            errors.append(l == .lo ? "ບໍ່ມີບັນຊີນີ້." : "No such account.")
        }
        guard errors.isEmpty, let role, let position, let user, let date, let reason else { return (nil, errors) }
        return (FocalPointForm(role: role, position: position, user: user, date: date, reason: reason), [])
    }

    func focalPointsPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let code = context.parameters.get("institution") ?? ""
        guard let institution = state.catalog.institution(code) else { throw PortalError.notFound(l) }
        let repository = FocalPointRepository(database: database)
        let users = try await AccountRepository(database: database).accounts()
        let names = Dictionary(users.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let tasks = try await repository.tasks(institution: code).map {
            (title: $0.title, assignee: $0.assignee.flatMap { names[$0] } ?? "—", dueOn: $0.dueOn)
        }
        let notes = try await repository.notes(institution: code).map {
            (author: $0.author, at: $0.writtenAt, role: $0.role, body: $0.body)
        }
        let terms = try await repository.terms(institution: code)
        var page = FocalPointsPage(
            language: l,
            session: context.pageSession(request, l, errors: errors),
            institution: institution,
            terms: terms,
            handovers: try await repository.handovers(institution: code),
            tasks: tasks,
            notes: notes,
            users: users.map { ($0.id, "\($0.name) <\($0.email)>") }
        )
        let actor = context.actor
        page.canHandOver = Policy.decide(actor, .handOverFocalPoint, .institution(code)).isAllowed
        page.canPropose =
            Policy.decide(actor, .proposeFocalPoint, .institution(code)).isAllowed
            && terms.contains { $0.userID == actor.userID && $0.position == .primary && $0.isHeld(on: .today) }
        page.proposals = try await repository.proposals(institution: code)
        return Pages.response(page.render(), status: status)
    }

    // MARK: Oversight

    func registerOversight(_ secure: SecureRoutes) {
        secure.get(SitePath.Pattern.gaps, .viewGapAnalysis) { request, context, l in
            Pages.response(GapsPage(language: l, session: context.pageSession(request, l), findings: try await findings()).render())
        }
        secure.get(SitePath.Pattern.gapsCSV, .viewGapAnalysis) { _, _, _ in
            let rows = try await findings().map {
                [$0.kind.rawValue, $0.subject, $0.institutions.joined(separator: ";"), $0.detail.en, $0.detail.lo ?? ""]
            }
            return Pages.csv(
                CSVWriter.write(header: ["kind", "subject", "institutions", "detail_en", "detail_lo"], rows: rows),
                filename: "pasan-gaps.csv"
            )
        }
        secure.get(SitePath.Pattern.audit, .viewAuditLog) { request, _, l in
            let page = PageRequest(
                limit: request.uri.queryParameters.get("limit").flatMap { Int($0) } ?? 200,
                offset: request.uri.queryParameters.get("offset").flatMap { Int($0) }
            )
            let entries = try await AuditLog.entries(database, page: page)
            return Pages.response(
                AuditPage(
                    language: l,
                    rows: entries.items.map {
                        .init(
                            at: $0.at,
                            actor: $0.actor,
                            action: $0.action,
                            entity: $0.entity,
                            entityID: $0.entityID,
                            before: $0.before,
                            after: $0.after
                        )
                    },
                    total: entries.total
                ).render()
            )
        }
        secure.get(SitePath.Pattern.outbox, .viewOutbox) { _, _, l in
            let messages = try await Outbox(database: database).messages()
            return Pages.response(
                OutboxPage(
                    language: l,
                    rows: messages.map {
                        .init(
                            recipient: $0.recipient,
                            subject: $0.subject,
                            createdAt: $0.createdAt,
                            sentAt: $0.sentAt,
                            attempts: $0.attempts,
                            lastError: $0.lastError
                        )
                    }
                ).render()
            )
        }
    }

    func findings() async throws -> [GapAnalysis.Finding] {
        let catalog = state.catalog
        return GapAnalysis.findings(
            .init(
                indicators: catalog.indicators,
                assignments: try await AssignmentRepository(database: database).all(),
                institutions: catalog.institutions,
                focalPoints: try await FocalPointRepository(database: database).terms(),
                planIndicatorOwners: Dictionary(
                    catalog.planIndicators.compactMap { pi in pi.owner.map { (pi.id, $0) } },
                    uniquingKeysWith: { a, _ in a }
                ),
                planLinks: catalog.planLinks,
                today: .today
            )
        )
    }
}

/// Writes CSV (RFC 4180), neutralising spreadsheet formulas: a cell starting with = + - @ (or a
/// tab or carriage return) gets a leading apostrophe, so exported data cannot run as a formula.
public enum CSVWriter {
    public static func write(header: [String], rows: [[String]]) -> String {
        var out = line(header)
        for row in rows { out += line(row.map(neutralise)) }
        return out
    }

    static func neutralise(_ cell: String) -> String {
        guard let first = cell.first, "=+-@\t\r".contains(first) else { return cell }
        // Negative numbers stay numbers.
        if first == "-", Double(cell) != nil { return cell }
        return "'" + cell
    }

    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }
}
