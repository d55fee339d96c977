package import GridCore

/// A replica waiting in the queue for a worker.
package struct PendingReplica: Sendable, Hashable {
    /// The memberwise initializer, spelled out so the package's tests can reach it.
    package init(replica: ReplicaID, task: TaskKey, owner: AccountID) {
        self.replica = replica
        self.task = task
        self.owner = owner
    }

    package let replica: ReplicaID
    package let task: TaskKey
    /// The client whose line it waits in.
    package let owner: AccountID
}
