import Crypto
import Foundation
import GridCore
import GridSandbox
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization

/// One connection to the coordinator, from handshake to close.
final class WorkerSession: Sendable {
    private struct State {
        var running: [ReplicaID: SandboxCancellation] = [:]
        /// Replicas whose output is being uploaded as a blob: finished, their result not yet sent.
        var uploading: Set<ReplicaID> = []
        var draining = false
        var pauseReason: String?
        var outbox: AsyncStream<WorkerMessage>.Continuation?
        var results = ResultBatcher()
        var pendingFailures: [ReplicaFailure] = []
        var flushTimerArmed = false
        var welcomed = false
        var refusal: Refusal?
    }

    /// The coordinator's `refused` message.
    struct Refusal: Sendable {
        let reason: String
        let kind: WorkerRefusalKind
    }

    /// How a connection ended.
    struct Outcome: Sendable {
        /// Whether the coordinator welcomed the worker (the backoff starts over).
        var welcomed: Bool
        /// The coordinator's refusal, if it sent one.
        var refusal: Refusal?
    }

    private let configuration: WorkerConfiguration
    private let hello: WorkerHello
    private let key: Curve25519.Signing.PrivateKey
    private let sandbox: Sandbox
    private let modules: ModuleStore
    private let blobs: CoordinatorBlobs
    private let clock: any GridClock
    private let logger: Logger
    private let state = Mutex(State())
    private let idle = Mutex(CPUSampler())
    /// The coordinator may send more replicas than slots (its work buffer); the pool runs at
    /// most `slots` of them at once, the rest wait here, not on a round trip.
    private let slots: SlotPool

    init(
        configuration: WorkerConfiguration, hello: WorkerHello, key: Curve25519.Signing.PrivateKey, sandbox: Sandbox,
        modules: ModuleStore, blobs: CoordinatorBlobs, slots: SlotPool, clock: any GridClock, logger: Logger
    ) {
        self.configuration = configuration
        self.hello = hello
        self.key = key
        self.sandbox = sandbox
        self.modules = modules
        self.blobs = blobs
        self.clock = clock
        self.logger = logger
        self.slots = slots
    }

    /// Connects and serves until the connection ends.
    func run() async -> Outcome {
        do {
            try await WebSocketClient.connect(
                url: configuration.workerEndpoint,
                // The coordinator accepts frames of at most this size; longer messages go as
                // continuation frames.
                configuration: .init(maxFrameSize: WorkerProtocol.maxFrameBytes),
                logger: logger
            ) { inbound, outbound, _ in
                try await self.serve(inbound: inbound, outbound: outbound)
            }
        } catch {
            logger.warning("connection to \(configuration.workerEndpoint) failed: \(error)")
        }
        // Whatever still runs cannot be delivered on this connection; the coordinator requeues it.
        let abandoned = state.withLock { state -> [SandboxCancellation] in
            state.outbox?.finish()
            state.outbox = nil
            defer { state.running = [:] }
            return Array(state.running.values)
        }
        abandoned.forEach { $0.cancel() }
        return state.withLock { Outcome(welcomed: $0.welcomed, refusal: $0.refusal) }
    }

    /// Stop taking work; finish or hand back what is running, then close.
    func drain() {
        let outbox = state.withLock { state -> AsyncStream<WorkerMessage>.Continuation? in
            state.draining = true
            return state.outbox
        }
        outbox?.yield(.draining)
        let timeout = configuration.drainTimeout
        let clock = self.clock
        Task {
            let deadline = clock.now.addingTimeInterval(timeout.inSeconds)
            while clock.now < deadline, !self.state.withLock({ $0.running.isEmpty && $0.uploading.isEmpty }) {
                try? await clock.sleep(for: .milliseconds(20))
            }
            // Hand back what did not finish in time, then close.
            let leftovers = self.state.withLock { state -> [ReplicaID] in Array(state.running.keys) }
            for replica in leftovers {
                self.fail(replica, reason: "the worker is shutting down")
            }
            try? await clock.sleep(for: .milliseconds(50))
            self.state.withLock { $0.outbox?.finish() }
        }
    }

    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        var messages = inbound.messages(maxSize: WorkerProtocol.maxMessageBytes).makeAsyncIterator()
        func next() async throws -> CoordinatorMessage? {
            guard let message = try await messages.next() else { return nil }
            switch message {
            case .text(let text): return try WireCoding.decode(CoordinatorMessage.self, from: Data(text.utf8))
            case .binary(let buffer): return try CompactWireCoding.coordinatorMessage(from: Array(buffer.readableBytesView))
            }
        }
        func send(_ message: WorkerMessage) async throws {
            try await outbound.writeTextMessage(String(decoding: try WireCoding.encode(message), as: UTF8.self))
        }

        try await send(.hello(hello))
        guard case .challenge(let nonce)? = try await next() else {
            logger.error("the coordinator did not send a challenge")
            return
        }
        try await send(.authenticate(signature: try key.signature(for: WorkerProtocol.helloStatement(nonce: nonce, credential: hello.credential))))
        switch try await next() {
        case .welcome(let welcome)?:
            state.withLock { $0.welcomed = true }
            blobs.setSessionToken(welcome.sessionToken)
            logger.info("welcomed by \(welcome.region) as worker \(welcome.worker)")
            try await serveWelcomed(welcome, next: next, outbound: outbound)
        case .refused(let reason, let kind)?:
            state.withLock { $0.refusal = Refusal(reason: reason, kind: kind) }
            logger.error("the coordinator refused this worker (\(kind.isFinal ? "final" : "will retry")): \(reason)")
        default:
            logger.error("the coordinator did not welcome this worker")
        }
    }

    private func serveWelcomed(
        _ welcome: WorkerWelcome, next: () async throws -> CoordinatorMessage?, outbound: WebSocketOutboundWriter
    ) async throws {
        let (stream, outbox) = AsyncStream.makeStream(of: WorkerMessage.self)
        let alreadyDraining = state.withLock { state -> Bool in
            state.outbox = outbox
            return state.draining
        }
        if alreadyDraining { outbox.yield(.draining) }
        // One writer: everything this side says goes through the outbox, in order.
        let writer = Task {
            for await message in stream {
                guard (try? await Self.write(message, to: outbound)) != nil else { break }
            }
            try? await outbound.close(.normalClosure, reason: nil)
        }
        let heartbeats = Task { await self.sendHeartbeats(every: .milliseconds(Int64(welcome.heartbeatMilliseconds))) }
        defer {
            heartbeats.cancel()
            writer.cancel()
        }
        while let message = try await next() {
            switch message {
            case .assign(let assignments):
                accept(assignments)
            case .cancel(let replicas):
                let tokens = state.withLock { state in replicas.compactMap { state.running.removeValue(forKey: $0) } }
                tokens.forEach { $0.cancel() }
            case .drain:
                drain()
            case .refused(let reason, let kind):
                state.withLock { $0.refusal = Refusal(reason: reason, kind: kind) }
                logger.error("the coordinator closed the session (\(kind.isFinal ? "final" : "will retry")): \(reason)")
                return
            case .challenge, .welcome:
                logger.warning("unexpected handshake message after welcome; ignored")
            }
        }
    }

    /// Writes a message: the work's messages in their compact binary form, the rest as JSON text.
    private static func write(_ message: WorkerMessage, to outbound: WebSocketOutboundWriter) async throws {
        if let bytes = CompactWireCoding.encode(message) {
            try await outbound.writeBinaryMessage(ByteBuffer(bytes: bytes))
        } else {
            try await outbound.writeTextMessage(String(decoding: try WireCoding.encode(message), as: UTF8.self))
        }
    }

    private func accept(_ assignments: [Assignment]) {
        let refusal = state.withLock { state -> String? in
            if state.draining { return "the worker is draining" }
            if let reason = state.pauseReason { return "the worker is paused: \(reason)" }
            return nil
        }
        if let refusal {
            for assignment in assignments { fail(assignment.replica, reason: refusal) }
            return
        }
        let tokens = state.withLock { state in
            assignments.map { assignment -> SandboxCancellation in
                let token = SandboxCancellation()
                state.running[assignment.replica] = token
                return token
            }
        }
        enqueue(.acknowledge(assignments.map(\.replica)))
        for (assignment, token) in zip(assignments, tokens) {
            if assignment.stdinBlob == nil, let module = modules.loaded(assignment.module) {
                slots.submit { self.execute(assignment, module: module, input: [UInt8](assignment.stdin), token: token) }
            } else {
                // Fetched (from disk or the coordinator), with its input blob, before it takes a slot.
                Task {
                    do {
                        let module = try await self.modules.module(assignment.module)
                        let input = try await self.blobs.input(of: assignment)
                        self.slots.submit { self.execute(assignment, module: module, input: input, token: token) }
                    } catch {
                        guard self.state.withLock({ $0.running.removeValue(forKey: assignment.replica) }) != nil else { return }
                        self.fail(assignment.replica, reason: "\(error)")
                    }
                }
            }
        }
    }

    /// Runs one replica on a slot thread, and signs and queues its result.
    private func execute(_ assignment: Assignment, module: SandboxModule, input: [UInt8], token: SandboxCancellation) {
        guard !token.isCancelled else { return }  // cancelled while it waited for a slot
        do {
            let invocation = Invocation(
                programName: Invocation.taskProgramName, arguments: assignment.arguments, stdin: input, seed: assignment.seed)
            let outcome = try sandbox.run(module, invocation, limits: assignment.limits, cancellation: token)
            guard state.withLock({ $0.running.removeValue(forKey: assignment.replica) }) != nil, !token.isCancelled else {
                return  // cancelled: nobody wants this result
            }
            let result = try ReplicaResult(
                replica: assignment.replica, termination: outcome.termination.wireForm, succeeded: outcome.succeeded,
                output: Data(outcome.stdout), stderr: Data(outcome.stderr), outputHash: outcome.outputHash,
                fuelUsed: outcome.fuelUsed, wallMicroseconds: UInt64(max(0, outcome.wallTime.inSeconds * 1_000_000)),
                peakMemoryBytes: outcome.peakMemoryBytes
            ).signed(with: key)
            guard result.output.count <= WorkerProtocol.maxInlineOutputBytes else {
                // Too large to travel inline: uploaded as a blob first, off the slot thread (which
                // runs synchronously). Nothing durable here: the coordinator stores the upload in
                // its own handler and the result goes out through the session's one outbox. A
                // drain waits for it, as for a running replica.
                state.withLock { _ = $0.uploading.insert(assignment.replica) }
                Task {
                    do {
                        self.deliver(try await self.blobs.uploadOutput(of: result))
                    } catch {
                        self.fail(assignment.replica, reason: "\(error)")
                    }
                    self.state.withLock { _ = $0.uploading.remove(assignment.replica) }
                }
                return
            }
            deliver(result)
        } catch {
            guard state.withLock({ $0.running.removeValue(forKey: assignment.replica) }) != nil else { return }
            fail(assignment.replica, reason: "\(error)")
        }
    }

    /// Queues a result to share a message with others, or to go at once.
    private func deliver(_ result: ReplicaResult) {
        let (ready, holdsNothing) = state.withLock { state in
            (state.results.add(result), state.running.isEmpty)
        }
        for batch in ready { enqueue(.results(batch)) }
        holdsNothing ? flush() : flushSoon()
    }

    private func fail(_ replica: ReplicaID, reason: String) {
        state.withLock { state in
            state.running[replica] = nil
            state.pendingFailures.append(ReplicaFailure(replica: replica, reason: reason))
        }
        flush()
    }

    /// Results share a message while more replicas wait here: up to ``ResultBatcher``'s bounds
    /// (32 results, 4 MiB of output), or for ``resultDelay``. The last result of what the worker
    /// holds goes at once, so a lone task's round trip never waits; under load one message
    /// carries many results.
    ///
    /// The longest a result waits for others to share its message.
    static let resultDelay: Duration = .milliseconds(1)

    /// Sends the results and failures gathered so far, one message of each.
    private func flush() {
        let (results, failures) = state.withLock { state in
            defer { state.pendingFailures = [] }
            return (state.results.takeAll(), state.pendingFailures)
        }
        if !results.isEmpty { enqueue(.results(results)) }
        if !failures.isEmpty { enqueue(.failed(failures)) }
    }

    private func flushSoon() {
        let arm = state.withLock { state -> Bool in
            defer { state.flushTimerArmed = true }
            return !state.flushTimerArmed
        }
        guard arm else { return }
        let clock = self.clock
        Task {
            try? await clock.sleep(for: Self.resultDelay)
            self.state.withLock { $0.flushTimerArmed = false }
            self.flush()
        }
    }

    private func enqueue(_ message: WorkerMessage) {
        _ = state.withLock { $0.outbox?.yield(message) }
    }

    private func sendHeartbeats(every interval: Duration) async {
        while !Task.isCancelled {
            let otherCPU = idle.withLock { $0.otherPercent() }
            let hour = Calendar.current.component(.hour, from: clock.now)
            let reason = configuration.idlePolicy.pauseReason(otherCPUPercent: otherCPU, hour: hour)
            let running = state.withLock { state -> Int in
                state.pauseReason = reason
                return state.running.count
            }
            enqueue(.heartbeat(WorkerHeartbeat(running: running, paused: reason != nil, pauseReason: reason)))
            try? await clock.sleep(for: interval)
        }
    }
}

extension Termination {
    /// The compact form results carry: `exited:0`, `returned:1,2`, `trapped:…`, `limit:fuel`, `cancelled`.
    var wireForm: String {
        switch self {
        case .exited(let code): "exited:\(code)"
        case .returned(let values): "returned:" + values.map(String.init).joined(separator: ",")
        case .trapped(let reason): "trapped:\(reason)"
        case .limitExceeded(let kind): "limit:\(kind.rawValue)"
        case .cancelled: "cancelled"
        }
    }
}
