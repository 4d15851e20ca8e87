import HTTPTypes
import Hummingbird
import Logging

/// One line per request — method, path, status, duration, client — with the request's id in
/// every log line written while it is answered (`context.logger`'s `hb.request.id`), and the
/// id sent back as `X-Request-Id` so a user can quote it. An id sent by the proxy in front
/// (nginx's `$request_id`, `docs/operations/deployment.md`) is used when it looks like one, so
/// the proxy's log and Pasan's share it.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// The level of the access lines (`--log-level info` shows them; Pasan's default level,
    /// notice, does not).
    let level: Logger.Level

    static let requestID = HTTPField.Name("X-Request-Id")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        let id = Self.identify(request, &context)
        do {
            var response = try await next(request, context)
            response.headers[Self.requestID] = id
            log(request, status: response.status.code, started: started, context: context)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(request, status: status, started: started, context: context)
            throw error
        }
    }

    /// The request's id — the proxy's when it sent a plausible one, else the server's — now in
    /// every line the context's logger writes.
    static func identify(_ request: Request, _ context: inout Context) -> String {
        if let given = request.headers[requestID], isPlausibleID(given) {
            context.logger[metadataKey: "hb.request.id"] = .string(given)
        }
        return context.logger[metadataKey: "hb.request.id"]?.description ?? ""
    }

    private func log(_ request: Request, status: Int, started: ContinuousClock.Instant, context: Context) {
        log(
            method: request.method,
            path: request.uri.path,
            status: status,
            started: started,
            client: context.remoteAddress,
            logger: context.logger
        )
    }

    /// The access line of a request answered with `status`, at the middleware's level.
    func log(method: HTTPRequest.Method, path: String, status: Int, started: ContinuousClock.Instant, client: String, logger: Logger) {
        guard logger.logLevel <= level else { return }
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.log(
            level: level,
            "\(method.rawValue) \(path) \(status)",
            metadata: [
                "http.method": .string(method.rawValue),
                "http.path": .string(path),
                "http.status": .stringConvertible(status),
                "duration_ms": .string(String(format: "%.2f", ms)),
                "client": .string(client),
            ]
        )
    }

    /// Letters, digits, `-`, `_` and `.`, at most 64: anything else is ignored (a log line
    /// must not carry what a client invents).
    static func isPlausibleID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64
            && text.utf8.allSatisfy {
                $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
            }
    }
}

extension UInt8 {
    fileprivate var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
    }
}
