import Hummingbird
import PasanDomain
import PasanMessages
import PasanStorage
import PasanViews

/// Capacity (issue 17, item 3): trainings, trainings of trainers and peer exchanges, public like
/// the handbook's focal points; the Secretariat records them with the focal points who took part;
/// each person's record follows them through handovers.
struct CapacityController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>, secure: SecureRoutes) {
        router.get(RouterPath(SitePath.Pattern.capacity), use: listView)
        router.get(RouterPath(SitePath.Pattern.capacityEvent), use: eventView)
        router.get(RouterPath(SitePath.Pattern.capacityPerson), use: personView)
        secure.post(SitePath.Pattern.capacity, .editAssignments, use: record)
    }

    var names: [String: LocalizedText] {
        Dictionary(state.catalog.institutions.map { ($0.code, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// Everyone who holds or held a focal point term, with their latest term's institution.
    func candidates() async throws -> [CapacityEvent.Participant] {
        let terms = try await FocalPointRepository(database: database).terms()
        let latest = Dictionary(grouping: terms, by: \.userID).compactMap { _, held in held.max { $0.startedOn < $1.startedOn } }
        return latest.map { CapacityEvent.Participant(userID: $0.userID, name: $0.userName, institution: $0.institution) }
            .sorted { ($0.institution, $0.name) < ($1.institution, $1.name) }
    }

    func listPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        form: [String: String] = [:],
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let mayRecord = context.session != nil && Policy.decide(context.actor, .editAssignments, .system).isAllowed
        let page = CapacityPage(
            language: l,
            events: try await CapacityRepository(database: database).events(),
            institutions: state.catalog.institutions.map { ($0.code, $0.name) },
            candidates: mayRecord ? try await candidates() : [],
            session: mayRecord ? context.pageSession(request, l, errors: errors) : nil,
            form: form
        )
        return Pages.response(page.render(), status: status)
    }
}

// MARK: - Handlers

extension CapacityController {
    @Sendable func listView(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await listPage(request, context, try language(context))
    }

    @Sendable func eventView(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        guard let id = context.parameters.get("event", as: Int64.self),
            let event = try await CapacityRepository(database: database).event(id: id)
        else { throw PortalError.notFound(l) }
        return Pages.response(CapacityEventPage(language: l, event: event, names: names).render())
    }

    @Sendable func personView(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        guard let user = context.parameters.get("user", as: Int64.self),
            let record = try await CapacityRepository(database: database).record(userID: user)
        else { throw PortalError.notFound(l) }
        return Pages.response(CapacityPersonPage(language: l, record: record, names: names).render())
    }

    @Sendable func record(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let sent = context.form ?? FormData()
        let refuse = { (messages: [Message]) in
            try await listPage(
                request,
                context,
                l,
                form: CapacityForm.echo(sent),
                errors: messages.map { $0.text(in: l) },
                status: .badRequest
            )
        }
        let people = Dictionary(try await candidates().map { ($0.userID, $0.name) }, uniquingKeysWith: { a, _ in a })
        let decoded = CapacityForm.decode(sent, names: people, institutions: Set(state.catalog.institutions.map(\.code)))
        guard case .success(let form) = decoded else { return try await refuse(decoded.failureMessages) }
        do {
            let event = try await CapacityRepository(database: database).record(form.event, change: context.change)
            return Pages.redirect(SitePath(language: l, page: .capacityEvent(event.id ?? 0)).path)
        } catch let error as CapacityError {
            return try await refuse(error.messages)
        }
    }
}
