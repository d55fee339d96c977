/// Something that happens to a task; see ``TaskState/applying(_:)`` for what each one does.
public enum TaskEvent: Sendable, Hashable, CaseIterable {
    /// A replica was sent to a worker (sent for each replica).
    case replicaDispatched
    /// Every outstanding replica was lost, timed out or failed on the worker's side,
    /// without enough results: the task goes back to the queue.
    case allReplicasLost
    /// Enough results arrived to decide.
    case resultsSufficient
    /// The results disagree; more replicas are needed.
    case needMoreReplicas
    /// Verification accepted a result.
    case accepted
    /// The network stops trying, e.g. retries exhausted or the guest itself failed
    /// deterministically; `reason` is for the record.
    case givenUp(reason: String)
    /// The job was cancelled or expired.
    case cancel

    /// Every event (``givenUp(reason:)`` with a sample reason), so tables can be checked
    /// exhaustively.
    public static let allCases: [TaskEvent] = [
        .replicaDispatched, .allReplicasLost, .resultsSufficient, .needMoreReplicas, .accepted,
        .givenUp(reason: "retries exhausted"), .cancel,
    ]

    /// The event's name in messages, without its payload.
    public var name: String {
        switch self {
        case .replicaDispatched: "replicaDispatched"
        case .allReplicasLost: "allReplicasLost"
        case .resultsSufficient: "resultsSufficient"
        case .needMoreReplicas: "needMoreReplicas"
        case .accepted: "accepted"
        case .givenUp: "givenUp"
        case .cancel: "cancel"
        }
    }
}
