import Crypto
import Foundation
import GridCoordinator
import GridCore
import GridStore
import Logging
import Synchronization
import Testing

/// A broker over a throwaway SQLite store, with its settlement writer running and wired as the
/// coordinator wires it, a manual clock, and an account and module to hang jobs on.
struct BrokerHarness {
    let store: SQLiteGridStore
    let broker: WorkBroker
    let writer: SettlementWriter
    let clock: ManualClock
    let owner: AccountID
    let module: ContentHash

    static func with(
        store given: SQLiteGridStore? = nil, matchPolicy: (SettlementWriter) -> any MatchPolicy = { _ in ResourceMatchPolicy() },
        _ configure: (inout WorkBroker.Configuration) -> Void = { _ in }, _ body: (BrokerHarness) async throws -> Void
    ) async throws {
        var logger = Logger(label: "broker-test")
        logger.logLevel = .critical
        let store: SQLiteGridStore
        if let given {
            store = given
        } else {
            store = try await SQLiteGridStore.temporary(durability: .processCrashSafe, logger: logger)
        }
        try await store.migrate()
        let writer = SettlementWriter(store: store, logger: logger)
        var configuration = WorkBroker.Configuration()
        configure(&configuration)
        let clock = ManualClock()
        let broker = WorkBroker(
            configuration: configuration, writer: writer, clock: clock, logger: logger, matchPolicy: matchPolicy(writer))
        writer.setHandler(.init(
            committed: { entries, _ in await broker.committed(entries) }, refused: { await broker.refused($0, because: $1) }))
        let owner = AccountRecord(name: "client", role: .client, createdAt: Date())
        try await store.createAccount(owner, apiKeyHash: ContentHash(of: Array("key-\(owner.id)".utf8)))
        let module = try await store.putModule(Data("module".utf8))
        let running = Task { try await writer.run() }
        do {
            try await body(BrokerHarness(store: store, broker: broker, writer: writer, clock: clock, owner: owner.id, module: module))
        } catch {
            running.cancel()
            try await store.close()
            throw error
        }
        running.cancel()
        _ = try? await running.value
        try await store.close()
    }

    /// A job of `count` tasks, not yet stored or submitted.
    func job(tasks count: Int, replicas: Int = 1, limits: Limits = .standard) -> (JobRecord, [TaskRecord]) {
        let job = JobRecord(
            owner: owner, module: module, limits: limits, replicas: replicas, seedPolicy: .perTask,
            taskCount: count, createdAt: Date())
        return (job, (0..<count).map { TaskRecord(job: job.id, index: $0, stdin: Data(), arguments: [], seed: UInt64($0)) })
    }

    /// Submits a job as `POST /v1/jobs` does: queued, and stored through the settlement writer.
    func submit(tasks count: Int, replicas: Int = 1, limits: Limits = .standard) async throws -> JobRecord {
        let (job, tasks) = job(tasks: count, replicas: replicas, limits: limits)
        #expect(await broker.submit(job, tasks: tasks) == .accepted)
        return job
    }

    /// Waits until the broker reports the job ended.
    func ended(_ id: JobID) async throws -> JobSnapshot {
        // Up to 30 s: a loaded machine runs the whole suite at once.
        for _ in 0..<3_000 {
            if let snapshot = await broker.progress(of: id), snapshot.state.isTerminal { return snapshot }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("job \(id) did not end")
        throw CancellationError()
    }

    /// Waits until `condition` holds (the settlement writer commits asynchronously).
    func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        for _ in 0..<500 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("never happened: \(what)")
        throw CancellationError()
    }
}

/// A worker as the broker sees it: a link whose messages are kept for the test to read, and a
/// device key to sign results with.
final class FakeWorker: Sendable {
    let key = Curve25519.Signing.PrivateKey()
    let slots: Int
    /// The provider account it is enrolled to.
    let provider = AccountID()
    private let received = Mutex<[CoordinatorMessage]>([])

    let claimedTier: WorkerTier
    let memoryBytes: UInt64
    /// When its connection opened (one per fake worker; a reconnect replaces the session).
    let connectedAt = Date()

    init(slots: Int = 1, claimedTier: WorkerTier = .dataCenter, memoryBytes: UInt64 = 8 << 30) {
        self.slots = slots
        self.claimedTier = claimedTier
        self.memoryBytes = memoryBytes
    }

    var id: WorkerID { WorkerID(publicKey: key.publicKey.rawRepresentation) }

    var link: WorkBroker.WorkerLink {
        let hello = WorkerHello(
            publicKey: key.publicKey.rawRepresentation, name: "fake", slots: slots, cores: slots, memoryBytes: memoryBytes,
            fuelPerSecond: 1_000_000_000, region: "test", claimedTier: claimedTier, determinismClass: "test")
        return WorkBroker.WorkerLink(
            id: id, hello: hello, publicKey: key.publicKey, provider: provider, connectedAt: connectedAt,
            send: { message in self.received.withLock { $0.append(message) } }, close: { _ in })
    }

    /// The assignment messages received so far, each as its batch.
    var assignBatches: [[Assignment]] {
        received.withLock { messages in
            messages.compactMap { if case .assign(let batch) = $0 { batch } else { nil } }
        }
    }

    var assigned: [Assignment] { assignBatches.flatMap { $0 } }

    var cancelled: [ReplicaID] {
        received.withLock { messages in
            messages.flatMap { message -> [ReplicaID] in if case .cancel(let replicas) = message { replicas } else { [] } }
        }
    }

    /// A signed result for `assignment` that took `wallMicroseconds` to run; `output` overrides
    /// the honest answer (a correctly signed wrong answer).
    func result(
        for assignment: Assignment, wallMicroseconds: UInt64 = 30, output: Data? = nil, fuel: UInt64 = 100,
        termination: String = "exited:0"
    ) throws -> ReplicaResult {
        let output = output ?? Data("out \(assignment.task)".utf8)
        return try ReplicaResult(
            replica: assignment.replica, termination: termination, succeeded: termination == "exited:0", output: output,
            stderr: Data(), outputHash: ContentHash(of: output), fuelUsed: fuel, wallMicroseconds: wallMicroseconds,
            peakMemoryBytes: 65_536
        ).signed(with: key)
    }

    /// Assignments received and not yet answered or called off, given the ones answered.
    func held(excluding answered: Set<ReplicaID>) -> [Assignment] {
        let cancelled = Set(self.cancelled)
        return assigned.filter { !answered.contains($0.replica) && !cancelled.contains($0.replica) }
    }

    /// Whether the broker told it it is refused.
    var refusal: String? {
        received.withLock { messages in
            messages.compactMap { if case .refused(let reason, _) = $0 { reason } else { nil } }.first
        }
    }
}
