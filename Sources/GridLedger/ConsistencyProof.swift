/// An RFC 6962 consistency proof: the hashes showing that a tree of ``oldSize`` leaves is a
/// prefix of a tree of ``newSize`` leaves — the log only appended.
///
/// Verification (``verify(oldRoot:newRoot:)``) is pure and follows RFC 9162, section
/// 2.1.4.2. Equal sizes need an empty proof and equal roots; a proof from the empty tree is
/// refused, since it would prove nothing.
public struct ConsistencyProof: Sendable, Hashable {
    /// The size of the older tree.
    public let oldSize: UInt64
    /// The size of the newer tree.
    public let newSize: UInt64
    /// The proof's hashes, bottom-up.
    public let hashes: [MerkleHash]

    /// A proof as received; nothing is checked until ``verify(oldRoot:newRoot:)``.
    public init(oldSize: UInt64, newSize: UInt64, hashes: [MerkleHash]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.hashes = hashes
    }

    /// Checks that the tree of ``oldSize`` leaves with root `oldRoot` is a prefix of the tree
    /// of ``newSize`` leaves with root `newRoot`.
    ///
    /// - Throws: ``MerkleProofError``: sizes out of order or zero, a proof of the wrong
    ///   length, or a root mismatch (naming which root).
    public func verify(oldRoot: MerkleHash, newRoot: MerkleHash) throws(MerkleProofError) {
        guard oldSize <= newSize else { throw .sizesOutOfOrder(oldSize: oldSize, newSize: newSize) }
        guard oldSize > 0 else { throw .consistencyFromEmptyTree(newSize: newSize) }
        let description = "consistency from size \(oldSize) to \(newSize)"
        if oldSize == newSize {
            guard hashes.isEmpty else { throw .wrongProofLength(hashes.count, forProof: description) }
            guard oldRoot == newRoot else { throw .rootMismatch(which: "new", expected: newRoot, computed: oldRoot) }
            return
        }
        guard !hashes.isEmpty else { throw .wrongProofLength(0, forProof: description) }
        // When the old tree is a complete subtree, its root is the path's first hash.
        var path = hashes[...]
        let oldIsComplete = oldSize & (oldSize - 1) == 0
        let start = oldIsComplete ? oldRoot : path.removeFirst()
        var position = oldSize - 1
        var last = newSize - 1
        while position & 1 == 1 {
            position >>= 1
            last >>= 1
        }
        var oldHash = start
        var newHash = start
        for hash in path {
            guard last != 0 else { throw .wrongProofLength(hashes.count, forProof: description) }
            if position & 1 == 1 || position == last {
                oldHash = .node(hash, oldHash)
                newHash = .node(hash, newHash)
                while position & 1 == 0 && position != 0 {
                    position >>= 1
                    last >>= 1
                }
            } else {
                newHash = .node(newHash, hash)
            }
            position >>= 1
            last >>= 1
        }
        guard last == 0 else { throw .wrongProofLength(hashes.count, forProof: description) }
        guard oldHash == oldRoot else { throw .rootMismatch(which: "old", expected: oldRoot, computed: oldHash) }
        guard newHash == newRoot else { throw .rootMismatch(which: "new", expected: newRoot, computed: newHash) }
    }
}
