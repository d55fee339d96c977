/// Reads stored hashes of complete subtrees: the seam between the Merkle log and its storage.
///
/// The log computes; storage only keeps the hashes the tree hands it and gives them back.
/// ``InMemoryMerkleHashStorage`` is the in-memory implementation; a database-backed one keeps
/// one row per ``MerkleNodeID``. Readers that cannot answer synchronously (an async database)
/// can instead fetch ``MerkleProofPlan/nodes`` themselves and call ``MerkleProofPlan/assemble(_:)``.
public protocol MerkleHashReader {
    /// The hashes of `nodes`, one for each, in the same order.
    ///
    /// - Throws: when a node is not stored, or the storage fails.
    func hashes(of nodes: [MerkleNodeID]) throws -> [MerkleHash]
}

/// Storage a ``MerkleTree`` appends to: a ``MerkleHashReader`` that also takes new hashes.
public protocol MerkleHashStorage: MerkleHashReader {
    /// The number of leaves stored: the size of the tree the storage holds.
    var leafCount: UInt64 { get }

    /// Stores the hash of a subtree that has just become complete.
    ///
    /// The tree calls this for a new leaf (level 0, index `leafCount`) and then for each parent
    /// that the leaf completes, bottom-up. A storage that persists should treat the hashes of
    /// one leaf as one unit (one transaction): if this throws part-way, the tree that called it
    /// must be reopened from the storage.
    mutating func append(_ hash: MerkleHash, for node: MerkleNodeID) throws
}
