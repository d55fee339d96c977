public import Foundation
public import GridCore
import SQLKit

extension SQLiteGridStore {
    /// Stores `bytes` under their SHA-256 and returns it; storing them again changes nothing.
    public func putBlob(_ bytes: Data) async throws -> ContentHash {
        let hash = ContentHash(of: bytes)
        let createdAt = try StoredValue.milliseconds(Date(), field: "createdAt")
        try await run { database in
            try await database.insert(into: "blobs")
                .columns("hash", "bytes", "size", "created_at")
                .values(SQLBind(hash.hex), SQLBind(bytes), SQLBind(Int64(bytes.count)), SQLBind(createdAt))
                .ignoringConflicts(with: "hash")
                .run()
        }
        return hash
    }

    /// The bytes stored under `hash`, or nil.
    ///
    /// The bytes are not re-hashed here; whoever fetches a blob by hash checks it (workers do).
    public func blob(_ hash: ContentHash) async throws -> Data? {
        try await run { database in
            let row = try await database.select().column("bytes").from("blobs")
                .where("hash", .equal, hash.hex)
                .first()
            return try row.map { try StoredRow(row: $0, table: "blobs").bytes("bytes") }
        }
    }

    /// Whether bytes are stored under `hash`, without reading them.
    public func hasBlob(_ hash: ContentHash) async throws -> Bool {
        try await run { database in
            try await database.select().column("hash").from("blobs")
                .where("hash", .equal, hash.hex)
                .first() != nil
        }
    }
}
