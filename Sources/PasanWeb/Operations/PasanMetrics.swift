import Foundation
import Metrics
import PasanStorage
import Prometheus

/// Pasan's metrics in Prometheus's text format at `/metrics` (swift-metrics with the
/// swift-prometheus backend): requests and their durations per route and status (Hummingbird's
/// `MetricsMiddleware`), cache hits and misses, waits for a database connection, the outbox
/// backlog, reminder runs, import durations, changes applied from other processes.
/// `docs/operations/deployment.md` lists them.
public enum PasanMetrics {
    /// What `/metrics` shows.
    public static let registry = PrometheusCollectorRegistry()

    private static let bootstrapped: Void = {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = { name, labels in (prometheusName(name), labels.map { (prometheusName($0.0), $0.1) }) }
        // From half a millisecond (a cached page) to a minute (a large import).
        factory.defaultDurationHistogramBuckets = [
            .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
            .seconds(10), .seconds(30), .seconds(60),
        ]
        MetricsSystem.bootstrap(factory)
    }()

    /// Sends swift-metrics to `registry`; once per process (later calls do nothing). Until it
    /// is called, metrics are recorded nowhere (the tests of other features run without it).
    public static func bootstrap() {
        _ = bootstrapped
    }

    /// A name Prometheus accepts: `[a-zA-Z_:][a-zA-Z0-9_:]*` (Hummingbird's `http.server.…`
    /// becomes `http_server_…`).
    static func prometheusName(_ name: String) -> String {
        var result = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") ? $0 : "_" })
        if let first = result.first, first.isNumber { result = "_" + result }
        return result
    }

    static let cacheHits = Counter(label: "pasan_cache_hits_total")
    static let cacheMisses = Counter(label: "pasan_cache_misses_total")
    static let reminderRuns = Counter(label: "pasan_reminder_runs_total")
    static let remindersQueued = Counter(label: "pasan_reminders_queued_total")
    static let outboxWaiting = Gauge(label: "pasan_outbox_waiting")
    static let outboxRetrying = Gauge(label: "pasan_outbox_retrying")
    static let cacheBytes = Gauge(label: "pasan_cache_bytes")
    static let cacheEntries = Gauge(label: "pasan_cache_entries")

    static func changesApplied(_ event: ChangeEvent) {
        let kind =
            switch event {
            case .changed(let change): change.rawValue
            case .resync: "resync"
            }
        Counter(label: "pasan_changes_applied_total", dimensions: [("change", kind)]).increment()
    }

    /// An import's duration, by format (csv, xlsx, sdmx, open-sdg, dhis2, iati…) and outcome.
    static func importFinished(format: String, succeeded: Bool, since start: ContinuousClock.Instant) {
        Metrics.Timer(
            label: "pasan_import_duration_seconds",
            dimensions: [("format", format), ("outcome", succeeded ? "ok" : "refused")],
            preferredDisplayUnit: .seconds
        ).record(duration: ContinuousClock.now - start)
    }

    /// The text of `/metrics`, with the values read at scrape time (outbox, cache) brought up to date.
    static func scrape(state: PortalState) async -> String {
        if let backlog = try? await state.database.outboxBacklog() {
            outboxWaiting.record(backlog.waiting)
            outboxRetrying.record(backlog.retrying)
        }
        cacheBytes.record(state.cache.bytes)
        cacheEntries.record(state.cache.count)
        return registry.emitToString()
    }
}
