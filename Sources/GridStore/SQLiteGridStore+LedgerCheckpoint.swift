import Foundation
public import GridLedger
import SQLKit

/// The ledger's signed checkpoint, kept in the transaction that appends the rows it signs.
///
/// With a signer set (``signLedger(with:)``), every transaction that appends ledger rows folds
/// their leaf hashes into the frontier it keeps beside the checkpoint, signs the new root and
/// replaces the checkpoint, before it commits: rows and their checkpoint are durable together or
/// not at all. So at any moment the kept checkpoint signs exactly the rows stored, and a row
/// written by anyone else (a forged row after the last one, or the checkpoint deleted to hide a
/// rewrite) leaves rows no checkpoint signs, which the coordinator refuses at start and which
/// makes the next transaction that appends fail rather than sign over it.
extension SQLiteGridStore {
    public func signLedger(with signer: NoteSigner) {
        ledgerSigner.withLock { $0 = signer }
    }

    public func latestLedgerCheckpoint() async throws -> String? {
        try await read { database in
            try await database.select().column("note").from("ledger_checkpoint").where("id", .equal, 1).first()
                .map { row in try StoredRow(row: row, table: "ledger_checkpoint").string("note") }
        }
    }

    /// Signs the checkpoint of the ledger with `records` appended, and keeps it with the frontier
    /// it came from, in the caller's transaction. `records` are the rows just inserted, in order.
    ///
    /// - Throws: ``StoreError/corruptRow(table:column:detail:)`` when the kept checkpoint does
    ///   not end where `records` begin: rows were written, or the checkpoint removed, by
    ///   someone other than the signer.
    static func keepCheckpoint(of records: [LedgerRecord], signer: NoteSigner, on database: any SQLDatabase) async throws {
        guard let first = records.first?.row.index else { return }
        let kept = try await keptFrontier(on: database)
        guard (kept?.size ?? 0) == first else {
            let detail = kept.map {
                "the last checkpoint signs \($0.size) ledger rows but the ledger holds \(first): rows were written or removed without it, by someone other than this coordinator"
            } ?? "the ledger holds \(first) rows but no checkpoint signs them: it was removed, or the rows were not written by this coordinator"
            throw StoreError.corruptRow(table: "ledger_checkpoint", column: "size", detail: detail)
        }
        var frontier = kept ?? MerkleFrontier()
        for record in records { frontier.append(leafHash: record.leafHash) }
        let note: String
        do {
            note = try Checkpoint(origin: signer.name, size: frontier.size, rootHash: frontier.root).signed(by: [signer]).encoded
        } catch {
            throw StoreError.invalidRecord("the ledger's checkpoint cannot be signed: \(error)")
        }
        let subtrees = Data(frontier.subtreeHashes.flatMap(\.bytes))
        try await database.raw("""
            INSERT INTO ledger_checkpoint (id, size, note, frontier) \
            VALUES (1, \(bind: Int64(frontier.size)), \(bind: note), \(bind: subtrees)) \
            ON CONFLICT (id) DO UPDATE SET size = excluded.size, note = excluded.note, frontier = excluded.frontier
            """).run()
    }

    /// The frontier of the rows the kept checkpoint signs; nil when no checkpoint is kept.
    static func keptFrontier(on database: any SQLDatabase) async throws -> MerkleFrontier? {
        guard let row = try await database.select().columns("size", "frontier").from("ledger_checkpoint")
            .where("id", .equal, 1).first() else { return nil }
        let stored = StoredRow(row: row, table: "ledger_checkpoint")
        let size = try stored.uint64("size")
        guard let bytes = try stored.optionalBytes("frontier") else {
            // A checkpoint kept before frontiers were (an older store): fold the rows it signs.
            return try await frontier(ofFirst: size, on: database)
        }
        guard bytes.count % MerkleHash.byteCount == 0 else {
            throw StoreError.corruptRow(table: "ledger_checkpoint", column: "frontier", detail: "\(bytes.count) bytes is not a whole number of hashes")
        }
        do {
            let hashes = try stride(from: 0, to: bytes.count, by: MerkleHash.byteCount).map {
                try MerkleHash(bytes: Array(bytes[$0..<$0 + MerkleHash.byteCount]))
            }
            return try MerkleFrontier(size: size, subtreeHashes: hashes)
        } catch {
            throw StoreError.corruptRow(table: "ledger_checkpoint", column: "frontier", detail: "\(error)")
        }
    }
}
