import Foundation
import GridCore
import SQLKit

extension StoreMigration {
    /// API keys get an id (so they can be listed and revoked without their secret), a creation
    /// time and a revocation time. The table is rebuilt so the new columns are `NOT NULL` where
    /// they must be; each existing key gets a fresh id and its account's creation time, since it
    /// was made with the account.
    static let apiKeyLifecycle = StoreMigration(name: "0005-api-key-lifecycle") { database in
        try await database.create(table: "api_keys_lifecycle")
            .column("key_hash", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("id", type: .text, .unique, .notNull)
            .column("account_id", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("revoked_at", type: .bigint)
            .foreignKey(["account_id"], references: "accounts", ["id"])
            .run()
        let existing = try await database.raw("""
            SELECT api_keys.key_hash, api_keys.account_id, accounts.created_at
            FROM api_keys JOIN accounts ON accounts.id = api_keys.account_id
            """).all()
        for row in existing {
            let stored = StoredRow(row: row, table: "api_keys")
            try await database.insert(into: "api_keys_lifecycle")
                .columns("key_hash", "id", "account_id", "created_at")
                .values(
                    SQLBind(try stored.string("key_hash")), SQLBind(APIKeyID().description),
                    SQLBind(try stored.string("account_id")), SQLBind(try stored.int64("created_at")))
                .run()
        }
        try await database.drop(table: "api_keys").run()
        try await database.raw("ALTER TABLE api_keys_lifecycle RENAME TO api_keys").run()
        try await database.create(index: "api_keys_account").on("api_keys")
            .column("account_id")
            .run()
    }
}
