import Foundation
import GridCore
import GridStore
import Testing

@Suite("Flagged workers")
struct FlaggedWorkerTests {
    @Test("a flagged worker is remembered across reopening, and flagging it twice keeps one record")
    func flaggedWorkersPersist() async throws {
        let store = try await SQLiteGridStore.temporary(durability: .processCrashSafe)
        let worker = WorkerID(), other = WorkerID()
        do {
            try await store.migrate()
            #expect(try await store.flaggedWorkers() == [])
            try await store.flagWorker(worker, reason: "a result signature did not verify", at: Date())
            try await store.flagWorker(worker, reason: "again", at: Date())
            try await store.flagWorker(other, reason: "forged output hash", at: Date())
            #expect(try await store.flaggedWorkers() == [worker, other])

            let reader = try await SQLiteGridStore(path: store.path)
            #expect(try await reader.flaggedWorkers() == [worker, other])
            try await reader.close()
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}
