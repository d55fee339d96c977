public import GridCore
import SQLKit

/// What beneficiaries direct to charity accounts.
extension SQLiteGridStore {
    /// Sets (or, with nil, removes) what `account` directs to a charity.
    ///
    /// - Throws: ``StoreError/missingReference(_:)`` when either account is not stored;
    ///   ``StoreError/invalidRecord(_:)`` when the charity's account is not of role `charity`.
    public func setCharityDirection(_ direction: CharityDirection?, for account: AccountID) async throws {
        try await transaction(missing: "account \(account) or its charity is not stored") { database in
            guard let direction else {
                try await database.delete(from: "charity_directions").where("account_id", .equal, account.description).run()
                return
            }
            let row = try await database.select().column("role").from("accounts").where("id", .equal, direction.charity.description).first()
            guard let row else { throw StoreError.missingReference("no account \(direction.charity)") }
            let role = try StoredRow(row: row, table: "accounts").enumeration("role", as: AccountRole.self)
            guard role == .charity else {
                throw StoreError.invalidRecord("account \(direction.charity) is a \(role.rawValue) account, not a charity")
            }
            try await database.raw("""
                INSERT INTO charity_directions (account_id, charity_id, parts_per_million) \
                VALUES (\(bind: account.description), \(bind: direction.charity.description), \(bind: Int(direction.partsPerMillion))) \
                ON CONFLICT (account_id) DO UPDATE SET charity_id = excluded.charity_id, parts_per_million = excluded.parts_per_million
                """).run()
        }
    }

    /// Every account's charity direction.
    public func charityDirections() async throws -> [AccountID: CharityDirection] {
        try await read { database in
            var found: [AccountID: CharityDirection] = [:]
            for row in try await database.select().columns("account_id", "charity_id", "parts_per_million").from("charity_directions").all() {
                let stored = StoredRow(row: row, table: "charity_directions")
                let parts = try stored.uint64("parts_per_million")
                guard let ppm = UInt32(exactly: parts), let direction = try? CharityDirection(charity: try stored.identifier("charity_id"), partsPerMillion: ppm) else {
                    throw StoreError.corruptRow(table: "charity_directions", column: "parts_per_million", detail: "\(parts) is not 1 to 1,000,000")
                }
                found[try stored.identifier("account_id")] = direction
            }
            return found
        }
    }
}
