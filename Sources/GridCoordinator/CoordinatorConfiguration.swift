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
    /// The most tasks one job may have.
    public var maxTasksPerJob: Int
    /// The largest stdin one task may have, in bytes.
    public var maxTaskInputBytes: Int
    /// An operator API key to accept (created if absent). Without one, a coordinator with no
    /// accounts creates an operator key on first start and reports it once.
    public var operatorAPIKey: String?
    /// The most active API keys one account may hold.
    public var maxAPIKeysPerAccount: Int

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 8480, region: String = "local", heartbeatMilliseconds: Int = 2000,
        ackTimeout: Duration = .seconds(5), heartbeatTimeout: Duration = .seconds(10), maxQueuedReplicas: Int = 200_000,
        maxTasksPerJob: Int = 100_000, maxTaskInputBytes: Int = 1 << 20, operatorAPIKey: String? = nil,
        maxAPIKeysPerAccount: Int = 20
    ) {
        self.host = host
        self.port = port
        self.region = region
        self.heartbeatMilliseconds = heartbeatMilliseconds
        self.ackTimeout = ackTimeout
        self.heartbeatTimeout = heartbeatTimeout
        self.maxQueuedReplicas = maxQueuedReplicas
        self.maxTasksPerJob = maxTasksPerJob
        self.maxTaskInputBytes = maxTaskInputBytes
        self.operatorAPIKey = operatorAPIKey
        self.maxAPIKeysPerAccount = maxAPIKeysPerAccount
    }
}
