public import Foundation
public import GridCore

/// A job reaching a state, as the settlement writer records it.
public struct JobEnd: Sendable, Hashable {
    /// The job.
    public var job: JobID
    /// Its new state (terminal, for an end).
    public var state: JobState
    /// When it ended; nil clears the finish time.
    public var finishedAt: Date?

    /// A job's end.
    public init(job: JobID, state: JobState, finishedAt: Date?) {
        self.job = job
        self.state = state
        self.finishedAt = finishedAt
    }
}
