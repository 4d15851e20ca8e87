import Foundation
import HTTPTypes
import Hummingbird
import PasanDomain
import PasanMessages
import PasanStorage

/// A request made with an institution's API token, once `authenticate` accepted it.
struct AuthenticatedToken: Sendable, Hashable {
    var id: Int64
    /// The institution the token acts for: as the owner of its own submissions only.
    var institution: String
    var scope: APITokenScope
    /// `pasan_ab12cd34`: what logs and the audit log name the token by.
    var prefix: String
    var name: String
    /// Who changes made with the token are recorded as (value history, audit log).
    var change: ChangeContext

    static func == (a: AuthenticatedToken, b: AuthenticatedToken) -> Bool { a.id == b.id && a.prefix == b.prefix }
    func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

extension PortalFeature {
    /// Authenticates a machine request by its API token, sent as `Authorization: Bearer <token>`
    /// or DHIS2's `Authorization: ApiToken <token>`, and checks what it may do:
    ///
    /// - 401 (`unauthorized`, with `WWW-Authenticate`): no token, not a Pasan token, no token with
    ///   its prefix or the wrong secret, revoked, or past its expiry;
    /// - 429 (`rate_limited`, with `Retry-After`): the token's requests over its rate limit
    ///   (`APIRateLimiter.shared`, Pasan's default 120 a minute, bursts of 30);
    /// - 403 (`forbidden`): a read-only token for `scope` write, or — when `institution` is given
    ///   — a token of another institution (a token acts as the owner of its own institution's
    ///   submissions only).
    ///
    /// Every refused use of a token Pasan knows is written to the audit log (entity `api-token`,
    /// its prefix, never the secret); a request whose credential names no token is only logged.
    /// An accepted use is written as the token's last use, at most once a minute.
    func authenticate(
        _ request: Request,
        context: AppRequestContext,
        scope: APITokenScope,
        institution: String? = nil
    ) async throws -> AuthenticatedToken {
        let logger = context.logger
        let what = "\(request.method.rawValue) \(request.uri.path)"
        func refuse(_ status: HTTPResponse.Status, _ reason: Message, prefix: String, headers: HTTPFields = [:]) -> APIError {
            logger.notice(
                "refused an API request",
                metadata: [
                    "token": .string(prefix), "status": .stringConvertible(status.code), "request": .string(what),
                    "address": .string(context.remoteAddress), "reason": .string(reason.text(in: .en)),
                ]
            )
            return APIError(
                status: status,
                code: Self.errorCode(status),
                message: reason.text(in: .en),
                parameter: nil,
                headers: headers
            )
        }
        let challenge: HTTPFields = [.wwwAuthenticate: #"Bearer realm="Pasan API", ApiToken realm="Pasan API""#]
        let invalid: HTTPFields = [.wwwAuthenticate: #"Bearer realm="Pasan API", error="invalid_token""#]
        guard let presented = Self.credential(request.headers[.authorization]) else {
            throw refuse(.unauthorized, Message("api_tokens.auth.missing"), prefix: "(none)", headers: challenge)
        }
        let tokens = APITokenRepository(database: database)
        let found: APIToken
        let refusal: (HTTPResponse.Status, Message)?
        switch try await tokens.lookup(presented) {
        case .malformed:
            throw refuse(.unauthorized, Message("api_tokens.auth.malformed"), prefix: APITokenFormat.loggable(presented), headers: invalid)
        case .unknown(let prefix):
            throw refuse(.unauthorized, Message("api_tokens.auth.unknown", ["prefix": .text(prefix)]), prefix: prefix, headers: invalid)
        case .wrongSecret(let token):
            found = token
            refusal = (.unauthorized, Message("api_tokens.auth.unknown", ["prefix": .text(token.prefix)]))
        case .found(let token):
            found = token
            switch token.status(on: today) {
            case .revoked:
                let day = LocalDate.inLaos(token.revokedAt ?? .distantPast)
                refusal = (.unauthorized, Message("api_tokens.auth.revoked", ["prefix": .text(token.prefix), "date": .date(day)]))
            case .expired:
                refusal = (
                    .unauthorized, Message("api_tokens.auth.expired", ["prefix": .text(token.prefix), "date": .date(token.expiresOn)])
                )
            case .active:
                if !token.scope.allows(scope) {
                    refusal = (.forbidden, Message("api_tokens.auth.readOnly", ["prefix": .text(token.prefix)]))
                } else if let institution, institution != token.institution {
                    refusal = (
                        .forbidden,
                        Message(
                            "api_tokens.auth.otherInstitution",
                            ["prefix": .text(token.prefix), "institution": .text(token.institution), "other": .text(institution)]
                        )
                    )
                } else {
                    refusal = nil
                }
            }
        }
        // Refused uses count apart from accepted ones: knowing a prefix does not use up the
        // client's requests, and refusals cannot fill the audit log faster than the limit.
        let limiter = APIRateLimiter.shared
        let now = database.clock.now()
        let refusedForGood = refusal.map { $0.0 == .unauthorized } ?? false
        if let wait = limiter.take((refusedForGood ? "refused:" : "") + found.prefix, at: now) {
            let limit = limiter.limit
            throw refuse(
                .tooManyRequests,
                Message(
                    "api_tokens.auth.rateLimited",
                    [
                        "prefix": .text(found.prefix), "perMinute": .number(limit.perMinute), "burst": .number(limit.burst),
                        "seconds": .number(wait),
                    ]
                ),
                prefix: found.prefix,
                headers: [.retryAfter: String(wait)]
            )
        }
        let change = ChangeContext(
            actorID: nil,
            actorName: "API token \(found.prefix) (\(found.institution): \(found.name))",
            address: context.remoteAddress
        )
        if let (status, reason) = refusal {
            try await tokens.recordRefusal(
                of: found,
                .init(
                    prefix: found.prefix,
                    institution: found.institution,
                    reason: reason.text(in: .en),
                    status: Int(status.code),
                    request: what
                ),
                change: change
            )
            throw refuse(status, reason, prefix: found.prefix, headers: status == .unauthorized ? invalid : [:])
        }
        if APITokenRules.needsTouch(lastUsedAt: found.lastUsedAt, now: now) {
            try await tokens.recordUse(id: found.id, at: now)
        }
        return AuthenticatedToken(
            id: found.id,
            institution: found.institution,
            scope: found.scope,
            prefix: found.prefix,
            name: found.name,
            change: change
        )
    }

    /// The token of an `Authorization` value: `Bearer <token>` or `ApiToken <token>` (either
    /// scheme in any case), `nil` without one.
    static func credential(_ authorization: String?) -> String? {
        guard let authorization else { return nil }
        let parts = authorization.trimmingSpaces.split(separator: " ", maxSplits: 1).map { String($0).trimmingSpaces }
        guard parts.count == 2, ["bearer", "apitoken"].contains(parts[0].lowercased()), !parts[1].isEmpty else { return nil }
        return parts[1]
    }

    /// The stable `error.code` of a machine API refusal.
    static func errorCode(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .unauthorized: "unauthorized"
        case .forbidden: "forbidden"
        case .tooManyRequests: "rate_limited"
        case .notFound: "not_found"
        case .conflict: "conflict"
        case .contentTooLarge: "payload_too_large"
        case .unsupportedMediaType: "unsupported_media_type"
        case .unprocessableContent: "validation_failed"
        default: "invalid_body"
        }
    }
}
