import Foundation
import GridCoordinator
import GridCore
import GridStore
import Testing

/// The broker's clock, driven by hand: every timeout without waiting for it.
@Suite("Work broker: time")
struct BrokerTimeTests {
    @Test("a worker silent past the heartbeat timeout is marked down and its replicas run elsewhere")
    func heartbeatTimeout() async throws {
        try await BrokerHarness.with({ $0.heartbeatTimeout = .seconds(15) }) { harness in
            let silent = FakeWorker()
            #expect(await harness.broker.connect(silent.link))
            let job = try await harness.submit(tasks: 1)
            await harness.broker.acknowledge(silent.id, silent.assigned.map(\.replica))
            harness.clock.advance(by: .seconds(14))
            await harness.broker.tick()
            #expect(await harness.broker.workerSummaries().count == 1)
            harness.clock.advance(by: .seconds(2))
            await harness.broker.tick()
            #expect(await harness.broker.workerSummaries().isEmpty)
            let other = FakeWorker()
            #expect(await harness.broker.connect(other.link))
            #expect(other.assigned.first?.job == job.id)
        }
    }

    @Test("a step of the wall clock marks no worker down: timeouts read the monotonic clock")
    func wallClockStepIsHarmless() async throws {
        try await BrokerHarness.with { harness in
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            harness.clock.stepWallClock(by: 3_600)
            await harness.broker.tick()
            #expect(await harness.broker.workerSummaries().count == 1)
        }
    }

    @Test("an assignment not acknowledged in time marks its worker down")
    func ackTimeout() async throws {
        try await BrokerHarness.with({ $0.ackTimeout = .seconds(5) }) { harness in
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            _ = try await harness.submit(tasks: 1)
            await harness.broker.heartbeat(worker.id, WorkerHeartbeat(running: 0, paused: false))
            harness.clock.advance(by: .seconds(6))
            await harness.broker.tick()
            #expect(await harness.broker.workerSummaries().isEmpty)
        }
    }

    @Test("overrun is measured from when a replica starts: buffered replicas are not cancelled while they wait")
    func overrunFromStart() async throws {
        try await BrokerHarness.with({ $0.executionGrace = .seconds(1) }) { harness in
            let worker = FakeWorker(slots: 1)
            #expect(await harness.broker.connect(worker.link))
            let limits = try Limits(fuel: 1_000_000, memoryBytes: 1 << 20, wallClockMilliseconds: 2_000, outputBytes: 1 << 16)
            _ = try await harness.submit(tasks: 4, limits: limits)
            let held = worker.assigned
            #expect(held.count == 4)
            await harness.broker.acknowledge(worker.id, held.map(\.replica))
            // Each run takes 2.5 s: under the limit plus grace (3 s) from its own start, though the
            // last one waits 7.5 s in the buffer before it starts.
            for assignment in held {
                harness.clock.advance(by: .milliseconds(2_500))
                await harness.broker.heartbeat(worker.id, WorkerHeartbeat(running: 1, paused: false))
                await harness.broker.tick()
                #expect(worker.cancelled.isEmpty)
                await harness.broker.results(worker.id, [try worker.result(for: assignment, wallMicroseconds: 2_500_000)])
            }
            // A run that does overrun is cancelled and its task requeued.
            _ = try await harness.submit(tasks: 1, limits: limits)
            let late = try #require(worker.assigned.last)
            await harness.broker.acknowledge(worker.id, [late.replica])
            harness.clock.advance(by: .milliseconds(3_100))
            await harness.broker.heartbeat(worker.id, WorkerHeartbeat(running: 1, paused: false))
            await harness.broker.tick()
            #expect(worker.cancelled == [late.replica])
        }
    }

    @Test("a job past its deadline expires, its replicas are called off and its end is stored")
    func deadline() async throws {
        try await BrokerHarness.with { harness in
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            var (job, tasks) = harness.job(tasks: 2)
            job.deadline = harness.clock.now.addingTimeInterval(10)
            #expect(await harness.broker.submit(job, tasks: tasks) == .accepted)
            await harness.broker.acknowledge(worker.id, worker.assigned.map(\.replica))
            harness.clock.advance(by: .seconds(11))
            await harness.broker.heartbeat(worker.id, WorkerHeartbeat(running: 1, paused: false))
            await harness.broker.tick()
            #expect(Set(worker.cancelled) == Set(worker.assigned.map(\.replica)))
            #expect(try await harness.ended(job.id).state == .expired)
            try await harness.eventually("the end is stored") { try await harness.store.job(job.id)?.state == .expired }
        }
    }

    @Test("a task lost on as many workers as the attempt limit is given up, and its job fails")
    func attemptLimit() async throws {
        try await BrokerHarness.with({ $0.maxAttempts = 3 }) { harness in
            let workers = [FakeWorker(), FakeWorker(), FakeWorker()]
            for worker in workers { #expect(await harness.broker.connect(worker.link)) }
            let job = try await harness.submit(tasks: 1)
            // Each failure moves the task to a worker that has not failed it.
            var failedOn = Set<WorkerID>()
            for _ in 0..<3 {
                let holder = try #require(workers.first { !failedOn.contains($0.id) && !$0.held(excluding: []).isEmpty })
                let held = try #require(holder.held(excluding: []).first)
                await harness.broker.failed(holder.id, [ReplicaFailure(replica: held.replica, reason: "module fetch failed")])
                failedOn.insert(holder.id)
            }
            let outcome = try await harness.ended(job.id)
            #expect(outcome.state == .failed)
            try await harness.eventually("the end is stored") { try await harness.store.job(job.id)?.state == .failed }
        }
    }

    @Test("a worker that takes replicas and drops its connection again and again cannot fail the task while an honest worker is online")
    func droppingWorkerCannotFailTasks() async throws {
        try await BrokerHarness.with({ $0.maxAttempts = 3 }) { harness in
            let dropper = FakeWorker()
            #expect(await harness.broker.connect(dropper.link))
            let job = try await harness.submit(tasks: 2)
            let honest = FakeWorker()
            #expect(await harness.broker.connect(honest.link))
            for _ in 0..<7 {
                await harness.broker.acknowledge(dropper.id, dropper.assigned.map(\.replica))
                await harness.broker.disconnect(dropper.id, linkConnectedAt: dropper.connectedAt)
                #expect(await harness.broker.connect(dropper.link))
            }
            var answered = Set<ReplicaID>()
            while let next = honest.held(excluding: answered).first {
                await harness.broker.results(honest.id, [try honest.result(for: next)])
                answered.insert(next.replica)
            }
            let outcome = try await harness.ended(job.id)
            #expect(outcome.state == .completed && outcome.finished == 2)
        }
    }

    @Test("a worker that reconnects with the same key may take again a task it once held")
    func reconnectingWorkerTakesTheTaskAgain() async throws {
        try await BrokerHarness.with { harness in
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            let job = try await harness.submit(tasks: 1)
            let first = try #require(worker.assigned.first)
            // Killed and restarted with the same key file: the old connection goes down.
            await harness.broker.disconnect(worker.id, linkConnectedAt: worker.connectedAt)
            #expect(await harness.broker.connect(worker.link))
            let again = try #require(worker.assigned.last)
            #expect(again.replica != first.replica && again.task == first.task)
            await harness.broker.results(worker.id, [try worker.result(for: again)])
            #expect(try await harness.ended(job.id).state == .completed)
        }
    }
}
