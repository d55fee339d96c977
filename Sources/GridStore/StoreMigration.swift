package import SQLKit

/// One named step of the schema, applied once, in order, inside a transaction.
///
/// Steps are written with SQLKit's schema builders so the same list serves SQLite and, later,
/// PostgreSQL: the builders pick each dialect's column types (`BLOB` or `BYTEA`, for instance).
/// A step, once released, never changes; a new schema is a new step appended to ``all``.
package struct StoreMigration: Sendable {
    /// Recorded in the `migrations` table; the order of ``all`` is the order of application.
    package let name: String
    package let apply: @Sendable (any SQLDatabase) async throws -> Void

    /// Every migration, oldest first.
    package static let all: [StoreMigration] = [
        initial, flaggedWorkers, replicaResults, workerProviders, apiKeyLifecycle, acceptedEvidence, givenUpTasks, blobAccess,
        balances, ledger, settlements, ledgerCheckpoint, priceEpochs, ledgerFrontier, closedPeriod,
    ]

    /// Creates the table that records applied migrations, if it is missing.
    package static func createLedgerTable(on database: any SQLDatabase) async throws {
        try await database.create(table: "migrations").ifNotExists()
            .column("name", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("applied_at", type: .bigint, .notNull)
            .run()
    }
}
