import SQLKit

extension StoreMigration {
    /// Workers caught signing a result that does not verify. They stay refused across restarts:
    /// a key that lied once is not trusted again.
    static let flaggedWorkers = StoreMigration(name: "0002-flagged-workers") { database in
        try await database.create(table: "flagged_workers")
            .column("worker_id", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("reason", type: .text, .notNull)
            .column("flagged_at", type: .bigint, .notNull)
            .run()
    }
}
