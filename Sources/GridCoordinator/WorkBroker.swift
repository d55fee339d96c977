import Crypto
import DequeModule
import Foundation
import GridCore
import GridStore
import Logging

/// Matches queued replicas to worker slots, and follows every replica until its task has a
/// durable result.
///
/// CPUcoin's broker, kept: accepted work waits in memory, in queues per requirement class, first
/// come first served within each client and round-robin between clients; an idle matching slot
/// gets work at once. A replica that is lost, fails on the worker's side or times out goes back to
/// the head of the queue as a new replica, so a client never sees an error a worker caused. A
/// worker that does not acknowledge an assignment in time, or stops sending heartbeats, is marked
/// down and everything it held is requeued. Replicas of one task never go to the same worker.
actor WorkBroker {
    /// Timeouts and bounds.
    struct Configuration: Sendable {
        /// How long a worker has to acknowledge an assignment before it is marked down.
        var ackTimeout: Duration = .seconds(5)
        /// How long a worker may stay silent before it is marked down.
        var heartbeatTimeout: Duration = .seconds(15)
        /// Past this many queued replicas, new jobs are refused (503).
        var maxQueuedReplicas = 200_000
        /// A task whose replicas were lost this many times is given up.
        var maxAttempts = 5
        /// Time beyond a task's wall-clock limit before its replica counts as lost.
        var executionGrace: Duration = .seconds(10)
        /// The most replicas per task when replicas disagree.
        var maxReplicasPerTask = 16
        /// Replicas a worker may hold per slot before its speed is known: one running and the rest
        /// waiting on the worker, so a slot never idles for a round trip between tasks (BOINC's and
        /// Dask's work buffer).
        var replicasPerSlot = 4
        /// The most replicas per slot a worker may hold, however short its tasks.
        var maxReplicasPerSlot = 16
        /// How much work a worker's buffer should hold: with tasks of 50 µs it holds 16 per slot,
        /// with tasks of 20 ms only 2, so a long job's tail is not stuck in one worker's buffer.
        var bufferTarget: Duration = .milliseconds(2)
        /// Ended jobs whose outcome is kept in memory for clients still asking.
        var rememberedEndedJobs = 10_000
    }

    /// A task, by job and index.
    struct TaskKey: Hashable, Sendable {
        let job: JobID
        let index: Int
    }

    /// One connected, authenticated worker, as the gateway hands it over.
    struct WorkerLink: Sendable {
        let id: WorkerID
        let hello: WorkerHello
        let publicKey: Curve25519.Signing.PublicKey
        /// The provider account the device is enrolled to.
        let provider: AccountID
        let connectedAt: Date
        /// Queues a message to the worker (never blocks).
        let send: @Sendable (CoordinatorMessage) -> Void
        /// Closes the connection.
        let close: @Sendable (String) -> Void
    }

    private struct Pending {
        let replica: ReplicaID
        let task: TaskKey
    }

    private struct TaskProgress {
        let input: TaskRecord
        var replicasWanted: Int
        var attempts = 0
        var triedBy: Set<WorkerID> = []
        var outstanding: Set<ReplicaID> = []
        var results: [(result: ReplicaResult, worker: WorkerID)] = []
    }

    private struct JobProgress {
        let record: JobRecord
        var unfinished: Int
        var givenUp = 0
        var started = false
        var finished = 0
        var succeeded = 0
        var fuel: UInt64 = 0
        /// Replicas of it waiting in the queue.
        var queued = 0
        /// Whether the job's row is committed. Until it is, its results wait here: a result
        /// must never reach the store before its job.
        var stored: Bool
        var held: [ResultRecord] = []
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private struct WorkerSession {
        let link: WorkerLink
        var running: Set<ReplicaID> = []
        var paused = false
        var draining = false
        var lastSeen: Date
        var completed = 0
        var resultsChecked = 0
        /// Replicas it may hold per slot, from how long its tasks take.
        var window = 1
        /// Average cost of one of its replicas in microseconds (run time plus handling), smoothed.
        var averageMicroseconds: Double?
        var capacity: Int { link.hello.slots * window }
        var free: Int { paused || draining ? 0 : max(0, capacity - running.count) }
    }

    private struct Inflight {
        let task: TaskKey
        let worker: WorkerID
        let assignedAt: Date
        var acknowledged = false
        let wallClock: Duration
    }

    private let configuration: Configuration
    private let store: any GridStore
    private let recorder: ResultRecorder
    private let clock: any GridClock
    private let logger: Logger

    private var queue = FairQueue<Pending>()
    private var tasks: [TaskKey: TaskProgress] = [:]
    private var jobs: [JobID: JobProgress] = [:]
    private var workers: [WorkerID: WorkerSession] = [:]
    private var inflight: [ReplicaID: Inflight] = [:]
    /// Workers caught signing a result that does not verify; they may not reconnect. Loaded from
    /// the store on start and written to it when one is caught.
    private var flagged: Set<WorkerID> = []
    private var completedTotal = 0
    private var completions: [(at: Date, count: Int)] = []
    /// Outcomes of ended jobs, oldest first in `endedOrder`.
    private var ended: [JobID: (record: JobRecord, outcome: JobSnapshot)] = [:]
    private var endedOrder = Deque<JobID>()

    init(configuration: Configuration, store: any GridStore, recorder: ResultRecorder, clock: any GridClock, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.recorder = recorder
        self.clock = clock
        self.logger = logger
    }

    // MARK: - Jobs

    /// Whether `replicas` more replicas fit under the queue threshold.
    func canAccept(replicas: Int) -> Bool {
        queue.count + replicas <= configuration.maxQueuedReplicas
    }

    /// Queues every task of a job, skipping tasks with a result in `recorded` (a job recovered
    /// after a restart).
    ///
    /// A new job may be queued while its row is still being written (`stored: false`), so its
    /// first replicas run during the commit; its results are held until ``stored(_:)``, or
    /// dropped with it by ``discard(_:)`` if the write fails.
    func submit(_ job: JobRecord, tasks records: [TaskRecord], recorded: [ResultRecord] = [], stored: Bool = true) {
        let finishedIndices = Set(recorded.map(\.index))
        var progress = JobProgress(record: job, unfinished: records.count - finishedIndices.count, stored: stored)
        progress.finished = finishedIndices.count
        progress.succeeded = recorded.filter(\.succeeded).count
        progress.fuel = recorded.reduce(0) { $0 + $1.fuelUsed }
        progress.started = !recorded.isEmpty
        jobs[job.id] = progress
        for record in records where !finishedIndices.contains(record.index) {
            let key = TaskKey(job: job.id, index: record.index)
            tasks[key] = TaskProgress(input: record, replicasWanted: job.replicas)
            for _ in 0..<job.replicas {
                queue.append(Pending(replica: ReplicaID(), task: key), owner: job.owner)
                jobs[job.id]!.queued += 1
            }
        }
        if progress.unfinished == 0 {
            finish(job.id)
        }
        dispatch()
    }

    /// The job's row is committed: its held results go to the recorder. If it ended meanwhile
    /// (a deadline, given-up tasks), its end is written now.
    func stored(_ id: JobID) {
        if jobs[id] != nil {
            jobs[id]!.stored = true
            let held = jobs[id]!.held
            jobs[id]!.held = []
            record(held)
        } else if let outcome = ended[id]?.outcome {
            persistEnd(id, as: outcome.state, at: outcome.finishedAt ?? clock.now)
        }
    }

    /// The job's row could not be written: forget the job as if it had never come.
    func discard(_ id: JobID) {
        guard jobs[id] != nil else { return }
        end(id, as: .cancelled, remembered: false, persisted: false)
    }

    /// Cancels a job: queued replicas are dropped, running ones are told to stop. The caller
    /// writes the cancellation (before answering its client). Returns false if the job is not
    /// active here.
    func cancel(_ id: JobID) -> Bool {
        guard jobs[id] != nil else { return false }
        end(id, as: .cancelled, persisted: false)
        return true
    }

    /// The job as submitted, while the broker remembers it (live or recently ended), so that
    /// a client asking about it needs no trip to the store.
    func record(of id: JobID) -> JobRecord? {
        jobs[id]?.record ?? ended[id]?.record
    }

    /// Where a job stands: live counters while it runs, its outcome for a while after it ended,
    /// nil when the broker has forgotten it (the store knows).
    func progress(of id: JobID) -> JobSnapshot? {
        guard let job = jobs[id] else { return ended[id]?.outcome }
        return JobSnapshot(state: job.started ? .running : .queued, finished: job.finished, succeeded: job.succeeded, fuel: job.fuel)
    }

    /// Waits until the job is no longer active here, or `timeout` passes.
    func waitForJob(_ id: JobID, timeout: Duration) async {
        guard jobs[id] != nil else { return }
        let clock = self.clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.parkUntilFinished(id) }
            group.addTask { try? await clock.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            self.releaseWaiters(of: id)
        }
    }

    private func parkUntilFinished(_ id: JobID) async {
        await withCheckedContinuation { continuation in
            if jobs[id] == nil {
                continuation.resume()
            } else {
                jobs[id]!.waiters.append(continuation)
            }
        }
    }

    private func releaseWaiters(of id: JobID) {
        guard let waiters = jobs[id]?.waiters else { return }
        jobs[id]!.waiters = []
        waiters.forEach { $0.resume() }
    }

    // MARK: - Workers

    /// Refuses these workers from now on (the store's flagged workers, on start).
    func refuse(_ workers: Set<WorkerID>) {
        flagged.formUnion(workers)
    }

    /// Adds an authenticated worker. Refuses one flagged for a bad result; replaces an older
    /// connection of the same worker.
    func connect(_ link: WorkerLink) -> Bool {
        guard !flagged.contains(link.id) else { return false }
        if workers[link.id] != nil {
            markDown(link.id, reason: "reconnected")
        }
        var session = WorkerSession(link: link, lastSeen: clock.now)
        session.window = configuration.replicasPerSlot
        workers[link.id] = session
        logger.info("worker \(link.id) (\(link.hello.name)) connected with \(link.hello.slots) slots, asking \(link.hello.prices.cpuPerFuel.baseUnits) base units per fuel")
        dispatch()
        return true
    }

    /// The worker's connection ended.
    func disconnect(_ id: WorkerID, linkConnectedAt: Date) {
        // A stale connection ending after the worker reconnected must not drop the new one.
        guard let session = workers[id], session.link.connectedAt == linkConnectedAt else { return }
        markDown(id, reason: "disconnected")
    }

    /// A heartbeat: the worker is alive, maybe paused.
    func heartbeat(_ id: WorkerID, _ beat: WorkerHeartbeat) {
        guard workers[id] != nil else { return }
        workers[id]!.lastSeen = clock.now
        let wasPaused = workers[id]!.paused
        workers[id]!.paused = beat.paused
        if wasPaused != beat.paused {
            logger.info("worker \(id) \(beat.paused ? "paused: \(beat.pauseReason ?? "idle policy")" : "resumed")")
        }
        if !beat.paused { dispatch() }
    }

    /// The worker takes no new work.
    func draining(_ id: WorkerID) {
        workers[id]?.draining = true
    }

    /// Assignments the worker confirmed.
    func acknowledge(_ id: WorkerID, _ replicas: [ReplicaID]) {
        workers[id]?.lastSeen = clock.now
        for replica in replicas where inflight[replica]?.worker == id {
            inflight[replica]!.acknowledged = true
        }
    }

    /// Replicas the worker could not run: run them elsewhere.
    func failed(_ id: WorkerID, _ failures: [ReplicaFailure]) {
        for failure in failures where inflight[failure.replica]?.worker == id {
            logger.warning("replica \(failure.replica) failed on worker \(id): \(failure.reason)")
            requeue(failure.replica)
        }
        dispatch()
    }

    /// Results from a worker. Results for replicas it does not hold (replayed, cancelled, or
    /// another worker's) are ignored.
    func results(_ id: WorkerID, _ results: [ReplicaResult]) {
        guard let publicKey = workers[id]?.link.publicKey else { return }
        workers[id]!.lastSeen = clock.now
        var durable: [ResultRecord] = []
        for result in results {
            // The session is mutated in place, never through a copy: settling a task can end its
            // job, and ending a job frees this worker's other replicas of it.
            guard let running = inflight[result.replica], running.worker == id, workers[id] != nil else { continue }
            // Signatures are evidence, always stored. Checking one costs ~90 µs, so every result
            // of a worker's first 16 is checked, then one in 32: a worker that signs garbage is
            // caught early and cannot know which results are checked.
            workers[id]!.resultsChecked += 1
            if workers[id]!.resultsChecked <= 16 || Int.random(in: 0..<32) == 0 {
                guard result.verify(publicKey: publicKey) else {
                    flag(id, reason: "a result signature or output hash did not verify")
                    return
                }
            }
            inflight[result.replica] = nil
            workers[id]!.running.remove(result.replica)
            workers[id]!.completed += 1
            learnSpeed(of: id, from: result)
            guard let record = settle(running.task, with: result, from: id) else { continue }
            if jobs[record.job]?.stored == false {
                jobs[record.job]!.held.append(record)
            } else {
                durable.append(record)
            }
        }
        record(durable)
        dispatch()
    }

    private func record(_ records: [ResultRecord]) {
        guard !records.isEmpty else { return }
        let recorder = self.recorder
        Task { await recorder.record(records) }
    }

    /// Results the recorder has made durable: count them, and finish jobs that are done.
    func committed(_ records: [ResultRecord]) {
        let now = clock.now
        completedTotal += records.count
        completions.append((now, records.count))
        completions.removeAll { now.timeIntervalSince($0.at) > 10 }
        for record in records {
            guard jobs[record.job] != nil else {
                // Accepted just before its job was cancelled or expired: count it in the outcome.
                if ended[record.job] != nil {
                    ended[record.job]!.outcome.finished += 1
                    ended[record.job]!.outcome.fuel += record.fuelUsed
                    if record.succeeded { ended[record.job]!.outcome.succeeded += 1 }
                }
                continue
            }
            jobs[record.job]!.unfinished -= 1
            jobs[record.job]!.finished += 1
            jobs[record.job]!.fuel += record.fuelUsed
            if record.succeeded { jobs[record.job]!.succeeded += 1 }
            if jobs[record.job]!.unfinished == 0 { finish(record.job) }
        }
    }

    // MARK: - Status

    /// Counts for `GET /v1/status`.
    func status(region: String) -> CoordinatorStatus {
        let sessions = workers.values
        let recent = completions.reduce(0) { $0 + $1.count }
        return CoordinatorStatus(
            region: region, workers: sessions.count, slots: sessions.reduce(0) { $0 + $1.link.hello.slots },
            busySlots: sessions.reduce(0) { $0 + $1.running.count }, queueDepth: queue.count,
            tasksCompleted: completedTotal, tasksPerSecond: Double(recent) / 10)
    }

    /// The connected workers, for `GET /v1/workers`.
    func workerSummaries() -> [WorkerSummary] {
        workers.values.map { session in
            let hello = session.link.hello
            return WorkerSummary(
                id: session.link.id, provider: session.link.provider, name: hello.name, region: hello.region, tier: hello.claimedTier,
                slots: hello.slots, running: session.running.count, paused: session.paused,
                fuelPerSecond: hello.fuelPerSecond, prices: hello.prices, connectedAt: session.link.connectedAt,
                completed: session.completed)
        }
        .sorted { $0.name < $1.name || ($0.name == $1.name && $0.id < $1.id) }
    }

    // MARK: - Time

    /// Marks down workers that missed an acknowledgement or went silent, requeues replicas that
    /// overran their limit, and expires jobs past their deadline. Called every 100 ms or so.
    func tick() {
        let now = clock.now
        for (id, session) in workers {
            if now.timeIntervalSince(session.lastSeen) > configuration.heartbeatTimeout.inSeconds {
                markDown(id, reason: "no heartbeat for \(configuration.heartbeatTimeout)")
            }
        }
        for (replica, running) in inflight {
            let age = now.timeIntervalSince(running.assignedAt)
            if !running.acknowledged, age > configuration.ackTimeout.inSeconds {
                markDown(running.worker, reason: "did not acknowledge replica \(replica) within \(configuration.ackTimeout)")
            } else if age > (running.wallClock + configuration.executionGrace).inSeconds {
                workers[running.worker]?.link.send(.cancel([replica]))
                requeue(replica)
            }
        }
        for (id, job) in jobs {
            if let deadline = job.record.deadline, now >= deadline {
                end(id, as: .expired)
            }
        }
        dispatch()
    }

    // MARK: - Matching

    private func dispatch() {
        guard !queue.isEmpty else { return }
        // Higher tiers (lower numbers) first: the scheduler prefers them.
        let order = workers.values.filter { $0.free > 0 }
            .sorted { ($0.link.hello.claimedTier.rawValue, $0.running.count) < ($1.link.hello.claimedTier.rawValue, $1.running.count) }
            .map(\.link.id)
        guard !order.isEmpty else { return }
        var batches: [WorkerID: [Assignment]] = [:]
        // First fill idle slots on every worker, then the work buffers; one replica per worker per
        // round, so work spreads over the pool instead of piling onto the first worker. A buffer
        // is topped up only once it is half empty, so under load one message carries many
        // assignments instead of one message per finished replica.
        let refilling = Set(order.filter { workers[$0]!.running.count <= workers[$0]!.capacity / 2 })
        for limit in [{ (session: WorkerSession) in session.link.hello.slots }, { (session: WorkerSession) in session.capacity }] {
            var progress = true
            while progress, !queue.isEmpty {
                progress = false
                for id in order {
                    // `order` holds only workers with room that are neither paused nor draining.
                    guard let session = workers[id],
                          session.running.count < limit(session),
                          session.running.count < session.link.hello.slots || refilling.contains(id),
                          let pending = queue.next(where: { fits($0, on: session) })
                    else { continue }
                    jobs[pending.task.job]?.queued -= 1
                    if let assignment = assign(pending, to: id) {
                        batches[id, default: []].append(assignment)
                    }
                    progress = true
                }
            }
        }
        for (id, batch) in batches {
            workers[id]?.link.send(.assign(batch))
        }
    }

    /// Sizes the worker's buffer from how long its replicas take: enough for ``Configuration/bufferTarget``.
    private func learnSpeed(of id: WorkerID, from result: ReplicaResult) {
        guard let session = workers[id] else { return }
        // Handling a result (signing, messages, recording) costs about as much again as a trivial run.
        let cost = Double(result.wallMicroseconds) + 50
        let average = session.averageMicroseconds.map { $0 * 0.8 + cost * 0.2 } ?? cost
        let target = configuration.bufferTarget.inSeconds * 1_000_000
        workers[id]!.averageMicroseconds = average
        workers[id]!.window = min(configuration.maxReplicasPerSlot, max(2, Int(target / average) + 1))
    }

    private func fits(_ pending: Pending, on session: WorkerSession) -> Bool {
        guard let task = tasks[pending.task], let job = jobs[pending.task.job] else { return true }
        // Requirement class: the task's memory limit must fit in one slot's share of the worker.
        let perSlot = session.link.hello.memoryBytes / UInt64(max(1, session.link.hello.slots))
        return !task.triedBy.contains(session.link.id) && job.record.limits.memoryBytes <= perSlot
    }

    private func assign(_ pending: Pending, to worker: WorkerID) -> Assignment? {
        // A settled task's entry is gone: a replica of it, or of an ended job, is simply dropped.
        guard var task = tasks[pending.task], let job = jobs[pending.task.job] else { return nil }
        task.triedBy.insert(worker)
        task.outstanding.insert(pending.replica)
        tasks[pending.task] = task
        jobs[pending.task.job]!.started = true
        workers[worker]!.running.insert(pending.replica)
        inflight[pending.replica] = Inflight(
            task: pending.task, worker: worker, assignedAt: clock.now, wallClock: job.record.limits.wallClock)
        return Assignment(
            replica: pending.replica, job: job.record.id, task: task.input.index, module: job.record.module,
            stdin: task.input.stdin, arguments: task.input.arguments, seed: task.input.seed, limits: job.record.limits)
    }

    /// Adds a result to its task; returns the record to store when the task is settled by it.
    private func settle(_ key: TaskKey, with result: ReplicaResult, from worker: WorkerID) -> ResultRecord? {
        guard var task = tasks[key], let job = jobs[key.job] else { return nil }
        task.outstanding.remove(result.replica)
        task.results.append((result, worker))
        // The replicas agree when enough of them report the same output, fuel and ending.
        let groups = Dictionary(grouping: task.results) { "\($0.result.outputHash.hex)|\($0.result.fuelUsed)|\($0.result.termination)" }
        let majority = task.replicasWanted / 2 + 1
        if let winner = groups.values.first(where: { $0.count >= majority })?.first {
            // Settled: the task's entry goes, and its other replicas are called off.
            for other in task.outstanding {
                if let running = inflight.removeValue(forKey: other) {
                    workers[running.worker]?.running.remove(other)
                    workers[running.worker]?.link.send(.cancel([other]))
                }
            }
            tasks[key] = nil
            return ResultRecord(job: key.job, index: key.index, worker: winner.worker, result: winner.result, recordedAt: clock.now)
        }
        if task.outstanding.isEmpty, task.results.count >= task.replicasWanted {
            // Every replica is in and no majority agrees: ask one more worker, up to the cap.
            if task.replicasWanted < configuration.maxReplicasPerTask {
                task.replicasWanted += 1
                tasks[key] = task
                queue.prepend(Pending(replica: ReplicaID(), task: key), owner: job.record.owner)
                jobs[key.job]!.queued += 1
            } else {
                tasks[key] = task
                giveUp(key, reason: "\(task.results.count) replicas disagree")
            }
            return nil
        }
        tasks[key] = task
        return nil
    }

    /// Puts a lost replica's task back at the head of the queue as a new replica.
    private func requeue(_ replica: ReplicaID) {
        guard let running = inflight.removeValue(forKey: replica) else { return }
        workers[running.worker]?.running.remove(replica)
        guard var task = tasks[running.task], let job = jobs[running.task.job] else { return }
        task.outstanding.remove(replica)
        task.attempts += 1
        tasks[running.task] = task
        if task.attempts >= configuration.maxAttempts {
            giveUp(running.task, reason: "lost on \(task.attempts) workers")
        } else {
            queue.prepend(Pending(replica: ReplicaID(), task: running.task), owner: job.record.owner)
            jobs[running.task.job]!.queued += 1
        }
    }

    private func giveUp(_ key: TaskKey, reason: String) {
        logger.warning("task \(key.index) of job \(key.job) given up: \(reason)")
        tasks[key] = nil
        guard jobs[key.job] != nil else { return }
        jobs[key.job]!.givenUp += 1
        jobs[key.job]!.unfinished -= 1
        if jobs[key.job]!.unfinished == 0 { finish(key.job) }
    }

    private func markDown(_ id: WorkerID, reason: String) {
        guard let session = workers.removeValue(forKey: id) else { return }
        logger.warning("worker \(id) (\(session.link.hello.name)) is down: \(reason)")
        session.link.close(reason)
        for replica in session.running {
            // Still counted as held by this worker; requeue needs the entry.
            requeue(replica)
        }
    }

    private func flag(_ id: WorkerID, reason: String) {
        flagged.insert(id)
        let (store, logger, now) = (self.store, self.logger, clock.now)
        Task {
            do {
                try await store.flagWorker(id, reason: reason, at: now)
            } catch {
                logger.error("could not record that worker \(id) is flagged: \(error)")
            }
        }
        workers[id]?.link.send(.refused(reason: "flagged: \(reason)", kind: .flagged))
        markDown(id, reason: "flagged: \(reason)")
    }

    /// All tasks have results or were given up: the job is over.
    private func finish(_ id: JobID) {
        guard let job = jobs[id] else { return }
        end(id, as: job.givenUp > 0 ? .failed : .completed)
    }

    /// Ends a job. `persisted: false` when the caller writes the end itself, or there is no row.
    private func end(_ id: JobID, as state: JobState, remembered: Bool = true, persisted: Bool = true) {
        guard let job = jobs.removeValue(forKey: id) else { return }
        if job.queued > 0 {
            _ = queue.removeAll { $0.task.job == id }
        }
        for (replica, running) in inflight where running.task.job == id {
            inflight[replica] = nil
            workers[running.worker]?.running.remove(replica)
            workers[running.worker]?.link.send(.cancel([replica]))
        }
        for index in 0..<job.record.taskCount {
            tasks[TaskKey(job: id, index: index)] = nil
        }
        let finishedAt = clock.now
        if remembered {
            remember(job.record, JobSnapshot(state: state, finished: job.finished, succeeded: job.succeeded, fuel: job.fuel, finishedAt: finishedAt))
        }
        // Waiters hear at once: the results are durable, and should the row update below be lost
        // in a crash, recovery finds every task done and ends the job the same way.
        job.waiters.forEach { $0.resume() }
        // A job whose row is not written yet gets its end written by `stored(_:)`.
        if persisted, job.stored {
            persistEnd(id, as: state, at: finishedAt)
        }
        logger.info("job \(id) \(state.rawValue)")
        dispatch()
    }

    private func persistEnd(_ id: JobID, as state: JobState, at finishedAt: Date) {
        let store = self.store
        let logger = self.logger
        Task {
            do {
                try await store.updateJob(id, state: state, finishedAt: finishedAt)
            } catch {
                logger.error("could not mark job \(id) \(state.rawValue): \(error)")
            }
        }
    }

    private func remember(_ record: JobRecord, _ outcome: JobSnapshot) {
        ended[record.id] = (record, outcome)
        endedOrder.append(record.id)
        while endedOrder.count > configuration.rememberedEndedJobs {
            ended[endedOrder.removeFirst()] = nil
        }
    }
}
