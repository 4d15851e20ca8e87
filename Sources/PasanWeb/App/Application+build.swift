import Foundation
import Hummingbird
import Logging
import PasanDomain
import PasanStorage
import ServiceLifecycle

/// How to run the portal.
public struct PortalConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var defaultLanguage: Language
    /// The address users reach Pasan at, for links in e-mails.
    public var publicURL: String
    /// Mark cookies Secure (when served behind HTTPS).
    public var secureCookies: Bool
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client.
    public var trustedProxies: Set<String>
    /// The level of the access log's line per request (`AccessLogMiddleware`).
    public var accessLogLevel: Logger.Level = .info

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        defaultLanguage: Language = .lo,
        publicURL: String? = nil,
        secureCookies: Bool? = nil,
        trustedProxies: Set<String> = []
    ) {
        self.host = host
        self.trustedProxies = trustedProxies
        self.port = port
        self.defaultLanguage = defaultLanguage
        let url = publicURL ?? "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)"
        self.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        self.secureCookies = secureCookies ?? url.hasPrefix("https://")
    }

    /// Whether users reach Pasan over HTTPS (its public URL says so).
    var isServedOverHTTPS: Bool { publicURL.lowercased().hasPrefix("https://") }
}

/// The one composition root, used the same way by `pasan serve` and by the tests. Background
/// services (the outbox delivery) run with the application and stop with it.
public func buildApplication(
    configuration: PortalConfiguration,
    state: PortalState,
    logger: Logger,
    services: [any Service] = [],
    routeTable: RouteTable = RouteTable(),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    let router = try buildRouter(state: state, configuration: configuration, logger: logger, routeTable: routeTable)
    let serverName = "Pasan"
    let fastPath = CachedPageFastPath(
        cache: state.cache,
        serverName: serverName,
        https: configuration.isServedOverHTTPS,
        accessLogLevel: configuration.accessLogLevel,
        logger: logger
    )
    return Application(
        responder: SecurityHeaders(wrapped: HeadAsGet(wrapped: router.buildResponder()), configuration: configuration),
        server: .http1(
            configuration: .init(additionalChannelHandlers: [CachedPageChannelHandler(fastPath: fastPath), ExpectContinueHandler()])
        ),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: serverName),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

/// The routes: static assets, the portal, the API and the health check, behind the middleware
/// that turns unknown addresses into 404 pages in the right language (or JSON for the API), and
/// the session/CSRF middleware. Non-public routes are registered through `SecureRoutes`, which
/// records them in `routeTable`.
public func buildRouter(
    state: PortalState,
    configuration: PortalConfiguration = PortalConfiguration(),
    logger: Logger,
    routeTable: RouteTable = RouteTable()
) throws -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: AccessLogMiddleware(level: configuration.accessLogLevel))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: UnavailableMiddleware(defaultLanguage: state.defaultLanguage))
    router.add(middleware: CacheGenerationMiddleware(cache: state.cache))
    router.add(middleware: OpenDataCORS.openData)
    router.add(middleware: CatalogueMiddleware(state: state))
    router.add(middleware: ClientAddressMiddleware(trustedProxies: configuration.trustedProxies))
    router.add(middleware: NotFoundMiddleware(defaultLanguage: state.defaultLanguage))
    router.add(
        middleware: SessionMiddleware(
            accounts: AccountRepository(database: state.database),
            defaultLanguage: state.defaultLanguage,
            logger: logger
        )
    )
    guard let publicDirectory = Bundle.module.url(forResource: "Public", withExtension: nil) else {
        throw StaticAssets.Missing()
    }
    try StaticAssets(directory: publicDirectory).register(on: router)
    OperationsController(state: state).register(on: router)
    let secure = SecureRoutes(router: router, table: routeTable, logger: logger)
    APIController(state: state).register(on: router)
    MachineSubmissionsController(state: state).register(on: router)
    APITokensController(state: state).register(secure)
    SDMXController(state: state).register(on: router)
    DHIS2PushController(state: state).register(on: router)
    HandbookController(state: state).register(on: router)
    AccountsController(state: state, configuration: configuration).register(on: router, secure: secure)
    ProgressConfigController(state: state).register(secure)
    UsersController(state: state).register(secure)
    AssignmentsController(state: state).register(secure)
    FocalPointsController(state: state).register(secure)
    OversightController(state: state).register(secure)
    LegalBasisController(state: state).register(secure)
    LeadershipBriefController(state: state).register(secure)
    CostingController(state: state).register(on: router)
    SelfAssessmentController(state: state).register(on: router, secure: secure)
    VNRController(state: state).register(on: router, secure: secure)
    CapacityController(state: state).register(on: router, secure: secure)
    TranslationsController(state: state).register(secure)
    SettingsController(state: state).register(secure)
    ImportsController(state: state).register(secure)
    DHIS2Controller(state: state).register(secure)
    CyclesController(state: state, configuration: configuration).register(on: router, secure: secure)
    RequestsController(state: state).register(on: router)
    SubmissionsController(state: state).register(secure)
    IndicatorsController(state: state).register(on: router)
    ProgressController(state: state).register(on: router)
    PlansController(state: state).register(on: router, secure: secure)
    ActivitiesController(state: state).register(on: router, secure: secure)
    PlacesController(state: state).register(on: router, secure: secure)
    ChainsController(state: state).register(on: router, secure: secure)
    OverlapsController(state: state).register(on: router, secure: secure)
    PortalController(state: state).register(on: router)
    return router
}

/// `HEAD` is answered as `GET` without the body (same status and headers, `Content-Length`
/// included), as HTTP requires; link checkers and uptime monitors use it. It wraps the whole
/// router, because the router picks the route by method before any middleware runs.
struct HeadAsGet<Wrapped: HTTPResponder>: HTTPResponder {
    typealias Context = Wrapped.Context
    let wrapped: Wrapped

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .head else { return try await wrapped.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response = try await wrapped.respond(to: Request(head: head, body: request.body), context: context)
        // Keep the GET's length (the server writes Content-Length from the body's), send nothing.
        response.body = ResponseBody(contentLength: response.body.contentLength) { writer in try await writer.finish(nil) }
        return response
    }
}

/// Unknown addresses: a 404 page in the language of the address (`/en/…` → English), or the
/// API's JSON error under `/api/`.
struct NotFoundMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let defaultLanguage: Language

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            if path.hasPrefix("/api/") {
                return try APIError(status: .notFound, code: "not_found", message: "No such API route: \(path)").response(
                    from: request,
                    context: context
                )
            }
            return try PortalError.notFound(request.addressLanguage(or: defaultLanguage)).response(from: request, context: context)
        }
    }
}
