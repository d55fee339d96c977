import Foundation
import SQLKit

extension SQLiteGridStore {
    /// Applies, in order, each migration not yet recorded in the `migrations` table, each in its
    /// own transaction with its record; running it again changes nothing.
    ///
    /// Throws ``StoreError/unknownMigration(_:)`` for a database written by a newer build.
    public func migrate() async throws {
        try await migrate(StoreMigration.all)
    }

    /// Applies those of `migrations` not yet applied, in order (tests stop part-way with a prefix
    /// of ``StoreMigration/all``, to check a later step against rows written before it).
    package func migrate(_ migrations: [StoreMigration]) async throws {
        try await run { database in
            try await StoreMigration.createLedgerTable(on: database)
            let applied = Set(try await Self.appliedMigrationNames(database))
            let known = Set(StoreMigration.all.map(\.name))
            if let unknown = applied.subtracting(known).sorted().first {
                throw StoreError.unknownMigration(unknown)
            }
            for migration in migrations where !applied.contains(migration.name) {
                let now = try StoredValue.milliseconds(Date(), field: "applied_at")
                try await Self.inTransaction(database) { database in
                    try await migration.apply(database)
                    try await database.insert(into: "migrations")
                        .columns("name", "applied_at")
                        .values(SQLBind(migration.name), SQLBind(now))
                        .run()
                }
            }
        }
    }

    /// The names of the applied migrations, in order; empty before the first ``migrate()``.
    public func appliedMigrations() async throws -> [String] {
        try await run { database in
            try await StoreMigration.createLedgerTable(on: database)
            return try await Self.appliedMigrationNames(database)
        }
    }

    private static func appliedMigrationNames(_ database: any SQLDatabase) async throws -> [String] {
        // Names start with a zero-padded sequence number, so name order is application order.
        try await database.select().column("name").from("migrations").orderBy("name").all()
            .map { try StoredRow(row: $0, table: "migrations").string("name") }
    }
}
