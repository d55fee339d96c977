public import Foundation
public import GridCore

/// An account as stored.
public struct AccountRecord: Sendable, Hashable, Codable {
    public var id: AccountID
    public var name: String
    public var role: AccountRole
    public var createdAt: Date

    public init(id: AccountID = AccountID(), name: String, role: AccountRole, createdAt: Date) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
    }
}

/// A job as stored: what to run, under which limits, and where it stands.
public struct JobRecord: Sendable, Hashable, Codable {
    public var id: JobID
    public var owner: AccountID
    public var module: ContentHash
    public var limits: Limits
    /// Replicas started per task (1 = no redundancy).
    public var replicas: Int
    public var seedPolicy: SeedPolicy
    public var state: JobState
    public var taskCount: Int
    public var createdAt: Date
    /// After this instant unfinished tasks expire.
    public var deadline: Date?
    public var finishedAt: Date?

    public init(
        id: JobID = JobID(), owner: AccountID, module: ContentHash, limits: Limits, replicas: Int,
        seedPolicy: SeedPolicy, state: JobState = .queued, taskCount: Int, createdAt: Date,
        deadline: Date? = nil, finishedAt: Date? = nil
    ) {
        self.id = id
        self.owner = owner
        self.module = module
        self.limits = limits
        self.replicas = replicas
        self.seedPolicy = seedPolicy
        self.state = state
        self.taskCount = taskCount
        self.createdAt = createdAt
        self.deadline = deadline
        self.finishedAt = finishedAt
    }
}

/// One task of a job: its input, by index.
public struct TaskRecord: Sendable, Hashable, Codable {
    public var job: JobID
    public var index: Int
    public var stdin: Data
    public var arguments: [String]
    public var seed: UInt64

    public init(job: JobID, index: Int, stdin: Data, arguments: [String], seed: UInt64) {
        self.job = job
        self.index = index
        self.stdin = stdin
        self.arguments = arguments
        self.seed = seed
    }
}

/// The accepted result of one task. At most one is ever stored per task.
public struct ResultRecord: Sendable, Hashable, Codable {
    public var job: JobID
    public var index: Int
    public var replica: ReplicaID
    public var worker: WorkerID
    /// "exited:0", "returned:…", "trapped:…", "limit:fuel" and so on (``TaskTermination``).
    public var termination: String
    /// True when the guest finished on its own terms (status 0 or a normal return).
    public var succeeded: Bool
    public var output: Data
    public var stderr: Data
    public var outputHash: ContentHash
    public var fuelUsed: UInt64
    public var wallMicroseconds: UInt64
    public var peakMemoryBytes: UInt64
    /// The worker's Ed25519 signature over the result statement, kept as evidence.
    public var signature: Data
    public var recordedAt: Date

    public init(
        job: JobID, index: Int, replica: ReplicaID, worker: WorkerID, termination: String, succeeded: Bool,
        output: Data, stderr: Data, outputHash: ContentHash, fuelUsed: UInt64, wallMicroseconds: UInt64,
        peakMemoryBytes: UInt64, signature: Data, recordedAt: Date
    ) {
        self.job = job
        self.index = index
        self.replica = replica
        self.worker = worker
        self.termination = termination
        self.succeeded = succeeded
        self.output = output
        self.stderr = stderr
        self.outputHash = outputHash
        self.fuelUsed = fuelUsed
        self.wallMicroseconds = wallMicroseconds
        self.peakMemoryBytes = peakMemoryBytes
        self.signature = signature
        self.recordedAt = recordedAt
    }
}
