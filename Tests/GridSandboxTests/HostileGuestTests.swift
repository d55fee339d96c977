import Dispatch
import GridCore
import GridSandbox
import Synchronization
import Testing

/// A module whose exports call WASI functions with whatever pointers the test passes, over one
/// page of memory laid out as:
///   0: iovec {64, 6}   8: iovec {0xFFFFFFF0, 0x20} (wraps past 4 GiB)   16: iovec {65530, 100}
///  24: iovec {64, 0}  32: iovec {200, 10}   64: "hello\n"
private let probe = """
    (module
      \(Fixture.fdWrite)
      (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
      (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
      (import "wasi_snapshot_preview1" "args_get" (func $args (param i32 i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 0) "\\40\\00\\00\\00\\06\\00\\00\\00\\f0\\ff\\ff\\ff\\20\\00\\00\\00\\fa\\ff\\00\\00\\64\\00\\00\\00")
      (data (i32.const 24) "\\40\\00\\00\\00\\00\\00\\00\\00\\c8\\00\\00\\00\\0a\\00\\00\\00")
      (data (i32.const 64) "hello\\n")
      (func (export "write") (param i32 i32 i32 i32) (result i32)
        (call $fd_write (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
      (func (export "read") (param $iovs i32) (param $n i32) (result i32)
        (local $errno i32)
        (local.set $errno (call $fd_read (i32.const 0) (local.get $iovs) (local.get $n) (i32.const 48)))
        (i32.store (i32.const 56) (i32.const 200))
        (i32.store (i32.const 60) (i32.load (i32.const 48)))
        (drop (call $fd_write (i32.const 1) (i32.const 56) (i32.const 1) (i32.const 52)))
        (local.get $errno))
      (func (export "random") (param i32 i32) (result i32) (call $random (local.get 0) (local.get 1)))
      (func (export "clock") (param i32 i32) (result i32) (call $clock (local.get 0) (i64.const 1) (local.get 1)))
      (func (export "args") (param i32 i32) (result i32) (call $args (local.get 0) (local.get 1))))
    """

@Suite("Hostile pointers and sizes get WASI errors, never host crashes")
struct HostileGuestTests {
    let sandbox = Sandbox()

    func call(_ name: String, _ arguments: [Int64], stdin: [UInt8] = [], limits: Limits = .standard) throws -> ExecutionOutcome {
        try sandbox.run(
            sandbox.load(Fixture.bytes(probe)),
            Invocation(entry: .export(name: name, arguments: arguments), stdin: stdin), limits: limits)
    }

    @Test func aValidWriteWorks() throws {
        let outcome = try call("write", [1, 0, 1, 40])
        #expect(outcome.termination == .returned([0]))
        #expect(outcome.stdout == Array("hello\n".utf8))
    }

    @Test(arguments: [
        ([1, 8, 1, 40], "an iovec whose buffer wraps past 4 GiB"),
        ([1, 0, 2, 40], "a good iovec followed by a wrapping one: all or nothing"),
        ([1, 16, 1, 40], "an iovec buffer running off the end of memory"),
        ([1, 65532, 1, 40], "an iovec array straddling the end of memory"),
        ([1, 0, 1, 65534], "an nwritten pointer outside memory"),
        ([1, 0xFFFF_FFF8, 1, 40], "an iovec array at the top of the address space"),
    ] as [([Int64], String)])
    func badWritePointersGetEFAULTAndWriteNothing(arguments: [Int64], what: String) throws {
        let outcome = try call("write", arguments)
        #expect(outcome.termination == .returned([21]), "\(what)")
        #expect(outcome.stdout.isEmpty, "\(what)")
    }

    @Test func tooManyIovecsGetEINVAL() throws {
        #expect(try call("write", [1, 0, 1025, 40]).termination == .returned([28]))
        #expect(try call("write", [1, 0, 0xFFFF_FFFF, 40]).termination == .returned([28]))
    }

    @Test func zeroLengthIovecsAreSkippedNotTreatedAsEndOfInput() throws {
        let outcome = try call("read", [24, 2], stdin: Array("abcdef".utf8))
        #expect(outcome.termination == .returned([0]))
        #expect(outcome.stdout == Array("abcdef".utf8))
    }

    @Test func badReadPointersGetEFAULTAndConsumeNothing() throws {
        let outcome = try call("read", [8, 1], stdin: Array("abc".utf8))
        #expect(outcome.termination == .returned([21]))
        #expect(outcome.stdout.isEmpty)
    }

    @Test func randomGetIsBoundsCheckedAndPaidFor() throws {
        #expect(try call("random", [65530, 100]).termination == .returned([21]))
        #expect(try call("random", [0xFFFF_FFF0, 0x20]).termination == .returned([21]))
        // 64 KiB of random bytes costs 1024 units of fuel on top of the call.
        let filled = try call("random", [0, 65536])
        #expect(filled.termination == .returned([0]))
        #expect(filled.fuelUsed > 1024)
        let starved = try call("random", [0, 65536], limits: Limits(fuel: 500))
        #expect(starved.termination == .limitExceeded(.fuel))
        #expect(starved.fuelUsed == 500)
    }

    @Test func clocksCheckTheirPointerAndId() throws {
        #expect(try call("clock", [1, 65532]).termination == .returned([21]))
        #expect(try call("clock", [9, 0]).termination == .returned([28]))
        #expect(try call("clock", [1, 65528]).termination == .returned([0]))
    }

    @Test func argsGetChecksBothBuffers() throws {
        #expect(try call("args", [65534, 0]).termination == .returned([21]))
        #expect(try call("args", [0, 65535]).termination == .returned([21]))
        #expect(try call("args", [0, 100]).termination == .returned([0]))
    }

    @Test func oversizedArgumentsAreRefusedBeforeRunning() throws {
        let module = try sandbox.load(Fixture.bytes(Fixture.spin))
        let huge = String(repeating: "x", count: Invocation.maxArgumentBytes)
        let error = #expect(throws: SandboxError.badArguments("")) {
            try sandbox.run(module, Invocation(arguments: [huge]), limits: .standard)
        }
        #expect(error?.message.contains("at most 1048576 are allowed") == true)
    }
}

@Suite("Start functions, invalid bodies, the watchdog under load, the module cache")
struct SandboxLifecycleTests {
    let sandbox = Sandbox()

    @Test func memoryRefusedInsideAStartFunctionIsAnOutcomeNotALoadError() throws {
        let wat = """
            (module
              (memory (export "memory") 1)
              (func $grow (loop $l (br_if $l (i32.ne (memory.grow (i32.const 1)) (i32.const -1)))) unreachable)
              (start $grow)
              (func (export "_start")))
            """
        let outcome = try sandbox.run(wat: wat, limits: Limits(memoryBytes: 1 << 20))
        #expect(outcome.termination == .trapped(reason: "unreachable"))
        #expect(outcome.limitHit == .memory)
        #expect(outcome.peakMemoryBytes == 1 << 20)
    }

    @Test func procExitAndTrapsInsideAStartFunction() throws {
        let exits = """
            (module
              (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
              (func $init (call $exit (i32.const 7)))
              (start $init)
              (func (export "_start")))
            """
        #expect(try sandbox.run(wat: exits).termination == .exited(code: 7))
        let traps = #"(module (func $init unreachable) (start $init) (func (export "_start")))"#
        #expect(try sandbox.run(wat: traps).termination == .trapped(reason: "unreachable"))
    }

    @Test func aModuleWithAnInvalidFunctionBodyIsRefusedAtLoad() throws {
        // A function declared to return i32 whose body leaves an i64: valid sections, bad body,
        // in a function nobody calls.
        let wat = #"(module (func (export "_start")) (func (export "never") (result i32) (i64.const 1)))"#
        let error = #expect(throws: SandboxError.notWebAssembly("")) { try sandbox.load(Fixture.bytes(wat)) }
        #expect(error?.message.hasPrefix("not a valid WebAssembly module: ") == true)
    }

    @Test func theWatchdogStopsOnlyTheRunsPastTheirDeadline() throws {
        let spin = try sandbox.load(Fixture.bytes(Fixture.spin))
        let finite = try sandbox.load(Fixture.bytes(#"(module (func (export "_start") (local i32) (loop $l (local.set 0 (i32.add (local.get 0) (i32.const 1))) (br_if $l (i32.lt_u (local.get 0) (i32.const 200000))))))"#))
        let outcomes = Mutex<[Int: ExecutionOutcome]>([:])
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            do {
                let outcome = index.isMultiple(of: 2)
                    ? try sandbox.run(spin, Invocation(), limits: Limits(fuel: Limits.Bounds.fuel.upperBound, wallClockMilliseconds: 100 + UInt64(index) * 20))
                    : try sandbox.run(finite, Invocation(), limits: Limits(wallClockMilliseconds: 60_000))
                outcomes.withLock { $0[index] = outcome }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        for (index, outcome) in outcomes.withLock({ $0 }) {
            #expect(outcome.termination == (index.isMultiple(of: 2) ? .limitExceeded(.wallClock) : .exited(code: 0)), "run \(index)")
        }
        #expect(outcomes.withLock { $0.count } == 8)
    }

    @Test func aCancelledRunStopsPromptly() throws {
        let spin = try sandbox.load(Fixture.bytes(Fixture.spin))
        let limits = try Limits(fuel: Limits.Bounds.fuel.upperBound, wallClockMilliseconds: 60_000)
        let token = SandboxCancellation()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.1) { token.cancel() }
        let outcome = try sandbox.run(spin, Invocation(), limits: limits, cancellation: token)
        #expect(outcome.termination == .cancelled)
        // Far below the 60 s limit; generous, because on a loaded two-core machine (the whole
        // suite in parallel) the cancelling timer itself can fire seconds late.
        #expect(outcome.wallTime < .seconds(20))
        let early = SandboxCancellation()
        early.cancel()
        #expect(try sandbox.run(spin, Invocation(), limits: limits, cancellation: early).termination == .cancelled)
        // A token never cancelled changes nothing.
        let finite = try sandbox.load(Fixture.bytes(Fixture.writer("ok")))
        #expect(try sandbox.run(finite, Invocation(), limits: limits, cancellation: SandboxCancellation()).termination == .exited(code: 0))
    }

    @Test func theCacheDropsTheLeastRecentlyUsedModule() throws {
        let small = Sandbox(configuration: SandboxConfiguration(moduleCacheCapacity: 2))
        let a = try small.load(Fixture.bytes(#"(module (func (export "a")))"#))
        let b = try small.load(Fixture.bytes(#"(module (func (export "b")))"#))
        _ = small.cachedModule(a.hash)  // a is now more recent than b
        let c = try small.load(Fixture.bytes(#"(module (func (export "c")))"#))
        #expect(small.cachedModule(a.hash) != nil)
        #expect(small.cachedModule(b.hash) == nil)
        #expect(small.cachedModule(c.hash) != nil)
    }

    @Test func modulesOverTheSizeLimitAreRefused() throws {
        let tiny = Sandbox(configuration: SandboxConfiguration(maxModuleBytes: 16))
        let error = #expect(throws: SandboxError.moduleTooLarge(byteCount: 0, limit: 0)) {
            try tiny.load(Fixture.bytes(Fixture.spin))
        }
        #expect(error?.message.contains("over the 16-byte module limit") == true)
    }

    @Test func theDeterminismClassNamesEngineAndArchitecture() {
        #expect(Sandbox.determinismClass.hasPrefix("wasmkit-0.4.2/"))
    }

    @Test func theEmbeddedReferenceModuleIsItsSourceCompiled() throws {
        #expect(try Fixture.bytes(SelfBenchmark.referenceModuleText) == SelfBenchmark.referenceModule)
    }
}
