public import Foundation
public import GridCore
import SQLKit

extension SQLiteGridStore {
    /// Stores a module's bytes under their SHA-256 and returns it: readable by any authenticated
    /// party from then on. `publisher` is paid the developer's share of every charge for running
    /// it. Storing the same bytes again changes nothing (the first publisher stays).
    public func putModule(_ bytes: Data, publisher: AccountID? = nil) async throws -> ContentHash {
        let hash = ContentHash(of: bytes)
        let now = try StoredValue.milliseconds(Date(), field: "createdAt")
        try await transaction { database in
            try await Self.insertBlob(hash, bytes, now, on: database)
            try await database.insert(into: "modules")
                .columns("hash", "published_at", "publisher")
                .values(SQLBind(hash.hex), SQLBind(now), SQLBind(publisher?.description))
                .ignoringConflicts(with: "hash")
                .run()
        }
        return hash
    }

    /// The module with this hash and its publisher, or nil when no such module is published.
    public func publishedModule(_ hash: ContentHash) async throws -> PublishedModule? {
        try await read { database in
            try await database.select().column("publisher").from("modules").where("hash", .equal, hash.hex).first()
                .map { PublishedModule(hash: hash, publisher: try StoredRow(row: $0, table: "modules").optionalIdentifier("publisher")) }
        }
    }

    /// Stores a client's bytes (a task input, a task output) under their SHA-256, owned by
    /// `owner`, and returns it. Storing bytes stored already (by anyone) adds the owner and
    /// stores nothing twice.
    public func putBlob(_ bytes: Data, owner: AccountID) async throws -> ContentHash {
        let hash = ContentHash(of: bytes)
        let now = try StoredValue.milliseconds(Date(), field: "createdAt")
        try await transaction(missing: "account \(owner) is not stored") { database in
            try await Self.insertBlob(hash, bytes, now, on: database)
            try await database.insert(into: "blob_owners")
                .columns("hash", "account_id", "created_at")
                .values(SQLBind(hash.hex), SQLBind(owner.description), SQLBind(now))
                .ignoringConflicts(with: ["hash", "account_id"])
                .run()
        }
        return hash
    }

    private static func insertBlob(_ hash: ContentHash, _ bytes: Data, _ now: Int64, on database: any SQLDatabase) async throws {
        // Bytes stored once are never sent to the database again: a conflict on the key alone
        // would still bind (and copy) them.
        guard try await database.select().column("hash").from("blobs").where("hash", .equal, hash.hex).first() == nil else {
            return
        }
        try await database.insert(into: "blobs")
            .columns("hash", "bytes", "size", "created_at")
            .values(SQLBind(hash.hex), SQLBind(bytes), SQLBind(Int64(bytes.count)), SQLBind(now))
            .run()
    }

    /// The bytes stored under `hash`, or nil; whoever may read them is for the caller to check
    /// (``blobSize(_:readableBy:)``).
    ///
    /// The bytes are not re-hashed here; whoever fetches a blob by hash checks it (workers do).
    public func blob(_ hash: ContentHash) async throws -> Data? {
        try await read { database in
            let row = try await database.select().column("bytes").from("blobs")
                .where("hash", .equal, hash.hex)
                .first()
            return try row.map { try StoredRow(row: $0, table: "blobs").bytes("bytes") }
        }
    }

    /// Whether bytes are stored under `hash`, without reading them.
    public func hasBlob(_ hash: ContentHash) async throws -> Bool {
        try await read { database in
            try await database.select().column("hash").from("blobs")
                .where("hash", .equal, hash.hex)
                .first() != nil
        }
    }

    /// Whether `hash` is a published module.
    public func isModule(_ hash: ContentHash) async throws -> Bool {
        try await publishedModule(hash) != nil
    }

    /// The size of the blob under `hash` if `account` may read it (it is a module, or one of the
    /// account's own blobs); nil when there is no such blob or it is someone else's. With no
    /// account, only a module's size.
    public func blobSize(_ hash: ContentHash, readableBy account: AccountID?) async throws -> Int? {
        try await read { database in
            let query: SQLQueryString
            if let account {
                query = """
                    SELECT size FROM blobs WHERE hash = \(bind: hash.hex)
                    AND (EXISTS (SELECT 1 FROM modules WHERE modules.hash = blobs.hash)
                         OR EXISTS (SELECT 1 FROM blob_owners WHERE blob_owners.hash = blobs.hash AND blob_owners.account_id = \(bind: account.description)))
                    """
            } else {
                query = "SELECT size FROM blobs WHERE hash = \(bind: hash.hex) AND EXISTS (SELECT 1 FROM modules WHERE modules.hash = blobs.hash)"
            }
            let row = try await database.raw(query).first()
            return try row.map { try StoredRow(row: $0, table: "blobs").int("size") }
        }
    }
}
