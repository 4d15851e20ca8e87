import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import PasanDomain
import PasanExchange

/// One GET to DHIS2's Web API and what its answer means: the body of a successful JSON answer,
/// or the `DHIS2ClientError` that says what went wrong. The credential goes only into the
/// `Authorization` header; logs show the method, the path (never the query or a header) and the
/// status.
struct DHIS2Transport: Sendable {
    let connection: DHIS2Connection
    let http: HTTPClient
    let headers: [(name: String, value: String)]
    let maximumBytes: Int
    let logger: Logger

    /// The headers a caller may not set: they would replace what Pasan sends or how.
    static let reservedHeaders: Set<String> = ["authorization", "host", "content-length", "transfer-encoding", "connection"]

    /// The body of `resource`'s answer when DHIS2 answered 2xx with JSON.
    func get(_ resource: String, query: [(String, String)]) async throws(DHIS2ClientError) -> Data {
        let path = connection.path(resource)
        var request = HTTPClientRequest(url: connection.url(resource, query: query))
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Pasan DHIS2 client")
        for header in headers where !Self.reservedHeaders.contains(header.name.lowercased()) {
            request.headers.add(name: header.name, value: header.value)
        }
        request.headers.add(name: "Authorization", value: connection.credential.authorization)

        let started = ContinuousClock.now
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: Self.timeAmount(connection.timeout))
        } catch {
            logger.debug("DHIS2 request failed", metadata: ["method": "GET", "path": "\(path)", "error": "\(type(of: error))"])
            throw failure(error, path: path)
        }
        let status = Int(response.status.code)
        logger.debug(
            "DHIS2 request",
            metadata: ["method": "GET", "path": "\(path)", "status": "\(status)", "elapsed": "\(ContinuousClock.now - started)"]
        )
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maximumBytes {
            throw tooLarge(path: path, status: status)
        }
        let body: Data
        do {
            let buffer = try await response.body.collect(upTo: maximumBytes)
            body = Data(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge(path: path, status: status)
        } catch {
            throw failure(error, path: path)
        }
        let contentType = response.headers.first(name: "Content-Type")?.lowercased() ?? ""
        guard (200..<300).contains(status) else {
            throw refusal(status: status, body: body, contentType: contentType, path: path)
        }
        if Self.looksLikeWebPage(body, contentType: contentType) {
            throw DHIS2ClientError(
                kind: .notJSON,
                message: Message("dhis2_client.notJSON", ["url": .text(connection.baseURL.absoluteString)]),
                status: status
            )
        }
        return body
    }

    /// A web page rather than JSON: an HTML content type, or a body that opens with `<`.
    static func looksLikeWebPage(_ body: Data, contentType: String) -> Bool {
        if contentType.contains("html") || contentType.contains("xml") { return true }
        let first = body.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        return first == UInt8(ascii: "<")
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanoseconds.overflow else { return .nanoseconds(Int64.max) }
        return .nanoseconds(nanoseconds.partialValue + attoseconds / 1_000_000_000)
    }

    private func tooLarge(path: String, status: Int) -> DHIS2ClientError {
        DHIS2ClientError(
            kind: .tooLarge,
            message: Message("dhis2_client.tooLarge", ["path": .text(path), "megabytes": .number(maximumBytes / (1024 * 1024))]),
            status: status
        )
    }

    /// A failure before DHIS2's answer was complete: no connection, or no answer in time.
    func failure(_ error: any Error, path: String) -> DHIS2ClientError {
        let host = connection.host
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
                .getConnectionFromPoolTimeout, .httpProxyHandshakeTimeout, .socksHandshakeTimeout:
                return DHIS2ClientError(
                    kind: .timeout,
                    message: Message(
                        "dhis2_client.timeout",
                        ["host": .text(host), "seconds": .number(Int(connection.timeout.components.seconds))]
                    )
                )
            case .redirectLimitReached, .redirectCycleDetected:
                return DHIS2ClientError(kind: .refused, message: Message("dhis2_client.redirects", ["host": .text(host)]))
            default:
                break
            }
        }
        return DHIS2ClientError(
            kind: .unreachable,
            message: Message("dhis2_client.unreachable", ["host": .text(host), "reason": .text(Self.reason(error))])
        )
    }

    /// A short, credential-free account of a connection failure (`connection refused`,
    /// `DNS lookup failed`…), for the message's `{reason}`.
    static func reason(_ error: any Error) -> String {
        let text = String(describing: error)
        let lowered = text.lowercased()
        if lowered.contains("refused") { return "connection refused" }
        if lowered.contains("dns") || lowered.contains("resolve") || lowered.contains("name or service") {
            return "the name does not resolve"
        }
        if lowered.contains("certificate") || lowered.contains("ssl") || lowered.contains("tls") {
            return "TLS: " + String(text.prefix(160))
        }
        if lowered.contains("remoteconnectionclosed") || lowered.contains("connection reset") { return "the connection was closed" }
        return String(text.prefix(160))
    }

    /// What a non-2xx answer means, with DHIS2's own message when its body is a WebMessage.
    func refusal(status: Int, body: Data, contentType: String, path: String) -> DHIS2ClientError {
        let said = Self.looksLikeWebPage(body, contentType: contentType) ? nil : DHIS2ErrorBody.read(body)
        let host = connection.host
        var error: DHIS2ClientError
        switch status {
        case 401:
            error = DHIS2ClientError(kind: .unauthorized, message: Message("dhis2_client.unauthorized", ["host": .text(host)]))
        case 403:
            error = DHIS2ClientError(kind: .forbidden, message: Message("dhis2_client.forbidden", ["path": .text(path)]))
        case 404:
            error = DHIS2ClientError(
                kind: .notFound,
                message: Message("dhis2_client.notFound", ["path": .text(path), "url": .text(connection.baseURL.absoluteString)])
            )
        case 409:
            // DHIS2's own message is `dhis2Message`, shown beside this one; the conflicts of an
            // import summary are not in it, so the message lists the first of them.
            let conflicts = said?.conflicts ?? []
            let message =
                conflicts.isEmpty
                ? Message("dhis2_client.conflict", ["path": .text(path)])
                : Message(
                    "dhis2_client.conflict.listed",
                    [
                        "path": .text(path), "count": .number(conflicts.count),
                        "conflicts": .text(conflicts.prefix(5).joined(separator: "; ")),
                    ]
                )
            error = DHIS2ClientError(kind: .conflict, message: message, conflicts: conflicts)
        case 429:
            error = DHIS2ClientError(kind: .tooManyRequests, message: Message("dhis2_client.tooManyRequests", ["host": .text(host)]))
        case 500...599:
            error = DHIS2ClientError(
                kind: .server,
                message: Message("dhis2_client.server", ["host": .text(host), "status": .number(status)])
            )
        default:
            error = DHIS2ClientError(
                kind: .refused,
                message: Message("dhis2_client.refused", ["path": .text(path), "status": .number(status)])
            )
        }
        error.status = status
        error.dhis2Message = said?.message
        return error
    }
}
