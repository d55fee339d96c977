public import Foundation

/// What a coordinator says to a worker.
public enum CoordinatorMessage: WireMessage, Equatable {
    /// Prove you hold your device key: sign this nonce.
    case challenge(nonce: Data)
    /// Authenticated: your id and how often to send heartbeats.
    case welcome(WorkerWelcome)
    /// The session is refused (bad signature, unknown version, flagged device, bad credential);
    /// then it closes. A ``WorkerRefusalKind/isFinal`` kind tells the worker to stop, not to
    /// reconnect. On the wire the body is `{"reason", "kind"}`; a bare string reason (an older
    /// coordinator) reads as a transient refusal.
    case refused(reason: String, kind: WorkerRefusalKind = .transient)
    /// Run these replicas.
    case assign([Assignment])
    /// Stop these replicas; their results are no longer wanted.
    case cancel([ReplicaID])
    /// Finish what you hold and take nothing new.
    case drain

    private var type: String {
        switch self {
        case .challenge: "challenge"
        case .welcome: "welcome"
        case .refused: "refused"
        case .assign: "assign"
        case .cancel: "cancel"
        case .drain: "drain"
        }
    }

    /// Decodes the envelope, refusing other versions and unknown types.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: EnvelopeKey.self)
        switch try container.envelopeType() {
        case "challenge": self = .challenge(nonce: try container.decode(Data.self, forKey: .body))
        case "welcome": self = .welcome(try container.decode(WorkerWelcome.self, forKey: .body))
        case "refused":
            if let reason = try? container.decode(String.self, forKey: .body) {
                self = .refused(reason: reason, kind: .transient)
            } else {
                let body = try container.decode(RefusalBody.self, forKey: .body)
                self = .refused(reason: body.reason, kind: body.kind)
            }
        case "assign": self = .assign(try container.decode([Assignment].self, forKey: .body))
        case "cancel": self = .cancel(try container.decode([ReplicaID].self, forKey: .body))
        case "drain": self = .drain
        case let other: throw WireError.unknownType(other)
        }
    }

    /// Encodes the envelope.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: EnvelopeKey.self)
        try container.encodeEnvelope(type: type)
        switch self {
        case .challenge(let nonce): try container.encode(nonce, forKey: .body)
        case .welcome(let body): try container.encode(body, forKey: .body)
        case .refused(let reason, let kind): try container.encode(RefusalBody(reason: reason, kind: kind), forKey: .body)
        case .assign(let body): try container.encode(body, forKey: .body)
        case .cancel(let body): try container.encode(body, forKey: .body)
        case .drain: break
        }
    }
}

/// The body of a `refused` message.
private struct RefusalBody: Codable {
    var reason: String
    var kind: WorkerRefusalKind
}

/// The coordinator's welcome after a good signature.
public struct WorkerWelcome: Sendable, Hashable, Codable {
    /// The worker's id (derived from its public key, so it is the same on every connection).
    public var worker: WorkerID
    /// How often the worker must send a heartbeat, in milliseconds.
    public var heartbeatMilliseconds: Int
    /// The coordinator's region.
    public var region: String
    /// A random secret good for this session only: the worker's `Authorization: Bearer` for
    /// blob calls over HTTP (modules, the inputs of replicas it holds, uploads of their outputs).
    /// It stops working when the WebSocket closes.
    public var sessionToken: String

    /// Creates a welcome.
    public init(worker: WorkerID, heartbeatMilliseconds: Int, region: String, sessionToken: String) {
        self.worker = worker
        self.heartbeatMilliseconds = heartbeatMilliseconds
        self.region = region
        self.sessionToken = sessionToken
    }
}

/// One replica to run: everything the sandbox needs.
public struct Assignment: Sendable, Hashable, Codable {
    /// This execution's id; the result names it.
    public var replica: ReplicaID
    /// The job it belongs to.
    public var job: JobID
    /// The task's index in its job.
    public var task: Int
    /// The module, fetched by hash from `GET /v1/blobs/{hash}` unless cached.
    public var module: ContentHash
    /// The guest's stdin, when it travels inline.
    public var stdin: Data
    /// The guest's stdin when it is a blob (then ``stdin`` is empty): fetched by hash from
    /// `GET /v1/blobs/{hash}` with the session token, and checked, before the replica takes a slot.
    public var stdinBlob: BlobReference?
    /// The guest's arguments (argv[1...]).
    public var arguments: [String]
    /// The seed of the guest's `random_get`.
    public var seed: UInt64
    /// The limits to run under.
    public var limits: Limits

    /// Creates an assignment.
    public init(
        replica: ReplicaID, job: JobID, task: Int, module: ContentHash, stdin: Data, stdinBlob: BlobReference? = nil,
        arguments: [String], seed: UInt64, limits: Limits
    ) {
        self.replica = replica
        self.job = job
        self.task = task
        self.module = module
        self.stdin = stdin
        self.stdinBlob = stdinBlob
        self.arguments = arguments
        self.seed = seed
        self.limits = limits
    }
}
