import GridCore
import GridSandbox
import Testing

@Suite("Loading a module allocates its initial memory only within the validation cap")
struct ValidationMemoryTests {
    static func module(pages: Int) -> String {
        #"(module (memory (export "memory") \#(pages)) (func (export "_start")))"#
    }

    @Test func aModuleWhoseInitialMemoryIsOverTheCapIsRefusedNamingTheLimit() throws {
        let sandbox = Sandbox(configuration: SandboxConfiguration(validationMemoryBytes: 1 << 20))
        _ = try sandbox.load(Fixture.bytes(Self.module(pages: 16)))
        let error = #expect(throws: SandboxError.validationMemoryOverLimit(requestedBytes: 0, limitBytes: 0)) {
            try sandbox.load(Fixture.bytes(Self.module(pages: 17)))
        }
        #expect(error?.message.contains("initial memory of 1114112 bytes") == true)
        #expect(error?.message.contains("1048576-byte limit") == true)
    }

    @Test func theDefaultCapIsTheLargestRunsMemorySoWorkersLoadWhatJobsAllow() throws {
        #expect(SandboxConfiguration().validationMemoryBytes == Limits.Bounds.memoryBytes.upperBound)
        _ = try Sandbox().load(Fixture.bytes(Self.module(pages: 17)))
    }
}
