package import Crypto
import Foundation
package import GridCore
package import GridStore

/// The live jobs and their tasks, driving GridCore's ``JobState`` and ``TaskState`` machines:
/// which replicas each task has out, the votes in, who may take it next, and when a task and
/// then its job are decided. It does no I/O; every change returns what the broker must do.
package struct JobTable {
    /// A live job.
    package struct Job {
        package let record: JobRecord
        package let verifier: any Verifier
        package var state: JobState = .queued
        /// Tasks not yet decided.
        package var undecided: Int
        package var givenUp = 0
        /// Durable counts: tasks whose result is committed.
        package var finished = 0
        package var succeeded = 0
        package var fuel: UInt64 = 0
        /// Set once every task is decided (or the job was cancelled or expired): the end waiting
        /// for its commit.
        package var end: JobState?
    }

    /// A live task.
    package struct LiveTask {
        package let input: TaskRecord
        package var state: TaskState = .pending
        /// Replicas asked for so far.
        package var wanted: Int
        /// Replicas queued or out on a worker.
        package var outstanding: Set<ReplicaID> = []
        package var votes: [Vote] = []
        /// Workers holding one of its replicas, or whose vote is in: none may take another.
        package var holders: Set<WorkerID> = []
        /// Replicas that ended without a vote, by cause.
        package var losses: [ReplicaTracker.Loss: Int] = [:]
        /// Workers on which a replica of it ended without a vote: offered it again only when no
        /// other worker may take it, so one worker that keeps dropping it cannot use up its attempts.
        package var lostBy: Set<WorkerID> = []

        /// The votes in, as the verifier sees them.
        var replicaVotes: [ReplicaVote] {
            votes.map { ReplicaVote(replica: $0.result.replica, worker: $0.worker, answer: $0.result.answer) }
        }
    }

    /// A replica's result counted as a vote.
    package struct Vote: Sendable {
        /// The memberwise initializer, spelled out so the package's tests can reach it.
        package init(result: ReplicaResult, worker: WorkerID, publicKey: Curve25519.Signing.PublicKey, signatureChecked: Bool) {
            self.result = result
            self.worker = worker
            self.publicKey = publicKey
            self.signatureChecked = signatureChecked
        }

        package let result: ReplicaResult
        package let worker: WorkerID
        /// The worker's key, to check the signature before the vote is used against it.
        package let publicKey: Curve25519.Signing.PublicKey
        package var signatureChecked: Bool
    }

    /// A task that was decided: what to store, and what to call off.
    package struct Decision {
        package let task: TaskKey
        /// The vote whose output goes to the client; nil when the task was given up.
        package let accepted: Vote?
        /// Every vote with its verdict.
        package let verdicts: [(vote: Vote, verdict: ReplicaVerdict)]
        /// Replicas still queued or out, no longer wanted.
        package let calledOff: Set<ReplicaID>
        /// Why the task was given up.
        package let reason: String?
        /// Bytes of input the task carried (inline or as a blob), for its charges.
        package let inputBytes: Int
    }

    /// What a vote or a loss led to.
    package enum Outcome {
        /// Nothing more to do yet.
        case waiting
        /// Queue these new replicas (at the head of the line after a worker's fault).
        case queue([PendingReplica], atHead: Bool)
        /// The task is decided.
        case decided(Decision)
    }

    /// The most replicas a task may get.
    package let maxReplicasPerTask: Int
    /// Replicas of a task that may end without a vote before it is given up.
    package let maxAttempts: Int
    package private(set) var jobs: [JobID: Job] = [:]
    package private(set) var tasks: [TaskKey: LiveTask] = [:]

    package init(maxReplicasPerTask: Int, maxAttempts: Int) {
        self.maxReplicasPerTask = maxReplicasPerTask
        self.maxAttempts = maxAttempts
    }

    // MARK: Jobs

    /// Adds a job; tasks with a result in `recorded` or whose index is in `givenUp` (a job
    /// recovered after a restart) are decided. Returns the replicas to queue.
    package mutating func add(
        _ record: JobRecord, tasks records: [TaskRecord], recorded: [ResultRecord], givenUp: Set<Int> = []
    ) -> [PendingReplica] {
        let finished = Set(recorded.map(\.index))
        // A task never has both; should a store hold both, its result counts.
        let abandoned = givenUp.subtracting(finished)
        let done = finished.union(abandoned)
        var job = Job(record: record, verifier: Self.verification(of: record, maxReplicas: maxReplicasPerTask)
            .verifier(replicas: record.replicas), undecided: records.count - done.count)
        job.finished = finished.count
        job.givenUp = abandoned.count
        job.succeeded = recorded.filter(\.succeeded).count
        job.fuel = recorded.reduce(0) { $0 + $1.fuelUsed }
        if !done.isEmpty { advance(&job.state, .taskStarted) }
        var replicas: [PendingReplica] = []
        for input in records where !done.contains(input.index) {
            let key = TaskKey(job: record.id, index: input.index)
            var task = LiveTask(input: input, wanted: record.replicas)
            for _ in 0..<record.replicas {
                let pending = PendingReplica(replica: ReplicaID(), task: key, owner: record.owner)
                task.outstanding.insert(pending.replica)
                replicas.append(pending)
            }
            tasks[key] = task
        }
        jobs[record.id] = job
        return replicas
    }

    /// Ends the job when every task has a durable result or was given up; returns its end.
    package mutating func finishIfDone(_ id: JobID) -> JobState? {
        guard var job = jobs[id], job.end == nil, job.finished + job.givenUp >= job.record.taskCount else { return nil }
        advance(&job.state, .allTasksFinished(anyFailed: job.givenUp > 0))
        job.end = job.state
        jobs[id] = job
        return job.state
    }

    /// The store refused a task's accepted result: the task counts as given up.
    package mutating func resultRefused(_ key: TaskKey) {
        jobs[key.job]?.givenUp += 1
    }

    /// How a job's results are verified: one replica is taken as it is; several vote by majority,
    /// growing by one replica at a time on disagreement.
    package static func verification(of job: JobRecord, maxReplicas: Int) -> VerificationMode {
        job.replicas == 1 ? .none : .quorum(agreeing: job.replicas / 2 + 1, of: job.replicas, maxReplicas: max(job.replicas, maxReplicas))
    }

    /// Ends a live job at once (cancelled or expired): every undecided task is cancelled. Returns
    /// the replicas to call off, or nil when the job is not live or its end is already decided.
    package mutating func end(_ id: JobID, as state: JobState) -> Set<ReplicaID>? {
        guard var job = jobs[id], job.end == nil else { return nil }
        advance(&job.state, state == .cancelled ? .cancel : .deadlinePassed)
        job.end = job.state
        jobs[id] = job
        var calledOff = Set<ReplicaID>()
        for index in 0..<job.record.taskCount {
            let key = TaskKey(job: id, index: index)
            guard var task = tasks.removeValue(forKey: key) else { continue }
            advance(&task.state, .cancel)
            calledOff.formUnion(task.outstanding)
        }
        return calledOff
    }

    /// A job's end is durable: it leaves the table. Returns it.
    package mutating func remove(_ id: JobID) -> Job? {
        jobs.removeValue(forKey: id)
    }

    /// Results of the job are durable: count them.
    package mutating func committed(_ result: ResultRecord) {
        guard jobs[result.job] != nil else { return }
        jobs[result.job]!.finished += 1
        jobs[result.job]!.fuel += result.fuelUsed
        if result.succeeded { jobs[result.job]!.succeeded += 1 }
    }

    // MARK: Tasks

    /// Whether `worker` may take a replica of the task: it is live and the worker neither holds
    /// one of its replicas nor has voted on it.
    package func mayTake(_ key: TaskKey, worker: WorkerID) -> Bool {
        eligibility(key, worker: worker) != .no
    }

    /// Whether `worker` may take a replica of the task, and whether another worker should be
    /// preferred (this one lost a replica of it before).
    package func eligibility(_ key: TaskKey, worker: WorkerID) -> Eligibility {
        guard let task = tasks[key], !task.holders.contains(worker) else { return .no }
        return task.lostBy.contains(worker) ? .ifNoOther : .yes
    }

    /// What ``eligibility(_:worker:)`` answers.
    package enum Eligibility {
        case yes
        /// Only when no other worker may take it.
        case ifNoOther
        case no
    }

    /// Whether the task is live.
    package func isLive(_ key: TaskKey) -> Bool {
        tasks[key] != nil
    }

    /// How many distinct workers the task needs: one per replica, queued, out or voted.
    package func workersNeeded(_ key: TaskKey) -> Int {
        guard let task = tasks[key] else { return 0 }
        return max(task.wanted, task.outstanding.count + task.votes.count)
    }

    /// A replica of the task went to `worker`.
    package mutating func dispatched(_ key: TaskKey, to worker: WorkerID) {
        guard var task = tasks[key] else { return }
        advance(&task.state, .replicaDispatched)
        task.holders.insert(worker)
        tasks[key] = task
        if jobs[key.job]?.state == .queued {
            advance(&jobs[key.job]!.state, .taskStarted)
        }
    }

    /// A replica's result is in: ask the job's verifier.
    package mutating func vote(_ key: TaskKey, replica: ReplicaID, _ vote: Vote) -> Outcome {
        guard var task = tasks[key], let job = jobs[key.job] else { return .waiting }
        task.outstanding.remove(replica)
        task.votes.append(vote)
        let decision = job.verifier.decide(votes: task.replicaVotes, outstanding: task.outstanding.count, wanted: task.wanted)
        switch decision {
        case .pending:
            tasks[key] = task
            return .waiting
        case .addReplicas(let count):
            advance(&task.state, .resultsSufficient)
            advance(&task.state, .needMoreReplicas)
            let added = (0..<count).map { _ in PendingReplica(replica: ReplicaID(), task: key, owner: job.record.owner) }
            task.wanted += count
            task.outstanding.formUnion(added.map(\.replica))
            tasks[key] = task
            return .queue(added, atHead: true)
        case let .accepted(winner, agreeing, _):
            advance(&task.state, .resultsSufficient)
            return .decided(accept(key, task, winner: winner, agreeing: agreeing))
        case .giveUp(let reason):
            advance(&task.state, .resultsSufficient)
            advance(&task.state, .givenUp(reason: reason))
            return .decided(decide(key, task, accepted: nil, verdicts: task.votes.map { ($0, .undecided) }, reason: reason))
        }
    }

    /// A replica of the task ended without a vote. Its worker may take the task again (a
    /// reconnect, a pause, a drain), but only when no other worker may. The task is given up once
    /// replicas of it ended so on ``maxAttempts`` workers, or 4 × ``maxAttempts`` times in all, or
    /// the wall-clock limit stopped it twice (a second, faster machine did not make it either).
    ///
    /// When the votes in already make a majority, the lost replica is not run again (nobody pays
    /// for it): the task is accepted at once, or when its other outstanding replicas report.
    package mutating func lost(_ key: TaskKey, replica: ReplicaID, worker: WorkerID, _ loss: ReplicaTracker.Loss) -> Outcome {
        guard var task = tasks[key], let job = jobs[key.job] else { return .waiting }
        task.outstanding.remove(replica)
        task.holders.remove(worker)
        task.losses[loss, default: 0] += 1
        task.lostBy.insert(worker)
        if case let .accepted(winner, agreeing, _) = job.verifier.decide(votes: task.replicaVotes, outstanding: 0, wanted: task.wanted) {
            guard task.outstanding.isEmpty else {
                tasks[key] = task
                return .waiting
            }
            advance(&task.state, .resultsSufficient)
            return .decided(accept(key, task, winner: winner, agreeing: agreeing))
        }
        // Attempts count workers, so one worker that keeps dropping the task cannot fail it; a
        // generous cap on all ends still stops a task that makes every worker drop it.
        let ends = task.losses.values.reduce(0, +)
        if task.lostBy.count >= maxAttempts || ends >= maxAttempts * 4 || task.losses[.stopped, default: 0] >= 2 {
            let reason = ReplicaTracker.Loss.allCases.compactMap { cause in
                task.losses[cause].map { "\(Self.describe(cause)) \($0) time\($0 == 1 ? "" : "s")" }
            }.joined(separator: ", ")
            advance(&task.state, .givenUp(reason: reason))
            return .decided(decide(key, task, accepted: nil, verdicts: task.votes.map { ($0, .undecided) }, reason: "replicas \(reason)"))
        }
        if task.outstanding.isEmpty, task.votes.isEmpty, task.state == .running {
            advance(&task.state, .allReplicasLost)
        }
        let again = PendingReplica(replica: ReplicaID(), task: key, owner: job.record.owner)
        task.outstanding.insert(again.replica)
        tasks[key] = task
        return .queue([again], atHead: true)
    }

    /// Gives the task up for `reason` (the store refused its result).
    package mutating func giveUp(_ key: TaskKey, reason: String) -> Decision? {
        guard var task = tasks[key] else { return nil }
        advance(&task.state, .givenUp(reason: reason))
        return decide(key, task, accepted: nil, verdicts: [], reason: reason)
    }

    /// The task is accepted with `winner`'s result; every other vote agreed or dissented.
    private mutating func accept(_ key: TaskKey, _ task: LiveTask, winner: ReplicaID, agreeing: [ReplicaID]) -> Decision {
        var task = task
        advance(&task.state, .accepted)
        let agreeingSet = Set(agreeing)
        let verdicts = task.votes.map { vote -> (vote: Vote, verdict: ReplicaVerdict) in
            let id = vote.result.replica
            return (vote, id == winner ? .accepted : agreeingSet.contains(id) ? .agreed : .dissented)
        }
        return decide(key, task, accepted: task.votes.first { $0.result.replica == winner }, verdicts: verdicts, reason: nil)
    }

    /// The task leaves the table. Its job ends once its results are durable (``finishIfDone(_:)``).
    private mutating func decide(
        _ key: TaskKey, _ task: LiveTask, accepted: Vote?, verdicts: [(vote: Vote, verdict: ReplicaVerdict)], reason: String?
    ) -> Decision {
        tasks[key] = nil
        if jobs[key.job] != nil {
            jobs[key.job]!.undecided -= 1
            if accepted == nil { jobs[key.job]!.givenUp += 1 }
        }
        return Decision(
            task: key, accepted: accepted, verdicts: verdicts, calledOff: task.outstanding, reason: reason,
            inputBytes: task.input.stdinBlob?.size ?? task.input.stdin.count)
    }

    private static func describe(_ loss: ReplicaTracker.Loss) -> String {
        switch loss {
        case .lost: "lost"
        case .failed: "failed on the worker"
        case .overran: "overran the wall-clock limit"
        case .stopped: "stopped by the wall-clock limit"
        }
    }

    private func advance<Machine>(_ state: inout Machine, _ event: Machine.Event) where Machine: StateMachine {
        do {
            try state.apply(event)
        } catch {
            assertionFailure("\(error)")
        }
    }
}

/// GridCore's lifecycle enums, driven alike.
package protocol StateMachine {
    associatedtype Event
    mutating func apply(_ event: Event) throws(TransitionError)
}

extension JobState: StateMachine {}
extension TaskState: StateMachine {}
extension ReplicaState: StateMachine {}
