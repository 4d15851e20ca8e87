import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Rendered public pages and API answers, kept in memory until the data behind them changes.
///
/// The portal's pages depend only on the catalog and published data, which change rarely and
/// only through Pasan itself, so a rendered page can be served again until `clear()` is called
/// (on every data change). Entries carry an ETag for conditional requests. The cache is bounded:
/// when full it starts again empty, so arbitrary search queries cannot grow it without limit.
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        var status: HTTPResponse.Status
        var contentType: String
        var body: ByteBuffer
        var etag: String
    }

    private let entries = Mutex<[String: Entry]>([:])
    let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    func entry(_ key: String, orMake make: () throws -> (HTTPResponse.Status, String, String)) rethrows -> Entry {
        if let hit = entries.withLock({ $0[key] }) { return hit }
        let (status, contentType, text) = try make()
        let entry = Entry(status: status, contentType: contentType, body: ByteBuffer(string: text), etag: Self.etag(text))
        entries.withLock { cache in
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[key] = entry
        }
        return entry
    }

    func peek(_ key: String) -> Entry? {
        entries.withLock { $0[key] }
    }

    func clear() {
        entries.withLock { $0.removeAll() }
    }

    var count: Int { entries.withLock { $0.count } }

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
}

extension ResponseCache.Entry {
    /// The response for `request`: 304 when the client already has this version.
    /// With `renderStarted`, the response carries `Server-Timing: render;dur=…` (milliseconds
    /// spent querying and rendering), so the benchmark can measure server time.
    func response(for request: Request, maxAge: Int = 60, renderStarted: ContinuousClock.Instant? = nil) -> Response {
        var headers: HTTPFields = [
            .contentType: contentType,
            .eTag: etag,
            .cacheControl: "public, max-age=\(maxAge)",
            .vary: "Accept-Encoding",
        ]
        if status == .ok, let match = request.headers[.ifNoneMatch], match == etag {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(body.readableBytes)
        if let renderStarted {
            let elapsed = ContinuousClock.now - renderStarted
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            headers[HTTPField.Name("Server-Timing")!] = "render;dur=\(String(format: "%.2f", ms))"
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }
}
