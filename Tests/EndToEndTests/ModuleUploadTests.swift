import Foundation
import GridClient
import GridCoordinator
import GridCore
import Testing

@Suite("Uploaded modules are checked off the request threads, within a memory cap and a time limit", .serialized)
struct ModuleUploadTests {
    @Test func aModuleWhoseInitialMemoryIsOverTheValidationCapIsRefusedAndNotStored() async throws {
        var configuration = CoordinatorConfiguration()
        configuration.moduleValidationMemoryBytes = 1 << 20
        try await TestNetwork.with(workers: 0, configuration: configuration) { network in
            let fits = try await network.client.uploadModule(WasmBinary.memory(pages: 16))
            #expect(fits.byteCount == WasmBinary.memory(pages: 16).count)
            let bytes = WasmBinary.memory(pages: 17)
            let refused = await problem { _ = try await network.client.uploadModule(bytes) }
            #expect(refused?.status == 422)
            #expect(refused?.field == "module")
            #expect(refused?.detail.contains("1048576-byte limit") == true)
            let stored = try await network.store.hasBlob(ContentHash(of: [UInt8](bytes)))
            #expect(!stored)
        }
    }

    @Test func aModuleSlowerToCheckThanTheTimeLimitIsRefusedAndNotStored() async throws {
        var configuration = CoordinatorConfiguration()
        configuration.moduleValidationTimeout = .milliseconds(1)
        try await TestNetwork.with(workers: 0, configuration: configuration) { network in
            let bytes = WasmBinary.manyFunctions(2_000, instructionsEach: 300)
            for _ in 0..<2 {
                let refused = await problem { _ = try await network.client.uploadModule(bytes) }
                #expect(refused?.status == 422)
                #expect(refused?.field == "module")
                #expect(refused?.detail.contains("took longer than") == true)
            }
            let stored = try await network.store.hasBlob(ContentHash(of: [UInt8](bytes)))
            #expect(!stored)
        }
    }

    @Test func uploadsPastTheQueueAreAnswered503WithRetryAfter() async throws {
        var configuration = CoordinatorConfiguration()
        configuration.moduleValidationThreads = 1
        configuration.maxQueuedModuleValidations = 1
        try await TestNetwork.with(workers: 0, configuration: configuration) { network in
            // Distinct slow modules (each takes a while to check), all sent at once: one is checked, one
            // waits, the rest are refused at once.
            let key = try #require(network.client.apiKey)
            let answers = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<5 {
                    group.addTask {
                        // About 2 × 10^6 instructions: tens of milliseconds to check even in a release build.
                        let bytes = WasmBinary.manyFunctions(10_000 + index, instructionsEach: 200)
                        let answer = try await RawHTTP.send(.POST, "\(network.baseURL)/v1/modules", bytes: bytes, key: key)
                        if answer.status == 503 { #expect(answer.headers.first(name: "Retry-After") == "2") }
                        return answer.status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0 == 503 }.count >= 2, "\(answers)")
            #expect(answers.filter { $0 == 201 }.count >= 1, "\(answers)")
        }
    }
}
