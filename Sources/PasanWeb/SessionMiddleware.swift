import Foundation
import Hummingbird
import HTTPTypes
import Logging
import PasanDomain
import PasanStorage
import PasanViews

/// Cookie names and settings.
enum Cookies {
    static let session = "pasan_session"
    /// CSRF token for forms shown before sign-in (double-submit cookie).
    static let csrf = "pasan_csrf"

    static func session(_ token: String, secure: Bool) -> Cookie {
        Cookie(name: session, value: token, maxAge: Int(AccountRepository.sessionLifetime), path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func expired(_ name: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func csrf(_ token: String, secure: Bool) -> Cookie {
        Cookie(name: csrf, value: token, path: "/", secure: secure, httpOnly: true, sameSite: .strict)
    }
}

/// Finds the signed-in session from its cookie, parses submitted forms, and enforces CSRF on
/// every state-changing request: the form's `_csrf` (or the `X-CSRF-Token` header) must match
/// the session's token, or — before sign-in — the `pasan_csrf` cookie.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountRepository
    let defaultLanguage: Language
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        if let token = request.cookies[Cookies.session]?.value, !token.isEmpty, let session = try await accounts.session(token: token) {
            context.session = session
            context.sessionToken = token
        }
        if request.method == .get || request.method == .head {
            return try await next(request, context)
        }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: context.maxUploadSize)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            let l = Language(rawValue: request.uri.path.split(separator: "/").first.map(String.init) ?? "") ?? defaultLanguage
            let mb = context.maxUploadSize / 1_048_576
            return Pages.response(MessagePage(
                language: l, title: l == .lo ? "ໄຟລ໌ໃຫຍ່ເກີນໄປ" : "File too large",
                message: l == .lo ? "ໄຟລ໌ທີ່ສົ່ງມາໃຫຍ່ກວ່າ \(mb) MB. ກະລຸນາແບ່ງເປັນຫຼາຍໄຟລ໌ (ເຊັ່ນ ຕາມແຂວງ ຫຼື ຕາມປີ) ແລ້ວອັບໂຫຼດແຕ່ລະໄຟລ໌. ບໍ່ໄດ້ບັນທຶກຫຍັງ."
                                 : "The file is larger than \(mb) MB. Split it (for example by province or by year) and upload each part. Nothing was saved.",
                path: .home(l)).render(), status: .contentTooLarge)
        }
        context.form = FormData.parse(contentType: request.headers[.contentType], body: Data(buffer: body))
        let expected = context.session?.csrfToken ?? request.cookies[Cookies.csrf]?.value
        let given = context.form?["_csrf"] ?? request.headers[HTTPField.Name("X-CSRF-Token")!]
        guard let expected, let given, !expected.isEmpty,
              Secrets.constantTimeEqual(Data(expected.utf8), Data(given.utf8)) else {
            let l = Language(rawValue: request.uri.path.split(separator: "/").first.map(String.init) ?? "") ?? defaultLanguage
            logger.notice("refused a request without a valid CSRF token", metadata: ["path": .string(request.uri.path), "address": .string(context.remoteAddress)])
            return Pages.response(MessagePage(
                language: l, title: l == .lo ? "ຄຳຮ້ອງຖືກປະຕິເສດ" : "Request refused",
                message: l == .lo ? "ແບບຟອມນີ້ໝົດອາຍຸ ຫຼື ບໍ່ໄດ້ສົ່ງມາຈາກ ປະສານ (CSRF). ກະລຸນາໂຫຼດໜ້າຄືນໃໝ່ ແລ້ວລອງອີກຄັ້ງ."
                                 : "This form has expired or did not come from Pasan (CSRF check). Reload the page and try again.",
                path: .home(l)).render(), status: .forbidden)
        }
        return try await next(request, context)
    }
}

/// Helpers to answer with a page that must not be cached (private pages).
enum Pages {
    static func response(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    static func csv(_ text: String, filename: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\"", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
