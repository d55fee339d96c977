public import Foundation
public import GridCore

/// An account as stored.
public struct AccountRecord: Sendable, Hashable, Codable {
    /// The account's id.
    public var id: AccountID
    /// A name for people; not unique.
    public var name: String
    /// What the account is for.
    public var role: AccountRole
    /// When the account was created (stored to the millisecond).
    public var createdAt: Date

    /// An account record.
    public init(id: AccountID = AccountID(), name: String, role: AccountRole, createdAt: Date) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
    }
}

/// A job as stored: what to run, under which limits, and where it stands.
public struct JobRecord: Sendable, Hashable, Codable {
    /// The job's id, returned to the client on acceptance.
    public var id: JobID
    /// The account that submitted the job and pays for it.
    public var owner: AccountID
    /// The SHA-256 of the WebAssembly module every task runs; a stored blob.
    public var module: ContentHash
    /// The limits each task runs under.
    public var limits: Limits
    /// Replicas started per task (1 = no redundancy).
    public var replicas: Int
    /// How each task's seed is chosen.
    public var seedPolicy: SeedPolicy
    /// Where the job stands.
    public var state: JobState
    /// How many tasks the job has.
    public var taskCount: Int
    /// When the job was accepted (stored to the millisecond).
    public var createdAt: Date
    /// After this instant unfinished tasks expire.
    public var deadline: Date?
    /// When the job reached a terminal state, if it has.
    public var finishedAt: Date?

    /// A job record; a new job is `queued`.
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
    /// The job the task belongs to.
    public var job: JobID
    /// The task's position in its job, from 0.
    public var index: Int
    /// The bytes the guest reads from standard input.
    public var stdin: Data
    /// The guest's command-line arguments.
    public var arguments: [String]
    /// The seed of the guest's `random_get`, all 64 bits.
    public var seed: UInt64

    /// A task record.
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
    /// The job of the task.
    public var job: JobID
    /// The task's index in its job.
    public var index: Int
    /// The replica whose result was accepted.
    public var replica: ReplicaID
    /// The worker that ran that replica.
    public var worker: WorkerID
    /// "exited:0", "returned:…", "trapped:…", "limit:fuel" and so on (``TaskTermination``).
    public var termination: String
    /// True when the guest finished on its own terms (status 0 or a normal return).
    public var succeeded: Bool
    /// What the guest wrote to standard output.
    public var output: Data
    /// What the guest wrote to standard error.
    public var stderr: Data
    /// The SHA-256 of `output`, as the worker signed it.
    public var outputHash: ContentHash
    /// Fuel the run consumed.
    public var fuelUsed: UInt64
    /// Wall-clock time of the run on the worker, in microseconds.
    public var wallMicroseconds: UInt64
    /// The guest's largest linear memory, in bytes.
    public var peakMemoryBytes: UInt64
    /// The worker's Ed25519 signature over the result statement, kept as evidence.
    public var signature: Data
    /// When the coordinator accepted the result (stored to the millisecond).
    public var recordedAt: Date

    /// A result record.
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

/// Counts over a job's stored results (``GridStore/resultTotals(job:)``).
public struct ResultTotals: Sendable, Hashable {
    /// Tasks with a result.
    public var count: Int
    /// Of those, the ones whose guest succeeded.
    public var succeeded: Int
    /// Fuel over all of them.
    public var fuelUsed: UInt64

    /// Totals.
    public init(count: Int, succeeded: Int, fuelUsed: UInt64) {
        self.count = count
        self.succeeded = succeeded
        self.fuelUsed = fuelUsed
    }
}
