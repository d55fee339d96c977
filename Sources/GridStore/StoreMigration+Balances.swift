import Foundation
import GridCore
import SQLKit

extension StoreMigration {
    /// Balances and the record of what changed them; the system accounts.
    ///
    /// Amounts are decimal strings of base units, never SQL numbers: SQLite would round a large
    /// one through a double. So sums are made in Swift, never with SQL's `SUM`.
    static let balances = StoreMigration(name: "0009-balances") { database in
        try await database.create(table: "balances")
            .column("account_id", type: .text, .primaryKey(autoIncrement: false))
            .column("available", type: .text, .notNull)
            .column("held", type: .text, .notNull)
            .column("pending", type: .text, .notNull)
            .column("staked", type: .text, .notNull)
            .foreignKey(["account_id"], references: "accounts", ["id"])
            .run()
        try await database.create(table: "money_events")
            .column("seq", type: .bigint, .primaryKey(autoIncrement: true))
            .column("at", type: .bigint, .notNull)
            .column("kind", type: .text, .notNull)
            .column("account_id", type: .text, .notNull)
            .column("amount", type: .text, .notNull)
            .column("by_account", type: .text)
            .column("memo", type: .text)
            .foreignKey(["account_id"], references: "accounts", ["id"])
            .run()
        try await database.create(index: "money_events_by_account").on("money_events").column("account_id").column("seq").run()
        for system in SystemAccount.allCases {
            try await database.insert(into: "accounts")
                .columns("id", "name", "role", "created_at")
                .values(SQLBind(system.id.description), SQLBind(system.name), SQLBind(AccountRole.system.rawValue), SQLBind(0))
                .run()
        }
        try await database.raw("""
            INSERT INTO balances (account_id, available, held, pending, staked) SELECT id, '0', '0', '0', '0' FROM accounts
            """).run()
    }
}
