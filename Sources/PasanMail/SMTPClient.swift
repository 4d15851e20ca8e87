import Logging
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Delivers e-mail to one SMTP server (one connection per message).
///
/// A `send` either returns — the server accepted the message for every recipient — or throws an
/// ``SMTPError`` and nothing was accepted (a refused recipient fails the whole message before
/// DATA). Once the server has accepted the message, later problems (QUIT, closing) are only
/// logged, so that the outbox never resends a delivered message because of them.
public struct SMTPClient: Sendable {
    public let configuration: SMTPConfiguration
    private let logger: Logger
    private let eventLoopGroup: any EventLoopGroup
    private let tls: Result<NIOSSLContext, SMTPError>?

    public init(configuration: SMTPConfiguration, logger: Logger) {
        self.init(configuration: configuration, logger: logger, tlsConfiguration: nil)
    }

    /// `tlsConfiguration` replaces the default client configuration (system trust roots, TLS 1.2
    /// or later, full certificate and host name verification), e.g. to trust a test certificate.
    /// Clients are cheap to create (the default TLS context is shared); each `send` uses its own
    /// connection.
    init(
        configuration: SMTPConfiguration,
        logger: Logger,
        tlsConfiguration: TLSConfiguration?,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "smtp.server"] = "\(configuration.host):\(configuration.port)"
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        if configuration.security == .none {
            self.tls = nil
        } else if let tlsConfiguration {
            self.tls = Self.makeTLSContext(tlsConfiguration)
        } else {
            self.tls = Self.defaultTLSContext
        }
    }

    /// Made once per process (it loads the system trust roots); clients are cheap to create.
    private static let defaultTLSContext: Result<NIOSSLContext, SMTPError> = {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        return makeTLSContext(configuration)
    }()

    private static func makeTLSContext(_ configuration: TLSConfiguration) -> Result<NIOSSLContext, SMTPError> {
        do {
            return .success(try NIOSSLContext(configuration: configuration))
        } catch {
            return .failure(.protocolViolation("could not set up TLS: \(error)"))
        }
    }

    /// Connects, EHLO (fall back to HELO), STARTTLS when configured (then EHLO again), AUTH PLAIN
    /// (or LOGIN) when credentials are set and only over TLS unless the host is loopback, MAIL
    /// FROM, RCPT TO each, DATA (dot-stuffing, CRLF line endings, Date and Message-ID headers,
    /// MIME-Version, Content-Type with charset=utf-8), QUIT. Handles multi-line replies (250-…).
    public func send(_ message: MailMessage) async throws(SMTPError) {
        let prepared = try PreparedMessage(message, from: configuration.from)
        try await deliver(prepared)
    }

    /// Sends already rendered content (CRLF line endings; dot-stuffing is applied here).
    func deliver(_ prepared: PreparedMessage) async throws(SMTPError) {
        try checkConfiguration()
        var logger = self.logger
        logger[metadataKey: "smtp.message-id"] = "\(prepared.messageID)"
        let started = ContinuousClock.now
        let channel = try await connect(logger: logger)
        do {
            try await channel.executeThenClose { inbound, outbound in
                let session = SMTPSession(
                    configuration: configuration,
                    logger: logger,
                    channel: channel.channel,
                    inbound: inbound.makeAsyncIterator(),
                    outbound: outbound,
                    tls: try? tls?.get()
                )
                try await session.run(prepared)
            }
        } catch let error as SMTPError {
            throw error
        } catch {
            // executeThenClose only rethrows what the session threw (always SMTPError).
            throw SMTPSession.map(error, step: "connection", configuration: configuration)
        }
        logger.debug(
            "SMTP server accepted the message",
            metadata: [
                "smtp.recipients": "\(prepared.recipients.count)",
                "smtp.duration": "\(ContinuousClock.now - started)",
            ]
        )
    }

    private func checkConfiguration() throws(SMTPError) {
        let host = configuration.host
        guard !host.isEmpty, !host.unicodeScalars.contains(where: { $0.isForbiddenInHeaders || $0 == " " }) else {
            throw .protocolViolation("the SMTP host \(Mailbox.quoted(host)) is not a valid host name")
        }
        guard (1...65535).contains(configuration.port) else {
            throw .protocolViolation("the SMTP port \(configuration.port) is not between 1 and 65535")
        }
        guard configuration.timeout > .zero else {
            throw .protocolViolation("the SMTP timeout must be positive")
        }
        let hello = configuration.helloName
        // The same rules as an address's domain: a host name or an address literal.
        guard Mailbox.isValidAddrSpec("x@\(hello)") else {
            throw .protocolViolation("the EHLO name \(Mailbox.quoted(hello)) is not a host name or address literal")
        }
        if case .failure(let error) = tls { throw error }
        if let username = configuration.username {
            let password = configuration.password ?? ""
            if username.unicodeScalars.contains(where: { $0 == "\0" }) || password.unicodeScalars.contains(where: { $0 == "\0" }) {
                throw .protocolViolation("the SMTP user name and password must not contain NUL characters")
            }
            if configuration.security == .none, !SMTPConfiguration.isLoopback(host) {
                throw .protocolViolation(
                    "refusing to send the SMTP password unencrypted to \(host): use smtps:// or ?starttls=true"
                )
            }
        }
    }

    private func connect(logger: Logger) async throws(SMTPError) -> NIOAsyncChannel<SMTPReply, SMTPRequest> {
        let configuration = self.configuration
        let implicitTLS: NIOSSLContext? = configuration.security == .tls ? (try? tls?.get()) : nil
        let serverHostname = SMTPConfiguration.isIPAddress(configuration.host) ? nil : configuration.host
        let bootstrap = ClientBootstrap(group: eventLoopGroup)
            .connectTimeout(TimeAmount(configuration.timeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        logger.debug("connecting to the SMTP server", metadata: ["smtp.security": "\(configuration.security.rawValue)"])
        do {
            return try await bootstrap.connect(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let implicitTLS {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: implicitTLS, serverHostname: serverHostname)
                        )
                    }
                    try channel.pipeline.syncOperations.addHandler(SMTPClientCodec())
                    return try NIOAsyncChannel<SMTPReply, SMTPRequest>(wrappingChannelSynchronously: channel)
                }
            }
        } catch {
            throw SMTPSession.map(error, step: "connect", configuration: configuration)
        }
    }
}

/// One SMTP conversation on a connected channel.
final class SMTPSession {
    private let configuration: SMTPConfiguration
    private let logger: Logger
    private let channel: any Channel
    private var inbound: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<SMTPRequest>
    private let tls: NIOSSLContext?
    private var isEncrypted: Bool
    private var extensions: [String: [String]] = [:]  // EHLO keyword → parameters

    init(
        configuration: SMTPConfiguration,
        logger: Logger,
        channel: any Channel,
        inbound: NIOAsyncChannelInboundStream<SMTPReply>.AsyncIterator,
        outbound: NIOAsyncChannelOutboundWriter<SMTPRequest>,
        tls: NIOSSLContext?
    ) {
        self.configuration = configuration
        self.logger = logger
        self.channel = channel
        self.inbound = inbound
        self.outbound = outbound
        self.tls = tls
        self.isEncrypted = configuration.security == .tls
    }

    func run(_ message: PreparedMessage) async throws(SMTPError) {
        let greeting = try await step("greeting") { () async throws -> SMTPReply in try await self.readReply() }
        try expect(greeting, 220, step: "greeting")

        try await hello()
        if configuration.security == .startTLS {
            try await startTLS()
            try await hello()
        }
        if let username = configuration.username {
            try await authenticate(username: username, password: configuration.password ?? "")
        }

        try expect(try await command("MAIL FROM:<\(message.sender)>", step: "MAIL FROM"), 250, step: "MAIL FROM")
        for recipient in message.recipients {
            let step = "RCPT TO:<\(recipient)>"
            let reply = try await command(step, step: step)
            try expect(reply, [250, 251], step: step)
        }
        try expect(try await command("DATA", step: "DATA"), 354, step: "DATA")
        let content = MIMEEncoding.dotStuffed(message.content)
        let accepted = try await step("end of DATA") { () async throws -> SMTPReply in
            try await self.outbound.write(.data(content))
            return try await self.readReply()
        }
        try expect(accepted, 250, step: "end of DATA")
        logger.debug("message accepted", metadata: ["smtp.reply": "\(accepted.code) \(accepted.message)"])

        // Delivered: from here on nothing may fail the send.
        do {
            _ = try await command("QUIT", step: "QUIT")
        } catch {
            logger.debug("QUIT failed after the message was accepted", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Steps

    private func hello() async throws(SMTPError) {
        let name = configuration.helloName
        let ehlo = try await command("EHLO \(name)", step: "EHLO")
        if ehlo.code == 250 {
            extensions = [:]
            for line in ehlo.lines.dropFirst() {
                let words = line.split(separator: " ").map(String.init)
                guard var keyword = words.first?.uppercased() else { continue }
                var parameters = Array(words.dropFirst())
                if keyword.hasPrefix("AUTH=") {  // old-style "AUTH=LOGIN PLAIN"
                    parameters.insert(String(keyword.dropFirst(5)), at: 0)
                    keyword = "AUTH"
                }
                extensions[keyword, default: []] += parameters.map { $0.uppercased() }
            }
            return
        }
        // 500/502/504/550: the server does not know EHLO; 4xx/421: it wants us to go away.
        guard (500..<600).contains(ehlo.code) else { try expect(ehlo, 250, step: "EHLO"); return }
        logger.debug("EHLO refused, trying HELO", metadata: ["smtp.reply": "\(ehlo.code) \(ehlo.message)"])
        try expect(try await command("HELO \(name)", step: "HELO"), 250, step: "HELO")
        extensions = [:]
    }

    private func startTLS() async throws(SMTPError) {
        guard extensions["STARTTLS"] != nil else {
            throw .protocolViolation("the server does not offer STARTTLS, which the configuration requires")
        }
        guard let tls else { throw .protocolViolation("TLS is not set up") }
        let reply = try await step("STARTTLS") { () async throws -> SMTPReply in
            try await self.outbound.write(.startTLS)
            return try await self.readReply()
        }
        try expect(reply, 220, step: "STARTTLS")
        let serverHostname = SMTPConfiguration.isIPAddress(configuration.host) ? nil : configuration.host
        let channel = self.channel
        do {
            try await channel.eventLoop.submit {
                let operations = channel.pipeline.syncOperations
                try operations.addHandler(
                    NIOSSLClientHandler(context: tls, serverHostname: serverHostname),
                    position: ChannelPipeline.SynchronousOperations.Position.first
                )
                try operations.handler(type: SMTPClientCodec.self).tlsInstalled()
            }.get()
        } catch {
            throw Self.map(error, step: "STARTTLS", configuration: configuration)
        }
        isEncrypted = true
        extensions = [:]
        logger.debug("STARTTLS: TLS handler installed")
    }

    private func authenticate(username: String, password: String) async throws(SMTPError) {
        // Also checked before connecting; repeated here so that no path sends a password in clear.
        guard isEncrypted || SMTPConfiguration.isLoopback(configuration.host) else {
            throw .protocolViolation("refusing to send the SMTP password unencrypted to \(configuration.host)")
        }
        guard let mechanisms = extensions["AUTH"] else {
            throw .protocolViolation("the server does not offer AUTH, but a user name is configured")
        }
        if mechanisms.contains("PLAIN") {
            let token = MIMEEncoding.base64(Array("\0\(username)\0\(password)".utf8))
            // Never log this command: the step name carries no credentials.
            var reply = try await command("AUTH PLAIN \(token)", step: "AUTH PLAIN")
            if reply.code == 334 {  // a server that wants the response on its own line
                reply = try await command(token, step: "AUTH PLAIN")
            }
            try expect(reply, 235, step: "AUTH PLAIN")
        } else if mechanisms.contains("LOGIN") {
            try expect(try await command("AUTH LOGIN", step: "AUTH LOGIN"), 334, step: "AUTH LOGIN")
            let user = try await command(MIMEEncoding.base64(Array(username.utf8)), step: "AUTH LOGIN (user name)")
            try expect(user, 334, step: "AUTH LOGIN (user name)")
            let pass = try await command(MIMEEncoding.base64(Array(password.utf8)), step: "AUTH LOGIN (password)")
            try expect(pass, 235, step: "AUTH LOGIN (password)")
        } else {
            throw .protocolViolation(
                "the server offers no supported AUTH mechanism (PLAIN or LOGIN); it offers \(mechanisms.joined(separator: " "))"
            )
        }
        logger.debug("authenticated", metadata: ["smtp.user": "\(username)"])
    }

    // MARK: Plumbing

    /// Writes one command line and reads its reply, within the step timeout.
    private func command(_ line: String, step name: String) async throws(SMTPError) -> SMTPReply {
        guard !line.unicodeScalars.contains(where: \.isForbiddenInHeaders) else {
            throw .protocolViolation("refusing to send a command with a line break or control character (\(name))")
        }
        if !name.hasPrefix("AUTH") { logger.trace("C: \(line)") }
        let reply = try await step(name) { () async throws -> SMTPReply in
            try await self.outbound.write(.command(line))
            return try await self.readReply()
        }
        logger.trace("S: \(reply.code) \(reply.message)")
        return reply
    }

    private func readReply() async throws -> SMTPReply {
        guard let reply = try await inbound.next() else {
            if Task.isCancelled { throw CancellationError() }
            throw ConnectionClosed()
        }
        return reply
    }

    /// Runs `body` with the per-step timeout: when it expires the channel is closed, which ends
    /// any pending read or write; the step then fails with `.timeout`, whatever `body` threw.
    private func step<T>(_ name: String, _ body: () async throws -> T) async throws(SMTPError) -> T {
        let channel = self.channel
        let timer = channel.eventLoop.scheduleTask(in: TimeAmount(configuration.timeout)) {
            channel.close(promise: nil)
        }
        let result: Result<T, any Error>
        do {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        timer.cancel()
        // The scheduled task's future succeeds only if the timer fired (it fails when cancelled).
        if (try? await timer.futureResult.get()) != nil {
            throw .timeout(step: name)
        }
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            throw Self.map(error, step: name, configuration: configuration)
        }
    }

    private func expect(_ reply: SMTPReply, _ code: Int, step: String) throws(SMTPError) {
        try expect(reply, [code], step: step)
    }

    private func expect(_ reply: SMTPReply, _ codes: Set<Int>, step: String) throws(SMTPError) {
        guard codes.contains(reply.code) else {
            throw .rejected(step: step, code: reply.code, message: reply.message)
        }
    }

    struct ConnectionClosed: Error {}

    /// Any error met while talking to the server, as an ``SMTPError``.
    static func map(_ error: any Error, step: String, configuration: SMTPConfiguration) -> SMTPError {
        let host = configuration.host
        let port = configuration.port
        switch error {
        case let error as SMTPError:
            return error
        case is ConnectionClosed:
            return .connectionFailed(host: host, port: port, reason: "the server closed the connection (\(step))")
        case let error as ChannelError:
            switch error {
            case .connectTimeout:
                return .timeout(step: "connect")
            case .ioOnClosedChannel, .alreadyClosed, .eof, .outputClosed, .inputClosed:
                return .connectionFailed(host: host, port: port, reason: "the connection was closed (\(step))")
            default:
                return .connectionFailed(host: host, port: port, reason: "\(error) (\(step))")
            }
        case let error as NIOConnectionError:
            if let dnsError = error.dnsAError ?? error.dnsAAAAError {
                return .connectionFailed(host: host, port: port, reason: "could not resolve the host name: \(dnsError)")
            }
            let reasons = error.connectionErrors.map { describe($0.error) }
            let unique = reasons.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            return .connectionFailed(
                host: host,
                port: port,
                reason: unique.isEmpty ? "no address to connect to" : unique.joined(separator: "; ")
            )
        case let error as IOError:
            return .connectionFailed(host: host, port: port, reason: "\(describe(error)) (\(step))")
        case let error as NIOSSLError:
            return .connectionFailed(host: host, port: port, reason: "TLS: \(error) (\(step))")
        case let error as NIOSSLExtraError:
            return .connectionFailed(host: host, port: port, reason: "TLS: \(error) (\(step))")
        case is CancellationError:
            return .connectionFailed(host: host, port: port, reason: "cancelled (\(step))")
        default:
            return .connectionFailed(host: host, port: port, reason: "\(error) (\(step))")
        }
    }

    /// "Connection refused" rather than "connect(descriptor:addr:size:): Connection refused (errno: 111)".
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? IOError else { return "\(error)" }
        guard let text = strerror(error.errnoCode) else { return "\(error)" }
        return String(cString: text)
    }
}

@available(*, unavailable)
extension SMTPSession: Sendable {}
