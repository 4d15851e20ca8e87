import Hummingbird
import PasanDomain
import PasanStorage

/// The request context of every route: the signed-in session (if any), the client's address
/// for throttling and the audit log, and the parsed form of a POST.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var session: AccountRepository.Session?
    public var sessionToken: String?
    public var form: FormData?
    public let remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Up to 20 MB for CSV imports.
    public var maxUploadSize: Int { 20 * 1024 * 1024 }

    public var actor: Actor { session?.user.actor ?? .anonymous }

    public var change: ChangeContext {
        ChangeContext(actorID: session?.user.id, actorName: session.map { "\($0.user.name) <\($0.user.email)>" } ?? "public", address: remoteAddress)
    }
}
