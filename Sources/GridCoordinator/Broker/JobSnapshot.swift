import Foundation
import GridCore

/// Where a job stands in the broker's memory: live while it runs, and kept a while after it ends
/// so that a client waiting on it hears the outcome at once, without a trip to the store.
struct JobSnapshot: Sendable, Equatable {
    /// `queued` or `running` while live; the terminal state once ended.
    var state: JobState
    /// Tasks with a durable result.
    var finished: Int
    /// Of those, the ones whose guest succeeded.
    var succeeded: Int
    /// Fuel over the finished tasks.
    var fuel: UInt64
    /// When the job ended; nil while it runs.
    var finishedAt: Date?
    /// Why its work, or part of it, waits ("why is my job not running?").
    var waitingReason: String?
}
