import Crypto
import Foundation
import GridCoordinator
import GridCore
import GridStore
import Testing

/// The broker's parts on their own: values in, actions out, no I/O and no clock but the one given.
@Suite("Broker parts")
struct BrokerPartsTests {
    private static func job(tasks: Int, replicas: Int) -> (JobRecord, [TaskRecord]) {
        let job = JobRecord(
            owner: AccountID(), module: ContentHash(of: Data()), limits: .standard, replicas: replicas, seedPolicy: .perTask,
            taskCount: tasks, createdAt: Date())
        return (job, (0..<tasks).map { TaskRecord(job: job.id, index: $0, stdin: Data(), arguments: [], seed: 0) })
    }

    private static func vote(_ replica: ReplicaID, worker: WorkerID, output: String) -> JobTable.Vote {
        let bytes = Data(output.utf8)
        let result = ReplicaResult(
            replica: replica, termination: "exited:0", succeeded: true, output: bytes, stderr: Data(),
            outputHash: ContentHash(of: bytes), fuelUsed: 1, wallMicroseconds: 1, peakMemoryBytes: 1)
        return JobTable.Vote(result: result, worker: worker, publicKey: Curve25519.Signing.PrivateKey().publicKey, signatureChecked: false)
    }

    @Test("the job table drives a 2-of-2 quorum to an accepted answer and a completed job")
    func jobTableQuorum() throws {
        var table = JobTable(maxReplicasPerTask: 16, maxAttempts: 5)
        let (job, tasks) = Self.job(tasks: 1, replicas: 2)
        let replicas = table.add(job, tasks: tasks, recorded: [])
        #expect(replicas.count == 2)
        let key = TaskKey(job: job.id, index: 0)
        let (a, b) = (WorkerID(), WorkerID())
        table.dispatched(key, to: a)
        #expect(!table.mayTake(key, worker: a))
        table.dispatched(key, to: b)
        #expect(table.jobs[job.id]?.state == .running)
        guard case .waiting = table.vote(key, replica: replicas[0].replica, Self.vote(replicas[0].replica, worker: a, output: "x")) else {
            Issue.record("decided on one vote"); return
        }
        guard case .decided(let decision) = table.vote(key, replica: replicas[1].replica, Self.vote(replicas[1].replica, worker: b, output: "x")) else {
            Issue.record("not decided"); return
        }
        #expect(decision.accepted?.worker == a)
        #expect(decision.verdicts.map(\.verdict) == [.accepted, .agreed])
        #expect(table.finishIfDone(job.id) == nil)  // the result is not durable yet
        table.committed(ResultRecord(
            job: job.id, index: 0, worker: a, provider: nil, result: decision.accepted!.result, signatureChecked: true, recordedAt: Date()))
        #expect(table.finishIfDone(job.id) == .completed)
    }

    @Test("a lost replica is queued again at the head; its worker is offered the task again only when no other may take it")
    func jobTableLosses() {
        var table = JobTable(maxReplicasPerTask: 16, maxAttempts: 3)
        let (job, tasks) = Self.job(tasks: 1, replicas: 1)
        let first = table.add(job, tasks: tasks, recorded: [])[0]
        let key = first.task
        let worker = WorkerID()
        table.dispatched(key, to: worker)
        #expect(table.eligibility(key, worker: worker) == .no)
        guard case .queue(let again, let atHead) = table.lost(key, replica: first.replica, worker: worker, .lost) else {
            Issue.record("not requeued"); return
        }
        #expect(atHead && again.count == 1)
        #expect(table.eligibility(key, worker: worker) == .ifNoOther)
        #expect(table.eligibility(key, worker: WorkerID()) == .yes)
        // The same worker dropping it again and again does not use up its attempts...
        for _ in 0..<5 {
            table.dispatched(key, to: worker)
            _ = table.lost(key, replica: ReplicaID(), worker: worker, .lost)
        }
        #expect(table.isLive(key))
        // ...but three workers do.
        let (second, third) = (WorkerID(), WorkerID())
        table.dispatched(key, to: second)
        _ = table.lost(key, replica: ReplicaID(), worker: second, .failed)
        table.dispatched(key, to: third)
        guard case .decided(let decision) = table.lost(key, replica: ReplicaID(), worker: third, .overran) else {
            Issue.record("not given up on the third worker"); return
        }
        #expect(decision.accepted == nil)
        #expect(decision.reason == "replicas lost 6 times, failed on the worker 1 time, overran the wall-clock limit 1 time")
        #expect(table.finishIfDone(job.id) == .failed)
    }

    @Test("a 2-of-3 quorum waits for its third replica; lost after two agree, it is not run again and the task is accepted with two")
    func jobTableLossAfterAMajority() throws {
        var table = JobTable(maxReplicasPerTask: 16, maxAttempts: 5)
        let (job, tasks) = Self.job(tasks: 2, replicas: 3)
        let replicas = table.add(job, tasks: tasks, recorded: [])
        let workers = [WorkerID(), WorkerID(), WorkerID()]
        for index in 0..<2 {
            let key = TaskKey(job: job.id, index: index)
            let mine = replicas.filter { $0.task == key }
            for worker in workers { table.dispatched(key, to: worker) }
            for i in 0..<2 {
                guard case .waiting = table.vote(key, replica: mine[i].replica, Self.vote(mine[i].replica, worker: workers[i], output: "x")) else {
                    Issue.record("task \(index) decided before its third replica reported"); return
                }
            }
            if index == 0 {
                // The third reports: all three are paid.
                guard case .decided(let decision) = table.vote(key, replica: mine[2].replica, Self.vote(mine[2].replica, worker: workers[2], output: "x")) else {
                    Issue.record("not decided with three votes in"); return
                }
                #expect(decision.verdicts.map(\.verdict) == [.accepted, .agreed, .agreed])
                #expect(decision.calledOff.isEmpty)
            } else {
                // The third is lost: accepted with the two, and no replacement queued.
                guard case .decided(let decision) = table.lost(key, replica: mine[2].replica, worker: workers[2], .lost) else {
                    Issue.record("a lost third replica was run again after two agreed"); return
                }
                #expect(decision.verdicts.map(\.verdict) == [.accepted, .agreed])
                #expect(decision.calledOff.isEmpty)
            }
        }
    }

    @Test("a replica lost after a majority agreed, with another still out, is not run again: the task waits for the other")
    func jobTableLossAfterAMajorityWithOneOut() throws {
        var table = JobTable(maxReplicasPerTask: 16, maxAttempts: 5)
        let (job, tasks) = Self.job(tasks: 1, replicas: 5)
        let replicas = table.add(job, tasks: tasks, recorded: [])
        let key = replicas[0].task
        let workers = (0..<5).map { _ in WorkerID() }
        for worker in workers { table.dispatched(key, to: worker) }
        for i in 0..<3 { _ = table.vote(key, replica: replicas[i].replica, Self.vote(replicas[i].replica, worker: workers[i], output: "x")) }
        // 3 of 5 agree, a majority; the fourth is lost while the fifth is still out.
        guard case .waiting = table.lost(key, replica: replicas[3].replica, worker: workers[3], .lost) else {
            Issue.record("a loss after a majority queued a replacement or decided before the fifth reported"); return
        }
        guard case .decided(let decision) = table.vote(key, replica: replicas[4].replica, Self.vote(replicas[4].replica, worker: workers[4], output: "y")) else {
            Issue.record("not decided when the last outstanding replica reported"); return
        }
        #expect(decision.verdicts.map(\.verdict) == [.accepted, .agreed, .agreed, .dissented])
    }

    @Test("a task the wall-clock limit stopped twice is given up")
    func jobTableStops() {
        var table = JobTable(maxReplicasPerTask: 16, maxAttempts: 5)
        let (job, tasks) = Self.job(tasks: 1, replicas: 1)
        let key = table.add(job, tasks: tasks, recorded: [])[0].task
        table.dispatched(key, to: WorkerID())
        guard case .queue = table.lost(key, replica: ReplicaID(), worker: WorkerID(), .stopped) else { Issue.record("given up at once"); return }
        guard case .decided(let decision) = table.lost(key, replica: ReplicaID(), worker: WorkerID(), .stopped) else {
            Issue.record("not given up"); return
        }
        #expect(decision.reason == "replicas stopped by the wall-clock limit 2 times")
    }

    @Test("the replica tracker starts a buffered replica when the one ahead of it ends, and finds overruns from that start")
    func trackerStartsRuns() {
        var tracker = ReplicaTracker()
        let worker = WorkerID()
        let key = TaskKey(job: JobID(), index: 0)
        let (first, second) = (ReplicaID(), ReplicaID())
        tracker.assign(first, of: key, to: worker, wallClock: .seconds(2), slots: 1, now: .seconds(0))
        tracker.assign(second, of: key, to: worker, wallClock: .seconds(2), slots: 1, now: .seconds(0))
        tracker.acknowledge(first, by: worker)
        tracker.acknowledge(second, by: worker)
        #expect(tracker[first]?.startedAt == .seconds(0))
        #expect(tracker[second]?.startedAt == nil)
        _ = tracker.report(first, by: worker, slots: 1, now: .seconds(2))
        #expect(tracker[second]?.startedAt == .seconds(2))
        #expect(tracker.overdue(now: .seconds(4), ackTimeout: .seconds(5), grace: .seconds(1)).overrun.isEmpty)
        #expect(tracker.overdue(now: .seconds(5.5), ackTimeout: .seconds(5), grace: .seconds(1)).overrun == [second])
        _ = tracker.callOff(second, slots: 1, now: .seconds(6))
        #expect(tracker.calledOff(second, by: worker) == key)
        #expect(tracker.calledOff(second, by: WorkerID()) == nil)
    }

    @Test("the registry keeps a new worker on probation and grants slots as measured concurrency shows them")
    func registryEarnsSlots() {
        var registry = WorkerRegistry(configuration: .init())
        let key = Curve25519.Signing.PrivateKey()
        let hello = WorkerHello(
            publicKey: key.publicKey.rawRepresentation, name: "w", slots: 8, cores: 8, memoryBytes: 8 << 30,
            fuelPerSecond: 1, region: "r", claimedTier: .enterprise, determinismClass: "d")
        let id = WorkerID(publicKey: hello.publicKey)
        let link = WorkBroker.WorkerLink(
            id: id, hello: hello, publicKey: key.publicKey, provider: AccountID(), connectedAt: Date(), send: { _ in }, close: { _ in })
        #expect(registry.connect(link, quote: nil, now: .zero)?.earnedSlots == 2)
        // 16 results of 100 ms each, 20 ms apart: five running at once (a little over, with the
        // handling cost), so six, plus one to grow into.
        for step in 1...16 {
            registry.completed(on: id, wallMicroseconds: 100_000, now: .milliseconds(20 * step))
        }
        #expect(registry[id]?.earnedSlots == 7)
        registry.flag([id])
        #expect(registry.connect(link, quote: nil, now: .zero) == nil)
    }

    @Test("the scheduler parks replicas no worker may take and puts them back at the head of their line")
    func schedulerParks() {
        var scheduler = Scheduler()
        let owner = AccountID()
        let blocked = PendingReplica(replica: ReplicaID(), task: TaskKey(job: JobID(), index: 0), owner: owner)
        let free = PendingReplica(replica: ReplicaID(), task: TaskKey(job: JobID(), index: 0), owner: owner)
        scheduler.append(blocked)
        scheduler.append(free)
        let taken = scheduler.next { $0 == blocked ? .park("no room") : .take }
        #expect(taken == free)
        #expect(scheduler.parkedReasons[blocked.task.job] == "no room")
        #expect(scheduler.count == 1 && scheduler.offerable == 0)
        scheduler.unpark()
        #expect(scheduler.offerable == 1 && scheduler.parkedReasons.isEmpty)
        #expect(scheduler.next { _ in .take } == blocked)
    }
}
