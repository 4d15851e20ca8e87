import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The files under `Public/` (stylesheet, Noto Sans Lao, its licence), read once at start-up and
/// served from memory, each on its own route.
///
/// A directory middleware would look on disk for every request that reaches the router, pages
/// included; the assets are few, small and fixed at build time, so they are simply kept.
/// Responses carry an ETag (304 on `If-None-Match`) and a long `Cache-Control`: the
/// stylesheet's address carries a version (`AssetPath.stylesheet`), the fonts never change.
struct StaticAssets: Sendable {
    struct Asset: Sendable {
        var path: String
        var contentType: String
        var cacheControl: String
        var body: ByteBuffer
        var etag: String
    }

    let assets: [Asset]

    struct Missing: Error, CustomStringConvertible {
        var description: String { "The static assets (PasanWeb's Public folder) are missing from this build." }
    }

    /// Every regular file below `directory`, addressed by its path relative to it.
    init(directory: URL) throws {
        let root = directory.standardizedFileURL.path
        var found: [Asset] = []
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let data = try Data(contentsOf: url)
            let relative = String(url.standardizedFileURL.path.dropFirst(root.count))
            let (type, cache) = Self.kind(of: url.pathExtension.lowercased())
            found.append(
                Asset(
                    path: relative.hasPrefix("/") ? relative : "/" + relative,
                    contentType: type,
                    cacheControl: cache,
                    body: ByteBuffer(bytes: data),
                    etag: ResponseCache.etag(bytes: data)
                )
            )
        }
        assets = found.sorted { $0.path < $1.path }
    }

    /// The media type Hummingbird knows for the extension (text in UTF-8), and how long
    /// browsers may keep it: fonts never change, anything else is revalidated daily.
    static func kind(of fileExtension: String) -> (contentType: String, cacheControl: String) {
        var type = MediaType.getMediaType(forExtension: fileExtension) ?? .applicationBinary
        if type.type == .text { type = type.withParameter(name: "charset", value: "utf-8") }
        return (type.description, type.type == .font ? "public, max-age=31536000, immutable" : "public, max-age=86400")
    }

    func register(on router: Router<AppRequestContext>) {
        for asset in assets {
            router.get(RouterPath(asset.path)) { request, _ in asset.response(for: request) }
        }
    }
}

extension StaticAssets.Asset {
    func response(for request: Request) -> Response {
        var headers: HTTPFields = [.eTag: etag, .cacheControl: cacheControl]
        if let match = request.headers[.ifNoneMatch], match == etag {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = contentType
        headers[.contentLength] = String(body.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}
