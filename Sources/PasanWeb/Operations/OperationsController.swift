import Hummingbird
import NIOCore
import PasanStorage

/// What operators and their tools ask a node (`docs/operations/deployment.md`): `/healthz`
/// (the process answers: restart it if not), `/readyz` (it can serve: the database answers and
/// its schema is the one this binary expects — take it out of the proxy's rotation if not) and
/// `/metrics` (Prometheus's text format).
struct OperationsController {
    let state: PortalState
    /// How long `/readyz` waits for the database before saying it is not ready.
    var readinessTimeout: Duration = .seconds(3)

    func register(on router: Router<AppRequestContext>) {
        router.get("/healthz", use: health)
        router.get("/readyz", use: readiness)
        router.get("/metrics", use: metrics)
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        Self.text(.ok, "ok\n")
    }

    @Sendable func readiness(_ request: Request, context: AppRequestContext) async throws -> Response {
        let database = state.database
        let problem: String? = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    let applied = try await MigrationRunner(database: database).appliedIDs()
                    let expected = Migrations.all.map(\.id)
                    if applied.last ?? 0 < expected.last ?? 0 {
                        return "schema at migration \(applied.last ?? 0), this binary expects \(expected.last ?? 0): run `pasan migrate`"
                    }
                    if applied.last ?? 0 > expected.last ?? 0 {
                        return
                            "schema at migration \(applied.last ?? 0) is newer than this binary (\(expected.last ?? 0)): upgrade this node"
                    }
                    return nil
                } catch {
                    return "database unreachable: \(error)"
                }
            }
            let timeout = readinessTimeout
            group.addTask {
                try? await Task.sleep(for: timeout)
                return "database did not answer within \(timeout)"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        if let problem {
            context.logger.warning("not ready: \(problem)")
            return Self.text(.serviceUnavailable, "not ready: \(problem)\n")
        }
        return Self.text(.ok, "ready\n")
    }

    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        let text = await PasanMetrics.scrape(state: state)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
