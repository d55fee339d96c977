/// Where one task replica is in its lifecycle.
///
/// ```
/// queued ──assign──▶ assigned ──acknowledge──▶ acknowledged ──report──▶ reported ──judge──▶ valid | invalid
///   │                   │                          │                        │
///   cancel              lose / timeOut / fail / cancel ──▶ lost | timedOut | failed | cancelled
/// ```
/// A reported replica can still be cancelled (its job was cancelled before it was judged); it
/// cannot be lost or time out, because its result is already in.
/// Every state but the first four is terminal; `lost`, `timedOut` and `failed` mean the task
/// needs another replica (``needsRequeue``).
public enum ReplicaState: String, Sendable, Codable, CaseIterable {
    /// Waiting for a worker.
    case queued
    /// Sent to a worker, not yet acknowledged.
    case assigned
    /// The worker acknowledged it and is running it.
    case acknowledged
    /// The worker's result arrived and awaits verification.
    case reported
    /// Verification accepted the result.
    case valid
    /// Verification rejected the result.
    case invalid
    /// The acknowledgement timed out or the worker disconnected.
    case lost
    /// The deadline passed without a result.
    case timedOut
    /// The worker hit an error of its own.
    case failed
    /// No longer needed.
    case cancelled

    /// True for states no event leaves.
    public var isTerminal: Bool {
        switch self {
        case .queued, .assigned, .acknowledged, .reported: false
        case .valid, .invalid, .lost, .timedOut, .failed, .cancelled: true
        }
    }

    /// True when the replica ended through no fault of the guest, so its task should go back
    /// to the head of the queue (lost, timed out, or failed on the worker's side).
    public var needsRequeue: Bool {
        switch self {
        case .lost, .timedOut, .failed: true
        case .queued, .assigned, .acknowledged, .reported, .valid, .invalid, .cancelled: false
        }
    }

    /// The state after `event`, or ``TransitionError`` when `event` is not allowed here.
    public func applying(_ event: ReplicaEvent) throws(TransitionError) -> ReplicaState {
        switch (self, event) {
        case (.queued, .assign): .assigned
        case (.assigned, .acknowledge): .acknowledged
        case (.acknowledged, .report): .reported
        case (.reported, .judge(let valid)): valid ? .valid : .invalid
        case (.assigned, .lose), (.acknowledged, .lose): .lost
        case (.assigned, .timeOut), (.acknowledged, .timeOut): .timedOut
        case (.assigned, .fail), (.acknowledged, .fail): .failed
        case (.queued, .cancel), (.assigned, .cancel), (.acknowledged, .cancel), (.reported, .cancel): .cancelled
        default: throw .illegal(machine: "replica", state: rawValue, event: event.name)
        }
    }

    /// Moves to the state after `event`; unchanged when it throws.
    public mutating func apply(_ event: ReplicaEvent) throws(TransitionError) {
        self = try applying(event)
    }
}
