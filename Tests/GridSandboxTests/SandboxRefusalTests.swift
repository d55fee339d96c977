import GridCore
import GridSandbox
import Testing

@Suite("Bad modules and bad invocations are refused with errors that name the problem")
struct SandboxRefusalTests {
    let sandbox = Sandbox()

    @Test(arguments: [
        Array("#!/bin/sh\necho hi\n".utf8),
        [],
        [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0xff, 0xff],  // a valid header, then garbage
        [0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00],  // an unknown version
    ] as [[UInt8]])
    func bytesThatAreNotWebAssembly(bytes: [UInt8]) {
        let error = #expect(throws: SandboxError.notWebAssembly("")) { try sandbox.load(bytes) }
        #expect(error?.message.hasPrefix("not a valid WebAssembly module: ") == true)
        #expect(error?.message.contains("Message(") == false)
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
        let startError = #expect(throws: SandboxError.missingExport("", available: [])) {
            try sandbox.run(module, Invocation(), limits: .standard)
        }
        #expect(startError?.message == "the module exports no function named '_start' (exported functions: add, half)")
    }

    @Test func argumentsThatDoNotFitTheSignatureAreRefused() throws {
        let module = try sandbox.load(Fixture.bytes(Fixture.addExport))
        func call(_ name: String, _ arguments: [Int64]) throws -> ExecutionOutcome {
            try sandbox.run(module, Invocation(entry: .export(name: name, arguments: arguments)), limits: .standard)
        }
        let count = #expect(throws: SandboxError.badArguments("")) { try call("add", [1]) }
        #expect(count?.message == "bad arguments: 'add' takes 2 argument(s), 1 given")
        let range = #expect(throws: SandboxError.badArguments("")) { try call("add", [1 << 32, 0]) }
        #expect(range?.message == "bad arguments: argument 1 of 'add' is 4294967296, which does not fit its i32 parameter")
        let float = #expect(throws: SandboxError.badArguments("")) { try call("half", [2]) }
        #expect(float?.message.contains("only integer") == true)
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
