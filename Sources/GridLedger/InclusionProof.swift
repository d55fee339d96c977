/// An RFC 6962 audit path: the hashes that, with a leaf's hash, rebuild a tree's root.
///
/// Verification (``verify(leafHash:root:)``) is pure and needs nothing but the proof, the
/// leaf hash and a trusted root — it follows RFC 9162, section 2.1.3.2.
public struct InclusionProof: Sendable, Hashable {
    /// The index of the leaf, from 0.
    public let leafIndex: UInt64
    /// The size of the tree the proof is for.
    public let treeSize: UInt64
    /// The sibling hashes from the leaf up to the root.
    public let hashes: [MerkleHash]

    /// A proof as received; nothing is checked until ``verify(leafHash:root:)``.
    public init(leafIndex: UInt64, treeSize: UInt64, hashes: [MerkleHash]) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.hashes = hashes
    }

    /// The root this proof yields for `leafHash`.
    ///
    /// - Throws: ``MerkleProofError`` when the index is not below the size or the proof has
    ///   the wrong number of hashes for them.
    public func root(forLeafHash leafHash: MerkleHash) throws(MerkleProofError) -> MerkleHash {
        guard leafIndex < treeSize else { throw .leafOutOfRange(index: leafIndex, size: treeSize) }
        var position = leafIndex
        var last = treeSize - 1
        var hash = leafHash
        for sibling in hashes {
            guard last != 0 else { throw .wrongProofLength(hashes.count, forProof: "inclusion of leaf \(leafIndex) in size \(treeSize)") }
            if position & 1 == 1 || position == last {
                hash = .node(sibling, hash)
                while position & 1 == 0 && position != 0 {
                    position >>= 1
                    last >>= 1
                }
            } else {
                hash = .node(hash, sibling)
            }
            position >>= 1
            last >>= 1
        }
        guard last == 0 else { throw .wrongProofLength(hashes.count, forProof: "inclusion of leaf \(leafIndex) in size \(treeSize)") }
        return hash
    }

    /// Checks that the leaf with `leafHash` is at ``leafIndex`` in the tree of ``treeSize``
    /// leaves whose root is `root`.
    ///
    /// - Throws: ``MerkleProofError``: a bad index or length, or a root mismatch.
    public func verify(leafHash: MerkleHash, root: MerkleHash) throws(MerkleProofError) {
        let computed = try self.root(forLeafHash: leafHash)
        guard computed == root else {
            throw .rootMismatch(which: "tree", expected: root, computed: computed)
        }
    }
}
