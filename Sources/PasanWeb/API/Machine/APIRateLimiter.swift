import Foundation
import PasanDomain
import Synchronization

/// The rate limit of API tokens, in memory: one `APIRateLimit.Bucket` per key (a token's
/// prefix; refused uses of a token have a bucket of their own, so someone who knows only the
/// prefix cannot use up the real client's requests). Each Pasan process counts its own requests.
final class APIRateLimiter: Sendable {
    /// The limiter of this process, at Pasan's default (120 requests a minute, bursts of 30).
    static let shared = APIRateLimiter(limit: .pasanDefault)

    let limit: APIRateLimit
    private let buckets = Mutex<[String: APIRateLimit.Bucket]>([:])
    /// Past this many buckets, the full ones (idle for a burst's refill) are dropped.
    static let pruneThreshold = 10_000

    init(limit: APIRateLimit) {
        self.limit = limit
    }

    /// Takes one request of `key` at `now`: `nil` when it may go, else the seconds to wait.
    func take(_ key: String, at now: Date) -> Int? {
        let limit = self.limit
        return buckets.withLock { buckets in
            if buckets.count > Self.pruneThreshold {
                buckets = buckets.filter { _, bucket in
                    var probe = bucket
                    _ = probe.take(limit, at: now)
                    return probe.available < Double(limit.burst) - 1
                }
            }
            var bucket = buckets[key] ?? APIRateLimit.Bucket(limit, at: now)
            let wait = bucket.take(limit, at: now)
            buckets[key] = bucket
            return wait
        }
    }
}
