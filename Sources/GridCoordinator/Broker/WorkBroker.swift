package import Crypto
import DequeModule
package import Foundation
package import GridCore
import GridSandbox
package import GridStore
package import Logging

/// Matches queued replicas to worker slots and follows every replica until its task is decided,
/// as a thin driver over parts that each do one job and return what to do:
///
/// - ``JobTable``: jobs and tasks, driving GridCore's job and task state machines;
/// - ``WorkerRegistry``: sessions, what each worker may hold (earned, not claimed), flags;
/// - ``ReplicaTracker``: replicas out on workers, acknowledgements, overruns from the start of a run;
/// - ``Scheduler``: the fair queue, with a ``MatchPolicy`` deciding who may run what;
/// - a ``Verifier`` per job, deciding each task from its votes;
/// - the ``SettlementWriter``, the one ordered path to the store for everything durable.
///
/// CPUcoin's broker, kept: accepted work waits in memory, first come first served within each
/// client and round-robin between clients; an idle matching slot gets work at once. A replica
/// that is lost, fails on the worker's side or overruns goes back to the head of the queue as a
/// new replica, so a client never sees an error a worker caused. One actor, because the order of
/// events matters.
package actor WorkBroker {
    /// Timeouts and bounds.
    package struct Configuration: Sendable {
        /// Every setting at its default.
        package init() {}

        /// How long a worker has to acknowledge an assignment before it is marked down.
        package var ackTimeout: Duration = .seconds(5)
        /// How long a worker may stay silent before it is marked down.
        package var heartbeatTimeout: Duration = .seconds(15)
        /// Past this many queued replicas, new jobs are refused (503).
        package var maxQueuedReplicas = 200_000
        /// The most replicas one account's unfinished jobs may ask for (429 past it), so one client
        /// cannot fill the queue for everyone.
        package var maxQueuedReplicasPerAccount = 100_000
        /// The most input bytes one account's unfinished jobs may hold in memory (429 past it).
        package var maxQueuedInputBytesPerAccount = 512 << 20
        /// A task whose replicas ended this many times without a vote is given up.
        package var maxAttempts = 5
        /// Time beyond a task's wall-clock limit, from the start of its run, before its replica
        /// counts as overrun.
        package var executionGrace: Duration = .seconds(10)
        /// The most replicas per task when replicas disagree.
        package var maxReplicasPerTask = 16
        /// The most bytes of assignments in one message to a worker.
        package var maxAssignmentBytes = 8 << 20
        /// What workers may hold.
        package var workers = WorkerRegistry.Configuration()
        /// Ended jobs whose outcome is kept in memory for clients still asking.
        package var rememberedEndedJobs = 10_000
        /// How long the row of a job whose submitter waits for its end may wait to commit with
        /// its first results (one commit instead of two on a short job's round trip).
        package var waitingJobCommitWindow: Duration = .milliseconds(100)
    }

    /// One connected, authenticated worker, as the gateway hands it over.
    package struct WorkerLink: Sendable {
        /// The memberwise initializer, spelled out so the package's tests can reach it.
        package init(id: WorkerID, hello: WorkerHello, publicKey: Curve25519.Signing.PublicKey, provider: AccountID, connectedAt: Date, send: @escaping @Sendable (CoordinatorMessage) -> Void, close: @escaping @Sendable (String) -> Void) {
            self.id = id
            self.hello = hello
            self.publicKey = publicKey
            self.provider = provider
            self.connectedAt = connectedAt
            self.send = send
            self.close = close
        }

        package let id: WorkerID
        package let hello: WorkerHello
        package let publicKey: Curve25519.Signing.PublicKey
        /// The provider account the device is enrolled to: who is owed for its work.
        package let provider: AccountID
        package let connectedAt: Date
        /// Queues a message to the worker (never blocks).
        package let send: @Sendable (CoordinatorMessage) -> Void
        /// Closes the connection.
        package let close: @Sendable (String) -> Void
    }

    /// What ``submit(_:tasks:)`` made of a new job.
    package enum Admission: Sendable, Equatable {
        /// Stored and queued.
        case accepted
        /// Over the queue threshold: nothing was stored or queued.
        case queueFull
        /// Over the account's own limit (`field` names which): nothing was stored or queued.
        case accountLimit(String, field: String)
        /// The store refused the job: nothing was queued.
        case refused(StoreError)
    }

    private let configuration: Configuration
    package let writer: SettlementWriter
    package let clock: any GridClock
    package let logger: Logger
    private let matchPolicy: any MatchPolicy
    /// Who is paid the operator's share of every charge (and every rounding remainder).
    package let operatorAccount: AccountID

    package private(set) var jobs: JobTable
    package var registry: WorkerRegistry
    package private(set) var tracker = ReplicaTracker()
    /// Output blobs uploaded for replicas, until their results come (`WorkBroker+Blobs.swift`).
    package var outputUploads = OutputUploads()
    package var scheduler = Scheduler()
    /// The price of compute now: every worker's quote comes from it.
    package var prices: PriceBoard
    /// The price each billed replica was assigned at, until its task is decided or it is lost.
    package var replicaQuotes: [ReplicaID: Quote] = [:]
    /// The bid of every worker seen since start, to price a late result of a worker gone.
    package private(set) var bids: [WorkerID: Amount] = [:]
    private var random = SystemRandomNumberGenerator()

    /// Long polls waiting for a job's end, each with its own token so one that times out wakes
    /// nobody else.
    private var waiters: [JobID: [Int: CheckedContinuation<Void, Never>]] = [:]
    private var nextWaiter = 0
    /// Jobs whose waiters were told they ended, and when (their end row may still be on its way).
    private var told: [JobID: Date] = [:]
    /// Replicas and input bytes of each account's unfinished jobs.
    private var accountLoad: [AccountID: (replicas: Int, bytes: Int)] = [:]
    /// The provider account of every worker seen since start, for the evidence of late results.
    package private(set) var providers: [WorkerID: AccountID] = [:]
    /// What beneficiaries direct to charity accounts (the store's, from start; then each change).
    package var charity: [AccountID: CharityDirection] = [:]
    /// What each live job adds to its account's load.
    private var jobLoad: [JobID: (owner: AccountID, replicas: Int, bytes: Int)] = [:]
    private var completedTotal = 0
    private var completions = Deque<(at: Duration, count: Int)>()
    /// Outcomes of ended jobs, oldest first in `endedOrder`.
    private var ended: [JobID: (record: JobRecord, outcome: JobSnapshot)] = [:]
    private var endedOrder = Deque<JobID>()

    package init(
        configuration: Configuration, writer: SettlementWriter, clock: any GridClock, logger: Logger,
        matchPolicy: any MatchPolicy = ResourceMatchPolicy(), pricing: Pricing = try! Pricing(),
        operatorAccount: AccountID = SystemAccount.treasury.id
    ) {
        self.configuration = configuration
        self.prices = PriceBoard(pricing: pricing, at: clock.now)
        self.operatorAccount = operatorAccount
        self.writer = writer
        self.clock = clock
        self.logger = logger
        self.matchPolicy = matchPolicy
        self.jobs = JobTable(maxReplicasPerTask: configuration.maxReplicasPerTask, maxAttempts: configuration.maxAttempts)
        self.registry = WorkerRegistry(configuration: configuration.workers)
    }

    // MARK: - Jobs

    /// Admits a new job: checks the queue threshold and queues its replicas in one step (so
    /// concurrent submissions cannot overshoot it), then stores it through the settlement writer
    /// and returns once it is durable. Its first replicas may run while its row commits; their
    /// results are written after it, in order. When the submitter waits up to `wait` for the
    /// job's end, its row may commit with its first results, within
    /// ``Configuration/waitingJobCommitWindow`` and the wait.
    package func submit(_ job: JobRecord, tasks: [TaskRecord], wait: Duration? = nil) async -> Admission {
        guard scheduler.count + job.taskCount * job.replicas <= configuration.maxQueuedReplicas else { return .queueFull }
        let load = accountLoad[job.owner] ?? (0, 0)
        let replicas = job.taskCount * job.replicas
        let bytes = tasks.reduce(0) { $0 + $1.stdin.count }
        if load.replicas + replicas > configuration.maxQueuedReplicasPerAccount {
            return .accountLimit(
                "your unfinished jobs already ask for \(load.replicas) replicas; \(replicas) more would pass your limit of \(configuration.maxQueuedReplicasPerAccount)",
                field: "tasks")
        }
        if load.bytes + bytes > configuration.maxQueuedInputBytesPerAccount {
            return .accountLimit(
                "your unfinished jobs already hold \(load.bytes) input bytes; \(bytes) more would pass your limit of \(configuration.maxQueuedInputBytesPerAccount)",
                field: "tasks")
        }
        // The row is handed in before any replica is dispatched, so it precedes their results.
        let new = NewJob(job: job, tasks: tasks)
        let stored = wait.map { writer.enqueue(new, deferredFor: min($0, configuration.waitingJobCommitWindow)) }
            ?? writer.enqueue(.job(new))
        add(job, tasks: tasks, recorded: [])
        do {
            try await stored.durable()
            return .accepted
        } catch let error as StoreError {
            discard(job.id)
            return .refused(error)
        } catch {
            discard(job.id)
            return .refused(.databaseFailure("\(error)"))
        }
    }

    /// Queues a stored job found unfinished after a restart, skipping tasks with a result and
    /// tasks given up (decided already: they are not run again).
    package func recover(_ job: JobRecord, tasks: [TaskRecord], recorded: [ResultRecord], givenUp: [GivenUpTaskRecord] = []) {
        add(job, tasks: tasks, recorded: recorded, givenUp: givenUp)
        if let end = jobs.finishIfDone(job.id) { finish(job.id, as: end) }
    }

    private func add(_ job: JobRecord, tasks: [TaskRecord], recorded: [ResultRecord], givenUp: [GivenUpTaskRecord] = []) {
        let bytes = tasks.reduce(0) { $0 + $1.stdin.count }
        accountLoad[job.owner, default: (0, 0)].replicas += job.taskCount * job.replicas
        accountLoad[job.owner, default: (0, 0)].bytes += bytes
        jobLoad[job.id] = (job.owner, job.taskCount * job.replicas, bytes)
        for replica in jobs.add(job, tasks: tasks, recorded: recorded, givenUp: Set(givenUp.map(\.index))) {
            scheduler.append(replica)
        }
        dispatch()
    }

    /// Cancels a job: queued replicas are dropped and running ones told to stop; returns once
    /// the cancellation is durable. False when the job is not live here.
    package func cancel(_ id: JobID) async -> Bool {
        guard let calledOff = jobs.end(id, as: .cancelled) else { return false }
        callOff(calledOff)
        scheduler.removeAll(of: id)
        let finishedAt = clock.now
        let ended = writer.enqueue(.jobEnd(JobEnd(job: id, state: .cancelled, finishedAt: finishedAt)))
        do {
            try await ended.durable()
        } catch {
            logger.error("could not record that job \(id) is cancelled: \(error)")
        }
        // Durable now: whoever asks next hears it, even before the commit's notice arrives.
        if jobs.jobs[id] != nil {
            told[id] = finishedAt
            tellWaiters(of: id)
        }
        dispatch()
        return true
    }

    /// The job's row could not be written: forget it as if it had never come.
    private func discard(_ id: JobID) {
        guard let calledOff = jobs.end(id, as: .cancelled) else { return }
        callOff(calledOff)
        scheduler.removeAll(of: id)
        _ = removeJob(id)
        tellWaiters(of: id)
        dispatch()
    }

    /// The job leaves the table; its account's load goes down.
    private func removeJob(_ id: JobID) -> JobTable.Job? {
        if let load = jobLoad.removeValue(forKey: id) {
            accountLoad[load.owner]!.replicas -= load.replicas
            accountLoad[load.owner]!.bytes -= load.bytes
            if accountLoad[load.owner]!.replicas <= 0 { accountLoad[load.owner] = nil }
        }
        return jobs.remove(id)
    }

    /// The job as submitted, while the broker remembers it (live or recently ended), so that
    /// a client asking about it needs no trip to the store.
    package func record(of id: JobID) -> JobRecord? {
        jobs.jobs[id]?.record ?? ended[id]?.record
    }

    /// Where a job stands: durable counts while it runs, its outcome for a while after it ended,
    /// nil when the broker has forgotten it (the store knows).
    package func progress(of id: JobID) -> JobSnapshot? {
        guard let job = jobs.jobs[id] else { return ended[id]?.outcome }
        let toldAt = told[id]
        let state: JobState = toldAt != nil ? (job.end ?? job.state) : job.state.isTerminal ? .running : job.state
        return JobSnapshot(
            state: state, finished: job.finished, succeeded: job.succeeded, fuel: job.fuel, finishedAt: toldAt,
            waitingReason: state == .queued || state == .running ? waitingReason(of: job) : nil)
    }

    /// Waits as ``waitForJob(_:timeout:)`` does, then answers ``progress(of:)``, in one call.
    package func progress(of id: JobID, waitingUpTo timeout: Duration) async -> JobSnapshot? {
        await waitForJob(id, timeout: timeout)
        return progress(of: id)
    }

    /// Waits until the job's end is known, or `timeout` passes. Only this waiter's own timeout
    /// ends its wait.
    package func waitForJob(_ id: JobID, timeout: Duration) async {
        guard jobs.jobs[id] != nil, told[id] == nil else { return }
        nextWaiter += 1
        let token = nextWaiter
        let clock = self.clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.park(id, token) }
            group.addTask { try? await clock.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
            self.release(id, token)
        }
    }

    private func park(_ id: JobID, _ token: Int) async {
        await withCheckedContinuation { continuation in
            if jobs.jobs[id] == nil || told[id] != nil {
                continuation.resume()
            } else {
                waiters[id, default: [:]][token] = continuation
            }
        }
    }

    private func release(_ id: JobID, _ token: Int) {
        waiters[id]?.removeValue(forKey: token)?.resume()
        if waiters[id]?.isEmpty == true { waiters[id] = nil }
    }

    private func tellWaiters(of id: JobID) {
        waiters.removeValue(forKey: id)?.values.forEach { $0.resume() }
    }

    // MARK: - Workers

    /// Refuses these workers from now on (the store's flagged workers, on start).
    package func refuse(_ workers: Set<WorkerID>) {
        registry.flag(workers)
    }

    /// Whether the worker is flagged and must be refused.
    package func isRefused(_ id: WorkerID) -> Bool {
        registry.flagged.contains(id)
    }

    /// Adds an authenticated worker. Refuses one flagged for a lie; replaces an older connection
    /// of the same worker.
    package func connect(_ link: WorkerLink) -> Bool {
        guard !registry.flagged.contains(link.id) else { return false }
        if registry[link.id] != nil {
            markDown(link.id, reason: "reconnected")
        }
        _ = registry.connect(link, quote: prices.quote(bid: link.hello.prices.cpuPerFuel), now: clock.monotonic)
        providers[link.id] = link.provider
        bids[link.id] = link.hello.prices.cpuPerFuel
        logger.info("worker \(link.id) (\(link.hello.name)) connected claiming \(link.hello.slots) slots, asking \(link.hello.prices.cpuPerFuel.baseUnits) base units per fuel")
        // The pool changed: replicas no worker could take may fit now.
        scheduler.unpark()
        dispatch()
        return true
    }

    /// The worker's connection ended.
    package func disconnect(_ id: WorkerID, linkConnectedAt: Date) {
        // A stale connection ending after the worker reconnected must not drop the new one.
        guard let session = registry[id], session.link.connectedAt == linkConnectedAt else { return }
        markDown(id, reason: "disconnected")
    }

    /// A heartbeat: the worker is alive, maybe paused.
    package func heartbeat(_ id: WorkerID, _ beat: WorkerHeartbeat) {
        registry.heard(from: id, now: clock.monotonic)
        if registry.setPaused(id, beat.paused) {
            logger.info("worker \(id) \(beat.paused ? "paused: \(beat.pauseReason ?? "idle policy")" : "resumed")")
        }
        if !beat.paused { dispatch() }
    }

    /// The worker takes no new work.
    package func draining(_ id: WorkerID) {
        registry.setDraining(id)
    }

    /// Assignments the worker confirmed.
    package func acknowledge(_ id: WorkerID, _ replicas: [ReplicaID]) {
        registry.heard(from: id, now: clock.monotonic)
        for replica in replicas {
            tracker.acknowledge(replica, by: id)
        }
    }

    /// Replicas the worker could not run: run them elsewhere.
    package func failed(_ id: WorkerID, _ failures: [ReplicaFailure]) {
        var entries: [SettlementWriter.Entry] = []
        for failure in failures where tracker[failure.replica]?.worker == id {
            logger.warning("replica \(failure.replica) failed on worker \(id): \(failure.reason)")
            lose(failure.replica, .failed, into: &entries)
        }
        writer.append(entries)
        dispatch()
    }

    /// Results from a worker. Results for replicas it does not hold (replayed, or another
    /// worker's) are ignored; late ones (their task was settled meanwhile) are kept as evidence.
    /// A result that proves a lie flags the worker: the results before it in the batch stand,
    /// the ones after it are dropped and their replicas run elsewhere.
    package func results(_ id: WorkerID, _ results: [ReplicaResult]) {
        guard let session = registry[id] else { return }
        let publicKey = session.link.publicKey
        let now = clock.monotonic
        registry.heard(from: id, now: now)
        var entries: [SettlementWriter.Entry] = []
        for result in results {
            guard registry[id] != nil else { break }
            guard let replica = tracker[result.replica], replica.worker == id, let job = jobs.jobs[replica.task.job] else {
                if let task = tracker.calledOff(result.replica, by: id) {
                    tracker.forgetCalledOff(result.replica)
                    registry.completed(on: id, wallMicroseconds: result.wallMicroseconds, now: now)
                    let matches = result.outputBlobSize == nil ? result.outputMatchesHash : !checkBlobOutput(of: result, from: id).isLie
                    let verdict: ReplicaVerdict = matches ? .late : .forged
                    entries.append(.replica(evidence(result, task: task, worker: id, checked: false, verdict)))
                    if verdict == .forged {
                        flag(id, reason: "the output of replica \(result.replica) does not match the hash it signed", into: &entries)
                    }
                }
                continue
            }
            // A large output is a blob its worker uploaded first; a result naming none is a failed attempt.
            var blobLie: String?
            if result.outputBlobSize != nil {
                switch checkBlobOutput(of: result, from: id) {
                case .uploaded: break
                case .missing:
                    logger.warning("replica \(result.replica) on worker \(id) names an output blob it did not upload; it runs elsewhere")
                    lose(result.replica, .failed, into: &entries)
                    continue
                case .lie(let lie): blobLie = lie
                }
            }
            let checked = registry.samplesSignature(of: id, random: &random)
            if let lie = blobLie ?? Self.lie(in: result, limits: job.record.limits, publicKey: publicKey, checkSignature: checked) {
                _ = tracker.report(result.replica, by: id, slots: registry[id]?.runningSlots ?? 0, now: now)
                registry.release(result.replica, on: id)
                handle(jobs.lost(replica.task, replica: result.replica, worker: id, .lost), into: &entries)
                entries.append(.replica(evidence(result, task: replica.task, worker: id, checked: checked, .forged)))
                flag(id, reason: lie, into: &entries)
                break
            }
            _ = tracker.report(result.replica, by: id, slots: registry[id]?.runningSlots ?? 0, now: now)
            registry.release(result.replica, on: id)
            registry.completed(on: id, wallMicroseconds: result.wallMicroseconds, now: now)
            if result.termination == Self.wallClockTermination {
                // Where the watchdog stops a run depends on the machine: not a vote, an attempt.
                entries.append(.replica(evidence(result, task: replica.task, worker: id, checked: checked, .stopped)))
                handle(jobs.lost(replica.task, replica: result.replica, worker: id, .stopped), into: &entries)
                scheduler.unpark(replica.task)
                continue
            }
            prices.recordFinished(fuel: min(result.fuelUsed, job.record.limits.fuel))
            let vote = JobTable.Vote(result: result, worker: id, publicKey: publicKey, signatureChecked: checked)
            handle(jobs.vote(replica.task, replica: result.replica, vote), into: &entries)
        }
        writer.append(entries)
        dispatch()
    }

    /// How a run the wall-clock limit stopped is reported (the worker's `limit:` and the limit's name).
    package static let wallClockTermination = "limit:\(LimitKind.wallClock.rawValue)"

    /// What in `result` proves its worker lied, if anything: output bytes that do not match the
    /// signed hash (checked on every result), fuel or memory beyond the job's limits, output
    /// over its cap, and, when asked, a signature that does not verify.
    package static func lie(in result: ReplicaResult, limits: Limits, publicKey: Curve25519.Signing.PublicKey, checkSignature: Bool) -> String? {
        // (An output sent as a blob is checked against its upload instead.)
        if result.outputBlobSize == nil, !result.outputMatchesHash {
            return "the output of replica \(result.replica) does not match the hash it signed"
        }
        if result.fuelUsed > limits.fuel {
            return "replica \(result.replica) claimed \(result.fuelUsed) fuel, over the job's limit of \(limits.fuel)"
        }
        if result.peakMemoryBytes > limits.memoryBytes {
            return "replica \(result.replica) claimed \(result.peakMemoryBytes) bytes of memory, over the job's limit of \(limits.memoryBytes)"
        }
        let outputBytes = UInt64(clamping: result.outputSize) + UInt64(result.stderr.count)
        if outputBytes > limits.outputBytes * 2 {
            return "replica \(result.replica) returned \(outputBytes) bytes of output, over the job's limit"
        }
        if checkSignature, !result.signatureVerifies(publicKey: publicKey) {
            return "the signature of replica \(result.replica)'s result does not verify"
        }
        return nil
    }

    // MARK: - Settlement

    /// Entries the settlement writer made durable, in order: count results, end jobs that are done,
    /// tell waiters.
    package func committed(_ entries: [SettlementWriter.Entry]) {
        let now = clock.monotonic
        var results = 0
        var follow: [SettlementWriter.Entry] = []
        for entry in entries {
            switch entry {
            case .result(let result):
                results += 1
                if jobs.jobs[result.job] != nil {
                    jobs.committed(result)
                    if let end = jobs.finishIfDone(result.job) { finish(result.job, as: end, into: &follow) }
                } else if ended[result.job] != nil {
                    // Accepted just before its job was cancelled or expired: count it in the outcome.
                    ended[result.job]!.outcome.finished += 1
                    ended[result.job]!.outcome.fuel += result.fuelUsed
                    if result.succeeded { ended[result.job]!.outcome.succeeded += 1 }
                }
            case .jobEnd(let end):
                ended(end)
            case .job, .replica, .givenUp, .flag, .priceEpoch:
                continue
            }
        }
        if results > 0 {
            completedTotal += results
            completions.append((now, results))
        }
        writer.append(follow)
    }

    /// The job's end is settled: it leaves the table, its outcome is remembered, its waiters hear.
    private func ended(_ end: JobEnd) {
        guard let job = removeJob(end.job) else { return }
        remember(job.record, JobSnapshot(
            state: end.state, finished: job.finished, succeeded: job.succeeded, fuel: job.fuel, finishedAt: end.finishedAt))
        told[end.job] = nil
        tellWaiters(of: end.job)
    }

    /// An entry the store refused: its task fails with the store's reason; nothing else waits on it.
    package func refused(_ entry: SettlementWriter.Entry, because error: StoreError) {
        switch entry {
        case .result(let result):
            let key = TaskKey(job: result.job, index: result.index)
            logger.error("task \(key.index) of job \(key.job) failed: the store refused its result: \(error.message)")
            jobs.resultRefused(key)
            var entries: [SettlementWriter.Entry] = [.givenUp(GivenUpTaskRecord(
                job: key.job, index: key.index, reason: "the store refused its result: \(error.message)", givenUpAt: clock.now))]
            if let end = jobs.finishIfDone(key.job) { finish(key.job, as: end, into: &entries) }
            writer.append(entries)
        case .jobEnd(let end):
            // Its end is lost, but the job is over all the same; a restart ends it again.
            ended(end)
        case .job, .replica, .givenUp, .flag, .priceEpoch:
            // A job's submitter hears the refusal itself; lost evidence, a lost reason or a lost
            // flag is logged by the writer (the flag still holds in memory).
            return
        }
    }

    // MARK: - Status

    /// Counts for `GET /v1/status`; the task rate covers the last ten seconds.
    package func status(region: String) -> CoordinatorStatus {
        let now = clock.monotonic
        while let first = completions.first, now - first.at > .seconds(10) { completions.removeFirst() }
        let recent = completions.reduce(0) { $0 + $1.count }
        let sessions = registry.sessions.values
        return CoordinatorStatus(
            region: region, workers: sessions.count, slots: sessions.reduce(0) { $0 + $1.claimedSlots },
            busySlots: sessions.reduce(0) { $0 + min($1.holding.count, $1.runningSlots) }, queueDepth: scheduler.count,
            tasksCompleted: completedTotal, tasksPerSecond: Double(recent) / 10)
    }

    /// The connected workers, for `GET /v1/workers`.
    package func workerSummaries() -> [WorkerSummary] {
        registry.sessions.values.map { session in
            let hello = session.link.hello
            return WorkerSummary(
                id: session.link.id, provider: session.link.provider, name: hello.name, region: hello.region,
                tier: .untrustedConsumer, claimedTier: hello.claimedTier, slots: session.runningSlots, claimedSlots: hello.slots,
                running: min(session.holding.count, session.runningSlots), paused: session.paused,
                fuelPerSecond: hello.fuelPerSecond, prices: hello.prices, connectedAt: session.link.connectedAt,
                completed: session.completed)
        }
        .sorted { $0.name < $1.name || ($0.name == $1.name && $0.id < $1.id) }
    }

    /// Why a job's replicas wait, when none is running: the reason they are parked, no worker
    /// online, or every worker paused or draining.
    private func waitingReason(of job: JobTable.Job) -> String? {
        if let reason = scheduler.parkedReasons[job.record.id] { return reason }
        let held = tracker.replicas.values.contains { $0.task.job == job.record.id }
        guard !held else { return nil }
        if registry.isEmpty { return "no worker is online" }
        if registry.sessions.values.allSatisfy({ $0.paused || $0.draining }) {
            return "every worker is paused or draining"
        }
        return nil
    }

    // MARK: - Time

    /// Marks down workers that missed an acknowledgement or went silent, requeues replicas that
    /// overran their limit, and expires jobs past their deadline. Called every 100 ms or so.
    /// Timeouts read the monotonic clock; deadlines, which clients give as dates, the wall clock.
    package func tick() {
        let now = clock.monotonic
        for id in registry.silent(now: now, timeout: configuration.heartbeatTimeout) {
            markDown(id, reason: "no heartbeat for \(configuration.heartbeatTimeout)")
        }
        let (unacknowledged, overrun) = tracker.overdue(
            now: now, ackTimeout: configuration.ackTimeout, grace: configuration.executionGrace)
        var entries: [SettlementWriter.Entry] = []
        for replica in unacknowledged {
            guard let worker = tracker[replica]?.worker else { continue }
            markDown(worker, reason: "did not acknowledge replica \(replica) within \(configuration.ackTimeout)")
        }
        for replica in overrun {
            guard let worker = tracker[replica]?.worker else { continue }
            registry[worker]?.link.send(.cancel([replica]))
            lose(replica, .overran, into: &entries)
            // Its sandbox stops a run at the limit, so a run past it means the worker is not doing
            // what it says: everything it holds moves on (it may reconnect).
            markDown(worker, reason: "replica \(replica) ran past its wall-clock limit with no result")
        }
        let today = clock.now
        followTheClock(today)
        for (id, job) in jobs.jobs where job.end == nil {
            if let deadline = job.record.deadline, today >= deadline, let calledOff = jobs.end(id, as: .expired) {
                logger.info("job \(id) expired")
                callOff(calledOff)
                scheduler.removeAll(of: id)
                entries.append(.jobEnd(JobEnd(job: id, state: .expired, finishedAt: today)))
            }
        }
        writer.append(entries)
        dispatch()
    }

    // MARK: - Matching

    private func dispatch() {
        guard scheduler.offerable > 0 else { return }
        // The cheapest workers are offered work first, so a job never pays a dear worker while a
        // cheaper one that fits has room (ties keep the registry's order).
        let order = registry.withRoom().enumerated().sorted { left, right in
            switch (registry[left.element]?.quote?.price, registry[right.element]?.quote?.price) {
            case let (a?, b?) where a != b: a < b
            case (.some, nil): true
            case (nil, .some): false
            default: left.offset < right.offset
            }
        }.map(\.element)
        guard !order.isEmpty else { return }
        let now = clock.monotonic
        var batches: [WorkerID: (assignments: [Assignment], bytes: Int)] = [:]
        // First fill idle slots on every worker, then the work buffers; one replica per worker per
        // round, so work spreads over the pool instead of piling onto the first worker. A buffer
        // is topped up only once it is half empty, so under load one message carries many
        // assignments instead of one message per finished replica.
        let refilling = Set(order.filter { registry[$0]!.holding.count <= registry[$0]!.capacity / 2 })
        for filling in [false, true] {
            var progress = true
            while progress, scheduler.offerable > 0 {
                progress = false
                for id in order {
                    guard let session = registry[id], !session.paused, !session.draining else { continue }
                    let limit = filling ? session.capacity : session.runningSlots
                    guard session.holding.count < limit, session.holding.count < session.runningSlots || refilling.contains(id),
                          let pending = scheduler.next({ offer($0, to: session) }),
                          let job = jobs.jobs[pending.task.job], let input = jobs.tasks[pending.task]?.input
                    else { continue }
                    jobs.dispatched(pending.task, to: id)
                    registry.hold(pending.replica, on: id)
                    if job.record.billing != nil { replicaQuotes[pending.replica] = session.quote }
                    tracker.assign(
                        pending.replica, of: pending.task, to: id, wallClock: job.record.limits.wallClock,
                        slots: session.runningSlots, now: now)
                    let assignment = Assignment(
                        replica: pending.replica, job: job.record.id, task: input.index, module: job.record.module,
                        stdin: input.stdin, stdinBlob: input.stdinBlob, arguments: input.arguments, seed: input.seed,
                        limits: job.record.limits)
                    // Messages stay under the worker's frame limit: a full batch goes out at once.
                    let size = assignment.stdin.count * 4 / 3 + assignment.arguments.reduce(0) { $0 + $1.utf8.count } + 512
                    if let batch = batches[id], batch.bytes + size > configuration.maxAssignmentBytes {
                        session.link.send(.assign(batch.assignments))
                        batches[id] = nil
                    }
                    batches[id, default: ([], 0)].assignments.append(assignment)
                    batches[id]!.bytes += size
                    progress = true
                }
            }
        }
        for (id, batch) in batches {
            registry[id]?.link.send(.assign(batch.assignments))
        }
    }

    /// Whether the worker takes this replica; parks it when no connected worker could.
    private func offer(_ pending: PendingReplica, to session: WorkerRegistry.Session) -> Scheduler.Offer {
        guard jobs.isLive(pending.task), let job = jobs.jobs[pending.task.job] else { return .drop }
        let fits = matchPolicy.check(job.record, on: session.candidate)
        let eligibility = jobs.eligibility(pending.task, worker: session.link.id)
        if fits == .fits, eligibility == .yes { return .take }
        let others = registry.sessions.values.filter { $0.link.id != session.link.id }
        func otherMay(_ accept: (JobTable.Eligibility) -> Bool) -> Bool {
            others.contains { other in
                accept(jobs.eligibility(pending.task, worker: other.link.id)) && matchPolicy.check(job.record, on: other.candidate) == .fits
            }
        }
        // This worker lost a replica of it before: it may try again when no other worker may.
        if fits == .fits, eligibility == .ifNoOther, !otherMay({ $0 == .yes }) { return .take }
        // Could any connected worker take it? If not, it must not block its client's line.
        if otherMay({ $0 != .no }) { return .skip }
        if case .refused(let reason) = fits, !others.contains(where: { matchPolicy.check(job.record, on: $0.candidate) == .fits }) {
            return .park(reason)
        }
        let needed = jobs.workersNeeded(pending.task)
        return .park("its tasks need \(needed) distinct workers and \(registry.sessions.count) \(registry.sessions.count == 1 ? "is" : "are") online")
    }

    // MARK: - Outcomes

    /// Carries out what the job table decided.
    private func handle(_ outcome: JobTable.Outcome, into entries: inout [SettlementWriter.Entry]) {
        switch outcome {
        case .waiting:
            return
        case .queue(let replicas, let atHead):
            for replica in replicas {
                atHead ? scheduler.prepend(replica) : scheduler.append(replica)
            }
        case .decided(let decision):
            settle(decision, into: &entries)
        }
    }

    private func settle(_ decision: JobTable.Decision, into entries: inout [SettlementWriter.Entry]) {
        callOff(decision.calledOff)
        scheduler.removeParked(of: decision.task)
        let now = clock.now
        if let accepted = decision.accepted {
            // The result row is also the accepted replica's evidence, and carries what it bills.
            entries.append(.result(ResultRecord(
                job: decision.task.job, index: decision.task.index, worker: accepted.worker, provider: providers[accepted.worker],
                result: accepted.result, signatureChecked: accepted.signatureChecked, recordedAt: now,
                charges: charges(for: decision, accepted: accepted))))
        }
        for (vote, _) in decision.verdicts { replicaQuotes[vote.result.replica] = nil }
        for replica in decision.calledOff { replicaQuotes[replica] = nil }
        for (vote, verdict) in decision.verdicts where verdict != .accepted {
            var verdict = verdict
            var checked = vote.signatureChecked
            // A result used against its worker is checked first: a dissent must be its own words.
            if verdict == .dissented, !checked {
                checked = true
                if !vote.result.signatureVerifies(publicKey: vote.publicKey) {
                    verdict = .forged
                    flag(vote.worker, reason: "the signature of replica \(vote.result.replica)'s result does not verify", into: &entries)
                }
            }
            entries.append(.replica(evidence(vote.result, task: decision.task, worker: vote.worker, checked: checked, verdict)))
        }
        if let reason = decision.reason {
            logger.warning("task \(decision.task.index) of job \(decision.task.job) given up: \(reason)")
            // Kept, so the client learns why (after a restart too); before the job's end it causes.
            entries.append(.givenUp(GivenUpTaskRecord(job: decision.task.job, index: decision.task.index, reason: reason, givenUpAt: now)))
            if let end = jobs.finishIfDone(decision.task.job) { finish(decision.task.job, as: end, into: &entries) }
        }
    }

    /// A replica ended without a vote: free its slot and run its task again (or give it up).
    private func lose(_ replica: ReplicaID, _ loss: ReplicaTracker.Loss, into entries: inout [SettlementWriter.Entry]) {
        let worker = tracker[replica].flatMap { registry[$0.worker] }
        guard let entry = tracker.lose(replica, loss, slots: worker?.runningSlots ?? 0, now: clock.monotonic) else { return }
        replicaQuotes[replica] = nil
        registry.release(replica, on: entry.worker)
        handle(jobs.lost(entry.task, replica: replica, worker: entry.worker, loss), into: &entries)
        // Its worker may take the task again, so replicas parked for want of workers may move.
        scheduler.unpark(entry.task)
    }

    /// Calls off replicas no longer wanted: the workers holding them are told to stop.
    private func callOff(_ replicas: Set<ReplicaID>) {
        var byWorker: [WorkerID: [ReplicaID]] = [:]
        let now = clock.monotonic
        for replica in replicas {
            let slots = tracker[replica].flatMap { registry[$0.worker]?.runningSlots } ?? 0
            guard let entry = tracker.callOff(replica, slots: slots, now: now) else { continue }
            registry.release(replica, on: entry.worker)
            byWorker[entry.worker, default: []].append(replica)
        }
        for (worker, replicas) in byWorker {
            registry[worker]?.link.send(.cancel(replicas))
        }
    }

    /// Every task decided and its results durable: the job ends. A job whose tasks all succeeded
    /// is over for its waiters at once (its end follows from results already durable, and a
    /// restart would find the same); any other end is told once its row is written.
    private func finish(_ id: JobID, as state: JobState, into entries: inout [SettlementWriter.Entry]) {
        logger.info("job \(id) \(state.rawValue)")
        let now = clock.now
        entries.append(.jobEnd(JobEnd(job: id, state: state, finishedAt: now)))
        if state == .completed {
            told[id] = now
            tellWaiters(of: id)
        }
    }

    private func finish(_ id: JobID, as state: JobState) {
        var entries: [SettlementWriter.Entry] = []
        finish(id, as: state, into: &entries)
        writer.append(entries)
    }

    private func markDown(_ id: WorkerID, reason: String) {
        guard let session = registry.remove(id) else { return }
        logger.warning("worker \(id) (\(session.link.hello.name)) is down: \(reason)")
        session.link.close(reason)
        var entries: [SettlementWriter.Entry] = []
        for replica in tracker.held(by: id) {
            lose(replica, .lost, into: &entries)
        }
        writer.append(entries)
    }

    private func flag(_ id: WorkerID, reason: String, into entries: inout [SettlementWriter.Entry]) {
        guard !registry.flagged.contains(id) else { return }
        logger.warning("worker \(id) flagged: \(reason)")
        registry.flag([id])
        entries.append(.flag(WorkerFlag(worker: id, reason: reason, flaggedAt: clock.now)))
        registry[id]?.link.send(.refused(reason: "flagged: \(reason)", kind: .flagged))
        markDown(id, reason: "flagged: \(reason)")
    }

    private func evidence(
        _ result: ReplicaResult, task: TaskKey, worker: WorkerID, checked: Bool, _ verdict: ReplicaVerdict
    ) -> ReplicaRecord {
        ReplicaRecord(
            replica: result.replica, job: task.job, index: task.index, worker: worker, provider: providers[worker],
            termination: result.termination, succeeded: result.succeeded, outputHash: result.outputHash,
            fuelUsed: result.fuelUsed, wallMicroseconds: result.wallMicroseconds, peakMemoryBytes: result.peakMemoryBytes,
            stderrHash: ContentHash(of: result.stderr), signature: result.signature, signatureChecked: checked,
            verdict: verdict, recordedAt: clock.now)
    }

    private func remember(_ record: JobRecord, _ outcome: JobSnapshot) {
        ended[record.id] = (record, outcome)
        endedOrder.append(record.id)
        while endedOrder.count > configuration.rememberedEndedJobs {
            ended[endedOrder.removeFirst()] = nil
        }
    }
}
