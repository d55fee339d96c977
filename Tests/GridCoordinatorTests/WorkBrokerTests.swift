import Foundation
import GridCoordinator
import GridCore
import GridStore
import Testing

@Suite("Work broker")
struct WorkBrokerTests {
    @Test("a worker's buffer grows to 32 per slot for short tasks and is topped up in one message when half empty")
    func bufferFollowsShortTasks() async throws {
        try await BrokerHarness.with { harness in
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            _ = try await harness.submit(tasks: 100)
            // Speed unknown: the starting buffer of 4 per slot.
            #expect(worker.assigned.count == 4)

            // A 30 µs result: the buffer becomes 32, and with 3 still held it is topped up at once.
            await harness.broker.results(worker.id, [try worker.result(for: worker.assigned[0])])
            #expect(worker.assignBatches.last?.count == 29)
            #expect(worker.assigned.count == 33)

            // Fifteen more results leave 17 held, over half of 32: nothing is sent...
            let held = Array(worker.assigned[1...])
            await harness.broker.results(worker.id, try held[0..<15].map { try worker.result(for: $0) })
            #expect(worker.assigned.count == 33)
            // ...until the sixteenth leaves 16, and one message brings it back to 32.
            await harness.broker.results(worker.id, [try worker.result(for: held[15])])
            #expect(worker.assignBatches.last?.count == 16)
            #expect(worker.assigned.count == 49)
            #expect(Set(worker.assigned.map(\.replica)).count == 49)
        }
    }

    @Test("a worker whose tasks take 20 ms holds only two per slot")
    func bufferShrinksForLongTasks() async throws {
        try await BrokerHarness.with { harness in
            let worker = FakeWorker(slots: 2)
            #expect(await harness.broker.connect(worker.link))
            _ = try await harness.submit(tasks: 100)
            #expect(worker.assigned.count == 8)
            let first = worker.assigned
            await harness.broker.results(worker.id, try first[0..<4].map { try worker.result(for: $0, wallMicroseconds: 20_000) })
            // 2 slots × 2 = 4 may be held, and 4 are: no new work until a slot frees up.
            #expect(worker.assigned.count == 8)
            await harness.broker.results(worker.id, [try worker.result(for: first[4], wallMicroseconds: 20_000)])
            // 3 held, under the 4 allowed, but over half: still nothing...
            #expect(worker.assigned.count == 8)
            await harness.broker.results(worker.id, [try worker.result(for: first[5], wallMicroseconds: 20_000)])
            // ...2 held is half: topped up to 4.
            #expect(worker.assigned.count == 10)
        }
    }

    @Test("an idle slot gets work at once even while the worker's buffer is over half full")
    func idleSlotIsFilledAtOnce() async throws {
        try await BrokerHarness.with { harness in
            let worker = FakeWorker(slots: 1)
            #expect(await harness.broker.connect(worker.link))
            let first = try await harness.submit(tasks: 1)
            #expect(worker.assigned.count == 1)
            await harness.broker.results(worker.id, [try worker.result(for: worker.assigned[0])])
            #expect(try await harness.ended(first.id).state == .completed)
            // The worker now holds nothing; a new lone task goes to it in the same call.
            _ = try await harness.submit(tasks: 1)
            #expect(worker.assigned.count == 2)
        }
    }

    @Test("results of a job whose row is still being written reach the store after it, and complete the job")
    func resultsFollowTheJobRow() async throws {
        try await BrokerHarness.with { harness in
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            // The row's commit waits behind another connection's lock while the replicas run.
            let other = try await SQLiteGridStore(path: harness.store.path)
            try await other.execute(rawSQL: "BEGIN IMMEDIATE")
            let (job, tasks) = harness.job(tasks: 3)
            let admission = Task { await harness.broker.submit(job, tasks: tasks) }
            try await harness.eventually("the job's replicas are out") { worker.assigned.count == 3 }
            await harness.broker.results(worker.id, try worker.assigned.map { try worker.result(for: $0) })
            #expect(await harness.broker.progress(of: job.id)?.state != .completed)
            try await other.execute(rawSQL: "COMMIT")
            #expect(await admission.value == .accepted)
            let outcome = try await harness.ended(job.id)
            #expect(outcome.state == .completed)
            #expect(outcome.finished == 3 && outcome.succeeded == 3 && outcome.fuel == 300)
            #expect(try await harness.store.resultTotals(job: job.id) == ResultTotals(count: 3, succeeded: 3, fuelUsed: 300))
            try await other.close()
        }
    }

    @Test("a job whose row the store refuses is dropped: its replicas are called off, it is forgotten, and the refusal is returned")
    func refusedJob() async throws {
        try await BrokerHarness.with { harness in
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            var (job, tasks) = harness.job(tasks: 2)
            job.module = ContentHash(of: Data("never uploaded".utf8))
            #expect(await harness.broker.submit(job, tasks: tasks) == .refused(.missingReference("")))
            #expect(Set(worker.cancelled) == Set(worker.assigned.map(\.replica)))
            #expect(await harness.broker.progress(of: job.id) == nil)
            #expect(await harness.broker.record(of: job.id) == nil)
            // A late result for it changes nothing.
            if let first = worker.assigned.first {
                await harness.broker.results(worker.id, [try worker.result(for: first)])
            }
            try await Task.sleep(for: .milliseconds(50))
            #expect(try await harness.store.resultTotals(job: job.id).count == 0)
        }
    }

    @Test("an ended job is answered from memory with its outcome, and only the latest ones are kept")
    func endedJobsAreRemembered() async throws {
        try await BrokerHarness.with({ $0.rememberedEndedJobs = 2 }) { harness in
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            var ended: [JobRecord] = []
            for _ in 0..<3 {
                let job = try await harness.submit(tasks: 1)
                let assignment = try #require(worker.assigned.last)
                await harness.broker.results(worker.id, [try worker.result(for: assignment)])
                let outcome = try await harness.ended(job.id)
                #expect(outcome.finished == 1 && outcome.succeeded == 1 && outcome.fuel == 100 && outcome.finishedAt != nil)
                #expect(await harness.broker.record(of: job.id) == job)
                ended.append(job)
            }
            // Ends are remembered as their rows commit.
            try await harness.eventually("the oldest end is forgotten") { await harness.broker.progress(of: ended[0].id) == nil }
            #expect(await harness.broker.record(of: ended[0].id) == nil)
            #expect(await harness.broker.progress(of: ended[2].id)?.state == .completed)
        }
    }
}

