import Foundation
import PasanDomain

/// How Pasan proves who it is to a DHIS2 server: a personal access token (DHIS2 2.37 and later,
/// sent as `Authorization: ApiToken d2pat_…`) or a user name and password (HTTP Basic).
///
/// Its descriptions, debug descriptions and mirror never show the secret, so a credential that
/// ends up in a log line, an error or a test failure stays private.
public enum DHIS2Credential: Sendable, Hashable {
    case token(String)
    case basic(username: String, password: String)

    /// The `Authorization` header's value.
    var authorization: String {
        switch self {
        case .token(let token):
            return "ApiToken " + token
        case .basic(let username, let password):
            return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        }
    }

    /// The credential as it is sent: a token without the `ApiToken ` a user may have pasted with
    /// it and without surrounding spaces; a user name without surrounding spaces.
    func normalised() -> DHIS2Credential {
        switch self {
        case .token(let token):
            var text = token.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.lowercased().hasPrefix("apitoken ") {
                text = String(text.dropFirst("apitoken ".count)).trimmingCharacters(in: .whitespaces)
            }
            return .token(text)
        case .basic(let username, let password):
            return .basic(username: username.trimmingCharacters(in: .whitespacesAndNewlines), password: password)
        }
    }

    /// Why the credential cannot be sent, or `nil`: an empty secret, or a character an HTTP
    /// header cannot carry (a line break would let a value add headers of its own).
    func problem() -> Message? {
        switch self {
        case .token(let token):
            if token.isEmpty { return Message("dhis2_client.credential.tokenEmpty") }
            if token.unicodeScalars.contains(where: { !Self.isTokenCharacter($0) }) {
                return Message("dhis2_client.credential.tokenCharacters")
            }
        case .basic(let username, let password):
            if username.isEmpty || password.isEmpty { return Message("dhis2_client.credential.basicEmpty") }
            if username.contains(":") || (username + password).unicodeScalars.contains(where: Self.isControl) {
                return Message("dhis2_client.credential.basicCharacters")
            }
        }
        return nil
    }

    /// Visible ASCII without spaces: what a token (`d2pat_` and letters and digits) is made of.
    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0x20 && scalar.value < 0x7F
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F
    }
}

extension DHIS2Credential: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        switch self {
        case .token: return "DHIS2Credential.token(<hidden>)"
        case .basic(let username, _): return "DHIS2Credential.basic(username: \(username), password: <hidden>)"
        }
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror { Mirror(self, children: ["credential": description], displayStyle: .enum) }
}

/// Where a DHIS2 server is and how to sign in to it.
///
/// The base URL is the address DHIS2 runs at, which may carry a path
/// (`https://hmis.example.org` or `https://hmis.example.org/dhis`); the Web API is below it at
/// `/api`. Only `http` and `https` are accepted, and never a user name or password inside the
/// address (they belong in the credential, not in a URL that is logged and shown). An address
/// copied from the browser is reduced to the base: a trailing `/api` (or `/api/41`) and the path
/// of a DHIS2 app (`/dhis-web-dashboard/…`, the login page `/dhis-web-login/`) are dropped.
public struct DHIS2Connection: Sendable {
    /// The base URL as checked and reduced (no trailing slash).
    public let baseURL: URL
    public let credential: DHIS2Credential
    /// How long one request may take, from sending it to the last byte of the answer.
    public var timeout: Duration

    /// Checks the address and the credential; throws a `DHIS2ClientError` of kind `.invalidURL`
    /// or `.invalidCredential` that says what to correct.
    public init(baseURL: String, credential: DHIS2Credential, timeout: Duration = .seconds(60)) throws(DHIS2ClientError) {
        self.baseURL = try Self.checkedBaseURL(baseURL)
        let credential = credential.normalised()
        if let problem = credential.problem() {
            throw DHIS2ClientError(kind: .invalidCredential, message: problem)
        }
        self.credential = credential
        self.timeout = timeout
    }

    /// The host as shown in messages (`hmis.example.org:8080`).
    public var host: String {
        let host = baseURL.host ?? ""
        return baseURL.port.map { "\(host):\($0)" } ?? host
    }

    /// The address of an API resource (`resource` such as `system/info`) with its query.
    /// Query values are percent-encoded except for the characters DHIS2's syntax uses
    /// (`:` and `;` of `dx:a;b`, `,`, `[`, `]`), which stay readable in logs and short.
    func url(_ resource: String, query: [(String, String)] = []) -> String {
        var text = baseURL.absoluteString + "/api/" + resource
        if !query.isEmpty {
            text += "?" + query.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        }
        return text
    }

    /// The path of an API resource as logs show it (`/dhis/api/system/info`): never the query.
    func path(_ resource: String) -> String {
        baseURL.path + "/api/" + resource
    }

    private static let queryCharacters: CharacterSet = {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~:;,[]")
        return allowed
    }()

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: queryCharacters) ?? text
    }

    static func checkedBaseURL(_ text: String) throws(DHIS2ClientError) -> URL {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let shown: [String: MessageArgument] = ["url": .text(redacted(trimmed))]
        func invalid(_ message: Message) -> DHIS2ClientError { DHIS2ClientError(kind: .invalidURL, message: message) }
        guard !trimmed.isEmpty else { throw invalid(Message("dhis2_client.url.empty")) }
        guard trimmed.contains("://") else { throw invalid(Message("dhis2_client.url.scheme", shown)) }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased() else {
            throw invalid(Message("dhis2_client.url.invalid", shown))
        }
        guard scheme == "https" || scheme == "http" else { throw invalid(Message("dhis2_client.url.scheme", shown)) }
        guard components.user == nil, components.password == nil else { throw invalid(Message("dhis2_client.url.credentials", shown)) }
        guard let host = components.host, !host.isEmpty else { throw invalid(Message("dhis2_client.url.invalid", shown)) }
        var segments = components.percentEncodedPath.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if let app = segments.firstIndex(where: { $0.hasPrefix("dhis-web-") }) {
            // The address of a DHIS2 app as the browser shows it (`…/dhis-web-dashboard/#/`):
            // the app's path, query and fragment go.
            segments.removeSubrange(app...)
        } else if components.query != nil || components.fragment != nil {
            throw invalid(Message("dhis2_client.url.query", shown))
        }
        if let api = segments.lastIndex(of: "api"), api >= segments.count - 2,
            segments[(api + 1)...].allSatisfy({ $0.allSatisfy(\.isNumber) })
        {
            segments.removeSubrange(api...)
        }
        var reduced = URLComponents()
        reduced.scheme = scheme
        reduced.percentEncodedHost = components.percentEncodedHost
        reduced.port = components.port
        reduced.percentEncodedPath = segments.isEmpty ? "" : "/" + segments.joined(separator: "/")
        guard let url = reduced.url else { throw invalid(Message("dhis2_client.url.invalid", shown)) }
        return url
    }

    /// An address as it may be shown: any `user:password@` replaced, so a refused address that
    /// carried a password does not show it in the refusal.
    static func redacted(_ text: String) -> String {
        guard let at = text.firstIndex(of: "@"), let schemeEnd = text.range(of: "://"), schemeEnd.upperBound <= at else {
            return text
        }
        let authorityEnd = text[schemeEnd.upperBound...].firstIndex(where: { "/?#".contains($0) }) ?? text.endIndex
        guard at < authorityEnd else { return text }
        return String(text[..<schemeEnd.upperBound]) + "…@" + String(text[text.index(after: at)...])
    }
}

extension DHIS2Connection: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        "DHIS2Connection(\(baseURL.absoluteString), \(credential), timeout: \(timeout))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: ["baseURL": baseURL.absoluteString, "credential": credential.description, "timeout": timeout],
            displayStyle: .struct
        )
    }
}
