import Hummingbird
import PasanDomain
import PasanStorage

/// The request context of every route: the signed-in session (if any), the client's address
/// for throttling and the audit log, and the parsed form of a POST (set by `FormGate` for the
/// routes that read a body, after the policy allowed the action).
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var session: AccountRepository.Session?
    public var sessionToken: String?
    public var form: FormData?
    public var remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The largest body Hummingbird's own decoders would read. Pasan reads bodies only through
    /// `FormGate`, with the limit of the route (`BodyLimit`); this is the largest of them.
    public var maxUploadSize: Int { BodyLimit.upload.bytes }

    public var actor: Actor { session?.user.actor ?? .anonymous }

    public var change: ChangeContext {
        ChangeContext(
            actorID: session?.user.id,
            actorName: session.map { "\($0.user.name) <\($0.user.email)>" } ?? "public",
            address: remoteAddress
        )
    }
}
