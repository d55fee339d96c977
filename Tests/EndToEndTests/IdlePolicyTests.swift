import Foundation
import GridClient
import GridCore
import GridWorker
import Synchronization
import Testing

/// The real clock moved by a set offset, so a test can step a worker into its allowed hours.
final class ShiftedClock: GridClock {
    private let offset = Mutex<TimeInterval>(0)
    private let system = SystemClock()
    var now: Date { Date().addingTimeInterval(offset.withLock { $0 }) }
    var monotonic: Duration { system.monotonic }
    func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
    func shift(by seconds: TimeInterval) { offset.withLock { $0 += seconds } }
}

@Suite("A worker's idle policy", .serialized)
struct IdlePolicyEndToEndTests {
    @Test func aWorkerOutsideItsHoursReportsPausedGetsNoWorkAndResumesWhenTheyCome() async throws {
        try await TestNetwork.with(workers: 0) { network in
            let clock = ShiftedClock()
            // Allowed hours twelve hours away from now: paused until the clock moves on.
            let hour = Calendar.current.component(.hour, from: clock.now)
            let start = (hour + 12) % 24
            try await network.startWorker(name: "night-owl", slots: 1, idlePolicy: IdlePolicy(hours: (start, (start + 1) % 24)), clock: clock)
            try await network.waitForWorkers(1)
            try await waitUntil("the worker reports it is paused") { try await network.client.workers().first?.paused == true }

            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput(), TaskInput()]))
            try await waitUntil("the job says every worker is paused") {
                try await network.client.job(job.id).waitingReason == "every worker is paused or draining"
            }
            let waiting = try await network.client.job(job.id)
            #expect(waiting.state == .queued)
            #expect(waiting.tasksFinished == 0)
            #expect(try await network.client.status().queueDepth == 2)

            clock.shift(by: 12 * 3600)
            try await waitUntil("the worker reports it resumed") { try await network.client.workers().first?.paused == false }
            let done = try await network.client.waitForCompletion(of: job.id, timeout: .seconds(30))
            #expect(done.state == .completed)
            #expect(done.tasksSucceeded == 2)
        }
    }
}
