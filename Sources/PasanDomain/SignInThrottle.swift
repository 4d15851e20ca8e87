import Foundation

/// How sign-in failures slow down further attempts, and how many password-reset e-mails may be
/// asked for. Pasan's defaults, chosen so that nobody can lock another person out:
///
/// - Failures count per account *and* address: a stranger guessing from elsewhere does not slow
///   the account holder down. After 3 failures in a row (since the last success, within a day)
///   the next attempt must wait 1 s, then 2, 4, 8 … up to 15 minutes. Attempts refused for
///   waiting are not failures and do not count.
/// - One address failing on any accounts 20 times within an hour waits the same growing delay
///   (password spraying). The address is the client's, from a trusted proxy's
///   `X-Forwarded-For` when one is configured.
/// - Password reset: at most 3 e-mails per account and 10 per address per hour; a new link
///   replaces the previous one.
public enum SignInThrottle {
    public static let pairFreeFailures = 3
    public static let addressFreeFailures = 20
    public static let maximumDelay: TimeInterval = 15 * 60
    public static let pairWindow: TimeInterval = 24 * 3600
    public static let addressWindow: TimeInterval = 3600

    /// One recorded attempt.
    public struct Attempt: Sendable, Hashable {
        public var at: Date
        public var succeeded: Bool

        public init(at: Date, succeeded: Bool) {
            self.at = at
            self.succeeded = succeeded
        }
    }

    /// The delay after `failures` failures in a row, of which `free` cost nothing.
    public static func delay(afterFailures failures: Int, free: Int) -> TimeInterval {
        guard failures >= free else { return 0 }
        let exponent = min(failures - free, 20)
        return min(pow(2, Double(exponent)), maximumDelay)
    }

    /// How long to wait before the next attempt is even checked (`nil`: go ahead).
    /// `pair`: the attempts of this account from this address; `address`: the failures from this
    /// address on any account. Both in any order.
    public static func wait(pair: [Attempt], addressFailures: [Date], now: Date) -> TimeInterval? {
        var waits: [TimeInterval] = []
        let recent = pair.filter { now.timeIntervalSince($0.at) < pairWindow }.sorted { $0.at > $1.at }
        let run = recent.prefix { !$0.succeeded }
        if let last = run.first {
            let ready = last.at.addingTimeInterval(delay(afterFailures: run.count, free: pairFreeFailures))
            if ready > now { waits.append(ready.timeIntervalSince(now)) }
        }
        let fromAddress = addressFailures.filter { now.timeIntervalSince($0) < addressWindow }
        if let last = fromAddress.max() {
            let ready = last.addingTimeInterval(delay(afterFailures: fromAddress.count, free: addressFreeFailures))
            if ready > now { waits.append(ready.timeIntervalSince(now)) }
        }
        return waits.max()
    }

    public static let resetsPerAccount = 3
    public static let resetsPerAddress = 10
    public static let resetWindow: TimeInterval = 3600

    /// Whether another password-reset e-mail may go out, given the requests already made in the
    /// last hour for the account and from the address.
    public static func allowsReset(accountRequests: Int, addressRequests: Int) -> Bool {
        accountRequests < resetsPerAccount && addressRequests < resetsPerAddress
    }
}
