import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PasanDomain
import PasanMessages
import PasanStorage
import PasanViews

/// Cookie names and settings.
enum Cookies {
    static let session = "pasan_session"
    /// CSRF token for forms shown before sign-in (double-submit cookie).
    static let csrf = "pasan_csrf"

    static func session(_ token: String, secure: Bool) -> Cookie {
        Cookie(
            name: session,
            value: token,
            maxAge: Int(AccountRepository.sessionLifetime),
            path: "/",
            secure: secure,
            httpOnly: true,
            sameSite: .lax
        )
    }

    static func expired(_ name: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func csrf(_ token: String, secure: Bool) -> Cookie {
        Cookie(name: csrf, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }
}

/// Finds the signed-in session from its cookie. It reads no request body: bodies are read only
/// by the routes that take one, through `FormGate` (after the policy allowed the action, for
/// non-public routes), which also checks the CSRF token.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountRepository
    let defaultLanguage: Language
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[Cookies.session]?.value, !token.isEmpty, let session = try await accounts.session(token: token) {
            context.session = session
            context.sessionToken = token
        }
        return try await next(request, context)
    }
}

/// How much of a request body a route reads. A body over the limit is refused with 413 and a
/// page saying what to do; the rest of it is never buffered (Hummingbird drains what a
/// handler leaves unread, chunk by chunk, without collecting it).
public enum BodyLimit: Sendable, Equatable {
    /// The forms anyone may send (sign-in, sign-out, password reset): 16 KiB.
    case publicForm
    /// The forms of signed-in users; the data-entry grid is the largest: 1 MiB.
    case form
    /// A multipart file upload (tidy CSV, assignments CSV): 20 MiB.
    case upload

    public var bytes: Int {
        switch self {
        case .publicForm: 16 * 1024
        case .form: 1024 * 1024
        case .upload: 20 * 1024 * 1024
        }
    }
}

/// Reads a route's form: the body up to the route's limit, parsed, then the CSRF token checked
/// (the form's `_csrf` or the `X-CSRF-Token` header must be the session's token, or — before
/// sign-in — the `pasan_csrf` cookie, which must be a token Pasan signed), then every text
/// field's length. Returns the refusal to send, or `nil` with `context.form` set.
enum FormGate {
    /// What the CSRF token of a form must be.
    enum Expectation {
        /// The signed-in session's token (every non-public route).
        case session
        /// The session's token when signed in, otherwise the signed `pasan_csrf` cookie.
        case sessionOrSignedCookie(FormTokenSigner)
    }

    static func read(
        _ request: inout Request,
        _ context: inout AppRequestContext,
        limit: BodyLimit,
        csrf: Expectation
    ) async throws -> Response? {
        let l = language(of: request)
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit.bytes {
            return tooLarge(limit, l)
        }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit.bytes)
        } catch is NIOTooManyBytesError {
            return tooLarge(limit, l)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            return tooLarge(limit, l)
        }
        let form = FormData.parse(contentType: request.headers[.contentType], body: Data(buffer: body))
        let given = form?["_csrf"] ?? request.headers[HTTPField.Name("X-CSRF-Token")!]
        guard let given, isValid(given, request: request, context: context, csrf) else {
            // The request's logger: the line carries the request id.
            context.logger.notice(
                "refused a request without a valid CSRF token",
                metadata: ["path": .string(request.uri.path), "address": .string(context.remoteAddress)]
            )
            return Pages.response(
                MessagePage(
                    language: l,
                    title: l.t("app.form.refused.title"),
                    message: l.t("app.form.refused.csrf"),
                    path: .home(l)
                ).render(),
                status: .forbidden
            )
        }
        if let form, let (name, length) = form.tooLongField() {
            let label = FormData.label(of: name, in: l)
            let (count, max) = (FormData.grouped(length), FormData.grouped(FormData.maximumFieldLength))
            return Pages.response(
                MessagePage(
                    language: l,
                    title: l.t("app.form.tooLong.title"),
                    message: l.t("app.form.tooLong.message", ["field": .text(label), "count": .text(count), "max": .text(max)]),
                    path: .home(l)
                ).render(),
                status: .badRequest
            )
        }
        context.form = form ?? FormData()
        return nil
    }

    static func isValid(_ given: String, request: Request, context: AppRequestContext, _ csrf: Expectation) -> Bool {
        let expected: String?
        switch csrf {
        case .session:
            expected = context.session?.csrfToken
        case .sessionOrSignedCookie(let signer):
            if let session = context.session {
                expected = session.csrfToken
            } else {
                let cookie = request.cookies[Cookies.csrf]?.value
                expected = cookie.flatMap { signer.isGenuine($0) ? $0 : nil }
            }
        }
        guard let expected, !expected.isEmpty else { return false }
        return Secrets.constantTimeEqual(Data(expected.utf8), Data(given.utf8))
    }

    /// The 413 page: for an upload, what to do with a file that is too large.
    static func tooLarge(_ limit: BodyLimit, _ l: Language) -> Response {
        let mb = limit.bytes / 1_048_576
        let (title, message): (String, String)
        switch limit {
        case .upload:
            title = l.t("app.form.fileTooLarge.title")
            message = l.t("app.form.fileTooLarge.message", ["megabytes": .text(String(mb))])
        case .form, .publicForm:
            let size = limit.bytes >= 1_048_576 ? "\(mb) MB" : "\(limit.bytes / 1024) KB"
            title = l.t("app.form.formTooLarge.title")
            message = l.t("app.form.formTooLarge.message", ["size": .text(size)])
        }
        return Pages.response(
            MessagePage(language: l, title: title, message: message, path: .home(l)).render(),
            status: .contentTooLarge
        )
    }

    static func language(of request: Request) -> Language {
        request.addressLanguage(or: .lo)
    }
}

extension Router where Context == AppRequestContext {
    /// A form anyone may send (sign-in, sign-out, password reset): a small body, read and
    /// checked against CSRF (the session's token, or the signed pre-sign-in cookie) before
    /// `handler` runs. The only state-changing routes outside `SecureRoutes`.
    func publicForm(
        _ pattern: String,
        tokens: FormTokenSigner,
        use handler: @escaping @Sendable (Request, AppRequestContext) async throws -> Response
    ) {
        post(RouterPath(pattern)) { request, context in
            var request = request
            var context = context
            let csrf = FormGate.Expectation.sessionOrSignedCookie(tokens)
            if let refusal = try await FormGate.read(&request, &context, limit: .publicForm, csrf: csrf) {
                return refusal
            }
            return try await handler(request, context)
        }
    }
}
