import SQLKit

extension StoreMigration {
    /// Accounts and API keys, blobs, jobs, tasks and results.
    ///
    /// Identifiers are lowercase UUID text, hashes lowercase hex text, dates milliseconds since
    /// 1970, `UInt64` values their `Int64` bit pattern (``StoredValue``). Foreign keys keep a job
    /// from naming an owner or module that is not stored, and a result from naming a task that
    /// is not. The primary key of `results` allows one result per task; that is what makes
    /// recording a result twice impossible.
    static let initial = StoreMigration(name: "0001-initial") { database in
        let boolean = SQLDataType.custom(SQLRaw("BOOLEAN"))

        try await database.create(table: "accounts")
            .column("id", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("name", type: .text, .notNull)
            .column("role", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .run()

        try await database.create(table: "api_keys")
            .column("key_hash", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("account_id", type: .text, .notNull)
            .foreignKey(["account_id"], references: "accounts", ["id"])
            .run()

        try await database.create(table: "blobs")
            .column("hash", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("bytes", type: .blob, .notNull)
            .column("size", type: .bigint, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .run()

        try await database.create(table: "jobs")
            .column("id", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("owner", type: .text, .notNull)
            .column("module", type: .text, .notNull)
            .column("limits", type: .text, .notNull)
            .column("replicas", type: .bigint, .notNull)
            .column("seed_policy", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .column("task_count", type: .bigint, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("deadline", type: .bigint)
            .column("finished_at", type: .bigint)
            .foreignKey(["owner"], references: "accounts", ["id"])
            .foreignKey(["module"], references: "blobs", ["hash"])
            .run()
        try await database.create(index: "jobs_owner_created").on("jobs")
            .column("owner").column("created_at")
            .run()
        // Restart reads the unfinished jobs; this keeps that from scanning every job ever run.
        try await database.create(index: "jobs_state").on("jobs")
            .column("state")
            .run()

        try await database.create(table: "tasks")
            .column("job_id", type: .text, .notNull)
            .column("idx", type: .bigint, .notNull)
            .column("stdin", type: .blob, .notNull)
            .column("arguments", type: .text, .notNull)
            .column("seed", type: .bigint, .notNull)
            .primaryKey("job_id", "idx")
            .foreignKey(["job_id"], references: "jobs", ["id"])
            .run()

        try await database.create(table: "results")
            .column("job_id", type: .text, .notNull)
            .column("idx", type: .bigint, .notNull)
            .column("replica_id", type: .text, .notNull)
            .column("worker_id", type: .text, .notNull)
            .column("termination", type: .text, .notNull)
            .column("succeeded", type: boolean, .notNull)
            .column("output", type: .blob, .notNull)
            .column("stderr", type: .blob, .notNull)
            .column("output_hash", type: .text, .notNull)
            .column("fuel_used", type: .bigint, .notNull)
            .column("wall_us", type: .bigint, .notNull)
            .column("peak_memory", type: .bigint, .notNull)
            .column("signature", type: .blob, .notNull)
            .column("recorded_at", type: .bigint, .notNull)
            .primaryKey("job_id", "idx")
            .foreignKey(["job_id", "idx"], references: "tasks", ["job_id", "idx"])
            .run()
    }
}
