import Foundation
import Hummingbird
import PasanDomain
import PasanExchange
import PasanMessages
import PasanStorage
import PasanViews
import Synchronization

/// The published data as an Open SDG data repository: what `pasan export open-sdg` writes and
/// the downloads page offers as `pasan-open-sdg.zip`.
public enum OpenSDGExportBuild {
    /// Reads the database and writes the repository in memory. Labels, metadata field names and
    /// the README come from `messages` (the shipped texts with this database's reviewed changes).
    public static func repository(database: Database, messages: MessageCatalogue) async throws -> OpenSDGWriter.Repository {
        let contents = try await OpenSDGExportSource(database: database).read()
        let catalog = contents.catalog
        let input = OpenSDGExportInput.pasan(
            goals: catalog.goals,
            targets: catalog.targets,
            indicators: catalog.indicators,
            series: catalog.series,
            areas: contents.areas,
            observations: contents.observations,
            progress: contents.progress,
            codeLabels: contents.codeLabels,
            attributions: catalog.attributions,
            documented: contents.metadata,
            exportedAt: contents.exportedAt,
            text: { messages.localized($0) }
        )
        return try OpenSDGWriter.repository(input)
    }

    /// The top folder inside the zip, and the zip's file name without `.zip`.
    public static let zipRoot = "pasan-open-sdg"
}

/// `GET /downloads/pasan-open-sdg.zip`: the repository as a zip, built once and kept until the
/// data changes. The response cache cannot hold bytes, so it holds a marker under the zip's
/// address (the zip's ETag): whatever clears the cache (`PortalState.reload()` after a data
/// change) clears the marker, and the next request builds the zip again.
struct OpenSDGExportController: PortalFeature {
    let state: PortalState
    let built = BuiltZip()

    static let path = DownloadsPage.openSDGPath

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(Self.path), use: zip)
    }

    final class BuiltZip: Sendable {
        private let storage = Mutex<(etag: String, data: Data)?>(nil)

        func data(etag: String) -> Data? {
            storage.withLock { $0?.etag == etag ? $0?.data : nil }
        }

        func keep(etag: String, data: Data) {
            storage.withLock { $0 = (etag, data) }
        }
    }

    @Sendable func zip(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let marker = CacheKey(request, purpose: "etag")
        if let hit = state.cache.peek(marker), let data = built.data(etag: String(buffer: hit.body)) {
            return respond(request, data: data, etag: String(buffer: hit.body))
        }
        let repository = try await OpenSDGExportBuild.repository(database: database, messages: state.messages)
        let data = try OpenSDGWriter.zip(repository.files, root: OpenSDGExportBuild.zipRoot, modified: state.database.clock.now())
        let etag = ResponseCache.etag(bytes: data)
        built.keep(etag: etag, data: data)
        _ = state.cache.entry(marker) { (.ok, "text/plain", etag) }
        return respond(request, data: data, etag: etag)
    }

    func respond(_ request: Request, data: Data, etag: String) -> Response {
        var headers: HTTPFields = [
            .contentType: "application/zip",
            .contentDisposition: "attachment; filename=\"\(OpenSDGExportBuild.zipRoot).zip\"",
            .eTag: etag,
            .cacheControl: "public, no-cache",
        ]
        if request.headers[.ifNoneMatch] == etag {
            headers[.contentType] = nil
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(data.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
