/// Where a task is in its lifecycle.
///
/// ```
/// pending ──replicaDispatched──▶ running ──resultsSufficient──▶ verifying ──accepted──▶ succeeded
///    ▲                             │  ▲                             │
///    └───────allReplicasLost───────┘  └──────needMoreReplicas───────┘
/// givenUp (from pending, running, verifying) ──▶ failed
/// cancel  (from pending, running, verifying) ──▶ cancelled
/// ```
/// A worker's fault only sends the task back to `pending`; the client never sees it.
/// Terminal states accept no event.
public enum TaskState: String, Sendable, Codable, CaseIterable {
    /// Waiting in the queue for a worker.
    case pending
    /// At least one replica is out.
    case running
    /// Enough results are in to decide.
    case verifying
    /// A result was accepted.
    case succeeded
    /// The network gave up on the task.
    case failed
    /// The job was cancelled or expired.
    case cancelled

    /// True for states no event leaves.
    public var isTerminal: Bool {
        switch self {
        case .pending, .running, .verifying: false
        case .succeeded, .failed, .cancelled: true
        }
    }

    /// The state after `event`, or ``TransitionError`` when `event` is not allowed here.
    ///
    /// `replicaDispatched` in `running` stays `running`: replicas go out one by one.
    public func applying(_ event: TaskEvent) throws(TransitionError) -> TaskState {
        switch (self, event) {
        case (.pending, .replicaDispatched), (.running, .replicaDispatched): .running
        case (.running, .allReplicasLost): .pending
        case (.running, .resultsSufficient): .verifying
        case (.verifying, .needMoreReplicas): .running
        case (.verifying, .accepted): .succeeded
        case (.pending, .givenUp), (.running, .givenUp), (.verifying, .givenUp): .failed
        case (.pending, .cancel), (.running, .cancel), (.verifying, .cancel): .cancelled
        default: throw .illegal(machine: "task", state: rawValue, event: event.name)
        }
    }

    /// Moves to the state after `event`; unchanged when it throws.
    public mutating func apply(_ event: TaskEvent) throws(TransitionError) {
        self = try applying(event)
    }
}
