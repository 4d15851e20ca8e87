import Hummingbird
import PasanDomain
import PasanExchange
import PasanMessages
import PasanReferenceData
import PasanStorage
import PasanViews

/// Voluntary National Reviews (issue 17, item 5): the reviews and their statistical annexes are
/// public (made from published data when asked for, never stored); the Secretariat starts a
/// review for a year and changes its goals, each change a revision with its reason.
struct VNRController: PortalFeature {
    let state: PortalState

    func register(on router: Router<AppRequestContext>, secure: SecureRoutes) {
        router.get(RouterPath(SitePath.Pattern.vnrs), use: listView)
        router.get(RouterPath(SitePath.Pattern.vnr), use: annexView)
        router.get(RouterPath(SitePath.Pattern.vnrAnnexDocument), use: annexDocument)
        secure.post(SitePath.Pattern.vnrs, .manageCycles, use: start)
        secure.post(SitePath.Pattern.vnrGoals, .manageCycles, use: changeGoals)
    }

    /// The goals a review can choose from, as the forms list them.
    var goalChoices: [(number: Int, title: LocalizedText)] {
        state.catalog.goals.filter { VNRForm.goalNumbers.contains($0.number) }.map { ($0.number, $0.shortTitle) }
    }

    /// The goals with at least one published value.
    var goalsWithData: Set<Int> {
        let catalog = state.catalog
        return Set(state.indicatorsWithData.compactMap { catalog.indicator($0)?.goal })
    }

    /// The annex of `review`, from what is published now.
    func annex(_ review: VoluntaryNationalReview) async throws -> StatisticalAnnex {
        let catalog = state.catalog
        let codes = review.goals.flatMap { catalog.indicators(ofGoal: $0) }.filter { !$0.isRetired }.map(\.code)
        let observations = try await ObservationRepository(database: database).observations(
            indicators: codes,
            levels: [.country, .province]
        )
        return StatisticalAnnex(
            review: review,
            catalog: catalog,
            observations: observations,
            progress: state.allProgress,
            owners: try await AssignmentRepository(database: database).currentOwners(on: today),
            asOf: today
        )
    }

    /// The review of the year the address names, or a 404.
    func review(_ context: AppRequestContext, _ l: Language) async throws -> VoluntaryNationalReview {
        guard let year = context.parameters.get("year", as: Int.self),
            let review = try await VNRRepository(database: database).review(year: year)
        else { throw PortalError.notFound(l) }
        return review
    }

    func mayManage(_ context: AppRequestContext) -> Bool {
        context.session != nil && Policy.decide(context.actor, .manageCycles, .system).isAllowed
    }

    func listPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        form: [String: String] = [:],
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let page = VNRListPage(
            language: l,
            reviews: try await VNRRepository(database: database).all(),
            sessions: ShippedHLPFSessions.shipped,
            goals: goalChoices,
            session: mayManage(context) ? context.pageSession(request, l, errors: errors) : nil,
            form: form
        )
        return Pages.response(page.render(), status: status)
    }

    func annexPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        review: VoluntaryNationalReview,
        form: [String: String] = [:],
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let page = VNRAnnexPage(
            language: l,
            annex: try await annex(review),
            catalog: state.catalog,
            session: ShippedHLPFSessions.shipped[review.year],
            revisions: try await VNRRepository(database: database).revisions(year: review.year),
            goals: goalChoices,
            page: mayManage(context) ? context.pageSession(request, l, errors: errors) : nil,
            form: form
        )
        return Pages.response(page.render(), status: status)
    }
}

// MARK: - Handlers

extension VNRController {
    @Sendable func listView(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await listPage(request, context, try language(context))
    }

    @Sendable func annexView(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        return try await annexPage(request, context, l, review: try await review(context, l))
    }

    @Sendable func annexDocument(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let annex = try await annex(try await review(context, l))
        let data = try DOCXWriter.data(AnnexDocument.document(annex, catalog: state.catalog, l))
        return Pages.docx(data, filename: "pasan-vnr-\(annex.review.year)-annex-\(l.rawValue).docx")
    }

    @Sendable func start(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let sent = context.form ?? FormData()
        let refuse = { (messages: [Message]) in
            try await listPage(
                request,
                context,
                l,
                form: VNRForm.echo(sent),
                errors: messages.map { $0.text(in: l) },
                status: .badRequest
            )
        }
        let decoded = VNRForm.decode(sent, starting: true)
        guard case .success(let form) = decoded, let year = form.year else { return try await refuse(decoded.failureMessages) }
        let goals = VoluntaryNationalReview.goals(chosen: form.goals, session: ShippedHLPFSessions.shipped[year])
        do {
            let review = try await VNRRepository(database: database).start(
                year: year,
                goals: goals,
                known: Set(state.catalog.goals.map(\.number)),
                withData: goalsWithData,
                reason: form.reason,
                change: context.change
            )
            return Pages.redirect(SitePath(language: l, page: .vnr(review.year)).path)
        } catch let error as VNRError {
            return try await refuse(error.messages)
        }
    }

    @Sendable func changeGoals(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let review = try await review(context, l)
        let sent = context.form ?? FormData()
        let refuse = { (messages: [Message]) in
            try await annexPage(
                request,
                context,
                l,
                review: review,
                form: VNRForm.echo(sent),
                errors: messages.map { $0.text(in: l) },
                status: .badRequest
            )
        }
        let decoded = VNRForm.decode(sent, starting: false)
        guard case .success(let form) = decoded, let basedOn = form.basedOn else { return try await refuse(decoded.failureMessages) }
        do {
            _ = try await VNRRepository(database: database).changeGoals(
                year: review.year,
                to: form.goals,
                basedOn: basedOn,
                reason: form.reason,
                known: Set(state.catalog.goals.map(\.number)),
                withData: goalsWithData,
                change: context.change
            )
            return Pages.redirect(SitePath(language: l, page: .vnr(review.year)).path)
        } catch let error as VNRError {
            return try await refuse(error.messages)
        }
    }
}
