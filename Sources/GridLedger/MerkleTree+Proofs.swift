extension MerkleTree {
    /// The proof that leaf `index` is in the tree of the first `size` leaves.
    ///
    /// - Throws: ``MerkleTreeError`` when `size` is beyond the tree or `index` not below
    ///   `size`; what the storage throws.
    public func inclusionProof(index: UInt64, size: UInt64) throws -> InclusionProof {
        guard size <= self.size else { throw MerkleTreeError.sizeBeyondTree(size, treeSize: self.size) }
        let plan = try MerkleProofPlan.inclusion(index: index, size: size)
        let hashes = try plan.assemble(storage.hashes(of: plan.nodes))
        return InclusionProof(leafIndex: index, treeSize: size, hashes: hashes)
    }

    /// The proof that the tree of the first `oldSize` leaves is a prefix of the tree of the
    /// first `newSize` leaves.
    ///
    /// - Throws: ``MerkleTreeError`` when `newSize` is beyond the tree, `oldSize` is 0 or
    ///   above `newSize`; what the storage throws.
    public func consistencyProof(from oldSize: UInt64, to newSize: UInt64) throws -> ConsistencyProof {
        guard newSize <= self.size else { throw MerkleTreeError.sizeBeyondTree(newSize, treeSize: self.size) }
        let plan = try MerkleProofPlan.consistency(from: oldSize, to: newSize)
        let hashes = try plan.assemble(storage.hashes(of: plan.nodes))
        return ConsistencyProof(oldSize: oldSize, newSize: newSize, hashes: hashes)
    }
}
