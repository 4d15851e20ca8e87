import Foundation
import Hummingbird
import PasanDomain
import PasanMessages
import PasanStorage
import PasanViews

/// The translation review: the queue of Lao texts to review (interface, titles, names), one
/// text's page with its glossary check and history, and the proposals a second reviewer
/// approves or declines. An approved text reaches the portal at once (the catalogue and the
/// framework are reloaded and the page cache cleared).
struct TranslationsController: PortalFeature {
    let state: PortalState
    static let pageSize = 100

    func register(_ secure: SecureRoutes) {
        secure.get(SitePath.Pattern.translations, .translate, use: queueView)
        secure.get(SitePath.Pattern.translationReview, .translate, use: reviewView)
        secure.post(SitePath.Pattern.translationDecision, .reviewTranslation, use: decide)
        secure.get(SitePath.Pattern.translation, .translate, use: itemView)
        secure.post(SitePath.Pattern.translation, .translate, use: propose)
    }

    var repository: TranslationRepository { TranslationRepository(database: database) }

    /// The item named by the address (`/translations/{kind}/{key}`).
    func item(_ context: AppRequestContext, _ l: Language) throws -> TranslationItem {
        guard let kind = context.parameters.get("kind").flatMap(TranslatableKind.init(rawValue:)),
            let key = context.parameters.get("key")?.removingPercentEncoding, !key.isEmpty
        else { throw PortalError.notFound(l) }
        return TranslationItem(kind: kind, key: key)
    }

    func session(_ request: Request, _ context: AppRequestContext, _ l: Language, errors: [String] = []) -> PageSession {
        var session = context.pageSession(request, l, errors: errors)
        switch request.uri.queryParameters.get("done") {
        case "proposed": session.notices.append(l.t("translations.notice.proposed"))
        case "approved": session.notices.append(l.t("translations.notice.approved"))
        case "rejected": session.notices.append(l.t("translations.notice.rejected"))
        default: break
        }
        return session
    }

    func itemPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        draft: String? = nil,
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let item = try item(context, l)
        guard let text = try await repository.text(item, catalogue: state.messages) else { throw PortalError.notFound(l) }
        let page = TranslationItemPage(
            language: l,
            session: session(request, context, l, errors: errors),
            text: text,
            terms: state.glossary.terms(in: text.englishPlural ?? text.english),
            departures: state.glossary.departures(english: text.englishPlural ?? text.english, lao: text.lao),
            history: try await repository.changes(item: item),
            draft: draft,
            canPropose: Policy.decide(context.actor, .translate, .system).isAllowed
        )
        return Pages.response(page.render(), status: status)
    }
}

// MARK: - Handlers

extension TranslationsController {
    @Sendable func queueView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let filter = TranslationQueuePage.Filter { request.uri.queryParameters.get($0) }
        let texts = try await repository.texts(catalogue: state.messages)
        let pending = try await repository.changes(state: .pending)
        let model = TranslationQueueModel(texts: texts, pending: pending, glossary: state.glossary)
        let page = TranslationQueuePage(
            language: l,
            session: session(request, context, l),
            filter: filter,
            rows: model.rows(filter, limit: Self.pageSize),
            total: model.count(filter),
            pageSize: Self.pageSize,
            byKind: model.progress.byKind,
            byGoal: model.progress.byGoal,
            pendingCount: pending.count
        )
        return Pages.response(page.render())
    }

    @Sendable func itemView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await itemPage(request, context, l)
    }

    @Sendable func propose(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let item = try item(context, l)
        let decoded = TranslationForm.decode(context.form ?? FormData())
        guard case .success(let form) = decoded else {
            return try await itemPage(request, context, l, errors: decoded.problems(in: l), status: .badRequest)
        }
        do {
            try await repository.propose(item, lao: form.lao, note: form.note, catalogue: state.messages, change: context.change)
        } catch let error as TranslationError {
            return try await itemPage(
                request,
                context,
                l,
                draft: form.lao,
                errors: [error.message.text(in: l)],
                status: .unprocessableContent
            )
        }
        return Pages.redirect(SitePath(language: l, page: .translation(item.kind, item.key)).path + "?done=proposed")
    }

    @Sendable func reviewView(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        try await reviewPage(request, context, l)
    }

    func reviewPage(
        _ request: Request,
        _ context: AppRequestContext,
        _ l: Language,
        errors: [String] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let rows = try await repository.changes(state: .pending).map { change in
            TranslationReviewPage.Row(change: change, departures: state.glossary.departures(english: change.english, lao: change.laoAfter))
        }
        let page = TranslationReviewPage(
            language: l,
            session: session(request, context, l, errors: errors),
            rows: rows,
            reviewerID: context.actor.userID,
            canDecide: Policy.decide(context.actor, .reviewTranslation, .system).isAllowed
        )
        return Pages.response(page.render(), status: status)
    }

    @Sendable func decide(_ request: Request, _ context: AppRequestContext, _ l: Language) async throws -> Response {
        let decoded = TranslationDecisionForm.decode(context.form ?? FormData())
        guard let id = context.parameters.get("change", as: Int64.self), case .success(let form) = decoded else {
            return try await reviewPage(request, context, l, errors: decoded.problems(in: l), status: .badRequest)
        }
        do {
            if form.approve {
                try await repository.approve(id, change: context.change)
            } else {
                try await repository.reject(id, change: context.change)
            }
        } catch let error as TranslationError {
            return try await reviewPage(request, context, l, errors: [error.message.text(in: l)], status: .conflict)
        }
        if form.approve { try await state.reload() }
        return Pages.redirect(SitePath(language: l, page: .translationReview).path + "?done=\(form.approve ? "approved" : "rejected")")
    }
}

extension TranslationError {
    /// What the translator reads.
    var message: Message {
        switch self {
        case .refused(let message): message
        case .unknownItem: Message("translations.problem.unknownItem")
        case .noSuchChange: Message("translations.refusal.notPending")
        case .unchanged: Message("translations.notice.unchanged")
        }
    }
}
