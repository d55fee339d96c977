import GridCore
import GridSandbox
import Testing

@Suite("Bad modules and bad invocations are refused with errors that name the problem")
struct SandboxRefusalTests {
    let sandbox = Sandbox()

    @Test func bytesThatAreNotWebAssembly() {
        #expect(throws: SandboxError.self) { try sandbox.load(Array("#!/bin/sh\necho hi\n".utf8)) }
        #expect(throws: SandboxError.self) { try sandbox.load([]) }
        // A valid header followed by garbage.
        #expect(throws: SandboxError.self) { try sandbox.load([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0xff, 0xff]) }
        do {
            _ = try sandbox.load([1, 2, 3])
        } catch {
            #expect(error.message.hasPrefix("not a valid WebAssembly module"))
        }
    }

    @Test func importingPathOpenIsRefusedByName() throws {
        let wat = """
            (module
              (import "wasi_snapshot_preview1" "path_open"
                (func (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
              (func (export "_start")))
            """
        let error = #expect(throws: SandboxError.self) { try sandbox.load(Fixture.bytes(wat)) }
        #expect(error?.message.contains("wasi_snapshot_preview1.path_open") == true)
    }

    @Test func importingFromAnUnknownModuleIsRefusedByName() throws {
        let wat = #"(module (import "env" "launch_missiles" (func)) (func (export "_start")))"#
        let error = #expect(throws: SandboxError.self) { try sandbox.load(Fixture.bytes(wat)) }
        #expect(error?.message.contains("env.launch_missiles") == true)
    }

    @Test func importingAMemoryIsRefused() throws {
        let wat = #"(module (import "wasi_snapshot_preview1" "memory" (memory 1)) (func (export "_start")))"#
        let error = #expect(throws: SandboxError.self) { try sandbox.load(Fixture.bytes(wat)) }
        #expect(error?.message.contains("only functions") == true)
    }

    @Test func aWASIImportWithTheWrongSignatureIsRefused() throws {
        let wat = #"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32))) (func (export "_start")))"#
        let error = #expect(throws: SandboxError.self) { try sandbox.load(Fixture.bytes(wat)) }
        #expect(error?.message.contains("expected signature (i32, i32, i32, i32) -> (i32)") == true)
    }

    @Test func aMissingExportIsNamed() throws {
        let module = try sandbox.load(Fixture.bytes(Fixture.addExport))
        let error = #expect(throws: SandboxError.self) {
            try sandbox.run(module, Invocation(entry: .export(name: "mul", arguments: [1])), limits: .standard)
        }
        #expect(error?.message == "the module exports no function named 'mul' (exported functions: add, half)")
        #expect(throws: SandboxError.missingExport("_start", available: ["add", "half"])) {
            try sandbox.run(module, Invocation(), limits: .standard)
        }
    }

    @Test func argumentsThatDoNotFitTheSignatureAreRefused() throws {
        let module = try sandbox.load(Fixture.bytes(Fixture.addExport))
        func call(_ name: String, _ arguments: [Int64]) throws -> ExecutionOutcome {
            try sandbox.run(module, Invocation(entry: .export(name: name, arguments: arguments)), limits: .standard)
        }
        #expect(throws: SandboxError.badArguments("'add' takes 2 argument(s), 1 given")) { try call("add", [1]) }
        #expect(throws: SandboxError.badArguments("argument 1 of 'add' is 4294967296, which does not fit its i32 parameter")) {
            try call("add", [1 << 32, 0])
        }
        #expect(throws: SandboxError.self) { try call("half", [2]) }
        #expect(try call("add", [-5, 1 << 40]).termination == .returned([(1 << 40) - 5]))
    }

    @Test func limitsOfZeroOrBeyondTheMaximumAreRefused() {
        #expect(throws: LimitsError.self) { try Limits(fuel: 0) }
        #expect(throws: LimitsError.self) { try Limits(fuel: Limits.Bounds.fuel.upperBound + 1) }
        #expect(throws: LimitsError.self) { try Limits(memoryBytes: 0) }
        #expect(throws: LimitsError.self) { try Limits(memoryBytes: 8 << 30) }
        #expect(throws: LimitsError.self) { try Limits(wallClockMilliseconds: 0) }
        #expect(throws: LimitsError.self) { try Limits(outputBytes: 0) }
        let error = #expect(throws: LimitsError.self) { try Limits(fuel: 0) }
        #expect(error?.field == "fuel")
    }
}
