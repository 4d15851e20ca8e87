import Hummingbird
import PasanMessages

/// Binds the application's message catalogue (the shipped texts with this database's reviewed
/// changes) and its formatting options (Lao or Arabic digits on Lao pages) for the whole of each
/// request, so every `l.t(…)`, `Message.text(in:)` and `TextFormat` call of the handlers and
/// views reads them.
struct CatalogueMiddleware<Context: RequestContext>: RouterMiddleware {
    let state: PortalState

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await MessageCatalogue.$current.withValue(state.messages) {
            try await TextFormat.$options.withValue(TextFormat.Options(laoDigits: state.defaults.laoDigits)) {
                try await next(request, context)
            }
        }
    }
}
