import Foundation
public import GridCore
import GridLedger
import GridSandbox
public import GridStore
package import Hummingbird
import HummingbirdWebSocket
public import Logging
import NIOCore
public import ServiceLifecycle

/// A regional coordinator: the client HTTP API, the worker WebSocket endpoint, the work broker and
/// the settlement writer, run as one service (whose parts are services of Hummingbird's group).
///
/// ```swift
/// let coordinator = Coordinator(configuration: .init(port: 0), store: store) { ready in
///     print("listening on \(ready.port)")
/// }
/// try await ServiceGroup(services: [coordinator], gracefulShutdownSignals: [.sigterm], logger: logger).run()
/// ```
/// On start it requeues every unfinished task of every unfinished job in the store, so a
/// coordinator killed mid-run and restarted on the same database finishes all accepted work.
public final class Coordinator: Service, Sendable {
    /// What the coordinator reports once it is listening.
    public struct Ready: Sendable {
        /// The port it listens on.
        public let port: Int
        /// An operator API key created on this start (first start of an empty database, no key
        /// configured). Shown once; only its hash is kept.
        public let newOperatorKey: String?
    }

    private let configuration: CoordinatorConfiguration
    private let store: any GridStore
    private let clock: any GridClock
    private let logger: Logger
    private let onReady: @Sendable (Ready) async -> Void
    private let broker: WorkBroker
    private let writer: SettlementWriter
    /// What the API remembers about API keys (internal, so tests can count store lookups).
    package let keyCache: APIKeyCache

    /// Creates a coordinator over `store` (migrated on start).
    public init(
        configuration: CoordinatorConfiguration, store: any GridStore, clock: any GridClock = SystemClock(),
        logger: Logger = Logger(label: "idlegrid.coordinator"), onReady: @escaping @Sendable (Ready) async -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.store = store
        self.clock = clock
        self.logger = logger
        self.onReady = onReady
        self.writer = SettlementWriter(store: store, logger: logger)
        self.keyCache = APIKeyCache(clock: clock)
        var brokerConfiguration = WorkBroker.Configuration()
        brokerConfiguration.ackTimeout = configuration.ackTimeout
        brokerConfiguration.heartbeatTimeout = configuration.heartbeatTimeout
        brokerConfiguration.maxQueuedReplicas = configuration.maxQueuedReplicas
        brokerConfiguration.maxQueuedReplicasPerAccount = configuration.maxQueuedReplicasPerAccount
        brokerConfiguration.maxQueuedInputBytesPerAccount = configuration.maxQueuedInputBytesPerAccount
        self.broker = WorkBroker(
            configuration: brokerConfiguration, writer: writer, clock: clock, logger: logger,
            // Validated in run() before anything is priced; the defaults stand in until then.
            pricing: (try? Pricing(configuration.pricing)) ?? (try! Pricing()),
            operatorAccount: configuration.operatorAccount ?? SystemAccount.treasury.id)
    }

    /// Runs until graceful shutdown (or cancellation).
    public func run() async throws {
        try configuration.validate()
        try await store.migrate()
        // Each row as logged and each balance as its rows leave it, so a change made in the
        // database by hand is named before any money moves on it.
        try await StoredLedgerCheck.run(on: store)
        // Every account together must hold what was minted less what was burned; a store where
        // that fails was changed behind the coordinator's back, and no money moves on it.
        let supply = try await store.moneySupply()
        guard supply.isConserved else { throw CoordinatorStartError.moneyNotConserved(supply) }
        let ledger = try await openLedger()
        let broker = self.broker
        writer.setHandler(.init(
            committed: { entries, rows in
                ledger.append(rows)
                await broker.committed(entries)
            },
            refused: { entry, error in await broker.refused(entry, because: error) }))
        let newOperatorKey = try await ensureOperator()
        if let account = configuration.operatorAccount {
            let stored = try await store.account(id: account)
            guard stored?.role == .operator else { throw CoordinatorStartError.operatorAccountRefused(account, role: stored?.role) }
        }
        await broker.refuse(try await store.flaggedWorkers())
        await broker.setCharityDirections(try await store.charityDirections())
        if let closed = try await store.priceEpochs(before: nil, limit: 1).first {
            await broker.resumePricing(from: closed)
        }
        try await recoverUnfinishedJobs()

        let router = Self.router(
            configuration: configuration, store: store, broker: broker, ledger: ledger, clock: clock, logger: logger,
            keyCache: keyCache)

        // The HTTP server, the broker's clock and the settlement writer run as services of one
        // group. On graceful shutdown the server stops first and the writer last, after it has written
        // every result it was given.
        let onReady = self.onReady
        let application = Application(
            router: router,
            server: .coordinator(
                router: router,
                // Small frames: an unauthenticated worker can make the server buffer no more than
                // one; large messages arrive as continuation frames, bounded by the gateway.
                ws: .init(maxFrameSize: WorkerGateway.maxFrameBytes), idleTimeout: configuration.idleTimeout),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "idlegrid"),
            services: [
                writer,
                ClockTicker(clock: clock, interval: .milliseconds(100)) { await broker.tick() },
                PeriodCloser(
                    store: store, ledger: ledger, schedule: configuration.settlementSchedule,
                    anchor: configuration.settlementAnchorPath.map(FileSettlementAnchor.init(path:)), clock: clock, logger: logger),
            ],
            onServerRunning: { channel in
                await onReady(Ready(port: channel.localAddress?.port ?? 0, newOperatorKey: newOperatorKey))
            },
            logger: logger)
        try await application.run()
    }

    /// Every route: the client API (the operations of `openapi.yaml`) and the worker endpoint.
    package static func router(
        configuration: CoordinatorConfiguration, store: any GridStore, broker: WorkBroker, ledger: LedgerLog, clock: any GridClock,
        logger: Logger, keyCache: APIKeyCache? = nil
    ) -> Router<GridRequestContext> {
        let router = Router(context: GridRequestContext.self)
        let keyCache = keyCache ?? APIKeyCache(clock: clock)
        let routes = RouteTable()
        let workerTokens = WorkerSessionTokens()
        router.middlewares.add(ProblemMiddleware(routes: routes))
        router.middlewares.add(APIKeyMiddleware(store: store, cache: keyCache, workerTokens: workerTokens))
        let sandbox = Sandbox(configuration: SandboxConfiguration(validationMemoryBytes: configuration.moduleValidationMemoryBytes))
        ClientAPI(
            store: store, broker: broker, ledger: ledger, sandbox: sandbox, configuration: configuration, clock: clock,
            keyCache: keyCache,
            validator: ModuleValidator(configuration: configuration, validate: { _ = try sandbox.load($0) }),
            blobUploads: BlobUploadGate(limit: configuration.maxConcurrentBlobUploads)
        ).register(on: router)
        EnrollmentAPI(store: store, configuration: configuration, clock: clock).register(on: router)
        let gateway = WorkerGateway(
            broker: broker, enrollment: WorkerEnrollment(store: store, clock: clock),
            heartbeatMilliseconds: configuration.heartbeatMilliseconds, region: configuration.region,
            determinismClass: Sandbox.determinismClass, handshakeTimeout: configuration.handshakeTimeout, tokens: workerTokens,
            clock: clock, logger: logger)
        // A plain GET (a browser, a curl) is told to upgrade rather than answered 200 with nothing.
        router.ws("/v1/worker", shouldUpgrade: { request, _ in
            guard Self.asksForWebSocket(request) else {
                throw Problem.upgradeRequired
            }
            return .upgrade([:])
        }) { inbound, outbound, _ in
            try await gateway.serve(inbound: inbound, outbound: outbound)
        }
        routes.load(router)
        return router
    }

    /// Whether a request asks to switch to WebSocket (`Upgrade: websocket`, any case, RFC 6455 §4.1).
    static func asksForWebSocket(_ request: Request) -> Bool {
        request.headers[values: .upgrade].contains { value in
            value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "websocket" }
        }
    }

    /// The verifiable log: its signing key (from ``CoordinatorConfiguration/ledgerKeyPath``, made
    /// on first start, or a new one for a throwaway coordinator) and its tree rebuilt from the store.
    private func openLedger() async throws -> LedgerLog {
        let rows = try await store.ledgerSize()
        let signer: NoteSigner
        if let path = configuration.ledgerKeyPath {
            guard rows == 0 || FileManager.default.fileExists(atPath: path) else {
                throw CoordinatorStartError.ledgerKeyMissing(path: path, rows: rows)
            }
            let key = try KeyFile(name: "the ledger's log key", option: "--ledger-key").loadOrCreate(at: path)
            signer = try NoteSigner(name: configuration.ledgerOrigin, privateKey: Array(key.rawRepresentation))
        } else {
            signer = try NoteSigner.generate(name: configuration.ledgerOrigin)
        }
        let ledger = LedgerLog(origin: configuration.ledgerOrigin, signer: signer)
        try await ledger.catchUp(from: store, to: rows)
        // A throwaway key is new each start: only a kept key can check the last one's signatures.
        let verifier = configuration.ledgerKeyPath == nil ? nil : signer.verifier
        if let kept = try await store.latestLedgerCheckpoint() {
            try ledger.check(kept: kept, what: "the last checkpoint kept", signsEveryRow: true, verifier: verifier)
        } else if rows > 0 {
            throw CoordinatorStartError.ledgerDoesNotMatchCheckpoint(
                "the store holds \(rows) ledger rows but no checkpoint signs them: it was removed, or the rows were not written by a coordinator")
        }
        if let block = try await store.latestSettlementBlock() {
            try ledger.check(kept: block.checkpoint, what: "settlement block \(block.sequence)'s checkpoint", verifier: verifier)
        }
        // From here on every transaction that appends rows signs and keeps their checkpoint.
        store.signLedger(with: signer)
        logger.info("ledger: \(ledger.size) rows, verifier key \(ledger.verifierKey)")
        return ledger
    }

    private func ensureOperator() async throws -> String? {
        if let key = configuration.operatorAPIKey {
            let hash = ContentHash(of: Array(key.utf8))
            if try await store.account(apiKeyHash: hash) == nil {
                try await store.createAccount(AccountRecord(name: "operator", role: .operator, createdAt: clock.now), apiKeyHash: hash)
            }
            return nil
        }
        guard try await store.accountCount() == 0 else { return nil }
        let key = ClientAPI.newAPIKey()
        try await store.createAccount(
            AccountRecord(name: "operator", role: .operator, createdAt: clock.now), apiKeyHash: ContentHash(of: Array(key.utf8)))
        return key
    }

    private func recoverUnfinishedJobs() async throws {
        let jobs = try await store.unfinishedJobs()
        for job in jobs {
            let tasks = try await store.tasks(job: job.id)
            let recorded = try await store.results(job: job.id)
            let givenUp = try await store.givenUpTasks(job: job.id)
            logger.info("recovering job \(job.id): \(tasks.count - recorded.count - givenUp.count) of \(tasks.count) tasks to run")
            await broker.recover(job, tasks: tasks, recorded: recorded, givenUp: givenUp)
        }
    }
}
