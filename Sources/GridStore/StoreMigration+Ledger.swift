import Foundation
import GridCore
import GridLedger
import SQLKit

extension StoreMigration {
    /// The microtransaction ledger: one immutable row per money event, its public entry (the log
    /// leaf) and its private columns kept apart; who each row concerns, for statements; escrow
    /// per job; each module's publisher.
    ///
    /// The deposits recorded so far (`money_events`, all mints) become the first rows, in order,
    /// their memos private; that table goes. Triggers refuse any change to a stored row: the
    /// store has no statement that changes one, and the database refuses one made by hand.
    static let ledger = StoreMigration(name: "0010-ledger") { database in
        try await database.raw("""
            CREATE TABLE ledger_rows (
                idx INTEGER PRIMARY KEY NOT NULL,
                at BIGINT NOT NULL,
                kind TEXT NOT NULL,
                entry BLOB NOT NULL,
                leaf_hash BLOB NOT NULL,
                private BLOB
            )
            """).run()
        try await database.raw("""
            CREATE TABLE ledger_parties (
                account_id TEXT NOT NULL,
                idx INTEGER NOT NULL,
                PRIMARY KEY (account_id, idx)
            ) WITHOUT ROWID
            """).run()
        for table in ["ledger_rows", "ledger_parties"] {
            for change in ["UPDATE", "DELETE"] {
                try await database.raw(SQLQueryString("""
                    CREATE TRIGGER \(unsafeRaw: table)_no_\(unsafeRaw: change.lowercased()) BEFORE \(unsafeRaw: change) ON \(unsafeRaw: table)
                    BEGIN SELECT RAISE(ABORT, 'ledger rows are immutable'); END
                    """)).run()
            }
        }
        // One column per statement: SQLite adds columns one at a time.
        try await database.alter(table: "jobs").column("price_cap", type: .text).run()
        try await database.alter(table: "jobs").column("developer", type: .text).run()
        try await database.alter(table: "jobs").column("held", type: .text, .notNull, .default("0")).run()
        try await database.alter(table: "jobs").column("charged", type: .text, .notNull, .default("0")).run()
        try await database.alter(table: "jobs").column("released", type: .int, .notNull, .default(0)).run()
        try await database.alter(table: "modules").column("publisher", type: .text).run()

        var index: UInt64 = 0
        for row in try await database.select().columns("at", "account_id", "amount", "by_account", "memo")
            .from("money_events").where("kind", .equal, "mint").orderBy("seq").all() {
            let stored = StoredRow(row: row, table: "money_events")
            let mint = try LedgerMint(
                account: try stored.identifier("account_id"), minter: try stored.identifier("by_account"),
                amount: try stored.amount("amount"))
            let memo = try stored.optionalString("memo")
            let record = try LedgerRecord(
                index: index, milliseconds: try stored.int64("at"), event: .mint(mint),
                private: memo.map { LedgerPrivateColumns([("memo", $0)]) })
            try await database.insert(into: SQLiteGridStore.ledgerInsert.table)
                .columns(SQLiteGridStore.ledgerInsert.columns)
                .values(SQLBind(Int64(index)), SQLBind(record.row.milliseconds), SQLBind(record.row.event.kind.rawValue),
                        SQLBind(Data(record.entry)), SQLBind(Data(record.leafHash.bytes)),
                        SQLBind(record.private.map { Data($0.encoded()) }))
                .run()
            for account in record.row.event.accounts {
                try await database.insert(into: SQLiteGridStore.partiesInsert.table).columns(SQLiteGridStore.partiesInsert.columns)
                    .values(SQLBind(account.description), SQLBind(Int64(index))).run()
            }
            index += 1
        }
        try await database.drop(table: "money_events").run()
    }
}
