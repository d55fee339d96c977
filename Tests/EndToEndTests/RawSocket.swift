import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Bytes no HTTP client would send, over a plain TCP connection to the loopback coordinator.
enum RawSocket {
    /// Sends `bytes` to 127.0.0.1:`port` and reads until the server closes the connection;
    /// throws when it has not within `timeout`.
    static func exchange(_ bytes: [UInt8], port: Int, timeout: Duration) async throws -> [UInt8] {
        try await OwnThread.run {
            let connection = try Connection(port: port, timeout: timeout)
            try connection.send(bytes)
            var answer: [UInt8] = []
            while true {
                let count = recv(connection.socket, &connection.buffer, connection.buffer.count, 0)
                if count == 0 { return answer }
                guard count > 0 else { throw TestFailure("no answer and no close within \(timeout) (errno \(errno)); got \(answer.count) bytes") }
                answer += connection.buffer[..<count]
            }
        }
    }

    /// A connection kept open between sends, to hold a request half-sent. Its blocking calls run
    /// on threads of their own, one at a time (the test awaits each).
    final class Connection: @unchecked Sendable {
        fileprivate let socket: Int32
        fileprivate var buffer = [UInt8](repeating: 0, count: 4096)

        init(port: Int, timeout: Duration = .seconds(30)) throws {
            socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard socket >= 0 else { throw TestFailure("socket() failed: errno \(errno)") }
            var seconds = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
            setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &seconds, socklen_t(MemoryLayout<timeval>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                close(socket)
                throw TestFailure("connect() failed: errno \(errno)")
            }
        }

        deinit { close(socket) }

        func send(_ bytes: [UInt8]) throws {
            guard Glibc.send(socket, bytes, bytes.count, 0) == bytes.count else { throw TestFailure("send() failed: errno \(errno)") }
        }

        /// What the server sends next (at least one byte), within the timeout.
        func receive() async throws -> [UInt8] {
            try await OwnThread.run { [self] in
                let count = recv(socket, &buffer, buffer.count, 0)
                guard count > 0 else { throw TestFailure("nothing received (errno \(errno))") }
                return Array(buffer[..<count])
            }
        }
    }
}
