public import Foundation
public import GridCore

/// A task the coordinator gave up, and why: its replicas were lost on too many workers, its
/// quorum never agreed, the wall-clock limit stopped it twice, the store refused its result. At
/// most one is stored per task, and a task that has one never gets a result.
public struct GivenUpTaskRecord: Sendable, Hashable {
    /// The job of the task.
    public var job: JobID
    /// The task's index in its job.
    public var index: Int
    /// Why it was given up, for people.
    public var reason: String
    /// When it was given up (stored to the millisecond).
    public var givenUpAt: Date

    /// A given-up task.
    public init(job: JobID, index: Int, reason: String, givenUpAt: Date) {
        self.job = job
        self.index = index
        self.reason = reason
        self.givenUpAt = givenUpAt
    }
}
