import SQLKit

extension StoreMigration {
    /// Which provider account each device key belongs to, and the one-time enrollment tokens
    /// providers create to enroll devices.
    ///
    /// A device is enrolled once (`worker_id` is the key); one provider may have many devices,
    /// hence the index on `provider_id`. A token is stored only as the SHA-256 of its secret; once
    /// redeemed it names the device it enrolled (`used_by`) and can enroll no other.
    static let workerProviders = StoreMigration(name: "0004-worker-providers") { database in
        try await database.create(table: "worker_providers")
            .column("worker_id", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("provider_id", type: .text, .notNull)
            .column("enrolled_at", type: .bigint, .notNull)
            .foreignKey(["provider_id"], references: "accounts", ["id"])
            .run()
        try await database.create(index: "worker_providers_provider").on("worker_providers")
            .column("provider_id")
            .run()

        try await database.create(table: "enrollment_tokens")
            .column("token_hash", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("provider_id", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint, .notNull)
            .column("used_by", type: .text)
            .column("used_at", type: .bigint)
            .foreignKey(["provider_id"], references: "accounts", ["id"])
            .run()
    }
}
