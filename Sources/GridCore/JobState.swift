/// Where a job is in its lifecycle.
///
/// ```
/// queued ──taskStarted──▶ running ──allTasksFinished──▶ completed | failed
///   │                        │
///   └─cancel / deadlinePassed┴──▶ cancelled | expired
/// ```
/// A queued job may also finish directly, when every task was given up before any started.
/// Terminal states accept no event.
public enum JobState: String, Sendable, Codable, CaseIterable {
    /// Accepted and durable; no replica has started yet.
    case queued
    /// At least one replica has started.
    case running
    /// Every task succeeded.
    case completed
    /// Every task finished and at least one failed.
    case failed
    /// The client cancelled the job.
    case cancelled
    /// The deadline passed first.
    case expired

    /// True for states no event leaves.
    public var isTerminal: Bool {
        switch self {
        case .queued, .running: false
        case .completed, .failed, .cancelled, .expired: true
        }
    }

    /// The state after `event`, or ``TransitionError`` when `event` is not allowed here.
    ///
    /// `taskStarted` in `running` stays `running`, so the driver need not track which
    /// start was the first.
    public func applying(_ event: JobEvent) throws(TransitionError) -> JobState {
        switch (self, event) {
        case (.queued, .taskStarted), (.running, .taskStarted): .running
        case (.queued, .allTasksFinished(let anyFailed)), (.running, .allTasksFinished(let anyFailed)):
            anyFailed ? .failed : .completed
        case (.queued, .cancel), (.running, .cancel): .cancelled
        case (.queued, .deadlinePassed), (.running, .deadlinePassed): .expired
        default: throw .illegal(machine: "job", state: rawValue, event: event.name)
        }
    }

    /// Moves to the state after `event`; unchanged when it throws.
    public mutating func apply(_ event: JobEvent) throws(TransitionError) {
        self = try applying(event)
    }
}
