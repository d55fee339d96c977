import Crypto
import Foundation
import GridCore
import HummingbirdWebSocket
import Logging
import NIOCore

/// The worker endpoint: authenticates a worker over its WebSocket, then relays its messages to
/// the broker and the broker's messages to it.
///
/// A worker dials out, so NAT and dynamic addresses are fine. It proves it holds its device key
/// by signing a fresh nonce; its id derives from that key. Anything malformed, another protocol
/// version, or a signature that does not verify ends the session with a `refused` message naming
/// the problem.
struct WorkerGateway: Sendable {
    let broker: WorkBroker
    let heartbeatMilliseconds: Int
    let region: String
    let determinismClass: String
    let clock: any GridClock
    let logger: Logger
    /// The largest message a worker may send (a batch of results with their outputs).
    static let maxMessageBytes = 96 << 20

    func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        var messages = inbound.messages(maxSize: Self.maxMessageBytes).makeAsyncIterator()
        func refuse(_ reason: String) async throws {
            logger.warning("worker refused: \(reason)")
            try await outbound.write(.text(String(decoding: try WireCoding.encode(CoordinatorMessage.refused(reason: reason)), as: UTF8.self)))
            try await outbound.close(.policyViolation, reason: String(reason.prefix(100)))
        }
        func next() async throws -> WorkerMessage? {
            guard let message = try await messages.next() else { return nil }
            let data: Data
            switch message {
            case .text(let text): data = Data(text.utf8)
            case .binary(let buffer): data = Data(buffer.readableBytesView)
            }
            return try WireCoding.decode(WorkerMessage.self, from: data)
        }
        func send(_ message: CoordinatorMessage) async throws {
            try await outbound.write(.text(String(decoding: try WireCoding.encode(message), as: UTF8.self)))
        }

        // 1. hello
        let hello: WorkerHello
        do {
            guard case .hello(let body) = try await next() else {
                return try await refuse("the first message must be 'hello'")
            }
            hello = body
        } catch let error as WireError {
            return try await refuse(error.message)
        } catch is DecodingError {
            return try await refuse("the first message is not a valid 'hello'")
        }
        if let problem = Self.problem(with: hello, determinismClass: determinismClass) {
            return try await refuse(problem)
        }
        guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: hello.publicKey) else {
            return try await refuse("publicKey must be a 32-byte Ed25519 public key")
        }

        // 2. challenge and signature
        let nonce = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) })
        try await send(.challenge(nonce: nonce))
        guard case .authenticate(let signature)? = try? await next(),
              publicKey.isValidSignature(signature, for: WorkerProtocol.helloStatement(nonce: nonce))
        else {
            return try await refuse("the signature of the nonce does not verify against the hello's public key")
        }

        // 3. welcome, and from now on the broker's messages flow through a queue to this socket.
        let id = WorkerID(publicKey: hello.publicKey)
        let (stream, continuation) = AsyncStream.makeStream(of: CoordinatorMessage.self)
        let closing = CloseSignal()
        let link = WorkBroker.WorkerLink(
            id: id, hello: hello, publicKey: publicKey, connectedAt: clock.now,
            send: { continuation.yield($0) },
            close: { reason in closing.close(reason); continuation.finish() })
        try await send(.welcome(WorkerWelcome(worker: id, heartbeatMilliseconds: heartbeatMilliseconds, region: region)))
        guard await broker.connect(link) else {
            return try await refuse("worker \(id) is flagged and may not reconnect")
        }

        // The broker's messages go out from their own task; this one reads the worker's.
        let writer = Task {
            for await message in stream {
                guard let data = try? WireCoding.encode(message),
                      (try? await outbound.write(.text(String(decoding: data, as: UTF8.self)))) != nil
                else { break }
            }
            if let reason = closing.reason {
                try? await outbound.close(.goingAway, reason: String(reason.prefix(100)))
            }
        }
        do {
            while let message = try await next() {
                await handle(message, from: id)
            }
        } catch {
            logger.warning("worker \(id): \(error)")
        }
        continuation.finish()
        await writer.value
        await broker.disconnect(id, linkConnectedAt: link.connectedAt)
    }

    private func handle(_ message: WorkerMessage, from id: WorkerID) async {
        switch message {
        case .heartbeat(let beat): await broker.heartbeat(id, beat)
        case .acknowledge(let replicas): await broker.acknowledge(id, replicas)
        case .results(let results): await broker.results(id, results)
        case .failed(let failures): await broker.failed(id, failures)
        case .draining: await broker.draining(id)
        case .hello, .authenticate: logger.warning("worker \(id) repeated its handshake; ignored")
        }
    }

    /// What is wrong with a hello's capabilities, if anything.
    static func problem(with hello: WorkerHello, determinismClass: String) -> String? {
        if !(1...1024).contains(hello.slots) { return "slots must be between 1 and 1024, not \(hello.slots)" }
        if !(1...4096).contains(hello.cores) { return "cores must be between 1 and 4096, not \(hello.cores)" }
        if hello.name.isEmpty || hello.name.count > 128 { return "name must have 1 to 128 characters" }
        if hello.region.isEmpty || hello.region.count > 32 { return "region must have 1 to 32 characters" }
        if hello.prices.cpuPerFuel.isNegative { return "prices.cpuPerFuel must not be negative, not \(hello.prices.cpuPerFuel.baseUnits)" }
        if hello.determinismClass != determinismClass {
            return "the worker's sandbox is '\(hello.determinismClass)' but this coordinator compares results of '\(determinismClass)'"
        }
        return nil
    }
}

/// Remembers why the broker closed a connection, for the close frame.
final class CloseSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var storedReason: String?

    func close(_ reason: String) {
        lock.withLock { storedReason = reason }
    }

    var reason: String? {
        lock.withLock { storedReason }
    }
}
