import DequeModule
package import GridCore

/// The replicas out on workers: which task and worker each belongs to, where it is in its
/// ``ReplicaState`` machine, and when it started, so overruns are measured from the start of a
/// run and not from when the replica was put in a worker's buffer.
///
/// A worker runs the replicas it holds in the order they were sent, as many at once as it has
/// slots. So a replica starts when it is sent to a worker with a free slot, or when a replica
/// ahead of it on that worker ends; no message from the worker is needed to know it.
package struct ReplicaTracker {
    /// Why a replica ended without a vote: its task needs another one.
    package enum Loss: String, Sendable, Hashable, CaseIterable {
        /// Its worker went down, disconnected or missed the acknowledgement.
        case lost
        /// Its worker said it could not run it.
        case failed
        /// It ran past the task's wall-clock limit plus grace with no result.
        case overran
        /// The wall-clock limit stopped it on the worker: machine-dependent, not a vote.
        case stopped
    }

    /// One replica out on a worker.
    package struct Replica: Sendable {
        package let task: TaskKey
        package let worker: WorkerID
        package var state: ReplicaState
        /// When it was sent (monotonic).
        package let assignedAt: Duration
        /// When it started to run on the worker (monotonic); nil while it waits in the buffer.
        package var startedAt: Duration?
        /// The task's wall-clock limit.
        package let wallClock: Duration
    }

    package private(set) var replicas: [ReplicaID: Replica] = [:]
    /// Per worker, what it holds in the order sent: the first `slots` of them are running.
    private var order: [WorkerID: Deque<ReplicaID>] = [:]
    /// Replicas called off recently, so a result that still arrives is kept as late evidence.
    private var calledOff: [ReplicaID: (task: TaskKey, worker: WorkerID)] = [:]
    private var calledOffOrder = Deque<ReplicaID>()
    /// How many called-off replicas are remembered.
    package let rememberedCalledOff: Int

    package init(rememberedCalledOff: Int = 10_000) {
        self.rememberedCalledOff = rememberedCalledOff
    }

    package subscript(id: ReplicaID) -> Replica? {
        replicas[id]
    }

    package var count: Int { replicas.count }

    /// Records that `replica` of `task` was sent to `worker`, which runs `slots` at once.
    package mutating func assign(_ replica: ReplicaID, of task: TaskKey, to worker: WorkerID, wallClock: Duration, slots: Int, now: Duration) {
        var state = ReplicaState.queued
        advance(&state, .assign)
        replicas[replica] = Replica(task: task, worker: worker, state: state, assignedAt: now, wallClock: wallClock)
        order[worker, default: []].append(replica)
        startRuns(on: worker, slots: slots, now: now)
    }

    package mutating func acknowledge(_ replica: ReplicaID, by worker: WorkerID) {
        guard replicas[replica]?.worker == worker, replicas[replica]!.state == .assigned else { return }
        advance(&replicas[replica]!.state, .acknowledge)
    }

    /// A result arrived for `replica` from `worker`: it leaves the worker. Returns it, or nil when
    /// the worker does not hold it.
    package mutating func report(_ replica: ReplicaID, by worker: WorkerID, slots: Int, now: Duration) -> Replica? {
        guard var entry = replicas[replica], entry.worker == worker else { return nil }
        // A result is also an acknowledgement: the worker had it.
        if entry.state == .assigned { advance(&entry.state, .acknowledge) }
        advance(&entry.state, .report)
        remove(replica, from: worker, slots: slots, now: now)
        return entry
    }

    /// The replica ended without a vote, for `loss`. Returns it, or nil when it is not out.
    package mutating func lose(_ replica: ReplicaID, _ loss: Loss, slots: Int, now: Duration) -> Replica? {
        guard var entry = replicas[replica] else { return nil }
        let event: ReplicaEvent = switch loss {
        case .lost: .lose
        case .failed, .stopped: .fail
        case .overran: .timeOut
        }
        if entry.state == .reported { return nil }
        advance(&entry.state, event)
        remove(replica, from: entry.worker, slots: slots, now: now)
        return entry
    }

    /// The replica is no longer wanted (its task was settled or its job ended). Returns it.
    package mutating func callOff(_ replica: ReplicaID, slots: Int, now: Duration) -> Replica? {
        guard var entry = replicas[replica] else { return nil }
        advance(&entry.state, .cancel)
        remove(replica, from: entry.worker, slots: slots, now: now)
        calledOff[replica] = (entry.task, entry.worker)
        calledOffOrder.append(replica)
        while calledOffOrder.count > rememberedCalledOff {
            calledOff[calledOffOrder.removeFirst()] = nil
        }
        return entry
    }

    /// The task and worker of a replica called off recently, when `worker` ran it.
    package func calledOff(_ replica: ReplicaID, by worker: WorkerID) -> TaskKey? {
        guard let entry = calledOff[replica], entry.worker == worker else { return nil }
        return entry.task
    }

    /// Forgets a called-off replica once its late result is kept.
    package mutating func forgetCalledOff(_ replica: ReplicaID) {
        calledOff[replica] = nil
    }

    /// Every replica the worker holds, in the order sent.
    package func held(by worker: WorkerID) -> [ReplicaID] {
        Array(order[worker] ?? [])
    }

    /// Replicas sent but not acknowledged within `ackTimeout`, and replicas running longer than
    /// their wall-clock limit plus `grace`.
    package func overdue(now: Duration, ackTimeout: Duration, grace: Duration) -> (unacknowledged: [ReplicaID], overrun: [ReplicaID]) {
        var unacknowledged: [ReplicaID] = []
        var overrun: [ReplicaID] = []
        for (id, replica) in replicas {
            if replica.state == .assigned, now - replica.assignedAt > ackTimeout {
                unacknowledged.append(id)
            } else if let started = replica.startedAt, now - started > replica.wallClock + grace {
                overrun.append(id)
            }
        }
        return (unacknowledged, overrun)
    }

    private mutating func remove(_ replica: ReplicaID, from worker: WorkerID, slots: Int, now: Duration) {
        replicas[replica] = nil
        if let position = order[worker]?.firstIndex(of: replica) {
            order[worker]!.remove(at: position)
        }
        if order[worker]?.isEmpty == true { order[worker] = nil }
        startRuns(on: worker, slots: slots, now: now)
    }

    /// The first `slots` replicas the worker holds are running: any of them not started yet starts now.
    private mutating func startRuns(on worker: WorkerID, slots: Int, now: Duration) {
        guard let line = order[worker] else { return }
        for id in line.prefix(slots) where replicas[id]?.startedAt == nil {
            replicas[id]!.startedAt = now
        }
    }

    private func advance(_ state: inout ReplicaState, _ event: ReplicaEvent) {
        do {
            try state.apply(event)
        } catch {
            assertionFailure("\(error)")
        }
    }
}
