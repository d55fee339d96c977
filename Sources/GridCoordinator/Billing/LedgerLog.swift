import Foundation
package import GridLedger
package import GridStore
import Synchronization

/// The verifiable log over the ledger's rows: an RFC 6962 Merkle tree of every row's entry, in
/// index order, and the coordinator's signed checkpoints of it (C2SP tlog-checkpoint in a C2SP
/// signed note).
///
/// The rows live in the store; the tree is rebuilt from their stored leaf hashes at start and
/// follows every commit. Rows may be reported out of order (the settlement writer and a deposit
/// each append in their own transaction), so a row waits until every row before it has come.
package final class LedgerLog: Sendable {
    private struct State {
        var tree = MerkleTree<InMemoryMerkleHashStorage>()
        /// Rows that came before a row with a lower index.
        var early: [UInt64: MerkleHash] = [:]
        /// The latest signed checkpoint and the size it signs.
        var signed: (size: UInt64, note: String)?
        /// The size of the checkpoint last kept in the store.
        var kept: UInt64 = 0
    }

    /// The checkpoint's origin line: the log's name.
    package let origin: String
    /// The log key: it signs checkpoints, and the settlement blocks' checkpoints too.
    package let signer: NoteSigner
    private let state = Mutex(State())

    /// A log named `origin`, signed with `key`.
    package init(origin: String, signer: NoteSigner) {
        self.origin = origin
        self.signer = signer
    }

    /// The note verifier key (`name+keyhash+base64key`) that checks the checkpoints.
    package var verifierKey: String { signer.verifierKey }

    /// Reads the stored leaf hashes the tree does not hold yet, in order, into it: at start, and
    /// after a write made outside the settlement writer (a deposit).
    package func catchUp(from store: any GridStore) async throws {
        while true {
            let start = size
            let hashes = try await store.ledgerLeafHashes(from: start, limit: 65_536)
            guard !hashes.isEmpty else { return }
            add(hashes.enumerated().map { (start + UInt64($0.offset), $0.element) })
        }
    }

    /// Adds committed rows; each joins the tree once all rows before it have.
    package func append(_ records: [LedgerRecord]) {
        add(records.map { ($0.row.index, $0.leafHash) })
    }

    private func add(_ leaves: [(index: UInt64, hash: MerkleHash)]) {
        guard !leaves.isEmpty else { return }
        state.withLock { state in
            for leaf in leaves where leaf.index >= state.tree.size {
                state.early[leaf.index] = leaf.hash
            }
            while let next = state.early.removeValue(forKey: state.tree.size) {
                // In order by construction, so the append cannot fail.
                _ = try? state.tree.append(leafHash: next)
            }
        }
    }

    /// How many rows the tree holds.
    package var size: UInt64 { state.withLock { $0.tree.size } }

    /// The signed checkpoint of the tree as it is now (signed again only when it grew).
    package func checkpoint() throws -> String {
        try signedCheckpoint().note
    }

    /// The signed checkpoint and the size it signs, read together.
    private func signedCheckpoint() throws -> (size: UInt64, note: String) {
        try state.withLock { state in
            if let signed = state.signed, signed.size == state.tree.size { return signed }
            let checkpoint = try Checkpoint(origin: origin, size: state.tree.size, rootHash: state.tree.root)
            let signed = (size: state.tree.size, note: try checkpoint.signed(by: [signer]).encoded)
            state.signed = signed
            return signed
        }
    }

    /// Signs the tree if it grew and keeps the checkpoint in `store`, so that the next start can
    /// check the stored rows still rebuild it.
    package func signAndKeep(in store: any GridStore) async throws {
        let (size, note) = try signedCheckpoint()
        guard size > state.withLock({ $0.kept }) else { return }
        try await store.saveLedgerCheckpoint(note, size: size)
        state.withLock { $0.kept = max($0.kept, size) }
    }

    /// Checks that the rows the tree was rebuilt from still hash to the root of `note`, a
    /// checkpoint kept from an earlier run (`what` names it in the error): refused when rows were
    /// changed or deleted since it was signed.
    package func check(kept note: String, what: String) throws(CoordinatorStartError) {
        let checkpoint: Checkpoint
        do {
            checkpoint = try Checkpoint(text: try SignedNote(parsing: note).text)
        } catch {
            throw .ledgerDoesNotMatchCheckpoint("\(what) is not a signed checkpoint (\(error))")
        }
        try state.withLock { state throws(CoordinatorStartError) in
            guard checkpoint.size <= state.tree.size else {
                throw .ledgerDoesNotMatchCheckpoint("\(what) signed \(checkpoint.size) rows, but the store holds \(state.tree.size): rows were deleted")
            }
            guard (try? state.tree.root(size: checkpoint.size)) == checkpoint.rootHash else {
                throw .ledgerDoesNotMatchCheckpoint("the store's first \(checkpoint.size) rows do not rebuild the root \(what) signed: rows were changed")
            }
            state.kept = max(state.kept, checkpoint.size)
        }
    }

    /// A hash tile's bytes.
    package func tileData(_ tile: Tile) throws -> [UInt8] {
        try state.withLock { try $0.tree.tileData(tile) }
    }

    /// The proof that leaf `index` is in the tree of `size` leaves.
    package func inclusionProof(index: UInt64, size: UInt64) throws -> InclusionProof {
        try state.withLock { try $0.tree.inclusionProof(index: index, size: size) }
    }

    /// The proof that the tree of `oldSize` leaves is a prefix of the one of `newSize`.
    package func consistencyProof(from oldSize: UInt64, to newSize: UInt64) throws -> ConsistencyProof {
        try state.withLock { try $0.tree.consistencyProof(from: oldSize, to: newSize) }
    }
}
