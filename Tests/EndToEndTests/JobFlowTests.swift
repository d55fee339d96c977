import Foundation
import GridClient
import GridCore
import GridStore
import Testing

@Suite("Jobs flow through a real coordinator and workers", .serialized)
struct JobFlowTests {
    @Test func aBatchJobRunsOnTheWorkersAndEveryResultIsRecorded() async throws {
        try await TestNetwork.with(workers: 2, slots: 2) { network in
            let module = try await network.client.uploadModule(Guest.bytes("primes"))
            let bounds = [10, 100, 1000, 10_000, 100_000, 2, 3, 30]
            let job = try await network.client.submit(JobSubmission(
                module: module.hash, tasks: bounds.map { TaskInput(arguments: ["\($0)"]) }))
            #expect(job.state == .queued)
            let done = try await network.client.waitForCompletion(of: job.id, timeout: .seconds(60))
            #expect(done.state == .completed)
            #expect(done.tasksFinished == bounds.count)
            let results = try await network.client.results(of: job.id)
            let counts = results.results.sorted { $0.index < $1.index }.map { String(decoding: $0.output, as: UTF8.self) }
            #expect(counts == ["4\n", "25\n", "168\n", "1229\n", "9592\n", "0\n", "1\n", "10\n"])
            #expect(Set(results.results.map(\.worker)).count == 2)
            #expect(results.results.allSatisfy { $0.outputHash == ContentHash(of: $0.output) && $0.succeeded })
        }
    }

    @Test func submittingWithWaitAnswersWithTheOutcomeOrWhereTheJobStandsWhenTheWaitEnds() async throws {
        try await TestNetwork.with(workers: 1, slots: 1) { network in
            let primes = try await network.client.uploadModule(Guest.bytes("primes"))
            // A small job ends within the wait: one request brings back its outcome.
            let quick = try await network.client.submit(
                JobSubmission(module: primes.hash, tasks: [TaskInput(arguments: ["1000"])]), wait: .seconds(30))
            #expect(quick.state == .completed)
            #expect(quick.tasksFinished == 1 && quick.tasksSucceeded == 1 && quick.finishedAt != nil)
            #expect(try await network.client.results(of: quick.id).results.first?.output == Data("168\n".utf8))

            // A job that outlasts the wait comes back unfinished, and is still durable and running.
            let spin = try await network.client.uploadModule(Guest.bytes("spin"))
            let limits = try Limits(fuel: Limits.Bounds.fuel.upperBound, wallClockMilliseconds: 60_000)
            let started = ContinuousClock.now
            let slow = try await network.client.submit(JobSubmission(module: spin.hash, tasks: [TaskInput()], limits: limits), wait: .milliseconds(300))
            #expect(ContinuousClock.now - started >= .milliseconds(300))
            #expect(!slow.state.isTerminal)
            #expect(try await network.client.job(slow.id).id == slow.id)
            _ = try await network.client.cancel(slow.id)

            // `run` is submit-and-wait in one call.
            let ran = try await network.client.run(JobSubmission(module: primes.hash, tasks: [TaskInput(arguments: ["100"])]))
            #expect(ran.state == .completed)
        }
    }

    /// Found by a live trial: an output changed in the coordinator's database was served and
    /// printed as the job's result, although its hash no longer matched the signed one.
    @Test func anOutputThatNoLongerMatchesItsSignedHashIsRefusedByTheClient() async throws {
        try await TestNetwork.with(workers: 1, slots: 1) { network in
            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput()]), wait: .seconds(20))
            #expect(job.state == .completed)
            #expect(try await network.client.results(of: job.id).results.count == 1)
            try await network.store.execute(rawSQL: "UPDATE results SET output = X'3331333337' WHERE job_id = '\(job.id)'")
            let error = await #expect(throws: GridClientError.self) { try await network.client.results(of: job.id) }
            #expect(error?.description.contains("does not hash to the output hash its worker signed") == true, "\(String(describing: error))")
            #expect(try await network.store.moneySupply().isConserved)
        }
    }
}
