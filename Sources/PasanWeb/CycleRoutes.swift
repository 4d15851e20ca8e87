import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// Reporting cycles: the Secretariat's cycle pages, the public data requests and templates, the
/// owners' data entry (grid and CSV upload, validated the same way), the review steps, the
/// public recognition page and `GET /api/v1/cycles`.
struct CycleRoutes: Sendable {
    let state: PortalState
    let configuration: PortalConfiguration

    var database: Database { state.database }

    func register(on router: Router<AppRequestContext>, secure: SecureRoutes) {
        registerCycles(secure)
        registerRequests(router)
        registerSubmissions(secure)
        router.get(RouterPath(SitePath.Pattern.recognition)) { request, context in
            let l = Language(rawValue: context.parameters.get("lang") ?? "") ?? state.defaultLanguage
            var closed: [(ReportingCycle, CycleDashboard)] = []
            for cycle in try await CycleRepository(database: database).all() where cycle.status == .closed {
                closed.append((cycle, try await dashboard(cycle)))
            }
            let names = Dictionary(state.catalog.institutions.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
            return Pages.response(RecognitionPage(language: l, cycles: closed, names: names).render())
        }
        router.get("/api/v1/cycles") { _, _ in
            var items: [APICycle] = []
            for cycle in try await CycleRepository(database: database).all() where cycle.status != .draft {
                items.append(APICycle(cycle, dashboard: try await dashboard(cycle)))
            }
            let data = try APIRoutes.encoder.encode(
                APIList(data: items, meta: .init(total: items.count, limit: items.count, offset: 0, next: nil))
            )
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(bytes: data))
            )
        }
    }

    func dashboard(_ cycle: ReportingCycle) async throws -> CycleDashboard {
        try await CycleRepository(database: database).dashboard(cycle, today: .today)
    }

    // MARK: Cycles (Secretariat)

    func registerCycles(_ secure: SecureRoutes) {
        secure.get(SitePath.Pattern.cycles, .viewCycleDashboard) { request, context, l in
            Pages.response(
                CyclesPage(
                    language: l,
                    session: context.pageSession(request, l),
                    cycles: try await CycleRepository(database: database).all()
                ).render()
            )
        }
        secure.post(SitePath.Pattern.cycles, .manageCycles) { request, context, l in
            let form = context.form ?? FormData()
            var problems: [String] = []
            func date(_ name: String) -> LocalDate {
                if let d = form.value(name).flatMap(LocalDate.init(iso:)) { return d }
                problems.append("\(name): " + (l == .lo ? "ວັນທີ ເປັນ YYYY-MM-DD" : "a date as YYYY-MM-DD"))
                return .today
            }
            let years = (form.value("years") ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).compactMap { Int($0) }
            let indicators = (form.value("indicators") ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(
                String.init
            )
            for code in indicators where state.catalog.indicator(code) == nil {
                problems.append((l == .lo ? "ບໍ່ຮູ້ຈັກຕົວຊີ້ວັດ " : "Unknown indicator ") + code)
            }
            let cycle = ReportingCycle(
                name: LocalizedText(en: form.value("name_en") ?? "", lo: form.value("name_lo"), loStatus: .reviewed),
                purpose: form.value("purpose") ?? "",
                referenceYears: years,
                indicators: indicators,
                schedule: CycleSchedule(
                    requestDate: date("request_date"),
                    ownerDeadline: date("owner_deadline"),
                    reporterDeadline: date("reporter_deadline"),
                    statisticsDeadline: date("statistics_deadline"),
                    approvalDeadline: date("approval_deadline"),
                    publicationDate: date("publication_date")
                ),
                rules: CycleRules(minimumNoticeDays: form.value("minimum_notice").flatMap { Int($0) } ?? 30)
            )
            do {
                guard problems.isEmpty else { throw CycleError.invalid([]) }
                let saved = try await CycleRepository(database: database).create(cycle, change: context.change)
                return Pages.redirect(SitePath(language: l, page: .cycle(saved.id!)).path + "?ok=created")
            } catch let error as CycleError {
                if case .invalid(let list) = error { problems += list.map { $0.text(in: l) } }
                return Pages.response(
                    CyclesPage(
                        language: l,
                        session: context.pageSession(request, l, errors: problems),
                        cycles: try await CycleRepository(database: database).all(),
                        fields: form.fields
                    ).render(),
                    status: .badRequest
                )
            }
        }
        secure.get(SitePath.Pattern.cycle, .viewCycleDashboard) { request, context, l in
            try await cyclePage(request, context, l)
        }
        secure.post(SitePath.Pattern.cycleOpen, .manageCycles) { request, context, l in
            guard let id = context.parameters.get("cycle", as: Int64.self) else { throw PortalError.notFound(l) }
            do {
                let base = configuration.publicURL
                _ = try await CycleRepository(database: database).open(
                    id: id,
                    today: .today,
                    link: { base + SitePath(language: .lo, page: .request(id, $0)).path },
                    change: context.change
                )
                state.invalidate()
                return Pages.redirect(SitePath(language: l, page: .cycle(id)).path + "?ok=created")
            } catch let error as CycleError {
                return try await cyclePage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
            }
        }
        secure.post(SitePath.Pattern.cycleExtend, .manageCycles) { request, context, l in
            guard let id = context.parameters.get("cycle", as: Int64.self) else { throw PortalError.notFound(l) }
            guard let date = context.form?.value("date").flatMap(LocalDate.init(iso:)), let reason = context.form?.value("reason") else {
                return try await cyclePage(
                    request,
                    context,
                    l,
                    errors: [l == .lo ? "ໃສ່ວັນທີ ແລະ ເຫດຜົນ." : "Give the new date and the reason."],
                    status: .badRequest
                )
            }
            do {
                try await CycleRepository(database: database).extend(
                    id: id,
                    institution: context.form?.value("institution"),
                    to: date,
                    reason: reason,
                    change: context.change
                )
                return Pages.redirect(SitePath(language: l, page: .cycle(id)).path + "?ok=created")
            } catch let error as CycleError {
                return try await cyclePage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
            }
        }
        secure.post(SitePath.Pattern.cycleClose, .manageCycles) { request, context, l in
            guard let id = context.parameters.get("cycle", as: Int64.self) else { throw PortalError.notFound(l) }
            do {
                try await CycleRepository(database: database).close(id: id, change: context.change)
                return Pages.redirect(SitePath(language: l, page: .cycle(id)).path + "?ok=created")
            } catch let error as CycleError {
                return try await cyclePage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
            }
        }
    }

    func cyclePage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        guard let id = context.parameters.get("cycle", as: Int64.self),
            let cycle = try await CycleRepository(database: database).cycle(id: id)
        else { throw PortalError.notFound(l) }
        let assignments = try await AssignmentRepository(database: database).all()
        return Pages.response(
            CycleDashboardPage(
                language: l,
                session: context.pageSession(request, l, errors: errors),
                cycle: cycle,
                dashboard: try await dashboard(cycle),
                warnings: CycleCheck.warnings(cycle, assignments: assignments),
                conflicts: try await SubmissionRepository(database: database).openConflicts(cycleID: id),
                institutions: state.catalog.institutions
            ).render(),
            status: status
        )
    }

    // MARK: Requests and templates (public)

    func registerRequests(_ router: Router<AppRequestContext>) {
        router.get(RouterPath(SitePath.Pattern.request)) { _, context in
            let (l, cycle, institution) = try await requestContext(context)
            guard let request = try await CycleRepository(database: database).request(cycleID: cycle.id!, institution: institution.code)
            else { throw PortalError.notFound(l) }
            let catalog = state.catalog
            let items = request.assignments.compactMap { a in
                catalog.indicator(a.indicator).map { (assignment: a, indicator: $0, series: seriesOf(a)) }
            }
            var contacts = [l == .lo ? "ກອງເລຂາ SDG ແຫ່ງຊາດ (MOFA)" : "The National SDG Secretariat (MOFA)"]
            let reporters = Set(request.assignments.compactMap(\.reporter))
            for term in try await FocalPointRepository(database: database).terms()
            where term.endedOn == nil && reporters.contains(term.institution) && term.role == .reporter {
                contacts.append("\(term.userName) — \(term.institution) (\(l == .lo ? "ຜູ້ລາຍງານ" : "reporter"))")
            }
            return Pages.response(
                DataRequestPage(language: l, cycle: cycle, institution: institution, items: items, contacts: contacts).render()
            )
        }
        router.get(RouterPath(SitePath.Pattern.template)) { _, context in
            let (l, cycle, institution) = try await requestContext(context)
            let file = context.parameters.get("file") ?? ""
            guard file.hasSuffix(".csv"), let indicator = state.catalog.indicator(String(file.dropLast(4))),
                let request = try await CycleRepository(database: database).request(cycleID: cycle.id!, institution: institution.code)
            else { throw PortalError.notFound(l) }
            let assignments = request.assignments.filter { $0.indicator == indicator.code }
            let dims = Array(Set(assignments.compactMap(\.disaggregation).flatMap { $0.split(separator: ";").map(String.init) })).filter {
                TidyFormat.dimensions[$0] != nil
            }.sorted()
            let header = TidyFormat.header(dimensions: dims)
            var rows: [[String]] = []
            for a in assignments {
                for s in seriesOf(a) {
                    for year in cycle.referenceYears.sorted() {
                        var row = Array(repeating: "", count: header.count)
                        row[0] = String(year); row[1] = s.code; row[2] = s.unit ?? ""
                        row[header.count - 2] = a.geographicLevel == nil || a.geographicLevel == .country ? "LA" : ""
                        rows.append(row)
                    }
                }
            }
            return Pages.csv(
                CSVWriter.write(header: header, rows: rows),
                filename: "pasan-\(cycle.id!)-\(institution.code)-\(indicator.code).csv"
            )
        }
    }

    func seriesOf(_ a: Assignment) -> [Series] {
        let all = state.catalog.series(ofIndicator: a.indicator)
        return a.series.map { code in all.filter { $0.code == code } } ?? all
    }

    func requestContext(_ context: AppRequestContext) async throws -> (Language, ReportingCycle, Institution) {
        let l = Language(rawValue: context.parameters.get("lang") ?? "") ?? state.defaultLanguage
        guard let id = context.parameters.get("cycle", as: Int64.self),
            let cycle = try await CycleRepository(database: database).cycle(id: id), cycle.status != .draft,
            let institution = state.catalog.institution((context.parameters.get("institution") ?? "").uppercased())
        else { throw PortalError.notFound(l) }
        return (l, cycle, institution)
    }

    // MARK: Submissions

    func registerSubmissions(_ secure: SecureRoutes) {
        let institution: SecureRoutes.ResourceOf = { _, context in .institution((context.parameters.get("institution") ?? "").uppercased())
        }
        let submission: SecureRoutes.ResourceOf = { _, context in .submission(try await submissionScope(context)) }
        secure.get(SitePath.Pattern.submission, .viewSubmission, resource: submission) { request, context, l in
            try await submissionPage(request, context, l)
        }
        secure.post(SitePath.Pattern.submissionSave, .submitData, resource: institution) { request, context, l in
            let form = context.form ?? FormData()
            let (cycle, code, indicator) = try await submissionContext(context, l)
            let (header, rows, cells, typed) = gridRows(form)
            return try await validateAndSave(
                request,
                context,
                l,
                cycle: cycle,
                institution: code,
                indicator: indicator,
                header: header,
                rows: rows,
                version: form.value("version").flatMap { Int($0) },
                comment: form.value("comment"),
                gridCells: cells,
                typed: typed
            )
        }
        let namedArea = SecureRoutes.FormResource(field: "area") { .area($0.isEmpty ? "-" : $0) }
        secure.post(SitePath.Pattern.submissionAreaSave, .submitAreaData, formResource: namedArea) { request, context, l in
            let form = context.form ?? FormData()
            let (cycle, code, indicator) = try await submissionContext(context, l)
            let (header, rows, cells, typed) = gridRows(form)
            return try await validateAndSave(
                request,
                context,
                l,
                cycle: cycle,
                institution: code,
                indicator: indicator,
                header: header,
                rows: rows,
                version: form.value("version").flatMap { Int($0) },
                comment: form.value("comment"),
                gridCells: cells,
                typed: typed,
                onlyArea: form.value("area")
            )
        }
        secure.get(SitePath.Pattern.submissionExport, .viewSubmission, resource: submission) { _, context, l in
            let (cycle, code, indicator) = try await submissionContext(context, l)
            let repository = SubmissionRepository(database: database)
            guard let submission = try await repository.latest(cycleID: cycle.id!, institution: code, indicator: indicator.code) else {
                throw PortalError.notFound(l)
            }
            let dims = TidyFormat.dimensions.keys.sorted()
            // A subnational focal point (not the owner) gets the values of its own areas only.
            let areaScope = areaScope(of: context.actor, owner: code)
            let rows = try await repository.values(submissionID: submission.id).filter { v in
                areaScope.map { v.key.area.hasPrefix($0) } ?? true
            }.map { v -> [String] in
                let d = Observation.dimensions(fromKey: v.key.dimensions)
                let breakdowns: [String] = dims.map { d[$0] ?? "" }
                let attributes: [String] = [v.status ?? "", v.comment ?? "", v.source ?? ""]
                let value: String = v.value.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) } ?? ""
                return [v.key.period, v.key.series, v.unit] + breakdowns + attributes + [v.key.area, value]
            }
            return Pages.csv(
                CSVWriter.write(header: TidyFormat.header(dimensions: dims), rows: rows),
                filename: "pasan-\(cycle.id!)-\(code)-\(indicator.code)-r\(submission.revision).csv"
            )
        }
        secure.post(SitePath.Pattern.submissionUpload, .submitData, resource: institution, body: .upload) { request, context, l in
            let form = context.form ?? FormData()
            let (cycle, code, indicator) = try await submissionContext(context, l)
            guard let file = form.files["file"] else {
                return try await submissionPage(
                    request,
                    context,
                    l,
                    errors: [l == .lo ? "ເລືອກໄຟລ໌ CSV." : "Choose a CSV file."],
                    status: .badRequest
                )
            }
            let issue = { (message: String, messageLo: String) in
                TidyIssue(
                    line: 0,
                    column: "—",
                    value: file.filename,
                    expected: LocalizedText(en: message, lo: messageLo, loStatus: .reviewed)
                )
            }
            guard !file.data.isEmpty else {
                return try await submissionPage(
                    request,
                    context,
                    l,
                    problems: [issue("a CSV file with a header and rows; this one is empty", "ໄຟລ໌ CSV ທີ່ມີຫົວ ແລະ ແຖວ; ໄຟລ໌ນີ້ຫວ່າງ")],
                    status: .badRequest
                )
            }
            guard let text = String(data: file.data, encoding: .utf8) else {
                return try await submissionPage(
                    request,
                    context,
                    l,
                    problems: [issue("UTF-8 text (save the file as “CSV UTF-8”)", "ຂໍ້ຄວາມ UTF-8 (ບັນທຶກເປັນ “CSV UTF-8”)")],
                    status: .badRequest
                )
            }
            let table: CSVTable
            do throws(DataFileIssue) { table = try CSVTable(text: text, file: file.filename) } catch {
                return try await submissionPage(
                    request,
                    context,
                    l,
                    problems: [
                        TidyIssue(
                            line: error.line ?? 0,
                            column: error.column ?? "—",
                            value: file.filename,
                            expected: LocalizedText(en: error.message, lo: error.message, loStatus: .machine)
                        )
                    ],
                    status: .badRequest
                )
            }
            if table.header.count == 1 && (table.header[0].contains(";") || table.header[0].contains("\t")) {
                return try await submissionPage(
                    request,
                    context,
                    l,
                    problems: [
                        issue("columns separated by commas; this file uses semicolons or tabs", "ຖັນແຍກດ້ວຍເຄື່ອງໝາຍຈຸດ (,); ໄຟລ໌ນີ້ໃຊ້ ; ຫຼື tab")
                    ],
                    status: .badRequest
                )
            }
            return try await validateAndSave(
                request,
                context,
                l,
                cycle: cycle,
                institution: code,
                indicator: indicator,
                header: table.header,
                rows: table.records.map { ($0.line, $0.fields) },
                version: form.value("version").flatMap { Int($0) },
                comment: form.value("comment")
            )
        }
        secure.post(SitePath.Pattern.submissionStep, .reviewSubmission, resource: institution) { request, context, l in
            let (_, code, indicator) = try await submissionContext(context, l)
            guard let step = context.form?.value("step").flatMap(SubmissionStep.init(rawValue:)),
                let id = context.parameters.get("cycle", as: Int64.self),
                let submission = try await SubmissionRepository(database: database).latest(
                    cycleID: id,
                    institution: code,
                    indicator: indicator.code
                )
            else {
                return try await submissionPage(
                    request,
                    context,
                    l,
                    errors: [l == .lo ? "ບໍ່ມີຂັ້ນຕອນນີ້." : "No such step."],
                    status: .badRequest
                )
            }
            let reporter = try await reporterOf(indicator: indicator.code, owner: code)
            do {
                try await SubmissionRepository(database: database).take(
                    step,
                    submissionID: submission.id,
                    actor: context.actor,
                    reporter: reporter,
                    officialStatistics: true,
                    comment: context.form?.value("comment"),
                    cell: context.form?.value("cell"),
                    change: context.change
                )
                // A reviewer's or LSB's task closes as soon as their step is done for all the owner's data.
                try await CycleRepository(database: database).closeFinishedTasks(cycleID: id)
                if step == .publish { try await state.reload() }
                return Pages.redirect(SitePath(language: l, page: .submission(id, code, indicator.code)).path + "?ok=created")
            } catch let error as SubmissionError {
                let status: HTTPResponse.Status = if case .notAllowed = error { .forbidden } else { .conflict }
                return try await submissionPage(request, context, l, errors: [error.message.text(in: l)], status: status)
            }
        }
        secure.post(SitePath.Pattern.submissionCorrect, .submitData, resource: institution) { request, context, l in
            let (cycle, code, indicator) = try await submissionContext(context, l)
            guard let reason = context.form?.value("reason"),
                let submission = try await SubmissionRepository(database: database).latest(
                    cycleID: cycle.id!,
                    institution: code,
                    indicator: indicator.code
                )
            else {
                return try await submissionPage(
                    request,
                    context,
                    l,
                    errors: [l == .lo ? "ບອກເຫດຜົນຂອງການແກ້ໄຂ." : "Give the reason for the correction."],
                    status: .badRequest
                )
            }
            do {
                try await SubmissionRepository(database: database).correct(
                    submissionID: submission.id,
                    reason: reason,
                    change: context.change
                )
                return Pages.redirect(SitePath(language: l, page: .submission(cycle.id!, code, indicator.code)).path + "?ok=created")
            } catch let error as SubmissionError {
                return try await submissionPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
            }
        }
    }

    /// The grid's fields as tidy rows (the same validation as an upload), with each row's cell
    /// label for error messages and what was typed.
    func gridRows(
        _ form: FormData
    ) -> (header: [String], rows: [(line: Int, fields: [String])], cells: [Int: String], typed: [String: String]) {
        let dims = TidyFormat.dimensions.keys.sorted()
        let header = ["Year", "SERIES"] + dims + ["GeoCode", "Value"]
        var rows: [(line: Int, fields: [String])] = []
        var cells: [Int: String] = [:]
        var typed: [String: String] = [:]
        for (name, value) in form.fields.sorted(by: { $0.key < $1.key }) where name.hasPrefix("v~") {
            let parts = name.split(separator: "~", omittingEmptySubsequences: false).map(String.init)
            let text = value.trimmingCharacters(in: .whitespaces)
            guard parts.count == 5, !text.isEmpty else { continue }
            typed[name] = text
            let dimValues = Observation.dimensions(fromKey: parts[3])
            let line = rows.count + 2
            rows.append((line, [parts[4], parts[1]] + dims.map { dimValues[$0] ?? "" } + [parts[2], text]))
            cells[line] = [parts[1], parts[2] == Area.countryCode ? nil : parts[2], parts[3].isEmpty ? nil : parts[3], parts[4]].compactMap
            { $0 }.joined(separator: " · ")
        }
        return (header, rows, cells, typed)
    }

    /// What the policy needs to know of the submission a request names (owner, reporter, state,
    /// whether areas are asked for); an unknown cycle or indicator gives a scope only the owner
    /// passes, and the handler answers 404.
    func submissionScope(_ context: AppRequestContext) async throws -> SubmissionScope {
        let owner = (context.parameters.get("institution") ?? "").uppercased()
        let indicator = context.parameters.get("indicator") ?? ""
        guard let cycleID = context.parameters.get("cycle", as: Int64.self), state.catalog.indicator(indicator) != nil else {
            return SubmissionScope(owner: owner, reporter: nil, state: nil, asksForAreas: false)
        }
        let assignments = try await AssignmentRepository(database: database).all()
            .filter { $0.indicator == indicator && $0.owners.contains(owner) && $0.isCurrent(on: .today) }
        let latest = try await SubmissionRepository(database: database).latest(cycleID: cycleID, institution: owner, indicator: indicator)
        return SubmissionScope(
            owner: owner,
            reporter: assignments.first?.reporter,
            state: latest?.state,
            asksForAreas: assignments.contains { ($0.geographicLevel ?? .country) != .country }
        )
    }

    /// The area a subnational focal point sees of an owner's submission (`nil`: all of it).
    func areaScope(of actor: Actor, owner: String) -> String? {
        if Policy.decide(actor, .submitData, .institution(owner)).isAllowed { return nil }
        if actor.has(.secretariatOfficer) || actor.has(.statisticsReviewer) || actor.has(.reporterFocalPoint) { return nil }
        return actor.grants.first { $0.role == .subnationalFocalPoint }?.area
    }

    func reporterOf(indicator: String, owner: String) async throws -> String? {
        try await AssignmentRepository(database: database).all().first {
            $0.indicator == indicator && $0.owners.contains(owner) && $0.isCurrent(on: .today)
        }?.reporter
    }

    func submissionContext(_ context: AppRequestContext, _ l: Language) async throws -> (ReportingCycle, String, Indicator) {
        guard let id = context.parameters.get("cycle", as: Int64.self),
            let cycle = try await CycleRepository(database: database).cycle(id: id), cycle.status != .draft,
            let indicator = state.catalog.indicator(context.parameters.get("indicator") ?? ""),
            let institution = state.catalog.institution((context.parameters.get("institution") ?? "").uppercased())
        else { throw PortalError.notFound(l) }
        return (cycle, institution.code, indicator)
    }

    /// Validates tidy rows (from the grid or a file) and saves them all, or nothing.
    func validateAndSave(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        cycle: ReportingCycle,
        institution: String,
        indicator: Indicator,
        header: [String],
        rows: [(line: Int, fields: [String])],
        version: Int?,
        comment: String?,
        gridCells: [Int: String]? = nil,
        typed: [String: String] = [:],
        onlyArea: String? = nil
    ) async throws -> Response {
        // Grid errors are located by cell (series · place · breakdown · year), not by line.
        func located(_ issues: [TidyIssue]) -> [TidyIssue] {
            guard let gridCells else { return issues }
            return issues.map { issue in
                var issue = issue
                if let cell = gridCells[issue.line] { issue.column = cell + " (\(issue.column))"; issue.line = 0 }
                return issue
            }
        }
        guard cycle.acceptsSubmissions(from: institution, on: .today) else {
            return try await submissionPage(
                request,
                context,
                l,
                errors: [SubmissionError.deadlinePassed(cycle.ownerDeadline(for: institution)).message.text(in: l)],
                status: .conflict
            )
        }
        let tidyContext = try await tidyContext(cycle: cycle, institution: institution, indicator: indicator)
        var result = TidyValidator.validate(header: header, rows: rows, context: tidyContext)
        if onlyArea != nil { result.warnings.removeAll { $0.line == 0 } }  // missing years concern the owner, not one area
        guard result.errors.isEmpty else {
            return try await submissionPage(
                request,
                context,
                l,
                problems: located(result.errors),
                warnings: located(result.warnings),
                typed: typed,
                status: .badRequest
            )
        }
        if !result.warnings.isEmpty && (comment ?? "").isEmpty {
            return try await submissionPage(
                request,
                context,
                l,
                errors: [SubmissionError.needsComment.message.text(in: l)],
                warnings: located(result.warnings),
                typed: typed,
                status: .badRequest
            )
        }
        do {
            try await SubmissionRepository(database: database).save(
                cycleID: cycle.id!,
                institution: institution,
                indicator: indicator.code,
                values: result.values,
                basedOn: version,
                warningsComment: comment,
                onlyArea: onlyArea,
                change: context.change
            )
        } catch let error as SubmissionError {
            return try await submissionPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
        }
        return Pages.redirect(SitePath(language: l, page: .submission(cycle.id!, institution, indicator.code)).path + "?ok=created")
    }

    func tidyContext(cycle: ReportingCycle, institution: String, indicator: Indicator) async throws -> TidyContext {
        let catalog = state.catalog
        let assignments = try await AssignmentRepository(database: database).all()
            .filter { $0.indicator == indicator.code && $0.owners.contains(institution) && $0.isCurrent(on: cycle.schedule.requestDate) }
        let series = Dictionary(catalog.series(ofIndicator: indicator.code).map { ($0.code, $0.unit) }, uniquingKeysWith: { a, _ in a })
        let others = try await SubmissionRepository(database: database).cellsOwnedByOthers(
            cycleID: cycle.id!,
            indicator: indicator.code,
            institution: institution
        )
        var history: [String: [String: Double]] = [:]
        for o in try await ObservationRepository(database: database).observations(indicator: indicator.code) {
            history[
                TidyContext.historyKey(
                    CellKey(indicator: o.indicator, series: o.series, area: o.area, period: o.period, dimensions: o.dimensionKey)
                ),
                default: [:]
            ][o.period] = o.value
        }
        let areas = state.areas
        return TidyContext(
            indicator: indicator.code,
            institution: institution,
            series: series,
            referenceYears: Set(cycle.referenceYears),
            knownAreas: Set(areas.keys),
            cellsOwnedByOthers: others,
            ownedScopes: assignments.map { (series: $0.series, level: $0.geographicLevel) },
            areaLevel: { areas[$0] },
            history: history
        )
    }

    func submissionPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        problems: [TidyIssue] = [],
        warnings: [TidyIssue] = [],
        typed: [String: String] = [:],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (cycle, code, indicator) = try await submissionContext(context, l)
        let repository = SubmissionRepository(database: database)
        let submission = try await repository.latest(cycleID: cycle.id!, institution: code, indicator: indicator.code)
        let visibleArea = areaScope(of: context.actor, owner: code)
        let values = (try await submission.asyncMap { try await repository.values(submissionID: $0.id) } ?? [])
            .filter { v in visibleArea.map { v.key.area.hasPrefix($0) } ?? true }
        var previous: [CellKey: Double] = [:]
        for o in try await ObservationRepository(database: database).observations(indicator: indicator.code) {
            previous[CellKey(indicator: o.indicator, series: o.series, area: o.area, period: o.period, dimensions: o.dimensionKey)] =
                o.value
        }
        let assignments = try await AssignmentRepository(database: database).all().filter {
            $0.indicator == indicator.code && $0.owners.contains(code)
        }
        let actor = context.actor
        let owner = Policy.decide(actor, .submitData, .institution(code)).isAllowed
        let areaScope: String? = owner ? nil : actor.grants.first { $0.role == .subnationalFocalPoint }?.area
        let rows = DataEntryGrid.rows(
            assignments: assignments.map { ($0, seriesOf($0).map(\.code)) },
            areaLevels: state.areas,
            areaScope: areaScope,
            existing: values.map(\.key)
        ).map { row in
            let areaName = row.area == Area.countryCode ? "" : " · " + (state.catalog.area(row.area)?.name.text(in: l) ?? row.area)
            return SubmissionPage.GridRow(
                series: row.series,
                area: row.area,
                dimensions: row.dimensions,
                label: "\(row.series)\(areaName)" + (row.dimensions.isEmpty ? "" : " · \(row.dimensions)")
            )
        }
        let reporter = try await reporterOf(indicator: indicator.code, owner: code)
        let currentState = submission?.state ?? .draft
        let transitions = try await submission.asyncMap { try await repository.transitions(submissionID: $0.id) } ?? []
        let earlier = transitions.compactMap { TakenStep(actorID: $0.actorID, from: $0.from, to: $0.to) }
        let steps =
            submission == nil
            ? []
            : SubmissionWorkflow.steps(from: currentState, officialStatistics: true)
                .filter {
                    SubmissionWorkflow.decide(actor, $0, from: currentState, owner: code, reporter: reporter, earlier: earlier).isAllowed
                }
        let contributor = areaScope.map { Policy.decide(actor, .submitAreaData, .area($0)).isAllowed } ?? false
        let canEdit = (owner || contributor) && currentState.isEditable && cycle.acceptsSubmissions(from: code, on: .today)
        let changes = try await repository.changes(cycleID: cycle.id!, indicator: indicator.code)
            .filter { change in visibleArea.map { change.key.area.hasPrefix($0) } ?? true }
        let comments = try await submission.asyncMap { try await repository.comments(submissionID: $0.id) } ?? []
        var page = SubmissionPage(
            language: l,
            session: context.pageSession(request, l, errors: errors),
            cycle: cycle,
            institution: code,
            indicator: indicator,
            state: submission?.state,
            revision: submission?.revision ?? 1,
            version: submission?.version ?? 0,
            canEdit: canEdit,
            steps: steps,
            rows: rows,
            values: Dictionary(values.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }),
            previous: previous,
            problems: problems,
            warnings: warnings,
            typed: typed,
            transitions: transitions.map { (from: $0.from, to: $0.to, actor: $0.actor, at: $0.at, comment: $0.comment) },
            canCorrect: owner && currentState.isLocked
        )
        page.areaScope = areaScope
        page.changes = changes.map { (cell: $0.key.description, old: $0.old, new: $0.new, actor: $0.actor, at: $0.at, reason: $0.reason) }
        page.comments = comments
        return Pages.response(page.render(), status: status)
    }
}

struct APICycle: Codable, Sendable {
    struct Institution: Codable, Sendable {
        var institution: String
        var deadline: String
        var completeness: Double
        var timeliness: Double
        var daysLate: Int
        var returned: Int
        var indicators: [String: String]

        enum CodingKeys: String, CodingKey {
            case institution, deadline, completeness, timeliness, returned, indicators
            case daysLate = "days_late"
        }
    }

    var id: Int64
    var name: APIText
    var status: String
    var referenceYears: [Int]
    var schedule: [String: String]
    var institutions: [Institution]

    init(_ cycle: ReportingCycle, dashboard: CycleDashboard) {
        id = cycle.id ?? 0
        name = APIText(cycle.name)
        status = cycle.status.rawValue
        referenceYears = cycle.referenceYears
        let s = cycle.schedule
        schedule = [
            "request_date": s.requestDate.description, "owner_deadline": s.ownerDeadline.description,
            "reporter_deadline": s.reporterDeadline.description,
            "statistics_deadline": s.statisticsDeadline.description, "approval_deadline": s.approvalDeadline.description,
            "publication_date": s.publicationDate.description,
        ]
        institutions = dashboard.rows.map { row in
            Institution(
                institution: row.institution,
                deadline: row.deadline.description,
                completeness: row.completeness,
                timeliness: row.timeliness,
                daysLate: row.daysLate,
                returned: row.returns,
                indicators: Dictionary(
                    row.items.map { ($0.indicator, $0.state?.rawValue ?? "not-started") },
                    uniquingKeysWith: { a, _ in a }
                )
            )
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, name, status, schedule, institutions
        case referenceYears = "reference_years"
    }
}
