import SQLKit

extension StoreMigration {
    /// The frontier of the tree the kept checkpoint signs (its subtree roots, largest first), so
    /// that each transaction appending rows can sign the new root without reading the ledger.
    /// NULL in a checkpoint kept before it: the next append folds the rows once.
    static let ledgerFrontier = StoreMigration(name: "0014-ledger-frontier") { database in
        try await database.raw("ALTER TABLE ledger_checkpoint ADD COLUMN frontier BLOB").run()
    }
}
