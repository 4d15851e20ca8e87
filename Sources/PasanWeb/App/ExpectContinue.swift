import HTTPTypes
import NIOCore
import NIOHTTPTypes
import PasanDomain

/// Answers `Expect: 100-continue` with `100 Continue` (RFC 9110, section 10.1.1), so a client
/// that asks before sending a large body — curl does for any upload over 1 MiB, as do many HTTP
/// libraries — sends it at once instead of waiting for its own time-out (one second for curl;
/// the bench's upload of 106,612 village rows spent it idle, issue 16). Hummingbird does not
/// answer the expectation itself.
///
/// It is a channel handler in each connection's pipeline (`HTTP1Channel.Configuration.additionalChannelHandlers`),
/// after `CachedPageChannelHandler`, so it sees only the requests that go to the router.
/// The expectation is answered as the request arrives, before the router sees it (RFC 9110 lets
/// a server do so; a route that answers without reading the body, a redirect to sign in, then
/// reads and drops it). Connections may pipeline requests: the `100 Continue` of a request goes
/// out only once every answer before it has ended, never inside one.
final class ExpectContinueHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The requests passed on whose answer has not ended, oldest first: whether each still waits
    /// for its `100 Continue`.
    private var unanswered: [Bool] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let request) = unwrapInboundIn(data) {
            unanswered.append(Self.expectsContinue(request))
            if unanswered.count == 1 { sendContinueIfAwaited(context: context) }
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        if case .end = unwrapOutboundIn(data), !unanswered.isEmpty {
            unanswered.removeFirst()
            sendContinueIfAwaited(context: context)
        }
    }

    /// Sends `100 Continue` for the oldest unanswered request when it asked for one.
    private func sendContinueIfAwaited(context: ChannelHandlerContext) {
        guard unanswered.first == true else { return }
        unanswered[0] = false
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponse(status: .continue))), promise: nil)
    }

    /// `Expect: 100-continue`, compared without regard to case (the only expectation RFC 9110 defines).
    static func expectsContinue(_ request: HTTPRequest) -> Bool {
        request.headerFields[values: .expect].contains { $0.trimmingSpaces.lowercased() == "100-continue" }
    }
}
