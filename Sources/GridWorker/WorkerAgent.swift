import AsyncHTTPClient
import Crypto
import Foundation
public import GridCore
import GridSandbox
import HummingbirdWSClient
public import Logging
import NIOCore
public import ServiceLifecycle
import Synchronization

/// The worker agent: dials its coordinator, authenticates with its device key, and runs the
/// replicas it is assigned in the sandbox, up to its slots at once.
///
/// It reconnects with exponential backoff and jitter whenever the connection drops, so a
/// coordinator restart or a network change costs a few seconds, not the worker. A final refusal
/// (a flagged device key, a credential that does not enroll it, another sandbox or protocol) is
/// not retried: ``run()`` throws ``WorkerRefusedError`` with the coordinator's reason. On graceful
/// shutdown (SIGTERM under a ServiceGroup) it stops taking work, finishes what it holds (or, after
/// ``WorkerConfiguration/drainTimeout``, hands it back), and exits.
public final class WorkerAgent: Service, Sendable {
    private let configuration: WorkerConfiguration
    private let clock: any GridClock
    private let logger: Logger
    private let shuttingDown = Mutex(false)
    private let currentSession = Mutex<WorkerSession?>(nil)

    /// Creates an agent.
    public init(configuration: WorkerConfiguration, clock: any GridClock = SystemClock(), logger: Logger = Logger(label: "idlegrid.worker")) {
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// Runs until graceful shutdown or cancellation.
    ///
    /// - Throws: ``WorkerRefusedError`` when the coordinator refuses the worker for good.
    public func run() async throws {
        let key = try DeviceKey.loadOrCreate(at: configuration.keyPath)
        let sandbox = Sandbox()
        let fuelPerSecond = try configuration.fuelPerSecond
            ?? SelfBenchmark.run(sandbox: sandbox, duration: .milliseconds(300)).fuelPerSecondPerCore
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let blobs = CoordinatorBlobs(coordinator: configuration.coordinator, http: http)
        let modules = ModuleStore(
            sandbox: sandbox, directory: configuration.cacheDirectory, maxBytes: configuration.cacheBytes, blobs: blobs)
        let hello = WorkerHello(
            publicKey: key.publicKey.rawRepresentation, name: configuration.name, slots: configuration.slots,
            cores: ProcessInfo.processInfo.activeProcessorCount, memoryBytes: configuration.memoryBytes,
            fuelPerSecond: fuelPerSecond, region: configuration.region, claimedTier: configuration.tier,
            prices: configuration.prices, determinismClass: Sandbox.determinismClass, credential: configuration.credential)
        let slots = SlotPool(slots: configuration.slots, name: configuration.name)
        defer { slots.stop() }
        logger.info("worker \(WorkerID(publicKey: hello.publicKey)) starting: \(configuration.slots) slots, \(fuelPerSecond) fuel/s per core")

        let finalRefusal = await withGracefulShutdownHandler { () async -> WorkerSession.Refusal? in
            var delay = configuration.reconnectInitial
            while !shuttingDown.withLock({ $0 }) && !Task.isCancelled {
                let session = WorkerSession(
                    configuration: configuration, hello: hello, key: key, sandbox: sandbox, modules: modules, blobs: blobs,
                    slots: slots, clock: clock, logger: logger)
                currentSession.withLock { $0 = session }
                // Detached, so the connection does not see the graceful shutdown: the WebSocket
                // library closes its socket on one, but a draining worker must keep the connection
                // until it has delivered what it holds. The drain below closes it when done.
                // Cancellation (a hard stop) is still passed on.
                let connection = Task.detached { await session.run() }
                let outcome = await withTaskCancellationHandler {
                    await connection.value
                } onCancel: {
                    connection.cancel()
                }
                currentSession.withLock { $0 = nil }
                if let refusal = outcome.refusal, refusal.kind.isFinal { return refusal }
                if outcome.welcomed { delay = configuration.reconnectInitial }
                if shuttingDown.withLock({ $0 }) || Task.isCancelled { break }
                // Full jitter: a fleet reconnecting after a coordinator restart spreads out.
                let wait = Duration.milliseconds(Int64.random(in: 0...max(1, Int64(delay.inSeconds * 1000))))
                logger.info("reconnecting in \(wait)")
                try? await clock.sleep(for: wait)
                delay = min(delay * 2, configuration.reconnectMaximum)
            }
            return nil
        } onGracefulShutdown: {
            self.shuttingDown.withLock { $0 = true }
            self.currentSession.withLock { $0 }?.drain()
        }
        try? await http.shutdown()
        if let finalRefusal {
            logger.error("stopping: the coordinator refused this worker for good: \(finalRefusal.reason)")
            throw WorkerRefusedError(reason: finalRefusal.reason, kind: finalRefusal.kind)
        }
    }
}
