public import GridCore
import SQLKit

extension SQLiteGridStore {
    static let missingGivenUpTask = "a given-up task names a task that is not stored"

    /// Inserts given-up tasks, keeping a task's first record; the caller holds the connection
    /// (``commit(_:)``'s transaction).
    static func insertGivenUp(_ rows: [(GivenUpTaskRecord, Int64)], on database: any SQLDatabase) async throws {
        for (task, milliseconds) in rows {
            try await database.insert(into: "given_up_tasks")
                .columns("job_id", "idx", "reason", "given_up_at")
                .values(SQLBind(task.job.description), SQLBind(Int64(task.index)), SQLBind(task.reason), SQLBind(milliseconds))
                .ignoringConflicts(with: ["job_id", "idx"])
                .run()
        }
    }

    /// The job's given-up tasks in task-index order; empty for an unknown job.
    public func givenUpTasks(job: JobID) async throws -> [GivenUpTaskRecord] {
        try await read { database in
            try await database.select().columns("job_id", "idx", "reason", "given_up_at").from("given_up_tasks")
                .where("job_id", .equal, job.description)
                .orderBy("idx")
                .all()
                .map { row in
                    let stored = StoredRow(row: row, table: "given_up_tasks")
                    return GivenUpTaskRecord(
                        job: try stored.identifier("job_id"), index: try stored.int("idx"), reason: try stored.string("reason"),
                        givenUpAt: try stored.date("given_up_at"))
                }
        }
    }
}
