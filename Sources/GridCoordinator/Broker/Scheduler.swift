package import GridCore

/// The queue of replicas waiting for workers: ``FairQueue`` order (first come, first served within
/// a client, round-robin between clients), with replicas that no connected worker may take set
/// aside so they cannot block the rest of their client's line.
///
/// Such replicas happen: `replicas: 4` with two workers online leaves two replicas of every task
/// that neither may take (one worker never holds two replicas of a task), and a job needing more
/// memory than any worker offers fits nowhere. They are *parked*, each with the reason, and put
/// back at the head of their line when the pool changes (a worker connects, or a replica of
/// their task ends so its worker may take the task again).
package struct Scheduler {
    /// Every setting at its default.
    package init() {}

    /// What the caller decides about a replica offered to a worker.
    package enum Offer {
        /// The worker takes it.
        case take
        /// Not this worker; another may.
        case skip
        /// It is no longer wanted (its task was settled): drop it.
        case drop
        /// No connected worker may take it, for this reason.
        case park(String)
    }

    private var queue = FairQueue<PendingReplica>()
    private var parked: [TaskKey: [PendingReplica]] = [:]
    /// Why each parked job's replicas wait, by job.
    package private(set) var parkedReasons: [JobID: String] = [:]
    package private(set) var parkedCount = 0

    /// Replicas waiting, parked or not.
    package var count: Int { queue.count + parkedCount }
    /// Replicas that a worker could be offered now.
    package var offerable: Int { queue.count }

    package mutating func append(_ replica: PendingReplica) {
        queue.append(replica, owner: replica.owner)
    }

    /// A replica put back after a worker's fault goes to the head of its client's line.
    package mutating func prepend(_ replica: PendingReplica) {
        queue.prepend(replica, owner: replica.owner)
    }

    /// The next replica, in fair order, that `offer` lets the worker take; replicas it parks are
    /// set aside on the way.
    package mutating func next(_ offer: (PendingReplica) -> Offer) -> PendingReplica? {
        var toPark: [(PendingReplica, String)] = []
        let taken = queue.next { replica in
            switch offer(replica) {
            case .take: return .take
            case .skip: return .skip
            case .drop: return .remove
            case .park(let reason):
                toPark.append((replica, reason))
                return .remove
            }
        }
        for (replica, reason) in toPark {
            parked[replica.task, default: []].append(replica)
            parkedCount += 1
            parkedReasons[replica.task.job] = reason
        }
        return taken
    }

    /// Puts parked replicas of `task` (or of every task) back at the head of their lines.
    package mutating func unpark(_ task: TaskKey? = nil) {
        let keys = task.map { [$0] } ?? Array(parked.keys)
        for key in keys {
            guard let entries = parked.removeValue(forKey: key) else { continue }
            parkedCount -= entries.count
            for replica in entries.reversed() {
                queue.prepend(replica, owner: replica.owner)
            }
            if !parked.keys.contains(where: { $0.job == key.job }) {
                parkedReasons[key.job] = nil
            }
        }
    }

    /// Drops every waiting replica of a job; returns how many there were.
    @discardableResult
    package mutating func removeAll(of job: JobID) -> Int {
        var removed = queue.removeAll { $0.task.job == job }.count
        for key in parked.keys where key.job == job {
            removed += parked[key]!.count
            parkedCount -= parked[key]!.count
            parked[key] = nil
        }
        parkedReasons[job] = nil
        return removed
    }

    /// Drops the parked replicas of one task (it was settled or given up). Its replicas still in
    /// the queue are dropped lazily, when a worker is offered one (``Offer/drop``): removing them
    /// now would scan the whole queue once per settled task.
    package mutating func removeParked(of task: TaskKey) {
        guard let entries = parked.removeValue(forKey: task) else { return }
        parkedCount -= entries.count
        if !parked.keys.contains(where: { $0.job == task.job }) {
            parkedReasons[task.job] = nil
        }
    }
}
