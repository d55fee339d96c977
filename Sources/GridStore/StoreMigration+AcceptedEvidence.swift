import SQLKit

extension StoreMigration {
    /// The accepted replica's evidence moves into its task's result row, which already held its
    /// signed statement and output: `results` gains the provider and whether the signature was
    /// checked, and `replica_results` keeps every other replica. A task with one replica is then
    /// one row and one statement to commit instead of two rows in a transaction.
    static let acceptedEvidence = StoreMigration(name: "0006-accepted-evidence-in-results") { database in
        try await database.raw("ALTER TABLE results ADD COLUMN provider TEXT").run()
        try await database.raw("ALTER TABLE results ADD COLUMN signature_checked BOOLEAN NOT NULL DEFAULT 0").run()
        try await database.raw("""
            UPDATE results SET
                provider = (SELECT r.provider FROM replica_results r WHERE r.replica_id = results.replica_id),
                signature_checked = COALESCE(
                    (SELECT r.signature_checked FROM replica_results r WHERE r.replica_id = results.replica_id), 0)
            """).run()
        try await database.raw("DELETE FROM replica_results WHERE verdict = 'accepted'").run()
    }
}
