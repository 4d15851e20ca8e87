import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// The Secretariat's reporting cycles (create, open, extend, close, the dashboard), the public
/// recognition page and `GET /api/v1/cycles`.
struct CyclesController: PortalFeature {
    let state: PortalState
    let configuration: PortalConfiguration

    func register(on router: Router<AppRequestContext>, secure: SecureRoutes) {
        secure.get(SitePath.Pattern.cycles, .viewCycleDashboard, use: cyclesPage)
        secure.post(SitePath.Pattern.cycles, .manageCycles, use: createCycle)
        secure.get(SitePath.Pattern.cycle, .viewCycleDashboard, use: cycleDashboard)
        secure.post(SitePath.Pattern.cycleOpen, .manageCycles, use: openCycle)
        secure.post(SitePath.Pattern.cycleExtend, .manageCycles, use: extendCycle)
        secure.post(SitePath.Pattern.cycleClose, .manageCycles, use: closeCycle)
        router.get(RouterPath(SitePath.Pattern.recognition), use: recognitionPage)
        router.get(RouterPath(SitePath.Pattern.recognitionCertificate), use: certificatePage)
        router.get("/api/v1/cycles", use: cyclesAPI)
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
}

// MARK: - Handlers

extension CyclesController {
    @Sendable func cyclesPage(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        Pages.response(
            CyclesPage(
                language: l,
                session: context.pageSession(request, l),
                cycles: try await CycleRepository(database: database).all(),
                today: today,
                minimumNoticeDays: state.defaults.minimumNoticeDays,
                noticeOrigin: state.defaultOrigin("minimum_notice_days")
            ).render()
        )
    }

    @Sendable func createCycle(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let form = context.form ?? FormData()
        let decoded = NewCycleForm.decode(form, defaults: state.defaults, isKnownIndicator: { state.catalog.indicator($0) != nil })
        var problems = decoded.problems(in: l)
        do {
            guard case .success(let accepted) = decoded else { throw CycleError.invalid([]) }
            let saved = try await CycleRepository(database: database).create(accepted.cycle, change: context.change)
            return Pages.redirect(SitePath(language: l, page: .cycle(saved.id!)).path + "?ok=created")
        } catch let error as CycleError {
            if case .invalid(let list) = error { problems += list.map { $0.text(in: l) } }
            return Pages.response(
                CyclesPage(
                    language: l,
                    session: context.pageSession(request, l, errors: problems),
                    cycles: try await CycleRepository(database: database).all(),
                    fields: form.fields,
                    today: today,
                    minimumNoticeDays: state.defaults.minimumNoticeDays,
                    noticeOrigin: state.defaultOrigin("minimum_notice_days")
                ).render(),
                status: .badRequest
            )
        }
    }

    @Sendable func cycleDashboard(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await cyclePage(request, context, l)
    }

    @Sendable func openCycle(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let id = context.parameters.get("cycle", as: Int64.self) else { throw PortalError.notFound(l) }
        do {
            let base = configuration.publicURL
            _ = try await CycleRepository(database: database).open(
                id: id,
                today: today,
                link: { base + SitePath(language: .lo, page: .request(id, $0)).path },
                change: context.change
            )
            await state.invalidate()
            return Pages.redirect(SitePath(language: l, page: .cycle(id)).path + "?ok=created")
        } catch let error as CycleError {
            return try await cyclePage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
        }
    }

    @Sendable func extendCycle(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let id = context.parameters.get("cycle", as: Int64.self) else { throw PortalError.notFound(l) }
        let decoded = ExtendCycleForm.decode(context.form ?? FormData())
        guard case .success(let form) = decoded else {
            return try await cyclePage(request, context, l, errors: decoded.problems(in: l), status: .badRequest)
        }
        do {
            try await CycleRepository(database: database).extend(
                id: id,
                institution: form.institution,
                to: form.date,
                reason: form.reason,
                change: context.change
            )
            return Pages.redirect(SitePath(language: l, page: .cycle(id)).path + "?ok=created")
        } catch let error as CycleError {
            return try await cyclePage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
        }
    }

    @Sendable func closeCycle(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let id = context.parameters.get("cycle", as: Int64.self) else { throw PortalError.notFound(l) }
        do {
            try await CycleRepository(database: database).close(id: id, change: context.change)
            return Pages.redirect(SitePath(language: l, page: .cycle(id)).path + "?ok=created")
        } catch let error as CycleError {
            return try await cyclePage(request, context, l, errors: [error.message.text(in: l)], status: .badRequest)
        }
    }

    @Sendable func recognitionPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = Language(rawValue: context.parameters.get("lang") ?? "") ?? state.defaultLanguage
        var closed: [(ReportingCycle, CycleDashboard)] = []
        var individuals: [Int64: IndividualRecognition] = [:]
        let submissions = SubmissionRepository(database: database)
        for cycle in try await CycleRepository(database: database).all() where cycle.status == .closed {
            let dashboard = try await dashboard(cycle)
            closed.append((cycle, dashboard))
            if let id = cycle.id {
                individuals[id] = IndividualRecognition(
                    cycle: cycle,
                    dashboard: dashboard,
                    submitters: try await submissions.submitters(cycleID: id)
                )
            }
        }
        return Pages.response(RecognitionPage(language: l, cycles: closed, names: institutionNames, individuals: individuals).render())
    }

    var institutionNames: [String: LocalizedText] {
        Dictionary(state.catalog.institutions.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// A recognised person's certificate for a closed cycle; a 404 for anyone not recognised in it.
    @Sendable func certificatePage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        guard let id = context.parameters.get("cycle", as: Int64.self), let user = context.parameters.get("user", as: Int64.self),
            let cycle = try await CycleRepository(database: database).cycle(id: id), cycle.status == .closed
        else { throw PortalError.notFound(l) }
        let recognition = IndividualRecognition(
            cycle: cycle,
            dashboard: try await dashboard(cycle),
            submitters: try await SubmissionRepository(database: database).submitters(cycleID: id)
        )
        guard let line = recognition.line(userID: user), line.isRecognised else { throw PortalError.notFound(l) }
        return Pages.response(
            RecognitionCertificatePage(language: l, cycle: cycle, line: line, names: institutionNames, issuedOn: today).render()
        )
    }

    @Sendable func cyclesAPI(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var items: [APICycle] = []
        for cycle in try await CycleRepository(database: database).all() where cycle.status != .draft {
            items.append(APICycle(cycle, dashboard: try await dashboard(cycle)))
        }
        let data = try APIController.encoder.encode(
            APIList(data: items, meta: .init(total: items.count, limit: items.count, offset: 0, next: nil))
        )
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
