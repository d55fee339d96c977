import Foundation
import GridCore
import GridStore
import SQLKit
import Testing

@Suite("Durability")
struct DurabilityTests {
    @Test("each durability sets the journal and sync it names; power-safe is WAL with a sync on every commit", arguments: SQLiteGridStore.Durability.allCases)
    func pragmas(durability: SQLiteGridStore.Durability) async throws {
        try await withTemporaryStore(durability: durability) { store in
            // On the writing connection: `synchronous` is a setting of each connection.
            let (journal, synchronous) = try await store.run { database in
                let journal = try await database.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
                let synchronous = try await database.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
                return (journal, synchronous)
            }
            let expected: (String, Int) = switch durability {
            case .powerSafe: ("wal", 2)
            case .rollbackJournal: ("delete", 2)
            case .processCrashSafe: ("wal", 1)
            }
            #expect(journal == expected.0 && synchronous == expected.1, "\(durability): \(journal ?? "none"), \(synchronous ?? -1)")
        }
    }

    /// Found by a live trial: the database was made 0644, readable by every local user.
    @Test("a new database and its WAL files are readable by their owner alone")
    func aNewDatabaseIsTheOwnersAlone() async throws {
        try await withTemporaryDatabasePath { path in
            let store = try await SQLiteGridStore(path: path)
            try await store.migrate()
            for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
                let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
                #expect(mode == 0o600, "\(file) is \(String(mode ?? 0, radix: 8))")
            }
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
            try await store.close()
        }
    }

    /// The writer's own checkpoint waits for 8,000 pages; a megabyte is 256. Only the
    /// checkpointer beside it copies them back this soon.
    @Test("committed pages are copied from the WAL into the database file beside the writer, and closing waits for that copy")
    func theLogIsCheckpointedBesideTheWriter() async throws {
        let store = try await SQLiteGridStore.temporary(durability: .powerSafe)
        try await store.migrate()
        let owner = Sample.account()
        try await store.createAccount(owner, apiKeyHash: Sample.keyHash())
        let before = try fileSize(store.path)
        _ = try await store.putBlob(Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }), owner: owner.id)
        let deadline = ContinuousClock.now + .seconds(5)
        while try fileSize(store.path) < before + (1 << 20), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let after = try fileSize(store.path)
        #expect(after >= before + (1 << 20), "the database file stayed at \(after) bytes")
        // A commit just before closing leaves a checkpoint due; close cancels or awaits it.
        _ = try await store.putBlob(Data("last".utf8), owner: owner.id)
        try await store.close()
        #expect(!FileManager.default.fileExists(atPath: store.path))
    }

    private func fileSize(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
    }

    @Test("what one store instance wrote, a new instance on the same file reads back")
    func reopen() async throws {
        try await withTemporaryDatabasePath { path in

            let key = Sample.keyHash()
            let account: AccountRecord
            let written: (job: JobRecord, tasks: [TaskRecord])
            let result: ResultRecord
            let writer = try await SQLiteGridStore(path: path)
            do {
                try await writer.migrate()
                account = Sample.account()
                try await writer.createAccount(account, apiKeyHash: key)
                let module = try await writer.putModule(Data("module".utf8))
                written = Sample.job(owner: account.id, module: module)
                try await writer.insertJob(written.job, tasks: written.tasks)
                result = Sample.result(job: written.job.id, index: 1)
                try await writer.recordResults([result])
            } catch {
                try? await writer.close()
                throw error
            }
            try await writer.close()
            #expect(FileManager.default.fileExists(atPath: path))

            let reader = try await SQLiteGridStore(path: path)
            do {
                try await reader.migrate()
                #expect(try await reader.appliedMigrations() == ["0001-initial", "0002-flagged-workers", "0003-replica-results", "0004-worker-providers", "0005-api-key-lifecycle",
                    "0006-accepted-evidence-in-results", "0007-given-up-tasks", "0008-blob-access", "0009-balances", "0010-ledger", "0011-settlements", "0012-ledger-checkpoint", "0013-price-epochs", "0014-ledger-frontier", "0015-closed-period"])
                #expect(try await reader.account(apiKeyHash: key) == account)
                #expect(try await reader.job(written.job.id) == written.job)
                #expect(try await reader.tasks(job: written.job.id) == written.tasks)
                #expect(try await reader.results(job: written.job.id) == [result])
                #expect(try await reader.unfinishedJobs() == [written.job])
                // The replayed result is still recognised after the restart.
                #expect(try await reader.recordResults([result]) == 0)
            } catch {
                try? await reader.close()
                throw error
            }
            try await reader.close()
        }
    }

    @Test("a closed store refuses calls, and closing twice is harmless")
    func closed() async throws {
        let store = try await SQLiteGridStore.temporary(durability: .processCrashSafe)
        try await store.migrate()
        try await store.close()
        try await store.close()
        await #expect(throws: StoreError.closed(path: "")) {
            try await store.accountCount()
        }
        #expect(FileManager.default.fileExists(atPath: store.path) == false)
    }
}
