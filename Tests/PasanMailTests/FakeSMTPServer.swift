import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A scripted SMTP server on 127.0.0.1 for the protocol paths the aiosmtpd sink cannot show:
/// STARTTLS and implicit TLS (with the test certificate below), AUTH, HELO fallback, error
/// replies, silence (timeouts), malformed replies and injected data.
///
/// Every connection follows a standard behaviour unless `script` answers a command otherwise.
final class FakeSMTPServer: Sendable {
    enum Response: Sendable {
        /// The default behaviour for this command.
        case standard
        /// Raw reply text; "\n" line breaks are sent as CRLF, and a final CRLF is added.
        case reply(String)
        /// Send the reply, then expect a TLS handshake.
        case replyThenStartTLS(String)
        /// Bytes sent exactly as given (for malformed or injected replies).
        case raw(String)
        /// Say nothing (the client should time out).
        case silence
        /// Close the connection without replying.
        case close
    }

    enum Security: Sendable { case plain, implicitTLS }

    /// Called with every command line received, and with "DATA-CONTENT" for the message.
    typealias Script = @Sendable (_ command: String) -> Response

    let port: Int
    let transcript: Transcript
    private let channel: any Channel

    private init(port: Int, transcript: Transcript, channel: any Channel) {
        self.port = port
        self.transcript = transcript
        self.channel = channel
    }

    static func start(
        security: Security = .plain,
        ehlo: [String] = ["fake.test greets you", "8BITMIME", "AUTH PLAIN LOGIN", "STARTTLS", "SIZE 10240000"],
        greeting: String = "220 fake.test ESMTP ready",
        script: @escaping Script = { _ in .standard }
    ) async throws -> FakeSMTPServer {
        let tls = try TestCertificate.serverContext()
        let transcript = Transcript()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    if security == .implicitTLS {
                        try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try child.pipeline.syncOperations.addHandler(
                        FakeSMTPHandler(
                            greeting: greeting,
                            ehlo: ehlo,
                            tls: tls,
                            startsEncrypted: security == .implicitTLS,
                            transcript: transcript,
                            script: script
                        )
                    )
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        return FakeSMTPServer(port: channel.localAddress!.port!, transcript: transcript, channel: channel)
    }

    func stop() async {
        try? await channel.close()
    }
}

/// What a fake server received, in order, across connections. "<TLS>" marks a STARTTLS
/// upgrade; "DATA-CONTENT" entries hold the message exactly as sent on the wire (still
/// dot-stuffed, without the final ".").
final class Transcript: @unchecked Sendable {
    private let lock = NSLock()
    private var _entries: [String] = []

    var entries: [String] { lock.withLock { _entries } }

    func append(_ entry: String) { lock.withLock { _entries.append(entry) } }

    /// The entries that are commands (not message content).
    var commands: [String] { entries.filter { !$0.hasPrefix("DATA-CONTENT") } }

    var messages: [String] {
        entries.filter { $0.hasPrefix("DATA-CONTENT\n") }.map { String($0.dropFirst("DATA-CONTENT\n".count)) }
    }
}

private final class FakeSMTPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let greeting: String
    private let ehlo: [String]
    private let tls: NIOSSLContext
    private let transcript: Transcript
    private let script: FakeSMTPServer.Script
    private var encrypted: Bool
    private var buffer: [UInt8] = []
    private var inData = false
    private var dataLines: [String] = []
    private var authLoginStep = 0

    init(
        greeting: String,
        ehlo: [String],
        tls: NIOSSLContext,
        startsEncrypted: Bool,
        transcript: Transcript,
        script: @escaping FakeSMTPServer.Script
    ) {
        self.greeting = greeting
        self.ehlo = ehlo
        self.tls = tls
        self.encrypted = startsEncrypted
        self.transcript = transcript
        self.script = script
    }

    func channelActive(context: ChannelHandlerContext) {
        send(context, .reply(greeting))
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let incoming = Self.unwrapInboundIn(data)
        buffer += incoming.readableBytesView
        while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
            var line = Array(buffer[..<newline])
            buffer.removeSubrange(...newline)
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            let text = String(decoding: line, as: UTF8.self)
            if inData {
                if text == "." {
                    inData = false
                    transcript.append("DATA-CONTENT\n" + dataLines.joined(separator: "\r\n"))
                    dataLines = []
                    respond(context, to: "DATA-CONTENT", standard: .reply("250 2.0.0 queued as FAKE"))
                } else {
                    dataLines.append(text)
                }
                continue
            }
            transcript.append(text)
            respond(context, to: text, standard: standardResponse(text))
        }
    }

    private func standardResponse(_ command: String) -> FakeSMTPServer.Response {
        if authLoginStep == 1 {
            authLoginStep = 2
            return .reply("334 UGFzc3dvcmQ6")
        }
        if authLoginStep == 2 {
            authLoginStep = 0
            return .reply("235 2.7.0 accepted")
        }
        let verb = command.split(separator: " ").first.map { $0.uppercased() } ?? ""
        switch verb {
        case "EHLO":
            var lines = ehlo
            if encrypted { lines.removeAll { $0.uppercased() == "STARTTLS" } }
            return .reply(
                lines.enumerated().map { index, line in (index == lines.count - 1 ? "250 " : "250-") + line }.joined(separator: "\n")
            )
        case "HELO": return .reply("250 fake.test")
        case "STARTTLS": return .replyThenStartTLS("220 2.0.0 go ahead")
        case "AUTH":
            if command.uppercased().hasPrefix("AUTH LOGIN") {
                authLoginStep = 1
                return .reply("334 VXNlcm5hbWU6")
            }
            return .reply("235 2.7.0 accepted")
        case "MAIL", "RCPT", "RSET", "NOOP": return .reply("250 2.1.0 ok")
        case "DATA": return .reply("354 end with <CRLF>.<CRLF>")
        case "QUIT": return .reply("221 2.0.0 bye")
        default: return .reply("502 5.5.2 unknown command")
        }
    }

    private func respond(_ context: ChannelHandlerContext, to command: String, standard: FakeSMTPServer.Response) {
        var response = script(command)
        if case .standard = response { response = standard }
        if case .reply(let text) = response, text.hasPrefix("354") { inData = true }
        send(context, response)
        if command.uppercased() == "QUIT", case .reply = response { context.close(promise: nil) }
    }

    private func send(_ context: ChannelHandlerContext, _ response: FakeSMTPServer.Response) {
        func write(_ text: String) {
            context.writeAndFlush(Self.wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: nil)
        }
        switch response {
        case .standard, .silence:
            break
        case .reply(let text):
            write(text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
        case .raw(let text):
            write(text)
        case .replyThenStartTLS(let text):
            write(text.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n")
            do {
                try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
                encrypted = true
                transcript.append("<TLS>")
            } catch {
                context.close(promise: nil)
            }
        case .close:
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        transcript.append("<ERROR \(error)>")
        context.close(promise: nil)
    }
}

/// A self-signed certificate for "localhost" and 127.0.0.1 (valid 2020–2120), only for tests.
enum TestCertificate {
    static let certificatePEM = """
        -----BEGIN CERTIFICATE-----
        MIIBuTCCAV+gAwIBAgICEAAwCgYIKoZIzj0EAwIwKjESMBAGA1UEAwwJbG9jYWxo
        b3N0MRQwEgYDVQQKDAtQYXNhbiB0ZXN0czAgFw0yMDAxMDEwMDAwMDBaGA8yMTIw
        MDEwMTAwMDAwMFowKjESMBAGA1UEAwwJbG9jYWxob3N0MRQwEgYDVQQKDAtQYXNh
        biB0ZXN0czBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABCATJtmuP8Z1aafHUoYv
        iRoUtw/lfjMRhXyNmAUaWzfyOK3ldgY+4WrL9crmTCJlXLKUrMCHIRo3i7lJrTjY
        TdWjczBxMBoGA1UdEQQTMBGCCWxvY2FsaG9zdIcEfwAAATAPBgNVHRMBAf8EBTAD
        AQH/MA4GA1UdDwEB/wQEAwIChDATBgNVHSUEDDAKBggrBgEFBQcDATAdBgNVHQ4E
        FgQUlgzRGrsT7T8VAm5YaiFDtfEpxS8wCgYIKoZIzj0EAwIDSAAwRQIgFfERhCFH
        rCjX2e6aC4wF0oK21wyO2MrtKgoAQMmExL4CIQD7GsrnlgaGRURISdrLFLxbPgNC
        t7oQFAtvW7d5A7Kfgw==
        -----END CERTIFICATE-----
        """

    static let privateKeyPEM = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgySEBPtFdM+bRT5gb
        M9XHNva7JVUD9AP0i0sIqbFmgRyhRANCAAQgEybZrj/GdWmnx1KGL4kaFLcP5X4z
        EYV8jZgFGls38jit5XYGPuFqy/XK5kwiZVyylKzAhyEaN4u5Sa042E3V
        -----END PRIVATE KEY-----
        """

    static func certificate() throws -> NIOSSLCertificate {
        try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
    }

    static func serverContext() throws -> NIOSSLContext {
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try certificate())],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem))
        )
        return try NIOSSLContext(configuration: configuration)
    }

    /// A client configuration that trusts only the test certificate.
    static func clientConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates([try certificate()])
        return configuration
    }
}
