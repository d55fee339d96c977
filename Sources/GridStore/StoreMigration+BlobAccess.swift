import SQLKit

extension StoreMigration {
    /// Who may read which blob, and blobs as task inputs and result outputs.
    ///
    /// `modules` lists the blobs published as modules, which any authenticated party may read;
    /// every blob stored before this step was a module. `blob_owners` lists the accounts a
    /// client's input or output blob belongs to (the same bytes uploaded by two accounts are one
    /// blob with two owners). A task's stdin may be a blob (`stdin_blob`, with its size so a
    /// worker knows what to expect), and a result's output may be the blob named by its
    /// `output_hash` (`output_blob_size` set, `output` empty).
    static let blobAccess = StoreMigration(name: "0008-blob-access") { database in
        try await database.create(table: "modules")
            .column("hash", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("published_at", type: .bigint, .notNull)
            .foreignKey(["hash"], references: "blobs", ["hash"])
            .run()
        try await database.raw("INSERT INTO modules (hash, published_at) SELECT hash, created_at FROM blobs").run()

        try await database.create(table: "blob_owners")
            .column("hash", type: .text, .notNull)
            .column("account_id", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .primaryKey("hash", "account_id")
            .foreignKey(["hash"], references: "blobs", ["hash"])
            .foreignKey(["account_id"], references: "accounts", ["id"])
            .run()

        // One column per statement: SQLite adds columns one at a time.
        try await database.alter(table: "tasks").column("stdin_blob", type: .text, .references("blobs", "hash")).run()
        try await database.alter(table: "tasks").column("stdin_blob_size", type: .bigint).run()
        try await database.alter(table: "results").column("output_blob_size", type: .bigint).run()
    }
}
