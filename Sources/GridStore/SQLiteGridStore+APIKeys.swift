public import Foundation
public import GridCore
import SQLKit

extension SQLiteGridStore {
    /// Stores another key of an existing account.
    ///
    /// Throws ``StoreError/duplicate(_:)`` when the key's id or hash is already stored, and
    /// ``StoreError/missingReference(_:)`` when its account is not.
    public func createAPIKey(_ key: APIKeyRecord) async throws {
        let createdAt = try StoredValue.milliseconds(key.createdAt, field: "createdAt")
        try await run(duplicate: "API key \(key.id) or its hash", missing: "no account \(key.account)") { database in
            try await Self.insertKey(key, createdAt: createdAt, on: database)
        }
    }

    /// Every key of `account`, revoked ones included, oldest first.
    public func apiKeys(account: AccountID) async throws -> [APIKeyRecord] {
        try await read { database in
            try await Self.keys(of: account, on: database)
        }
    }

    /// Revokes the account's key `id` at `date`, unless it is the account's last active key;
    /// the check and the write are one transaction, so two revocations at once cannot both pass.
    public func revokeAPIKey(_ id: APIKeyID, account: AccountID, at date: Date) async throws -> APIKeyRevocation {
        let revokedAt = try StoredValue.milliseconds(date, field: "revokedAt")
        return try await transaction { database in
            let keys = try await Self.keys(of: account, on: database)
            guard var key = keys.first(where: { $0.id == id }) else { return .notFound }
            guard key.isActive else { return .alreadyRevoked(key) }
            guard keys.contains(where: { $0.isActive && $0.id != id }) else { return .lastActiveKey(key) }
            try await database.update("api_keys")
                .set("revoked_at", to: SQLBind(revokedAt))
                .where("id", .equal, SQLBind(id.description))
                .run()
            key.revokedAt = StoredValue.date(milliseconds: revokedAt)
            return .revoked(key)
        }
    }

    /// Inserts a key row; the caller holds the connection.
    static func insertKey(_ key: APIKeyRecord, createdAt: Int64, on database: any SQLDatabase) async throws {
        try await database.insert(into: "api_keys")
            .columns("key_hash", "id", "account_id", "created_at")
            .values(SQLBind(key.hash.hex), SQLBind(key.id.description), SQLBind(key.account.description), SQLBind(createdAt))
            .run()
    }

    private static func keys(of account: AccountID, on database: any SQLDatabase) async throws -> [APIKeyRecord] {
        try await database.select()
            .columns("key_hash", "id", "account_id", "created_at", "revoked_at")
            .from("api_keys")
            .where("account_id", .equal, SQLBind(account.description))
            .orderBy("created_at")
            .orderBy("id")
            .all()
            .map { row in
                let stored = StoredRow(row: row, table: "api_keys")
                return APIKeyRecord(
                    id: try stored.identifier("id"), account: try stored.identifier("account_id"), hash: try stored.hash("key_hash"),
                    createdAt: try stored.date("created_at"), revokedAt: try stored.optionalDate("revoked_at"))
            }
    }
}
