import Foundation
import Hummingbird
import PasanDomain
import PasanReferenceData
import PasanStorage
import PasanViews

/// What every feature controller has: the portal's state (database, catalog, response cache),
/// the language of the address, and cached public pages.
protocol PortalFeature: Sendable {
    var state: PortalState { get }
}

extension PortalFeature {
    var database: Database { state.database }

    /// Today in Lao PDR, by the database's clock (fixed in tests).
    var today: LocalDate { state.database.clock.today }

    func language(_ context: AppRequestContext) throws -> Language {
        guard let code = context.parameters.get("lang"), let l = Language(rawValue: code) else {
            throw PortalError.notFound(state.defaultLanguage)
        }
        return l
    }

    /// A cached page: keyed on the path alone (no query parameter changes these pages).
    func html(_ request: Request, render: () -> String) -> Response {
        html(CacheKey(request), request, render: render)
    }

    func html(_ key: CacheKey, _ request: Request, render: () -> String) -> Response {
        state.cache.entry(key) { (.ok, "text/html; charset=utf-8", render()) }.response(for: request)
    }
}

/// Errors of the HTML portal, rendered as pages in the user's language.
enum PortalError: HTTPResponseError {
    case notFound(Language)

    var status: HTTPResponse.Status { .notFound }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        switch self {
        case .notFound(let l):
            let body = NotFoundPage(language: l).render()
            return Response(
                status: .notFound,
                headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: body))
            )
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

extension Request {
    /// The language the address names (`/en/…` → English), or `fallback` where it names none
    /// (`/api/…`, `/healthz`): the language of a page Pasan answers with on its own (404, 503, a
    /// refused form).
    func addressLanguage(or fallback: Language) -> Language {
        Language(rawValue: uri.path.split(separator: "/").first.map(String.init) ?? "") ?? fallback
    }
}
