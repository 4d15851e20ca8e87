import Hummingbird
import PasanMessages

/// Binds the application's message catalogue (the shipped texts with this database's reviewed
/// changes) for the whole of each request, so every `l.t(…)` and `Message.text(in:)` of the
/// handlers and views reads it.
struct CatalogueMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: PortalState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await MessageCatalogue.$current.withValue(state.messages) {
            try await next(request, context)
        }
    }
}
