import GridCore
import GridSandbox
import Testing

@Suite("Limits are enforced and reported as outcomes")
struct SandboxLimitsTests {
    let sandbox = Sandbox()

    @Test func infiniteLoopRunsOutOfFuel() throws {
        let limits = try Limits(fuel: 5_000_000)
        let outcome = try sandbox.run(wat: Fixture.spin, limits: limits)
        #expect(outcome.termination == .limitExceeded(.fuel))
        #expect(outcome.limitHit == .fuel)
        #expect(outcome.fuelUsed == 5_000_000)
    }

    @Test func wallClockWatchdogStopsAnInfiniteLoop() throws {
        let limits = try Limits(fuel: Limits.Bounds.fuel.upperBound, wallClockMilliseconds: 200)
        let outcome = try sandbox.run(wat: Fixture.spin, limits: limits)
        #expect(outcome.termination == .limitExceeded(.wallClock))
        #expect(outcome.wallTime >= .milliseconds(200))
        #expect(outcome.wallTime < .seconds(5))
        #expect(outcome.fuelUsed > 0 && outcome.fuelUsed < Limits.Bounds.fuel.upperBound)
    }

    @Test func unboundedMemoryGrowthIsRefusedAtTheCap() throws {
        let limits = try Limits(memoryBytes: 4 << 20)
        let outcome = try sandbox.run(wat: Fixture.unboundedGrowth, limits: limits)
        // The guest traps when growth is refused; the outcome keeps the trap and names the limit.
        #expect(outcome.termination == .trapped(reason: "unreachable"))
        #expect(outcome.limitHit == .memory)
        #expect(outcome.memoryGrowthRefused)
        #expect(outcome.peakMemoryBytes == 4 << 20)
    }

    @Test func initialMemoryOverTheCapIsRejectedBeforeRunning() throws {
        let limits = try Limits(memoryBytes: 1 << 20)
        let wat = #"(module (memory (export "memory") 100) (func (export "_start")))"#
        let error = #expect(throws: SandboxError.initialMemoryOverLimit(requestedBytes: 0, limitBytes: 0)) {
            try sandbox.run(wat: wat, limits: limits)
        }
        #expect(error?.message == "the module's initial memory of 6553600 bytes exceeds the memory limit of 1048576 bytes; raise the memory limit")
    }

    @Test func printingForeverStopsAtTheOutputCap() throws {
        let limits = try Limits(outputBytes: 1000)
        let outcome = try sandbox.run(wat: Fixture.printForever, limits: limits)
        #expect(outcome.termination == .limitExceeded(.output))
        #expect(outcome.stdout.count == 1000)
        #expect(outcome.stdout.starts(with: Array("spam spam spam\n".utf8)))
    }

    @Test func stderrHasItsOwnCap() throws {
        let limits = try Limits(outputBytes: 3)
        let outcome = try sandbox.run(wat: Fixture.writer("oops", fd: 2), limits: limits)
        #expect(outcome.termination == .limitExceeded(.output))
        #expect(outcome.stderr == Array("oop".utf8))
        #expect(outcome.stdout.isEmpty)
    }

    @Test func runsWithinLimitsReportNoLimit() throws {
        let outcome = try sandbox.run(wat: Fixture.writer("hi\\n"))
        #expect(outcome.termination == .exited(code: 0))
        #expect(outcome.limitHit == nil)
        #expect(outcome.succeeded)
        #expect(outcome.peakMemoryBytes == 65_536)
    }
}
