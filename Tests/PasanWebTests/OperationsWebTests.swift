import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PasanStorage
import PasanTestSupport
import Testing

@testable import PasanWeb

/// Issue 15: what operators rely on — cached pages served gzipped to clients that accept it,
/// a request id on every answer, readiness — checked through the router.
@Suite struct OperationsWebTests {
    @Test func cachedPagesAreServedGzippedToClientsThatAcceptItAndPlainToOthers() async throws {
        try await withPortal(.sqlite) { client, _ in
            let plain = try await client.execute(uri: "/en/goals/3", method: .get)
            #expect(plain.status == .ok && plain.headers[.contentEncoding] == nil)
            let gzipped = try await client.execute(uri: "/en/goals/3", method: .get, headers: [.acceptEncoding: "br, gzip;q=0.8"])
            #expect(gzipped.headers[.contentEncoding] == "gzip")
            #expect(gzipped.headers[.vary] == "Accept-Encoding")
            #expect(gzipped.body.readableBytes < plain.body.readableBytes / 2)
            var compressed = gzipped.body
            let inflated = try compressed.decompress(with: .gzip())
            #expect(inflated == plain.body, "the gzip variant is not the same page")
            // Each variant has its own ETag, and each is answered 304 to its own.
            let tag = try #require(gzipped.headers[.eTag])
            #expect(tag != plain.headers[.eTag])
            let again = try await client.execute(uri: "/en/goals/3", method: .get, headers: [.acceptEncoding: "gzip", .ifNoneMatch: tag])
            #expect(again.status == .notModified)
            // gzip refused (q=0), or only other codings: the plain page.
            for refused in ["gzip;q=0", "br", "identity", "*;q=0"] {
                let answer = try await client.execute(uri: "/en/goals/3", method: .get, headers: [.acceptEncoding: refused])
                #expect(answer.headers[.contentEncoding] == nil, "\(refused)")
            }
        }
    }

    @Test func acceptEncodingIsReadAsRFC9110Says() {
        #expect(ResponseCache.Entry.acceptsGzip("gzip"))
        #expect(ResponseCache.Entry.acceptsGzip("deflate, GZIP ; q=0.5"))
        #expect(ResponseCache.Entry.acceptsGzip("*"))
        #expect(!ResponseCache.Entry.acceptsGzip("gzip;q=0"))
        #expect(!ResponseCache.Entry.acceptsGzip("*, gzip;q=0"))
        #expect(!ResponseCache.Entry.acceptsGzip("br, identity"))
        #expect(!ResponseCache.Entry.acceptsGzip(""))
    }

    @Test func everyAnswerCarriesARequestIDAndAPlausibleOneFromTheProxyIsKept() async throws {
        try await withPortal(.sqlite) { client, _ in
            let a = try await client.execute(uri: "/en/", method: .get)
            let b = try await client.execute(uri: "/en/no-such-page", method: .get)
            let idA = try #require(a.headers[AccessLogMiddleware.requestID])
            let idB = try #require(b.headers[AccessLogMiddleware.requestID])
            #expect(!idA.isEmpty && idA != idB)
            let given = try await client.execute(uri: "/en/", method: .get, headers: [AccessLogMiddleware.requestID: "nginx-4f2a9c"])
            #expect(given.headers[AccessLogMiddleware.requestID] == "nginx-4f2a9c")
            let invented = try await client.execute(uri: "/en/", method: .get, headers: [AccessLogMiddleware.requestID: "<script>"])
            #expect(invented.headers[AccessLogMiddleware.requestID] != "<script>")
        }
    }

    @Test func readinessLooksAtTheDatabaseAndItsSchema() async throws {
        try await withPortal(.sqlite) { client, state in
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status == .ok && String(buffer: ready.body) == "ready\n")
            // A schema behind this binary (its newest migration not applied): not ready, with what to do.
            let newest = try #require(Migrations.all.last).id
            _ = try await state.database.write { db in
                try await db.raw("DELETE FROM schema_migrations WHERE id = \(bind: newest)").run()
            }
            let behind = try await client.execute(uri: "/readyz", method: .get)
            #expect(behind.status == .serviceUnavailable)
            #expect(String(buffer: behind.body).contains("pasan migrate"))
        }
    }

    @Test func metricsAreWrittenWithNamesPrometheusAccepts() {
        PasanMetrics.bootstrap()
        PasanMetrics.importFinished(format: "sdmx", succeeded: true, since: .now - .milliseconds(30))
        let text = PasanMetrics.registry.emitToString()
        #expect(text.contains(#"pasan_import_duration_seconds_bucket{format="sdmx",outcome="ok",le="0.05"} 1"#))
        #expect(PasanMetrics.prometheusName("http.server.request.duration") == "http_server_request_duration")
        #expect(PasanMetrics.prometheusName("9lives-x") == "_9lives_x")
    }
}
