public import Foundation
public import GridCore

/// How a worker runs. Every field but the coordinator has a default.
public struct WorkerConfiguration: Sendable {
    /// The coordinator's base URL, e.g. `http://127.0.0.1:8480`.
    public var coordinator: URL
    /// Replicas run at once.
    public var slots: Int
    /// Where the Ed25519 device key lives (created with mode 0600 on first run).
    public var keyPath: String
    /// Where fetched modules are cached.
    public var cacheDirectory: String
    /// The most bytes the module cache may hold; least recently used modules go first.
    public var cacheBytes: Int
    /// A name for people.
    public var name: String
    /// The region to report.
    public var region: String
    /// The tier to claim.
    public var tier: WorkerTier
    /// What the provider asks for its compute (its bid).
    public var prices = WorkerPrices()
    /// Memory offered, in bytes.
    public var memoryBytes: UInt64
    /// The self-benchmark figure to report; nil runs the benchmark at start.
    public var fuelPerSecond: UInt64?
    /// When to run (BOINC's idle policy).
    public var idlePolicy: IdlePolicy
    /// Reconnection backoff: first delay, doubled per failure up to the maximum, with jitter.
    public var reconnectInitial: Duration
    /// The longest wait between reconnection attempts.
    public var reconnectMaximum: Duration
    /// How long a draining worker waits for running replicas before handing them back.
    public var drainTimeout: Duration
    /// The provider's credential (its API key or an enrollment token), sent in every hello.
    /// Needed the first time this device key connects, which enrolls it to that provider; a
    /// device already enrolled may leave it out. Never put it on a command line.
    public var credential: ProviderCredential?

    /// Creates a configuration.
    public init(
        coordinator: URL, slots: Int = 1, keyPath: String = WorkerConfiguration.defaultDirectory + "/device.key",
        cacheDirectory: String = WorkerConfiguration.defaultDirectory + "/modules", cacheBytes: Int = 512 << 20,
        name: String = ProcessInfo.processInfo.hostName, region: String = "local", tier: WorkerTier = .trustedConsumer,
        memoryBytes: UInt64 = ProcessInfo.processInfo.physicalMemory, fuelPerSecond: UInt64? = nil,
        idlePolicy: IdlePolicy = IdlePolicy(), reconnectInitial: Duration = .milliseconds(500),
        reconnectMaximum: Duration = .seconds(30), drainTimeout: Duration = .seconds(30),
        credential: ProviderCredential? = nil
    ) {
        self.coordinator = coordinator
        self.slots = slots
        self.keyPath = keyPath
        self.cacheDirectory = cacheDirectory
        self.cacheBytes = cacheBytes
        self.name = name
        self.region = region
        self.tier = tier
        self.memoryBytes = memoryBytes
        self.fuelPerSecond = fuelPerSecond
        self.idlePolicy = idlePolicy
        self.reconnectInitial = reconnectInitial
        self.reconnectMaximum = reconnectMaximum
        self.drainTimeout = drainTimeout
        self.credential = credential
    }

    /// `~/.idlegrid`.
    public static var defaultDirectory: String {
        FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".idlegrid").path
    }

    /// The WebSocket URL of the worker endpoint.
    var workerEndpoint: String {
        var text = coordinator.absoluteString
        if text.hasSuffix("/") { text.removeLast() }
        if text.hasPrefix("https://") { text = "wss://" + text.dropFirst(8) } else if text.hasPrefix("http://") { text = "ws://" + text.dropFirst(7) }
        return text + "/v1/worker"
    }
}
