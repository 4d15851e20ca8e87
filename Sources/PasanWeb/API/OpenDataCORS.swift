import HTTPTypes
import Hummingbird
import PasanDomain
import PasanMessages

/// Cross-origin reads of the open-data routes (CORS), and nothing else on them.
///
/// For a path under one of `prefixes` (`/api/v1`; the SDMX REST routes may add `/sdmx/rest`):
/// - `GET` (and `HEAD`, which `HeadAsGet` runs as a `GET`): the answer — fresh, from the
///   response cache, a 304, or an error — carries `Access-Control-Allow-Origin: *` and exposes
///   `ETag` to scripts. No credentials: `*` forbids them, and the open data needs none.
/// - `OPTIONS` (a browser's preflight, or a client asking): 204 with `Allow`, and the methods,
///   request headers and how long a browser may keep the answer.
/// - A method an operation of the path takes besides (`POST` of the machine API,
///   `APIOperation.writeMethods`): passed to its handler, which authenticates it; the answer
///   carries the same headers.
/// - Any other method: 405 with `Allow` (the open-data routes are read-only), the API's error
///   shape.
///
/// No `Vary: Origin`: the answer is the same for every origin (and without one), so a shared
/// cache may serve one copy to all.
///
/// Added to the router before the other middleware (`buildRouter`), so it sees requests no
/// route matches (preflights, other methods) and the answers the 404 middleware makes. Paths
/// outside the prefixes — every page, every private route — pass through untouched.
struct OpenDataCORS<Context: RequestContext>: RouterMiddleware {
    /// Path prefixes without a trailing slash; a path is open data when it is one of them or
    /// continues one with `/`.
    let prefixes: [String]

    static var allowedMethods: String { "GET, HEAD, OPTIONS" }
    static var allowedHeaders: String { "Accept, Accept-Language, If-None-Match" }
    static var exposedHeaders: String { "ETag" }
    /// How long a browser may keep a preflight's answer: 2 hours (Pasan's default; Chromium
    /// keeps it no longer anyway).
    static var maxAge: String { "7200" }

    /// Pasan's open data: the API and the SDMX REST routes.
    static var openData: Self { Self(prefixes: [APIOperation.prefix, "/sdmx/rest"]) }

    init(prefixes: [String]) {
        self.prefixes = prefixes.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    func applies(to path: String) -> Bool {
        prefixes.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard applies(to: request.uri.path) else { return try await next(request, context) }
        var response: Response
        switch request.method {
        case .get, .head:
            if Self.isOnlyWritten(request.uri.path) {
                response = try Self.notAllowed(request, context: context)
            } else {
                do {
                    response = try await next(request, context)
                } catch let error as any HTTPResponseError {
                    response = try error.response(from: request, context: context)
                }
            }
        case .options:
            // `Allow` lists every method of the path; browsers are offered only the reads.
            let allow = Self.allow(at: request.uri.path)
            response = Response(status: .noContent, headers: [.allow: allow])
            response.headers[.accessControlAllowMethods] = Self.allowedMethods
            response.headers[.accessControlAllowHeaders] = Self.allowedHeaders
            response.headers[.accessControlMaxAge] = Self.maxAge
        default:
            // The writes the API's operations take at this path (POST of the machine API,
            // authenticated by its handlers); any other method is refused.
            let writes = APIOperation.writeMethods(at: request.uri.path)
            if writes.contains(request.method.rawValue) {
                do {
                    response = try await next(request, context)
                } catch let error as any HTTPResponseError {
                    response = try error.response(from: request, context: context)
                }
            } else {
                response = try Self.notAllowed(request, context: context)
            }
        }
        Self.addHeaders(to: &response.headers)
        return response
    }

    /// Whether the path is only written to (DHIS2's `POST /api/v1/dataValueSets`): no reads.
    static func isOnlyWritten(_ path: String) -> Bool {
        !APIOperation.writeMethods(at: path).isEmpty && !APIOperation.all.contains { $0.method == .get && $0.matches(path) }
    }

    /// Every method of the path: the reads (unless it is only written to) and the writes its
    /// operations take.
    static func allow(at path: String) -> String {
        ([isOnlyWritten(path) ? "OPTIONS" : allowedMethods] + APIOperation.writeMethods(at: path)).joined(separator: ", ")
    }

    /// 405 in the API's error shape, with the path's methods in `Allow`.
    static func notAllowed(_ request: Request, context: Context) throws -> Response {
        try APIError(
            status: .methodNotAllowed,
            code: "method_not_allowed",
            message: Message(
                "api.error.methodNotAllowed",
                ["method": .text(request.method.rawValue), "allowed": .text(allow(at: request.uri.path))]
            ).text(in: .en),
            headers: [.allow: allow(at: request.uri.path)]
        ).response(from: request, context: context)
    }

    static func addHeaders(to headers: inout HTTPFields) {
        headers[.accessControlAllowOrigin] = "*"
        headers[.accessControlExposeHeaders] = exposedHeaders
    }
}
