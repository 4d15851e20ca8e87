import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// What a cached response is stored under: the route's path and the query parameters the route
/// reads, nothing else. Unknown parameters (`?x=1`, cache-busters) do not make new entries; the
/// known ones are sorted by name, so `?b=1&a=2` and `?a=2&b=1` share one entry. Only the first
/// value of a repeated parameter counts (it is the one the handlers read).
struct CacheKey: Hashable, Sendable, CustomStringConvertible {
    let description: String

    init(_ request: Request, parameters known: [String] = []) {
        let query = request.uri.queryParameters
        var text = request.uri.path
        var separator = "?"
        for name in Set(known).sorted() {
            guard let value = query.get(name) else { continue }
            text += separator + name + "=" + Self.escape(value)
            separator = "&"
        }
        description = text
    }

    /// The key of a request to `path` without a query string, whatever parameters its route
    /// reads (`CachedPageFastPath`).
    init(path: String) {
        description = path
    }

    /// A key for something kept beside the answers of the route at the request's path (not an
    /// answer itself): no route matches a path with a `#` (clients do not send fragments) and
    /// `CachedPageChannelHandler` refuses one, so no request is answered with it.
    init(_ request: Request, purpose: String) {
        description = request.uri.path + "#" + purpose
    }

    /// The normalised query (`a=1&b=2`, known parameters only), for links built from a request.
    var query: String {
        description.firstIndex(of: "?").map { String(description[description.index(after: $0)...]) } ?? ""
    }

    private static let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    static func escape(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// Rendered public pages and API answers, kept in memory until the data behind them changes.
///
/// The portal's pages depend only on the catalog and published data, which change rarely and
/// only through Pasan itself, so a rendered page can be served again until `clear()` is called
/// (on every data change). Entries carry an ETag for conditional requests. The cache is bounded
/// in bytes (bodies and keys, plus a fixed overhead per entry) and evicts the least recently
/// used entries first, so search queries and crawlers cannot grow it past its budget; an entry
/// larger than a quarter of the budget is served but not kept.
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        let status: HTTPResponse.Status
        let contentType: String
        let body: ByteBuffer
        let etag: String
        /// The body gzip-compressed, kept beside it for clients that accept gzip (`nil` when
        /// compressing would not pay: small bodies, or no smaller).
        let gzipped: ByteBuffer?
        /// The headers of each answer, built once: the body, the gzip variant, and a 304 for
        /// each (`answer(to:)`).
        let headers: Variants
        /// The route whose handler made the entry (`/{lang}/indicators/{code}`), when made while
        /// answering a request: the name its requests are counted under, and the mark of an
        /// answer `CachedPageFastPath` may send again.
        var route: String? = nil

        /// `compressed: false` leaves out the gzip variant (an entry that is not kept).
        init(status: HTTPResponse.Status, contentType: String, body: ByteBuffer, etag: String, compressed: Bool = true) {
            self.status = status
            self.contentType = contentType
            self.body = body
            self.etag = etag
            let gzipped = compressed ? Self.gzip(body) : nil
            self.gzipped = gzipped
            headers = Variants(contentType: contentType, etag: etag, plainLength: body.readableBytes, gzippedLength: gzipped?.readableBytes)
        }

        /// The headers of the answers an entry gives. `no-cache`: browsers and proxies keep the
        /// page but ask again each time (a 304 when it has not changed), so an approved
        /// translation or correction is seen at once, not a minute later.
        struct Variants: Sendable {
            let plain: HTTPFields
            let plainNotModified: HTTPFields
            let gzipped: HTTPFields?
            let gzippedNotModified: HTTPFields?

            init(contentType: String, etag: String, plainLength: Int, gzippedLength: Int?) {
                func fields(_ tag: String, length: Int?, encoding: String?) -> HTTPFields {
                    var fields: HTTPFields = [.eTag: tag, .cacheControl: "public, no-cache", .vary: "Accept-Encoding"]
                    if let length {
                        fields[.contentType] = contentType
                        if let encoding { fields[.contentEncoding] = encoding }
                        fields[.contentLength] = String(length)
                    }
                    return fields
                }
                plain = fields(etag, length: plainLength, encoding: nil)
                plainNotModified = fields(etag, length: nil, encoding: nil)
                let gzipTag = Entry.gzipETag(etag)
                gzipped = gzippedLength.map { fields(gzipTag, length: $0, encoding: "gzip") }
                gzippedNotModified = gzippedLength.map { _ in fields(gzipTag, length: nil, encoding: nil) }
            }
        }

        /// Bodies under this size are sent as they are: the gzip header and a second request
        /// header lookup cost more than the bytes saved.
        static let smallestGzipped = 1024

        static func gzip(_ body: ByteBuffer) -> ByteBuffer? {
            guard body.readableBytes >= smallestGzipped else { return nil }
            var input = body
            guard let compressed = try? input.compress(with: .gzip()), compressed.readableBytes < body.readableBytes else { return nil }
            return compressed
        }

        /// The gzip variant's ETag: a different representation needs a different strong ETag.
        var gzipETag: String { Self.gzipETag(etag) }

        static func gzipETag(_ etag: String) -> String { String(etag.dropLast()) + "-gz\"" }
    }

    /// Bookkeeping per entry (dictionary slot, list links, strings' headers), an estimate.
    static let overhead = 256
    static let defaultBudget = 64 * 1024 * 1024

    let budget: Int
    private let storage: Mutex<LRU>

    init(budget: Int = ResponseCache.defaultBudget) {
        self.budget = budget
        storage = Mutex(LRU())
    }

    func entry(_ key: CacheKey, orMake make: () throws -> (HTTPResponse.Status, String, String)) rethrows -> Entry {
        if let hit = peek(key) { return hit }
        PasanMetrics.cacheMisses.increment()
        // A page rendered from data read before a `clear()` may show the old data: it is served
        // to this request but not kept. The request's start counts where it is known
        // (`CacheGenerationMiddleware`): handlers read the database before they render.
        let request = Self.request
        let generation = request?.generation ?? self.generation
        let (status, contentType, text) = try make()
        let body = ByteBuffer(string: text)
        let etag = Self.etag(text)
        // An entry that will not be kept (larger than a quarter of the budget, or the cache off)
        // is sent as it is: compressing it for one answer would cost more than rendering it
        // (16 ms of a 74 ms indicator page on the national fixture, issue 16).
        let keepable = Self.cost(key, bytes: body.readableBytes, etag: etag, contentType: contentType) <= budget / 4
        var entry = Entry(status: status, contentType: contentType, body: body, etag: etag, compressed: keepable)
        guard keepable else { return entry }
        entry.route = request?.route
        let cost = Self.cost(key, entry)
        if cost <= budget / 4 {
            storage.withLock { lru in
                if lru.generation == generation { lru.insert(key, entry, cost: cost, budget: budget) }
            }
        }
        return entry
    }

    /// The entry under `key`, if any (and it becomes the most recently used).
    func peek(_ key: CacheKey) -> Entry? {
        let hit = storage.withLock { $0.get(key) }
        if hit != nil { PasanMetrics.cacheHits.increment() }
        return hit
    }

    /// The number of `clear()` calls so far.
    var generation: Int { storage.withLock { $0.generation } }

    /// What the cache is told of the request being answered (`CacheGenerationMiddleware`).
    struct RequestMark: Sendable {
        /// `generation` when the request began.
        var generation: Int
        /// The route that answers it.
        var route: String?
    }

    @TaskLocal static var request: RequestMark?

    func clear() {
        storage.withLock { $0 = LRU(generation: $0.generation &+ 1) }
    }

    var count: Int { storage.withLock { $0.index.count } }

    /// Bytes accounted for by the entries now held.
    var bytes: Int { storage.withLock { $0.bytes } }

    static func cost(_ key: CacheKey, _ entry: Entry) -> Int {
        cost(
            key,
            bytes: entry.body.readableBytes + (entry.gzipped?.readableBytes ?? 0),
            etag: entry.etag,
            contentType: entry.contentType
        )
    }

    /// The cost of an entry whose bodies hold `bytes`.
    static func cost(_ key: CacheKey, bytes: Int, etag: String, contentType: String) -> Int {
        bytes + key.description.utf8.count + etag.utf8.count + contentType.utf8.count + overhead
    }

    /// FNV-1a 64-bit over the body: cheap, and stable across processes.
    static func etag(_ text: String) -> String {
        etag(bytes: text.utf8)
    }

    static func etag(bytes: some Sequence<UInt8>) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "\"\(String(hash, radix: 16))\""
    }

    /// A least-recently-used list over an array of nodes (indices as links, freed slots reused),
    /// with a dictionary from key to node: lookup, touch, insert and evict are O(1).
    struct LRU: Sendable {
        struct Node: Sendable {
            var key: CacheKey
            var entry: ResponseCache.Entry?
            var cost: Int
            var newer: Int?
            var older: Int?
        }

        /// Counts the `clear()` calls, so a render that straddles one is not kept.
        var generation = 0
        var nodes: [Node] = []
        var free: [Int] = []
        var index: [CacheKey: Int] = [:]
        var newest: Int?
        var oldest: Int?
        var bytes = 0

        mutating func get(_ key: CacheKey) -> ResponseCache.Entry? {
            guard let i = index[key] else { return nil }
            unlink(i)
            pushNewest(i)
            return nodes[i].entry
        }

        mutating func insert(_ key: CacheKey, _ entry: ResponseCache.Entry, cost: Int, budget: Int) {
            if let existing = index[key] { remove(existing) }
            while bytes + cost > budget, let victim = oldest { remove(victim) }
            let node = Node(key: key, entry: entry, cost: cost)
            let i: Int
            if let slot = free.popLast() { nodes[slot] = node; i = slot } else { nodes.append(node); i = nodes.count - 1 }
            index[key] = i
            bytes += cost
            pushNewest(i)
        }

        private mutating func remove(_ i: Int) {
            unlink(i)
            index[nodes[i].key] = nil
            bytes -= nodes[i].cost
            nodes[i].entry = nil
            nodes[i].cost = 0
            free.append(i)
        }

        private mutating func unlink(_ i: Int) {
            let (newer, older) = (nodes[i].newer, nodes[i].older)
            if let newer { nodes[newer].older = older } else { newest = older }
            if let older { nodes[older].newer = newer } else { oldest = newer }
            nodes[i].newer = nil
            nodes[i].older = nil
        }

        private mutating func pushNewest(_ i: Int) {
            nodes[i].older = newest
            nodes[i].newer = nil
            if let newest { nodes[newest].newer = i }
            newest = i
            if oldest == nil { oldest = i }
        }
    }
}

/// Notes the cache's generation as each request begins (`ResponseCache.request`), so a page
/// rendered from data read before a change is not kept after it, and the route answering it,
/// which the entries its handler makes carry (`ResponseCache.Entry.route`).
struct CacheGenerationMiddleware<Context: RequestContext>: RouterMiddleware {
    let cache: ResponseCache

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let mark = ResponseCache.RequestMark(generation: cache.generation, route: context.endpointPath)
        return try await ResponseCache.$request.withValue(mark) { try await next(request, context) }
    }
}

extension ResponseCache.Entry {
    /// The response for `request`: 304 when the client already has this version.
    /// With `renderStarted`, the response carries `Server-Timing: render;dur=…` (milliseconds
    /// spent querying and rendering), so the benchmark can measure server time.
    func response(for request: Request, renderStarted: ContinuousClock.Instant? = nil) -> Response {
        var (status, headers, body) = answer(to: request.head)
        if let renderStarted {
            let elapsed = ContinuousClock.now - renderStarted
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            headers[HTTPField.Name("Server-Timing")!] = "render;dur=\(String(format: "%.2f", ms))"
        }
        return Response(status: status, headers: headers, body: body.map { ResponseBody(byteBuffer: $0) } ?? ResponseBody())
    }

    /// The status, headers and body (`nil`: none) of the answer to `request`: the gzip variant
    /// when the client accepts gzip and there is one, and 304 without a body when the client
    /// already has that variant (`If-None-Match`). The headers were built with the entry.
    func answer(to request: HTTPRequest) -> (status: HTTPResponse.Status, headers: HTTPFields, body: ByteBuffer?) {
        answer(acceptEncoding: request.headerFields[.acceptEncoding], ifNoneMatch: request.headerFields[.ifNoneMatch])
    }

    /// The same, from the request's `Accept-Encoding` and `If-None-Match`.
    func answer(acceptEncoding: String?, ifNoneMatch: String?) -> (status: HTTPResponse.Status, headers: HTTPFields, body: ByteBuffer?) {
        let gzip = gzipped != nil && acceptEncoding.map(Self.acceptsGzip) == true
        if status == .ok, let match = ifNoneMatch, Self.matches(match, gzip ? gzipETag : etag) {
            return (.notModified, (gzip ? headers.gzippedNotModified : nil) ?? headers.plainNotModified, nil)
        }
        if gzip, let gzipped, let fields = headers.gzipped { return (status, fields, gzipped) }
        return (status, headers.plain, body)
    }

    /// Whether an `Accept-Encoding` value accepts gzip: `gzip` or `*` listed without `q=0`
    /// (RFC 9110 §12.5.3).
    static func acceptsGzip(_ header: String) -> Bool {
        // Without parameters (`gzip, deflate, br`, as browsers send it) every coding listed is
        // accepted: look for gzip or `*` without copying anything.
        if !header.utf8.contains(UInt8(ascii: ";")) {
            return header.utf8.split(separator: UInt8(ascii: ",")).contains(where: isGzipOrAny)
        }
        var gzip: Bool?
        var any: Bool?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first else { continue }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if coding == "gzip" || coding == "x-gzip" { gzip = q > 0 } else if coding == "*" { any = q > 0 }
        }
        return gzip ?? any ?? false
    }

    /// Whether a listed coding (blanks around it allowed) is gzip, x-gzip or `*`, in any case.
    private static func isGzipOrAny(_ item: Substring.UTF8View) -> Bool {
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        guard let first = item.firstIndex(where: { !isBlank($0) }), let last = item.lastIndex(where: { !isBlank($0) }) else {
            return false
        }
        let coding = item[first...last]
        // `| 0x20` folds ASCII capitals to lower case and leaves `*` and `-` as they are.
        return gzipCodings.contains { name in coding.elementsEqual(name) { $0 | 0x20 == $1 } }
    }

    private static let gzipCodings: [[UInt8]] = [Array("gzip".utf8), Array("x-gzip".utf8), Array("*".utf8)]

    /// Whether `If-None-Match` names `tag` (a list, `*`, or a weak form of it).
    static func matches(_ header: String, _ tag: String) -> Bool {
        header.split(separator: ",").contains { item in
            let candidate = item.trimmingCharacters(in: .whitespaces)
            return candidate == "*" || candidate == tag || candidate == "W/" + tag
        }
    }
}
