import Foundation
import GridClient
import GridCore
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
}
