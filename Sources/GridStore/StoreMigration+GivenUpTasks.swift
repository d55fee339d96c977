import SQLKit

extension StoreMigration {
    /// Tasks the coordinator gave up, with the reason, so that a client still learns why after
    /// a restart, and a restart does not run a task again that was already decided.
    static let givenUpTasks = StoreMigration(name: "0007-given-up-tasks") { database in
        try await database.create(table: "given_up_tasks")
            .column("job_id", type: .text, .notNull)
            .column("idx", type: .bigint, .notNull)
            .column("reason", type: .text, .notNull)
            .column("given_up_at", type: .bigint, .notNull)
            .primaryKey("job_id", "idx")
            .foreignKey(["job_id", "idx"], references: "tasks", ["job_id", "idx"])
            .run()
    }
}
