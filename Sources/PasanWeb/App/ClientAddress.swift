import Foundation
import HTTPTypes
import Hummingbird

/// The client's address for throttling and the audit log. Behind a reverse proxy every request
/// comes from the proxy, so when the socket peer is one of the configured trusted proxies
/// (`--trusted-proxy`), the address is taken from `X-Forwarded-For`: the right-most entry that
/// is not itself a trusted proxy (entries to its left could be made up by the client).
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trustedProxies: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !trustedProxies.isEmpty else { return try await next(request, context) }
        var context = context
        context.remoteAddress = Self.clientAddress(
            peer: context.remoteAddress,
            forwardedFor: request.headers[values: .xForwardedFor],
            trusted: trustedProxies
        )
        return try await next(request, context)
    }

    /// The client address given the socket peer and the `X-Forwarded-For` header lines.
    static func clientAddress(peer: String, forwardedFor: [String], trusted: Set<String>) -> String {
        guard trusted.contains(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for hop in hops.reversed() where !trusted.contains(hop) {
            return hop
        }
        return hops.first ?? peer
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
