import Foundation
import GridCore
import GridStore
import Testing

@Suite("Blobs")
struct BlobTests {
    @Test("bytes come back under their SHA-256")
    func roundTrip() async throws {
        try await withTemporaryStore { store in
            let bytes = Data((0..<4096).map { UInt8($0 % 251) })
            let hash = try await store.putModule(bytes)
            #expect(hash == ContentHash(of: bytes))
            #expect(try await store.blob(hash) == bytes)
        }
    }

    @Test("storing the same bytes again changes nothing")
    func idempotentPut() async throws {
        try await withTemporaryStore { store in
            let bytes = Data("module".utf8)
            let first = try await store.putModule(bytes)
            let second = try await store.putModule(bytes)
            #expect(first == second)
            #expect(try await store.blob(first) == bytes)
        }
    }

    @Test("hasBlob tells stored from unknown hashes")
    func hasBlob() async throws {
        try await withTemporaryStore { store in
            let hash = try await store.putModule(Data("stored".utf8))
            let unknown = ContentHash(of: Data("never stored".utf8))
            #expect(try await store.hasBlob(hash))
            #expect(try await store.hasBlob(unknown) == false)
            #expect(try await store.blob(unknown) == nil)
        }
    }

    @Test("an empty blob round-trips as empty")
    func emptyBlob() async throws {
        try await withTemporaryStore { store in
            let hash = try await store.putModule(Data())
            #expect(try await store.hasBlob(hash))
            #expect(try await store.blob(hash) == Data())
        }
    }
}

@Suite("Blob ownership")
struct BlobOwnershipTests {
    @Test("a module is readable by every account; a client's blob only by its owner")
    func whoMayRead() async throws {
        try await withTemporaryStore { store in
            let alice = Sample.account("alice")
            let bob = Sample.account("bob")
            try await store.createAccount(alice, apiKeyHash: Sample.keyHash())
            try await store.createAccount(bob, apiKeyHash: Sample.keyHash())
            let module = try await store.putModule(Data("\0asm a module".utf8))
            let input = Data(repeating: 7, count: 10_000)
            let hash = try await store.putBlob(input, owner: alice.id)
            #expect(hash == ContentHash(of: input))
            #expect(try await store.blobSize(hash, readableBy: alice.id) == 10_000)
            #expect(try await store.blobSize(hash, readableBy: bob.id) == nil)
            #expect(try await store.blobSize(hash, readableBy: nil) == nil)
            #expect(try await store.isModule(hash) == false)
            #expect(try await store.blobSize(module, readableBy: bob.id) == 13)
            #expect(try await store.blobSize(module, readableBy: nil) == 13)
            #expect(try await store.isModule(module))
            #expect(try await store.blobSize(ContentHash(of: Data("never".utf8)), readableBy: alice.id) == nil)
            // Bob uploads the same bytes: one blob, two owners.
            #expect(try await store.putBlob(input, owner: bob.id) == hash)
            #expect(try await store.blobSize(hash, readableBy: bob.id) == 10_000)
            #expect(try await store.blob(hash) == input)
        }
    }

    @Test("a blob of an unknown account is refused and nothing is stored")
    func unknownOwner() async throws {
        try await withTemporaryStore { store in
            await #expect(throws: StoreError.missingReference("")) {
                _ = try await store.putBlob(Data("orphan".utf8), owner: AccountID())
            }
            let stored = try await store.hasBlob(ContentHash(of: Data("orphan".utf8)))
            #expect(!stored)
        }
    }

    @Test("migration 0006 makes every blob stored before it a module, readable as before")
    func backfill() async throws {
        let store = try await SQLiteGridStore.temporary(durability: .processCrashSafe)
        do {
            try await store.migrate(Array(StoreMigration.all.prefix { $0.name != "0008-blob-access" }))
            let hash = ContentHash(of: Data("old module".utf8))
            try await store.execute(rawSQL: """
                INSERT INTO blobs (hash, bytes, size, created_at) VALUES ('\(hash.hex)', X'6f6c64206d6f64756c65', 10, 1);
                """)
            try await store.migrate()
            #expect(try await store.appliedMigrations().contains("0008-blob-access"))
            #expect(try await store.isModule(hash))
            #expect(try await store.blobSize(hash, readableBy: nil) == 10)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    @Test("a task's stdin blob and a result's output blob round-trip")
    func blobColumns() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let input = Data(repeating: 1, count: 300)
            let hash = try await store.putBlob(input, owner: owner.id)
            let (job, sampleTasks) = Sample.job(owner: owner.id, module: module, taskCount: 2)
            var tasks = sampleTasks
            tasks[1] = TaskRecord(job: job.id, index: 1, stdin: Data(), stdinBlob: BlobReference(hash: hash, size: 300), arguments: [], seed: 9)
            try await store.insertJob(job, tasks: tasks)
            #expect(try await store.tasks(job: job.id) == tasks)
            var result = Sample.result(job: job.id, index: 1, output: "")
            result.outputHash = ContentHash(of: Data(repeating: 2, count: 400_000))
            result.outputBlobSize = 400_000
            try await store.recordResults([result, Sample.result(job: job.id, index: 0)])
            let stored = try await store.results(job: job.id)
            #expect(stored.map(\.outputBlobSize) == [nil, 400_000])
            #expect(stored[1] == result)
        }
    }

    @Test("a task naming a blob that is not stored is refused")
    func unknownInputBlob() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, sampleTasks) = Sample.job(owner: owner.id, module: module, taskCount: 1)
            var tasks = sampleTasks
            tasks[0].stdinBlob = BlobReference(hash: ContentHash(of: Data("absent".utf8)), size: 6)
            await #expect(throws: StoreError.missingReference("")) {
                try await store.insertJob(job, tasks: tasks)
            }
            #expect(try await store.job(job.id) == nil)
        }
    }
}
