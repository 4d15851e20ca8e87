import Hummingbird
import PasanDomain
import PasanMessages
import PasanReferenceData
import PasanStorage
import PasanViews

/// The governance self-assessment (issue 17, item 1): the results, public (national and per
/// respondent); the questionnaire, answered once per round by an institution's focal points or
/// the Secretariat; rounds opened by the Secretariat.
struct SelfAssessmentController: PortalFeature {
    let state: PortalState

    /// The questionnaire shown when the address names none: the CEPA principles.
    static let defaultQuestionnaire = "cepa-principles"

    /// The latest version of every shipped questionnaire, the default first.
    static var questionnaires: [Questionnaire] {
        let ids: [String] = Set(ShippedQuestionnaires.shipped.map { $0.id }).sorted { a, b in
            a == defaultQuestionnaire || (b != defaultQuestionnaire && a < b)
        }
        return ids.compactMap { ShippedQuestionnaires.latest($0) }
    }

    func register(on router: Router<AppRequestContext>, secure: SecureRoutes) {
        router.get(RouterPath(SitePath.Pattern.selfAssessment), use: resultsView)
        router.get(RouterPath(SitePath.Pattern.selfAssessmentResponse), use: responseView)
        secure.post(SitePath.Pattern.selfAssessmentRounds, .manageCycles, use: openRound)
        secure.get(SitePath.Pattern.selfAssessmentAnswer, .answerSelfAssessment, resource: Self.respondent, use: answerForm)
        secure.post(SitePath.Pattern.selfAssessmentAnswer, .answerSelfAssessment, resource: Self.respondent, use: submit)
    }

    /// The respondent an answer is for: an institution, or the whole arrangement (the Secretariat's).
    @Sendable static func respondent(_ request: Request, _ context: AppRequestContext) async throws -> Resource {
        let code = context.parameters.get("institution") ?? ""
        return code == SelfAssessment.wholeArrangement ? .system : .institution(code)
    }

    /// An institution of the catalogue, or the whole arrangement.
    func isRespondent(_ code: String) -> Bool {
        code == SelfAssessment.wholeArrangement || state.catalog.institution(code) != nil
    }

    func respondentName(_ code: String, _ l: Language) -> String {
        code == SelfAssessment.wholeArrangement
            ? l.t("governance.wholeArrangement")
            : state.catalog.institution(code).map { "\($0.name.text(in: l)) (\(code))" } ?? code
    }

    /// The round named by the address and its questionnaire, or a 404.
    func round(_ context: AppRequestContext, _ l: Language) async throws -> (SelfAssessmentRound, Questionnaire) {
        guard let id = context.parameters.get("round", as: Int64.self),
            let round = try await SelfAssessmentRepository(database: database).round(id: id),
            let questionnaire = ShippedQuestionnaires.questionnaire(round.questionnaire, version: round.version)
        else { throw PortalError.notFound(l) }
        return (round, questionnaire)
    }

    func resultsPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let repository = SelfAssessmentRepository(database: database)
        let asked = request.uri.queryParameters.get("questionnaire").map { String($0) } ?? Self.defaultQuestionnaire
        guard let latest = ShippedQuestionnaires.latest(asked) else { throw PortalError.notFound(l) }
        let rounds = try await repository.rounds().filter { $0.questionnaire == latest.id }
        let chosen = request.uri.queryParameters.get("round").flatMap { Int64($0) }
        let round = rounds.first { $0.id == chosen } ?? rounds.first
        let questionnaire = round.flatMap { ShippedQuestionnaires.questionnaire($0.questionnaire, version: $0.version) } ?? latest
        let responses = try await round.asyncMap { try await repository.responses(roundID: $0.id) } ?? []
        // The national overall score of every round of this questionnaire, oldest first.
        var overTime: [(round: String, score: Double)] = []
        for r in rounds.reversed() {
            guard let q = ShippedQuestionnaires.questionnaire(r.questionnaire, version: r.version) else { continue }
            let answered = r.id == round?.id ? responses : try await repository.responses(roundID: r.id)
            let national = SelfAssessment.national(answered, in: q)
            if let score = SelfAssessment.overall(national) { overTime.append((r.title, score)) }
        }
        let actor = context.actor
        var mayAnswer: [(code: String, name: String)] = []
        if round != nil {
            let answered = Set(responses.map(\.respondent))
            let candidates =
                actor.has(.secretariatOfficer)
                ? [SelfAssessment.wholeArrangement] : actor.focalPointInstitutions.sorted()
            for code in candidates where !answered.contains(code) {
                let resource: Resource = code == SelfAssessment.wholeArrangement ? .system : .institution(code)
                if Policy.decide(actor, .answerSelfAssessment, resource).isAllowed { mayAnswer.append((code, respondentName(code, l))) }
            }
        }
        let page = SelfAssessmentPage(
            language: l,
            questionnaire: questionnaire,
            rounds: rounds,
            round: round,
            national: SelfAssessment.national(responses, in: questionnaire),
            respondents: responses.map {
                .init(
                    code: $0.respondent,
                    name: respondentName($0.respondent, l),
                    overall: SelfAssessment.overall(SelfAssessment.scores($0.answers, in: questionnaire))
                )
            },
            overTime: overTime,
            mayAnswer: mayAnswer,
            canOpenRound: Policy.decide(actor, .manageCycles, .system).isAllowed,
            session: context.session == nil ? nil : context.pageSession(request, l, errors: errors),
            questionnaires: Self.questionnaires.map { ($0.id, $0.title) }
        )
        return Pages.response(page.render(), status: status)
    }

    func formPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        form: [String: String] = [:],
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (round, questionnaire) = try await round(context, l)
        let respondent = context.parameters.get("institution") ?? ""
        guard isRespondent(respondent) else { throw PortalError.notFound(l) }
        let page = SelfAssessmentFormPage(
            language: l,
            session: context.pageSession(request, l, errors: errors),
            questionnaire: questionnaire,
            round: round,
            respondent: respondent,
            respondentName: respondentName(respondent, l),
            form: form,
            facts: questionnaire.items.contains { $0.measure != nil } && respondent != SelfAssessment.wholeArrangement
                ? try await readinessFacts(respondent) : nil
        )
        return Pages.response(page.render(), status: status)
    }
}

// MARK: - Handlers

extension SelfAssessmentController {
    @Sendable func resultsView(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        try await resultsPage(request, context, try language(context))
    }

    @Sendable func responseView(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let l = try language(context)
        let (round, questionnaire) = try await round(context, l)
        let respondent = context.parameters.get("institution") ?? ""
        guard
            let response = try await SelfAssessmentRepository(database: database).responses(roundID: round.id)
                .first(where: { $0.respondent == respondent })
        else { throw PortalError.notFound(l) }
        return Pages.response(
            SelfAssessmentResponsePage(
                language: l,
                questionnaire: questionnaire,
                round: round,
                respondentName: respondentName(respondent, l),
                response: response
            ).render()
        )
    }

    @Sendable func openRound(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        guard let questionnaire = ShippedQuestionnaires.latest(context.form?.value("questionnaire") ?? Self.defaultQuestionnaire)
        else { throw PortalError.notFound(l) }
        do {
            let round = try await SelfAssessmentRepository(database: database).openRound(
                of: questionnaire,
                title: context.form?.value("title") ?? "",
                change: context.change
            )
            return Pages.redirect(
                SitePath(language: l, page: .selfAssessment).path + "?questionnaire=\(questionnaire.id)&round=\(round.id)"
            )
        } catch let error as SelfAssessmentError {
            return try await resultsPage(request, context, l, errors: error.messages.map { $0.text(in: l) }, status: .badRequest)
        }
    }

    @Sendable func answerForm(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await formPage(request, context, l)
    }

    @Sendable func submit(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let (round, questionnaire) = try await round(context, l)
        let respondent = context.parameters.get("institution") ?? ""
        guard isRespondent(respondent) else { throw PortalError.notFound(l) }
        let sent = context.form ?? FormData()
        let refuse = { (messages: [Message]) in
            try await formPage(
                request,
                context,
                l,
                form: SelfAssessmentForm.echo(sent, questionnaire),
                errors: messages.map { $0.text(in: l) },
                status: .badRequest
            )
        }
        let decoded = SelfAssessmentForm.decode(sent, questionnaire)
        guard case .success(let form) = decoded else { return try await refuse(decoded.failureMessages) }
        do {
            try await SelfAssessmentRepository(database: database).submit(
                roundID: round.id,
                respondent: respondent,
                answers: form.answers,
                questionnaire: questionnaire,
                change: context.change
            )
            return Pages.redirect(SitePath(language: l, page: .selfAssessmentResponse(round.id, respondent)).path)
        } catch let error as SelfAssessmentError {
            return try await refuse(error.messages)
        }
    }
}
