import HTTPTypes
import Hummingbird
import Logging

/// Adds the browser security headers to every response — pages, API answers, assets, errors and
/// 304s alike. It wraps the whole application (outside the router, like `HeadAsGet`), so even an
/// error no route turned into a page gets them.
///
/// - `Content-Security-Policy`: everything from Pasan itself, no inline script or style (the
///   pages have none: colours are classes, map fills SVG attributes, the chart selector's
///   auto-submit is `/assets/pasan.js`), no framing, forms only to Pasan.
/// - `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin`, `X-Frame-Options: DENY`
///   (for browsers without `frame-ancestors`).
/// - `Strict-Transport-Security` only when Pasan is reached over HTTPS (its public URL is
///   `https://…`): sent over plain HTTP it would be ignored, or lock out a test setup.
struct SecurityHeaders<Wrapped: HTTPResponder>: HTTPResponder where Wrapped.Context: RequestContext {
    typealias Context = Wrapped.Context
    let wrapped: Wrapped
    let https: Bool

    init(wrapped: Wrapped, https: Bool) {
        self.wrapped = wrapped
        self.https = https
    }

    init(wrapped: Wrapped, configuration: PortalConfiguration) {
        self.init(wrapped: wrapped, https: configuration.isServedOverHTTPS)
    }

    func respond(to request: Request, context: Context) async throws -> Response {
        var response: Response
        do {
            response = try await wrapped.respond(to: request, context: context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["path": .string(request.uri.path), "error": .string("\(error)")])
            response = Response(
                status: .internalServerError,
                headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: "Internal server error\n"))
            )
        }
        add(to: &response.headers)
        return response
    }

    func add(to headers: inout HTTPFields) {
        for field in SecurityHeaderFields.fields(https: https) where headers[field.name] == nil {
            headers.append(field)
        }
    }
}

/// The security headers themselves (`SecurityHeaders`; `CachedPageChannelHandler` adds them to
/// the answers it sends).
enum SecurityHeaderFields {
    static var contentSecurityPolicy: String {
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    }

    static var strictTransportSecurity: String { "max-age=31536000" }

    static let plain: HTTPFields = [
        .contentSecurityPolicy: contentSecurityPolicy,
        .xContentTypeOptions: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
        HTTPField.Name("X-Frame-Options")!: "DENY",
    ]

    static let overHTTPS: HTTPFields = {
        var fields = plain
        fields[.strictTransportSecurity] = strictTransportSecurity
        return fields
    }()

    /// The headers every answer carries; `Strict-Transport-Security` only when Pasan is
    /// reached over HTTPS.
    static func fields(https: Bool) -> HTTPFields { https ? overHTTPS : plain }
}
