import Foundation
import GridCoordinator
import GridCore
import GridSandbox
import Hummingbird
import Synchronization
import Testing

@Suite("Module validation off the cooperative pool")
struct ModuleValidatorTests {
    /// A check the test releases, recording the threads it ran on and how many ran at once.
    final class GatedCheck: Sendable {
        private let gate = DispatchSemaphore(value: 0)
        private let state = Mutex((running: 0, most: 0, started: 0, threads: [Bool]()))

        var most: Int { state.withLock { $0.most } }
        var started: Int { state.withLock { $0.started } }
        var onCheckThreads: [Bool] { state.withLock { $0.threads } }

        func check(_ bytes: [UInt8]) throws {
            state.withLock { state in
                state.running += 1
                state.started += 1
                state.most = max(state.most, state.running)
                state.threads.append(ModuleValidator.isCheckThread)
            }
            gate.wait()
            state.withLock { $0.running -= 1 }
        }

        func release(_ count: Int = 1) {
            for _ in 0..<count { gate.signal() }
        }
    }

    private func configuration(threads: Int = 1, queued: Int = 2, timeout: Duration = .seconds(30)) -> CoordinatorConfiguration {
        var configuration = CoordinatorConfiguration()
        configuration.moduleValidationThreads = threads
        configuration.maxQueuedModuleValidations = queued
        configuration.moduleValidationTimeout = timeout
        return configuration
    }

    private func waitUntil(_ condition: () -> Bool) async throws {
        // Generous: in a full parallel run other suites can hold the cooperative pool for seconds.
        let deadline = ContinuousClock.now + .seconds(120)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw ValidatorTestFailure("timed out waiting") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test("checks run one at a time on their own thread; past the queue an upload is answered 503")
    func boundedAndOffThePool() async throws {
        let gated = GatedCheck()
        let validator = ModuleValidator(configuration: configuration(threads: 1, queued: 2)) { try gated.check($0) }
        let uploads = (1...3).map { index in Task { try await validator.validate([UInt8(index)]) } }
        try await waitUntil { gated.started == 1 && validator.queued == 2 }
        // One runs, two wait: the fourth is refused at once, without running.
        let refused = await #expect(throws: Problem.self) { try await validator.validate([9]) }
        #expect(refused?.status == 503)
        #expect(refused.map { try! $0.response().headers[.retryAfter] } == "2")
        gated.release(3)
        for upload in uploads { try await upload.value }
        #expect(gated.most == 1)
        #expect(gated.started == 3)
        #expect(gated.onCheckThreads == [true, true, true])
        // With the queue drained, an upload is checked again.
        gated.release()
        try await validator.validate([4])
    }

    @Test("a check over the time limit is answered 422 naming module, and the same bytes are refused without another check")
    func timeLimit() async throws {
        let gated = GatedCheck()
        let validator = ModuleValidator(configuration: configuration(timeout: .milliseconds(100))) { try gated.check($0) }
        let slow = await #expect(throws: Problem.self) { try await validator.validate([7, 7]) }
        #expect(slow?.status == 422)
        #expect(slow?.field == "module")
        #expect(slow?.detail.contains("0.1 s") == true)
        gated.release()
        let again = await #expect(throws: Problem.self) { try await validator.validate([7, 7]) }
        #expect(again?.status == 422)
        #expect(gated.started == 1)
    }

    @Test("a refused module is answered 422 with the sandbox's reason")
    func refusal() async throws {
        let validator = ModuleValidator(configuration: configuration()) { _ in throw SandboxErrorProbe.error }
        let refused = await #expect(throws: Problem.self) { try await validator.validate([1]) }
        #expect(refused?.status == 422)
        #expect(refused?.field == "module")
        #expect(refused?.detail == SandboxErrorProbe.error.message)
    }
}

enum SandboxErrorProbe {
    static let error = SandboxError.moduleTooLarge(byteCount: 10, limit: 5)
}

struct ValidatorTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
