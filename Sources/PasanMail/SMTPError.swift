/// Why a message could not be delivered (or a configuration not used).
///
/// The outbox decides between "retry later" and "give up" with ``isTransient``. No case ever
/// carries the SMTP password; `invalidURL` describes the problem without repeating the URL.
public enum SMTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `smtp://` / `smtps://` URL could not be understood.
    case invalidURL(String)
    /// No TCP (or TLS) connection could be made, or it broke before the message was accepted.
    case connectionFailed(host: String, port: Int, reason: String)
    /// The server did not answer one step (`connect`, `greeting`, `EHLO`, `MAIL FROM`, …) in time.
    case timeout(step: String)
    /// The server answered a step with an error reply (4xx or 5xx, or an unexpected code).
    case rejected(step: String, code: Int, message: String)
    /// Invalid input (addresses, Message-ID, configuration) or a server that does not speak SMTP
    /// as required (malformed replies, no STARTTLS although configured, …).
    case protocolViolation(String)

    /// Whether retrying later can help: connection problems, timeouts and 4xx replies are
    /// transient; 5xx replies, malformed addresses, bad configuration and protocol violations are not.
    public var isTransient: Bool {
        switch self {
        case .connectionFailed, .timeout:
            true
        case .rejected(_, let code, _):
            (400..<500).contains(code)
        case .invalidURL, .protocolViolation:
            false
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let reason):
            "invalid SMTP URL: \(reason)"
        case .connectionFailed(let host, let port, let reason):
            "could not talk to the SMTP server \(SMTPError.hostPort(host, port)): \(reason)"
        case .timeout(let step):
            "the SMTP server did not answer in time (\(step))"
        case .rejected(let step, let code, let message):
            message.isEmpty
                ? "the SMTP server rejected \(step) with \(code)"
                : "the SMTP server rejected \(step): \(code) \(message)"
        case .protocolViolation(let reason):
            "SMTP: \(reason)"
        }
    }

    private static func hostPort(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
