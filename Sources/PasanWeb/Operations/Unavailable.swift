import Hummingbird
import PasanDomain
import PasanStorage
import PasanViews

/// A request that fails because the database cannot be reached gets 503 with `Retry-After`
/// — a page in the language of the address, or the API's JSON error — instead of a 500: the
/// node keeps running and serves again as soon as the database is back (PostgreSQL's pool
/// reconnects by itself), and `/readyz` says the same to the proxy meanwhile.
struct UnavailableMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let defaultLanguage: Language

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error where Database.isUnavailable(error) {
            context.logger.error("database unavailable: \(error)")
            let path = request.uri.path
            var response: Response
            if path.hasPrefix("/api/") {
                response = try APIError(
                    status: .serviceUnavailable,
                    code: "unavailable",
                    message: "The database cannot be reached just now; try again shortly."
                ).response(from: request, context: context)
            } else {
                let body = UnavailablePage(language: request.addressLanguage(or: defaultLanguage)).render()
                response = Response(
                    status: .serviceUnavailable,
                    headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                    body: .init(byteBuffer: ByteBuffer(string: body))
                )
            }
            response.headers[.retryAfter] = "5"
            return response
        }
    }
}
