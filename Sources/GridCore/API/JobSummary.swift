public import Foundation

/// `GET /v1/jobs/{id}`: where a job stands.
public struct JobSummary: Sendable, Hashable, Codable {
    /// The job.
    public var id: JobID
    /// Its lifecycle state.
    public var state: JobState
    /// The module it runs.
    public var module: ContentHash
    /// How many tasks it has.
    public var taskCount: Int
    /// Tasks with a recorded result.
    public var tasksFinished: Int
    /// Of those, tasks whose guest succeeded.
    public var tasksSucceeded: Int
    /// Replicas per task.
    public var replicas: Int
    /// Fuel consumed by the recorded results.
    public var fuelUsed: UInt64
    /// When it was accepted.
    public var createdAt: Date
    /// When it reached a terminal state.
    public var finishedAt: Date?
    /// Why its work, or part of it, waits: "no worker is online", "its tasks need 4 distinct
    /// workers and 2 are online", "no worker offers 512 MiB of memory per slot", "every worker is
    /// paused or draining". Absent when nothing waits for a reason, and once the job has ended.
    public var waitingReason: String?

    /// Creates a summary.
    public init(
        id: JobID, state: JobState, module: ContentHash, taskCount: Int, tasksFinished: Int, tasksSucceeded: Int,
        replicas: Int, fuelUsed: UInt64, createdAt: Date, finishedAt: Date?, waitingReason: String? = nil
    ) {
        self.id = id
        self.state = state
        self.module = module
        self.taskCount = taskCount
        self.tasksFinished = tasksFinished
        self.tasksSucceeded = tasksSucceeded
        self.replicas = replicas
        self.fuelUsed = fuelUsed
        self.createdAt = createdAt
        self.finishedAt = finishedAt
        self.waitingReason = waitingReason
    }
}
