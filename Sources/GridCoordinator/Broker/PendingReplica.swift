import GridCore

/// A replica waiting in the queue for a worker.
struct PendingReplica: Sendable, Hashable {
    let replica: ReplicaID
    let task: TaskKey
    /// The client whose line it waits in.
    let owner: AccountID
}
