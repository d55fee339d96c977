public import Foundation
public import GridClient
public import GridCoordinator
public import GridCore
public import GridStore
public import GridWorker
public import Logging
import ServiceLifecycle
import Synchronization

/// A whole network in one process: a coordinator on an ephemeral loopback port over a temporary
/// SQLite file, workers dialing it as a provider's devices, and a client account, each part a
/// real service. The demo, the end-to-end tests and the network benchmark all start theirs here
/// (as HummingbirdTesting does for Hummingbird), so they exercise the same wiring.
///
/// ```swift
/// try await EmbeddedNetwork.with(workers: 2) { network in
///     let module = try await network.client.uploadModule(bytes)
///     _ = try await network.client.run(JobSubmission(module: module.hash, tasks: [TaskInput()]))
/// }
/// ```
public final class EmbeddedNetwork: Sendable {
    /// How the network is set up; every field has a default.
    public struct Options: Sendable {
        /// The coordinator's configuration; its host and port are always 127.0.0.1 and a free port.
        public var coordinator = CoordinatorConfiguration()
        /// How the temporary store commits.
        public var durability: SQLiteGridStore.Durability = .powerSafe
        /// The fuel rate workers report, or nil for each to benchmark itself (a second or so).
        public var workerFuelPerSecond: UInt64? = 1_000_000_000
        /// How soon a worker first retries a lost connection.
        public var reconnectInitial: Duration = .milliseconds(50)
        /// The longest a worker waits between reconnection attempts.
        public var reconnectMaximum: Duration = .milliseconds(500)
        /// How long a draining worker may finish what it holds.
        public var drainTimeout: Duration = .seconds(5)
        /// Where logs go.
        public var logger = Logger(label: "idlegrid.embedded")
        /// What every worker bids per fuel on top of the base fee; nil bids the base fee of the
        /// day the network starts (``bidOfTheBaseFee(_:at:)``), so half of each charge is burned,
        /// half paid out, and the default price cap (twice the base fee) fits.
        public var workerPrices: WorkerPrices?
        /// GRID the operator deposits for the client account at start (none when zero), so its
        /// jobs' escrow can be held.
        public var clientFunds = Amount(baseUnits: 1000 * Amount.baseUnitsPerGRID)

        /// The defaults.
        public init() {}
    }

    /// The coordinator's store.
    public let store: SQLiteGridStore
    /// The coordinator's port on 127.0.0.1.
    public let port: Int
    /// A client with the operator key the coordinator created on its first start.
    public let operatorClient: GridClient
    /// A client of a `client` account.
    public let client: GridClient
    /// The `provider` account whose devices the workers are.
    public let provider: AccountCreated
    /// Where workers keep their keys and module caches; removed by ``stop()``.
    public let directory: URL
    /// The coordinator itself, for tests that look inside it.
    public let coordinator: Coordinator
    private let options: Options
    private let coordinatorGroup: ServiceGroup
    private let coordinatorTask: Task<Void, any Error>
    private let workerRuns = Mutex<[(group: ServiceGroup, task: Task<Void, any Error>)]>([])

    /// Starts a coordinator over `store` (a new temporary one when nil) with `workers` workers of
    /// `slots` each, runs `body`, stops everything, whether `body` returns or throws.
    public static func with<Result: Sendable>(
        workers: Int = 2, slots: Int = 2, options: Options = Options(), store: SQLiteGridStore? = nil,
        _ body: (EmbeddedNetwork) async throws -> Result
    ) async throws -> Result {
        let network = try await EmbeddedNetwork(options: options, store: store)
        do {
            for index in 0..<workers { try await network.startWorker(name: "worker-\(index + 1)", slots: slots) }
            try await network.waitForWorkers(workers)
            let result = try await body(network)
            await network.stop()
            return result
        } catch {
            await network.stop()
            throw error
        }
    }

    /// Starts the coordinator (on `store`, or a new temporary one) and creates a client and a
    /// provider account. A store that already has accounts must be given an operator key in
    /// `options.coordinator.operatorAPIKey`.
    public init(options: Options = Options(), store existing: SQLiteGridStore? = nil) async throws {
        let store: SQLiteGridStore
        if let existing {
            store = existing
        } else {
            store = try await SQLiteGridStore.temporary(durability: options.durability, logger: options.logger)
        }
        var configuration = options.coordinator
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let ready = AsyncStream.makeStream(of: Coordinator.Ready.self)
        let coordinator = Coordinator(configuration: configuration, store: store, logger: options.logger) {
            ready.continuation.yield($0)
        }
        let group = ServiceGroup(configuration: .init(services: [coordinator], logger: options.logger))
        let task = Task { try await group.run() }
        self.coordinator = coordinator
        var iterator = ready.stream.makeAsyncIterator()
        do {
            guard let started = await iterator.next() else { throw EmbeddedNetworkError("the coordinator did not start") }
            guard let key = started.newOperatorKey ?? configuration.operatorAPIKey else {
                throw EmbeddedNetworkError("the coordinator made no operator key and none was configured")
            }
            let operatorClient = GridClient(baseURL: URL(string: "http://127.0.0.1:\(started.port)")!, apiKey: key)
            let account = try await operatorClient.createAccount(NewAccount(name: "alice", role: .client))
            if options.clientFunds.baseUnits > 0 {
                _ = try await operatorClient.deposit(NewDeposit(amount: options.clientFunds, memo: "embedded network: the client's funds"), to: account.account)
            }
            self.provider = try await operatorClient.createAccount(NewAccount(name: "acme", role: .provider))
            self.port = started.port
            self.operatorClient = operatorClient
            self.client = operatorClient.with(apiKey: account.apiKey)
        } catch {
            await group.triggerGracefulShutdown()
            _ = await task.result
            if existing == nil { try? await store.close() }
            throw error
        }
        self.store = store
        self.options = options
        self.coordinatorGroup = group
        self.coordinatorTask = task
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("idlegrid-network-\(UUID())")
    }

    /// A bid per fuel as large as the base fee on `date` under `pricing` (rounded down to whole
    /// base units); zero for a pricing the coordinator would refuse anyway.
    public static func bidOfTheBaseFee(_ pricing: Pricing.Configuration, at date: Date = Date()) -> WorkerPrices {
        guard let rules = try? Pricing(pricing),
              let base = try? rules.quote(at: date, demandMultiplier: pricing.initialDemandMultiplier, bid: .zero) else {
            return WorkerPrices()
        }
        return WorkerPrices(cpuPerFuel: Amount(baseUnits: base.baseFee.baseUnitsPerExafuel / PricePerFuel.fuelScale))
    }

    /// The coordinator's base URL.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// The provider account's credential, as its workers enroll with it.
    public var providerCredential: ProviderCredential { .apiKey(provider.apiKey) }

    /// A client with the provider account's key.
    public var providerClient: GridClient { client.with(apiKey: provider.apiKey) }

    /// Starts a worker with its own device key (under ``directory`` unless `keyPath` says where),
    /// enrolled with `credential` (the provider's by default; `.some(nil)` for none), bidding
    /// `prices` (``Options/workerPrices`` by default); returns its index for ``killWorker(_:)``
    /// and the others.
    @discardableResult
    public func startWorker(
        name: String, slots: Int, keyPath: String? = nil, idlePolicy: IdlePolicy = IdlePolicy(), clock: any GridClock = SystemClock(),
        credential: ProviderCredential?? = .none, prices: WorkerPrices? = nil
    ) async throws -> Int {
        var configuration = WorkerConfiguration(
            coordinator: baseURL, slots: slots, keyPath: keyPath ?? directory.appendingPathComponent("\(name).key").path,
            cacheDirectory: directory.appendingPathComponent("\(name)-modules").path, name: name,
            fuelPerSecond: options.workerFuelPerSecond, reconnectInitial: options.reconnectInitial,
            reconnectMaximum: options.reconnectMaximum, drainTimeout: options.drainTimeout)
        configuration.idlePolicy = idlePolicy
        configuration.prices = prices ?? options.workerPrices ?? Self.bidOfTheBaseFee(options.coordinator.pricing)
        configuration.credential = credential ?? providerCredential
        let agent = WorkerAgent(configuration: configuration, clock: clock, logger: options.logger)
        let group = ServiceGroup(configuration: .init(services: [agent], logger: options.logger))
        return workerRuns.withLock { runs in
            runs.append((group, Task { try await group.run() }))
            return runs.count - 1
        }
    }

    /// How the worker's run ended, once it has (within `timeout`, else an error).
    public func exitOfWorker(_ index: Int, within timeout: Duration = .seconds(20)) async throws -> Swift.Result<Void, any Error> {
        let run = workerRuns.withLock { $0[index] }
        return try await withThrowingTaskGroup(of: Swift.Result<Void, any Error>?.self) { group in
            group.addTask { await run.task.result }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            if first == nil { run.task.cancel() }  // so the other child ends too
            group.cancelAll()
            guard let first else { throw EmbeddedNetworkError("worker \(index) still runs after \(timeout)") }
            return first
        }
    }

    /// Stops a worker abruptly: its task is cancelled, its connection drops mid-work.
    public func killWorker(_ index: Int) async {
        let run = workerRuns.withLock { $0[index] }
        run.task.cancel()
        _ = await run.task.result
    }

    /// Shuts a worker down gracefully, as SIGTERM does, and waits until it has exited.
    public func drainWorker(_ index: Int) async {
        let run = workerRuns.withLock { $0[index] }
        await run.group.triggerGracefulShutdown()
        _ = await run.task.result
    }

    /// Waits until `count` workers are connected.
    public func waitForWorkers(_ count: Int, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await client.status().workers < count {
            guard ContinuousClock.now < deadline else {
                throw EmbeddedNetworkError("only \(try await client.status().workers) of \(count) workers connected")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Stops the workers and the coordinator gracefully, closes the store (deleting a temporary
    /// one) and removes ``directory``.
    public func stop() async {
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
