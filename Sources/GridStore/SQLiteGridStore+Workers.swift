public import Foundation
public import GridCore
import SQLKit

extension SQLiteGridStore {
    /// Records that the worker is flagged; flagging it again keeps the first record.
    public func flagWorker(_ worker: WorkerID, reason: String, at date: Date) async throws {
        let flaggedAt = try StoredValue.milliseconds(date, field: "flaggedAt")
        try await run { database in
            try await Self.insertFlag(WorkerFlag(worker: worker, reason: reason, flaggedAt: date), milliseconds: flaggedAt, on: database)
        }
    }

    /// Inserts a flag, keeping an earlier one; the caller holds the connection.
    static func insertFlag(_ flag: WorkerFlag, milliseconds: Int64, on database: any SQLDatabase) async throws {
        try await database.insert(into: "flagged_workers")
            .columns("worker_id", "reason", "flagged_at")
            .values(SQLBind(flag.worker.description), SQLBind(flag.reason), SQLBind(milliseconds))
            .ignoringConflicts(with: ["worker_id"])
            .run()
    }

    /// Every flagged worker.
    public func flaggedWorkers() async throws -> Set<WorkerID> {
        try await read { database in
            Set(try await database.select().column("worker_id").from("flagged_workers").all()
                .map { try StoredRow(row: $0, table: "flagged_workers").identifier("worker_id") })
        }
    }
}
