public import Foundation

/// What a worker says to its coordinator.
public enum WorkerMessage: WireMessage, Equatable {
    /// Opens the session: who the worker is and what it offers.
    case hello(WorkerHello)
    /// The device key's Ed25519 signature over ``WorkerProtocol/helloStatement(nonce:credential:)``.
    case authenticate(signature: Data)
    /// I am alive; this many replicas are running; paused by the idle policy or not.
    case heartbeat(WorkerHeartbeat)
    /// These assignments arrived and will run.
    case acknowledge([ReplicaID])
    /// These replicas finished (whatever the guest did).
    case results([ReplicaResult])
    /// These replicas could not be run for a reason of the worker's, not the guest's (the module
    /// could not be fetched, the worker is shutting down): run them elsewhere.
    case failed([ReplicaFailure])
    /// The worker stops taking work (SIGTERM): it finishes or hands back what it holds.
    case draining

    private var type: String {
        switch self {
        case .hello: "hello"
        case .authenticate: "authenticate"
        case .heartbeat: "heartbeat"
        case .acknowledge: "acknowledge"
        case .results: "results"
        case .failed: "failed"
        case .draining: "draining"
        }
    }

    /// Decodes the envelope, refusing other versions and unknown types.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeKey.self)
        switch try container.envelopeType() {
        case "hello": self = .hello(try container.decode(WorkerHello.self, forKey: .body))
        case "authenticate": self = .authenticate(signature: try container.decode(Data.self, forKey: .body))
        case "heartbeat": self = .heartbeat(try container.decode(WorkerHeartbeat.self, forKey: .body))
        case "acknowledge": self = .acknowledge(try container.decode([ReplicaID].self, forKey: .body))
        case "results": self = .results(try container.decode([ReplicaResult].self, forKey: .body))
        case "failed": self = .failed(try container.decode([ReplicaFailure].self, forKey: .body))
        case "draining": self = .draining
        case let other: throw WireError.unknownType(other)
        }
    }

    /// Encodes the envelope.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EnvelopeKey.self)
        try container.encodeEnvelope(type: type)
        switch self {
        case .hello(let body): try container.encode(body, forKey: .body)
        case .authenticate(let signature): try container.encode(signature, forKey: .body)
        case .heartbeat(let body): try container.encode(body, forKey: .body)
        case .acknowledge(let body): try container.encode(body, forKey: .body)
        case .results(let body): try container.encode(body, forKey: .body)
        case .failed(let body): try container.encode(body, forKey: .body)
        case .draining: break
        }
    }
}

/// A worker's opening message: its identity and what it offers.
public struct WorkerHello: Sendable, Hashable, Codable {
    /// The device's Ed25519 public key (32 raw bytes); the worker's id derives from it.
    public var publicKey: Data
    /// A name for people (host name by default).
    public var name: String
    /// How many replicas it runs at once.
    public var slots: Int
    /// Cores it offers.
    public var cores: Int
    /// Memory it offers, in bytes.
    public var memoryBytes: UInt64
    /// Its self-benchmark: fuel per second per core.
    public var fuelPerSecond: UInt64
    /// Where it is, e.g. "eu-west".
    public var region: String
    /// The tier it claims (the coordinator may assign a lower one).
    public var claimedTier: WorkerTier
    /// What it asks for its compute.
    public var prices: WorkerPrices
    /// `Sandbox.determinismClass` of its sandbox: replicas are compared only within one class.
    public var determinismClass: String
    /// The provider's credential. Required the first time a device key connects (it enrolls the
    /// device to that provider account); afterwards optional, and if given it must name the same
    /// provider. The handshake signature covers its hash.
    public var credential: ProviderCredential?

    /// Creates a hello.
    public init(
        publicKey: Data, name: String, slots: Int, cores: Int, memoryBytes: UInt64, fuelPerSecond: UInt64,
        region: String, claimedTier: WorkerTier, prices: WorkerPrices = WorkerPrices(), determinismClass: String,
        credential: ProviderCredential? = nil
    ) {
        self.publicKey = publicKey
        self.name = name
        self.slots = slots
        self.cores = cores
        self.memoryBytes = memoryBytes
        self.fuelPerSecond = fuelPerSecond
        self.region = region
        self.claimedTier = claimedTier
        self.prices = prices
        self.determinismClass = determinismClass
        self.credential = credential
    }
}

/// A worker's periodic sign of life.
public struct WorkerHeartbeat: Sendable, Hashable, Codable {
    /// Replicas running now.
    public var running: Int
    /// Whether the idle policy has paused the worker (it takes no new work while paused).
    public var paused: Bool
    /// Why it is paused, for people ("other programs use 83% of the CPU", "outside 22-07").
    public var pauseReason: String?

    /// Creates a heartbeat.
    public init(running: Int, paused: Bool, pauseReason: String? = nil) {
        self.running = running
        self.paused = paused
        self.pauseReason = pauseReason
    }
}

/// A replica the worker could not run, and why.
public struct ReplicaFailure: Sendable, Hashable, Codable {
    /// The replica.
    public var replica: ReplicaID
    /// Why, for people and logs.
    public var reason: String

    /// Creates a failure report.
    public init(replica: ReplicaID, reason: String) {
        self.replica = replica
        self.reason = reason
    }
}
