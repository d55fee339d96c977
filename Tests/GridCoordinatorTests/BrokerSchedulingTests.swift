import Foundation
import GridCoordinator
import GridCore
import GridStore
import Testing

/// Who gets which work, and why work waits.
@Suite("Work broker: scheduling")
struct BrokerSchedulingTests {
    @Test("replicas no connected worker may take do not block the client's later jobs")
    func unplaceableReplicasDoNotBlockTheLine() async throws {
        try await BrokerHarness.with { harness in
            let workers = [FakeWorker(), FakeWorker()]
            for worker in workers { #expect(await harness.broker.connect(worker.link)) }
            let wide = try await harness.submit(tasks: 70, replicas: 4)
            var answered = Set<ReplicaID>()
            // Both workers work through every replica of the wide job they may take (two of each
            // task's four) until they are idle...
            var rounds = 0
            while workers.contains(where: { !$0.held(excluding: answered).isEmpty }), rounds < 200 {
                rounds += 1
                for worker in workers {
                    let held = worker.held(excluding: answered)
                    await harness.broker.results(worker.id, try held.map { try worker.result(for: $0) })
                    answered.formUnion(held.map(\.replica))
                }
            }
            #expect(answered.count == 140)
            #expect(await harness.broker.status(region: "test").busySlots == 0)
            // ...and a one-task job of the same client goes to one of them at once, though 140
            // replicas that neither may take are ahead of it in the client's line.
            let lone = try await harness.submit(tasks: 1)
            let took = workers.contains { worker in worker.held(excluding: answered).contains { $0.job == lone.id } }
            #expect(took)
            let reason = try #require(await harness.broker.progress(of: wide.id)?.waitingReason)
            #expect(reason.contains("4 distinct workers and 2 are online"))
        }
    }

    @Test("parked replicas go back to the queue when a worker joins")
    func parkedReplicasResumeWhenTheyCan() async throws {
        try await BrokerHarness.with { harness in
            let first = FakeWorker()
            #expect(await harness.broker.connect(first.link))
            let job = try await harness.submit(tasks: 1, replicas: 2)
            #expect(first.assigned.count == 1)
            await harness.broker.results(first.id, [try first.result(for: first.assigned[0])])
            let second = FakeWorker()
            #expect(await harness.broker.connect(second.link))
            #expect(second.assigned.count == 1)
            await harness.broker.results(second.id, [try second.result(for: second.assigned[0])])
            #expect(try await harness.ended(job.id).state == .completed)
        }
    }

    @Test("a worker claiming 1,000 slots and tier 1 takes no more than a probation share of the queue")
    func claimsAreNotTrusted() async throws {
        try await BrokerHarness.with { harness in
            let liar = FakeWorker(slots: 1_000, claimedTier: .enterprise, memoryBytes: 1 << 40)
            let honest = [FakeWorker(claimedTier: .untrustedConsumer), FakeWorker(claimedTier: .untrustedConsumer)]
            #expect(await harness.broker.connect(liar.link))
            for worker in honest { #expect(await harness.broker.connect(worker.link)) }
            _ = try await harness.submit(tasks: 100)
            // Two probation slots × four replicas each, against 1 × 4 for each one-slot worker.
            #expect(liar.assigned.count == 8)
            #expect(honest.allSatisfy { $0.assigned.count == 4 })
            // And the pool shows what the coordinator grants, beside what the worker claims.
            let listed = try #require(await harness.broker.workerSummaries().first { $0.id == liar.id })
            #expect(listed.tier == .untrustedConsumer && listed.claimedTier == .enterprise)
            #expect(listed.slots == 2 && listed.claimedSlots == 1_000)
        }
    }

    @Test("a worker earns slots beyond probation as its results show the concurrency")
    func slotsAreEarned() async throws {
        try await BrokerHarness.with { harness in
            let worker = FakeWorker(slots: 8)
            #expect(await harness.broker.connect(worker.link))
            _ = try await harness.submit(tasks: 2_000)
            #expect(await harness.broker.status(region: "test").busySlots == 2)
            // Results of 20 ms runs arriving 8 at a time every 20 ms: eight slots busy.
            var answered = Set<ReplicaID>()
            for _ in 0..<40 {
                harness.clock.advance(by: .milliseconds(20))
                let held = worker.held(excluding: answered).prefix(8)
                await harness.broker.results(worker.id, try held.map { try worker.result(for: $0, wallMicroseconds: 20_000) })
                answered.formUnion(held.map(\.replica))
            }
            #expect(await harness.broker.status(region: "test").busySlots == 8)
        }
    }

    @Test("a job needing more memory per slot than any worker offers waits, saying why")
    func memoryReason() async throws {
        try await BrokerHarness.with { harness in
            let small = FakeWorker(memoryBytes: 256 << 20)
            #expect(await harness.broker.connect(small.link))
            let limits = try Limits(fuel: 1_000_000, memoryBytes: 512 << 20, wallClockMilliseconds: 1_000, outputBytes: 1 << 16)
            let big = try await harness.submit(tasks: 1, limits: limits)
            #expect(small.assigned.isEmpty)
            #expect(await harness.broker.progress(of: big.id)?.waitingReason == "no worker offers 512 MiB of memory per slot")
            // Other jobs of the same client are not held up.
            _ = try await harness.submit(tasks: 1)
            #expect(small.assigned.count == 1)
        }
    }

    @Test("a job waits with a reason when no worker is online, or every one is paused")
    func poolReasons() async throws {
        try await BrokerHarness.with { harness in
            let job = try await harness.submit(tasks: 1)
            #expect(await harness.broker.progress(of: job.id)?.waitingReason == "no worker is online")
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            #expect(await harness.broker.progress(of: job.id)?.waitingReason == nil)
            await harness.broker.heartbeat(worker.id, WorkerHeartbeat(running: 0, paused: true))
            let later = try await harness.submit(tasks: 4)
            #expect(await harness.broker.progress(of: later.id)?.waitingReason == "every worker is paused or draining")
        }
    }

    @Test("concurrent submissions never overshoot the queue threshold")
    func admissionIsAtomic() async throws {
        try await BrokerHarness.with({ $0.maxQueuedReplicas = 10 }) { harness in
            let admissions = await withTaskGroup(of: WorkBroker.Admission.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let (job, tasks) = harness.job(tasks: 3)
                        return await harness.broker.submit(job, tasks: tasks)
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(admissions.filter { $0 == .accepted }.count == 3)
            #expect(await harness.broker.status(region: "test").queueDepth == 9)
        }
    }

    @Test("a long poll that times out wakes no other long poll of the same job")
    func longPollsAreIndependent() async throws {
        try await BrokerHarness.with { harness in
            let job = try await harness.submit(tasks: 1)
            let long = Task { () -> Bool in
                await harness.broker.waitForJob(job.id, timeout: .seconds(3_600))
                return !Task.isCancelled
            }
            try await Task.sleep(for: .milliseconds(50))
            await harness.broker.waitForJob(job.id, timeout: .milliseconds(10))
            try await Task.sleep(for: .milliseconds(100))
            #expect(await harness.broker.progress(of: job.id)?.state == .queued)
            // The first poll still waits: it ends only when the job does.
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            let waitedFor = Task { try await harness.ended(job.id) }
            await harness.broker.results(worker.id, [try worker.result(for: worker.assigned[0])])
            _ = try await waitedFor.value
            #expect(await long.value)
        }
    }

    @Test("busy slots count running replicas, not buffered ones, and the task rate covers the last ten seconds")
    func statusCounts() async throws {
        try await BrokerHarness.with { harness in
            let worker = FakeWorker(slots: 1)
            #expect(await harness.broker.connect(worker.link))
            _ = try await harness.submit(tasks: 20)
            #expect(worker.assigned.count == 4)
            #expect(await harness.broker.status(region: "test").busySlots == 1)
            await harness.broker.results(worker.id, [try worker.result(for: worker.assigned[0])])
            try await harness.eventually("the result is counted") { await harness.broker.status(region: "test").tasksCompleted == 1 }
            #expect(await harness.broker.status(region: "test").tasksPerSecond == 0.1)
            harness.clock.advance(by: .seconds(11))
            #expect(await harness.broker.status(region: "test").tasksPerSecond == 0)
        }
    }
}
