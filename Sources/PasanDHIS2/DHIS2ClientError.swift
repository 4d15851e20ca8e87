import PasanDomain
import PasanExchange

/// Why a request to DHIS2 failed, in words a user can act on (`message`, in the catalogue's
/// component `dhis2_client`), with what DHIS2 itself said when it said anything.
public struct DHIS2ClientError: Error, Sendable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The base URL is not an http(s) address Pasan may use.
        case invalidURL
        /// The token or user name and password cannot be sent (empty, or characters a header
        /// cannot carry).
        case invalidCredential
        /// No connection: the name does not resolve, the connection is refused or drops.
        case unreachable
        /// No complete answer within the connection's timeout.
        case timeout
        /// 401: DHIS2 does not accept the token or password.
        case unauthorized
        /// 403: the user may not read this.
        case forbidden
        /// 404: no such resource (usually a wrong base URL).
        case notFound
        /// 409: DHIS2 refused the query or the import, with its own message and conflicts.
        case conflict
        /// 429: DHIS2 (or its proxy) asks to slow down.
        case tooManyRequests
        /// 5xx: DHIS2 or a proxy in front of it failed.
        case server
        /// Another refusal (400, 405, 414, a redirect loop…).
        case refused
        /// A successful answer that is a web page, not JSON: the address is not DHIS2's API.
        case notJSON
        /// JSON of the wrong shape; `problems` says where.
        case badResponse
        /// An answer (or a listing) larger than Pasan reads.
        case tooLarge
    }

    public var kind: Kind
    /// What happened and what to do, for the user.
    public var message: Message
    /// The HTTP status, when DHIS2 answered.
    public var status: Int?
    /// DHIS2's own `message` from its error body, when there was one.
    public var dhis2Message: String?
    /// The conflicts of a DHIS2 import summary or error report (`object: value`), when listed.
    public var conflicts: [String]
    /// Where a response of the wrong shape went wrong (`badResponse`).
    public var problems: [ExchangeProblem]

    public init(
        kind: Kind,
        message: Message,
        status: Int? = nil,
        dhis2Message: String? = nil,
        conflicts: [String] = [],
        problems: [ExchangeProblem] = []
    ) {
        self.kind = kind
        self.message = message
        self.status = status
        self.dhis2Message = dhis2Message
        self.conflicts = conflicts
        self.problems = problems
    }

    /// Whether trying again later may succeed: a server that is down, slow, failing or asking to
    /// slow down, yes; a refused credential, a missing resource, a web page instead of the API,
    /// an answer of the wrong shape or a bad address, no (they need a person to change something).
    public var isRetryable: Bool {
        switch kind {
        case .unreachable, .timeout, .server, .tooManyRequests: return true
        case .invalidURL, .invalidCredential, .unauthorized, .forbidden, .notFound, .conflict, .refused, .notJSON,
            .badResponse, .tooLarge:
            return false
        }
    }
}

extension DHIS2ClientError: CustomStringConvertible {
    /// For logs: the kind, the status, the message key and DHIS2's message (never a credential:
    /// none is ever put in an error).
    public var description: String {
        var parts = ["DHIS2ClientError.\(kind.rawValue)"]
        if let status { parts.append("HTTP \(status)") }
        parts.append(message.key)
        if let dhis2Message { parts.append("DHIS2: \(dhis2Message)") }
        return parts.joined(separator: " ")
    }
}
