import Foundation
import GridCore
import GridStore

/// Runs `body` against a fresh, migrated database in a temporary file, then closes the store,
/// which deletes the file, whether or not `body` threw (GRDB's throwaway-database fixture).
///
/// Without a sync on every commit by default: a throwaway file has nothing to save from a power
/// cut, and hundreds of tests syncing at once queue on the disk for seconds, which stalls the
/// tests that time something. The tests of durability itself ask for ``SQLiteGridStore/Durability/powerSafe``.
func withTemporaryStore(
    durability: SQLiteGridStore.Durability = .processCrashSafe, _ body: (SQLiteGridStore) async throws -> Void
) async throws {
    let store = try await SQLiteGridStore.temporary(durability: durability)
    do {
        try await store.migrate()
        try await body(store)
    } catch {
        try? await store.close()
        throw error
    }
    try await store.close()
}

/// Runs `body` with the path of a database file in a fresh temporary directory, removed after it
/// whether or not `body` threw: for tests that open a second store on the same file.
func withTemporaryDatabasePath(_ body: (String) async throws -> Void) async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("idlegrid-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    try await body(directory.appendingPathComponent("grid.sqlite3").path)
}

/// Records for tests: dates in whole milliseconds (what the store keeps), everything else
/// varied enough that a column mix-up would show.
enum Sample {
    /// A date `milliseconds` after 2023-11-14T22:13:20Z.
    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(1_700_000_000_000 + milliseconds) / 1000)
    }

    static func account(_ name: String = "alice", role: AccountRole = .client) -> AccountRecord {
        AccountRecord(name: name, role: role, createdAt: date(123))
    }

    /// A key hash no other call returns.
    static func keyHash() -> ContentHash {
        ContentHash(of: Array(UUID().uuidString.utf8))
    }

    /// Stores an account and a module, the two things every job refers to.
    static func ownerAndModule(in store: SQLiteGridStore) async throws -> (owner: AccountRecord, module: ContentHash) {
        let owner = account()
        try await store.createAccount(owner, apiKeyHash: keyHash())
        let module = try await store.putModule(Data("\0asm module \(UUID())".utf8))
        return (owner, module)
    }

    static func job(
        owner: AccountID, module: ContentHash, taskCount: Int = 3, createdAt: Date = date(1_000),
        state: JobState = .queued
    ) -> (job: JobRecord, tasks: [TaskRecord]) {
        let job = JobRecord(
            owner: owner, module: module, limits: .standard, replicas: 1, seedPolicy: .perTask,
            state: state, taskCount: taskCount, createdAt: createdAt)
        let tasks = (0..<taskCount).map { index in
            TaskRecord(job: job.id, index: index, stdin: Data("input \(index)".utf8),
                       arguments: ["--tile", "\(index)"], seed: UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        }
        return (job, tasks)
    }

    static func result(job: JobID, index: Int, output: String = "out") -> ResultRecord {
        let bytes = Data(output.utf8)
        return ResultRecord(
            job: job, index: index, replica: ReplicaID(), worker: WorkerID(), termination: "exited:0",
            succeeded: true, output: bytes, stderr: Data("warn \(index)".utf8), outputHash: ContentHash(of: bytes),
            fuelUsed: 1_000 + UInt64(index), wallMicroseconds: 250, peakMemoryBytes: 65_536,
            signature: Data(repeating: UInt8(index % 256), count: 64), recordedAt: date(5_000 + Int64(index)))
    }
}
