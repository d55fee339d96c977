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

    /// Reads into the tree the stored leaf hashes it does not hold yet, up to `size` rows: at
    /// start, every stored row.
    package func catchUp(from store: any GridStore, to size: UInt64) async throws {
        while self.size < size {
            let start = self.size
            let hashes = try await store.ledgerLeafHashes(from: start, limit: Int(min(65_536, size - start)))
            guard !hashes.isEmpty else { return }
            add(hashes.enumerated().map { (start + UInt64($0.offset), $0.element) })
        }
    }

    /// Reads in the rows of a write made outside the settlement writer (a deposit): those the
    /// store's kept checkpoint signs, so a row the coordinator did not write never joins.
    package func catchUpToKeptCheckpoint(from store: any GridStore) async throws {
        guard let note = try await store.latestLedgerCheckpoint() else { return }
        try await catchUp(from: store, to: try Checkpoint(text: try SignedNote(parsing: note).text).size)
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
        try state.withLock { state in
            if let signed = state.signed, signed.size == state.tree.size { return signed.note }
            let checkpoint = try Checkpoint(origin: origin, size: state.tree.size, rootHash: state.tree.root)
            let note = try checkpoint.signed(by: [signer]).encoded
            state.signed = (state.tree.size, note)
            return note
        }
    }

    /// Checks the tree rebuilt from the stored rows against `note`, a checkpoint of an earlier
    /// run (`what` names it in the error): refused when rows were changed or deleted since it was
    /// signed, and, for the checkpoint kept with the rows (`signsEveryRow`), when rows follow it
    /// (no coordinator wrote them: each signs with what it appends). With `verifier`, the note
    /// must carry its signature, so a checkpoint written by hand over rewritten rows is refused too.
    package func check(
        kept note: String, what: String, signsEveryRow: Bool = false, verifier: NoteVerifier? = nil
    ) throws(CoordinatorStartError) {
        let checkpoint: Checkpoint
        do {
            let signed = try SignedNote(parsing: note)
            if let verifier { try signed.verify(by: [verifier]) }
            checkpoint = try Checkpoint(text: signed.text)
        } catch {
            throw .ledgerDoesNotMatchCheckpoint("\(what) is not a checkpoint signed by the ledger key (\(error))")
        }
        try state.withLock { state throws(CoordinatorStartError) in
            guard checkpoint.size <= state.tree.size else {
                throw .ledgerDoesNotMatchCheckpoint("\(what) signed \(checkpoint.size) rows, but the store holds \(state.tree.size): rows were deleted")
            }
            guard !signsEveryRow || checkpoint.size == state.tree.size else {
                throw .ledgerDoesNotMatchCheckpoint(
                    "rows \(checkpoint.size)..<\(state.tree.size) come after \(what), which signs \(checkpoint.size): the coordinator signs every row it appends, so these were written by someone else")
            }
            guard (try? state.tree.root(size: checkpoint.size)) == checkpoint.rootHash else {
                throw .ledgerDoesNotMatchCheckpoint("the store's first \(checkpoint.size) rows do not rebuild the root \(what) signed: rows were changed")
            }
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
