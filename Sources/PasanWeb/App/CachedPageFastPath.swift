import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import NIOCore
import NIOHTTPTypes
import PasanDomain
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
/// (`CachedPageFastPath.Request`, `entry(for:)`), and only when no earlier request of the connection is
/// still being answered by the router, so answers leave in the order of the requests even when
/// a client pipelines them. Everything else passes through untouched.
///
/// The answer is the route handler's answer to a cache hit (`Entry.answer`: a 304, or the body,
/// gzipped when accepted; no body for `HEAD`), with what the layers it skips would add: the
/// server's name, `Date` and the security headers (`SecurityHeaders`), the CORS headers of the
/// open data (`OpenDataCORS`), the request id, the access log line (`AccessLogMiddleware`), and
/// the request counter and duration under the route's name (`RouteMetrics`).
final class CachedPageChannelHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let fastPath: CachedPageFastPath
    /// Requests passed on whose answer has not ended yet.
    private var passedOn = 0
    /// A request taken from the cache whose end has not arrived yet.
    private var taking: (request: CachedPageFastPath.Request, entry: ResponseCache.Entry, route: String)?
    /// Where the answers are written as bytes: the front of the pipeline (`BytesOut`).
    private var bytesOut: ChannelHandlerContext?
    /// Answers written since the last flush.
    private var unflushed = false
    /// The `Date` of this second, as the connection last wrote it.
    private var date = HTTPDate()

    init(fastPath: CachedPageFastPath) {
        self.fastPath = fastPath
    }

    /// The answer is written as the bytes of an HTTP/1.1 response (`CachedPageFastPath.answer`)
    /// at the front of the pipeline, past the HTTP encoders: its head is mostly built once per
    /// entry, and the encoders are idle whenever an answer is taken from the cache (no answer of
    /// the router is in progress on the connection).
    func handlerAdded(context: ChannelHandlerContext) {
        let front = BytesOut()
        do {
            try context.pipeline.syncOperations.addHandler(front, position: .first)
            bytesOut = try context.pipeline.syncOperations.context(handler: front)
        } catch {
            bytesOut = nil  // then every request goes to the router
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if passedOn == 0, bytesOut != nil, context.channel.isWritable, let request = CachedPageFastPath.Request(head),
                let (entry, route) = fastPath.entry(for: request)
            {
                taking = (request, entry, route)
            } else {
                passedOn += 1
                context.fireChannelRead(data)
            }
        case .body:
            // A request taken has no body (`Request.init`); anything else is passed on.
            if taking == nil { context.fireChannelRead(data) }
        case .end:
            guard let taken = taking, let bytesOut else { return context.fireChannelRead(data) }
            taking = nil
            let (head, body) = fastPath.answer(
                taken.request,
                entry: taken.entry,
                route: taken.route,
                client: context.channel.remoteAddress,
                date: date.now(),
                allocator: context.channel.allocator
            )
            bytesOut.write(NIOAny(head), promise: nil)
            if let body { bytesOut.write(NIOAny(body), promise: nil) }
            unflushed = true
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if unflushed {
            unflushed = false
            bytesOut?.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { passedOn = max(0, passedOn - 1) }
        context.write(data, promise: promise)
    }

    /// Placed first in the pipeline, next to the socket: what is written from its context goes
    /// out as it is. It passes everything else on.
    final class BytesOut: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
    }
}

/// What `CachedPageChannelHandler` decides and sends, apart from the channel: which requests it
/// may answer from the cache, and the answer.
struct CachedPageFastPath: Sendable {
    let cache: ResponseCache
    let openData: OpenDataCORS<AppRequestContext>
    /// What the layers skipped add to every answer, as header lines: the server's name and the
    /// security headers.
    let common: [UInt8]
    /// The CORS header lines of the open data.
    let cors: [UInt8]
    let accessLog: AccessLogMiddleware
    let logger: Logger
    let metrics = RouteMetrics()

    init(cache: ResponseCache, serverName: String?, https: Bool, accessLogLevel: Logger.Level, logger: Logger) {
        self.cache = cache
        openData = .openData
        var common = HTTPFields()
        if let serverName { common[.server] = serverName }
        common.append(contentsOf: SecurityHeaderFields.fields(https: https))
        self.common = Self.lines(common)
        var cors = HTTPFields()
        OpenDataCORS<AppRequestContext>.addHeaders(to: &cors)
        self.cors = Self.lines(cors)
        accessLog = AccessLogMiddleware(level: accessLogLevel)
        self.logger = logger
    }

    /// What the fast path reads of a request, in one pass over its headers — or `nil` when the
    /// router would or could answer it otherwise than from the cache:
    /// - not `GET` or `HEAD`, or a query string: the cache key of a request without one is its
    ///   path, whatever parameters its route reads (`CacheKey`); nothing in an origin-form path
    ///   needs decoding before it is compared, as the router compares it; a `#` (which no client
    ///   sends, and which keys of things kept beside the answers hold) is refused too;
    /// - a session cookie with a value, or an `Authorization` header: a signed-in user or an
    ///   API client with a token goes through the session middleware (a page can differ for
    ///   them, and a session's expiry follows its requests);
    /// - a body, `Expect`, or `Connection: close` (the connection handler closes those).
    struct Request {
        let method: HTTPRequest.Method
        let path: String
        let started: ContinuousClock.Instant
        var acceptEncoding: String?
        var ifNoneMatch: String?
        var requestID: String?

        init?(_ head: HTTPRequest) {
            guard head.method == .get || head.method == .head, let path = head.path, path.utf8.first == UInt8(ascii: "/"),
                !path.utf8.contains(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
            else { return nil }
            method = head.method
            self.path = path
            started = .now
            for field in head.headerFields {
                switch field.name {
                case .acceptEncoding: acceptEncoding = acceptEncoding.map { $0 + ", " + field.value } ?? field.value
                case .ifNoneMatch: ifNoneMatch = ifNoneMatch.map { $0 + ", " + field.value } ?? field.value
                case AccessLogMiddleware.requestID: requestID = field.value
                case .authorization, .expect, .transferEncoding: return nil
                case .contentLength where field.value != "0": return nil
                case .connection where field.value.lowercased().contains("close"): return nil
                case .cookie where Self.hasSession(field.value): return nil
                default: continue
                }
            }
        }

        static func hasSession(_ cookies: String) -> Bool {
            cookies.split(separator: ";").contains { pair in
                let parts = pair.split(separator: "=", maxSplits: 1)
                return parts.count == 2 && trimmed(parts[0]) == Cookies.session && !trimmed(parts[1]).isEmpty
            }
        }

        private static func trimmed(_ text: Substring) -> Substring {
            var text = text
            while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
            while let last = text.last, last == " " || last == "\t" { text.removeLast() }
            return text
        }
    }

    /// The cached entry that answers `request`, and the route that made it: only an entry a
    /// route's handler made (`Entry.route`) — entries kept for other purposes, under keys no
    /// request path has, are never answers.
    func entry(for request: Request) -> (ResponseCache.Entry, String)? {
        guard let entry = cache.peek(CacheKey(path: request.path)), let route = entry.route else { return nil }
        return (entry, route)
    }

    /// The answer's head as bytes and its body (none for `HEAD` and 304), and its log line and
    /// metrics.
    func answer(
        _ request: Request,
        entry: ResponseCache.Entry,
        route: String,
        client: SocketAddress?,
        date: String,
        allocator: ByteBufferAllocator
    ) -> (ByteBuffer, ByteBuffer?) {
        let (status, fields, body) = entry.answer(acceptEncoding: request.acceptEncoding, ifNoneMatch: request.ifNoneMatch)
        let id = request.requestID.flatMap { AccessLogMiddleware.isPlausibleID($0) ? $0 : nil } ?? RequestID().description
        var head = allocator.buffer(capacity: 1024)
        head.writeString("HTTP/1.1 \(status.code) \(status.reasonPhrase)\r\n")
        Self.write(fields, to: &head)
        head.writeBytes(common)
        if openData.applies(to: request.path) { head.writeBytes(cors) }
        head.writeString("Date: \(date)\r\nX-Request-Id: \(id)\r\n\r\n")
        metrics.record(route: route, method: .get, status: status, since: request.started)
        if logger.logLevel <= accessLog.level {
            var logger = logger
            logger[metadataKey: "hb.request.id"] = .string(id)
            accessLog.log(
                method: request.method,
                path: request.path,
                status: status.code,
                started: request.started,
                client: client?.ipAddress ?? "unknown",
                logger: logger
            )
        }
        return (head, request.method == .head ? nil : body)
    }

    /// Header lines (`Name: value\r\n`); HTTPTypes has checked names and values.
    static func lines(_ fields: HTTPFields) -> [UInt8] {
        var buffer = ByteBuffer()
        write(fields, to: &buffer)
        return Array(buffer.readableBytesView)
    }

    static func write(_ fields: HTTPFields, to buffer: inout ByteBuffer) {
        for field in fields {
            buffer.writeString(field.name.rawName)
            buffer.writeStaticString(": ")
            buffer.writeString(field.value)
            buffer.writeStaticString("\r\n")
        }
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

/// The time as HTTP's `Date` header writes it (RFC 9110 §5.6.7, IMF-fixdate:
/// `Thu, 03 Dec 2026 16:46:05 GMT`), formatted once a second.
struct HTTPDate {
    private var second = Int.min
    private var text = ""

    mutating func now() -> String {
        let current = Int(Date().timeIntervalSince1970)
        if current != second {
            second = current
            text = Self.format(epochSecond: current)
        }
        return text
    }

    static func format(epochSecond: Int) -> String {
        let days = epochSecond >= 0 ? epochSecond / 86_400 : (epochSecond - 86_399) / 86_400
        let secondOfDay = epochSecond - days * 86_400
        let date = LocalDate(dayNumber: days)  // the calendar's own day count (from 1970-01-01)
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let names = (
            ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
            ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        )
        return "\(names.0[weekday]), \(two(date.day)) \(names.1[date.month - 1]) \(date.year) "
            + "\(two(secondOfDay / 3_600)):\(two(secondOfDay % 3_600 / 60)):\(two(secondOfDay % 60)) GMT"
    }
}
