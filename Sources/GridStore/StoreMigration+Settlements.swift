import GridCore
import GridLedger
import SQLKit

extension StoreMigration {
    /// Settlements: the hash chain of settlement blocks (immutable, like the ledger's rows), and
    /// what the next settlement needs to know of each account: its payer charges since the last
    /// one, and the row its next payout starts summing from. And what each beneficiary directs
    /// to a charity.
    static let settlements = StoreMigration(name: "0011-settlements") { database in
        try await database.raw("""
            CREATE TABLE settlement_blocks (
                sequence INTEGER PRIMARY KEY NOT NULL,
                period INTEGER NOT NULL UNIQUE,
                hash BLOB NOT NULL,
                block BLOB NOT NULL
            )
            """).run()
        for change in ["UPDATE", "DELETE"] {
            try await database.raw(SQLQueryString("""
                CREATE TRIGGER settlement_blocks_no_\(unsafeRaw: change.lowercased()) BEFORE \(unsafeRaw: change) ON settlement_blocks
                BEGIN SELECT RAISE(ABORT, 'settlement blocks are immutable'); END
                """)).run()
        }
        try await database.raw("""
            CREATE TABLE settlement_marks (
                account_id TEXT PRIMARY KEY NOT NULL,
                open_charges TEXT NOT NULL DEFAULT '0',
                paid_through INTEGER NOT NULL DEFAULT 0
            ) WITHOUT ROWID
            """).run()
        try await database.raw("""
            CREATE TABLE charity_directions (
                account_id TEXT PRIMARY KEY NOT NULL REFERENCES accounts(id),
                charity_id TEXT NOT NULL REFERENCES accounts(id),
                parts_per_million INTEGER NOT NULL
            ) WITHOUT ROWID
            """).run()
        // Charges logged before this migration are open: the first settlement posts them.
        var open: [AccountID: Amount] = [:]
        for row in try await database.select().columns("idx", "entry").from("ledger_rows").where("kind", .equal, "charge").all() {
            let stored = StoredRow(row: row, table: "ledger_rows")
            guard case .charge(let charge) = try LedgerRow(decoding: try stored.bytes("entry")).event else { continue }
            open[charge.payer] = try (open[charge.payer] ?? .zero) + charge.total
        }
        for (account, amount) in open {
            try await database.insert(into: "settlement_marks").columns("account_id", "open_charges")
                .values(SQLBind(account.description), SQLBind(amount.baseUnitsString)).run()
        }
    }
}
