public import GridCore
import SQLKit

extension SQLiteGridStore {
    /// Stores the account and its key in one transaction.
    ///
    /// Throws ``StoreError/duplicate(_:)`` when the account id or the key hash is already stored.
    public func createAccount(_ account: AccountRecord, apiKeyHash: ContentHash) async throws {
        let createdAt = try StoredValue.milliseconds(account.createdAt, field: "createdAt")
        try await transaction(duplicate: "account \(account.id) or its API key") { database in
            try await database.insert(into: "accounts")
                .columns("id", "name", "role", "created_at")
                .values(SQLBind(account.id.description), SQLBind(account.name),
                        SQLBind(account.role.rawValue), SQLBind(createdAt))
                .run()
            try await Self.insertEmptyBalance(for: account.id, on: database)
            try await Self.insertKey(
                APIKeyRecord(account: account.id, hash: apiKeyHash, createdAt: account.createdAt), createdAt: createdAt, on: database)
        }
    }

    /// The account the key belongs to, or nil for an unknown or revoked key.
    public func account(apiKeyHash: ContentHash) async throws -> AccountRecord? {
        try await read { database in
            let row = try await database.raw("""
                SELECT accounts.id, accounts.name, accounts.role, accounts.created_at
                FROM api_keys JOIN accounts ON accounts.id = api_keys.account_id
                WHERE api_keys.key_hash = \(bind: apiKeyHash.hex) AND api_keys.revoked_at IS NULL
                """).first()
            return try row.map(Self.accountRecord)
        }
    }

    /// The account with this id; nil when there is none.
    public func account(id: AccountID) async throws -> AccountRecord? {
        try await read { database in
            try await database.select().columns("id", "name", "role", "created_at").from("accounts")
                .where("id", .equal, id.description).first()
                .map(Self.accountRecord)
        }
    }

    /// A stored `accounts` row (its id, name, role and creation time).
    private static func accountRecord(_ row: any SQLRow) throws -> AccountRecord {
        let stored = StoredRow(row: row, table: "accounts")
        return AccountRecord(
            id: try stored.identifier("id"), name: try stored.string("name"),
            role: try stored.enumeration("role"), createdAt: try stored.date("created_at"))
    }

    /// How many accounts are stored, the built-in system accounts not counted.
    public func accountCount() async throws -> Int {
        try await read { database in
            let row = try await database.select()
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count")
                .from("accounts")
                .where("role", .notEqual, AccountRole.system.rawValue)
                .first()
            guard let row else { return 0 }
            return try StoredRow(row: row, table: "accounts").int("count")
        }
    }
}
