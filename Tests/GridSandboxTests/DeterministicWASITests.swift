import Crypto
import GridCore
import GridSandbox
import Testing

@Suite("The deterministic WASI host")
struct DeterministicWASITests {
    let sandbox = Sandbox()

    @Test func sameSeedSameBytesAndFuelAcrossRunsAndEngines() throws {
        let invocation = Invocation(seed: 42)
        let first = try sandbox.run(wat: Fixture.randomAndClocks, invocation)
        let second = try sandbox.run(wat: Fixture.randomAndClocks, invocation)
        let otherEngine = try Sandbox().run(wat: Fixture.randomAndClocks, invocation)
        #expect(first.stdout.count == 32)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout == otherEngine.stdout)
        #expect(first.fuelUsed == second.fuelUsed)
        #expect(first.fuelUsed == otherEngine.fuelUsed)
        #expect(first.outputHash == ContentHash(of: first.stdout))
    }

    @Test func differentSeedsGiveDifferentRandomBytes() throws {
        let a = try sandbox.run(wat: Fixture.randomAndClocks, Invocation(seed: 1))
        let b = try sandbox.run(wat: Fixture.randomAndClocks, Invocation(seed: 2))
        #expect(a.stdout.prefix(16) != b.stdout.prefix(16))
        // The clocks do not depend on the seed, only on fuel.
        #expect(a.stdout.suffix(16) == b.stdout.suffix(16))
    }

    @Test func clocksAreVirtualAndAdvanceWithFuel() throws {
        let outcome = try sandbox.run(wat: Fixture.randomAndClocks)
        let bytes = outcome.stdout
        func word(_ offset: Int) -> UInt64 {
            bytes[offset..<offset + 8].reversed().reduce(0) { $0 << 8 | UInt64($1) }
        }
        let realtime = word(16), monotonic = word(24)
        // 2025-01-01T00:00:00Z plus a few nanoseconds of virtual time, whatever the real date.
        #expect(realtime > 1_735_689_600_000_000_000)
        #expect(realtime < 1_735_689_600_000_000_000 + 1_000)
        // WasmKit charges a region's fuel on entry, so the clocks read the fuel charged so far.
        #expect(monotonic > 0 && monotonic <= outcome.fuelUsed)
        #expect(monotonic >= realtime - 1_735_689_600_000_000_000)
    }

    @Test func procExitReportsTheStatus() throws {
        let wat = """
            (module
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (func (export "_start") (call $exit (i32.const 3)) unreachable))
            """
        let outcome = try sandbox.run(wat: wat)
        #expect(outcome.termination == .exited(code: 3))
        #expect(!outcome.succeeded)
        #expect(outcome.limitHit == nil)
    }

    @Test func writingToAFileDescriptorOtherThanStdoutOrStderrFails() throws {
        let outcome = try sandbox.run(wat: Fixture.writer("x", fd: 5))
        #expect(outcome.termination == .exited(code: 8))  // EBADF, returned as the exit status
        #expect(outcome.stdout.isEmpty && outcome.stderr.isEmpty)
    }

    @Test func pointersOutsideMemoryGetEFAULT() throws {
        let wat = """
            (module
              \(Fixture.fdWrite)
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (func (export "_start")
                (i32.store (i32.const 0) (i32.const 65530))
                (i32.store (i32.const 4) (i32.const 100))
                (call $exit (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
            """
        #expect(try sandbox.run(wat: wat).termination == .exited(code: 21))
    }

    @Test func closedFileOperationsAnswerWithAnErrorCode() throws {
        let wat = """
            (module
              (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (memory (export "memory") 1)
              (func (export "_start") (call $exit (call $prestat (i32.const 3) (i32.const 0)))))
            """
        #expect(try sandbox.run(wat: wat).termination == .exited(code: 8))
    }

    @Test func trapsAreReportedWithTheirReason() throws {
        let outcome = try sandbox.run(wat: #"(module (func (export "_start") unreachable))"#)
        #expect(outcome.termination == .trapped(reason: "unreachable"))
        let divide = try sandbox.run(
            wat: #"(module (func (export "f") (param i32) (result i32) (i32.div_s (i32.const 1) (local.get 0))))"#,
            Invocation(entry: .export(name: "f", arguments: [0])))
        #expect(divide.termination == .trapped(reason: "integer divide by zero"))
    }

    @Test func loadingTheSameBytesTwiceUsesTheCache() throws {
        let bytes = try Fixture.bytes(Fixture.spin)
        let first = try sandbox.load(bytes)
        #expect(sandbox.cachedModule(first.hash) != nil)
        let second = try sandbox.load(bytes)
        #expect(first.hash == second.hash)
        #expect(first.hash == ContentHash(of: bytes))
    }

    @Test func theSelfBenchmarkMeasuresFuelPerSecond() throws {
        let result = try SelfBenchmark.run(sandbox: sandbox, cores: 2, duration: .milliseconds(100))
        #expect(result.cores == 2)
        #expect(result.fuelPerSecondPerCore > 1_000_000)
        #expect(result.fuel > 0)
    }
}
