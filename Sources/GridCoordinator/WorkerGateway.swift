import Crypto
import Foundation
package import GridCore
package import HummingbirdWebSocket
package import Logging
import NIOCore
import Synchronization

/// The worker endpoint: authenticates a worker over its WebSocket, checks its provider's
/// enrollment, then relays its messages to the broker and the broker's messages to it.
///
/// A worker dials out, so NAT and dynamic addresses are fine. It proves it holds its device key
/// by signing a fresh nonce (and its credential's hash); its id derives from that key. Anything
/// malformed, another protocol version, a signature that does not verify, a credential that does
/// not enroll the device, or a flagged device ends the session with a `refused` message naming
/// the problem, before any `welcome`; the refusal's kind tells the worker whether to stop.
///
/// An unauthenticated connection costs little: its messages may be at most
/// ``WorkerProtocol/maxHandshakeMessageBytes`` (frames at most ``WorkerProtocol/maxFrameBytes``,
/// the server's frame limit), and it must finish the handshake within `handshakeTimeout` or
/// it is refused and closed.
package struct WorkerGateway: Sendable {
    package let broker: WorkBroker
    let enrollment: WorkerEnrollment
    package let heartbeatMilliseconds: Int
    package let region: String
    package let determinismClass: String
    package let handshakeTimeout: Duration
    /// Where each welcomed session's token for HTTP blob calls lives while the session does.
    let tokens: WorkerSessionTokens
    package let clock: any GridClock
    package let logger: Logger
    /// The largest message an authenticated worker may send (a batch of results with their outputs).
    package static let maxMessageBytes = WorkerProtocol.maxMessageBytes
    /// The largest frame either side sends or accepts.
    package static let maxFrameBytes = WorkerProtocol.maxFrameBytes

    /// Serves one connection until it closes, under the handshake deadline.
    package func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let handshake = HandshakeDeadline()
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await self.session(inbound: inbound, outbound: outbound, handshake: handshake)
                return true
            }
            group.addTask {
                do {
                    try await self.clock.sleep(for: self.handshakeTimeout)
                } catch {
                    return false  // the session ended first
                }
                guard handshake.expire() else { return false }
                let reason = "the handshake did not finish within \(self.handshakeTimeout.inSeconds) s"
                try? await Self.refuse(WorkerRefusal(reason: reason, kind: .transient), outbound: outbound, logger: self.logger)
                return false
            }
            // The session's end ends everything; the timer's alone ends it only if it expired.
            while let sessionEnded = try await group.next() {
                if sessionEnded || handshake.expired { break }
            }
            group.cancelAll()
        }
    }

    private static func refuse(_ refusal: WorkerRefusal, outbound: WebSocketOutboundWriter, logger: Logger) async throws {
        logger.warning("worker refused (\(refusal.kind.rawValue)): \(refusal.reason)")
        let message = CoordinatorMessage.refused(reason: refusal.reason, kind: refusal.kind)
        try await outbound.writeTextMessage(String(decoding: try WireCoding.encode(message), as: UTF8.self))
        try await outbound.close(.policyViolation, reason: Self.closeReason(refusal.reason))
    }

    private func session(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, handshake: HandshakeDeadline) async throws {
        var frames = inbound.makeAsyncIterator()
        var maxSize = WorkerProtocol.maxHandshakeMessageBytes
        /// The next message; a transport error (a message over `maxSize`, a protocol error) is
        /// thrown as it is, so the WebSocket closes with its code.
        func next() async throws -> WorkerMessage? {
            guard let message = try await frames.nextMessage(maxSize: maxSize) else { return nil }
            switch message {
            case .text(let text): return try WireCoding.decode(WorkerMessage.self, from: Data(text.utf8))
            case .binary(let buffer): return try CompactWireCoding.workerMessage(from: Array(buffer.readableBytesView))
            }
        }
        /// The next handshake message; one that does not decode is a refusal.
        func nextHandshake(_ what: String) async throws -> WorkerMessage? {
            do {
                return try await next()
            } catch let error as WireError {
                throw WorkerRefusal(reason: error.message, kind: error == WireError.version(0) ? .incompatible : .invalid)
            } catch is DecodingError {
                throw WorkerRefusal(reason: "the '\(what)' message is not valid", kind: .invalid)
            }
        }
        func send(_ message: CoordinatorMessage) async throws {
            try await outbound.writeTextMessage(String(decoding: try WireCoding.encode(message), as: UTF8.self))
        }

        let hello: WorkerHello
        let publicKey: Curve25519.Signing.PublicKey
        let provider: AccountID
        do {
            // 1. hello
            guard case .hello(let body)? = try await nextHandshake("hello") else {
                throw WorkerRefusal(reason: "the first message must be 'hello'", kind: .invalid)
            }
            hello = body
            if let refusal = Self.problem(with: hello, determinismClass: determinismClass) { throw refusal }
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: hello.publicKey) else {
                throw WorkerRefusal(reason: "publicKey must be a 32-byte Ed25519 public key", kind: .invalid)
            }
            publicKey = key

            // 2. challenge and signature, over the nonce and the credential's hash
            let nonce = Data((0..<32).map { _ in UInt8.random(in: .min ... .max) })
            try await send(.challenge(nonce: nonce))
            guard case .authenticate(let signature)? = try await nextHandshake("authenticate"),
                  publicKey.isValidSignature(signature, for: WorkerProtocol.helloStatement(nonce: nonce, credential: hello.credential))
            else {
                throw WorkerRefusal(
                    reason: "the signature of the nonce (and credential) does not verify against the hello's public key", kind: .invalid)
            }

            // 3. the provider it belongs to (enrolled now, with its credential, if it is new); a
            // flagged device is refused first, so it cannot spend an enrollment token.
            if await broker.isRefused(WorkerID(publicKey: hello.publicKey)) {
                throw WorkerRefusal(reason: "worker \(WorkerID(publicKey: hello.publicKey)) is flagged and may not reconnect", kind: .flagged)
            }
            provider = try await enrollment.provider(of: WorkerID(publicKey: hello.publicKey), credential: hello.credential)
        } catch let refusal as WorkerRefusal {
            guard !handshake.expired else { return }  // the deadline's refusal was sent
            return try await Self.refuse(refusal, outbound: outbound, logger: logger)
        }
        guard handshake.finish() else { return }  // too late: the deadline's refusal was sent
        maxSize = Self.maxMessageBytes

        // 4. the broker first, so a flagged worker is refused before any welcome; what the broker
        // sends meanwhile waits in the stream until the writer starts, after the welcome.
        let id = WorkerID(publicKey: hello.publicKey)
        let (stream, continuation) = AsyncStream.makeStream(of: CoordinatorMessage.self)
        let closing = CloseSignal()
        let link = WorkBroker.WorkerLink(
            id: id, hello: hello, publicKey: publicKey, provider: provider, connectedAt: clock.now,
            send: { continuation.yield($0) },
            close: { reason in closing.close(reason); continuation.finish() })
        guard await broker.connect(link) else {
            continuation.finish()
            return try await Self.refuse(
                WorkerRefusal(reason: "worker \(id) is flagged and may not reconnect", kind: .flagged), outbound: outbound, logger: logger)
        }
        let session = tokens.issue(for: id)
        do {
            try await send(.welcome(WorkerWelcome(
                worker: id, heartbeatMilliseconds: heartbeatMilliseconds, region: region, sessionToken: session.token)))
        } catch {
            tokens.revoke(session.handle)
            continuation.finish()
            await broker.disconnect(id, linkConnectedAt: link.connectedAt)
            throw error
        }

        // The broker's messages go out from their own task; this one reads the worker's.
        let writer = Task {
            for await message in stream {
                // The work's messages in their compact binary form, the rest as JSON text.
                if let bytes = CompactWireCoding.encode(message) {
                    guard (try? await outbound.writeBinaryMessage(ByteBuffer(bytes: bytes))) != nil else { break }
                } else {
                    guard let data = try? WireCoding.encode(message),
                          (try? await outbound.writeTextMessage(String(decoding: data, as: UTF8.self))) != nil
                    else { break }
                }
            }
            if let reason = closing.reason {
                try? await outbound.close(.goingAway, reason: Self.closeReason(reason))
            }
        }
        do {
            while let message = try await next() {
                await handle(message, from: id)
            }
        } catch {
            logger.warning("worker \(id): \(error)")
        }
        tokens.revoke(session.handle)
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

    /// What is wrong with a hello's capabilities or credential, if anything.
    package static func problem(with hello: WorkerHello, determinismClass: String) -> WorkerRefusal? {
        func invalid(_ reason: String) -> WorkerRefusal { WorkerRefusal(reason: reason, kind: .invalid) }
        if !(1...1024).contains(hello.slots) { return invalid("slots must be between 1 and 1024, not \(hello.slots)") }
        if !(1...4096).contains(hello.cores) { return invalid("cores must be between 1 and 4096, not \(hello.cores)") }
        if hello.name.isEmpty || hello.name.count > 128 { return invalid("name must have 1 to 128 characters") }
        if hello.region.isEmpty || hello.region.count > 32 { return invalid("region must have 1 to 32 characters") }
        if !(1 << 24 ... 1 << 44).contains(hello.memoryBytes) {
            return invalid("memoryBytes must be between 16 MiB and 16 TiB, not \(hello.memoryBytes)")
        }
        if !(1...100_000_000_000).contains(hello.fuelPerSecond) {
            return invalid("fuelPerSecond must be between 1 and 10^11 per core, not \(hello.fuelPerSecond)")
        }
        if !WorkerPrices.isAllowed(hello.prices.cpuPerFuel) {
            return invalid(
                "prices.cpuPerFuel must be between 0 and \(WorkerPrices.maxPerFuel.baseUnits) base units (1 GRID) per fuel, not \(hello.prices.cpuPerFuel.baseUnits)")
        }
        if hello.determinismClass != determinismClass {
            return WorkerRefusal(
                reason: "the worker's sandbox is '\(hello.determinismClass)' but this coordinator compares results of '\(determinismClass)'",
                kind: .incompatible)
        }
        if let problem = hello.credential?.formatProblem {
            return WorkerRefusal(reason: "credential: \(problem)", kind: .credential)
        }
        return nil
    }
}

/// The handshake's race against its deadline: whichever settles it first wins.
package final class HandshakeDeadline: Sendable {
    private enum State { case running, finished, expired }
    private let state = Mutex(State.running)

    /// The session finished its handshake; false if the deadline passed first.
    package func finish() -> Bool {
        state.withLock { state in
            guard state == .running else { return false }
            state = .finished
            return true
        }
    }

    /// The deadline passed; false if the handshake had finished first.
    package func expire() -> Bool {
        state.withLock { state in
            guard state == .running else { return false }
            state = .expired
            return true
        }
    }

    /// Whether the deadline passed before the handshake finished.
    package var expired: Bool { state.withLock { $0 == .expired } }
}

/// Remembers why the broker closed a connection, for the close frame.
package final class CloseSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var storedReason: String?

    package func close(_ reason: String) {
        lock.withLock { storedReason = reason }
    }

    package var reason: String? {
        lock.withLock { storedReason }
    }
}
