import Hummingbird
import Logging
import PasanDomain
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

struct SecureRoutes {
    typealias Handler = @Sendable (Request, AppRequestContext, Language) async throws -> Response
    typealias ResourceOf = @Sendable (Request, AppRequestContext) -> Resource

    let router: Router<AppRequestContext>
    let table: RouteTable
    let logger: Logger

    func get(_ pattern: String, _ action: Action, resource: @escaping ResourceOf = { _, _ in .system }, _ handler: @escaping Handler) {
        register(.get, pattern, action, resource, handler)
    }

    func post(_ pattern: String, _ action: Action, resource: @escaping ResourceOf = { _, _ in .system }, _ handler: @escaping Handler) {
        register(.post, pattern, action, resource, handler)
    }

    private func register(_ method: HTTPRequest.Method, _ pattern: String, _ action: Action, _ resource: @escaping ResourceOf, _ handler: @escaping Handler) {
        table.add(SecuredRoute(method: method, pattern: pattern, action: action))
        let logger = self.logger
        router.on(RouterPath(pattern), method: method) { request, context in
            guard let code = context.parameters.get("lang"), let l = Language(rawValue: code) else { throw PortalError.notFound(.lo) }
            let actor = context.actor
            if !actor.isSignedIn && method == .get {
                return Pages.redirect(SitePath(language: l, page: .signIn).path)
            }
            let decision = Policy.decide(actor, action, resource(request, context))
            guard decision.isAllowed else {
                logger.notice("denied", metadata: ["actor": .string(actor.name), "action": .string(action.rawValue),
                                                   "path": .string(request.uri.path), "reason": .string(decision.reason.en)])
                return Pages.response(MessagePage(language: l, title: l == .lo ? "ບໍ່ອະນຸຍາດ" : "Not allowed",
                                                  message: decision.reason.text(in: l), path: SitePath(language: l, page: .me)).render(),
                                      status: .forbidden)
            }
            return try await handler(request, context, l)
        }
    }
}

extension AppRequestContext {
    /// The page session for private pages (name, CSRF token, and the message of the last action).
    func pageSession(_ request: Request, _ l: Language, errors: [String] = []) -> PageSession {
        let notice = request.uri.queryParameters.get("ok").flatMap { Notices.text($0, l) }
        return PageSession(userName: session?.user.name ?? "", csrfToken: session?.csrfToken ?? "", notices: notice.map { [$0] } ?? [], errors: errors)
    }
}

/// The messages shown after an action (a key in the redirect, never free text from a URL).
enum Notices {
    static func text(_ key: String, _ l: Language) -> String? {
        let texts: [String: (String, String)] = [
            "created": ("Saved.", "ບັນທຶກແລ້ວ."),
            "granted": ("The role was granted.", "ໄດ້ເພີ່ມບົດບາດແລ້ວ."),
            "revoked": ("The role was revoked.", "ໄດ້ຖອນບົດບາດແລ້ວ."),
            "imported": ("The file was imported.", "ນຳເຂົ້າໄຟລ໌ແລ້ວ."),
            "handover": ("The handover was recorded; open tasks moved to the new holder.", "ບັນທຶກການມອບວຽກແລ້ວ; ວຽກທີ່ຄ້າງຖືກຍ້າຍໄປໃຫ້ຜູ້ຮັບ."),
            "note": ("The note was added.", "ເພີ່ມບັນທຶກແລ້ວ."),
            "signed-out-everywhere": ("You were signed out on every other device.", "ທ່ານໄດ້ອອກຈາກລະບົບໃນທຸກອຸປະກອນອື່ນແລ້ວ."),
            "password-changed": ("Your password was changed. Sign in with the new one.", "ປ່ຽນລະຫັດຜ່ານແລ້ວ. ເຂົ້າສູ່ລະບົບດ້ວຍລະຫັດໃໝ່."),
        ]
        return texts[key].map { l == .lo ? $0.1 : $0.0 }
    }
}
