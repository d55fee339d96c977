public import GridCore
import Foundation
import GridLedger

/// How a coordinator runs. Every field has a default suitable for one machine.
public struct CoordinatorConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port to listen on; 0 picks a free one (tests).
    public var port: Int
    /// The region this coordinator serves.
    public var region: String
    /// How often workers send heartbeats.
    public var heartbeatMilliseconds: Int
    /// How long a worker has to acknowledge an assignment.
    public var ackTimeout: Duration
    /// How long a worker may stay silent before it is marked down.
    public var heartbeatTimeout: Duration
    /// Past this many queued replicas, `POST /v1/jobs` answers 503 with Retry-After.
    public var maxQueuedReplicas: Int
    /// The most replicas one account's unfinished jobs may ask for; past it `POST /v1/jobs`
    /// answers 429 with Retry-After.
    public var maxQueuedReplicasPerAccount: Int
    /// The most input bytes one account's unfinished jobs may hold; past it, 429.
    public var maxQueuedInputBytesPerAccount: Int
    /// The most tasks one job may have.
    public var maxTasksPerJob: Int
    /// The largest stdin one task may carry inline, in bytes; a larger one goes as a blob.
    public var maxTaskInputBytes: Int
    /// The largest blob a client may upload with `POST /v1/blobs` (a task's input), in bytes;
    /// a larger one is answered 413 naming this limit. Workers' output uploads are bounded by
    /// their job's `outputBytes` limit instead.
    public var maxBlobBytes: Int
    /// How many blob uploads (clients' inputs, workers' outputs) are read at once; more are
    /// answered 503 with Retry-After, so memory stays under this many times the largest blob.
    public var maxConcurrentBlobUploads: Int
    /// How long a new worker connection has to say hello, prove its device key and pass the
    /// credential check; one that has not by then is refused (transiently) and closed.
    public var handshakeTimeout: Duration
    /// How long an enrollment token from `POST /v1/enrollment-tokens` stays good.
    public var enrollmentTokenLifetime: Duration
    /// An operator API key to accept (created if absent). Without one, a coordinator with no
    /// accounts creates an operator key on first start and reports it once.
    public var operatorAPIKey: String?
    /// The most initial memory an uploaded module may declare, in bytes: checking an upload
    /// instantiates it, which allocates that memory.
    public var moduleValidationMemoryBytes: UInt64
    /// How long checking an uploaded module may take; a slower one is refused (422) and not stored.
    public var moduleValidationTimeout: Duration
    /// How many uploads are checked at once, each on its own thread, off the cooperative pool.
    public var moduleValidationThreads: Int
    /// How many more uploads may wait to be checked; past this `POST /v1/modules` answers 503
    /// with Retry-After.
    public var maxQueuedModuleValidations: Int
    /// The most active API keys one account may hold.
    public var maxAPIKeysPerAccount: Int
    /// How long an HTTP connection may sit idle, before its first request or between requests,
    /// before it is closed. A request in progress (a long poll of up to 60 s among them) is never
    /// idle, and a WebSocket worker session is not subject to it (its heartbeats govern it). The
    /// default, 75 s, outlasts the 60 s a pooling client such as AsyncHTTPClient keeps an idle
    /// connection, so that the client, not the server, closes it and no request races the close.
    public var idleTimeout: Duration
    /// How compute is priced: the reference price and its deflation compensation, the demand
    /// multiplier's bounds, the payout split (see ``Pricing/Configuration``).
    public var pricing: Pricing.Configuration
    /// The account paid the operator's share of every charge; nil pays it to the system treasury.
    public var operatorAccount: AccountID?
    /// Where the ledger's Ed25519 log key is kept (created on first start, mode 0600); nil makes
    /// a new key on every start, for a throwaway coordinator whose log nobody audits later.
    public var ledgerKeyPath: String?
    /// The log's name: the origin line of its checkpoints and the name of its key.
    public var ledgerOrigin: String
    /// How long a settlement period is: when one ends, pending payouts of at least
    /// ``Pricing/Configuration/minimumPayout`` become available. Whole
    /// seconds, at least one; periods are counted from 1970-01-01T00:00:00Z, so the default
    /// (24 h) closes at midnight UTC.
    public var settlementPeriod: Duration
    /// A file each settlement block is anchored to, one line per block (``FileSettlementAnchor``);
    /// nil anchors nowhere.
    public var settlementAnchorPath: String?

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8480, region: String = "local", heartbeatMilliseconds: Int = 2000,
        ackTimeout: Duration = .seconds(5), heartbeatTimeout: Duration = .seconds(10), maxQueuedReplicas: Int = 200_000,
        maxQueuedReplicasPerAccount: Int = 100_000, maxQueuedInputBytesPerAccount: Int = 512 << 20,
        maxTasksPerJob: Int = 100_000, maxTaskInputBytes: Int = 1 << 20, maxBlobBytes: Int = 64 << 20, maxConcurrentBlobUploads: Int = 4,
        operatorAPIKey: String? = nil,
        handshakeTimeout: Duration = .seconds(5), enrollmentTokenLifetime: Duration = .seconds(86_400),
        moduleValidationMemoryBytes: UInt64 = 256 << 20, moduleValidationTimeout: Duration = .seconds(10),
        moduleValidationThreads: Int = 1, maxQueuedModuleValidations: Int = 4, maxAPIKeysPerAccount: Int = 20,
        idleTimeout: Duration = .seconds(75), pricing: Pricing.Configuration = Pricing.Configuration(),
        operatorAccount: AccountID? = nil, ledgerKeyPath: String? = nil, ledgerOrigin: String = "idlegrid.local/ledger",
        settlementPeriod: Duration = .seconds(86_400), settlementAnchorPath: String? = nil
    ) {
        self.settlementPeriod = settlementPeriod
        self.settlementAnchorPath = settlementAnchorPath
        self.operatorAccount = operatorAccount
        self.ledgerKeyPath = ledgerKeyPath
        self.ledgerOrigin = ledgerOrigin
        self.host = host
        self.port = port
        self.region = region
        self.heartbeatMilliseconds = heartbeatMilliseconds
        self.ackTimeout = ackTimeout
        self.heartbeatTimeout = heartbeatTimeout
        self.maxQueuedReplicas = maxQueuedReplicas
        self.maxQueuedReplicasPerAccount = maxQueuedReplicasPerAccount
        self.maxQueuedInputBytesPerAccount = maxQueuedInputBytesPerAccount
        self.maxTasksPerJob = maxTasksPerJob
        self.maxTaskInputBytes = maxTaskInputBytes
        self.maxBlobBytes = maxBlobBytes
        self.maxConcurrentBlobUploads = maxConcurrentBlobUploads
        self.operatorAPIKey = operatorAPIKey
        self.handshakeTimeout = handshakeTimeout
        self.enrollmentTokenLifetime = enrollmentTokenLifetime
        self.moduleValidationMemoryBytes = moduleValidationMemoryBytes
        self.moduleValidationTimeout = moduleValidationTimeout
        self.moduleValidationThreads = moduleValidationThreads
        self.maxQueuedModuleValidations = maxQueuedModuleValidations
        self.maxAPIKeysPerAccount = maxAPIKeysPerAccount
        self.idleTimeout = idleTimeout
        self.pricing = pricing
    }

    /// Checks the settings a coordinator cannot run with; throws naming the first one wrong.
    public func validate() throws(CoordinatorConfigurationError) {
        guard idleTimeout > .zero else {
            throw .notPositive(field: "idleTimeout", value: "\(idleTimeout)")
        }
        guard maxConcurrentBlobUploads > 0 else {
            throw .notPositive(field: "maxConcurrentBlobUploads", value: "\(maxConcurrentBlobUploads)")
        }
        do {
            try pricing.validate()
        } catch {
            throw .badPricing(error)
        }
        guard NoteSigner.isValidName(ledgerOrigin) else { throw .badLedgerOrigin(ledgerOrigin) }
        let period = settlementPeriod.components
        guard period.seconds > 0, period.attoseconds == 0, period.seconds <= 31_622_400 else {
            throw .outOfRange(field: "settlementPeriod", value: "\(settlementPeriod)", allowed: "it must be whole seconds from 1 to 31622400 (366 days)")
        }
        guard pricing.minimumPayout <= NewDeposit.maximum else {
            throw .outOfRange(
                field: "minimumPayout", value: pricing.minimumPayout.description,
                allowed: "it must be at most \(NewDeposit.maximum), what one deposit may mint, or nobody could ever be paid")
        }
        if let path = settlementAnchorPath {
            var isDirectory: ObjCBool = false
            let parent = (path as NSString).deletingLastPathComponent
            guard !path.isEmpty, !(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue),
                  FileManager.default.fileExists(atPath: parent.isEmpty ? "." : parent, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw .outOfRange(
                    field: "settlementAnchorPath", value: "'\(path)'", allowed: "it must name a file (not a directory) in a directory that exists")
            }
        }
    }

    /// When settlement periods close and what they pay out (validated first).
    var settlementSchedule: SettlementSchedule {
        SettlementSchedule(periodSeconds: UInt64(max(1, settlementPeriod.components.seconds)), minimumPayout: pricing.minimumPayout)
    }
}
