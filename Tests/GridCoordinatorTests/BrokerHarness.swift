import Crypto
import Foundation
@testable import GridCoordinator
import GridCore
import GridStore
import Logging
import Synchronization
import Testing

/// A broker over a throwaway SQLite store, with its recorder wired as the coordinator wires it,
/// and an account and module to hang jobs on.
struct BrokerHarness {
    let store: SQLiteGridStore
    let broker: WorkBroker
    let owner: AccountID
    let module: ContentHash

    static func with(
        _ configure: (inout WorkBroker.Configuration) -> Void = { _ in }, _ body: (BrokerHarness) async throws -> Void
    ) async throws {
        var logger = Logger(label: "broker-test")
        logger.logLevel = .critical
        let store = try await SQLiteGridStore.temporary(logger: logger)
        try await store.migrate()
        let recorder = ResultRecorder(store: store, logger: logger)
        var configuration = WorkBroker.Configuration()
        configure(&configuration)
        let broker = WorkBroker(configuration: configuration, store: store, recorder: recorder, clock: SystemClock(), logger: logger)
        await recorder.setCommitHandler { await broker.committed($0) }
        let owner = AccountRecord(name: "client", role: .client, createdAt: Date())
        try await store.createAccount(owner, apiKeyHash: ContentHash(of: Array("key".utf8)))
        let module = try await store.putBlob(Data("module".utf8))
        do {
            try await body(BrokerHarness(store: store, broker: broker, owner: owner.id, module: module))
        } catch {
            try await store.close()
            throw error
        }
        try await store.close()
    }

    /// A job of `count` tasks, not yet stored or submitted.
    func job(tasks count: Int, replicas: Int = 1) -> (JobRecord, [TaskRecord]) {
        let job = JobRecord(
            owner: owner, module: module, limits: .standard, replicas: replicas, seedPolicy: .perTask,
            taskCount: count, createdAt: Date())
        return (job, (0..<count).map { TaskRecord(job: job.id, index: $0, stdin: Data(), arguments: [], seed: UInt64($0)) })
    }

    /// Stores and submits a job as `POST /v1/jobs` does.
    func submit(tasks count: Int, replicas: Int = 1) async throws -> JobRecord {
        let (job, tasks) = job(tasks: count, replicas: replicas)
        try await store.insertJob(job, tasks: tasks)
        await broker.submit(job, tasks: tasks)
        return job
    }

    /// Waits until the broker reports the job ended.
    func ended(_ id: JobID) async throws -> JobSnapshot {
        for _ in 0..<500 {
            if let snapshot = await broker.progress(of: id), snapshot.state.isTerminal { return snapshot }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("job \(id) did not end")
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

    init(slots: Int = 1) {
        self.slots = slots
    }

    var id: WorkerID { WorkerID(publicKey: key.publicKey.rawRepresentation) }

    var link: WorkBroker.WorkerLink {
        let hello = WorkerHello(
            publicKey: key.publicKey.rawRepresentation, name: "fake", slots: slots, cores: slots, memoryBytes: 8 << 30,
            fuelPerSecond: 1_000_000_000, region: "test", claimedTier: .dataCenter, determinismClass: "test")
        return WorkBroker.WorkerLink(
            id: id, hello: hello, publicKey: key.publicKey, provider: provider, connectedAt: Date(),
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

    /// A signed result for `assignment` that took `wallMicroseconds` to run.
    func result(for assignment: Assignment, wallMicroseconds: UInt64 = 30) throws -> ReplicaResult {
        let output = Data("out \(assignment.task)".utf8)
        return try ReplicaResult(
            replica: assignment.replica, termination: "exited:0", succeeded: true, output: output, stderr: Data(),
            outputHash: ContentHash(of: output), fuelUsed: 100, wallMicroseconds: wallMicroseconds, peakMemoryBytes: 65_536
        ).signed(with: key)
    }
}
