import Hummingbird
import Logging
import PasanDomain
import PasanMessages
import PasanViews
import Synchronization

/// Every non-public route, with the action it performs. Routes are registered only through
/// `SecureRoutes`, which puts each one through `Policy.decide` before its handler runs, so a
/// route cannot exist without a policy; the table is what the authorisation test iterates.
public struct SecuredRoute: Sendable, Hashable {
    public var method: HTTPRequest.Method
    public var pattern: String
    public var action: Action
}

public final class RouteTable: Sendable {
    private let entries = Mutex<[SecuredRoute]>([])

    public init() {}

    public var routes: [SecuredRoute] { entries.withLock { $0 } }

    func add(_ route: SecuredRoute) { entries.withLock { $0.append(route) } }
}

/// Registers the non-public routes. For a route that takes a body, nothing of the body is read
/// before the session is known and `Policy.decide` allowed the action: an anonymous or
/// unauthorised client is answered (sign-in redirect, 403) without Pasan buffering what it
/// sends. Then `FormGate` reads the body up to the route's `BodyLimit` and checks the CSRF
/// token, and only then does the handler run.
struct SecureRoutes {
    typealias Handler = @Sendable (Request, AppRequestContext, Language) async throws -> Response
    /// What the action is done to; may look things up (e.g. a submission's reporter and state).
    typealias ResourceOf = @Sendable (Request, AppRequestContext) async throws -> Resource

    /// A resource named by a form field rather than the address (the area of a subnational
    /// focal point's grid). Before the body is read, the actor must be allowed the action on at
    /// least one resource their own grants name (their areas and institutions); after it, on
    /// the resource the field names.
    struct FormResource: Sendable {
        var field: String
        var make: @Sendable (String) -> Resource
    }

    let router: Router<AppRequestContext>
    let table: RouteTable
    let logger: Logger

    func get(_ pattern: String, _ action: Action, resource: @escaping ResourceOf = { _, _ in .system }, use handler: @escaping Handler) {
        register(.get, pattern, action, resource, body: nil, formResource: nil, handler)
    }

    /// A state-changing route. `body` is how much it reads: `.form` for ordinary forms (1 MiB),
    /// `.upload` for multipart file uploads (20 MiB).
    func post(
        _ pattern: String,
        _ action: Action,
        resource: @escaping ResourceOf = { _, _ in .system },
        body: BodyLimit = .form,
        formResource: FormResource? = nil,
        use handler: @escaping Handler
    ) {
        register(.post, pattern, action, resource, body: body, formResource: formResource, handler)
    }

    private func register(
        _ method: HTTPRequest.Method,
        _ pattern: String,
        _ action: Action,
        _ resource: @escaping ResourceOf,
        body: BodyLimit?,
        formResource: FormResource?,
        _ handler: @escaping Handler
    ) {
        table.add(SecuredRoute(method: method, pattern: pattern, action: action))
        router.on(RouterPath(pattern), method: method) { request, context in
            guard let code = context.parameters.get("lang"), let l = Language(rawValue: code) else { throw PortalError.notFound(.lo) }
            let actor = context.actor
            if !actor.isSignedIn && method == .get {
                return Pages.redirect(SitePath(language: l, page: .signIn).path)
            }
            let decision: Decision
            if formResource != nil {
                let allowed = Self.candidates(of: actor).lazy.map { Policy.decide(actor, action, $0) }.first { $0.isAllowed }
                decision =
                    if let allowed { allowed } else {
                        Policy.decide(actor, action, try await resource(request, context))
                    }
            } else {
                decision = Policy.decide(actor, action, try await resource(request, context))
            }
            guard decision.isAllowed else { return Self.denied(decision, actor, action, request, l, context.logger) }
            guard let body else { return try await handler(request, context, l) }
            var request = request
            var context = context
            if let refusal = try await FormGate.read(&request, &context, limit: body, csrf: .session) {
                return refusal
            }
            if let formResource {
                let named = formResource.make(context.form?.value(formResource.field) ?? "")
                let decision = Policy.decide(actor, action, named)
                guard decision.isAllowed else { return Self.denied(decision, actor, action, request, l, context.logger) }
            }
            return try await handler(request, context, l)
        }
    }

    /// The resources an actor's grants name, to decide a form-named resource before the body.
    static func candidates(of actor: Actor) -> [Resource] {
        [.system]
            + actor.grants.flatMap { grant in
                [grant.institution.map(Resource.institution), grant.area.map(Resource.area)].compactMap { $0 }
            } + (actor.userID.map { [Resource.user($0)] } ?? [])
    }

    static func denied(
        _ decision: Decision,
        _ actor: Actor,
        _ action: Action,
        _ request: Request,
        _ l: Language,
        _ logger: Logger
    ) -> Response {
        logger.notice(
            "denied",
            metadata: [
                "actor": .string(actor.name), "action": .string(action.rawValue),
                "path": .string(request.uri.path), "reason": .string(decision.reason.text(in: .en)),
            ]
        )
        return Pages.response(
            MessagePage(
                language: l,
                title: l.t("app.denied.title"),
                message: decision.reason.text(in: l),
                path: SitePath(language: l, page: .me)
            ).render(),
            status: .forbidden
        )
    }
}

extension AppRequestContext {
    /// The page session for private pages (name, CSRF token, and the message of the last action).
    func pageSession(_ request: Request, _ l: Language, errors: [String] = []) -> PageSession {
        let notice = request.uri.queryParameters.get("ok").flatMap { Notices.text($0, l) }
        return PageSession(
            userName: session?.user.name ?? "",
            csrfToken: session?.csrfToken ?? "",
            notices: notice.map { [$0] } ?? [],
            errors: errors
        )
    }
}

/// The messages shown after an action (a key in the redirect, never free text from a URL).
enum Notices {
    static func text(_ key: String, _ l: Language) -> String? {
        let message: Message? =
            switch key {
            case "created": Message("app.notice.saved")
            case "granted": Message("app.notice.roleGranted")
            case "revoked": Message("app.notice.roleRevoked")
            case "imported": Message("app.notice.imported")
            case "handover": Message("app.notice.handover")
            case "note": Message("app.notice.noteAdded")
            case "proposed": Message("app.notice.proposalSent")
            case "declined": Message("app.notice.proposalDeclined")
            case "signed-out-everywhere": Message("app.notice.signedOutElsewhere")
            case "password-changed": Message("app.notice.passwordChanged")
            default: nil
            }
        return message?.text(in: l)
    }
}
