import Foundation

/// Requests written as bytes to a socket, for what an HTTP client library would not send (two
/// requests in one write, a body held back until the server answers `100 Continue`).
enum RawHTTP {
    struct Failure: Error {}

    /// Sends `request` on a new connection and reads until `done` holds for what was received
    /// (or the server stops sending).
    static func exchange(_ request: String, port: Int, until done: @escaping @Sendable (String) -> Bool) async throws -> String {
        let connection = try Connection(port: port)
        try connection.send(request)
        return await connection.receive(until: done)
    }

    /// One connection to the server on `localhost`, used by one task at a time; closed when
    /// released. Reading blocks, so it is done on a thread of its own: a test blocking one of
    /// the few threads of Swift's concurrency pool would starve the server it talks to.
    final class Connection: @unchecked Sendable {
        private let fd: Int32
        /// Everything received so far.
        private(set) var received: [UInt8] = []

        init(port: Int, timeoutSeconds: Int = 10) throws {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var found: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo("localhost", String(port), &hints, &found) == 0, let first = found else { throw Failure() }
            defer { freeaddrinfo(first) }
            var address: UnsafeMutablePointer<addrinfo>? = first
            while let candidate = address {
                let fd = socket(candidate.pointee.ai_family, candidate.pointee.ai_socktype, candidate.pointee.ai_protocol)
                if fd >= 0, connect(fd, candidate.pointee.ai_addr, candidate.pointee.ai_addrlen) == 0 {
                    var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
                    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
                    self.fd = fd
                    return
                }
                if fd >= 0 { close(fd) }
                address = candidate.pointee.ai_next
            }
            throw Failure()
        }

        deinit { close(fd) }

        func send(_ text: String) throws {
            let bytes = Array(text.utf8)
            guard Foundation.send(fd, bytes, bytes.count, 0) == bytes.count else { throw Failure() }
        }

        /// Reads until `done` holds for everything received on the connection, the server stops
        /// sending, or the time-out passes; returns everything received.
        @discardableResult
        func receive(until done: @escaping @Sendable (String) -> Bool) async -> String {
            await withCheckedContinuation { continuation in
                Thread.detachNewThread { continuation.resume(returning: self.blockingReceive(until: done)) }
            }
        }

        private func blockingReceive(until done: (String) -> Bool) -> String {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while !done(text) {
                let n = recv(fd, &buffer, buffer.count, 0)
                guard n > 0 else { break }
                received += buffer[..<n]
            }
            return text
        }

        var text: String { String(decoding: received, as: UTF8.self) }
    }
}
