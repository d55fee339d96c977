import Foundation
import GridClient
import GridCoordinator
import GridCore
import GridStore
import GridWorker
import Logging
import ServiceLifecycle
import Synchronization

/// A coordinator on an ephemeral loopback port over a temporary SQLite file, workers dialing it,
/// and a client account: the whole network in one process, each part a real service.
final class TestNetwork: Sendable {
    let store: SQLiteGridStore
    let port: Int
    let operatorClient: GridClient
    let client: GridClient
    let directory: URL
    let coordinator: Coordinator
    private let coordinatorGroup: ServiceGroup
    private let coordinatorTask: Task<Void, any Error>
    private let workerRuns = Mutex<[(group: ServiceGroup, task: Task<Void, any Error>)]>([])

    static let logger: Logger = {
        var logger = Logger(label: "idlegrid.test")
        logger.logLevel = ProcessInfo.processInfo.environment["IDLEGRID_TEST_LOG"] == nil ? .critical : .info
        return logger
    }()

    /// Starts a coordinator (and `workers` workers of `slots` each), runs `body`, stops everything.
    static func with(
        workers: Int = 2, slots: Int = 2, configuration: CoordinatorConfiguration = CoordinatorConfiguration(),
        _ body: (TestNetwork) async throws -> Void
    ) async throws {
        let network = try await TestNetwork(configuration: configuration)
        do {
            for index in 0..<workers { try await network.startWorker(name: "worker-\(index + 1)", slots: slots) }
            try await network.waitForWorkers(workers)
            try await body(network)
        } catch {
            await network.stop()
            throw error
        }
        await network.stop()
    }

    init(configuration: CoordinatorConfiguration, store existing: SQLiteGridStore? = nil) async throws {
        let store: SQLiteGridStore
        if let existing { store = existing } else { store = try await SQLiteGridStore.temporary() }
        var configuration = configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.heartbeatMilliseconds = 200
        let ready = AsyncStream.makeStream(of: Coordinator.Ready.self)
        let coordinator = Coordinator(configuration: configuration, store: store, logger: Self.logger) { ready.continuation.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [coordinator], logger: Self.logger))
        self.coordinator = coordinator
        self.coordinatorGroup = group
        self.coordinatorTask = Task { try await group.run() }
        var iterator = ready.stream.makeAsyncIterator()
        guard let started = await iterator.next() else { throw TestFailure("the coordinator did not start") }
        self.store = store
        self.port = started.port
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("idlegrid-e2e-\(UUID())")
        let base = URL(string: "http://127.0.0.1:\(started.port)")!
        guard let key = started.newOperatorKey else { throw TestFailure("no operator key on first start") }
        self.operatorClient = GridClient(baseURL: base, apiKey: key)
        let account = try await operatorClient.createAccount(NewAccount(name: "alice", role: .client))
        self.client = operatorClient.with(apiKey: account.apiKey)
    }

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Starts a worker with its own key; returns its index (for ``killWorker(_:)``).
    @discardableResult
    func startWorker(
        name: String, slots: Int, keyPath: String? = nil, idlePolicy: IdlePolicy = IdlePolicy(), clock: any GridClock = SystemClock()
    ) async throws -> Int {
        var configuration = WorkerConfiguration(
            coordinator: baseURL, slots: slots, keyPath: keyPath ?? directory.appendingPathComponent("\(name).key").path,
            cacheDirectory: directory.appendingPathComponent("\(name)-modules").path, name: name,
            fuelPerSecond: 1_000_000_000, reconnectInitial: .milliseconds(50), reconnectMaximum: .milliseconds(500),
            drainTimeout: .seconds(5))
        configuration.idlePolicy = idlePolicy
        let agent = WorkerAgent(configuration: configuration, clock: clock, logger: Self.logger)
        let group = ServiceGroup(configuration: .init(services: [agent], logger: Self.logger))
        return workerRuns.withLock { runs in
            runs.append((group, Task { try await group.run() }))
            return runs.count - 1
        }
    }

    /// Stops a worker abruptly: its task is cancelled, its connection drops mid-work.
    func killWorker(_ index: Int) async {
        let run = workerRuns.withLock { $0[index] }
        run.task.cancel()
        _ = await run.task.result
    }

    /// Shuts a worker down gracefully, as SIGTERM does, and waits until it has exited.
    func drainWorker(_ index: Int) async {
        let run = workerRuns.withLock { $0[index] }
        await run.group.triggerGracefulShutdown()
        _ = await run.task.result
    }

    /// Waits until `count` workers are connected.
    func waitForWorkers(_ count: Int, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await client.status().workers < count {
            guard ContinuousClock.now < deadline else { throw TestFailure("only \(try await client.status().workers) of \(count) workers connected") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops the workers and the coordinator, and deletes the database.
    func stop() async {
        let runs = workerRuns.withLock { $0 }
        for run in runs {
            await run.group.triggerGracefulShutdown()
        }
        for run in runs { _ = await run.task.result }
        await coordinatorGroup.triggerGracefulShutdown()
        _ = await coordinatorTask.result
        try? await store.close()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A test precondition that did not hold.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The built guests.
enum Guest {
    static func bytes(_ name: String) throws -> Data {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Guests/build/\(name).wasm")
        guard let data = FileManager.default.contents(atPath: url.path) else { throw TestFailure("no guest at \(url.path)") }
        return data
    }
}
