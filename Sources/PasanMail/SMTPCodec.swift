import NIOCore

/// One complete SMTP reply: a three-digit code and its text lines ("250-a", "250 b" → ["a", "b"]).
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]

    var isPositive: Bool { (200..<400).contains(code) }
    /// The text, lines joined with a space (for errors and logs).
    var message: String { lines.joined(separator: " ").trimmingASCIIWhitespace() }
}

/// What the client writes.
enum SMTPRequest: Sendable {
    /// A command line, without CRLF. It must not contain CR or LF (checked by the caller).
    case command(String)
    /// "STARTTLS": also arms ``SMTPClientCodec``'s check that nothing follows the 220 reply in
    /// plain text.
    case startTLS
    /// Message content, already dot-stuffed and terminated with "CRLF.CRLF".
    case data([UInt8])
}

/// Frames SMTP replies (multi-line "250-…" continuations are gathered into one ``SMTPReply``)
/// and writes requests.
///
/// STARTTLS response injection (CVE-2011-0411 style, from the client's side): anything the
/// server (or someone in the middle) sends after the 220 reply to STARTTLS and before the TLS
/// handshake would otherwise be read later as if it had come over TLS. The codec therefore
/// fails the channel if bytes follow that 220 in plain text, until ``tlsInstalled()`` is called
/// (from the event loop, in the same step that adds the TLS handler in front of the codec).
final class SMTPClientCodec: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = SMTPReply
    typealias OutboundIn = SMTPRequest
    typealias OutboundOut = ByteBuffer

    /// Longest reply line accepted (RFC 5321 allows 512; servers send longer ones).
    static let maxLineLength = 8192
    /// Most lines in one reply.
    static let maxReplyLines = 512

    private enum State {
        case normal
        case expectingStartTLSReply
        case awaitingTLS
        case failed(SMTPError)
    }

    private var state = State.normal
    private var buffer: ByteBuffer?
    private var pendingCode: Int?
    private var pendingLines: [String] = []

    init() {}

    /// The TLS handler now sits in front of this codec: what arrives from here on was decrypted.
    /// Throws if plain-text data already followed the 220 reply.
    func tlsInstalled() throws(SMTPError) {
        switch state {
        case .awaitingTLS: state = .normal
        case .failed(let error): throw error
        case .normal, .expectingStartTLSReply: throw .protocolViolation("TLS installed without a 220 reply to STARTTLS")
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = Self.unwrapInboundIn(data)
        switch state {
        case .failed:
            return
        case .awaitingTLS:
            fail(context, "the server sent data after agreeing to STARTTLS, before the TLS handshake")
            return
        case .normal, .expectingStartTLSReply:
            break
        }
        if buffer == nil {
            buffer = incoming
        } else {
            buffer!.writeBuffer(&incoming)
        }
        decodeReplies(context: context)
    }

    private func decodeReplies(context: ChannelHandlerContext) {
        while var buffered = buffer, let newline = buffered.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - buffered.readerIndex
            guard length <= Self.maxLineLength else {
                fail(context, "a reply line is longer than \(Self.maxLineLength) bytes")
                return
            }
            var line = buffered.readBytes(length: length + 1)!
            line.removeLast()  // \n
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            buffer = buffered.readableBytes > 0 ? buffered : nil
            guard let reply = consume(line: line, context: context) else {
                if case .failed = state { return }
                continue
            }

            if case .expectingStartTLSReply = state {
                if reply.code == 220 {
                    state = .awaitingTLS
                    if buffer != nil {
                        fail(context, "the server sent data after agreeing to STARTTLS, before the TLS handshake")
                        return
                    }
                } else {
                    state = .normal
                }
            }
            context.fireChannelRead(Self.wrapInboundOut(reply))
            if case .awaitingTLS = state { return }
        }
        if let buffered = buffer, buffered.readableBytes > Self.maxLineLength {
            fail(context, "a reply line is longer than \(Self.maxLineLength) bytes")
        }
    }

    /// Adds one line to the reply being gathered; returns the reply when the line ends it.
    private func consume(line: [UInt8], context: ChannelHandlerContext) -> SMTPReply? {
        let isDigit: (UInt8) -> Bool = { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard line.count >= 3, line.prefix(3).allSatisfy(isDigit),
            line.count == 3 || line[3] == UInt8(ascii: " ") || line[3] == UInt8(ascii: "-")
        else {
            let shown = String(decoding: line.prefix(80), as: UTF8.self)
            fail(context, "malformed reply line \(Mailbox.quoted(shown))")
            return nil
        }
        let code = line.prefix(3).reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        let isLast = line.count == 3 || line[3] == UInt8(ascii: " ")
        let text = line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : ""
        if let pendingCode, pendingCode != code {
            fail(context, "a multi-line reply changed its code from \(pendingCode) to \(code)")
            return nil
        }
        pendingCode = code
        pendingLines.append(text)
        guard pendingLines.count <= Self.maxReplyLines else {
            fail(context, "a reply has more than \(Self.maxReplyLines) lines")
            return nil
        }
        guard isLast else { return nil }
        let reply = SMTPReply(code: code, lines: pendingLines)
        pendingCode = nil
        pendingLines = []
        return reply
    }

    private func fail(_ context: ChannelHandlerContext, _ reason: String) {
        let error = SMTPError.protocolViolation(reason)
        state = .failed(error)
        buffer = nil
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = Self.unwrapOutboundIn(data)
        var out: ByteBuffer
        switch request {
        case .command(let line):
            out = context.channel.allocator.buffer(capacity: line.utf8.count + 2)
            out.writeString(line)
            out.writeStaticString("\r\n")
        case .startTLS:
            state = .expectingStartTLSReply
            out = context.channel.allocator.buffer(staticString: "STARTTLS\r\n")
        case .data(let bytes):
            out = context.channel.allocator.buffer(bytes: bytes)
        }
        context.write(Self.wrapOutboundOut(out), promise: promise)
    }
}

@available(*, unavailable)
extension SMTPClientCodec: Sendable {}
