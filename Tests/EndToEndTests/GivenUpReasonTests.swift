import Foundation
import GridClient
import GridCoordinator
import GridCore
import GridStore
import Testing

/// A task the coordinator gives up is shown with its reason in `GET /v1/jobs/{id}/results`, by a
/// real coordinator, and still after it restarts on the same database.
@Suite("Given-up tasks are shown with their reason", .serialized)
struct GivenUpReasonTests {
    @Test func aTaskTheWallClockStopsTwiceIsShownGivenUpWithItsReasonBeforeAndAfterARestart() async throws {
        try await withDatabaseDirectory("given-up") { directory, path in
            var configuration = CoordinatorConfiguration()
            configuration.operatorAPIKey = String(repeating: "ab", count: 32)

            var clientKey: String?
            var finished: JobID?
            try await TestNetwork.with(workers: 0, configuration: configuration, store: try await SQLiteGridStore(path: path)) { first in
                clientKey = first.client.apiKey
                try await first.startWorker(name: "only", slots: 1)
                try await first.waitForWorkers(1)
                let spin = try await first.client.uploadModule(Guest.bytes("spin"))
                let hello = try await first.client.uploadModule(Guest.bytes("hello"))
                let limits = try Limits(fuel: Limits.Bounds.fuel.upperBound, wallClockMilliseconds: 300)
                let job = try await first.client.submit(JobSubmission(module: spin.hash, tasks: [TaskInput()], limits: limits))
                finished = job.id
                let done = try await first.client.waitForCompletion(of: job.id, timeout: .seconds(30))
                #expect(done.state == .failed)
                let results = try await first.client.results(of: job.id)
                #expect(results.results.isEmpty)
                #expect(results.givenUp.map(\.index) == [0])
                #expect(results.givenUp.first?.reason == "replicas stopped by the wall-clock limit 2 times")
                // A job whose tasks all succeed has none.
                let fine = try await first.client.run(JobSubmission(module: hello.hash, tasks: [TaskInput()]), timeout: .seconds(30))
                #expect(try await first.client.results(of: fine.id).givenUp.isEmpty)
            }
            let id = try #require(finished)

            // Restarted on the same database: the reason is read from the store.
            try await TestNetwork.with(workers: 0, configuration: configuration, store: try await SQLiteGridStore(path: path)) { second in
                let client = GridClient(baseURL: second.baseURL, apiKey: clientKey)
                let results = try await client.results(of: id)
                #expect(results.job.state == .failed)
                #expect(results.givenUp.map(\.index) == [0])
                #expect(results.givenUp.first?.reason == "replicas stopped by the wall-clock limit 2 times")
            }
        }
    }
}
