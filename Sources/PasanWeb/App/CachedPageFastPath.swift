import HTTPTypes
import Hummingbird
import Logging
import Metrics
import NIOCore
import NIOHTTPTypes
import Synchronization

/// Answers an anonymous `GET` or `HEAD` of a page or API list that the response cache already
/// holds right where the HTTP/1 request is decoded, before it becomes a Hummingbird request:
/// no task, no request context, no router, no middleware. The profiles of issue 16
/// (`docs/performance.md`, "Cached pages") found those, not the cached bytes, to be most of the
/// cost of a cached answer.
///
/// It is a channel handler in each connection's pipeline, between the HTTP/1 codec and
/// Hummingbird's connection handler (`HTTP1Channel.Configuration.additionalChannelHandlers`).
/// It takes a request only when the router would answer it from the same entry in the same way
/// (`CachedPageFastPath.entry(for:in:)`), and only when no earlier request of the connection is
/// still being answered by the router, so answers leave in the order of the requests even when
/// a client pipelines them. Everything else passes through untouched.
///
/// The answer is the route handler's answer to a cache hit (`Entry.answer(to:)`: a 304, or the
/// body, gzipped when accepted; no body for `HEAD`), with what the layers it skips would add:
/// the server's name and the security headers (`SecurityHeaders`), the CORS headers of the open data (`OpenDataCORS`),
/// the request id, the access log line (`AccessLogMiddleware`), and the request counter and
/// duration under the route's name (`RouteMetrics`).
final class CachedPageChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let fastPath: CachedPageFastPath
    /// Requests passed on whose answer has not ended yet.
    private var passedOn = 0
    /// A request taken from the cache whose end has not arrived yet.
    private var taking: (request: HTTPRequest, entry: ResponseCache.Entry, route: String, started: ContinuousClock.Instant)?
    /// Answers written since the last flush.
    private var unflushed = false

    init(fastPath: CachedPageFastPath) {
        self.fastPath = fastPath
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let request):
            let started = ContinuousClock.now
            if passedOn == 0, context.channel.isWritable, let (entry, route) = fastPath.entry(for: request) {
                taking = (request, entry, route, started)
            } else {
                passedOn += 1
                context.fireChannelRead(data)
            }
        case .body:
            // A request taken has no body (`entry(for:)`); anything else is passed on.
            if taking == nil { context.fireChannelRead(data) }
        case .end:
            guard let taken = taking else { return context.fireChannelRead(data) }
            taking = nil
            let (response, body) = fastPath.answer(
                taken.request,
                entry: taken.entry,
                route: taken.route,
                started: taken.started,
                client: context.channel.remoteAddress
            )
            context.write(wrapOutboundOut(.head(response)), promise: nil)
            if let body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
            unflushed = true
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if unflushed {
            unflushed = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { passedOn = max(0, passedOn - 1) }
        context.write(data, promise: promise)
    }
}

/// What `CachedPageChannelHandler` decides and sends, apart from the channel: which requests it
/// may answer from the cache, and the answer.
struct CachedPageFastPath: Sendable {
    let cache: ResponseCache
    let openData: OpenDataCORS<AppRequestContext>
    /// What the layers skipped add to every answer: the server's name, the security headers.
    let common: HTTPFields
    let accessLog: AccessLogMiddleware
    let logger: Logger
    let metrics = RouteMetrics()

    init(cache: ResponseCache, serverName: String?, https: Bool, accessLogLevel: Logger.Level, logger: Logger) {
        self.cache = cache
        openData = .openData
        var common = HTTPFields()
        if let serverName { common[.server] = serverName }
        common.append(contentsOf: SecurityHeaderFields.fields(https: https))
        self.common = common
        accessLog = AccessLogMiddleware(level: accessLogLevel)
        self.logger = logger
    }

    /// The cached entry that answers `request`, and the route that made it — when the router
    /// would answer the request from that entry in the same way:
    /// - `GET` or `HEAD` without a query string: the cache key of such a request is its path,
    ///   whatever parameters its route reads (`CacheKey`); nothing in an origin-form path
    ///   needs decoding before it is compared, as the router compares it;
    /// - no session cookie and no `Authorization` header: a signed-in user or an API client
    ///   with a token goes through the session middleware (a page can differ for them, and a
    ///   session's expiry follows its requests);
    /// - no body, no `Expect`, and no `Connection: close` (the connection handler closes those);
    /// - an entry a route's handler made (`Entry.route`): entries kept for other purposes,
    ///   under keys no request path has, are never answers.
    func entry(for request: HTTPRequest) -> (ResponseCache.Entry, String)? {
        guard request.method == .get || request.method == .head, let path = request.path, path.hasPrefix("/"),
            !path.utf8.contains(UInt8(ascii: "?")), Self.isAnonymous(request), Self.hasNoBody(request),
            request.headerFields[.expect] == nil, !Self.closes(request),
            let entry = cache.peek(CacheKey(path: path)), let route = entry.route
        else { return nil }
        return (entry, route)
    }

    /// The response and body (none for `HEAD` and 304) for `request`, and its log line and metrics.
    func answer(
        _ request: HTTPRequest,
        entry: ResponseCache.Entry,
        route: String,
        started: ContinuousClock.Instant,
        client: SocketAddress?
    ) -> (HTTPResponse, ByteBuffer?) {
        var (status, headers, body) = entry.answer(to: request)
        headers.append(contentsOf: common)
        let path = request.path ?? "/"
        if openData.applies(to: path) { OpenDataCORS<AppRequestContext>.addHeaders(to: &headers) }
        let given = request.headerFields[AccessLogMiddleware.requestID]
        let id = given.flatMap { AccessLogMiddleware.isPlausibleID($0) ? $0 : nil } ?? RequestID().description
        headers[AccessLogMiddleware.requestID] = id
        metrics.record(route: route, method: .get, status: status, since: started)
        if logger.logLevel <= accessLog.level {
            var logger = logger
            logger[metadataKey: "hb.request.id"] = .string(id)
            accessLog.log(
                method: request.method,
                path: path,
                status: status.code,
                started: started,
                client: client?.ipAddress ?? "unknown",
                logger: logger
            )
        }
        return (HTTPResponse(status: status, headerFields: headers), request.method == .head ? nil : body)
    }

    /// Whether the request carries no credentials: no session cookie with a value, no
    /// `Authorization` header.
    static func isAnonymous(_ request: HTTPRequest) -> Bool {
        guard request.headerFields[.authorization] == nil else { return false }
        for cookies in request.headerFields[values: .cookie] {
            for pair in cookies.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, trimmed(parts[0]) == Cookies.session, !trimmed(parts[1]).isEmpty { return false }
            }
        }
        return true
    }

    private static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }

    static func hasNoBody(_ request: HTTPRequest) -> Bool {
        request.headerFields[.transferEncoding] == nil && (request.headerFields[.contentLength].map { $0 == "0" } ?? true)
    }

    static func closes(_ request: HTTPRequest) -> Bool {
        request.headerFields[values: .connection].contains { $0.lowercased().contains("close") }
    }
}

/// The request counter and duration per route, method and status, under the names and labels
/// of Hummingbird's `MetricsMiddleware` (`hb.requests`, `http.server.request.duration`), so the
/// answers of `CachedPageChannelHandler` count in the same series as the router's. The metric
/// objects are made once per combination, as the middleware's own cache does.
final class RouteMetrics: Sendable {
    struct Key: Hashable {
        let route: String
        let method: HTTPRequest.Method
        let status: HTTPResponse.Status
    }

    private let storage = Mutex<[Key: (Counter, Metrics.Timer)]>([:])

    func record(route: String, method: HTTPRequest.Method, status: HTTPResponse.Status, since started: ContinuousClock.Instant) {
        let (counter, timer) = metrics(Key(route: route, method: method, status: status))
        counter.increment()
        timer.record(duration: ContinuousClock.now - started)
    }

    private func metrics(_ key: Key) -> (Counter, Metrics.Timer) {
        storage.withLock { known in
            if let found = known[key] { return found }
            let dimensions = [
                ("http.route", key.route), ("http.request.method", key.method.rawValue),
                ("http.response.status_code", String(key.status.code)),
            ]
            let made = (
                Counter(label: "hb.requests", dimensions: dimensions),
                Metrics.Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds)
            )
            known[key] = made
            return made
        }
    }
}
