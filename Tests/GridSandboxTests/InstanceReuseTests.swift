import Foundation
import GridCore
import GridSandbox
import Testing

/// A kept instance must be indistinguishable from a fresh one: same bytes, same fuel, same memory.
@Suite("Instances kept between runs")
struct InstanceReuseTests {
    let kept = Sandbox()
    let fresh = Sandbox(configuration: SandboxConfiguration(warmInstanceBytes: 0))

    /// What a run can observe, without the wall time.
    struct Observed: Equatable {
        let termination: Termination
        let stdout: [UInt8]
        let stderr: [UInt8]
        let fuelUsed: UInt64
        let peakMemoryBytes: UInt64
        let memoryGrowthRefused: Bool

        init(_ outcome: ExecutionOutcome) {
            termination = outcome.termination
            stdout = outcome.stdout
            stderr = outcome.stderr
            fuelUsed = outcome.fuelUsed
            peakMemoryBytes = outcome.peakMemoryBytes
            memoryGrowthRefused = outcome.memoryGrowthRefused
        }
    }

    /// Each built guest, with invocations that differ in arguments, input, seed and limits.
    static let workloads: [(guest: String, invocations: [Invocation], limits: Limits)] = {
        func command(_ name: String, _ arguments: [String], stdin: String = "", seed: UInt64 = 0) -> Invocation {
            Invocation(programName: name, arguments: arguments, stdin: Array(stdin.utf8), seed: seed)
        }
        let small = try! Limits(fuel: 20_000_000)
        return [
            ("hello", [command("hello", []), command("hello", ["x"])], small),
            ("mandelbrot", [command("mandelbrot", ["64", "48", "0", "0", "16", "8"]), command("mandelbrot", ["64", "48", "16", "8", "8", "8", "64", "ppm"])], small),
            ("primes", [command("primes", ["1000"]), command("primes", ["20"]), command("primes", ["nonsense"])], small),
            ("hashchain", [command("hashchain", ["50"], stdin: "abc"), command("hashchain", ["3"], stdin: "a longer input, another line\n")], small),
            ("montecarlo-pi", [command("montecarlo-pi", ["2000"], seed: 1), command("montecarlo-pi", ["500"], seed: 7)], small),
            ("wordcount", [command("wordcount", [], stdin: "one two\nthree\n"), command("wordcount", [], stdin: String(repeating: "word ", count: 300))], small),
            ("echo", [command("echo", ["a", "b"], stdin: "in"), command("echo", [], stdin: String(repeating: "z", count: 5000))], small),
            ("clock", [command("clock", []), command("clock", [], seed: 3)], small),
            ("chatter", [command("chatter", [])], try! Limits(fuel: 200_000, outputBytes: 4096)),
            ("exit3", [command("exit3", [])], small),
            ("hog", [command("hog", [])], try! Limits(fuel: 2_000_000, memoryBytes: 8 << 20)),
            ("spin", [command("spin", [])], try! Limits(fuel: 300_000)),
        ]
    }()

    @Test("every guest gives byte-identical output and fuel, run after run, kept or fresh", arguments: workloads.map(\.guest))
    func keptMatchesFresh(guest: String) throws {
        let workload = try #require(Self.workloads.first { $0.guest == guest })
        let bytes = try Guests.bytes(guest)
        let keptModule = try kept.load(bytes)
        let freshModule = try fresh.load(bytes)
        // Interleaved, so each kept run follows a different earlier one.
        for round in 0..<3 {
            for invocation in workload.invocations.shuffled() {
                let a = Observed(try kept.run(keptModule, invocation, limits: workload.limits))
                let b = Observed(try fresh.run(freshModule, invocation, limits: workload.limits))
                #expect(a == b, "\(guest) round \(round) \(invocation.arguments)")
            }
        }
    }

    @Test("the guests a worker runs most are kept: hello, mandelbrot and the Swift workloads")
    func commonGuestsQualify() throws {
        for guest in ["hello", "mandelbrot", "primes", "hashchain", "wordcount", "montecarlo-pi"] {
            #expect(try kept.load(Guests.bytes(guest)).reusePlan != nil, "\(guest)")
        }
        #expect(try fresh.load(Guests.bytes("hello")).reusePlan == nil, "reuse is off with no budget")
    }

    static let stateful = #"""
    (module
      (memory (export "memory") 1)
      (global $counter (mut i32) (i32.const 40))
      (global $hidden (mut i64) (i64.const 7))
      (data (i32.const 16) "\05")
      (func (export "bump") (result i32 i32 i64)
        (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
        (global.set $hidden (i64.mul (global.get $hidden) (i64.const 3)))
        (i32.store8 (i32.const 16) (i32.add (i32.load8_u (i32.const 16)) (i32.const 1)))
        (i32.store (i32.const 1000) (i32.const 99))
        (global.get $counter) (i32.load8_u (i32.const 16)) (global.get $hidden)))
    """#

    @Test("memory, data segments and unexported mutable globals are put back between runs")
    func stateIsReset() throws {
        let module = try kept.load(Fixture.bytes(Self.stateful))
        #expect(module.reusePlan?.globalExports.count == 2)
        for _ in 0..<4 {
            let outcome = try kept.run(module, Invocation(entry: .export(name: "bump", arguments: [])), limits: .standard)
            #expect(outcome.termination == .returned([41, 6, 21]))
        }
    }

    @Test("a module that grows its memory gets a fresh instance after each run that grew it")
    func grownMemoryIsNotKept() throws {
        let growing = #"""
        (module (memory (export "memory") 1)
          (func (export "grow") (result i32) (drop (memory.grow (i32.const 1))) (memory.size)))
        """#
        let module = try kept.load(Fixture.bytes(growing))
        for _ in 0..<3 {
            let outcome = try kept.run(module, Invocation(entry: .export(name: "grow", arguments: [])), limits: .standard)
            #expect(outcome.termination == .returned([2]))
            #expect(outcome.peakMemoryBytes == 2 * 65_536)
        }
    }

    @Test("modules whose state a reset cannot restore are never kept", arguments: [
        ("a start function", #"(module (memory 1) (global $g (mut i32) (i32.const 0)) (func $s (global.set $g (i32.const 1))) (start $s) (func (export "f")))"#),
        ("table.set", #"(module (table 2 funcref) (func $a) (func (export "f") (table.set (i32.const 0) (ref.func $a))) (elem declare func $a))"#),
        ("table.grow", #"(module (table 1 funcref) (func (export "f") (drop (table.grow (ref.null func) (i32.const 1)))))"#),
        ("data.drop", #"(module (memory 1) (data $d "x") (func (export "f") (data.drop $d)))"#),
        ("elem.drop", #"(module (table 1 funcref) (func $a) (elem $e func $a) (func (export "f") (elem.drop $e)))"#),
        ("a large initial memory", #"(module (memory 128) (func (export "f")))"#),
    ])
    func unrestorableModulesAreNotKept(what: String, wat: String) throws {
        let bytes = try Fixture.bytes(wat)
        #expect(throws: InstanceReusePlan.Refusal.self, "\(what)") { try InstanceReusePlan(for: bytes) }
        let module = try kept.load(bytes)
        #expect(module.reusePlan == nil)
        let first = try kept.run(module, Invocation(entry: .export(name: "f", arguments: [])), limits: .standard)
        let second = try kept.run(module, Invocation(entry: .export(name: "f", arguments: [])), limits: .standard)
        #expect(first.termination == .returned([]) && second.termination == .returned([]))
    }

    @Test("a kept instance whose memory is over a later run's limit is refused like a fresh one")
    func keptInstanceRespectsTheMemoryLimit() throws {
        let module = try kept.load(Fixture.bytes(#"(module (memory (export "memory") 4) (func (export "f")))"#))
        _ = try kept.run(module, Invocation(entry: .export(name: "f", arguments: [])), limits: .standard)
        let tight = try Limits(memoryBytes: 65_536)
        #expect(throws: SandboxError.initialMemoryOverLimit(requestedBytes: 0, limitBytes: 0)) {
            try kept.run(module, Invocation(entry: .export(name: "f", arguments: [])), limits: tight)
        }
        #expect(try kept.run(module, Invocation(entry: .export(name: "f", arguments: [])), limits: .standard).termination == .returned([]))
    }

    @Test("the pool keeps no more bytes than its budget, dropping the module used longest ago")
    func poolStaysWithinItsBudget() throws {
        let small = Sandbox(configuration: SandboxConfiguration(warmInstanceBytes: 500_000))
        let a = try small.load(Fixture.bytes(#"(module (memory (export "memory") 2) (func (export "f")))"#))
        let b = try small.load(Fixture.bytes(#"(module (memory (export "memory") 2) (global (mut i32) (i32.const 0)) (func (export "f")))"#))
        _ = try small.run(a, Invocation(entry: .export(name: "f", arguments: [])), limits: .standard)
        #expect(small.keptInstances(of: a.hash) == 1)
        _ = try small.run(b, Invocation(entry: .export(name: "f", arguments: [])), limits: .standard)
        // Two instances of 2 pages each (memory and snapshot, plus their share) exceed 500,000 bytes.
        #expect(small.keptInstances(of: a.hash) == 0)
        #expect(small.keptInstances(of: b.hash) == 1)
    }

    @Test("exports are added to a module without an export section, in the binary format's order")
    func exportsAreAppendedWhereTheFormatWantsThem() throws {
        let bytes = try Fixture.bytes(#"(module (memory 1) (global (mut i32) (i32.const 5)) (func (result i32) (global.get 0)) (start 0))"#)
        let rewritten = try WasmExportAppender.appending([("g", 0x03, 0), ("m", 0x02, 0)], to: bytes)
        let module = try kept.load(rewritten)
        #expect(module.reusePlan == nil, "a start function is never kept")
        let plain = try Fixture.bytes(#"(module (memory 1) (global (mut i32) (i32.const 5)) (data (i32.const 0) "a"))"#)
        let plan = try InstanceReusePlan(for: plain)
        #expect(plan.memoryExport == "idlegrid:reuse:memory")
        #expect(plan.globalExports == ["idlegrid:reuse:global:0"])
    }
}
