import SQLKit

extension StoreMigration {
    /// Closed pricing epochs: demand, supply and the demand multiplier each set, so the price a
    /// coordinator restarts at is the one it had, and its history can be shown.
    static let priceEpochs = StoreMigration(name: "0013-price-epochs") { database in
        try await database.raw("""
            CREATE TABLE price_epochs (
                epoch INTEGER PRIMARY KEY NOT NULL,
                demand INTEGER NOT NULL,
                supply INTEGER NOT NULL,
                demand_multiplier TEXT NOT NULL,
                closed_at INTEGER NOT NULL
            )
            """).run()
    }
}
