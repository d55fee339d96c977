import SQLKit

extension StoreMigration {
    /// Every replica's result, kept as evidence with its verdict: the accepted one, those that
    /// agreed or dissented, late and forged ones. Keyed by replica; a replica names a stored task.
    static let replicaResults = StoreMigration(name: "0003-replica-results") { database in
        let boolean = SQLDataType.custom(SQLRaw("BOOLEAN"))
        try await database.create(table: "replica_results")
            .column("replica_id", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("job_id", type: .text, .notNull)
            .column("idx", type: .bigint, .notNull)
            .column("worker_id", type: .text, .notNull)
            .column("provider", type: .text)
            .column("termination", type: .text, .notNull)
            .column("succeeded", type: boolean, .notNull)
            .column("output_hash", type: .text, .notNull)
            .column("fuel_used", type: .bigint, .notNull)
            .column("wall_us", type: .bigint, .notNull)
            .column("peak_memory", type: .bigint, .notNull)
            .column("stderr_hash", type: .text, .notNull)
            .column("signature", type: .blob, .notNull)
            .column("signature_checked", type: boolean, .notNull)
            .column("verdict", type: .text, .notNull)
            .column("recorded_at", type: .bigint, .notNull)
            .foreignKey(["job_id", "idx"], references: "tasks", ["job_id", "idx"])
            .run()
        try await database.create(index: "replica_results_task").on("replica_results")
            .column("job_id").column("idx")
            .run()
        try await database.create(index: "replica_results_worker").on("replica_results")
            .column("worker_id")
            .run()
    }
}
