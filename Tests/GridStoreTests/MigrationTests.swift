import Foundation
import GridCore
import GridStore
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("migrate applies each migration once and records it by name")
    func idempotent() async throws {
        let store = try await SQLiteGridStore.temporary(durability: .processCrashSafe)
        do {
            #expect(try await store.appliedMigrations() == [])
            try await store.migrate()
            #expect(try await store.appliedMigrations() == ["0001-initial", "0002-flagged-workers", "0003-replica-results", "0004-worker-providers", "0005-api-key-lifecycle",
                "0006-accepted-evidence-in-results", "0007-given-up-tasks", "0008-blob-access", "0009-balances", "0010-ledger", "0011-settlements", "0012-ledger-checkpoint", "0013-price-epochs", "0014-ledger-frontier", "0015-closed-period"])
            // A second run must not re-create tables (which would throw) nor record twice.
            try await store.migrate()
            #expect(try await store.appliedMigrations() == ["0001-initial", "0002-flagged-workers", "0003-replica-results", "0004-worker-providers", "0005-api-key-lifecycle",
                "0006-accepted-evidence-in-results", "0007-given-up-tasks", "0008-blob-access", "0009-balances", "0010-ledger", "0011-settlements", "0012-ledger-checkpoint", "0013-price-epochs", "0014-ledger-frontier", "0015-closed-period"])
            #expect(try await store.accountCount() == 0)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    @Test("a database migrated by a newer build is refused")
    func unknownMigration() async throws {
        try await withTemporaryStore { store in
            try await store.execute(rawSQL: "INSERT INTO migrations (name, applied_at) VALUES ('9999-future', 0)")
            await #expect(throws: StoreError.unknownMigration("9999-future")) {
                try await store.migrate()
            }
        }
    }
}
