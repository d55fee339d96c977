import Crypto
import Foundation
import GridCore
import GridSandbox
import HummingbirdWSClient
import Logging
import Synchronization

/// A worker the test drives by hand over the real protocol: it authenticates, acknowledges what
/// it is assigned and sends heartbeats; everything else (results, uploads) the test sends itself.
/// For workers that lie, or that ask for what they may not have.
final class ScriptedWorker: Sendable {
    let key = Curve25519.Signing.PrivateKey()
    private let log = Heard()
    private let outbox: AsyncStream<WorkerMessage>.Continuation
    private let connection: Task<Void, any Error>

    var id: WorkerID { WorkerID(publicKey: key.publicKey.rawRepresentation) }

    init(port: Int, credential: ProviderCredential) {
        let (stream, outbox) = AsyncStream.makeStream(of: WorkerMessage.self)
        self.outbox = outbox
        let key = self.key
        let log = self.log
        let hello = WorkerProtocolTests.hello(key, credential: credential)
        outbox.yield(.hello(hello))
        connection = Task {
            try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/v1/worker", configuration: .init(maxFrameSize: WorkerProtocol.maxFrameBytes),
                logger: TestNetwork.logger
            ) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await message in stream {
                            try await outbound.write(.text(String(decoding: try WireCoding.encode(message), as: UTF8.self)))
                        }
                    }
                    group.addTask {
                        while !Task.isCancelled {
                            try await Task.sleep(for: .milliseconds(300))
                            outbox.yield(.heartbeat(WorkerHeartbeat(running: 0, paused: false)))
                        }
                    }
                    for try await frame in inbound.messages(maxSize: WorkerProtocol.maxMessageBytes) {
                        let message = try frame.coordinatorMessage()
                        log.messages.withLock { $0.append(message) }
                        switch message {
                        case .challenge(let nonce):
                            let statement = WorkerProtocol.helloStatement(nonce: nonce, credential: hello.credential)
                            outbox.yield(.authenticate(signature: try key.signature(for: statement)))
                        case .assign(let assignments):
                            outbox.yield(.acknowledge(assignments.map(\.replica)))
                        default:
                            break
                        }
                    }
                    // The coordinator closed the connection: the rest ends too.
                    group.cancelAll()
                }
            }
        }
    }

    /// Says `message` to the coordinator.
    func send(_ message: WorkerMessage) {
        outbox.yield(message)
    }

    /// The session token of the welcome, once welcomed.
    var sessionToken: String? {
        log.messages.withLock { messages in
            messages.lazy.compactMap { if case .welcome(let welcome) = $0 { welcome.sessionToken } else { nil } }.first
        }
    }

    /// Every assignment received.
    var assigned: [Assignment] {
        log.messages.withLock { messages in messages.flatMap { message -> [Assignment] in if case .assign(let batch) = message { batch } else { [] } } }
    }

    /// The coordinator's refusal, if it sent one.
    var refusal: String? {
        log.messages.withLock { messages in
            messages.lazy.compactMap { if case .refused(let reason, _) = $0 { reason } else { nil } }.first
        }
    }

    /// A result for `assignment` that says its output is `output`, signed; with `asBlob`, the
    /// output is named by hash and size only, as a large one is.
    func result(for assignment: Assignment, output: Data, asBlob: Bool) throws -> ReplicaResult {
        var result = try ReplicaResult(
            replica: assignment.replica, termination: "exited:0", succeeded: true, output: output, stderr: Data(),
            outputHash: ContentHash(of: output), fuelUsed: 1_000, wallMicroseconds: 10, peakMemoryBytes: 65_536
        ).signed(with: key)
        if asBlob {
            result.output = Data()
            result.outputBlobSize = output.count
        }
        return result
    }

    /// Closes the connection.
    func stop() async {
        outbox.finish()
        connection.cancel()
        _ = await connection.result
    }
}

/// What a scripted worker heard, shared with its connection's task.
private final class Heard: Sendable {
    let messages = Mutex<[CoordinatorMessage]>([])
}
