import Foundation
import GridCoordinator
import GridCore
import GridStore
import Testing

/// The review's bugs about results: each test failed before its fix.
@Suite("Work broker: results, evidence and lies")
struct BrokerVerificationTests {
    @Test("a batch with one forged result keeps the honest results before it: they are stored and the job ends")
    func forgedResultInABatchKeepsTheHonestOnes() async throws {
        try await BrokerHarness.with { harness in
            let liar = FakeWorker()
            let honest = FakeWorker()
            #expect(await harness.broker.connect(liar.link))
            let job = try await harness.submit(tasks: 3)
            let held = liar.assigned
            #expect(held.count == 3)
            var forged = try liar.result(for: held[2])
            forged.output = Data("not what was signed".utf8)
            await harness.broker.results(liar.id, [try liar.result(for: held[0]), try liar.result(for: held[1]), forged])
            #expect(liar.refusal != nil)
            // The forged task runs again, on the honest worker.
            #expect(await harness.broker.connect(honest.link))
            let again = try #require(honest.assigned.first)
            #expect(again.task == 2)
            await harness.broker.results(honest.id, [try honest.result(for: again)])
            let outcome = try await harness.ended(job.id)
            #expect(outcome.state == .completed && outcome.finished == 3)
            #expect(try await harness.store.results(job: job.id).map(\.index) == [0, 1, 2])
            try await harness.eventually("the flag is stored") { try await harness.store.flaggedWorkers() == [liar.id] }
            let evidence = try await harness.store.replicas(job: job.id)
            #expect(evidence.first { $0.replica == forged.replica }?.verdict == .forged)
        }
    }

    @Test("output bytes are checked against their hash on every result, not only sampled ones")
    func outputHashIsCheckedOnEveryResult() async throws {
        try await BrokerHarness.with { harness in
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            let job = try await harness.submit(tasks: 40)
            var answered = Set<ReplicaID>()
            // Twenty honest results: past the first sixteen, signatures are checked one in 32.
            for _ in 0..<20 {
                let next = try #require(worker.held(excluding: answered).first)
                await harness.broker.results(worker.id, [try worker.result(for: next)])
                answered.insert(next.replica)
            }
            let next = try #require(worker.held(excluding: answered).first)
            var lie = try worker.result(for: next)
            lie.output = Data("swapped after signing".utf8)
            await harness.broker.results(worker.id, [lie])
            #expect(worker.refusal?.contains("does not match the hash") == true)
            #expect(try await harness.store.results(job: job.id).allSatisfy { $0.outputHash == ContentHash(of: $0.output) })
        }
    }

    @Test("fuel over the job's limit is a lie: the worker is flagged and the task runs elsewhere")
    func fuelOverTheLimitIsALie() async throws {
        try await BrokerHarness.with { harness in
            let liar = FakeWorker()
            #expect(await harness.broker.connect(liar.link))
            let limits = try Limits(fuel: 1_000, memoryBytes: 1 << 20, wallClockMilliseconds: 1_000, outputBytes: 1 << 16)
            let job = try await harness.submit(tasks: 1, limits: limits)
            await harness.broker.results(liar.id, [try liar.result(for: try #require(liar.assigned.first), fuel: 1_000_000)])
            #expect(liar.refusal?.contains("over the job's limit") == true)
            #expect(await harness.broker.progress(of: job.id)?.state != .completed)
            #expect(try await harness.store.resultTotals(job: job.id).count == 0)
        }
    }

    @Test("a correctly signed wrong answer is outvoted by two honest replicas, and its dissent is stored as evidence")
    func dissentIsStored() async throws {
        try await BrokerHarness.with { harness in
            let workers = [FakeWorker(), FakeWorker(), FakeWorker()]
            for worker in workers { #expect(await harness.broker.connect(worker.link)) }
            let job = try await harness.submit(tasks: 1, replicas: 3)
            let replicas = workers.map { $0.assigned }
            #expect(replicas.allSatisfy { $0.count == 1 })
            let wrong = try workers[0].result(for: replicas[0][0], output: Data("wrong".utf8))
            await harness.broker.results(workers[0].id, [wrong])
            await harness.broker.results(workers[1].id, [try workers[1].result(for: replicas[1][0])])
            await harness.broker.results(workers[2].id, [try workers[2].result(for: replicas[2][0])])
            _ = try await harness.ended(job.id)
            let stored = try #require(try await harness.store.results(job: job.id).first)
            #expect(stored.output == Data("out 0".utf8))
            try await harness.eventually("three replicas are kept") { try await harness.store.replicas(job: job.id).count == 3 }
            let evidence = try await harness.store.replicas(job: job.id)
            let verdicts = Dictionary(uniqueKeysWithValues: evidence.map { ($0.worker, $0.verdict) })
            #expect(verdicts[workers[0].id] == .dissented)
            #expect(Set([verdicts[workers[1].id], verdicts[workers[2].id]]) == [.accepted, .agreed])
            // A dissent is used against its worker, so its signature was checked first.
            #expect(evidence.first { $0.worker == workers[0].id }?.signatureChecked == true)
            #expect(evidence.first { $0.worker == workers[0].id }?.outputHash == ContentHash(of: Data("wrong".utf8)))
        }
    }

    @Test("replicas that disagree get one more replica at a time, and the task is given up at the cap")
    func disagreementGrowsThenGivesUp() async throws {
        try await BrokerHarness.with({ $0.maxReplicasPerTask = 4 }) { harness in
            let workers = (0..<4).map { _ in FakeWorker() }
            for worker in workers { #expect(await harness.broker.connect(worker.link)) }
            let job = try await harness.submit(tasks: 1, replicas: 2)
            // Every worker answers something different: 2 replicas, then 3, then 4, then give up.
            var answered = Set<ReplicaID>()
            while let (worker, assignment) = workers.flatMap({ worker in worker.held(excluding: answered).map { (worker, $0) } }).first {
                await harness.broker.results(worker.id, [try worker.result(for: assignment, output: Data("answer \(worker.id)".utf8))])
                answered.insert(assignment.replica)
            }
            #expect(answered.count == 4)
            #expect(workers.allSatisfy { $0.assigned.count == 1 })
            let outcome = try await harness.ended(job.id)
            #expect(outcome.state == .failed)
            try await harness.eventually("four undecided replicas are kept") {
                try await harness.store.replicas(job: job.id).filter { $0.verdict == .undecided }.count == 4
            }
        }
    }

    @Test("a run the wall-clock limit stopped is a failed attempt, not a vote, and two such stops give the task up")
    func wallClockStopIsAnAttempt() async throws {
        try await BrokerHarness.with { harness in
            #expect(WorkBroker.wallClockTermination == "limit:wallClock")
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            let job = try await harness.submit(tasks: 1)
            let first = try #require(worker.assigned.first)
            await harness.broker.results(worker.id, [try worker.result(for: first, termination: WorkBroker.wallClockTermination)])
            // Not accepted: tried again (here on the same worker, the only one).
            #expect(worker.assigned.count == 2)
            #expect(await harness.broker.progress(of: job.id)?.state == .running)
            await harness.broker.results(worker.id, [try worker.result(for: worker.assigned[1], termination: WorkBroker.wallClockTermination)])
            let outcome = try await harness.ended(job.id)
            #expect(outcome.state == .failed && outcome.finished == 0)
            try await harness.eventually("both attempts are kept as stopped") {
                try await harness.store.replicas(job: job.id).map(\.verdict) == [.stopped, .stopped]
            }
        }
    }

    @Test("a 2-of-3 quorum is settled only when its third replica reports, and all three are kept as agreeing")
    func quorumWaitsForEveryReplica() async throws {
        try await BrokerHarness.with { harness in
            let workers = [FakeWorker(), FakeWorker(), FakeWorker()]
            for worker in workers { #expect(await harness.broker.connect(worker.link)) }
            let job = try await harness.submit(tasks: 1, replicas: 3)
            await harness.broker.results(workers[0].id, [try workers[0].result(for: workers[0].assigned[0])])
            await harness.broker.results(workers[1].id, [try workers[1].result(for: workers[1].assigned[0])])
            #expect(workers[2].cancelled.isEmpty)
            #expect(await harness.broker.progress(of: job.id)?.state == .running)
            await harness.broker.results(workers[2].id, [try workers[2].result(for: workers[2].assigned[0])])
            #expect(try await harness.ended(job.id).state == .completed)
            try await harness.eventually("three replicas are kept") { try await harness.store.replicas(job: job.id).count == 3 }
            #expect(try await harness.store.replicas(job: job.id).map(\.verdict).sorted { $0.rawValue < $1.rawValue } == [.accepted, .agreed, .agreed])
        }
    }

    @Test("a late result, after its job was cancelled, is kept as late evidence")
    func lateResultIsKept() async throws {
        try await BrokerHarness.with { harness in
            let worker = FakeWorker()
            #expect(await harness.broker.connect(worker.link))
            let job = try await harness.submit(tasks: 1)
            #expect(await harness.broker.cancel(job.id))
            #expect(worker.cancelled == [worker.assigned[0].replica])
            await harness.broker.results(worker.id, [try worker.result(for: worker.assigned[0])])
            try await harness.eventually("the late replica is kept") { try await harness.store.replicas(job: job.id).map(\.verdict) == [.late] }
        }
    }
}
