import Foundation
import GridCoordinator
import GridCore
import GridStore
import Logging
import Testing

/// Why a task was given up is written through the settlement writer, before the job's end it
/// causes, and a restart neither loses it nor runs the task again.
@Suite("Work broker: given-up tasks keep their reason")
struct GivenUpTaskTests {
    @Test("a task whose replicas never agree is given up with the quorum's reason, stored before the job's failed end")
    func quorumNeverAgrees() async throws {
        try await BrokerHarness.with({ $0.maxReplicasPerTask = 3 }) { harness in
            let workers = [FakeWorker(), FakeWorker(), FakeWorker()]
            for worker in workers { #expect(await harness.broker.connect(worker.link)) }
            let job = try await harness.submit(tasks: 1, replicas: 2)
            // Every worker answers differently: two replicas, then a third, then it is given up.
            let holders = workers.filter { !$0.assigned.isEmpty }
            #expect(holders.count == 2)
            for (number, holder) in holders.enumerated() {
                await harness.broker.results(holder.id, [try holder.result(for: holder.assigned[0], output: Data("answer \(number)".utf8))])
            }
            let third = try #require(workers.first { worker in !holders.contains { $0 === worker } })
            let added = try #require(third.assigned.first)
            await harness.broker.results(third.id, [try third.result(for: added, output: Data("answer 2".utf8))])
            #expect(try await harness.ended(job.id).state == .failed)
            try await harness.eventually("the end is stored") { try await harness.store.job(job.id)?.state == .failed }
            let givenUp = try await harness.store.givenUpTasks(job: job.id)
            #expect(givenUp.map(\.index) == [0])
            #expect(givenUp.first?.reason == "3 replicas gave 3 different answers")
            #expect(givenUp.first?.givenUpAt == harness.clock.now)
            #expect(try await harness.store.results(job: job.id).isEmpty)
        }
    }

    @Test("a task whose replicas overrun on as many workers as the attempt limit is given up, the causes counted in its reason")
    func overrunsOnTooManyWorkers() async throws {
        try await BrokerHarness.with({ $0.maxAttempts = 2; $0.executionGrace = .seconds(1) }) { harness in
            let first = FakeWorker(), second = FakeWorker()
            #expect(await harness.broker.connect(first.link))
            #expect(await harness.broker.connect(second.link))
            let limits = try Limits(fuel: 1_000_000, memoryBytes: 1 << 20, wallClockMilliseconds: 2_000, outputBytes: 1 << 16)
            let job = try await harness.submit(tasks: 1, limits: limits)
            for _ in 0..<2 {
                let holder = try #require([first, second].first { !$0.held(excluding: []).isEmpty })
                await harness.broker.acknowledge(holder.id, holder.held(excluding: []).map(\.replica))
                // Past the limit plus the grace with no result: overrun, its worker marked down.
                harness.clock.advance(by: .milliseconds(3_100))
                for worker in [first, second] { await harness.broker.heartbeat(worker.id, WorkerHeartbeat(running: 1, paused: false)) }
                await harness.broker.tick()
            }
            #expect(try await harness.ended(job.id).state == .failed)
            try await harness.eventually("the reason is stored") { try await !harness.store.givenUpTasks(job: job.id).isEmpty }
            let reason = try #require(try await harness.store.givenUpTasks(job: job.id).first?.reason)
            #expect(reason == "replicas overran the wall-clock limit 2 times")
        }
    }

    @Test("a given-up task is not run again after a restart, and its job ends failed once the others are done")
    func restartKeepsTheDecision() async throws {
        try await BrokerHarness.with({ $0.maxAttempts = 1 }) { harness in
            let worker = FakeWorker(slots: 2)
            #expect(await harness.broker.connect(worker.link))
            let job = try await harness.submit(tasks: 2)
            let held = worker.assigned
            #expect(held.count == 2)
            let doomed = try #require(held.first { $0.task == 0 })
            await harness.broker.failed(worker.id, [ReplicaFailure(replica: doomed.replica, reason: "module fetch failed")])
            try await harness.eventually("the reason is stored") { try await !harness.store.givenUpTasks(job: job.id).isEmpty }
            #expect(try await harness.store.givenUpTasks(job: job.id).first?.reason == "replicas failed on the worker 1 time")

            // The coordinator restarts: a new broker over the same store recovers the job.
            let (restarted, running) = Self.broker(over: harness.store, clock: harness.clock)
            let row = try #require(try await harness.store.job(job.id))
            await restarted.recover(
                row, tasks: try await harness.store.tasks(job: job.id), recorded: try await harness.store.results(job: job.id),
                givenUp: try await harness.store.givenUpTasks(job: job.id))
            let after = FakeWorker(slots: 2)
            #expect(await restarted.connect(after.link))
            // Only the task that was not decided runs.
            #expect(after.assigned.map(\.task) == [1])
            await restarted.results(after.id, [try after.result(for: after.assigned[0])])
            try await harness.eventually("the job ends") { await restarted.progress(of: job.id)?.state == .failed }
            #expect(try await harness.store.job(job.id)?.state == .failed)
            let outcome = try #require(await restarted.progress(of: job.id))
            #expect(outcome.state == .failed && outcome.finished == 1 && outcome.succeeded == 1)
            #expect(try await harness.store.givenUpTasks(job: job.id).map(\.index) == [0])
            #expect(try await harness.store.results(job: job.id).map(\.index) == [1])
            running.cancel()
            _ = try? await running.value
        }
    }

    @Test("a given-up task naming no stored task is refused by the store alone; the rest of its batch is written")
    func givenUpForAnUnknownTaskIsIsolated() async throws {
        try await BrokerHarness.with { harness in
            let (job, tasks) = harness.job(tasks: 1)
            try await harness.store.insertJob(job, tasks: tasks)
            let known = GivenUpTaskRecord(job: job.id, index: 0, reason: "replicas lost 5 times", givenUpAt: harness.clock.now)
            let unknown = GivenUpTaskRecord(job: job.id, index: 7, reason: "replicas lost 5 times", givenUpAt: harness.clock.now)
            await #expect(throws: StoreError.missingReference("")) {
                try await harness.store.commit(SettlementBatch(givenUp: [unknown]))
            }
            try await harness.store.commit(SettlementBatch(givenUp: [known, known]))
            #expect(try await harness.store.givenUpTasks(job: job.id) == [known])
            #expect(try await harness.store.givenUpTasks(job: JobID()).isEmpty)
        }
    }

    /// A second broker with its own settlement writer over `store`, as a restarted coordinator has.
    private static func broker(over store: SQLiteGridStore, clock: ManualClock) -> (WorkBroker, Task<Void, any Error>) {
        var logger = Logger(label: "restarted")
        logger.logLevel = .critical
        let writer = SettlementWriter(store: store, logger: logger)
        let broker = WorkBroker(configuration: WorkBroker.Configuration(), writer: writer, clock: clock, logger: logger)
        writer.setHandler(.init(committed: { entries, _ in await broker.committed(entries) }, refused: { await broker.refused($0, because: $1) }))
        return (broker, Task { try await writer.run() })
    }
}
