import SQLKit

extension StoreMigration {
    /// The last settlement period closed, whether or not it posted anything. Before it, a period
    /// with nothing to post left no trace, so a coordinator restarted later that day closed it
    /// again, and settled that day's rows early under its label (found by a live trial).
    static let closedPeriod = StoreMigration(name: "0015-closed-period") { database in
        try await database.raw("""
            CREATE TABLE settlement_closed (
                id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
                period BIGINT NOT NULL
            )
            """).run()
        // A store with blocks has closed at least the last one's period.
        try await database.raw("""
            INSERT INTO settlement_closed (id, period) SELECT 1, period FROM settlement_blocks ORDER BY sequence DESC LIMIT 1
            """).run()
    }
}
