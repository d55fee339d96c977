import Foundation
import GridCore
import GridStore
import SQLKit
import Synchronization
import Testing

/// Reads run on a read-only connection of their own, so they never queue behind the writer.
@Suite("Reads and writes on their own connections")
struct ReadConnectionTests {
    /// Runs `read` while the writer's gate is held (as by a long settlement commit) and answers
    /// whether it finished within `patience`; the gate is released afterwards either way.
    private func finishesWhileTheWriterIsHeld(
        _ store: SQLiteGridStore, patience: Duration, _ read: @escaping @Sendable () async throws -> Void
    ) async throws -> Bool {
        try await store.gate.acquire(path: store.path)
        let done = Mutex(false)
        let finished = Task {
            try await read()
            done.withLock { $0 = true }
        }
        let deadline = ContinuousClock.now + patience
        while !done.withLock({ $0 }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        let answer = done.withLock { $0 }
        await store.gate.release()
        try await finished.value
        return answer
    }

    @Test("in WAL mode a balance, a job and the ledger are read while a commit holds the writer")
    func readsDoNotWaitForTheWriter() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            let (job, tasks) = Sample.job(owner: owner.id, module: module)
            try await store.insertJob(job, tasks: tasks)
            let read = try await finishesWhileTheWriterIsHeld(store, patience: .seconds(20)) {
                let balance = try await store.balance(of: owner.id)
                let stored = try await store.job(job.id)
                let size = try await store.ledgerSize()
                let supply = try await store.moneySupply()
                guard balance != nil, stored?.id == job.id, size == 0, supply.isConserved else {
                    throw StoreError.invalidRecord("the reads answered \(String(describing: balance)), \(String(describing: stored)), \(size), \(supply)")
                }
            }
            #expect(read)
        }
    }

    @Test("with a rollback journal reads share the writer's connection and wait their turn")
    func rollbackJournalReadsWaitForTheWriter() async throws {
        try await withTemporaryStore(durability: .rollbackJournal) { store in
            let (owner, _) = try await Sample.ownerAndModule(in: store)
            let read = try await finishesWhileTheWriterIsHeld(store, patience: .milliseconds(300)) {
                _ = try await store.balance(of: owner.id)
            }
            #expect(!read)
        }
    }

    @Test("a read sees every commit that returned before it, and cannot write")
    func readsSeeCommitsAndCannotWrite() async throws {
        try await withTemporaryStore { store in
            let (owner, module) = try await Sample.ownerAndModule(in: store)
            for count in 1...5 {
                let (job, tasks) = Sample.job(owner: owner.id, module: module, taskCount: count)
                try await store.commit(SettlementBatch(jobs: [NewJob(job: job, tasks: tasks)]))
                #expect(try await store.tasks(job: job.id).count == count)
            }
            await #expect(throws: StoreError.self) {
                try await store.read { database in
                    try await database.raw("INSERT INTO ledger_checkpoint (id, size, note) VALUES (1, 0, 'x')").run()
                }
            }
            #expect(try await store.latestLedgerCheckpoint() == nil)
        }
    }

    @Test("writes run on the store's own writer thread, not the shared pool")
    func writesRunOnTheWriterThread() async throws {
        try await withTemporaryStore { store in
            let executor = store.writerExecutor
            let write = try await store.run { _ in executor.isCurrentThread }
            let transaction = try await store.transaction { database in
                _ = try await database.raw("SELECT 1").all()
                return executor.isCurrentThread
            }
            let read = try await store.read { _ in executor.isCurrentThread }
            #expect(write && transaction && !read)
        }
    }
}

