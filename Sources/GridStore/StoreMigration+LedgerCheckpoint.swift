import SQLKit

extension StoreMigration {
    /// The newest signed checkpoint of the ledger, one row: at start the coordinator checks that
    /// the rows it holds still rebuild the root it signed, so a log edited behind its back is
    /// refused before it signs anything over the edit.
    static let ledgerCheckpoint = StoreMigration(name: "0012-ledger-checkpoint") { database in
        try await database.raw("""
            CREATE TABLE ledger_checkpoint (
                id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
                size INTEGER NOT NULL,
                note TEXT NOT NULL
            )
            """).run()
    }
}
