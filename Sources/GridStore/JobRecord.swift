public import Foundation
public import GridCore

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
    /// What the job pays and who shares it, or nil for a job that is not billed.
    public var billing: JobBilling?

    /// A job record; a new job is `queued`.
    public init(
        id: JobID = JobID(), owner: AccountID, module: ContentHash, limits: Limits, replicas: Int,
        seedPolicy: SeedPolicy, state: JobState = .queued, taskCount: Int, createdAt: Date,
        deadline: Date? = nil, finishedAt: Date? = nil, billing: JobBilling? = nil
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
        self.billing = billing
    }
}
