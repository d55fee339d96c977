import SQLKit

extension SQLiteGridStore {
    public func saveLedgerCheckpoint(_ note: String, size: UInt64) async throws {
        try await run { database in
            // Only a larger tree replaces what is kept: checkpoints signed by two tasks racing
            // cannot leave the older one as the newest.
            try await database.raw("""
                INSERT INTO ledger_checkpoint (id, size, note) VALUES (1, \(bind: Int64(clamping: size)), \(bind: note))
                ON CONFLICT (id) DO UPDATE SET size = excluded.size, note = excluded.note WHERE excluded.size > ledger_checkpoint.size
                """).run()
        }
    }

    public func latestLedgerCheckpoint() async throws -> String? {
        try await read { database in
            try await database.select().column("note").from("ledger_checkpoint").where("id", .equal, 1).first()
                .map { row in try StoredRow(row: row, table: "ledger_checkpoint").string("note") }
        }
    }
}
