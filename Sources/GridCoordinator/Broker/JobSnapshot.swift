package import Foundation
package import GridCore

/// Where a job stands in the broker's memory: live while it runs, and kept a while after it ends
/// so that a client waiting on it hears the outcome at once, without a trip to the store.
package struct JobSnapshot: Sendable, Equatable {
    /// `queued` or `running` while live; the terminal state once ended.
    package var state: JobState
    /// Tasks with a durable result.
    package var finished: Int
    /// Of those, the ones whose guest succeeded.
    package var succeeded: Int
    /// Fuel over the finished tasks.
    package var fuel: UInt64
    /// When the job ended; nil while it runs.
    package var finishedAt: Date?
    /// Why its work, or part of it, waits ("why is my job not running?").
    package var waitingReason: String?
}
