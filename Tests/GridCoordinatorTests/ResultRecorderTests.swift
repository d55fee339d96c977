import Foundation
@testable import GridCoordinator
import GridCore
@testable import GridStore
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@Suite("Result recorder")
struct ResultRecorderTests {
    @Test("on graceful shutdown the recorder exits only after the results it holds are written")
    func shutdownWaitsForPendingWrites() async throws {
        try await BrokerHarness.with { harness in
            let (job, tasks) = harness.job(tasks: 1)
            try await harness.store.insertJob(job, tasks: tasks)
            var logger = Logger(label: "recorder-test")
            logger.logLevel = .critical
            let recorder = ResultRecorder(store: harness.store, logger: logger)
            let group = ServiceGroup(configuration: .init(services: [recorder], logger: logger))
            let exited = Mutex(false)
            let running = Task {
                try await group.run()
                exited.withLock { $0 = true }
            }

            // Another connection holds the database's write lock, so the recorder's write waits.
            let other = try await SQLiteGridStore(path: harness.store.path)
            try await other.execute(rawSQL: "BEGIN IMMEDIATE")
            let output = Data("42\n".utf8)
            let result = ResultRecord(
                job: job.id, index: 0, replica: ReplicaID(), worker: WorkerID(), termination: "exited:0", succeeded: true,
                output: output, stderr: Data(), outputHash: ContentHash(of: output), fuelUsed: 7, wallMicroseconds: 10,
                peakMemoryBytes: 65_536, signature: Data(repeating: 1, count: 64), recordedAt: Date(timeIntervalSince1970: 1_800_000_000))
            await recorder.record([result])
            await group.triggerGracefulShutdown()
            try await Task.sleep(for: .milliseconds(300))
            #expect(exited.withLock { $0 } == false, "the recorder exited with a write pending")

            try await other.execute(rawSQL: "COMMIT")
            try await running.value
            #expect(exited.withLock { $0 })
            #expect(try await harness.store.results(job: job.id) == [result])
            try await other.close()
        }
    }
}
