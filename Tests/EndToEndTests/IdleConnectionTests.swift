import Foundation
import GridClient
import GridCoordinator
import GridCore
import GridEmbedded
import GridStore
import Testing

/// An HTTP connection that sits idle is closed after `idleTimeout`: before its first request
/// (a bare TCP connection, or a head never finished) and between requests; a request in
/// progress (a long poll) and a WebSocket worker session are never cut by it.
@Suite("Idle connections are closed", .serialized)
struct IdleConnectionTests {
    static let idle = Duration.milliseconds(500)
    /// Far below the exchange's own 30 s timeout; generous, because with the whole suite in
    /// parallel on two cores the server's timer can fire seconds late.
    static let closedWithin = Duration.seconds(15)

    static var quickIdle: CoordinatorConfiguration {
        var configuration = CoordinatorConfiguration()
        configuration.idleTimeout = idle
        return configuration
    }

    /// Sends `bytes` and returns what came back and how long until the server closed.
    private static func closedAfter(_ bytes: [UInt8], port: Int) async throws -> (answer: String, after: Duration) {
        let started = ContinuousClock.now
        let answer = try await RawSocket.exchange(bytes, port: port, timeout: .seconds(30))
        return (String(decoding: answer, as: UTF8.self), ContinuousClock.now - started)
    }

    @Test func aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() async throws {
        try await TestNetwork.with(workers: 0, configuration: Self.quickIdle) { network in
            let (answer, after) = try await Self.closedAfter([], port: network.port)
            #expect(answer.isEmpty)
            #expect(after >= Self.idle - .milliseconds(100) && after < Self.closedWithin, "closed after \(after)")
        }
    }

    @Test func aConnectionThatNeverFinishesItsFirstRequestHeadIsClosedAfterTheIdleTimeout() async throws {
        try await TestNetwork.with(workers: 0, configuration: Self.quickIdle) { network in
            let (answer, after) = try await Self.closedAfter(Array("GET /v1/status HTTP/1.1\r\nHost: x\r\n".utf8), port: network.port)
            #expect(answer.isEmpty)
            #expect(after < Self.closedWithin, "closed after \(after)")
        }
    }

    @Test func aKeepAliveConnectionIsAnsweredThenClosedOnceIdle() async throws {
        try await TestNetwork.with(workers: 0, configuration: Self.quickIdle) { network in
            let (answer, after) = try await Self.closedAfter(Array("GET /v1/status HTTP/1.1\r\nHost: x\r\n\r\n".utf8), port: network.port)
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer)")
            #expect(after >= Self.idle - .milliseconds(100) && after < Self.closedWithin, "closed after \(after)")
        }
    }

    @Test func aLongPollLongerThanTheIdleTimeoutIsAnswered() async throws {
        try await TestNetwork.with(workers: 0, configuration: Self.quickIdle) { network in
            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            let job = try await network.client.submit(JobSubmission(module: module.hash, tasks: [TaskInput()]))
            let started = ContinuousClock.now
            // No worker: the poll runs its full two seconds, four idle timeouts.
            let summary = try await network.client.job(job.id, wait: .seconds(2))
            #expect(summary.state == .queued)
            #expect(ContinuousClock.now - started >= .milliseconds(1_900))
            // The client's pooled connection, closed while idle, is replaced without an error.
            try await Task.sleep(for: Self.idle * 2)
            #expect(try await network.client.job(job.id).state == .queued)
        }
    }

    @Test func aWorkerSessionQuieterThanTheIdleTimeoutStaysConnectedAndRunsWork() async throws {
        var options = TestNetwork.testOptions(Self.quickIdle)
        // Heartbeats every 2 s: the session is silent for four idle timeouts at a time.
        options.coordinator.heartbeatMilliseconds = 2_000
        try await TestNetwork.with(workers: 1, slots: 1, options: options) { network in
            let before = try #require(try await network.client.workers().first)
            try await Task.sleep(for: .seconds(3))
            let after = try #require(try await network.client.workers().first)
            #expect(after.id == before.id && after.connectedAt == before.connectedAt, "the worker reconnected")
            let module = try await network.client.uploadModule(Guest.bytes("hello"))
            let done = try await network.client.run(JobSubmission(module: module.hash, tasks: [TaskInput()]), timeout: .seconds(30))
            #expect(done.state == .completed)
        }
    }

    @Test func anIdleTimeoutOfZeroIsRefusedNamingTheSetting() async throws {
        let store = try await SQLiteGridStore.temporary(durability: .processCrashSafe)
        var configuration = CoordinatorConfiguration(port: 0)
        configuration.idleTimeout = .zero
        let coordinator = Coordinator(configuration: configuration, store: store)
        do {
            try await coordinator.run()
            Issue.record("the coordinator ran")
        } catch let error as CoordinatorConfigurationError {
            #expect(error.field == "idleTimeout")
            #expect(error.message == "idleTimeout is 0.0 seconds; it must be longer than zero")
        }
        // Refused before anything was written.
        #expect(try await store.appliedMigrations().isEmpty)
        try await store.close()
    }
}
